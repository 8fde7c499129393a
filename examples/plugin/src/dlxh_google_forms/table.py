"""The responses as a table: the header and the rows of a CSV or xlsx export, each row with
where it is in the file (``line 5`` in a CSV, ``Sheet1!A5`` in a workbook)."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs
from dlxh.errors import ExtraMissingError, FormatError
from dlxh.importers.safety import check_size, check_zip
from dlxh.plugins.source import Source

from dlxh_google_forms.timestamps import is_timestamp_header

__all__ = [
    "Row",
    "Table",
    "decode_csv",
    "is_xlsx",
    "read_csv",
    "read_table",
    "read_xlsx",
    "xlsx_head",
    "zipped_csv",
]

ZIP_MAGIC = b"PK\x03\x04"
# Sniffing opens workbooks only below this decompressed size; reading goes through the full
# safety checks of dlxh.importers.safety instead.
_SNIFF_MAX_UNCOMPRESSED = 64 * 2**20


@attrs.frozen
class Row:
    """One row of answers; ``number`` is the line (CSV, where the row starts) or the sheet
    row (xlsx)."""

    number: int
    cells: tuple[Any, ...]


@attrs.frozen
class Table:
    """A header, its rows, and how to name a place in the file."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    locate: Callable[[Row, int], str]
    """``locate(row, column_index)``: ``"line 5"`` or ``"Sheet1!C5"``."""


def is_xlsx(source: Source) -> bool:
    """True when the source is a zip archive (an xlsx workbook, by content)."""
    return source.head(4) == ZIP_MAGIC


def decode_csv(data: bytes, name: str, *, partial: bool = False) -> str:
    """The text of a CSV export: UTF-8 (with or without a byte-order mark, as Google and
    Excel write it) or UTF-16 with its byte-order mark (Excel's "Unicode text").
    ``partial=True`` tolerates a character cut at the end (a sniffed head)."""
    errors = "ignore" if partial else "strict"
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16", errors)
        return data.decode("utf-8-sig", errors)
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"{name}: not UTF-8 ({exc}); download the responses again from Google Sheets "
            "(File > Download > CSV), or save the CSV as UTF-8"
        ) from exc


def _delimiter(first_line: str) -> str:
    # Google writes commas; Excel in a Vietnamese locale resaves with semicolons.
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv(source: Source) -> Table:
    """Read a CSV export; rows spanning several lines (answers with line breaks) keep the
    number of the line they start on."""
    check_size(source)
    text = decode_csv(source.read_bytes(), source.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        header = next(reader, None)
        if header is None:
            raise FormatError(f"{source.name}: the file is empty")
        rows: list[Row] = []
        start = reader.line_num + 1
        for cells in reader:
            rows.append(Row(start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FormatError(f"{source.name}: broken CSV at line {reader.line_num} ({exc})") from exc
    return Table(tuple(header), tuple(rows), lambda row, column: f"line {row.number}")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@contextmanager
def _workbook(source: Source) -> Iterator[Any]:
    """The workbook, read-only; the file and the archive are closed on leaving."""
    try:
        import openpyxl
    except ImportError as exc:  # a dependency of dlxh itself; kept for a clear message
        raise ExtraMissingError("xlsx", "openpyxl") from exc
    with source.open() as fh:
        with warnings.catch_warnings():
            # Google's exports have no default style; openpyxl says so with a UserWarning.
            warnings.simplefilter("ignore", UserWarning)
            try:
                workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
                raise FormatError(f"{source.name}: not a readable xlsx workbook ({exc})") from exc
        try:
            yield workbook
        finally:
            workbook.close()


def xlsx_head(source: Source) -> list[tuple[Any, ...]]:
    """For sniffing: the first two rows of the first sheet whose A1 is a timestamp header
    (else of the first sheet). Cheap, and never raises: a file that is not a small readable
    workbook gives ``[]``."""
    try:
        with source.open() as fh, zipfile.ZipFile(fh) as archive:
            if sum(i.file_size for i in archive.infolist()) > _SNIFF_MAX_UNCOMPRESSED:
                return []
        with _workbook(source) as workbook:
            heads = [
                [tuple(row) for row in sheet.iter_rows(min_row=1, max_row=2, values_only=True)]
                for sheet in workbook.worksheets
            ]
    except Exception:  # a sniff never fails: a broken workbook is simply not ours
        return []
    for head in heads:
        if head and head[0] and is_timestamp_header(head[0][0]):
            return head
    return heads[0] if heads else []


def read_xlsx(source: Source, sheet: str | None = None) -> Table:
    """Read an xlsx export (read-only, cached values: formulas are never evaluated). The sheet
    is ``sheet``, or the first one whose cell A1 is a timestamp header."""
    check_zip(source)
    with _workbook(source) as workbook:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise FormatError(
                    f"{source.name}: no sheet named {sheet!r}; sheets: "
                    + ", ".join(workbook.sheetnames)
                )
            chosen = workbook[sheet]
        else:
            chosen = None
            for candidate in workbook.worksheets:
                first = next(candidate.iter_rows(max_row=1, values_only=True), ())
                if first and is_timestamp_header(first[0]):
                    chosen = candidate
                    break
            if chosen is None:
                raise FormatError(
                    f"{source.name}: no sheet starts with a 'Dấu thời gian' or 'Timestamp' column"
                )
        rows_iter = chosen.iter_rows(values_only=True)
        header = next(rows_iter, None)
        if header is None:
            raise FormatError(f"{source.name}: the sheet {chosen.title!r} is empty")
        rows = tuple(Row(number, tuple(cells)) for number, cells in enumerate(rows_iter, start=2))
        title = chosen.title
    names = tuple("" if cell is None else str(cell) for cell in header)
    return Table(
        names, rows, lambda row, column: f"{title}!{_column_letter(column)}{row.number}"
    )


def zipped_csv(source: Source) -> Source | None:
    """The CSV inside a zip archive that holds one CSV and no workbook: what Google Forms'
    *Download responses (.csv)* gives. ``None`` for any other file. Entries larger than
    64 MiB are not opened here: :func:`read_table` checks the archive first."""
    if not is_xlsx(source):
        return None
    try:
        with source.open() as fh, zipfile.ZipFile(fh) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            csvs = [
                i for i in infos
                if i.filename.lower().endswith(".csv") and not i.filename.startswith("__MACOSX/")
            ]
            if "xl/workbook.xml" in names or len(csvs) != 1:
                return None
            if csvs[0].file_size > _SNIFF_MAX_UNCOMPRESSED:
                return None
            data = archive.read(csvs[0])
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return None
    return Source(name=csvs[0].filename.rsplit("/", 1)[-1], data=data)


def read_table(source: Source, sheet: str | None = None) -> Table:
    """The responses of a CSV or xlsx export, or of a zip holding one CSV, told apart by
    content."""
    if is_xlsx(source):
        check_zip(source)
        inner = zipped_csv(source)
        if inner is not None:
            return read_csv(inner)
        return read_xlsx(source, sheet)
    if sheet is not None:
        raise FormatError(f"{source.name}: sheet={sheet!r} is for workbooks; this is a CSV file")
    return read_csv(source)
