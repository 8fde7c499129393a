"""Cross-check of the 2026 state with the 2026.9.0 data of ``vietnam-provinces``.

That package is GPL-3.0: it is never installed, imported or copied. This test reads its
wheel as an archive and parses (never runs) ``vietnam_provinces/_lookup.py`` with ``ast``.
The wheel is found through the environment variable ``DLXH_VIETNAM_PROVINCES_WHEEL`` (a path)
or in ``~/.cache/dlxh-oracle/``, where ``scripts/install-test-oracle.sh`` downloads it (CI runs
it); the test is skipped when it is not there, and fails when ``DLXH_REQUIRE_SERVICES=1``.
"""

from __future__ import annotations

import ast
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from dlxh.model.units import UnitKind
from dlxh.text import fold
from dlxh.units import catalog


def _wheel() -> Path | None:
    given = os.environ.get("DLXH_VIETNAM_PROVINCES_WHEEL")
    if given:
        return Path(given) if Path(given).is_file() else None
    found = sorted(
        (Path.home() / ".cache" / "dlxh-oracle").glob("vietnam_provinces-2026.9.0-*.whl")
    )
    return found[-1] if found else None


WHEEL = _wheel()
_MISSING = (
    "the vietnam-provinces 2026.9.0 wheel is not available "
    "(sh scripts/install-test-oracle.sh, or set DLXH_VIETNAM_PROVINCES_WHEEL)"
)


@pytest.fixture(autouse=True)
def _wheel_present() -> None:
    if WHEEL is None:
        if os.environ.get("DLXH_REQUIRE_SERVICES") == "1":
            pytest.fail(f"DLXH_REQUIRE_SERVICES=1 but {_MISSING}")
        pytest.skip(_MISSING)


def _oracle() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str, str]]]:
    assert WHEEL is not None
    with zipfile.ZipFile(WHEEL) as archive:
        source = archive.read("vietnam_provinces/_lookup.py").decode("utf-8")
    provinces: dict[str, tuple[str, str]] = {}
    wards: dict[str, tuple[str, str, str]] = {}
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in ("Province", "Ward"):
            continue
        args = node.args
        name = args[0].value  # type: ignore[attr-defined]
        code = args[1].attr.split("_")[1]  # type: ignore[attr-defined]
        kind = args[2].attr  # type: ignore[attr-defined]
        if node.func.id == "Province":
            provinces[code] = (name, kind)
        else:
            wards[code] = (name, kind, args[4].attr.split("_")[1])  # type: ignore[attr-defined]
    return provinces, wards


ORACLE_KIND = {
    "TINH": UnitKind.PROVINCE,
    "THANH_PHO_TRUNG_UONG": UnitKind.MUNICIPALITY,
    "XA": UnitKind.COMMUNE,
    "PHUONG": UnitKind.WARD,
    "DAC_KHU": UnitKind.SPECIAL_ZONE,
}


def test_provinces_in_late_2026_match_the_oracle_including_the_three_new_cities() -> None:
    provinces, _ = _oracle()
    cat = catalog(as_of=date(2026, 10, 1))
    ours = {u.code: u for u in cat.units(level="province")}
    assert set(ours) == set(provinces)
    for code, (name, kind) in provinces.items():
        assert fold(ours[code].name) == fold(name), code
        assert ours[code].kind is ORACLE_KIND[kind], code
    assert {c for c, u in ours.items() if u.kind is UnitKind.MUNICIPALITY} >= {"22", "24", "75"}


def test_wards_in_late_2026_match_the_oracle() -> None:
    _, wards = _oracle()
    cat = catalog(as_of=date(2026, 10, 1))
    ours = {u.code: u for u in cat.units(level="commune")}
    assert set(ours) == set(wards)
    for code, (name, kind, province) in wards.items():
        unit = ours[code]
        assert fold(unit.name) == fold(name), code
        assert unit.kind is ORACLE_KIND[kind], code
        assert unit.parent_code == province, code
