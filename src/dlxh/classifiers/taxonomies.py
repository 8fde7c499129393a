"""The default taxonomies (topic areas, subject groups) and how a session finds its own.

The defaults are versioned JSON files in ``dlxh/data/taxonomies/``, read on first use. An
agency replaces them with a plugin whose ``dlxh_register_taxonomies`` hook returns a
:class:`~dlxh.plugins.interfaces.TaxonomyProvider`; a provider registered later replaces the
taxonomy of the same dimension::

    class OurTopics(dlxh.TaxonomyProvider):
        name = "our-topics"

        def load(self):
            return {"topic": load_taxonomy("our-topics.json")}
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from dlxh.classifiers.resources import expect, read_data_json, read_json_file
from dlxh.errors import ConfigurationError, FormatError
from dlxh.model.taxonomy import Category, Taxonomy
from dlxh.plugins.interfaces import TaxonomyProvider

if TYPE_CHECKING:
    from dlxh.session import Session

__all__ = [
    "DEFAULT_TAXONOMY_FILES",
    "DefaultTaxonomies",
    "default_taxonomies",
    "load_taxonomy",
    "taxonomies",
    "taxonomy",
    "taxonomy_from_document",
]

DEFAULT_TAXONOMY_FILES: Mapping[str, str] = MappingProxyType(
    {"topic": "topic-areas.json", "group": "subject-groups.json"}
)
"""The shipped taxonomy files, by dimension."""

_TAXONOMY_KEYS = frozenset({"name", "version", "dimension", "label", "categories", "note"})
_CATEGORY_KEYS = frozenset({"code", "label", "description", "parent", "aliases"})


def taxonomy_from_document(data: Mapping[str, Any], where: str = "taxonomy") -> Taxonomy:
    """A :class:`~dlxh.model.taxonomy.Taxonomy` from its JSON document (the shape of the
    files in ``dlxh/data/taxonomies``); :class:`~dlxh.errors.FormatError` when it is wrong."""
    unknown = set(data) - _TAXONOMY_KEYS
    if unknown:
        raise FormatError(f"{where}: unknown keys {sorted(unknown)}")
    raw_categories = expect(data, "categories", list, where)
    categories = []
    for index, raw in enumerate(raw_categories):
        at = f"{where}: categories[{index}]"
        if not isinstance(raw, dict):
            raise FormatError(f"{at}: expected an object")
        extra = set(raw) - _CATEGORY_KEYS
        if extra:
            raise FormatError(f"{at}: unknown keys {sorted(extra)}")
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise FormatError(f"{at}: 'aliases' must be a list of strings")
        try:
            categories.append(
                Category(
                    code=expect(raw, "code", str, at),
                    label=expect(raw, "label", str, at),
                    description=str(raw.get("description", "")),
                    parent=raw.get("parent"),
                    aliases=tuple(aliases),
                )
            )
        except ValueError as exc:
            raise FormatError(f"{at}: {exc}") from exc
    try:
        return Taxonomy(
            name=expect(data, "name", str, where),
            version=expect(data, "version", str, where),
            dimension=expect(data, "dimension", str, where),
            label=expect(data, "label", str, where),
            categories=tuple(categories),
        )
    except ValueError as exc:
        raise FormatError(f"{where}: {exc}") from exc


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read a taxonomy from a JSON file of the same shape as the shipped ones."""
    return taxonomy_from_document(read_json_file(path), str(path))


@functools.cache
def _defaults() -> Mapping[str, Taxonomy]:
    loaded = {}
    for dimension, name in DEFAULT_TAXONOMY_FILES.items():
        tax = taxonomy_from_document(read_data_json("taxonomies", name), f"taxonomies/{name}")
        if tax.dimension != dimension:
            raise FormatError(
                f"taxonomies/{name}: dimension {tax.dimension!r}, expected {dimension!r}"
            )
        loaded[dimension] = tax
    return MappingProxyType(loaded)


def default_taxonomies() -> Mapping[str, Taxonomy]:
    """The taxonomies dlxh ships, by dimension (``"topic"``, ``"group"``); read on first use."""
    return _defaults()


class DefaultTaxonomies(TaxonomyProvider):
    """The built-in provider: the default topic areas and subject groups."""

    name = "dlxh-default"
    description = "Lĩnh vực và chủ thể mặc định của dlxh (default topic areas and subject groups)"

    def load(self) -> Mapping[str, Taxonomy]:
        return default_taxonomies()


def taxonomies(session: Session | None = None) -> dict[str, Taxonomy]:
    """The taxonomies in force in ``session`` (the default session when ``None``), by
    dimension: every provider's, in registration order, a later one replacing an earlier
    one's taxonomy of the same dimension."""
    if session is None:
        from dlxh.session import default_session

        session = default_session()
    found: dict[str, Taxonomy] = {}
    for provider_class in session.taxonomy_providers:
        provider = provider_class()
        for dimension, tax in provider.load().items():
            if not isinstance(tax, Taxonomy):
                raise ConfigurationError(
                    f"taxonomy provider {provider_class.name!r} returned a "
                    f"{type(tax).__name__} for {dimension!r}, not a Taxonomy"
                )
            found[dimension] = tax
    return found


def taxonomy(dimension: str, session: Session | None = None) -> Taxonomy:
    """The taxonomy of ``dimension`` in force in ``session``."""
    found = taxonomies(session)
    try:
        return found[dimension]
    except KeyError:
        known = ", ".join(sorted(found)) or "none"
        raise ConfigurationError(
            f"no taxonomy for dimension {dimension!r}; known: {known}"
        ) from None
