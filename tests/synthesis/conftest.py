"""Shared fixtures of the synthesis tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest


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
