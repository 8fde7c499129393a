"""The time-versioned catalog of administrative units.

:func:`catalog` returns a :class:`Catalog`: the units in force on one day, with lookups by code
and the hierarchy (parent, children, ancestors, descendants). Data is read from the dataset on
first use and indexed once per dataset (a :class:`UnitStore`); each view of a day is built once
and shared. A :class:`Catalog` object itself is cheap and holds the residential areas that its
user registers, so that no state is global.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

import attrs

from dlxh.errors import ConfigurationError, UnknownUnitError
from dlxh.model.ids import content_id
from dlxh.model.units import (
    AdminUnit,
    ChangeAction,
    ResidentialArea,
    ResidentialAreaKind,
    UnitChange,
    UnitKind,
    UnitLevel,
    UnitLink,
    as_kind,
    as_level,
)
from dlxh.units.dataset import UnitDataset, VietnamUnits, day_before

if TYPE_CHECKING:
    from dlxh.units.resolver import ResolverIndex

__all__ = ["Catalog", "UnitStore", "catalog", "store_for"]


class UnitStore:
    """Every version of every unit of one dataset, the lineage links, indexed once.

    Change records are applied here: an ``amend`` closes the version in force the day before
    and opens a new one (same code), an ``establish`` opens a new code, a ``dissolve`` closes
    one; each adds the matching :class:`UnitLink` rows.
    """

    def __init__(self, dataset: UnitDataset) -> None:
        self.dataset = dataset
        versions: dict[str, list[AdminUnit]] = defaultdict(list)
        for unit in dataset.load_units():
            versions[unit.code].append(unit)
        self.changes: tuple[UnitChange, ...] = tuple(
            sorted(dataset.load_changes(), key=lambda c: (c.effective, c.code))
        )
        change_links: list[UnitLink] = []
        for change in self.changes:
            change_links.extend(_apply(change, versions))
        self._change_links = change_links
        for history in versions.values():
            history.sort(key=lambda u: u.valid_from or date.min)
        self.versions: dict[str, tuple[AdminUnit, ...]] = {
            code: tuple(history) for code, history in versions.items()
        }
        self.aliases = dataset.load_aliases()
        bounds: set[date] = set()
        for versions_of_code in self.versions.values():
            for version in versions_of_code:
                if version.valid_from is not None:
                    bounds.add(version.valid_from)
                if version.valid_to is not None:
                    bounds.add(date.fromordinal(version.valid_to.toordinal() + 1))
        # Epoch i runs from boundaries[i-1] (or the start) to the day before boundaries[i].
        self.boundaries: tuple[date, ...] = tuple(sorted(bounds))
        self._views: dict[int, _View] = {}
        # The view of each day asked (a batch asks one or two days again and again).
        self._day_views: dict[date, _View] = {}
        self._lock = threading.Lock()

    # Lineage is read on its first use: a catalog lookup does not need it.
    @functools.cached_property
    def links(self) -> tuple[UnitLink, ...]:
        """Every lineage link: the dataset's and those of the change records."""
        return (*self.dataset.load_links(), *self._change_links)

    @functools.cached_property
    def links_from(self) -> dict[str, list[UnitLink]]:
        """Links by the code of the unit they start from."""
        index: dict[str, list[UnitLink]] = defaultdict(list)
        for link in self.links:
            index[link.source].append(link)
        return index

    @functools.cached_property
    def links_to(self) -> dict[str, list[UnitLink]]:
        """Links by the code of the unit they lead to."""
        index: dict[str, list[UnitLink]] = defaultdict(list)
        for link in self.links:
            index[link.target].append(link)
        return index

    def epoch(self, day: date) -> int:
        """The index of the span of time (between two dated changes) that holds ``day``."""
        return bisect.bisect_right(self.boundaries, day)

    def view(self, day: date) -> _View:
        """The units in force on ``day``, indexed; built once per epoch."""
        view = self._day_views.get(day)
        if view is not None:
            return view
        index = self.epoch(day)
        view = self._views.get(index)
        if view is None:
            with self._lock:
                view = self._views.get(index)
                if view is None:
                    view = _View(self, day)
                    self._views[index] = view
        if len(self._day_views) >= 10_000:  # bounded: a batch over many dates
            self._day_views.clear()
        self._day_views[day] = view
        return view

    def version(self, code: str, day: date) -> AdminUnit | None:
        """The version of ``code`` in force on ``day``, or ``None``."""
        for unit in self.versions.get(code, ()):
            if unit.in_force(day):
                return unit
        return None

    def all_units(self) -> Iterator[AdminUnit]:
        """Every version of every unit."""
        for history in self.versions.values():
            yield from history


