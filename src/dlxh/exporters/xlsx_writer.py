"""A minimal streaming writer of .xlsx workbooks, in constant memory.

Each worksheet is written row by row straight into its (deflated) zip entry, with inline
strings, so memory does not grow with the number of rows: a million items are written with
the memory of one row. openpyxl's write-only mode streams too, but builds a cell object and an
XML element for every value, which makes it markedly slower than xlsxwriter on large sheets;
the writer here builds the XML text directly (measured in ``benchmarks/bench_export.py``).
openpyxl still reads the result back in the tests.

What it writes: a header row in bold on a light fill with borders, the header frozen, an
auto-filter over the data, column widths, dates as dates (``dd/mm/yyyy``), numbers as
numbers, booleans as booleans, and text as text.

**Formula injection.** A text cell is never a formula here: every string is written as a
typed inline string. Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return also gets the *quote prefix* style (``quotePrefix="1"``), which is how Excel itself
stores text typed with a leading apostrophe: the value stays exactly what it was (it reads back
unchanged), is shown without an apostrophe, and stays text when a user edits the cell. This is
the spreadsheet form of OWASP's recommendation (prefix such cells with a single quote); the
CSV exporter, where no cell type exists, writes the apostrophe itself.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

__all__ = ["FORMULA_TRIGGERS", "SheetWriter", "XlsxWriter", "column_letter", "needs_escape"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these could be taken for a formula (OWASP, CSV
injection)."""

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_DATE = _EPOCH.date()
_MAX_CELL = 32767  # Excel's limit on the characters of one cell
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

# Cell formats (indexes into cellXfs of the styles part below).
STYLE_HEADER, STYLE_DATE, STYLE_QUOTED, STYLE_DATETIME, STYLE_WRAP = 1, 2, 3, 4, 5

