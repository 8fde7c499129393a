"""``synthesize()``: a synthesis of one unit for one period, from whatever reached it.

The steps, each in its own module: gather the inputs counting each item once
(:mod:`~dlxh.synthesis.rollup`), place them on the unit tree and the period, group the items
into opinion streams (:mod:`~dlxh.synthesis.streams`, :mod:`~dlxh.synthesis.opinion_streams`)
with their breadth (:mod:`~dlxh.synthesis.breadth`), keep rumours apart, rank issues and their
trends (:mod:`~dlxh.synthesis.trends`), measure reporting completeness
(:mod:`~dlxh.synthesis.completeness`), check each incoming report
(:mod:`~dlxh.synthesis.quality`), digest the recommendations
(:mod:`~dlxh.synthesis.recommendations`), and write the sections and annex
(:mod:`~dlxh.synthesis.sections`, :mod:`~dlxh.synthesis.annex`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from dlxh.errors import ConfigurationError, Problem, UnknownPeriodError, UnknownUnitError
from dlxh.model.enums import Origin, ReportKind, Scope
from dlxh.model.ids import content_id
from dlxh.model.opinions import OpinionItem, Recommendation
from dlxh.model.orgs import Organisation, ReportingLine
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.model.taxonomy import Taxonomy
from dlxh.model.units import AdminUnit
from dlxh.synthesis.annex import build_annex
from dlxh.synthesis.completeness import Completeness, completeness
from dlxh.synthesis.corrections import input_record
from dlxh.synthesis.facts import FactBook
from dlxh.synthesis.opinion_streams import StreamContext, build_streams, reporting_key
from dlxh.synthesis.quality import check_reports
from dlxh.synthesis.recommendations import digest_recommendations
from dlxh.synthesis.result import Synthesis
from dlxh.synthesis.rollup import Placed, Territory, gather, split_by_period
from dlxh.synthesis.sections import SectionInputs, build_sections
from dlxh.synthesis.settings import SynthesisSettings
from dlxh.synthesis.templates import TemplatesLike, load_templates
from dlxh.synthesis.trends import rank_issues, stream_trends

if TYPE_CHECKING:
    from dlxh.units.catalog import Catalog
    from dlxh.units.dataset import UnitDataset

__all__ = ["Progress", "synthesize"]

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called as each stage advances (``"group"`` forwards the
grouping's own progress)."""

_STAGES = ("gather", "place", "group", "rumours", "issues", "completeness", "quality",
           "recommendations", "sections")


def _period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    if isinstance(period, str):
        return Period.parse(period)
    raise UnknownPeriodError(f"a period is a Period or a text such as '2026-10', not {period!r}")


def _previous(period: Period) -> Period | None:
    try:
        return period.previous()
    except (UnknownPeriodError, ValueError):
        return None  # a National Assembly session: the one before is not known


def _unit(unit: str | AdminUnit | None, cat: Catalog) -> AdminUnit | None:
    if unit is None:
        return None
    if isinstance(unit, AdminUnit):
        return cat.get(unit.code)
    if not isinstance(unit, str):
        raise ConfigurationError(f"unit is a code or an AdminUnit, not {unit!r}")
    code = unit.strip()
    if code.isdigit():
        return cat.get(code)
    # A name: say which codes it may be, rather than guess the unit of a whole report.
    from dlxh.units.resolver import resolve

    matches = resolve(code, cat.as_of, dataset=cat.store)[:5]
    named = ", ".join(f"{m.unit.code} ({m.unit.name})" for m in matches)
    raise UnknownUnitError(
        f"{code!r} is not a unit code; give the statistics-office code"
        + (f", for instance one of: {named}" if named else ""),
        tuple(m.unit.code for m in matches),
    )


def _titles(taxonomies: Mapping[str, Taxonomy] | None, untitled: str) -> Callable[[str], str]:
    if taxonomies is None:
        from dlxh.classifiers.taxonomies import default_taxonomies

        taxonomies = default_taxonomies()
    topic = taxonomies.get("topic")
    labels = {c.code: c.label for c in topic.categories} if topic else {}

    def title(key: str) -> str:
        if not key:
            return untitled
        return labels.get(key, key)

    return title


def _group_labels(taxonomies: Mapping[str, Taxonomy] | None) -> dict[str, str]:
    if taxonomies is None:
        from dlxh.classifiers.taxonomies import default_taxonomies

        taxonomies = default_taxonomies()
    group = taxonomies.get("group")
    return {c.code: c.label for c in group.categories} if group else {}


def _want_charts(setting: bool | None) -> bool:
    if setting is not None:
        return setting
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def _scopes(items: Iterable[OpinionItem],
            issue: Callable[[OpinionItem], str]) -> dict[str, Scope | None]:
    votes: dict[str, Counter[Scope]] = {}
    for item in items:
        value = item.value("scope")
        if value is None:
            continue
        try:
            scope = Scope.from_value_or_label(value)
        except ValueError:
            continue
        votes.setdefault(issue(item), Counter())[scope] += 1
    return {key: c.most_common(1)[0][0] for key, c in votes.items()}


