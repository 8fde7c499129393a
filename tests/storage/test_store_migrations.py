"""Schema migrations: a database made by the first schema upgrades in place."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from typing import Any

import pytest

from dlxh.model.enums import ReportKind
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.storage import StoreError, open_store
from dlxh.storage.records import digest, document, dump, folded, report_digest
from dlxh.storage.schema import LATEST, MIGRATIONS, VERSION_TABLE, DialectName, render
from dlxh.storage.sqlite import sqlite_path


def _raw(url: str, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
    """Run statements on the database behind ``url`` without dlxh (``?`` placeholders)."""
    if url.startswith("sqlite:"):
        conn = sqlite3.connect(sqlite_path(url))
        with conn:
            for sql, params in statements:
                conn.execute(sql, params)
        conn.close()
        return
    import psycopg

    with psycopg.connect(url) as pg, pg.transaction():
        for sql, params in statements:
            pg.execute(sql.replace("?", "%s"), params)


def _make_v1_database(url: str, backend: str) -> tuple[OpinionItem, Report]:
    """What the first released schema looked like, with one item and one report in it,
    written with the v1 layout by hand."""
    dialect: DialectName = "sqlite" if backend == "sqlite" else "postgresql"
    item = OpinionItem(
        id="item-cu-1", text="Nhân dân đồng tình với việc sáp nhập xã", date=dt.date(2025, 8, 3),
        unit="08001", labels=(Label("topic", "chinh-tri"),),
    )
    rep = Report(id="rep-cu-1", kind=ReportKind.PERIODIC, title="Báo cáo tháng 8",
                 period=Period.month(2025, 8), unit="08001")
    item_doc = dump(document(item))
    rep_doc = dump(document(rep))
    doc_mark = "?" if dialect == "sqlite" else "CAST(? AS json)"
    statements: list[tuple[str, Sequence[Any]]] = [
        (f"CREATE TABLE {VERSION_TABLE} (version INTEGER PRIMARY KEY, "
         "description TEXT NOT NULL, applied_at TEXT NOT NULL)", ()),
        *((s, ()) for s in render(MIGRATIONS[0], dialect)),
        (f"INSERT INTO {VERSION_TABLE} VALUES (1, ?, '2026-01-01T00:00:00+00:00')",
         (MIGRATIONS[0].description,)),
        ("INSERT INTO items (id, date, unit, organisation_id, report_id, topic, orientation, "
         f"folded, digest, doc) VALUES (?, ?, ?, NULL, NULL, ?, NULL, ?, ?, {doc_mark})",
         (item.id, "2025-08-03", "08001", "chinh-tri", folded(item.text), digest(item_doc),
          item_doc)),
        ("INSERT INTO reports (id, revision, lineage, is_current, kind, unit, period_start, "
         "period_end, organisation_id, source_key, saved_at, digest, doc) VALUES "
         f"(?, 1, ?, TRUE, 'periodic', '08001', ?, ?, NULL, NULL, ?, ?, {doc_mark})",
         (rep.id, rep.id, "2025-08-01", "2025-08-31", "2026-01-01T00:00:00+00:00",
          report_digest(document(rep)), rep_doc)),
    ]
    _raw(url, statements)
    return item, rep


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))
    assert LATEST >= 2


def test_a_first_schema_database_is_upgraded(store_url: str, backend: str) -> None:
    item, rep = _make_v1_database(store_url, backend)
    store = open_store(store_url, descendants=lambda unit, day: ["08001"] if unit == "08" else [])
    try:
        assert store.schema_version() == LATEST
        assert store.item("item-cu-1") == item
        assert store.report("rep-cu-1") == rep
        assert [i.id for i in store.items(unit="08", period="2025-08", topic="chinh-tri")] == [
            "item-cu-1"]
        # What v2 added works on the upgraded database.
        store.audit("export", "bao-cao.docx", actor="can-bo")
        assert [e.action for e in store.audit_log()] == ["export"]
        # The old report revises like any other.
        import attrs

        store.save(attrs.evolve(rep, title="Báo cáo tháng 8 (bổ sung)"))
        assert [r.revision for r in store.report_revisions("rep-cu-1")] == [1, 2]
    finally:
        store.close()
    # Opening again changes nothing.
    again = open_store(store_url)
    try:
        assert again.schema_version() == LATEST
        assert again.count_items() == 1
    finally:
        again.close()


def test_a_database_from_a_newer_dlxh_is_refused(store_url: str) -> None:
    open_store(store_url).close()
    _raw(store_url, [(f"INSERT INTO {VERSION_TABLE} VALUES (?, 'from the future', 'x')",
                      (LATEST + 1,))])
    with pytest.raises(StoreError, match="newer dlxh"):
        open_store(store_url)
