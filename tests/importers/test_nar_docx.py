"""Word reports in the usual structure, built in code, read by the docx importer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dlxh.batch import ImportBatch
from dlxh.errors import ProblemError, Severity
from dlxh.importers.docx_importer import DocxImporter
from dlxh.importers.text_importer import TextImporter
from dlxh.model.enums import Breadth, CompetentLevel, Mood, Orientation, ReportKind
from dlxh.model.ids import content_id
from dlxh.model.periods import Period, PeriodKind
from dlxh.plugins.source import Source
from dlxh.testing import fresh_session
from dlxh.testing.contracts import ImporterContract
from dlxh.text.encodings import from_unicode
from dlxh.units import catalog

# -- builders ------------------------------------------------------------------------------------


def _header_table(doc: Any, left: Sequence[str], right: Sequence[str]) -> None:
    """The two-column header of Nghị định 30 (issuing body | national motto)."""
    table = doc.add_table(rows=1, cols=2)
    for cell, lines in ((table.cell(0, 0), left), (table.cell(0, 1), right)):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _centered(doc: Any, text: str) -> None:
    para = doc.add_paragraph()
    para.add_run(text).bold = True
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _closing_table(doc: Any, recipients: Sequence[str], titles: Sequence[str], name: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.paragraphs[0].text = "Nơi nhận:"
    for line in recipients:
        left.add_paragraph(line)
    right.paragraphs[0].text = titles[0]
    for line in (*titles[1:], "(Đã ký)", name):
        right.add_paragraph(line)


def province_monthly(path: Path) -> Path:
    doc = docx.Document()
    _header_table(
        doc,
        ["ỦY BAN MTTQ VIỆT NAM", "TỈNH LÂM ĐỒNG", "BAN THƯỜNG TRỰC", "Số: 15/BC-MTTQ-BTT"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Lâm Đồng, ngày 04 tháng 11 năm 2026"],
    )
    _centered(doc, "BÁO CÁO")
    _centered(doc, "Tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026")
    for text in (
        "Thực hiện Chương trình phối hợp số 05, Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh "
        "báo cáo tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026 như sau:",
        "I. TÌNH HÌNH TƯ TƯỞNG, TÂM TRẠNG CHUNG",
        "Tuyệt đại đa số cán bộ, đảng viên và Nhân dân trong tỉnh phấn khởi, tin tưởng khi "
        "chính quyền hai cấp vận hành thông suốt. Tuy nhiên, một bộ phận người dân vùng sâu "
        "còn băn khoăn vì phải đi xa để làm thủ tục đất đai. Nguyên nhân là do điểm tiếp nhận "
        "hồ sơ còn ít.",
        "II. NHỮNG VẤN ĐỀ NHÂN DÂN QUAN TÂM",
        "1. Về kinh tế, giá cả",
        "- Nhiều ý kiến nông dân phản ánh giá phân bón tăng cao trong khi giá cà phê giảm, "
        "thu nhập gặp khó khăn.",
        "- Một số tiểu thương ở phường Xuân Hương - Đà Lạt lo lắng vì chợ tạm chưa được bố trí.",
        "2. Về an ninh, trật tự: Có ý kiến bức xúc về tình trạng cho vay nặng lãi qua mạng "
        "tại xã Hiệp Thạnh.",
        "Trong tháng, Ban Thường trực đã tổ chức 3 cuộc giám sát chuyên đề.",
        "III. KIẾN NGHỊ, ĐỀ XUẤT",
        "1. Đối với Trung ương",
        "Đề nghị Chính phủ sớm có giải pháp bình ổn giá phân bón.",
        "2. Đối với tỉnh",
        "Đề nghị UBND tỉnh chỉ đạo bố trí chợ tạm cho tiểu thương.",
        "IV. ĐỊNH HƯỚNG NẮM BẮT KỲ TỚI",
        "Tiếp tục theo dõi dư luận về giá cả và thủ tục hành chính.",
        "Trên đây là báo cáo tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026 của Ban "
        "Thường trực Ủy ban MTTQ Việt Nam tỉnh.",
    ):
        doc.add_paragraph(text)
    _closing_table(
        doc,
        ["- Ban Thường trực UBTW MTTQ Việt Nam;", "- Thường trực Tỉnh ủy;", "- Lưu VP."],
        ["TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH"],
        "Trần Thị Bình",
    )
    doc.save(str(path))
    return path


def commune_quarterly(path: Path) -> Path:
    """A commune's quarterly report typed without a header table, with Word headings and
    automatic bullets (the marker is not in the text)."""
    doc = docx.Document()
    for text in ("ỦY BAN MTTQ VIỆT NAM", "XÃ ĐỨC TRỌNG"):
        _centered(doc, text)
    doc.add_paragraph("Số: 07/BC-MTTQ")
    doc.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    doc.add_paragraph("Độc lập – Tự do – Hạnh phúc")
    doc.add_paragraph("Đức Trọng, ngày 20 tháng 9 năm 2026")
    _centered(doc, "BÁO CÁO")
    _centered(doc, "Tình hình nhân dân quý III năm 2026")
    doc.add_heading("Tình hình chung", level=1)
    doc.add_paragraph(
        "Đa số hội viên phụ nữ đồng tình với chủ trương sáp nhập các chi hội.",
        style="List Bullet",
    )
    doc.add_paragraph(
        "Một số phụ huynh học sinh ở thôn Phú Thạnh lo lắng về các khoản thu đầu năm học.",
        style="List Bullet",
    )
    doc.add_heading("Kiến nghị", level=1)
    doc.add_paragraph("Đề nghị UBND xã sớm sửa chữa tuyến đường liên thôn bị sạt lở.")
    doc.add_paragraph("Trên đây là báo cáo của Ban Thường trực Ủy ban MTTQ xã.")
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("- Ủy ban MTTQ tỉnh;")
    doc.add_paragraph("- Lưu.")
    doc.add_paragraph("TM. BAN THƯỜNG TRỰC")
    doc.add_paragraph("CHỦ TỊCH")
    doc.add_paragraph("Lê Văn Cường")
    doc.save(str(path))
    return path


def member_org_half_year(path: Path) -> Path:
    """A member organisation's report for six months, with an item table."""
    doc = docx.Document()
    _header_table(
        doc,
        ["HỘI NÔNG DÂN VIỆT NAM", "BCH HỘI NÔNG DÂN TỈNH LÂM ĐỒNG", "Số: 31-BC/HND"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Đà Lạt, ngày 10 tháng 6 năm 2026"],
    )
    _centered(doc, "BÁO CÁO")
    _centered(doc, "Kết quả nắm bắt tâm tư, nguyện vọng của hội viên nông dân")
    _centered(doc, "6 tháng đầu năm 2026")
    doc.add_paragraph("I. TÂM TƯ, NGUYỆN VỌNG CỦA HỘI VIÊN")
    table = doc.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ("TT", "Nội dung ý kiến", "Địa bàn"),
                          strict=True):
        cell.text = text
    for row, values in zip(
        table.rows[1:],
        (
            ("1", "Bà con mong được hỗ trợ giống cây trồng sau đợt mưa đá.", "xã Tân Hội"),
            ("2", "Hội viên đề nghị kéo dài thời hạn vay vốn ưu đãi.", ""),
        ),
        strict=True,
    ):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    doc.add_paragraph("II. ĐỀ XUẤT")
    doc.add_paragraph("- Đề xuất Ngân hàng Chính sách xã hội tỉnh tăng nguồn vốn cho hộ nghèo.")
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("- Ủy ban MTTQ tỉnh;")
    doc.add_paragraph("TM. BAN THƯỜNG VỤ")
    doc.add_paragraph("CHỦ TỊCH")
    doc.add_paragraph("Phạm Văn Dũng")
    doc.save(str(path))
    return path


