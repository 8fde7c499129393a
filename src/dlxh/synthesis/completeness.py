"""Completeness and timeliness of reporting, as reporting rates (DHIS2-style).

For each reporting line (who sends which kind of report to whom, for which periods, due
when), the reports expected in the synthesis's period are listed: one per sub-period of the
line's period kind that lies inside the period (three monthly reports in a quarter). Each is
matched with the report received from the sender for that period (same kind first, else any
unclaimed report of the sender for that period; the first revision's submission time counts)
and classified: on time, late (with the days), missing, not yet due, or received with no
deadline configured. Rates are given per organisation, per level and in total:

- reporting rate = received / expected;
- on-time rate = received on time / expected.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs

from dlxh.errors import Problem, Severity
from dlxh.model.labelled import LabelledEnum
from dlxh.model.orgs import Organisation, ReportingLine
from dlxh.model.periods import Period, PeriodKind
from dlxh.model.reports import Report

__all__ = [
    "Completeness",
    "ExpectedReport",
    "RateRow",
    "ReportStatus",
    "completeness",
    "sub_periods",
]


class ReportStatus(LabelledEnum):
    """What became of an expected report."""

    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Chậm"
    MISSING = "missing", "Chưa gửi"
    NOT_DUE = "not_due", "Chưa đến hạn"
    RECEIVED = "received", "Đã nhận (không quy định hạn)"

    @property
    def received(self) -> bool:
        """True when a report arrived."""
        return self in (ReportStatus.ON_TIME, ReportStatus.LATE, ReportStatus.RECEIVED)


@attrs.frozen
class ExpectedReport:
    """One report a reporting line expects in the period, and what became of it."""

    line_id: str
    sender_id: str
    sender_name: str
    level: str
    """The sender's level label (*Xã*, *Tỉnh*...), ``""`` when the organisation is unknown."""
    period: Period
    due: dt.date | None
    status: ReportStatus
    report_id: str | None = None
    submitted: dt.date | None = None
    days_late: int = 0


@attrs.frozen
class RateRow:
    """Counts and rates for one organisation, one level, or all."""

    name: str
    expected: int
    received: int
    on_time: int
    late: int
    missing: int
    not_due: int
    max_days_late: int

    @property
    def reporting_rate(self) -> float:
        """Received over expected (1.0 when nothing was expected)."""
        return self.received / self.expected if self.expected else 1.0

    @property
    def on_time_rate(self) -> float:
        """Received on time over expected (1.0 when nothing was expected)."""
        return self.on_time / self.expected if self.expected else 1.0


@attrs.frozen
class Completeness:
    """Expected reports and the rates built from them."""

    expected: tuple[ExpectedReport, ...]
    by_organisation: tuple[RateRow, ...]
    by_level: tuple[RateRow, ...]
    total: RateRow
    problems: tuple[Problem, ...] = ()

    def of(self, sender_id: str) -> tuple[ExpectedReport, ...]:
        """The expected reports of one sender."""
        return tuple(e for e in self.expected if e.sender_id == sender_id)


def sub_periods(period: Period, kind: PeriodKind) -> list[Period]:
    """The periods of ``kind`` that lie inside ``period`` (itself when of that kind)."""
    if kind is period.kind:
        return [period]
    if kind not in (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF,
                    PeriodKind.YEAR):
        return []
    try:
        current: Period = Period.containing(period.start, kind, policy=period.policy)
    except ValueError:
        return []
    out = []
    while current.start <= period.end:
        if current.start >= period.start and current.end <= period.end:
            out.append(current)
        current = current.next()
    return out


def _submitted(report: Report) -> dt.date | None:
    if report.submitted_at is not None:
        from dlxh.text.deadlines import VIETNAM_TZ

        moment = report.submitted_at
        if moment.tzinfo is not None:
            moment = moment.astimezone(VIETNAM_TZ)
        return moment.date()
    return report.issued_on


def _same_window(a: Period | None, b: Period) -> bool:
    return a is not None and a.start == b.start and a.end == b.end


def _rate(name: str, rows: Sequence[ExpectedReport]) -> RateRow:
    count = {s: sum(1 for r in rows if r.status is s) for s in ReportStatus}
    return RateRow(
        name=name, expected=len(rows),
        received=sum(1 for r in rows if r.status.received),
        on_time=count[ReportStatus.ON_TIME], late=count[ReportStatus.LATE],
        missing=count[ReportStatus.MISSING], not_due=count[ReportStatus.NOT_DUE],
        max_days_late=max((r.days_late for r in rows), default=0),
    )


