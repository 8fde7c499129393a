"""The Word importer: a narrative report in ``.docx`` read into a report, opinion items and
recommendations (the reading itself is :mod:`dlxh.importers.narrative`).

Before python-docx sees the file, :func:`dlxh.importers.safety.check_zip` refuses zip bombs,
encrypted and macro-enabled files and XML with a document type declaration; a
password-protected Word file (an OLE container) is refused by
:func:`~dlxh.importers.safety.check_ole`, an old binary ``.doc`` is not supported.

Paragraphs and tables are read in body order. A table whose first row names a content column
(*Nội dung*, *Ý kiến*, *Kiến nghị*, *Vấn đề*) is an **item table**: each later row is one
record, its other cells kept as fields. Any other table (the header and signature tables of
Nghị định 30, layout tables) is read cell by cell, as paragraphs. Page numbers are not known
in a ``.docx`` unless it records page breaks (Word writes where its last layout broke
pages; authors insert breaks): places are ``"paragraph N"`` (body paragraphs, counted from
1, empty ones included) and ``"table T, row R, cell C"``, with ``"page P, "`` in front when
the document records its page breaks.

Text typed in a legacy font (``.VnTime``, ``.VnTimeH``: TCVN3; ``VNI-Times``: VNI) is
converted to Unicode, with a ``legacy-encoding-converted`` problem (severity info) per
paragraph; text in other fonts is converted when it is detected as legacy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from dlxh.batch import ImportBatch
from dlxh.errors import FormatError, Problem, Severity, UnsafeInputError, UnsupportedFormatError
from dlxh.importers.narrative import Paragraph, fold_key, options_from, parse_narrative
from dlxh.importers.safety import DEFAULT_LIMITS, OLE_MAGIC, ZIP_MAGIC, Limits, check_ole, check_zip
from dlxh.importers.text_importer import fix_tcvn3_capitals
from dlxh.model.sources import SourceRef
from dlxh.plugins.interfaces import Importer
from dlxh.plugins.source import Source

if TYPE_CHECKING:
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

__all__ = ["DocxImporter", "docx_paragraphs"]

_MAIN_PART = "word/document.xml"
_MAX_PARAGRAPHS = 200_000
_ITEM_COLUMNS = ("noi dung", "y kien", "kien nghi", "van de", "phan anh")
_TCVN3_FONT = re.compile(r"^\.?vn", re.IGNORECASE)
_VNI_FONT = re.compile(r"^vni[- ]", re.IGNORECASE)
_MACRO_TYPE = b"macroEnabled"


def _legacy_font(name: str | None) -> str | None:
    if not name:
        return None
    if _TCVN3_FONT.match(name.strip()):
        return "tcvn3"
    if _VNI_FONT.match(name.strip()):
        return "vni"
    return None


@attrs.frozen
class _StyleInfo:
    name: str = ""
    bold: bool = False
    centered: bool = False
    font: str | None = None


class _Styles:
    """Paragraph styles by id, with what is inherited from base styles, read once per
    document: python-docx's ``Paragraph.style`` scans every style on each call."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._by_id: dict[str, Any] = {}
        default_id: str | None = None
        for style in document.styles:
            if style.type != WD_STYLE_TYPE.PARAGRAPH:
                continue
            self._by_id[str(style.style_id)] = style
            if style.element.get(_W_DEFAULT) in ("1", "true"):
                default_id = str(style.style_id)
        self._default = default_id
        self._cache: dict[str | None, _StyleInfo] = {}

    def of(self, para: DocxParagraph) -> _StyleInfo:
        found = para._p.xpath("./w:pPr/w:pStyle/@w:val")
        style_id = str(found[0]) if found else self._default
        info = self._cache.get(style_id)
        if info is None:
            info = self._cache[style_id] = self._info(style_id)
        return info

    def _info(self, style_id: str | None) -> _StyleInfo:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        style = self._by_id.get(style_id) if style_id is not None else None
        if style is None:
            return _StyleInfo()
        bold: bool | None = None
        alignment = None
        font: str | None = None
        chain = style
        while chain is not None:
            if bold is None and chain.font.bold is not None:
                bold = bool(chain.font.bold)
            if alignment is None:
                alignment = chain.paragraph_format.alignment
            if font is None and chain.font.name:
                font = str(chain.font.name)
            chain = chain.base_style
        return _StyleInfo(
            name=str(style.name or ""),
            bold=bool(bold),
            centered=alignment == WD_ALIGN_PARAGRAPH.CENTER,
            font=font,
        )


