"""The work of one province: read its sources, classify its items, synthesise it.

These functions are what a Dask worker runs; they are plain functions of picklable values, so
that the same code runs in one process (``client=None``) and on a cluster.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from dlxh.batch import ImportBatch
from dlxh.model.opinions import OpinionItem
from dlxh.model.periods import Period
from dlxh.synthesis import Synthesis

__all__ = ["ProvinceResult", "prepare_inputs", "province_task"]


@attrs.frozen(eq=False)
class ProvinceResult:
    """What a province task sends back for the national roll-up."""

    code: str
    """The province code (:data:`~dlxh.scaleout.UNPLACED` for the national-only part)."""
    synthesis: Synthesis | None
    """The province's synthesis (``None`` for the national-only part)."""
    passed_up: tuple[object, ...]
    """Inputs the province synthesis does not carry up itself and the national synthesis
    needs: items it did not count (the previous period's, used for trends; items placed in
    another province), and the reports, recommendations, organisations and reporting lines
    read from the sources."""
    items_read: int = 0
    """Items read or given to the task (before the roll-up)."""


def _is_source(obj: object) -> bool:
    from dlxh.plugins.source import Source

    return isinstance(obj, str | bytes | os.PathLike | Source) or hasattr(obj, "read")


def prepare_inputs(
    parts: Iterable[object],
    *,
    classify: bool = True,
    classifiers: Sequence[object] | None = None,
) -> tuple[list[OpinionItem], list[object]]:
    """Read the sources among ``parts`` (paths, bytes, streams: :func:`dlxh.read`), classify
    the items read or given (``classify=True``: :func:`dlxh.classify` with ``classifiers``),
    and return (items, other records). Import batches given are opened up the same way;
    syntheses and reports pass through with the other records."""
    import dlxh

    items: list[OpinionItem] = []
    others: list[object] = []

    def take(batch: ImportBatch) -> None:
        items.extend(batch.items)
        others.extend([*batch.reports, *batch.recommendations, *batch.organisations,
                       *batch.reporting_lines])

    for part in parts:
        if isinstance(part, OpinionItem):
            items.append(part)
        elif isinstance(part, ImportBatch):
            take(part)
        elif _is_source(part):
            take(dlxh.read(part))  # type: ignore[arg-type]
        elif isinstance(part, list | tuple):
            more_items, more_others = prepare_inputs(part, classify=False)
            items.extend(more_items)
            others.extend(more_others)
        else:
            others.append(part)
    if classify and items:
        items = dlxh.classify(items, classifiers)  # type: ignore[arg-type]
    return items, others


def province_task(
    code: str,
    parts: Iterable[object],
    period: Period,
    *,
    classify: bool = True,
    classifiers: Sequence[object] | None = None,
    options: Mapping[str, Any] | None = None,
) -> ProvinceResult:
    """Read, classify and synthesise province ``code`` for ``period``; ``options`` go to
    :func:`dlxh.synthesis.synthesize`. ``code`` :data:`~dlxh.scaleout.UNPLACED` only reads and
    classifies (its inputs go to the national synthesis)."""
    from dlxh.scaleout.partition import UNPLACED
    from dlxh.synthesis import synthesize

    items, others = prepare_inputs(parts, classify=classify, classifiers=classifiers)
    if code == UNPLACED:
        return ProvinceResult(code, None, (*others, *items), len(items))
    synthesis = synthesize([items, others], unit=code, period=period, **dict(options or {}))
    counted = {item.id for item in synthesis.items}
    leftover = [item for item in items if item.id not in counted]
    return ProvinceResult(code, synthesis, (*others, *leftover), len(items))
