"""Opinion items, labels, issues, streams and recommendations (DOMAIN.md §1–2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from dlxh.model.enums import (
    Breadth,
    Channel,
    CompetentLevel,
    Method,
    Mood,
    Orientation,
    Origin,
    RecommendationStatus,
    ReviewState,
    Scope,
)
from dlxh.model.fields import (
    check_confidence,
    check_id,
    check_kebab,
    counts,
    nfc,
    nfc_opt,
    nfc_tuple,
    sorted_str_tuple,
)
from dlxh.model.sources import SourceRef

__all__ = [
    "Evidence",
    "Issue",
    "Label",
    "OpinionItem",
    "OpinionStream",
    "Recommendation",
]


@attrs.frozen
class Evidence:
    """Why a label was given: the cue that fired and where in the text (character offsets)."""

    cue: str = attrs.field(converter=nfc)
    start: int = 0
    end: int = 0
    note: str = ""


@attrs.frozen
class Label:
    """One label on one dimension (``"topic"``, ``"orientation"``, ``"mood"``, ``"scope"``,
    ``"group"``, ``"origin"``, ``"interest"``, ``"competent-level"`` or a custom one), with its
    provenance: which classifier gave it, in which version, how sure it was, when, and whether a
    person reviewed it. A reviewed label wins over any classifier."""

    dimension: str = attrs.field(validator=check_kebab)
    value: str = attrs.field(converter=nfc)
    confidence: float = attrs.field(default=1.0, converter=float, validator=check_confidence)
    classifier: str = "human"
    classifier_version: str = ""
    assigned_at: dt.datetime | None = None
    review: ReviewState = attrs.field(default=ReviewState.UNREVIEWED, converter=ReviewState)
    reviewed_by: str | None = None
    reviewed_at: dt.datetime | None = None
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=tuple)

    @property
    def reviewed(self) -> bool:
        """True when a person confirmed or corrected this label."""
        return self.review is not ReviewState.UNREVIEWED


def _labels(values: tuple[Label, ...] | list[Label]) -> tuple[Label, ...]:
    return tuple(values)


@attrs.frozen
class OpinionItem:
    """One reported opinion (*tin, phản ánh*): the atomic unit of the work.

    ``text`` keeps what the source said (NFC). ``unit`` is the administrative unit it is
    placed in (resolved by the importer with the report's date); ``place_text`` keeps the place
    as written. ``labels`` carry topic, orientation, moods and the rest, with provenance.
    """

    id: str = attrs.field(validator=check_id)
    text: str = attrs.field(converter=nfc)
    date: dt.date | None = None
    unit: str | None = None
    area_id: str | None = None
    place_text: str | None = attrs.field(default=None, converter=nfc_opt)
    reporter_id: str | None = None
    organisation_id: str | None = None
    report_id: str | None = None
    channel: Channel | None = attrs.field(
        default=None, converter=attrs.converters.optional(Channel)
    )
    method: Method | None = attrs.field(default=None, converter=attrs.converters.optional(Method))
    origin: Origin | None = attrs.field(default=None, converter=attrs.converters.optional(Origin))
    breadth: Breadth | None = attrs.field(
        default=None, converter=attrs.converters.optional(Breadth)
    )
    """Breadth as the source stated it (*đa số, một số...*), if it did."""
    groups: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    """Subject groups (codes of the subject-group taxonomy, or text as written)."""
    reasons: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    labels: tuple[Label, ...] = attrs.field(default=(), converter=_labels)
    source: SourceRef | None = None
    extra: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=tuple)
    """Columns or fields the importer did not map, kept as (name, value) pairs."""

    def labels_for(self, dimension: str) -> tuple[Label, ...]:
        """Every label on ``dimension``, in the order given."""
        return tuple(lb for lb in self.labels if lb.dimension == dimension)

    def label(self, dimension: str) -> Label | None:
        """The label that counts on ``dimension``: a reviewed one if any, else the most
        confident (first on ties); ``None`` when there is none."""
        candidates = self.labels_for(dimension)
        if not candidates:
            return None
        reviewed = [lb for lb in candidates if lb.reviewed]
        pool = reviewed or list(candidates)
        return max(pool, key=lambda lb: lb.confidence)

    def value(self, dimension: str) -> str | None:
        """The value of :meth:`label`, or ``None``."""
        chosen = self.label(dimension)
        return None if chosen is None else chosen.value

    @property
    def orientation(self) -> Orientation | None:
        """The orientation label that counts, as an :class:`Orientation`."""
        value = self.value("orientation")
        return None if value is None else Orientation(value)

    @property
    def moods(self) -> frozenset[Mood]:
        """All moods labelled on the item."""
        return frozenset(Mood(lb.value) for lb in self.labels_for("mood"))


@attrs.frozen
class Issue:
    """A matter people discuss (*vấn đề*): one issue can hold several opinion streams."""

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(converter=nfc)
    topic: str | None = None
    scope: Scope | None = attrs.field(default=None, converter=attrs.converters.optional(Scope))
    description: str = attrs.field(default="", converter=nfc)


def _orientation_counts(
    values: Mapping[Any, int] | Iterable[tuple[Orientation | str, int]],
) -> tuple[tuple[Orientation, int], ...]:
    return counts(Orientation)(values)


def _mood_counts(
    values: Mapping[Any, int] | Iterable[tuple[Mood | str, int]],
) -> tuple[tuple[Mood, int], ...]:
    return counts(Mood)(values)


@attrs.frozen
class OpinionStream:
    """An opinion stream (*luồng ý kiến*): items that say the same thing, across places and
    sources. ``item_ids`` are the ids of every item it summarises (sorted), so that a roll-up
    counts each item once and a reader can go back to the evidence."""

    id: str = attrs.field(validator=check_id)
    statement: str = attrs.field(converter=nfc)
    statement_composed: bool = False
    """True when ``statement`` was composed by dlxh rather than taken from an item."""
    item_ids: tuple[str, ...] = attrs.field(default=(), converter=sorted_str_tuple)
    issue_id: str | None = None
    topic: str | None = None
    orientations: tuple[tuple[Orientation, int], ...] = attrs.field(
        default=(), converter=_orientation_counts
    )
    moods: tuple[tuple[Mood, int], ...] = attrs.field(default=(), converter=_mood_counts)
    groups: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    places: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    """Place names at the synthesis's level."""
    units: tuple[str, ...] = attrs.field(default=(), converter=sorted_str_tuple)
    reasons: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    unit_count: int = 0
    """How many distinct units reported it."""
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    breadth: Breadth | None = attrs.field(
        default=None, converter=attrs.converters.optional(Breadth)
    )
    breadth_evidence: str = ""

    @property
    def item_count(self) -> int:
        """How many items the stream summarises."""
        return len(self.item_ids)


@attrs.frozen
class Recommendation:
    """A recommendation (*kiến nghị, đề xuất*) with the level that must answer it and its
    handling status, carried across periods."""

    id: str = attrs.field(validator=check_id)
    text: str = attrs.field(converter=nfc)
    topic: str | None = None
    competent_level: CompetentLevel | None = attrs.field(
        default=None, converter=attrs.converters.optional(CompetentLevel)
    )
    body: str | None = attrs.field(default=None, converter=nfc_opt)
    """The body that must answer (*cơ quan có thẩm quyền*), when known."""
    status: RecommendationStatus = attrs.field(
        default=RecommendationStatus.NEW, converter=RecommendationStatus
    )
    unit: str | None = None
    date: dt.date | None = None
    report_id: str | None = None
    item_ids: tuple[str, ...] = attrs.field(default=(), converter=sorted_str_tuple)
    answer: str | None = attrs.field(default=None, converter=nfc_opt)
    source: SourceRef | None = None
