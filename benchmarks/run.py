"""Run every benchmark, print one table, write the results and docs/performance.md.

Each ``benchmarks/bench_*.py`` script runs in a subprocess with the sizes of a full run (the
issue's sizes, chosen so that the whole run stays under 15 minutes on the 2-core reference
machine) or, with ``--quick``, its own small sizes. A script writes its result rows with
``--json PATH`` (see ``benchrows.py``); a script without that option still runs, and gets a
row saying so. Its output goes to ``benchmarks/results/logs/<script>.log``.

A full run writes ``benchmarks/results/latest.json`` and regenerates ``docs/performance.md``
(the table and the machine description); the hand-written part of that page, between the
``hand-written`` markers, is kept as it is. A partial run (``--only``, ``--skip``) replaces
the figures of the scripts it ran and keeps the others. A quick run writes
``benchmarks/results/quick.json`` and leaves the page alone (unless ``--docs``).

    python benchmarks/run.py                 # full run (make bench)
    python benchmarks/run.py --quick         # a few minutes
    python benchmarks/run.py --only fold,store --quick
    python benchmarks/run.py --render        # the page again from latest.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
DOC = ROOT / "docs" / "performance.md"
START_MARK = "<!-- hand-written: start (kept by benchmarks/run.py) -->"
END_MARK = "<!-- hand-written: end -->"
PACKAGES = ("dlxh", "attrs", "cattrs", "openpyxl", "python-calamine", "pandas", "xlsxwriter",
            "python-docx", "rapidfuzz", "scikit-learn", "vietnamadminunits", "psycopg",
            "dask", "distributed")


@dataclass
class Script:
    """A benchmark script and its arguments for a full and a quick run."""

    name: str
    full: list[str]
    quick: list[str] = field(default_factory=lambda: ["--quick"])
    owner: str = ""

    @property
    def path(self) -> Path:
        return HERE / f"bench_{self.name}.py"


# Full-run sizes: the where the 15-minute budget of the 2-core machine allows (the
# synthesis at 100k, 300k and 1M items; 200,000-row import), else the largest that fits;
# throughputs (items/s, rows/s) do not depend on the size past a few 100k. The table's size
# column says what ran. Run a script alone for its own full size (its docstring says how).
SCRIPTS = (
    Script("fold", ["--n", "1000000", "--repeat", "1"]),
    Script("resolve", ["--n", "3000"]),
    Script("classify", ["--items", "100000", "--train-items", "5000"]),
    Script("import", ["--rows", "200000"]),
    Script("synthesis", ["--sizes", "100000,300000,1000000", "--anchor", "20000"]),
    Script("export", ["--rows", "300000", "--skip-openpyxl"]),
    Script("store", ["--items", "200000"]),
    Script("scaleout", ["--size", "100k"]),
)


def _supports_json(script: Script) -> bool:
    try:
        out = subprocess.run([sys.executable, str(script.path), "--help"], capture_output=True,
                             text=True, timeout=120, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        return False
    return "--json" in out.stdout


def _missing_row(script: Script, note: str) -> dict[str, Any]:
    return {"step": f"{script.name} (bench_{script.name}.py)", "size": None, "ours_s": None,
            "anchor": "", "anchor_s": None, "ratio": None, "target": "", "peak_mib": None,
            "anchor_peak_mib": None, "note": note}


def run_script(script: Script, quick: bool, logs: Path, timeout: float) -> dict[str, Any]:
    """Run one script; returns its record with its rows."""
    args = script.quick if quick else script.full
    has_json = _supports_json(script)
    record: dict[str, Any] = {"script": script.path.name, "args": args, "json": has_json,
                              "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                              "load_average": round(os.getloadavg()[0], 1)}
    with tempfile.TemporaryDirectory(prefix="dlxh-run-") as tmp:
        out_json = Path(tmp) / "rows.json"
        command = [sys.executable, str(script.path), *args]
        if has_json:
            command += ["--json", str(out_json)]
        log = logs / f"{script.path.stem}.log"
        started = time.perf_counter()
        try:
            with log.open("w", encoding="utf-8") as handle:
                handle.write("$ " + " ".join(command[1:]) + "\n")
                handle.flush()
                done = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT,
                                      cwd=ROOT, timeout=timeout, check=False)
            record["returncode"] = done.returncode
        except subprocess.TimeoutExpired:
            record["returncode"] = None
        record["seconds"] = time.perf_counter() - started
        if record["returncode"] != 0:
            what = "timed out" if record["returncode"] is None else \
                f"failed (exit {record['returncode']})"
            record["rows"] = [_missing_row(script, f"{what}: see {log.relative_to(ROOT)}")]
        elif not has_json:
            record["rows"] = [_missing_row(
                script, f"no --json yet: figures printed in {log.relative_to(ROOT)}")]
        else:
            rows = json.loads(out_json.read_text(encoding="utf-8"))
            for r in rows:
                r.setdefault("script", script.path.name)
            record["rows"] = rows
    for r in record["rows"]:
        r["script"] = script.path.name
    return record


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem = re.search(r"MemTotal:\s+(\d+) kB", _read("/proc/meminfo"))
    os_name = re.search(r'PRETTY_NAME="([^"]+)"', _read("/etc/os-release"))
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(int(mem.group(1)) / 2**20, 1) if mem else None,
        "python": platform.python_version(),
        "os": f"{os_name.group(1) if os_name else platform.system()} "
              f"({platform.release()}, {platform.machine()})",
        "load_average": list(os.getloadavg()),
        "packages": versions,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def verdict(ratio: float | None, target: str, met: bool | None = None) -> str:
    """``met``, ``not met`` or ``""``: the row's own ``met`` when it has one, else the ratio
    against a target of the form ``≤ x`` or ``≥ x``."""
    if met is not None:
        return "met" if met else "not met"
    found = re.match(r"\s*(≤|<=|≥|>=|<|>)\s*([\d.,]+)", target or "")
    if ratio is None or not found:
        return ""
    bound = float(found.group(2).replace(",", ""))
    ok = ratio <= bound if found.group(1) in ("≤", "<=", "<") else ratio >= bound
    return "met" if ok else "not met"


def _num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if 0 < abs(value) < 0.1:
        return f"{value:.2g}"
    return f"{value:.{digits}f}"


def _size(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else ("–" if value is None else str(value))


COLUMNS = ("step", "size", "ours s", "anchor", "anchor s", "ratio", "target", "",
           "peak MiB", "anchor MiB", "note")


def cells(r: dict[str, Any]) -> list[str]:
    return [r["step"], _size(r.get("size")), _num(r.get("ours_s"), 3), r.get("anchor") or "",
            _num(r.get("anchor_s"), 3), _num(r.get("ratio")), r.get("target") or "",
            verdict(r.get("ratio"), r.get("target") or "", r.get("met")),
            _num(r.get("peak_mib"), 0), _num(r.get("anchor_peak_mib"), 0), r.get("note") or ""]


def print_table(rows: list[dict[str, Any]], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in COLUMNS:
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(*cells(r))
    Console(width=max(160, Console().width)).print(table)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(result: dict[str, Any], hand_written: str) -> str:
    m = result["machine"]
    lines = [
        "# Performance",
        "",
        "<!-- Generated by `python benchmarks/run.py` (`make bench`) from "
        "benchmarks/results/latest.json; edit only the hand-written section below. -->",
        "",
        "Each figure is measured against an **anchor in the same run** on the same machine "
        "(the ratio is our time / the anchor's unless the note says otherwise), with the "
        "sizes of a national quarter: 34 provinces, 3,321 communes, up to 1,000,000 opinion "
        "items (`benchmarks/workload.py`). The scripts below took "
        f"{result['duration_s'] / 60:.0f} minutes in all here; `python benchmarks/run.py "
        "--quick` is a small run.",
        "",
        f"## Results ({result['mode']} run, {m['date']})",
        "",
        "| " + " | ".join(c or "target met" for c in COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    for r in result["rows"]:
        lines.append("| " + " | ".join(_md(c) for c in cells(r)) + " |")
    lines += [
        "",
        "Peak memory is the peak resident set of the process that ran the step (client and "
        "workers for Dask), as the script reports it.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores",
        f"- RAM: {m['ram_gib']} GiB",
        f"- OS: {m['os']}",
        f"- Python {m['python']}",
        "- Load average when the run started: "
        + ", ".join(f"{x:.1f}" for x in m["load_average"])
        + " (the machine is shared: CPU-time figures are steadier than wall time)",
        "- Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v),
        f"- Date: {m['date']}",
        "",
        "## Scripts",
        "",
        "| script | arguments | seconds | rows | started | load |",
        "|---|---|---|---|---|---|",
    ]
    for s in result["scripts"]:
        rows = "--json" if s["json"] else "no --json yet"
        if s.get("returncode") != 0:
            rows = "timed out" if s.get("returncode") is None else f"failed ({s['returncode']})"
        lines.append(f"| `{s['script']}` | `{' '.join(s['args'])}` | {s['seconds']:.0f} | "
                     f"{rows} | {s.get('date', '')} | {s.get('load_average', '')} |")
    lines += ["", START_MARK, hand_written.strip("\n"), END_MARK, ""]
    return "\n".join(lines)


DEFAULT_HAND_WRITTEN = """
## What was changed, and the before/after ratios