class _Converter:
    """Converts legacy-font runs and records one problem per paragraph converted."""

    def __init__(self, styles: _Styles) -> None:
        self.problems: list[Problem] = []
        self.styles = styles

    def paragraph(self, para: DocxParagraph, location: str) -> str:
        from dlxh.text.encodings import convert_legacy, to_unicode

        style_font = self.styles.of(para).font
        pieces: list[str] = []
        converted_with: set[str] = set()
        runs = para.runs
        for run in runs:
            text = run.text
            font = run.font.name or style_font
            encoding = _legacy_font(font)
            if encoding is not None and text.strip():
                new = to_unicode(text, encoding)  # type: ignore[arg-type]
                if encoding == "tcvn3":
                    new = fix_tcvn3_capitals(new)
                # .VnTimeH and the other "H" fonts draw capitals from lower-case codes.
                if font and font.strip().lower().endswith("h") and encoding == "tcvn3":
                    new = new.upper()
                if new != text:
                    converted_with.add(f"{encoding} (font {font})")
                text = new
            pieces.append(text)
        joined = "".join(pieces)
        whole = para.text
        if "".join(r.text for r in runs) != whole:
            # Text outside plain runs (hyperlinks, fields) is only in para.text.
            joined, converted_with = whole, set()
        if converted_with:
            self.problems.append(Problem(
                "legacy-encoding-converted", Severity.INFO,
                f"converted from {', '.join(sorted(converted_with))} to Unicode",
                location,
            ))
            return joined
        new_text, problem = convert_legacy(joined, location)
        if problem is not None:
            self.problems.append(problem)
        return new_text


def _looks(para: DocxParagraph, styles: _Styles) -> tuple[str, bool, bool, int | None]:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    info = styles.of(para)
    runs = [r for r in para.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or (r.bold is None and info.bold) for r in runs)
    alignment = para.alignment
    centered = alignment == WD_ALIGN_PARAGRAPH.CENTER or (alignment is None and info.centered)
    level: int | None = None
    if para._p.xpath("./w:pPr/w:numPr"):
        found = para._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
        level = int(found[0]) if found and str(found[0]).isdigit() else 0
    elif info.name.lower().startswith(("list bullet", "list number")):
        level = 0
    return info.name, bool(bold), bool(centered), level


def _is_item_table(table: Table) -> int | None:
    """The index of the content column when ``table`` is an item table."""
    if len(table.rows) < 2:
        return None
    headers = [fold_key(cell.text) for cell in table.rows[0].cells]
    for index, header in enumerate(headers):
        if any(header.startswith(cue) or f" {cue}" in header for cue in _ITEM_COLUMNS):
            return index
    return None


_ANY_BREAK = ".//w:r/w:lastRenderedPageBreak | .//w:r/w:br[@w:type='page']"


class _Pages:
    """Page numbers, when the document records them: Word writes where its last layout
    broke pages (``w:lastRenderedPageBreak``) and authors insert page breaks; without
    either, pages are unknown and places name the paragraph only."""

    def __init__(self, document: Any) -> None:
        body = document.element.body
        self.known = bool(body.xpath(_ANY_BREAK))
        self.page = 1
        self.after = 0

    def where(self, para: DocxParagraph | None, place: str) -> str:
        if not self.known:
            return place
        self.page += self.after
        self.after = 0
        if para is not None:
            leading = True
            for element in para._p.iter():
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "t" and element.text:
                    leading = False
                elif tag == "lastRenderedPageBreak" or (
                    tag == "br" and element.get(_W_TYPE) == "page"
                ):
                    if leading:
                        self.page += 1
                    else:
                        self.after += 1
        return f"page {self.page}, {place}"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_TYPE = f"{_W}type"
_W_DEFAULT = f"{_W}default"


