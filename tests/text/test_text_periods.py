"""Period: windows under both policies, parsing, labels, codes, navigation and tiling."""

from __future__ import annotations

import datetime as dt
import typing

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.errors import UnknownPeriodError
from dlxh.model.periods import BoundaryPolicy, Period, PeriodKind

D = dt.date
CAL = BoundaryPolicy.CALENDAR
CUT = BoundaryPolicy.STATE_CUTOFF
COMPUTED_KINDS = (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF,
                  PeriodKind.YEAR)

# (text as written, keyword arguments, start, end, kind)
PERIOD_TABLE = [
    ("quý III/2020", {}, D(2020, 7, 1), D(2020, 9, 30), PeriodKind.QUARTER),
    ("Quý III năm 2020", {}, D(2020, 7, 1), D(2020, 9, 30), PeriodKind.QUARTER),
    ("QUÝ III NĂM 2020", {}, D(2020, 7, 1), D(2020, 9, 30), PeriodKind.QUARTER),
    ("quý 3 năm 2020", {}, D(2020, 7, 1), D(2020, 9, 30), PeriodKind.QUARTER),
    ("quy 3/2020", {}, D(2020, 7, 1), D(2020, 9, 30), PeriodKind.QUARTER),
    ("Q3/2020", {}, D(2020, 7, 1), D(2020, 9, 30), PeriodKind.QUARTER),
    ("Quý I/2021", {}, D(2021, 1, 1), D(2021, 3, 31), PeriodKind.QUARTER),
    ("Quý IV - 2021", {}, D(2021, 10, 1), D(2021, 12, 31), PeriodKind.QUARTER),
    ("quý II", {"year": 2024}, D(2024, 4, 1), D(2024, 6, 30), PeriodKind.QUARTER),
    ("2020-Q3", {}, D(2020, 7, 1), D(2020, 9, 30), PeriodKind.QUARTER),
    ("2020-Q3@state_cutoff", {}, D(2020, 6, 15), D(2020, 9, 14), PeriodKind.QUARTER),
    ("quý III/2020", {"policy": CUT}, D(2020, 6, 15), D(2020, 9, 14), PeriodKind.QUARTER),
    ("quý I năm 2021", {"policy": CUT}, D(2020, 12, 15), D(2021, 3, 14), PeriodKind.QUARTER),
    ("tháng 10/2020", {}, D(2020, 10, 1), D(2020, 10, 31), PeriodKind.MONTH),
    ("Tháng 10 năm 2020", {}, D(2020, 10, 1), D(2020, 10, 31), PeriodKind.MONTH),
    ("tháng 02/2024", {}, D(2024, 2, 1), D(2024, 2, 29), PeriodKind.MONTH),
    ("tháng 2 năm 2023", {}, D(2023, 2, 1), D(2023, 2, 28), PeriodKind.MONTH),
    ("T10/2020", {}, D(2020, 10, 1), D(2020, 10, 31), PeriodKind.MONTH),
    ("T01/2026", {}, D(2026, 1, 1), D(2026, 1, 31), PeriodKind.MONTH),
    ("t12-2025", {}, D(2025, 12, 1), D(2025, 12, 31), PeriodKind.MONTH),
    ("10/2020", {}, D(2020, 10, 1), D(2020, 10, 31), PeriodKind.MONTH),
    ("thang 10 nam 2020", {}, D(2020, 10, 1), D(2020, 10, 31), PeriodKind.MONTH),
    ("Báo cáo tháng 10/2020", {}, D(2020, 10, 1), D(2020, 10, 31), PeriodKind.MONTH),
    ("tháng 10", {"today": D(2026, 11, 26)}, D(2026, 10, 1), D(2026, 10, 31), PeriodKind.MONTH),
    ("2026-10", {}, D(2026, 10, 1), D(2026, 10, 31), PeriodKind.MONTH),
    ("2026-10", {"policy": CUT}, D(2026, 9, 15), D(2026, 10, 14), PeriodKind.MONTH),
    ("tháng 1/2021", {"policy": CUT}, D(2020, 12, 15), D(2021, 1, 14), PeriodKind.MONTH),
    ("6 tháng đầu năm 2020", {}, D(2020, 1, 1), D(2020, 6, 30), PeriodKind.HALF),
    ("6 THÁNG ĐẦU NĂM 2020", {}, D(2020, 1, 1), D(2020, 6, 30), PeriodKind.HALF),
    ("sáu tháng cuối năm 2021", {}, D(2021, 7, 1), D(2021, 12, 31), PeriodKind.HALF),
    ("6 tháng cuối năm", {"year": 2020}, D(2020, 7, 1), D(2020, 12, 31), PeriodKind.HALF),
    ("6 tháng đầu năm nay", {"today": D(2026, 3, 2)}, D(2026, 1, 1), D(2026, 6, 30),
     PeriodKind.HALF),
    ("6 tháng đầu năm 2020", {"policy": CUT}, D(2019, 12, 15), D(2020, 6, 14), PeriodKind.HALF),
    ("2020-H2", {}, D(2020, 7, 1), D(2020, 12, 31), PeriodKind.HALF),
    ("năm 2020", {}, D(2020, 1, 1), D(2020, 12, 31), PeriodKind.YEAR),
    ("Năm 2020", {"policy": CUT}, D(2019, 12, 15), D(2020, 12, 14), PeriodKind.YEAR),
    ("2026", {}, D(2026, 1, 1), D(2026, 12, 31), PeriodKind.YEAR),
    ("tuần 43/2020", {}, D(2020, 10, 19), D(2020, 10, 25), PeriodKind.WEEK),
    ("Tuần 43 năm 2020", {}, D(2020, 10, 19), D(2020, 10, 25), PeriodKind.WEEK),
    ("tuần thứ 1 năm 2026", {}, D(2025, 12, 29), D(2026, 1, 4), PeriodKind.WEEK),
    ("2020-W53", {}, D(2020, 12, 28), D(2021, 1, 3), PeriodKind.WEEK),
    ("Từ ngày 05/10/2020 đến ngày 20/10/2020", {}, D(2020, 10, 5), D(2020, 10, 20),
     PeriodKind.AD_HOC),
    ("từ 15/12 đến 14/01/2021", {}, D(2020, 12, 15), D(2021, 1, 14), PeriodKind.AD_HOC),
    ("01/10/2020 - 15/10/2020", {}, D(2020, 10, 1), D(2020, 10, 15), PeriodKind.AD_HOC),
    ("2020-10-05/2020-10-20", {}, D(2020, 10, 5), D(2020, 10, 20), PeriodKind.AD_HOC),
]


