"""Opinion streams: which items say the same thing (issue 8, item 1).

:func:`group_items` puts items that say the same thing into one :class:`ItemGroup`: copies,
near-copies, typos, texts typed without diacritics, and the same meaning in other words. It
never compares all pairs:

1. **Distinct texts.** Everything below runs once per distinct text, then once per distinct
   text without its place names, then once per distinct *feature key* (texts that differ
   only by place, case, diacritics, stopwords or repaired typos share one key).
2. **Features** (:mod:`dlxh.synthesis.similarity`): places out, folded syllables, typos
   repaired against the data's own vocabulary, terms of the concept thesaurus
   (:mod:`dlxh.synthesis.concepts`) replaced by concept ids, unigrams and bigrams weighted by
   inverse document frequency, the ``topic`` label and the subject groups the items name
   (``group_weight``, beside the words, never alone) as more features.
3. **Blocks.** Rumours and reported opinion are apart; the ``issue`` label, when two items
   both carry one, keeps them apart; and so does orientation (labels when present, else the
   orientation most labelled items of the same wording carry, else the lexicon classifier's
   orientation cues, which tell approval from the rest; a weak reading of approval, below
   ``cue_confidence``, keeps nothing apart; a weak reading of opposing or unease, below
   ``weak_confidence``, keeps the item from approving clusters without closing the cluster
   it joins; a firm reading of opposing or of unease, at ``side_confidence``, keeps the
   item from those read firmly as the other). Where neither side comes from a label, a
   wording or cluster meets one of another side (an unknown one included) only when the
   same subject groups raise them (``side_groups``), in steps 4 and 5; and a wording joins
   a cluster only when most of the groups its items name are among the cluster's people
   (``join_groups``), whatever the sides.
   With ``topic_cues``, an item without a ``topic`` label gets the topic the cues read, used
   only in step 5.
4. **Leader clustering with exemplars.** In a fixed order (most frequent key first, then by
   content), each key is compared, through an inverted index, only with the *exemplars* of
   the clusters met so far (a few keys per cluster that cover its wordings); it joins the most
   similar cluster at or above ``threshold`` (an exact cosine, not an estimate) provided it
   is also ``centroid_threshold`` alike with that cluster's centroid (the verification that
   stops a chain of wordings from drifting) and, when its items carry a ``topic`` label
   other than the one most of the cluster's labelled items carry, at least
   ``topic_conflict_threshold`` alike (near-copies only), or starts a new one. A key that
   joins with a similarity below ``exemplar_threshold`` becomes an exemplar itself, so a
   cluster learns its paraphrases.
5. **Merge passes.** Cluster centroids are compared the same way, and a cluster joins the
   most similar other cluster whose centroid is at least ``merge_threshold`` alike with its
   own *and* with the whole merged cluster so far (union-find; orientation and labels
   checked again, and the topic labels as in step 4; one merge per cluster and pass, so that
   a small cluster never bridges two streams). Two clusters with one *signature* (the same
   strongest matter concept, or the same topic label and a shared matter concept) need only
   ``signature_merge_threshold`` (by default no less than the others),
   and two clusters on one topic (the ``topic`` label most of their items carry) *and* one
   known side (the same orientation label, or both read as approval) only
   ``topic_merge_threshold``: paraphrases of one matter often share little more than that,
   and within one topic area and one side there are few streams. A second pass
   (``merge_passes``) compares the merged clusters again: their centroids weigh the words a
   stream's wordings share, which single wordings do not.
6. **Core-word merge.** A cluster joins a bigger one on its block that shares a *core
   word* with it (a word or matter concept most items of each hold) when the subject
   groups their items name are ``core_merge_groups`` alike and their sides and labels
   allow it; between clusters of one ``topic`` label, a core word also meets the words
   the data's other wordings use with it (``core_merge_related``). Paraphrases the
   thesaurus does not know share little more than one word and the people who raise them.
7. **Place merge.** A cluster of ``place_merge_size`` items or more joins a bigger one
   heard in the same places beyond chance (``place_merge_lift``) by the same people
   (``core_merge_groups``), sides and labels allowing: the paraphrases of a local matter
   come from its own communes whatever their words. A matter heard in most places gives
   its evidence where it is not heard: its wordings miss the same few places
   (``place_merge_absence``). In both late merges a cluster's side
   is the strictest of its labelled sides and of the sides a quarter of its items are read
   as (approval read from the cues included: only a label always counts).
8. **Representative.** The member key most similar to the rest (weighted by items), and among
   its items the text with diacritics, the most frequent, then the smallest id.

The result depends only on the items' content and ids, not on their order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from dlxh.model.enums import Origin
from dlxh.model.ids import content_id
from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis.concepts import Thesaurus, default_thesaurus, strip_places
from dlxh.synthesis.similarity import (
    Tokenizer,
    Vector,
    cosine,
    element_features,
    idf_weights,
    repair,
    typo_repairs,
    vectorize,
)

if TYPE_CHECKING:
    from dlxh.classifiers.lexicon import LexiconClassifier

__all__ = ["GroupingSettings", "ItemGroup", "group_items"]

_RUMOUR = str(Origin.RUMOUR)
_NO_SIDE = ""
_RUMOUR_BLOCK = "rumour"
_NEGATIVE = "~negative"
"""The side of an unlabelled item whose cues read as opposing or uneasy: the lexicon tells
approval from the rest well, but opposing from uneasy less well, so such an item may join
either (never an approving one)."""
_CUE = "~"
"""Prefix of a side read firmly from the cues (``~oppose``, ``~uneasy``): kept apart from the
other side read firmly, not from a labelled one."""
_APPROVE = "approve"
_WEAK = "~weak"
"""The side of an unlabelled item whose cues read opposing or unease only weakly: kept from
approving clusters, like ``~negative``, but never closing the cluster it joins."""
_NOT_APPROVING = frozenset((_NEGATIVE, _WEAK))
_READ_APPROVE = "~approve"
"""How :func:`_held_side` counts approval read from the cues (not from a label)."""
_GROUP = "#group:"
_FALLBACK_TOPIC = "other"
_PROGRESS_STEP = 50_000
_NAMED_SHARE = 0.1
"""Share of a cluster's items that must name a subject group for ``join_groups`` to count
it among the cluster's people."""
_HELD_SIDE = 0.25
"""Share of a cluster's items that must hold a side read from the cues for the core-word
merge to count it (see ``_held_side``)."""


@attrs.frozen
class ItemGroup:
    """Items that say the same thing: indices into the sequence given to :func:`group_items`."""

    members: tuple[int, ...]
    """Indices of the items in the group, ascending."""
    representative: int
    """Index of the item whose text represents the group (an actual item's text)."""
    key: str
    """Stable id part: a content id of the sorted member item ids."""


def _pairs(
    value: Sequence[Sequence[str]],
) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(pair) for pair in value)


