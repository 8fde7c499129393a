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
