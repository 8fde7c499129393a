"""Grouping opinion items into streams (and the whole synthesis) at 100k, 300k and 1M items.

Each size runs in its own process: a scenario of that many items is generated
(:func:`dlxh.testing.scenario.scenario`, not timed), then :func:`dlxh.synthesis.group_items`
is timed (wall clock, and CPU time of the process, which is what to read when other work
shares the machine) with its peak memory (the growth of the process's peak resident set
over what the generated items already took), and :func:`dlxh.synthesis.synthesize` the same
way when it can be imported. The scaling exponent is the slope of log(time) against
log(items) over the sizes (1.0 is linear). The naive anchor, measured in the same run, groups
a 20,000-item sample all-pairs with rapidfuzz (``fuzz.ratio`` of the folded texts,
``process.cdist``, pairs at 80 or more joined by union-find); the table gives
the time per item of each against it, and the pairwise F1 of both on that sample.
``--quick`` runs 5k, 10k and 20k items and a 3,000-item anchor.

``--streams-eval`` measures the grouping instead of timing it: pairwise precision, recall and
F1 against the planted streams for each stream set (tuned, validation, held-out, and
``check``, ``check2`` and ``check3``, the fresh sets read only to check the defaults, the
last two written by a hand that had not read the thesaurus: not in the default list; a
path ending in ``.json`` reads a set of your own of the same shape, see ``read_stream_specs``), with
labels on 70% of the items and with none, over seeds 1 to 7 and 11, at ``--eval-size`` items
(10,000 by default). Changes to grouping are chosen on the tuned and validation sets; the
held-out figure is the honest one. ``--eval-settings`` overrides settings of
:class:`~dlxh.synthesis.streams.GroupingSettings` (``join_groups=0,place_merge_lift=0``), to
read what one step adds.

    python benchmarks/bench_synthesis.py [--quick] [--sizes 100000,300000,1000000]
        [--anchor 20000] [--seed 7] [--no-synthesize]
    python benchmarks/bench_synthesis.py --streams-eval [--eval-size 10000]
        [--eval-sets tuned,validation,held-out,check,check2,check3] [--eval-seeds 1,2,3,4,5,6,7,11]
        [--eval-settings name=value,...]
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import row as result_row  # run.py's result rows
from benchrows import write_rows


def _rss_now() -> int:
    """Current resident set, bytes (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize()


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _run_size(size: int, seed: int, synth: bool, out: Any) -> None:
    from dlxh.synthesis.streams import group_items
    from dlxh.testing.scenario import pairwise_scores, scenario

    started = time.perf_counter()
    s = scenario(size, seed=seed)
    generated = time.perf_counter() - started
    base = _rss_now()
    started = time.perf_counter()
    cpu = time.process_time()
    groups = group_items(s.items)
    grouping = time.perf_counter() - started
    grouping_cpu = time.process_time() - cpu
    grouping_peak = max(0, _peak() - base)
    _, _, f1 = pairwise_scores(s.truth, [g.members for g in groups])
    row: dict[str, Any] = {
        "size": size,
        "generate": generated,
        "group": grouping,
        "group_cpu": grouping_cpu,
        "group_mem": grouping_peak,
        "groups": len(groups),
        "f1": f1,
        "synth": None,
        "synth_cpu": None,
        "synth_mem": None,
        "synth_error": "",
    }
    del groups
    if synth:
        try:
            from dlxh.synthesis import synthesize
        except ImportError as exc:  # the assembly is not there yet
            row["synth_error"] = f"not importable: {exc}"
        else:
            base = _rss_now()
            started = time.perf_counter()
            cpu = time.process_time()
            try:
                synthesize(
                    s.items,
                    unit=s.province.code,
                    period=s.periods[-1],
                    reporting_lines=s.reporting_lines,
                    organisations=s.organisations,
                    receiver_id=s.province_organisation,
                )
            except Exception as exc:  # report, do not hide the grouping figures
                row["synth_error"] = f"{type(exc).__name__}: {exc}"[:120]
            else:
                row["synth"] = time.perf_counter() - started
                row["synth_cpu"] = time.process_time() - cpu
                row["synth_mem"] = max(0, _peak() - base)
    row["total_peak"] = _peak()
    out.put(row)


def _in_process(size: int, seed: int, synth: bool) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    queue: Any = ctx.Queue()
    proc = ctx.Process(target=_run_size, args=(size, seed, synth, queue))
    proc.start()
    row: dict[str, Any] = queue.get()
    proc.join()
    return row


def _anchor(n: int, seed: int) -> dict[str, Any]:
    """All-pairs rapidfuzz grouping of an ``n``-item sample, and ours on the same sample."""
    import numpy as np  # rapidfuzz's cdist returns a numpy matrix
    from rapidfuzz import fuzz, process

    from dlxh.synthesis.streams import group_items
    from dlxh.testing.scenario import pairwise_scores, scenario
    from dlxh.text import fold

    s = scenario(n, seed=seed)
    texts = [fold(i.text) for i in s.items]
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    started = time.perf_counter()
    chunk = 1000
    for low in range(0, n, chunk):
        scores = process.cdist(
            texts[low : low + chunk],
            texts,
            scorer=fuzz.ratio,
            dtype=np.uint8,
            score_cutoff=80,
            workers=1,
        )
        rows, cols = np.nonzero(scores)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            a, b = find(low + r), find(c)
            if a != b:
                parent[a] = b
    naive = time.perf_counter() - started
    clusters: dict[int, list[int]] = {}
    for i in range(n):
        clusters.setdefault(find(i), []).append(i)
    _, _, naive_f1 = pairwise_scores(s.truth, list(clusters.values()))
    started = time.perf_counter()
    ours = group_items(s.items)
    ours_time = time.perf_counter() - started
    _, _, ours_f1 = pairwise_scores(s.truth, [g.members for g in ours])
    return {"n": n, "naive": naive, "naive_f1": naive_f1, "ours": ours_time, "ours_f1": ours_f1}


def _settings(overrides: str) -> Any:
    """:class:`GroupingSettings` with ``name=value`` overrides (comma-separated), each value
    read as the type of the setting's default."""
    import attrs

    from dlxh.synthesis.streams import GroupingSettings

    defaults = GroupingSettings()
    changes: dict[str, Any] = {}
    for pair in filter(None, overrides.split(",")):
        name, _, value = pair.partition("=")
        if name not in attrs.fields_dict(GroupingSettings):
            raise SystemExit(f"unknown setting {name!r}")
        default = getattr(defaults, name)
        is_flag = isinstance(default, bool)
        changes[name] = value in ("1", "true") if is_flag else type(default)(value)
    return attrs.evolve(defaults, **changes)


def streams_eval(
    size: int, sets: list[str], seeds: list[int], console: Console, overrides: str = ""
) -> list[dict[str, Any]]:
    """Pairwise P/R/F1 of :func:`group_items` per stream set, label rate and seed."""
    from dlxh.synthesis.streams import group_items
    from dlxh.testing.scenario import (
        load_stream_specs,
        pairwise_scores,
        read_stream_specs,
        scenario,
    )

    settings = _settings(overrides)
    spec_sets = {
        "validation": {"validation": True},
        "check": {"check": True},
        "check2": {"check2": True},
        "check3": {"check3": True},
    }

    title = f"Opinion streams: pairwise precision / recall / F1, {size:,} items"
    table = Table(title=f"{title} ({overrides})" if overrides else title)
    table.add_column("stream set")
    table.add_column("labels")
    for seed in seeds:
        table.add_column(f"seed {seed}", justify="right")
    table.add_column("mean F1", justify="right")
    table.add_column("lowest F1", justify="right")
    table.add_column("mean P / R", justify="right")
    rows: list[dict[str, Any]] = []
    for name in sets:
        own = None
        if name.endswith(".json"):  # a set of your own, in the shipped sets' shape
            own = read_stream_specs(name)
        elif name not in ("tuned", "validation", "held-out", *spec_sets):
            raise SystemExit(f"unknown stream set {name!r} (or a path to a .json file of specs)")
        for rate in (0.7, 0.0):
            cells = []
            f1s = []
            ps = []
            rs = []
            for seed in seeds:
                s = scenario(
                    size,
                    seed=seed,
                    label_rate=rate,
                    held_out=name == "held-out",
                    specs=own
                    if own is not None
                    else load_stream_specs(**spec_sets[name])
                    if name in spec_sets
                    else None,
                )
                started = time.perf_counter()
                groups = group_items(s.items, settings=settings)
                elapsed = time.perf_counter() - started
                p, r, f1 = pairwise_scores(s.truth, [g.members for g in groups])
                cells.append(f"{p:.3f} / {r:.3f} / {f1:.3f}")
                f1s.append(f1)
                ps.append(p)
                rs.append(r)
                rows.append({"set": name, "label_rate": rate, "seed": seed, "precision": p,
                             "recall": r, "f1": f1, "seconds": elapsed})
            table.add_row(
                name,
                "70%" if rate else "none",
                *cells,
                f"{sum(f1s) / len(f1s):.3f}",
                f"{min(f1s):.3f}",
                f"{sum(ps) / len(ps):.3f} / {sum(rs) / len(rs):.3f}",
            )
    console.print(table)
    return rows


def _exponent(points: list[tuple[int, float]]) -> float:
    if len(points) < 2:
        return float("nan")
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", default="")
    parser.add_argument("--anchor", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-synthesize", action="store_true")
    parser.add_argument("--json", type=Path, help="write the result rows there (run.py)")
    parser.add_argument("--streams-eval", action="store_true",
                        help="pairwise P/R/F1 per stream set instead of timings")
    parser.add_argument("--eval-size", type=int, default=10_000)
    parser.add_argument("--eval-sets", default="tuned,validation,held-out")
    parser.add_argument("--eval-seeds", default="1,2,3,4,5,6,7,11")
    parser.add_argument("--eval-settings", default="",
                        help="GroupingSettings overrides, e.g. join_groups=0,place_merge_lift=0")
    args = parser.parse_args()
    if args.streams_eval:
        streams_eval(
            args.eval_size,
            args.eval_sets.split(","),
            [int(x) for x in args.eval_seeds.split(",")],
            Console(width=150),
            args.eval_settings,
        )
        return
    sizes = (
        [int(x) for x in args.sizes.split(",")]
        if args.sizes
        else ([5_000, 10_000, 20_000] if args.quick else [100_000, 300_000, 1_000_000])
    )
    anchor_n = args.anchor or (3_000 if args.quick else 20_000)
    console = Console(width=150)
    anchor = _anchor(anchor_n, args.seed)
    naive_per_item = anchor["naive"] / anchor["n"]
    rows = [_in_process(n, args.seed, not args.no_synthesize) for n in sizes]

    table = Table(title="Opinion streams: group_items (and synthesize) against all-pairs rapidfuzz")
    for column in (
        "items",
        "group s",
        "group CPU s",
        "µs/item",
        "vs naive",
        "group peak MiB",
        "F1",
        "groups",
        "synthesize s",
        "synth CPU s",
        "synth peak MiB",
        "process peak MiB",
    ):
        table.add_column(column, justify="right")
    for row in rows:
        per_item = row["group"] / row["size"]
        table.add_row(
            f"{row['size']:,}",
            f"{row['group']:.2f}",
            f"{row['group_cpu']:.2f}",
            f"{per_item * 1e6:.1f}",
            f"{naive_per_item / per_item:.0f}× faster",
            f"{row['group_mem'] / 2**20:.0f}",
            f"{row['f1']:.3f}",
            f"{row['groups']:,}",
            f"{row['synth']:.2f}" if row["synth"] is not None else (row["synth_error"] or "-"),
            f"{row['synth_cpu']:.2f}" if row["synth_cpu"] is not None else "-",
            f"{row['synth_mem'] / 2**20:.0f}" if row["synth_mem"] is not None else "-",
            f"{row['total_peak'] / 2**20:.0f}",
        )
    console.print(table)
    console.print(
        f"naive anchor: all-pairs rapidfuzz ratio on {anchor['n']:,} items: "
        f"{anchor['naive']:.2f} s ({naive_per_item * 1e6:.0f} µs/item), pairwise F1 "
        f"{anchor['naive_f1']:.3f}; group_items on the same sample: {anchor['ours']:.2f} s, "
        f"F1 {anchor['ours_f1']:.3f}"
    )
    console.print(
        f"scaling exponent (group_items, log time vs log items): wall "
        f"{_exponent([(r['size'], r['group']) for r in rows]):.3f}, CPU "
        f"{_exponent([(r['size'], r['group_cpu']) for r in rows]):.3f}"
    )
    with open("/proc/loadavg") as handle:
        console.print(f"load average during the run: {handle.read().split()[0]} (2 cores)")
    synth_points = [(r["size"], r["synth"]) for r in rows if r["synth"]]
    if len(synth_points) >= 2:
        console.print(f"scaling exponent (synthesize): {_exponent(synth_points):.3f}")
    write_rows(args.json, json_rows(rows, anchor))


def json_rows(rows: list[dict[str, Any]], anchor: dict[str, Any]) -> list[dict[str, Any]]:
    """run.py's rows: grouping against the all-pairs anchor (its time per item on the
    sample, times the size: generous to the anchor, which is quadratic), the whole synthesis
    against the issue's 1M target, and the scaling exponents."""
    mib = 2**20
    naive_per_item = anchor["naive"] / anchor["n"]
    sample = (f"all-pairs rapidfuzz, {anchor['n']:,}-item sample (per item × size)")
    out = []
    for r in rows:
        out.append(result_row(
            "synthesis: group_items (streams)", r["size"], r["group"], sample,
            naive_per_item * r["size"], peak_mib=r["total_peak"] / mib,
            note=f"pairwise F1 {r['f1']:.3f} (anchor {anchor['naive_f1']:.3f} on its sample); "
                 f"{r['groups']:,} groups; grouping peak +{r['group_mem'] / mib:.0f} MiB"))
        if r["synth"] is not None:
            big = r["size"] >= 1_000_000
            out.append(result_row(
                "synthesis: synthesize (whole province synthesis)", r["size"], r["synth"],
                "", None, target="1M: ≤ 60 s, ≤ 4 GiB" if big else "",
                peak_mib=r["total_peak"] / mib,
                met=(r["synth"] <= 60 and r["total_peak"] <= 4 * 2**30) if big else None,
                note=f"synthesis peak +{(r['synth_mem'] or 0) / mib:.0f} MiB"))
        elif r["synth_error"]:
            out.append(result_row("synthesis: synthesize", r["size"], None, "", None,
                            note=r["synth_error"]))
    sizes = f"{rows[0]['size']:,}–{rows[-1]['size']:,}" if rows else ""
    points = [(r["size"], r["group"]) for r in rows]
    out.append(result_row("synthesis: scaling exponent of group_items", sizes, None, "", None,
                   ratio=_exponent(points), target="≤ 1.15",
                   note="slope of log(time) against log(items); the ratio column holds it"))
    synth_points = [(r["size"], r["synth"]) for r in rows if r["synth"]]
    if len(synth_points) >= 2:
        out.append(result_row("synthesis: scaling exponent of synthesize", sizes, None, "", None,
                       ratio=_exponent(synth_points), target="≤ 1.15",
                       note="slope of log(time) against log(items); the ratio column holds it"))
    return out


if __name__ == "__main__":
    main()
