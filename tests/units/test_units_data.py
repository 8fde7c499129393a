"""The shipped unit data: counts, names, provenance, spelling, compactness."""

from __future__ import annotations

import collections
import gzip
import hashlib
import importlib.util
import json
import re
import sqlite3
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dlxh.model.units import UnitKind, UnitLevel
from dlxh.text import fold, normalize
from dlxh.units import VietnamUnits, catalog

DATA = Path(__file__).resolve().parents[2] / "src" / "dlxh" / "data" / "units"
BEFORE = date(2025, 6, 30)
AFTER = date(2025, 7, 1)


def _provenance() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "PROVENANCE.json").read_text(encoding="utf-8"))
    return data


def _counts(as_of: date) -> dict[str, dict[str, int]]:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for unit in catalog(as_of=as_of):
        counts[str(unit.level)][str(unit.kind)] += 1
    return {level: dict(sorted(c.items())) for level, c in counts.items()}


def test_counts_match_the_counts_recorded_at_build_time() -> None:
    recorded = _provenance()["counts"]
    assert _counts(BEFORE) == recorded["legacy"]
    assert _counts(AFTER) == recorded["reform"]


def test_the_two_states_have_the_sizes_of_the_reform() -> None:
    before, after = catalog(as_of=BEFORE), catalog(as_of=AFTER)
    assert len(before.units(level="province")) == 63
    assert len(before.units(level="district")) == 696
    assert len(before.units(level="commune")) == 10_035
    assert len(after.units(level="province")) == 34
    assert after.units(level="district") == []
    assert len(after.units(level="commune")) == 3321
    after_kinds = collections.Counter(u.kind for u in after.units(level="commune"))
    assert after_kinds == {UnitKind.COMMUNE: 2621, UnitKind.WARD: 687, UnitKind.SPECIAL_ZONE: 13}
    assert not any(u.kind is UnitKind.TOWNSHIP for u in after)


def test_provenance_names_source_licence_and_the_checksum_of_the_data() -> None:
    provenance = _provenance()
    assert provenance["source"]["package"] == "vietnamadminunits"
    assert provenance["source"]["licence"] == "MIT"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", provenance["built_on"])
    digest = hashlib.sha256((DATA / "vn-units.json.gz").read_bytes()).hexdigest()
    assert provenance["output"]["vn-units.json.gz"] == digest
    notice = (DATA / "NOTICE").read_text(encoding="utf-8")
    assert "MIT License" in notice
    assert "Tran Ngoc Minh Hieu" in notice


def test_the_data_file_is_compact() -> None:
    assert (DATA / "vn-units.json.gz").stat().st_size < 160 * 1024


def test_names_use_the_official_tone_placement() -> None:
    names = [u.name for u in catalog(as_of=BEFORE)] + [u.name for u in catalog(as_of=AFTER)]
    assert [n for n in names if normalize(n, tone_style="old") != n] == []
    assert catalog(as_of=BEFORE).get("17").name == "Tỉnh Hoà Bình"
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_every_name_starts_with_its_kind_word_and_levels_nest() -> None:
    for as_of in (BEFORE, AFTER):
        cat = catalog(as_of=as_of)
        for unit in cat:
            assert unit.name == f"{unit.kind.prefix} {unit.short_name}"
            parent = cat.parent(unit)
            if unit.level is UnitLevel.PROVINCE:
                assert parent is None
            else:
                assert parent is not None
                assert parent.level.depth < unit.level.depth


def test_links_cover_every_old_commune_and_province() -> None:
    before, after = catalog(as_of=BEFORE), catalog(as_of=AFTER)
    store = before.store
    old_communes = {u.code for u in before.units(level="commune")}
    sources = {link.source for link in store.links if link.effective == AFTER}
    assert old_communes <= sources
    assert {u.code for u in before.units(level="province")} <= sources
    targets = {link.target for link in store.links if link.effective == AFTER}
    assert {u.code for u in after.units(level="commune")} <= targets
    recorded = _provenance()["counts"]["links"]
    split = collections.Counter(link.source for link in store.links if link.effective == AFTER)
    assert sum(1 for code, n in split.items() if n > 1) == recorded["old_units_split"]


# ---- against the source package, when it is installed (it is a build-time input only)
HAVE_SOURCE = importlib.util.find_spec("vietnamadminunits") is not None
needs_source = pytest.mark.skipif(
    not HAVE_SOURCE, reason="vietnamadminunits (the build-time source) is not installed"
)


def _source_rows(table: str) -> list[sqlite3.Row]:
    import vietnamadminunits

    path = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    return list(con.execute(f"SELECT * FROM {table}"))


_PREFIX_KIND = {
    "province": {"tỉnh": "province", "thành phố": "municipality"},
    "district": {
        "quận": "urban_district",
        "huyện": "rural_district",
        "thị xã": "district_town",
        "thành phố": "provincial_city",
    },
    "commune": {
        "xã": "commune",
        "phường": "ward",
        "thị trấn": "township",
        "đặc khu": "special_zone",
    },
}


def _kind_of(full_name: str, level: str) -> str:
    lowered = full_name.casefold()
    for word, kind in sorted(_PREFIX_KIND[level].items(), key=lambda kv: -len(kv[0])):
        if lowered.startswith(word + " "):
            return kind
    raise AssertionError(full_name)


@needs_source
@pytest.mark.parametrize(
    ("table", "as_of"), [("admin_units_legacy", BEFORE), ("admin_units", AFTER)]
)
def test_counts_by_level_and_kind_match_the_source_tables(table: str, as_of: date) -> None:
    rows = _source_rows(table)
    expected: dict[str, dict[str, str]] = collections.defaultdict(dict)
    for row in rows:
        expected["province"][row["provinceCode"]] = _kind_of(row["province"], "province")
        if "districtCode" in row.keys():  # noqa: SIM118 - sqlite3.Row
            expected["district"][row["districtCode"]] = _kind_of(row["district"], "district")
        if row["wardCode"] is not None:
            expected["commune"][row["wardCode"]] = _kind_of(row["ward"], "commune")
    wanted = {
        level: dict(sorted(collections.Counter(kinds.values()).items()))
        for level, kinds in expected.items()
    }
    assert _counts(as_of) == wanted


@needs_source
@pytest.mark.parametrize(
    ("table", "as_of"), [("admin_units_legacy", BEFORE), ("admin_units", AFTER)]
)
def test_every_source_commune_is_there_with_the_same_name(table: str, as_of: date) -> None:
    cat = catalog(as_of=as_of)
    rows = [r for r in _source_rows(table) if r["wardCode"] is not None]
    for row in rows:
        unit = cat.get(row["wardCode"])
        # Same name, up to the tone placement the statistics office uses (Hòa / Hoà).
        assert fold(unit.name) == fold(row["ward"]), row["wardCode"]
        parent = row["districtCode"] if "districtCode" in row.keys() else row["provinceCode"]  # noqa: SIM118
        assert unit.parent_code == parent
    assert len(cat.units(level="commune")) == len({r["wardCode"] for r in rows})


def test_the_dataset_reads_its_own_file_only_once_per_instance() -> None:
    dataset = VietnamUnits()
    first = list(dataset.load_units())
    assert len(first) == len(list(dataset.load_units()))
    raw = gzip.decompress((DATA / "vn-units.json.gz").read_bytes())
    assert json.loads(raw)["format"] == "dlxh-units/1"