def completeness(
    reporting_lines: Iterable[ReportingLine],
    reports: Iterable[Report],
    period: Period,
    *,
    organisations: Iterable[Organisation] | Mapping[str, Organisation] = (),
    receiver_id: str | None = None,
    as_of: dt.date | None = None,
    calendar: object | None = None,
) -> Completeness:
    """Expected, received, on-time, late and missing reports of ``period``.

    ``reports`` may include superseded revisions: the earliest submission of a sender's
    report for a period decides its timeliness. ``receiver_id`` keeps only the lines to that
    organisation. A report not received whose deadline is after ``as_of`` (today by default)
    is *not yet due*, not missing. ``calendar`` is a :class:`dlxh.text.WorkCalendar`.
    """
    from dlxh.text.deadlines import WorkCalendar, due_date, lateness_days

    work = calendar if isinstance(calendar, WorkCalendar) else None
    today = as_of or dt.date.today()
    orgs = (dict(organisations) if isinstance(organisations, Mapping)
            else {o.id: o for o in organisations})
    by_sender: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        if report.organisation_id:
            by_sender[report.organisation_id].append(report)
    problems: list[Problem] = []
    expected: list[ExpectedReport] = []
    claimed: set[str] = set()
    lines = sorted((ln for ln in reporting_lines
                    if receiver_id is None or ln.receiver_id == receiver_id),
                   key=lambda ln: (ln.sender_id, ln.id))
    pending: list[tuple[ReportingLine, Period]] = []
    for line in lines:
        windows = sub_periods(period, line.period_kind)
        if not windows:
            problems.append(Problem(
                "reporting-line-period-mismatch", Severity.INFO,
                f"reporting line {line.id} ({line.period_kind.label.lower()}) expects no "
                f"report inside {period.label}", f"reporting line {line.id}",
            ))
        pending.extend((line, w) for w in windows)

    def match(line: ReportingLine, window: Period, exact: bool) -> list[Report]:
        return [r for r in by_sender.get(line.sender_id, ())
                if _same_window(r.period, window) and (not exact or r.kind is line.report_kind)
                and _chain_key(r) not in claimed]

    def _chain_key(report: Report) -> str:
        return f"{report.organisation_id}|{report.period}|{report.kind}"

    found: dict[int, list[Report]] = {}
    for index, (line, window) in enumerate(pending):
        hits = match(line, window, exact=True)
        if hits:
            found[index] = hits
            claimed.add(_chain_key(hits[0]))
    for index, (line, window) in enumerate(pending):
        if index not in found:
            hits = match(line, window, exact=False)
            if hits:
                found[index] = hits
                claimed.add(_chain_key(hits[0]))
    for index, (line, window) in enumerate(pending):
        org = orgs.get(line.sender_id)
        name = org.name if org else line.sender_id
        level = org.level.label if org else ""
        due: dt.date | None = None
        schedule = line.schedule
        if schedule is not None:
            if schedule.kind is window.kind:
                due = due_date(schedule, window, calendar=work)
            else:
                problems.append(Problem(
                    "reporting-line-schedule-mismatch", Severity.WARNING,
                    f"reporting line {line.id} has a {schedule.kind.label.lower()} schedule "
                    f"for {line.period_kind.label.lower()} reports; no deadline checked",
                    f"reporting line {line.id}",
                ))
                schedule = None
        hits = found.get(index, [])
        dates = [(d, r) for r in hits if (d := _submitted(r)) is not None]
        if hits:
            first = min(dates, key=lambda dr: (dr[0], dr[1].revision))[1] if dates else hits[0]
            sent = _submitted(first)
            if schedule is None or sent is None:
                status, late = ReportStatus.RECEIVED, 0
            else:
                late = lateness_days(schedule, sent, window, calendar=work)
                status = ReportStatus.LATE if late > 0 else ReportStatus.ON_TIME
            expected.append(ExpectedReport(line.id, line.sender_id, name, level, window, due,
                                           status, first.id, sent, late))
        else:
            status = (ReportStatus.NOT_DUE if due is not None and due >= today
                      else ReportStatus.MISSING)
            expected.append(ExpectedReport(line.id, line.sender_id, name, level, window, due,
                                           status))
    per_org: dict[str, list[ExpectedReport]] = defaultdict(list)
    per_level: dict[str, list[ExpectedReport]] = defaultdict(list)
    for row in expected:
        per_org[row.sender_name].append(row)
        per_level[row.level or "Chưa xác định"].append(row)
    return Completeness(
        expected=tuple(expected),
        by_organisation=tuple(_rate(n, rows) for n, rows in sorted(per_org.items())),
        by_level=tuple(_rate(n, rows) for n, rows in sorted(per_level.items())),
        total=_rate("Tổng", expected),
        problems=tuple(problems),
    )
