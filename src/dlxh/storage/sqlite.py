"""The embedded default store: one SQLite file (standard library ``sqlite3``).

``sqlite:///dlxh.db`` (relative path), ``sqlite:////srv/dlxh/dlxh.db`` (absolute path),
``sqlite:///:memory:`` or a plain path. The database runs in WAL mode, so readers never wait
for the writer; writers take the write lock at the start of their transaction
(``BEGIN IMMEDIATE``) and wait up to ``timeout`` seconds for one another.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote

from dlxh.errors import ConfigurationError
from dlxh.storage.base import Descendants, UnitTree
from dlxh.storage.sql import Dialect, SqlStore, StoreError

__all__ = ["SqliteStore", "sqlite_path"]

MEMORY = ":memory:"


def sqlite_path(url: str) -> str:
    """The file of a SQLite URL (``sqlite:///a.db`` → ``a.db``, ``sqlite:////abs/a.db`` →
    ``/abs/a.db``, ``sqlite:///:memory:`` → ``:memory:``) or of a plain path."""
    if url.startswith("sqlite:"):
        rest = url[len("sqlite:"):]
        if not rest.startswith("//"):
            raise ConfigurationError(f"a SQLite URL is sqlite:///PATH, got {url!r}")
        rest = rest[2:]
        host, slash, path = rest.partition("/")
        if host and host != "localhost":
            raise ConfigurationError(f"a SQLite URL has no host ({host!r}): sqlite:///PATH")
        if not slash or not path:
            raise ConfigurationError(f"no file in the SQLite URL {url!r}: sqlite:///dlxh.db")
        return unquote(path.split("?", 1)[0])
    return url


class SqliteStore(SqlStore):
    """The embedded store in one SQLite file (the default)."""

    name = "sqlite"
    description = "SQLite file, embedded (standard library)"
    schemes: ClassVar[tuple[str, ...]] = ("sqlite",)
    dialect: ClassVar[Dialect] = Dialect("sqlite", "?", "?")

    def __init__(
        self,
        path: str | Path,
        *,
        url: str | None = None,
        descendants: Descendants | UnitTree | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.path = str(path)
        super().__init__(url or f"sqlite:///{self.path}", descendants)
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the SQLite database {self.path!r}: {exc}") from exc
        try:
            if self.path != MEMORY:
                self._conn.execute("PRAGMA journal_mode=WAL")
                # In WAL mode NORMAL never corrupts the database; a power cut may lose the last
                # committed transaction, never leave half of one.
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"{self.path!r} is not a usable dlxh database: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def open(cls, url: str, *, descendants: Descendants | UnitTree | None = None) -> SqliteStore:
        return cls(sqlite_path(url), url=url, descendants=descendants)

    def close(self) -> None:
        with self._lock:
            # Refreshes the planner's statistics where they are stale (SQLite's advice for
            # long-lived databases); cheap, and harmless if the database is busy.
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA optimize")
            self._conn.close()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self._conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _error(self, exc: sqlite3.Error) -> StoreError:
        if "locked" in str(exc) or "busy" in str(exc):
            return StoreError(f"{self.path}: {exc} (another writer held it too long)")
        return StoreError(f"{self.path}: {exc}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._conn.in_transaction:  # nested: the outer transaction decides
            yield
            return
        self._execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def integrity_check(self) -> list[str]:
        """SQLite's ``PRAGMA integrity_check``: ``["ok"]`` for a sound file."""
        with self._lock:
            return [str(row[0]) for row in self._conn.execute("PRAGMA integrity_check")]

    def vacuum(self) -> None:
        with self._lock:
            self._conn.execute("VACUUM")
            self._conn.execute("ANALYZE")
            if self.path != MEMORY:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
