"""Completeness and timeliness: exact for planted missing and late reports."""

from __future__ import annotations

import datetime as dt

import pytest

from dlxh.model.enums import OrganisationKind, ReportKind
from dlxh.model.orgs import Organisation, OrgLevel, ReportingLine
from dlxh.model.periods import DayCount, Period, PeriodKind, Schedule
from dlxh.model.reports import Report
from dlxh.synthesis import ReportStatus, completeness, synthesize
from dlxh.synthesis.completeness import sub_periods
from dlxh.text.deadlines import WorkCalendar
from dlxh.units import catalog

COMMUNES = [u.code for u in catalog(dt.date(2026, 10, 31)).children("08")[:4]]
MONTHLY = Schedule(PeriodKind.MONTH, 5, roll=False)  # due on the 5th of the next month
OCTOBER = Period.month(2026, 10)


def org(oid: str, level: OrgLevel, unit: str, kind: OrganisationKind) -> Organisation:
    return Organisation(id=oid, kind=kind, name=f"Tổ chức {oid}", level=level, unit=unit)


ORGS = [org(f"c{k}", OrgLevel.COMMUNE, code, OrganisationKind.FRONT_COMMITTEE)
        for k, code in enumerate(COMMUNES, 1)]
ORGS += [org("hnd", OrgLevel.PROVINCE, "08", OrganisationKind.FARMERS_UNION),
         org("tinh", OrgLevel.PROVINCE, "08", OrganisationKind.FRONT_COMMITTEE)]
LINES = [ReportingLine(id=f"l-{o.id}", sender_id=o.id, receiver_id="tinh",
                       report_kind=ReportKind.OPINION_SITUATION, period_kind=PeriodKind.MONTH,
                       schedule=MONTHLY) for o in ORGS if o.id != "tinh"]


def sent(oid: str, day: dt.date, *, period: Period = OCTOBER, revision: int = 1,
         supersedes: str | None = None, rid: str | None = None) -> Report:
    return Report(
        id=rid or f"bc-{oid}-{period}-{revision}", kind=ReportKind.OPINION_SITUATION,
        title=f"Báo cáo {period.label}", period=period, organisation_id=oid,
        submitted_at=dt.datetime(day.year, day.month, day.day, 9, 30), revision=revision,
        supersedes=supersedes,
    )


REPORTS = [
    sent("c1", dt.date(2026, 11, 3)),                      # on time
    sent("c2", dt.date(2026, 11, 9)),                      # 4 days late
    # c3 sends nothing
    sent("c4", dt.date(2026, 11, 5)),                      # on the due day: on time
    sent("c4", dt.date(2026, 11, 12), revision=2, supersedes="bc-c4-2026-10-1"),
    # hnd (province farmers' union) sends nothing
    sent("c1", dt.date(2026, 10, 3), period=Period.month(2026, 9)),  # another period
]


def test_planted_missing_and_late_reports_are_counted_exactly() -> None:
    result = completeness(LINES, REPORTS, OCTOBER, organisations=ORGS,
                          as_of=dt.date(2026, 11, 30))
    total = result.total
    assert (total.expected, total.received, total.on_time, total.late, total.missing) == (
        5, 3, 2, 1, 2)
    assert total.max_days_late == 4
    assert total.reporting_rate == pytest.approx(3 / 5)
    assert total.on_time_rate == pytest.approx(2 / 5)
    status = {e.sender_id: (e.status, e.days_late) for e in result.expected}
    assert status == {
        "c1": (ReportStatus.ON_TIME, 0), "c2": (ReportStatus.LATE, 4),
        "c3": (ReportStatus.MISSING, 0), "c4": (ReportStatus.ON_TIME, 0),
        "hnd": (ReportStatus.MISSING, 0),
    }
    # The first revision decides timeliness.
    assert next(e for e in result.expected if e.sender_id == "c4").submitted == dt.date(
        2026, 11, 5)
    levels = {r.name: (r.expected, r.received, r.on_time, r.missing) for r in result.by_level}
    assert levels == {"Xã": (4, 3, 2, 1), "Tỉnh": (1, 0, 0, 1)}
    assert [r.name for r in result.by_organisation] == sorted(o.name for o in ORGS[:-1])