def pre_reform_commune(path: Path) -> Path:
    """A 2024 report (three levels of units, district in the header) in TCVN3 fonts."""
    doc = docx.Document()

    def legacy(text: str, font: str = ".VnTime") -> None:
        para = doc.add_paragraph()
        run = para.add_run(from_unicode(text, "tcvn3"))
        run.font.name = font

    legacy("MTTQ VIỆT NAM HUYỆN ĐỨC TRỌNG".lower(), ".VnTimeH")
    legacy("ỦY BAN MTTQ XÃ HIỆP THẠNH".lower(), ".VnTimeH")
    doc.add_paragraph("Số: 21/BC-MT")
    doc.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    doc.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    legacy("Hiệp Thạnh, ngày 20 tháng 12 năm 2024")
    _centered(doc, "BÁO CÁO")
    _centered(doc, "Tình hình tư tưởng, dư luận xã hội quý IV năm 2024")
    doc.add_paragraph("1. Dư luận trong Nhân dân")
    legacy(
        "Đa số cử tri thị trấn Liên Nghĩa hoài nghi về tiến độ dự án mở rộng quốc lộ 20."
    )
    legacy("Có người ở xã Hiệp An cho rằng giá điện tăng là hợp lý.")
    doc.add_paragraph("TM. BAN THƯỜNG TRỰC")
    doc.add_paragraph("CHỦ TỊCH")
    doc.add_paragraph("Hoàng Thị Em")
    doc.save(str(path))
    return path


