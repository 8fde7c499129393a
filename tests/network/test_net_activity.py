"""Activity per collaborator and unit, contracts ending soon, and the grading."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dlxh.errors import ConfigurationError
from dlxh.model.network import Collaborator
from dlxh.model.opinions import OpinionItem, OpinionStream
from dlxh.model.periods import Period, PeriodKind, Schedule
from dlxh.model.reports import Report, Section
from dlxh.network import (
    GradeRule,
    GradingScheme,
    activity,
    expiring_contracts,
    grade,
    taken_item_ids,
)
from dlxh.testing.roster import generate_items, generate_roster
from dlxh.text.deadlines import WorkCalendar
from dlxh.units import Catalog
from network.net_samples import PROVINCE

MARCH = Period.month(2026, 3)
NO_HOLIDAYS = WorkCalendar(official=False)
MONTHLY = Schedule(PeriodKind.MONTH, 5)  # 5 April 2026 is a Sunday: due Monday 6 April


def _person(id: str, unit: str, **kw: object) -> Collaborator:
    return Collaborator(id=id, name=f"Người {id}", role="opinion_collaborator", unit=unit,
                        **kw)  # type: ignore[arg-type]


def _item(id: str, day: dt.date | None, reporter: str | None,
          report: str | None = None) -> OpinionItem:
    return OpinionItem(id=id, text="Bà con phấn khởi.", date=day, reporter_id=reporter,
                       report_id=report)


ROSTER = [
    _person("A", "00001"),
    _person("B", "00004"),
    _person("C", "00001", appointed_on=dt.date(2026, 3, 1)),
    _person("D", "00004", status="ended"),
]
REPORTS = [
    Report(id="r-early", kind="quick", title="Báo cáo nhanh",
           submitted_at=dt.datetime(2026, 4, 3, 16, 0)),
    Report(id="r-late", kind="quick", title="Báo cáo nhanh", issued_on=dt.date(2026, 4, 10)),
]
ITEMS = [
    _item("a1", dt.date(2026, 3, 2), "A", "r-early"),
    _item("a2", dt.date(2026, 3, 20), "A", "r-early"),
    _item("a3", dt.date(2026, 3, 30), "A", "r-late"),
    _item("b0", dt.date(2026, 1, 10), "B"),
    _item("c1", dt.date(2026, 3, 5), "C"),
    _item("x1", dt.date(2026, 3, 6), "X"),
    _item("n1", dt.date(2026, 3, 7), None),
    _item("u1", None, "A"),
    _item("a-april", dt.date(2026, 4, 1), "A"),
]


def test_items_timeliness_use_and_silence_per_collaborator() -> None:
    result = activity(ROSTER, ITEMS, MARCH, schedule=MONTHLY, calendar=NO_HOLIDAYS,
                      reports=REPORTS, synthesised={"a1", "a3", "b0"}, history=3)
    a, b, c, d = (result.get(x) for x in "ABCD")
    assert (a.items, a.on_time, a.late, a.taken) == (3, 2, 1, 2)
    assert a.on_time_share == pytest.approx(2 / 3) and a.taken_share == pytest.approx(2 / 3)
    assert (a.current_silence, a.longest_silence, a.periods_observed) == (0, 2, 3)
    assert (b.items, b.on_time_share, b.taken_share) == (0, None, None)
    assert (b.current_silence, b.longest_silence) == (2, 2)
    # C was appointed in March: January and February are not silence.
    assert (c.items, c.on_time, c.current_silence, c.periods_observed) == (1, 1, 0, 1)
    assert d.active is False
    assert result.unknown_reporters == (("X", 1),)
    assert (result.anonymous_items, result.undated) == (1, 1)
    units = {u.unit: u for u in result.units}
    assert (units["00001"].items, units["00001"].on_time, units["00001"].late) == (4, 3, 1)
    assert units["00004"].silent_collaborators == 1  # B; D has ended
    assert units["00004"].active_collaborators == 1
    table = result.table()
    assert "Họ và tên" not in table.columns
    assert [row[0] for row in table.rows] == ["A", "B", "C", "D"]
    assert "Họ và tên" in result.table(identities=True).columns
    assert result.unit_table().rows[0][0] == "00001"


def test_used_items_come_from_streams_and_reports() -> None:
    streams = [OpinionStream(id="s1", statement="Phấn khởi", item_ids=("a1", "a3")),
               OpinionStream(id="s2", statement="Lo lắng", item_ids=("c1",))]

    class FakeSynthesis:  # what a synthesis offers: its streams
        def __init__(self) -> None:
            self.streams = streams[:1]

    presented: Any = ("b0",)  # Any: the model's tuple converter confuses mypy
    report = Report(id="bc", kind="synthesis", title="Tổng hợp",
                    sections=(Section("I", item_ids=presented),))
    assert taken_item_ids(FakeSynthesis()) == {"a1", "a3"}
    assert taken_item_ids(streams, report) == {"a1", "a3", "c1", "b0"}
    result = activity(ROSTER, ITEMS, MARCH, synthesised=taken_item_ids(FakeSynthesis()))
    assert result.get("A").taken == 2
    with pytest.raises(TypeError):
        taken_item_ids(3)


def test_without_schedule_or_synthesis_the_shares_are_not_invented() -> None:
    result = activity(ROSTER, ITEMS, MARCH)
    a = result.get("A")
    assert (a.on_time, a.late, a.taken) == (None, None, None)
    assert a.on_time_share is None and a.taken_share is None
    assert result.units[0].on_time is None


def test_weekly_deadlines_judge_each_item_by_its_week() -> None:
    weekly = Schedule(PeriodKind.WEEK, 2)
    sent = {"a1": dt.date(2026, 3, 9), "a2": dt.date(2026, 3, 31),
            "a3": dt.date(2026, 4, 8)}
    result = activity(ROSTER, ITEMS, MARCH, schedule=weekly, sent_on=sent,
                      calendar=NO_HOLIDAYS)
    a = result.get("A")
    # a1: week 2-8 March, due 10 March; a2: week 16-22 March, due 24 March (late);
    # a3: week 30 March - 5 April, due 7 April, sent 8 April (late).
    assert (a.on_time, a.late) == (1, 2)
    by_callable = activity(ROSTER, ITEMS, MARCH, schedule=weekly, calendar=NO_HOLIDAYS,
                           sent_on=lambda item: sent.get(item.id))
    assert by_callable.get("A") == a
    with pytest.raises(ConfigurationError):
        activity(ROSTER, ITEMS, MARCH, schedule=Schedule(PeriodKind.AD_HOC, 3))
    with pytest.raises(ConfigurationError):
        activity(ROSTER, ITEMS, MARCH, history=0)


def test_activity_on_a_generated_province(province_catalog: Catalog) -> None:
    roster = generate_roster(PROVINCE, per_unit=2, catalog_=province_catalog, seed=5)
    silent = {roster[10].id, roster[20].id}
    items = generate_items(roster, MARCH, per_collaborator=(1, 3), silent=silent, seed=2)
    result = activity(roster, items, MARCH)
    assert sum(r.items for r in result.collaborators) == len(items)
    assert {r.collaborator_id for r in result.collaborators if r.items == 0} == silent
    assert sum(u.silent_collaborators for u in result.units) == len(silent)


def test_contracts_ending_within_n_days() -> None:
    today = dt.date(2026, 3, 20)
    people = [
        _person("soon", "00001", contract_end=dt.date(2026, 4, 1)),
        _person("today", "00001", contract_end=today),
        _person("later", "00001", contract_end=dt.date(2026, 6, 1)),
        _person("over", "00001", contract_end=dt.date(2026, 3, 1)),
        _person("gone", "00001", contract_end=dt.date(2026, 3, 25), status="ended"),
        _person("none", "00001"),
    ]
    result = expiring_contracts(people, 30, today=today)
    assert [(e.collaborator_id, e.days_left) for e in result.contracts] == [
        ("over", -19), ("today", 0), ("soon", 12)]
    strict = expiring_contracts(people, 12, today=today, include_overdue=False)
    assert [e.collaborator_id for e in strict.contracts] == ["today", "soon"]
    assert "Họ và tên" not in result.table(identities=False).columns
    assert len(result.table().rows) == 3
    with pytest.raises(ConfigurationError):
        expiring_contracts(people, -1)


def test_default_grading_and_why_not_higher() -> None:
    result = activity(ROSTER, ITEMS, MARCH, schedule=MONTHLY, calendar=NO_HOLIDAYS,
                      reports=REPORTS, synthesised={"a1", "a3"}, history=3)
    grading = grade(result)
    assert {g.collaborator_id for g in grading.grades} == {"A", "B", "C"}  # D has ended
    a = grading.get("A")
    assert a.grade == "Hoàn thành nhiệm vụ"
    assert any("đúng hạn 67%" in why for why in a.short_of_next)
    assert grading.get("B").grade == "Không hoàn thành nhiệm vụ"
    # C: one item, on time, none used: the "good" rule wants 2 items and 25 % used.
    c = grading.get("C")
    assert c.grade == "Hoàn thành nhiệm vụ"
    assert any("gửi 1 tin" in why for why in c.short_of_next)
    counts = grading.counts()
    assert list(counts) == list(GradingScheme.default().grades)
    assert counts["Hoàn thành nhiệm vụ"] == 2 and sum(counts.values()) == 3
    assert grading.table().columns == ("Mã CTV", "Xếp loại", "Chưa đạt mức trên vì")


def test_a_custom_scheme_changes_the_grades() -> None:
    result = activity(ROSTER, ITEMS, MARCH, schedule=MONTHLY, calendar=NO_HOLIDAYS,
                      reports=REPORTS)
    lenient = GradingScheme((GradeRule("Tốt", min_items=1),), fallback="Chưa đạt")
    grading = grade(result, lenient, active_only=False)
    assert {g.collaborator_id: g.grade for g in grading.grades} == {
        "A": "Tốt", "B": "Chưa đạt", "C": "Tốt", "D": "Chưa đạt"}
    strict = GradingScheme((GradeRule("Tốt", min_items=1, min_on_time_share=0.9,
                                      max_longest_silence=0),))
    assert grade(result, strict).get("A").grade == strict.fallback
