"""The xlsx importer: header finding, merged two-row headers, renamed columns, legacy text,
pre-2025 places, bad rows, several sheets, both engines, and the importer contract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

from dlxh.errors import ConfigurationError, ProblemError, Severity
from dlxh.importers.xlsx_importer import XlsxImporter
from dlxh.model.enums import CompetentLevel, Orientation, Origin, RecommendationStatus
from dlxh.model.ids import content_id
from dlxh.model.opinions import OpinionItem
from dlxh.plugins.source import Source
from dlxh.session import Session
from dlxh.testing import fresh_session
from dlxh.testing.contracts import ImporterContract
from dlxh.text import from_unicode

OLD_WARD = "Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội"  # merged in 2025 into Hồng Hà


def _session() -> Session:
    return fresh_session()


def report_workbook(path: Path) -> Path:
    """A monthly report as people make it: title rows, a merged two-row header with a
    column-number row, two sheets (opinions, recommendations), blank and bad rows."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Tháng 10"
    ws["A1"] = "ỦY BAN MTTQ VIỆT NAM PHƯỜNG HỒNG HÀ"
    ws.merge_cells("A1:J1")
    ws["A2"] = "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN"
    ws.merge_cells("A2:J2")
    ws["A3"] = "Hà Nội, ngày 20 tháng 10 năm 2026"
    for col, title in zip("ABCFGHIJ", ["STT", "Nội dung ý kiến", "Lĩnh vực", "Ngày", "Thái độ",
                                        "Nguồn", "Đối tượng", "Kiến nghị"], strict=True):
        ws[f"{col}5"] = title
        ws.merge_cells(f"{col}5:{col}6")
    ws["D5"] = "Địa bàn"
    ws.merge_cells("D5:E5")
    ws["D6"] = "Xã/phường"
    ws["E6"] = "Thôn/tổ dân phố"
    ws.append([f"({i})" for i in range(1, 11)])  # row 7: column numbers
    ws.append([1, "Nhân dân phấn khởi khi thủ tục hành chính được làm trực tuyến",
               "Chuyển đổi số", OLD_WARD, "Tổ 5", dt.date(2024, 6, 3), "Đồng tình",
               "Trực tiếp", "Cán bộ hưu trí; Phụ nữ", None])
    ws.append([2, "Bà con băn khoăn về giá điện tăng", "Giá cả", OLD_WARD, None, 46000,
               "băn khoăn", "Mạng xã hội", "Nông dân", "Đề nghị giữ ổn định giá điện"])
    ws.append([])  # row 10: blank, skipped and not counted
    ws.append([4, None, "Y tế", OLD_WARD, None, dt.date(2026, 10, 1)])  # row 11: no text
    ws.append([5, "Ý kiến có ngày ghi sai", "Y tế", "Nơi không hề có xyzw", None,
               "32/13/2026", "Ủng hộ hết mình", None, None, None])  # row 12
    rec = book.create_sheet("Kiến nghị")
    rec.append(["DANH SÁCH KIẾN NGHỊ"])
    rec.append(["STT", "Nội dung kiến nghị", "Cơ quan có thẩm quyền", "Thẩm quyền",
                "Tình trạng", "Ngày"])
    rec.append([1, "Sửa chữa tuyến đường liên thôn", "UBND phường", "Xã", "Đã chuyển",
                "15/10/2026"])
    rec.append([2, "Tăng mức hỗ trợ người cao tuổi", "Bộ Lao động", "Trung ương",
                "Chưa rõ lắm", "16/10/2026"])
    rec.append([3, None, "UBND phường", "Xã", None, None])
    book.save(path)
    return path


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return report_workbook(tmp_path / "bao-cao-thang-10.xlsx")


def _problems(batch: Any) -> set[tuple[str, str, str]]:
    return {(p.code, str(p.severity), p.location) for p in batch.problems}


