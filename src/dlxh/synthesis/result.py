"""The result of a synthesis: a report of kind synthesis, its streams and everything behind.

A :class:`Synthesis` has ``report``, ``streams``, ``items``, ``recommendations``, ``tables``
and ``charts``, so ``dlxh.write(syn, "tong-hop.docx")`` (or ``.xlsx``, ``.md``, ``.html``)
writes it as a document with its annex. It can also be given to a higher level's
:func:`~dlxh.synthesis.synthesize`: its items carry the provenance that keeps each item
counted once.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from dlxh.errors import Problem
from dlxh.exporters.document import Chart, Table
from dlxh.model.opinions import OpinionItem, OpinionStream, Recommendation
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.model.units import AdminUnit
from dlxh.synthesis.completeness import Completeness
from dlxh.synthesis.corrections import (
    InputRecord,
    SynthesisDiff,
    diff_syntheses,
    stale_reasons,
)
from dlxh.synthesis.recommendations import RecommendationGroup
from dlxh.synthesis.trends import IssueHeat, StreamTrend

__all__ = ["Synthesis"]


@attrs.frozen(eq=False)
class Synthesis:
    """A synthesis (*báo cáo tổng hợp*) of one unit for one period."""

    report: Report
    """The report, kind ``SYNTHESIS``, sections in the usual order (DOMAIN.md §3)."""
    streams: tuple[OpinionStream, ...]
    """The opinion streams, widest first; rumours are not among them."""
    items: tuple[OpinionItem, ...]
    """Every item counted (each once), rumours included: the provenance of the streams."""
    period: Period
    unit: AdminUnit | None
    """The unit synthesised (``None``: the whole country)."""
    recommendations: tuple[Recommendation, ...] = ()
    """This period's recommendations, deduplicated, with their status carried."""
    outstanding: tuple[Recommendation, ...] = ()
    """Earlier recommendations still waiting for an answer, not raised again."""
    recommendation_groups: tuple[RecommendationGroup, ...] = ()
    rumours: tuple[OpinionStream, ...] = ()
    """Unverified rumours (origin ``rumour``), grouped like streams, never counted as
    opinion."""
    issues: tuple[IssueHeat, ...] = ()
    """Issues ranked by heat, with their trend against the previous period."""
    stream_trends: tuple[StreamTrend, ...] = ()
    """The trend of each stream against the previous period (and of streams that vanished)."""
    completeness: Completeness | None = None
    """Reporting rates, when reporting lines were given."""
    blind_spots: tuple[AdminUnit, ...] = ()
    """Units at the level below with no item in the period (*vùng trũng dư luận*)."""
    quality: tuple[tuple[str, tuple[Problem, ...]], ...] = ()
    """(report id, its quality problems) for every incoming report."""
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    problems: tuple[Problem, ...] = ()
    """Problems met on the way (items left out, units mapped, reports superseded...) and the
    quality problems of the incoming reports."""
    inputs: tuple[InputRecord, ...] = ()
    """The reports the synthesis was built from (for :meth:`is_stale`)."""
    previous_items: int | None = None
    """Items of the previous period used for trends (``None``: none given)."""

    @property
    def unit_code(self) -> str | None:
        """The code of the unit synthesised."""
        return None if self.unit is None else self.unit.code

    @property
    def tracked_recommendations(self) -> tuple[Recommendation, ...]:
        """This period's and the outstanding recommendations: what to pass as
        ``previous_recommendations`` to the next period's synthesis."""
        return self.recommendations + self.outstanding

    def stream(self, stream_id: str) -> OpinionStream:
        """The stream with this id (``KeyError`` otherwise)."""
        for stream in self.streams:
            if stream.id == stream_id:
                return stream
        raise KeyError(f"no stream {stream_id!r} in this synthesis")

    def stale_reasons(self, reports: Iterable[Report]) -> list[str]:
        """Why this synthesis is out of date given ``reports`` (empty when it is not)."""
        return stale_reasons(self.inputs, reports)

    def is_stale(self, reports: Iterable[Report]) -> bool:
        """True when one of ``reports`` revises a report this synthesis was built from."""
        return bool(self.stale_reasons(reports))

    def diff(self, newer: Synthesis) -> SynthesisDiff:
        """What changed in ``newer`` (a re-run) against this synthesis."""
        return diff_syntheses(self, newer)

    def figures(self) -> dict[str, float]:
        """The headline figures, by Vietnamese name (for diffs and dashboards)."""
        out: dict[str, float] = {
            "Số ý kiến": float(len(self.items) - sum(r.item_count for r in self.rumours)),
            "Số luồng ý kiến": float(len(self.streams)),
            "Số tin đồn": float(sum(r.item_count for r in self.rumours)),
            "Số kiến nghị": float(len(self.recommendations)),
            "Số kiến nghị chưa trả lời từ kỳ trước": float(len(self.outstanding)),
            "Số địa bàn chưa có ý kiến": float(len(self.blind_spots)),
        }
        if self.completeness is not None:
            total = self.completeness.total
            out["Số báo cáo phải gửi"] = float(total.expected)
            out["Số báo cáo đã nhận"] = float(total.received)
            out["Số báo cáo chậm"] = float(total.late)
            out["Số báo cáo chưa gửi"] = float(total.missing)
        for issue in self.issues:
            if issue.items:
                out[f"Số ý kiến: {issue.title}"] = float(issue.items)
        return out
