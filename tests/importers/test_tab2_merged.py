"""Two-row headers whose parent cell is itself a known header (``Ý kiến, kiến nghị`` merged
over ``Nội dung | Đối tượng``; ``Nơi phản ánh`` over ``Xã/phường``; ``STT`` and ``Thời gian``
merged down over both rows): one header, the children naming the fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from dlxh.importers.columns import find_header
from dlxh.session import Session
from dlxh.testing import fresh_session

TITLES = [
    "ỦY BAN MTTQ VIỆT NAM TỈNH LAI CHÂU",
    "ỦY BAN MTTQ VIỆT NAM XÃ TẢ LÈNG",
    "BẢNG TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN THÁNG 10 NĂM 2026",
    "Xã Tả Lèng, ngày 05 tháng 11 năm 2026",
]
TA_LENG = "03405"
EPOCH = dt.date(1899, 12, 30)
DATA = [
    [1, "Cử tri phản ánh đường vào bản bị sạt lở sau mưa lớn", "Nông dân", "Xã Tả Lèng",
     (dt.date(2026, 10, 6) - EPOCH).days],
    [2, "Nhân dân phấn khởi vì trường học mới khánh thành", "Phụ nữ; Thanh niên", "",
     (dt.date(2026, 10, 20) - EPOCH).days],
]


def _session() -> Session:
    return fresh_session()


def _merged_workbook(path: Path) -> Path:
    """The layout of the example data's sheet "Ý kiến"."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Ý kiến"
    for line in TITLES:
        ws.append([line])
    ws.append([])
    top = len(TITLES) + 2
    ws.append(["STT", "Ý kiến, kiến nghị", None, "Nơi phản ánh", "Thời gian"])
    ws.append([None, "Nội dung", "Đối tượng", "Xã/phường", None])
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    ws.merge_cells(start_row=top, start_column=2, end_row=top, end_column=3)
    ws.merge_cells(start_row=top, start_column=5, end_row=top + 1, end_column=5)
    for row in DATA:
        ws.append(row)
    book.save(path)
    return path


def test_merged_parent_child_header(tmp_path: Path) -> None:
    batch = _session().read(_merged_workbook(tmp_path / "y-kien.xlsx"))
    batch.check()
    # The child row is header, not an item "Nội dung".
    assert [item.text for item in batch.items] == [row[1] for row in DATA]
    assert batch.seen == 3  # two rows and the report
    first, second = batch.items
    assert first.groups == ("Nông dân",)
    assert second.groups == ("Phụ nữ", "Thanh niên")
    assert first.place_text == "Xã Tả Lèng" and first.unit == TA_LENG
    assert second.place_text is None and second.unit == TA_LENG  # the issuing commune
    assert first.date == dt.date(2026, 10, 6) and second.date == dt.date(2026, 10, 20)
    assert first.source is not None and first.source.location == "Ý kiến!A8"
    codes = {p.code for p in batch.problems}
    assert "duplicate-column" not in codes and "place-unresolved" not in codes
    assert not [p for p in batch.problems if str(p.severity) != "info"]
    assert batch.reports[0].item_ids == tuple(sorted(i.id for i in batch.items))


def test_merged_header_fields_and_names(tmp_path: Path) -> None:
    path = _merged_workbook(tmp_path / "y-kien.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["Ý kiến"]
    rows = [[c if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]
    merged = tuple(((m.min_row - 1, m.min_col - 1), (m.max_row - 1, m.max_col - 1))
                   for m in ws.merged_cells.ranges)
    header = find_header(rows, merged)
    assert header is not None
    assert header.header_rows == (5, 6)
    assert header.first_data_row == 7
    assert header.fields == ("seq", "text", "groups", "place", "date")
    assert header.labels == ("STT", "Ý kiến, kiến nghị / Nội dung",
                             "Ý kiến, kiến nghị / Đối tượng", "Nơi phản ánh / Xã/phường",
                             "Thời gian")
    assert header.duplicates == ()


def test_the_same_header_without_merges(tmp_path: Path) -> None:
    # CSV (and ODS, whose merges calamine does not give): the parent written once, the
    # vertical merges left blank.
    lines = [*TITLES, "",
             "STT;Ý kiến, kiến nghị;;Nơi phản ánh;Thời gian",
             ";Nội dung;Đối tượng;Xã/phường;",
             "1;Cử tri phản ánh đường vào bản bị sạt lở;Nông dân;Xã Tả Lèng;06/10/2026"]
    path = tmp_path / "y-kien.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))
    batch = _session().read(path)
    batch.check()
    (item,) = batch.items
    assert item.text == "Cử tri phản ánh đường vào bản bị sạt lở"
    assert item.groups == ("Nông dân",) and item.unit == TA_LENG
    assert item.date == dt.date(2026, 10, 6)


def test_a_data_row_under_a_one_row_header_stays_data() -> None:
    rows: list[list[object]] = [
        ["STT", "Nội dung", "Địa bàn"],
        ["", "Giá điện tăng", "Xã Tả Lèng"],  # short cells, no number: still data
        [2, "Đường sạt lở", "Xã Tả Lèng"],
    ]
    header = find_header(rows)
    assert header is not None
    assert header.header_rows == (0,) and header.first_data_row == 1
