"""The small document model the exporters share: what a report is written *with*.

A :class:`~dlxh.model.reports.Report` holds the header, the numbered sections and the ids of
the items, streams and recommendations it presents. To write the document, an exporter also
needs those objects and the annex tables and charts: a :class:`ReportBundle` carries them.

``dlxh.write(obj, path, ...)`` accepts, for a report document:

- a :class:`~dlxh.model.reports.Report`, with the objects passed as options
  (``streams=``, ``items=``, ``recommendations=``, ``tables=``, ``charts=``);
- a :class:`ReportBundle`;
- any object with a ``report`` attribute holding a ``Report`` and, optionally, ``streams``,
  ``items``, ``recommendations``, ``tables`` and ``charts`` attributes (sequences; ``tables``
  may also be a mapping of names to :class:`Table`). This is how a synthesis plugs in: a
  synthesis is a report of kind ``SYNTHESIS`` with its streams and annex tables.

The item, stream and problem columns (:data:`ITEM_COLUMNS`...) are the layout of every
tabular export (xlsx, csv, markdown, html), documented so that an importer can read it back.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from dlxh.errors import Problem
from dlxh.exporters.dates_vi import numeric_date
from dlxh.exporters.redaction import redact_text
from dlxh.model.enums import Orientation, Scope
from dlxh.model.opinions import Label, OpinionItem, OpinionStream, Recommendation
from dlxh.model.reports import Report, Section

__all__ = [
    "ITEM_COLUMNS",
    "PROBLEM_COLUMNS",
    "STREAM_COLUMNS",
    "Cell",
    "Chart",
    "ReportBundle",
    "SummaryCounter",
    "Table",
    "as_bundle",
    "body_sections",
    "format_label",
    "is_report_like",
    "is_text_renderable",
    "item_row",
    "number_sections",
    "problem_row",
    "redact_row",
    "section_number",
    "stream_row",
    "summary_line",
]

Cell = str | int | float | bool | dt.date | dt.datetime | None
"""What a table cell may hold."""


def _cells(rows: Iterable[Sequence[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in rows)


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


@attrs.frozen
class Table:
    """A statistics table: a ``title`` (the Vietnamese caption, without "Bảng N:"), the
    column headers and the rows. ``after_section`` places it in a document after the section
    with that number (``"II."``) or title; ``None`` puts it in the annex (*phụ lục*)."""

    title: str
    columns: tuple[str, ...] = attrs.field(converter=_strings)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(default=(), converter=_cells)
    note: str = ""
    after_section: str | None = None

    @classmethod
    def from_records(cls, title: str, records: Sequence[Mapping[str, Cell]], **kw: Any) -> Table:
        """A table from a list of mappings; the columns are the first record's keys."""
        columns = tuple(records[0]) if records else ()
        return cls(title, columns, [[r.get(c) for c in columns] for r in records], **kw)


def _number(value: Cell) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


ChartKind = Literal["bar", "barh", "stacked", "pie"]


def _series(
    values: Iterable[tuple[str, Iterable[float]]],
) -> tuple[tuple[str, tuple[float, ...]], ...]:
    return tuple((name, tuple(float(v) for v in vals)) for name, vals in values)


@attrs.frozen
class Chart:
    """A chart embedded as an image (extra ``dlxh[charts]``): one or more named ``series`` of
    values over ``categories``. ``title`` is the Vietnamese caption, without "Biểu đồ N:"."""

    title: str
    categories: tuple[str, ...] = attrs.field(converter=_strings)
    series: tuple[tuple[str, tuple[float, ...]], ...] = attrs.field(converter=_series)
    kind: ChartKind = "barh"
    after_section: str | None = None

    @classmethod
    def from_table(
        cls,
        table: Table,
        *,
        value_columns: Sequence[str] | None = None,
        kind: ChartKind = "stacked",
        title: str | None = None,
    ) -> Chart:
        """A chart of ``table``: categories from its first column, one series per numeric
        column (or per ``value_columns``); a ``"Tổng"`` column is left out."""
        rows = table.rows
        names = list(value_columns) if value_columns is not None else [
            c for i, c in enumerate(table.columns)
            if i > 0 and c != "Tổng"
            and all(isinstance(r[i], int | float) for r in rows)
            and any(r[i] for r in rows)  # an empty series only crowds the legend
        ]
        index = [table.columns.index(n) for n in names]
        categories = [str(r[0]) for r in rows]
        series = [
            (n, [_number(r[i]) for r in rows]) for n, i in zip(names, index, strict=True)
        ]
        return cls(
            title or table.title, categories, series, kind=kind,
            after_section=table.after_section,
        )


