"""CSV that Excel opens with its Vietnamese intact, and that cannot smuggle formulas.

- UTF-8 with a byte-order mark: without it, Excel reads the file in the machine's ANSI code
  page and Vietnamese turns into mojibake.
- Rows end with CRLF; text fields are quoted, numbers are not (``csv.QUOTE_NONNUMERIC``).
- Dates are ISO 8601 (``2026-11-05``), which Excel recognises in every locale.
- Formula injection (OWASP, "CSV Injection"): a text field that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return gets a single quote in front (``'=1+1``), so that
  a spreadsheet shows it as text and never evaluates it. The quote is part of the written
  value; an importer reading dlxh's CSV back strips one leading quote before these characters.
- ``delimiter=";"`` suits Excel under Vietnamese regional settings, where the list
  separator is a semicolon.

Accepted: a list (or iterator) of items, a batch (its items), a list of streams, a list of
problems, a :class:`~dlxh.exporters.document.Table`. The columns are those of
:mod:`dlxh.exporters.document`. ``redact=True`` (the default) redacts free text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from dlxh.batch import ImportBatch
from dlxh.errors import Problem
from dlxh.exporters.document import (
    ITEM_COLUMNS,
    PROBLEM_COLUMNS,
    STREAM_COLUMNS,
    Cell,
    Table,
    item_row,
    problem_row,
    redact_row,
    stream_row,
)
from dlxh.exporters.xlsx_writer import FORMULA_TRIGGERS
from dlxh.model.opinions import OpinionItem, OpinionStream
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter

__all__ = ["CsvExporter", "escape_formula", "write_csv"]


def escape_formula(text: str) -> str:
    """``text`` with a single quote in front when it starts like a formula (OWASP)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _cell(value: Cell) -> Cell:
    if isinstance(value, str):
        return escape_formula(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _rows(obj: object, redact: bool) -> tuple[Sequence[str], Iterator[Sequence[Cell]]]:
    if isinstance(obj, Table):
        def table_rows() -> Iterator[Sequence[Cell]]:
            for row in obj.rows:
                yield redact_row(row, redact)

        return obj.columns, table_rows()
    source: Iterable[Any] = obj.items if isinstance(obj, ImportBatch) else obj  # type: ignore[assignment]
    iterator = iter(source)
    first = next(iterator, None)
    rest = iterator if first is None else itertools.chain([first], iterator)
    if isinstance(first, OpinionStream):
        return STREAM_COLUMNS, (stream_row(s, redact=redact) for s in rest)
    if isinstance(first, Problem):
        return PROBLEM_COLUMNS, (problem_row(p) for p in rest)

    def item_rows() -> Iterator[Sequence[Cell]]:
        for item in rest:
            if not isinstance(item, OpinionItem):
                raise TypeError(f"an item list holds a {type(item).__name__}")
            yield item_row(item, redact=redact)

    return ITEM_COLUMNS, item_rows()


def write_csv(
    obj: object,
    target: Path | str | BinaryIO,
    *,
    redact: bool = True,
    delimiter: str = ",",
) -> None:
    """Write ``obj`` as CSV (see the module docs)."""
    columns, rows = _rows(obj, redact)
    raw: BinaryIO = open(target, "wb") if isinstance(target, str | Path) else target  # noqa: SIM115
    stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(stream, delimiter=delimiter, quoting=csv.QUOTE_NONNUMERIC,
                            lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
    finally:
        stream.flush()
        if isinstance(target, str | Path):
            stream.close()
        else:
            stream.detach()


def _is_list(obj: object) -> bool:
    if isinstance(obj, Iterator):
        return True
    if not isinstance(obj, list | tuple):
        return False
    kinds = {type(o) for o in obj}
    return len(kinds) <= 1 and kinds <= {OpinionItem, OpinionStream, Problem}


class CsvExporter(Exporter):
    """Writes items, streams, problems or a table as CSV (options: see :func:`write_csv`)."""

    name = "csv"
    description = "CSV, UTF-8 with BOM, formula-escaped"
    extensions = (".csv",)

    @classmethod
    def accepts(cls, obj: object) -> bool:
        return isinstance(obj, ImportBatch | Table) or _is_list(obj)

    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        write_csv(obj, target, **options)


@hookimpl
def dlxh_register_exporters() -> list[type[Exporter]]:
    return [CsvExporter]
