"""Benchmark of the stores: insert N items, then count the items of one province and one
quarter grouped by topic.

Each figure is a ratio to an anchor measured in the same run, in the same engine: a plain
table of the same rows (id, date, unit, topic, JSON document) filled with one
``executemany`` per batch, and a plain ``SELECT topic, COUNT(*) ... GROUP BY topic`` on it.

    python benchmarks/bench_store.py --quick            # 50,000 items, SQLite
    python benchmarks/bench_store.py                    # 1,000,000 items, SQLite
    python benchmarks/bench_store.py --backend all      # also PostgreSQL (a throwaway
                                                        # cluster, or --postgres-url)

The items are generated (the Vietnamese texts are written here), spread evenly over the
communes of the 2026 unit catalog and the days of 2026; item generation is not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from dlxh.model.enums import Orientation
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.periods import Period
from dlxh.storage import open_store
from dlxh.storage.records import document, dump
from dlxh.units.catalog import catalog

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import peak_mib, row, write_rows

TOPICS = (
    "kinh-te", "gia-ca", "nong-nghiep", "dat-dai", "moi-truong", "viec-lam", "an-sinh",
    "y-te", "giao-duc", "van-hoa", "chuyen-doi-so", "phap-luat", "tham-nhung", "an-ninh",
    "giao-thong", "quoc-phong", "doi-ngoai", "dan-toc", "ton-giao", "mang-xa-hoi",
)
PHRASES = (
    "Nhân dân phấn khởi khi đường liên xã được nâng cấp",
    "Nhiều ý kiến lo lắng về giá điện, giá xăng tăng",
    "Cử tri băn khoăn về tiến độ bồi thường giải phóng mặt bằng",
    "Một bộ phận bức xúc vì lừa đảo qua mạng xã hội",
    "Đa số đồng tình với chủ trương sắp xếp bộ máy",
    "Có người hoài nghi về chất lượng khám chữa bệnh bảo hiểm y tế",
)
ORIENTATIONS = tuple(Orientation)
PROVINCE = "79"
PERIOD = Period.quarter(2026, 4)
BATCH = 10_000


def communes() -> list[str]:
    units = catalog(dt.date(2026, 10, 1)).units(level="commune")
    return [u.code for u in units]


def generate(count: int, codes: list[str]) -> Iterator[list[OpinionItem]]:
    start = dt.date(2026, 1, 1)
    batch: list[OpinionItem] = []
    for n in range(count):
        batch.append(OpinionItem(
            id=f"item-{n:08d}",
            text=f"{PHRASES[n % len(PHRASES)]} (ý kiến {n})",
            date=start + dt.timedelta(days=(n * 7919) % 365),
            unit=codes[(n * 104729) % len(codes)],
            labels=(
                Label("topic", TOPICS[(n * 31) % len(TOPICS)], confidence=0.8,
                      classifier="keyword"),
                Label("orientation", str(ORIENTATIONS[n % len(ORIENTATIONS)]),
                      confidence=0.7, classifier="keyword"),
            ),
        ))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def plain_rows(batch: list[OpinionItem]) -> list[tuple[Any, ...]]:
    return [
        (i.id, i.date.isoformat() if i.date else None, i.unit, i.value("topic"),
         dump(document(i)))
        for i in batch
    ]


class SqliteAnchor:
    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("CREATE TABLE plain (id TEXT PRIMARY KEY, date TEXT, unit TEXT, "
                          "topic TEXT, doc TEXT)")
        self.conn.execute("CREATE INDEX plain_unit_date ON plain (unit, date)")

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        self.conn.execute("BEGIN")
        self.conn.executemany("INSERT INTO plain VALUES (?, ?, ?, ?, ?)", rows)
        self.conn.execute("COMMIT")

    def query(self, codes: list[str]) -> dict[str | None, int]:
        marks = ", ".join("?" for _ in codes)
        rows = self.conn.execute(
            f"SELECT topic, COUNT(*) FROM plain WHERE unit IN ({marks}) "
            "AND date >= ? AND date <= ? GROUP BY topic",
            [*codes, PERIOD.start.isoformat(), PERIOD.end.isoformat()],
        ).fetchall()
        return dict(rows)

    def close(self) -> None:
        self.conn.close()


class PostgresAnchor:
    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        self.conn.execute("CREATE TABLE plain (id TEXT PRIMARY KEY, date DATE, unit TEXT, "
                          "topic TEXT, doc JSON)")
        self.conn.execute("CREATE INDEX plain_unit_date ON plain (unit, date)")

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.executemany("INSERT INTO plain VALUES (%s, %s::date, %s, %s, %s::json)", rows)

    def query(self, codes: list[str]) -> dict[str | None, int]:
        rows = self.conn.execute(
            "SELECT topic, COUNT(*) FROM plain WHERE unit = ANY(%s) "
            "AND date >= %s AND date <= %s GROUP BY topic",
            (codes, PERIOD.start, PERIOD.end),
        ).fetchall()
        return {k: int(v) for k, v in rows}

    def close(self) -> None:
        self.conn.close()


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - started)
    return best, value


def bench(name: str, store_url: str, anchor: SqliteAnchor | PostgresAnchor, count: int,
          codes: list[str]) -> list[tuple[str, str, float, float]]:
    store = open_store(store_url)
    ours_insert = anchor_insert = 0.0
    for batch in generate(count, codes):
        rows = plain_rows(batch)
        started = time.perf_counter()
        anchor.insert(rows)
        anchor_insert += time.perf_counter() - started
        started = time.perf_counter()
        store.save(batch)
        ours_insert += time.perf_counter() - started
    below = catalog(PERIOD.end).descendants(PROVINCE)
    province_codes = sorted({PROVINCE, *(u.code for u in below)})
    store.count_items_by("topic", unit=PROVINCE, period=PERIOD)  # warm the unit cache
    ours_query, ours = best_of(
        5, lambda: store.count_items_by("topic", unit=PROVINCE, period=PERIOD))
    anchor_query, plain = best_of(5, lambda: anchor.query(province_codes))
    if ours != plain:
        raise SystemExit(f"{name}: the store and the anchor disagree: {ours} != {plain}")
    store.close()
    anchor.close()
    return [
        (name, f"insert {count:,} items", ours_insert, anchor_insert),
        (name, f"province {PROVINCE}, {PERIOD}, by topic ({sum(ours.values()):,} items)",
         ours_query, anchor_query),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="50,000 items instead of 1M")
    parser.add_argument("--items", type=int, help="number of items (overrides --quick)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="sqlite")
    parser.add_argument("--postgres-url",
                        help="an empty PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--json", type=Path, help="write the result rows there (run.py)")
    args = parser.parse_args()
    count = args.items or (50_000 if args.quick else 1_000_000)
    codes = communes()
    results: list[tuple[str, str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="dlxh-bench-") as tmp:
        if args.backend in ("sqlite", "all"):
            results += bench("sqlite", f"sqlite:///{Path(tmp) / 'store.db'}",
                             SqliteAnchor(Path(tmp) / "plain.db"), count, codes)
        if args.backend in ("postgresql", "all"):
            if args.postgres_url:
                url = args.postgres_url
                results += bench("postgresql", url, PostgresAnchor(url), count, codes)
            else:
                from dlxh.storage.pgcluster import PostgresCluster

                with PostgresCluster.start_new() as cluster:
                    store_url = cluster.create_database("bench_store")
                    anchor_url = cluster.create_database("bench_plain")
                    results += bench("postgresql", store_url, PostgresAnchor(anchor_url),
                                     count, codes)
    print(f"\n{'engine':<11} {'step':<52} {'dlxh s':>9} {'anchor s':>9} {'ratio':>7}")
    for engine, step, ours, anchor in results:
        print(f"{engine:<11} {step:<52} {ours:>9.3f} {anchor:>9.3f} {ours / anchor:>7.2f}")
    print("\nanchor: plain table (id, date, unit, topic, doc) + executemany per batch of "
          f"{BATCH:,}; plain GROUP BY on the same engine; ratio = dlxh / anchor")
    write_rows(args.json, [
        row(f"store ({engine}): {'insert' if step.startswith('insert') else 'query'}", count,
            ours, "plain executemany" if step.startswith("insert") else "plain GROUP BY",
            anchor, target="report", peak_mib=peak_mib(),
            note=step + ("; peak RSS of the whole script (store and anchor)"
                         if step.startswith("insert") else ""))
        for engine, step, ours, anchor in results
    ])


if __name__ == "__main__":
    main()
