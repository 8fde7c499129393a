"""Built-in importers for the exchange format: JSON documents and JSON Lines.

Each record is read on its own, so that one broken record becomes a problem and the others
are kept.
"""

from __future__ import annotations

import json
from typing import Any

from dlxh.batch import ImportBatch
from dlxh.errors import FormatError, Problem, SchemaError, Severity
from dlxh.model.sources import SourceRef
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Importer
from dlxh.plugins.source import Source
from dlxh.serialize import BATCH_LISTS, FORMAT, RECORD_TYPES, structure

__all__ = ["JsonImporter", "JsonLinesImporter"]


def _looks_like_dlxh(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"{") and b'"dlxh/' in text


def _decode(raw: bytes, source: Source) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{source.name}: the exchange format is UTF-8 ({exc})") from exc


def _envelope(doc: Any, where: str) -> tuple[str, Any]:
    if not isinstance(doc, dict):
        raise SchemaError(f"{where}: a dlxh document is a JSON object")
    if doc.get("format") != FORMAT:
        raise SchemaError(f"{where}: unsupported format {doc.get('format')!r}, expected {FORMAT!r}")
    name = doc.get("type")
    if not isinstance(name, str) or "data" not in doc:
        raise SchemaError(f"{where}: a document needs 'type' and 'data'")
    return name, doc["data"]


def _add_record(batch: ImportBatch, name: str, data: Any, where: str) -> None:
    batch.seen += 1
    if name not in RECORD_TYPES:
        batch.reject(
            Problem(
                "not-a-record",
                Severity.ERROR,
                f"a {name!r} document is not a record an import can hold; "
                "read it with dlxh.serialize.from_json",
                where,
            )
        )
        return
    try:
        record = structure(data, name)
    except SchemaError as exc:
        batch.reject(Problem("invalid-record", Severity.ERROR, str(exc), where))
        return
    batch.add(record)


class JsonImporter(Importer):
    """Reads a JSON exchange document (``"format": "dlxh/1"``): a batch or one record."""

    name = "json"
    description = "dlxh exchange format, JSON document"
    extensions = (".json",)

    @classmethod
    def sniff(cls, source: Source) -> float:
        if _looks_like_dlxh(source.head()):
            return 0.9 if source.suffix != ".jsonl" else 0.5
        return 0.2 if source.suffix in cls.extensions else 0.0

    def read(self, source: Source, *, strict: bool = False, **options: Any) -> ImportBatch:
        if options:
            raise TypeError(f"the json importer takes no options, got {sorted(options)}")
        batch = ImportBatch(
            source=SourceRef(file=source.name, sha256=source.sha256, importer=self.name),
            strict=strict,
        )
        try:
            doc = json.loads(_decode(source.read_bytes(), source))
        except ValueError as exc:
            raise FormatError(f"{source.name}: not valid JSON ({exc})") from exc
        name, data = _envelope(doc, source.name)
        if name != "batch":
            _add_record(batch, name, data, "$.data")
            return batch
        if not isinstance(data, dict):
            raise SchemaError(f"{source.name}: the data of a batch is an object")
        for key in sorted(set(data) - {*BATCH_LISTS, "problems", "source", "seen", "rejected"}):
            batch.note(
                Problem(
                    "unknown-field",
                    Severity.WARNING,
                    f"ignored unknown field {key!r}",
                    f"$.data.{key}",
                )
            )
        for key, record_type in BATCH_LISTS.items():
            records = data.get(key, [])
            if not isinstance(records, list):
                raise SchemaError(f"{source.name}: $.data.{key} must be a list")
            for index, record in enumerate(records):
                _add_record(batch, record_type, record, f"$.data.{key}[{index}]")
        for index, raw in enumerate(data.get("problems", [])):
            try:
                batch.problems.append(structure(raw, "problem"))
            except SchemaError as exc:
                batch.note(
                    Problem(
                        "invalid-problem", Severity.WARNING, str(exc), f"$.data.problems[{index}]"
                    )
                )
        # Records rejected when the batch was first made stay counted as rejected.
        earlier_rejected = data.get("rejected", 0)
        if isinstance(earlier_rejected, int) and earlier_rejected > 0:
            batch.seen += earlier_rejected
            batch.rejected += earlier_rejected
        return batch


class JsonLinesImporter(Importer):
    """Reads JSON Lines: one exchange document per line; a bad line is one problem."""

    name = "jsonl"
    description = "dlxh exchange format, JSON Lines"
    extensions = (".jsonl", ".ndjson")

    @classmethod
    def sniff(cls, source: Source) -> float:
        head = source.head()
        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
        if _looks_like_dlxh(first) and first.rstrip().endswith(b"}"):
            return 0.9 if source.suffix in cls.extensions else 0.6
        return 0.2 if source.suffix in cls.extensions else 0.0

    def read(self, source: Source, *, strict: bool = False, **options: Any) -> ImportBatch:
        if options:
            raise TypeError(f"the jsonl importer takes no options, got {sorted(options)}")
        batch = ImportBatch(
            source=SourceRef(file=source.name, sha256=source.sha256, importer=self.name),
            strict=strict,
        )
        with source.open() as fh:
            for number, raw in enumerate(fh, start=1):
                line = raw.strip().removeprefix(b"\xef\xbb\xbf") if number == 1 else raw.strip()
                if not line:
                    continue
                where = f"line {number}"
                try:
                    name, data = _envelope(json.loads(line.decode("utf-8")), where)
                except (ValueError, SchemaError) as exc:
                    batch.seen += 1
                    batch.reject(Problem("invalid-line", Severity.ERROR, str(exc), where))
                    continue
                if name == "problem":
                    try:
                        batch.problems.append(structure(data, "problem"))
                    except SchemaError as exc:
                        batch.note(Problem("invalid-problem", Severity.WARNING, str(exc), where))
                    continue
                _add_record(batch, name, data, where)
        return batch


@hookimpl
def dlxh_register_importers() -> list[type[Importer]]:
    return [JsonImporter, JsonLinesImporter]
