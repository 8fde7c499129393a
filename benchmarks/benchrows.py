"""The result rows every benchmark script writes with ``--json PATH`` (read by ``run.py``).

A row is a dict with the keys of :data:`KEYS`: ``step`` (what was measured), ``size`` (items,
rows, addresses...), ``ours_s`` and ``anchor_s`` (seconds), ``anchor`` (what we compare with),
``ratio`` (ours / anchor time unless the note says otherwise), ``target`` (the issue's target
as text, such as ``"≤ 1.5"``), ``peak_mib`` and ``anchor_peak_mib`` (peak resident memory,
MiB, ``None`` when not measured apart) and ``note``. An optional ``met`` (true or false) says
whether the target was met when the target is not a bound on ``ratio`` (such as
"≥ 50,000 items/s"); otherwise ``run.py`` reads a target ``≤ x`` or ``≥ x`` against the ratio.
"""

from __future__ import annotations

import json
import resource
from pathlib import Path
from typing import Any

KEYS = ("step", "size", "ours_s", "anchor", "anchor_s", "ratio", "target", "peak_mib",
        "anchor_peak_mib", "note")


def row(step: str, size: int | str, ours_s: float | None, anchor: str, anchor_s: float | None, *,
        ratio: float | None = None, target: str = "", peak_mib: float | None = None,
        anchor_peak_mib: float | None = None, note: str = "",
        met: bool | None = None) -> dict[str, Any]:
    """One result row; ``ratio`` defaults to ``ours_s / anchor_s``."""
    if ratio is None and ours_s is not None and anchor_s:
        ratio = ours_s / anchor_s
    out = {"step": step, "size": size, "ours_s": ours_s, "anchor": anchor,
           "anchor_s": anchor_s, "ratio": ratio, "target": target, "peak_mib": peak_mib,
           "anchor_peak_mib": anchor_peak_mib, "note": note}
    if met is not None:
        out["met"] = met
    return out


def peak_mib() -> float:
    """Peak resident memory of this process so far, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_rows(path: str | Path | None, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` as JSON to ``path`` (nothing when ``path`` is ``None``)."""
    if path is None:
        return
    for r in rows:
        missing = [k for k in KEYS if k not in r]
        if missing:
            raise ValueError(f"result row {r.get('step')!r} lacks {missing}")
    Path(path).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
