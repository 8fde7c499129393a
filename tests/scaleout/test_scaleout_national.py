"""The national synthesis partitioned by province equals the synthesis of everything in one
process: in one process (no Dask needed) and on a real ``dask.distributed.LocalCluster`` of
two worker processes.

Without dask the cluster tests are skipped with the reason; with ``DLXH_REQUIRE_SERVICES=1``
(CI) that is a failure instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest

import dlxh
from dlxh.batch import ImportBatch
from dlxh.errors import ConfigurationError, ExtraMissingError
from dlxh.model.opinions import OpinionItem
from dlxh.model.periods import Period
from dlxh.scaleout import (
    UNPLACED,
    NationalSynthesis,
    local_client,
    national_synthesis,
    partition_by_province,
)
from dlxh.synthesis import Synthesis, synthesize
from dlxh.testing.scenario import scenario
from dlxh.units.catalog import catalog

PERIOD = Period.quarter(2026, 4)
TODAY = dt.date(2027, 1, 20)
OPTIONS: dict[str, Any] = {"today": TODAY}
PROVINCES = ("01", "08", "79")
REQUIRE_ENV = "DLXH_REQUIRE_SERVICES"


@cache
def _items() -> tuple[OpinionItem, ...]:
    """Three provinces over Q4 2026 and Q3 2026 (the period before, for trends), plus items
    no province holds: one with no unit, one with an unknown code, and one pre-2025 commune
    code (mapped by the national synthesis through the lineage)."""
    items: list[OpinionItem] = []
    for index, code in enumerate(PROVINCES):
        items.extend(scenario(160, seed=40 + index, province=code, first_month=10).items)
        items.extend(scenario(60, seed=50 + index, province=code, first_month=7).items)
    stray = items[0]
    items.append(OpinionItem(id="stray-no-unit", text=stray.text, date=dt.date(2026, 11, 3)))
    items.append(OpinionItem(id="stray-old-code", text="Cử tri lo lắng giá điện tăng cao",
                             date=dt.date(2026, 11, 4), unit="00001"))
    return tuple(items)


@cache
def _flat() -> Synthesis:
    """The reference: everything classified and synthesised at once, in this process."""
    return synthesize(dlxh.classify(_items()), unit=None, period=PERIOD, **OPTIONS)


@cache
def _in_process() -> NationalSynthesis:
    return national_synthesis(list(_items()), PERIOD, synthesis_options=OPTIONS)


def _content(syn: Synthesis) -> dict[str, object]:
    """What a reader of the national synthesis sees."""
    return {
        "streams": syn.streams,
        "rumours": syn.rumours,
        "items": tuple(i.id for i in syn.items),
        # the labels but the time they were given (each run classifies at its own time)
        "labels": tuple(tuple(attrs.evolve(lb, assigned_at=None) for lb in i.labels)
                        for i in syn.items),
        "figures": syn.figures(),
        "sections": syn.report.sections,
        "report": (syn.report.id, syn.report.title, syn.report.item_ids),
        "issues": syn.issues,
        "blind_spots": syn.blind_spots,
        "recommendations": (syn.recommendations, syn.outstanding),
        "previous_items": syn.previous_items,
    }


def _problems_not_about_province_reports(syn: Synthesis) -> list[object]:
    # The national level also checks the province reports it receives (quality problems
    # located at "report syn-..."): those exist only when there are province reports.
    return [p for p in syn.problems if not (p.location or "").startswith("report syn-")]


def _assert_same(national: NationalSynthesis) -> None:
    flat = _flat()
    assert _content(national.national) == _content(flat)
    assert (_problems_not_about_province_reports(national.national)
            == _problems_not_about_province_reports(flat))


def test_in_process_equals_flat_synthesis() -> None:
    result = _in_process()
    assert sorted(result.provinces) == list(PROVINCES)
    assert result.national.unit is None
    assert len(result.national.streams) > 5
    assert result.national.previous_items is not None  # Q3 items reached the national trends
    _assert_same(result)
    # each province synthesis is the synthesis of that province alone
    cat = catalog(PERIOD.end)
    for code, syn in result.provinces.items():
        assert syn.unit_code == code
        assert syn.items
        assert {cat.province_of(i.unit or "").code for i in syn.items} == {code}
        assert {i.id for i in syn.items} <= {i.id for i in result.national.items}
    counted = sum(len(s.items) for s in result.provinces.values())
    assert counted == len(result.national.items) - 2  # the two strays are national only


def test_partition_by_province_places_each_item_once() -> None:
    items = list(_items())
    batch = ImportBatch(items=items[:5])
    parts = partition_by_province([items[5:], batch], PERIOD.end)
    assert list(parts) == [*PROVINCES, UNPLACED]
    flat = [i for part in parts.values() for i in part if isinstance(i, OpinionItem)]
    assert sorted(i.id for i in flat) == sorted(i.id for i in items)
    assert {i.id for i in parts[UNPLACED] if isinstance(i, OpinionItem)} == {
        "stray-no-unit", "stray-old-code"}
    for code in PROVINCES:
        assert all(isinstance(i, OpinionItem) and i.unit not in (None, "00001")
                   for i in parts[code])


def test_partition_refuses_what_it_cannot_place() -> None:
    with pytest.raises(ConfigurationError):
        partition_by_province(["bao-cao.xlsx"], PERIOD.end)
    with pytest.raises(ConfigurationError):
        partition_by_province([42], PERIOD.end)


def test_mapping_of_files_equals_items(tmp_path: Path) -> None:
    """Sources given as files per province are read in the task: same result."""
    parts = partition_by_province(list(_items()), PERIOD.end)
    by_files: dict[str, list[object]] = {}
    for code, part in parts.items():
        path = tmp_path / f"{code or 'khac'}.jsonl"
        dlxh.write(part, path)
        by_files[code] = [path]
    result = national_synthesis(by_files, PERIOD, synthesis_options=OPTIONS)
    _assert_same(result)


def test_options_that_belong_to_the_job_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="unit"):
        national_synthesis([], PERIOD, synthesis_options={"unit": "08"})


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ExtraMissingError, match=r"dlxh\[dask\]"):
        local_client(2)


def _require_dask() -> None:
    """Skip without dask.distributed, with the reason; fail instead under
    ``DLXH_REQUIRE_SERVICES=1``."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        reason = "dask.distributed is not installed: pip install 'dlxh[dask]'"
        if os.environ.get(REQUIRE_ENV, "").strip() in {"1", "true", "yes"}:
            pytest.fail(f"{reason} ({REQUIRE_ENV}=1: the Dask tests must run here)")
        pytest.skip(reason)