@attrs.frozen
class GroupingSettings:
    """Settings of :func:`group_items`; every field has a default that works on Vietnamese
    reports of a province over months. Raise ``threshold`` for tighter streams (fewer wrong
    merges, more split paraphrases), lower it to merge looser wordings."""

    threshold: float = 0.3
    """Cosine at or above which a text joins a cluster (compared with its exemplars)."""
    exemplar_threshold: float = 0.8
    """A text that joins with a cosine below this becomes one of the cluster's exemplars."""
    max_exemplars: int = 32
    """Exemplars kept per cluster (the wordings a new text is compared with)."""
    centroid_threshold: float = 0.3
    """A text joins a cluster only if it is also this alike with the cluster's centroid (the
    verification that stops a cluster from drifting along a chain of wordings)."""
    topic_conflict_threshold: float = 0.6
    """A text whose items carry one ``topic`` label joins a cluster where most labelled
    items carry another, and two clusters whose labelled items mostly carry different
    topics merge, only at or above this cosine (a copy with a mislabelled topic still
    joins its wording). Two matters raised by the same people and sharing a word or a
    concept (sand mining and traffic cameras on *đường*, unpaid wages and a quarry on
    *doanh nghiệp*) are mostly filed under different topic areas. ``1.01`` keeps items of
    different topics apart always; ``0`` turns the check off."""
    merge_threshold: float = 0.3
    """Centroid cosine at or above which two clusters merge in the second pass."""
    signature_merge_threshold: float = 0.3
    """The same, for two clusters with one *signature*: the same strongest matter concept
    (a thesaurus concept of full weight, not a generic aspect such as *tăng*), or the same
    ``topic`` label (held by most of their items) and a matter concept shared among their
    strongest features. Paraphrases of one matter in other words often meet on little more
    than that, but so do two matters of one topic raised by the same people (irrigation
    and fake fertiliser on *lúa*): off by default (``merge_threshold``), as the core-word
    and place merges join those paraphrases with more evidence (0.2 gave the same tuned
    and validation figures, and 0.922 against 0.938 on the check set with labels)."""
    topic_merge_threshold: float = 0.2
    """The same, for two clusters on one topic (the ``topic`` label most of their items
    carry, or with ``topic_cues`` the topic the cues read) and one known side (the same
    orientation label, or both read as approval: an unknown side could be the other side of
    the same issue, and the cues' "opposing or uneasy" is two sides). Within one topic area
    and one side there are few streams, and a cluster's most similar such neighbour is
    mostly its own stream in other words; ``1`` turns this off."""
    topic_merge_groups: float = 0.5
    """The topic merge joins two clusters only if the subject groups their items name are
    at least this alike (cosine of the two clusters' group profiles; a cluster whose items
    name no group counts as alike): two streams of one topic area and side raised by other
    people (pensioners, farmers) are two matters. ``0`` turns this check off."""
    core_merge_groups: float = 0.9
    """After the merge passes, a cluster joins a bigger one that shares a *core word* with
    it (see ``core_merge_share``) when the subject groups their items name are at least
    this alike (cosine of the two group profiles; both clusters must name some), their
    sides are compatible and their labels do not differ: paraphrases of one matter that
    the thesaurus does not know share little more than one word and the people who raise
    them. Above ``1`` turns this merge off; lower admits matters raised by overlapping
    groups."""
    core_merge_share: float = 0.5
    """A word or matter concept (not a generic aspect) is a *core word* of a cluster when
    at least this share of its items hold it."""
    core_merge_related: float = 0.2
    """In the core-word merge, between two clusters whose items mostly carry one ``topic``
    label, a core word of one also meets a word of the other that at least this share of
    the items holding it also hold, anywhere in the data (*ki ốt* with *chợ*). Above ``1``
    turns this off; without topic labels it does nothing."""
    merge_passes: int = 2
    """Merge passes over cluster centroids: the second compares the merged clusters of the
    first, whose centroids weigh the words a stream's wordings share (``1``: one pass)."""
    concept_weight: float = 3.0
    """Weight factor of a concept feature (a thesaurus match) against a plain syllable."""
    bigram_weight: float = 0.3
    """Weight factor of a bigram of neighbouring elements."""
    idf_floor: float = 0.0002
    """Document frequencies below ``idf_floor * len(items)`` (at least 1) count as that much,
    so that rare leftovers do not dominate a text."""
    typo_ratio: float = 30.0
    """A rare syllable one edit from a syllable this many times as frequent is read as it
    (``0`` turns typo repair off)."""
    strip_places: bool = True
    """Drop place names: a marker (``xã``, ``thôn``, ``tổ dân phố``...) followed by
    capitalised or numbered syllables."""
    separate_rumours: bool = True
    """Rumours (origin ``rumour``) never share a group with reported opinion."""
    block_dimensions: tuple[str, ...] = attrs.field(default=("issue",), converter=tuple)
    """Label dimensions whose values split items hard (items with different values, both
    present, never meet)."""
    topic_weight: float = 1.0
    group_weight: float = 2.0
    """Weight of the subject groups items name (``groups``) as features, each in the share
    of a text's items that name it (``0``: ignore them)."""
    """Weight of the item's ``topic`` label as a feature (``0``: ignore topic labels)."""
    kept_apart: frozenset[frozenset[str]] = attrs.field(
        default=(("approve", "oppose"), ("approve", "uneasy"), ("oppose", "uneasy")),
        converter=_pairs,
    )
    """Orientation pairs that never share a group (by default every two different
    orientations: approving, opposing and uneasy views of one matter are three streams)."""
    orientation_cues: bool = True
    """Without an orientation label, read the orientation with the lexicon classifier."""
    topic_cues: bool = False
    """Without a ``topic`` label, read the topic with the lexicon classifier, for the topic
    merge only (never as a feature): a cluster without a topic label held by most of its
    items takes the topic the cues read for most of them. Worth turning on when items carry
    orientation labels but no topic labels (it joins more wordings of one stream); off by
    default because the cues' topic is loose enough to join two streams of one topic area
    and side as well."""
    side_confidence: float = 0.75
    """A reading of opposing or of unease from the cues counts as that very side at this
    confidence or above (one full-weight cue, nothing against it): such an item is kept
    apart from items read firmly as the other side, as labels are (it may still join a
    labelled stream of either, as the cues are a weaker witness than a label). A weaker
    reading counts only as "not approving". ``1.01`` (above any confidence) reads every
    opposing or uneasy reading as "not approving"."""
    cue_confidence: float = 0.5
    """A reading of approval (or, with ``topic_cues``, a topic) from the cues counts only at
    this confidence of the lexicon classifier or above (one full-weight cue that no other
    contradicts). A weaker reading of approval (a half-weight cue) leaves the item open to
    either side, so that one misread wording does not split its stream from its other
    wordings; readings of opposing or unease count at any confidence (they only keep an
    item from approving ones, and a weak one is mostly right). ``0`` counts every reading."""
    weak_confidence: float = 0.35
    """A reading of opposing or of unease from the cues below this confidence (a lone
    cue of weight ½ or less, such as the *mong* of a closing wish, "mong tiếp tục phát
    huy") keeps the item from approving clusters but never closes a cluster it joins:
    such a reading is as often a closing request of an approving text as a complaint, and
    one misread wording must not split its stream's other wordings from the approving
    ones. ``0`` counts every reading."""
    side_groups: float = 0.8
    """A wording joins a cluster, and two clusters merge, across different sides read from
    the cues (an unknown side against one read, or two different readings; labelled sides
    are left to the labels) only if the subject groups their items name are at least this
    alike (cosine of the group profiles; naming no group counts as alike): a wording
    without a stance cue may be the other side of the same issue, or another matter of
    the same words, and those are mostly raised by other people (motorists and
    townspeople on traffic cameras). ``0`` turns this check off."""
    join_groups: float = 0.75
    """Where neither side comes from a label, a wording joins a cluster only if at least
    this share of the subject groups its items name are groups that a tenth or more of the
    cluster's items name (any side, the same included). Two matters that share a word or a
    concept (*thu nhập*, *giảm*, *khách*) are mostly raised by partly other people (traders,
    farmers), while the wordings of one matter name some of its own people. 0.75 and 0.9
    gave the same validation figures; ``0`` turns the check off."""
    place_merge_lift: float = 1.3
    """After the core-word merge, a cluster joins a bigger one heard in the same places
    beyond chance: each cluster's items are at least this many times as often in the
    units (``item.unit``) where the other was heard as the data's items are, and the
    subject groups they name are ``core_merge_groups`` alike. The paraphrases of a local
    matter come from its own communes whatever their words; a matter heard everywhere
    gives no such evidence. ``0`` turns this merge off; 1.2 and 1.5 gave the same
    validation figures (within 0.002)."""
    place_merge_absence: float = 3.0
    """The place merge also joins two clusters heard in most places (their lift below
    ``place_merge_lift``) when each cluster's items lie outside the units where the other
    was heard at most a third as often as the data's items (chance would put there this
    many times as many, counting one more found): a matter heard nearly everywhere is
    still missing from the same few places in all its wordings. ``0`` turns this off."""
    place_merge_z: float = 1.0
    """The place merge also joins two clusters whose items are each in the other's units
    more often than chance by at least this many standard errors (:func:`_place_z`,
    counted in units, not items): the wordings of a matter heard in half to four fifths
    of the communes are in each other's places only 1.04–1.28 times as often as chance,
    too little for ``place_merge_lift``, yet beyond chance's spread. 0.5, 2 and 3 gave
    the same tuned and validation figures within 0.004 (held-out without labels 0.982,
    0.971, 0.968 against 0.979). ``0`` turns this off."""
    place_merge_months: float = 0.3
    """The place merge keeps apart two clusters whose dated items fall over the months
    this differently or more (total variation distance: the share of items that would
    have to move month for the two to match). Two local matters of the same communes
    raised by the same people mostly differ in when they were raised (a road flooded
    after a storm, a market moved all season); the wordings of one matter are raised
    together. ``1`` turns the check off."""
    place_merge_cosine: float = 0.02
    """Centroid cosine (words and subject groups) two clusters need for the place merge
    to compare them (0.1 lowered validation without labels 0.916 -> 0.910; with the
    evidence beyond chance, 0.02 against 0.05 gave validation 0.961 against 0.960 and
    held-out 0.980 against 0.979, the lowest seed 0.965 against 0.959: paraphrases that
    share no word meet on their groups alone, at cosines near 0.05)."""
    place_merge_size: int = 10
    """Clusters of fewer items take no part in the place merge: their places are too
    few to tell chance from a local matter."""
    max_postings: int = 400
    """Longest posting list of the inverted index (bounds the work per text)."""
    thesaurus: Thesaurus | None = attrs.field(default=None, eq=False)
    """The concept thesaurus (``None``: the one dlxh ships)."""


