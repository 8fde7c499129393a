"""Built-in importers for spreadsheets: ``.xlsx``, ``.xls`` and ``.ods``.

The cells are read by `python-calamine` (Rust, fast, cached formula values, never evaluated),
with the merged ranges it reports; ``engine="openpyxl"`` reads ``.xlsx`` with openpyxl's
read-only mode instead (the merged ranges then come from the sheet XML, parsed with
defusedxml), with the same result. Every file passes :mod:`dlxh.importers.safety` first.
The rows become records through :mod:`dlxh.importers.tabular`, which csv shares.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from dlxh.batch import ImportBatch
from dlxh.errors import (
    ConfigurationError,
    DlxhError,
    FormatError,
    Problem,
    Severity,
    UnsafeInputError,
)
from dlxh.importers.columns import Merged
from dlxh.importers.safety import (
    DEFAULT_LIMITS,
    OLE_MAGIC,
    ZIP_MAGIC,
    Limits,
    check_ole,
    check_zip,
    parse_xml,
)
from dlxh.importers.tabular import RowStream, Table, TableOptions, read_tables
from dlxh.model.sources import SourceRef
from dlxh.plugins.interfaces import Importer
from dlxh.plugins.source import Source

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

__all__ = ["OdsImporter", "XlsImporter", "XlsxImporter", "sheet_tables"]

_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_ENGINES = ("calamine", "openpyxl")


def _zip_names(source: Source) -> list[str]:
    try:
        with source.open() as fh, zipfile.ZipFile(fh) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return []


def _calamine_error(source: Source, exc: Exception) -> DlxhError:
    kind = type(exc).__name__
    if kind == "PasswordError":
        return UnsafeInputError(
            f"{source.name}: the workbook is password-protected; remove the password and "
            "read the saved copy"
        )
    return FormatError(f"{source.name}: cannot read the workbook ({kind}: {exc})")


def _calamine_tables(
    source: Source, wanted: tuple[str, ...] | None, skipped: list[str], max_cells: int
) -> Iterator[Table]:
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise FormatError("python-calamine is not installed (pip install python-calamine)") from exc
    try:
        book = (
            CalamineWorkbook.from_path(str(source.path))
            if source.path is not None
            else CalamineWorkbook.from_filelike(io.BytesIO(source.read_bytes()))
        )
    except Exception as exc:
        raise _calamine_error(source, exc) from exc
    with book:
        for meta in book.sheets_metadata:
            if wanted is not None:
                if meta.name not in wanted:
                    continue
            elif meta.typ != SheetTypeEnum.WorkSheet:
                continue
            elif meta.visible != SheetVisibleEnum.Visible:
                skipped.append(meta.name)
                continue
            try:
                sheet = book.get_sheet_by_name(meta.name)
                end = sheet.end
            except Exception as exc:
                raise _calamine_error(source, exc) from exc
            height, width = (end[0] + 1, end[1] + 1) if end else (0, 0)
            if height * width > max_cells:
                # Checked before the cells become Python objects.
                raise UnsafeInputError(
                    f"{source.name}: sheet {meta.name!r} spans {height:,} rows × "
                    f"{width:,} columns, more than the limit of {max_cells:,} cells "
                    "(raise Limits.max_cells to read it)"
                )
            try:
                rows = _sheet_rows(sheet)
                merged = sheet.merged_cell_ranges or []
            except Exception as exc:
                raise _calamine_error(source, exc) from exc
            yield Table(meta.name, rows, tuple(merged))


def _sheet_rows(sheet: CalamineSheet) -> RowStream:
    """The sheet's rows from ``A1`` on, made one by one as they are read: what
    ``to_python(skip_empty_area=False)`` gives, without a list of them all."""
    end = sheet.end
    if end is None:
        return RowStream(iter(()), 0)
    # iter_rows starts at row 1 (empty rows above the first cell) but at the first column
    # holding a cell: the empty cells left of it are added here.
    rows: Iterator[list[Any]] = sheet.iter_rows()
    left = sheet.start[1] if sheet.start else 0
    if left:
        rows = ([""] * left + row for row in rows)
    return RowStream(rows, end[0] + 1)


_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


def _a1(ref: str) -> tuple[int, int]:
    match = _A1.match(ref.strip().upper())
    if not match:
        raise FormatError(f"bad cell reference {ref!r} in a merged range")
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part path, from ``xl/workbook.xml`` and its relationships."""
    book = parse_xml(archive.read("xl/workbook.xml"))
    rels = parse_xml(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_NS_PKG}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target)
            )
            parts[sheet.get("name", "")] = path
    return parts


