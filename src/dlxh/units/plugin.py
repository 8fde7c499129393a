"""The built-in unit plugin: the Vietnamese dataset and the default place resolver.

Registered like any third-party plugin (the host lists this module in ``DEFAULT_PLUGINS``).
An agency plugs a local alias table by implementing ``dlxh_resolve_unit`` without
``trylast``: being ``firstresult``, the first non-``None`` answer wins, and this one is asked
last.
"""

from __future__ import annotations

from datetime import date

import pluggy

from dlxh.units.dataset import UnitDataset, VietnamUnits
from dlxh.units.resolver import UnitMatch, resolve

hookimpl = pluggy.HookimplMarker("dlxh")

__all__ = ["dlxh_register_unit_datasets", "dlxh_resolve_unit", "hookimpl"]


@hookimpl
def dlxh_register_unit_datasets() -> list[type[UnitDataset]]:
    """The Vietnamese catalog (``"vietnam"``)."""
    return [VietnamUnits]


@hookimpl(trylast=True)
def dlxh_resolve_unit(text: str, as_of: date | None, within: str | None) -> list[UnitMatch] | None:
    """Resolve ``text`` against the Vietnamese catalog; ``None`` when nothing matched, so
    that the caller can tell "no answer" from an empty list."""
    matches = resolve(text, as_of=as_of, within=within)
    return matches or None
