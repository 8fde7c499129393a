"""Administrative units: a time-versioned catalog, lineage across reforms, place resolution.

>>> from datetime import date
>>> from dlxh.units import catalog, resolve
>>> cat = catalog(as_of=date(2024, 6, 1))
>>> cat.get("79").name
'Thành phố Hồ Chí Minh'
>>> resolve("p. bến nghé, q1, hcm", as_of=date(2024, 6, 1))[0].unit.name
'Phường Bến Nghé'

Importing this package reads no data: the catalog is loaded on first use and indexed once.
"""

from __future__ import annotations

from dlxh.model.units import (
    AdminUnit,
    ChangeAction,
    ResidentialArea,
    ResidentialAreaKind,
    UnitChange,
    UnitKind,
    UnitLevel,
    UnitLink,
)
from dlxh.units.catalog import Catalog, UnitStore, catalog, store_for
from dlxh.units.dataset import UnitDataset, VietnamUnits
from dlxh.units.lineage import (
    Reaggregation,
    Share,
    SplitPolicy,
    UnitMapping,
    map_to,
    predecessors,
    reaggregate,
    successors,
    unit_version,
)
from dlxh.units.resolver import UnitMatch, resolve

__all__ = [
    "AdminUnit",
    "Catalog",
    "ChangeAction",
    "Reaggregation",
    "ResidentialArea",
    "ResidentialAreaKind",
    "Share",
    "SplitPolicy",
    "UnitChange",
    "UnitDataset",
    "UnitKind",
    "UnitLevel",
    "UnitLink",
    "UnitMapping",
    "UnitMatch",
    "UnitStore",
    "VietnamUnits",
    "catalog",
    "map_to",
    "predecessors",
    "reaggregate",
    "resolve",
    "store_for",
    "successors",
    "unit_version",
]
