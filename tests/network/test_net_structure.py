from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import dlxh
from dlxh.errors import ConfigurationError
from dlxh.model.enums import OrganisationKind, ReportKind
from dlxh.model.orgs import Organisation, OrgLevel
from dlxh.model.periods import DayCount, PeriodKind, Schedule
from dlxh.model.units import UnitLevel
from dlxh.network import MEMBER_ORGANISATIONS, build_structure, org_id
from dlxh.units import Catalog, catalog
from network.net_samples import AS_OF, PROVINCE

FRONT = OrganisationKind.FRONT_COMMITTEE


def test_post_2025_structure_has_a_front_in_every_commune_reporting_to_the_province() -> None:
    cat = catalog(AS_OF)
    structure = build_structure(PROVINCE, catalog_=cat)
    communes = cat.children(PROVINCE)
    assert all(u.level is UnitLevel.COMMUNE for u in communes)
    province_front = structure.front_of(PROVINCE)
    assert province_front is not None and province_front.level is OrgLevel.PROVINCE
    commune_fronts = structure.at_level(OrgLevel.COMMUNE, FRONT)
    assert sorted(o.unit or "" for o in commune_fronts) == sorted(u.code for u in communes)
    assert structure.at_level(OrgLevel.DISTRICT) == []
    for org in commune_fronts:
        (line,) = structure.lines_from(org.id)
        assert line.receiver_id == province_front.id
        assert org.parent_id == province_front.id
    assert len(structure.senders_to(province_front.id)) == len(communes)
    assert structure.lines_from(province_front.id) == []  # no central level asked for


def test_pre_2025_structure_puts_districts_between_province_and_communes() -> None:
    day = dt.date(2024, 6, 1)
    cat = catalog(day)
    structure = build_structure(PROVINCE, as_of=day)
    districts = cat.children(PROVINCE)
    assert districts and all(u.level is UnitLevel.DISTRICT for u in districts)
    district_fronts = structure.at_level(OrgLevel.DISTRICT, FRONT)
    assert len(district_fronts) == len(districts)
    province_front = structure.front_of(PROVINCE)
    assert province_front is not None
    for district in districts:
        front = structure.front_of(district.code)
        assert front is not None
        assert [line.receiver_id for line in structure.lines_from(front.id)] == [
            province_front.id]
        for commune in cat.children(district):
            commune_front = structure.front_of(commune.code)
            assert commune_front is not None and commune_front.level is OrgLevel.COMMUNE
            assert [line.receiver_id for line in structure.lines_from(commune_front.id)] == [
                front.id]
    total_communes = sum(len(cat.children(d)) for d in districts)
    assert len(structure.at_level(OrgLevel.COMMUNE, FRONT)) == total_communes


def test_member_organisations_report_to_their_front_and_to_their_own_system() -> None:
    structure = build_structure(PROVINCE, as_of=AS_OF, members=True, central=True)
    commune = structure.at_level(OrgLevel.COMMUNE, FRONT)[0]
    assert commune.unit is not None
    for kind in MEMBER_ORGANISATIONS:
        org = structure.find(kind, commune.unit)
        assert org is not None and org.parent_id == commune.id
        receivers = {line.receiver_id for line in structure.lines_from(org.id)}
        assert receivers == {commune.id, org_id(kind, PROVINCE)}
        province_org = structure.find(kind, PROVINCE)
        assert province_org is not None
        assert {line.receiver_id for line in structure.lines_from(province_org.id)} == {
            org_id(FRONT, PROVINCE), org_id(kind, None)}
    counts = structure.counts()
    communes = len(structure.at_level(OrgLevel.COMMUNE, FRONT))
    for kind in MEMBER_ORGANISATIONS:
        assert counts[(OrgLevel.COMMUNE, kind)] == communes
        assert counts[(OrgLevel.CENTRAL, kind)] == 1
    assert structure.find(OrganisationKind.YOUTH_UNION, PROVINCE) is not None


