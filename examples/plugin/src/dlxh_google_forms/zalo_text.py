"""The ``zalo-text`` exporter: a short plain-text bulletin to paste into a Zalo group.

A commune or province office shares the gist of a synthesis with its collaborators and the
Front's working group: the title, the period, the widest opinion streams with their breadth
and places, and how many recommendations were made. Zalo shows no formatting, so the bulletin
is plain text, one stream per line, Vietnamese, NFC, cut to fit one message, and redacted
(phone, ID card and e-mail numbers replaced) unless ``redact=False``.

It writes a :class:`~dlxh.model.Report`, any object with a ``report`` attribute (a synthesis;
its ``streams`` and ``recommendations`` are used when it has them), or a list of
:class:`~dlxh.model.OpinionStream`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, cast

import attrs
from dlxh.exporters.document import as_bundle, is_report_like, summary_line
from dlxh.exporters.redaction import redact_text
from dlxh.model.opinions import OpinionStream
from dlxh.model.periods import Period
from dlxh.plugins.interfaces import Exporter

__all__ = ["DEFAULT_MAX_CHARS", "Bulletin", "ZaloTextExporter", "bulletin_text"]

DEFAULT_MAX_CHARS = 2000
"""What one pasted message should stay under: long enough for a dozen streams, short enough
to read on a phone without scrolling through several screens."""

_ELLIPSIS = "…"


@attrs.frozen
class Bulletin:
    """What the bulletin says, before it is laid out."""

    title: str
    period: str
    streams: tuple[OpinionStream, ...]
    recommendations: int
    issuer: str = ""
    date: dt.date | None = None


def _period_text(period: Period | str | None, streams: Sequence[OpinionStream]) -> str:
    if isinstance(period, Period):
        return period.label
    if isinstance(period, str) and period:
        return period
    days = [d for s in streams for d in (s.first_seen, s.last_seen) if d is not None]
    if days:
        return f"Từ ngày {min(days):%d/%m/%Y} đến ngày {max(days):%d/%m/%Y}"
    return ""


def _bulletin(obj: object, options: dict[str, Any]) -> Bulletin:
    title = options.pop("title", None)
    period = options.pop("period", None)
    if is_report_like(obj):
        bundle = as_bundle(obj, options)
        report = bundle.report
        recommendation_ids = {r.id for r in bundle.recommendations} | set(
            report.recommendation_ids
        )
        return Bulletin(
            title=title or summary_line(report) or report.title,
            period=_period_text(period or report.period, bundle.streams),
            streams=bundle.streams,
            recommendations=len(recommendation_ids),
            issuer=report.issuer or "",
            date=report.issued_on,
        )
    streams = tuple(cast("Iterable[OpinionStream]", obj))  # accepts() checked it
    recommendations = options.pop("recommendations", ())
    return Bulletin(
        title=title or "Tổng hợp dư luận xã hội",
        period=_period_text(period, streams),
        streams=streams,
        recommendations=len(tuple(recommendations)),
    )


def _rank(stream: OpinionStream) -> tuple[int, int, int]:
    breadth = stream.breadth.rank if stream.breadth is not None else -1
    return (breadth, stream.item_count, stream.unit_count)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:.") + _ELLIPSIS


def _places(stream: OpinionStream, limit: int) -> str:
    shown = ", ".join(p for p in stream.places[:limit] if p)
    more = len(stream.places) - limit
    return f"{shown} và {more} nơi khác" if more > 0 else shown


def _stream_line(number: int, stream: OpinionStream, places: int, statement_chars: int) -> str:
    details = [stream.breadth.label if stream.breadth is not None else ""]
    details.append(f"{stream.item_count} ý kiến")
    where = _places(stream, places)
    if where:
        details.append(where)
    detail = "; ".join(d for d in details if d)
    return f"{number}. {_shorten(stream.statement, statement_chars)} ({detail})"


def bulletin_text(
    obj: object,
    *,
    top: int = 5,
    max_chars: int = DEFAULT_MAX_CHARS,
    places: int = 3,
    statement_chars: int = 240,
    redact: bool = True,
    **options: Any,
) -> str:
    """The bulletin for ``obj`` as one string (what :class:`ZaloTextExporter` writes).

    ``top`` streams at most, the widest first (breadth, then number of items, then number of
    units); ``places`` place names per stream; ``statement_chars`` characters per statement;
    the whole text within ``max_chars`` characters (streams that do not fit are counted, not
    shown). ``title`` and ``period`` (a :class:`~dlxh.model.Period` or text) replace what the
    object says; for a list of streams, ``recommendations=`` gives the recommendations to count.
    """
    if top < 1 or max_chars < 200 or places < 1 or statement_chars < 40:
        raise ValueError("top >= 1, max_chars >= 200, places >= 1 and statement_chars >= 40")
    bulletin = _bulletin(obj, dict(options))
    ranked = sorted(bulletin.streams, key=_rank, reverse=True)

    head = [bulletin.title.upper()]
    if bulletin.period:
        head.append(f"Kỳ: {bulletin.period}")
    if bulletin.issuer:
        head.append(f"Nguồn: {bulletin.issuer}")
    head.append("")
    if ranked:
        shown_count = min(top, len(ranked))
        head.append(f"Các luồng ý kiến nổi bật ({shown_count}/{len(ranked)}):")
    else:
        head.append("Chưa có luồng ý kiến nào trong kỳ.")
    tail = ["", f"Kiến nghị, đề xuất: {bulletin.recommendations}"]
    if bulletin.date is not None:
        tail.append(f"Ngày {bulletin.date:%d/%m/%Y}")

    def finish(lines: list[str]) -> str:
        text = "\n".join(lines)
        return unicodedata.normalize("NFC", redact_text(text) if redact else text)

    body: list[str] = []
    for number, stream in enumerate(ranked[:top], start=1):
        candidate = [*body, _stream_line(number, stream, places, statement_chars)]
        hidden = len(ranked) - len(candidate)
        note = [f"(và {hidden} luồng ý kiến khác trong báo cáo đầy đủ)"] if hidden else []
        if len(finish(head + candidate + note + tail)) > max_chars:
            break
        body = candidate
    hidden = len(ranked) - len(body)
    if hidden and ranked:
        body.append(f"(và {hidden} luồng ý kiến khác trong báo cáo đầy đủ)")
    text = finish(head + body + tail)
    if len(text) > max_chars:  # the title alone is too long: cut, keep the count line
        keep = max_chars - len(finish(tail)) - 1
        text = finish([_shorten(finish(head + body), keep), *tail])
    return text


class ZaloTextExporter(Exporter):
    """Writes a report, a synthesis or a list of opinion streams as a Zalo bulletin (UTF-8
    plain text). Options: those of :func:`bulletin_text`."""

    name = "zalo-text"
    description = "Short plain-text bulletin to paste into a Zalo group"
    extensions = (".zalo.txt",)

    @classmethod
    def accepts(cls, obj: object) -> bool:
        if is_report_like(obj):
            return True
        return isinstance(obj, list | tuple) and all(isinstance(o, OpinionStream) for o in obj)

    def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
        data = (bulletin_text(obj, **options) + "\n").encode("utf-8")
        if isinstance(target, Path):
            target.write_bytes(data)
        else:
            target.write(data)
