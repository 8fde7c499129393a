"""Excel annexes: item lists, streams, summaries, completeness and activity tables.

``dlxh.write(items, "danh-sach.xlsx")`` writes a workbook whose sheets depend on what is
given (each sheet has a styled, frozen, filtered header row):

=====================  ===========================================================
``Theo lĩnh vực``      items by topic and orientation (when there are items)
``Theo địa bàn``       items by unit and orientation (when there are items)
``Luồng ý kiến``       the streams (:data:`~dlxh.exporters.document.STREAM_COLUMNS`)
``Ý kiến theo luồng``  each stream with the items it summarises (its evidence)
``Ý kiến``             the items (:data:`~dlxh.exporters.document.ITEM_COLUMNS`)
``Kiến nghị``          the recommendations
``Tiến độ báo cáo``    the completeness and timeliness table (``completeness=``)
``Hoạt động CTV``      the collaborator activity table (``activity=``)
``Lỗi nhập liệu``      the problems of a batch, or a list of problems
one sheet per table    the tables of a report bundle or synthesis (``tables=``)
=====================  ===========================================================

Accepted objects: a list (or any iterator) of items, an
:class:`~dlxh.batch.ImportBatch`, a list of streams, a list of problems, a report with its
parts, a :class:`~dlxh.exporters.document.ReportBundle` or a synthesis. Items are streamed:
a generator of a million items is written in constant memory. ``redact=True`` (the default)
replaces phone, ID and e-mail in free text and leaves the reporter column empty.

The ``Ý kiến`` sheet is the layout the xlsx importer reads back (header row of Vietnamese
names, one item per row, enumerations as their Vietnamese labels).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, cast

from dlxh.batch import ImportBatch
from dlxh.errors import Problem
from dlxh.exporters.document import (
    ITEM_COLUMNS,
    PROBLEM_COLUMNS,
    STREAM_COLUMNS,
    Cell,
    ReportBundle,
    SummaryCounter,
    Table,
    as_bundle,
    is_report_like,
    item_row,
    problem_row,
    redact_row,
    stream_row,
)
from dlxh.exporters.redaction import redact_text
from dlxh.exporters.xlsx_writer import XlsxWriter
from dlxh.model.opinions import OpinionItem, OpinionStream, Recommendation
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter

__all__ = ["XlsxExporter", "write_xlsx"]

ITEM_WIDTHS = (18, 60, 11, 22, 10, 12, 16, 14, 18, 12, 18, 30, 14, 16, 12, 16, 14, 14, 16, 48,
               20, 14)
STREAM_WIDTHS = (20, 60, 16, 14, 10, 10, 30, 30, 24, 30, 40, 11, 11, 40)
EVIDENCE_COLUMNS = ("Mã luồng", "Luồng ý kiến", "Mã ý kiến", "Nội dung ý kiến", "Ngày",
                    "Địa bàn", "Mã đơn vị")
EVIDENCE_WIDTHS = (20, 50, 18, 60, 11, 22, 10)
RECOMMENDATION_COLUMNS = ("Mã", "Nội dung kiến nghị", "Lĩnh vực", "Thẩm quyền",
                          "Cơ quan giải quyết", "Tình trạng", "Mã đơn vị", "Ngày", "Trả lời",
                          "Mã các ý kiến")
RECOMMENDATION_WIDTHS = (16, 60, 16, 12, 28, 16, 10, 11, 40, 30)


def _table_of(value: Table | Sequence[Mapping[str, Cell]], title: str) -> Table:
    if isinstance(value, Table):
        return value
    return Table.from_records(title, list(value))


def _widths(table: Table) -> list[float]:
    out: list[float] = []
    for i, name in enumerate(table.columns):
        longest = max([len(name)] + [len(str(r[i] or "")) for r in table.rows[:200]])
        out.append(min(max(10, longest + 2), 60))
    return out


class _Annex:
    def __init__(self, book: XlsxWriter, redact: bool) -> None:
        self.book = book
        self.redact = redact
        self.summary_at: int | None = None

    def items(self, items: Iterable[OpinionItem], *, summary: bool = True) -> int:
        """Stream the items sheet; summaries are computed on the way and put in front of
        the workbook."""
        counter = SummaryCounter()
        with self.book.sheet("Ý kiến", ITEM_COLUMNS, widths=ITEM_WIDTHS) as sheet:
            redact = self.redact
            for item in items:
                if not isinstance(item, OpinionItem):
                    raise TypeError(f"an item list holds a {type(item).__name__}")
                counter.add(item)
                sheet.append(item_row(item, redact=redact))
        if summary and counter.total:
            self.table(counter.topic_table(), position=0, title="Theo lĩnh vực")
            self.table(counter.unit_table(), position=1, title="Theo địa bàn")
        return counter.total

    def table(self, table: Table, *, position: int | None = None,
              title: str | None = None) -> None:
        with self.book.sheet(title or table.title, table.columns, widths=_widths(table),
                             position=position) as sheet:
            for row in table.rows:
                sheet.append(redact_row(row, self.redact))

    def streams(self, streams: Sequence[OpinionStream],
                items: Mapping[str, OpinionItem] | None) -> None:
        with self.book.sheet("Luồng ý kiến", STREAM_COLUMNS, widths=STREAM_WIDTHS) as sheet:
            for stream in streams:
                sheet.append(stream_row(stream, redact=self.redact))
        if not items:
            return
        with self.book.sheet("Ý kiến theo luồng", EVIDENCE_COLUMNS,
                             widths=EVIDENCE_WIDTHS) as sheet:
            for stream in streams:
                statement = redact_text(stream.statement) if self.redact else stream.statement
                for item_id in stream.item_ids:
                    item = items.get(item_id)
                    if item is None:
                        sheet.append([stream.id, statement, item_id])
                        continue
                    text = redact_text(item.text) if self.redact else item.text
                    sheet.append([stream.id, statement, item.id, text, item.date,
                                  item.place_text or "", item.unit or ""])

    def recommendations(self, recs: Sequence[Recommendation]) -> None:
        with self.book.sheet("Kiến nghị", RECOMMENDATION_COLUMNS,
                             widths=RECOMMENDATION_WIDTHS) as sheet:
            for rec in recs:
                text = redact_text(rec.text) if self.redact else rec.text
                answer = rec.answer or ""
                sheet.append([
                    rec.id, text, rec.topic or "",
                    rec.competent_level.label if rec.competent_level else "",
                    rec.body or "", rec.status.label, rec.unit or "", rec.date,
                    redact_text(answer) if self.redact else answer,
                    "; ".join(rec.item_ids),
                ])

    def problems(self, problems: Iterable[Problem]) -> None:
        with self.book.sheet("Lỗi nhập liệu", PROBLEM_COLUMNS, widths=(24, 12, 80, 24)) as sheet:
            for problem in problems:
                sheet.append(problem_row(problem))


def _peek(values: Iterable[Any]) -> tuple[Any, Iterator[Any]]:
    iterator = iter(values)
    try:
        first = next(iterator)
    except StopIteration:
        return None, iter(())
    return first, itertools.chain([first], iterator)


def write_xlsx(
    obj: object,
    target: Path | str | BinaryIO,
    *,
    redact: bool = True,
    summary: bool = True,
    completeness: Table | Sequence[Mapping[str, Cell]] | None = None,
    activity: Table | Sequence[Mapping[str, Cell]] | None = None,
    compresslevel: int = 6,
    **parts: Any,
) -> None:
    """Write ``obj`` as an annex workbook (see the module docs for the sheets).
    ``completeness`` and ``activity`` are tables (or lists of mappings) computed by the
    synthesis and network modules; ``parts`` are the bundle parts of a report
    (``streams``, ``items``, ``recommendations``, ``tables``, ``charts``)."""
    with XlsxWriter(target if not isinstance(target, str) else Path(target),
                    compresslevel=compresslevel) as book:
        annex = _Annex(book, redact)
        if is_report_like(obj):
            bundle: ReportBundle = as_bundle(obj, parts)
            if bundle.streams:
                annex.streams(bundle.streams, {i.id: i for i in bundle.items})
            if bundle.items:
                annex.items(bundle.items, summary=summary)
            if bundle.recommendations:
                annex.recommendations(bundle.recommendations)
            for table in bundle.tables:
                annex.table(table)
        else:
            if parts:
                raise TypeError(f"the xlsx exporter does not take {sorted(parts)} here")
            if isinstance(obj, Table):
                annex.table(obj)
            elif _is_table_list(obj):
                for table in cast(Sequence[Table], obj):
                    annex.table(table)
            elif isinstance(obj, ImportBatch):
                annex.items(obj.items, summary=summary)
                if obj.recommendations:
                    annex.recommendations(obj.recommendations)
                if obj.problems:
                    annex.problems(obj.problems)
            else:
                first, rows = _peek(cast(Iterable[Any], obj))
                if isinstance(first, OpinionStream):
                    annex.streams(list(rows), None)
                elif isinstance(first, Problem):
                    annex.problems(rows)
                elif isinstance(first, Recommendation):
                    annex.recommendations(list(rows))
                else:
                    annex.items(rows, summary=summary)
        if completeness is not None:
            annex.table(_table_of(completeness, "Tiến độ báo cáo"), title="Tiến độ báo cáo")
        if activity is not None:
            annex.table(_table_of(activity, "Hoạt động CTV"), title="Hoạt động CTV")


_LIST_TYPES = (OpinionItem, OpinionStream, Problem, Recommendation)


def _is_table_list(obj: object) -> bool:
    return isinstance(obj, list | tuple) and bool(obj) and all(isinstance(t, Table) for t in obj)


def _is_record_list(obj: object) -> bool:
    if isinstance(obj, Iterator):
        return True  # checked while writing: a generator cannot be looked into
    if not isinstance(obj, list | tuple):
        return False
    if not obj:
        return True
    kind = type(obj[0])
    return kind in _LIST_TYPES and all(type(o) is kind for o in obj)


class XlsxExporter(Exporter):
    """Writes an annex workbook (options: see :func:`write_xlsx`)."""

    name = "xlsx"
    description = "Excel annex workbook (items, streams, summaries, tables)"
    extensions = (".xlsx",)

    @classmethod
    def accepts(cls, obj: object) -> bool:
        return (
            is_report_like(obj)
            or isinstance(obj, ImportBatch | Table)
            or _is_table_list(obj)
            or _is_record_list(obj)
        )

    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        write_xlsx(obj, target, **options)


@hookimpl
def dlxh_register_exporters() -> list[type[Exporter]]:
    return [XlsxExporter]
