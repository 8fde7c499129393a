"""What a synthesis reads from each item's labels, read once per item.

Reading a label scans the item's labels (a reviewed one wins, then the most confident); a
synthesis asks for an item's issue, topic, orientation and moods many times, so it asks a
:class:`FactBook` that reads them once and remembers them by item id.
"""

from __future__ import annotations

import attrs

from dlxh.model.enums import Mood, Orientation
from dlxh.model.opinions import OpinionItem

__all__ = ["FactBook", "Facts"]


@attrs.frozen(slots=True)
class Facts:
    """The labels of one item that a synthesis uses."""

    issue: str | None
    """The ``issue`` label, if any."""
    topic: str | None
    orientation: Orientation | None
    moods: frozenset[Mood]

    @property
    def issue_key(self) -> str:
        """The issue the item names: its ``issue`` label, else its topic, else ``""``."""
        return self.issue or self.topic or ""


class FactBook:
    """:class:`Facts` by item id, read on first use (ids are unique once gathered)."""

    def __init__(self) -> None:
        self._by_id: dict[str, Facts] = {}

    def __call__(self, item: OpinionItem) -> Facts:
        found = self._by_id.get(item.id)
        if found is None:
            found = Facts(item.value("issue"), item.value("topic"), item.orientation,
                          item.moods)
            self._by_id[item.id] = found
        return found
