"""Fixtures of the storage tests: every store test runs on SQLite and on a REAL PostgreSQL
server, a throwaway cluster started for the test session in a temporary folder.

Without PostgreSQL server binaries (or psycopg) the PostgreSQL cases are skipped with the
reason; with ``DLXH_REQUIRE_SERVICES=1`` (CI) that is a failure instead. Binaries are looked
for on ``PATH`` (``initdb``, ``pg_ctl``) and in ``/usr/lib/postgresql/*/bin`` (Debian's
``postgresql`` package); as root, the cluster runs as the ``postgres`` user (see
:mod:`dlxh.storage.pgcluster`). ``DLXH_TEST_POSTGRES_URL`` points the tests at an existing
server instead (a database is created per test).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dlxh.errors import ConfigurationError
from dlxh.storage import Store, open_store
from dlxh.storage.pgcluster import PostgresCluster, find_server_binaries

REQUIRE_ENV = "DLXH_REQUIRE_SERVICES"
EXTERNAL_ENV = "DLXH_TEST_POSTGRES_URL"

# A tiny unit tree for the tests, so that they do not depend on the shipped catalog:
# province "08" holds communes "08001" and "08002"; "09" holds "09001".
TREE: dict[str, tuple[str, ...]] = {"08": ("08001", "08002"), "09": ("09001",)}


def fake_descendants(unit: str, as_of: dt.date) -> Iterable[str]:
    """The units below ``unit`` in :data:`TREE` (a fake of the unit catalog)."""
    return TREE.get(unit, ())


def _required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip() in {"1", "true", "yes"}


def _unavailable(reason: str) -> None:
    if _required():
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1: PostgreSQL must run in this environment)")
    pytest.skip(reason)


class Databases:
    """Creates a fresh database per test on a server given by URL (no database name)."""

    def __init__(self, url_base: str, admin_url: str) -> None:
        self.url_base = url_base
        self.admin_url = admin_url
        self._names = itertools.count(1)

    def create(self) -> str:
        import psycopg

        name = f"dlxh_test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url_base}/{name}"


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[Databases]:
    """A PostgreSQL server for the session: a throwaway cluster started here
    (:class:`dlxh.storage.pgcluster.PostgresCluster`), or the one ``DLXH_TEST_POSTGRES_URL``
    names."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed: pip install 'dlxh[postgres]'")
    external = os.environ.get(EXTERNAL_ENV)
    if external:
        yield Databases(external.rsplit("/", 1)[0], external)
        return
    if find_server_binaries() is None:
        _unavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl): install the 'postgresql' "
            "package (scripts/install-test-services.sh)"
        )
    try:
        cluster = PostgresCluster.start_new()
    except ConfigurationError as exc:
        _unavailable(str(exc))
        raise
    try:
        yield Databases(cluster.url, f"{cluster.url}/postgres")
    finally:
        cluster.stop()


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The name of the backend under test."""
    return str(request.param)


@pytest.fixture
def store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store of ``backend`` (a file, or a fresh database)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'dlxh.db'}"
    databases: Databases = request.getfixturevalue("postgres_databases")
    return databases.create()


@pytest.fixture
def open_test_store(store_url: str) -> Iterator[Callable[..., Store]]:
    """Opens stores at ``store_url`` with the fake unit tree, closing them afterwards."""
    opened: list[Store] = []

    def opener(**options: Any) -> Store:
        options.setdefault("descendants", fake_descendants)
        store = open_store(store_url, **options)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


@pytest.fixture
def store(open_test_store: Callable[..., Store]) -> Store:
    """An empty store of each backend."""
    return open_test_store()