def test_client_must_be_a_dask_client() -> None:
    _require_dask()
    with pytest.raises(ConfigurationError, match="Client"):
        national_synthesis(list(_items())[:3], PERIOD, client=object())  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A client of a LocalCluster of 2 worker processes (1 thread each), started while port
    8787, the scheduler's default web port, is taken, as another cluster on the machine
    may hold it (the cluster must start all the same, without a warning)."""
    _require_dask()
    with _port_taken(8787), local_client(2, silence_logs=40) as client:
        yield client


@contextlib.contextmanager
def _port_taken(port: int) -> Iterator[None]:
    """Hold ``port`` (on every interface) for the block, unless something holds it already."""
    with socket.socket() as held:
        with contextlib.suppress(OSError):  # taken already: the same condition
            held.bind(("", port))
            held.listen()
        yield


def test_dask_local_cluster_equals_single_process(dask_client: Any) -> None:
    assert len(dask_client.scheduler_info()["workers"]) == 2
    result = national_synthesis(list(_items()), PERIOD, client=dask_client,
                                synthesis_options=OPTIONS)
    _assert_same(result)
    single = _in_process()
    # against the same job in one process: everything, problems and annex included
    assert _content(result.national) == _content(single.national)
    assert result.national.problems == single.national.problems
    assert result.national.tables == single.national.tables
    assert list(result.provinces) == list(single.provinces)
    for code in PROVINCES:
        assert _content(result.provinces[code]) == _content(single.provinces[code])


def test_dask_reads_files_on_the_workers(dask_client: Any, tmp_path: Path) -> None:
    parts = partition_by_province(list(_items()), PERIOD.end)
    by_files: dict[str, list[object]] = {}
    for code, part in parts.items():
        path = tmp_path / f"{code or 'khac'}.json"
        dlxh.write(part, path)
        by_files[code] = [str(path)]
    result = national_synthesis(by_files, PERIOD, client=dask_client,
                                synthesis_options=OPTIONS)
    _assert_same(result)
    assert set(result.timings) == {"provinces", "national"}


def test_without_dask_the_cluster_tests_skip_or_fail(tmp_path: Path) -> None:
    """Dask hidden: a skip with the reason, or a failure under DLXH_REQUIRE_SERVICES=1."""
    import subprocess

    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "distributed.py").write_text("raise ImportError('hidden for the test')\n")
    here = Path(__file__)
    for required, code, expected in (("0", 0, "dask.distributed is not installed"),
                                      ("1", 1, f"{REQUIRE_ENV}=1")):
        env = {**os.environ, "PYTHONPATH": str(hide), REQUIRE_ENV: required}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(here),
             "-k", "client_must_be"],
            capture_output=True, text=True, env=env, timeout=300, check=False,
            cwd=here.parent.parent.parent,
        )
        assert done.returncode == code, done.stdout + done.stderr
        assert expected in done.stdout
