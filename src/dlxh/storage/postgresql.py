"""The shared store on a PostgreSQL server (psycopg 3, the ``postgres`` extra).

``postgresql://user:password@host:5432/dbname`` (or any libpq connection string). Several
users and processes can write at once: rows are written in id order, report revisions and
schema upgrades take a transaction-level advisory lock, and a transaction that hits a deadlock
is run again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from dlxh.errors import ExtraMissingError
from dlxh.storage.base import Descendants, SaveResult, UnitTree
from dlxh.storage.records import KINDS, Kind
from dlxh.storage.sql import Dialect, SqlStore, StoreError

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresStore"]

ANALYZE_EVERY = 50_000
"""Rows of one kind added by this process after which its table is analysed."""

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise ExtraMissingError("postgres", "psycopg") from exc
    return psycopg


class PostgresStore(SqlStore):
    """A store on a PostgreSQL server, for an office where several people work at once."""

    name = "postgresql"
    description = "PostgreSQL server, shared (psycopg 3, extra 'postgres')"
    schemes: ClassVar[tuple[str, ...]] = ("postgresql", "postgres")
    dialect: ClassVar[Dialect] = Dialect("postgresql", "%s", "CAST(%s AS json)")

    def __init__(self, url: str, *, descendants: Descendants | UnitTree | None = None) -> None:
        super().__init__(url, descendants)
        self._added_since_analyze: dict[str, int] = {}
        pg = _psycopg()
        try:
            self._conn: psycopg.Connection[Any] = pg.connect(url, autocommit=True)
        except pg.Error as exc:
            raise StoreError(f"cannot connect to {self.safe_url}: {exc}") from exc
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    @property
    def safe_url(self) -> str:
        return _PASSWORD.sub(r"\1***@", self.url)

    @classmethod
    def open(
        cls, url: str, *, descendants: Descendants | UnitTree | None = None
    ) -> PostgresStore:
        return cls(url, descendants=descendants)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._conn.execute(self.dialect.sql(sql), params)
        except _psycopg().Error as exc:
            raise StoreError(f"{self.safe_url}: {exc}") from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            with self._conn.cursor() as cursor:
                cursor.executemany(self.dialect.sql(sql), rows)
        except _psycopg().Error as exc:
            raise StoreError(f"{self.safe_url}: {exc}") from exc

    def _write_rows(self, kind: Kind, rows: Sequence[tuple[Any, ...]]) -> tuple[int, int]:
        # Writers run at once here: let each row say what happened to it, rather than read
        # the digests first (another writer may insert the same id in between). An unchanged
        # row is not rewritten (no dead tuple) and returns nothing.
        sql = (
            self._upsert_sql(kind)
            + f" WHERE {kind.table}.digest IS DISTINCT FROM excluded.digest"
            " RETURNING (xmax = 0)"
        )
        added = updated = 0
        try:
            with self._conn.cursor() as cursor:
                cursor.executemany(self.dialect.sql(sql), rows, returning=True)
                while True:
                    for (inserted,) in cursor.fetchall():
                        if inserted:
                            added += 1
                        else:
                            updated += 1
                    if not cursor.nextset():
                        break
        except _psycopg().Error as exc:
            raise StoreError(f"{self.safe_url}: {exc}") from exc
        return added, updated

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            with self._conn.transaction():
                yield
        except _psycopg().Error as exc:  # raised by the commit itself
            raise StoreError(f"{self.safe_url}: {exc}") from exc

    def _lock_writers(self, key: int) -> None:
        self._execute("SELECT pg_advisory_xact_lock(%s)", (key,))

    def _after_save(self, result: SaveResult) -> None:
        # A large import into a fresh table leaves the planner without statistics until
        # autovacuum comes by, and it then picks poor plans (the date index for a unit and
        # period query). Analyse a table after every ANALYZE_EVERY rows this process added.
        for name, added in result.added.items():
            kind = KINDS.get(name)
            if kind is None:
                continue
            total = self._added_since_analyze.get(name, 0) + added
            if total >= ANALYZE_EVERY:
                with self._lock:
                    self._execute(f"ANALYZE {kind.table}")
                total = 0
            self._added_since_analyze[name] = total

    def _retryable(self, exc: BaseException) -> bool:
        errors = _psycopg().errors
        cause = exc.__cause__ if isinstance(exc, StoreError) else exc
        return isinstance(cause, errors.DeadlockDetected | errors.SerializationFailure)

    def vacuum(self) -> None:
        with self._lock:
            self._execute("VACUUM ANALYZE")
