"""Markdown: reports, item, stream and problem lists as text for wikis, e-mail and notebooks.

The report is laid out as its Word document is (header block, ``BÁO CÁO`` and its summary,
numbered sections, streams, recommendations, tables, recipients and signature), in plain
Markdown. Text coming from data is escaped so that it cannot turn into markup; free text is
redacted by default (``redact=True``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from dlxh.batch import ImportBatch
from dlxh.errors import Problem
from dlxh.exporters.dates_vi import numeric_date, place_date_line
from dlxh.exporters.document import (
    ITEM_COLUMNS,
    PROBLEM_COLUMNS,
    STREAM_COLUMNS,
    Cell,
    ReportBundle,
    Table,
    as_bundle,
    body_sections,
    cell_text,
    is_report_like,
    is_text_renderable,
    item_row,
    number_sections,
    problem_row,
    redact_row,
    stream_row,
    summary_line,
)
from dlxh.exporters.redaction import redact_text
from dlxh.model.enums import CompetentLevel
from dlxh.model.opinions import OpinionItem, OpinionStream, Recommendation
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter

__all__ = [
    "MarkdownExporter",
    "escape_markdown",
    "items_markdown",
    "problems_markdown",
    "report_markdown",
    "streams_markdown",
    "table_markdown",
]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_LIST_START = re.compile(r"^(\s*)([-+*]|\d+[.)])(\s)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped."""
    return _LIST_START.sub(r"\1\\\2\3", _SPECIAL.sub(r"\\\1", text))


def _cell(value: Cell) -> str:
    return escape_markdown(cell_text(value)).replace("\n", "<br>")


def table_markdown(columns: Sequence[str], rows: Iterable[Sequence[Cell]],
                   *, max_rows: int | None = None) -> str:
    """A pipe table; with ``max_rows``, the rows after it are counted, not shown."""
    lines = ["| " + " | ".join(_cell(c) for c in columns) + " |",
             "|" + "|".join(" --- " for _ in columns) + "|"]
    hidden = 0
    for index, row in enumerate(rows):
        if max_rows is not None and index >= max_rows:
            hidden += 1
            continue
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    if hidden:
        lines.append("")
        lines.append(f"*… và {hidden} dòng khác*")
    return "\n".join(lines) + "\n"


def items_markdown(items: Iterable[OpinionItem], *, redact: bool = True,
                   max_rows: int | None = None) -> str:
    """Items as a table of :data:`~dlxh.exporters.document.ITEM_COLUMNS`."""
    return table_markdown(ITEM_COLUMNS, (item_row(i, redact=redact) for i in items),
                          max_rows=max_rows)


def streams_markdown(streams: Iterable[OpinionStream], *, redact: bool = True,
                     max_rows: int | None = None) -> str:
    """Streams as a table of :data:`~dlxh.exporters.document.STREAM_COLUMNS`."""
    return table_markdown(STREAM_COLUMNS, (stream_row(s, redact=redact) for s in streams),
                          max_rows=max_rows)


def problems_markdown(problems: Iterable[Problem], *, max_rows: int | None = None) -> str:
    """Problems as a table of :data:`~dlxh.exporters.document.PROBLEM_COLUMNS`."""
    return table_markdown(PROBLEM_COLUMNS, (problem_row(p) for p in problems),
                          max_rows=max_rows)


def _stream_line(stream: OpinionStream, text: Any) -> str:
    details = []
    if stream.breadth is not None:
        details.append(stream.breadth.label.lower())
    details.append(f"{stream.item_count} ý kiến")
    if stream.places:
        details.append("tại " + ", ".join(stream.places))
    if stream.groups:
        details.append("đối tượng: " + ", ".join(stream.groups))
    line = f"- {escape_markdown(text(stream.statement))} *({escape_markdown('; '.join(details))})*"
    if stream.reasons:
        line += " Lý do: " + escape_markdown("; ".join(text(r) for r in stream.reasons)) + "."
    return line


def _recommendation_lines(recs: Sequence[Recommendation], text: Any) -> list[str]:
    lines: list[str] = []
    order: list[CompetentLevel | None] = [*CompetentLevel, None]
    for level in order:
        group = [r for r in recs if r.competent_level == level]
        if not group:
            continue
        heading = f"Thẩm quyền: {level.label}" if level is not None else "Kiến nghị khác"
        lines += ["", f"*{heading}:*", ""]
        for rec in group:
            body = f" ({escape_markdown(rec.body)})" if rec.body else ""
            lines.append(f"- {escape_markdown(text(rec.text))}{body}")
    return lines


