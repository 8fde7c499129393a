"""Roll-up: what a synthesis is made of, each item counted once, placed on the target tree.

Inputs come as items, reports (with the ids of their items), import batches or earlier
syntheses, in any mix and nesting. Provenance ids decide identity: an item that reaches a
province both directly and inside a commune synthesis is the same id and is counted once. A
report replaced by a later revision (``Report.supersedes``, or the same id with a higher
``revision``) is dropped with the items that only it carried.

Every item is then placed on the tree of units in force on the synthesis's ``as_of`` day:
codes of units closed since (the pre-2025 districts and communes) are mapped through the
units lineage (:func:`dlxh.units.map_to`, main part of a split unit); items placed outside the
synthesis's unit, or dated outside its period, are left out and counted in a problem.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from dlxh.batch import ImportBatch
from dlxh.errors import ConfigurationError, Problem, Severity, UnknownUnitError
from dlxh.model.opinions import OpinionItem, Recommendation
from dlxh.model.orgs import Organisation, ReportingLine
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.model.units import AdminUnit, UnitLevel

if TYPE_CHECKING:
    from dlxh.units.catalog import Catalog

__all__ = ["Gathered", "Placement", "Territory", "gather", "split_by_period"]


@attrs.frozen
class Placement:
    """Where an item's unit sits under the synthesis's unit."""

    code: str
    """The unit on the target tree (after mapping)."""
    place_code: str
    """The unit one level below the synthesis's unit that holds it (the synthesis's unit
    itself for a commune-level synthesis)."""
    place_name: str
    mapped: bool = False
    """True when the item's code was closed and mapped through the lineage."""


class Territory:
    """The synthesis's unit on the tree in force on ``as_of``, and how to place a unit code
    under it (``unit=None``: the whole country, places are provinces)."""

    def __init__(self, unit: AdminUnit | None, catalog: Catalog) -> None:
        self.unit = unit
        self.catalog = catalog
        self.as_of = catalog.as_of
        if unit is None:
            self.children: tuple[AdminUnit, ...] = tuple(catalog.units(level=UnitLevel.PROVINCE))
        else:
            self.children = catalog.children(unit)
        self._cache: dict[str, Placement | None] = {}
        self.problems: list[Problem] = []
        self.mapped_codes: Counter[str] = Counter()

    @property
    def is_leaf(self) -> bool:
        """True for a commune-level synthesis: places are residential areas or sources."""
        return not self.children

    @property
    def name(self) -> str:
        return "cả nước" if self.unit is None else self.unit.name

    def _target_unit(self, code: str) -> tuple[AdminUnit | None, bool]:
        unit = self.catalog.find(code)
        if unit is not None:
            return unit, False
        from dlxh.units.lineage import map_to

        mapping = map_to(code, self.as_of, dataset=self.catalog.store)
        self.problems.extend(mapping.problems)
        if not mapping.shares:
            return None, True
        main = max(mapping.shares, key=lambda s: s.weight)
        return self.catalog.find(main.unit.code), True

    def place(self, code: str) -> Placement | None:
        """The placement of unit ``code``, or ``None`` when it is outside the territory.

        Raises :class:`~dlxh.errors.UnknownUnitError` for a code no catalog version knows.
        """
        if code in self._cache:
            return self._cache[code]
        unit, mapped = self._target_unit(code)
        placement: Placement | None = None
        if unit is not None:
            chain = [unit, *self.catalog.ancestors(unit)]
            if self.unit is None:
                top = chain[-1]
                placement = Placement(unit.code, top.code, top.name, mapped)
            elif unit.code == self.unit.code:
                placement = Placement(unit.code, unit.code, unit.name, mapped)
            else:
                for below, above in itertools.pairwise(chain):
                    if above.code == self.unit.code:
                        placement = Placement(unit.code, below.code, below.name, mapped)
                        break
        self._cache[code] = placement
        return placement


@attrs.define
class Gathered:
    """The flattened inputs of a synthesis."""

    items: list[OpinionItem] = attrs.Factory(list)
    reports: list[Report] = attrs.Factory(list)
    """Input reports in force (superseded revisions left out)."""
    superseded: list[Report] = attrs.Factory(list)
    recommendations: list[Recommendation] = attrs.Factory(list)
    organisations: list[Organisation] = attrs.Factory(list)
    reporting_lines: list[ReportingLine] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)
    duplicates: int = 0
    """Item arrivals beyond the first of each id (counted once)."""


