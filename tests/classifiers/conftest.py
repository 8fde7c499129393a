"""Fixtures of the classifier tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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