def _dedupe(items: Iterable[OpinionItem]) -> list[OpinionItem]:
    return list({i.id: i for i in items}.values())


def _in_window(report: Report, period: Period) -> bool:
    if report.period is None:
        return report.issued_on is None or report.issued_on >= period.start
    return report.period.start <= period.end and report.period.end >= period.start


def synthesize(
    inputs: object,
    *,
    unit: str | AdminUnit | None,
    period: Period | str,
    previous: object = None,
    previous_recommendations: Iterable[Recommendation] = (),
    reporting_lines: Iterable[ReportingLine] | None = None,
    organisations: Iterable[Organisation] | None = None,
    receiver_id: str | None = None,
    today: dt.date | None = None,
    tree_date: dt.date | None = None,
    settings: SynthesisSettings | None = None,
    templates: TemplatesLike = None,
    taxonomies: Mapping[str, Taxonomy] | None = None,
    areas: Catalog | None = None,
    dataset: UnitDataset | type[UnitDataset] | None = None,
    calendar: object | None = None,
    issuer: str | None = None,
    progress: Progress | None = None,
) -> Synthesis:
    """Synthesise what reached ``unit`` for ``period``.

    :param inputs: opinion items, reports (with the ids of their items), import batches and
        earlier syntheses, in any mix or nesting; each item counts once.
    :param unit: the unit synthesised: a statistics-office code (``"08"``) or an
        :class:`~dlxh.model.units.AdminUnit`; ``None`` for the whole country.
    :param period: a :class:`~dlxh.model.periods.Period` or a text (``"2026-10"``,
        ``"quý III/2026"``).
    :param previous: inputs for the period before (for trends); items of that period among
        ``inputs`` are used too.
    :param previous_recommendations: recommendations of earlier periods with their handling
        status, carried into this one.
    :param reporting_lines: who must report to whom, for completeness and lateness (those in
        import batches among the inputs are used too); ``organisations`` name the senders.
    :param receiver_id: keep only the reporting lines to this organisation.
    :param today: the day against which a report not received is *missing* or *not yet due*
        (today by default).
    :param tree_date: the day whose unit tree places items (the period's last day by
        default); codes closed before it (pre-2025 units) are mapped through the lineage.
    :param settings: thresholds and weights (:class:`SynthesisSettings`).
    :param templates: the sentences: a mapping of template keys to change, or a file path.
    :param taxonomies: topic and group taxonomies by dimension (the shipped ones by default).
    :param areas: a catalog with registered residential areas, to name places in a
        commune-level synthesis.
    :param dataset: the unit dataset (the Vietnamese catalog by default).
    :param calendar: a :class:`dlxh.text.WorkCalendar` for deadlines in working days.
    :param issuer: the issuing body written in the report header.
    :param progress: ``progress(stage, done, total)``.
    :raises UnknownUnitError: the unit is not in force on the tree date.
    :raises UnknownPeriodError: the period cannot be read.
    """
    from dlxh.units.catalog import catalog as _catalog

    s = settings or SynthesisSettings()
    t = load_templates(templates)
    the_period = _period(period)
    before = _previous(the_period)
    cat = _catalog(tree_date or the_period.end, dataset)
    the_unit = _unit(unit, cat)
    territory = Territory(the_unit, cat)
    scope = "vn" if the_unit is None else the_unit.code
    stage = 0

    def step(name: str) -> None:
        nonlocal stage
        stage += 1
        if progress is not None:
            progress(name, stage, len(_STAGES))

    # 1. inputs, each item once
    got = gather(inputs)
    step("gather")
    all_reports = [*got.reports, *got.superseded]
    placed: Placed = split_by_period(got.items, all_reports, territory, the_period, before)
    previous_items = list(placed.previous)
    has_previous = bool(previous_items)
    if previous is not None and before is not None:
        prev = gather(previous)
        again = split_by_period(prev.items, [*prev.reports, *prev.superseded], territory,
                                before, None)
        previous_items.extend(again.current)
        has_previous = True
    previous_items = _dedupe(previous_items)
    step("place")

    # 2. opinions and rumours, streams
    current = placed.current
    opinions = [i for i in current if i.origin is not Origin.RUMOUR]
    rumour_items = [i for i in current if i.origin is Origin.RUMOUR]
    leaf = territory.is_leaf
    facts = FactBook()

    def reporter(item: OpinionItem) -> str:
        return reporting_key(item, placed.placements.get(item.id), leaf)

    reporting_units = {reporter(i) for i in opinions}
    if s.breadth.unit_base == "all" and not leaf:
        units_total = len(territory.children)
    else:
        units_total = len(reporting_units)
    area_names = ({a.id: a.name for a in areas.residential_areas()} if areas is not None
                  else {})
    ctx = StreamContext(
        scope_code=scope, period_code=str(the_period), placements=placed.placements, leaf=leaf,
        settings=s, templates=t, units_total=units_total,
        group_labels=_group_labels(taxonomies), area_names=area_names, facts=facts,
    )

    def grouping(done: int, total: int) -> None:
        if progress is not None:
            progress("group", done, total)

    previous_opinions = [i for i in previous_items if i.origin is not Origin.RUMOUR]
    built = build_streams(opinions, ctx, previous=previous_opinions, progress=grouping)
    streams = list(built.streams)
    step("group")
    rumours = list(build_streams(rumour_items, ctx, prefix="rumour").streams)
    step("rumours")

    # 3. issues and trends
    title = _titles(taxonomies, t.render("untitled_issue"))

    def issue(item: OpinionItem) -> str:
        return built.issue.get(item.id) or facts(item).issue_key

    issues = rank_issues(opinions, previous_opinions if has_previous else None, streams,
                         issue=issue, reporter=reporter, units_total=units_total, title=title,
                         settings=s.trends, facts=facts)
    moving = stream_trends(streams, built.previous_counts, built.vanished,
                           total=len(opinions),
                           previous_total=len(previous_opinions) if has_previous else None,
                           settings=s.trends)
    step("issues")

    # 4. completeness and timeliness
    lines = list(reporting_lines) if reporting_lines is not None else []
    lines += [ln for ln in got.reporting_lines if ln.id not in {x.id for x in lines}]
    orgs = list(organisations or ()) + got.organisations
    report_state: Completeness | None = None
    if lines:
        report_state = completeness(lines, all_reports, the_period, organisations=orgs,
                                    receiver_id=receiver_id, as_of=today, calendar=calendar)
    heard = {p.place_code for p in placed.placements.values()}
    blind = [] if leaf else [u for u in territory.children if u.code not in heard]
    step("completeness")

    # 5. quality of each incoming report of the period
    checked = [r for r in got.reports if _in_window(r, the_period)]
    quality = check_reports(checked, current, got.recommendations,
                            expected=report_state.expected if report_state else (),
                            settings=s.quality)
    step("quality")

    # 6. recommendations
    start, end = the_period.start, the_period.end
    now_recs = [r for r in got.recommendations
                if r.date is None or start <= r.date <= end]
    earlier = [*previous_recommendations,
               *(r for r in got.recommendations if r.date is not None and r.date < start)]
    digest = digest_recommendations(now_recs, earlier, scope=scope, grouping=s.grouping)
    step("recommendations")

    # 7. sections, annex, report
    # Inside a sentence the unit's kind is lower case: "trên địa bàn tỉnh Lai Châu".
    place_name = territory.name[:1].lower() + territory.name[1:]
    sections = build_sections(t, SectionInputs(
        period=the_period, place_name=place_name, units_total=(
            len(territory.children) if not leaf else len(reporting_units)),
        units_reporting=len(reporting_units), opinions=opinions, streams=streams,
        rumours=rumours, issues=issues, recommendations=digest, completeness=report_state,
        blind_spots=blind, title=title, trends=s.trends, stream_trends=moving,
        max_blind_spots=s.max_blind_spots_named, by_scope=s.issues_by == "scope",
        scope_of=_scopes(opinions, issue) if s.issues_by == "scope" else {}, facts=facts,
    ))
    report_names = {r.id: (r.issuer or r.title) for r in checked}
    tables, charts = build_annex(
        streams=streams, opinions=opinions, issues=issues, digest=digest,
        completeness=report_state, blind_spots=blind, quality=quality,
        report_names=report_names, period_end=end, title=title, issue=issue, trends=moving,
        facts=facts,
    )
    period_label = the_period.label.lower()
    report = Report(
        id=content_id("syn", scope, str(the_period)),
        kind=ReportKind.SYNTHESIS,
        title=t.render("title", period_label=period_label, unit_name=place_name),
        period=the_period,
        unit=None if the_unit is None else the_unit.code,
        organisation_id=receiver_id,
        issuer=issuer,
        issued_on=today,
        summary=t.render("summary", period_label=period_label, unit_name=place_name),
        sections=sections,
        item_ids=tuple(i.id for i in current),
        recommendation_ids=tuple(r.id for r in digest.current),
    )
    if not _want_charts(s.charts):
        charts = []
    problems: list[Problem] = [*got.problems, *placed.problems]
    if report_state is not None:
        problems.extend(report_state.problems)
    for report_id in sorted(quality):
        problems.extend(quality[report_id])
    step("sections")
    return Synthesis(
        report=report,
        streams=tuple(streams),
        items=tuple(current),
        period=the_period,
        unit=the_unit,
        recommendations=digest.current,
        outstanding=digest.outstanding,
        recommendation_groups=digest.groups,
        rumours=tuple(rumours),
        issues=tuple(issues),
        stream_trends=tuple(moving),
        completeness=report_state,
        blind_spots=tuple(blind),
        quality=tuple((rid, tuple(ps)) for rid, ps in sorted(quality.items())),
        tables=tuple(tables),
        charts=tuple(charts),
        problems=tuple(problems),
        inputs=tuple(input_record(r) for r in sorted(got.reports, key=lambda r: r.id)),
        previous_items=len(previous_items) if has_previous else None,
    )