class _Cues:
    """Orientation and topic read from a text by the lexicon classifier's cues, cached per
    text."""

    def __init__(
        self,
        min_confidence: float,
        side_confidence: float,
        topics: bool,
        weak_confidence: float = 0.0,
    ) -> None:
        self.cache: dict[str, tuple[str, str]] = {}
        self.lexicon: LexiconClassifier | None = None
        self.min_confidence = min_confidence
        self.side_confidence = side_confidence
        self.weak_confidence = weak_confidence
        self.topics = topics

    def of(self, text: str) -> tuple[str, str]:
        """``(side, topic)``: ``""`` where the cues say nothing firm."""
        found = self.cache.get(text)
        if found is None:
            if self.lexicon is None:
                from dlxh.classifiers.lexicon import LexiconClassifier

                dimensions = ("orientation", "topic") if self.topics else ("orientation",)
                self.lexicon = LexiconClassifier(dimensions=dimensions)
            analysis = self.lexicon.analyse(text)
            stance = analysis.get("orientation")
            if stance is None or stance.value == "unclear":
                side = _NO_SIDE
            elif stance.value == _APPROVE:
                side = _APPROVE if stance.confidence >= self.min_confidence else _NO_SIDE
            elif stance.confidence < self.weak_confidence:
                side = _WEAK
            elif stance.confidence >= self.side_confidence:
                side = _CUE + stance.value
            else:
                side = _NEGATIVE
            topic = ""
            if self.topics:
                area = analysis.get("topic")
                if (
                    area is not None
                    and area.value != _FALLBACK_TOPIC
                    and area.confidence >= self.min_confidence
                ):
                    topic = area.value
            found = (side, topic)
            self.cache[text] = found
        return found


@attrs.define
class _Key:
    block: str
    side: str
    label_block: str
    features: tuple[str, ...]
    items: list[int]
    topic: str = ""
    """The items' ``topic`` label (``""`` for items without one)."""
    vector: Vector = attrs.field(factory=dict)
    cue_topics: dict[str, int] = attrs.field(factory=dict)
    """Items per topic read from the cues, for items without a topic label."""
    groups: dict[str, float] = attrs.field(factory=dict)
    """Share of the key's items naming each subject group (with ``group_weight`` only)."""
    labelled: bool = False
    """Whether some of its items have their side from a label (``side_groups`` leaves
    those to the labels)."""


def _block_of(item: OpinionItem, settings: GroupingSettings) -> str:
    """The hard block from the item's origin: rumour or opinion (an ``origin`` label is
    read with the other labels)."""
    if settings.separate_rumours and item.origin is Origin.RUMOUR:
        return _RUMOUR_BLOCK
    return ""


def _label_values(labels: Sequence[Label], wanted: frozenset[str]) -> dict[str, str]:
    """The value that counts on each wanted dimension, in one pass over the labels: the same
    rule as :meth:`OpinionItem.label` (a reviewed label first, then the most confident,
    the first on ties)."""
    best: dict[str, Label] = {}
    for label in labels:
        dimension = label.dimension
        if dimension not in wanted:
            continue
        current = best.get(dimension)
        if current is None:
            best[dimension] = label
            continue
        reviewed, current_reviewed = label.reviewed, current.reviewed
        if (reviewed and not current_reviewed) or (
            reviewed == current_reviewed and label.confidence > current.confidence
        ):
            best[dimension] = label
    return {dimension: label.value for dimension, label in best.items()}


