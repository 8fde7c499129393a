"""Combining classifiers, and keeping what people decided."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import attrs
import pytest

from dlxh.classifiers import Classifier, LexiconClassifier, classify, combine_labels
from dlxh.errors import ConfigurationError
from dlxh.model.enums import ReviewState
from dlxh.model.opinions import Label, OpinionItem
from dlxh.session import Session


class Fixed(Classifier):
    """Says the same thing about every item."""

    name: ClassVar[str] = "fixed"
    version: ClassVar[str] = "1"
    dimensions: ClassVar[tuple[str, ...]] = ("topic", "mood")

    def __init__(self, topic: str, confidence: float, moods: Sequence[str] = ()) -> None:
        self.topic, self.confidence, self.moods = topic, confidence, moods

    def classify(self, items: Sequence[OpinionItem]) -> list[list[Label]]:
        return [
            [
                Label("topic", self.topic, self.confidence, classifier=self.name),
                *(Label("mood", m, 0.5, classifier=self.name) for m in self.moods),
            ]
            for _ in items
        ]


ITEM = OpinionItem(id="i1", text="Người dân bức xúc vì giá điện tăng")


def topic_of(item: OpinionItem) -> tuple[str | None, str | None]:
    label = item.label("topic")
    return (None, None) if label is None else (label.value, label.classifier)


def test_first_confident_classifier_wins_else_the_most_confident() -> None:
    (item,) = classify([ITEM], [Fixed("health", 0.9), Fixed("education", 0.95)])
    assert topic_of(item) == ("health", "fixed")
    (item,) = classify([ITEM], [Fixed("health", 0.3), Fixed("education", 0.4)])
    assert item.value("topic") == "education"
    # A single label per single-valued dimension.
    assert len(item.labels_for("topic")) == 1


def test_trained_where_confident_lexicon_otherwise(dlxh_session: Session) -> None:
    (item,) = classify([ITEM], [Fixed("health", 0.3), "lexicon"], dlxh_session)
    assert topic_of(item) == ("economy", "lexicon")
    (item,) = classify([ITEM], [Fixed("health", 0.8), "lexicon"], dlxh_session)
    assert topic_of(item) == ("health", "fixed")
    # Dimensions only the lexicon gives are kept from it.
    assert item.value("orientation") == "oppose"


def test_moods_are_merged() -> None:
    (item,) = classify(
        [ITEM], [Fixed("x", 0.9, ["worried"]), Fixed("x", 0.9, ["worried", "uneasy"])]
    )
    assert sorted(lb.value for lb in item.labels_for("mood")) == ["uneasy", "worried"]


def test_reviewed_labels_survive_reclassification(dlxh_session: Session) -> None:
    (first,) = classify([ITEM], session=dlxh_session)
    assert first.value("topic") == "economy"
    corrected = Label(
        "topic",
        "social-security",
        1.0,
        classifier="human",
        review=ReviewState.CORRECTED,
        reviewed_by="cán bộ A",
    )
    reviewed = attrs.evolve(first, labels=(*first.labels, corrected))
    (again,) = classify([reviewed], [Fixed("health", 0.99), "lexicon"], dlxh_session)
    assert again.value("topic") == "social-security"
    assert corrected in again.labels
    # Machine labels on other dimensions are given anew, not piled up.
    assert len(again.labels_for("orientation")) == 1


def test_machine_labels_are_replaced_not_accumulated() -> None:
    items = classify([ITEM], [LexiconClassifier()])
    twice = classify(items, [LexiconClassifier()])
    assert [(lb.dimension, lb.value) for lb in twice[0].labels] == [
        (lb.dimension, lb.value) for lb in items[0].labels
    ]


def test_input_items_are_not_changed_and_order_is_kept() -> None:
    items = [
        OpinionItem(id=str(i), text=t) for i, t in enumerate(["giá điện", "học phí", "ma túy"])
    ]
    out = classify(items, [LexiconClassifier()])
    assert [o.id for o in out] == ["0", "1", "2"]
    assert all(not i.labels for i in items)
    assert [o.value("topic") for o in out] == ["economy", "education", "public-security"]


def test_bad_arguments() -> None:
    with pytest.raises(ConfigurationError):
        classify([ITEM], [])
    with pytest.raises(ConfigurationError):
        classify([ITEM], min_confidence=2.0)
    assert classify([], [LexiconClassifier()]) == []


def test_combine_labels_keeps_human_labels_from_importers() -> None:
    given = Label("topic", "land", classifier="human")
    combined = combine_labels([given], [[Label("topic", "economy", 0.99, classifier="x")]])
    assert combined == (given,)
