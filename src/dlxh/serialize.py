"""The JSON exchange format ``dlxh/1``: one cattrs converter for every entity.

A document is ``{"format": "dlxh/1", "type": "<entity type>", "data": {...}}``; a JSON Lines
file holds one such document per line. Fields equal to their default are left out, so the
files stay small; reading fills them back in. The same format is published as a JSON Schema
(:func:`dlxh.schema.exchange_schema`), shipped in the package.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, TypeVar

import attrs
import cattrs

from dlxh.batch import ImportBatch, Record
from dlxh.errors import Problem, SchemaError
from dlxh.model.network import Attendance, Collaborator, Network, TrainingEvent
from dlxh.model.opinions import (
    Evidence,
    Issue,
    Label,
    OpinionItem,
    OpinionStream,
    Recommendation,
)
from dlxh.model.orgs import Organisation, ReportingLine
from dlxh.model.periods import Period, Schedule
from dlxh.model.reports import Report, Section
from dlxh.model.sources import SourceRef
from dlxh.model.taxonomy import Category, Taxonomy
from dlxh.model.units import AdminUnit, ResidentialArea, UnitChange

__all__ = [
    "BATCH_LISTS",
    "ENTITY_TYPES",
    "FORMAT",
    "RECORD_TYPES",
    "converter",
    "from_document",
    "from_json",
    "iter_documents",
    "structure",
    "to_document",
    "to_json",
    "type_name",
]

FORMAT: Final = "dlxh/1"
"""The version tag of the exchange format written in every document."""

T = TypeVar("T")

ENTITY_TYPES: Final[Mapping[str, type[Any]]] = {
    "opinion_item": OpinionItem,
    "label": Label,
    "evidence": Evidence,
    "issue": Issue,
    "opinion_stream": OpinionStream,
    "recommendation": Recommendation,
    "report": Report,
    "section": Section,
    "period": Period,
    "schedule": Schedule,
    "organisation": Organisation,
    "reporting_line": ReportingLine,
    "collaborator": Collaborator,
    "network": Network,
    "training_event": TrainingEvent,
    "attendance": Attendance,
    "admin_unit": AdminUnit,
    "unit_change": UnitChange,
    "residential_area": ResidentialArea,
    "category": Category,
    "taxonomy": Taxonomy,
    "source_ref": SourceRef,
    "problem": Problem,
}
"""Every entity of the exchange format, by its ``type`` name."""

_NAMES: Final = {cls: name for name, cls in ENTITY_TYPES.items()}


@attrs.frozen
class _BatchDocument:
    """The serialised shape of an :class:`~dlxh.batch.ImportBatch`."""

    source: SourceRef | None = None
    items: tuple[OpinionItem, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    reports: tuple[Report, ...] = ()
    collaborators: tuple[Collaborator, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    reporting_lines: tuple[ReportingLine, ...] = ()
    training_events: tuple[TrainingEvent, ...] = ()
    problems: tuple[Problem, ...] = ()
    seen: int = 0
    rejected: int = 0


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(dt.date, lambda v, _: _parse_date(v))
    conv.register_unstructure_hook(dt.datetime, lambda d: d.isoformat())
    conv.register_structure_hook(dt.datetime, lambda v, _: _parse_datetime(v))
    return conv


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {value!r}")
    return dt.date.fromisoformat(value)


def _parse_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date-time string, got {value!r}")
    return dt.datetime.fromisoformat(value)


@functools.cache
def converter() -> cattrs.Converter:
    """The one cattrs converter of the exchange format (built once)."""
    return _make_converter()


def type_name(obj: object) -> str:
    """The exchange ``type`` of an entity (``"opinion_item"``...) or ``"batch"``."""
    if isinstance(obj, ImportBatch):
        return "batch"
    try:
        return _NAMES[type(obj)]
    except KeyError:
        raise TypeError(
            f"{type(obj).__name__} is not an entity of the dlxh exchange format"
        ) from None


def to_document(obj: object) -> dict[str, Any]:
    """``obj`` (an entity or an :class:`~dlxh.batch.ImportBatch`) as an exchange document."""
    name = type_name(obj)
    if isinstance(obj, ImportBatch):
        payload = _BatchDocument(
            source=obj.source,
            items=tuple(obj.items),
            recommendations=tuple(obj.recommendations),
            reports=tuple(obj.reports),
            collaborators=tuple(obj.collaborators),
            organisations=tuple(obj.organisations),
            reporting_lines=tuple(obj.reporting_lines),
            training_events=tuple(obj.training_events),
            problems=tuple(obj.problems),
            seen=obj.seen,
            rejected=obj.rejected,
        )
        data = converter().unstructure(payload)
    else:
        data = converter().unstructure(obj)
    return {"format": FORMAT, "type": name, "data": data}


def from_document(doc: Any, expected: type[T] | None = None) -> Any:
    """Read an exchange document back into its entity (or an ``ImportBatch``).

    Raises :class:`~dlxh.errors.SchemaError` naming what is wrong and where
    (``$.data.items[3].date: ...``) when the document does not follow the format.
    """
    if not isinstance(doc, Mapping):
        raise SchemaError(f"a dlxh document is a JSON object, got {type(doc).__name__}")
    fmt = doc.get("format")
    if fmt != FORMAT:
        raise SchemaError(f"unsupported format {fmt!r}: this version of dlxh reads {FORMAT!r}")
    extra = set(doc) - {"format", "type", "data"}
    if extra:
        raise SchemaError(f"unexpected keys at the top of the document: {sorted(extra)}")
    name = doc.get("type")
    if name == "batch":
        cls: type[Any] = _BatchDocument
    elif isinstance(name, str) and name in ENTITY_TYPES:
        cls = ENTITY_TYPES[name]
    else:
        raise SchemaError(
            f"unknown document type {name!r}; known: batch, {', '.join(ENTITY_TYPES)}"
        )
    if (
        expected is not None
        and cls is not expected
        and not (name == "batch" and expected is ImportBatch)
    ):
        raise SchemaError(
            f"expected a document of type {_NAMES.get(expected, expected)!r}, got {name!r}"
        )
    if "data" not in doc:
        raise SchemaError("the document has no 'data'")
    try:
        value = converter().structure(doc["data"], cls)
    except Exception as exc:  # cattrs raises grouped errors; turn them into one clear line
        raise SchemaError(_describe(exc)) from exc
    if isinstance(value, _BatchDocument):
        batch = ImportBatch(source=value.source)
        records: tuple[Record, ...] = (
            *value.reports,
            *value.items,
            *value.recommendations,
            *value.collaborators,
            *value.organisations,
            *value.reporting_lines,
            *value.training_events,
        )
        for record in records:
            batch.add(record)
        batch.problems.extend(value.problems)
        batch.seen = value.seen
        batch.rejected = value.rejected
        return batch
    return value


def _format_error(exc: BaseException, type_: Any) -> str:
    # Our own hooks raise ValueError with the offending value in the message: keep it.
    if isinstance(exc, ValueError) and not isinstance(exc, cattrs.BaseValidationError) and str(exc):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, cattrs.BaseValidationError):
        messages = cattrs.transform_error(exc, path="$.data", format_exception=_format_error)
        head = "; ".join(messages[:5])
        more = f" (and {len(messages) - 5} more)" if len(messages) > 5 else ""
        return f"invalid dlxh document: {head}{more}"
    return f"invalid dlxh document: {exc}"


RECORD_TYPES: Final[Mapping[str, type[Any]]] = {
    "report": Report,
    "opinion_item": OpinionItem,
    "recommendation": Recommendation,
    "collaborator": Collaborator,
    "organisation": Organisation,
    "reporting_line": ReportingLine,
    "training_event": TrainingEvent,
}
"""The entity types that an :class:`~dlxh.batch.ImportBatch` holds as records."""

BATCH_LISTS: Final[Mapping[str, str]] = {
    "reports": "report",
    "items": "opinion_item",
    "recommendations": "recommendation",
    "collaborators": "collaborator",
    "organisations": "organisation",
    "reporting_lines": "reporting_line",
    "training_events": "training_event",
}
"""The record lists of a batch document and the entity type each holds."""


def structure(data: Any, name: str) -> Any:
    """Read the ``data`` part of a document of type ``name``; :class:`~dlxh.errors.SchemaError`
    with the path of every error otherwise."""
    try:
        cls = ENTITY_TYPES[name]
    except KeyError:
        raise SchemaError(f"unknown document type {name!r}") from None
    try:
        return converter().structure(data, cls)
    except Exception as exc:
        raise SchemaError(_describe(exc)) from exc


def to_json(obj: object, *, indent: int | None = 2) -> str:
    """``obj`` as a JSON exchange document (UTF-8 text, Vietnamese kept as is)."""
    import json

    return json.dumps(to_document(obj), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes) -> Any:
    """Read a JSON exchange document."""
    import json

    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise SchemaError(f"not valid JSON: {exc}") from exc
    return from_document(doc)


def iter_documents(objects: Iterable[object]) -> Iterator[str]:
    """One compact JSON line per object: the JSON Lines form of the exchange format."""
    import json

    for obj in objects:
        yield json.dumps(to_document(obj), ensure_ascii=False, separators=(",", ":"))