def group_items(
    items: Sequence[OpinionItem],
    *,
    settings: GroupingSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ItemGroup]:
    """Group ``items`` that say the same thing; every index is in exactly one group
    (singletons included), items of kept-apart orientations never share a group, and the
    result does not depend on the order of the items (apart from the indices).

    ``progress(done, total)`` is called as items are read and as keys are clustered.
    """
    settings = settings or GroupingSettings()
    thesaurus = settings.thesaurus or default_thesaurus()
    total = len(items)
    if total == 0:
        return []

    # 1. Distinct (text, unit) pairs, and per item its block, orientation and topic; an
    #    orientation still to be read from the text is None until step 2.
    text_ids: dict[str, int] = {}
    texts: list[str] = []
    records: dict[tuple[str, str | None, str, str, int], list[int]] = {}
    topic_on = settings.topic_weight > 0
    use_cues = settings.orientation_cues
    strip = settings.strip_places
    block_dimensions = settings.block_dimensions
    rumour_labels = settings.separate_rumours
    wanted = frozenset({"orientation", "topic", "origin", *block_dimensions})
    for index, item in enumerate(items):
        text = item.text
        tid = text_ids.get(text)
        if tid is None:
            tid = len(texts)
            text_ids[text] = tid
            texts.append(text)
        block = _block_of(item, settings)
        side: str | None = _NO_SIDE
        label_block = ""
        topic = ""
        labels = item.labels
        if labels:
            values = _label_values(labels, wanted)
            value = values.get("orientation")
            if value is None:
                side = None if use_cues else _NO_SIDE
            else:
                side = _NO_SIDE if value == "unclear" else value
            if block_dimensions:
                label_block = "|".join(f"{d}={values[d]}" for d in block_dimensions if d in values)
            if topic_on:
                topic = values.get("topic", "")
            if (
                not block
                and rumour_labels
                and item.origin is None
                and values.get("origin") == _RUMOUR
            ):
                block = _RUMOUR_BLOCK
        elif use_cues:
            side = None
        record = (block, side, label_block, topic, tid)
        bucket = records.get(record)
        if bucket is None:
            records[record] = [index]
        else:
            bucket.append(index)
        if progress is not None and index % _PROGRESS_STEP == _PROGRESS_STEP - 1:
            progress(index + 1, total)
    del text_ids

    # 2. Place names out (one regular expression over each distinct text), then the
    #    distinct cores are tokenised once: folded syllables, written forms, the unit's own
    #    name removed; typos repaired against the data's own vocabulary; concepts matched.
    markers = thesaurus.marker_forms
    core_ids: dict[str, int] = {}
    cores: list[str] = []
    core_of_text: list[int] = []
    for text in texts:
        core = strip_places(text, markers) if strip else text
        cid = core_ids.get(core)
        if cid is None:
            cid = len(cores)
            core_ids[core] = cid
            cores.append(core)
        core_of_text.append(cid)
    del core_ids, texts
    uses = [0] * len(cores)
    for (_block, _side, _lb, _topic, tid), members in records.items():
        uses[core_of_text[tid]] += len(members)
    tokenizer = Tokenizer()
    tokens_of: list[tuple[list[str], list[str | None] | None]] = []
    counts: dict[str, int] = defaultdict(int)
    for cid, core in enumerate(cores):
        folded, written = tokenizer.tokens(core)
        tokens_of.append((folded, written))
        weight = uses[cid]
        for token in set(folded):
            counts[token] += weight
    repairs = typo_repairs(counts, settings.typo_ratio)
    del counts
    features_of: list[tuple[str, ...]] = []
    feature_cache: dict[tuple[tuple[str, ...], tuple[str | None, ...] | None], tuple[str, ...]]
    feature_cache = {}
    for folded, written in tokens_of:
        repaired = repair(folded, written, repairs)
        features = feature_cache.get(repaired)
        if features is None:
            features = element_features(
                thesaurus.match(repaired[0], repaired[1]), settings.bigram_weight > 0
            )
            feature_cache[repaired] = features
        features_of.append(features)
    del tokens_of, feature_cache
    cues = _Cues(
        settings.cue_confidence,
        settings.side_confidence,
        settings.topic_cues and topic_on,
        settings.weak_confidence,
    )
    cue_topic: dict[int, str] = {}
    wording_sides = _wording_sides(records, core_of_text, features_of) if use_cues else {}
    resolved: dict[tuple[str, str, str, str, int], list[int]] = {}
    # Records whose side a label gives (the items' own, or their wording's elsewhere).
    labelled: set[tuple[str, str, str, str, int]] = set()
    for (block, side, label_block, topic, tid), members in records.items():
        cid = core_of_text[tid]
        if side is None:
            side = wording_sides.get((block, features_of[cid]))
        from_label = side is not None
        if side is None or (not topic and cues.topics):
            side_read, topic_read = cues.of(cores[cid])
            if side is None:
                # A rumour's words tell what is claimed (*phải đóng thuế*, *mừng cưới*,
                # *để dân yên tâm*), not how the people who repeat it stand: among
                # rumours only a label keeps two wordings apart.
                side = _NO_SIDE if block == _RUMOUR_BLOCK else side_read
            if not topic and topic_read:
                cue_topic[cid] = topic_read
        record_key = (block, side, label_block, topic, cid)
        if from_label and side:
            labelled.add(record_key)
        bucket = resolved.get(record_key)
        if bucket is None:
            resolved[record_key] = members
        else:
            bucket.extend(members)
    del records, cores, core_of_text

    # 3. Feature keys: records with the same block, side and features share one.
    keys_by_content: dict[tuple[str, str, str, tuple[str, ...]], _Key] = {}
    for record_key, members in resolved.items():
        block, side, label_block, topic, cid = record_key
        features = features_of[cid]
        if topic:
            features = (*features, f"#topic:{topic}")
        content = (block, side, label_block, features)
        key = keys_by_content.get(content)
        if key is None:
            key = _Key(block, side, label_block, features, list(members), topic)
            keys_by_content[content] = key
        else:
            key.items.extend(members)
        if record_key in labelled:
            key.labelled = True
        if not topic:
            read = cue_topic.get(cid)
            if read:
                key.cue_topics[read] = key.cue_topics.get(read, 0) + len(members)
    del resolved, labelled, features_of, cue_topic
    keys = sorted(
        keys_by_content.values(),
        key=lambda k: (k.block, -len(k.items), k.features, k.side, k.label_block),
    )
    del keys_by_content
    document_frequency: dict[str, int] = defaultdict(int)
    for key in keys:
        weight = len(key.items)
        for feature in key.features:
            document_frequency[feature] += weight
    weights = idf_weights(
        document_frequency,
        total,
        floor=max(1.0, settings.idf_floor * total),
        concept_weight=settings.concept_weight,
        bigram_weight=settings.bigram_weight,
        concept_factors=thesaurus.weights,
    )
    _set_vectors(keys, items, weights, total, settings)

    # 4. Leader clustering with exemplars, block by block.
    cluster_of = _cluster(keys, settings, progress, total)

    # 5. Merge passes over cluster centroids: each pass compares the merged clusters of the
    #    one before, whose centroids weigh the words their wordings share.
    for _pass in range(max(1, settings.merge_passes)):
        roots = _merge(keys, cluster_of, settings, thesaurus)
        renumbered: dict[int, int] = {}
        merged_of = [renumbered.setdefault(roots[c], len(renumbered)) for c in cluster_of]
        changed = len(renumbered) < len(roots)
        cluster_of = merged_of
        if not changed:
            break

    # 6. Core-word merge: clusters that share a word most of their items hold and the
    #    people who raise them (one pass: a second joined nothing more on the validation set).
    if settings.core_merge_groups <= 1.0:
        roots = _core_merge(keys, cluster_of, settings, thesaurus, document_frequency, total)
        renumbered = {}
        cluster_of = [renumbered.setdefault(roots[c], len(renumbered)) for c in cluster_of]

    # 7. Place merge: clusters heard in the same few places, by the same people.
    if settings.place_merge_lift > 0:
        roots = _place_merge(keys, cluster_of, items, settings)
        renumbered = {}
        cluster_of = [renumbered.setdefault(roots[c], len(renumbered)) for c in cluster_of]

    # 8. Groups and representatives.
    members_of: dict[int, list[int]] = defaultdict(list)
    for position, cluster in enumerate(cluster_of):
        members_of[cluster].append(position)
    groups: list[ItemGroup] = []
    for key_positions in members_of.values():
        member_items = sorted(i for p in key_positions for i in keys[p].items)
        representative = _representative(keys, key_positions, items)
        ids = sorted(items[i].id for i in member_items)
        groups.append(ItemGroup(tuple(member_items), representative, content_id("grp", *ids)))
    groups.sort(key=lambda g: g.members[0])
    if progress is not None:
        progress(total, total)
    return groups


def _wording_sides(
    records: dict[tuple[str, str | None, str, str, int], list[int]],
    core_of_text: list[int],
    features_of: list[tuple[str, ...]],
) -> dict[tuple[str, tuple[str, ...]], str]:
    """The orientation that most labelled items of each wording (the same features) carry,
    where more than half of them carry one: an unlabelled item of that wording takes it
    before its cues are read (the same words, labelled elsewhere, are a better witness than
    the cues)."""
    votes: dict[tuple[str, tuple[str, ...]], dict[str, int]] = {}
    for (block, side, _label_block, _topic, tid), members in records.items():
        if side:
            wording = (block, features_of[core_of_text[tid]])
            counts = votes.setdefault(wording, {})
            counts[side] = counts.get(side, 0) + len(members)
    found: dict[tuple[str, tuple[str, ...]], str] = {}
    for wording, counts in votes.items():
        side = _majority(counts, sum(counts.values()))
        if side:
            found[wording] = side
    return found


def _set_vectors(
    keys: list[_Key],
    items: Sequence[OpinionItem],
    weights: dict[str, float],
    total: int,
    settings: GroupingSettings,
) -> None:
    """Each key's normalised vector: the idf weights of its features (the topic label's
    times ``topic_weight``) and, with ``group_weight``, the subject groups its items name,
    each at its idf times ``group_weight`` times the share of the key's items naming it."""
    topic_factor = settings.topic_weight
    shares: list[dict[str, float]] = [{} for _ in keys]
    group_weights: dict[str, float] = {}
    if settings.group_weight > 0:
        naming: dict[str, int] = defaultdict(int)
        for key, share in zip(keys, shares, strict=True):
            named: dict[str, int] = defaultdict(int)
            for i in key.items:
                for group in items[i].groups:
                    named[_GROUP + group] += 1
            size = len(key.items)
            for feature, count in named.items():
                share[feature] = count / size
                naming[feature] += count
        group_weights = {
            feature: math.log1p(total / count) * settings.group_weight
            for feature, count in naming.items()
        }
    for key, share in zip(keys, shares, strict=True):
        key.groups = share
        raw = {f: weights.get(f, 0.0) for f in key.features}
        if topic_factor != 1.0:
            for feature in raw:
                if feature.startswith("#topic:"):
                    raw[feature] *= topic_factor
        # Who said it counts beside what was said, never alone: a text with no feature
        # left is not placed by its subject groups.
        if key.features:
            for feature, part in share.items():
                raw[feature] = group_weights[feature] * part
        key.vector = vectorize(raw, raw)


