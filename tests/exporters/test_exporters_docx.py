"""The Word exporter: page, fonts, header blocks, date line, sections, streams, closing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn

import dlxh
from dlxh.errors import ConfigurationError, ExtraMissingError
from dlxh.exporters.document import Chart, ReportBundle, Table
from dlxh.exporters.docx_exporter import DocxExporter, write_report_docx
from dlxh.model.enums import ReportKind
from dlxh.model.reports import Section
from dlxh.testing import fresh_session
from dlxh.testing.contracts import ExporterContract
from exporters.exporter_samples import (
    ids,
    make_items,
    make_recommendations,
    make_report,
    make_streams,
)


class TestDocxContract(ExporterContract):
    exporter_class = DocxExporter
    extension = ".docx"

    def make_object(self) -> object:
        return make_report()


def _write(tmp_path: Path, name: str = "bao-cao.docx", **options: Any) -> Document:
    path = tmp_path / name
    session = fresh_session()
    options.setdefault("streams", make_streams())
    options.setdefault("recommendations", make_recommendations())
    session.write(options.pop("report", make_report()), path, **options)
    return docx.Document(str(path))


def _texts(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def _style(paragraph: Any) -> str:
    return str(paragraph.style.name) if paragraph.style is not None else ""


def _all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")
        )


def test_page_is_a4_with_the_decree_margins(tmp_path: Path) -> None:
    section = _write(tmp_path).sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    margins = {
        "top": section.top_margin, "bottom": section.bottom_margin,
        "left": section.left_margin, "right": section.right_margin,
    }
    ranges = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
    for side, (low, high) in ranges.items():
        value = margins[side]
        assert value is not None
        assert low - 0.1 <= value.mm <= high + 0.1, side


def test_every_font_is_times_new_roman_13_to_14_in_the_body(tmp_path: Path) -> None:
    doc = _write(tmp_path)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size is not None
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{attr}")) == "Times New Roman"
    # Every explicit font in the document is Times New Roman, no theme font is left.
    for element in doc.element.iter(qn("w:rFonts")):
        assert set(element.attrib.values()) == {"Times New Roman"}
    for style in ("Heading 1", "Heading 2"):
        assert doc.styles[style].font.name == "Times New Roman"
    body_sizes = {
        run.font.size.pt for p in doc.paragraphs for run in p.runs
        if run.text.strip() and run.font.size is not None
    }
    assert body_sizes <= {13, 14}


def test_state_header_block(tmp_path: Path) -> None:
    doc = _write(tmp_path)
    header = doc.tables[0]
    assert _texts(header.cell(0, 0)) == ["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
                                         "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH"]
    assert _texts(header.cell(0, 1)) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                         "Độc lập - Tự do - Hạnh phúc"]
    issuer = header.cell(0, 0).paragraphs[1]
    assert all(run.bold for run in issuer.runs)
    parent = header.cell(0, 0).paragraphs[0]
    assert not any(run.bold for run in parent.runs)
    assert _texts(header.cell(1, 0)) == ["Số: 15/BC-UBND"]
    date_line = header.cell(1, 1).paragraphs[0]
    assert date_line.text == "Hà Nội, ngày 05 tháng 11 năm 2026"
    assert all(run.italic for run in date_line.runs)
    titles = [p.text for p in doc.paragraphs if p.text.strip()][:2]
    assert titles == ["BÁO CÁO", "Tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 5), "Hà Nội, ngày 05 tháng 11 năm 2026"),
        (dt.date(2026, 1, 9), "Hà Nội, ngày 09 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2026"),
        (dt.date(2026, 3, 15), "Hà Nội, ngày 15 tháng 3 năm 2026"),
    ],
)
def test_place_and_date_line(tmp_path: Path, day: dt.date, expected: str) -> None:
    doc = _write(tmp_path, report=make_report(issued_on=day))
    assert doc.tables[0].cell(1, 1).paragraphs[0].text == expected


def test_sections_in_order_and_numbered(tmp_path: Path) -> None:
    doc = _write(tmp_path)
    headings = [p.text for p in doc.paragraphs if _style(p).startswith("Heading")]
    assert headings == [
        "I. TÌNH HÌNH TƯ TƯỞNG, TÂM TRẠNG CHUNG",
        "II. NHỮNG VẤN ĐỀ NHÂN DÂN QUAN TÂM",
        "1. Về kinh tế, giá cả",
        "2. Về đất đai, giải phóng mặt bằng",
        "III. KIẾN NGHỊ, ĐỀ XUẤT",
        "IV. ĐỊNH HƯỚNG NẮM BẮT KỲ TỚI",
        "V. CÁC LUỒNG Ý KIẾN KHÁC",
    ]
    levels = [_style(p) for p in doc.paragraphs if _style(p).startswith("Heading")]
    assert levels[:4] == ["Heading 1", "Heading 1", "Heading 2", "Heading 2"]


def test_every_stream_is_present_under_its_section(tmp_path: Path) -> None:
    doc = _write(tmp_path)
    paragraphs = [p.text for p in doc.paragraphs]

    def index_of(fragment: str) -> int:
        return next(i for i, t in enumerate(paragraphs) if fragment in t)

    for stream in make_streams():
        assert any(stream.statement in t for t in paragraphs), stream.id
    assert index_of("1. Về kinh tế") < index_of("Lo lắng giá phân bón") < index_of("2. Về đất đai")
    # The stream no section refers to gets a section of its own, so none is lost.
    assert index_of("V. CÁC LUỒNG Ý KIẾN KHÁC") < index_of("trải nhựa đường liên xã")
    detail = paragraphs[index_of("Lo lắng giá phân bón")]
    assert "số đông" in detail
    assert "Xã Phú Lộc" in detail


def test_recommendations_grouped_by_competent_level(tmp_path: Path) -> None:
    doc = _write(tmp_path)
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index("III. KIẾN NGHỊ, ĐỀ XUẤT")
    end = paragraphs.index("IV. ĐỊNH HƯỚNG NẮM BẮT KỲ TỚI")
    block = [t for t in paragraphs[start + 1:end] if t.strip()]
    assert block[0] == "a) Kiến nghị với cấp tỉnh:"
    assert block[1].startswith("- Đề nghị tỉnh có biện pháp bình ổn giá phân bón")
    assert block[2] == "b) Kiến nghị với cấp xã:"


def test_recipients_and_signature(tmp_path: Path) -> None:
    doc = _write(tmp_path)
    closing = doc.tables[1]
    assert _texts(closing.cell(0, 0)) == [
        "Nơi nhận:",
        "- Ban Thường trực Ủy ban MTTQ Việt Nam thành phố;",
        "- Thường trực Đảng ủy phường;",
        "- Lưu: VT.",
    ]
    assert _texts(closing.cell(0, 1)) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]
    nhan = closing.cell(0, 0).paragraphs[0].runs[0]
    assert nhan.bold
    assert nhan.italic
    # The closing block never splits across pages.
    assert closing.rows[0]._tr.get_or_add_trPr().find(qn("w:cantSplit")) is not None


def test_layout_tables_are_fixed_once(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    write_report_docx(make_report(), path, statistics=False)
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    # Header and closing blocks: one fixed layout each, so the columns keep their widths.
    assert xml.count('<w:tblLayout w:type="fixed"/>') == 2


def test_mttq_header(tmp_path: Path) -> None:
    report = make_report(issuer_parent=None, issuer="Tỉnh Quảng Ninh\nBan Thường trực",
                         number="15/BC-MTTQ-BTT")
    doc = _write(tmp_path, report=report, profile="mttq")
    header = doc.tables[0]
    assert _texts(header.cell(0, 0)) == [
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM", "TỈNH QUẢNG NINH", "BAN THƯỜNG TRỰC"]
    assert all(run.bold for p in header.cell(0, 0).paragraphs for run in p.runs if run.text)
    assert _texts(header.cell(0, 1)) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                         "Độc lập - Tự do - Hạnh phúc"]
    assert _texts(header.cell(1, 0)) == ["Số: 15/BC-MTTQ-BTT"]


def test_party_header(tmp_path: Path) -> None:
    report = make_report(issuer_parent="Đảng bộ tỉnh Quảng Ninh", issuer="Tỉnh ủy",
                         number="15-BC/TU", signer_title="T/M Ban Thường vụ\nBí thư")
    doc = _write(tmp_path, report=report, profile="party")
    header = doc.tables[0]
    assert _texts(header.cell(0, 0)) == ["ĐẢNG BỘ TỈNH QUẢNG NINH", "TỈNH ỦY", "*"]
    assert _texts(header.cell(0, 1)) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert _texts(header.cell(1, 0)) == ["Số 15-BC/TU"]
    assert header.cell(1, 1).paragraphs[0].text == "Hà Nội, ngày 05 tháng 11 năm 2026"
    nhan = doc.tables[1].cell(0, 0).paragraphs[0].runs[0]
    assert nhan.underline
    assert not nhan.bold
    assert "CỘNG HÒA" not in "".join(p.text for p in doc.paragraphs)


def test_unknown_profile_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="unknown profile"):
        write_report_docx(make_report(), tmp_path / "x.docx", profile="bank")


def test_free_text_is_redacted_by_default(tmp_path: Path) -> None:
    items = make_items()
    report = make_report(sections=(
        make_report().sections[0],
        Section("Ý kiến cụ thể", item_ids=ids("item-002")),
    ))
    path = tmp_path / "r.docx"
    write_report_docx(report, path, items=items)
    xml = _all_xml(path)
    assert "0912 345 678" not in xml
    assert "[số điện thoại]" in xml
    kept = tmp_path / "kept.docx"
    write_report_docx(report, kept, items=items, redact=False)
    assert "0912 345 678" in _all_xml(kept)


def test_annex_tables_and_chart(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    table = Table("Tình hình nộp báo cáo", ["Đơn vị", "Số báo cáo"], [["Xã Tân Hòa", 3]])
    placed = Table("Số ý kiến theo nguồn", ["Nguồn", "Số ý kiến"], [["Trực tiếp", 12]],
                   after_section="II.")
    chart = Chart("Ý kiến theo lĩnh vực", ["Đất đai", "Giá cả"], [("Số ý kiến", [4, 7])])
    path = tmp_path / "annex.docx"
    write_report_docx(make_report(), path, items=make_items(), tables=[table, placed],
                      charts=[chart])
    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    # The placed table follows its section; the others go to the annex after the signature.
    assert texts.index("Bảng 1: Số ý kiến theo nguồn") < texts.index(
        "III. KIẾN NGHỊ, ĐỀ XUẤT")
    annex = texts.index("PHỤ LỤC")
    assert texts[annex + 1] == ("(Kèm theo Báo cáo số 15/BC-UBND ngày 05/11/2026 của Ủy ban "
                                "nhân dân phường Ba Đình)")
    captions = [t for t in texts[annex:] if t.startswith(("Bảng", "Biểu đồ"))]
    assert captions == [
        "Bảng 2: Tình hình nộp báo cáo",
        "Bảng 3: Số ý kiến theo lĩnh vực và thái độ",
        "Bảng 4: Số ý kiến theo địa bàn và thái độ",
        "Biểu đồ 1: Ý kiến theo lĩnh vực",
    ]
    grid = doc.tables[-1]
    assert [c.text for c in grid.rows[0].cells][:2] == ["Mã đơn vị", "Địa bàn"]
    assert grid.rows[0]._tr.get_or_add_trPr().find(qn("w:tblHeader")) is not None
    topic = doc.tables[-2]
    totals = {row.cells[0].text: row.cells[-1].text for row in topic.rows[1:]}
    assert totals == {"dat-dai": "1", "giao-duc": "1", "giao-thong": "1", "kinh-te": "1"}
    images = doc.inline_shapes
    assert len(images) == 1
    assert images[0].width is not None
    assert images[0].width.mm == pytest.approx(150, abs=0.5)


def test_table_placed_after_a_missing_section_is_an_error(tmp_path: Path) -> None:
    table = Table("X", ["a"], [[1]], after_section="IX.")
    with pytest.raises(ConfigurationError, match="do not exist"):
        write_report_docx(make_report(), tmp_path / "x.docx", tables=[table])


class _Synthesis:
    """What the synthesis issue will hand over: a report with its streams and tables."""

    def __init__(self) -> None:
        self.report = make_report(kind=ReportKind.SYNTHESIS, sections=())
        self.streams = make_streams()
        self.items = make_items()
        self.tables = {"nop": Table("Tiến độ", ["Đơn vị"], [["Xã A"]])}


def test_a_synthesis_like_object_is_written_with_all_its_streams(tmp_path: Path) -> None:
    path = tmp_path / "tong-hop.docx"
    dlxh.write(_Synthesis(), path, profile="state")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "I. CÁC LUỒNG Ý KIẾN" in text
    for stream in make_streams():
        assert stream.statement in text
    assert "Bảng 1: Tiến độ" in text


def test_a_bundle_written_to_a_stream(tmp_path: Path) -> None:
    bundle = ReportBundle(make_report(), streams=make_streams()[:1])
    buffer = io.BytesIO()
    assert fresh_session().write(bundle, buffer, exporter="docx") is None
    doc = docx.Document(io.BytesIO(buffer.getvalue()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert make_streams()[0].statement in text
    assert make_streams()[1].statement not in text


def test_unknown_option_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="colour"):
        write_report_docx(make_report(), tmp_path / "x.docx", colour="red")


def test_charts_true_draws_the_statistics(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "c.docx"
    write_report_docx(make_report(), path, items=make_items(), charts=True)
    doc = docx.Document(str(path))
    assert len(doc.inline_shapes) == 1
    assert "Biểu đồ 1: Số ý kiến theo lĩnh vực và thái độ" in [p.text for p in doc.paragraphs]


def test_charts_without_matplotlib_name_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    chart = Chart("X", ["a"], [("n", [1])])
    with pytest.raises(ExtraMissingError, match=r"dlxh\[charts\]"):
        write_report_docx(make_report(), tmp_path / "x.docx", charts=[chart])