@pytest.mark.parametrize(("text", "kwargs", "start", "end", "kind"), PERIOD_TABLE)
def test_parse_as_agencies_write(text: str, kwargs: dict[str, object], start: dt.date,
                                 end: dt.date, kind: PeriodKind) -> None:
    period = Period.parse(text, **kwargs)  # type: ignore[arg-type]
    assert (period.start, period.end, period.kind) == (start, end, kind)


def test_public_api_example() -> None:
    p = Period.parse("quý III/2020")
    assert (p.start, p.end, p.label) == (D(2020, 7, 1), D(2020, 9, 30), "Quý III năm 2020")
    assert p.policy is CAL
    assert str(p) == "2020-Q3"


@pytest.mark.parametrize(
    "text",
    ["", "quý V/2020", "tháng 13/2020", "tuần 54/2020", "6 tháng cuối năm", "tháng 10",
     "báo cáo tuần", "2020-Q5", "abc", "2020@weekly", "31/02/2020 - 01/03/2020"],
)
def test_unreadable_period_quotes_text(text: str) -> None:
    with pytest.raises(UnknownPeriodError) as info:
        Period.parse(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(
    ("period", "label", "code"),
    [
        (Period.month(2026, 10), "Tháng 10 năm 2026", "2026-10"),
        (Period.quarter(2020, 3), "Quý III năm 2020", "2020-Q3"),
        (Period.half(2020, 1), "6 tháng đầu năm 2020", "2020-H1"),
        (Period.half(2020, 2), "6 tháng cuối năm 2020", "2020-H2"),
        (Period.year_of(2020), "Năm 2020", "2020"),
        (Period.week(2020, 43), "Tuần 43 năm 2020", "2020-W43"),
        (Period.month(2026, 10, policy=CUT), "Tháng 10 năm 2026", "2026-10@state_cutoff"),
        (Period.ad_hoc(D(2026, 1, 20), D(2026, 2, 28), name="Đợt cao điểm Tết"),
         "Đợt cao điểm Tết", "2026-01-20/2026-02-28"),
        (Period.na_session(15, 10, D(2025, 10, 20), D(2025, 12, 11)),
         "Kỳ họp thứ 10, Quốc hội khóa XV", "QH15-K10:2025-10-20/2025-12-11"),
    ],
)
def test_labels_and_codes(period: Period, label: str, code: str) -> None:
    assert period.label == label
    assert str(period) == code
    back = Period.parse(code)
    assert (back.kind, back.start, back.end, back.policy) == (
        period.kind, period.start, period.end, period.policy)


def test_constructor_checks_window() -> None:
    with pytest.raises(ValueError, match="runs"):
        Period(kind=PeriodKind.MONTH, start=D(2020, 10, 1), end=D(2020, 10, 30), year=2020,
               number=10)
    with pytest.raises(ValueError, match="before it starts"):
        Period.ad_hoc(D(2020, 10, 2), D(2020, 10, 1))
    with pytest.raises(ValueError, match=r"1\.\.12"):
        Period.month(2020, 13)
    with pytest.raises(ValueError, match=r"weeks 1\.\.52"):
        Period.week(2021, 53)


def test_containing_under_state_cutoff() -> None:
    assert str(Period.containing(D(2020, 10, 14), "month", policy=CUT)) == "2020-10@state_cutoff"
    assert str(Period.containing(D(2020, 10, 15), "month", policy=CUT)) == "2020-11@state_cutoff"
    assert str(Period.containing(D(2020, 12, 20), "year", policy=CUT)) == "2021@state_cutoff"
    assert str(Period.containing(D(2020, 9, 14), "quarter", policy=CUT)) == "2020-Q3@state_cutoff"
    assert str(Period.containing(D(2020, 9, 15), "quarter", policy=CUT)) == "2020-Q4@state_cutoff"
    assert str(Period.containing(D(2021, 1, 1), "week")) == "2020-W53"


def test_navigation_across_years() -> None:
    assert str(Period.month(2020, 12).next()) == "2021-01"
    assert str(Period.month(2021, 1).previous()) == "2020-12"
    assert str(Period.quarter(2021, 1).previous()) == "2020-Q4"
    assert str(Period.half(2020, 2).next()) == "2021-H1"
    assert str(Period.week(2020, 53).next()) == "2021-W01"
    assert str(Period.year_of(2020, policy=CUT).next()) == "2021@state_cutoff"
    ad_hoc = Period.ad_hoc(D(2026, 1, 1), D(2026, 1, 10))
    assert (ad_hoc.next().start, ad_hoc.next().end) == (D(2026, 1, 11), D(2026, 1, 20))
    with pytest.raises(UnknownPeriodError):
        Period.na_session(15, 10, D(2025, 10, 20), D(2025, 12, 11)).next()


def test_month_arithmetic_from_anchor_not_chained() -> None:
    # Chaining "add one month" from 31 January would drift to the 28th/29th; anchors do not.
    month = Period.month(2024, 1)
    for _ in range(24):
        month = month.next()
        assert month.start.day == 1
    assert str(month) == "2026-01"
    cut = Period.month(2024, 1, policy=CUT)
    for _ in range(13):
        cut = cut.next()
        assert (cut.start.day, cut.end.day) == (15, 14)


def test_order_hash_and_contains() -> None:
    periods = [Period.month(2020, 11), Period.quarter(2020, 4), Period.month(2020, 10)]
    assert [str(p) for p in sorted(periods)] == ["2020-10", "2020-Q4", "2020-11"]
    assert len({Period.month(2020, 10), Period.parse("T10/2020")}) == 1
    assert D(2020, 10, 31) in Period.month(2020, 10)
    assert not Period.month(2020, 10).contains(D(2020, 11, 1))
    assert Period.month(2020, 10).contains(dt.datetime(2020, 10, 31, 23, 59))
    assert Period.month(2020, 2).days() == 29


def test_fields_are_plain_for_cattrs() -> None:
    allowed = {PeriodKind, BoundaryPolicy, dt.date, int | None, str}
    hints = typing.get_type_hints(Period)
    for field in attrs.fields(Period):
        assert hints[field.name] in allowed, field


years = st.integers(min_value=1990, max_value=2100)
policies = st.sampled_from(list(BoundaryPolicy))


@given(years, policies, st.sampled_from([PeriodKind.MONTH, PeriodKind.QUARTER,
                                          PeriodKind.HALF]))
def test_periods_tile_the_year(year: int, policy: BoundaryPolicy, kind: PeriodKind) -> None:
    whole = Period.year_of(year, policy=policy)
    first = Period.containing(whole.start, kind, policy=policy)
    assert first.start == whole.start
    day = whole.start
    period = first
    while period.end < whole.end:
        assert period.start == day
        nxt = period.next()
        assert nxt.start == period.end + dt.timedelta(days=1)  # no gap, no overlap
        assert nxt.previous() == period
        assert nxt.year == year
        day = nxt.start
        period = nxt
    assert period.end == whole.end


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)), policies,
       st.sampled_from(COMPUTED_KINDS))
def test_containing_contains_and_round_trips(day: dt.date, policy: BoundaryPolicy,
                                             kind: PeriodKind) -> None:
    period = Period.containing(day, kind, policy=policy)
    assert period.contains(day)
    assert not period.previous().contains(day)
    assert not period.next().contains(day)
    assert period.previous().end + dt.timedelta(days=1) == period.start
    assert Period.parse(period.label, policy=policy) == period
    assert Period.parse(str(period)) == period
    if policy is CAL:
        assert Period.parse(period.label) == period