def _compatible(a: str, b: str, kept_apart: frozenset[frozenset[str]]) -> bool:
    """Whether items or clusters of sides ``a`` and ``b`` may share a group: labelled sides
    by ``kept_apart``; a side read firmly from the cues (``~oppose``) against another read
    firmly likewise, against a labelled side only when that side is approval; "not
    approving" (``~negative``) against approval only."""
    if a == b or not a or not b:
        return True
    if a in _NOT_APPROVING or b in _NOT_APPROVING:
        other = b if a in _NOT_APPROVING else a
        if other in _NOT_APPROVING:
            return True
        if other != _APPROVE:
            return True
        return not (
            frozenset((_APPROVE, "oppose")) in kept_apart
            or frozenset((_APPROVE, "uneasy")) in kept_apart
        )
    a_read, b_read = a.startswith(_CUE), b.startswith(_CUE)
    if a_read != b_read:
        read, label = (a, b) if a_read else (b, a)
        return label != _APPROVE or frozenset((_APPROVE, read[1:])) not in kept_apart
    if a_read:
        return frozenset((a[1:], b[1:])) not in kept_apart
    return frozenset((a, b)) not in kept_apart


def _rank(side: str) -> int:
    """How strict a side is: a label, then a firm reading, then "not approving", then none
    (a weak reading counts as none: it never closes a cluster)."""
    if not side or side == _WEAK:
        return 0
    if side == _NEGATIVE:
        return 1
    return 2 if side.startswith(_CUE) else 3


def _adopt(current: str, joining: str) -> str:
    """The side of a cluster after a member of side ``joining`` joins it: a labelled side
    is stricter than a side read from cues, which is stricter than none."""
    return joining if _rank(joining) > _rank(current) else current


def _same_or_open(a: str, b: str) -> bool:
    return a == b or not a or not b


