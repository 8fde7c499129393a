"""Name → class registries built from the registration hooks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from dlxh.errors import ConfigurationError, PluginError

__all__ = ["Registry"]

T = TypeVar("T", bound=type)

_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


class Registry(Generic[T]):
    """The classes of one kind (importers, exporters...) by their unique kebab-case name."""

    def __init__(self, kind: str, classes: Iterable[T] = ()) -> None:
        self.kind = kind
        self._by_name: dict[str, T] = {}
        for cls in classes:
            self.add(cls)

    def add(self, cls: T) -> None:
        """Register ``cls``; refuse a second class with the same name, naming both."""
        name = getattr(cls, "name", None)
        if not isinstance(name, str) or not _KEBAB.match(name):
            raise PluginError(
                f"{self.kind} {_qualname(cls)} needs a kebab-case 'name' class attribute, "
                f"got {name!r}"
            )
        existing = self._by_name.get(name)
        if existing is not None and existing is not cls:
            raise PluginError(
                f"two {self.kind} are named {name!r}: {_qualname(existing)} and {_qualname(cls)}"
            )
        self._by_name[name] = cls

    def get(self, name: str) -> T:
        """The class named ``name``; a clear error listing the known names otherwise."""
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(sorted(self._by_name)) or "none"
            raise ConfigurationError(f"no {self.kind} named {name!r}; installed: {known}") from None

    def names(self) -> list[str]:
        """The registered names, sorted."""
        return sorted(self._by_name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[T]:
        return iter(self._by_name[n] for n in self.names())

    def __len__(self) -> int:
        return len(self._by_name)
