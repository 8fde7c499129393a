"""Dates as agencies write them (table-driven), place lines, Excel serials and errors."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.errors import UnknownPeriodError
from dlxh.text import UnreadableDateError, excel_serial_to_date, parse_date, place_and_date

D = dt.date

DATE_TABLE: list[tuple[str | int | float | dt.date, dt.date]] = [
    ("23/10/2020", D(2020, 10, 23)),
    ("23/10/20", D(2020, 10, 23)),
    ("23-10-20", D(2020, 10, 23)),
    ("23-10-2020", D(2020, 10, 23)),
    ("23.10.2020", D(2020, 10, 23)),
    ("23 / 10 / 2020", D(2020, 10, 23)),
    ("1/2/2021", D(2021, 2, 1)),
    ("01/02/2021", D(2021, 2, 1)),
    ("05/01/99", D(1999, 1, 5)),
    ("29/02/2024", D(2024, 2, 29)),
    ("ngày 23/10/2020", D(2020, 10, 23)),
    ("Ngày 23-10-2020", D(2020, 10, 23)),
    ("ngày 23 tháng 10 năm 2020", D(2020, 10, 23)),
    ("Ngày 23 tháng 10 năm 2020", D(2020, 10, 23)),
    ("NGÀY 23 THÁNG 10 NĂM 2020", D(2020, 10, 23)),
    ("ngay 23 thang 10 nam 2020", D(2020, 10, 23)),
    ("ngày 05 tháng 01 năm 2021", D(2021, 1, 5)),
    ("ngày  5  tháng  1  năm  2021.", D(2021, 1, 5)),
    ("mùng 5 tháng 1 năm 2021", D(2021, 1, 5)),
    ("mồng 2 tháng 9 năm 2025", D(2025, 9, 2)),
    ("23 tháng 10, 2020", D(2020, 10, 23)),
    (unicodedata.normalize("NFD", "ngày 23 tháng 10 năm 2020"), D(2020, 10, 23)),
    ("Hà Nội, ngày 23 tháng 10 năm 2020", D(2020, 10, 23)),
    ("TP. Hồ Chí Minh, ngày 05 tháng 01 năm 2021", D(2021, 1, 5)),
    ("Tân Định, 23/10/2020", D(2020, 10, 23)),
    ("Khánh Hòa, ngày 15/4/2026", D(2026, 4, 15)),
    ("14:30 ngày 23/10/2020", D(2020, 10, 23)),
    ("10 giờ ngày 23/10/2020", D(2020, 10, 23)),
    ("lúc 9 giờ 15 phút, ngày 23/10/2020", D(2020, 10, 23)),
    ("23/10/2020 14:30", D(2020, 10, 23)),
    ("23/10/2020 14:30:15", D(2020, 10, 23)),
    ("2020-10-23", D(2020, 10, 23)),
    ("2020-10-23T14:30:00", D(2020, 10, 23)),
    ("2020-10-23 14:30:00+07:00", D(2020, 10, 23)),
    ("2020/10/23", D(2020, 10, 23)),
    ("44127", D(2020, 10, 23)),
    (44127, D(2020, 10, 23)),
    (44127.75, D(2020, 10, 23)),
    (46000, D(2025, 12, 9)),
    (dt.datetime(2020, 10, 23, 23, 59), D(2020, 10, 23)),
    (D(2020, 10, 23), D(2020, 10, 23)),
]


@pytest.mark.parametrize(("written", "expected"), DATE_TABLE)
def test_dates_as_agencies_write(written: str | int | float | dt.date, expected: dt.date) -> None:
    assert parse_date(written) == expected


def test_table_covers_sixty_strings_with_periods() -> None:
    from text.test_text_periods import PERIOD_TABLE  # the period half of the table

    assert len(DATE_TABLE) + len(PERIOD_TABLE) >= 60


@pytest.mark.parametrize(
    "written",
    ["", "abc", "32/10/2020", "29/02/2021", "10/2020", "13/13/2020", "ngày 23 tháng 10",
     "23/10", "2020-13-01", "Hà Nội", "23/10-2020"],
)
def test_unreadable_dates_quote_the_text(written: str) -> None:
    with pytest.raises(UnreadableDateError) as info:
        parse_date(written)
    assert isinstance(info.value, UnknownPeriodError)
    assert repr(written) in str(info.value)


def test_numbers_can_be_refused() -> None:
    with pytest.raises(UnreadableDateError, match="number"):
        parse_date(44127, serials=False)
    with pytest.raises(UnreadableDateError):
        parse_date("44127", serials=False)
    with pytest.raises(UnreadableDateError):
        parse_date(True)


def test_excel_serials() -> None:
    assert excel_serial_to_date(1) == D(1900, 1, 1)
    assert excel_serial_to_date(59) == D(1900, 2, 28)
    assert excel_serial_to_date(61) == D(1900, 3, 1)
    with pytest.raises(UnreadableDateError, match="29 February 1900"):
        excel_serial_to_date(60)
    with pytest.raises(UnreadableDateError):
        excel_serial_to_date(0)


@pytest.mark.parametrize(
    ("line", "place", "day"),
    [
        ("Hà Nội, ngày 23 tháng 10 năm 2020", "Hà Nội", D(2020, 10, 23)),
        ("  TP. Hồ Chí Minh ,  ngày 05 tháng 01 năm 2021 ", "TP. Hồ Chí Minh", D(2021, 1, 5)),
        ("Khánh Hoà, ngày 15/4/2026", "Khánh Hoà", D(2026, 4, 15)),
        ("Xã Tân Định, 23/10/2020", "Xã Tân Định", D(2020, 10, 23)),
    ],
)
def test_place_and_date(line: str, place: str, day: dt.date) -> None:
    assert place_and_date(line) == (place, day)


@pytest.mark.parametrize("line", ["ngày 23 tháng 10 năm 2020", "Hà Nội, hôm nay", "12, 23/10/2020"])
def test_place_and_date_errors(line: str) -> None:
    with pytest.raises(UnreadableDateError) as info:
        place_and_date(line)
    assert repr(line) in str(info.value)


@given(st.dates(min_value=D(1970, 1, 1), max_value=D(2069, 12, 31)))
def test_written_forms_round_trip(day: dt.date) -> None:
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(f"{day:%d-%m-%y}") == day
    assert parse_date(f"ngày {day.day} tháng {day.month} năm {day.year}") == day
    assert parse_date(f"Hà Nội, ngày {day:%d} tháng {day:%m} năm {day.year}") == day
    assert parse_date(day.isoformat()) == day
    serial = (day - D(1899, 12, 30)).days
    assert parse_date(serial) == day
