from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

import dlxh
from dlxh.exporters.json_exporter import JsonExporter, JsonLinesExporter
from dlxh.importers.json_importer import JsonImporter, JsonLinesImporter
from dlxh.serialize import FORMAT
from dlxh.testing.contracts import ExporterContract, ImporterContract

ITEMS = [
    dlxh.OpinionItem(
        id=f"i-{n}",
        text=f"Cử tri xã {n} phản ánh đường liên thôn xuống cấp",
        date=dt.date(2026, 10, n),
        unit="26734",
    )
    for n in range(1, 4)
]


def _write_batch(path: Path) -> Path:
    batch = dlxh.ImportBatch()
    batch.seen = len(ITEMS)
    for item in ITEMS:
        batch.add(item)
    dlxh.write(batch, path, session=dlxh.testing.fresh_session())
    return path


class TestJsonImporter(ImporterContract):
    importer_class = JsonImporter

    def make_sample(self, tmp_path: Path) -> Path:
        return _write_batch(tmp_path / "bao-cao.json")

    def make_broken(self, tmp_path: Path) -> Path:
        doc = json.loads(_write_batch(tmp_path / "ok.json").read_text("utf-8"))
        doc["data"]["items"][1]["date"] = "31/02/2026"
        path = tmp_path / "hong.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        return path


class TestJsonLinesImporter(ImporterContract):
    importer_class = JsonLinesImporter

    def make_sample(self, tmp_path: Path) -> Path:
        path = tmp_path / "items.jsonl"
        dlxh.write(ITEMS, path, session=dlxh.testing.fresh_session())
        return path

    def make_broken(self, tmp_path: Path) -> Path:
        path = self.make_sample(tmp_path)
        lines = path.read_text("utf-8").splitlines()
        lines.insert(1, "{not json")
        path.write_text("\n".join(lines) + "\n", "utf-8")
        return path


class TestJsonExporter(ExporterContract):
    exporter_class = JsonExporter
    extension = ".json"

    def make_object(self) -> object:
        return ITEMS


class TestJsonLinesExporter(ExporterContract):
    exporter_class = JsonLinesExporter
    extension = ".jsonl"

    def make_object(self) -> object:
        return ITEMS


def test_bad_record_is_a_problem_with_its_place_and_the_rest_is_kept(tmp_path: Path) -> None:
    path = TestJsonImporter().make_broken(tmp_path)
    batch = dlxh.read(path, session=dlxh.testing.fresh_session())
    assert [i.id for i in batch.items] == ["i-1", "i-3"]
    assert batch.rejected == 1 and batch.seen == 3
    (problem,) = batch.problems
    assert problem.code == "invalid-record"
    assert problem.location == "$.data.items[1]"
    assert "date" in problem.message


def test_jsonl_bad_line_is_reported_by_line_number(tmp_path: Path) -> None:
    path = TestJsonLinesImporter().make_broken(tmp_path)
    batch = dlxh.read(path, session=dlxh.testing.fresh_session())
    assert [i.id for i in batch.items] == ["i-1", "i-2", "i-3"]
    assert [(p.code, p.location) for p in batch.problems] == [("invalid-line", "line 2")]
    batch.check()


def test_jsonl_round_trip_keeps_problems(tmp_path: Path) -> None:
    session = dlxh.testing.fresh_session()
    batch = dlxh.ImportBatch()
    batch.seen = 2
    batch.add(ITEMS[0])
    batch.reject(dlxh.Problem("empty-row", "error", "Dòng không có nội dung", "Sheet1!A9"))
    path = tmp_path / "b.jsonl"
    session.write(batch, path)
    back = session.read(path)
    assert back.items == [ITEMS[0]]
    assert back.problems == batch.problems


def test_detection_is_by_content_not_extension(tmp_path: Path) -> None:
    session = dlxh.testing.fresh_session()
    json_doc = _write_batch(tmp_path / "a.json").read_bytes()
    misnamed = tmp_path / "bao-cao.txt"
    misnamed.write_bytes(json_doc)
    assert [i.id for i in session.read(misnamed).items] == ["i-1", "i-2", "i-3"]
    assert [i.id for i in session.read(io.BytesIO(json_doc)).items] == ["i-1", "i-2", "i-3"]
    assert len(session.read(json_doc).items) == 3


def test_unreadable_inputs_raise_clear_dlxh_errors(tmp_path: Path) -> None:
    session = dlxh.testing.fresh_session()
    not_json = tmp_path / "x.json"
    not_json.write_text("{ this is not", "utf-8")
    with pytest.raises(dlxh.FormatError, match="not valid JSON"):
        session.read(not_json)
    other = tmp_path / "x.bin"
    other.write_bytes(b"\x00\x01\x02")
    with pytest.raises(dlxh.UnsupportedFormatError, match=r"\.json"):
        session.read(other)
    wrong = tmp_path / "y.json"
    wrong.write_text(json.dumps({"format": "other/2", "type": "x", "data": {}}), "utf-8")
    with pytest.raises(dlxh.SchemaError, match="unsupported format"):
        session.read(wrong, importer="json")
    with pytest.raises(FileNotFoundError):
        session.read(tmp_path / "missing.json")


def test_non_record_document_is_rejected_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "period.json"
    period = dlxh.Period.month(2026, 10)
    path.write_text(dlxh.serialize.to_json(period), "utf-8")
    batch = dlxh.read(path, session=dlxh.testing.fresh_session())
    assert batch.seen == 1 and batch.rejected == 1
    assert batch.problems[0].code == "not-a-record"


def test_write_refuses_what_no_exporter_writes(tmp_path: Path) -> None:
    session = dlxh.testing.fresh_session()
    with pytest.raises(dlxh.UnsupportedFormatError, match=r"\.weird"):
        session.write(ITEMS, tmp_path / "x.weird")
    with pytest.raises(dlxh.UnsupportedFormatError, match="object"):
        session.write(object(), tmp_path / "x.json")
    with pytest.raises(dlxh.ConfigurationError, match="exporters"):
        session.write(ITEMS, tmp_path / "x.json", exporter="nope")


def test_write_to_a_stream_needs_an_exporter_name() -> None:
    session = dlxh.testing.fresh_session()
    buffer = io.BytesIO()
    with pytest.raises(dlxh.ConfigurationError, match="exporter=NAME"):
        session.write(ITEMS, buffer)
    assert session.write(ITEMS, buffer, exporter="json") is None
    doc = json.loads(buffer.getvalue().decode("utf-8"))
    assert doc["format"] == FORMAT and doc["type"] == "batch"