def _read(path: Path, **options: Any) -> ImportBatch:
    batch = fresh_session().read(path, **options)
    batch.check()
    return batch


def _unit_name(code: str | None, day: dt.date) -> str:
    assert code is not None
    return catalog(day).get(code).name


# -- the province's monthly report ---------------------------------------------------------------

NOV_4 = dt.date(2026, 11, 4)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> ImportBatch:
    return _read(province_monthly(tmp_path_factory.mktemp("nar") / "bao-cao-thang-10.docx"))


def test_province_header(province: ImportBatch) -> None:
    assert len(province.reports) == 1
    report = province.reports[0]
    assert report.kind is ReportKind.OPINION_SITUATION
    assert report.issuer == "BAN THƯỜNG TRỰC"
    assert report.issuer_parent == "ỦY BAN MTTQ VIỆT NAM\nTỈNH LÂM ĐỒNG"
    assert report.number == "15/BC-MTTQ-BTT"
    assert report.place == "Lâm Đồng"
    assert report.issued_on == NOV_4
    assert report.period == Period.month(2026, 10)
    assert report.summary == "Tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026"
    assert report.title == "Báo cáo tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026"
    assert _unit_name(report.unit, NOV_4) == "Tỉnh Lâm Đồng"
    assert report.recipients == (
        "Ban Thường trực UBTW MTTQ Việt Nam", "Thường trực Tỉnh ủy", "Lưu VP",
    )
    assert report.signer_title == "TM. BAN THƯỜNG TRỰC\nPHÓ CHỦ TỊCH"
    assert report.signer_name == "Trần Thị Bình"
    assert report.item_ids == tuple(sorted(i.id for i in province.items))
    assert report.recommendation_ids == tuple(sorted(r.id for r in province.recommendations))


def test_province_sections(province: ImportBatch) -> None:
    report = province.reports[0]
    top = [(s.number, s.title) for s in report.sections]
    assert top == [
        ("I.", "TÌNH HÌNH TƯ TƯỞNG, TÂM TRẠNG CHUNG"),
        ("II.", "NHỮNG VẤN ĐỀ NHÂN DÂN QUAN TÂM"),
        ("III.", "KIẾN NGHỊ, ĐỀ XUẤT"),
        ("IV.", "ĐỊNH HƯỚNG NẮM BẮT KỲ TỚI"),
    ]
    concerns = report.sections[1]
    assert [(s.number, s.title) for s in concerns.subsections] == [
        ("1.", "Về kinh tế, giá cả"), ("2.", "Về an ninh, trật tự"),
    ]
    economy, order = concerns.subsections
    assert len(economy.item_ids) == 2 and len(order.item_ids) == 1
    # Work done is section text, not an opinion.
    assert order.paragraphs[-1].startswith("Trong tháng, Ban Thường trực")
    assert report.sections[3].item_ids == ()
    assert report.sections[3].paragraphs == (
        "Tiếp tục theo dõi dư luận về giá cả và thủ tục hành chính.",
    )
    # Boilerplate and the intro are no section text.
    every = [p for s in report.walk() for p in s.paragraphs]
    assert not any(p.startswith(("Trên đây", "Thực hiện")) for p in every)


