"""The base classes that importer, exporter and taxonomy plugins subclass.

A plugin class has a unique kebab-case ``name``; the registration hooks return classes, and
the session instantiates them with itself, so that a plugin can reach the unit resolver, the
taxonomies and the other hooks without global state.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

from dlxh.model.taxonomy import Taxonomy
from dlxh.plugins.source import Source

if TYPE_CHECKING:
    from dlxh.batch import ImportBatch
    from dlxh.session import Session

__all__ = ["Exporter", "Importer", "TaxonomyProvider"]


class Importer(abc.ABC):
    """Reads one source into an :class:`~dlxh.batch.ImportBatch`.

    Subclasses set ``name``, ``description`` and ``extensions`` and implement :meth:`sniff`
    (how sure they are, from the content, that they can read the source) and :meth:`read`.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()

    def __init__(self, session: Session) -> None:
        self.session = session

    @classmethod
    def sniff(cls, source: Source) -> float:
        """Confidence in ``[0, 1]`` that this importer reads ``source``, from its content first
        and its extension second. The default trusts the extension alone, weakly."""
        return 0.3 if source.suffix in cls.extensions else 0.0

    @abc.abstractmethod
    def read(self, source: Source, *, strict: bool = False, **options: Any) -> ImportBatch:
        """Read every record of ``source``: accepted ones into the batch, a problem for each
        rejected one (``accepted + rejected == seen``); ``strict=True`` raises instead."""


class Exporter(abc.ABC):
    """Writes an object (a report, a synthesis, items, a batch...) to a file or stream."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()

    def __init__(self, session: Session) -> None:
        self.session = session

    @classmethod
    def accepts(cls, obj: object) -> bool:
        """True when this exporter can write ``obj``."""
        return True

    @abc.abstractmethod
    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        """Write ``obj`` to ``target`` (a path, or a binary stream opened for writing)."""


class TaxonomyProvider(abc.ABC):
    """Supplies taxonomies (topic areas, subject groups...) by dimension."""

    name: ClassVar[str]
    description: ClassVar[str] = ""

    @abc.abstractmethod
    def load(self) -> Mapping[str, Taxonomy]:
        """The taxonomies this provider supplies, by dimension (``"topic"``, ``"group"``)."""
