"""The built-in unit plugin through a fresh plugin manager; an agency resolver goes first."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import pluggy

from dlxh.model.units import AdminUnit, UnitKind
from dlxh.plugins import hookspecs
from dlxh.units import UnitDataset, UnitMatch, VietnamUnits, catalog
from dlxh.units import plugin as units_plugin


def _manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("dlxh")
    manager.add_hookspecs(hookspecs)
    manager.register(units_plugin, name="dlxh.units.plugin")
    return manager


def test_the_vietnamese_dataset_is_registered() -> None:
    classes = [c for group in _manager().hook.dlxh_register_unit_datasets() for c in group]
    assert classes == [VietnamUnits]
    assert VietnamUnits.name == "vietnam"
    assert VietnamUnits.description


def test_the_built_in_resolver_answers_and_says_none_when_it_finds_nothing() -> None:
    hook = _manager().hook
    found = hook.dlxh_resolve_unit(text="p. bến nghé, q1, hcm", as_of=date(2024, 6, 1), within=None)
    assert found is not None
    assert found[0].unit.code == "26740"
    assert hook.dlxh_resolve_unit(text="zzz", as_of=None, within=None) is None


class AgencyAliases:
    """An agency's alias table: answers the names it knows, passes on the rest."""

    hookimpl = pluggy.HookimplMarker("dlxh")

    @hookimpl
    def dlxh_resolve_unit(
        self, text: str, as_of: date | None, within: str | None
    ) -> list[UnitMatch] | None:
        if text.strip().casefold() != "chợ bến thành":
            return None
        unit = catalog(as_of=as_of).get("26743")
        return [UnitMatch(unit=unit, confidence=1.0, reason="agency alias", as_of=as_of)]


def test_an_agency_alias_table_is_asked_before_the_built_in_resolver() -> None:
    manager = _manager()
    manager.register(AgencyAliases(), name="agency")
    hook = manager.hook
    mine = hook.dlxh_resolve_unit(text="Chợ Bến Thành", as_of=date(2025, 8, 1), within=None)
    assert mine[0].reason == "agency alias"
    assert mine[0].unit.name == "Phường Bến Thành"
    other = hook.dlxh_resolve_unit(text="Phường Sài Gòn, HCM", as_of=date(2025, 8, 1), within=None)
    assert other[0].unit.code == "26740"


class OtherCountry:
    """A plugin that adds a dataset the same way the built-in one is added."""

    hookimpl = pluggy.HookimplMarker("dlxh")

    @hookimpl
    def dlxh_register_unit_datasets(self) -> list[type[UnitDataset]]:
        return [TinyDataset]


class TinyDataset(UnitDataset):
    name: ClassVar[str] = "tiny-test"
    description: ClassVar[str] = "one province"

    def load_units(self) -> list[AdminUnit]:
        kind = UnitKind.PROVINCE
        return [AdminUnit(code="9", name="Tỉnh Chín", kind=kind, level=kind.level)]


def test_another_dataset_registers_the_same_way_and_builds_a_catalog() -> None:
    manager = _manager()
    manager.register(OtherCountry(), name="other")
    classes = [c for group in manager.hook.dlxh_register_unit_datasets() for c in group]
    assert set(classes) == {VietnamUnits, TinyDataset}
    registry = {c.name: c for c in classes}
    assert [u.name for u in catalog(dataset=registry["tiny-test"])] == ["Tỉnh Chín"]
