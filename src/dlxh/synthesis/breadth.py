"""Breadth (*độ rộng*) of a stream, from the share of reporting units and of items.

See :class:`~dlxh.synthesis.settings.BreadthSettings` for the rule and its thresholds. The
estimate always comes with its evidence, in words, so that a reader can check it.
"""

from __future__ import annotations

import attrs

from dlxh.model.enums import Breadth
from dlxh.synthesis.settings import BreadthSettings
from dlxh.synthesis.templates import Templates, default_templates

__all__ = ["BreadthEstimate", "breadth_for_score", "estimate_breadth", "percent"]


def percent(share: float) -> str:
    """``0.375`` as ``"37,5%"`` (Vietnamese decimal comma), whole numbers without decimals."""
    value = round(share * 100, 1)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{text}%"


def breadth_for_score(score: float, settings: BreadthSettings | None = None) -> Breadth:
    """The breadth whose threshold ``score`` reaches (widest first)."""
    s = settings or BreadthSettings()
    ladder = (
        (s.overwhelming_majority, Breadth.OVERWHELMING_MAJORITY),
        (s.majority, Breadth.MAJORITY),
        (s.large_number, Breadth.LARGE_NUMBER),
        (s.many_opinions, Breadth.MANY_OPINIONS),
        (s.part, Breadth.PART),
        (s.some_people, Breadth.SOME_PEOPLE),
    )
    for threshold, breadth in ladder:
        if score >= threshold:
            return breadth
    return Breadth.SOMEONE


@attrs.frozen
class BreadthEstimate:
    """A breadth with the figures behind it."""

    breadth: Breadth
    score: float
    unit_share: float
    item_share: float
    side_share: float | None
    evidence: str


def _num(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def estimate_breadth(
    *,
    units: int,
    units_total: int,
    items: int,
    items_total: int,
    side_items: int | None = None,
    stated: tuple[Breadth, ...] = (),
    settings: BreadthSettings | None = None,
    templates: Templates | None = None,
) -> BreadthEstimate:
    """Estimate a stream's breadth (see :class:`~dlxh.synthesis.settings.BreadthSettings`).

    ``units`` of ``units_total`` reporting units reported the stream; it has ``items`` of the
    ``items_total`` items on its issue in those units; ``side_items`` is the number of
    approving and opposing items on its issue there, when the issue is known. ``stated`` are
    the breadths lower reports gave: shown in the evidence, not scored (a lower level's *đa
    số* is of its own people).
    """
    s = settings or BreadthSettings()
    t = templates or default_templates()
    unit_share = units / units_total if units_total else 0.0
    item_share = items / items_total if items_total else 0.0
    score = unit_share
    notes: list[str] = []
    if s.minority_share > 0 and item_share < s.minority_share:
        score *= item_share / s.minority_share
        notes.append(t.render("breadth_note_minority", item_share=percent(item_share)))
    side_share = None
    if side_items:
        side_share = min(items / side_items, 1.0)
        if s.opposing_cap and side_share < score:
            score = side_share
            notes.append(t.render("breadth_note_side", side_share=percent(side_share)))
    breadth = breadth_for_score(score, s)
    if items < s.min_items_for_some:
        cap = Breadth.SOMEONE
    elif units < s.min_units_for_large:
        cap = Breadth.MANY_OPINIONS
    else:
        cap = Breadth.OVERWHELMING_MAJORITY
    if breadth > cap:
        breadth = cap
        notes.append(t.render("breadth_note_cap", cap=cap.label.lower(), items=items,
                              units=units))
    if stated:
        named = ", ".join(sorted({b.label.lower() for b in stated}))
        notes.append(t.render("breadth_note_stated", stated=named))
    evidence = t.render(
        "breadth_evidence",
        units=units, units_total=units_total, unit_share=percent(unit_share),
        items=items, items_total=items_total, item_share=percent(item_share),
        score=_num(score), breadth=breadth.label.lower(),
        note="".join(f"; {n}" for n in notes),
    )
    return BreadthEstimate(breadth, score, unit_share, item_share, side_share, evidence)
