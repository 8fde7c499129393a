"""Classifying pauses the cyclic garbage collector and leaves it as it found it."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import ClassVar

import pytest

from dlxh._collector import collector_paused
from dlxh.classifiers import Classifier, LexiconClassifier, classify
from dlxh.model.opinions import Label, OpinionItem


class Spy(Classifier):
    name: ClassVar[str] = "spy"
    version: ClassVar[str] = "1"
    seen: ClassVar[list[bool]] = []

    def classify(self, items: Sequence[OpinionItem]) -> list[list[Label]]:
        Spy.seen.append(gc.isenabled())
        return [[] for _ in items]


pytestmark = pytest.mark.usefixtures("gc_restored")

ITEMS = [OpinionItem(id="a", text="Người dân đồng tình với chủ trương")]


def test_classify_runs_classifiers_with_the_collector_paused() -> None:
    Spy.seen.clear()
    gc.enable()
    classify(ITEMS, [Spy()])
    assert Spy.seen == [False]
    assert gc.isenabled()


def test_lexicon_classify_restores_the_collector() -> None:
    gc.enable()
    labels = LexiconClassifier().classify(ITEMS)
    assert any(label.value == "approve" for label in labels[0])
    assert gc.isenabled()


def test_pauses_nest_and_a_paused_collector_stays_paused() -> None:
    gc.enable()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_what_a_block_made_goes_to_the_oldest_generation() -> None:
    gc.enable()
    with collector_paused():
        kept = [[index] for index in range(5_000)]
    # No collection of the young generation is due, and the lists are in the oldest one.
    assert gc.get_count()[0] < 700
    oldest = {id(found) for found in gc.get_objects(generation=2)}
    assert all(id(inner) in oldest for inner in kept)


def test_objects_the_caller_froze_stay_frozen() -> None:
    gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            made = [[index] for index in range(1_000)]
        assert gc.get_freeze_count() == frozen > 0
        assert len(made) == 1_000
    finally:
        gc.unfreeze()
