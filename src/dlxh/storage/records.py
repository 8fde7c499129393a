"""How each record kind is kept: its table, its query columns, and its document.

A record is stored once, as its exchange-format document (``converter().unstructure``), next
to the few columns the queries need, taken from the record itself. There is no second mapping
of every field: reading a record back is ``converter().structure(doc, cls)``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from dlxh.model.network import Collaborator, TrainingEvent
from dlxh.model.opinions import OpinionItem, OpinionStream, Recommendation
from dlxh.model.orgs import Organisation, ReportingLine
from dlxh.model.reports import Report
from dlxh.serialize import converter

__all__ = [
    "KINDS",
    "KINDS_BY_CLASS",
    "Kind",
    "digest",
    "document",
    "dump",
    "folded",
    "load",
    "report_digest",
    "source_key",
]


def folded(text: str) -> str:
    """The searchable form of a text: :func:`dlxh.text.fold` padded with one space on each
    side, so that a search for whole syllables is ``LIKE '% words %'``."""
    from dlxh.text import fold

    # NUL cannot be stored in a PostgreSQL text column.
    return f" {fold(text.replace(chr(0), ' '))} "


@attrs.frozen
class Kind:
    """A kind of record the store keeps in a table of its own.

    ``columns`` are the query columns, ``values`` takes them from a record (dates as
    :class:`datetime.date`), ``date_columns`` those holding dates.
    """

    name: str
    table: str
    cls: type[Any]
    columns: tuple[str, ...]
    values: Callable[[Any], tuple[Any, ...]]
    date_columns: frozenset[str] = frozenset()

    def has(self, column: str) -> bool:
        """Whether the table has this query column."""
        return column in self.columns


def _item_values(item: OpinionItem) -> tuple[Any, ...]:
    return (
        item.date,
        item.unit,
        item.organisation_id,
        item.report_id,
        item.value("topic"),
        item.value("orientation"),
        folded(item.text),
    )


KINDS: Final[Mapping[str, Kind]] = {
    kind.name: kind
    for kind in (
        Kind(
            "organisation",
            "organisations",
            Organisation,
            ("unit", "parent_id"),
            lambda r: (r.unit, r.parent_id),
        ),
        Kind(
            "reporting_line",
            "reporting_lines",
            ReportingLine,
            ("sender_id", "receiver_id"),
            lambda r: (r.sender_id, r.receiver_id),
        ),
        Kind(
            "collaborator",
            "collaborators",
            Collaborator,
            ("unit", "organisation_id"),
            lambda r: (r.unit, r.organisation_id),
        ),
        Kind(
            "training_event",
            "training_events",
            TrainingEvent,
            ("date", "unit", "organisation_id"),
            lambda r: (r.held_on, r.unit, r.organiser_id),
            frozenset({"date"}),
        ),
        Kind(
            "opinion_item",
            "items",
            OpinionItem,
            ("date", "unit", "organisation_id", "report_id", "topic", "orientation", "folded"),
            _item_values,
            frozenset({"date"}),
        ),
        Kind(
            "recommendation",
            "recommendations",
            Recommendation,
            ("date", "unit", "report_id", "status"),
            lambda r: (r.date, r.unit, r.report_id, r.status.value),
            frozenset({"date"}),
        ),
        Kind(
            "opinion_stream",
            "streams",
            OpinionStream,
            ("topic", "issue_id"),
            lambda r: (r.topic, r.issue_id),
        ),
    )
}
"""The record kinds kept in plain record tables, in the order a save writes them (reports,
kept with their revisions, have a table of their own)."""

KINDS_BY_CLASS: Final[Mapping[type[Any], Kind]] = {kind.cls: kind for kind in KINDS.values()}


def document(record: object) -> dict[str, Any]:
    """The exchange-format ``data`` of a record."""
    data = converter().unstructure(record)
    assert isinstance(data, dict)
    return data


def dump(doc: Mapping[str, Any]) -> str:
    """Canonical JSON text of a document (sorted keys, compact, UTF-8 kept)."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(text: str) -> str:
    """A short content hash of canonical JSON text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def load(cls: type[Any], doc: Any) -> Any:
    """Read a stored document back into its record (JSON text or an already parsed dict)."""
    data = json.loads(doc) if isinstance(doc, str | bytes) else doc
    return converter().structure(data, cls)


_REVISION_FIELDS: Final = frozenset({"revision", "supersedes"})


def report_digest(doc: Mapping[str, Any]) -> str:
    """The content hash of a report, leaving out its revision number and the id it
    supersedes: two revisions with the same content are the same report."""
    return digest(dump({k: v for k, v in doc.items() if k not in _REVISION_FIELDS}))


def source_key(report: Report) -> str | None:
    """What makes a report "the same report from the same source" when its id changed: the
    file name and the place in it, the kind and the period. ``None`` without a source."""
    if report.source is None:
        return None
    period = "" if report.period is None else str(report.period)
    return "\x1f".join((report.source.file, report.source.location, str(report.kind.value), period))

