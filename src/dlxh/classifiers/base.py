"""The base class of classifier plugins."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from dlxh.model.opinions import Label, OpinionItem

if TYPE_CHECKING:
    from typing import Self

    from dlxh.session import Session

__all__ = ["MULTI_VALUED", "Classifier"]

MULTI_VALUED: frozenset[str] = frozenset({"mood", "group"})
"""Dimensions on which an item can carry several values at once (moods, subject groups);
every other dimension holds one value per item."""


class Classifier(abc.ABC):
    """Gives labels, with provenance, to opinion items.

    ``dimensions`` lists the label dimensions it can give (``"topic"``, ``"orientation"``...).
    A plugin subclasses this class, sets a unique kebab-case ``name``, a ``version`` (written
    into every label it gives) and implements :meth:`classify`. It must be constructible with
    no argument, or override :meth:`from_session`.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    version: ClassVar[str] = "0"
    dimensions: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_session(cls, session: Session) -> Self:
        """An instance configured from ``session`` (its taxonomies, for instance); the
        default takes no configuration."""
        return cls()

    @abc.abstractmethod
    def classify(self, items: Sequence[OpinionItem]) -> list[list[Label]]:
        """The labels for each item, in order (an empty list where it has nothing to say)."""
