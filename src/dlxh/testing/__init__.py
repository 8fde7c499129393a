"""The public test kit: sessions, throwaway plugins, contract tests, Hypothesis strategies.

For plugin authors as much as for dlxh itself::

    from dlxh.testing import fresh_session, temporary_plugin
    from dlxh.testing.contracts import ImporterContract     # subclass in your tests
    from dlxh.testing.strategies import opinion_items       # needs hypothesis

The pytest fixture ``dlxh_session`` (a fresh session per test) is registered automatically
when dlxh is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dlxh.session import Session

__all__ = ["fresh_session", "temporary_plugin"]


def fresh_session(**kwargs: Any) -> Session:
    """A new :class:`~dlxh.Session` with the built-in plugins only (installed plugins are
    not loaded unless ``autoload=True``), so a test sees nothing of the machine it runs on."""
    kwargs.setdefault("autoload", False)
    return Session(**kwargs)


@contextmanager
def temporary_plugin(session: Session, plugin: object, name: str | None = None) -> Iterator[str]:
    """Register ``plugin`` on ``session`` for the duration of the ``with`` block, and always
    unregister it, even when the block raises. Yields the registered name."""
    registered = session.register(plugin, name=name)
    try:
        yield registered
    finally:
        if session.pm.is_registered(plugin):
            session.unregister(plugin)
