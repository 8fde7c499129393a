"""The SQL store shared by the SQLite and PostgreSQL backends.

Backends differ in how they connect, open a write transaction, lock and spell a few things
(:class:`Dialect`); everything else (what is written, how revisions work, the queries) is here,
once.
"""

from __future__ import annotations

import abc
import datetime as dt
import getpass
import json
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar, Final, cast

import attrs

from dlxh.batch import ImportBatch
from dlxh.errors import ConfigurationError, DlxhError
from dlxh.model.enums import Orientation, ReportKind, ReviewState
from dlxh.model.opinions import Label, OpinionItem, OpinionStream
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.storage.base import (
    AuditEntry,
    CountBy,
    Descendants,
    PeriodLike,
    Progress,
    SaveResult,
    Storable,
    Store,
    UnitTree,
)
from dlxh.storage.records import (
    KINDS,
    KINDS_BY_CLASS,
    Kind,
    digest,
    document,
    dump,
    folded,
    load,
    report_digest,
    source_key,
)
from dlxh.storage.schema import LATEST, MIGRATIONS, VERSION_TABLE, DialectName, render

__all__ = ["CHUNK", "Dialect", "SqlStore", "StoreError", "catalog_descendants"]

CHUNK: Final = 1000
"""Records written per statement batch (and between two progress calls)."""

_COUNT_COLUMNS: Final[Mapping[str, str]] = {
    "topic": "topic",
    "orientation": "orientation",
    "unit": "unit",
    "organisation": "organisation_id",
    "date": "date",
}


class StoreError(DlxhError, RuntimeError):
    """The database refused or failed an operation (cannot connect, locked too long, made
    by a newer dlxh...)."""


@attrs.frozen
class Dialect:
    """How a backend spells what differs between SQL engines."""

    name: DialectName
    placeholder: str
    doc_placeholder: str
    """The placeholder of a document parameter given as JSON text."""

    def sql(self, text: str) -> str:
        """``text`` written with ``?`` placeholders, in this dialect."""
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def in_list(self, column: str) -> str:
        """``column`` is one of a list given as one parameter (see :meth:`list_param`)."""
        if self.name == "sqlite":
            return f"{column} IN (SELECT value FROM json_each(?))"
        return f"{column} = ANY(?)"

    def list_param(self, values: Sequence[str]) -> Any:
        """The parameter of :meth:`in_list`."""
        return json.dumps(list(values)) if self.name == "sqlite" else list(values)

    def date_param(self, value: dt.date | None) -> Any:
        """A date parameter."""
        if value is None or self.name == "postgresql":
            return value
        return value.isoformat()

    def ts_param(self, value: dt.datetime) -> Any:
        """A timestamp parameter (always timezone-aware)."""
        return value if self.name == "postgresql" else value.isoformat()


