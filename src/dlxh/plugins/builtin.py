"""The built-in answers to the decision hooks (registered ``trylast``)."""

from __future__ import annotations

from collections.abc import Sequence

from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Importer
from dlxh.plugins.source import Source


@hookimpl(trylast=True)
def dlxh_select_importer(
    source: Source, candidates: Sequence[type[Importer]]
) -> type[Importer] | None:
    """The most confident importer by :meth:`~dlxh.Importer.sniff`; on a tie, the one whose
    extensions include the source's; ``None`` when nobody is confident at all."""
    best: type[Importer] | None = None
    best_key = (0.0, False)
    for cls in candidates:
        score = cls.sniff(source)
        key = (score, source.suffix in cls.extensions)
        if score > 0 and key > best_key:
            best, best_key = cls, key
    return best
