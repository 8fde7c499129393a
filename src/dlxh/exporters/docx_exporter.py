"""Reports as Word documents an office can sign and send.

Three header profiles:

``"state"``
    Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins top and bottom 20 mm, left 30 mm, right
    15 mm, Times New Roman; parent body over the issuing body at the left, the national motto
    (*Quốc hiệu, Tiêu ngữ*) at the right, number and symbol under the issuing body, the
    place-and-date line in italics under the motto; document type (``BÁO CÁO``) and summary
    (*trích yếu*) centred; the body with numbered sections; *Nơi nhận* at the bottom left and
    the signature block at the bottom right; page numbers centred at the top from page 2.
``"mttq"``
    The Front's header: ``ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM`` (or the parent given) over the
    committee (``TỈNH QUẢNG NINH``, ``BAN THƯỜNG TRỰC``), all in bold, and the national motto.
``"party"``
    Hướng dẫn 36-HD/VPTW: ``ĐẢNG CỘNG SẢN VIỆT NAM`` at the right with a rule under it; the
    parent party organisation, the issuing committee in bold and a ``*`` under it at the left;
    the number written ``Số 15-BC/TU`` (no colon); *Nơi nhận* underlined.

``template=path.docx`` fills an agency's own document instead (see :func:`fill_template`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import attrs

from dlxh.errors import ConfigurationError, ExtraMissingError
from dlxh.exporters.dates_vi import numeric_date, place_date_line
from dlxh.exporters.document import (
    Chart,
    ReportBundle,
    SummaryCounter,
    Table,
    as_bundle,
    body_sections,
    cell_text,
    is_report_like,
    number_sections,
    section_number,
    summary_line,
)
from dlxh.exporters.redaction import redact_text
from dlxh.model.enums import CompetentLevel
from dlxh.model.opinions import OpinionItem, OpinionStream, Recommendation
from dlxh.model.reports import Report, Section
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

__all__ = [
    "BLOCK_PLACEHOLDERS",
    "FONT",
    "PROFILES",
    "DocxExporter",
    "fill_template",
    "placeholder_values",
    "render_chart",
    "sample_template",
    "write_report_docx",
]

FONT = "Times New Roman"
"""The font of every profile. Where it is not installed (Debian), LibreOffice substitutes the
metric-compatible Liberation Serif (``fonts-liberation2``), so the pages break at the same
places."""

PROFILES = ("state", "mttq", "party")
"""The header profiles :func:`write_report_docx` knows."""

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
FRONT = "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM"
DOCUMENT_TYPE = "BÁO CÁO"

# Page geometry (mm): A4, and margins inside the ranges of both NĐ 30 and HD 36.
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
HEADER_LEFT, HEADER_RIGHT = 66, TEXT_WIDTH - 66
CLOSING_LEFT, CLOSING_RIGHT = 75, TEXT_WIDTH - 75

_LEVEL_TITLES = {
    CompetentLevel.CENTRAL: "Kiến nghị với Trung ương",
    CompetentLevel.PROVINCE: "Kiến nghị với cấp tỉnh",
    CompetentLevel.COMMUNE: "Kiến nghị với cấp xã",
    None: "Kiến nghị khác",
}


def _docx() -> Any:
    import docx

    return docx


# -- low-level formatting --------------------------------------------------------------------


def _set_fonts(rpr_owner: Any, name: str) -> None:
    """Set a run's or a style's font for every script (ASCII, Vietnamese, complex, East
    Asian) and drop theme fonts, which would otherwise win over the name."""
    from docx.oxml.ns import qn

    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), name)


@attrs.define
class _Writer:
    """Adds formatted paragraphs; ``direct=False`` (templates) leaves font and size to the
    template's styles and sets only emphasis and alignment."""

    direct: bool = True
    size: float = 14

    def run(self, paragraph: Paragraph, text: str, *, size: float | None = None,
            bold: bool | None = None, italic: bool | None = None,
            underline: bool | None = None) -> Any:
        from docx.shared import Pt

        run = paragraph.add_run(text)
        if self.direct:
            _set_fonts(run._r, FONT)
            run.font.size = Pt(size or self.size)
        if bold is not None:
            run.bold = bold
        if italic is not None:
            run.italic = italic
        if underline is not None:
            run.underline = underline
        return run

    def para(self, container: Any, text: str = "", *, align: str = "center",
             size: float | None = None, bold: bool | None = None, italic: bool | None = None,
             underline: bool | None = None, before: float = 0, after: float = 0,
             first_line: float | None = None, keep_next: bool = False,
             style: str | None = None) -> Paragraph:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        paragraph: Paragraph = container.add_paragraph(style=style)
        fmt = paragraph.paragraph_format
        fmt.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        if self.direct:
            fmt.space_before = Pt(before)
            fmt.space_after = Pt(after)
            if first_line is not None:
                fmt.first_line_indent = Mm(first_line)
        fmt.keep_with_next = keep_next or None
        if text:
            self.run(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
        return paragraph

    def rule(self, container: Any, length_mm: float, width_mm: float) -> Paragraph:
        """A short horizontal rule, centred in a cell ``width_mm`` wide: an empty paragraph
        with a bottom border, narrowed by indents to ``length_mm``."""
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        paragraph: Paragraph = container.add_paragraph()
        fmt = paragraph.paragraph_format
        side = max(0.0, (width_mm - 4 - length_mm) / 2)  # 4 mm: the cell's own margins
        fmt.left_indent = Mm(side)
        fmt.right_indent = Mm(side)
        fmt.space_before = Pt(1)
        fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        ppr = paragraph._p.get_or_add_pPr()
        # The paragraph mark sets the height of an empty paragraph: 2 pt keeps the rule tight
        # under the line above it.
        mark = ppr.makeelement(qn("w:rPr"), {})
        mark.append(mark.makeelement(qn("w:sz"), {qn("w:val"): "4"}))
        mark.append(mark.makeelement(qn("w:szCs"), {qn("w:val"): "4"}))
        ppr.append(mark)
        borders = ppr.makeelement(qn("w:pBdr"), {})
        bottom = borders.makeelement(
            qn("w:bottom"),
            {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "000000"},
        )
        borders.append(bottom)
        # w:pBdr must precede w:spacing and w:ind in pPr (CT_PPr sequence).
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None:
            spacing.addprevious(borders)
        else:
            mark.addprevious(borders)
        return paragraph


def _text_width_mm(text: str, size: float) -> float:
    """A rough width of bold capitals in Times New Roman: enough to size the rule under the
    issuing body at a third to a half of its line (NĐ 30)."""
    return len(text) * size * 0.68 * 0.3528


# -- the page --------------------------------------------------------------------------------


def _setup_page(doc: DocxDocument, size: float) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH)
    section.page_height = Mm(PAGE_HEIGHT)
    section.top_margin = Mm(MARGIN_TOP)
    section.bottom_margin = Mm(MARGIN_BOTTOM)
    section.left_margin = Mm(MARGIN_LEFT)
    section.right_margin = Mm(MARGIN_RIGHT)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    normal = doc.styles["Normal"]
    _set_fonts(normal.element, FONT)
    normal.font.size = Pt(size)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        _set_fonts(style.element, FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = level == 3
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True

    # Page numbers centred at the top, from the second page (NĐ 30, Phụ lục I, mục II.10).
    section.different_first_page_header_footer = True
    header_p = section.header.paragraphs[0]
    header_p.alignment = 1  # centre
    field = header_p._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    run = header_p.add_run("1")
    _set_fonts(run._r, FONT)
    run.font.size = Pt(size)
    field.append(run._r)
    header_p._p.append(field)


def _borderless_table(doc: DocxDocument, rows: int, widths: Sequence[float]) -> Any:
    from docx.shared import Mm

    table = doc.add_table(rows=rows, cols=len(widths))
    table.autofit = False  # a fixed layout (w:tblLayout), so the columns keep their widths
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Mm(width)
    return table


class _CellWriter:
    """Writes into a table cell, filling its initial empty paragraph first."""

    def __init__(self, cell: _Cell) -> None:
        self.cell = cell
        self.used = False

    def add_paragraph(self, style: str | None = None) -> Paragraph:
        if not self.used:
            self.used = True
            first: Paragraph = self.cell.paragraphs[0]
            if style is not None:
                first.style = style
            return first
        added: Paragraph = self.cell.add_paragraph(style=style)
        return added


def _style_or_none(container: Any, name: str) -> str | None:
    """``name`` if the document defines that style (an agency template may not), else
    ``None``: the text then keeps its direct emphasis in the template's Normal style."""
    try:
        container.part.styles[name]
    except KeyError:
        return None
    return name


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _header(doc: DocxDocument, w: _Writer, report: Report, profile: str) -> None:
    size = w.size
    table = _borderless_table(doc, 2, (HEADER_LEFT, HEADER_RIGHT))
    left = _CellWriter(table.cell(0, 0))
    right = _CellWriter(table.cell(0, 1))

    parents = [line.upper() for line in _lines(report.issuer_parent)]
    issuers = [line.upper() for line in _lines(report.issuer)]
    if profile == "mttq" and not parents:
        parents = [FRONT]
    for line in parents:
        w.para(left, line, size=13, bold=profile == "mttq")
    for line in issuers:
        w.para(left, line, size=13, bold=True)
    last = (issuers or parents or [""])[-1]
    if profile == "party":
        w.para(left, "*", size=13)
    else:
        w.rule(left, max(12.0, 0.45 * _text_width_mm(last, 13)), HEADER_LEFT)

    if profile == "party":
        w.para(right, PARTY, size=15, bold=True)
        w.rule(right, _text_width_mm(PARTY, 15) * 0.9, HEADER_RIGHT)
    else:
        w.para(right, MOTTO, size=12, bold=True)
        w.para(right, SLOGAN, size=13, bold=True)
        w.rule(right, 56.0, HEADER_RIGHT)

    number = report.number or ""
    prefix = "Số " if profile == "party" else "Số: "
    w.para(_CellWriter(table.cell(1, 0)), f"{prefix}{number}".rstrip(), size=13, before=4)
    w.para(_CellWriter(table.cell(1, 1)), place_date_line(report.place, report.issued_on),
           size=size, italic=True, before=4)


def _title(doc: Any, w: _Writer, report: Report) -> None:
    w.para(doc, DOCUMENT_TYPE, bold=True, before=18, keep_next=True)
    for line in _lines(summary_line(report)):
        w.para(doc, line, bold=True, keep_next=True)
    w.rule(doc, 40.0, TEXT_WIDTH + 4)
    w.para(doc, "", after=6)


# -- the body --------------------------------------------------------------------------------


@attrs.define
class _Body:
    """Writes sections, streams, items, recommendations, tables and charts into a container
    (the document, or a template's placeholder position)."""

    w: _Writer
    bundle: ReportBundle
    redact: bool
    tables_seen: int = 0
    charts_seen: int = 0
    streams: dict[str, OpinionStream] = attrs.Factory(dict)
    items: dict[str, OpinionItem] = attrs.Factory(dict)
    recommendations_target: Section | None = None

    def __attrs_post_init__(self) -> None:
        self.streams = {s.id: s for s in self.bundle.streams}
        self.items = {i.id: i for i in self.bundle.items}

    def text(self, value: str) -> str:
        return redact_text(value) if self.redact else value

    # -- structure

    def write(self, doc: Any) -> None:
        sections, self.recommendations_target = body_sections(self.bundle)
        for index, section in enumerate(sections, 1):
            self.section(doc, section, 0, index)
        placed = {self._key(t.after_section) for t in self.bundle.tables if t.after_section}
        placed |= {self._key(c.after_section) for c in self.bundle.charts if c.after_section}
        known = {self._key(n) for _, n, _ in number_sections(sections)} | {
            self._key(s.title) for _, _, s in number_sections(sections)
        }
        missing = sorted(p for p in placed if p not in known)
        if missing:
            raise ConfigurationError(
                f"tables or charts placed after sections that do not exist: {missing}"
            )

    @staticmethod
    def _key(text: str | None) -> str:
        return (text or "").strip().casefold()

    def section(self, doc: Any, section: Section, level: int, index: int) -> None:
        w = self.w
        number = section.number or section_number(level, index)
        title = section.title.upper() if level == 0 else section.title
        style = _style_or_none(doc, f"Heading {min(level + 1, 3)}")
        if w.direct:
            paragraph = w.para(doc, "", align="justify", style=style, first_line=0)
        else:
            paragraph = doc.add_paragraph(style=style)
        w.run(paragraph, f"{number} {title}".strip(), bold=True, italic=level >= 2 or None)
        for text in section.paragraphs:
            self.body_paragraph(doc, self.text(text))
        for item_id in section.item_ids:
            item = self.items.get(item_id)
            if item is not None:
                self.item(doc, item)
        for stream_id in section.stream_ids:
            stream = self.streams.get(stream_id)
            if stream is not None:
                self.stream(doc, stream)
        if section is self.recommendations_target:
            self.recommendations(doc)
        for sub_index, sub in enumerate(section.subsections, 1):
            self.section(doc, sub, level + 1, sub_index)
        keys = {self._key(number), self._key(section.title)}
        for table in self.bundle.tables:
            if table.after_section and self._key(table.after_section) in keys:
                self.table(doc, table)
        for chart in self.bundle.charts:
            if chart.after_section and self._key(chart.after_section) in keys:
                self.chart(doc, chart)

    def body_paragraph(self, doc: Any, text: str, *, italic: bool | None = None) -> Paragraph:
        paragraph = self.w.para(doc, text, align="justify", italic=italic, after=6,
                                first_line=12.7)
        if self.w.direct:
            paragraph.paragraph_format.line_spacing = 1.15
        return paragraph

    def stream(self, doc: Any, stream: OpinionStream) -> None:
        w = self.w
        paragraph = self.body_paragraph(doc, "")
        w.run(paragraph, f"- {self.text(stream.statement)}")
        details: list[str] = []
        if stream.breadth is not None:
            details.append(stream.breadth.label.lower())
        count = f"{stream.item_count} ý kiến"
        if stream.unit_count:
            count += f" từ {stream.unit_count} địa bàn"
        details.append(count)
        if stream.places:
            details.append("tại " + ", ".join(stream.places))
        if stream.groups:
            details.append("đối tượng: " + ", ".join(stream.groups))
        if stream.orientations:
            details.append(", ".join(f"{o.label.lower()} {n}" for o, n in stream.orientations))
        w.run(paragraph, f" ({'; '.join(details)})", italic=True)
        if stream.reasons:
            w.run(paragraph, ". Lý do: " + "; ".join(self.text(r) for r in stream.reasons) + ".")

    def item(self, doc: Any, item: OpinionItem) -> None:
        where = ", ".join(x for x in (item.place_text or "", numeric_date(item.date)) if x)
        text = f"- \u201c{self.text(item.text)}\u201d"
        paragraph = self.body_paragraph(doc, text)
        if where:
            self.w.run(paragraph, f" ({where})", italic=True)

    def recommendations(self, doc: Any) -> None:
        by_level: dict[CompetentLevel | None, list[Recommendation]] = {}
        for rec in self.bundle.recommendations:
            by_level.setdefault(rec.competent_level, []).append(rec)
        order: list[CompetentLevel | None] = [*CompetentLevel, None]
        groups = [level for level in order if level in by_level]
        for index, level in enumerate(groups, 1):
            if len(groups) > 1 or level is not None:
                paragraph = self.body_paragraph(doc, "")
                self.w.run(paragraph, f"{section_number(2, index)} {_LEVEL_TITLES[level]}:",
                           bold=True, italic=True)
            for rec in by_level[level]:
                text = f"- {self.text(rec.text)}"
                if rec.body:
                    text += f" ({rec.body})"
                self.body_paragraph(doc, text)

    # -- tables and charts

    def table(self, doc: Any, table: Table) -> None:
        from docx.shared import Pt

        w = self.w
        self.tables_seen += 1
        w.para(doc, f"Bảng {self.tables_seen}: {table.title}", bold=True, before=6, after=3,
               keep_next=True)
        from docx.table import _Cell

        grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
        grid.style = _style_or_none(doc, "Table Grid")
        small = max(w.size - 2, 10)
        # python-docx's Table.cell() rebuilds the list of every cell on each call (quadratic
        # in the table's size); the cells are taken from the rows' XML once instead.
        cells = [[_Cell(tc, grid) for tc in tr.tc_lst] for tr in grid._tbl.tr_lst]
        for col, name in enumerate(table.columns):
            p = cells[0][col].paragraphs[0]
            p.alignment = 1
            w.run(p, name, bold=True, size=small)
        for r, row in enumerate(table.rows, 1):
            for col, value in enumerate(row):
                p = cells[r][col].paragraphs[0]
                numeric = isinstance(value, int | float) and not isinstance(value, bool)
                p.alignment = 2 if numeric else 0
                text = cell_text(value)
                w.run(p, self.text(text) if isinstance(value, str) else text, size=small)
        # Repeat the header row on every page the table spans.
        from docx.oxml.ns import qn

        tr_pr = grid.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
        if table.note:
            w.para(doc, table.note, align="left", italic=True, size=small, before=3)
        spacer = w.para(doc, "")
        if w.direct:
            spacer.paragraph_format.space_after = Pt(6)

    def chart(self, doc: Any, chart: Chart) -> None:
        from docx.shared import Mm

        png = render_chart(chart)
        self.charts_seen += 1
        paragraph = self.w.para(doc, "", before=6)
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(min(150, TEXT_WIDTH)))
        self.w.para(doc, f"Biểu đồ {self.charts_seen}: {chart.title}", italic=True, after=6)

    def annex(self, doc: Any, tables: Sequence[Table], charts: Sequence[Chart]) -> None:
        """The annex (*phụ lục*) after the signature, on a new page."""
        from docx.enum.text import WD_BREAK

        report = self.bundle.report
        paragraph = self.w.para(doc, "")
        paragraph.add_run().add_break(WD_BREAK.PAGE)
        self.w.para(doc, "PHỤ LỤC", bold=True, keep_next=True)
        ref = "Báo cáo"
        if report.number:
            ref += f" số {report.number}"
        if report.issued_on:
            ref += f" ngày {numeric_date(report.issued_on)}"
        if report.issuer:
            ref += f" của {' '.join(_lines(report.issuer))}"
        self.w.para(doc, f"(Kèm theo {ref})", italic=True, after=6, keep_next=True)
        for table in tables:
            self.table(doc, table)
        for chart in charts:
            self.chart(doc, chart)


