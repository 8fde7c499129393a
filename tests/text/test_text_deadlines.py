"""Working days and deadlines: Tết 2026 and 2027, Hùng Kings, 30/4–1/5, bridge days."""

from __future__ import annotations

import datetime as dt

import pytest

from dlxh.model.periods import (
    BoundaryPolicy,
    DayCount,
    DeadlineBasis,
    Period,
    PeriodKind,
    Schedule,
)
from dlxh.text import WorkCalendar, due_date, is_on_time, lateness_days

D = dt.date
WORKING = DayCount.WORKING_DAYS
CUT = BoundaryPolicy.STATE_CUTOFF


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar()


def test_official_holidays(calendar: WorkCalendar) -> None:
    # Tết Nguyên đán 2026: 16-20 February (Monday-Friday), between two weekends.
    for day in range(16, 21):
        assert calendar.is_holiday(D(2026, 2, day)), day
        assert not calendar.is_working_day(D(2026, 2, day))
    assert calendar.is_working_day(D(2026, 2, 13))
    assert calendar.is_working_day(D(2026, 2, 23))
    # Tết 2027: 4-10 February.
    assert all(calendar.is_holiday(D(2027, 2, day)) for day in range(4, 11))
    assert calendar.is_working_day(D(2027, 2, 11))
    # Giỗ Tổ Hùng Vương 2026 falls on Sunday 26 April and is observed on Monday 27 April.
    assert not calendar.is_working_day(D(2026, 4, 27))
    assert not calendar.is_working_day(D(2026, 4, 30))
    assert not calendar.is_working_day(D(2026, 5, 1))
    assert calendar.is_working_day(D(2026, 4, 29))
    # 2 September and the day next to it.
    assert not calendar.is_working_day(D(2026, 9, 2))
    assert not calendar.is_working_day(D(2027, 9, 3))
    # A Saturday worked in exchange for a bridge day (decided by the government).
    assert calendar.is_working_day(D(2026, 8, 22))
    assert not calendar.is_working_day(D(2026, 8, 31))


# (schedule, period, due date)
DEADLINES = [
    # Tết 2026.
    (Schedule(PeriodKind.MONTH, 5, WORKING), Period.month(2026, 2, policy=CUT), D(2026, 2, 27)),
    (Schedule(PeriodKind.WEEK, 3, WORKING), Period.week(2026, 7), D(2026, 2, 25)),
    (Schedule(PeriodKind.WEEK, 3), Period.week(2026, 7), D(2026, 2, 23)),
    (Schedule(PeriodKind.WEEK, 3, roll=False), Period.week(2026, 7), D(2026, 2, 18)),
    (Schedule(PeriodKind.MONTH, 10, WORKING), Period.month(2026, 1), D(2026, 2, 13)),
    (Schedule(PeriodKind.MONTH, 11, WORKING), Period.month(2026, 1), D(2026, 2, 23)),
    (Schedule(PeriodKind.QUARTER, 10, WORKING), Period.quarter(2026, 1, policy=CUT),
     D(2026, 3, 27)),
    (Schedule(PeriodKind.MONTH, 18, basis=DeadlineBasis.DAY_OF_NEXT_MONTH),
     Period.month(2026, 1), D(2026, 2, 23)),
    # Tết 2027.
    (Schedule(PeriodKind.WEEK, 2, WORKING), Period.week(2027, 5), D(2027, 2, 12)),
    (Schedule(PeriodKind.MONTH, 5), Period.month(2027, 1), D(2027, 2, 11)),
    (Schedule(PeriodKind.MONTH, 3, WORKING), Period.month(2027, 1), D(2027, 2, 3)),
    (Schedule(PeriodKind.MONTH, 4, WORKING), Period.month(2027, 1), D(2027, 2, 11)),
    # Hùng Kings (observed), 30/4 and 1/5.
    (Schedule(PeriodKind.WEEK, 1, WORKING), Period.week(2026, 17), D(2026, 4, 28)),
    (Schedule(PeriodKind.MONTH, 3, WORKING), Period.month(2026, 4), D(2026, 5, 6)),
    (Schedule(PeriodKind.MONTH, 5, WORKING), Period.month(2026, 4), D(2026, 5, 8)),
    (Schedule(PeriodKind.MONTH, 1), Period.month(2026, 4), D(2026, 5, 4)),
    (Schedule(PeriodKind.MONTH, 15), Period.month(2026, 4, policy=CUT), D(2026, 4, 29)),
    (Schedule(PeriodKind.MONTH, 1, WORKING), Period.month(2027, 4), D(2027, 5, 4)),
    (Schedule(PeriodKind.QUARTER, 0), Period.quarter(2027, 1, policy=CUT), D(2027, 3, 15)),
    # Voters' petitions: 15 days before a National Assembly session opens (rolled back to
    # the Friday when that is a Sunday), and 15 days after it closes.
    (Schedule(PeriodKind.NA_SESSION, 15, basis=DeadlineBasis.BEFORE_START),
     Period.na_session(16, 1, D(2026, 4, 6), D(2026, 4, 25)), D(2026, 3, 20)),
    (Schedule(PeriodKind.NA_SESSION, 15),
     Period.na_session(16, 1, D(2026, 4, 6), D(2026, 4, 25)), D(2026, 5, 11)),
    (Schedule(PeriodKind.NA_SESSION, 5, WORKING, basis=DeadlineBasis.BEFORE_START),
     Period.na_session(16, 1, D(2026, 4, 6), D(2026, 4, 25)), D(2026, 3, 30)),
]


