"""From groups of items to opinion streams (*luồng ý kiến*) with their attributes.

:func:`dlxh.synthesis.streams.group_items` says which items say the same thing; this module
turns each group into an :class:`~dlxh.model.opinions.OpinionStream`: the representative
statement (an actual item's text), the orientation mix, moods, subject groups, places named
at the synthesis's level, reasons, counts of items and reporting units, first and last seen,
the ids of every item, and the breadth with its evidence.

The items of the previous period are grouped together with this period's, so that each
stream knows how many items it had before (its trend), and a stream that only existed before
is seen fading. Items without a topic or issue label take the issue of their stream (the one
most of its labelled items name): grouping carries labels to the unlabelled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import attrs

from dlxh.model.enums import Breadth, Mood, Orientation
from dlxh.model.ids import content_id
from dlxh.model.opinions import OpinionItem, OpinionStream
from dlxh.synthesis.breadth import estimate_breadth
from dlxh.synthesis.facts import FactBook
from dlxh.synthesis.rollup import Placement
from dlxh.synthesis.settings import SynthesisSettings
from dlxh.synthesis.streams import group_items
from dlxh.synthesis.templates import Templates
from dlxh.text import fold

__all__ = [
    "StreamBuild",
    "StreamContext",
    "build_streams",
    "issue_of",
    "reporting_key",
    "stream_issue",
]

UNCLASSIFIED = ""
"""The issue key of items with neither an ``issue`` label nor a topic."""

_SIDES = (Orientation.APPROVE, Orientation.OPPOSE)


def issue_of(item: OpinionItem) -> str:
    """The issue an item names: its ``issue`` label, else its topic, else ``""``."""
    return item.value("issue") or item.value("topic") or UNCLASSIFIED


def stream_issue(stream: OpinionStream) -> str:
    """The issue of a stream (``""`` when none of its items names one)."""
    return stream.issue_id or UNCLASSIFIED


def reporting_key(item: OpinionItem, placement: Placement | None, leaf: bool) -> str:
    """What counts as one reporting unit: the unit one level below the synthesis's unit, or,
    in a commune-level synthesis, the residential area, place or organisation."""
    if placement is not None and not leaf:
        return placement.place_code
    return (item.area_id or item.place_text or item.organisation_id or item.reporter_id
            or item.report_id or item.unit or "?")


def _place_name(item: OpinionItem, placement: Placement | None, leaf: bool,
                area_names: Mapping[str, str]) -> str | None:
    if placement is not None and not leaf:
        return placement.place_name
    if item.area_id and item.area_id in area_names:
        return area_names[item.area_id]
    return item.place_text


@attrs.define
class StreamContext:
    """What building streams needs besides the items."""

    scope_code: str
    period_code: str
    placements: Mapping[str, Placement]
    leaf: bool
    settings: SynthesisSettings
    templates: Templates
    units_total: int
    """Denominator of the unit share (reporting units, or all units at the level)."""
    group_labels: Mapping[str, str] = attrs.Factory(dict)
    area_names: Mapping[str, str] = attrs.Factory(dict)
    facts: FactBook = attrs.Factory(FactBook)

    def reporter(self, item: OpinionItem) -> str:
        """The reporting unit of ``item``."""
        return reporting_key(item, self.placements.get(item.id), self.leaf)


@attrs.frozen
class StreamBuild:
    """Streams, and what the grouping taught about every item."""

    streams: tuple[OpinionStream, ...]
    issue: Mapping[str, str]
    """Item id -> issue key (its own label, else its stream's), for both periods."""
    previous_counts: Mapping[str, int]
    """Stream id -> items it had in the previous period."""
    vanished: tuple[tuple[str, int], ...] = ()
    """(statement, items) of groups seen only in the previous period."""


def _ranked(counter: Counter[str]) -> list[str]:
    return [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


@attrs.define
class _Counts:
    issue: Counter[tuple[str, str]] = attrs.Factory(Counter)
    side: Counter[tuple[str, str]] = attrs.Factory(Counter)


def _one_stream(members: Sequence[OpinionItem], representative: OpinionItem, key: str,
                issue: str, labelled_issue: bool, counts: _Counts, ctx: StreamContext,
                prefix: str) -> OpinionStream:
    orientations: Counter[Orientation] = Counter()
    moods: Counter[Mood] = Counter()
    groups: Counter[str] = Counter()
    places: Counter[str] = Counter()
    place_codes: set[str] = set()
    reporters: set[str] = set()
    reasons: Counter[str] = Counter()
    reason_text: dict[str, str] = {}
    topics: Counter[str] = Counter()
    stated: list[Breadth] = []
    dates = []
    for item in members:
        facts = ctx.facts(item)
        orientation = facts.orientation
        if orientation is not None:
            orientations[orientation] += 1
        moods.update(facts.moods)
        groups.update(ctx.group_labels.get(g, g) for g in dict.fromkeys(item.groups))
        placement = ctx.placements.get(item.id)
        name = _place_name(item, placement, ctx.leaf, ctx.area_names)
        if name:
            places[name] += 1
        if placement is not None:
            place_codes.add(placement.place_code)
        reporters.add(reporting_key(item, placement, ctx.leaf))
        for reason in item.reasons:
            folded = fold(reason)
            reasons[folded] += 1
            reason_text.setdefault(folded, reason)
        topic = facts.topic
        if topic:
            topics[topic] += 1
        if item.breadth is not None:
            stated.append(item.breadth)
        if item.date is not None:
            dates.append(item.date)
    local = sum(counts.issue.get((issue, r), 0) for r in reporters)
    main = orientations.most_common(1)[0][0] if orientations else None
    side_items = None
    if labelled_issue and main in _SIDES:
        side_items = sum(counts.side.get((issue, r), 0) for r in reporters)
    estimate = estimate_breadth(
        units=len(reporters), units_total=max(ctx.units_total, len(reporters)),
        items=len(members), items_total=max(local, len(members)),
        side_items=None if side_items is None else max(side_items, len(members)),
        stated=tuple(stated), settings=ctx.settings.breadth, templates=ctx.templates,
    )
    place_names = _ranked(places)
    limit = ctx.settings.max_places
    if len(place_names) > limit:
        place_names = [*place_names[:limit], f"và {len(place_names) - limit} địa bàn khác"]
    return OpinionStream(
        id=content_id(prefix, ctx.scope_code, ctx.period_code, key),
        statement=representative.text,
        item_ids=tuple(m.id for m in members),
        issue_id=issue or None,
        topic=_ranked(topics)[0] if topics else None,
        orientations=dict(orientations),
        moods=dict(moods),
        groups=tuple(_ranked(groups)),
        places=tuple(place_names),
        units=tuple(place_codes),
        reasons=tuple(reason_text[k] for k in _ranked(reasons)[:5]),
        unit_count=len(reporters),
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        breadth=estimate.breadth,
        breadth_evidence=estimate.evidence,
    )


def build_streams(
    items: Sequence[OpinionItem],
    ctx: StreamContext,
    *,
    previous: Sequence[OpinionItem] = (),
    prefix: str = "stream",
    progress: Callable[[int, int], None] | None = None,
) -> StreamBuild:
    """Group ``items`` (with ``previous``, the items of the period before) and build one
    stream per group holding items of this period, widest first."""
    current_ids = {i.id for i in items}
    pool = [*items, *(p for p in previous if p.id not in current_ids)]
    if not pool:
        return StreamBuild((), {}, {})
    groups = group_items(pool, settings=ctx.settings.grouping, progress=progress)
    n = len(items)
    # Labels are read once per item: reading one scans the item's labels.
    facts = [ctx.facts(x) for x in pool]
    labelled_issue = [f.issue for f in facts]
    own_issue = [f.issue_key for f in facts]
    orientation_of = [f.orientation for f in facts]
    # Pass 1: the issue of each group, carried to its unlabelled items.
    item_issue: dict[str, str] = {}
    group_issue: list[tuple[str, bool, Orientation | None]] = []
    for group in groups:
        named: Counter[str] = Counter()
        from_label = set()
        sides: Counter[Orientation] = Counter()
        for index in group.members:
            key = own_issue[index]
            if key:
                named[key] += 1
            if labelled_issue[index]:
                from_label.add(labelled_issue[index])
            orientation = orientation_of[index]
            if orientation is not None:
                sides[orientation] += 1
        issue = _ranked(named)[0] if named else UNCLASSIFIED
        main = sides.most_common(1)[0][0] if sides else None
        group_issue.append((issue, issue in from_label, main))
        for index in group.members:
            item_issue[pool[index].id] = own_issue[index] or issue
    # Pass 2: the denominators of the item shares, on this period's items.
    counts = _Counts()
    for group, (_, labelled, main) in zip(groups, group_issue, strict=True):
        for index in group.members:
            if index >= n:
                continue
            item = pool[index]
            cell = (item_issue[item.id], ctx.reporter(item))
            counts.issue[cell] += 1
            side = orientation_of[index] or main
            if labelled and side in _SIDES:
                counts.side[cell] += 1
    # Pass 3: the streams.
    streams: list[OpinionStream] = []
    before: dict[str, int] = {}
    vanished: list[tuple[str, int]] = []
    for group, (issue, labelled, _) in zip(groups, group_issue, strict=True):
        now = [i for i in group.members if i < n]
        old = len(group.members) - len(now)
        if not now:
            vanished.append((pool[group.representative].text, old))
            continue
        representative = group.representative if group.representative < n else now[0]
        stream = _one_stream([pool[i] for i in now], pool[representative], group.key, issue,
                             labelled, counts, ctx, prefix)
        streams.append(stream)
        before[stream.id] = old
    rank = {b: i for i, b in enumerate(Breadth.ordered())}
    streams.sort(key=lambda s: (-(rank[s.breadth] if s.breadth else -1), -s.item_count,
                                -s.unit_count, s.id))
    return StreamBuild(tuple(streams), item_issue, before, tuple(vanished))