def test_report_records(report: Path) -> None:
    batch = _session().read(report)
    batch.check()
    assert batch.source is not None and batch.source.importer == "xlsx"
    # 4 opinion rows + 1 recommendation in an opinion row + 3 recommendation rows, and the
    # report in the first sheet's title rows (the second sheet's bare title gives none).
    assert batch.seen == 9
    assert len(batch.reports) == 1
    assert batch.rejected == 2
    first, second, third = batch.items
    assert first.text == "Nhân dân phấn khởi khi thủ tục hành chính được làm trực tuyến"
    assert first.date == dt.date(2024, 6, 3)
    assert first.unit == "00001"  # the ward in force on its date
    assert first.place_text == OLD_WARD
    assert first.orientation is Orientation.APPROVE
    assert first.origin is Origin.FIRST_HAND
    assert first.groups == ("Cán bộ hưu trí", "Phụ nữ")
    assert first.value("topic") == "Chuyển đổi số"
    assert first.label("orientation") is not None
    assert first.label("orientation").classifier == "human"  # type: ignore[union-attr]
    assert ("Địa bàn / Thôn/tổ dân phố", "Tổ 5") in first.extra
    assert first.source is not None and first.source.location == "Tháng 10!A8"
    # Excel serial 46000 is 9 December 2025: after the reform, the old ward became another.
    assert second.date == dt.date(2025, 12, 9)
    assert second.unit == "00097"
    assert second.orientation is Orientation.UNEASY
    assert second.origin is Origin.SOCIAL_MEDIA
    # The bad date falls back to the report's date from the title rows.
    assert third.text == "Ý kiến có ngày ghi sai"
    assert third.date == dt.date(2026, 10, 20)
    assert third.unit is None and third.place_text == "Nơi không hề có xyzw"
    assert third.orientation is None
    assert ("Thái độ", "Ủng hộ hết mình") in third.extra
    recs = batch.recommendations
    assert [r.text for r in recs] == [
        "Đề nghị giữ ổn định giá điện",
        "Sửa chữa tuyến đường liên thôn",
        "Tăng mức hỗ trợ người cao tuổi",
    ]
    assert recs[0].item_ids == (second.id,)
    assert recs[1].competent_level is CompetentLevel.COMMUNE
    assert recs[1].status is RecommendationStatus.FORWARDED
    assert recs[1].body == "UBND phường"
    assert recs[1].date == dt.date(2026, 10, 15)
    assert recs[2].competent_level is CompetentLevel.CENTRAL
    assert recs[2].status is RecommendationStatus.NEW
    assert _problems(batch) == {
        ("report-period-unknown", "warning", "Tháng 10!A3"),
        ("place-former-unit", "info", "Tháng 10!D9"),
        ("missing-text", "error", "Tháng 10!B11"),
        ("unreadable-date", "warning", "Tháng 10!F12"),
        ("place-unresolved", "warning", "Tháng 10!D12"),
        ("unknown-value", "warning", "Tháng 10!G12"),
        ("unknown-value", "warning", "Kiến nghị!E4"),
        ("missing-text", "error", "Kiến nghị!B5"),
    }


def test_ids_are_content_and_place(report: Path) -> None:
    source = Source.from_any(report)
    batch = _session().read(source)
    assert batch.items[0].id == content_id("op", source.sha256, "Tháng 10", 8)
    again = _session().read(report.read_bytes(), name="copy.xlsx")
    assert [i.id for i in again.items] == [i.id for i in batch.items]


def test_engines_give_the_same_batch(report: Path) -> None:
    session = _session()
    fast = session.read(report)
    slow = session.read(report, engine="openpyxl")
    assert list(fast.records()) == list(slow.records())
    assert fast.problems == slow.problems
    assert (fast.seen, fast.rejected) == (slow.seen, slow.rejected)


def test_strict_raises_on_first_bad_row(report: Path) -> None:
    with pytest.raises(ProblemError) as info:
        _session().read(report, strict=True)
    assert info.value.problem.code == "missing-text"


def test_sheets_option(report: Path) -> None:
    batch = _session().read(report, sheets=["Kiến nghị"])
    assert batch.items == [] and len(batch.recommendations) == 2
    with pytest.raises(ConfigurationError, match="no sheet named"):
        _session().read(report, sheets=["Không có"])


def test_renamed_columns_without_diacritics_and_user_mapping(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["TT", "NOI DUNG Y KIEN CUA CU TRI", "Dia ban", "Thoi gian", "Cột lạ"])
    ws.append([1, "Cử tri đề nghị sửa đường", "Phường Ba Đình, Thành phố Hà Nội",
               "05/10/2026", "ghi chú A"])
    path = tmp_path / "doi-ten.xlsx"
    book.save(path)
    batch = _session().read(path)
    (item,) = batch.items
    assert item.text == "Cử tri đề nghị sửa đường"
    assert item.unit == "00004"
    assert item.date == dt.date(2026, 10, 5)
    assert item.extra == (("Cột lạ", "ghi chú A"),)
    # A table whose text column has an unknown name is read through a mapping.
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["Cột lạ", "Ngày"])
    ws.append(["Ý kiến về học phí", "06/10/2026"])
    odd = tmp_path / "cot-la.xlsx"
    book.save(odd)
    assert _session().read(odd).items == []
    mapped = _session().read(odd, columns={"cot la": "text"})
    assert [i.text for i in mapped.items] == ["Ý kiến về học phí"]
    with pytest.raises(ConfigurationError, match="unknown field"):
        _session().read(odd, columns={"Cột lạ": "nonsense"})