def render_chart(chart: Chart) -> bytes:
    """``chart`` as a PNG image (matplotlib, extra ``dlxh[charts]``), Vietnamese labels set in
    DejaVu Sans, which matplotlib ships and which covers Vietnamese."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ExtraMissingError("charts", "matplotlib") from exc

    figure = Figure(figsize=(6.3, 3.2 + 0.12 * len(chart.categories)), dpi=150)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    categories = list(chart.categories)
    if chart.kind == "pie":
        name, values = chart.series[0]
        ax.pie(values, labels=categories, autopct="%1.0f%%", textprops={"fontsize": 8})
        ax.set_title(name, fontsize=9)
    else:
        positions = list(range(len(categories)))
        base = [0.0] * len(categories)
        count = len(chart.series)
        for index, (name, values) in enumerate(chart.series):
            if chart.kind == "stacked":
                ax.barh(positions, values, left=base, label=name)
                base = [b + v for b, v in zip(base, values, strict=True)]
            elif chart.kind == "barh":
                height = 0.8 / count
                ax.barh([p + index * height for p in positions], values, height=height, label=name)
            else:
                width = 0.8 / count
                ax.bar([p + index * width for p in positions], values, width=width, label=name)
        if chart.kind == "bar":
            ax.set_xticks(positions, categories, rotation=30, ha="right", fontsize=8)
        else:
            ax.set_yticks(positions, categories, fontsize=8)
            ax.invert_yaxis()
        if count > 1:
            ax.legend(fontsize=7, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _closing(doc: Any, w: _Writer, report: Report, profile: str, archive: str | None) -> None:
    from docx.oxml.ns import qn

    table = _borderless_table(doc, 1, (CLOSING_LEFT, CLOSING_RIGHT))
    # Recipients and signature stay together on one page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
    left = _CellWriter(table.cell(0, 0))
    right = _CellWriter(table.cell(0, 1))
    if profile == "party":
        w.para(left, "Nơi nhận:", align="left", size=14, underline=True, before=6)
    else:
        w.para(left, "Nơi nhận:", align="left", size=12, bold=True, italic=True, before=6)
    recipients = [r.strip().lstrip("-–").strip().rstrip(";.") for r in report.recipients]
    recipients = [r for r in recipients if r]
    if archive and not any(r.casefold().startswith("lưu") for r in recipients):
        recipients.append(f"Lưu: {archive}")
    for index, recipient in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        w.para(left, f"- {recipient}{end}", align="left", size=11)

    titles = [line.upper() for line in _lines(report.signer_title)]
    first = True
    for line in titles:
        w.para(right, line, bold=True, before=6 if first else 0)
        first = False
    for _ in range(4):
        w.para(right, "")
    if report.signer_name:
        w.para(right, report.signer_name, bold=True)


def _annex_parts(bundle: ReportBundle, statistics: bool,
                 charts: bool | None) -> tuple[list[Table], list[Chart]]:
    tables = [t for t in bundle.tables if not t.after_section]
    chart_list = [c for c in bundle.charts if not c.after_section]
    if statistics and bundle.items:
        counter = SummaryCounter.of(bundle.items)
        topic, unit = counter.topic_table(), counter.unit_table()
        tables += [topic, unit]
        if charts:
            chart_list.append(Chart.from_table(topic, title="Số ý kiến theo lĩnh vực và thái độ"))
    return tables, chart_list


def write_report_docx(
    obj: object,
    target: Path | str | BinaryIO,
    *,
    profile: str = "state",
    template: Path | str | None = None,
    redact: bool = True,
    font_size: float = 14,
    archive: str | None = "VT",
    statistics: bool = True,
    charts: bool | Sequence[Chart] | None = None,
    values: Mapping[str, str] | None = None,
    **parts: Any,
) -> None:
    """Write a report (or a bundle, or a synthesis) as a Word document.

    ``profile`` is ``"state"``, ``"mttq"`` or ``"party"`` (see the module docs); ``template``
    a user's .docx with placeholders (:func:`fill_template`), in which case ``profile`` is not
    used. ``parts`` are the bundle parts (``streams``, ``items``, ``recommendations``,
    ``tables``, ``charts``: see :mod:`dlxh.exporters.document`). With ``statistics=True`` and
    items given, the annex gets counts by topic and by unit; ``charts=True`` adds a chart of
    them, ``charts=[Chart(...)]`` gives charts to draw (extra ``dlxh[charts]``). ``redact``
    (default on) replaces phone, ID numbers and e-mail addresses in all free text.
    ``archive`` is the last recipient line (``"Lưu: VT."``; ``None`` leaves it out).
    ``values`` adds or overrides template placeholders.
    """
    if profile not in PROFILES:
        raise ConfigurationError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    if not 13 <= font_size <= 14:
        raise ConfigurationError("font_size must be 13 or 14 points (NĐ 30/2020)")
    # charts=True draws the statistics; charts=[Chart(...)] gives the charts to draw.
    want_charts = charts if isinstance(charts, bool) else None
    if charts is not None and not isinstance(charts, bool):
        parts["charts"] = charts
    bundle = as_bundle(obj, parts)
    if parts:
        raise TypeError(f"the docx exporter does not take {sorted(parts)}")
    if template is not None:
        document = fill_template(template, bundle, redact=redact, values=values,
                                 statistics=statistics, charts=want_charts)
    else:
        document = _build(bundle, profile=profile, redact=redact, size=font_size,
                          archive=archive, statistics=statistics, charts=want_charts)
    document.save(str(target) if isinstance(target, str | Path) else target)


def _build(bundle: ReportBundle, *, profile: str, redact: bool, size: float,
           archive: str | None, statistics: bool, charts: bool | None) -> DocxDocument:
    docx = _docx()
    doc: DocxDocument = docx.Document()
    _setup_page(doc, size)
    w = _Writer(direct=True, size=size)
    report = bundle.report
    doc.core_properties.title = report.title
    doc.core_properties.language = "vi-VN"
    _header(doc, w, report, profile)
    _title(doc, w, report)
    body = _Body(w, bundle, redact)
    body.write(doc)
    _closing(doc, w, report, profile, archive)
    tables, chart_list = _annex_parts(bundle, statistics, charts)
    if tables or chart_list:
        body.annex(doc, tables, chart_list)
    return doc


# -- templates -------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")

BLOCK_PLACEHOLDERS = frozenset({"noi_dung", "phu_luc"})
"""Placeholders that stand alone in their paragraph and are replaced by generated content:
``{{noi_dung}}`` by the numbered sections, ``{{phu_luc}}`` by the annex tables and charts."""


def placeholder_values(report: Report) -> dict[str, str]:
    """The text placeholders a template can use, and their values for ``report``:

    ============================  ==============================================
    ``{{quoc_hieu}}``             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    ``{{tieu_ngu}}``              Độc lập - Tự do - Hạnh phúc
    ``{{ten_co_quan_chu_quan}}``  the parent body, in capitals
    ``{{ten_co_quan}}``           the issuing body, in capitals
    ``{{so_ky_hieu}}``            the number and symbol (``15/BC-UBND``)
    ``{{dia_danh}}``              the place
    ``{{ngay_thang_nam}}``        ``ngày 05 tháng 11 năm 2026``
    ``{{dia_danh_ngay}}``         ``Hà Nội, ngày 05 tháng 11 năm 2026``
    ``{{ten_loai}}``              BÁO CÁO
    ``{{trich_yeu}}``             the summary line
    ``{{tieu_de}}``               the report's title
    ``{{ky_bao_cao}}``            the period (``Tháng 10 năm 2026``)
    ``{{noi_nhan}}``              the recipients, one ``- ...;`` line each
    ``{{chuc_vu_nguoi_ky}}``      the signer's title, in capitals
    ``{{nguoi_ky}}``              the signer's name
    ============================  ==============================================
    """
    recipients = [r.strip().lstrip("-").strip().rstrip(";.") for r in report.recipients]
    recipients = [r for r in recipients if r]
    lines = [f"- {r}{'.' if i == len(recipients) - 1 else ';'}" for i, r in enumerate(recipients)]
    date_line = place_date_line(report.place, report.issued_on)
    return {
        "quoc_hieu": MOTTO,
        "tieu_ngu": SLOGAN,
        "ten_co_quan_chu_quan": "\n".join(_lines(report.issuer_parent)).upper(),
        "ten_co_quan": "\n".join(_lines(report.issuer)).upper(),
        "so_ky_hieu": report.number or "",
        "dia_danh": report.place or "",
        "ngay_thang_nam": place_date_line(None, report.issued_on),
        "dia_danh_ngay": date_line,
        "ten_loai": DOCUMENT_TYPE,
        "trich_yeu": summary_line(report),
        "tieu_de": report.title,
        "ky_bao_cao": report.period.label if report.period is not None else "",
        "noi_nhan": "\n".join(lines),
        "chuc_vu_nguoi_ky": "\n".join(_lines(report.signer_title)).upper(),
        "nguoi_ky": report.signer_name or "",
    }


def _all_paragraph_elements(doc: DocxDocument) -> Iterator[tuple[Any, Any]]:
    """Every ``w:p`` of the body, the headers and the footers (tables and text boxes too),
    with the part it belongs to."""
    from docx.oxml.ns import qn

    yield from ((p, doc.part) for p in doc.element.body.iter(qn("w:p")))
    seen: set[int] = set()
    for section in doc.sections:
        for hf in (section.header, section.first_page_header, section.even_page_header,
                   section.footer, section.first_page_footer, section.even_page_footer):
            if hf.is_linked_to_previous:
                continue
            element = hf._element
            if id(element) in seen:
                continue
            seen.add(id(element))
            yield from ((p, hf.part) for p in element.iter(qn("w:p")))


def _runs(paragraph: Paragraph) -> list[Any]:
    """Every run of ``paragraph``, also those inside hyperlinks, fields, smart tags and
    tracked insertions (``Paragraph.runs`` has only the direct ones), but not the runs of
    paragraphs nested in it (text boxes), which are visited as paragraphs of their own."""
    from docx.oxml.ns import qn
    from docx.text.run import Run

    p = paragraph._p
    return [Run(r, paragraph) for r in p.iter(qn("w:r"))
            if next(r.iterancestors(qn("w:p"))) is p]


def _paragraph_text(paragraph: Paragraph) -> str:
    return "".join(r.text for r in _runs(paragraph))


def _replace_in_paragraph(paragraph: Paragraph, values: Mapping[str, str]) -> None:
    """Replace every ``{{name}}`` in ``paragraph`` by its value, also where Word split the
    placeholder over several runs: the value goes into the run where the placeholder starts
    (keeping its formatting) and the rest of the placeholder is cut from the runs after it."""
    runs = _runs(paragraph)
    full = "".join(r.text for r in runs)
    matches = [m for m in _PLACEHOLDER.finditer(full) if m.group(1) in values]
    for match in reversed(matches):
        start, end = match.span()
        bounds: list[tuple[int, int]] = []
        pos = 0
        for run in runs:
            bounds.append((pos, pos + len(run.text)))
            pos += len(run.text)
        first = True
        for run, (a, b) in zip(runs, bounds, strict=True):
            if b <= start or a >= end:
                continue
            text = run.text
            s, e = max(start, a) - a, min(end, b) - a
            if first:
                run.text = text[:s] + values[match.group(1)] + text[e:]
                first = False
            else:
                run.text = text[:s] + text[e:]


def _insert_block(paragraph: Paragraph, make: Callable[[Any], None], doc: DocxDocument) -> None:
    """Generate content with ``make(container)`` where ``paragraph`` stands, then remove the
    placeholder paragraph. The content is written at the end of the paragraph's container and
    moved into place."""
    from docx.oxml.ns import qn
    from docx.table import _Cell

    parent = paragraph._p.getparent()
    if parent.tag == qn("w:body"):
        container: Any = doc
        element = doc.element.body
    elif parent.tag == qn("w:tc"):
        container = _Cell(parent, cast(Any, paragraph._parent))
        element = parent
    else:
        raise ConfigurationError(
            "a block placeholder ({{noi_dung}}, {{phu_luc}}) must stand in a paragraph of its "
            "own in the body or in a table cell, not in a text box or a header"
        )
    # Keep the proxies alive: lxml hands out the same proxy for an element only while one is
    # referenced, so ids compare reliably only as long as ``existing`` holds them.
    existing = list(element)
    before = {id(child) for child in existing}
    make(container)
    new = [child for child in element if id(child) not in before]
    for child in new:
        paragraph._p.addprevious(child)
    parent.remove(paragraph._p)


def sample_template() -> Path:
    """The sample Word template shipped with dlxh (``mau-bao-cao.docx``: the state header, the
    ``{{noi_dung}}`` and ``{{phu_luc}}`` blocks, recipients and signature). Copy it, edit it in
    Word keeping the placeholders, and pass the copy as ``template=``. Built by
    ``scripts/make_sample_template.py``."""
    from importlib import resources

    node = resources.files("dlxh").joinpath("data", "templates", "docx", "mau-bao-cao.docx")
    return Path(str(node))


def fill_template(
    template: Path | str | BinaryIO,
    obj: object,
    *,
    redact: bool = True,
    values: Mapping[str, str] | None = None,
    statistics: bool = True,
    charts: bool | None = None,
) -> DocxDocument:
    """An agency's own .docx filled for a report: every ``{{name}}`` of
    :func:`placeholder_values` (and of ``values``, which add or override) is replaced in the
    body, tables, text boxes, headers and footers, also where Word split a placeholder over
    several runs; ``{{noi_dung}}`` and ``{{phu_luc}}`` (:data:`BLOCK_PLACEHOLDERS`), each alone
    in its paragraph, become the numbered sections and the annex, in the template's own
    styles. A placeholder with no value raises :class:`~dlxh.errors.ConfigurationError` naming
    every one of them, so nothing is sent with a ``{{...}}`` left in it."""
    from docx.text.paragraph import Paragraph as DocxParagraph

    docx = _docx()
    bundle = obj if isinstance(obj, ReportBundle) else as_bundle(obj, {})
    source = str(template) if isinstance(template, str | Path) else template
    try:
        doc: DocxDocument = docx.Document(source)
    except Exception as exc:
        raise ConfigurationError(f"cannot open the template {template!r}: {exc}") from exc
    known = placeholder_values(bundle.report)
    known.update(values or {})

    paragraphs = [(DocxParagraph(p, part), p) for p, part in _all_paragraph_elements(doc)]
    found: dict[str, int] = {}
    blocks: list[tuple[str, Paragraph]] = []
    for paragraph, _p in paragraphs:
        text = _paragraph_text(paragraph)
        for match in _PLACEHOLDER.finditer(text):
            found[match.group(1)] = found.get(match.group(1), 0) + 1
        block = _PLACEHOLDER.fullmatch(text.strip())
        if block and block.group(1) in BLOCK_PLACEHOLDERS:
            blocks.append((block.group(1), paragraph))
    unknown = sorted(name for name in found if name not in known and name not in BLOCK_PLACEHOLDERS)
    misplaced = sorted(
        name for name in BLOCK_PLACEHOLDERS
        if found.get(name, 0) > sum(1 for b, _ in blocks if b == name)
    )
    if unknown or misplaced:
        message = []
        if unknown:
            message.append(
                "the template has placeholders with no value: "
                + ", ".join(f"{{{{{n}}}}}" for n in unknown)
                + "; known: " + ", ".join(f"{{{{{n}}}}}" for n in sorted(known))
                + " (pass values={...} for your own)"
            )
        if misplaced:
            message.append(
                ", ".join(f"{{{{{n}}}}}" for n in misplaced)
                + " must stand alone in its paragraph"
            )
        raise ConfigurationError("; ".join(message))

    for paragraph, _p in paragraphs:
        _replace_in_paragraph(paragraph, known)
    # Check before the body goes in (its text may hold braces of its own): a placeholder
    # still there is one Word hid where no run reaches it; never send it silently.
    inline = {n for n in found if n not in BLOCK_PLACEHOLDERS and "{{" not in known[n]}
    left = sorted({m.group(0) for paragraph, _p in paragraphs
                   for m in _PLACEHOLDER.finditer(_paragraph_text(paragraph))
                   if m.group(1) in inline})
    if left:
        raise ConfigurationError(f"placeholders that could not be replaced: {', '.join(left)}")

    w = _Writer(direct=False)
    body = _Body(w, bundle, redact)
    tables, chart_list = _annex_parts(bundle, statistics, charts)
    for name, paragraph in blocks:
        if name == "noi_dung":
            _insert_block(paragraph, body.write, doc)
        else:
            def annex(container: Any) -> None:
                for table in tables:
                    body.table(container, table)
                for chart in chart_list:
                    body.chart(container, chart)

            _insert_block(paragraph, annex, doc)
    return doc


# -- the plugin ------------------------------------------------------------------------------


class DocxExporter(Exporter):
    """Writes a report, a :class:`~dlxh.exporters.document.ReportBundle` or a synthesis as a
    Word document (options: see :func:`write_report_docx`)."""

    name = "docx"
    description = "Word document (NĐ 30/2020, MTTQ, HD 36 profiles, or an agency template)"
    extensions = (".docx",)

    @classmethod
    def accepts(cls, obj: object) -> bool:
        return is_report_like(obj)

    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        write_report_docx(obj, target, **options)


@hookimpl
def dlxh_register_exporters() -> list[type[Exporter]]:
    return [DocxExporter]
