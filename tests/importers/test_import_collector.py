"""Reading pauses the cyclic garbage collector and leaves it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from dlxh.batch import ImportBatch
from dlxh.plugins.interfaces import Importer
from dlxh.plugins.source import Source
from dlxh.testing import fresh_session

pytestmark = pytest.mark.usefixtures("gc_restored")


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "y-kien.csv"
    path.write_text(
        "Nội dung ý kiến,Lĩnh vực,Ngày\nNgười dân đồng tình,Y tế,15/10/2026\n", encoding="utf-8"
    )
    return path


def test_collector_is_paused_during_a_read_and_back_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = fresh_session()
    seen: list[bool] = []
    chosen = session.select_importer(Source.from_any(_csv(tmp_path)))
    original = chosen.read

    def spying(self: Importer, source: Source, **options: object) -> ImportBatch:
        seen.append(gc.isenabled())
        return original(self, source, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(chosen, "read", spying)
    gc.enable()
    assert len(session.read(_csv(tmp_path)).items) == 1
    assert seen == [False]
    assert gc.isenabled()


def test_a_paused_collector_stays_paused(tmp_path: Path) -> None:
    gc.disable()
    fresh_session().read(_csv(tmp_path))
    assert not gc.isenabled()


def test_collector_comes_back_when_the_read_fails(tmp_path: Path) -> None:
    gc.enable()
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(Exception):  # noqa: B017, PT011  # any DlxhError: the point is gc
        fresh_session().read(broken)
    assert gc.isenabled()