def _merged_from_xml(archive: zipfile.ZipFile, part: str) -> tuple[Merged, ...]:
    import defusedxml.ElementTree as safe_et

    out: list[Merged] = []
    try:
        with archive.open(part) as fh:
            for _, element in safe_et.iterparse(fh, events=("end",), forbid_dtd=True):
                if element.tag == f"{_NS_MAIN}mergeCell":
                    first, _, last = element.get("ref", "").partition(":")
                    out.append((_a1(first), _a1(last or first)))
                elif element.tag == f"{_NS_MAIN}row":
                    element.clear()  # sheet data is not needed here: keep memory flat
    except KeyError:
        return ()
    except safe_et.ParseError as exc:
        raise FormatError(f"broken worksheet XML in {part}: {exc}") from exc
    return tuple(out)


def _openpyxl_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def _openpyxl_tables(
    source: Source, wanted: tuple[str, ...] | None, skipped: list[str]
) -> Iterator[Table]:
    import openpyxl

    data = source.read_bytes()
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as exc:
        raise FormatError(f"{source.name}: cannot read the workbook with openpyxl ({exc})") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = _sheet_parts(archive)
            for sheet in book.worksheets:
                name = sheet.title
                if wanted is not None and name not in wanted:
                    continue
                if wanted is None and sheet.sheet_state != "visible":
                    skipped.append(name)
                    continue
                rows = [
                    [_openpyxl_value(v) for v in row]
                    for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)
                ]
                merged = _merged_from_xml(archive, parts[name]) if name in parts else ()
                yield Table(name, rows, merged)
    finally:
        book.close()


def sheet_tables(
    source: Source,
    *,
    engine: str = "calamine",
    sheets: tuple[str, ...] | None = None,
    skipped: list[str] | None = None,
    max_cells: int = DEFAULT_LIMITS.max_cells,
) -> Iterator[Table]:
    """The sheets of a workbook as :class:`~dlxh.importers.tabular.Table` objects, read
    with ``engine`` (``"calamine"`` or ``"openpyxl"``, xlsx only). Hidden sheets are skipped
    (their names appended to ``skipped``) unless named in ``sheets``; a sheet spanning more
    than ``max_cells`` raises :class:`~dlxh.errors.UnsafeInputError`. The file itself is not
    checked here: the importers call :mod:`dlxh.importers.safety` first."""
    if engine not in _ENGINES:
        raise ConfigurationError(f"engine must be one of {_ENGINES}, got {engine!r}")
    hidden = skipped if skipped is not None else []
    if engine == "openpyxl":
        return _openpyxl_tables(source, sheets, hidden)
    return _calamine_tables(source, sheets, hidden, max_cells)


class _SpreadsheetImporter(Importer):
    """Shared reading: safety check, sheets, rows → records."""

    engines: ClassVar[tuple[str, ...]] = ("calamine",)

    def _check(self, source: Source, limits: Limits) -> None:
        raise NotImplementedError

    def read(self, source: Source, *, strict: bool = False, **options: Any) -> ImportBatch:
        table_options, rest = TableOptions.from_options(self.name, options)
        engine = rest.pop("engine", "calamine")
        if rest:
            raise TypeError(f"the {self.name} importer does not take {sorted(rest)}")
        if engine not in self.engines:
            raise ConfigurationError(
                f"the {self.name} importer reads with {' or '.join(self.engines)}, "
                f"not {engine!r}"
            )
        self._check(source, table_options.limits)
        batch = ImportBatch(
            source=SourceRef(file=source.name, sha256=source.sha256, importer=self.name),
            strict=strict,
        )
        skipped: list[str] = []
        tables = sheet_tables(
            source,
            engine=engine,
            sheets=table_options.sheets,
            skipped=skipped,
            max_cells=table_options.limits.max_cells,
        )
        read_tables(tables, batch, self.session, table_options)
        for name in skipped:
            batch.note(
                Problem(
                    "hidden-sheet-skipped",
                    Severity.INFO,
                    "the sheet is hidden and was not read; name it in sheets=[...] to read it",
                    name,
                )
            )
        return batch