_STYLES = (
    _XML
    + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/>'
    '</right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/>'
    "</bottom><diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letter(index: int) -> str:
    """``0`` → ``"A"``, ``26`` → ``"AA"``."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def needs_escape(text: str) -> bool:
    """True when ``text`` could be read as a formula (it starts with ``= + - @``, a tab or a
    carriage return)."""
    return text.startswith(FORMULA_TRIGGERS)


def _escape(text: str) -> str:
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if len(text) > _MAX_CELL:
        text = text[: _MAX_CELL - 1] + "…"
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:  # a raw CR would be read back as LF (XML end-of-line handling)
        text = text.replace("\r", "&#13;")
    return text


def _attr(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, at most 31 characters."""
    base = _BAD_SHEET_CHARS.sub(" ", name).strip("' ")[:31] or "Sheet"
    used = {t.casefold() for t in taken}
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    return title


class SheetWriter:
    """Appends rows to one worksheet (obtained from :meth:`XlsxWriter.sheet`)."""

    def __init__(self, stream: IO[bytes], ncols: int, wrap: Sequence[int] = ()) -> None:
        self._stream = stream
        self._buffer: list[str] = []
        self._letters = [column_letter(i) for i in range(max(ncols, 1))]
        self._wrap = frozenset(wrap)
        self.rows = 0
        self.width = ncols

    def header(self, names: Sequence[str]) -> None:
        """The header row (bold, filled, bordered)."""
        self._row(names, header=True)

    def append(self, values: Sequence[object]) -> None:
        """One row of values: ``str``, ``int``, ``float``, ``bool``, ``date``, ``datetime`` or
        ``None`` (an empty cell)."""
        self._row(values, header=False)

    def _row(self, values: Sequence[object], *, header: bool) -> None:
        self.rows += 1
        r = str(self.rows)
        letters = self._letters
        if len(values) > len(letters):
            letters.extend(column_letter(i) for i in range(len(letters), len(values)))
            self.width = len(values)
        parts = [f'<row r="{r}">']
        add = parts.append
        for col, value in enumerate(values):
            if value is None:
                continue
            ref = letters[col] + r
            if isinstance(value, str):
                if not value:
                    continue
                if header:
                    style = f' s="{STYLE_HEADER}"'
                elif value[0] in "=+-@\t\r":
                    style = f' s="{STYLE_QUOTED}"'
                elif col in self._wrap:
                    style = f' s="{STYLE_WRAP}"'
                else:
                    style = ""
                text = _escape(value)
                if value[0].isspace() or value[-1].isspace():
                    add(f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">'
                        f"{text}</t></is></c>")
                else:
                    add(f'<c r="{ref}" t="inlineStr"{style}><is><t>{text}</t></is></c>')
            elif isinstance(value, bool):
                add(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int):
                add(f'<c r="{ref}"><v>{value}</v></c>')
            elif isinstance(value, float):
                if math.isfinite(value):
                    add(f'<c r="{ref}"><v>{value!r}</v></c>')
                else:
                    add(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
            elif isinstance(value, dt.datetime):
                if value.tzinfo is not None:
                    value = value.replace(tzinfo=None)
                serial = (value - _EPOCH).total_seconds() / 86400
                add(f'<c r="{ref}" s="{STYLE_DATETIME}"><v>{serial!r}</v></c>')
            elif isinstance(value, dt.date):
                add(f'<c r="{ref}" s="{STYLE_DATE}"><v>{(value - _EPOCH_DATE).days}</v></c>')
            else:
                add(f'<c r="{ref}" t="inlineStr"><is><t>{_escape(str(value))}</t></is></c>')
        add("</row>")
        self._buffer.append("".join(parts))
        if len(self._buffer) >= 512:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows out."""
        if self._buffer:
            self._stream.write("".join(self._buffer).encode("utf-8"))
            self._buffer.clear()


class XlsxWriter:
    """Writes a workbook sheet by sheet; use as a context manager::

        with XlsxWriter(path) as book:
            with book.sheet("Ý kiến", ["Mã", "Nội dung"], widths=[16, 60]) as sheet:
                for row in rows:
                    sheet.append(row)

    ``position`` puts a sheet before the ones written earlier (a summary computed while the
    detail streamed can still come first in the workbook).
    """

    def __init__(self, target: Path | str | BinaryIO, *, compresslevel: int = 6) -> None:
        self._zip = zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel,
            allowZip64=True,
        )
        # (title, part number, filter range)
        self._sheets: list[tuple[str, int, str | None]] = []
        self._count = 0

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def titles(self) -> list[str]:
        """The sheet titles, in workbook order."""
        return [t for t, _, _ in self._sheets]

    @contextmanager
    def sheet(
        self,
        title: str,
        columns: Sequence[str],
        *,
        widths: Sequence[float] | None = None,
        wrap: Sequence[int] = (),
        position: int | None = None,
        freeze: bool = True,
        autofilter: bool = True,
    ) -> Iterator[SheetWriter]:
        """A new worksheet with ``columns`` as its header row (frozen, filtered)."""
        title = sheet_title(title, self.titles)
        self._count += 1
        number = self._count
        name = f"xl/worksheets/sheet{number}.xml"
        with self._zip.open(name, "w", force_zip64=True) as stream:
            head = [_XML, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">']
            head.append('<sheetViews><sheetView workbookViewId="0">')
            if freeze and columns:
                head.append('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
                            'sqref="A2"/>')
            head.append("</sheetView></sheetViews>")
            head.append('<sheetFormatPr defaultRowHeight="15"/>')
            if widths:
                head.append("<cols>")
                for i, width in enumerate(widths, 1):
                    head.append(f'<col min="{i}" max="{i}" width="{width:g}" customWidth="1"/>')
                head.append("</cols>")
            head.append("<sheetData>")
            stream.write("".join(head).encode("utf-8"))
            writer = SheetWriter(stream, len(columns), wrap)
            if columns:
                writer.header(columns)
            yield writer
            writer.flush()
            tail = ["</sheetData>"]
            ref = None
            if autofilter and columns:
                last = column_letter(len(columns) - 1)
                ref = f"A1:{last}{max(writer.rows, 1)}"
                tail.append(f'<autoFilter ref="{ref}"/>')
            tail.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
                        'header="0.3" footer="0.3"/></worksheet>')
            stream.write("".join(tail).encode("utf-8"))
        entry = (title, number, ref)
        if position is None:
            self._sheets.append(entry)
        else:
            self._sheets.insert(position, entry)

    def close(self) -> None:
        """Write the workbook parts and close the file."""
        if self._zip.fp is None:
            return
        if not self._sheets:
            with self.sheet("Sheet1", []):
                pass
        z = self._zip
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for _, n, _ in self._sheets
        )
        z.writestr(
            "[Content_Types].xml",
            _XML
            + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>' + overrides + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            _XML
            + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" '
            f'Target="worksheets/sheet{n}.xml"/>'
            for _, n, _ in self._sheets
        )
        styles_id = self._count + 1
        rels += f'<Relationship Id="rId{styles_id}" Type="{_REL}/styles" Target="styles.xml"/>'
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            _XML
            + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + rels
            + "</Relationships>",
        )
        sheets = "".join(
            f'<sheet name="{_attr(t)}" sheetId="{n}" r:id="rId{n}"/>' for t, n, _ in self._sheets
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{_escape(_quote_sheet(t))}!{_absolute(ref)}</definedName>"
            for i, (t, _, ref) in enumerate(self._sheets)
            if ref
        )
        z.writestr(
            "xl/workbook.xml",
            _XML
            + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets>"
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + "</workbook>",
        )
        z.writestr("xl/styles.xml", _STYLES)
        z.close()


def _quote_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    start, end = ref.split(":")
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in (start, end))