def _as_ts(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"


def _as_period(period: PeriodLike | None) -> Period | None:
    if period is None or isinstance(period, Period):
        return period
    return Period.parse(period)


def catalog_descendants(unit: str, as_of: dt.date) -> list[str]:
    """The codes of the units below ``unit`` in the dlxh unit catalog on ``as_of`` (empty
    for a code the catalog does not know: such items still match their own code)."""
    from dlxh.units.catalog import catalog

    try:
        return [u.code for u in catalog(as_of).descendants(unit)]
    except LookupError:
        return []


def _resolver(descendants: Descendants | UnitTree | None) -> Descendants:
    if descendants is None:
        return catalog_descendants
    if hasattr(descendants, "descendants"):
        tree = descendants

        def from_tree(unit: str, _as_of: dt.date) -> list[str]:
            try:
                return [getattr(u, "code", u) for u in tree.descendants(unit)]
            except LookupError:
                return []

        return from_tree
    if callable(descendants):
        return descendants
    raise ConfigurationError("descendants must be a function (code, as_of) -> codes or a catalog")


def _group(records: ImportBatch | Storable | Iterable[Storable]) -> dict[str, dict[str, Any]]:
    """Records by kind name, then by id (the last one given wins within one save)."""
    groups: dict[str, dict[str, Any]] = {}
    if isinstance(records, ImportBatch):
        pool: Iterable[Any] = records.records()
    elif isinstance(records, (Report, *KINDS_BY_CLASS)):
        pool = [records]
    else:
        pool = cast(Iterable[Any], records)
    for record in pool:
        if isinstance(record, Report):
            name = "synthesis" if record.kind is ReportKind.SYNTHESIS else "report"
        else:
            kind = KINDS_BY_CLASS.get(type(record))
            if kind is None:
                raise TypeError(f"a store does not keep {type(record).__name__} records")
            name = kind.name
        groups.setdefault(name, {})[record.id] = record
    return groups


def _chunks(values: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class _Counter:
    def __init__(self) -> None:
        self.added: dict[str, int] = {}
        self.updated: dict[str, int] = {}
        self.unchanged: dict[str, int] = {}
        self.revisions: list[tuple[str, int]] = []
        self.written = 0

    @staticmethod
    def _bump(target: dict[str, int], kind: str, n: int) -> None:
        if n:
            target[kind] = target.get(kind, 0) + n

    def result(self) -> SaveResult:
        return SaveResult(
            added=self.added,
            updated=self.updated,
            unchanged=self.unchanged,
            new_revisions=tuple(self.revisions),
        )


class SqlStore(Store):
    """A store in a SQL database. Subclasses connect and say how to run a write transaction.

    The connection is shared by the threads using the store object, one statement at a time.
    Iterations fetch by batches of rows, each a short query of its own.
    """

    dialect: ClassVar[Dialect]

    def __init__(self, url: str, descendants: Descendants | UnitTree | None = None) -> None:
        self.url = url
        self._lock = threading.RLock()
        self._descendants = _resolver(descendants)
        self._unit_cache: dict[tuple[str, dt.date], tuple[str, ...]] = {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.safe_url}>"

    @property
    def safe_url(self) -> str:
        """The URL without a password."""
        return self.url

    # -- what backends provide ---------------------------------------------------------------

    @abc.abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement (``?`` placeholders); return a cursor."""

    @abc.abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row."""

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """A write transaction: committed when the block ends, rolled back on an exception;
        writers are serialised at least for the reports and the schema."""

    def _lock_writers(self, key: int) -> None:
        """Serialise writers on ``key`` until the transaction ends (no-op where the
        transaction is already exclusive)."""

    def _after_save(self, result: SaveResult) -> None:
        """Called after a committed save (PostgreSQL refreshes its statistics after large
        imports)."""

    def _retryable(self, exc: BaseException) -> bool:
        """Whether a failed write transaction may simply be run again (deadlock)."""
        return False

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._execute(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self._execute(sql, params).fetchall())

    # -- schema ----------------------------------------------------------------------------

    def _migrate(self) -> None:
        d = self.dialect
        with self._lock, self._transaction():
            self._lock_writers(_SCHEMA_LOCK)
            self._execute(
                f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            row = self._one(f"SELECT MAX(version) FROM {VERSION_TABLE}")
            current = int(row[0] or 0)
            if current > LATEST:
                raise StoreError(
                    f"the database {self.safe_url} has schema version {current}, made by a "
                    f"newer dlxh; this version knows up to {LATEST}: upgrade dlxh"
                )
            for migration in MIGRATIONS:
                if migration.version <= current:
                    continue
                for statement in render(migration, d.name):
                    self._execute(statement)
                self._execute(
                    f"INSERT INTO {VERSION_TABLE} (version, description, applied_at) "
                    "VALUES (?, ?, ?)",
                    (migration.version, migration.description, _now().isoformat()),
                )

    def schema_version(self) -> int:
        with self._lock:
            row = self._one(f"SELECT MAX(version) FROM {VERSION_TABLE}")
        return int(row[0] or 0)

    # -- saving ------------------------------------------------------------------------------

    def save(
        self,
        records: ImportBatch | Storable | Iterable[Storable],
        *,
        actor: str | None = None,
        action: str = "save",
        target: str | None = None,
        progress: Progress | None = None,
    ) -> SaveResult:
        groups = _group(records)
        if target is None:
            source = records.source if isinstance(records, ImportBatch) else None
            total = sum(len(g) for g in groups.values())
            target = source.file if source is not None else f"{total} records"
        attempts = 3
        while True:
            counter = _Counter()
            try:
                with self._lock, self._transaction():
                    self._save_groups(groups, counter, progress)
                    result = counter.result()
                    self._write_audit(action, target, actor, result.as_dict())
            except Exception as exc:
                attempts -= 1
                if attempts <= 0 or not self._retryable(exc):
                    raise
                continue  # rolled back as a whole: run it again
            self._after_save(result)
            return result

    def _save_groups(
        self, groups: Mapping[str, Mapping[str, Any]], counter: _Counter, progress: Progress | None
    ) -> None:
        order = ["organisation", "reporting_line", "collaborator", "training_event", "report",
                 "opinion_item", "recommendation", "opinion_stream", "synthesis"]
        for name in order:
            group = groups.get(name)
            if not group:
                continue
            # Sorted by id so that concurrent writers lock rows in the same order.
            records = [group[key] for key in sorted(group)]
            if name in ("report", "synthesis"):
                self._lock_writers(_REPORTS_LOCK)
                for report in records:
                    self._save_report(report, counter)
                    counter.written += 1
                if progress is not None:
                    progress(counter.written)
                continue
            kind = KINDS[name]
            for chunk in _chunks(records, CHUNK):
                self._save_chunk(kind, chunk, counter)
                counter.written += len(chunk)
                if progress is not None:
                    progress(counter.written)

    def _upsert_sql(self, kind: Kind) -> str:
        d = self.dialect
        cols = ", ".join(kind.columns)
        marks = ", ".join("?" for _ in kind.columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in (*kind.columns, "digest", "doc"))
        return d.sql(
            f"INSERT INTO {kind.table} (id, {cols}, digest, doc) "
            f"VALUES (?, {marks}, ?, {d.doc_placeholder}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}"
        )

    def _row(self, kind: Kind, record: Any) -> tuple[Any, ...]:
        d = self.dialect
        values = [
            d.date_param(v) if c in kind.date_columns else v
            for c, v in zip(kind.columns, kind.values(record), strict=True)
        ]
        text = dump(document(record))
        return (record.id, *values, digest(text), text)

    def _save_chunk(self, kind: Kind, chunk: Sequence[Any], counter: _Counter) -> None:
        rows = [self._row(kind, record) for record in chunk]
        added, updated = self._write_rows(kind, rows)
        counter._bump(counter.added, kind.name, added)
        counter._bump(counter.updated, kind.name, updated)
        counter._bump(counter.unchanged, kind.name, len(rows) - added - updated)

    def _write_rows(self, kind: Kind, rows: Sequence[tuple[Any, ...]]) -> tuple[int, int]:
        """Insert or update the rows that are new or changed; return (added, updated).

        This version reads the stored digests first: exact when writers are serialised (as
        SQLite's are). A backend with concurrent writers overrides it.
        """
        d = self.dialect
        existing = dict(
            self._all(
                f"SELECT id, digest FROM {kind.table} WHERE {d.in_list('id')}",
                (d.list_param([row[0] for row in rows]),),
            )
        )
        pending = [row for row in rows if existing.get(row[0]) != row[-2]]
        if pending:
            self._executemany(self._upsert_sql(kind), pending)
        updated = sum(1 for row in pending if row[0] in existing)
        return len(pending) - updated, updated

    def _save_report(self, report: Report, counter: _Counter) -> None:
        d = self.dialect
        name = "report"
        doc = document(report)
        content = report_digest(doc)
        key = source_key(report)
        current = self._one(
            d.sql("SELECT id, revision, lineage FROM reports WHERE id = ? "
                  "ORDER BY revision DESC LIMIT 1"),
            (report.id,),
        )
        if current is None and key is not None:
            current = self._one(
                d.sql("SELECT id, revision, lineage FROM reports WHERE source_key = ? "
                      "AND is_current ORDER BY revision DESC LIMIT 1"),
                (key,),
            )
        if current is None:
            self._insert_report(report, report.id, content, key)
            counter._bump(counter.added, name, 1)
            if report.kind is ReportKind.SYNTHESIS:
                self._link_synthesis(report)
            return
        previous_id, _revision, lineage = current
        same = self._one(
            d.sql("SELECT 1 FROM reports WHERE lineage = ? AND digest = ?"), (lineage, content)
        )
        if same is not None:
            counter._bump(counter.unchanged, name, 1)
            return
        top = self._one(d.sql("SELECT MAX(revision) FROM reports WHERE lineage = ?"), (lineage,))
        revision = int(top[0]) + 1
        supersedes = previous_id if previous_id != report.id else report.supersedes
        stored = attrs.evolve(report, revision=revision, supersedes=supersedes)
        self._execute(
            d.sql("UPDATE reports SET is_current = FALSE WHERE lineage = ?"), (lineage,)
        )
        self._insert_report(stored, lineage, content, key)
        counter._bump(counter.updated, name, 1)
        counter.revisions.append((stored.id, revision))
        if report.kind is ReportKind.SYNTHESIS:
            self._link_synthesis(stored)

    def _insert_report(self, report: Report, lineage: str, content: str, key: str | None) -> None:
        d = self.dialect
        period = report.period
        self._execute(
            d.sql(
                "INSERT INTO reports (id, revision, lineage, is_current, kind, unit, "
                "period_start, period_end, organisation_id, source_key, saved_at, digest, doc) "
                f"VALUES (?, ?, ?, TRUE, ?, ?, ?, ?, ?, ?, ?, ?, {d.doc_placeholder})"
            ),
            (
                report.id,
                report.revision,
                lineage,
                report.kind.value,
                report.unit,
                d.date_param(period.start if period else None),
                d.date_param(period.end if period else None),
                report.organisation_id,
                key,
                d.ts_param(_now()),
                content,
                dump(document(report)),
            ),
        )

    def _synthesis_item_ids(self, synthesis: Report) -> set[str]:
        item_ids = set(synthesis.item_ids)
        stream_ids: set[str] = set()
        for section in synthesis.walk():
            item_ids.update(section.item_ids)
            stream_ids.update(section.stream_ids)
        if stream_ids:
            for (doc,) in self._all(
                f"SELECT doc FROM streams WHERE {self.dialect.in_list('id')}",
                (self.dialect.list_param(sorted(stream_ids)),),
            ):
                stream = load(OpinionStream, doc)
                item_ids.update(stream.item_ids)
        return item_ids

    def _link_synthesis(self, synthesis: Report) -> None:
        """Record the reports (and their current revision) behind the items a synthesis
        presents, directly or through its streams."""
        d = self.dialect
        item_ids = sorted(self._synthesis_item_ids(synthesis))
        report_ids: set[str] = set()
        for chunk in _chunks(item_ids, 10 * CHUNK):
            for (report_id,) in self._all(
                f"SELECT DISTINCT report_id FROM items WHERE {d.in_list('id')} "
                "AND report_id IS NOT NULL",
                (d.list_param(list(chunk)),),
            ):
                report_ids.add(report_id)
        self._write_inputs(synthesis.id, report_ids)

    def _lineage_of(self, report_id: str) -> str | None:
        row = self._one(
            self.dialect.sql("SELECT lineage FROM reports WHERE id = ? ORDER BY revision DESC "
                             "LIMIT 1"),
            (report_id,),
        )
        return None if row is None else str(row[0])

    def _write_inputs(self, synthesis_id: str, report_ids: Iterable[str]) -> None:
        d = self.dialect
        lineage = self._lineage_of(synthesis_id)
        if lineage is None:
            raise KeyError(f"no synthesis {synthesis_id!r} in the store")
        self._execute(
            d.sql("DELETE FROM synthesis_inputs WHERE synthesis_lineage = ?"), (lineage,)
        )
        rows = []
        for report_id in sorted(set(report_ids)):
            report_lineage = self._lineage_of(report_id)
            if report_lineage is None:
                continue  # an item names a report this store does not hold
            top = self._one(
                d.sql("SELECT id, revision FROM reports WHERE lineage = ? AND is_current"),
                (report_lineage,),
            )
            rows.append((lineage, report_lineage, top[0], int(top[1])))
        if rows:
            self._executemany(
                d.sql("INSERT INTO synthesis_inputs (synthesis_lineage, report_lineage, "
                      "report_id, report_revision) VALUES (?, ?, ?, ?)"),
                rows,
            )

    def record_synthesis_inputs(self, synthesis_id: str, report_ids: Iterable[str]) -> None:
        """Say which reports a synthesis used, when its items do not say it (replaces what
        was recorded; each report at its current revision)."""
        with self._lock, self._transaction():
            self._lock_writers(_REPORTS_LOCK)
            self._write_inputs(synthesis_id, report_ids)

    # -- reviews -----------------------------------------------------------------------------

    def review(
        self,
        item_id: str,
        dimension: str,
        value: str,
        *,
        reviewer: str,
        at: dt.datetime | None = None,
    ) -> OpinionItem:
        when = at or _now()
        kind = KINDS["opinion_item"]
        with self._lock, self._transaction():
            row = self._one(
                self.dialect.sql(
                    "SELECT doc FROM items WHERE id = ?"
                    + (" FOR UPDATE" if self.dialect.name == "postgresql" else "")
                ),
                (item_id,),
            )
            if row is None:
                raise KeyError(f"no item {item_id!r} in the store")
            item: OpinionItem = load(OpinionItem, row[0])
            updated = _reviewed(item, dimension, value, reviewer, when)
            self._executemany(self._upsert_sql(kind), [self._row(kind, updated)])
            self._write_audit(
                "review", item_id, reviewer, {"dimension": dimension, "value": value}, when
            )
        return updated

    # -- items -------------------------------------------------------------------------------

    def _unit_codes(
        self, unit: str, period: Period | None, as_of: dt.date | None, descendants: bool
    ) -> list[str]:
        codes = {unit}
        if descendants:
            if as_of is not None:
                dates = [as_of]
            elif period is not None:
                dates = [period.start, period.end]
            else:
                dates = [dt.date.today()]
            for day in dates:
                key = (unit, day)
                cached = self._unit_cache.get(key)
                if cached is None:
                    cached = tuple(self._descendants(unit, day))
                    if len(self._unit_cache) > 1024:
                        self._unit_cache.clear()
                    self._unit_cache[key] = cached
                codes.update(cached)
        return sorted(codes)

    def _where(
        self,
        kind_columns: Iterable[str],
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
        what: str = "records",
    ) -> tuple[list[str], list[Any]]:
        d = self.dialect
        columns = set(kind_columns)
        clauses: list[str] = []
        params: list[Any] = []
        wanted = {
            "unit": unit, "period": period, "organisation": organisation, "topic": topic,
            "orientation": orientation, "text": text, "report": report,
        }
        column_of = {"period": "date", "organisation": "organisation_id", "text": "folded",
                     "report": "report_id"}
        for name, value in wanted.items():
            if value is not None and column_of.get(name, name) not in columns:
                raise ValueError(f"{what} cannot be filtered by {name}")
        the_period = _as_period(period)
        if unit is not None:
            codes = self._unit_codes(unit, the_period, as_of, descendants)
            if len(codes) == 1:
                clauses.append("unit = ?")
                params.append(codes[0])
            else:
                clauses.append(d.in_list("unit"))
                params.append(d.list_param(codes))
        if the_period is not None:
            clauses.append("date >= ? AND date <= ?")
            params += [d.date_param(the_period.start), d.date_param(the_period.end)]
        if organisation is not None:
            clauses.append("organisation_id = ?")
            params.append(organisation)
        if topic is not None:
            clauses.append("topic = ?")
            params.append(topic)
        if orientation is not None:
            value = (
                orientation
                if isinstance(orientation, Orientation)
                else Orientation.from_value_or_label(orientation)
            )
            clauses.append("orientation = ?")
            params.append(value.value)
        if text is not None:
            words = folded(text).strip()
            if words:
                clauses.append("folded LIKE ?")
                params.append(f"% {words} %")
        if report is not None:
            clauses.append("report_id = ?")
            params.append(report)
        return clauses, params

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
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        clauses, params = self._where(
            KINDS["opinion_item"].columns, unit=unit, period=period,
            organisation=organisation, topic=topic, orientation=orientation, text=text,
            report=report, as_of=as_of, descendants=descendants, what="items",
        )
        return self._batches(KINDS["opinion_item"], clauses, params, batch_size)

    def _batches(
        self, kind: Kind, clauses: list[str], params: list[Any], batch_size: int
    ) -> Iterator[list[Any]]:
        sql = self.dialect.sql(
            f"SELECT seq, doc FROM {kind.table} WHERE "
            + " AND ".join([*clauses, "seq > ?"])
            + " ORDER BY seq LIMIT ?"
        )
        last = 0
        while True:
            with self._lock:
                rows = self._all(sql, [*params, last, batch_size])
            if not rows:
                return
            yield [load(kind.cls, doc) for _seq, doc in rows]
            if len(rows) < batch_size:
                return
            last = rows[-1][0]

    def count_items(self, **filters: Any) -> int:
        clauses, params = self._where(KINDS["opinion_item"].columns, what="items", **filters)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        with self._lock:
            row = self._one(self.dialect.sql(f"SELECT COUNT(*) FROM items{where}"), params)
        return int(row[0])

    def count_items_by(self, by: CountBy, **filters: Any) -> dict[str | None, int]:
        column = _COUNT_COLUMNS.get(by)
        if column is None:
            raise ValueError(
                f"cannot count items by {by!r}; choose one of {sorted(_COUNT_COLUMNS)}"
            )
        clauses, params = self._where(KINDS["opinion_item"].columns, what="items", **filters)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        with self._lock:
            rows = self._all(
                self.dialect.sql(f"SELECT {column}, COUNT(*) FROM items{where} GROUP BY {column}"),
                params,
            )
        out: dict[str | None, int] = {}
        for key, count in rows:
            label = key.isoformat() if isinstance(key, dt.date) else key
            out[label] = int(count)
        return out

    def item(self, item_id: str) -> OpinionItem | None:
        found = self.get(OpinionItem, item_id)
        assert found is None or isinstance(found, OpinionItem)
        return found

    # -- reports -----------------------------------------------------------------------------

    def report(self, report_id: str, revision: int | None = None) -> Report | None:
        d = self.dialect
        with self._lock:
            if revision is None:
                row = self._one(
                    d.sql("SELECT doc FROM reports WHERE id = ? ORDER BY revision DESC LIMIT 1"),
                    (report_id,),
                )
            else:
                row = self._one(
                    d.sql("SELECT doc FROM reports WHERE id = ? AND revision = ?"),
                    (report_id, revision),
                )
        return None if row is None else load(Report, row[0])

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
        d = self.dialect
        clauses = ["is_current"]
        params: list[Any] = []
        if kind is not None:
            clauses.append("kind = ?")
            if not isinstance(kind, ReportKind):
                kind = ReportKind.from_value_or_label(kind)
            params.append(kind.value)
        the_period = _as_period(period)
        if unit is not None:
            codes = self._unit_codes(unit, the_period, as_of, descendants)
            clauses.append(d.in_list("unit"))
            params.append(d.list_param(codes))
        if the_period is not None:
            clauses.append("period_start >= ? AND period_end <= ?")
            params += [d.date_param(the_period.start), d.date_param(the_period.end)]
        if organisation is not None:
            clauses.append("organisation_id = ?")
            params.append(organisation)
        with self._lock:
            rows = self._all(
                d.sql("SELECT doc FROM reports WHERE " + " AND ".join(clauses) + " ORDER BY seq"),
                params,
            )
        return iter([load(Report, doc) for (doc,) in rows])

    def report_revisions(self, report_id: str) -> list[Report]:
        with self._lock:
            lineage = self._lineage_of(report_id)
            if lineage is None:
                return []
            rows = self._all(
                self.dialect.sql("SELECT doc FROM reports WHERE lineage = ? ORDER BY revision"),
                (lineage,),
            )
        return [load(Report, doc) for (doc,) in rows]

    def synthesis_inputs(self, synthesis_id: str) -> dict[str, int]:
        with self._lock:
            lineage = self._lineage_of(synthesis_id)
            if lineage is None:
                return {}
            rows = self._all(
                self.dialect.sql("SELECT report_id, report_revision FROM synthesis_inputs "
                                 "WHERE synthesis_lineage = ? ORDER BY report_id"),
                (lineage,),
            )
        return {str(rid): int(rev) for rid, rev in rows}

    def stale_syntheses(self) -> list[str]:
        with self._lock:
            rows = self._all(
                "SELECT DISTINCT s.id FROM synthesis_inputs si "
                "JOIN reports r ON r.lineage = si.report_lineage AND r.is_current "
                "JOIN reports s ON s.lineage = si.synthesis_lineage AND s.is_current "
                "WHERE r.revision > si.report_revision ORDER BY s.id"
            )
        return [str(r[0]) for r in rows]

    # -- other records -----------------------------------------------------------------------

    @staticmethod
    def _kind(cls: type[Any]) -> Kind:
        kind = KINDS_BY_CLASS.get(cls)
        if kind is None:
            raise TypeError(f"a store keeps no {getattr(cls, '__name__', cls)!r} records "
                            "this way (reports: use report() and reports())")
        return kind

    def get(self, kind: type[Storable], record_id: str) -> Storable | None:
        if kind is Report:
            return self.report(record_id)
        the_kind = self._kind(kind)
        with self._lock:
            row = self._one(
                self.dialect.sql(f"SELECT doc FROM {the_kind.table} WHERE id = ?"), (record_id,)
            )
        return None if row is None else load(the_kind.cls, row[0])

    def all(self, kind: type[Storable], **filters: Any) -> Iterator[Storable]:
        if kind is Report:
            yield from self.reports(**filters)
            return
        the_kind = self._kind(kind)
        clauses, params = self._where(the_kind.columns, what=the_kind.table, **filters)
        for batch in self._batches(the_kind, clauses, params, CHUNK):
            yield from batch

    # -- audit -------------------------------------------------------------------------------

    def _write_audit(
        self,
        action: str,
        target: str,
        actor: str | None,
        detail: Mapping[str, Any],
        at: dt.datetime | None = None,
    ) -> AuditEntry:
        d = self.dialect
        entry = AuditEntry(
            at=at or _now(), actor=actor or _os_user(), action=action, target=target,
            detail=dict(detail),
        )
        self._execute(
            d.sql("INSERT INTO audit (at, actor, action, target, detail) "
                  f"VALUES (?, ?, ?, ?, {d.doc_placeholder})"),
            (d.ts_param(entry.at), entry.actor, entry.action, entry.target,
             dump(entry.detail)),
        )
        return entry

    def audit(
        self,
        action: str,
        target: str,
        *,
        actor: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> AuditEntry:
        with self._lock, self._transaction():
            return self._write_audit(action, target, actor, detail or {})

    def audit_log(
        self,
        *,
        action: str | None = None,
        actor: str | None = None,
        since: dt.datetime | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        d = self.dialect
        clauses: list[str] = []
        params: list[Any] = []
        if action is not None:
            clauses.append("action = ?")
            params.append(action)
        if actor is not None:
            clauses.append("actor = ?")
            params.append(actor)
        if since is not None:
            clauses.append("at >= ?")
            params.append(d.ts_param(since.astimezone(dt.UTC)))
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        tail = ""
        if limit is not None:
            tail = " LIMIT ?"
            params.append(int(limit))
        with self._lock:
            rows = self._all(
                d.sql(f"SELECT at, actor, action, target, detail FROM audit{where} "
                      f"ORDER BY seq DESC{tail}"),
                params,
            )
        return [
            AuditEntry(
                at=_as_ts(at), actor=actor_, action=action_, target=target,
                detail=json.loads(detail) if isinstance(detail, str) else detail,
            )
            for at, actor_, action_, target, detail in reversed(rows)
        ]

    # -- maintenance -------------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        out: dict[str, int] = {}
        with self._lock:
            for kind in KINDS.values():
                out[kind.table] = int(self._one(f"SELECT COUNT(*) FROM {kind.table}")[0])
            out["reports"] = int(self._one("SELECT COUNT(*) FROM reports WHERE is_current")[0])
            out["report_revisions"] = int(self._one("SELECT COUNT(*) FROM reports")[0])
            out["syntheses"] = int(
                self._one(
                    self.dialect.sql("SELECT COUNT(*) FROM reports WHERE is_current AND kind = ?"),
                    (ReportKind.SYNTHESIS.value,),
                )[0]
            )
            out["audit"] = int(self._one("SELECT COUNT(*) FROM audit")[0])
        out["stale_syntheses"] = len(self.stale_syntheses())
        out["schema_version"] = self.schema_version()
        return out


def _reviewed(
    item: OpinionItem, dimension: str, value: str, reviewer: str, when: dt.datetime
) -> OpinionItem:
    """The item with the review applied. The reviewed label is put first, with full
    confidence, so that the latest review is the label that counts (``OpinionItem.label``
    takes the most confident reviewed label, the first on ties)."""
    labels = list(item.labels)
    for index, label in enumerate(labels):
        if label.dimension == dimension and label.value == value:
            reviewed = attrs.evolve(
                labels.pop(index),
                confidence=1.0,
                review=ReviewState.CONFIRMED,
                reviewed_by=reviewer,
                reviewed_at=when,
            )
            break
    else:
        reviewed = Label(
            dimension=dimension,
            value=value,
            classifier="human",
            assigned_at=when,
            review=ReviewState.CORRECTED,
            reviewed_by=reviewer,
            reviewed_at=when,
        )
    return attrs.evolve(item, labels=(reviewed, *labels))


# Keys of the writer locks (PostgreSQL advisory locks): any constant 64-bit numbers.
_SCHEMA_LOCK: Final = 0x646C7868_0001
_REPORTS_LOCK: Final = 0x646C7868_0002
