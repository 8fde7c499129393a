"""Rich display in Jupyter: reports, syntheses, streams, items, batches and problems as HTML.

The model knows nothing of HTML (it sits below the exporters), so the ``_repr_html_`` methods
are attached here, once, by :func:`install_notebook_display` (``import dlxh`` calls it). The HTML
renderer is imported only when an object is first displayed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["install_notebook_display"]


def _report(obj: Any) -> str:
    from dlxh.exporters.html import report_html

    return report_html(obj)


def _batch(obj: Any) -> str:
    from dlxh.exporters.html import batch_html

    return batch_html(obj)


def _stream(obj: Any) -> str:
    from dlxh.exporters.html import streams_html

    return streams_html([obj])


def _item(obj: Any) -> str:
    from dlxh.exporters.html import items_html

    return items_html([obj])


def _problems(obj: Any) -> str:
    from dlxh.exporters.html import problems_html

    return problems_html(obj)


def _problem(obj: Any) -> str:
    return _problems([obj])


def _table(obj: Any) -> str:
    from dlxh.exporters.html import table_html

    return table_html(obj.columns, obj.rows, caption=obj.title)


def install_notebook_display(*extra: tuple[type, Callable[[Any], str]]) -> None:
    """Give the dlxh types a ``_repr_html_``; ``extra`` adds ``(class, renderer)`` pairs (the
    synthesis layer registers its own result type this way)."""
    from dlxh.batch import ImportBatch
    from dlxh.errors import Problem, ProblemList
    from dlxh.exporters.document import ReportBundle, Table
    from dlxh.model.opinions import OpinionItem, OpinionStream
    from dlxh.model.reports import Report

    pairs: list[tuple[type, Callable[[Any], str]]] = [
        (Report, _report),
        (ReportBundle, _report),
        (ImportBatch, _batch),
        (OpinionStream, _stream),
        (OpinionItem, _item),
        (ProblemList, _problems),
        (Problem, _problem),
        (Table, _table),
        *extra,
    ]
    for cls, render in pairs:
        cls._repr_html_ = render  # type: ignore[attr-defined]