def _apply(change: UnitChange, versions: dict[str, list[AdminUnit]]) -> list[UnitLink]:
    before = day_before(change.effective)
    history = versions.get(change.code, [])
    current = next((u for u in history if u.in_force(before)), None)
    if change.action is ChangeAction.ESTABLISH:
        if change.kind is None or change.name is None:
            raise ConfigurationError(f"change {change.code}: 'establish' needs a name and a kind")
        versions[change.code].append(
            AdminUnit(
                code=change.code,
                name=change.name,
                kind=change.kind,
                level=change.kind.level,
                parent_code=change.parent_code,
                valid_from=change.effective,
            )
        )
        return [
            UnitLink(change.effective, p, change.code, whole=False, primary=False)
            for p in change.predecessors
        ]
    if current is None or (current.valid_to is not None and current.valid_to < change.effective):
        raise ConfigurationError(
            f"change {change.code} on {change.effective}: no unit with that code is in force "
            f"on {before}"
        )
    history.remove(current)
    history.append(attrs.evolve(current, valid_to=before))
    if change.action is ChangeAction.DISSOLVE:
        whole = len(change.successors) == 1
        return [
            UnitLink(change.effective, change.code, s, whole=whole, primary=i == 0)
            for i, s in enumerate(change.successors)
        ]
    kind = change.kind or current.kind
    short = current.short_name
    name = change.name or f"{kind.prefix} {short}"
    history.append(
        AdminUnit(
            code=current.code,
            name=name,
            kind=kind,
            level=kind.level,
            parent_code=change.parent_code or current.parent_code,
            valid_from=change.effective,
            valid_to=None,
        )
    )
    return [UnitLink(change.effective, change.code, change.code)]


class _View:
    """The units in force on one day of one store, indexed by code and by parent."""

    def __init__(self, store: UnitStore, day: date) -> None:
        self.store = store
        self.day = day
        self.by_code: dict[str, AdminUnit] = {}
        children: dict[str | None, list[AdminUnit]] = defaultdict(list)
        for history in store.versions.values():
            for unit in history:
                if unit.in_force(day):
                    self.by_code[unit.code] = unit
                    children[unit.parent_code].append(unit)
                    break
        self.children: dict[str | None, tuple[AdminUnit, ...]] = {
            parent: tuple(sorted(units, key=lambda u: u.code)) for parent, units in children.items()
        }
        self._resolver: ResolverIndex | None = None

    def resolver_index(self) -> ResolverIndex:
        """The resolver's name index for this view, built on first use."""
        if self._resolver is None:
            from dlxh.units.resolver import ResolverIndex

            self._resolver = ResolverIndex(self)
        return self._resolver


_STORES: dict[type[UnitDataset], UnitStore] = {}
_STORES_LOCK = threading.Lock()