def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    return () if value is None else tuple(value)


@attrs.frozen
class ReportBundle:
    """A report and what its document shows: the streams, items and recommendations its
    sections refer to by id, and the tables and charts of its body and annex."""

    report: Report
    streams: tuple[OpinionStream, ...] = attrs.field(default=(), converter=_tuple)
    items: tuple[OpinionItem, ...] = attrs.field(default=(), converter=_tuple)
    recommendations: tuple[Recommendation, ...] = attrs.field(default=(), converter=_tuple)
    tables: tuple[Table, ...] = attrs.field(default=(), converter=_tuple)
    charts: tuple[Chart, ...] = attrs.field(default=(), converter=_tuple)


_BUNDLE_PARTS = ("streams", "items", "recommendations", "tables", "charts")


def is_report_like(obj: object) -> bool:
    """True for a report, a bundle, or an object with a ``report`` attribute holding one."""
    if isinstance(obj, Report | ReportBundle):
        return True
    return isinstance(getattr(obj, "report", None), Report)


def is_text_renderable(obj: object) -> bool:
    """What the text formats (Markdown, HTML) write: a report-like object, a batch, a table,
    or a list of items, of streams or of problems (one kind per list)."""
    from dlxh.batch import ImportBatch

    if is_report_like(obj) or isinstance(obj, ImportBatch | Table):
        return True
    if not isinstance(obj, list | tuple):
        return False
    kinds = {type(o) for o in obj}
    return len(kinds) <= 1 and kinds <= {OpinionItem, OpinionStream, Problem}


def redact_row(row: Sequence[Cell], redact: bool) -> list[Cell]:
    """A table row with personal data removed from its text cells when ``redact``; every
    format that writes a :class:`Table` goes through here."""
    return [redact_text(v) if redact and isinstance(v, str) else v for v in row]


def _parts_of(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, Mapping):
        return tuple(value.values())
    return tuple(value)


def as_bundle(obj: object, options: dict[str, Any]) -> ReportBundle:
    """The bundle for ``obj`` (see the module docs); the bundle parts found in ``options``
    are taken out of it and added to what ``obj`` carries."""
    given = {name: _parts_of(options.pop(name, None)) for name in _BUNDLE_PARTS}
    if isinstance(obj, Report):
        report = obj
        carried: dict[str, tuple[Any, ...]] = dict.fromkeys(_BUNDLE_PARTS, ())
    elif isinstance(obj, ReportBundle):
        report = obj.report
        carried = {name: getattr(obj, name) for name in _BUNDLE_PARTS}
    elif is_report_like(obj):
        report = obj.report  # type: ignore[attr-defined]
        carried = {name: _parts_of(getattr(obj, name, None)) for name in _BUNDLE_PARTS}
    else:
        raise TypeError(f"not a report: {type(obj).__name__}")
    return ReportBundle(report, **{name: carried[name] + given[name] for name in _BUNDLE_PARTS})


# -- the body of a report -------------------------------------------------------------------

_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def section_number(level: int, index: int) -> str:
    """``I.``, ``1.``, ``a)``, then ``-`` below: the numbering of NĐ 30 (*mục, khoản,
    điểm*), for sections that do not carry their own ``number``."""
    if level == 0:
        return f"{_roman(index)}."
    if level == 1:
        return f"{index}."
    if level == 2:
        return f"{chr(ord('a') + (index - 1) % 26)})"
    return "-"


def summary_line(report: Report) -> str:
    """The summary (*trích yếu*) under the document type: the report's ``summary``, else
    its title without a leading "Báo cáo"."""
    if report.summary:
        return report.summary
    title = report.title.strip()
    if title.casefold().startswith("báo cáo"):
        title = title[len("báo cáo"):].strip(" :,-")
        title = title[:1].upper() + title[1:]
    return title