(Written by hand; `benchmarks/run.py` keeps this section as it is.)
"""


def hand_written_part(text: str) -> str:
    if START_MARK in text and END_MARK in text:
        return text.split(START_MARK, 1)[1].split(END_MARK, 1)[0]
    return DEFAULT_HAND_WRITTEN


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    parser.add_argument("--only", default="", help="comma-separated names (fold, store...)")
    parser.add_argument("--skip", default="", help="comma-separated names to leave out")
    parser.add_argument("--docs", action="store_true",
                        help="regenerate docs/performance.md after a quick or partial run too")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per script")
    parser.add_argument("--render", action="store_true",
                        help="only regenerate docs/performance.md from latest.json")
    args = parser.parse_args()
    if args.render:
        saved = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
        old = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        DOC.write_text(markdown(saved, hand_written_part(old)), encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
        return
    only = {n for n in args.only.split(",") if n}
    skip = {n for n in args.skip.split(",") if n}
    unknown = (only | skip) - {s.name for s in SCRIPTS}
    if unknown:
        parser.error(f"no such benchmark: {', '.join(sorted(unknown))}")
    chosen = [s for s in SCRIPTS if (not only or s.name in only) and s.name not in skip
              and s.path.exists()]
    missing = [s for s in SCRIPTS if not s.path.exists()]
    logs = RESULTS / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"mode": "quick" if args.quick else "full", "machine": machine()}
    started = time.perf_counter()
    records = []
    for script in chosen:
        print(f"== bench_{script.name}.py {' '.join(script.quick if args.quick else script.full)}",
              flush=True)
        record = run_script(script, args.quick, logs, args.timeout)
        print(f"   {record['seconds']:.0f} s, exit {record['returncode']}", flush=True)
        records.append(record)
    result["duration_s"] = time.perf_counter() - started
    result["scripts"] = [{k: v for k, v in r.items() if k != "rows"} for r in records]
    result["rows"] = [row for r in records for row in r["rows"]]
    partial = bool(only or skip)
    saved_path = RESULTS / ("quick.json" if args.quick else "latest.json")
    if partial and saved_path.exists():
        # A partial run replaces the figures of the scripts it ran and keeps the others.
        saved = json.loads(saved_path.read_text(encoding="utf-8"))
        ran = {r["script"] for r in records}
        order = [s.path.name for s in SCRIPTS]
        scripts = [s for s in saved.get("scripts", []) if s["script"] not in ran]
        scripts += result["scripts"]
        scripts.sort(key=lambda s: order.index(s["script"]) if s["script"] in order else 99)
        rows = [r for r in saved.get("rows", []) if r.get("script") not in ran]
        rows += result["rows"]
        rows.sort(key=lambda r: order.index(r["script"]) if r.get("script") in order else 99)
        result["scripts"], result["rows"] = scripts, rows
        result["duration_s"] = sum(s["seconds"] for s in scripts)
    for script in missing:
        result["rows"].append(_missing_row(script, "script not written yet"))
    print_table(result["rows"], f"dlxh benchmarks ({result['mode']} run, "
                                f"{result['duration_s'] / 60:.1f} min)")
    saved_path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {saved_path.relative_to(ROOT)}")
    if (args.docs or not args.quick) and not args.no_docs:
        old = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        DOC.write_text(markdown(result, hand_written_part(old)), encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
    failed = [r["script"] for r in records if r["returncode"] != 0]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
