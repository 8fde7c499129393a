"""Shared fixtures of the synthesis tests."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest

from dlxh.model.opinions import OpinionItem
from dlxh.synthesis import GroupingSettings, group_items
from dlxh.testing.scenario import scenario


@attrs.frozen
class _Reading:
    value: str
    confidence: float


@pytest.fixture
def cues_reading(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str, float], None]:
    """Stands in for the lexicon classifier that stream grouping reads sides with: a text
    holding ``phrase`` is read as ``value`` at ``confidence``; any other text reads nothing."""
    import dlxh.classifiers.lexicon

    def install(phrase: str, value: str, confidence: float) -> None:
        class _Cues:
            def __init__(self, dimensions: tuple[str, ...] = ()) -> None:
                self.dimensions = dimensions

            def analyse(self, text: str) -> dict[str, Any]:
                if phrase in text:
                    return {"orientation": _Reading(value, confidence)}
                return {}

        monkeypatch.setattr(dlxh.classifiers.lexicon, "LexiconClassifier", _Cues)

    return install


@pytest.fixture(scope="session")
def background() -> tuple[OpinionItem, ...]:
    """Other matters heard across a province's communes (the tuned scenario set, without
    labels, ids starting with ``z``), so that places, words and groups weigh as they do in
    real reports."""
    return tuple(
        attrs.evolve(item, id=f"z{item.id}", labels=())
        for item in scenario(1500, seed=3, label_rate=0.0).items
    )


@pytest.fixture
def wordings_grouped(
    background: tuple[OpinionItem, ...],
) -> Callable[..., set[frozenset[str]]]:
    """Groups a test's items among the background (or ``among``, other background items)
    with the given ``GroupingSettings`` fields, and tells which of its wordings (the first
    letter of their ids) share a group."""

    def grouped(
        items: list[OpinionItem], among: Sequence[OpinionItem] | None = None, **settings: Any
    ) -> set[frozenset[str]]:
        everything = [*items, *(background if among is None else among)]
        groups = group_items(everything, settings=GroupingSettings(**settings))
        found = {
            frozenset(everything[i].id[0] for i in g.members if i < len(items)) for g in groups
        }
        return found - {frozenset()}

    return grouped


@pytest.fixture
def streams(
    wordings_grouped: Callable[..., set[frozenset[str]]],
) -> Callable[..., set[frozenset[str]]]:
    """The test's wordings grouped among the background, sides not read from the cues
    unless a test asks (``orientation_cues=True``)."""
    return functools.partial(wordings_grouped, orientation_cues=False)
