"""Several processes on one store: an import killed half-way, two writers at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from dlxh.storage import SqliteStore, open_store

WORKER = Path(__file__).with_name("store_worker.py")


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(*args: str) -> dict[str, object]:
    proc = _worker(*args)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert isinstance(result, dict)
    return result


def _check_consistent(url: str) -> None:
    store = open_store(url)
    try:
        if isinstance(store, SqliteStore):
            assert store.integrity_check() == ["ok"]
        stats = store.stats()
        # Every stored item is readable and the counts agree with the rows read back.
        assert sum(1 for _ in store.items()) == stats["items"]
    finally:
        store.close()


def test_killed_import_leaves_nothing_half_written_and_can_run_again(store_url: str) -> None:
    assert _run("import", store_url, "0", "500")["added"] == {"opinion_item": 500}
    proc = _worker("import", store_url, "500", "3000", "--hang")
    assert proc.stdout is not None
    line = proc.stdout.readline()
    # The first 1000 rows of the second import are written, not committed, when it dies.
    assert line.startswith("WRITING 1000"), proc.stderr.read() if proc.stderr else line
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    proc.stdout.close()
    if proc.stderr is not None:
        proc.stderr.close()

    _check_consistent(store_url)
    store = open_store(store_url)
    try:
        assert store.count_items() == 500
        assert store.item("item-0000500") is None
        assert [e.detail["added"] for e in store.audit_log(action="import")] == [
            {"opinion_item": 500}]
    finally:
        store.close()

    assert _run("import", store_url, "500", "3000")["added"] == {"opinion_item": 3000}
    again = _run("import", store_url, "500", "3000")
    assert again["added"] == {}
    assert again["unchanged"] == {"opinion_item": 3000}
    store = open_store(store_url)
    try:
        assert store.count_items() == 3500
    finally:
        store.close()


def test_two_writers_at_once_lose_nothing(store_url: str, tmp_path: Path) -> None:
    open_store(store_url).close()  # the schema exists before the race
    go = tmp_path / "go"
    # Overlapping ranges: items 1500..2999 are written by both.
    first = _worker("write", store_url, "0", "3000", "250", str(go), "A")
    second = _worker("write", store_url, "1500", "3000", "250", str(go), "B")
    go.touch()
    results = []
    for proc in (first, second):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    _check_consistent(store_url)
    store = open_store(store_url)
    try:
        assert store.count_items() == 4500
        stored = {i.id for i in store.items()}
        assert stored == {f"item-{n:07d}" for n in range(4500)}
        # Each overlapping item was added once, by whichever writer came first.
        assert sum(int(r["added"]) for r in results) == 4500
        # Both saved a different "rep-shared": two revisions, one current, none lost.
        revisions = store.report_revisions("rep-shared")
        assert sorted(r.revision for r in revisions) == [1, 2]
        assert {r.title for r in revisions} == {"Báo cáo của A", "Báo cáo của B"}
        assert [r.id for r in store.reports()] == ["rep-shared"]
    finally:
        store.close()
