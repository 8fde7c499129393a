"""Reporting periods and report schedules.

A :class:`Period` is a window of days (``start`` and ``end`` inclusive) of a :class:`PeriodKind`
(week, month, quarter, half year, year, National Assembly session, ad hoc) under a
:class:`BoundaryPolicy`: calendar windows, or the state reporting cut-off where a month runs
from the 15th of the previous month to the 14th (a quarter from the 15th of the month before it
to the 14th of its last month; halves and years likewise).

Windows are always computed from the period's anchor (its year and number), never by chaining
month additions, so that ``next()`` and ``previous()`` tile time with no gap and no overlap.

A :class:`Schedule` says when a kind of report is due for a period. It is pure data: the dates
are computed by :mod:`dlxh.text.deadlines`, which knows weekends and public holidays.

This module is part of the model: standard library and attrs only, no I/O.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any, Self

import attrs

from dlxh.model.labelled import LabelledEnum

__all__ = [
    "BoundaryPolicy",
    "DayCount",
    "DeadlineBasis",
    "Period",
    "PeriodKind",
    "Schedule",
]

_ONE_DAY = dt.timedelta(days=1)
_CUTOFF_DAY = 15  # the state reporting cut-off: a window starts on the 15th


class PeriodKind(LabelledEnum):
    """The kind of a reporting period."""

    WEEK = "week", "Tuần"
    """An ISO 8601 week, Monday to Sunday; its year is the ISO year."""
    MONTH = "month", "Tháng"
    QUARTER = "quarter", "Quý"
    HALF = "half", "6 tháng"
    """Six months: the first half (``number == 1``) or the second half (``number == 2``)."""
    YEAR = "year", "Năm"
    NA_SESSION = "na_session", "Kỳ họp Quốc hội"
    """A National Assembly session; its dates are given, not computed."""
    AD_HOC = "ad_hoc", "Đột xuất"
    """Any window of days, given by its first and last day."""


class BoundaryPolicy(LabelledEnum):
    """Where the windows of months, quarters, halves and years start and end."""

    CALENDAR = "calendar", "Theo lịch"
    """Calendar months: October is 1–31 October."""
    STATE_CUTOFF = "state_cutoff", "Theo kỳ chốt số liệu"
    """The state reporting cut-off: October is 15 September – 14 October; quarter III is
    15 June – 14 September; the first half is 15 December – 14 June; the year 2020 is
    15 December 2019 – 14 December 2020. Weeks are ISO weeks under both policies."""


def _as_kind(value: PeriodKind | str) -> PeriodKind:
    """Converter: a member, its value or its label (mypy cannot call a LabelledEnum)."""
    return value if isinstance(value, PeriodKind) else PeriodKind.from_value_or_label(value)


def _as_policy(value: BoundaryPolicy | str) -> BoundaryPolicy:
    if isinstance(value, BoundaryPolicy):
        return value
    return BoundaryPolicy.from_value_or_label(value)


_KIND_RANK = {kind: rank for rank, kind in enumerate(PeriodKind)}
# Number of months in the kinds built from months.
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_COUNT_IN_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
          "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")
_ROMAN_VALUE = {numeral.lower(): value for value, numeral in enumerate(_ROMAN, start=1)}



def _window_start(months_index: int, policy: BoundaryPolicy) -> dt.date:
    """First day of the month window number ``months_index`` (``year * 12 + month - 1``)."""
    year, month0 = divmod(months_index, 12)
    if policy is BoundaryPolicy.STATE_CUTOFF:
        year, month0 = divmod(months_index - 1, 12)
        return dt.date(year, month0 + 1, _CUTOFF_DAY)
    return dt.date(year, month0 + 1, 1)


def _window(kind: PeriodKind, year: int, number: int | None,
            policy: BoundaryPolicy) -> tuple[dt.date, dt.date]:
    if kind is PeriodKind.WEEK:
        if number is None:
            raise ValueError("a week needs its ISO week number")
        start = dt.date.fromisocalendar(year, number, 1)
        return start, start + dt.timedelta(days=6)
    span = _MONTHS[kind]
    first = year * 12 + (0 if number is None else (number - 1) * span)
    return _window_start(first, policy), _window_start(first + span, policy) - _ONE_DAY


def _weeks_in(iso_year: int) -> int:
    return dt.date(iso_year, 12, 28).isocalendar().week


def _fold(text: str) -> str:
    """A small matching key for parsing: NFC-insensitive, lower case, no diacritics."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(stripped.split())


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _parse_error(text: str, why: str) -> Exception:
    # Imported here: dlxh.errors imports the model, the model must not import it at load time.
    from dlxh.errors import UnknownPeriodError

    return UnknownPeriodError(f"cannot read a period from {text!r}: {why}")


