"""Place resolution: dlxh.units.resolve against vietnamadminunits.parse_address.

Both read the same generated noisy addresses (three-level state, as in force on 2024-06-01,
and two-level state of 2025-08-01) in the same run; the table gives accuracy per level and
addresses per second on one core (CPU time), and the ratio of our speed to the anchor's.
``dlxh.units.resolve`` is called once per address, like the anchor. ``--quick`` runs a small
set.

    python benchmarks/bench_resolve.py [--quick] [--n 3000] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from dlxh.units import catalog, resolve
from dlxh.units.evaluation import LabelledAddress, codes_of, noisy_addresses, score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import peak_mib, write_rows
from benchrows import row as result_row  # run.py's result rows

STATES = {"LEGACY": date(2024, 6, 1), "FROM_2025": date(2025, 8, 1)}
Answer = Callable[[str], tuple[str | None, str | None, str | None]]


def settle() -> None:
    """Collect garbage once before a timed run: the first full collection after loading
    walks every object the catalogs, indexes and lineage tables were built from (about
    50 ms, a sixth of a 3,000-address run), a cost of loading that would otherwise fall in
    whichever run comes next. Later collections, caused by the run itself, are timed."""
    gc.collect()


def ours(as_of: date) -> Answer:
    def answer(text: str) -> tuple[str | None, str | None, str | None]:
        return codes_of(resolve(text, as_of=as_of, limit=1))

    return answer


def anchor(mode: str) -> Answer | None:
    try:
        from vietnamadminunits import parse_address  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None
    level = 3 if mode == "LEGACY" else 2

    def answer(text: str) -> tuple[str | None, str | None, str | None]:
        try:
            unit = parse_address(text, mode=mode, level=level)
        except Exception:  # the anchor raises on some noisy input: count it as a miss
            return None, None, None
        return unit.province_code, getattr(unit, "district_code", None), unit.ward_code

    return answer


def measure(name: str, answer: Answer, data: list[LabelledAddress]) -> dict[str, float]:
    settle()
    # CPU time of this process: the machine is shared, wall time would count the others.
    start = time.process_time()
    accuracy = score(data, answer)
    elapsed = time.process_time() - start
    return {**accuracy, "per_second": len(data) / elapsed}


def run(mode: str, n: int, seed: int, clean: bool) -> list[dict[str, Any]]:
    as_of = STATES[mode]
    cat = catalog(as_of=as_of)
    data = noisy_addresses(cat, n, seed=seed, noise=0.0 if clean else 1.0)
    mine = ours(as_of)
    # First use (loading, indexing) is not measured here: the name index, and the earlier
    # state's index and the lineage tables, which a former name (Quận 1 after the 2025
    # reform) needs to give its successors.
    mine("warm up the index, Hà Nội")
    mine("Phường Bến Nghé, Quận 1, TP.HCM")
    results = {"dlxh.units.resolve": measure("dlxh", mine, data)}
    other = anchor(mode)
    anchor_name = f"vietnamadminunits.parse_address {mode} (anchor)"
    if other is not None:
        other("warm up, Hà Nội")
        results[anchor_name] = measure("anchor", other, data)
    title = f"{n} {'clean' if clean else 'noisy'} addresses (seed {seed}), state of {as_of}"
    table = Table(title=title)
    for column in ("resolver", "province", "district", "commune", "addresses/s", "speed ratio"):
        table.add_column(column)
    base = results.get(anchor_name, results["dlxh.units.resolve"])
    for name, r in results.items():
        district = f"{r['district']:.1%}" if mode == "LEGACY" else "–"
        table.add_row(
            name,
            f"{r['province']:.1%}",
            district,
            f"{r['commune']:.1%}",
            f"{r['per_second']:,.0f}",
            f"{r['per_second'] / base['per_second']:.2f}×",
        )
    Console(width=120).print(table)
    if other is None:
        print("vietnamadminunits is not installed: no anchor in this run")
    mine_r, theirs = results["dlxh.units.resolve"], results.get(anchor_name)
    levels = ("province", "district", "commune") if mode == "LEGACY" else ("province", "commune")

    def accuracy(r: dict[str, float]) -> str:
        return ", ".join(f"{k} {r[k]:.1%}" for k in levels)

    return [result_row(
        f"units: resolve noisy addresses ({mode}, state of {as_of})", n,
        n / mine_r["per_second"],
        "vietnamadminunits.parse_address", n / theirs["per_second"] if theirs else None,
        target="≤ 1.0 and ≥ 20,000/s", peak_mib=peak_mib(),
        met=mine_r["per_second"] >= 20_000 and (
            theirs is None or mine_r["per_second"] >= theirs["per_second"]),
        note=f"{mine_r['per_second']:,.0f} addresses/s (CPU, one core); accuracy ours: "
             f"{accuracy(mine_r)}" + (f"; anchor: {accuracy(theirs)}" if theirs else
                                    "; anchor not installed"),
    )]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run (300 addresses)")
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clean", action="store_true", help="no noise")
    parser.add_argument("--json", type=Path, help="write the result rows there (run.py)")
    args = parser.parse_args()
    n = 300 if args.quick else args.n
    rows = [r for mode in STATES for r in run(mode, n, args.seed, args.clean)]
    write_rows(args.json, rows)


if __name__ == "__main__":
    main()
