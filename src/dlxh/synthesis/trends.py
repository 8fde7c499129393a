"""Hot issues and trends: issues ranked by spread, weight, intensity and growth.

Growth is measured on *shares*: an issue's part of all items in this period against its part
in the previous period. Twice as many reports with the same mix is no heat; an issue whose
share doubles is rising even when the total fell. See
:class:`~dlxh.synthesis.settings.TrendSettings` for the thresholds and weights.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

import attrs

from dlxh.model.enums import Mood, Orientation
from dlxh.model.labelled import LabelledEnum
from dlxh.model.opinions import OpinionItem, OpinionStream
from dlxh.synthesis.facts import FactBook
from dlxh.synthesis.opinion_streams import stream_issue
from dlxh.synthesis.settings import TrendSettings

__all__ = ["IssueHeat", "StreamTrend", "Trend", "intensity_of", "rank_issues", "stream_trends"]

_STRONG = frozenset({Mood.FRUSTRATED, Mood.INDIGNANT})


class Trend(LabelledEnum):
    """How an issue moved against the previous period (share of all items)."""

    NEW = "new", "Mới xuất hiện"
    RISING = "rising", "Tăng"
    STABLE = "stable", "Ổn định"
    FADING = "fading", "Giảm"
    UNKNOWN = "unknown", "Chưa có số liệu kỳ trước"


@attrs.frozen
class IssueHeat:
    """One issue of the period with the figures that rank it."""

    key: str
    """The issue (its ``issue`` label or topic code; ``""`` when unclassified)."""
    title: str
    items: int
    units: int
    units_total: int
    items_total: int
    intensity: float
    """Part of the issue's items with a pressing mood (*bức xúc, bất bình* count fully,
    *lo lắng, hoài nghi, trăn trở* by ``1 / strong_mood_weight``)."""
    previous_items: int | None
    """Items on the issue in the previous period (``None``: no previous data)."""
    previous_total: int | None
    ratio: float | None
    """This period's share over the previous one's (``None`` when not comparable)."""
    trend: Trend
    score: float
    stream_ids: tuple[str, ...] = ()
    opposing: bool = False
    """True when the issue holds both approving and opposing streams."""

    @property
    def unit_share(self) -> float:
        """Part of the reporting units that raised the issue."""
        return self.units / self.units_total if self.units_total else 0.0

    @property
    def item_share(self) -> float:
        """Part of the period's items on the issue."""
        return self.items / self.items_total if self.items_total else 0.0


def intensity_of(items: Sequence[OpinionItem], strong_weight: float = 2.0,
                 facts: FactBook | None = None) -> float:
    """Part of ``items`` with a pressing mood (see :attr:`IssueHeat.intensity`)."""
    if not items:
        return 0.0
    read = facts or FactBook()
    total = 0.0
    for item in items:
        moods = read(item).moods
        if moods & _STRONG:
            total += 1.0
        elif any(m.is_negative for m in moods):
            total += 1.0 / strong_weight
    return total / len(items)


def _trend(now: int, total_now: int, before: int | None, total_before: int | None,
           s: TrendSettings) -> tuple[Trend, float | None]:
    if before is None or not total_before:
        return Trend.UNKNOWN, None
    if before == 0:
        return (Trend.NEW if now >= s.min_items else Trend.STABLE), None
    share_now = now / total_now if total_now else 0.0
    share_before = before / total_before
    ratio = share_now / share_before
    z = _z(now, total_now, before, total_before)
    if ratio >= s.rising_ratio and now >= s.min_items and z >= s.min_z:
        return Trend.RISING, ratio
    if ratio <= s.fading_ratio and before >= s.min_items and z <= -s.min_z:
        return Trend.FADING, ratio
    return Trend.STABLE, ratio


def _z(now: int, total_now: int, before: int, total_before: int) -> float:
    """The two-proportion z statistic of ``now / total_now`` against ``before /
    total_before``: how many standard errors the share moved (0 when it cannot be told)."""
    if not total_now or not total_before:
        return 0.0
    pooled = (now + before) / (total_now + total_before)
    spread = pooled * (1 - pooled) * (1 / total_now + 1 / total_before)
    if spread <= 0:
        return 0.0
    return (now / total_now - before / total_before) / math.sqrt(spread)


