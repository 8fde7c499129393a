"""Lineage of units across dated changes, and the mapping of old units onto new ones.

Policy for a unit that was split over several new units (about 470 communes in the 2025
reform), used by :func:`map_to` and :func:`reaggregate`:

1. When a finer address is given (``address="thôn Đông, xã ..."``), it decides: the part whose
   name (or one of whose residential areas registered in the catalog) occurs in the address
   receives the whole weight, and no problem is reported.
2. Otherwise ``split="primary"`` (the default) gives the whole weight to the *primary*
   successor, the new unit that received the main part of the old one (the source data marks
   it), and reports a ``unit-split`` warning naming the other parts.
3. ``split="equal"`` divides the weight in equal shares between the parts (no population or
   area figures are shipped to do better), and reports a ``unit-split`` warning.
4. ``split="strict"`` maps nothing and reports a ``unit-split-ambiguous`` error.

A district-level unit (abolished in 2025) has no successor of its own: its communes' successors
stand for it. Mapping it to the commune level divides its weight in equal shares over its
communes and reports a ``unit-coarser-than-target`` warning; mapping it to the province level
is exact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from dlxh.errors import ConfigurationError, Problem, Severity, UnknownUnitError
from dlxh.model.labelled import LabelledEnum
from dlxh.model.units import AdminUnit, UnitLevel, UnitLink, as_level
from dlxh.text import fold
from dlxh.units.catalog import Catalog, UnitStore, store_for
from dlxh.units.dataset import UnitDataset, day_before

__all__ = [
    "Reaggregation",
    "Share",
    "SplitPolicy",
    "UnitMapping",
    "map_to",
    "predecessors",
    "reaggregate",
    "successors",
    "unit_version",
]

DatasetArg = UnitDataset | type[UnitDataset] | UnitStore | None


class SplitPolicy(LabelledEnum):
    """What :func:`map_to` does with a unit that was split over several new units."""

    PRIMARY = "primary", "Dồn về đơn vị nhận phần chính"
    EQUAL = "equal", "Chia đều cho các phần"
    STRICT = "strict", "Không tự quyết định"


@attrs.frozen
class Share:
    """A part of the mapped weight that goes to ``unit``."""

    unit: AdminUnit
    weight: float


@attrs.frozen
class UnitMapping:
    """Where ``source`` is on ``as_of``: shares summing to 1 (0 when nothing could be mapped),
    and the problems met on the way (a split, a mapping backwards in time)."""

    source: AdminUnit
    as_of: date
    shares: tuple[Share, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def unit(self) -> AdminUnit | None:
        """The single target when the whole weight goes to one unit, else ``None``."""
        if len(self.shares) == 1 and abs(self.shares[0].weight - 1.0) < 1e-9:
            return self.shares[0].unit
        return None

    @property
    def ambiguous(self) -> bool:
        """Whether a problem of severity warning or error was met."""
        return any(p.severity is not Severity.INFO for p in self.problems)


@attrs.frozen
class Reaggregation:
    """Totals by target unit code, and the problems met (nothing is dropped silently: the
    weight that could not be mapped is in ``unmapped``)."""

    totals: dict[str, float]
    problems: tuple[Problem, ...]
    unmapped: float = 0.0


def _store(dataset: DatasetArg) -> UnitStore:
    return store_for(dataset)


def unit_version(
    code: str | AdminUnit, as_of: date | None = None, dataset: DatasetArg = None
) -> AdminUnit:
    """The version of a unit that a code names.

    With ``as_of``, the version in force that day. Without it, the last version that was
    closed (the one that has successors), or the current one when it was never closed.
    """
    if isinstance(code, AdminUnit):
        return code
    store = _store(dataset)
    history = store.versions.get(code)
    if not history:
        raise UnknownUnitError(f"no unit with code {code!r} in the {store.dataset.name} catalog")
    if as_of is not None:
        unit = store.version(code, as_of)
        if unit is None:
            raise UnknownUnitError(f"unit {code!r} is not in force on {as_of}")
        return unit
    closed = [u for u in history if u.valid_to is not None]
    return closed[-1] if closed else history[-1]


def _outgoing(store: UnitStore, unit: AdminUnit) -> list[UnitLink]:
    return [
        link
        for link in store.links_from.get(unit.code, ())
        if unit.in_force(day_before(link.effective))
    ]


def _child_units(store: UnitStore, unit: AdminUnit) -> tuple[AdminUnit, ...]:
    if unit.valid_to is None:
        return ()
    return store.view(unit.valid_to).children.get(unit.code, ())


def successors(unit: str | AdminUnit, dataset: DatasetArg = None) -> list[AdminUnit]:
    """The units that received ``unit`` (or parts of it) when it changed, primary first.

    For a district-level unit, which has no link of its own, the successors of its communes.
    A unit still in force has none.
    """
    store = _store(dataset)
    unit = unit_version(unit, dataset=dataset)
    found: dict[tuple[str, date | None], AdminUnit] = {}
    links = sorted(_outgoing(store, unit), key=lambda link: not link.primary)
    for link in links:
        target = store.version(link.target, link.effective)
        if target is not None:
            found.setdefault((target.code, target.valid_from), target)
    if not found:
        for child in _child_units(store, unit):
            for target in successors(child, dataset):
                found.setdefault((target.code, target.valid_from), target)
    return list(found.values())


def predecessors(unit: str | AdminUnit, dataset: DatasetArg = None) -> list[AdminUnit]:
    """The units that went (wholly or in part) into ``unit`` when it came into force."""
    store = _store(dataset)
    if isinstance(unit, str):
        history = store.versions.get(unit)
        if not history:
            raise UnknownUnitError(
                f"no unit with code {unit!r} in the {store.dataset.name} catalog"
            )
        unit = history[-1]
    found: dict[tuple[str, date | None], AdminUnit] = {}
    for link in store.links_to.get(unit.code, ()):
        if not unit.in_force(link.effective):
            continue
        source = store.version(link.source, day_before(link.effective))
        if source is not None:
            found.setdefault((source.code, source.valid_from), source)
    return sorted(found.values(), key=lambda u: u.code)


def _pick_by_address(
    targets: list[AdminUnit], address: str, areas: Catalog | None
) -> AdminUnit | None:
    folded = f" {fold(address)} "
    hits = [t for t in targets if f" {fold(t.short_name)} " in folded]
    if len(hits) != 1 and areas is not None:
        hits = [
            t
            for t in targets
            if any(f" {fold(a.name)} " in folded for a in areas.residential_areas(t)) or t in hits
        ]
        if len(hits) > 1:
            hits = [
                t
                for t in hits
                if any(f" {fold(a.name)} " in folded for a in areas.residential_areas(t))
            ]
    return hits[0] if len(hits) == 1 else None


def map_to(
    unit: str | AdminUnit,
    as_of: date,
    *,
    split: SplitPolicy | str = SplitPolicy.PRIMARY,
    address: str | None = None,
    level: UnitLevel | str | None = None,
    areas: Catalog | None = None,
    dataset: DatasetArg = None,
) -> UnitMapping:
    """Map ``unit`` onto the units in force on ``as_of``, following every change between.

    ``split`` and ``address`` decide what happens to a split unit (see the module's policy).
    ``level`` lifts the result to that level in the target state (``"province"`` to count by
    new province). ``areas`` is a catalog whose registered residential areas help ``address``.
    Mapping backwards (a new unit onto the old ones) gives equal shares over the predecessors
    and an ``unit-mapped-backwards`` info problem.
    """
    store = _store(dataset)
    policy = SplitPolicy(split)
    wanted = as_level(level) if level is not None else None
    source = unit_version(unit, dataset=dataset)
    problems: list[Problem] = []
    weights: dict[tuple[str, date | None], float] = defaultdict(float)
    units: dict[tuple[str, date | None], AdminUnit] = {}
    frontier: list[tuple[AdminUnit, float]] = [(source, 1.0)]
    where = f"unit {source.code}"
    steps = 0
    while frontier:
        steps += 1
        if steps > 100_000:  # a cycle in user-supplied change records
            raise ConfigurationError(f"lineage of {source.code} does not end; check the changes")
        current, weight = frontier.pop()
        if current.in_force(as_of):
            key = (current.code, current.valid_from)
            units[key] = current
            weights[key] += weight
            continue
        if current.valid_from is not None and as_of < current.valid_from:
            before = predecessors(current, dataset)
            if not before:
                problems.append(
                    Problem(
                        "unit-not-in-force",
                        Severity.ERROR,
                        f"{current} did not exist on {as_of}",
                        where,
                    )
                )
                continue
            problems.append(
                Problem(
                    "unit-mapped-backwards",
                    Severity.INFO,
                    f"{current} mapped onto its {len(before)} predecessors in equal shares",
                    where,
                )
            )
            frontier.extend((p, weight / len(before)) for p in before)
            continue
        if wanted is UnitLevel.PROVINCE and current.level is not UnitLevel.PROVINCE:
            # Counting by province: go up first, which is exact (provinces were not split).
            parent_code = current.parent_code
            assert current.valid_to is not None
            view = store.view(current.valid_to)
            parent = view.by_code.get(parent_code) if parent_code else None
            while parent is not None and parent.level is not UnitLevel.PROVINCE:
                parent = view.by_code.get(parent.parent_code) if parent.parent_code else None
            if parent is not None:
                frontier.append((parent, weight))
                continue
        links = _outgoing(store, current)
        if not links:
            children = _child_units(store, current)
            if not children:
                problems.append(
                    Problem(
                        "unit-no-successor",
                        Severity.ERROR,
                        f"{current} was closed with no recorded successor",
                        where,
                    )
                )
                continue
            problems.append(
                Problem(
                    "unit-coarser-than-target",
                    Severity.WARNING,
                    f"{current} has no successor of its own; its weight is "
                    f"shared equally over its {len(children)} units",
                    where,
                )
            )
            frontier.extend((c, weight / len(children)) for c in children)
            continue
        targets = [
            t
            for t in (
                store.version(link.target, link.effective)
                for link in sorted(links, key=lambda link: not link.primary)
            )
            if t is not None
        ]
        if len(targets) == 1:
            frontier.append((targets[0], weight))
            continue
        names = ", ".join(t.name for t in targets)
        chosen = _pick_by_address(targets, address, areas) if address else None
        if chosen is not None:
            frontier.append((chosen, weight))
        elif policy is SplitPolicy.PRIMARY:
            problems.append(
                Problem(
                    "unit-split",
                    Severity.WARNING,
                    f"{current} was split over {names}; counted under the "
                    f"main part, {targets[0].name}",
                    where,
                )
            )
            frontier.append((targets[0], weight))
        elif policy is SplitPolicy.EQUAL:
            problems.append(
                Problem(
                    "unit-split",
                    Severity.WARNING,
                    f"{current} was split over {names}; counted in {len(targets)} equal shares",
                    where,
                )
            )
            frontier.extend((t, weight / len(targets)) for t in targets)
        else:
            problems.append(
                Problem(
                    "unit-split-ambiguous",
                    Severity.ERROR,
                    f"{current} was split over {names}; give a finer address "
                    "or another split policy",
                    where,
                )
            )
    shares = tuple(
        Share(units[key], weights[key])
        for key in sorted(weights, key=lambda k: (-weights[k], k[0]))
    )
    if wanted is not None:
        shares = _lift(store, shares, wanted, as_of)
    return UnitMapping(source, as_of, shares, tuple(problems))


def _lift(
    store: UnitStore, shares: tuple[Share, ...], level: UnitLevel, as_of: date
) -> tuple[Share, ...]:
    view = store.view(as_of)
    lifted: dict[str, float] = defaultdict(float)
    for share in shares:
        current: AdminUnit | None = share.unit
        while current is not None and current.level.depth > level.depth:
            current = view.by_code.get(current.parent_code) if current.parent_code else None
        if current is not None and current.level is level:
            lifted[current.code] += share.weight
    return tuple(
        Share(view.by_code[code], weight)
        for code, weight in sorted(lifted.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def reaggregate(
    counts: Mapping[str, float] | Iterable[tuple[str, float]],
    *,
    source: date,
    target: date,
    level: UnitLevel | str | None = None,
    split: SplitPolicy | str = SplitPolicy.PRIMARY,
    dataset: DatasetArg = None,
) -> Reaggregation:
    """Re-count ``counts`` (unit code -> count, codes as in force on ``source``) under the units
    in force on ``target``, optionally lifted to ``level``. Follows :func:`map_to`'s policy."""
    pairs = counts.items() if isinstance(counts, Mapping) else counts
    totals: dict[str, float] = defaultdict(float)
    problems: list[Problem] = []
    unmapped = 0.0
    cache: dict[str, UnitMapping] = {}
    for code, count in pairs:
        mapping = cache.get(code)
        if mapping is None:
            try:
                unit = unit_version(code, source, dataset)
            except UnknownUnitError as exc:
                problems.append(Problem("unit-unknown", Severity.ERROR, str(exc), f"unit {code}"))
                unmapped += count
                continue
            mapping = map_to(unit, target, split=split, level=level, dataset=dataset)
            cache[code] = mapping
            problems.extend(mapping.problems)
        mapped = 0.0
        for share in mapping.shares:
            totals[share.unit.code] += count * share.weight
            mapped += share.weight
        unmapped += count * (1.0 - mapped)
    return Reaggregation(dict(totals), tuple(problems), unmapped)