def _flatten(obj: Any, out: dict[str, list[Any]], depth: int = 0) -> None:
    from dlxh.synthesis.result import Synthesis

    if depth > 20:
        raise ConfigurationError("synthesis inputs are nested too deeply")
    if isinstance(obj, OpinionItem):
        out["items"].append(obj)
    elif isinstance(obj, Report):
        out["reports"].append(obj)
    elif isinstance(obj, Recommendation):
        out["recommendations"].append(obj)
    elif isinstance(obj, Organisation):
        out["organisations"].append(obj)
    elif isinstance(obj, ReportingLine):
        out["reporting_lines"].append(obj)
    elif isinstance(obj, ImportBatch):
        out["items"].extend(obj.items)
        out["reports"].extend(obj.reports)
        out["recommendations"].extend(obj.recommendations)
        out["organisations"].extend(obj.organisations)
        out["reporting_lines"].extend(obj.reporting_lines)
    elif isinstance(obj, Synthesis):
        # A lower synthesis: its items (provenance), its report (its own item ids) and the
        # recommendations it carried up.
        out["items"].extend(obj.items)
        out["reports"].append(obj.report)
        out["recommendations"].extend(obj.recommendations)
        out["recommendations"].extend(obj.outstanding)
    elif isinstance(obj, str | bytes) or obj is None:
        raise ConfigurationError(
            f"synthesize() takes items, reports, import batches or syntheses, not {obj!r}"
        )
    elif isinstance(obj, Iterable):
        for part in obj:
            _flatten(part, out, depth + 1)
    else:
        raise ConfigurationError(
            "synthesize() takes items, reports, import batches or syntheses, "
            f"not {type(obj).__name__}"
        )


def _supersession(reports: list[Report]) -> tuple[list[Report], list[Report]]:
    by_id: dict[str, Report] = {}
    for report in reports:
        kept = by_id.get(report.id)
        if kept is None or report.revision > kept.revision:
            by_id[report.id] = report
    replaced = {r.supersedes for r in by_id.values() if r.supersedes}
    live = [r for r in by_id.values() if r.id not in replaced]
    old = [r for r in by_id.values() if r.id in replaced]
    return live, old


def gather(inputs: object) -> Gathered:
    """Flatten ``inputs`` and count each item once (see the module docs)."""
    parts: dict[str, list[Any]] = {
        k: [] for k in ("items", "reports", "recommendations", "organisations", "reporting_lines")
    }
    _flatten(inputs, parts)
    out = Gathered()
    out.reports, out.superseded = _supersession(parts["reports"])
    live_ids = {r.id for r in out.reports}
    carried = {i for r in out.reports for i in r.item_ids}
    dead = {r.id for r in out.superseded}
    revision = {r.id: r.revision for r in out.reports}
    chosen: dict[str, OpinionItem] = {}
    arrivals = 0
    dropped_superseded = 0
    for item in parts["items"]:
        arrivals += 1
        if item.report_id in dead and item.id not in carried:
            dropped_superseded += 1
            continue
        kept = chosen.get(item.id)
        newer = kept is not None and (revision.get(item.report_id or "", 0)
                                      > revision.get(kept.report_id or "", 0))
        if kept is None or newer:
            chosen[item.id] = item
    out.items = sorted(chosen.values(), key=lambda i: i.id)
    out.duplicates = arrivals - dropped_superseded - len(chosen)
    if out.duplicates:
        out.problems.append(Problem(
            "item-counted-once", Severity.INFO,
            f"{out.duplicates} item arrivals repeat an item already received (directly and "
            "inside a lower report or synthesis); each item is counted once",
        ))
    if dropped_superseded:
        out.problems.append(Problem(
            "item-superseded", Severity.INFO,
            f"{dropped_superseded} items belonged only to report revisions replaced by a "
            "later revision and were left out",
        ))
    for report in out.superseded:
        out.problems.append(Problem(
            "report-superseded", Severity.INFO,
            f"report {report.id} (revision {report.revision}) was replaced by a later "
            "revision, which is used instead", f"report {report.id}",
        ))
    have = set(chosen)
    for report in sorted(out.reports, key=lambda r: r.id):
        missing = [i for i in report.item_ids if i not in have]
        if missing:
            out.problems.append(Problem(
                "report-items-missing", Severity.WARNING,
                f"report {report.id} lists {len(missing)} items that were not given "
                "(pass its items or its synthesis too); they are not counted",
                f"report {report.id}",
            ))
    del live_ids
    rec_by_id: dict[str, Recommendation] = {}
    for rec in parts["recommendations"]:
        if rec.report_id in dead:
            continue
        rec_by_id.setdefault(rec.id, rec)
    out.recommendations = list(rec_by_id.values())
    out.organisations = list({o.id: o for o in parts["organisations"]}.values())
    out.reporting_lines = list({ln.id: ln for ln in parts["reporting_lines"]}.values())
    return out