@pytest.mark.parametrize(("schedule", "period", "due"), DEADLINES)
def test_due_dates(calendar: WorkCalendar, schedule: Schedule, period: Period,
                   due: dt.date) -> None:
    assert due_date(schedule, period, calendar=calendar) == due
    assert is_on_time(schedule, due, period, calendar=calendar)
    assert not is_on_time(schedule, due + dt.timedelta(days=1), period, calendar=calendar)


def test_lateness(calendar: WorkCalendar) -> None:
    schedule = Schedule(PeriodKind.WEEK, 3, WORKING)
    period = Period.week(2026, 6)  # 2-8 February 2026; due Wednesday 11 February
    assert due_date(schedule, period, calendar=calendar) == D(2026, 2, 11)
    assert lateness_days(schedule, D(2026, 2, 10), period, calendar=calendar) == 0
    assert lateness_days(schedule, D(2026, 2, 23), period, calendar=calendar) == 12
    # Working days late: 12 and 13 February, then Monday 23 February after Tết.
    assert lateness_days(schedule, D(2026, 2, 23), period, calendar=calendar,
                         working_days=True) == 3


def test_datetimes_are_read_in_vietnam_time(calendar: WorkCalendar) -> None:
    schedule = Schedule(PeriodKind.MONTH, 5, WORKING)
    period = Period.month(2026, 4)  # due 8 May 2026
    late_evening_utc = dt.datetime(2026, 5, 8, 18, 0, tzinfo=dt.UTC)  # 9 May, 01:00 in Hanoi
    assert not is_on_time(schedule, late_evening_utc, period, calendar=calendar)
    assert is_on_time(schedule, dt.datetime(2026, 5, 8, 23, 59), period, calendar=calendar)
    assert lateness_days(schedule, late_evening_utc, period, calendar=calendar) == 1


def test_extra_holidays_and_working_days() -> None:
    # A decision that gives Friday 2 January 2026 off and makes Saturday 10 January worked.
    bridge = WorkCalendar(extra_holidays=[D(2026, 1, 2)], extra_working_days=[D(2026, 1, 10)])
    schedule = Schedule(PeriodKind.MONTH, 1, WORKING)
    december = Period.month(2025, 12)
    assert due_date(schedule, december, calendar=WorkCalendar()) == D(2026, 1, 2)
    assert due_date(schedule, december, calendar=bridge) == D(2026, 1, 5)
    assert bridge.is_working_day(D(2026, 1, 10))
    assert bridge.working_days_between(D(2026, 1, 9), D(2026, 1, 12)) == 2
    with pytest.raises(ValueError, match="both off and worked"):
        WorkCalendar(extra_holidays=[D(2026, 1, 2)], extra_working_days=[D(2026, 1, 2)])


def test_weekends_only_calendar() -> None:
    plain = WorkCalendar(official=False)
    assert plain.is_working_day(D(2026, 2, 17))
    assert due_date(Schedule(PeriodKind.WEEK, 3, WORKING), Period.week(2026, 7),
                    calendar=plain) == D(2026, 2, 18)


def test_schedule_checks() -> None:
    with pytest.raises(ValueError, match="negative"):
        Schedule(PeriodKind.MONTH, -1)
    with pytest.raises(ValueError, match=r"1\.\.28"):
        Schedule(PeriodKind.MONTH, 31, basis=DeadlineBasis.DAY_OF_NEXT_MONTH)
    with pytest.raises(ValueError, match="month periods used with a week period"):
        due_date(Schedule(PeriodKind.MONTH, 5), Period.week(2026, 7))
    assert Schedule("month", 5, "working_days").day_count is WORKING