@attrs.frozen
class StreamTrend:
    """How one stream moved against the previous period (share of all items)."""

    stream_id: str | None
    """``None`` for a stream seen only in the previous period."""
    statement: str
    items: int
    previous_items: int | None
    ratio: float | None
    trend: Trend


def stream_trends(
    streams: Sequence[OpinionStream],
    previous_counts: Mapping[str, int],
    vanished: Sequence[tuple[str, int]],
    *,
    total: int,
    previous_total: int | None,
    settings: TrendSettings | None = None,
) -> list[StreamTrend]:
    """The trend of every stream (``previous_total=None``: no previous data), and of the
    streams that vanished (fading when they had at least ``min_items``)."""
    s = settings or TrendSettings()
    out = []
    for stream in streams:
        before = previous_counts.get(stream.id, 0) if previous_total is not None else None
        trend, ratio = _trend(stream.item_count, total, before, previous_total, s)
        out.append(StreamTrend(stream.id, stream.statement, stream.item_count, before, ratio,
                               trend))
    if previous_total:
        for statement, before_count in vanished:
            if before_count >= s.min_items:
                out.append(StreamTrend(None, statement, 0, before_count, 0.0, Trend.FADING))
    return out


def rank_issues(
    current: Sequence[OpinionItem],
    previous: Sequence[OpinionItem] | None,
    streams: Sequence[OpinionStream],
    *,
    issue: Callable[[OpinionItem], str],
    reporter: Callable[[OpinionItem], str],
    units_total: int,
    title: Callable[[str], str],
    settings: TrendSettings | None = None,
    facts: FactBook | None = None,
) -> list[IssueHeat]:
    """Every issue of ``current`` and of ``previous`` (with no item now), hottest first.

    ``previous`` is ``None`` when there is no data for the period before (trends unknown).
    ``reporter`` gives an item's reporting unit; ``units_total`` is the unit denominator.
    """
    s = settings or TrendSettings()
    by_issue: dict[str, list[OpinionItem]] = defaultdict(list)
    for item in current:
        by_issue[issue(item)].append(item)
    before: Counter[str] = Counter(issue(i) for i in previous or ())
    total_before = len(previous) if previous is not None else None
    stream_ids: dict[str, list[OpinionStream]] = defaultdict(list)
    for stream in streams:
        stream_ids[stream_issue(stream)].append(stream)
    total = len(current)
    out: list[IssueHeat] = []
    # Issues heard only before are kept (no item now), so the previous counts add up.
    keys = list(by_issue) + sorted(k for k in before if k not in by_issue)
    for key in keys:
        items = by_issue.get(key, [])
        units = len({reporter(i) for i in items})
        previous_count = before.get(key, 0) if previous is not None else None
        trend, ratio = _trend(len(items), total, previous_count, total_before, s)
        if not items and previous_count:
            ratio = 0.0
            trend = Trend.FADING if previous_count >= s.min_items else Trend.STABLE
        intensity = intensity_of(items, s.strong_mood_weight, facts)
        if trend is Trend.NEW:
            growth = 1.0
        elif ratio is not None and ratio > 0:
            growth = min(max(math.log2(ratio) / 2, 0.0), 1.0)
        else:
            growth = 0.0
        spread = units / units_total if units_total else 0.0
        share = len(items) / total if total else 0.0
        score = (s.weight_spread * spread + s.weight_share * share
                 + s.weight_intensity * intensity + s.weight_growth * growth)
        own = stream_ids.get(key, [])
        sides = {o for st in own for o, _ in st.orientations[:1]}
        out.append(IssueHeat(
            key=key, title=title(key), items=len(items), units=units, units_total=units_total,
            items_total=total, intensity=intensity, previous_items=previous_count,
            previous_total=total_before, ratio=ratio, trend=trend, score=round(score, 6),
            stream_ids=tuple(st.id for st in own),
            opposing=Orientation.APPROVE in sides and Orientation.OPPOSE in sides,
        ))
    out.sort(key=lambda h: (-h.score, -h.items, h.key))
    return out


def by_key(issues: Sequence[IssueHeat]) -> Mapping[str, IssueHeat]:
    """The issues by key."""
    return {h.key: h for h in issues}
