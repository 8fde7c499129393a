"""Rows handed out as they are made (a large sheet is never held as Python lists whole)."""

from __future__ import annotations

import pytest

from dlxh.importers.tabular import RowStream


def _stream(count: int = 6) -> RowStream:
    return RowStream(iter([[f"r{i}"] for i in range(count)]), count)


def test_rows_asked_for_by_index_are_kept() -> None:
    rows = _stream()
    assert len(rows) == 6
    assert rows[2] == ["r2"] and rows[0] == ["r0"] and rows[-6] == ["r0"]
    assert rows[1:3] == [["r1"], ["r2"]]
    with pytest.raises(IndexError):
        rows[6]
    assert list(rows.stream(1)) == [(r, [f"r{r}"]) for r in range(1, 6)]


def test_a_stream_may_start_past_the_rows_kept() -> None:
    rows = _stream()
    assert rows[0] == ["r0"]
    assert list(rows.stream(4)) == [(4, ["r4"]), (5, ["r5"])]


def test_rows_are_streamed_once() -> None:
    rows = _stream()
    assert rows[1] == ["r1"]
    assert [r for r, _ in rows.stream(0)] == list(range(6))
    with pytest.raises(RuntimeError):
        rows.stream(0)
    with pytest.raises(RuntimeError):
        rows[0]


def test_an_iterator_shorter_than_its_count_is_an_error() -> None:
    rows = RowStream(iter([["a"]]), 3)
    with pytest.raises(RuntimeError):
        rows[2]
