"""Opening stores: URLs, backends from plugins, the unit catalog, the optional psycopg."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import dlxh
from dlxh.errors import ConfigurationError, ExtraMissingError
from dlxh.model.opinions import OpinionItem
from dlxh.storage import (
    PostgresStore,
    SqliteStore,
    StoreError,
    catalog_descendants,
    open_store,
    url_scheme,
)
from dlxh.storage.sqlite import sqlite_path
from dlxh.testing import fresh_session


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///dlxh.db", "dlxh.db"),
        ("sqlite:////srv/dlxh/dlxh.db", "/srv/dlxh/dlxh.db"),
        ("sqlite://localhost/x.db", "x.db"),
        ("sqlite:///:memory:", ":memory:"),
        ("sqlite:///t%E1%BB%89nh.db", "tỉnh.db"),
        ("bao-cao/dlxh.db", "bao-cao/dlxh.db"),
    ],
)
def test_sqlite_urls(url: str, path: str) -> None:
    assert sqlite_path(url) == path


@pytest.mark.parametrize("url", ["sqlite:dlxh.db", "sqlite://", "sqlite://host/x.db"])
def test_bad_sqlite_urls(url: str) -> None:
    with pytest.raises(ConfigurationError):
        sqlite_path(url)


def test_schemes() -> None:
    assert url_scheme("postgresql://u@h/db") == "postgresql"
    assert url_scheme("Postgres://u@h/db") == "postgres"
    assert url_scheme("sqlite:///a.db") == "sqlite"
    assert url_scheme("C:\\dlxh\\dlxh.db") == "sqlite"
    assert url_scheme("/srv/dlxh.db") == "sqlite"


def test_open_store_by_path_url_and_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    item = OpinionItem(id="i-1", text="Người dân đồng tình", unit="08001")
    monkeypatch.chdir(tmp_path)
    with dlxh.storage.open_store("sqlite:///dlxh.db") as store:
        assert isinstance(store, SqliteStore)
        store.save(item)
    assert (tmp_path / "dlxh.db").exists()
    with open_store(tmp_path / "dlxh.db") as store:
        assert store.item("i-1") == item
    with open_store(str(tmp_path / "dlxh.db")) as store:
        assert store.count_items() == 1
    with open_store("sqlite:///:memory:") as store:
        assert store.count_items() == 0


def test_backends_are_registered_through_the_hook() -> None:
    session = fresh_session()
    backends = session.storage_backends
    assert backends.get("sqlite") is SqliteStore
    assert backends.get("postgresql") is PostgresStore


def test_unknown_scheme_names_the_installed_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"mongodb://.*postgresql://.*sqlite://"):
        open_store("mongodb://localhost/dlxh", fresh_session())


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(StoreError, match="not a usable dlxh database"):
        open_store(bad)


def test_missing_psycopg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ExtraMissingError, match=r"dlxh\[postgres\]"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_connection_failure_hides_the_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store("postgresql://can_bo:mat-khau-bi-mat@127.0.0.1:1/dlxh?connect_timeout=2")
    assert "mat-khau-bi-mat" not in str(info.value)
    store_cls = PostgresStore.__new__(PostgresStore)
    store_cls.url = "postgresql://can_bo:mat-khau@db.example/dlxh"
    assert store_cls.safe_url == "postgresql://can_bo:***@db.example/dlxh"


class _Tree:
    """A catalog stand-in: ``descendants`` returns objects with a ``code``."""

    class _Unit:
        def __init__(self, code: str) -> None:
            self.code = code

    def descendants(self, unit: str) -> list[_Unit]:
        if unit == "79":
            return [self._Unit("79001"), self._Unit("79002")]
        raise LookupError(unit)


def test_a_catalog_object_resolves_descendants() -> None:
    with open_store("sqlite:///:memory:", descendants=_Tree()) as store:
        store.save([OpinionItem(id=f"i-{c}", text="Ý kiến", unit=c)
                    for c in ("79001", "79002", "80001")])
        assert [i.id for i in store.items(unit="79")] == ["i-79001", "i-79002"]
        assert [i.id for i in store.items(unit="80001")] == ["i-80001"]  # unknown: exact


def test_default_resolver_uses_the_unit_catalog() -> None:
    codes = catalog_descendants("08", dt.date(2026, 10, 1))
    assert codes
    assert all(len(code) == 5 for code in codes)
    assert catalog_descendants("not-a-unit", dt.date(2026, 10, 1)) == []
    commune = codes[0]
    with open_store("sqlite:///:memory:") as store:
        store.save([
            OpinionItem(id="i-1", text="Ý kiến", unit=commune, date=dt.date(2026, 10, 3)),
            OpinionItem(id="i-2", text="Ý kiến", unit="79", date=dt.date(2026, 10, 3)),
        ])
        assert [i.id for i in store.items(unit="08", period="2026-10")] == ["i-1"]