def test_header_not_found_is_a_warning(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["a", "b"])
    ws.append([1, 2])
    path = tmp_path / "khong-ro.xlsx"
    book.save(path)
    batch = _session().read(path)
    assert batch.seen == 0
    assert _problems(batch) == {("header-not-found", "warning", "Sheet")}


def test_tcvn3_cells_and_headers_are_converted(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "TCVN3"
    ws.append([from_unicode(h, "tcvn3") for h in ("Nội dung ý kiến", "Thái độ")])
    texts = ["Nhân dân đồng tình với chủ trương sáp nhập xã",
             "Bà con lo lắng về giá phân bón tăng cao"]
    for text, attitude in zip(texts, ["Đồng tình", "Băn khoăn"], strict=True):
        ws.append([from_unicode(text, "tcvn3"), from_unicode(attitude, "tcvn3")])
    path = tmp_path / "tcvn3.xlsx"
    book.save(path)
    batch = _session().read(path)
    assert [i.text for i in batch.items] == texts
    assert [i.orientation for i in batch.items] == [Orientation.APPROVE, Orientation.UNEASY]
    codes = [(p.code, p.location) for p in batch.problems]
    assert ("legacy-encoding-converted", "TCVN3!1:1") in codes
    assert ("legacy-encoding-converted", "TCVN3!A") in codes
    assert all(p.severity is Severity.INFO for p in batch.problems)


def test_within_narrows_an_ambiguous_commune(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["Nội dung", "Xã/phường", "Ngày"])
    ws.append(["Ý kiến về đường giao thông", "Xã Hòa Bình", "01/10/2024"])
    path = tmp_path / "hoa-binh.xlsx"
    book.save(path)
    batch = _session().read(path)
    assert batch.items[0].unit is None
    assert [p.code for p in batch.problems] == ["place-ambiguous"]


def test_wrong_types_are_read_as_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["Mã", "Nội dung", "Ngày"])
    ws.append([10, 12345, True])
    ws.append([10, "trùng mã", None])
    path = tmp_path / "kieu.xlsx"
    book.save(path)
    batch = _session().read(path)
    (item,) = batch.items
    assert item.id == "10" and item.text == "12345"
    assert _problems(batch) == {
        ("unreadable-date", "warning", "Sheet!C2"),
        ("duplicate-id", "error", "Sheet!A3"),
    }


class TestXlsxContract(ImporterContract):
    importer_class = XlsxImporter

    def make_sample(self, tmp_path: Path) -> Path:
        return report_workbook(tmp_path / "mau.xlsx")

    def make_broken(self, tmp_path: Path) -> Path:
        return report_workbook(tmp_path / "hong.xlsx")


