"""Building model records from values that are already normalised, without the checks.

An importer that reads 200,000 rows builds 200,000 :class:`~dlxh.model.OpinionItem` records;
the attrs ``__init__`` spends most of its time in converters and validators that, for values the
importer has normalised itself (NFC text, tuples, enumeration members, printable ids), change
nothing. :func:`trusted_constructor` gives a constructor that sets the fields directly: about a
third of the cost (measured: 4.7 µs → 1.4 µs per item).

The caller promises that every value is what the checked constructor would have stored; the
record is then equal to the checked one (a property test holds the importers to it). Anything
that reads user values without normalising them must use the class itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["trusted_constructor"]

T = TypeVar("T", bound=attrs.AttrsInstance)

_BUILT: dict[type[Any], Callable[..., Any]] = {}


def trusted_constructor(cls: type[T]) -> Callable[..., T]:
    """A constructor of the frozen, slotted attrs class ``cls`` that takes every field
    positionally, in declaration order (``attrs.fields(cls)``), and stores the values as
    given: no converter, no validator, no default."""
    found = _BUILT.get(cls)
    if found is None:
        names = [field.name for field in attrs.fields(cls)]
        namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
        lines = [f"def build({', '.join(names)}):", "    self = _new(_cls)"]
        for name in names:
            # A slot's descriptor sets the value past the frozen class's __setattr__.
            namespace[f"_set_{name}"] = getattr(cls, name).__set__
            lines.append(f"    _set_{name}(self, {name})")
        lines.append("    return self")
        exec("\n".join(lines), namespace)  # the field names are identifiers
        found = _BUILT[cls] = namespace["build"]
    return found