def _report_lines(bundle: ReportBundle, redact: bool) -> Iterator[str]:
    report = bundle.report

    def text(value: str) -> str:
        return redact_text(value) if redact else value

    issuer = " — ".join(x for x in (report.issuer_parent, report.issuer) if x)
    if issuer:
        yield f"**{escape_markdown(issuer.upper())}**  "
    if report.number:
        yield f"Số: {escape_markdown(report.number)}  "
    yield f"*{escape_markdown(place_date_line(report.place, report.issued_on))}*"
    yield ""
    yield "# BÁO CÁO"
    yield ""
    yield f"**{escape_markdown(summary_line(report))}**"
    streams = {s.id: s for s in bundle.streams}
    items = {i.id: i for i in bundle.items}
    sections, target = body_sections(bundle)
    for level, number, section in number_sections(sections):
        title = section.title.upper() if level == 0 else section.title
        yield ""
        yield f"{'#' * min(level + 2, 6)} {escape_markdown(number)} {escape_markdown(title)}"
        for paragraph in section.paragraphs:
            yield ""
            yield escape_markdown(text(paragraph))
        listed = [items[i] for i in section.item_ids if i in items]
        listed_streams = [streams[s] for s in section.stream_ids if s in streams]
        if listed or listed_streams:
            yield ""
        for item in listed:
            where = ", ".join(x for x in (item.place_text or "", numeric_date(item.date)) if x)
            suffix = f" *({escape_markdown(where)})*" if where else ""
            yield f"- “{escape_markdown(text(item.text))}”{suffix}"
        for stream in listed_streams:
            yield _stream_line(stream, text)
        if section is target:
            yield from _recommendation_lines(bundle.recommendations, text)
    for index, table in enumerate(bundle.tables, 1):
        yield ""
        yield f"**Bảng {index}: {escape_markdown(table.title)}**"
        yield ""
        rows = [[text(v) if isinstance(v, str) else v for v in row] for row in table.rows]
        yield table_markdown(table.columns, rows).rstrip("\n")
    if report.recipients:
        yield ""
        yield "***Nơi nhận:***"
        yield ""
        for recipient in report.recipients:
            yield f"- {escape_markdown(recipient)}"
    if report.signer_title or report.signer_name:
        yield ""
        for line in (report.signer_title or "").splitlines():
            yield f"**{escape_markdown(line.strip().upper())}**  "
        if report.signer_name:
            yield f"**{escape_markdown(report.signer_name)}**"


def report_markdown(obj: object, *, redact: bool = True, **parts: Any) -> str:
    """A report (or bundle, or synthesis) as Markdown; ``parts`` as for the docx exporter."""
    bundle = as_bundle(obj, parts)
    if parts:
        raise TypeError(f"report_markdown does not take {sorted(parts)}")
    return "\n".join(_report_lines(bundle, redact)) + "\n"


def _render(obj: object, redact: bool, options: dict[str, Any]) -> str:
    if is_report_like(obj):
        return report_markdown(obj, redact=redact, **options)
    max_rows = options.pop("max_rows", None)
    if options:
        raise TypeError(f"the markdown exporter does not take {sorted(options)}")
    if isinstance(obj, Table):
        return f"**{escape_markdown(obj.title)}**\n\n" + table_markdown(
            obj.columns, [redact_row(row, redact) for row in obj.rows], max_rows=max_rows
        )
    if isinstance(obj, ImportBatch):
        out = items_markdown(obj.items, redact=redact, max_rows=max_rows)
        if obj.problems:
            out += "\n" + problems_markdown(obj.problems, max_rows=max_rows)
        return out
    records = list(obj)  # type: ignore[call-overload]
    if records and isinstance(records[0], OpinionStream):
        return streams_markdown(records, redact=redact, max_rows=max_rows)
    if records and isinstance(records[0], Problem):
        return problems_markdown(records, max_rows=max_rows)
    return items_markdown(records, redact=redact, max_rows=max_rows)


class MarkdownExporter(Exporter):
    """Writes a report, items, streams, problems or a table as Markdown."""

    name = "markdown"
    description = "Markdown"
    extensions = (".md", ".markdown")

    @classmethod
    def accepts(cls, obj: object) -> bool:
        return is_text_renderable(obj)

    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        redact = options.pop("redact", True)
        data = _render(obj, redact, options).encode("utf-8")
        if isinstance(target, Path):
            target.write_bytes(data)
        else:
            target.write(data)


@hookimpl
def dlxh_register_exporters() -> list[type[Exporter]]:
    return [MarkdownExporter]
