"""The national workload of 300,000 items: on a ``LocalCluster`` of two workers the national
synthesis equals, in content, the one made in one process (issue 12).

It runs ``benchmarks/bench_scaleout.py --size 300k`` (about four minutes on two cores), so it
runs in CI (``DLXH_REQUIRE_SERVICES=1``) or with ``DLXH_LARGE_TESTS=1``, and is skipped with
that reason otherwise. The smaller workloads of ``test_scaleout_national.py`` compare every
part of the syntheses; this one compares the fingerprint the benchmark takes of them (streams,
items and their labels, figures, sections, issues, blind spots, recommendations).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN = os.environ.get("DLXH_LARGE_TESTS") == "1" or os.environ.get("DLXH_REQUIRE_SERVICES") == "1"


@pytest.mark.skipif(not RUN, reason="a four-minute test: set DLXH_LARGE_TESTS=1 to run it")
def test_300k_national_synthesis_on_dask_equals_one_process(tmp_path: Path) -> None:
    if importlib.util.find_spec("distributed") is None:
        pytest.fail("dask.distributed is needed: pip install 'dlxh[dask]'")
    rows_file = tmp_path / "rows.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_scaleout.py"), "--size", "300k",
         "--json", str(rows_file)],
        capture_output=True, text=True, timeout=1200, check=False, cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (row,) = json.loads(rows_file.read_text(encoding="utf-8"))
    assert row["size"] == 300_000
    assert "national synthesis EQUAL to the single-process one (300,000 items" in row["note"]
