"""Unit datasets: where a catalog's units, lineage and change records come from.

The Vietnamese catalog is one dataset among possible others (a test fixture, another country,
an agency's corrected list); each is a :class:`UnitDataset` subclass registered through the
``dlxh_register_unit_datasets`` hook, under a unique kebab-case ``name``.
"""

from __future__ import annotations

import abc
import gzip
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from importlib import resources
from typing import Any, ClassVar

from dlxh.model.units import AdminUnit, UnitChange, UnitKind, UnitLevel, UnitLink, as_kind

__all__ = ["UnitDataset", "VietnamUnits"]


class UnitDataset(abc.ABC):
    """The source of a catalog: unit versions, lineage links, change records and aliases.

    Subclasses set ``name`` (unique, kebab-case) and ``description`` and implement
    :meth:`load_units`; the other loaders are optional. Loaders are called once per dataset
    instance, on the first use of a catalog built from it.
    """

    name: ClassVar[str]
    description: ClassVar[str]

    @abc.abstractmethod
    def load_units(self) -> Iterable[AdminUnit]:
        """Every version of every unit, each with the dates between which it was in force."""

    def load_links(self) -> Iterable[UnitLink]:
        """Lineage between the states that :meth:`load_units` returns (old -> new)."""
        return ()

    def load_changes(self) -> Iterable[UnitChange]:
        """Dated change records, applied on top of the units when the catalog is built."""
        return ()

    def load_aliases(self) -> Mapping[str, Sequence[str]]:
        """Other names a unit is known by (former names), by code; used by the resolver."""
        return {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def _read_json(name: str) -> Any:
    data = resources.files("dlxh").joinpath("data").joinpath("units").joinpath(name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return json.loads(data)


class VietnamUnits(UnitDataset):
    """Vietnam's administrative units: the three-level state in force until 2025-06-30, the
    two-level state from 2025-07-01, the old -> new mapping between them, and the dated
    changes recorded since (``changes.json``). See :doc:`/reference/units-data`."""

    name: ClassVar[str] = "vietnam"
    description: ClassVar[str] = (
        "Đơn vị hành chính Việt Nam (Vietnamese administrative units), 63 provinces until "
        "2025-06-30, 34 from 2025-07-01, with the old -> new mapping"
    )
    REFORM: ClassVar[date] = date(2025, 7, 1)

    def __init__(self) -> None:
        self._raw: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._raw is None:
            self._raw = _read_json("vn-units.json.gz")
        return self._raw

    def load_units(self) -> Iterator[AdminUnit]:
        data = self._data()
        kinds = {letter: as_kind(value) for letter, value in data["kinds"].items()}
        last_legacy = date.fromisoformat(data["legacy"]["valid_to"])
        reform = date.fromisoformat(data["reform"]["valid_from"])
        new = AdminUnit
        p_level, d_level, c_level = UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE

        def unit(
            code: str,
            short: str,
            kind: UnitKind,
            level: UnitLevel,
            parent: str | None,
            valid_from: date | None,
            valid_to: date | None,
        ) -> AdminUnit:
            return new(
                code=code,
                name=f"{kind.prefix} {short}",
                kind=kind,
                level=level,
                parent_code=parent,
                valid_from=valid_from,
                valid_to=valid_to,
                short_name=short,
            )

        for p_code, p_short, p_kind, districts in data["legacy"]["provinces"]:
            yield unit(p_code, p_short, kinds[p_kind], p_level, None, None, last_legacy)
            for d_code, d_short, d_kind, communes in districts:
                yield unit(d_code, d_short, kinds[d_kind], d_level, p_code, None, last_legacy)
                for c_code, c_short, c_kind in communes:
                    yield unit(c_code, c_short, kinds[c_kind], c_level, d_code, None, last_legacy)
        for p_code, p_short, p_kind, communes, _old in data["reform"]["provinces"]:
            yield unit(p_code, p_short, kinds[p_kind], p_level, None, reform, None)
            for c_code, c_short, c_kind, _sources in communes:
                yield unit(c_code, c_short, kinds[c_kind], c_level, p_code, reform, None)

    def load_links(self) -> Iterator[UnitLink]:
        data = self._data()
        reform = date.fromisoformat(data["reform"]["valid_from"])
        for p_code, _short, _kind, communes, old_provinces in data["reform"]["provinces"]:
            for old in old_provinces:
                yield UnitLink(reform, old, p_code)
            for c_code, _c_short, _c_kind, sources in communes:
                for source in sources:
                    if source.endswith("*"):
                        yield UnitLink(reform, source[:-1], c_code, whole=False, primary=True)
                    elif source.endswith("+"):
                        yield UnitLink(reform, source[:-1], c_code, whole=False, primary=False)
                    else:
                        yield UnitLink(reform, source, c_code)

    def load_changes(self) -> list[UnitChange]:
        records = _read_json("changes.json")["changes"]
        return [UnitChange.from_record(r) for r in records]

    def load_aliases(self) -> dict[str, list[str]]:
        aliases: dict[str, list[str]] = self._data()["aliases"]
        return aliases


def day_before(day: date) -> date:
    """The previous calendar day."""
    return day - timedelta(days=1)
