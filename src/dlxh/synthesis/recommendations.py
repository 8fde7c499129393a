"""Recommendations (*kiến nghị, đề xuất*): deduplicated, grouped by the level that must
answer and by topic, with their handling status carried across periods.

Recommendations of this period and the earlier ones the caller passes are grouped together
(the same grouping as opinion items, within each competent level). A group that holds an
earlier recommendation continues it: it keeps that recommendation's id, first date and
status (the most advanced one when several earlier copies are given). An earlier
recommendation still open (new, forwarded, in progress) that nobody raised again this period
is *outstanding*: listed apart, with its age in days at the end of the period.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from dlxh.model.enums import CompetentLevel, RecommendationStatus
from dlxh.model.ids import content_id
from dlxh.model.opinions import Label, OpinionItem, Recommendation
from dlxh.synthesis.streams import GroupingSettings, group_items

__all__ = ["RecommendationDigest", "RecommendationGroup", "age_days", "digest_recommendations"]

_PROGRESS = {
    RecommendationStatus.NEW: 0,
    RecommendationStatus.FORWARDED: 1,
    RecommendationStatus.IN_PROGRESS: 2,
    RecommendationStatus.NOT_COMPETENT: 3,
    RecommendationStatus.ANSWERED: 4,
    RecommendationStatus.RESOLVED: 5,
}
_LEVEL_ORDER = {level: i for i, level in enumerate(CompetentLevel)}


@attrs.frozen
class RecommendationGroup:
    """The recommendations for one competent level and one topic."""

    level: CompetentLevel | None
    topic: str | None
    recommendations: tuple[Recommendation, ...]


@attrs.frozen
class RecommendationDigest:
    """What :func:`digest_recommendations` found."""

    current: tuple[Recommendation, ...]
    """This period's recommendations, one per group, status carried."""
    outstanding: tuple[Recommendation, ...]
    """Earlier open recommendations not raised again, oldest first."""
    groups: tuple[RecommendationGroup, ...]
    """``current`` by competent level, then topic."""
    raw_count: int
    """How many recommendations of this period came in before deduplication."""
    merged_from: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(recommendation id, ids it merges) for every merged one."""


def age_days(rec: Recommendation, on: dt.date) -> int | None:
    """Days from the recommendation's date to ``on`` (``None`` when undated)."""
    return None if rec.date is None else (on - rec.date).days


def _as_item(rec: Recommendation) -> OpinionItem:
    labels = (Label("topic", rec.topic),) if rec.topic else ()
    return OpinionItem(id=rec.id, text=rec.text, date=rec.date, unit=rec.unit, labels=labels)


def _sort_key(rec: Recommendation) -> tuple[dt.date, str]:
    return (rec.date or dt.date.max, rec.id)


def _merge(members: Sequence[Recommendation], earlier: Sequence[Recommendation],
           representative: Recommendation, scope: str) -> Recommendation:
    everything = [*earlier, *members]
    if earlier:
        base = min(earlier, key=_sort_key)
        status = max((r.status for r in earlier), key=lambda st: _PROGRESS[st])
        rec_id = base.id
    else:
        base = representative
        status = max((r.status for r in members), key=lambda st: _PROGRESS[st])
        rec_id = (members[0].id if len(members) == 1
                  else content_id("rec", scope, *sorted(r.id for r in members)))
    topics = Counter(r.topic for r in everything if r.topic)
    dates = [r.date for r in everything if r.date is not None]
    item_ids = {i for r in everything for i in r.item_ids}
    body = next((r.body for r in [base, *everything] if r.body), None)
    answer = next((r.answer for r in [base, *earlier] if r.answer), None)
    return attrs.evolve(
        base, id=rec_id, status=status, item_ids=tuple(item_ids),
        topic=topics.most_common(1)[0][0] if topics else None,
        date=min(dates) if dates else None, body=body, answer=answer,
    )


def digest_recommendations(
    current: Iterable[Recommendation],
    earlier: Iterable[Recommendation] = (),
    *,
    scope: str = "",
    grouping: GroupingSettings | None = None,
) -> RecommendationDigest:
    """Deduplicate ``current``, carry the status of ``earlier`` ones, list the outstanding
    ones (see the module docs). ``scope`` enters the ids of merged recommendations."""
    now = {r.id: r for r in current}
    before = {r.id: r for r in earlier if r.id not in now}
    pool = sorted([*now.values(), *before.values()], key=lambda r: r.id)
    by_level: dict[CompetentLevel | None, list[Recommendation]] = {}
    for rec in pool:
        by_level.setdefault(rec.competent_level, []).append(rec)
    merged: list[Recommendation] = []
    outstanding: list[Recommendation] = []
    merged_from: list[tuple[str, tuple[str, ...]]] = []
    for level in sorted(by_level, key=lambda lv: _LEVEL_ORDER.get(lv, 99) if lv else 99):
        recs = by_level[level]
        groups = group_items([_as_item(r) for r in recs], settings=grouping)
        for group in groups:
            members = [recs[i] for i in group.members if recs[i].id in now]
            old = [recs[i] for i in group.members if recs[i].id not in now]
            if members:
                one = _merge(members, old, recs[group.representative], scope)
                merged.append(one)
                if len(members) + len(old) > 1:
                    merged_from.append((one.id, tuple(sorted(r.id for r in [*old, *members]))))
            elif any(r.status.is_open for r in old):
                one = _merge([], old, recs[group.representative], scope)
                if one.status.is_open:
                    outstanding.append(one)
    merged.sort(key=lambda r: (_LEVEL_ORDER.get(r.competent_level, 99)
                               if r.competent_level else 99, r.topic or "~", _sort_key(r)))
    outstanding.sort(key=_sort_key)
    grouped: dict[tuple[CompetentLevel | None, str | None], list[Recommendation]] = {}
    for rec in merged:
        grouped.setdefault((rec.competent_level, rec.topic), []).append(rec)
    return RecommendationDigest(
        current=tuple(merged),
        outstanding=tuple(outstanding),
        groups=tuple(RecommendationGroup(lv, tp, tuple(rs)) for (lv, tp), rs in grouped.items()),
        raw_count=len(now),
        merged_from=tuple(merged_from),
    )