def _item_day(item: OpinionItem, reports: dict[str, Report]) -> dt.date | None:
    if item.date is not None:
        return item.date
    report = reports.get(item.report_id or "")
    if report is None:
        return None
    if report.period is not None:
        return report.period.end
    return report.issued_on


@attrs.define
class Placed:
    """Items of the period placed under the synthesis's unit, and those of the period before."""

    current: list[OpinionItem] = attrs.Factory(list)
    previous: list[OpinionItem] = attrs.Factory(list)
    placements: dict[str, Placement] = attrs.Factory(dict)
    """Item id -> placement (items with no unit have none)."""
    problems: list[Problem] = attrs.Factory(list)


def split_by_period(
    items: Iterable[OpinionItem],
    reports: Iterable[Report],
    territory: Territory,
    period: Period,
    previous: Period | None,
) -> Placed:
    """Keep the items of ``period`` (and of ``previous``, for trends) inside ``territory``;
    count what is left out."""
    by_report = {r.id: r for r in reports}
    out = Placed()
    outside_period = outside_unit = unknown = no_unit = undated = mapped = 0
    for item in items:
        day = _item_day(item, by_report)
        if day is None:
            undated += 1
            bucket = out.current
        elif period.contains(day):
            bucket = out.current
        elif previous is not None and previous.contains(day):
            bucket = out.previous
        else:
            outside_period += 1
            continue
        code = item.unit
        if code is None:
            report = by_report.get(item.report_id or "")
            code = report.unit if report is not None else None
        if code is None:
            no_unit += 1
            bucket.append(item)
            continue
        try:
            placement = territory.place(code)
        except UnknownUnitError:
            unknown += 1
            continue
        if placement is None:
            outside_unit += 1
            continue
        if placement.mapped:
            mapped += 1
        out.placements[item.id] = placement
        bucket.append(item)
    where = territory.name
    if outside_period:
        out.problems.append(Problem(
            "item-outside-period", Severity.INFO,
            f"{outside_period} items dated outside {period.label} (and the period before) "
            "were left out",
        ))
    if outside_unit:
        out.problems.append(Problem(
            "item-outside-unit", Severity.WARNING,
            f"{outside_unit} items placed outside {where} were left out",
        ))
    if unknown:
        out.problems.append(Problem(
            "item-unknown-unit", Severity.WARNING,
            f"{unknown} items name a unit code that no catalog version knows; left out",
        ))
    if no_unit:
        out.problems.append(Problem(
            "item-no-unit", Severity.INFO,
            f"{no_unit} items name no unit; counted for {where} without a place",
        ))
    if undated:
        out.problems.append(Problem(
            "item-no-date", Severity.INFO,
            f"{undated} items have no date and no dated report; counted in {period.label}",
        ))
    if mapped:
        out.problems.append(Problem(
            "item-unit-mapped", Severity.INFO,
            f"{mapped} items named units closed before {territory.as_of} (such as pre-2025 "
            "districts and communes); they were placed through the units lineage",
        ))
    seen: set[Problem] = set()
    for problem in territory.problems:
        if problem not in seen:
            seen.add(problem)
            out.problems.append(problem)
    return out
