"""End to end on the scenario generator: a province's communes over three months."""

from __future__ import annotations

import datetime as dt

import pytest

from dlxh.model.enums import Origin
from dlxh.model.periods import Period
from dlxh.synthesis import ReportStatus, Synthesis, synthesize
from dlxh.testing.scenario import Scenario, scenario


@pytest.fixture(scope="module")
def case() -> Scenario:
    return scenario(1500, seed=11)


@pytest.fixture(scope="module")
def quarter(case: Scenario) -> Synthesis:
    window = Period.ad_hoc(case.periods[0].start, case.periods[-1].end)
    return synthesize([case.items, case.reports], unit=case.province, period=window,
                      reporting_lines=case.reporting_lines, organisations=case.organisations,
                      receiver_id=case.province_organisation, today=dt.date(2027, 6, 1))


def test_completeness_is_exact_for_planted_missing_and_late_reports(
    case: Scenario, quarter: Synthesis,
) -> None:
    state = quarter.completeness
    assert state is not None
    assert state.total.expected == 3 * len(case.communes)
    missing = sorted((e.sender_id, str(e.period)) for e in state.expected
                     if e.status is ReportStatus.MISSING)
    late = sorted((e.sender_id, str(e.period), e.days_late) for e in state.expected
                  if e.status is ReportStatus.LATE)
    assert missing == sorted(case.missing)
    assert late == sorted(case.late)
    assert state.total.on_time == state.total.expected - len(case.missing) - len(case.late)


def test_every_item_is_counted_once_and_rumours_apart(case: Scenario, quarter: Synthesis) -> None:
    assert len(quarter.items) == len(case.items)
    in_streams = [i for s in quarter.streams for i in s.item_ids]
    in_rumours = [i for s in quarter.rumours for i in s.item_ids]
    assert len(in_streams) == len(set(in_streams))
    rumours = {i.id for i in case.items if i.origin is Origin.RUMOUR}
    assert set(in_rumours) == rumours
    assert set(in_streams) == {i.id for i in case.items} - rumours


def test_a_month_rolled_up_from_commune_syntheses_equals_the_direct_one(
    case: Scenario,
) -> None:
    october = case.periods[-1]
    direct = synthesize(case.items, unit=case.province, period=october,
                        today=dt.date(2026, 12, 1))
    communes = sorted({i.unit for i in case.items
                       if i.unit and i.date and october.contains(i.date)})[:6]
    lower = [synthesize([i for i in case.items if i.unit == c], unit=c, period=october,
                        today=dt.date(2026, 12, 1)) for c in communes]
    rolled = synthesize([lower, case.items], unit=case.province, period=october,
                        today=dt.date(2026, 12, 1))
    assert sorted(i.id for i in rolled.items) == sorted(i.id for i in direct.items)
    assert sorted(s.item_ids for s in rolled.streams) == sorted(
        s.item_ids for s in direct.streams)


def test_the_previous_month_gives_trends(case: Scenario) -> None:
    october = case.periods[-1]
    syn = synthesize(case.items, unit=case.province, period=october,
                     today=dt.date(2026, 12, 1))
    september = len([i for i in case.items if i.date and case.periods[1].contains(i.date)
                     and i.origin is not Origin.RUMOUR])
    assert syn.previous_items is not None and syn.previous_items >= september
    assert sum(h.previous_items or 0 for h in syn.issues) == september


def test_stream_trends_follow_planted_growth() -> None:
    from collections import Counter

    from dlxh.synthesis import Trend

    case = scenario(6000, seed=3)
    october = case.periods[-1]
    syn = synthesize(case.items, unit=case.province, period=october, today=dt.date(2026, 12, 1))
    truth = dict(zip((i.id for i in case.items), case.truth, strict=True))
    planted = {p.id: p for p in case.streams}
    checked = 0
    seen: set[str] = set()
    for moved in syn.stream_trends:  # the largest stream of each planted one comes first
        if moved.stream_id is None or (moved.previous_items or 0) < 30:
            continue
        stream = syn.stream(moved.stream_id)
        planted_id = Counter(truth[i] for i in stream.item_ids).most_common(1)[0][0]
        if planted_id in seen:
            continue
        seen.add(planted_id)
        growth = planted[planted_id].growth
        change = growth[2] / growth[1]
        if change >= 1.5:
            assert moved.trend is Trend.RISING, planted_id
        elif change <= 0.6:
            assert moved.trend is Trend.FADING, planted_id
        elif 0.9 <= change <= 1.15:
            assert moved.trend is Trend.STABLE, planted_id
        checked += 1
    assert checked >= 5