class XlsxImporter(_SpreadsheetImporter):
    """Excel workbooks (``.xlsx``). Options: ``columns``,
    ``date``, ``within``, ``sheets``, ``limits``, ``engine`` (``"calamine"`` or
    ``"openpyxl"``)."""

    name = "xlsx"
    description = "Excel workbook (.xlsx): opinion tables, recommendation lists, rosters"
    extensions = (".xlsx", ".xlsm", ".xltx")
    engines = _ENGINES

    @classmethod
    def sniff(cls, source: Source) -> float:
        head = source.head(8)
        if head.startswith(ZIP_MAGIC):
            names = _zip_names(source)
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return 0.95
            return 0.0
        if head.startswith(OLE_MAGIC) and source.suffix in (".xlsx", ".xlsm"):
            return 0.9  # an encrypted workbook: read() says so
        return 0.05 if source.suffix in cls.extensions else 0.0

    def _check(self, source: Source, limits: Limits) -> None:
        head = source.head(8)
        if head.startswith(OLE_MAGIC):
            check_ole(source, limits)
            raise FormatError(f"{source.name}: an OLE file, not an .xlsx workbook")
        if not head.startswith(ZIP_MAGIC):
            raise FormatError(f"{source.name}: not an Excel workbook (no zip signature)")
        names = check_zip(source, limits)
        if "xl/workbook.bin" in names:
            # The size checks read worksheet XML; binary sheets would pass them unmeasured.
            raise FormatError(
                f"{source.name}: a binary workbook (.xlsb) is not read; save it as .xlsx"
            )
        if "xl/workbook.xml" not in names:
            raise FormatError(f"{source.name}: a zip archive without a workbook (xl/workbook.xml)")


class XlsImporter(_SpreadsheetImporter):
    """Old binary Excel workbooks (``.xls``, BIFF8), read by calamine."""

    name = "xls"
    description = "Excel 97-2003 workbook (.xls)"
    extensions = (".xls",)

    @classmethod
    def sniff(cls, source: Source) -> float:
        if not source.head(8).startswith(OLE_MAGIC):
            return 0.05 if source.suffix in cls.extensions else 0.0
        if source.suffix == ".xls":
            return 0.9
        if source.size <= 64 * 2**20 and "Workbook".encode("utf-16-le") in source.read_bytes():
            return 0.8
        return 0.0

    def _check(self, source: Source, limits: Limits) -> None:
        if not source.head(8).startswith(OLE_MAGIC):
            raise FormatError(f"{source.name}: not an Excel 97-2003 workbook (no OLE signature)")
        check_ole(source, limits)


class OdsImporter(_SpreadsheetImporter):
    """OpenDocument spreadsheets (``.ods``, LibreOffice), read by calamine. ODS has no merged
    ranges in calamine: a parent header over several columns is spread as in CSV."""

    name = "ods"
    description = "OpenDocument spreadsheet (.ods)"
    extensions = (".ods",)

    @classmethod
    def sniff(cls, source: Source) -> float:
        head = source.head(128)
        if head.startswith(ZIP_MAGIC):
            if _ODS_MIME in head:
                return 0.95
            return 0.0
        return 0.05 if source.suffix in cls.extensions else 0.0

    def _check(self, source: Source, limits: Limits) -> None:
        if not source.head(8).startswith(ZIP_MAGIC):
            raise FormatError(f"{source.name}: not an OpenDocument spreadsheet (no zip signature)")
        names = check_zip(source, limits)
        if "content.xml" not in names:
            raise FormatError(f"{source.name}: a zip archive without content.xml")