def test_province_items(province: ImportBatch) -> None:
    items = province.items
    assert [i.source.location for i in items if i.source] == [
        "paragraph 5, sentence 1",
        "paragraph 5, sentence 2",
        "paragraph 8",
        "paragraph 9",
        "paragraph 10",
    ]
    assert [i.breadth for i in items] == [
        Breadth.OVERWHELMING_MAJORITY, Breadth.PART, Breadth.MANY_OPINIONS,
        Breadth.SOME_PEOPLE, Breadth.SOMEONE,
    ]
    general, uneasy, farmers, traders, credit = items
    assert general.text.startswith("Tuyệt đại đa số cán bộ, đảng viên")
    assert general.text.endswith("vận hành thông suốt.")
    assert uneasy.text == (
        "Tuy nhiên, một bộ phận người dân vùng sâu còn băn khoăn vì phải đi xa để làm thủ "
        "tục đất đai. Nguyên nhân là do điểm tiếp nhận hồ sơ còn ít."
    )
    assert uneasy.reasons == ("Nguyên nhân là do điểm tiếp nhận hồ sơ còn ít.",)
    assert traders.text == (
        "Một số tiểu thương ở phường Xuân Hương - Đà Lạt lo lắng vì chợ tạm chưa được bố trí."
    )
    assert credit.text == (
        "Có ý kiến bức xúc về tình trạng cho vay nặng lãi qua mạng tại xã Hiệp Thạnh."
    )
    # Orientation and mood from the lexicon classifier, with its provenance.
    assert general.orientation is Orientation.APPROVE
    assert uneasy.orientation is Orientation.UNEASY
    assert credit.orientation is Orientation.OPPOSE
    assert general.moods == {Mood.ENTHUSIASTIC, Mood.CONFIDENT}
    assert Mood.FRUSTRATED in credit.moods
    label = general.label("orientation")
    assert label is not None and label.classifier == "lexicon" and label.evidence
    # Groups from the subject-group taxonomy.
    assert "party-members" in general.groups
    assert farmers.groups == ("farmers",)
    assert traders.groups == ("business-people",)
    # Places: resolved on the report's date; no place means the report's unit.
    assert general.unit == province.reports[0].unit and general.place_text is None
    assert traders.place_text == "phường Xuân Hương - Đà Lạt"
    assert _unit_name(traders.unit, NOV_4) == "Phường Xuân Hương - Đà Lạt"
    assert credit.place_text == "xã Hiệp Thạnh"
    assert _unit_name(credit.unit, NOV_4) == "Xã Hiệp Thạnh"
    # Dates: within the period (the report came out after it ended).
    assert {i.date for i in items} == {dt.date(2026, 10, 31)}
    assert {i.report_id for i in items} == {province.reports[0].id}
    assert ("section", "1. Về kinh tế, giá cả") in farmers.extra


def test_province_recommendations(province: ImportBatch) -> None:
    central, local = province.recommendations
    assert central.text == "Đề nghị Chính phủ sớm có giải pháp bình ổn giá phân bón."
    assert central.competent_level is CompetentLevel.CENTRAL
    assert central.body == "Chính phủ"
    assert local.text == "Đề nghị UBND tỉnh chỉ đạo bố trí chợ tạm cho tiểu thương."
    assert local.competent_level is CompetentLevel.PROVINCE
    assert local.body == "UBND tỉnh"
    assert central.source is not None and central.source.location == "paragraph 14"
    assert province.problems == []
    assert province.seen == 1 + 5 + 2 and province.rejected == 0


def test_ids_are_content_hash_and_place(tmp_path: Path) -> None:
    path = province_monthly(tmp_path / "a.docx")
    first = _read(path)
    copy = tmp_path / "b.docx"
    copy.write_bytes(path.read_bytes())
    second = _read(copy)
    assert [r.id for r in first.records()] == [r.id for r in second.records()]
    sha = Source.from_any(path).sha256
    assert first.reports[0].id == content_id("report", sha)
    # The third item is the 15th paragraph in body order (7 in the header table before it),
    # its first line and first statement.
    assert first.items[2].id == content_id("item", sha, 15, 0, 0)
    assert len({r.id for r in first.records()}) == first.accepted


def test_changed_file_changes_ids(tmp_path: Path) -> None:
    first = _read(province_monthly(tmp_path / "a.docx"))
    doc = docx.Document(str(tmp_path / "a.docx"))
    doc.add_paragraph("")
    doc.save(str(tmp_path / "b.docx"))
    second = _read(tmp_path / "b.docx")
    assert {i.text for i in first.items} == {i.text for i in second.items}
    assert not {i.id for i in first.items} & {i.id for i in second.items}