def docx_paragraphs(document: Any, converter: _Converter | None = None) -> Iterator[Paragraph]:
    """The paragraphs of a python-docx ``Document`` in body order, tables included (see the
    module's description), legacy fonts converted."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    conv = converter or _Converter(_Styles(document))
    styles = conv.styles
    pages = _Pages(document)
    order = 0
    number = 0
    table_number = 0
    for block in document.iter_inner_content():
        if isinstance(block, DocxParagraph):
            number += 1
            location = pages.where(block, f"paragraph {number}")
            style, bold, centered, level = _looks(block, styles)
            order += 1
            yield Paragraph(conv.paragraph(block, location), location, order, style, bold,
                            centered, level)
        elif isinstance(block, Table):
            table_number += 1
            content = _is_item_table(block)
            headers = [cell.text.strip() for cell in block.rows[0].cells]
            for row_number, row in enumerate(block.rows, start=1):
                cells = row.cells
                if content is not None:
                    if row_number == 1:
                        continue
                    location = pages.where(
                        cells[0].paragraphs[0] if cells and cells[0].paragraphs else None,
                        f"table {table_number}, row {row_number}",
                    )
                    texts = [
                        " ".join(conv.paragraph(p, location) for p in cell.paragraphs)
                        for cell in cells
                    ]
                    if content >= len(texts) or not texts[content].strip():
                        continue
                    fields = tuple(
                        (headers[i] if i < len(headers) else f"column {i + 1}", text.strip())
                        for i, text in enumerate(texts)
                        if i != content and text.strip()
                    )
                    order += 1
                    yield Paragraph(texts[content], location, order, fields=fields)
                    continue
                seen_cells: set[int] = set()
                for cell_number, cell in enumerate(cells, start=1):
                    if id(cell._tc) in seen_cells:  # a merged cell repeats
                        continue
                    seen_cells.add(id(cell._tc))
                    for para in cell.paragraphs:
                        location = pages.where(
                            para, f"table {table_number}, row {row_number}, cell {cell_number}"
                        )
                        style, bold, centered, level = _looks(para, styles)
                        order += 1
                        yield Paragraph(conv.paragraph(para, location), location, order,
                                        style, bold, centered, level)
        if order > _MAX_PARAGRAPHS:
            raise UnsafeInputError(
                f"the document has more than {_MAX_PARAGRAPHS} paragraphs; refused"
            )


def _open_document(source: Source, limits: Limits) -> Any:
    head = source.head(8)
    if head.startswith(OLE_MAGIC):
        check_ole(source, limits)  # refuses an encrypted .docx, or macros
        raise UnsupportedFormatError(
            f"{source.name}: an old binary Word file (.doc); save it as .docx in Word or "
            "LibreOffice and read the saved copy"
        )
    if not head.startswith(ZIP_MAGIC):
        raise FormatError(f"{source.name}: not a Word document (.docx is a zip archive)")
    names = check_zip(source, limits)
    if _MAIN_PART not in names:
        raise FormatError(f"{source.name}: a zip archive without {_MAIN_PART}, not a .docx")
    import zipfile

    with source.open() as fh, zipfile.ZipFile(fh) as archive:
        types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        main = archive.read(_MAIN_PART)
    if _MACRO_TYPE in types:
        raise UnsafeInputError(
            f"{source.name}: a macro-enabled Word document (.docm); dlxh does not read "
            "macro-enabled files: save it as a plain .docx first"
        )
    # check_zip looks for a DTD at the head of each part; a long comment can push it further.
    if b"<!DOCTYPE" in main or b"<!ENTITY" in main:
        raise UnsafeInputError(
            f"{source.name}: {_MAIN_PART} has a document type declaration; refused"
        )
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with source.open() as fh:
            return docx.Document(fh)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise FormatError(f"{source.name}: not a readable Word document ({exc})") from exc
    except SyntaxError as exc:  # lxml's XMLSyntaxError
        raise FormatError(f"{source.name}: broken XML in the Word document ({exc})") from exc


class DocxImporter(Importer):
    """Reads a narrative report written in Word (``.docx``).

    Options: ``unit`` (the report's unit code, instead of reading it from the header),
    ``within`` (a province code narrowing the places in the text), ``as_of`` (the date at
    which places are resolved; the report's date by default), ``resolve_places`` (default
    true) and ``limits`` (:class:`dlxh.importers.safety.Limits`).
    """

    name = "docx"
    description = "Báo cáo Word (narrative report, .docx)"
    extensions = (".docx",)

    @classmethod
    def sniff(cls, source: Source) -> float:
        head = source.head(8)
        if head.startswith(OLE_MAGIC):
            # A password-protected .docx or an old .doc: read() says which, clearly.
            return 0.9 if source.suffix in (".docx", ".docm", ".doc") else 0.0
        if not head.startswith(ZIP_MAGIC):
            return 0.0
        import zipfile

        try:
            with source.open() as fh, zipfile.ZipFile(fh) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            # A broken archive named .docx: read() reports what is wrong with it.
            return 0.3 if source.suffix in (".docx", ".docm") else 0.0
        return 0.95 if _MAIN_PART in names else 0.0

    def read(self, source: Source, *, strict: bool = False, **options: Any) -> ImportBatch:
        limits = options.pop("limits", None) or DEFAULT_LIMITS
        if not isinstance(limits, Limits):
            raise TypeError("limits must be a dlxh.importers.safety.Limits")
        parse_options = options_from(options)
        batch = ImportBatch(
            source=SourceRef(file=source.name, sha256=source.sha256, importer=self.name),
            strict=strict,
        )
        document = _open_document(source, limits)
        try:
            converter = _Converter(_Styles(document))
            paragraphs = list(docx_paragraphs(document, converter))
        except (KeyError, ValueError, AttributeError) as exc:
            raise FormatError(f"{source.name}: cannot read the Word document ({exc})") from exc
        for problem in converter.problems:
            batch.note(problem)
        assert batch.source is not None
        parse_narrative(paragraphs, batch, source=batch.source, session=self.session,
                        **parse_options)
        return batch

