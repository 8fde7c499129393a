"""Dates as people write them in Vietnamese documents and spreadsheets. Day first, always.

>>> parse_date("ngày 23 tháng 10 năm 2020")
datetime.date(2020, 10, 23)
>>> place_and_date("Hà Nội, ngày 23 tháng 10 năm 2020")
('Hà Nội', datetime.date(2020, 10, 23))
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from dlxh.errors import UnknownPeriodError

__all__ = [
    "UnreadableDateError",
    "excel_serial_to_date",
    "parse_date",
    "place_and_date",
]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
# 2-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (the POSIX ``%y`` pivot).
_PIVOT = 70


class UnreadableDateError(UnknownPeriodError):
    """A date could not be read from the text given (the message quotes the text)."""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _year(text: str) -> int:
    value = int(text)
    if len(text) <= 2:
        return 2000 + value if value < _PIVOT else 1900 + value
    return value


# A time of day before or after the date ("14:30", "14h30", "10 giờ", "lúc 9 giờ 15 phút").
_TIME = (
    r"(?:\s*(?:luc\s*)?\d{1,2}\s*"
    r"(?:[:h]\s*\d{2}(?:\s*:\s*\d{2}(?:[.,]\d+)?)?|gio(?:\s*\d{1,2}\s*phut)?)\s*(?:,\s*)?)"
)
_NUMERIC = re.compile(
    rf"^(?:{_TIME})?(?:(?:ngay|mung|mong)\s*)?(?P<d>\d{{1,2}})\s*(?P<sep>[/.\-])\s*(?P<m>\d{{1,2}})"
    rf"\s*(?P=sep)\s*(?P<y>\d{{4}}|\d{{2}})(?:[\sT,]*{_TIME})?$"
)
_WORDS = re.compile(
    rf"^(?:{_TIME})?(?:(?:ngay|mung|mong)\s*)?(?P<d>\d{{1,2}})\s*(?:thang|th)\s*(?P<m>\d{{1,2}})"
    rf"\s*(?:,\s*)?(?:nam|/|-)?\s*(?P<y>\d{{4}})(?:{_TIME})?$"
)
# Year first (ISO 8601, or with slashes): unambiguous, so accepted too. The key is lower case.
_ISO = re.compile(
    r"^(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:[t\s]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?$"
)
_SERIAL = re.compile(r"^\d{4,6}(?:\.\d+)?$")


def excel_serial_to_date(serial: float) -> dt.date:
    """The date of an Excel serial number (1900 date system, as Windows Excel writes it).

    Serial 1 is 1 January 1900; Excel counts a 29 February 1900 that never was (serial 60),
    so serials from 61 on are offset by one day, which the 30 December 1899 epoch absorbs.
    """
    if serial < 1:
        raise UnreadableDateError(f"cannot read a date from Excel serial {serial!r}")
    whole = int(serial)
    if whole == 60:
        raise UnreadableDateError("Excel serial 60 is 29 February 1900, which does not exist")
    if whole < 60:
        return _EXCEL_EPOCH + dt.timedelta(days=whole + 1)
    return _EXCEL_EPOCH + dt.timedelta(days=whole)


def _build(text: str, day: str, month: str, year: str) -> dt.date:
    try:
        return dt.date(_year(year), int(month), int(day))
    except ValueError as exc:
        raise UnreadableDateError(f"cannot read a date from {text!r}: {exc}") from None


def parse_date(
    value: str | int | float | dt.date,
    *,
    serials: bool = True,
) -> dt.date:
    """Read a date written day first, as in Vietnamese documents and spreadsheets.

    Accepted: ``23/10/2020``, ``23-10-20``, ``23.10.2020``, ``ngày 23 tháng 10 năm 2020``
    (case, diacritics and spacing do not matter, ``mùng``/``mồng`` too), the place line of a
    document ``Hà Nội, ngày 23 tháng 10 năm 2020`` (the place is dropped: see
    :func:`place_and_date`), ISO ``2020-10-23`` (also with a time), a time before or after
    (``14:30 ngày 23/10/2020``), Excel serial numbers (``44127`` or ``44127.5``, as numbers or
    digit strings, unless ``serials=False``), and ``date``/``datetime`` objects.

    Two-digit years 00–69 are 2000–2069 and 70–99 are 1970–1999. Month-first dates are never
    guessed. Raises :class:`UnreadableDateError` (an :class:`dlxh.errors.UnknownPeriodError`)
    quoting the text.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise UnreadableDateError(f"cannot read a date from {value!r}")
    if isinstance(value, int | float):
        if not serials:
            raise UnreadableDateError(f"cannot read a date from the number {value!r}")
        return excel_serial_to_date(value)
    if not isinstance(value, str):
        raise UnreadableDateError(f"cannot read a date from {value!r}")
    text = value
    key = " ".join(_fold(text).split()).strip(" .;")
    if "," in key and not _NUMERIC.match(key) and not _WORDS.match(key):
        # "Hà Nội, ngày 23 tháng 10 năm 2020": the date is after the place.
        _, _, key = key.partition(",")
        key = key.strip()
    if match := _ISO.match(key):
        return _build(text, match["d"], match["m"], match["y"])
    if match := _NUMERIC.match(key) or _WORDS.match(key):
        return _build(text, match["d"], match["m"], match["y"])
    if serials and _SERIAL.match(key):
        return excel_serial_to_date(float(key))
    raise UnreadableDateError(f"cannot read a date from {text!r}")


_PLACE_LINE = re.compile(r"^\s*(?P<place>[^,]+?)\s*,\s*(?P<date>.+?)\s*$", re.DOTALL)


def place_and_date(text: str) -> tuple[str, dt.date]:
    """Split the place-and-date line of a document, ``"Hà Nội, ngày 23 tháng 10 năm 2020"``,
    into ``("Hà Nội", date(2020, 10, 23))``. The place is returned as written (NFC, spaces
    trimmed). Raises :class:`UnreadableDateError` when there is no place or no date."""
    match = _PLACE_LINE.match(unicodedata.normalize("NFC", text))
    if match is None:
        raise UnreadableDateError(f"cannot read a place and a date from {text!r}")
    place = " ".join(match["place"].split())
    try:
        day = parse_date(match["date"], serials=False)
    except UnreadableDateError:
        raise UnreadableDateError(f"cannot read a place and a date from {text!r}") from None
    if not any(c.isalpha() for c in place):
        raise UnreadableDateError(f"cannot read a place from {text!r}")
    return place, day
