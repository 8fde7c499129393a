"""pytest fixtures of the dlxh test kit (loaded through the ``pytest11`` entry point)."""

from __future__ import annotations

import pytest

from dlxh.session import Session
from dlxh.testing import fresh_session


@pytest.fixture
def dlxh_session() -> Session:
    """A fresh dlxh session with the built-in plugins only."""
    return fresh_session()