# -- the commune's quarterly report ----------------------------------------------------------------


def test_commune_quarterly(tmp_path: Path) -> None:
    batch = _read(commune_quarterly(tmp_path / "xa.docx"))
    report = batch.reports[0]
    assert report.kind is ReportKind.PEOPLE_SITUATION
    assert report.period == Period.quarter(2026, 3)
    assert report.issuer == "ỦY BAN MTTQ VIỆT NAM\nXÃ ĐỨC TRỌNG"
    assert report.issuer_parent is None
    assert report.number == "07/BC-MTTQ"
    assert report.place == "Đức Trọng"
    assert _unit_name(report.unit, dt.date(2026, 9, 20)) == "Xã Đức Trọng"
    assert [s.title for s in report.sections] == ["Tình hình chung", "Kiến nghị"]
    women, parents = batch.items
    assert women.text == "Đa số hội viên phụ nữ đồng tình với chủ trương sáp nhập các chi hội."
    assert women.breadth is Breadth.MAJORITY and women.groups == ("women",)
    assert women.orientation is Orientation.APPROVE
    assert parents.breadth is Breadth.SOME_PEOPLE and parents.groups == ("students",)
    # A residential area is not an administrative unit: the item is in the commune.
    assert parents.unit == report.unit
    assert women.date == dt.date(2026, 9, 20)
    (road,) = batch.recommendations
    assert road.competent_level is CompetentLevel.COMMUNE and road.body == "UBND xã"
    assert report.recipients == ("Ủy ban MTTQ tỉnh", "Lưu")
    assert report.signer_title == "TM. BAN THƯỜNG TRỰC\nCHỦ TỊCH"
    assert report.signer_name == "Lê Văn Cường"
    assert batch.problems == []


# -- a member organisation, six months, an item table --------------------------------------------


def test_member_organisation_with_item_table(tmp_path: Path) -> None:
    batch = _read(member_org_half_year(tmp_path / "hnd.docx"))
    report = batch.reports[0]
    assert report.issuer_parent == "HỘI NÔNG DÂN VIỆT NAM"
    assert report.issuer == "BCH HỘI NÔNG DÂN TỈNH LÂM ĐỒNG"
    assert report.number == "31-BC/HND"
    assert report.period == Period.half(2026, 1)
    assert report.period is not None and report.period.kind is PeriodKind.HALF
    assert report.summary == (
        "Kết quả nắm bắt tâm tư, nguyện vọng của hội viên nông dân 6 tháng đầu năm 2026"
    )
    assert _unit_name(report.unit, dt.date(2026, 6, 10)) == "Tỉnh Lâm Đồng"
    seeds, loans = batch.items
    assert seeds.text == "Bà con mong được hỗ trợ giống cây trồng sau đợt mưa đá."
    assert seeds.source is not None and seeds.source.location == "table 2, row 2"
    assert ("Địa bàn", "xã Tân Hội") in seeds.extra and ("TT", "1") in seeds.extra
    assert _unit_name(seeds.unit, dt.date(2026, 6, 10)) == "Xã Tân Hội"
    # A table row is a record even without a breadth word.
    assert loans.text == "Hội viên đề nghị kéo dài thời hạn vay vốn ưu đãi."
    assert loans.breadth is None and loans.unit == report.unit
    (capital,) = batch.recommendations
    assert capital.text == (
        "Đề xuất Ngân hàng Chính sách xã hội tỉnh tăng nguồn vốn cho hộ nghèo."
    )
    assert capital.body == "Ngân hàng Chính sách xã hội tỉnh"
    assert capital.competent_level is CompetentLevel.PROVINCE
    assert report.signer_name == "Phạm Văn Dũng"


# -- legacy fonts and pre-2025 places ---------------------------------------------------------


