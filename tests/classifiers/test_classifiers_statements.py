"""The lexicon classifier on the project's own set of opinion statements.

The statements in ``data/opinion_statements.jsonl`` were written for the project, in the style
of MTTQ opinion reports, with a topic area and an orientation each; some are typed without
diacritics, some carry negations and hedges.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from dlxh.classifiers import LexiconClassifier, default_taxonomies, evaluate
from dlxh.model.enums import Orientation, ReviewState
from dlxh.model.opinions import Label, OpinionItem
from dlxh.text import fold


def gold_items(statements: list[dict[str, Any]]) -> list[OpinionItem]:
    return [
        OpinionItem(
            id=row["id"],
            text=row["text"],
            labels=(
                Label("topic", row["topic"], review=ReviewState.CONFIRMED),
                Label("orientation", row["orientation"], review=ReviewState.CONFIRMED),
            ),
        )
        for row in statements
    ]


def test_the_set_covers_what_it_must(statements: list[dict[str, Any]]) -> None:
    assert len(statements) >= 300
    assert len({row["id"] for row in statements}) == len(statements)
    assert len({fold(row["text"]) for row in statements}) == len(statements)
    topics = Counter(row["topic"] for row in statements)
    assert set(topics) == set(default_taxonomies()["topic"].codes)
    assert min(c for code, c in topics.items() if code != "other") >= 12
    orientations = Counter(row["orientation"] for row in statements)
    assert set(orientations) == {o.value for o in Orientation}
    assert min(orientations.values()) >= 40
    plain = [row for row in statements if row["text"].isascii()]
    assert len(plain) >= 30
    assert all(row["diacritics"] is (not row["text"].isascii()) for row in statements)
    negated = [row for row in statements if {"khong", "chua"} & set(fold(row["text"]).split())]
    assert len(negated) >= 20


@pytest.mark.parametrize(("dimension", "floor"), [("topic", 0.80), ("orientation", 0.75)])
def test_lexicon_scores_on_the_statements(
    statements: list[dict[str, Any]], dimension: str, floor: float
) -> None:
    result = evaluate(LexiconClassifier(), gold_items(statements), dimension)
    assert result.support == len(statements)
    assert result.macro_f1 >= floor, result.table()


def test_statements_without_diacritics_are_classified_too(
    statements: list[dict[str, Any]],
) -> None:
    plain = [row for row in statements if row["text"].isascii()]
    result = evaluate(LexiconClassifier(), gold_items(plain), "orientation")
    assert result.accuracy >= 0.7, result.table()
