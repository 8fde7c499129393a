"""HTML for notebooks and for files: every value from data is HTML-escaped.

The ``*_html`` functions return fragments for Jupyter's ``_repr_html_``: the lead attaches
them to the model classes (``Report._repr_html_ = lambda self: report_html(self)``...). In a
notebook the analyst looks at their own data, so these functions do not redact unless asked
(``redact=True``); the :class:`HtmlExporter`, which writes files that may be sent on, redacts
by default. Long lists show their first ``max_rows`` rows and count the rest.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
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
from dlxh.model.opinions import OpinionItem, OpinionStream
from dlxh.model.reports import Report
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter

__all__ = [
    "HtmlExporter",
    "batch_html",
    "items_html",
    "problems_html",
    "report_html",
    "streams_html",
    "table_html",
]

_DEFAULT_ROWS = 20
_CSS = (
    "<style>.dlxh{font-family:'Times New Roman',serif;max-width:60em}"
    ".dlxh table{border-collapse:collapse;font-size:90%}"
    ".dlxh th,.dlxh td{border:1px solid #999;padding:2px 6px;vertical-align:top;"
    "text-align:left}.dlxh th{background:#ddebf7}.dlxh .num{text-align:right}"
    ".dlxh .hdr{display:flex;justify-content:space-between;text-align:center}"
    ".dlxh .more{font-style:italic;color:#555}</style>"
)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _td(value: Cell) -> str:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    cls = ' class="num"' if numeric else ""
    return f"<td{cls}>{_e(cell_text(value)).replace(chr(10), '<br>')}</td>"


def table_html(columns: Sequence[str], rows: Iterable[Sequence[Cell]], *,
               caption: str | None = None, max_rows: int | None = _DEFAULT_ROWS) -> str:
    """An HTML table; rows after ``max_rows`` are counted, not shown (``None``: all)."""
    out = ['<table class="dlxh">']
    if caption:
        out.append(f"<caption>{_e(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr></thead>")
    out.append("<tbody>")
    hidden = 0
    for index, row in enumerate(rows):
        if max_rows is not None and index >= max_rows:
            hidden += 1
            continue
        out.append("<tr>" + "".join(_td(v) for v in row) + "</tr>")
    out.append("</tbody></table>")
    if hidden:
        out.append(f'<p class="more">… và {hidden} dòng khác</p>')
    return "".join(out)


def items_html(items: Iterable[OpinionItem], *, redact: bool = False,
               max_rows: int | None = _DEFAULT_ROWS) -> str:
    """Items as an HTML table (the item-list columns)."""
    rows = (item_row(i, redact=redact) for i in items)
    return f'<div class="dlxh">{_CSS}{table_html(ITEM_COLUMNS, rows, max_rows=max_rows)}</div>'


def streams_html(streams: Iterable[OpinionStream], *, redact: bool = False,
                 max_rows: int | None = _DEFAULT_ROWS) -> str:
    """Streams as an HTML table."""
    rows = (stream_row(s, redact=redact) for s in streams)
    return f'<div class="dlxh">{_CSS}{table_html(STREAM_COLUMNS, rows, max_rows=max_rows)}</div>'


def problems_html(problems: Iterable[Problem], *,
                  max_rows: int | None = _DEFAULT_ROWS) -> str:
    """Problems as an HTML table."""
    rows = (problem_row(p) for p in problems)
    return f'<div class="dlxh">{_CSS}{table_html(PROBLEM_COLUMNS, rows, max_rows=max_rows)}</div>'


def batch_html(batch: ImportBatch, *, redact: bool = False,
               max_rows: int | None = _DEFAULT_ROWS) -> str:
    """An import batch: its counts, its items and its problems (for its ``_repr_html_``)."""
    counts = batch.summary()
    head = (f"<p><b>{counts['accepted']}</b> bản ghi đọc được, <b>{counts['rejected']}</b> bị "
            f"loại, trên <b>{counts['seen']}</b> ({counts['items']} ý kiến; "
            f"{counts['problems_error']} lỗi, {counts['problems_warning']} cảnh báo)</p>")
    parts = [head]
    if batch.items:
        rows = (item_row(i, redact=redact) for i in batch.items)
        parts.append(table_html(ITEM_COLUMNS, rows, max_rows=max_rows))
    if batch.problems:
        rows_p = (problem_row(p) for p in batch.problems)
        parts.append(table_html(PROBLEM_COLUMNS, rows_p, max_rows=max_rows))
    return f'<div class="dlxh">{_CSS}{"".join(parts)}</div>'


def _report_body(bundle: ReportBundle, redact: bool) -> str:
    report = bundle.report

    def text(value: str) -> str:
        return _e(redact_text(value) if redact else value)

    out = ['<div class="hdr"><div>']
    for line in (report.issuer_parent or "").splitlines():
        out.append(f"{_e(line.strip().upper())}<br>")
    for line in (report.issuer or "").splitlines():
        out.append(f"<b>{_e(line.strip().upper())}</b><br>")
    if report.number:
        out.append(f"Số: {_e(report.number)}")
    out.append("</div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>"
               "<b>Độc lập - Tự do - Hạnh phúc</b><br>")
    out.append(f"<i>{_e(place_date_line(report.place, report.issued_on))}</i></div></div>")
    out.append(f'<h2 style="text-align:center">BÁO CÁO<br>{_e(summary_line(report))}</h2>')
    streams = {s.id: s for s in bundle.streams}
    items = {i.id: i for i in bundle.items}
    sections, target = body_sections(bundle)
    for level, number, section in number_sections(sections):
        tag = f"h{min(level + 3, 6)}"
        title = section.title.upper() if level == 0 else section.title
        out.append(f"<{tag}>{_e(number)} {_e(title)}</{tag}>")
        out.extend(f"<p>{text(p)}</p>" for p in section.paragraphs)
        bullets = []
        for item_id in section.item_ids:
            item = items.get(item_id)
            if item is not None:
                where = ", ".join(x for x in (item.place_text or "", numeric_date(item.date)) if x)
                bullets.append(f"<li>“{text(item.text)}” <i>({_e(where)})</i></li>")
        for stream_id in section.stream_ids:
            stream = streams.get(stream_id)
            if stream is not None:
                breadth = f"{stream.breadth.label.lower()}; " if stream.breadth else ""
                places = f"; tại {_e(', '.join(stream.places))}" if stream.places else ""
                bullets.append(f"<li>{text(stream.statement)} <i>({_e(breadth)}"
                               f"{stream.item_count} ý kiến{places})</i></li>")
        if section is target:
            order: list[CompetentLevel | None] = [*CompetentLevel, None]
            for level_ in order:
                for rec in bundle.recommendations:
                    if rec.competent_level == level_:
                        who = f" ({_e(level_.label)})" if level_ is not None else ""
                        bullets.append(f"<li>{text(rec.text)}{who}</li>")
        if bullets:
            out.append("<ul>" + "".join(bullets) + "</ul>")
    for index, table in enumerate(bundle.tables, 1):
        rows = [redact_row(row, redact) for row in table.rows]
        out.append(table_html(table.columns, rows, caption=f"Bảng {index}: {table.title}",
                              max_rows=None))
    if report.recipients:
        out.append("<p><b><i>Nơi nhận:</i></b><br>"
                   + "<br>".join(f"- {_e(r)}" for r in report.recipients) + "</p>")
    signer = [f"<b>{_e(line.strip().upper())}</b>"
              for line in (report.signer_title or "").splitlines() if line.strip()]
    if report.signer_name:
        signer.append(f"<br><br><b>{_e(report.signer_name)}</b>")
    if signer:
        out.append('<p style="text-align:right">' + "<br>".join(signer) + "</p>")
    return "".join(out)


def report_html(obj: object, *, redact: bool = False, **parts: Any) -> str:
    """A report (or bundle, or synthesis) as an HTML fragment; ``parts`` as for docx."""
    bundle = as_bundle(obj, parts)
    if parts:
        raise TypeError(f"report_html does not take {sorted(parts)}")
    return f'<div class="dlxh">{_CSS}{_report_body(bundle, redact)}</div>'


def _fragment(obj: object, redact: bool, options: dict[str, Any]) -> str:
    if is_report_like(obj):
        return report_html(obj, redact=redact, **options)
    max_rows = options.pop("max_rows", None)
    if options:
        raise TypeError(f"the html exporter does not take {sorted(options)}")
    if isinstance(obj, Table):
        body = table_html(
            obj.columns,
            [redact_row(row, redact) for row in obj.rows],
            caption=obj.title,
            max_rows=max_rows,
        )
        return f'<div class="dlxh">{_CSS}{body}</div>'
    if isinstance(obj, ImportBatch):
        out = items_html(obj.items, redact=redact, max_rows=max_rows)
        if obj.problems:
            out += problems_html(obj.problems, max_rows=max_rows)
        return out
    records = list(obj)  # type: ignore[call-overload]
    if records and isinstance(records[0], OpinionStream):
        return streams_html(records, redact=redact, max_rows=max_rows)
    if records and isinstance(records[0], Problem):
        return problems_html(records, max_rows=max_rows)
    return items_html(records, redact=redact, max_rows=max_rows)


class HtmlExporter(Exporter):
    """Writes a standalone HTML page (redacted by default; ``max_rows`` limits lists)."""

    name = "html"
    description = "HTML page"
    extensions = (".html", ".htm")

    @classmethod
    def accepts(cls, obj: object) -> bool:
        return is_text_renderable(obj)

    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        redact = options.pop("redact", True)
        report = getattr(obj, "report", obj)
        title = report.title if isinstance(report, Report) else "dlxh"
        page = (
            '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f"<title>{_e(title)}</title></head><body>"
            + _fragment(obj, redact, options)
            + "</body></html>\n"
        ).encode("utf-8")
        if isinstance(target, Path):
            target.write_bytes(page)
        else:
            target.write(page)


@hookimpl
def dlxh_register_exporters() -> list[type[Exporter]]:
    return [HtmlExporter]
