"""Partition a national job by province."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dlxh.batch import ImportBatch
from dlxh.errors import ConfigurationError
from dlxh.model.opinions import OpinionItem

__all__ = ["UNPLACED", "partition_by_province"]

UNPLACED = ""
"""The partition key of inputs that belong to no one province: items with no unit or with a
code not in force on the tree date (pre-2025 codes are mapped by the national synthesis), and
the reports, recommendations, organisations and reporting lines of import batches. They go to
the national synthesis only."""


def partition_by_province(
    inputs: Iterable[object], tree_date: dt.date
) -> dict[str, list[object]]:
    """Split ``inputs`` (opinion items and import batches, in any nesting of lists) by the
    province of each item's unit on the tree in force on ``tree_date``.

    Returns province code -> inputs, in ascending order of codes, and :data:`UNPLACED` ->
    whatever belongs to no province (present only when not empty). Items keep their order
    within a partition.
    """
    from dlxh.units.catalog import catalog

    cat = catalog(tree_date)
    province: dict[str, str] = {}
    out: dict[str, list[object]] = {}

    def place(item: OpinionItem) -> None:
        code = item.unit
        key = UNPLACED
        if code is not None:
            found = province.get(code)
            if found is None:
                unit = cat.find(code)
                found = UNPLACED if unit is None else cat.province_of(unit).code
                province[code] = found
            key = found
        out.setdefault(key, []).append(item)

    def walk(obj: object, depth: int) -> None:
        if depth > 20:
            raise ConfigurationError("national inputs are nested too deeply")
        if isinstance(obj, OpinionItem):
            place(obj)
        elif isinstance(obj, ImportBatch):
            for item in obj.items:
                place(item)
            rest = [*obj.reports, *obj.recommendations, *obj.organisations,
                    *obj.reporting_lines]
            out.setdefault(UNPLACED, []).extend(rest)
        elif isinstance(obj, str | bytes) or obj is None:
            raise ConfigurationError(
                "partition_by_province() takes opinion items and import batches; give "
                "files as a mapping of province code to sources"
            )
        elif isinstance(obj, Iterable):
            for part in obj:
                walk(part, depth + 1)
        else:
            raise ConfigurationError(
                f"partition_by_province() takes opinion items and import batches, not "
                f"{type(obj).__name__}"
            )

    walk(inputs, 0)
    unplaced = out.pop(UNPLACED, None)
    ordered = dict(sorted(out.items()))
    if unplaced:
        ordered[UNPLACED] = unplaced
    return ordered
