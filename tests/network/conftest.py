"""Shared, generated data for the network tests: one province of the 34, all its communes."""

from __future__ import annotations

import pytest

from dlxh.model.network import Collaborator
from dlxh.model.units import AdminUnit
from dlxh.testing.roster import generate_roster, register_areas
from dlxh.units import Catalog, catalog
from network.net_samples import AS_OF, PROVINCE, ROSTER_SIZE


@pytest.fixture(scope="session")
def province_catalog() -> Catalog:
    """The catalog on AS_OF, with three residential areas in each of the first six
    communes of the province."""
    cat = catalog(AS_OF)
    register_areas(cat, cat.children(PROVINCE)[:6], per_unit=3)
    return cat


@pytest.fixture(scope="session")
def communes(province_catalog: Catalog) -> tuple[AdminUnit, ...]:
    return province_catalog.children(PROVINCE)


@pytest.fixture(scope="session")
def left_empty(communes: tuple[AdminUnit, ...]) -> frozenset[str]:
    """Communes the big roster leaves without anyone, on purpose (one with areas)."""
    return frozenset({communes[2].code, communes[40].code, communes[77].code,
                      communes[-1].code})


@pytest.fixture(scope="session")
def big_roster(province_catalog: Catalog, left_empty: frozenset[str]) -> list[Collaborator]:
    return generate_roster(PROVINCE, size=ROSTER_SIZE, catalog_=province_catalog,
                           leave_empty=left_empty, seed=7)
