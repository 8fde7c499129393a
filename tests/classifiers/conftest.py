"""Fixtures of the classifier tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

from dlxh.classifiers.matcher import CueMatcher

STATEMENTS = Path(__file__).resolve().parent / "data" / "opinion_statements.jsonl"


def _load() -> list[dict[str, Any]]:
    with STATEMENTS.open(encoding="utf-8") as fh:
        return [dict(json.loads(line)) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def statements() -> list[dict[str, Any]]:
    """The opinion statements written for the project, with their topic and orientation."""
    return _load()


@pytest.fixture(scope="session")
def statements_path() -> Path:
    """Where the statements are (a labelled JSON Lines file)."""
    return STATEMENTS


@contextmanager
def _automaton_off(matcher: CueMatcher[Any]) -> Iterator[None]:
    automaton = matcher._automaton
    matcher._automaton = None  # as when pyahocorasick is not installed: the pure-Python walks
    try:
        yield
    finally:
        matcher._automaton = automaton


@pytest.fixture(scope="session")
def automaton_off() -> Callable[[CueMatcher[Any]], AbstractContextManager[None]]:
    """``with automaton_off(matcher):`` runs the matcher's fallback walks, then puts the
    automaton back (session-scoped, so Hypothesis tests can use it)."""
    return _automaton_off