def test_hidden_sheet_is_skipped_unless_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["Nội dung ý kiến", "Ngày"])
    ws.append(["Ý kiến hiện", "01/10/2026"])
    hidden = book.create_sheet("Ẩn")
    hidden.append(["Nội dung ý kiến", "Ngày"])
    hidden.append(["Ý kiến ẩn", "02/10/2026"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "an.xlsx"
    book.save(path)
    batch = _session().read(path)
    assert [i.text for i in batch.items] == ["Ý kiến hiện"]
    assert _problems(batch) == {("hidden-sheet-skipped", "info", "Ẩn")}
    named = _session().read(path, sheets=["Ẩn"])
    assert [i.text for i in named.items] == ["Ý kiến ẩn"]


def test_detection_by_content(tmp_path: Path) -> None:
    path = report_workbook(tmp_path / "bao-cao.dat")
    assert _session().select_importer(Source.from_any(path)) is XlsxImporter
    docx_like = tmp_path / "van-ban.xlsx"
    import zipfile

    with zipfile.ZipFile(docx_like, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert XlsxImporter.sniff(Source.from_any(docx_like)) == 0.0


def test_places_as_codes(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["Nội dung ý kiến", "Mã xã", "Địa bàn", "Ngày"])
    ws.append(["Ý kiến có mã", "00004", None, "01/10/2026"])
    ws.append(["Mã sai, có tên", "99999", "Phường Ba Đình, Thành phố Hà Nội", "01/10/2026"])
    ws.append(["Mã đã đóng", "00001", None, "01/10/2026"])  # Phúc Xá, closed in 2025
    path = tmp_path / "ma.xlsx"
    book.save(path)
    batch = _session().read(path)
    assert [i.unit for i in batch.items] == ["00004", "00004", None]
    assert _problems(batch) == {
        ("unknown-unit-code", "warning", "Sheet!B3"),
        ("unknown-unit-code", "warning", "Sheet!B4"),
    }


def test_items_of_a_workbook_equal_checked_ones(tmp_path: Path) -> None:
    batch = _session().read(report_workbook(tmp_path / "bao-cao.xlsx"))
    assert batch.items
    for item in batch.items:
        assert OpinionItem(**attrs.asdict(item, recurse=False)) == item


def test_a_table_away_from_a1_is_placed_where_it_is(tmp_path: Path) -> None:
    # The cells start at C3: calamine's rows are completed to A1, as openpyxl's are.
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Lệch"
    ws["C3"], ws["D3"], ws["E3"] = "Nội dung ý kiến", "Ngày", "Thái độ"
    ws["C4"], ws["D4"], ws["E4"] = "Ý kiến thứ nhất", "01/10/2026", "Đồng tình"
    ws["D5"], ws["E5"] = "02/10/2026", "Phản đối"
    ws["C6"], ws["D6"], ws["E6"] = "Ý kiến thứ ba", "ngày xấu", "Không biết"
    path = tmp_path / "lech.xlsx"
    book.save(path)
    session = _session()
    fast = session.read(path)
    slow = session.read(path, engine="openpyxl")
    assert [i.text for i in fast.items] == ["Ý kiến thứ nhất", "Ý kiến thứ ba"]
    assert [i.source.location for i in fast.items if i.source] == ["Lệch!A4", "Lệch!A6"]
    assert _problems(fast) == {
        ("missing-text", "error", "Lệch!C5"),
        ("unreadable-date", "warning", "Lệch!D6"),
        ("unknown-value", "warning", "Lệch!E6"),
    }
    assert list(fast.records()) == list(slow.records())
    assert fast.problems == slow.problems
    assert (fast.seen, fast.rejected) == (slow.seen, slow.rejected) == (3, 1)


def test_sheet_rows_are_what_calamine_lists(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    from dlxh.importers.xlsx_importer import _sheet_rows

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws["B3"], ws["D4"], ws["C7"] = "b3", 4.5, dt.date(2026, 10, 1)
    empty = book.create_sheet("Trống")
    assert empty is not None
    path = tmp_path / "rows.xlsx"
    book.save(path)
    with CalamineWorkbook.from_path(str(path)) as workbook:
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            listed = sheet.to_python(skip_empty_area=False)
            rows = _sheet_rows(sheet)
            assert len(rows) == len(listed)
            assert list(rows) == listed


def test_repeated_place_and_date_cells_read_as_the_first(tmp_path: Path) -> None:
    # Rows repeating a place and a date get the date, unit and place of the first; a
    # problem is noted again on every row that has it; True and 1 are equal in Python,
    # but name different places.
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["STT", "Nội dung ý kiến", "Địa bàn", "Ngày"])
    rows: list[list[Any]] = [
        [OLD_WARD, dt.date(2024, 6, 3)], [OLD_WARD, dt.date(2024, 6, 3)],
        ["Nơi không hề có xyzw", dt.date(2026, 10, 1)],
        ["Nơi không hề có xyzw", dt.date(2026, 10, 1)],
        [OLD_WARD, "32/13/2026"], [OLD_WARD, "32/13/2026"],
        [True, dt.date(2026, 10, 1)], [1, dt.date(2026, 10, 1)],
    ]
    for n, (place, day) in enumerate(rows, 1):
        ws.append([n, f"Ý kiến số {n}", place, day])
    path = tmp_path / "places.xlsx"
    book.save(path)
    batch = _session().read(path)
    got = [(i.date, i.unit, i.place_text) for i in batch.items]
    assert got[1] == got[0] and got[0][1] is not None and got[0][2] == OLD_WARD
    assert got[3] == got[2] == (dt.date(2026, 10, 1), None, "Nơi không hề có xyzw")
    assert got[5] == got[4] and got[4][0] is None and got[4][2] == OLD_WARD
    assert [g[2] for g in got[6:]] == ["Có", "1"]
    assert [(p.code, p.location) for p in batch.problems] == [
        ("place-unresolved", "Sheet!C4"), ("place-unresolved", "Sheet!C5"),
        ("unreadable-date", "Sheet!D6"), ("place-former-unit", "Sheet!C6"),
        ("unreadable-date", "Sheet!D7"), ("place-former-unit", "Sheet!C7"),
        ("place-unresolved", "Sheet!C8"), ("place-unresolved", "Sheet!C9"),
    ]
