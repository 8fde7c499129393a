"""Agency templates: every placeholder replaced, even split over runs; unknown ones named."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Inches, Pt

import dlxh
from dlxh.errors import ConfigurationError
from dlxh.exporters.docx_exporter import fill_template, placeholder_values
from exporters.exporter_samples import make_items, make_recommendations, make_report, make_streams


def _template(tmp_path: Path, *, extra: str = "") -> Path:
    """An office's own template, built the way Word leaves one: a header table, placeholders
    split over runs with different formatting, a header and a footer, Letter paper."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width = Inches(8.5)
    section.left_margin = Inches(1.2)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(12)
    header = doc.add_table(rows=2, cols=2)
    p = header.cell(0, 0).paragraphs[0]
    p.add_run("{{ten_co_").bold = True
    p.add_run("quan}}").italic = True
    header.cell(0, 1).paragraphs[0].add_run("{{quoc_hieu}}")
    header.cell(1, 0).paragraphs[0].add_run("Số: {{so_ky_hieu}}")
    p = header.cell(1, 1).paragraphs[0]
    for piece in ("{", "{dia_", "danh_ngay", "}", "}"):
        p.add_run(piece)
    doc.add_paragraph("{{ten_loai}}")
    doc.add_paragraph("Kính gửi: {{ kinh_gui }} ({{tieu_de}})")
    doc.add_paragraph("{{noi_dung}}")
    doc.add_paragraph("{{phu_luc}}")
    closing = doc.add_table(rows=1, cols=2)
    closing.cell(0, 0).paragraphs[0].add_run("Nơi nhận:")
    closing.cell(0, 0).add_paragraph("{{noi_nhan}}")
    closing.cell(0, 1).paragraphs[0].add_run("{{chuc_vu_nguoi_ky}}")
    closing.cell(0, 1).add_paragraph("{{nguoi_ky}}")
    section.header.paragraphs[0].text = "{{ten_co_quan}} — {{ky_bao_cao}}"
    section.footer.paragraphs[0].text = "{{trich_yeu}}" + extra
    path = tmp_path / "mau-cua-toi.docx"
    doc.save(str(path))
    return path


def _xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def test_every_placeholder_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    dlxh.write(make_report(), out, template=_template(tmp_path),
               values={"kinh_gui": "Ban Thường trực Ủy ban MTTQ Việt Nam thành phố"},
               streams=make_streams(), items=make_items(),
               recommendations=make_recommendations())
    xml = _xml(out)
    assert "{{" not in xml
    assert "}}" not in xml
    doc = docx.Document(str(out))
    header = doc.tables[0]
    assert header.cell(0, 0).text == "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH"
    # The value keeps the formatting of the run the placeholder started in.
    first = header.cell(0, 0).paragraphs[0].runs[0]
    assert first.bold
    assert header.cell(0, 1).text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.cell(1, 0).text == "Số: 15/BC-UBND"
    assert header.cell(1, 1).text == "Hà Nội, ngày 05 tháng 11 năm 2026"
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "BÁO CÁO"
    assert texts[1] == ("Kính gửi: Ban Thường trực Ủy ban MTTQ Việt Nam thành phố (Báo cáo tình "
                        "hình tư tưởng, dư luận xã hội tháng 10 năm 2026)")
    # The body replaced {{noi_dung}} in place, in the template's own styles.
    assert texts[2] == "I. TÌNH HÌNH TƯ TƯỞNG, TÂM TRẠNG CHUNG"
    assert "III. KIẾN NGHỊ, ĐỀ XUẤT" in texts
    for stream in make_streams():
        assert any(stream.statement in t for t in texts)
    assert "Bảng 1: Số ý kiến theo lĩnh vực và thái độ" in texts
    closing = doc.tables[-1]
    assert closing.cell(0, 0).paragraphs[1].text == (
        "- Ban Thường trực Ủy ban MTTQ Việt Nam thành phố;\n- Thường trực Đảng ủy phường.")
    assert closing.cell(0, 1).paragraphs[0].text == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    assert closing.cell(0, 1).paragraphs[1].text == "Nguyễn Văn An"
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == (
        "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH — Tháng 10 năm 2026")
    assert section.footer.paragraphs[0].text == (
        "Tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026")
    # The office keeps its look: paper and fonts are the template's.
    assert section.page_width == Inches(8.5)
    assert doc.styles["Normal"].font.name == "Arial"
    with zipfile.ZipFile(out) as z:
        assert "Times New Roman" not in z.read("word/document.xml").decode()


def test_unknown_placeholders_are_named(tmp_path: Path) -> None:
    template = _template(tmp_path, extra=" {{ma_vach}} {{so_trang}}")
    with pytest.raises(ConfigurationError) as info:
        fill_template(template, make_report(), values={"kinh_gui": "x"})
    message = str(info.value)
    assert "{{ma_vach}}" in message
    assert "{{so_trang}}" in message
    assert "{{ten_co_quan}}" in message  # the known ones are listed to help


def test_missing_user_value_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"\{\{kinh_gui\}\}"):
        fill_template(_template(tmp_path), make_report())


def test_block_placeholder_inside_a_sentence_is_refused(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("Nội dung: {{noi_dung}}")
    path = tmp_path / "t.docx"
    doc.save(str(path))
    with pytest.raises(ConfigurationError, match="alone"):
        fill_template(path, make_report())


def test_placeholder_values_cover_the_header() -> None:
    values = placeholder_values(make_report())
    assert values["dia_danh_ngay"] == "Hà Nội, ngày 05 tháng 11 năm 2026"
    assert values["ngay_thang_nam"] == "Ngày 05 tháng 11 năm 2026"
    assert values["so_ky_hieu"] == "15/BC-UBND"
    assert values["ten_co_quan_chu_quan"] == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"


def test_a_template_without_heading_styles(tmp_path: Path) -> None:
    doc = docx.Document()
    styles = doc.styles
    for name in ("Heading 1", "Heading 2", "Heading 3", "Table Grid"):
        styles[name].element.getparent().remove(styles[name].element)
    doc.add_paragraph("{{noi_dung}}")
    doc.add_paragraph("{{phu_luc}}")
    path = tmp_path / "t.docx"
    doc.save(str(path))
    out = fill_template(path, make_report(), values={}, statistics=True)
    texts = [p.text for p in out.paragraphs]
    assert texts[0] == "I. TÌNH HÌNH TƯ TƯỞNG, TÂM TRẠNG CHUNG"
    assert out.paragraphs[0].runs[0].bold


def test_placeholders_split_inside_a_hyperlink(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = docx.Document()
    paragraph = doc.add_paragraph("Xem: ")
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w")}><w:r><w:t>{{{{so_</w:t></w:r>'
        "<w:r><w:t>ky_hieu}}</w:t></w:r></w:hyperlink>"))
    path = tmp_path / "t.docx"
    doc.save(str(path))
    out = fill_template(path, make_report())
    assert out.paragraphs[0]._p.xpath("string(.)") == "Xem: 15/BC-UBND"


def test_the_shipped_sample_template_fills_completely(tmp_path: Path) -> None:
    from dlxh.exporters import sample_template

    template = sample_template()
    assert template.is_file()
    report = make_report()
    out = tmp_path / "tu-mau.docx"
    dlxh.write(
        report,
        out,
        template=template,
        streams=make_streams(),
        recommendations=make_recommendations(),
        items=make_items(),
    )
    xml = _xml(out)
    assert "{{" not in xml
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in xml
    assert make_streams()[0].statement in xml  # the {{noi_dung}} block became the sections
