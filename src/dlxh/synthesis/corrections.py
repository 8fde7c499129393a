"""Corrections: knowing when a synthesis is stale, and what changed when it is re-run.

A synthesis records the reports it was built from (:class:`InputRecord`: id, revision and
what identifies the report across revisions: sender, period and kind). A report given later
that replaces one of them (``supersedes`` names it, or the same id comes with a higher
``revision``, or the same sender sends a higher revision for the same period and kind) makes
the synthesis stale. :func:`diff_syntheses` compares the old and the re-run synthesis: streams
added, removed and changed (matched by shared items), and the figures that moved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from dlxh.model.opinions import OpinionStream
from dlxh.model.reports import Report

if TYPE_CHECKING:
    from dlxh.synthesis.result import Synthesis

__all__ = [
    "InputRecord",
    "StreamChange",
    "SynthesisDiff",
    "diff_syntheses",
    "input_record",
    "stale_reasons",
]


@attrs.frozen
class InputRecord:
    """A report a synthesis was built from."""

    report_id: str
    revision: int
    organisation_id: str | None = None
    period: str | None = None
    kind: str | None = None

    def same_report(self, report: Report) -> bool:
        """Whether ``report`` is a revision of this one (same sender, period and kind)."""
        return (self.organisation_id is not None
                and report.organisation_id == self.organisation_id
                and self.period is not None and report.period is not None
                and str(report.period) == self.period and str(report.kind) == self.kind)


def input_record(report: Report) -> InputRecord:
    """The record of ``report``."""
    return InputRecord(report.id, report.revision, report.organisation_id,
                       None if report.period is None else str(report.period), str(report.kind))


def stale_reasons(inputs: Sequence[InputRecord], reports: Iterable[Report]) -> list[str]:
    """Why a synthesis built from ``inputs`` is stale given ``reports`` (empty: it is not)."""
    by_id = {r.report_id: r for r in inputs}
    out: list[str] = []
    for report in reports:
        if report.id in by_id and report.revision > by_id[report.id].revision:
            out.append(f"report {report.id} is now at revision {report.revision} "
                       f"(the synthesis used revision {by_id[report.id].revision})")
        elif report.supersedes is not None and report.supersedes in by_id:
            out.append(f"report {report.id} replaces report {report.supersedes}")
        elif report.id not in by_id:
            for record in inputs:
                if record.same_report(report) and report.revision > record.revision:
                    out.append(f"report {report.id} (revision {report.revision}) is a newer "
                               f"revision of report {record.report_id}")
                    break
    return out


@attrs.frozen
class StreamChange:
    """A stream found in both syntheses, with what changed in words."""

    before: OpinionStream
    after: OpinionStream
    changes: tuple[str, ...]


@attrs.frozen
class SynthesisDiff:
    """What changed between two runs of a synthesis."""

    added: tuple[OpinionStream, ...] = ()
    removed: tuple[OpinionStream, ...] = ()
    changed: tuple[StreamChange, ...] = ()
    figures: tuple[tuple[str, float, float], ...] = ()
    """(figure, before, after) for every figure that moved."""

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not (self.added or self.removed or self.changed or self.figures)

    def summary(self) -> list[str]:
        """The changes as lines of text (Vietnamese)."""
        lines = [f"Luồng ý kiến mới: {s.statement}" for s in self.added]
        lines += [f"Luồng ý kiến không còn: {s.statement}" for s in self.removed]
        lines += [f"Thay đổi ở luồng \"{c.after.statement}\": {'; '.join(c.changes)}"
                  for c in self.changed]
        lines += [f"{name}: {before:g} → {after:g}" for name, before, after in self.figures]
        return lines


def _changes(a: OpinionStream, b: OpinionStream) -> tuple[str, ...]:
    out = []
    if a.item_count != b.item_count:
        out.append(f"số ý kiến {a.item_count} → {b.item_count}")
    if a.unit_count != b.unit_count:
        out.append(f"số địa bàn {a.unit_count} → {b.unit_count}")
    if a.breadth != b.breadth:
        before = a.breadth.label if a.breadth else "-"
        after = b.breadth.label if b.breadth else "-"
        out.append(f"độ rộng {before} → {after}")
    if a.orientations != b.orientations:
        out.append("khuynh hướng thay đổi")
    if a.statement != b.statement:
        out.append("nội dung tiêu biểu thay đổi")
    return tuple(out)


def diff_syntheses(before: Synthesis, after: Synthesis) -> SynthesisDiff:
    """Compare two syntheses of the same unit and period (see the module docs). Streams are
    matched by the largest share of common items (Jaccard), each at most once."""
    old = {s.id: s for s in before.streams}
    new = {s.id: s for s in after.streams}
    owner: dict[str, str] = {}
    for stream in before.streams:
        for item_id in stream.item_ids:
            owner[item_id] = stream.id
    pairs: list[tuple[float, str, str]] = []
    for stream in after.streams:
        common: dict[str, int] = {}
        for item_id in stream.item_ids:
            sid = owner.get(item_id)
            if sid is not None:
                common[sid] = common.get(sid, 0) + 1
        for sid, n in common.items():
            union = len(old[sid].item_ids) + stream.item_count - n
            pairs.append((n / union if union else 0.0, sid, stream.id))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_old: set[str] = set()
    used_new: set[str] = set()
    changed: list[StreamChange] = []
    for _, sid, nid in pairs:
        if sid in used_old or nid in used_new:
            continue
        used_old.add(sid)
        used_new.add(nid)
        what = _changes(old[sid], new[nid])
        if what:
            changed.append(StreamChange(old[sid], new[nid], what))
    figures = []
    a, b = before.figures(), after.figures()
    for name in a:
        if name in b and a[name] != b[name]:
            figures.append((name, a[name], b[name]))
    return SynthesisDiff(
        added=tuple(s for s in after.streams if s.id not in used_new),
        removed=tuple(s for s in before.streams if s.id not in used_old),
        changed=tuple(changed),
        figures=tuple(figures),
    )