def _cluster(
    keys: list[_Key],
    settings: GroupingSettings,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> list[int]:
    """The cluster of each key (clusters numbered in order of creation)."""
    # Who raises each cluster's matter (items naming each group), for ``side_groups`` and
    # ``join_groups``.
    cluster_groups: list[dict[str, float]] = []
    cluster_labelled: list[bool] = []
    cluster_sizes: list[int] = []
    side_groups = settings.side_groups
    join_groups = settings.join_groups
    cluster_of = [0] * len(keys)
    cluster_side: list[str] = []
    cluster_labels: list[str] = []
    exemplar_count: list[int] = []
    centroids: list[dict[str, float]] = []
    centroid_norms: list[float] = []
    centroid_threshold = settings.centroid_threshold
    postings: dict[str, list[tuple[int, float]]] = {}
    exemplar_cluster: list[int] = []
    conflict = settings.topic_conflict_threshold
    cluster_topics: list[dict[str, int]] = []
    current_block: str | None = None
    kept_apart = settings.kept_apart
    threshold = settings.threshold
    exemplar_threshold = settings.exemplar_threshold
    max_exemplars = settings.max_exemplars
    max_postings = settings.max_postings
    done = 0
    for position, key in enumerate(keys):
        if key.block != current_block:
            current_block = key.block
            postings = {}
        vector = key.vector
        scores: dict[int, float] = defaultdict(float)
        for feature, weight in vector.items():
            posting = postings.get(feature)
            if posting:
                for exemplar, other in posting:
                    scores[exemplar] += weight * other
        # Best exemplar score per cluster, then the best cluster that passes verification
        # against its centroid; ties go to the older cluster (smaller number).
        per_cluster: dict[int, float] = {}
        for exemplar, score in scores.items():
            if score < threshold:
                continue
            cluster = exemplar_cluster[exemplar]
            if score > per_cluster.get(cluster, 0.0):
                per_cluster[cluster] = score
        best_cluster = -1
        best_score = 0.0
        for cluster, score in sorted(per_cluster.items(), key=lambda kv: (-kv[1], kv[0])):
            if not _compatible(key.side, cluster_side[cluster], kept_apart):
                continue
            if (
                side_groups
                and not (key.labelled or cluster_labelled[cluster])
                and key.side != cluster_side[cluster]
                and not _alike_profiles(key.groups, cluster_groups[cluster], side_groups)
            ):
                continue
            if (
                join_groups
                and not (key.labelled or cluster_labelled[cluster])
                and not _named_by(
                    key.groups, cluster_groups[cluster], cluster_sizes[cluster], join_groups
                )
            ):
                continue
            if not _same_or_open(key.label_block, cluster_labels[cluster]):
                continue
            if (
                key.topic
                and score < conflict
                and _disagree(key.topic, _labelled_majority(cluster_topics[cluster]))
            ):
                continue
            centroid = centroids[cluster]
            norm = centroid_norms[cluster]
            if norm > 0.0:
                get = centroid.get
                alike = sum(w * get(f, 0.0) for f, w in vector.items()) / math.sqrt(norm)
                if alike < centroid_threshold:
                    continue
            best_cluster = cluster
            best_score = score
            break
        if best_cluster < 0:
            cluster = len(cluster_side)
            cluster_side.append(_adopt(_NO_SIDE, key.side))
            cluster_labels.append(key.label_block)
            exemplar_count.append(0)
            cluster_topics.append({})
            cluster_groups.append({})
            cluster_sizes.append(0)
            cluster_labelled.append(False)
            centroids.append({})
            centroid_norms.append(0.0)
            # A cluster started by a one-item key is not indexed: such keys are mostly
            # leftovers (unrepaired typos, one-off wordings) and would fill the index; the
            # merge pass still compares them with every cluster.
            add_exemplar = len(key.items) > 1
        else:
            cluster = best_cluster
            cluster_side[cluster] = _adopt(cluster_side[cluster], key.side)
            if not cluster_labels[cluster]:
                cluster_labels[cluster] = key.label_block
            add_exemplar = (
                best_score < exemplar_threshold and exemplar_count[cluster] < max_exemplars
            )
        centroid = centroids[cluster]
        size = len(key.items)
        if key.labelled:
            cluster_labelled[cluster] = True
        cluster_sizes[cluster] += size
        if side_groups or join_groups:
            profile = cluster_groups[cluster]
            for group, part in key.groups.items():
                profile[group] = profile.get(group, 0.0) + part * size
        if key.topic:
            votes = cluster_topics[cluster]
            votes[key.topic] = votes.get(key.topic, 0) + size
        norm = centroid_norms[cluster]
        for feature, weight in vector.items():
            old = centroid.get(feature, 0.0)
            new = old + size * weight
            centroid[feature] = new
            norm += new * new - old * old
        centroid_norms[cluster] = norm
        cluster_of[position] = cluster
        if add_exemplar and vector:
            exemplar = len(exemplar_cluster)
            exemplar_cluster.append(cluster)
            exemplar_count[cluster] += 1
            for feature, weight in vector.items():
                posting = postings.get(feature)
                if posting is None:
                    postings[feature] = [(exemplar, weight)]
                elif len(posting) < max_postings:
                    posting.append((exemplar, weight))
        done += len(key.items)
        if progress is not None and position % 2000 == 1999:
            progress(min(done, total), total)
    return cluster_of


def _named_by(key: dict[str, float], summed: dict[str, float], size: int, floor: float) -> bool:
    """Whether at least ``floor`` of the group mentions of a key's items (``key``: share of
    its items naming each group) are of groups that :data:`_NAMED_SHARE` of a cluster's
    ``size`` items or more name (``summed``: items naming each); unknown (either naming no
    group) counts as yes. Unlike a cosine, a wording naming only some of the groups that
    raise a matter is among them; one naming a group the cluster's people do not is not."""
    if not key or not summed or not size:
        return True
    needed = _NAMED_SHARE * size
    named = sum(part for group, part in key.items() if summed.get(group, 0.0) >= needed)
    return named >= floor * sum(key.values())


def _alike_profiles(a: dict[str, float], b: dict[str, float], floor: float) -> bool:
    """Whether two group profiles that are not normalised (shares or summed shares) are at
    least ``floor`` alike (cosine); unknown (a profile naming no group) counts as alike."""
    if not a or not b:
        return True
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    dot = sum(w * get(g, 0.0) for g, w in a.items())
    if dot <= 0.0:
        return False
    norms = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
    return dot >= floor * norms


def _same_people(a: dict[str, float], b: dict[str, float], floor: float) -> bool:
    """Whether two clusters are raised by the same subject groups (unknown counts as yes)."""
    if not a or not b:
        return True
    return cosine(a, b) >= floor


def _labelled_majority(votes: dict[str, int]) -> str:
    """The topic held by more than half of the labelled items (``""`` if none)."""
    return _majority(votes, sum(votes.values()))


def _disagree(a: str, b: str) -> bool:
    """Whether two topics are both known and differ."""
    return bool(a) and bool(b) and a != b


def _one_side(a: str, b: str) -> bool:
    """Whether two clusters are known to be on one side: the same orientation, labelled or
    read as approval. An unknown side could be the other side of the same issue, which
    shares its topic and words, and the cues' "opposing or uneasy" is two sides."""
    return a == b and _rank(a) == 3


def _majority(votes: dict[str, int], size: int) -> str:
    """The value held by more than half of ``size`` items (``""`` if none)."""
    if not votes:
        return ""
    value, count = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    return value if 2 * count > size else ""


def _merge(
    keys: list[_Key], cluster_of: list[int], settings: GroupingSettings, thesaurus: Thesaurus
) -> list[int]:
    """Root cluster of each cluster after merging clusters with alike centroids."""
    count = max(cluster_of) + 1 if cluster_of else 0
    sums: list[dict[str, float]] = [defaultdict(float) for _ in range(count)]
    sizes = [0] * count
    blocks = [""] * count
    sides = [""] * count
    labelled = [False] * count
    label_blocks = [""] * count
    topic_votes: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
    cue_votes: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
    profiles: list[dict[str, float]] = [defaultdict(float) for _ in range(count)]
    for position, key in enumerate(keys):
        cluster = cluster_of[position]
        count_of_key = len(key.items)
        if key.features and key.features[-1].startswith("#topic:"):  # appended last
            topic_votes[cluster][key.features[-1]] += count_of_key
        for read, read_count in key.cue_topics.items():
            cue_votes[cluster][read] += read_count
        sizes[cluster] += count_of_key
        profile = profiles[cluster]
        for group, part in key.groups.items():
            profile[group] += part * count_of_key
        blocks[cluster] = key.block
        sides[cluster] = _adopt(sides[cluster], key.side)
        if key.labelled:
            labelled[cluster] = True
        if key.label_block and not label_blocks[cluster]:
            label_blocks[cluster] = key.label_block
        acc = sums[cluster]
        for feature, value in key.vector.items():
            acc[feature] += count_of_key * value
    centroids = [_top_normalised(acc) for acc in sums]
    # Each cluster's signature: its topic label (when most of its items carry one) and its
    # strongest matter concepts (generic aspects, weighted below 1, left out).
    topics = [_majority(votes, sizes[index]) for index, votes in enumerate(topic_votes)]
    # For the topic merge only: without a topic label held by most items, the topic the
    # cues read for most items (too loose a reading to lower the signature merge).
    areas = list(topics)
    for index, votes in enumerate(cue_votes):
        if not areas[index] and votes:
            read = _majority(votes, sizes[index])
            areas[index] = f"#topic:{read}" if read else ""
    # Who raises each cluster's matter: its subject-group profile, normalised.
    profiles = [_normalised(profile) for profile in profiles]
    factors = thesaurus.weights
    strong: list[frozenset[str]] = []
    leads: list[str] = []
    for c in centroids:
        ranked = [
            f
            for f, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
            if f.startswith("@") and factors.get(f, 1.0) >= 1.0
        ]
        strong.append(frozenset(ranked))
        leads.append(ranked[0] if ranked else "")
    low = min(settings.merge_threshold, settings.signature_merge_threshold)
    # The topic merge's threshold is its own (1 or more turns it off), not bounded by the
    # signature merge's.
    topic_needed = min(settings.merge_threshold, settings.topic_merge_threshold)
    floor = min(low, topic_needed)
    parent = list(range(count))

    root_side = list(sides)
    root_labels = list(label_blocks)
    labelled_topics = [_labelled_majority(votes) for votes in topic_votes]
    root_votes: list[dict[str, int]] = [dict(votes) for votes in topic_votes]
    conflict = settings.topic_conflict_threshold
    # The summed centroid of each root: a merge is verified against the whole merged
    # cluster, not only the cluster that found it, so that merges do not chain.
    root_sum: list[dict[str, float]] = [
        {f: v * sizes[c] for f, v in centroids[c].items()} for c in range(count)
    ]
    order = sorted(range(count), key=lambda c: (blocks[c], -sizes[c], c))
    postings: dict[tuple[str, str], list[tuple[int, float]]] = {}
    kept_apart = settings.kept_apart
    side_groups = settings.side_groups
    for cluster in order:
        centroid = centroids[cluster]
        scores: dict[int, float] = defaultdict(float)
        block = blocks[cluster]
        for feature, weight in centroid.items():
            for other, value in postings.get((block, feature), ()):
                scores[other] += weight * value
        for other, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
            if score < floor:
                break
            needed = settings.merge_threshold
            same_lead = bool(leads[cluster]) and leads[cluster] == leads[other]
            same_topic = bool(topics[cluster]) and topics[cluster] == topics[other]
            if same_lead or (same_topic and strong[cluster] & strong[other]):
                needed = low
            elif (
                areas[cluster]
                and areas[cluster] == areas[other]
                and _one_side(sides[cluster], sides[other])
                and _same_people(profiles[cluster], profiles[other], settings.topic_merge_groups)
            ):
                needed = topic_needed
            if score < needed:
                continue
            a, b = _root(parent, cluster), _root(parent, other)
            if a == b:
                continue
            if not _compatible(root_side[a], root_side[b], kept_apart):
                continue
            if (
                side_groups
                and not (labelled[cluster] or labelled[other])
                and sides[cluster] != sides[other]
                and not _same_people(profiles[cluster], profiles[other], side_groups)
            ):
                continue
            if not _same_or_open(root_labels[a], root_labels[b]):
                continue
            if score < conflict and (
                _disagree(labelled_topics[cluster], labelled_topics[other])
                or _disagree(
                    _labelled_majority(root_votes[a]), _labelled_majority(root_votes[b])
                )
            ):
                continue
            merged = root_sum[b]
            norm = math.sqrt(sum(v * v for v in merged.values()))
            get = merged.get
            if norm and sum(w * get(f, 0.0) for f, w in centroid.items()) / norm < needed:
                continue
            # The bigger (earlier in order) cluster stays the root.
            parent[a] = b
            root_side[b] = _adopt(root_side[b], root_side[a])
            root_labels[b] = root_labels[b] or root_labels[a]
            for f, v in root_sum[a].items():
                merged[f] = merged.get(f, 0.0) + v
            root_sum[a] = {}
            for topic, held in root_votes[a].items():
                root_votes[b][topic] = root_votes[b].get(topic, 0) + held
            root_votes[a] = {}
            # One merge per cluster and pass: a small cluster that joined one stream must
            # not bridge it to another (the next pass compares the merged clusters).
            break
        for feature, weight in centroid.items():
            posting = postings.setdefault((block, feature), [])
            if len(posting) < settings.max_postings:
                posting.append((cluster, weight))
    return [_root(parent, c) for c in range(count)]


def _root(parent: list[int], x: int) -> int:
    """The root of ``x`` in the merge passes' union-find forest (paths halved on the way)."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _side_vote(key: _Key) -> str:
    """How a key's side is counted by :func:`_held_side`: approval read from the cues is
    told apart from approval given by a label (only the label always counts)."""
    return _READ_APPROVE if key.side == _APPROVE and not key.labelled else key.side


def _held_side(votes: dict[str, int], size: int) -> str:
    """A cluster's side for the core-word and place merges: the strictest of its labelled
    sides and of the sides read from the cues by at least :data:`_HELD_SIDE` of its items
    (votes counted by :func:`_side_vote`). A few items whose cues were misread (a weak cue
    in an introduction, a closing *mong tiếp tục phát huy* read as approval) do not close
    a cluster to its stream's other wordings; a label always counts, so that items of
    kept-apart orientations still never share a group."""
    side = ""
    for read, held in votes.items():
        if read == _READ_APPROVE:
            if held >= _HELD_SIDE * size:
                side = _adopt(side, _APPROVE)
        elif _rank(read) == 3 or held >= _HELD_SIDE * size:
            side = _adopt(side, read)
    return side


@attrs.define
class _Late:
    """What the late merges (core words, places) know of each cluster, and the union-find
    state they share: sizes, blocks, labels, group profiles (normalised) and sides."""

    sizes: list[int]
    blocks: list[str]
    profiles: list[dict[str, float]]
    topic_votes: list[dict[str, int]]
    parent: list[int]
    root_side: list[str]
    root_labels: list[str]

    @classmethod
    def of(cls, keys: list[_Key], cluster_of: list[int]) -> _Late:
        count = max(cluster_of) + 1 if cluster_of else 0
        sizes = [0] * count
        blocks = [""] * count
        label_blocks = [""] * count
        profiles: list[dict[str, float]] = [defaultdict(float) for _ in range(count)]
        side_votes: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
        topic_votes: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
        for position, key in enumerate(keys):
            cluster = cluster_of[position]
            size = len(key.items)
            sizes[cluster] += size
            blocks[cluster] = key.block
            side_votes[cluster][_side_vote(key)] += size
            if key.label_block and not label_blocks[cluster]:
                label_blocks[cluster] = key.label_block
            if key.topic:
                topic_votes[cluster][key.topic] += size
            profile = profiles[cluster]
            for group, part in key.groups.items():
                profile[group] += part * size
        return cls(
            sizes,
            blocks,
            [_normalised(profile) for profile in profiles],
            [dict(votes) for votes in topic_votes],
            list(range(count)),
            [_held_side(votes, sizes[c]) for c, votes in enumerate(side_votes)],
            label_blocks,
        )

    def order(self) -> list[int]:
        """Clusters block by block, the biggest first (then by number)."""
        sizes, blocks = self.sizes, self.blocks
        return sorted(range(len(sizes)), key=lambda c: (blocks[c], -sizes[c], c))

    def join(self, cluster: int, other: int, kept_apart: frozenset[frozenset[str]]) -> bool | None:
        """Join ``cluster``'s root to ``other``'s (the bigger, earlier in order, stays the
        root) when their sides are compatible and their labels do not differ: ``True`` if
        joined, ``None`` if they are one already, ``False`` if they must stay apart."""
        parent = self.parent
        a, b = _root(parent, cluster), _root(parent, other)
        if a == b:
            return None
        if not _compatible(self.root_side[a], self.root_side[b], kept_apart):
            return False
        if not _same_or_open(self.root_labels[a], self.root_labels[b]):
            return False
        votes = self.topic_votes
        if _disagree(_labelled_majority(votes[a]), _labelled_majority(votes[b])):
            return False
        parent[a] = b
        self.root_side[b] = _adopt(self.root_side[b], self.root_side[a])
        self.root_labels[b] = self.root_labels[b] or self.root_labels[a]
        for voted, n in votes[a].items():
            votes[b][voted] = votes[b].get(voted, 0) + n
        return True

    def roots(self) -> list[int]:
        return [_root(self.parent, c) for c in range(len(self.parent))]


def _core_merge(
    keys: list[_Key],
    cluster_of: list[int],
    settings: GroupingSettings,
    thesaurus: Thesaurus,
    document_frequency: dict[str, int],
    total: int,
) -> list[int]:
    """Root cluster of each cluster after the *core-word merge*: a cluster joins a bigger
    one on its block when they share a *core word* (a word or matter concept held by at
    least ``core_merge_share`` of the items of each), the subject groups their items name
    are at least ``core_merge_groups`` alike (both must name some), their sides (each the
    side held by a quarter of its items or more) are compatible and their labels do not
    differ. Paraphrases of one matter that the thesaurus does not know (*khách*, *danh
    sách*, *pháo*) often share one such word and are raised by the same people; two
    matters that share a word are seldom both built on it and raised by the same people.

    Between two clusters whose items mostly carry one ``topic`` label, a core word of one
    may also meet a *related* word of the other (see :func:`_related_words`): *ki ốt* and
    *chợ*, *du lịch* and *khách*, which other wordings in the same data use together."""
    late = _Late.of(keys, cluster_of)
    count = len(late.sizes)
    held: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
    factors = thesaurus.weights
    for position, key in enumerate(keys):
        counts = held[cluster_of[position]]
        size = len(key.items)
        for feature in key.features:
            # Words and matter concepts: not pairs, labels, nor the generic aspects.
            if " " in feature or feature.startswith("#") or factors.get(feature, 1.0) < 1.0:
                continue
            counts[feature] += size
    # Each cluster's core words with their idf (to rank candidates).
    cores: list[dict[str, float]] = []
    for cluster in range(count):
        needed = settings.core_merge_share * late.sizes[cluster]
        cores.append(
            {
                f: math.log1p(total / document_frequency[f])
                for f, n in held[cluster].items()
                if n >= needed and document_frequency.get(f, 0) > 0
            }
        )
    related = _related_words(keys, cores, document_frequency, settings.core_merge_related)
    topics = [_labelled_majority(votes) for votes in late.topic_votes]
    profiles = late.profiles
    floor = settings.core_merge_groups
    # Each cluster is indexed under its core words and, marked, under their related words.
    postings: dict[tuple[str, str], list[tuple[int, bool]]] = {}
    for cluster in late.order():
        block = late.blocks[cluster]
        core = cores[cluster]
        profile = profiles[cluster]
        if not profile:
            continue  # no people named: a shared word alone is not enough
        topic = topics[cluster]
        shared: dict[int, float] = defaultdict(float)
        for feature, weight in core.items():
            for other, via in postings.get((block, feature), ()):
                if not via:
                    shared[other] += weight
                elif topic and topics[other] == topic:
                    shared[other] += weight / 2  # a related word counts half, for ranking
            if topic:
                for word in related.get(feature, ()):
                    for other, via in postings.get((block, word), ()):
                        if not via and topics[other] == topic:
                            shared[other] += weight / 2
        for other, _weight in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
            if cosine(profile, profiles[other]) < floor:
                continue
            # One join per cluster (and none once it is with its best candidate already).
            if late.join(cluster, other, settings.kept_apart) is not False:
                break
        indexed = dict.fromkeys(core, False)
        if topics[cluster]:
            for feature in core:
                for word in related.get(feature, ()):
                    indexed.setdefault(word, True)
        for feature, via in indexed.items():
            posting = postings.setdefault((block, feature), [])
            if len(posting) < settings.max_postings:
                posting.append((cluster, via))
    return late.roots()


def _related_words(
    keys: list[_Key],
    cores: list[dict[str, float]],
    document_frequency: dict[str, int],
    share: float,
) -> dict[str, set[str]]:
    """For each core word of some cluster, the core words of others that at least ``share``
    of the items holding it also hold (in any wording of the data): the data's own
    evidence that two words go together, where the thesaurus has none. Only the words
    that are core somewhere are counted, so the pairs stay few."""
    if share > 1.0:
        return {}
    vocabulary: set[str] = set()
    for core in cores:
        vocabulary.update(core)
    together: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key in keys:
        present = [f for f in key.features if f in vocabulary]
        if len(present) < 2:
            continue
        size = len(key.items)
        for word in present:
            row = together[word]
            for other in present:
                if other != word:
                    row[other] += size
    related: dict[str, set[str]] = {}
    for word, row in together.items():
        needed = share * document_frequency[word]
        found = {other for other, held in row.items() if held >= needed}
        if found:
            related[word] = found
    return related


def _diacritics(text: str) -> int:
    return sum(1 for ch in text if not ch.isascii())


def _representative(keys: list[_Key], positions: list[int], items: Sequence[OpinionItem]) -> int:
    """The most central member key, and in it the item whose text has diacritics, is the
    most frequent, then has the smallest id."""
    ranked = sorted(positions, key=lambda p: (-len(keys[p].items), keys[p].features))[:24]
    if len(ranked) == 1:
        best = ranked[0]
    else:
        best = max(
            ranked,
            key=lambda p: (
                sum(len(keys[q].items) * cosine(keys[p].vector, keys[q].vector) for q in ranked),
                -ranked.index(p),
            ),
        )
    members = keys[best].items
    frequency: dict[str, int] = defaultdict(int)
    for i in members:
        frequency[items[i].text] += 1
    marks = {text: _diacritics(text) for text in frequency}
    return min(
        members,
        key=lambda i: (
            -marks[items[i].text],
            -frequency[items[i].text],
            items[i].id,
        ),
    )


def _place_merge(
    keys: list[_Key],
    cluster_of: list[int],
    items: Sequence[OpinionItem],
    settings: GroupingSettings,
) -> list[int]:
    """Root cluster of each cluster after the *place merge*: a cluster of at least
    ``place_merge_size`` items joins a bigger one on its block that is heard in the same
    places beyond chance (:func:`_place_lift` at least ``place_merge_lift`` both ways),
    raised by the same people (group profiles at least ``core_merge_groups`` alike, both
    naming some) at the same time (:func:`_months_apart` at most ``place_merge_months``),
    with centroids at least ``place_merge_cosine`` alike, compatible sides
    and labels that do not differ. Where one matter is raised, its wordings are heard:
    a local matter's paraphrases come from its own few communes, whatever their words,
    while two matters met in the same places by chance are seldom also raised by the
    same people. A matter heard in most places but not all gives it where it is *not*
    heard: each cluster's items are outside the other's places far less often than
    chance would put them there (:func:`_absence_lift` at least ``place_merge_absence``
    both ways). A matter heard everywhere gives no such evidence, and items without a
    ``unit`` give none."""
    late = _Late.of(keys, cluster_of)
    count = len(late.sizes)
    sums: list[dict[str, float]] = [defaultdict(float) for _ in range(count)]
    places: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
    months: list[dict[tuple[int, int], int]] = [defaultdict(int) for _ in range(count)]
    everywhere: dict[str, int] = defaultdict(int)
    wanted = settings.place_merge_size
    for position, key in enumerate(keys):
        cluster = cluster_of[position]
        if late.sizes[cluster] < wanted:
            continue
        size = len(key.items)
        acc = sums[cluster]
        for feature, value in key.vector.items():
            acc[feature] += value * size
        where = places[cluster]
        when = months[cluster]
        for i in key.items:
            item = items[i]
            if item.unit:
                where[item.unit] += 1
            if item.date is not None:
                when[(item.date.year, item.date.month)] += 1
    # How much of the data each place holds (the chance of landing there).
    for item in items:
        if item.unit:
            everywhere[item.unit] += 1
    located = sum(everywhere.values())
    if not located:
        return late.roots()
    shares = [sum(everywhere[u] for u in where) / located for where in places]
    held = [sum(where.values()) for where in places]
    profiles = late.profiles
    postings: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for cluster in late.order():
        if late.sizes[cluster] < wanted or not profiles[cluster] or not held[cluster]:
            continue
        block = late.blocks[cluster]
        centroid = _top_normalised(sums[cluster])
        scores: dict[int, float] = defaultdict(float)
        for feature, weight in centroid.items():
            for other, value in postings.get((block, feature), ()):
                scores[other] += weight * value
        ranked: list[tuple[float, int]] = []
        for other, score in scores.items():
            if score < settings.place_merge_cosine:
                continue
            if cosine(profiles[cluster], profiles[other]) < settings.core_merge_groups:
                continue
            if _months_apart(months[cluster], months[other]) > settings.place_merge_months:
                continue
            lift = _heard_together(
                (places[cluster], held[cluster], shares[cluster]),
                (places[other], held[other], shares[other]),
                settings,
            )
            if lift is None:
                continue
            ranked.append((-lift * score, other))
        for _rank_key, other in sorted(ranked):
            # One join per cluster (and none once it is with its best candidate already).
            if late.join(cluster, other, settings.kept_apart) is not False:
                break
        for feature, weight in centroid.items():
            posting = postings.setdefault((block, feature), [])
            if len(posting) < settings.max_postings:
                posting.append((cluster, weight))
    return late.roots()


def _heard_together(
    a: tuple[dict[str, int], int, float],
    b: tuple[dict[str, int], int, float],
    settings: GroupingSettings,
) -> float | None:
    """The place lift of two clusters (each given as its items per unit, its located items
    and the share of the data in its units) when their places tell they are one matter, by
    any of the three kinds of evidence (lift, absence, beyond chance's spread), each read
    both ways; ``None`` when none does."""
    lift = min(_place_lift(a[0], a[1], b[0], b[2]), _place_lift(b[0], b[1], a[0], a[2]))
    if lift >= settings.place_merge_lift:
        return lift
    # A matter heard in most places: the evidence is where neither is heard.
    if settings.place_merge_absence > 0 and (
        min(_absence_lift(a[0], a[1], b[0], b[2]), _absence_lift(b[0], b[1], a[0], a[2]))
        >= settings.place_merge_absence
    ):
        return lift
    # Heard in half to four fifths of the places: little lift, yet beyond chance's spread.
    if settings.place_merge_z > 0 and (
        min(_place_z(a[0], a[1], b[0], b[2]), _place_z(b[0], b[1], a[0], a[2]))
        >= settings.place_merge_z
    ):
        return lift
    return None


def _months_apart(a: dict[tuple[int, int], int], b: dict[tuple[int, int], int]) -> float:
    """How differently two clusters' dated items fall over the months: the share of items
    that would have to move to another month for the two to match (total variation
    distance, 0 to 1; 0 when either has no dated item)."""
    held_a, held_b = sum(a.values()), sum(b.values())
    if not held_a or not held_b:
        return 0.0
    return 0.5 * sum(abs(a.get(m, 0) / held_a - b.get(m, 0) / held_b) for m in a.keys() | b.keys())


def _absence_lift(
    where: dict[str, int], held: int, other_places: dict[str, int], other_share: float
) -> float:
    """How much less often a cluster's items (``where``: items per unit, ``held`` in all)
    are *outside* the units where another cluster was heard than the data's items are:
    the items chance would put outside (``held`` times the share of the data there) over
    those found there plus one (so that a few expected and none found is no evidence).
    About 1 for two matters placed independently; large for two wordings of one matter
    heard in most places but not all, whose items both miss the same places."""
    if not held:
        return 0.0
    outside = sum(n for unit, n in where.items() if unit not in other_places)
    return held * (1.0 - other_share) / (outside + 1)


def _place_z(
    where: dict[str, int], held: int, other_places: dict[str, int], other_share: float
) -> float:
    """How far beyond chance a cluster's items are in the units where another was heard:
    the share found there less ``other_share`` (the share of the data there), in standard
    errors of that share. The sample is counted in units, not items (Kish's effective
    size of the items per unit): a matter's items come in lumps, one unit's many items
    are one draw of where it is heard, and counting them singly would make any chance
    overlap of two big clusters look certain."""
    if not held or not 0.0 < other_share < 1.0:
        return 0.0
    inside = sum(n for unit, n in where.items() if unit in other_places)
    draws = held * held / sum(n * n for n in where.values())
    return (inside / held - other_share) * math.sqrt(draws / (other_share * (1.0 - other_share)))


def _top_normalised(summed: dict[str, float], top: int = 48) -> Vector:
    """The ``top`` strongest features of a summed centroid, normalised (as the merge
    passes compare clusters)."""
    return _normalised(dict(sorted(summed.items(), key=lambda kv: (-kv[1], kv[0]))[:top]))


def _normalised(vector: dict[str, float]) -> Vector:
    """``vector`` scaled to unit length (empty when it is all zeros)."""
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {f: v / norm for f, v in vector.items()} if norm else {}


def _place_lift(
    where: dict[str, int], held: int, other_places: dict[str, int], other_share: float
) -> float:
    """How much more often a cluster's items (``where``: items per unit, ``held`` in all)
    are in the units where another cluster was heard than the data's items are: the share
    of its items there over ``other_share``, the share of all items there. About 1 for
    two matters placed independently (or one heard everywhere); the inverse of the other's
    share of the data for two wordings of one local matter."""
    if not held or not other_share:
        return 0.0
    inside = sum(n for unit, n in where.items() if unit in other_places)
    return inside / held / other_share