@attrs.frozen(eq=True, order=False, repr=False)
class Period:
    """A reporting period: the days from ``start`` to ``end`` (both inclusive).

    Build one with a named constructor (:meth:`month`, :meth:`quarter`, :meth:`half`,
    :meth:`year_of`, :meth:`week`, :meth:`na_session`, :meth:`ad_hoc`), with :meth:`parse` or
    with :meth:`containing`. For the computed kinds (week, month, quarter, half, year) the
    constructor checks that ``start`` and ``end`` are the window of ``year`` and ``number``
    under ``policy``.

    Periods are hashable and ordered by start day, then end day, then kind.
    """

    kind: PeriodKind = attrs.field(converter=_as_kind)
    start: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    end: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    policy: BoundaryPolicy = attrs.field(default=BoundaryPolicy.CALENDAR,
                                         converter=_as_policy)
    year: int | None = None
    """The year the period belongs to (the ISO year for weeks); ``None`` for ad hoc periods."""
    number: int | None = None
    """Month 1–12, quarter 1–4, half 1–2, ISO week 1–53, or the session number of a National
    Assembly session; ``None`` for years and ad hoc periods."""
    term: int | None = None
    """The National Assembly term (*khóa*) of a session, e.g. 15 for *khóa XV*."""
    name: str = attrs.field(default="", converter=_nfc)
    """A free name for ad hoc periods (*đợt cao điểm Tết*)."""

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")
        if type(self.start) is not dt.date or type(self.end) is not dt.date:
            raise TypeError("start and end must be dates, not datetimes")
        kind = self.kind
        if kind is PeriodKind.AD_HOC:
            return
        if kind is PeriodKind.NA_SESSION:
            if self.number is None or self.number < 1 or self.term is None or self.term < 1:
                raise ValueError("a National Assembly session needs its number and term")
            return
        if self.year is None:
            raise ValueError(f"a {kind.value} period needs its year")
        if kind is PeriodKind.YEAR:
            if self.number is not None:
                raise ValueError("a year period has no number")
        else:
            top = _weeks_in(self.year) if kind is PeriodKind.WEEK else _COUNT_IN_YEAR[kind]
            if self.number is None or not 1 <= self.number <= top:
                raise ValueError(f"a {kind.value} number must be 1..{top}, got {self.number}")
        expected = _window(kind, self.year, self.number, self.policy)
        if (self.start, self.end) != expected:
            raise ValueError(
                f"{kind.value} {self.year}/{self.number} under {self.policy.value} runs "
                f"{expected[0]}..{expected[1]}, not {self.start}..{self.end}"
            )

    # -- named constructors --------------------------------------------------------------

    @classmethod
    def _computed(cls, kind: PeriodKind, year: int, number: int | None,
                  policy: BoundaryPolicy | str) -> Self:
        policy = _as_policy(policy)
        if kind is PeriodKind.WEEK:
            if number is None or not 1 <= number <= _weeks_in(year):
                raise ValueError(f"ISO year {year} has weeks 1..{_weeks_in(year)}, not {number}")
        elif number is not None and not 1 <= number <= _COUNT_IN_YEAR[kind]:
            raise ValueError(f"a {kind.value} number must be 1..{_COUNT_IN_YEAR[kind]}, "
                             f"got {number}")
        start, end = _window(kind, year, number, policy)
        return cls(kind=kind, start=start, end=end, policy=policy, year=year, number=number)

    @classmethod
    def month(cls, year: int, month: int, *,
              policy: BoundaryPolicy | str = BoundaryPolicy.CALENDAR) -> Self:
        """The month ``month`` (1–12) of ``year``: ``Period.month(2026, 10)``."""
        return cls._computed(PeriodKind.MONTH, year, month, policy)

    @classmethod
    def quarter(cls, year: int, quarter: int, *,
                policy: BoundaryPolicy | str = BoundaryPolicy.CALENDAR) -> Self:
        """The quarter ``quarter`` (1–4) of ``year``: ``Period.quarter(2020, 3)``."""
        return cls._computed(PeriodKind.QUARTER, year, quarter, policy)

    @classmethod
    def half(cls, year: int, half: int, *,
             policy: BoundaryPolicy | str = BoundaryPolicy.CALENDAR) -> Self:
        """The first (``half=1``, *6 tháng đầu năm*) or second (``half=2``, *6 tháng cuối
        năm*) half of ``year``."""
        return cls._computed(PeriodKind.HALF, year, half, policy)

    @classmethod
    def year_of(cls, year: int, *,
                policy: BoundaryPolicy | str = BoundaryPolicy.CALENDAR) -> Self:
        """The whole ``year``. (Named ``year_of`` because ``year`` is the field.)"""
        return cls._computed(PeriodKind.YEAR, year, None, policy)

    @classmethod
    def week(cls, year: int, week: int, *,
             policy: BoundaryPolicy | str = BoundaryPolicy.CALENDAR) -> Self:
        """The ISO 8601 week ``week`` of the ISO year ``year`` (Monday to Sunday). Week 1 is
        the week holding the year's first Thursday, so 29 December 2025 is in week 1 of 2026.
        Weeks are the same under both boundary policies."""
        return cls._computed(PeriodKind.WEEK, year, week, policy)

    @classmethod
    def ad_hoc(cls, start: dt.date, end: dt.date, *, name: str = "",
               policy: BoundaryPolicy | str = BoundaryPolicy.CALENDAR) -> Self:
        """Any window of days, ``start`` to ``end`` inclusive, with an optional name."""
        return cls(kind=PeriodKind.AD_HOC, start=start, end=end, policy=_as_policy(policy),
                   name=name)

    @classmethod
    def na_session(cls, term: int, session: int, start: dt.date, end: dt.date, *,
                   policy: BoundaryPolicy | str = BoundaryPolicy.CALENDAR) -> Self:
        """Session ``session`` of the National Assembly of term ``term`` (*Kỳ họp thứ 10,
        Quốc hội khóa XV* is ``na_session(15, 10, opening_day, closing_day)``)."""
        return cls(kind=PeriodKind.NA_SESSION, start=start, end=end,
                   policy=_as_policy(policy), year=start.year, number=session, term=term)

    @classmethod
    def containing(cls, day: dt.date, kind: PeriodKind | str, *,
                   policy: BoundaryPolicy | str = BoundaryPolicy.CALENDAR) -> Self:
        """The period of ``kind`` under ``policy`` that holds ``day``.

        Under the state cut-off, 20 October 2020 is in the month of November 2020.
        """
        kind = _as_kind(kind)
        policy = _as_policy(policy)
        if isinstance(day, dt.datetime):
            day = day.date()
        if kind is PeriodKind.WEEK:
            iso = day.isocalendar()
            return cls._computed(kind, iso.year, iso.week, policy)
        if kind not in _MONTHS:
            raise ValueError(f"no computed {kind.value} period contains a day")
        index = day.year * 12 + day.month - 1
        if policy is BoundaryPolicy.STATE_CUTOFF and day.day >= _CUTOFF_DAY:
            index += 1
        year, month0 = divmod(index, 12)
        number = None if kind is PeriodKind.YEAR else month0 // _MONTHS[kind] + 1
        return cls._computed(kind, year, number, policy)

    # -- navigation ----------------------------------------------------------------------

    def _shift(self, steps: int) -> Self:
        kind = self.kind
        if kind is PeriodKind.AD_HOC:
            length = (self.end - self.start).days + 1
            start = self.start + dt.timedelta(days=length * steps)
            return type(self)(kind=kind, start=start, end=start + (self.end - self.start),
                              policy=self.policy, name=self.name)
        if kind is PeriodKind.NA_SESSION:
            raise _parse_error(self.label, "the dates of another session are not known")
        assert self.year is not None
        if kind is PeriodKind.WEEK:
            assert self.number is not None
            monday = self.start + dt.timedelta(weeks=steps)
            return type(self).containing(monday, kind, policy=self.policy)
        if kind is PeriodKind.YEAR:
            return type(self)._computed(kind, self.year + steps, None, self.policy)
        count = _COUNT_IN_YEAR[kind]
        assert self.number is not None
        year, number0 = divmod(self.year * count + self.number - 1 + steps, count)
        return type(self)._computed(kind, year, number0 + 1, self.policy)

    def next(self) -> Self:
        """The period of the same kind and policy that starts the day after this one ends.

        For an ad hoc period, the adjacent window of the same length. A National Assembly
        session has no computable successor and raises :class:`dlxh.errors.UnknownPeriodError`.
        """
        return self._shift(1)

    def previous(self) -> Self:
        """The period of the same kind and policy that ends the day before this one starts."""
        return self._shift(-1)

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` (a date, or the date part of a datetime) is in the period."""
        if isinstance(day, dt.datetime):
            day = day.date()
        return self.start <= day <= self.end

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.contains(day)

    def days(self) -> int:
        """The number of days in the period."""
        return (self.end - self.start).days + 1

    # -- text ------------------------------------------------------------------------------

    @property
    def label(self) -> str:
        """The Vietnamese label, as written in report titles: ``"Tháng 10 năm 2020"``,
        ``"Quý III năm 2020"``, ``"6 tháng đầu năm 2020"``, ``"Năm 2020"``,
        ``"Tuần 43 năm 2020"``, ``"Kỳ họp thứ 10, Quốc hội khóa XV"``, and for ad hoc periods
        their name or ``"Từ ngày 05/10/2020 đến ngày 20/10/2020"``.

        The label does not show the boundary policy; :meth:`parse` reads it back when given
        the same ``policy``.
        """
        kind = self.kind
        if kind is PeriodKind.MONTH:
            return f"Tháng {self.number} năm {self.year}"
        if kind is PeriodKind.QUARTER:
            assert self.number is not None
            return f"Quý {_ROMAN[self.number - 1]} năm {self.year}"
        if kind is PeriodKind.HALF:
            which = "đầu" if self.number == 1 else "cuối"
            return f"6 tháng {which} năm {self.year}"
        if kind is PeriodKind.YEAR:
            return f"Năm {self.year}"
        if kind is PeriodKind.WEEK:
            return f"Tuần {self.number} năm {self.year}"
        if kind is PeriodKind.NA_SESSION:
            assert self.term is not None
            term = _ROMAN[self.term - 1] if self.term <= len(_ROMAN) else str(self.term)
            return f"Kỳ họp thứ {self.number}, Quốc hội khóa {term}"
        return self.name or self.window_label

    @property
    def window_label(self) -> str:
        """The days of the period in words: ``"Từ ngày 15/9/2020 đến ngày 14/10/2020"``."""
        return (f"Từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}")

    @property
    def code(self) -> str:
        """Same as ``str(period)``."""
        return str(self)

    def __str__(self) -> str:
        """A short stable code that :meth:`parse` reads back: ``"2026-10"``, ``"2020-Q3"``,
        ``"2020-H1"``, ``"2020"``, ``"2020-W43"``, ``"2020-10-05/2020-10-20"`` (ad hoc; the
        name is not part of the code), ``"QH15-K10:2025-10-20/2025-12-11"`` (a National
        Assembly session). Under the state cut-off ``"@state_cutoff"`` is appended."""
        kind = self.kind
        if kind is PeriodKind.MONTH:
            code = f"{self.year:04d}-{self.number:02d}"
        elif kind is PeriodKind.QUARTER:
            code = f"{self.year:04d}-Q{self.number}"
        elif kind is PeriodKind.HALF:
            code = f"{self.year:04d}-H{self.number}"
        elif kind is PeriodKind.YEAR:
            code = f"{self.year:04d}"
        elif kind is PeriodKind.WEEK:
            code = f"{self.year:04d}-W{self.number:02d}"
        elif kind is PeriodKind.NA_SESSION:
            code = f"QH{self.term}-K{self.number}:{self.start.isoformat()}/{self.end.isoformat()}"
        else:
            code = f"{self.start.isoformat()}/{self.end.isoformat()}"
        if self.policy is not BoundaryPolicy.CALENDAR:
            code += f"@{self.policy.value}"
        return code

    def __repr__(self) -> str:
        return f"Period({str(self)!r}, {self.start.isoformat()}..{self.end.isoformat()})"

    @classmethod
    def parse(cls, text: str, *, policy: BoundaryPolicy | str = BoundaryPolicy.CALENDAR,
              year: int | None = None, today: dt.date | None = None) -> Self:
        """Read a period as agencies write it, or a code from ``str(period)``.

        Accepted (case, diacritics and spacing do not matter): ``tháng 10/2020``,
        ``T10/2020``, ``Tháng 10 năm 2020``, ``10/2020``, ``quý III/2020``,
        ``quý 3 năm 2020``, ``Q3/2020``, ``6 tháng đầu năm 2020``, ``6 tháng cuối năm``,
        ``năm 2020``, ``tuần 43/2020``, ``2020-Q3``, ``2020-H1``, ``2020-W43``, ``2026-10``,
        ``2026``, ``từ ngày 05/10/2020 đến ngày 20/10/2020`` and ``2020-10-05/2020-10-20``
        (ad hoc), with a leading ``báo cáo`` or ``kỳ`` ignored.

        A text without a year (``6 tháng cuối năm``, ``tháng 10``) takes ``year``, else the
        year of ``today``, else raises. Raises :class:`dlxh.errors.UnknownPeriodError` quoting
        the text when it cannot be read.
        """
        policy = _as_policy(policy)
        raw = text
        if not isinstance(text, str):
            raise _parse_error(str(raw), "expected a string")
        code = text.strip()
        if "@" in code:
            code, _, policy_text = code.rpartition("@")
            try:
                policy = _as_policy(policy_text.strip())
            except ValueError:
                raise _parse_error(raw, f"unknown boundary policy {policy_text!r}") from None
        default_year = year if year is not None else (today.year if today else None)
        period: Self = _parse(cls, raw, code, policy, default_year)
        return period

    # -- order -----------------------------------------------------------------------------

    def _key(self) -> tuple[Any, ...]:
        return (self.start, self.end, _KIND_RANK[self.kind], self.policy.value,
                self.year or 0, self.number or 0, self.term or 0, self.name)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() >= other._key()


# --- parsing ---------------------------------------------------------------------------------

_YEAR = r"(?P<year>\d{4})"
_SEP = r"\s*(?:/|-|\.|\s+nam\s+|,\s*nam\s+|\s+)\s*"
_ROMAN_RE = "|".join(sorted(_ROMAN_VALUE, key=len, reverse=True))
_PREFIX = r"^(?:bao cao\s+|so lieu\s+|ky\s+|trong\s+)+"
_KIND_PATTERNS: tuple[tuple[PeriodKind, str], ...] = (
    (PeriodKind.YEAR, rf"^(?:nam\s+)?{_YEAR}$"),
    (PeriodKind.MONTH, rf"^{_YEAR}-(?P<number>\d{{1,2}})$"),
    (PeriodKind.QUARTER, rf"^{_YEAR}\s*-?\s*q(?P<number>[1-4])$"),
    (PeriodKind.HALF, rf"^{_YEAR}\s*-?\s*h(?P<number>[12])$"),
    (PeriodKind.WEEK, rf"^{_YEAR}\s*-?\s*w(?P<number>\d{{1,2}})$"),
    (PeriodKind.MONTH, rf"^(?:thang\s*|t\s*)?(?P<number>\d{{1,2}})(?:{_SEP}{_YEAR})?$"),
    (PeriodKind.QUARTER, rf"^(?:quy|q)\s*(?P<number>[1-4]|{_ROMAN_RE})(?:{_SEP}{_YEAR})?$"),
    (PeriodKind.HALF,
     rf"^(?:6|sau)\s+thang\s+(?P<which>dau|cuoi)(?:\s+nam)?(?:{_SEP}{_YEAR})?$"),
    (PeriodKind.WEEK, rf"^tuan\s*(?:thu\s*)?(?P<number>\d{{1,2}})(?:{_SEP}{_YEAR})?$"),
)
_DAY_FIRST = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?"
_RANGE = (
    rf"^(?:tu\s+)?(?:ngay\s+)?{_DAY_FIRST}\s*(?:den|toi|-|–|—)\s*(?:ngay\s+)?{_DAY_FIRST}$"
)
_ISO_RANGE = r"^(\d{4}-\d{2}-\d{2})\s*/\s*(\d{4}-\d{2}-\d{2})$"
_NA_SESSION = (
    r"^qh(?P<term>\d{1,2})-k(?P<number>\d{1,2}):(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$"
)


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """Compiled on first use: ``import dlxh`` should not pay for parsing it may never do."""
    return re.compile(pattern)


def _parse(cls: type[Period], raw: str, code: str, policy: BoundaryPolicy,
           default_year: int | None) -> Any:
    key = _fold(code).rstrip(".:; ")
    key = _regex(_PREFIX).sub("", key)
    key = key.replace("nam nay", "").strip()
    try:
        return _parse_key(cls, raw, key, policy, default_year)
    except ValueError as exc:
        from dlxh.errors import UnknownPeriodError

        if isinstance(exc, UnknownPeriodError):
            raise
        raise _parse_error(raw, str(exc)) from None


def _parse_key(cls: type[Period], raw: str, key: str, policy: BoundaryPolicy,
               default_year: int | None) -> Any:
    if match := _regex(_ISO_RANGE).match(key):
        start, end = (dt.date.fromisoformat(match.group(i)) for i in (1, 2))
        return cls.ad_hoc(start, end, policy=policy)
    if match := _regex(_NA_SESSION).match(key):
        start, end = (dt.date.fromisoformat(match.group(i)) for i in (3, 4))
        return cls.na_session(int(match.group("term")), int(match.group("number")), start, end,
                              policy=policy)
    if match := _regex(_RANGE).match(key):
        d1, m1, y1, d2, m2, y2 = match.groups()
        end_year = int(y2) if y2 else default_year
        if end_year is None:
            raise _parse_error(raw, "no year given; pass year= or today=")
        end = dt.date(end_year, int(m2), int(d2))
        start_year = int(y1) if y1 else (end_year if (int(m1), int(d1)) <= (int(m2), int(d2))
                                         else end_year - 1)
        return cls.ad_hoc(dt.date(start_year, int(m1), int(d1)), end, policy=policy)
    for kind, pattern in _KIND_PATTERNS:
        match = _regex(pattern).match(key)
        if match is None:
            continue
        groups = match.groupdict()
        year_text = groups.get("year")
        the_year = int(year_text) if year_text else default_year
        if the_year is None:
            raise _parse_error(raw, "no year given; pass year= or today=")
        if kind is PeriodKind.YEAR:
            return cls.year_of(the_year, policy=policy)
        if kind is PeriodKind.HALF and "which" in groups:
            return cls.half(the_year, 1 if groups["which"] == "dau" else 2, policy=policy)
        number_text = groups["number"]
        number = (_ROMAN_VALUE[number_text] if number_text in _ROMAN_VALUE
                  else int(number_text))
        return cls._computed(kind, the_year, number, policy)
    raise _parse_error(raw, "not a known way of writing a period")


# --- schedules -------------------------------------------------------------------------------


class DayCount(LabelledEnum):
    """How the days of a reporting deadline are counted."""

    CALENDAR_DAYS = "calendar_days", "Ngày"
    WORKING_DAYS = "working_days", "Ngày làm việc"
    """Weekends and public holidays (Vietnam, including Tết) are skipped."""


class DeadlineBasis(LabelledEnum):
    """What the days of a deadline are counted from."""

    AFTER_END = "after_end", "Sau khi kết thúc kỳ"
    """``days`` after the last day of the period (``days=0``: the last day itself)."""
    BEFORE_START = "before_start", "Trước khi bắt đầu kỳ"
    """``days`` before the first day of the period, e.g. voters' petitions 15 days before a
    National Assembly session opens."""
    DAY_OF_NEXT_MONTH = "day_of_next_month", "Ngày cố định của tháng sau"
    """On day ``days`` of the month after the period ends (*trước ngày 20 hằng tháng*)."""


def _as_day_count(value: DayCount | str) -> DayCount:
    return value if isinstance(value, DayCount) else DayCount.from_value_or_label(value)


def _as_basis(value: DeadlineBasis | str) -> DeadlineBasis:
    if isinstance(value, DeadlineBasis):
        return value
    return DeadlineBasis.from_value_or_label(value)


def _non_negative(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


@attrs.frozen
class Schedule:
    """When a kind of report is due for a period: pure data, computed by
    :func:`dlxh.text.deadlines.due_date`.

    ``Schedule(PeriodKind.MONTH, 5, DayCount.WORKING_DAYS)`` says a monthly report is due five
    working days after the month ends; ``Schedule(PeriodKind.NA_SESSION, 15,
    basis=DeadlineBasis.BEFORE_START)`` says voters' petitions are due 15 days before the
    session opens.

    With ``roll=True`` (the default) a deadline counted in calendar days that falls on a
    weekend or holiday moves to the next working day (the rule of the Civil Code for time
    limits), or to the previous working day for a deadline *before* a date.
    """

    kind: PeriodKind = attrs.field(converter=_as_kind)
    days: int = attrs.field(validator=[attrs.validators.instance_of(int), _non_negative])
    day_count: DayCount = attrs.field(default=DayCount.CALENDAR_DAYS, converter=_as_day_count)
    basis: DeadlineBasis = attrs.field(default=DeadlineBasis.AFTER_END, converter=_as_basis)
    roll: bool = True
    name: str = attrs.field(default="", converter=_nfc)
    """What report this schedule is for (*Báo cáo tình hình tư tưởng, dư luận xã hội tháng*)."""

    def __attrs_post_init__(self) -> None:
        if self.basis is DeadlineBasis.DAY_OF_NEXT_MONTH and not 1 <= self.days <= 28:
            raise ValueError("a day of the next month must be 1..28 (every month has it)")