def test_before_the_deadline_a_report_is_not_yet_due() -> None:
    result = completeness(LINES, REPORTS[:1], OCTOBER, organisations=ORGS,
                          as_of=dt.date(2026, 11, 4))
    assert result.total.not_due == 4
    assert result.total.missing == 0
    assert result.total.received == 1


def test_monthly_lines_in_a_quarter_expect_three_reports() -> None:
    quarter = Period.quarter(2026, 4)
    assert [str(p) for p in sub_periods(quarter, PeriodKind.MONTH)] == [
        "2026-10", "2026-11", "2026-12"]
    reports = [sent("c1", dt.date(2026, 11, 2)),
               sent("c1", dt.date(2026, 12, 8), period=Period.month(2026, 11))]
    result = completeness(LINES[:1], reports, quarter, as_of=dt.date(2027, 1, 31))
    assert [(e.period.number, e.status) for e in result.expected] == [
        (10, ReportStatus.ON_TIME), (11, ReportStatus.LATE), (12, ReportStatus.MISSING)]
    assert result.expected[1].days_late == 3


def test_working_day_deadlines_and_no_deadline() -> None:
    working = Schedule(PeriodKind.MONTH, 5, DayCount.WORKING_DAYS)
    lines = [ReportingLine(id="w", sender_id="c1", receiver_id="tinh",
                           report_kind=ReportKind.OPINION_SITUATION,
                           period_kind=PeriodKind.MONTH, schedule=working),
             ReportingLine(id="n", sender_id="c2", receiver_id="tinh",
                           report_kind=ReportKind.OPINION_SITUATION,
                           period_kind=PeriodKind.MONTH)]
    reports = [sent("c1", dt.date(2026, 11, 9)), sent("c2", dt.date(2026, 12, 20))]
    result = completeness(lines, reports, OCTOBER, as_of=dt.date(2026, 12, 31),
                          calendar=WorkCalendar(official=False))
    first, second = result.expected
    # 31 October 2026 is a Saturday: five working days later is Friday 6 November.
    assert first.due == dt.date(2026, 11, 6)
    assert (first.status, first.days_late) == (ReportStatus.LATE, 3)
    assert second.status is ReportStatus.RECEIVED and second.due is None


def test_synthesis_shows_completeness_blind_spots_and_late_reports() -> None:
    from dlxh.model.opinions import Label, OpinionItem

    items = [OpinionItem(id=f"i{k}", text="Giá điện tăng", unit=COMMUNES[k],
                         date=dt.date(2026, 10, 2), report_id=f"bc-c{k + 1}-2026-10-1",
                         labels=(Label("topic", "economy"), Label("orientation", "oppose")))
             for k in range(2)]
    syn = synthesize([items, REPORTS], unit="08", period="2026-10", reporting_lines=LINES,
                     organisations=ORGS, receiver_id="tinh", today=dt.date(2026, 11, 30))
    assert syn.completeness is not None
    assert syn.completeness.total.missing == 2
    assert len(syn.blind_spots) == 124 - 2
    assert COMMUNES[2] in {u.code for u in syn.blind_spots}
    late = [p for p in syn.problems if p.code == "report-late"]
    assert len(late) == 1 and "4 days after the deadline" in late[0].message
    titles = [t.title for t in syn.tables]
    assert "Tình hình gửi báo cáo theo cấp" in titles
    assert "Báo cáo gửi chậm, chưa gửi" in titles
    assert "Địa bàn chưa có ý kiến phản ánh trong kỳ" in titles
    watch = " ".join(syn.report.sections[4].paragraphs)
    assert "Đôn đốc 2 báo cáo chưa gửi và 1 báo cáo gửi chậm" in watch
    assert syn.figures()["Số báo cáo chậm"] == 1
