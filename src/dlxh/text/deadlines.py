"""Reporting deadlines: working days in Vietnam and the due date of a report for a period.

Vietnamese public holidays, lunar ones included (Tết Nguyên đán, Giỗ Tổ Hùng Vương), come from
the `holidays <https://pypi.org/project/holidays/>`_ package, with its observed days and the
Saturdays the government turns into working days. The government also decides extra bridge
days year by year: pass them to :class:`WorkCalendar` as ``extra_holidays`` and
``extra_working_days``.

>>> from dlxh.model.periods import Period, PeriodKind, Schedule, DayCount
>>> monthly = Schedule(PeriodKind.MONTH, 5, DayCount.WORKING_DAYS)
>>> due_date(monthly, Period.month(2026, 4))
datetime.date(2026, 5, 8)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from dlxh.errors import ExtraMissingError
from dlxh.model.periods import DayCount, DeadlineBasis, Period, Schedule

__all__ = [
    "VIETNAM_TZ",
    "WorkCalendar",
    "due_date",
    "is_on_time",
    "lateness_days",
]

VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Indochina Time (UTC+7, no daylight saving): aware datetimes are read in this zone."""

_ONE_DAY = dt.timedelta(days=1)


def _official_holidays(country: str, years: Iterable[int]) -> Any:
    try:
        import holidays
    except ImportError as exc:  # pragma: no cover - holidays is a core dependency
        raise ExtraMissingError("core", "holidays") from exc
    return holidays.country_holidays(country, years=list(years))


class WorkCalendar:
    """Working days in Vietnam: Monday to Friday, less public holidays, plus the weekend days
    the government declares working days.

    ``extra_holidays`` and ``extra_working_days`` add days that a decision of the year (or an
    organisation) gives off or makes worked. ``official=False`` ignores the public holidays
    (weekends only), which tests and some internal schedules want.
    """

    def __init__(
        self,
        *,
        extra_holidays: Iterable[dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
        weekend: Iterable[int] = (5, 6),
        official: bool = True,
    ) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_working_days = frozenset(extra_working_days)
        both = self.extra_holidays & self.extra_working_days
        if both:
            raise ValueError(f"days both off and worked: {sorted(both)}")
        self.weekend = frozenset(weekend)
        self.official = official
        self._years: dict[int, dict[dt.date, str]] = {}
        self._worked_weekends: set[dt.date] = set()

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(extra_holidays={len(self.extra_holidays)}, "
            f"extra_working_days={len(self.extra_working_days)}, official={self.official})"
        )

    def holidays(self, year: int) -> dict[dt.date, str]:
        """The public holidays of ``year`` (observed days included) with their names, and the
        extra holidays given to this calendar."""
        if year not in self._years:
            table: dict[dt.date, str] = {}
            if self.official:
                official = _official_holidays("VN", [year])
                table.update({day: str(name) for day, name in official.items()})
                self._worked_weekends.update(getattr(official, "weekend_workdays", ()))
            table.update({d: "extra holiday" for d in self.extra_holidays if d.year == year})
            self._years[year] = table
        return self._years[year]

    def is_holiday(self, day: dt.date) -> bool:
        """Whether ``day`` is a public holiday or an extra holiday."""
        return day in self.holidays(day.year)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is worked."""
        if day in self.extra_working_days:
            return True
        if self.is_holiday(day):
            return False
        if day.weekday() in self.weekend:
            return day in self._worked_weekends
        return True

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` if it is worked, else the first working day after it."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` if it is worked, else the last working day before it."""
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (before it when ``count`` is negative);
        ``day`` itself when ``count`` is 0."""
        step = _ONE_DAY if count >= 0 else -_ONE_DAY
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days after ``start`` up to ``end`` inclusive (negative when
        ``end`` is before ``start``)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            count += self.is_working_day(day)
        return count


_DEFAULT_CALENDAR: WorkCalendar | None = None


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    global _DEFAULT_CALENDAR
    if calendar is not None:
        return calendar
    if _DEFAULT_CALENDAR is None:
        _DEFAULT_CALENDAR = WorkCalendar()
    return _DEFAULT_CALENDAR


def _first_of_next_month(day: dt.date) -> dt.date:
    index = day.year * 12 + day.month  # the month after, as an absolute month index
    return dt.date(index // 12, index % 12 + 1, 1)


def due_date(
    schedule: Schedule, period: Period, *, calendar: WorkCalendar | None = None
) -> dt.date:
    """The last day on which the report for ``period`` is on time under ``schedule``.

    - ``AFTER_END``: ``days`` calendar or working days after the period's last day;
    - ``BEFORE_START``: ``days`` calendar or working days before its first day (voters'
      petitions 15 days before a National Assembly session opens);
    - ``DAY_OF_NEXT_MONTH``: day ``days`` of the month after the period ends.

    A deadline counted in calendar days that falls on a day off moves to the next working day
    (to the previous one for ``BEFORE_START``) when ``schedule.roll`` is true.
    """
    work = _calendar(calendar)
    if schedule.kind is not period.kind:
        raise ValueError(
            f"schedule for {schedule.kind.value} periods used with a {period.kind.value} period"
        )
    backwards = schedule.basis is DeadlineBasis.BEFORE_START
    if schedule.basis is DeadlineBasis.DAY_OF_NEXT_MONTH:
        due = _first_of_next_month(period.end).replace(day=schedule.days)
    elif schedule.day_count is DayCount.WORKING_DAYS:
        anchor = period.start if backwards else period.end
        return work.add_working_days(anchor, -schedule.days if backwards else schedule.days)
    elif backwards:
        due = period.start - dt.timedelta(days=schedule.days)
    else:
        due = period.end + dt.timedelta(days=schedule.days)
    if schedule.roll:
        due = work.previous_working_day(due) if backwards else work.next_working_day(due)
    return due


def _local_date(submitted_at: dt.date) -> dt.date:
    if isinstance(submitted_at, dt.datetime):
        if submitted_at.tzinfo is not None:
            submitted_at = submitted_at.astimezone(VIETNAM_TZ)
        return submitted_at.date()
    return submitted_at


def is_on_time(
    schedule: Schedule,
    submitted_at: dt.date,
    period: Period,
    *,
    calendar: WorkCalendar | None = None,
) -> bool:
    """Whether a report for ``period`` sent at ``submitted_at`` (a date, or a datetime: aware
    ones are read in Vietnam time, naive ones as Vietnam time) met ``schedule``'s deadline."""
    return _local_date(submitted_at) <= due_date(schedule, period, calendar=calendar)


def lateness_days(
    schedule: Schedule,
    submitted_at: dt.date,
    period: Period,
    *,
    calendar: WorkCalendar | None = None,
    working_days: bool = False,
) -> int:
    """How many days after the deadline the report was sent: 0 when on time; calendar days,
    or working days with ``working_days=True``."""
    due = due_date(schedule, period, calendar=calendar)
    sent = _local_date(submitted_at)
    if sent <= due:
        return 0
    if working_days:
        return _calendar(calendar).working_days_between(due, sent)
    return (sent - due).days
