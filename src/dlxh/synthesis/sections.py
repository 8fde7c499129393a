"""The sections of a synthesis, in the usual order (DOMAIN.md §3), from templates.

I. general state of thinking and mood; II. issues of concern, by topic, each with its
streams (opposing streams of one issue side by side); III. pressing issues; IV.
recommendations (the exporters list them by competent level in this section), with the
earlier ones still unanswered and their age; V. what to watch next period, with the rumours to
verify, the blind spots and the missing reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from dlxh.model.enums import Mood, Orientation, Scope
from dlxh.model.opinions import OpinionItem, OpinionStream, Recommendation
from dlxh.model.periods import Period
from dlxh.model.reports import Section
from dlxh.model.units import AdminUnit
from dlxh.synthesis.breadth import percent
from dlxh.synthesis.completeness import Completeness
from dlxh.synthesis.facts import FactBook
from dlxh.synthesis.opinion_streams import stream_issue
from dlxh.synthesis.recommendations import RecommendationDigest, age_days
from dlxh.synthesis.settings import TrendSettings
from dlxh.synthesis.templates import Templates
from dlxh.synthesis.trends import IssueHeat, StreamTrend, Trend

__all__ = ["SectionInputs", "build_sections"]


@attrs.define
class SectionInputs:
    """What the sections are written from."""

    period: Period
    place_name: str
    units_total: int
    units_reporting: int
    opinions: Sequence[OpinionItem]
    streams: Sequence[OpinionStream]
    rumours: Sequence[OpinionStream]
    issues: Sequence[IssueHeat]
    recommendations: RecommendationDigest
    completeness: Completeness | None
    blind_spots: Sequence[AdminUnit]
    title: Callable[[str], str]
    trends: TrendSettings
    stream_trends: Sequence[StreamTrend] = ()
    max_blind_spots: int = 15
    by_scope: bool = False
    """Section II by scope (international, national, local), then issue; else by issue."""
    scope_of: Mapping[str, Scope | None] = attrs.Factory(dict)
    """Issue key -> the scope most of its items carry."""
    facts: FactBook = attrs.Factory(FactBook)


def _trend_text(t: Templates, issue: IssueHeat) -> str:
    ratio = "" if issue.ratio is None else f"{issue.ratio:.1f}".replace(".", ",")
    key = {Trend.NEW: "trend_new", Trend.RISING: "trend_rising", Trend.FADING: "trend_fading",
           Trend.STABLE: "trend_stable", Trend.UNKNOWN: "trend_unknown"}[issue.trend]
    return t.render(key, ratio=ratio)


def _mood_section(t: Templates, x: SectionInputs) -> Section:
    paragraphs: list[str] = []
    if not x.opinions:
        paragraphs.append(t.render("mood_empty", period_label=x.period.label.lower(),
                                   unit_name=x.place_name))
    else:
        paragraphs.append(t.render(
            "mood_overview", period_label=x.period.label.lower(), item_count=len(x.opinions),
            unit_count=x.units_reporting, unit_total=x.units_total, unit_name=x.place_name,
            stream_count=len(x.streams), issue_count=sum(1 for i in x.issues if i.items),
        ))
        read = x.facts
        sides = Counter(o for i in x.opinions if (o := read(i).orientation) is not None)
        oriented = sum(sides.values())
        if oriented:
            text = "; ".join(f"{o.label.lower()} {percent(n / oriented)}"
                             for o, n in sorted(sides.items(), key=lambda kv: -kv[1]))
            paragraphs.append(t.render("mood_orientation", orientation_text=text))
        moods: Counter[Mood] = Counter()
        for item in x.opinions:
            moods.update(read(item).moods)
        if moods:
            text = ", ".join(f"{m.label.lower()} ({n} ý kiến)" for m, n in moods.most_common(4))
            paragraphs.append(t.render("mood_moods", mood_text=text))
        approve = sides.get(Orientation.APPROVE, 0)
        if oriented and approve / oriented >= 0.5:
            paragraphs.append(t.render("mood_positive", approve_share=percent(approve / oriented)))
        negative = sum(1 for i in x.opinions if any(m.is_negative for m in read(i).moods))
        if negative / len(x.opinions) >= 0.2:
            paragraphs.append(t.render("mood_negative",
                                       negative_share=percent(negative / len(x.opinions))))
    return Section(t.render("section_mood"), paragraphs=paragraphs)


def _issues_section(t: Templates, x: SectionInputs) -> Section:
    by_issue: dict[str, list[OpinionStream]] = {}
    for stream in x.streams:
        by_issue.setdefault(stream_issue(stream), []).append(stream)
    ordered = sorted((i for i in x.issues if i.items), key=lambda i: (-i.items, i.key))

    def one(issue: IssueHeat) -> Section:
        streams = by_issue.get(issue.key, [])
        paragraphs = [t.render("issue_intro", title=issue.title, item_count=issue.items,
                               unit_count=issue.units, stream_count=len(streams))]
        if issue.opposing:
            paragraphs.append(t.render("issue_opposing"))
        ids: Any = tuple(s.id for s in streams)  # attrs types the tuple converter loosely
        return Section(issue.title, paragraphs=paragraphs, stream_ids=ids)

    if x.by_scope:
        subsections = []
        for scope in [*Scope, None]:
            mine = [i for i in ordered if x.scope_of.get(i.key) == scope]
            if mine:
                title = scope.label if scope is not None else t.render("scope_unknown")
                subsections.append(Section(title, subsections=[one(i) for i in mine]))
        intro = "issues_by_scope"
    else:
        subsections = [one(i) for i in ordered]
        intro = "issues_by_topic"
    paragraphs = [t.render(intro)] if subsections else []
    return Section(t.render("section_issues"), paragraphs=paragraphs, subsections=subsections)


def _pressing_section(t: Templates, x: SectionInputs) -> Section:
    hot = [i for i in x.issues if i.items and i.score >= x.trends.min_score][: x.trends.top]
    paragraphs: list[str] = [
        t.render("pressing_item", rank=rank, title=issue.title, item_count=issue.items,
                 unit_count=issue.units, unit_total=issue.units_total,
                 unit_share=percent(issue.unit_share),
                 intensity_share=percent(issue.intensity), trend_text=_trend_text(t, issue))
        for rank, issue in enumerate(hot, 1)
    ]
    if not paragraphs:
        paragraphs.append(t.render("pressing_none"))
    return Section(t.render("section_pressing"), paragraphs=paragraphs)


def _level(rec: Recommendation) -> str:
    return rec.competent_level.label if rec.competent_level else "chưa xác định cấp"


def _recommendations_section(t: Templates, x: SectionInputs) -> Section:
    digest = x.recommendations
    if digest.current:
        paragraphs = [t.render("recommendations_intro", count=len(digest.current),
                               raw_count=digest.raw_count)]
    else:
        paragraphs = [t.render("recommendations_none")]
    subsections = []
    if digest.outstanding:
        lines = []
        for rec in digest.outstanding:
            age = age_days(rec, x.period.end)
            lines.append(t.render(
                "outstanding_item", text=rec.text, level=_level(rec),
                status=rec.status.label.lower(), age_days="?" if age is None else age,
                date="?" if rec.date is None else f"{rec.date:%d/%m/%Y}",
            ))
        subsections.append(Section(t.render("outstanding_title"), paragraphs=lines))
    return Section(t.render("section_recommendations"), paragraphs=paragraphs,
                   subsections=subsections)


def _watch_section(t: Templates, x: SectionInputs) -> Section:
    paragraphs = []
    watch = [i for i in x.issues if i.trend in (Trend.NEW, Trend.RISING) and i.items]
    if watch:
        paragraphs.append(t.render("watch_rising", titles="; ".join(
            f"{i.title} ({i.trend.label.lower()})" for i in watch)))
    rising = [m for m in x.stream_trends
              if m.stream_id and m.trend in (Trend.NEW, Trend.RISING)][:5]
    if rising:
        paragraphs.append(t.render("watch_streams", statements="; ".join(
            f"\u201c{m.statement}\u201d ({m.trend.label.lower()})" for m in rising)))
    if x.blind_spots:
        names = [u.name for u in x.blind_spots[: x.max_blind_spots]]
        if len(x.blind_spots) > x.max_blind_spots:
            names.append(f"và {len(x.blind_spots) - x.max_blind_spots} địa bàn khác")
        paragraphs.append(t.render("watch_blind_spots", count=len(x.blind_spots),
                                   names=", ".join(names)))
    if x.completeness is not None and (x.completeness.total.missing
                                       or x.completeness.total.late):
        paragraphs.append(t.render("watch_missing", count=x.completeness.total.missing,
                                   late=x.completeness.total.late))
    subsections = []
    if x.rumours:
        paragraphs.append(t.render("watch_rumours", statements="; ".join(
            f"\u201c{r.statement}\u201d" for r in x.rumours[:5])))
        subsections.append(Section(t.render("rumours_title"), paragraphs=[
            t.render("rumour_item", statement=r.statement, item_count=r.item_count,
                     unit_count=r.unit_count) for r in x.rumours
        ]))
    if not paragraphs:
        paragraphs.append(t.render("watch_default"))
    return Section(t.render("section_watch"), paragraphs=paragraphs, subsections=subsections)


def build_sections(t: Templates, x: SectionInputs) -> tuple[Section, ...]:
    """The five sections, numbered I. to V."""
    sections = (_mood_section(t, x), _issues_section(t, x), _pressing_section(t, x),
                _recommendations_section(t, x), _watch_section(t, x))
    numerals = ("I.", "II.", "III.", "IV.", "V.")
    return tuple(attrs.evolve(s, number=n) for s, n in zip(sections, numerals, strict=True))


