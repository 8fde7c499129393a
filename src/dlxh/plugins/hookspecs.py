"""The hooks of dlxh (pluggy project ``"dlxh"``, entry-point group ``"dlxh"``).

Three kinds:

* **registration** hooks take no arguments and return classes, each with a unique kebab-case
  ``name``; the session builds name → class registries from them and refuses duplicates;
* **decision** hooks are ``firstresult``: the first plugin that answers (not ``None``) wins,
  and the built-in answer is registered ``trylast``;
* **notification** hooks return nothing: they let a plugin watch (audit logging, metrics).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from dlxh.batch import ImportBatch
    from dlxh.classifiers.base import Classifier
    from dlxh.plugins.interfaces import Exporter, Importer, TaxonomyProvider
    from dlxh.plugins.source import Source
    from dlxh.session import Session
    from dlxh.storage.base import Store
    from dlxh.units.dataset import UnitDataset
    from dlxh.units.resolver import UnitMatch

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "dlxh"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
"""Decorate your plugin's functions with ``@dlxh.hookimpl``."""


@hookspec
def dlxh_register_importers() -> list[type[Importer]]:  # type: ignore[empty-body]
    """Return importer classes (subclasses of :class:`dlxh.Importer`)."""


@hookspec
def dlxh_register_exporters() -> list[type[Exporter]]:  # type: ignore[empty-body]
    """Return exporter classes (subclasses of :class:`dlxh.Exporter`)."""


@hookspec
def dlxh_register_classifiers() -> list[type[Classifier]]:  # type: ignore[empty-body]
    """Return classifier classes (subclasses of :class:`dlxh.classifiers.base.Classifier`)."""


@hookspec
def dlxh_register_unit_datasets() -> list[type[UnitDataset]]:  # type: ignore[empty-body]
    """Return administrative-unit dataset classes (the Vietnamese catalog is the built-in one)."""


@hookspec
def dlxh_register_taxonomies() -> list[type[TaxonomyProvider]]:  # type: ignore[empty-body]
    """Return taxonomy provider classes (subclasses of :class:`dlxh.TaxonomyProvider`);
    a provider registered later replaces the taxonomy of the same dimension."""


@hookspec
def dlxh_register_storage() -> list[type[Store]]:  # type: ignore[empty-body]
    """Return storage backend classes (subclasses of :class:`dlxh.storage.base.Store`)."""


@hookspec(firstresult=True)
def dlxh_select_importer(
    source: Source, candidates: Sequence[type[Importer]]
) -> type[Importer] | None:
    """Choose the importer for ``source`` among ``candidates`` (every registered importer).

    Return ``None`` to leave the choice to the next plugin. The built-in answer asks each
    candidate's :meth:`~dlxh.Importer.sniff` and takes the most confident one.
    """


@hookspec(firstresult=True)
def dlxh_resolve_unit(
    text: str, as_of: dt.date | None, within: str | None
) -> list[UnitMatch] | None:
    """Resolve a place written in free text to administrative units, best first.

    ``as_of`` is the date of the report (which state of the catalog applies); ``within`` a unit
    code that narrows the search. Return ``None`` to leave it to the next plugin (an agency's
    alias table answers the names it knows and returns ``None`` for the rest); the built-in
    resolver answers last.
    """


@hookspec
def dlxh_items_imported(batch: ImportBatch, session: Session) -> None:
    """Called after :meth:`dlxh.Session.read` returned a batch."""


@hookspec
def dlxh_report_written(obj: Any, path: Path | None, exporter: str, session: Session) -> None:
    """Called after an exporter wrote ``obj`` (``path`` is ``None`` for a stream): for audit
    logs of what left the office."""
