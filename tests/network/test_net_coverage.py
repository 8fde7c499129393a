"""Coverage lists exactly the units and areas left empty on purpose."""

from __future__ import annotations

import datetime as dt

import attrs

from dlxh.model.enums import CollaboratorStatus
from dlxh.model.network import Collaborator
from dlxh.model.units import AdminUnit, UnitLevel
from dlxh.network import coverage
from dlxh.testing.roster import generate_roster
from dlxh.units import Catalog, catalog
from network.net_samples import AS_OF, PROVINCE, ROSTER_SIZE


def test_blind_spots_are_exactly_the_communes_left_empty(
    big_roster: list[Collaborator], province_catalog: Catalog,
    communes: tuple[AdminUnit, ...], left_empty: frozenset[str],
) -> None:
    assert len(big_roster) == ROSTER_SIZE
    result = coverage(big_roster, PROVINCE, catalog_=province_catalog)
    assert {u.code for u in result.blind_units} == set(left_empty)
    assert {u.code for u in result.blind_at(UnitLevel.COMMUNE)} == set(left_empty)
    levels = {lc.level: lc for lc in result.levels}
    assert levels["commune"].total == len(communes)
    assert levels["commune"].blind == len(left_empty)
    assert levels["province"].covered == 1
    # communes[2] has three areas and nobody: they are blind; the other areas are served.
    assert {a.unit_code for a in result.blind_areas} == {communes[2].code}
    assert len(result.blind_areas) == 3
    assert levels["residential_area"].total == 18
    assert result.unplaced == ()
    table = result.table()
    assert [row[0] for row in table.rows] == ["Cấp tỉnh", "Cấp xã", "Khu dân cư"]
    assert table.rows[1][3] == len(left_empty)
    assert {row[1] for row in result.blind_table().rows} >= set(left_empty)


def test_inactive_collaborators_cover_nothing_and_strays_are_reported(
    province_catalog: Catalog, communes: tuple[AdminUnit, ...],
) -> None:
    roster = generate_roster(PROVINCE, per_unit=1, catalog_=province_catalog, seed=1)
    target = communes[5].code
    ended = [attrs.evolve(c, status=CollaboratorStatus.ENDED) if c.unit == target else c
             for c in roster]
    stray = Collaborator(id="CTV-OLD", name="Lò Văn Sáng", role="opinion_collaborator",
                         unit="00001")  # a unit of another province
    result = coverage([*ended, stray], PROVINCE, catalog_=province_catalog)
    assert [u.code for u in result.blind_units] == [target]
    assert result.unplaced == ("CTV-OLD",)


def test_pre_2025_coverage_counts_districts_covered_through_their_communes() -> None:
    day = dt.date(2024, 6, 1)
    cat = catalog(day)
    district = cat.children(PROVINCE)[0]
    empty = {c.code for c in cat.children(district)}
    roster = generate_roster(PROVINCE, per_unit=1, catalog_=cat, leave_empty=empty)
    result = coverage(roster, PROVINCE, catalog_=cat)
    blind = {u.code for u in result.blind_units}
    assert blind == empty | {district.code}
    assert result.blind_at("district") == (district,)
    # Coverage below one district only.
    other = cat.children(PROVINCE)[1]
    assert coverage(roster, other.code, catalog_=cat).blind_units == ()


def test_no_roster_is_all_blind() -> None:
    result = coverage([], PROVINCE, as_of=AS_OF)
    assert all(lc.covered == 0 for lc in result.levels)
    assert len(result.blind_units) == 1 + len(catalog(AS_OF).children(PROVINCE))
