"""Lineage across the 2025 reform and re-aggregation of old units onto new ones."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.errors import Severity
from dlxh.model.units import UnitLevel
from dlxh.units import (
    SplitPolicy,
    catalog,
    map_to,
    predecessors,
    reaggregate,
    store_for,
    successors,
    unit_version,
)

OLD = date(2024, 6, 1)
NEW = date(2025, 8, 1)
REFORM = date(2025, 7, 1)
OLD_CAT = catalog(as_of=OLD)
NEW_CAT = catalog(as_of=NEW)
OLD_COMMUNES = [u.code for u in OLD_CAT.units(level="commune")]


def _split_sources() -> list[str]:
    counts = Counter(link.source for link in store_for().links if link.effective == REFORM)
    return sorted(code for code, n in counts.items() if n > 1 and len(code) == 5)


def test_a_merged_ward_has_one_successor_and_the_new_ward_its_predecessors() -> None:
    ben_nghe = OLD_CAT.get("26740")
    assert [(u.code, u.name) for u in successors(ben_nghe)] == [("26740", "Phường Sài Gòn")]
    new = NEW_CAT.get("26740")
    assert {u.name for u in predecessors(new)} == {
        "Phường Bến Nghé",
        "Phường Đa Kao",
        "Phường Nguyễn Thái Bình",
    }
    assert all(u.valid_to == date(2025, 6, 30) for u in predecessors(new))


def test_provinces_follow_the_merger() -> None:
    assert [u.code for u in successors(OLD_CAT.get("74"))] == ["79"]  # Bình Dương -> HCM
    assert [u.code for u in successors(OLD_CAT.get("02"))] == ["08"]  # Hà Giang -> Tuyên Quang
    assert {u.code for u in predecessors(NEW_CAT.get("79"))} == {"74", "77", "79"}


def test_a_district_is_followed_through_its_communes() -> None:
    q1 = OLD_CAT.get("760")
    after = successors(q1)
    assert {u.code for u in after} == {u.code for c in OLD_CAT.children(q1) for u in successors(c)}
    assert all(u.level is UnitLevel.COMMUNE and u.parent_code == "79" for u in after)
    assert map_to(q1, NEW, level="province").unit == NEW_CAT.get("79")
    spread = map_to(q1, NEW)
    assert spread.problems[0].code == "unit-coarser-than-target"
    assert {p.code for p in spread.problems[1:]} <= {"unit-split"}
    assert sum(s.weight for s in spread.shares) == pytest.approx(1.0)


def test_a_code_names_its_last_closed_version() -> None:
    assert unit_version("26740").name == "Phường Bến Nghé"
    assert unit_version("26740", NEW).name == "Phường Sài Gòn"


def test_split_units_follow_the_documented_policy() -> None:
    code = _split_sources()[0]
    old = OLD_CAT.get(code)
    parts = successors(old)
    assert len(parts) >= 2
    primary = map_to(old, NEW)
    assert primary.unit == parts[0]
    assert [p.code for p in primary.problems] == ["unit-split"]
    assert primary.problems[0].severity is Severity.WARNING
    equal = map_to(old, NEW, split=SplitPolicy.EQUAL)
    assert {s.unit for s in equal.shares} == set(parts)
    assert all(s.weight == pytest.approx(1 / len(parts)) for s in equal.shares)
    strict = map_to(old, NEW, split="strict")
    assert strict.shares == ()
    assert strict.problems[0].code == "unit-split-ambiguous"
    assert strict.problems[0].severity is Severity.ERROR
    # A finer address decides, and then there is nothing to report.
    other = parts[1]
    by_address = map_to(old, NEW, split="strict", address=f"thôn 3, {other.name}")
    assert by_address.unit == other
    assert by_address.problems == ()


def test_a_residential_area_registered_under_a_part_decides() -> None:
    code = _split_sources()[1]
    old = OLD_CAT.get(code)
    parts = successors(old)
    areas = catalog(as_of=NEW)
    areas.add_residential_area("Thôn Đồng Sen", "village", parts[-1])
    mapping = map_to(old, NEW, split="strict", address="thôn đồng sen", areas=areas)
    assert mapping.unit == parts[-1]


def test_mapping_backwards_shares_over_the_predecessors() -> None:
    mapping = map_to(NEW_CAT.get("26740"), OLD)
    assert {s.unit.code for s in mapping.shares} == {"26737", "26740", "26746"}
    assert [p.code for p in mapping.problems] == ["unit-mapped-backwards"]


@given(st.sampled_from(OLD_COMMUNES))
def test_commune_and_province_mappings_agree(code: str) -> None:
    """The source's commune table and province table are separate; they must agree."""
    old = OLD_CAT.get(code)
    new_province = map_to(OLD_CAT.province_of(old), NEW).unit
    assert new_province is not None
    for part in successors(old):
        assert part.parent_code == new_province.code


def test_reaggregation_counts_old_items_under_new_communes_and_provinces() -> None:
    # Items reported in 2024 from every commune of Bình Dương, Bà Rịa - Vũng Tàu and HCM.
    counts: Counter[str] = Counter()
    for province in ("74", "77", "79"):
        for unit in OLD_CAT.descendants(province):
            if unit.level is UnitLevel.COMMUNE:
                counts[unit.code] += 2
    total = sum(counts.values())
    by_province = reaggregate(counts, source=OLD, target=NEW, level="province")
    assert by_province.totals == {"79": pytest.approx(total)}
    assert by_province.unmapped == 0
    by_commune = reaggregate(counts, source=OLD, target=NEW, split="equal")
    assert sum(by_commune.totals.values()) == pytest.approx(total)
    assert all(NEW_CAT.get(code).parent_code == "79" for code in by_commune.totals)
    # Phường Sài Gòn: all of Bến Nghé, and a part of Đa Kao and of Nguyễn Thái Bình, which
    # were split (equal shares: half of each).
    assert by_commune.totals["26740"] == pytest.approx(2 + 1 + 1)
    primary = reaggregate(counts, source=OLD, target=NEW)
    # Đa Kao's main part went to Sài Gòn, Nguyễn Thái Bình's to Bến Thành.
    assert primary.totals["26740"] == pytest.approx(2 + 2)
    assert sum(primary.totals.values()) == pytest.approx(total)
    strict = reaggregate(counts, source=OLD, target=NEW, split="strict")
    split_here = [c for c in counts if len(successors(c)) > 1]
    assert strict.unmapped == pytest.approx(2 * len(split_here))
    assert sum(p.code == "unit-split-ambiguous" for p in strict.problems) == len(split_here)


def test_reaggregation_reports_unknown_codes_instead_of_dropping_them() -> None:
    result = reaggregate({"26740": 1, "99999": 4}, source=OLD, target=NEW)
    assert result.totals == {"26740": 1}
    assert result.unmapped == 4
    assert [p.code for p in result.problems] == ["unit-unknown"]


def test_the_2026_upgrade_is_followed_too() -> None:
    upgraded = map_to(OLD_CAT.get("22"), date(2026, 10, 1)).unit
    assert upgraded is not None
    assert upgraded.name == "Thành phố Quảng Ninh"