def test_tcvn3_and_pre_reform_places(tmp_path: Path) -> None:
    batch = _read(pre_reform_commune(tmp_path / "2024.docx"))
    report = batch.reports[0]
    day = dt.date(2024, 12, 20)
    assert report.issuer_parent == "MTTQ VIỆT NAM HUYỆN ĐỨC TRỌNG"
    assert report.issuer == "ỦY BAN MTTQ XÃ HIỆP THẠNH"
    assert report.place == "Hiệp Thạnh" and report.issued_on == day
    assert report.period == Period.quarter(2024, 4)
    assert _unit_name(report.unit, day) == "Xã Hiệp Thạnh"
    town, power = batch.items
    assert town.text == (
        "Đa số cử tri thị trấn Liên Nghĩa hoài nghi về tiến độ dự án mở rộng quốc lộ 20."
    )
    assert town.breadth is Breadth.MAJORITY
    assert Mood.SCEPTICAL in town.moods
    # Resolved with the report's date: the town that existed then.
    assert _unit_name(town.unit, day) == "Thị trấn Liên Nghĩa"
    assert power.text == "Có người ở xã Hiệp An cho rằng giá điện tăng là hợp lý."
    assert power.breadth is Breadth.SOMEONE
    assert _unit_name(power.unit, day) == "Xã Hiệp An"
    converted = [p for p in batch.problems if p.code == "legacy-encoding-converted"]
    assert [p.location for p in converted] == [
        "paragraph 1", "paragraph 2", "paragraph 6", "paragraph 10", "paragraph 11",
    ]
    assert all(p.severity is Severity.INFO for p in converted)
    assert all("tcvn3" in p.message for p in converted)
    assert len(batch.problems) == len(converted)


def test_old_place_names_in_a_new_report(tmp_path: Path) -> None:
    path = tmp_path / "moi.txt"
    path.write_text(
        "ỦY BAN MTTQ VIỆT NAM\nTỈNH LÂM ĐỒNG\nLâm Đồng, ngày 02 tháng 11 năm 2026\n"
        "BÁO CÁO\nDư luận xã hội tháng 10 năm 2026\n"
        "1. Tình hình chung\n"
        "- Nhiều cử tri thị trấn Liên Nghĩa cũ phấn khởi khi trụ sở mới đi vào hoạt động.\n",
        encoding="utf-8",
    )
    batch = _read(path)
    (item,) = batch.items
    # The old town's successor on the report's date.
    assert _unit_name(item.unit, dt.date(2026, 11, 2)) == "Xã Đức Trọng"
    assert item.place_text == "thị trấn Liên Nghĩa"


# -- options, problems, strict mode ---------------------------------------------------------


