"""Build the sample Word template shipped with dlxh (``dlxh/data/templates/docx/``).

An agency copies it, changes fonts, logo and wording in Word, and keeps the ``{{...}}``
placeholders (see ``dlxh.exporters.docx_exporter.placeholder_values``). Run:
``python scripts/make_sample_template.py`` (rewrites the file; python-docx is a core dependency).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parents[1] / "src/dlxh/data/templates/docx/mau-bao-cao.docx"


def _cell(cell: object, lines: list[tuple[str, bool, bool]]) -> None:
    cell.paragraphs[0].text = ""  # type: ignore[attr-defined]
    for i, (text, bold, italic) in enumerate(lines):
        par = cell.paragraphs[0] if i == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = par.add_run(text)
        run.bold = bold
        run.italic = italic


def build(path: Path = OUT) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    doc.core_properties.title = "Mẫu báo cáo dlxh"
    doc.core_properties.author = "dlxh"

    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(
        header.cell(0, 0),
        [("{{ten_co_quan_chu_quan}}", False, False), ("{{ten_co_quan}}", True, False),
         ("Số: {{so_ky_hieu}}", False, False)],
    )
    _cell(
        header.cell(0, 1),
        [("{{quoc_hieu}}", True, False), ("{{tieu_ngu}}", True, False),
         ("{{dia_danh_ngay}}", False, True)],
    )
    for text, bold in (("{{ten_loai}}", True), ("{{trich_yeu}}", True)):
        par = doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.add_run(text).bold = bold
    doc.add_paragraph("{{noi_dung}}")
    doc.add_paragraph("{{phu_luc}}")

    footer = doc.add_table(rows=1, cols=2)
    _cell(footer.cell(0, 0), [("Nơi nhận:", True, True), ("{{noi_nhan}}", False, False)])
    _cell(
        footer.cell(0, 1),
        [("{{chuc_vu_nguoi_ky}}", True, False), ("", False, False), ("", False, False),
         ("{{nguoi_ky}}", True, False)],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
