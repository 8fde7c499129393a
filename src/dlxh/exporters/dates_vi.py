"""Dates written the way Vietnamese administrative documents write them."""

from __future__ import annotations

import datetime as dt

__all__ = ["date_in_words", "numeric_date", "place_date_line"]


def date_in_words(day: dt.date) -> str:
    """``"ngày 05 tháng 11 năm 2026"``.

    Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.5 (and Hướng dẫn 36-HD/VPTW alike): days below
    10 and the months 1 and 2 take a leading zero (``ngày 05 tháng 01``, ``tháng 02``), so that
    no digit can be added in front of them; other months are written without one
    (``tháng 3``, ``tháng 11``).
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date_line(place: str | None, day: dt.date | None) -> str:
    """The place-and-date line: ``"Hà Nội, ngày 05 tháng 11 năm 2026"``.

    Without a date, the line keeps blanks for the date to be written by hand when the document
    is signed (``"Hà Nội, ngày    tháng    năm 20..."``), as offices do with drafts.
    """
    when = date_in_words(day) if day is not None else "ngày    tháng    năm 20..."
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


def numeric_date(day: dt.date | None) -> str:
    """``"05/11/2026"`` (empty for ``None``): dates in tables and lists."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"