def store_for(
    dataset: UnitDataset | type[UnitDataset] | UnitStore | None = None,
) -> UnitStore:
    """The indexed store of ``dataset`` (a class or an instance; the Vietnamese one by
    default), loaded on first use. A class gets one store for the life of the process; an
    instance keeps its own store (on the instance), so that it is loaded once too."""
    if dataset is None:
        store = _STORES.get(VietnamUnits)  # the usual call, once per address resolved
        if store is not None:
            return store
        dataset = VietnamUnits
    if isinstance(dataset, UnitStore):
        return dataset
    if isinstance(dataset, type):
        if not issubclass(dataset, UnitDataset):
            raise ConfigurationError(f"{dataset!r} is not a UnitDataset subclass")
        store = _STORES.get(dataset)
        if store is None:
            with _STORES_LOCK:
                store = _STORES.get(dataset)
                if store is None:
                    store = store_for(dataset())
                    _STORES[dataset] = store
        return store
    if not isinstance(dataset, UnitDataset):
        raise ConfigurationError(f"{dataset!r} is not a UnitDataset")
    store = getattr(dataset, "_dlxh_store", None)
    if store is None:
        store = UnitStore(dataset)
        dataset._dlxh_store = store  # type: ignore[attr-defined]
    assert isinstance(store, UnitStore)
    return store


def loaded() -> bool:
    """Whether any catalog has been loaded in this process (for tests of lazy loading)."""
    return bool(_STORES)


def _as_level(level: UnitLevel | str | None) -> UnitLevel | None:
    if level is None:
        return None
    try:
        return as_level(level)
    except ValueError:
        raise ConfigurationError(
            f"unknown level {level!r}; expected one of: {', '.join(str(m) for m in UnitLevel)}"
        ) from None


