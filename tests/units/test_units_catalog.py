"""The catalog API: states by date, lookups, hierarchy, change records, areas, datasets."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from typing import ClassVar

import pytest

from dlxh.errors import ConfigurationError, UnknownUnitError
from dlxh.model.units import (
    AdminUnit,
    ChangeAction,
    ResidentialAreaKind,
    UnitChange,
    UnitKind,
    UnitLevel,
    UnitLink,
    as_kind,
)
from dlxh.units import UnitDataset, catalog, map_to, successors

OLD = date(2024, 6, 1)
NEW = date(2025, 8, 1)


def test_the_public_example() -> None:
    cat = catalog(as_of=OLD)
    hcm = cat.get("79")
    assert (hcm.code, hcm.name, hcm.kind, hcm.level, hcm.parent_code) == (
        "79",
        "Thành phố Hồ Chí Minh",
        UnitKind.MUNICIPALITY,
        UnitLevel.PROVINCE,
        None,
    )
    provinces = cat.units(level="province")
    assert len(provinces) == 63
    assert all(u.level is UnitLevel.PROVINCE for u in provinces)
    ben_nghe = cat.get("26740")
    assert ben_nghe.name == "Phường Bến Nghé"
    assert [u.code for u in cat.ancestors(ben_nghe)] == ["760", "79"]


def test_the_state_depends_on_the_date() -> None:
    assert catalog(as_of=date(2025, 6, 30)).get("26740").name == "Phường Bến Nghé"
    assert catalog(as_of=date(2025, 7, 1)).get("26740").name == "Phường Sài Gòn"
    assert "760" in catalog(as_of=OLD)
    assert "760" not in catalog(as_of=NEW)
    bac_giang = catalog(as_of=OLD).get("24")
    assert bac_giang.name == "Tỉnh Bắc Giang"
    assert catalog(as_of=NEW).get("24").name == "Tỉnh Bắc Ninh"


def test_change_records_apply_after_their_date() -> None:
    before = catalog(as_of=date(2026, 8, 31)).get("22")
    after = catalog(as_of=date(2026, 9, 1)).get("22")
    assert (before.name, before.kind) == ("Tỉnh Quảng Ninh", UnitKind.PROVINCE)
    assert (after.name, after.kind) == ("Thành phố Quảng Ninh", UnitKind.MUNICIPALITY)
    assert after.valid_from == date(2026, 9, 1)
    assert before.valid_to == date(2026, 8, 31)
    late = catalog(as_of=date(2026, 10, 1))
    assert {u.code for u in late.units(kind="municipality")} == {
        "01",
        "22",
        "24",
        "31",
        "46",
        "48",
        "75",
        "79",
        "92",
    }
    # children still hang under the same code
    assert len(late.children("22")) == len(catalog(as_of=NEW).children("22")) == 54
    assert [u.code for u in successors(before)] == ["22"]
    changes = {c.code: c for c in late.store.changes}
    assert all(c.legal_basis.startswith("Nghị quyết") for c in changes.values())


def test_hierarchy_navigation() -> None:
    cat = catalog(as_of=OLD)
    q1 = cat.get("760")
    assert cat.parent(q1) == cat.get("79")
    assert cat.parent("79") is None
    wards = cat.children(q1)
    assert wards
    assert all(w.parent_code == "760" and w.level is UnitLevel.COMMUNE for w in wards)
    below = cat.descendants("79")
    assert {u.level for u in below} == {UnitLevel.DISTRICT, UnitLevel.COMMUNE}
    assert len(below) == len(cat.children("79")) + sum(
        len(cat.children(d)) for d in cat.children("79")
    )
    assert cat.province_of("26740").code == "79"
    assert cat.path("26740") == "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh"
    assert cat.units(parent="760", kind=UnitKind.WARD) == list(wards)
    new = catalog(as_of=NEW)
    assert [u.code for u in new.ancestors("26740")] == ["79"]


def test_unknown_codes_raise_with_close_candidates() -> None:
    cat = catalog(as_of=NEW)
    with pytest.raises(UnknownUnitError) as caught:
        cat.get("26741")
    assert caught.value.candidates
    assert all(c in cat for c in caught.value.candidates)
    with pytest.raises(UnknownUnitError, match="not in force on 2025-08-01"):
        cat.get("760")
    with pytest.raises(LookupError):
        cat.get("nonsense")
    assert cat.find("760") is None
    with pytest.raises(ConfigurationError):
        cat.units(level="hamlet")


def test_residential_areas_are_per_catalog_object() -> None:
    cat = catalog(as_of=NEW)
    area = cat.add_residential_area("Tổ dân phố 5", ResidentialAreaKind.RESIDENTIAL_GROUP, "26740")
    again = cat.add_residential_area("tổ dân phố 5", "residential_group", "26740")
    assert area.id == again.id
    assert cat.residential_areas("26740") == [area]
    assert catalog(as_of=NEW).residential_areas("26740") == []
    with pytest.raises(ConfigurationError):
        cat.add_residential_area("Thôn 1", "village", "79")


def test_import_dlxh_does_not_load_the_catalog() -> None:
    code = (
        "import sys, dlxh, dlxh.units\n"
        "from dlxh.units.catalog import loaded\n"
        "assert not loaded()\n"
        "dlxh.units.catalog()\n"
        "assert loaded()\n"
        "assert 'rapidfuzz' not in sys.modules\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


# ---- another dataset plugs in the same way


class TinyLand(UnitDataset):
    """Two provinces that merge on 2030-01-01, one of whose communes is split."""

    name: ClassVar[str] = "tiny-land"
    description: ClassVar[str] = "a test country"
    END = date(2029, 12, 31)
    START = date(2030, 1, 1)

    def load_units(self) -> Iterator[AdminUnit]:
        def unit(code: str, name: str, kind: str, parent: str | None, old: bool) -> AdminUnit:
            k = as_kind(kind)
            return AdminUnit(
                code=code,
                name=f"{k.prefix} {name}",
                kind=k,
                level=k.level,
                parent_code=parent,
                valid_from=None if old else self.START,
                valid_to=self.END if old else None,
            )

        yield unit("1", "Alpha", "province", None, True)
        yield unit("2", "Beta", "province", None, True)
        yield unit("101", "Một", "commune", "1", True)
        yield unit("102", "Hai", "commune", "1", True)
        yield unit("201", "Ba", "ward", "2", True)
        yield unit("1", "Alpha", "province", None, False)
        yield unit("101", "Một Hai", "commune", "1", False)
        yield unit("201", "Ba", "ward", "1", False)

    def load_links(self) -> Iterator[UnitLink]:
        yield UnitLink(self.START, "1", "1")
        yield UnitLink(self.START, "2", "1")
        yield UnitLink(self.START, "101", "101")
        yield UnitLink(self.START, "102", "101", whole=False, primary=True)
        yield UnitLink(self.START, "102", "201", whole=False, primary=False)
        yield UnitLink(self.START, "201", "201")

    def load_changes(self) -> list[UnitChange]:
        return [
            UnitChange(
                effective=date(2031, 1, 1),
                code="201",
                action=ChangeAction.AMEND,
                legal_basis="Quyết định thử",
                name="Phường Ba Mới",
            )
        ]


def test_another_dataset_plugs_in_the_same_way() -> None:
    old = catalog(as_of=date(2029, 1, 1), dataset=TinyLand)
    assert [u.code for u in old.units(level="province")] == ["1", "2"]
    new = catalog(as_of=date(2030, 6, 1), dataset=TinyLand())
    assert [u.code for u in new.units(level="province")] == ["1"]
    assert new.get("201").parent_code == "1"
    assert catalog(as_of=date(2031, 6, 1), dataset=TinyLand).get("201").name == "Phường Ba Mới"
    mapping = map_to(old.get("102"), date(2031, 6, 1), dataset=TinyLand)
    assert mapping.unit is not None
    assert mapping.unit.code == "101"
    with pytest.raises(ConfigurationError):
        catalog(dataset=int)  # type: ignore[arg-type]
