"""Writing reports, syntheses, items and tables: Word, Excel, CSV, Markdown, HTML, JSON.

The public API of the exporters, loaded on first use so that ``import dlxh`` stays light:
``write_report_docx``, ``fill_template``, ``write_xlsx``, ``write_csv``, ``report_markdown``,
``report_html``, ``redact_text``, and the document pieces ``ReportBundle``, ``Table``,
``Chart``. Most callers use :func:`dlxh.write` and never import this package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dlxh.exporters.csv_exporter import write_csv
    from dlxh.exporters.document import Chart, ReportBundle, Table
    from dlxh.exporters.docx_exporter import (
        PROFILES,
        fill_template,
        sample_template,
        write_report_docx,
    )
    from dlxh.exporters.html import (
        batch_html,
        items_html,
        problems_html,
        report_html,
        streams_html,
        table_html,
    )
    from dlxh.exporters.markdown import report_markdown, table_markdown
    from dlxh.exporters.notebook import install_notebook_display
    from dlxh.exporters.redaction import redact_text
    from dlxh.exporters.xlsx_exporter import write_xlsx

_WHERE = {
    "write_csv": "csv_exporter",
    "Chart": "document",
    "ReportBundle": "document",
    "Table": "document",
    "PROFILES": "docx_exporter",
    "fill_template": "docx_exporter",
    "write_report_docx": "docx_exporter",
    "sample_template": "docx_exporter",
    "batch_html": "html",
    "items_html": "html",
    "problems_html": "html",
    "report_html": "html",
    "streams_html": "html",
    "table_html": "html",
    "report_markdown": "markdown",
    "table_markdown": "markdown",
    "install_notebook_display": "notebook",
    "redact_text": "redaction",
    "write_xlsx": "xlsx_exporter",
}

__all__ = [
    "PROFILES",
    "Chart",
    "ReportBundle",
    "Table",
    "batch_html",
    "fill_template",
    "install_notebook_display",
    "items_html",
    "problems_html",
    "redact_text",
    "report_html",
    "report_markdown",
    "sample_template",
    "streams_html",
    "table_html",
    "table_markdown",
    "write_csv",
    "write_report_docx",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'dlxh.exporters' has no attribute {name!r}")
    value = getattr(import_module(f"dlxh.exporters.{module}"), name)
    globals()[name] = value
    return value