def test_some_member_organisations_and_the_commission() -> None:
    structure = build_structure(PROVINCE, as_of=AS_OF, members=["womens_union"],
                                commission=True)
    kinds = {o.kind for o in structure}
    assert kinds == {FRONT, OrganisationKind.WOMENS_UNION,
                     OrganisationKind.PROPAGANDA_MOBILISATION}
    (ban,) = structure.at_level(OrgLevel.PROVINCE, OrganisationKind.PROPAGANDA_MOBILISATION)
    assert "Tỉnh ủy Tuyên Quang" in ban.name
    assert ban.id in {line.receiver_id for line in structure.lines_from(org_id(FRONT, PROVINCE))}


def test_ids_are_stable_and_structures_equal_across_builds() -> None:
    one = build_structure(PROVINCE, as_of=AS_OF, members=True)
    two = build_structure(PROVINCE, catalog_=catalog(AS_OF), members=True)
    assert one == two
    assert org_id(FRONT, PROVINCE) == "org:front_committee:08"
    assert len({o.id for o in one}) == len(one)
    assert len({line.id for line in one.reporting_lines}) == len(one.reporting_lines)


def test_residential_areas_get_a_front_work_board(province_catalog: Catalog) -> None:
    structure = build_structure(PROVINCE, catalog_=province_catalog)
    boards = structure.at_level(OrgLevel.RESIDENTIAL_AREA, OrganisationKind.FRONT_WORK_BOARD)
    areas = province_catalog.residential_areas()
    assert len(areas) == 18
    assert sorted(b.area_id or "" for b in boards) == sorted(a.id for a in areas)
    for board in boards:
        front = structure.front_of(board.unit)
        assert front is not None
        assert [line.receiver_id for line in structure.lines_from(board.id)] == [front.id]
        assert board.name.startswith("Ban công tác Mặt trận")
    without = build_structure(PROVINCE, catalog_=province_catalog, areas=False)
    assert without.at_level(OrgLevel.RESIDENTIAL_AREA) == []


def test_lines_carry_the_schedule_and_a_wrong_schedule_is_refused() -> None:
    weekly = Schedule(PeriodKind.WEEK, 1, DayCount.WORKING_DAYS)
    structure = build_structure(PROVINCE, as_of=AS_OF, period_kind="week", schedule=weekly,
                                report_kind=ReportKind.QUICK)
    assert structure.reporting_lines
    assert all(line.schedule == weekly and line.report_kind is ReportKind.QUICK
               for line in structure.reporting_lines)
    with pytest.raises(ConfigurationError, match="schedule"):
        build_structure(PROVINCE, as_of=AS_OF, schedule=weekly)
    with pytest.raises(ConfigurationError, match="not a province"):
        build_structure(catalog(AS_OF).children(PROVINCE)[0].code, as_of=AS_OF)


def test_custom_organisations_and_integrity_checks() -> None:
    structure = build_structure(PROVINCE, as_of=AS_OF)
    delegation = Organisation(id="org:na_delegation:08", kind="na_delegation",
                              name="Đoàn đại biểu Quốc hội tỉnh Tuyên Quang", level="province",
                              unit=PROVINCE)
    bigger = structure.with_organisations([delegation])
    assert delegation.id in bigger and delegation.id not in structure
    assert len(bigger) == len(structure) + 1
    with pytest.raises(ConfigurationError, match="two organisations"):
        structure.with_organisations([structure.organisations[0]])
    assert sum(row[2] for row in structure.table().rows) == len(structure)  # type: ignore[misc]


def test_structure_round_trips_through_the_json_exchange_format(tmp_path: Path) -> None:
    structure = build_structure(PROVINCE, as_of=AS_OF, members=True,
                                schedule=Schedule(PeriodKind.MONTH, 5))
    path = tmp_path / "to-chuc.json"
    dlxh.write([*structure.organisations, *structure.reporting_lines], path)
    batch = dlxh.read(path)
    assert tuple(batch.organisations) == structure.organisations
    assert tuple(batch.reporting_lines) == structure.reporting_lines
