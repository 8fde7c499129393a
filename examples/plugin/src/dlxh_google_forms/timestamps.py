"""The timestamp column of a Google Forms export, and which of its numbers is the day.

Google writes the timestamp in the *spreadsheet's* locale: ``03/10/2026 8:15:04`` (day first)
in a Vietnamese sheet, ``10/3/2026 8:15:04`` (month first) in an en-US one. Nothing in a
single cell says which, so the whole column is looked at (:func:`decide_order`):

1. ``dayfirst=True`` or ``False`` given by the caller is used for every row.
2. Otherwise a first number above 12 anywhere in the column proves day first, a second number
   above 12 proves month first; when exactly one order is proven, it is used.
3. When neither (or both) is proven, the header's language decides: ``Dấu thời gian``
   (Vietnamese) is day first, ``Timestamp`` (English) month first.

Reading the date itself is :func:`dlxh.text.dates.parse_date`'s job (day first, with month
lengths and leap years); this module only puts the day and the month in the right places.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import attrs
from dlxh.text import fold
from dlxh.text.dates import UnreadableDateError, parse_date

__all__ = [
    "HEADERS",
    "OrderDecision",
    "Stamp",
    "decide_order",
    "header_dayfirst",
    "is_timestamp_header",
    "read_stamp",
    "split_stamp",
]

HEADERS: dict[str, bool] = {"dau thoi gian": True, "timestamp": False}
"""The folded timestamp headers Google writes, and whether that language's default locale
writes the day first (Vietnamese) or the month first (English, en-US)."""

# "03/10/2026 8:15:04", "10/3/2026 8:15", "03.10.2026 08:15:04", "3/10/2026 8:15:04 SA";
# SA/CH are the Vietnamese AM/PM (sáng, chiều).
_STAMP = re.compile(
    r"^\s*(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})"
    r"(?:[\sT,]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>am|pm|sa|ch)?)?\s*$",
    re.IGNORECASE,
)
_PM = {"pm", "ch"}


def is_timestamp_header(text: object) -> bool:
    """True for ``Dấu thời gian`` or ``Timestamp`` (any case, with or without diacritics)."""
    return isinstance(text, str) and fold(text.lstrip("\ufeff")) in HEADERS


def header_dayfirst(text: str) -> bool:
    """The default order for a timestamp header: day first for Vietnamese, month first for
    English."""
    return HEADERS[fold(text.lstrip("\ufeff"))]


@attrs.frozen
class Stamp:
    """A numeric timestamp split into its parts before the order is known."""

    first: int
    second: int
    year: int
    time: dt.time | None
    text: str

    @property
    def ambiguous(self) -> bool:
        """True when both orders give a valid, different date (``03/10/2026``)."""
        return self.first != self.second and self.first <= 12 and self.second <= 12

    def to_datetime(self, dayfirst: bool) -> dt.datetime:
        """The moment this stamp means when read ``dayfirst`` (or month first);
        raises :class:`~dlxh.text.dates.UnreadableDateError` when there is no such day."""
        day, month = (self.first, self.second) if dayfirst else (self.second, self.first)
        try:
            date = parse_date(f"{day}/{month}/{self.year}", serials=False)
        except UnreadableDateError:
            order = "day/month/year" if dayfirst else "month/day/year"
            raise UnreadableDateError(
                f"{self.text!r} is not a date when read as {order}"
            ) from None
        return dt.datetime.combine(date, self.time or dt.time())


def _time(match: re.Match[str], text: str) -> dt.time | None:
    if match["h"] is None:
        return None
    hour, minute, second = int(match["h"]), int(match["mi"]), int(match["s"] or 0)
    ampm = (match["ampm"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise UnreadableDateError(f"{text!r}: hour {hour} with {ampm.upper()}")
        hour = hour % 12 + (12 if ampm in _PM else 0)
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        raise UnreadableDateError(f"{text!r}: no such time of day") from None


def split_stamp(text: str) -> Stamp | None:
    """The parts of a numeric timestamp (``"10/3/2026 8:15:04"``), or ``None`` when the text
    does not have that shape. Raises :class:`~dlxh.text.dates.UnreadableDateError` for an
    impossible time of day."""
    match = _STAMP.match(text)
    if match is None:
        return None
    return Stamp(int(match["a"]), int(match["b"]), int(match["y"]), _time(match, text), text)


@attrs.frozen
class OrderDecision:
    """Which order the column is read in, and why."""

    dayfirst: bool
    reason: str
    ambiguous: int = 0
    """How many stamps could be read either way (only counted when the order was not proven
    by the data or given by the caller)."""


def decide_order(stamps: Iterable[Stamp], header: str, dayfirst: bool | None) -> OrderDecision:
    """Decide the order for a whole column (see the module docs for the rule)."""
    if dayfirst is not None:
        return OrderDecision(dayfirst, "given")
    proves_day = proves_month = False
    ambiguous = 0
    for stamp in stamps:
        proves_day = proves_day or (stamp.first > 12 >= stamp.second)
        proves_month = proves_month or (stamp.second > 12 >= stamp.first)
        ambiguous += stamp.ambiguous
    if proves_day != proves_month:
        return OrderDecision(proves_day, "proven by the data")
    by_header = header_dayfirst(header)
    language = "Vietnamese" if by_header else "English"
    why = "the timestamps mix both orders" if proves_day else "no timestamp proves the order"
    return OrderDecision(by_header, f"{why}; the header is {language}", ambiguous)


def read_stamp(value: object, dayfirst: bool) -> dt.datetime:
    """A timestamp cell as a ``datetime``: a ``datetime``/``date`` (xlsx), a numeric stamp
    in the given order, an Excel serial number, or anything else
    :func:`~dlxh.text.dates.parse_date` reads (ISO ``2026-10-03 08:15:04``). Raises
    :class:`~dlxh.text.dates.UnreadableDateError`."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.combine(parse_date(value), dt.time())
    if not isinstance(value, str) or not value.strip():
        raise UnreadableDateError("the timestamp is empty")
    stamp = split_stamp(value)
    if stamp is not None:
        return stamp.to_datetime(dayfirst)
    return dt.datetime.combine(parse_date(value.strip(), serials=False), dt.time())
