"""Built-in exporters for the exchange format: JSON documents and JSON Lines."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from dlxh.batch import ImportBatch
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter
from dlxh.serialize import ENTITY_TYPES, iter_documents, to_document

__all__ = ["JsonExporter", "JsonLinesExporter"]

_ENTITY_CLASSES = tuple(ENTITY_TYPES.values())


def _as_batch(obj: object) -> object:
    """A list of records is written as a batch document holding them."""
    if isinstance(obj, list | tuple):
        batch = ImportBatch()
        batch.seen = len(obj)
        for record in obj:
            batch.add(record)
        return batch
    return obj


def _is_record_list(obj: object) -> bool:
    return isinstance(obj, list | tuple) and all(isinstance(o, _ENTITY_CLASSES) for o in obj)


@contextmanager
def _text_stream(target: Path | BinaryIO) -> Iterator[io.TextIOWrapper]:
    """UTF-8 text over ``target``; a path is closed afterwards, a caller's stream is not."""
    raw: BinaryIO = target.open("wb") if isinstance(target, Path) else target
    stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=True)
    try:
        yield stream
    finally:
        if isinstance(target, Path):
            stream.close()
        else:
            stream.detach()


class JsonExporter(Exporter):
    """Writes one exchange document: an entity, a batch, or a list of records (as a batch)."""

    name = "json"
    description = "dlxh exchange format, JSON document"
    extensions = (".json",)

    @classmethod
    def accepts(cls, obj: object) -> bool:
        return isinstance(obj, (ImportBatch, *_ENTITY_CLASSES)) or _is_record_list(obj)

    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        indent = options.pop("indent", 2)
        if options:
            raise TypeError(f"the json exporter takes only 'indent', got {sorted(options)}")
        text = json.dumps(to_document(_as_batch(obj)), ensure_ascii=False, indent=indent)
        with _text_stream(target) as stream:
            stream.write(text)
            stream.write("\n")


def _records(obj: object) -> Iterator[object]:
    if isinstance(obj, ImportBatch):
        yield from obj.records()
        yield from obj.problems
    elif isinstance(obj, _ENTITY_CLASSES):
        yield obj
    else:
        assert isinstance(obj, Iterable)
        yield from obj


class JsonLinesExporter(Exporter):
    """Writes JSON Lines, one exchange document per record (a batch's problems follow its
    records), streaming: a million items never sit in memory as text."""

    name = "jsonl"
    description = "dlxh exchange format, JSON Lines"
    extensions = (".jsonl", ".ndjson")

    @classmethod
    def accepts(cls, obj: object) -> bool:
        return isinstance(obj, (ImportBatch, *_ENTITY_CLASSES)) or _is_record_list(obj)

    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        if options:
            raise TypeError(f"the jsonl exporter takes no options, got {sorted(options)}")
        with _text_stream(target) as stream:
            for line in iter_documents(_records(obj)):
                stream.write(line)
                stream.write("\n")


@hookimpl
def dlxh_register_exporters() -> list[type[Exporter]]:
    return [JsonExporter, JsonLinesExporter]