def test_unit_option_and_unresolved_places(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(
        "ỦY BAN MTTQ VIỆT NAM\nXÃ KHÔNG CÓ THẬT\nSố: 1/BC-MT\n"
        "Nơi nào đó, ngày    tháng 10 năm 2026\nBÁO CÁO\nDư luận xã hội\n"
        "I. DƯ LUẬN\nMột số người dân xã Không Có Thật lo lắng về nước sạch.\n",
        encoding="utf-8",
    )
    batch = _read(path)
    codes = [p.code for p in batch.problems]
    assert codes == [
        "report-date-missing", "report-period-unknown", "report-unit-unknown", "place-unresolved",
    ]
    assert all(p.severity is Severity.WARNING for p in batch.problems)
    place = batch.problems[-1]
    assert place.location == "line 8" and "xã Không Có Thật" in place.message
    assert batch.reports[0].issued_on is None and batch.items[0].date is None
    given = _read(path, unit="68", resolve_places=False)
    assert given.reports[0].unit == "68" and given.items[0].unit == "68"
    assert [p.code for p in given.problems] == ["report-date-missing", "report-period-unknown"]


def test_damaged_statements_rejected_and_strict(tmp_path: Path) -> None:
    path = _broken_docx(tmp_path)
    batch = _read(path)
    assert batch.rejected == 1 and len(batch.items) == 1
    (error,) = [p for p in batch.problems if p.severity is Severity.ERROR]
    assert error.code == "statement-unreadable" and error.location == "paragraph 5"
    with pytest.raises(ProblemError):
        fresh_session().read(path, strict=True)


def test_unknown_option_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        fresh_session().read(province_monthly(tmp_path / "a.docx"), colour="red")


def test_selected_by_content_without_extension(tmp_path: Path) -> None:
    data = province_monthly(tmp_path / "a.docx").read_bytes()
    session = fresh_session()
    assert session.select_importer(Source.from_any(data)) is DocxImporter
    batch = session.read(data, name="tải-về")
    assert batch.source is not None and batch.source.importer == "docx"
    assert len(batch.items) == 5
    text = Source.from_any("BÁO CÁO\nDư luận xã hội trong nhân dân\n".encode(), name="x")
    assert session.select_importer(text) is TextImporter


def _broken_docx(tmp_path: Path) -> Path:
    doc = docx.Document()
    for text in ("ỦY BAN MTTQ VIỆT NAM", "TỈNH LÂM ĐỒNG", "BÁO CÁO",
                 "Dư luận xã hội tháng 10 năm 2026",
                 "\ufffd\ufffd \ufffd\ufffd\ufffd \ufffd\ufffd đa số \ufffd\ufffd\ufffd",
                 "Đa số người dân đồng tình với việc mở rộng đường."):
        doc.add_paragraph(text)
    path = tmp_path / "broken.docx"
    doc.save(str(path))
    return path


class TestDocxContract(ImporterContract):
    importer_class = DocxImporter

    def make_sample(self, tmp_path: Path) -> Path:
        return province_monthly(tmp_path / "sample.docx")

    def make_broken(self, tmp_path: Path) -> Path | None:
        return _broken_docx(tmp_path)


# -- what dlxh writes, dlxh reads back -----------------------------------------------------------


def test_reads_back_a_report_written_by_the_docx_exporter(tmp_path: Path) -> None:
    from dlxh.exporters.document import ReportBundle
    from dlxh.model.opinions import OpinionItem, Recommendation
    from dlxh.model.reports import Report, Section

    texts = (
        "Đa số Nhân dân phấn khởi trước kết quả sắp xếp bộ máy.",
        "Một số cử tri băn khoăn về thủ tục đất đai.",
    )
    items = [OpinionItem(id=f"i{n}", text=t) for n, t in enumerate(texts)]
    ids: Any = ("i0", "i1")
    report = Report(
        id="r1", kind=ReportKind.OPINION_SITUATION,
        title="Báo cáo tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026",
        period=Period.month(2026, 10), issuer="BAN THƯỜNG TRỰC",
        issuer_parent="ỦY BAN MTTQ VIỆT NAM\nTỈNH LÂM ĐỒNG", number="15/BC-MTTQ",
        place="Lâm Đồng", issued_on=NOV_4,
        sections=(Section("Tình hình tư tưởng chung", item_ids=ids),),
        recipients=("Thường trực Tỉnh ủy", "Lưu VP"),
        signer_title="TM. BAN THƯỜNG TRỰC\nPHÓ CHỦ TỊCH", signer_name="Trần Thị Bình",
    )
    recommendation = Recommendation(id="k1", text="Đề nghị UBND tỉnh sớm công khai quy hoạch.")
    session = fresh_session()
    path = tmp_path / "written.docx"
    session.write(ReportBundle(report, items=items, recommendations=[recommendation]), path)
    batch = session.read(path)
    batch.check()
    back = batch.reports[0]
    for field in ("kind", "title", "period", "issuer", "issuer_parent", "number", "place",
                  "issued_on", "recipients", "signer_title", "signer_name"):
        assert getattr(back, field) == getattr(report, field), field
    assert [i.text for i in batch.items] == list(texts)
    assert [r.text for r in batch.recommendations] == [recommendation.text]
    assert batch.recommendations[0].competent_level is CompetentLevel.PROVINCE
    # The annex (statistics tables) is section text, never opinion items.
    assert back.sections[-1].title == "PHỤ LỤC" and back.sections[-1].item_ids == ()


def test_page_numbers_when_the_document_records_page_breaks(tmp_path: Path) -> None:
    doc = docx.Document()
    for text in ("ỦY BAN MTTQ VIỆT NAM", "XÃ TÂN HỘI", "BÁO CÁO", "Dư luận xã hội năm 2026",
                 "I. TÌNH HÌNH CHUNG", "Đa số Nhân dân đồng tình với việc làm đường."):
        doc.add_paragraph(text)
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_paragraph("Một số hộ dân lo lắng vì chưa được bồi thường.")
    doc.save(str(tmp_path / "trang.docx"))
    batch = _read(tmp_path / "trang.docx")
    assert [i.source.location for i in batch.items if i.source] == [
        "page 1, paragraph 6", "page 2, paragraph 8",
    ]
