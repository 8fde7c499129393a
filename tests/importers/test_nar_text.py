"""Plain-text reports: encodings, wrapped lines, pages, numbering levels; the parser's
recognisers on their own."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.batch import ImportBatch
from dlxh.errors import DlxhError, Severity
from dlxh.importers.narrative import Paragraph, parse_narrative, period_in, place_phrases
from dlxh.importers.text_importer import TextImporter, decode_text
from dlxh.model.enums import Breadth, Orientation, ReportKind
from dlxh.model.periods import Period
from dlxh.model.sources import SourceRef
from dlxh.testing import fresh_session
from dlxh.testing.contracts import ImporterContract
from dlxh.text.encodings import from_unicode
from dlxh.units import catalog

REPORT = """\
ỦY BAN MTTQ VIỆT NAM
PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT
Số: 40/BC-MTTQ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Xuân Hương - Đà Lạt, ngày 14 tháng 10 năm 2026
BÁO CÁO NHANH
Dư luận về việc điều chỉnh giá nước sinh hoạt
I. DIỄN BIẾN DƯ LUẬN
1.1. Ý kiến đồng tình
a) Đa số cán bộ hưu trí đồng tình vì giá mới vẫn thấp hơn mức chung.
1.2. Ý kiến băn khoăn
a) Nhiều ý kiến tiểu thương cho rằng giá nước tăng cùng lúc với giá điện là quá sức.
+ Một số hộ kinh doanh nhà trọ phản đối vì không được báo trước.
II. KIẾN NGHỊ
* Đề nghị Công ty cấp nước công khai lộ trình tăng giá.
Nơi nhận: - Ủy ban MTTQ tỉnh; - Lưu VP.
TM. BAN THƯỜNG TRỰC
CHỦ TỊCH
Đinh Thị Giang
"""

STATEMENTS = [
    "Đa số cán bộ hưu trí đồng tình vì giá mới vẫn thấp hơn mức chung.",
    "Nhiều ý kiến tiểu thương cho rằng giá nước tăng cùng lúc với giá điện là quá sức.",
    "Một số hộ kinh doanh nhà trọ phản đối vì không được báo trước.",
]


def _legacy_bytes(text: str, encoding: str) -> bytes:
    shown = from_unicode(text, encoding)  # type: ignore[arg-type]
    out = bytearray()
    for ch in shown:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            out.append(ord(ch))
    return bytes(out)


ENCODED = {
    "utf-8": REPORT.encode("utf-8"),
    "utf-8-bom": codecs.BOM_UTF8 + REPORT.encode("utf-8"),
    "utf-16-le-bom": REPORT.encode("utf-16"),
    "utf-16-be-bom": codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"),
    "utf-16-le": REPORT.encode("utf-16-le"),
    "cp1258": _legacy_bytes(REPORT, "cp1258"),
    "tcvn3": _legacy_bytes(REPORT, "tcvn3"),
}


def _read(data: bytes, name: str = "bao-cao.txt", **options: Any) -> ImportBatch:
    batch = fresh_session().read(data, name=name, **options)
    batch.check()
    return batch


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_encodings_give_the_same_records(encoding: str) -> None:
    batch = _read(ENCODED[encoding])
    assert [i.text for i in batch.items] == STATEMENTS
    report = batch.reports[0]
    assert report.kind is ReportKind.QUICK
    assert report.number == "40/BC-MTTQ"
    assert report.issued_on == dt.date(2026, 10, 14)
    assert report.period is None
    converted = [p for p in batch.problems if p.code == "legacy-encoding-converted"]
    if encoding in ("cp1258", "tcvn3"):
        assert len(converted) == 1 and encoding in converted[0].message
        assert converted[0].location == "file"
    else:
        assert converted == []


def test_quick_report_structure() -> None:
    batch = _read(ENCODED["utf-8"])
    report = batch.reports[0]
    assert report.title == "Báo cáo nhanh dư luận về việc điều chỉnh giá nước sinh hoạt"
    assert report.issuer == "ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT"
    assert report.place == "Xuân Hương - Đà Lạt"
    top = report.sections
    assert [(s.number, s.title) for s in top] == [
        ("I.", "DIỄN BIẾN DƯ LUẬN"), ("II.", "KIẾN NGHỊ"),
    ]
    assert [(s.number, s.title) for s in top[0].subsections] == [
        ("1.1.", "Ý kiến đồng tình"), ("1.2.", "Ý kiến băn khoăn"),
    ]
    agree, uneasy = top[0].subsections
    assert len(agree.item_ids) == 1 and len(uneasy.item_ids) == 2
    retirees, traders, landlords = batch.items
    assert retirees.breadth is Breadth.MAJORITY and retirees.groups == ("retirees",)
    assert traders.breadth is Breadth.MANY_OPINIONS
    assert landlords.breadth is Breadth.SOME_PEOPLE
    assert landlords.orientation is Orientation.OPPOSE
    assert [i.source.location for i in batch.items if i.source] == ["line 11", "line 13",
                                                                     "line 14"]
    (water,) = batch.recommendations
    assert water.text == "Đề nghị Công ty cấp nước công khai lộ trình tăng giá."
    # No level named, no body recognised: left unknown rather than guessed.
    assert water.competent_level is None and water.body is None
    assert report.recipients == ("Ủy ban MTTQ tỉnh", "Lưu VP")
    assert report.signer_name == "Đinh Thị Giang"


def test_wrapped_lines_and_pages() -> None:
    text = (
        "ỦY BAN MTTQ VIỆT NAM\nXÃ TÂN HỘI\nBÁO CÁO\nDư luận xã hội năm 2026\n"
        "1. Tình hình chung\n"
        "Đa số Nhân dân phấn khởi khi công trình nước sạch của xã được\n"
        "hoàn thành đúng hẹn và đưa vào sử dụng.\n"
        "\f2. Vấn đề bức xúc\n"
        "Một số hộ dân bức xúc vì bụi từ xe chở đất.\n"
    )
    batch = _read(text.encode())
    first, second = batch.items
    assert first.text == (
        "Đa số Nhân dân phấn khởi khi công trình nước sạch của xã được hoàn thành đúng hẹn "
        "và đưa vào sử dụng."
    )
    assert first.source is not None and first.source.location == "page 1, line 6"
    assert second.text == "Một số hộ dân bức xúc vì bụi từ xe chở đất."
    assert second.source is not None and second.source.location == "page 2, line 9"
    assert batch.reports[0].period == Period.year_of(2026)


def test_decode_text_reports_the_encoding() -> None:
    assert decode_text("Việt Nam".encode())[1] == "utf-8"
    assert decode_text("Việt Nam".encode("utf-16"))[1] == "utf-16"
    text, encoding = decode_text(_legacy_bytes("Cộng hòa xã hội chủ nghĩa Việt Nam", "tcvn3"))
    assert (text, encoding) == ("Cộng hòa xã hội chủ nghĩa Việt Nam", "tcvn3")


def test_text_sniffing() -> None:
    report = TextImporter.sniff
    from dlxh.plugins.source import Source

    assert report(Source.from_any(REPORT.encode(), name="x.txt")) >= 0.8
    assert report(Source.from_any(REPORT.encode(), name="x")) >= 0.6
    assert report(Source.from_any(b"a,b\n1,2\n", name="x.csv")) < 0.1
    assert report(Source.from_any(b'{"format": "dlxh/1"}', name="x.txt")) == 0.0
    assert report(Source.from_any(b"PK\x03\x04", name="x.txt")) == 0.0


# -- the recognisers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026", Period.month(2026, 10)),
        ("Báo cáo tháng 3/2025", Period.month(2025, 3)),
        ("Dư luận xã hội quý III năm 2026", Period.quarter(2026, 3)),
        ("Tổng hợp quý 2/2026", Period.quarter(2026, 2)),
        ("Tình hình nhân dân 6 tháng đầu năm 2026", Period.half(2026, 1)),
        ("Sáu tháng cuối năm 2025", Period.half(2025, 2)),
        ("Tình hình tư tưởng năm 2026", Period.year_of(2026)),
        ("Kết quả tuần 43/2026", Period.week(2026, 43)),
        ("Dư luận 9 tháng năm 2026",
         Period.ad_hoc(dt.date(2026, 1, 1), dt.date(2026, 9, 30), name="9 tháng")),
        ("Dư luận xã hội về giá điện", None),
    ],
)
def test_period_in_titles(title: str, expected: Period | None) -> None:
    assert period_in(title) == expected


def test_period_without_year_takes_the_report_year() -> None:
    assert period_in("6 tháng đầu năm", year=2026) == Period.half(2026, 1)
    assert period_in("6 tháng đầu năm") is None


@given(st.integers(2000, 2099), st.integers(1, 12))
def test_month_titles_roundtrip(year: int, month: int) -> None:
    assert period_in(f"Báo cáo dư luận tháng {month} năm {year}") == Period.month(year, month)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nhân dân xã Tân Hội phấn khởi", ["xã Tân Hội"]),
        ("ở các xã Hiệp Thạnh, Hiệp An và Tân Hội", ["xã Hiệp Thạnh", "xã Hiệp An",
                                                       "xã Tân Hội"]),
        ("tại phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
         ["phường Xuân Hương - Đà Lạt", "tỉnh Lâm Đồng"]),
        ("ỦY BAN MTTQ VIỆT NAM TỈNH LÂM ĐỒNG", ["tỉnh LÂM ĐỒNG"]),
        ("phường 3, quận 10 và TP. Hồ Chí Minh", ["phường 3", "quận 10",
                                                   "thành phố Hồ Chí Minh"]),
        ("vấn đề xã hội, tỉnh ủy và thành phố nói chung", []),
    ],
)
def test_place_phrases(text: str, expected: list[str]) -> None:
    assert place_phrases(text) == expected


@given(st.text(max_size=200))
def test_place_phrases_never_fail(text: str) -> None:
    for phrase in place_phrases(text):
        assert phrase.split()[0] in {"xã", "phường", "thị", "đặc", "huyện", "quận", "thành",
                                     "tỉnh"}


@given(st.lists(st.text(alphabet="ĐđaăbcIV1.-+:) \nxãtỉnhBÁOCÁOngàytháng0123456789", max_size=40),
                max_size=12))
def test_parser_never_crashes(lines: list[str]) -> None:
    batch = ImportBatch(source=SourceRef(file="x", sha256="0" * 64))
    paragraphs = [Paragraph(text, f"line {n}", n) for n, text in enumerate(lines, start=1)]
    try:
        parse_narrative(paragraphs, batch, source=batch.source or SourceRef(file="x"),
                        resolve_places=False)
    except DlxhError:
        return
    batch.check()
    assert len(batch.reports) == 1


class TestTextContract(ImporterContract):
    importer_class = TextImporter

    def make_sample(self, tmp_path: Path) -> Path:
        path = tmp_path / "bao-cao.txt"
        path.write_bytes(ENCODED["utf-8"])
        return path

    def make_broken(self, tmp_path: Path) -> Path | None:
        path = tmp_path / "hong.txt"
        path.write_text(
            "BÁO CÁO\nDư luận xã hội tháng 10 năm 2026\nI. DƯ LUẬN\n"
            "Đa số \ufffd\ufffd\ufffd \ufffd\ufffd \ufffd\ufffd\ufffd \ufffd\ufffd.\n"
            "Một số người dân lo lắng về giá xăng.\n",
            encoding="utf-8",
        )
        return path


def test_ambiguous_place_damaged_text_and_missing_title() -> None:
    text = (
        "Trong tuần, dư luận xã hội tập trung vào giá lương thực.\n"
        "Nhiều ý kiến ở xã Tân Phú cho rằng giá gạo tăng nhanh.\n"
        "Một số người dân lo lắng về dịch bệnh \ufffd trên đàn gia súc ở các thôn.\n"
    )
    batch = _read(text.encode(), name="ghi-chep.txt")
    codes = [(p.code, p.location) for p in batch.problems]
    assert codes == [
        ("report-title-missing", "line 1"),
        ("report-unit-unknown", "line 1"),
        ("place-ambiguous", "line 2"),
        ("statement-damaged", "line 3"),
    ]
    assert all(p.severity is Severity.WARNING for p in batch.problems)
    assert "Tân Phú" in batch.problems[2].message and "within=" in batch.problems[2].message
    first, rice, disease = batch.items
    assert first.text == "Trong tuần, dư luận xã hội tập trung vào giá lương thực."
    assert batch.reports[0].title == ReportKind.OPINION_SITUATION.label
    assert rice.unit is None and rice.place_text == "xã Tân Phú"
    assert "\ufffd" in disease.text
    assert batch.reports[0].kind is ReportKind.OPINION_SITUATION
    # With the province given, the place is one unit.
    narrowed = _read(text.encode(), name="ghi-chep.txt", within="40")
    assert narrowed.items[1].unit is not None
    assert catalog().get(narrowed.items[1].unit).name == "Xã Tân Phú"
    assert catalog().province_of(narrowed.items[1].unit).name == "Tỉnh Nghệ An"
    assert "place-ambiguous" not in [p.code for p in narrowed.problems]


def test_report_without_sections_and_how_statements_split() -> None:
    text = (
        "BÁO CÁO NHANH\nVụ sạt lở tại xã Tân Hội\n"
        "Thực hiện chỉ đạo của Ban Thường trực, Ủy ban MTTQ xã báo cáo như sau:\n"
        "Theo phản ánh của Nhân dân, đa số hộ dân vùng sạt lở lo lắng khi mùa mưa đến. "
        "Nguyên nhân là do một số hộ chưa được di dời. "
        "Tại thôn Phú Thạnh, nhiều hộ đã tự dựng lều tạm. "
        "Việc hỗ trợ còn chậm.\n"
        "PHẦN II. KIẾN NGHỊ\n"
        "Đề nghị UBND tỉnh sớm bố trí tái định cư.\n"
    )
    batch = _read(text.encode(), name="nhanh.txt")
    report = batch.reports[0]
    assert report.kind is ReportKind.QUICK
    assert report.summary == "Vụ sạt lở tại xã Tân Hội"
    worried, tents = batch.items
    assert worried.text == (
        "Theo phản ánh của Nhân dân, đa số hộ dân vùng sạt lở lo lắng khi mùa mưa đến. "
        "Nguyên nhân là do một số hộ chưa được di dời."
    )
    assert worried.breadth is Breadth.MAJORITY
    assert worried.reasons == ("Nguyên nhân là do một số hộ chưa được di dời.",)
    assert tents.text == (
        "Tại thôn Phú Thạnh, nhiều hộ đã tự dựng lều tạm. Việc hỗ trợ còn chậm."
    )
    assert tents.source is not None and tents.source.location == "line 4, sentence 3"
    assert [(s.number, s.title) for s in report.sections] == [("", ""), ("II.", "KIẾN NGHỊ")]
    assert [r.text for r in batch.recommendations] == [
        "Đề nghị UBND tỉnh sớm bố trí tái định cư."
    ]
