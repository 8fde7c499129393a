"""The base class of storage backends, and the values a store returns.

A :class:`Store` keeps items, reports (with their revisions), syntheses, streams,
recommendations, organisations, reporting lines, collaborators and training events, each as
its exchange-format document (:mod:`dlxh.serialize`) plus the few columns that queries need.
Backends are registered through the ``dlxh_register_storage`` hook and opened by URL with
:func:`dlxh.storage.open_store`.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Literal, Protocol, Self

import attrs

from dlxh.batch import ImportBatch
from dlxh.model.enums import Orientation, ReportKind
from dlxh.model.network import Collaborator, TrainingEvent
from dlxh.model.opinions import OpinionItem, OpinionStream, Recommendation
from dlxh.model.orgs import Organisation, ReportingLine
from dlxh.model.periods import Period
from dlxh.model.reports import Report

__all__ = [
    "AuditEntry",
    "CountBy",
    "Descendants",
    "PeriodLike",
    "Progress",
    "SaveResult",
    "Storable",
    "Store",
    "UnitTree",
]

Storable = (
    OpinionItem
    | Report
    | OpinionStream
    | Recommendation
    | Organisation
    | ReportingLine
    | Collaborator
    | TrainingEvent
)
"""A record a store keeps."""

PeriodLike = Period | str
"""A :class:`~dlxh.model.periods.Period` or a text that :meth:`Period.parse` reads
(``"2026-10"``, ``"2026-Q4"``, ``"quý IV/2026"``)."""

Descendants = Callable[[str, dt.date], Iterable[str]]
"""``descendants(unit_code, as_of)``: the codes of every unit below ``unit_code`` on
``as_of`` (not the unit itself)."""

Progress = Callable[[int], None]
"""Called during a save with the number of records written so far."""

CountBy = Literal["topic", "orientation", "unit", "organisation", "date"]
"""The item columns :meth:`Store.count_items_by` groups by."""


class UnitTree(Protocol):
    """Anything with ``descendants(code)`` returning units with a ``code``: a
    :class:`dlxh.units.catalog.Catalog` fixed at one date."""

    def descendants(self, unit: str) -> Iterable[Any]: ...


@attrs.frozen
class SaveResult:
    """What one :meth:`Store.save` did, by record kind (``"opinion_item"``, ``"report"``...):
    records ``added``, ``updated`` (same id, new content), ``unchanged`` (already stored as
    is) and report ``revisions`` (a report stored again with changes). ``new_revisions`` lists
    ``(report id, revision)`` for each new revision."""

    added: Mapping[str, int] = attrs.Factory(dict)
    updated: Mapping[str, int] = attrs.Factory(dict)
    unchanged: Mapping[str, int] = attrs.Factory(dict)
    new_revisions: tuple[tuple[str, int], ...] = ()

    @property
    def total_added(self) -> int:
        """Records added, all kinds together."""
        return sum(self.added.values())

    @property
    def total(self) -> int:
        """Records handled, all kinds together."""
        return sum(self.added.values()) + sum(self.updated.values()) + sum(
            self.unchanged.values()
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (used for the audit log)."""
        return {
            "added": dict(self.added),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "new_revisions": [list(r) for r in self.new_revisions],
        }


@attrs.frozen
class AuditEntry:
    """One line of the audit log: ``actor`` did ``action`` (``"import"``, ``"review"``,
    ``"export"``, ``"save"``...) on ``target`` at ``at``; ``detail`` holds counts or values."""

    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: Mapping[str, Any] = attrs.Factory(dict)


