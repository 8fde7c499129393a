"""The national job on Dask (2 worker processes) against the same job in one process.

The job is what a national office runs each quarter: read the files of every province
(one JSON Lines file per province, written from :func:`workload.national_quarter` before the
timing), classify the items (lexicon classifier), make the 34 province syntheses and roll them
up into the national synthesis (:func:`dlxh.scaleout.national_synthesis`). Each contender runs
in a subprocess of its own, which reports its wall time and peak RSS (client and workers):

- ``single``: the anchor, ``national_synthesis(..., client=None)``: the same tasks one after
  the other in one process;
- ``dask``: ``national_synthesis(..., client=local_client(2))``: a ``LocalCluster`` of two
  worker processes, one thread each (the cluster is started before the timing);
- ``flat`` (``--flat``): read, classify and one national ``synthesize`` of everything, no
  province syntheses (for reference: what the national report alone costs).

The ratio is dask / single wall time (speed-up = 1 / ratio). The national syntheses of the
contenders are compared by content (streams, items and their labels, figures, sections,
issues): the note says whether they are equal.

    python benchmarks/bench_scaleout.py --quick          # 20,000 items
    python benchmarks/bench_scaleout.py --size 300k      # the issue's 300k workload
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workload import SIZES, national_quarter  # noqa: E402

import dlxh  # noqa: E402
from dlxh.model.periods import Period  # noqa: E402

TARGET = "speed-up > 1 with 2 workers"


def fingerprint(syn: Any) -> str:
    """A hash of what a reader of the synthesis sees (labels without their timestamp)."""
    import attrs

    content = (
        syn.streams, syn.rumours, tuple(i.id for i in syn.items),
        tuple(tuple(attrs.evolve(lb, assigned_at=None) for lb in i.labels) for i in syn.items),
        sorted(syn.figures().items()), syn.report.sections, syn.issues, syn.blind_spots,
        syn.recommendations, syn.previous_items,
    )
    return hashlib.sha256(repr(content).encode()).hexdigest()[:16]


def warm() -> None:
    """What a long-lived process has done once: modules imported, the unit catalog, the
    lexicon and the concept thesaurus loaded (not part of any job's time)."""
    import datetime as dt

    from dlxh.model.opinions import OpinionItem
    from dlxh.synthesis import synthesize

    items = dlxh.classify([OpinionItem(id="warm-1", text="Người dân lo lắng giá điện tăng",
                                       date=dt.date(2026, 11, 2), unit="00004")])
    synthesize(items, unit="01", period="2026-11")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(mode: str, folder: str, period_code: str, workers: int) -> None:
    import datetime as dt

    from dlxh.scaleout import local_client, national_synthesis
    from dlxh.synthesis import synthesize

    period = Period.parse(period_code)
    files = sorted(Path(folder).glob("*.jsonl"))
    by_province: dict[str, list[object]] = {f.stem.replace("khac", ""): [f] for f in files}
    options = {"today": dt.date(2027, 1, 20)}
    client = local_client(workers, silence_logs=40) if mode == "dask" else None
    warm()
    workers_rss = workers_cpu = 0.0
    if client is not None:
        client.run(warm)
        workers_cpu = sum(client.run(_cpu).values())
    start, cpu = time.perf_counter(), _cpu()
    timings: dict[str, float] = {}
    if mode == "flat":
        items = [i for f in files for i in dlxh.read(f).items]
        national = synthesize(dlxh.classify(items), unit=None, period=period, **options)
    else:
        result = national_synthesis(by_province, period, client=client,
                                    synthesis_options=options)
        national = result.national
        timings = dict(result.timings)
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    if client is not None:
        cpu += sum(client.run(_cpu).values()) - workers_cpu
        def peak() -> float:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        workers_rss = sum(client.run(peak).values())
        client.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "seconds": elapsed, "cpu": cpu, "rss_mib": rss + workers_rss, "client_mib": rss,
        "workers_mib": workers_rss, "timings": timings, "items": len(national.items),
        "streams": len(national.streams), "fingerprint": fingerprint(national),
    }))


def _measure(mode: str, folder: Path, period: Period, workers: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder), str(period),
         "--workers", str(workers)],
        check=True, capture_output=True, text=True,
        # The fingerprint hashes reprs, in which frozensets list their members in hash order.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"  {mode:<7} {result['seconds']:.1f} s wall, {result['cpu']:.1f} s CPU, "
          f"{result['rss_mib']:.0f} MiB",
          file=sys.stderr)
    return result


def run(size: int, workers: int, flat: bool) -> list[dict[str, Any]]:
    work = national_quarter(size)
    with tempfile.TemporaryDirectory(prefix="dlxh-scaleout-") as tmp:
        folder = Path(tmp)
        for code, items in work.by_province().items():
            dlxh.write(items, folder / f"{code or 'khac'}.jsonl")
        del work.items[:]
        modes = ["single", "dask", *(["flat"] if flat else [])]
        results = {mode: _measure(mode, folder, work.period, workers) for mode in modes}
    single, dask = results["single"], results["dask"]
    equal = single["fingerprint"] == dask["fingerprint"]
    note = (f"speed-up {single['seconds'] / dask['seconds']:.2f}× with {workers} workers "
            f"(CPU s: dask {dask['cpu']:.1f}, one process {single['cpu']:.1f}); "
            f"national synthesis {'EQUAL' if equal else 'DIFFERENT'} to the single-process "
            f"one ({dask['items']:,} items, {dask['streams']} streams); dask phases: "
            f"provinces {dask['timings'].get('provinces', 0):.1f} s, national "
            f"{dask['timings'].get('national', 0):.1f} s; one process's phases: provinces "
            f"{single['timings'].get('provinces', 0):.1f} s, national "
            f"{single['timings'].get('national', 0):.1f} s")
    rows = [{
        "step": f"national job on Dask, {workers} workers (read, classify, 34 provinces, "
                "national)",
        "size": size, "ours_s": dask["seconds"], "anchor": "same job in one process",
        "anchor_s": single["seconds"], "ratio": dask["seconds"] / single["seconds"],
        "target": TARGET, "peak_mib": dask["rss_mib"], "anchor_peak_mib": single["rss_mib"],
        "note": note,
    }]
    if flat:
        f = results["flat"]
        rows.append({
            "step": "national synthesis alone, one process (read, classify, synthesize)",
            "size": size, "ours_s": f["seconds"], "anchor": "same job in one process",
            "anchor_s": single["seconds"], "ratio": f["seconds"] / single["seconds"],
            "target": "reference", "peak_mib": f["rss_mib"],
            "anchor_peak_mib": single["rss_mib"],
            "note": "streams EQUAL to the job's national" if f["fingerprint"] ==
            single["fingerprint"] else "national content DIFFERENT",
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 items")
    parser.add_argument("--size", default="100k", help="100k, 300k, 1M or a number")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--flat", action="store_true", help="also the flat national synthesis")
    parser.add_argument("--json", type=Path, help="write the result rows there")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FOLDER", "PERIOD"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child, workers=args.workers)
        return
    size = 20_000 if args.quick else SIZES.get(args.size) or int(args.size)
    rows = run(size, args.workers, args.flat)
    print(f"\nNational job, {size:,} items (ratio = wall time / the same job in one process)")
    print(f"{'step':<70} {'s':>7} {'anchor s':>9} {'ratio':>6} {'MiB':>6}")
    for row in rows:
        print(f"{row['step'][:70]:<70} {row['ours_s']:>7.1f} {row['anchor_s']:>9.1f} "
              f"{row['ratio']:>6.2f} {row['peak_mib']:>6.0f}")
        print(f"  {row['note']}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
