"""``dlxh store``: init, import, query, stats, audit, vacuum (CliRunner on the group)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

import dlxh
from dlxh.batch import ImportBatch
from dlxh.cli.store import store as store_group
from dlxh.model.enums import Orientation, ReportKind
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.model.sources import SourceRef
from dlxh.storage import open_store


def _batch(title: str = "Báo cáo tháng 10") -> ImportBatch:
    batch = ImportBatch(source=SourceRef(file="xa-tan-dinh.json"))
    batch.add(Report(id="rep-1", kind=ReportKind.PERIODIC, title=title,
                     period=Period.month(2026, 10), unit="79"))
    for n in range(25):
        batch.add(OpinionItem(
            id=f"item-{n:03d}", text=f"Cử tri phản ánh giá điện tăng, ý kiến {n}",
            date=dt.date(2026, 10, 1 + n), unit="79", report_id="rep-1",
            labels=(Label("topic", "kinh-te" if n % 2 else "y-te"),
                    Label("orientation", str(Orientation.OPPOSE))),
        ))
    batch.seen = batch.accepted
    return batch


def _invoke(url: str, *args: str) -> str:
    result = CliRunner().invoke(store_group, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_store_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kho.db'}"
    source = tmp_path / "xa-tan-dinh.json"
    dlxh.write(_batch(), source)

    assert "lược đồ phiên bản 2" in _invoke(url, "init")
    out = _invoke(url, "import", "--actor", "can-bo-a", str(source))
    assert "xa-tan-dinh.json: thêm 26, cập nhật 0, không đổi 0" in out
    again = _invoke(url, "import", "--actor", "can-bo-a", str(source))
    assert "xa-tan-dinh.json: thêm 0, cập nhật 0, không đổi 26" in again
    with open_store(url) as opened:
        assert opened.count_items() == 25
        log = opened.audit_log(action="import")
        assert [(e.actor, e.detail["added"]) for e in log] == [
            ("can-bo-a", {"opinion_item": 25, "report": 1}), ("can-bo-a", {})]

    # A corrected file: the report becomes a new revision.
    dlxh.write(_batch("Báo cáo tháng 10 (bổ sung)"), source)
    _invoke(url, "import", str(source))
    with open_store(url) as opened:
        assert [r.revision for r in opened.report_revisions("rep-1")] == [1, 2]

    stats = json.loads(_invoke(url, "stats", "--json"))
    assert (stats["items"], stats["reports"], stats["report_revisions"]) == (25, 1, 2)
    assert "items" in _invoke(url, "stats")

    lines = _invoke(url, "query", "--period", "2026-10",
                    "--topic", "y-te", "--format", "jsonl", "--limit", "0").splitlines()
    found = [dlxh.serialize.from_json(line) for line in lines]
    assert [i.id for i in found] == [f"item-{n:03d}" for n in range(0, 25, 2)]
    assert "3/25" in _invoke(url, "query", "--limit", "3", "--text", "gia dien")
    counts = _invoke(url, "query", "--count-by", "topic", "--orientation", "Phản đối")
    assert "kinh-te" in counts
    assert "12" in counts
    assert "13" in counts

    exported = tmp_path / "tin.jsonl"
    _invoke(url, "query", "--topic", "kinh-te", "--output", str(exported),
            "--actor", "can-bo-b")
    assert len(exported.read_text(encoding="utf-8").splitlines()) == 12
    with open_store(url) as opened:
        export = opened.audit_log(action="export")
        assert [(e.actor, e.target, e.detail["items"]) for e in export] == [
            ("can-bo-b", str(exported), 12)]
    assert "export" in _invoke(url, "audit")
    assert "vacuum" in _invoke(url, "vacuum")


def test_store_url_from_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    result = CliRunner().invoke(store_group, ["init"], env={"DLXH_STORE": url})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.db").exists()


def test_import_of_a_missing_file_is_one_line_and_creates_no_store(tmp_path: Path) -> None:
    from dlxh.cli import main

    url = f"sqlite:///{tmp_path / 'kho.db'}"
    missing = tmp_path / "none.xlsx"
    result = CliRunner().invoke(main, ["store", "--db", url, "import", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"Lỗi: không tìm thấy tệp: {missing}\n"
    assert not (tmp_path / "kho.db").exists()
