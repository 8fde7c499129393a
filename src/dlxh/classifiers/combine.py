"""Running several classifiers over items and combining their labels.

The rule, per item and per dimension:

1. **People win.** A dimension that already holds a reviewed label (confirmed or corrected)
   or a label given by a person (``classifier="human"``, as an importer reads it from a
   column) keeps its labels as they are; no classifier label is added to it. This is what
   keeps a correction when items are classified again.
2. **Machine labels are replaced.** Unreviewed labels that a classifier gave earlier, on the
   dimensions being classified, are dropped and given anew.
3. **Single-valued dimensions** (topic, orientation, scope, origin, breadth, interest,
   competent-level, custom ones): classifiers are asked in the order given; the first label
   whose confidence reaches ``min_confidence`` is taken; when none does, the most confident
   label is taken (on a tie, the earlier classifier). So ``[trained, lexicon]`` means "the
   trained model where it is confident, the lexicon otherwise".
4. **Multi-valued dimensions** (mood, group): every value any classifier gave is kept once,
   with its highest confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from dlxh._collector import collector_paused
from dlxh.classifiers.base import MULTI_VALUED, Classifier
from dlxh.errors import ConfigurationError
from dlxh.model.opinions import Label, OpinionItem

if TYPE_CHECKING:
    from dlxh.session import Session

__all__ = ["DEFAULT_MIN_CONFIDENCE", "classify", "combine_labels", "resolve_classifiers"]

DEFAULT_MIN_CONFIDENCE = 0.6
"""The confidence at which the first classifier's label is taken without asking the next."""


def resolve_classifiers(
    classifiers: Iterable[Classifier | str | type[Classifier]] | None, session: Session | None
) -> list[Classifier]:
    """Instances for a list of classifiers, names (looked up in ``session``'s registry) or
    classes; ``None`` gives the built-in lexicon classifier."""
    wanted = ["lexicon"] if classifiers is None else list(classifiers)
    if not wanted:
        raise ConfigurationError("classify() needs at least one classifier")
    out: list[Classifier] = []
    for entry in wanted:
        if isinstance(entry, Classifier):
            out.append(entry)
            continue
        if session is None:
            from dlxh.session import default_session

            session = default_session()
        cls = session.classifiers.get(entry) if isinstance(entry, str) else entry
        out.append(cls.from_session(session))
    return out


def _is_human(label: Label) -> bool:
    return label.reviewed or label.classifier == "human"


def combine_labels(
    existing: Sequence[Label],
    proposals: Sequence[Sequence[Label]],
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> tuple[Label, ...]:
    """The labels of one item: ``existing`` ones and each classifier's ``proposals`` (in the
    classifiers' order), combined by the rule of this module."""
    protected = {lb.dimension for lb in existing if _is_human(lb)}
    proposed_dims: list[str] = []
    for labels in proposals:
        for lb in labels:
            if lb.dimension not in proposed_dims:
                proposed_dims.append(lb.dimension)
    renewed = set(proposed_dims) - protected
    kept = [lb for lb in existing if lb.dimension not in renewed or _is_human(lb)]
    added: list[Label] = []
    for dimension in proposed_dims:
        if dimension in protected:
            continue
        candidates = [[lb for lb in labels if lb.dimension == dimension] for labels in proposals]
        if dimension in MULTI_VALUED:
            best: dict[str, Label] = {}
            for labels in candidates:
                for lb in labels:
                    if lb.value not in best or lb.confidence > best[lb.value].confidence:
                        best[lb.value] = lb
            added.extend(best.values())
            continue
        firsts = [max(labels, key=lambda lb: lb.confidence) for labels in candidates if labels]
        confident = [lb for lb in firsts if lb.confidence >= min_confidence]
        if confident:
            added.append(confident[0])
        elif firsts:
            top = max(lb.confidence for lb in firsts)
            added.append(next(lb for lb in firsts if lb.confidence == top))
    return (*kept, *added)


def classify(
    items: Sequence[OpinionItem],
    classifiers: Iterable[Classifier | str | type[Classifier]] | None = None,
    session: Session | None = None,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> list[OpinionItem]:
    """New items with labels from ``classifiers`` (instances, registered names or classes;
    the lexicon classifier by default), combined by the rule of :mod:`dlxh.classifiers.combine`.
    Reviewed and human labels are always kept. The items given are not changed (they are
    frozen); the result is in the same order."""
    items = list(items)
    if not 0.0 <= min_confidence <= 1.0:
        raise ConfigurationError(f"min_confidence must be in [0, 1], got {min_confidence}")
    instances = resolve_classifiers(classifiers, session)
    if not items:
        return []
    results = []
    with collector_paused():
        for instance in instances:
            labels = instance.classify(items)
            if len(labels) != len(items):
                raise ConfigurationError(
                    f"classifier {instance.name!r} returned {len(labels)} results "
                    f"for {len(items)} items"
                )
            results.append(labels)
        return [
            attrs.evolve(
                item,
                labels=combine_labels(
                    item.labels, [r[index] for r in results], min_confidence=min_confidence
                ),
            )
            for index, item in enumerate(items)
        ]
