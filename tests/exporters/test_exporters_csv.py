"""CSV: BOM for Excel, quoting, ISO dates, formula escaping, redaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

import dlxh
from dlxh.errors import Problem, Severity
from dlxh.exporters.csv_exporter import CsvExporter, escape_formula, write_csv
from dlxh.exporters.document import ITEM_COLUMNS, PROBLEM_COLUMNS, STREAM_COLUMNS, Table
from dlxh.model.opinions import OpinionItem
from dlxh.testing.contracts import ExporterContract
from exporters.exporter_samples import make_items, make_streams


class TestCsvContract(ExporterContract):
    exporter_class = CsvExporter
    extension = ".csv"

    def make_object(self) -> object:
        return make_items()


def _read(path: Path, delimiter: str = ",") -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Vietnamese right
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline=""),
                           delimiter=delimiter))


def test_items_with_bom_crlf_and_iso_dates(tmp_path: Path) -> None:
    path = tmp_path / "y-kien.csv"
    dlxh.write(make_items(), path)
    assert b"\r\n" in path.read_bytes()
    rows = _read(path)
    assert tuple(rows[0]) == ITEM_COLUMNS
    assert rows[1][0] == "item-001"
    assert rows[1][1].startswith("Người dân phấn khởi")
    assert rows[1][2] == "2026-10-03"
    assert rows[1][7] == "Tán thành, đồng tình"
    assert "[số điện thoại]" in rows[2][1]
    assert rows[2][ITEM_COLUMNS.index("Người phản ánh")] == ""


@pytest.mark.parametrize("hostile", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1",
                                     "=HYPERLINK(\"http://x\")"])
def test_formulas_are_escaped_with_a_quote(tmp_path: Path, hostile: str) -> None:
    path = tmp_path / "h.csv"
    write_csv([OpinionItem(id="item-1", text="ý kiến", unit=hostile)], path)
    rows = _read(path)
    assert rows[1][ITEM_COLUMNS.index("Mã đơn vị")] == "'" + hostile
    assert escape_formula("Bình thường") == "Bình thường"


def test_numbers_are_not_quoted_and_text_is(tmp_path: Path) -> None:
    table = Table("T", ["Đơn vị", "Số tin", "Đã nộp", "Ngày"],
                  [["Xã A", 12, True, dt.date(2026, 1, 2)]])
    path = tmp_path / "t.csv"
    dlxh.write(table, path, delimiter=";")
    text = path.read_bytes()[3:].decode()
    assert text.splitlines()[1] == '"Xã A";12;"true";"2026-01-02"'


def test_streams_and_problems(tmp_path: Path) -> None:
    streams = tmp_path / "s.csv"
    dlxh.write(make_streams(), streams)
    rows = _read(streams)
    assert tuple(rows[0]) == STREAM_COLUMNS
    assert [r[0] for r in rows[1:]] == [s.id for s in make_streams()]
    problems = tmp_path / "p.csv"
    dlxh.write([Problem("bad-date", Severity.WARNING, "Ngày không đọc được", "B3")], problems)
    rows = _read(problems)
    assert tuple(rows[0]) == PROBLEM_COLUMNS
    assert rows[1] == ["bad-date", "Cảnh báo", "Ngày không đọc được", "B3"]


def test_mixed_lists_are_not_accepted() -> None:
    assert not CsvExporter.accepts([*make_items(), *make_streams()])
    assert CsvExporter.accepts([])
