"""Taxonomies: the label sets that agencies change (topic areas, subject groups).

They are data, versioned, so that a label can say which version of which taxonomy it comes from.
"""

from __future__ import annotations

import attrs

from dlxh.model.fields import check_kebab, nfc, nfc_tuple

__all__ = ["Category", "Taxonomy"]


@attrs.frozen
class Category:
    """One category of a taxonomy: a stable ``code``, a Vietnamese ``label``, a description."""

    code: str = attrs.field(validator=check_kebab)
    label: str = attrs.field(converter=nfc)
    description: str = attrs.field(default="", converter=nfc)
    parent: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    """Other names people use for it (matched after folding by the importers)."""


def _categories(values: tuple[Category, ...] | list[Category]) -> tuple[Category, ...]:
    return tuple(values)


@attrs.frozen
class Taxonomy:
    """A named, versioned list of categories for one label dimension (``"topic"``, ``"group"``)."""

    name: str = attrs.field(validator=check_kebab)
    version: str
    dimension: str = attrs.field(validator=check_kebab)
    label: str = attrs.field(converter=nfc)
    categories: tuple[Category, ...] = attrs.field(converter=_categories)

    @categories.validator
    def _check_categories(self, _attribute: object, value: tuple[Category, ...]) -> None:
        seen: set[str] = set()
        for category in value:
            if category.code in seen:
                raise ValueError(f"taxonomy {self.name!r} lists code {category.code!r} twice")
            seen.add(category.code)
        for category in value:
            if category.parent is not None and category.parent not in seen:
                raise ValueError(
                    f"category {category.code!r} names unknown parent {category.parent!r}"
                )

    @property
    def codes(self) -> tuple[str, ...]:
        """Every category code, in order."""
        return tuple(c.code for c in self.categories)

    def get(self, code: str) -> Category:
        """The category with this code; ``KeyError`` naming the taxonomy otherwise."""
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(f"taxonomy {self.name!r} {self.version} has no category {code!r}")

    def __contains__(self, code: object) -> bool:
        return any(c.code == code for c in self.categories)