def body_sections(bundle: ReportBundle) -> tuple[list[Section], Section | None]:
    """The top-level sections a document shows, and the one recommendations go into.

    The report's sections, then "Các luồng ý kiến" for the streams no section refers to
    (so that every stream of a synthesis appears), then "Kiến nghị, đề xuất" when there are
    recommendations and no section has "kiến nghị" in its title.
    """
    report = bundle.report
    sections = list(report.sections)
    referenced = {sid for s in report.walk() for sid in s.stream_ids}
    leftover = [s.id for s in bundle.streams if s.id not in referenced]
    if leftover:
        title = "Các luồng ý kiến khác" if referenced else "Các luồng ý kiến"
        ids: Any = tuple(leftover)
        sections.append(Section(title, stream_ids=ids))
    target = None
    if bundle.recommendations:
        target = next((s for s in sections if "kiến nghị" in s.title.casefold()), None)
        if target is None:
            target = Section("Kiến nghị, đề xuất")
            sections.append(target)
    return sections, target


def number_sections(sections: Sequence[Section]) -> list[tuple[int, str, Section]]:
    """Every section depth first as ``(level, number, section)``, the number being the
    section's own or :func:`section_number`."""
    out: list[tuple[int, str, Section]] = []

    def visit(items: Sequence[Section], level: int) -> None:
        for index, section in enumerate(items, 1):
            out.append((level, section.number or section_number(level, index), section))
            visit(section.subsections, level + 1)

    visit(sections, 0)
    return out


# -- tabular layouts ------------------------------------------------------------------------

ITEM_COLUMNS: tuple[str, ...] = (
    "Mã",
    "Nội dung ý kiến",
    "Ngày",
    "Địa bàn",
    "Mã đơn vị",
    "Mã khu dân cư",
    "Lĩnh vực",
    "Thái độ",
    "Tâm trạng",
    "Phạm vi",
    "Đối tượng",
    "Lý do",
    "Độ rộng",
    "Nguồn gốc",
    "Kênh",
    "Phương pháp",
    "Người phản ánh",
    "Tổ chức",
    "Mã báo cáo",
    "Nhãn (nguồn gốc)",
    "Tệp nguồn",
    "Vị trí trong tệp",
)
"""The columns of an item list, in order. Enumerations are written with their Vietnamese
label (``"Phản đối"``); ``Lĩnh vực`` holds the topic code as labelled; multiple values are
separated by ``"; "`` (moods, groups) or by a line break (reasons, labels). ``Nhãn (nguồn
gốc)`` has one line per label: ``topic=dat-dai; classifier=keyword@1.2; confidence=0.85;
review=confirmed``. With redaction on, ``Người phản ánh`` is left empty."""

STREAM_COLUMNS: tuple[str, ...] = (
    "Mã luồng",
    "Luồng ý kiến",
    "Lĩnh vực",
    "Độ rộng",
    "Số ý kiến",
    "Số địa bàn",
    "Thái độ",
    "Tâm trạng",
    "Đối tượng",
    "Địa bàn",
    "Lý do",
    "Từ ngày",
    "Đến ngày",
    "Mã các ý kiến",
)
"""The columns of a stream list."""

PROBLEM_COLUMNS: tuple[str, ...] = ("Mã lỗi", "Mức độ", "Nội dung", "Vị trí")
"""The columns of a problem list."""


def format_label(label: Label) -> str:
    """One label with its provenance, as written in the ``Nhãn (nguồn gốc)`` column."""
    parts = [f"{label.dimension}={label.value}"]
    classifier = label.classifier
    if label.classifier_version:
        classifier += f"@{label.classifier_version}"
    parts.append(f"classifier={classifier}")
    parts.append(f"confidence={label.confidence:g}")
    parts.append(f"review={label.review.value}")
    return "; ".join(parts)


def _enum_label(value: Any) -> str:
    return "" if value is None else str(value.label)


def _scope_label(value: str | None) -> str:
    if value is None:
        return ""
    try:
        return Scope.from_value_or_label(value).label
    except ValueError:
        return value


