"""The settings of a synthesis: every threshold and weight, documented, with defaults.

Pass ``settings=SynthesisSettings(breadth=BreadthSettings(majority=0.6))`` to
:func:`dlxh.synthesis.synthesize`; ``attrs.evolve`` changes one field of the defaults.
"""

from __future__ import annotations

import attrs

from dlxh.errors import ConfigurationError
from dlxh.synthesis.streams import GroupingSettings

__all__ = [
    "BreadthSettings",
    "QualitySettings",
    "SynthesisSettings",
    "TrendSettings",
]


def _share(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ConfigurationError(f"{attribute.name} must be between 0 and 1, got {value}")


@attrs.frozen
class BreadthSettings:
    """How the breadth (*độ rộng*) of a stream is estimated.

    The score starts from the **unit share**: the part of the reporting units (communes under
    a province, provinces under the centre, residential areas or sources under a commune) that
    reported the stream. Two item shares then lower it when the items say the stream is a
    minority:

    - the **local item share**, the stream's part of the items on its issue in the units where
      it was reported: below ``minority_share`` the score is scaled down in proportion (a view
      heard everywhere but from few people is not held by the many);
    - when items name their issue (an ``issue`` label, so that streams on one matter are
      known), the **side share**, the stream's part of the approving and opposing items on
      that issue in its units: the score is at most that (two opposing streams cannot both be
      held by *đa số*). ``opposing_cap=False`` turns this off.

    The score is compared with the thresholds below, widest first; below ``some_people`` the
    breadth is *có người*.
    """

    minority_share: float = attrs.field(default=0.2, validator=_share)
    """Local item share under which the score is scaled down (0 turns scaling off)."""
    opposing_cap: bool = True
    overwhelming_majority: float = attrs.field(default=0.90, validator=_share)
    """Score from which a stream is held by *tuyệt đại đa số*."""
    majority: float = attrs.field(default=0.65, validator=_share)
    """*Đa số*."""
    large_number: float = attrs.field(default=0.50, validator=_share)
    """*Số đông*."""
    many_opinions: float = attrs.field(default=0.30, validator=_share)
    """*Nhiều ý kiến*."""
    part: float = attrs.field(default=0.15, validator=_share)
    """*Một bộ phận*."""
    some_people: float = attrs.field(default=0.05, validator=_share)
    """*Một số người*; below it, *có người*."""
    min_units_for_large: int = 3
    """A stream reported from fewer units is at most *nhiều ý kiến*, whatever its shares."""
    min_items_for_some: int = 2
    """A stream of fewer items is *có người*."""
    unit_base: str = attrs.field(default="reporting")
    """Denominator of the unit share: ``"reporting"`` (units that reported anything in the
    period) or ``"all"`` (every unit at the synthesis's level, blind spots included)."""

    def __attrs_post_init__(self) -> None:
        ladder = [self.overwhelming_majority, self.majority, self.large_number,
                  self.many_opinions, self.part, self.some_people]
        if ladder != sorted(ladder, reverse=True):
            raise ConfigurationError(f"breadth thresholds must decrease, got {ladder}")
        if self.unit_base not in ("reporting", "all"):
            raise ConfigurationError(
                f"unit_base must be 'reporting' or 'all', got {self.unit_base!r}"
            )


@attrs.frozen
class TrendSettings:
    """How issues are ranked and their trend flagged.

    Growth compares an issue's (or a stream's) *share* of all items in this period with its
    share in the previous period, so that a period with twice the reports does not make every
    issue "rising"; the move must also be beyond chance (``min_z``).

    The heat score is a weighted sum of the issue's unit share (spread), its item share
    (weight in the period), its intensity (the part of its items with a pressing mood,
    *bức xúc* and *bất bình* counting ``strong_mood_weight`` times) and its growth.
    """

    rising_ratio: float = 1.25
    """Share ratio (this period / previous) from which an issue or stream is rising."""
    fading_ratio: float = 0.8
    """Share ratio at or below which an issue or stream is fading."""
    min_items: int = 3
    """Fewer items (now for rising and new, before for fading) flag nothing."""
    min_z: float = 1.96
    """A share must also move by this many standard errors (two-proportion z test, 95%) to
    count as rising or fading: small counts move by chance."""
    weight_spread: float = 0.35
    weight_share: float = 0.15
    weight_intensity: float = 0.30
    weight_growth: float = 0.20
    strong_mood_weight: float = 2.0
    top: int = 5
    """How many issues the section on pressing issues names."""
    min_score: float = 0.15
    """Issues scoring lower are not named as pressing."""


@attrs.frozen
class QualitySettings:
    """The quality checks on incoming reports."""

    min_items_one_sided: int = 3
    """A report with at least this many oriented items, all one way, shows one side only."""
    max_unoriented_share: float = attrs.field(default=0.5, validator=_share)
    """A report whose items lack an orientation beyond this share lists events with no
    analysis."""
    rumour_cues: tuple[str, ...] = (
        "nghe noi", "tin don", "don rang", "nghe don", "co tin cho rang", "chua kiem chung",
        "lan truyen tren mang",
    )
    """Folded phrases that mark a rumour in an item's text."""


@attrs.frozen
class SynthesisSettings:
    """All the settings of a synthesis."""

    def __attrs_post_init__(self) -> None:
        if self.issues_by not in ("topic", "scope"):
            raise ConfigurationError(
                f"issues_by must be 'topic' or 'scope', got {self.issues_by!r}"
            )

    breadth: BreadthSettings = attrs.Factory(BreadthSettings)
    trends: TrendSettings = attrs.Factory(TrendSettings)
    quality: QualitySettings = attrs.Factory(QualitySettings)
    grouping: GroupingSettings | None = None
    """Passed to :func:`dlxh.synthesis.streams.group_items` (its defaults when ``None``)."""
    issues_by: str = attrs.field(default="topic")
    """How section II is organised: ``"topic"`` (one subsection per issue, widest first) or
    ``"scope"`` (international, national, local, each with its issues; the scope of an issue
    is the one most of its items carry in a ``scope`` label)."""
    max_places: int = 8
    """Places named per stream in the text (all are kept in the stream's ``units``)."""
    max_blind_spots_named: int = 15
    charts: bool | None = None
    """Add charts to the annex: ``None`` (the default) when the ``dlxh[charts]`` extra
    (matplotlib) is installed, so that writing a document never fails for want of it."""