class Store(abc.ABC):
    """A place where items, reports and their history are kept.

    ``schemes`` lists the URL schemes the backend opens (``"sqlite"``, ``"postgresql"``).
    Open one with :func:`dlxh.storage.open_store`; use it as a context manager or call
    :meth:`close`.

    Queries on ``unit`` include the units below it (``descendants=False`` to match the code
    alone), resolved with the unit catalog on the dates of the ``period`` asked for (its first
    and last day; today without a period), or on ``as_of``.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    schemes: ClassVar[tuple[str, ...]] = ()

    @classmethod
    @abc.abstractmethod
    def open(cls, url: str, *, descendants: Descendants | UnitTree | None = None) -> Store:
        """Open (and create or upgrade if needed) the store at ``url``.

        ``descendants`` resolves the units below a unit for queries by unit: a function
        ``(code, as_of) -> codes`` or a catalog; the dlxh unit catalog by default.
        """

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections."""

    @property
    def safe_url(self) -> str:
        """Where the store is, fit for messages and logs (no password)."""
        return str(getattr(self, "url", self.name))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    @abc.abstractmethod
    def save(
        self,
        records: ImportBatch | Storable | Iterable[Storable],
        *,
        actor: str | None = None,
        action: str = "save",
        target: str | None = None,
        progress: Progress | None = None,
    ) -> SaveResult:
        """Save a batch, one record or records, in ONE transaction: all or nothing.

        Idempotent by id: saving the same records again adds nothing. A record saved again
        with other content replaces the stored one, except reports: a report saved again with
        changes (same id, or same source file and kind and period) becomes a new revision and
        the old one is kept; syntheses that used it become stale (:meth:`stale_syntheses`).

        The save is written to the audit log, by ``actor`` (the operating-system user by
        default), as ``action`` on ``target`` (the batch's source file by default).
        """

    @abc.abstractmethod
    def review(
        self,
        item_id: str,
        dimension: str,
        value: str,
        *,
        reviewer: str,
        at: dt.datetime | None = None,
    ) -> OpinionItem:
        """Record that ``reviewer`` checked the label of ``item_id`` on ``dimension``.

        If the item has a label with ``value`` on that dimension it is marked
        :attr:`~dlxh.model.enums.ReviewState.CONFIRMED`; otherwise a label with ``value`` is
        added, marked :attr:`~dlxh.model.enums.ReviewState.CORRECTED` (the classifier's labels
        stay, for provenance). The latest review is the label that counts. Returns the
        updated item; the review is written to the audit log. Raises :class:`KeyError` for an
        unknown item.
        """

    # -- items -------------------------------------------------------------------------------

    @abc.abstractmethod
    def item(self, item_id: str) -> OpinionItem | None:
        """The item with this id, or ``None``."""

    @abc.abstractmethod
    def item_batches(
        self,
        *,
        unit: str | None = None,
        period: PeriodLike | None = None,
        organisation: str | None = None,
        topic: str | None = None,
        orientation: Orientation | str | None = None,
        text: str | None = None,
        report: str | None = None,
        as_of: dt.date | None = None,
        descendants: bool = True,
        batch_size: int = 1000,
    ) -> Iterator[list[OpinionItem]]:
        """Items matching every filter given, in lists of at most ``batch_size``, in the order
        they were first saved. Each batch is a separate short query, so iterating a large
        result holds no lock between batches.

        ``unit``: the unit and its descendants; ``period``: items dated within it;
        ``organisation``: the reporting organisation's id; ``topic`` and ``orientation``: the
        value of the label that counts on that dimension (:meth:`OpinionItem.value`);
        ``text``: words searched in the folded text (:func:`dlxh.text.fold`, so case and
        diacritics do not matter, whole syllables match); ``report``: the report's id.
        """

    def items(
        self,
        *,
        unit: str | None = None,
        period: PeriodLike | None = None,
        organisation: str | None = None,
        topic: str | None = None,
        orientation: Orientation | str | None = None,
        text: str | None = None,
        report: str | None = None,
        as_of: dt.date | None = None,
        descendants: bool = True,
        batch_size: int = 1000,
    ) -> Iterator[OpinionItem]:
        """Items matching every filter given, one by one (fetched ``batch_size`` at a time);
        the filters are those of :meth:`item_batches`::

            store.items(unit="08", period="2026-10", topic="gia-ca")
        """
        for batch in self.item_batches(
            unit=unit, period=period, organisation=organisation, topic=topic,
            orientation=orientation, text=text, report=report, as_of=as_of,
            descendants=descendants, batch_size=batch_size,
        ):
            yield from batch

    @abc.abstractmethod
    def count_items(self, **filters: Any) -> int:
        """How many items match the filters of :meth:`item_batches`."""

    @abc.abstractmethod
    def count_items_by(self, by: CountBy, **filters: Any) -> dict[str | None, int]:
        """Counts of the items matching the filters, grouped by ``by`` (``"topic"``,
        ``"orientation"``, ``"unit"``, ``"organisation"`` or ``"date"``, ISO text)."""

    # -- reports, revisions, syntheses -------------------------------------------------------

    @abc.abstractmethod
    def report(self, report_id: str, revision: int | None = None) -> Report | None:
        """The report stored under ``report_id`` (its latest revision, or ``revision``)."""

    @abc.abstractmethod
    def reports(
        self,
        *,
        kind: ReportKind | str | None = None,
        unit: str | None = None,
        period: PeriodLike | None = None,
        organisation: str | None = None,
        as_of: dt.date | None = None,
        descendants: bool = True,
    ) -> Iterator[Report]:
        """The current revision of every report matching the filters (``period``: reports
        whose period lies within it)."""

    @abc.abstractmethod
    def report_revisions(self, report_id: str) -> list[Report]:
        """Every revision of the report, oldest first (also those saved under another id
        from the same source)."""

    def syntheses(self, **filters: Any) -> Iterator[Report]:
        """The current syntheses (reports of kind ``synthesis``) matching the filters of
        :meth:`reports`."""
        return self.reports(kind=ReportKind.SYNTHESIS, **filters)

    @abc.abstractmethod
    def synthesis_inputs(self, synthesis_id: str) -> dict[str, int]:
        """The reports a synthesis used: report id → the revision it used."""

    @abc.abstractmethod
    def stale_syntheses(self) -> list[str]:
        """Ids of the syntheses that used a report which has a newer revision since."""

    # -- other records -----------------------------------------------------------------------

    @abc.abstractmethod
    def get(self, kind: type[Storable], record_id: str) -> Storable | None:
        """The record of type ``kind`` with this id (``store.get(Organisation, "org-1")``)."""

    @abc.abstractmethod
    def all(self, kind: type[Storable], **filters: Any) -> Iterator[Storable]:
        """Every record of type ``kind``, in the order first saved. Filters: ``unit``
        (with ``descendants``, ``as_of``), ``period`` (the record's date within it),
        ``organisation``; those a kind does not have raise :class:`ValueError`."""

    def streams(self, *, topic: str | None = None) -> Iterator[OpinionStream]:
        """Opinion streams, optionally of one topic."""
        for stream in self.all(OpinionStream):
            assert isinstance(stream, OpinionStream)
            if topic is None or stream.topic == topic:
                yield stream

    def organisations(self, **filters: Any) -> Iterator[Organisation]:
        """Organisations (filter ``unit``)."""
        for org in self.all(Organisation, **filters):
            assert isinstance(org, Organisation)
            yield org

    def collaborators(self, **filters: Any) -> Iterator[Collaborator]:
        """Collaborators (filters ``unit``, ``organisation``)."""
        for person in self.all(Collaborator, **filters):
            assert isinstance(person, Collaborator)
            yield person

    def training_events(self, **filters: Any) -> Iterator[TrainingEvent]:
        """Training events (filters ``unit``, ``period`` on the day held, ``organisation``:
        the organiser)."""
        for event in self.all(TrainingEvent, **filters):
            assert isinstance(event, TrainingEvent)
            yield event

    def recommendations(self, **filters: Any) -> Iterator[Recommendation]:
        """Recommendations (filters ``unit``, ``period``)."""
        for rec in self.all(Recommendation, **filters):
            assert isinstance(rec, Recommendation)
            yield rec

    def reporting_lines(self) -> Iterator[ReportingLine]:
        """Reporting lines."""
        for line in self.all(ReportingLine):
            assert isinstance(line, ReportingLine)
            yield line

    # -- audit and maintenance ---------------------------------------------------------------

    @abc.abstractmethod
    def audit(
        self,
        action: str,
        target: str,
        *,
        actor: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> AuditEntry:
        """Write one line to the audit log (``actor``: the operating-system user by
        default) and return it."""

    @abc.abstractmethod
    def audit_log(
        self,
        *,
        action: str | None = None,
        actor: str | None = None,
        since: dt.datetime | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Audit lines, oldest first (the last ``limit`` when given)."""

    @abc.abstractmethod
    def schema_version(self) -> int:
        """The schema version of the database."""

    @abc.abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts: records by kind, report revisions, stale syntheses, audit lines, schema
        version."""

    @abc.abstractmethod
    def vacuum(self) -> None:
        """Reclaim space and refresh the query planner's statistics."""