class Catalog:
    """The units in force on :attr:`as_of`, and the residential areas registered under them.

    Obtain one with :func:`catalog`. Units are :class:`~dlxh.model.units.AdminUnit` values;
    every method that takes a unit also takes its code.
    """

    def __init__(self, store: UnitStore, as_of: date) -> None:
        self._store = store
        self._view = store.view(as_of)
        self.as_of = as_of
        self._areas: dict[str, list[ResidentialArea]] = defaultdict(list)

    # ---- identity and iteration
    @property
    def dataset(self) -> UnitDataset:
        """The dataset this catalog was built from."""
        return self._store.dataset

    @property
    def store(self) -> UnitStore:
        """Every version of every unit of the dataset (for lineage across dates)."""
        return self._store

    def __repr__(self) -> str:
        return f"<Catalog {self.dataset.name} as of {self.as_of}: {len(self)} units>"

    def __len__(self) -> int:
        return len(self._view.by_code)

    def __iter__(self) -> Iterator[AdminUnit]:
        return iter(self.units())

    def __contains__(self, code: object) -> bool:
        if isinstance(code, AdminUnit):
            code = code.code
        return isinstance(code, str) and code in self._view.by_code

    # ---- lookups
    def get(self, code: str | AdminUnit) -> AdminUnit:
        """The unit with this statistics-office code, in force on :attr:`as_of`.

        Raises :class:`~dlxh.errors.UnknownUnitError` with close codes as ``candidates``; the
        message says when the code exists at another date (closed or not yet created).
        """
        key = code.code if isinstance(code, AdminUnit) else str(code).strip()
        unit = self._view.by_code.get(key)
        if unit is not None:
            return unit
        history = self._store.versions.get(key)
        if history:
            spans = ", ".join(
                f"{u.name} from {u.valid_from or 'the start'} to {u.valid_to or 'now'}"
                for u in history
            )
            message = f"unit {key!r} is not in force on {self.as_of} ({spans})"
        else:
            message = f"no unit with code {key!r} in the {self.dataset.name} catalog"
        candidates = tuple(
            difflib.get_close_matches(key, list(self._view.by_code), n=5, cutoff=0.6)
        )
        if candidates:
            message += "; close codes: " + ", ".join(
                f"{c} ({self._view.by_code[c].name})" for c in candidates
            )
        raise UnknownUnitError(message, candidates)

    def find(self, code: str) -> AdminUnit | None:
        """Like :meth:`get`, but ``None`` when the code is not in force."""
        return self._view.by_code.get(code)

    def units(
        self,
        level: UnitLevel | str | None = None,
        kind: UnitKind | str | None = None,
        parent: str | AdminUnit | None = None,
    ) -> list[AdminUnit]:
        """Units in force, sorted by code, optionally of one level, kind or parent."""
        wanted_level = _as_level(level)
        wanted_kind = as_kind(kind) if kind is not None else None
        if parent is not None:
            pool: Iterable[AdminUnit] = self.children(parent)
        else:
            pool = sorted(self._view.by_code.values(), key=lambda u: (u.level.depth, u.code))
        return [
            u
            for u in pool
            if (wanted_level is None or u.level is wanted_level)
            and (wanted_kind is None or u.kind is wanted_kind)
        ]

    # ---- hierarchy
    def parent(self, unit: str | AdminUnit) -> AdminUnit | None:
        """The unit directly above, or ``None`` for a province."""
        unit = self.get(unit)
        return self._view.by_code.get(unit.parent_code) if unit.parent_code else None

    def children(self, unit: str | AdminUnit) -> tuple[AdminUnit, ...]:
        """The units directly below, sorted by code."""
        return self._view.children.get(self.get(unit).code, ())

    def ancestors(self, unit: str | AdminUnit) -> list[AdminUnit]:
        """The units above, parent first, up to the province."""
        chain: list[AdminUnit] = []
        current = self.parent(unit)
        while current is not None:
            chain.append(current)
            current = self._view.by_code.get(current.parent_code) if current.parent_code else None
        return chain

    def descendants(self, unit: str | AdminUnit) -> list[AdminUnit]:
        """Every unit below, breadth first (districts before communes)."""
        found: list[AdminUnit] = []
        frontier: Sequence[AdminUnit] = self.children(unit)
        while frontier:
            found.extend(frontier)
            frontier = [c for u in frontier for c in self._view.children.get(u.code, ())]
        return found

    def province_of(self, unit: str | AdminUnit) -> AdminUnit:
        """The province-level unit that holds ``unit`` (itself for a province)."""
        unit = self.get(unit)
        chain = self.ancestors(unit)
        return chain[-1] if chain else unit

    def path(self, unit: str | AdminUnit) -> str:
        """``"Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh"``: the unit and its ancestors."""
        unit = self.get(unit)
        return ", ".join(u.name for u in [unit, *self.ancestors(unit)])

    # ---- residential areas
    def add_residential_area(
        self,
        name: str,
        kind: ResidentialAreaKind | str,
        unit: str | AdminUnit,
        id: str | None = None,
    ) -> ResidentialArea:
        """Register a residential area (*thôn, tổ dân phố*...) under a commune-level unit.

        Areas belong to this catalog object only. The id is derived from the unit and the
        name when not given, so registering the same area twice gives the same id.
        """
        commune = self.get(unit)
        if commune.level is not UnitLevel.COMMUNE:
            raise ConfigurationError(
                f"residential areas belong to a commune-level unit, not to {commune.name}"
            )
        area = ResidentialArea(
            id=id or content_id("area", commune.code, name.strip().casefold()),
            name=name,
            kind=kind,
            unit_code=commune.code,
        )
        existing = self._areas[commune.code]
        if all(a.id != area.id for a in existing):
            existing.append(area)
        return area

    def residential_areas(self, unit: str | AdminUnit | None = None) -> list[ResidentialArea]:
        """The areas registered under ``unit`` (all areas when ``None``)."""
        if unit is None:
            return [a for areas in self._areas.values() for a in areas]
        return list(self._areas.get(self.get(unit).code, ()))


def catalog(
    as_of: date | None = None,
    dataset: UnitDataset | type[UnitDataset] | UnitStore | None = None,
) -> Catalog:
    """The catalog of units in force on ``as_of`` (today when ``None``).

    ``dataset`` is a :class:`~dlxh.units.dataset.UnitDataset` class or instance; the
    Vietnamese catalog by default. Dates before 2025-07-01 give the three-level state that
    was in force on 2025-06-30 (the shipped data does not hold the mergers of earlier years).
    """
    return Catalog(store_for(dataset), as_of or date.today())
