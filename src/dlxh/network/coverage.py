"""Coverage: the units and residential areas from which no active collaborator reports.

Places with nobody to grasp opinion are the practice's *vùng trũng* (blind spots). A unit is
*covered* when at least one active collaborator is placed in it or in a unit below it (a
district is covered by a collaborator in one of its communes); a residential area is covered
when an active collaborator is placed in that area. Collaborators who are suspended or whose
service ended do not cover anything.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

import attrs

from dlxh.exporters.document import Cell, Table
from dlxh.model.network import Collaborator
from dlxh.model.units import AdminUnit, ResidentialArea, UnitLevel
from dlxh.units.catalog import Catalog, catalog

__all__ = ["Coverage", "LevelCoverage", "coverage"]


@attrs.frozen
class LevelCoverage:
    """Coverage at one level: how many units (or areas), how many have an active
    collaborator."""

    level: str
    """A :class:`~dlxh.model.units.UnitLevel` value, or ``"residential_area"``."""
    label: str
    total: int
    covered: int

    @property
    def blind(self) -> int:
        """Units with no active collaborator."""
        return self.total - self.covered

    @property
    def share(self) -> float | None:
        """Share of units covered (``None`` when there is no unit at this level)."""
        return self.covered / self.total if self.total else None


@attrs.frozen
class Coverage:
    """The result of :func:`coverage`."""

    root: AdminUnit
    as_of: dt.date
    levels: tuple[LevelCoverage, ...]
    blind_units: tuple[AdminUnit, ...]
    """Units with no active collaborator, province first, then by level and code."""
    blind_areas: tuple[ResidentialArea, ...]
    """Registered residential areas with no active collaborator, by unit and id."""
    collaborators_by_unit: tuple[tuple[str, int], ...]
    """Active collaborators placed in each unit of the province (directly), by code."""
    unplaced: tuple[str, ...]
    """Ids of active collaborators whose unit is missing or not in the province on
    :attr:`as_of` (an old unit code, a typo): they cover nothing until corrected."""

    def blind_at(self, level: UnitLevel | str) -> tuple[AdminUnit, ...]:
        """The blind units of one level."""
        wanted = UnitLevel(level)
        return tuple(u for u in self.blind_units if u.level is wanted)

    def table(self) -> Table:
        """One row per level: units, covered, blind, share covered."""
        rows: list[list[Cell]] = [
            [lc.label, lc.total, lc.covered, lc.blind,
             None if lc.share is None else round(lc.share, 4)]
            for lc in self.levels
        ]
        return Table(f"Độ phủ mạng lưới cộng tác viên: {self.root.name}",
                     ["Cấp", "Số đơn vị", "Có CTV", "Chưa có CTV (vùng trũng)", "Tỷ lệ phủ"],
                     rows)

    def blind_table(self) -> Table:
        """The blind spots themselves, one row per unit or area."""
        rows: list[list[Cell]] = [[u.level.label, u.code, u.name] for u in self.blind_units]
        rows.extend(["Khu dân cư", a.id, f"{a.kind.label} {a.name} ({a.unit_code})"]
                    for a in self.blind_areas)
        return Table("Địa bàn chưa có cộng tác viên (vùng trũng)",
                     ["Cấp", "Mã", "Tên"], rows)


def coverage(
    collaborators: Iterable[Collaborator],
    province: str | AdminUnit,
    *,
    as_of: dt.date | None = None,
    catalog_: Catalog | None = None,
) -> Coverage:
    """Which units of ``province`` (and which residential areas registered on ``catalog_``)
    have no active collaborator on ``as_of``.

    ``province`` may also be a district or commune code: the coverage is then computed for
    that unit and the units below it.
    """
    cat = catalog_ if catalog_ is not None else catalog(as_of)
    root = cat.get(province)
    units = [root, *cat.descendants(root)]
    inside = {u.code: u for u in units}
    direct: Counter[str] = Counter()
    areas_covered: set[str] = set()
    unplaced: list[str] = []
    for c in collaborators:
        if not c.active:
            continue
        if c.unit is None or c.unit not in inside:
            unplaced.append(c.id)
            continue
        direct[c.unit] += 1
        if c.area_id is not None:
            areas_covered.add(c.area_id)
    covered: set[str] = set()
    for code in direct:
        covered.add(code)
        covered.update(a.code for a in cat.ancestors(code) if a.code in inside)
    levels: list[LevelCoverage] = []
    for level in UnitLevel:
        at = [u for u in units if u.level is level]
        if at:
            levels.append(LevelCoverage(str(level), level.label, len(at),
                                        sum(1 for u in at if u.code in covered)))
    areas = sorted((a for u in units if u.level is UnitLevel.COMMUNE
                    for a in cat.residential_areas(u)), key=lambda a: (a.unit_code, a.id))
    if areas:
        levels.append(LevelCoverage("residential_area", "Khu dân cư", len(areas),
                                    sum(1 for a in areas if a.id in areas_covered)))
    blind = sorted((u for u in units if u.code not in covered),
                   key=lambda u: (u.level.depth, u.code))
    return Coverage(
        root=root,
        as_of=cat.as_of,
        levels=tuple(levels),
        blind_units=tuple(blind),
        blind_areas=tuple(a for a in areas if a.id not in areas_covered),
        collaborators_by_unit=tuple(sorted(direct.items())),
        unplaced=tuple(sorted(unplaced)),
    )