def item_row(item: OpinionItem, *, redact: bool = True) -> list[Cell]:
    """The cells of ``item`` in the order of :data:`ITEM_COLUMNS`."""
    text = item.text
    reasons = "\n".join(item.reasons)
    if redact:
        text = redact_text(text)
        reasons = redact_text(reasons)
    orientation = item.orientation
    source = item.source
    return [
        item.id,
        text,
        item.date,
        item.place_text or "",
        item.unit or "",
        item.area_id or "",
        item.value("topic") or "",
        "" if orientation is None else orientation.label,
        "; ".join(sorted(m.label for m in item.moods)),
        _scope_label(item.value("scope")),
        "; ".join(item.groups),
        reasons,
        _enum_label(item.breadth),
        _enum_label(item.origin),
        _enum_label(item.channel),
        _enum_label(item.method),
        "" if redact else (item.reporter_id or ""),
        item.organisation_id or "",
        item.report_id or "",
        "\n".join(format_label(lb) for lb in item.labels),
        "" if source is None else source.file,
        "" if source is None else source.location,
    ]


def _counts_text(counts: Sequence[tuple[Any, int]]) -> str:
    return "; ".join(f"{key.label}: {n}" for key, n in counts)


def stream_row(stream: OpinionStream, *, redact: bool = True) -> list[Cell]:
    """The cells of ``stream`` in the order of :data:`STREAM_COLUMNS`."""
    statement = stream.statement
    reasons = "\n".join(stream.reasons)
    if redact:
        statement = redact_text(statement)
        reasons = redact_text(reasons)
    return [
        stream.id,
        statement,
        stream.topic or "",
        _enum_label(stream.breadth),
        stream.item_count,
        stream.unit_count,
        _counts_text(stream.orientations),
        _counts_text(stream.moods),
        "; ".join(stream.groups),
        "; ".join(stream.places),
        reasons,
        stream.first_seen,
        stream.last_seen,
        "; ".join(stream.item_ids),
    ]


def problem_row(problem: Problem) -> list[Cell]:
    """The cells of ``problem`` in the order of :data:`PROBLEM_COLUMNS`."""
    return [problem.code, problem.severity.label, problem.message, problem.location]


_NO_VALUE = "Chưa xác định"


class SummaryCounter:
    """Counts items by topic and by unit, each split by orientation, in one pass (the xlsx
    exporter feeds it while it streams the item sheet)."""

    def __init__(self) -> None:
        self.by_topic: dict[str, Counter[str]] = {}
        self.by_unit: dict[str, Counter[str]] = {}
        self.unit_names: dict[str, str] = {}
        self.total = 0

    def add(self, item: OpinionItem) -> None:
        """Count one item."""
        orientation = item.value("orientation") or ""
        topic = item.value("topic") or _NO_VALUE
        unit = item.unit or _NO_VALUE
        self.by_topic.setdefault(topic, Counter())[orientation] += 1
        self.by_unit.setdefault(unit, Counter())[orientation] += 1
        if item.place_text and unit not in self.unit_names:
            self.unit_names[unit] = item.place_text
        self.total += 1

    def _columns(self) -> tuple[list[str], list[str]]:
        keys = [str(o) for o in Orientation]
        labels = [o.label for o in Orientation]
        return keys, labels

    def topic_table(self) -> Table:
        """Items by topic and orientation, the widest topics first."""
        keys, labels = self._columns()
        rows: list[list[Cell]] = []
        for topic, counts in sorted(self.by_topic.items(), key=lambda kv: (-kv[1].total(), kv[0])):
            rows.append([topic, *(counts[k] for k in keys), counts[""], counts.total()])
        return Table("Số ý kiến theo lĩnh vực và thái độ",
                     ["Lĩnh vực", *labels, "Chưa gán", "Tổng"], rows)

    def unit_table(self) -> Table:
        """Items by unit and orientation, in unit-code order."""
        keys, labels = self._columns()
        rows: list[list[Cell]] = []
        for unit, counts in sorted(self.by_unit.items()):
            rows.append([unit, self.unit_names.get(unit, ""), *(counts[k] for k in keys),
                         counts[""], counts.total()])
        return Table("Số ý kiến theo địa bàn và thái độ",
                     ["Mã đơn vị", "Địa bàn", *labels, "Chưa gán", "Tổng"], rows)

    @classmethod
    def of(cls, items: Iterable[OpinionItem]) -> SummaryCounter:
        """A counter fed with ``items``."""
        counter = cls()
        for item in items:
            counter.add(item)
        return counter


def cell_text(value: Cell) -> str:
    """A cell as text, for formats without types (markdown, html, docx tables)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        return f"{numeric_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return numeric_date(value)
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return str(value)
