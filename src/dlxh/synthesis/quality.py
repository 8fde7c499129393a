"""Quality checks on each incoming report, as coded problems.

The failings the practice names (DOMAIN.md §1): late reports, no recommendation, one side
only, no place or group named, events listed with no analysis (no orientation), rumour
reported as opinion. Each check gives a :class:`~dlxh.errors.Problem` located at the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from dlxh.errors import Problem, Severity
from dlxh.model.enums import Orientation, Origin
from dlxh.model.opinions import OpinionItem, Recommendation
from dlxh.model.reports import Report
from dlxh.synthesis.completeness import ExpectedReport, ReportStatus
from dlxh.synthesis.settings import QualitySettings
from dlxh.text import fold

__all__ = ["check_report", "check_reports", "looks_like_rumour"]


def looks_like_rumour(text: str, settings: QualitySettings | None = None) -> bool:
    """Whether ``text`` carries a rumour cue (*nghe nói, tin đồn, đồn rằng*...)."""
    s = settings or QualitySettings()
    folded = f" {fold(text)} "
    return any(f" {cue} " in folded for cue in s.rumour_cues)


def _name(report: Report) -> str:
    who = report.issuer or report.organisation_id or report.unit or report.id
    return f"{report.title} ({who})" if report.title else who


def check_report(
    report: Report,
    items: Sequence[OpinionItem],
    recommendations: Sequence[Recommendation] = (),
    *,
    expected: ExpectedReport | None = None,
    settings: QualitySettings | None = None,
) -> list[Problem]:
    """The quality problems of one report, given its items and recommendations and, when a
    reporting line expected it, what :func:`~dlxh.synthesis.completeness.completeness` found."""
    s = settings or QualitySettings()
    where = f"report {report.id}"
    name = _name(report)
    out: list[Problem] = []
    if expected is not None and expected.status is ReportStatus.LATE:
        out.append(Problem(
            "report-late", Severity.WARNING,
            f"{name} arrived {expected.days_late} days after the deadline "
            f"({expected.due}); it was due for {expected.period.label}", where,
        ))
    if not report.recommendation_ids and not recommendations:
        out.append(Problem(
            "report-no-recommendation", Severity.WARNING,
            f"{name} makes no recommendation", where,
        ))
    opinions = [i for i in items if i.origin is not Origin.RUMOUR]
    sides = [i.orientation for i in opinions
             if i.orientation in (Orientation.APPROVE, Orientation.OPPOSE, Orientation.UNEASY)]
    if len(sides) >= s.min_items_one_sided and len(set(sides)) == 1:
        side = sides[0]
        assert side is not None
        out.append(Problem(
            "report-one-sided", Severity.WARNING,
            f"{name}: all {len(sides)} oriented items are \"{side.label}\"; other views "
            "are not shown", where,
        ))
    if opinions:
        placed = any(i.area_id or i.place_text or (i.unit and i.unit != report.unit)
                     for i in opinions)
        grouped = any(i.groups for i in opinions)
        if not placed and not grouped:
            out.append(Problem(
                "report-no-place-or-group", Severity.WARNING,
                f"{name} names neither the places nor the social groups holding its "
                "opinions", where,
            ))
        unoriented = sum(1 for i in opinions if i.orientation is None)
        if unoriented / len(opinions) > s.max_unoriented_share:
            out.append(Problem(
                "report-no-orientation", Severity.WARNING,
                f"{name}: {unoriented} of {len(opinions)} items state no orientation "
                "(events listed without analysis of opinion)", where,
            ))
    rumoured = [i for i in opinions if looks_like_rumour(i.text, s)]
    if rumoured:
        out.append(Problem(
            "report-rumour-as-opinion", Severity.WARNING,
            f"{name}: {len(rumoured)} items read as rumour (e.g. \"{rumoured[0].text[:60]}\") "
            "but are reported as opinion; mark their origin as unverified rumour",
            where,
        ))
    return out


def check_reports(
    reports: Iterable[Report],
    items: Iterable[OpinionItem],
    recommendations: Iterable[Recommendation],
    *,
    expected: Iterable[ExpectedReport] = (),
    settings: QualitySettings | None = None,
) -> dict[str, list[Problem]]:
    """:func:`check_report` for every report, by report id. A report's items are those
    that name it (``report_id``) and those it lists (``item_ids``)."""
    s = settings or QualitySettings()
    report_list = list(reports)
    by_report: dict[str, dict[str, OpinionItem]] = {r.id: {} for r in report_list}
    by_id: dict[str, OpinionItem] = {}
    for item in items:
        by_id[item.id] = item
        if item.report_id in by_report:
            by_report[item.report_id][item.id] = item
    for report in report_list:
        own = by_report[report.id]
        for item_id in report.item_ids:
            if item_id in by_id:
                own.setdefault(item_id, by_id[item_id])
    recs: dict[str, list[Recommendation]] = {}
    for rec in recommendations:
        if rec.report_id:
            recs.setdefault(rec.report_id, []).append(rec)
    expected = list(expected)
    found: Mapping[str, ExpectedReport] = {e.report_id: e for e in expected if e.report_id}
    # A later revision is judged by the first one's timeliness: same sender, same window.
    by_window = {(e.sender_id, e.period.start, e.period.end): e for e in expected
                 if e.report_id}

    def expected_for(report: Report) -> ExpectedReport | None:
        hit = found.get(report.id)
        if hit is None and report.period is not None and report.organisation_id:
            hit = by_window.get((report.organisation_id, report.period.start,
                                 report.period.end))
        return hit

    return {
        r.id: check_report(r, list(by_report[r.id].values()), recs.get(r.id, ()),
                           expected=expected_for(r), settings=s)
        for r in report_list
    }
