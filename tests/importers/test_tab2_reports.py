"""The report in the title rows above a table (xlsx and csv): issuer, period, place and date,
the issuing unit, the items' report id, and the header's province narrowing the rows' places.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from dlxh.importers import header, narrative
from dlxh.model.enums import ReportKind
from dlxh.model.periods import Period
from dlxh.plugins.source import Source
from dlxh.session import Session
from dlxh.testing import fresh_session
from dlxh.text import from_unicode

LAI_CHAU = "12"
MUONG_KIM = "03637"  # Xã Mường Kim, Lai Châu (since 1 July 2025)
LE_LOI_LAI_CHAU = "03487"  # Xã Lê Lợi, Lai Châu: another Xã Lê Lợi is in another province

COMMUNE_TITLES = [
    "ỦY BAN MTTQ VIỆT NAM TỈNH LAI CHÂU",
    "ỦY BAN MTTQ VIỆT NAM XÃ MƯỜNG KIM",
    "BẢNG TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN THÁNG 10 NĂM 2026",
    "Xã Mường Kim, ngày 07 tháng 11 năm 2026",
]
HEADER = ["STT", "Nội dung ý kiến", "Địa bàn", "Đối tượng", "Ngày", "Nguồn"]
ROWS: list[list[object]] = [
    [1, "Nhân dân phấn khởi vì đường liên bản đã được sửa", "Xã Mường Kim", "Nông dân",
     dt.date(2026, 10, 5), "Trực tiếp"],
    [2, "Bà con băn khoăn về giá phân bón tăng", "", "Nông dân", dt.date(2026, 10, 9), ""],
    [3, "Cử tri lo lắng về tình trạng lừa đảo qua mạng", "Xã Lê Lợi", "", "", ""],
    [4, "", "Xã Mường Kim", "", "", ""],  # no text: rejected
]


def _session() -> Session:
    return fresh_session()


def _workbook(path: Path, titles: Sequence[str], rows: Sequence[Sequence[object]] = ROWS,
              header_row: Sequence[str] = HEADER, sheet: str = "Tổng hợp") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for line in titles:
        ws.append([line])
    if titles:
        ws.append([])
    ws.append(list(header_row))
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def test_commune_month_report(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "muong-kim-t10.xlsx", COMMUNE_TITLES)
    batch = _session().read(path)
    batch.check()
    report = batch.reports[0]
    assert len(batch.reports) == 1
    assert report.issuer == "ỦY BAN MTTQ VIỆT NAM XÃ MƯỜNG KIM"
    assert report.issuer_parent == "ỦY BAN MTTQ VIỆT NAM TỈNH LAI CHÂU"
    assert report.title == "BẢNG TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN THÁNG 10 NĂM 2026"
    assert report.period == Period.month(2026, 10)
    assert report.kind is ReportKind.PERIODIC  # a table of the month's items, not a synthesis
    assert report.place == "Xã Mường Kim"
    assert report.issued_on == dt.date(2026, 11, 7)
    assert report.unit == MUONG_KIM
    assert report.number is None
    # Three rows read, one rejected (no text), and the report: all counted.
    assert batch.seen == 5 and batch.rejected == 1 and batch.accepted == 4
    assert report.item_ids == tuple(sorted(item.id for item in batch.items))
    assert {item.report_id for item in batch.items} == {report.id}
    first, second, third = batch.items
    assert first.unit == MUONG_KIM and first.place_text == "Xã Mường Kim"
    # A row that names no place: the issuing commune.
    assert second.unit == MUONG_KIM and second.place_text is None
    # "Xã Lê Lợi" names communes in two provinces: the header's province decides.
    assert third.unit == LE_LOI_LAI_CHAU
    assert third.date == dt.date(2026, 11, 7)  # no date in the row: the report's
    assert report.source is not None and report.source.location == "Tổng hợp"
    assert not [p for p in batch.problems if p.code.startswith(("report-", "place-"))]


def test_without_title_rows_no_report_and_no_narrowing(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "bang.xlsx", [])
    batch = _session().read(path)
    batch.check()
    assert batch.reports == []
    assert batch.seen == 4
    assert all(item.report_id is None for item in batch.items)
    assert batch.items[1].unit is None  # no place, no report: no unit
    third = batch.items[2]
    assert third.unit is None and third.place_text == "Xã Lê Lợi"
    assert ("place-ambiguous", "C4") in {
        (p.code, p.location.split("!")[1]) for p in batch.problems
    }


def test_within_option_wins_over_the_header(tmp_path: Path) -> None:
    # The user's province is strict: the Lê Lợi of Lai Châu is outside Hà Nội.
    path = _workbook(tmp_path / "muong-kim-t10.xlsx", COMMUNE_TITLES)
    batch = _session().read(path, within="01")
    assert batch.items[2].unit != LE_LOI_LAI_CHAU


def test_a_place_outside_the_header_province_is_still_found(tmp_path: Path) -> None:
    session = _session()
    elsewhere = "Phường Ba Đình, Thành phố Hà Nội"
    expected = session.resolve_unit(elsewhere, as_of=dt.date(2026, 10, 5))[0].unit.code
    rows = [[1, "Người dân ở Hà Nội phản ánh về ùn tắc giao thông", elsewhere, "", "", ""]]
    batch = session.read(_workbook(tmp_path / "x.xlsx", COMMUNE_TITLES, rows))
    assert batch.items[0].unit == expected
    assert expected[:2] != LAI_CHAU


def test_province_quarter_report(tmp_path: Path) -> None:
    titles = [
        "ỦY BAN MTTQ VIỆT NAM",
        "TỈNH LAI CHÂU",
        "BAN THƯỜNG TRỰC",
        "Số: 45/BC-MTTQ-BTT",
        "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI VÀ NHÂN DÂN",
        "Quý III/2026",
        "Lai Châu, ngày 05 tháng 10 năm 2026",
    ]
    rows = [[1, "Cử tri đề nghị sớm hoàn thành đường tránh", "", "", "", ""],
            [2, "Nhân dân phấn khởi với chính sách hỗ trợ nhà ở", "Xã Lê Lợi", "", "", ""]]
    batch = _session().read(_workbook(tmp_path / "tinh-q3.xlsx", titles, rows))
    batch.check()
    report = batch.reports[0]
    assert report.issuer == "BAN THƯỜNG TRỰC"
    assert report.issuer_parent == "ỦY BAN MTTQ VIỆT NAM\nTỈNH LAI CHÂU"
    assert report.number == "45/BC-MTTQ-BTT"
    assert report.period == Period.quarter(2026, 3)
    assert report.kind is ReportKind.VOTER_PETITIONS
    assert report.summary == "Quý III/2026"
    assert report.place == "Lai Châu" and report.issued_on == dt.date(2026, 10, 5)
    assert report.unit == LAI_CHAU
    assert batch.items[0].unit == LAI_CHAU  # no place: the province
    assert batch.items[1].unit == LE_LOI_LAI_CHAU
    assert batch.seen == 3 and batch.accepted == 3


def test_short_layout_and_form_label(tmp_path: Path) -> None:
    # No issuer; a form label above the title; headers without diacritics; dates as text.
    titles = ["Biểu số 01", *COMMUNE_TITLES[2:]]
    header_row = ["TT", "Noi dung y kien", "Dia ban", "Doi tuong", "Ngay"]
    rows = [[1, "Nhân dân đồng tình với việc sáp nhập thôn", "Xã Mường Kim", "Nông dân",
             "12/10/2026"]]
    batch = _session().read(_workbook(tmp_path / "short.xlsx", titles, rows, header_row))
    batch.check()
    report = batch.reports[0]
    assert report.issuer is None and report.issuer_parent is None
    assert report.period == Period.month(2026, 10)
    assert report.issued_on == dt.date(2026, 11, 7)
    assert report.unit == MUONG_KIM  # from the place-and-date line
    assert batch.items[0].date == dt.date(2026, 10, 12)
    assert batch.items[0].report_id == report.id


def test_reading_twice_gives_the_same_ids(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "muong-kim-t10.xlsx", COMMUNE_TITLES)
    one, two = _session().read(path), _session().read(Source.from_any(path.read_bytes()))
    assert [r.id for r in one.reports] == [r.id for r in two.reports]
    assert [i.id for i in one.items] == [i.id for i in two.items]
    assert one.reports[0] == two.reports[0] or (
        one.reports[0].item_ids == two.reports[0].item_ids
    )
    # Another sheet name is another report.
    other = _session().read(_workbook(tmp_path / "b.xlsx", COMMUNE_TITLES, sheet="Tháng 10"))
    assert other.reports[0].id != one.reports[0].id


def test_the_openpyxl_engine_reads_the_same_report(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "muong-kim-t10.xlsx", COMMUNE_TITLES)
    fast, slow = _session().read(path), _session().read(path, engine="openpyxl")
    assert fast.reports == slow.reports
    assert fast.items == slow.items


def test_each_sheet_its_report(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "two.xlsx", COMMUNE_TITLES)
    book = openpyxl.load_workbook(path)
    ws = book.create_sheet("Tháng 11")
    for line in (*COMMUNE_TITLES[:2], "BẢNG TỔNG HỢP Ý KIẾN THÁNG 11 NĂM 2026",
                 "Xã Mường Kim, ngày 05 tháng 12 năm 2026"):
        ws.append([line])
    ws.append(HEADER)
    ws.append([1, "Nhân dân phấn khởi vì được mùa", "", "", "", ""])
    book.save(path)
    batch = _session().read(path)
    batch.check()
    october, november = batch.reports
    assert october.period == Period.month(2026, 10)
    assert november.period == Period.month(2026, 11)
    assert november.issued_on == dt.date(2026, 12, 5)
    assert november.item_ids == (batch.items[-1].id,)
    assert batch.items[-1].report_id == november.id
    assert set(october.item_ids) == {i.id for i in batch.items[:-1]}


def test_tcvn3_title_rows(tmp_path: Path) -> None:
    def tcvn3(text: str) -> str:
        # .VnTime has no accented capitals among the printable codes: typed in lower case.
        return "".join(
            from_unicode(ch if from_unicode(ch, "tcvn3") >= " " else ch.lower(), "tcvn3")
            for ch in text
        )

    titles = [tcvn3(t) for t in COMMUNE_TITLES]
    rows = [[1, tcvn3("Nhân dân phấn khởi vì đường liên bản đã được sửa"), tcvn3("Xã Mường Kim"),
             "", "", ""]]
    batch = _session().read(_workbook(tmp_path / "tcvn3.xlsx", titles, rows,
                                      [tcvn3(h) for h in HEADER]))
    report = batch.reports[0]
    assert report.issuer == "ỦY BAN MTTQ VIỆT NAM XÃ MƯỜNG KIM"
    assert report.period == Period.month(2026, 10)
    assert report.unit == MUONG_KIM


def _csv(path: Path, titles: Sequence[str], encoding: str) -> Path:
    lines = [*titles, "", "STT;Nội dung ý kiến;Xã/phường;Đối tượng;Ngày",
             "1;Bà con phấn khởi vì có điện lưới;;Nông dân;03/10/2026",
             "2;Cử tri lo lắng về sạt lở đất;Xã Lê Lợi;;04/10/2026"]
    text = "\r\n".join(lines) + "\r\n"
    if encoding == "cp1258":
        path.write_bytes(from_unicode(text, "cp1258").encode("cp1252"))
    else:
        path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1258", "utf-8"])
def test_csv_title_lines(tmp_path: Path, encoding: str) -> None:
    batch = _session().read(_csv(tmp_path / "muong-kim.csv", COMMUNE_TITLES, encoding))
    batch.check()
    report = batch.reports[0]
    assert report.unit == MUONG_KIM
    assert report.period == Period.month(2026, 10)
    assert report.issued_on == dt.date(2026, 11, 7)
    assert report.issuer == "ỦY BAN MTTQ VIỆT NAM XÃ MƯỜNG KIM"
    assert report.source is not None and report.source.location == "file"
    first, second = batch.items
    assert first.unit == MUONG_KIM and second.unit == LE_LOI_LAI_CHAU
    assert first.report_id == second.report_id == report.id
    assert batch.seen == 3


def test_csv_without_title_lines_has_no_report(tmp_path: Path) -> None:
    batch = _session().read(_csv(tmp_path / "bang.csv", [], "utf-8-sig"))
    assert batch.reports == [] and batch.seen == 2
    assert batch.items[1].unit is None


def test_a_roster_gives_no_report(tmp_path: Path) -> None:
    header_row = ["STT", "Mã CTV", "Họ và tên", "Vai trò", "Mã đơn vị hành chính"]
    rows = [[1, "CTV-1", "Lò Văn Hưng", "Cộng tác viên dư luận xã hội", MUONG_KIM]]
    batch = _session().read(_workbook(tmp_path / "ctv.xlsx", COMMUNE_TITLES, rows, header_row))
    assert batch.reports == [] and len(batch.collaborators) == 1


def test_one_header_recogniser() -> None:
    # The narrative importers use the same functions (re-exported), not a copy.
    assert narrative.period_in is header.period_in
    assert narrative.place_phrases is header.place_phrases
    source = inspect.getsource(narrative)
    assert "_NUMBER_RE = " not in source and "_PERIOD_PATTERNS" not in source
    lines = [header.HeaderLine(t, f"A{n}") for n, t in enumerate(COMMUNE_TITLES, 1)]
    found = header.read_header(lines, titles_only=True)
    assert found.issuer == "ỦY BAN MTTQ VIỆT NAM XÃ MƯỜNG KIM"
    assert found.period() == Period.month(2026, 10)
    assert found.place_location == "A4"
