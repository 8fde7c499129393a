"""Turning the rows of a table into records: one implementation for xlsx, xls, ods and csv.

A reader (:mod:`dlxh.importers.xlsx_importer`, :mod:`dlxh.importers.csv_importer`) gives
:class:`Table` objects: a name, the rows as lists of cell values (``str``, ``int``,
``float``, ``bool``, ``date``/``datetime`` or ``""``/``None`` for empty) from ``A1`` on, and
the merged ranges. :func:`read_tables` finds each table's header
(:func:`dlxh.importers.columns.find_header`) and turns every data row into a record:

* opinion tables: an :class:`~dlxh.model.opinions.OpinionItem` per row, plus a
  :class:`~dlxh.model.opinions.Recommendation` when the row's *Kiến nghị* cell is filled;
* recommendation lists (a *Kiến nghị* column and no opinion-text column): a
  :class:`~dlxh.model.opinions.Recommendation` per row;
* collaborator rosters (*Họ và tên* and *Vai trò* in the header): a
  :class:`~dlxh.model.network.Collaborator` per row.

Blank rows are skipped and not counted. Every other row is counted in ``batch.seen`` once per
record it holds and is either accepted or rejected with a problem of severity error. What is
kept but doubtful is noted as a warning (see ``docs/reference/problems.md``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, TypeVar, overload

import attrs

from dlxh.errors import ConfigurationError, Problem, Severity, UnknownPeriodError
from dlxh.importers.columns import Header, Merged, SheetKind, find_header, header_key
from dlxh.importers.header import (
    HeaderLine,
    ReportHeader,
    parent_province,
    province_of,
    read_header,
    report_unit,
)
from dlxh.importers.safety import DEFAULT_LIMITS, Limits
from dlxh.model._trusted import trusted_constructor
from dlxh.model.enums import (
    AgeBand,
    Breadth,
    Channel,
    CollaboratorRole,
    CollaboratorStatus,
    CompetentLevel,
    Interest,
    Method,
    Mood,
    Orientation,
    Origin,
    RecommendationStatus,
    Scope,
    Sex,
)
from dlxh.model.fields import nfc, nfc_opt, nfc_tuple
from dlxh.model.ids import content_id
from dlxh.model.labelled import LabelledEnum
from dlxh.model.network import Collaborator
from dlxh.model.opinions import Label, OpinionItem, Recommendation
from dlxh.model.reports import Report
from dlxh.model.sources import SourceRef

if TYPE_CHECKING:
    from dlxh.batch import ImportBatch
    from dlxh.session import Session

__all__ = ["RowStream", "Table", "TableOptions", "column_letter", "read_tables"]

E = TypeVar("E", bound=LabelledEnum)

# Precomposed Vietnamese letters outside Latin-1/CP1252: a cell holding one is Unicode
# already and is never converted from a legacy encoding.
_UNICODE_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)
_LEGACY_SAMPLE = 200
_SPLIT = re.compile(r"\s*[;\n]\s*")
_SPLIT_MOODS = re.compile(r"\s*[;,\n]\s*")
_TITLE_DATE = re.compile(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{2,4}")


@attrs.frozen
class Table:
    """One sheet (or a CSV file): ``rows`` from ``A1`` on and the merged ranges (0-based,
    inclusive)."""

    name: str
    rows: Sequence[Sequence[Any]]
    merged: tuple[Merged, ...] = ()


@attrs.frozen
class TableOptions:
    """Options of the tabular importers (given to :func:`dlxh.read` as keywords).

    ``columns`` maps headers as written to fields (``{"Cột lạ": "text"}``); ``date`` is the
    report's date when neither the rows nor the title say it; ``within`` a unit code the
    places are looked for in (``"79"``); ``sheets`` the names of the sheets to read (all by
    default); ``limits`` the :class:`~dlxh.importers.safety.Limits`.
    """

    columns: Mapping[str, str] = attrs.field(factory=dict)
    date: dt.date | None = None
    within: str | None = None
    sheets: tuple[str, ...] | None = None
    limits: Limits = DEFAULT_LIMITS

    @classmethod
    def from_options(
        cls, importer: str, options: Mapping[str, Any]
    ) -> tuple[TableOptions, dict[str, Any]]:
        """Split ``options`` into the table options and the rest (importer-specific)."""
        rest = dict(options)
        kwargs: dict[str, Any] = {}
        for name in ("columns", "date", "within", "sheets", "limits"):
            if name in rest:
                kwargs[name] = rest.pop(name)
        if "sheets" in kwargs and kwargs["sheets"] is not None:
            sheets = kwargs["sheets"]
            kwargs["sheets"] = (sheets,) if isinstance(sheets, str) else tuple(sheets)
        if "date" in kwargs and kwargs["date"] is not None:
            value = kwargs["date"]
            if not isinstance(value, dt.date):
                from dlxh.text.dates import parse_date

                try:
                    value = parse_date(value)
                except UnknownPeriodError as exc:
                    raise ConfigurationError(f"{importer}: option date: {exc}") from exc
            kwargs["date"] = value.date() if isinstance(value, dt.datetime) else value
        if "columns" in kwargs and not isinstance(kwargs["columns"], Mapping):
            raise ConfigurationError(f"{importer}: columns must be a mapping header -> field")
        if "limits" in kwargs and not isinstance(kwargs["limits"], Limits):
            raise ConfigurationError(f"{importer}: limits must be a dlxh Limits object")
        return cls(**kwargs), rest


def column_letter(index: int) -> str:
    """``0`` → ``"A"``, ``27`` → ``"AB"``."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return value.strip()
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- enumerations ----------------------------------------------------------------------------

_SYNONYMS: dict[type[LabelledEnum], dict[str, LabelledEnum]] = {
    Orientation: {
        **dict.fromkeys(
            ["tan thanh", "dong tinh", "ung ho", "dong thuan", "hoan nghenh", "tich cuc"],
            Orientation.APPROVE,
        ),
        **dict.fromkeys(
            ["phan doi", "khong dong tinh", "khong tan thanh", "tieu cuc", "bat binh"],
            Orientation.OPPOSE,
        ),
        **dict.fromkeys(
            ["ban khoan", "luong lu", "lo lang", "hoai nghi", "chua dong tinh", "bang khoang"],
            Orientation.UNEASY,
        ),
        **dict.fromkeys(["chua ro", "khong ro", "trung lap", "trung tinh"], Orientation.UNCLEAR),
    },
    Origin: {
        **dict.fromkeys(["mang xa hoi", "facebook", "zalo", "tiktok", "youtube", "mxh"],
                        Origin.SOCIAL_MEDIA),
        **dict.fromkeys(["bao chi", "bao", "bao chi chinh thong", "truyen hinh"],
                        Origin.OFFICIAL_PRESS),
        **dict.fromkeys(["tin don", "du luan don thoi"], Origin.RUMOUR),
        **dict.fromkeys(["truc tiep", "ctv", "cong tac vien", "nhan dan"], Origin.FIRST_HAND),
        "gian tiep": Origin.SECOND_HAND,
    },
    Channel: {
        "truc tiep": Channel.IN_PERSON,
        **dict.fromkeys(["hoi nghi", "cuoc hop", "hop", "tiep xuc cu tri"], Channel.MEETING),
        **dict.fromkeys(["don thu", "don", "thu"], Channel.LETTER),
        "dien thoai": Channel.PHONE,
        **dict.fromkeys(["ung dung", "app", "mat tran so"], Channel.APP),
        **dict.fromkeys(["bao chi", "bao"], Channel.PRESS),
        **dict.fromkeys(["mang xa hoi", "facebook", "mxh"], Channel.SOCIAL_MEDIA),
    },
    Method: {
        "phong van": Method.INTERVIEW,
        "thao luan": Method.GROUP_DISCUSSION,
        "dieu tra": Method.SURVEY,
        "khao sat": Method.SURVEY,
        "theo doi bao chi": Method.MEDIA_MONITORING,
    },
    Breadth: {
        "nhieu": Breadth.MANY_OPINIONS,
        "mot so": Breadth.SOME_PEOPLE,
        "it": Breadth.SOMEONE,
        "rat nhieu": Breadth.LARGE_NUMBER,
    },
    CompetentLevel: {
        **dict.fromkeys(["trung uong", "tw", "cap trung uong", "quoc hoi", "chinh phu"],
                        CompetentLevel.CENTRAL),
        **dict.fromkeys(["tinh", "cap tinh", "thanh pho", "ubnd tinh"], CompetentLevel.PROVINCE),
        **dict.fromkeys(["xa", "cap xa", "phuong", "ubnd xa", "dac khu"],
                        CompetentLevel.COMMUNE),
    },
    RecommendationStatus: {
        **dict.fromkeys(["chua giai quyet", "moi", "chua xu ly"], RecommendationStatus.NEW),
        "da tra loi": RecommendationStatus.ANSWERED,
        "dang xu ly": RecommendationStatus.IN_PROGRESS,
    },
    CollaboratorRole: {
        **dict.fromkeys(["ctv", "ctv dlxh", "cong tac vien", "cong tac vien dlxh"],
                        CollaboratorRole.OPINION_COLLABORATOR),
        "ctv don tuyen": CollaboratorRole.DIRECT_LINE_COLLABORATOR,
    },
    Sex: {"nu": Sex.FEMALE, "nam": Sex.MALE, "": Sex.UNSPECIFIED},
}


def _enum_keys(cls: type[LabelledEnum]) -> dict[str, LabelledEnum]:
    keys: dict[str, LabelledEnum] = {}
    for member in cls:
        keys.setdefault(header_key(str(member).replace("_", " ")), member)
        keys.setdefault(header_key(member.label), member)
        for part in member.label.split(","):
            keys.setdefault(header_key(part), member)
    for key, synonym in _SYNONYMS.get(cls, {}).items():
        keys.setdefault(key, synonym)
    return keys


class _Enums:
    """Reads enumeration cells, case, diacritics and punctuation aside; cached per text."""

    def __init__(self) -> None:
        self._keys: dict[type[LabelledEnum], dict[str, LabelledEnum]] = {}
        self._cache: dict[tuple[type[LabelledEnum], str], LabelledEnum | None] = {}

    def get(self, cls: type[E], text: str) -> E | None:
        try:
            found = self._cache[(cls, text)]
        except KeyError:
            keys = self._keys.get(cls)
            if keys is None:
                keys = self._keys[cls] = _enum_keys(cls)
            found = self._cache[(cls, text)] = keys.get(header_key(text))
        return found if found is None or isinstance(found, cls) else None


_MISSING: Any = object()

_Effect = tuple[
    tuple[tuple[str, Any], ...], tuple[Label, ...], tuple[tuple[str, str], ...], Problem | None
]
_ITEM_ATTRIBUTES = (
    "reporter_id", "channel", "method", "origin", "breadth", "groups", "reasons"
)
"""The item fields the coded columns set, in the order :func:`_make_item` takes them."""
_Combined = tuple[
    tuple[Any, ...],
    tuple[Label, ...],
    tuple[tuple[str, str], ...],
    tuple[tuple[Problem, int], ...],
]
_ID = operator.attrgetter("id")
_make_item = trusted_constructor(OpinionItem)
_make_source = trusted_constructor(SourceRef)
_COMBINATIONS = 100_000
"""How many distinct combinations of coded values are remembered per sheet."""


# --- the reader ------------------------------------------------------------------------------


class _Reader:
    """Reads the tables of one source into one batch; caches across its tables."""

    def __init__(
        self,
        batch: ImportBatch,
        session: Session,
        source_ref: SourceRef,
        options: TableOptions,
    ) -> None:
        self.batch = batch
        self.session = session
        self.ref = source_ref
        self.sha = source_ref.sha256
        self.options = options
        self.enums = _Enums()
        self._dates: dict[Any, dt.date | None] = {}
        # Places resolved, per province they were looked for in (the sheet's header may
        # name one), per distinct text and span of the catalog.
        self._place_caches: dict[
            str | None, dict[tuple[str, int | None], tuple[str | None, Problem | None]]
        ] = {}
        self.within: str | None = options.within
        self.within_strict = True
        """The user's ``within`` narrows the search strictly; a header's province is looked
        in first, and the whole country when nothing inside it has the name."""
        self._places = self._place_caches.setdefault(self.within, {})
        self._codes: dict[tuple[str, int | None], str | None] = {}
        self._store: Any = None
        self._epochs: dict[dt.date, int] = {}
        self._label_cache: dict[tuple[str, str], Label] = {}
        self.max_chars = options.limits.max_cell_chars

    # -- helpers --------------------------------------------------------------------------

    def date(self, value: Any) -> dt.date | None:
        """A cell's date, ``None`` when unreadable (cached per distinct value)."""
        try:
            return self._dates[value]
        except KeyError:
            pass
        except TypeError:  # unhashable: never from our readers
            return None
        from dlxh.text.dates import parse_date

        parsed: dt.date | None
        try:
            if isinstance(value, str):
                text = value.strip()
                parsed = parse_date(text, serials=text.isdigit() or "." in text)
            else:
                parsed = parse_date(value)
        except (UnknownPeriodError, ValueError, OverflowError, TypeError):
            parsed = None
        if parsed is not None and not 1900 <= parsed.year <= 2200:
            parsed = None
        self._dates[value] = parsed
        return parsed

    def _epoch(self, day: dt.date | None) -> int | None:
        if day is None:
            return None
        epoch = self._epochs.get(day)
        if epoch is None:
            if self._store is None:
                from dlxh.units.catalog import store_for

                self._store = store_for(None)
            epoch = self._epochs[day] = self._store.epoch(day)
        return epoch

    def place(
        self, text: str, day: dt.date | None, where: str
    ) -> tuple[str | None, Problem | None]:
        """Resolve a place written in a cell: ``(code, problem)``; cached per distinct text
        and span of the catalog (the resolver answers the same between two reforms)."""
        key = (text, self._epoch(day))
        cached = self._places.get(key)
        if cached is None:
            cached = self._resolve(text, day)
            self._places[key] = cached
        code, problem = cached
        if problem is not None:
            problem = attrs.evolve(problem, location=where)
        return code, problem

    def _set_within(self, within: str | None, *, strict: bool) -> None:
        self.within, self.within_strict = within, strict
        self._places = self._place_caches.setdefault(within if strict else f"~{within}", {})

    def _resolve(self, text: str, day: dt.date | None) -> tuple[str | None, Problem | None]:
        try:
            matches = self.session.resolve_unit(text, as_of=day, within=self.within)
            if not matches and self.within is not None and not self.within_strict:
                matches = self.session.resolve_unit(text, as_of=day, within=None)
        except (ValueError, LookupError) as exc:
            return None, Problem("place-unresolved", Severity.WARNING, f"{text!r}: {exc}")
        if not matches:
            return None, Problem(
                "place-unresolved",
                Severity.WARNING,
                f"no administrative unit found for {text!r}; the place is kept as written",
            )
        top = matches[0]
        runner = matches[1].confidence if len(matches) > 1 else 0.0
        if not (top.confidence >= 0.5 or (top.confidence >= 0.3 and top.confidence - runner >= 0.1)
                or (len(matches) == 1 and top.confidence >= 0.2)):
            names = "; ".join(f"{m.unit.name} ({m.unit.code})" for m in matches[:3])
            return None, Problem(
                "place-ambiguous",
                Severity.WARNING,
                f"{text!r} could be several units ({names}); the place is kept as written, "
                "give within='<province code>' to narrow the search",
            )
        successors = [s for s in top.successors if s.code != top.unit.code]
        if successors:
            now = top.successors[0] if len(top.successors) == 1 else None
            return (now.code if now is not None else top.unit.code), Problem(
                "place-former-unit",
                Severity.INFO,
                f"{text!r} names {top.unit.name} ({top.unit.code}), no longer in force on "
                f"{day}; it became {', '.join(s.name for s in top.successors)}"
                + ("" if now is not None else "; the former unit's code is kept"),
            )
        return top.unit.code, None

    def unit_code(self, code: str, day: dt.date | None) -> str | None:
        """``code`` when the catalog knows it (at ``day`` when given, at any date otherwise)."""
        key = (code, self._epoch(day))
        if key in self._codes:
            return self._codes[key]
        if self._store is None:
            from dlxh.units.catalog import store_for

            self._store = store_for(None)
        versions = self._store.versions.get(code)
        known: str | None = None
        if versions and (day is None or any(v.in_force(day) for v in versions)):
            known = code
        self._codes[key] = known
        return known

    def ref_at(self, location: str) -> SourceRef:
        return SourceRef(
            file=self.ref.file, sha256=self.sha, location=location, importer=self.ref.importer
        )

    # -- tables ---------------------------------------------------------------------------

    def read(self, table: Table) -> None:
        rows = table.rows
        if not rows:
            return
        converted: dict[int, str] = {}
        head_rows = [self._unlegacy_row(table, i, converted) for i in range(min(len(rows), 30))]
        header = find_header(head_rows, table.merged, self.options.columns)
        if header is None:
            if any(_filled(row) for row in rows):
                self.batch.note(
                    Problem(
                        "header-not-found",
                        Severity.WARNING,
                        "no header row with known columns (such as 'Nội dung ý kiến', "
                        "'Địa bàn', 'Ngày') in the first rows; the sheet was not read; map "
                        "its columns with columns={...}",
                        table.name,
                    )
                )
            return
        for c in header.duplicates:
            self.batch.note(
                Problem(
                    "duplicate-column",
                    Severity.WARNING,
                    f"column {header.labels[c]!r} repeats a field an earlier column holds; "
                    "kept in extra",
                    self._at(table, header.header_rows[0], c),
                )
            )
        for index in header.header_rows:
            if index in converted:
                self.batch.note(
                    Problem(
                        "legacy-encoding-converted",
                        Severity.INFO,
                        f"header row {index + 1} converted from {converted[index]} to Unicode",
                        f"{table.name}!{index + 1}:{index + 1}" if table.name
                        else f"{index + 1}:{index + 1}",
                    )
                )
        title_rows = head_rows[: header.header_rows[0]]
        heading = self._heading(table, title_rows) if header.kind != SheetKind.ROSTER else None
        report_date = self.options.date or (heading.issued_on if heading else None) or (
            self._title_date(title_rows)
        )
        unit: str | None = None
        self._set_within(self.options.within, strict=True)
        if heading is not None:
            unit = self._report_unit(table, heading, report_date)
        data = _Rows(rows, header.first_data_row)
        encodings = self._column_encodings(table, header, data)
        first_item, first_rec = len(self.batch.items), len(self.batch.recommendations)
        report_id = self._report_id(table) if heading is not None else None
        if header.kind == SheetKind.ROSTER:
            self._roster(table, header, data, encodings)
        elif header.kind == SheetKind.RECOMMENDATIONS:
            self._recommendations(table, header, data, encodings, report_date, report_id, unit)
        else:
            self._opinions(table, header, data, encodings, report_date, report_id, unit)
        if heading is not None and report_id is not None:
            self._report(table, heading, report_id, unit, first_item, first_rec)

    # -- the report in the title rows ----------------------------------------------------

    def _heading(self, table: Table, title_rows: Sequence[Sequence[Any]]) -> ReportHeader | None:
        """The report's header in the title rows above the table (each text cell a line,
        row by row), or ``None`` when they hold none."""
        lines: list[HeaderLine] = []
        for r, row in enumerate(title_rows):
            for c, cell in enumerate(row):
                if isinstance(cell, str) and (text := " ".join(cell.split())):
                    if len(text) > 500:  # a paragraph of notes, not a title
                        continue
                    lines.append(HeaderLine(unicodedata.normalize("NFC", text),
                                            self._at(table, r, c)))
        if not lines:
            return None
        heading = read_header(lines, titles_only=True)
        if not (heading.issuer_lines or heading.number or heading.place or heading.issued_on
                or heading.period() is not None):
            # A bare title (DANH SÁCH KIẾN NGHỊ) says nothing of who reports, when or for
            # which period: no report.
            return None
        for problem in heading.problems:
            self.batch.note(problem)
        period = heading.period()
        for problem in heading.title_problems(period, lines[0].location, lines[-1].location):
            self.batch.note(problem)
        return heading

    def _report_id(self, table: Table) -> str:
        return content_id("report", self.sha, table.name) if table.name else content_id(
            "report", self.sha
        )

    def _report_unit(
        self, table: Table, heading: ReportHeader, report_date: dt.date | None
    ) -> str | None:
        """The issuing body's unit; sets the province the rows' places are looked in."""
        period = heading.period()
        as_of = report_date or (period.end if period is not None else None)

        def resolve(text: str, day: dt.date | None, within: str | None) -> list[Any]:
            return self.session.resolve_unit(text, as_of=day, within=within)

        unit, problem = report_unit(heading, resolve, as_of=as_of, within=self.options.within,
                                    location=table.name)
        if problem is not None:
            self.batch.note(problem)
        if self.options.within is None:
            province = province_of(unit, as_of) or parent_province(heading, resolve, as_of=as_of)
            if province is not None:
                self._set_within(province, strict=False)
        return unit

    def _report(
        self,
        table: Table,
        heading: ReportHeader,
        report_id: str,
        unit: str | None,
        first_item: int,
        first_rec: int,
    ) -> None:
        """The sheet's report: its header, and the records read from the sheet."""
        period = heading.period()
        kind = heading.kind(period)
        batch = self.batch
        batch.seen += 1
        batch.add(
            Report(
                id=report_id,
                kind=kind,
                title=heading.title or kind.label,
                period=period,
                unit=unit,
                issuer=heading.issuer,
                issuer_parent=heading.issuer_parent,
                number=heading.number,
                place=heading.place,
                issued_on=heading.issued_on,
                summary=heading.summary or None,
                item_ids=map(_ID, batch.items[first_item:]),  # sorted by the converter
                recommendation_ids=map(_ID, batch.recommendations[first_rec:]),
                source=self.ref_at(table.name or "file"),
            )
        )

    def _at(self, table: Table, row: int, col: int) -> str:
        cell = f"{column_letter(col)}{row + 1}"
        return f"{table.name}!{cell}" if table.name else cell

    def _unlegacy_row(
        self, table: Table, index: int, converted: dict[int, str]
    ) -> Sequence[Any]:
        """A row of the top of the table, converted from a legacy encoding when its text is
        in one (so that legacy headers and title dates are recognised)."""
        row = table.rows[index]
        texts = [c for c in row if isinstance(c, str) and c and not c.isascii()]
        if not texts or any(_UNICODE_VIETNAMESE.search(t) for t in texts):
            return row
        from dlxh.text.encodings import detect_encoding

        name, _ = detect_encoding("\n".join(texts))
        if name == "unicode":
            return row
        converted[index] = name
        return [
            _to_unicode(c, name) if isinstance(c, str) and c and not c.isascii() else c
            for c in row
        ]

    def _title_date(self, title_rows: Sequence[Sequence[Any]]) -> dt.date | None:
        from dlxh.text.dates import parse_date
        from dlxh.text.normalization import fold

        for row in title_rows:
            for cell in row:
                if isinstance(cell, str) and (match := _TITLE_DATE.search(fold(cell))):
                    try:
                        return parse_date(match.group(0))
                    except UnknownPeriodError:
                        continue
        return None

    def _column_encodings(
        self, table: Table, header: Header, data: _Rows
    ) -> dict[int, str]:
        """Columns typed in a legacy encoding, detected on a sample of their cells."""
        samples: dict[int, list[str]] = {}
        for row in data.head(_LEGACY_SAMPLE):
            for c, cell in enumerate(row):
                if isinstance(cell, str) and cell and not cell.isascii():
                    bucket = samples.setdefault(c, [])
                    if len(bucket) < _LEGACY_SAMPLE:
                        bucket.append(cell)
        found: dict[int, str] = {}
        if not samples:
            return found
        from dlxh.text.encodings import detect_encoding

        for c, texts in samples.items():
            legacy = [t for t in texts if not _UNICODE_VIETNAMESE.search(t)]
            if not legacy:
                continue
            name, confidence = detect_encoding("\n".join(legacy))
            if name != "unicode":
                found[c] = name
                label = header.labels[c] if c < len(header.labels) else column_letter(c)
                self.batch.note(
                    Problem(
                        "legacy-encoding-converted",
                        Severity.INFO,
                        f"column {label!r} converted from {name} to Unicode "
                        f"(confidence {confidence:.2f})",
                        f"{table.name}!{column_letter(c)}" if table.name else column_letter(c),
                    )
                )
        return found

    def _convert(self, row: Sequence[Any], encodings: Mapping[int, str]) -> list[Any]:
        """The row with its legacy-encoded columns converted to Unicode."""
        cells = list(row)
        for c, name in encodings.items():
            if c < len(cells):
                cell = cells[c]
                if (isinstance(cell, str) and cell and not cell.isascii()
                        and not _UNICODE_VIETNAMESE.search(cell)):
                    cells[c] = _to_unicode(cell, name)
        return cells

    def _too_long(self, row: Sequence[Any]) -> int:
        """The index of the first cell over the size limit, ``-1`` when none."""
        for c, cell in enumerate(row):
            if type(cell) is str and len(cell) > self.max_chars:
                return c
        return -1

    def _cells(
        self, row: Sequence[Any], encodings: Mapping[int, str]
    ) -> tuple[Sequence[Any], int]:
        """The row converted (see :meth:`_convert`) and :meth:`_too_long` of it."""
        cells = self._convert(row, encodings) if encodings else row
        return cells, self._too_long(cells)

    def _oversized(self, table: Table, r: int, c: int, length: int) -> Problem:
        return Problem(
            "cell-too-large",
            Severity.ERROR,
            f"the cell holds {length} characters, more than the limit of {self.max_chars}; "
            "the row is rejected (raise Limits.max_cell_chars to read it)",
            self._at(table, r, c),
        )

    # -- opinion tables -------------------------------------------------------------------

    def _effects(self, field: str, label: str) -> Callable[[Any], _Effect] | None:
        """How a cell of an opinion column changes the item, computed once per distinct
        cell value: ``(attributes, labels, extra pairs, problem)``."""
        enums = self.enums
        attr_enums: dict[str, type[LabelledEnum]] = {
            "origin": Origin, "channel": Channel, "method": Method, "breadth": Breadth
        }
        label_enums: dict[str, type[LabelledEnum]] = {
            "orientation": Orientation, "scope": Scope, "interest": Interest
        }

        def unknown(value: str, cls: type[LabelledEnum]) -> _Effect:
            accepted = ", ".join(m.label for m in cls)
            return ((), (), ((label, value),), Problem(
                "unknown-value",
                Severity.WARNING,
                f"{value!r} in column {label!r} is not one of: {accepted}; kept in extra",
            ))

        if field in attr_enums:
            cls = attr_enums[field]

            def attribute(raw: Any) -> _Effect:
                value = _cell_text(raw)
                member = enums.get(cls, value)
                if member is None and field == "breadth":
                    interest = enums.get(Interest, value)
                    if interest is not None:
                        return (), (self._label("interest", str(interest)),), (), None
                if member is None:
                    return unknown(value, cls)
                return ((field, member),), (), (), None

            return attribute
        if field in label_enums:
            lcls = label_enums[field]

            def labelled(raw: Any) -> _Effect:
                value = _cell_text(raw)
                member = enums.get(lcls, value)
                if member is None:
                    return unknown(value, lcls)
                return (), (self._label(field, str(member)),), (), None

            return labelled
        if field == "topic":
            return lambda raw: ((), (self._label("topic", _cell_text(raw)),), (), None)
        if field == "mood":

            def moods(raw: Any) -> _Effect:
                labels: list[Label] = []
                extra: list[tuple[str, str]] = []
                problem: Problem | None = None
                for part in _SPLIT_MOODS.split(_cell_text(raw)):
                    if part:
                        mood = enums.get(Mood, part)
                        if mood is None:
                            _, _, ext, problem = unknown(part, Mood)
                            extra.extend(ext)
                        else:
                            labels.append(self._label("mood", str(mood)))
                return (), tuple(labels), tuple(extra), problem

            return moods
        if field in ("groups", "reasons"):
            return lambda raw: (
                ((field, nfc_tuple(_SPLIT.split(_cell_text(raw)))),), (), (), None
            )
        if field == "reporter":

            def reporter(raw: Any) -> _Effect:
                value = _cell_text(raw)
                return ((("reporter_id", value),) if value.isprintable() else ()), (), (), None

            return reporter
        if field == "extra":
            return lambda raw: ((), (), ((label, _cell_text(raw)),), None)
        return None

    def _combine(
        self,
        columns: Sequence[tuple[int, dict[Any, _Effect], Callable[[Any], _Effect]]],
        values: Sequence[Any],
    ) -> _Combined:
        """The effect of the coded columns' ``values`` on an item, problems with their
        column."""
        attributes: dict[str, Any] = {}
        labels: list[Label] = []
        extra: list[tuple[str, str]] = []
        problems: list[tuple[Problem, int]] = []
        for (c, cache, compute), value in zip(columns, values, strict=True):
            if value == "" or value is None:
                continue
            try:
                change = cache[value]
            except KeyError:
                change = cache[value] = compute(value)
            more_attributes, more_labels, more_extra, problem = change
            attributes.update(more_attributes)
            labels.extend(more_labels)
            extra.extend(more_extra)
            if problem is not None:
                problems.append((problem, c))
        # The item's fields in their declaration order (see _ITEM_ATTRIBUTES), for the
        # trusted constructor: the effects above hold normalised values only.
        fields = tuple(attributes.get(name) for name in _ITEM_ATTRIBUTES)
        return fields, tuple(labels), tuple(extra), tuple(problems)

    def _label(self, dimension: str, value: str) -> Label:
        # Labels are frozen values: one object per distinct label is shared by the items.
        key = (dimension, value)
        found = self._label_cache.get(key)
        if found is None:
            found = self._label_cache[key] = Label(dimension=dimension, value=value)
        return found

    def _opinions(
        self,
        table: Table,
        header: Header,
        data: _Rows,
        encodings: Mapping[int, str],
        report_date: dt.date | None,
        report_id: str | None = None,
        default_unit: str | None = None,
    ) -> None:
        batch = self.batch
        col = header.column
        c_text, c_id, c_date = col("text"), col("id"), col("date")
        c_places = [c for c in (col("place"), col("district"), col("province")) if c is not None]
        c_unit_code, c_report_unit = col("unit_code"), col("reporting_unit")
        if not c_places and c_report_unit is not None:
            c_places = [c_report_unit]
        c_rec = col("recommendation")
        if c_text is None and c_rec is None:
            # A summary table (counts by topic or by place, as an annex workbook holds) is not
            # a list of opinions: one warning for the sheet instead of an error per row.
            batch.note(Problem(
                "table-without-text",
                Severity.WARNING,
                "the table has known columns but none holding opinion text; the sheet was not "
                "read (a summary table?); map its text column with columns={...}",
                f"{table.name}!A{header.header_rows[0] + 1}" if table.name
                else f"row {header.header_rows[0] + 1}",
            ))
            return
        handled = {"text", "id", "date", "place", "district", "province", "unit_code",
                   "recommendation", "seq", "ignore"}
        columns: list[tuple[int, dict[Any, _Effect], Callable[[Any], _Effect]]] = []
        free: list[tuple[int, str]] = []
        for c, field in enumerate(header.fields):
            if field in handled or c in c_places:
                continue
            label = header.labels[c] or column_letter(c)
            if field in (None, "area", "reporting_unit"):
                free.append((c, label))
                continue
            effect = self._effects(field, label)
            if effect is not None:
                columns.append((c, {}, effect))
        coded = [c for c, _, _ in columns]
        last_coded = max(coded, default=-1)
        many = len(coded) > 1
        pick: Callable[[Sequence[Any]], Any] = (
            operator.itemgetter(*coded) if coded else (lambda _row: ())
        )
        combos: dict[Any, _Combined] = {}
        n_fields = len(header.fields)
        letters = [column_letter(c) for c in range(len(header.fields) + 1)]
        ids: set[str] = set()
        name = table.name
        prefix = f"{name}!" if name else ""
        importer, file, sha = self.ref.importer, self.ref.file, self.sha
        base = hashlib.blake2b(f"{sha}\x1f{name}\x1f".encode(), digest_size=10)
        note, reject, add = batch.note, batch.reject, batch.add
        limit = self.max_chars
        dates = self._dates
        normalize = unicodedata.normalize
        evolve = attrs.evolve
        items_append = batch.items.append
        make_item, make_source = _make_item, _make_source
        at = nfc(f"{prefix}A")  # the sheet's name as the workbook spells it
        # Places already resolved without a problem, by text and date, and the NFC form of
        # each place text: a few hundred of each in a large sheet.
        known_places: dict[tuple[str, dt.date | None], str | None] = {}
        place_forms: dict[str, str | None] = {}
        c_place = c_places[0] if len(c_places) == 1 else None
        # A row's date, unit and place follow from its place and date cells alone when the
        # place is one column and no unit-code column competes: remembered by the values of
        # those cells (in rows as wide as the header) when they gave no problem.
        wheres: dict[tuple[Any, ...], tuple[dt.date | None, str | None, str | None]] = {}
        where_columns = (
            ([c_place] if c_date is None else [c_place, c_date])
            if c_place is not None and c_unit_code is None
            else []
        )
        where_of = _getter(where_columns) if where_columns else None
        # Values are remembered (combinations, places and dates) from rows whose cells were
        # all measured against max_cell_chars (one too long rejects its row first): in a row
        # as wide as the header, the cells that repeat remembered values are not measured.
        remembered = set(coded)
        measured = _getter([c for c in range(n_fields) if c not in remembered])
        measured_rest = _getter(
            [c for c in range(n_fields) if c not in remembered and c not in where_columns]
        )
        problems_list = batch.problems
        seen = 0  # added to batch.seen once: an attrs setattr per row costs
        try:
            for r, raw in data:
                # A filled first cell (the usual STT number) spares the blank-row walk.
                if not (raw and raw[0]) and not _filled(raw):
                    continue
                seen += 1
                cells = self._convert(raw, encodings) if encodings else raw
                width = len(cells)
                # The enumerated and labelled columns are read together, once per distinct
                # combination of their values (a handful in most tables).
                combined = None
                if width > last_coded:
                    key = pick(cells)
                    combined = combos.get(key)
                where: tuple[Any, ...] | None = None
                known = None
                if where_of is not None and width == n_fields:
                    where = where_of(cells)
                    if type(where[0]) is str:
                        known = wheres.get(where)
                    else:
                        where = None  # True and 1.0 are equal keys, and read differently
                if combined is None or width != n_fields:
                    unmeasured = cells
                elif known is None:
                    unmeasured = measured(cells)
                else:
                    unmeasured = measured_rest(cells)
                for cell in unmeasured:
                    if type(cell) is str and len(cell) > limit:
                        too_long = self._too_long(cells)
                        break
                else:
                    too_long = -1
                if too_long >= 0:
                    reject(self._oversized(table, r, too_long, len(cells[too_long])))
                    continue
                row_number = r + 1
                if c_text is not None and c_text < width:
                    value = cells[c_text]
                    text = value.strip() if type(value) is str else _cell_text(value)
                else:
                    text = ""
                if not text:
                    reject(
                        Problem(
                            "missing-text",
                            Severity.ERROR,
                            f"the row has no opinion text (column {header.labels[c_text]!r})"
                            if c_text is not None else
                            "the table has no opinion-text column; map one with columns={...}",
                            f"{prefix}{letters[c_text or 0]}{row_number}",
                        )
                    )
                    continue
                item_id = ""
                if c_id is not None and c_id < width:
                    item_id = _cell_text(cells[c_id])
                    if item_id and item_id in ids:
                        reject(
                            Problem(
                                "duplicate-id",
                                Severity.ERROR,
                                f"id {item_id!r} is used by an earlier row of this sheet",
                                f"{prefix}{letters[c_id]}{row_number}",
                            )
                        )
                        continue
                    ids.add(item_id)
                # The row number's digits, made once for the id and the location.
                digits = str(row_number)
                if not item_id or not item_id.isprintable():
                    digest = base.copy()
                    digest.update(digits.encode())
                    item_id = "op-" + digest.hexdigest()
                if known is not None:
                    day, unit, place = known
                else:
                    noted = len(problems_list)
                    day = report_date
                    if c_date is not None and c_date < width:
                        raw_date = cells[c_date]
                        # Not empty ("" or None): a date or a text is true, quickly told.
                        if raw_date or (raw_date != "" and raw_date is not None):
                            try:
                                parsed = dates[raw_date]
                            except (KeyError, TypeError):
                                parsed = self.date(raw_date)
                            if parsed is None:
                                note(
                                    Problem(
                                        "unreadable-date",
                                        Severity.WARNING,
                                        f"cannot read a date from {_cell_text(raw_date)!r}; "
                                        + ("the report's date is used" if report_date else
                                           "the item has no date"),
                                        f"{prefix}{letters[c_date]}{row_number}",
                                    )
                                )
                            else:
                                day = parsed
                    place_text: str | None = None
                    unit = None
                    if c_places:
                        if c_place is not None:
                            value = cells[c_place] if c_place < width else ""
                            place_text = value.strip() if type(value) is str else _cell_text(value)
                        else:
                            place_text = ", ".join(
                                p for p in (_cell_text(cells[c]) for c in c_places if c < width)
                                if p
                            )
                        place_text = place_text or None
                    code = ""
                    if c_unit_code is not None and c_unit_code < width:
                        code = _cell_text(cells[c_unit_code])
                        if code:
                            unit = self.unit_code(code, day)
                            if unit is None:
                                note(
                                    Problem(
                                        "unknown-unit-code",
                                        Severity.WARNING,
                                        f"no administrative unit with code {code!r}"
                                        + (f" on {day}" if day else "")
                                        + "; the place is resolved from its name if given",
                                        f"{prefix}{letters[c_unit_code]}{row_number}",
                                    )
                                )
                    if unit is None and place_text:
                        unit = known_places.get((place_text, day), _MISSING)
                        if unit is _MISSING:
                            unit, problem = self.place(
                                place_text, day, f"{prefix}{letters[c_places[0]]}{row_number}"
                            )
                            if problem is not None:
                                note(problem)
                            elif len(known_places) < _COMBINATIONS:
                                known_places[(place_text, day)] = unit
                    elif unit is None and not code:
                        unit = default_unit
                    place = None
                    if place_text is not None:
                        place = place_forms.get(place_text)
                        if place is None:
                            place = place_forms[place_text] = nfc_opt(place_text)
                    if (where is not None and len(problems_list) == noted
                            and len(wheres) < _COMBINATIONS):
                        wheres[where] = (day, unit, place)
                if combined is None:
                    if width > last_coded:
                        combined = self._combine(columns, key if many or not coded else (key,))
                        if len(combos) < _COMBINATIONS:
                            combos[key] = combined
                    else:
                        combined = self._combine(
                            columns, tuple(cells[c] if c < width else "" for c, _, _ in columns)
                        )
                (reporter, channel, method, origin, breadth, groups, reasons), labels, \
                    extra, problems = combined
                if problems:
                    for problem, c in problems:
                        note(evolve(problem, location=f"{prefix}{letters[c]}{row_number}"))
                if free:
                    pairs = list(extra)
                    for c, label in free:
                        if c < width:
                            value = cells[c]
                            if value != "" and value is not None and (
                                text_value := _cell_text(value)
                            ):
                                pairs.append((label, text_value))
                    extra = tuple(pairs)
                source = make_source(file, sha, at + digits, importer)
                # The values are normalised here (NFC text and place, enumeration members and
                # NFC tuples from the coded columns), as OpinionItem's converters would.
                items_append(
                    make_item(
                        item_id, normalize("NFC", text).strip(), day, unit, None, place,
                        reporter or None, None,
                        report_id, channel, method, origin, breadth, groups or (),
                        reasons or (), labels, source, extra,
                    )
                )
                if c_rec is not None and c_rec < width and (rec := _cell_text(cells[c_rec])):
                    seen += 1
                    add(
                        Recommendation(
                            id=content_id("rec", sha, name, row_number),
                            text=rec,
                            unit=unit,
                            date=day,
                            item_ids=(item_id,),
                            report_id=report_id,
                            source=source,
                        )
                    )
        finally:
            batch.seen += seen

    def _unknown(
        self, table: Table, r: int, c: int, label: str, value: str, cls: type[LabelledEnum]
    ) -> Problem:
        accepted = ", ".join(m.label for m in cls)
        return Problem(
            "unknown-value",
            Severity.WARNING,
            f"{value!r} in column {label!r} is not one of: {accepted}; kept in extra",
            self._at(table, r, c),
        )

    # -- recommendation lists -------------------------------------------------------------

    def _recommendations(
        self,
        table: Table,
        header: Header,
        data: _Rows,
        encodings: Mapping[int, str],
        report_date: dt.date | None,
        report_id: str | None = None,
        default_unit: str | None = None,
    ) -> None:
        batch, col = self.batch, header.column
        c_text, c_date, c_topic = col("recommendation"), col("date"), col("topic")
        c_places = [c for c in (col("place"), col("district"), col("province")) if c is not None]
        c_level, c_body, c_status, c_answer = (
            col("competent_level"), col("body"), col("status"), col("answer")
        )
        c_id = col("id")
        assert c_text is not None
        ids: set[str] = set()
        for r, cells in self._counted_rows(table, data, encodings):
            width = len(cells)

            def cell(c: int | None, cells: Sequence[Any] = cells, width: int = width) -> str:
                return _cell_text(cells[c]) if c is not None and c < width else ""

            text = cell(c_text)
            if not text:
                batch.reject(
                    Problem(
                        "missing-text",
                        Severity.ERROR,
                        f"the row has no recommendation text (column {header.labels[c_text]!r})",
                        self._at(table, r, c_text),
                    )
                )
                continue
            rec_id = cell(c_id)
            if rec_id and rec_id in ids:
                batch.reject(
                    Problem(
                        "duplicate-id",
                        Severity.ERROR,
                        f"id {rec_id!r} is used by an earlier row of this sheet",
                        self._at(table, r, c_id or 0),
                    )
                )
                continue
            ids.add(rec_id)
            if not rec_id or not rec_id.isprintable():
                rec_id = content_id("rec", self.sha, table.name, r + 1)
            day = report_date
            if raw_date := (cells[c_date] if c_date is not None and c_date < width else ""):
                parsed = self.date(raw_date)
                if parsed is None:
                    batch.note(
                        Problem(
                            "unreadable-date",
                            Severity.WARNING,
                            f"cannot read a date from {_cell_text(raw_date)!r}",
                            self._at(table, r, c_date or 0),
                        )
                    )
                else:
                    day = parsed
            unit: str | None = None
            place_text = ", ".join(p for p in (cell(c) for c in c_places) if p)
            if place_text:
                unit, problem = self.place(place_text, day, self._at(table, r, c_places[0]))
                if problem is not None:
                    batch.note(problem)
            else:
                unit = default_unit
            kwargs: dict[str, Any] = {}
            for c, field, cls in ((c_level, "competent_level", CompetentLevel),
                                  (c_status, "status", RecommendationStatus)):
                if value := cell(c):
                    member = self.enums.get(cls, value)
                    if member is None:
                        assert c is not None
                        batch.note(self._unknown(table, r, c, header.labels[c], value, cls))
                    else:
                        kwargs[field] = member
            batch.add(
                Recommendation(
                    id=rec_id,
                    text=text,
                    topic=cell(c_topic) or None,
                    body=cell(c_body) or None,
                    answer=cell(c_answer) or None,
                    unit=unit,
                    date=day,
                    report_id=report_id,
                    source=self.ref_at(self._at(table, r, 0)),
                    **kwargs,
                )
            )

    def _counted_rows(
        self, table: Table, data: _Rows, encodings: Mapping[int, str]
    ) -> Iterator[tuple[int, Sequence[Any]]]:
        """The non-blank rows of a recommendations list or a roster, each counted as seen; a
        row with an oversized cell is rejected here and not yielded."""
        batch = self.batch
        for r, raw in data:
            if not _filled(raw):
                continue
            cells, too_long = self._cells(raw, encodings)
            batch.seen += 1
            if too_long >= 0:
                batch.reject(self._oversized(table, r, too_long, len(cells[too_long])))
                continue
            yield r, cells

    # -- collaborator rosters -------------------------------------------------------------

    def _roster(
        self, table: Table, header: Header, data: _Rows, encodings: Mapping[int, str]
    ) -> None:
        batch, col = self.batch, header.column
        ids: set[str] = set()
        for r, cells in self._counted_rows(table, data, encodings):
            width = len(cells)

            def cell(field: str, cells: Sequence[Any] = cells, width: int = width) -> str:
                c = col(field)
                return _cell_text(cells[c]) if c is not None and c < width else ""

            def at(field: str, r: int = r) -> str:
                return self._at(table, r, col(field) or 0)

            name = cell("name")
            if not name:
                batch.reject(Problem("missing-name", Severity.ERROR,
                                     "the roster row has no name (Họ và tên)", at("name")))
                continue
            role = self.enums.get(CollaboratorRole, cell("role"))
            if role is None:
                batch.reject(
                    Problem(
                        "unknown-value",
                        Severity.ERROR,
                        f"role {cell('role')!r} is not one of: "
                        + ", ".join(m.label for m in CollaboratorRole),
                        at("role"),
                    )
                )
                continue
            person_id = cell("id")
            if person_id and person_id in ids:
                batch.reject(Problem("duplicate-id", Severity.ERROR,
                                     f"Mã CTV {person_id!r} is used by an earlier row", at("id")))
                continue
            ids.add(person_id)
            if not person_id or not person_id.isprintable():
                person_id = content_id("ctv", self.sha, table.name, r + 1)
            unit: str | None = None
            if code := cell("unit_code"):
                unit = self.unit_code(code, None)
                if unit is None:
                    batch.reject(
                        Problem(
                            "unknown-unit-code",
                            Severity.ERROR,
                            f"no administrative unit with code {code!r} in the catalog",
                            at("unit_code"),
                        )
                    )
                    continue
            elif place := cell("place"):
                unit, problem = self.place(place, None, at("place"))
                if problem is not None:
                    batch.note(problem)
            kwargs: dict[str, Any] = {}
            for field, cls in (("sex", Sex), ("age_band", AgeBand),
                               ("status", CollaboratorStatus)):
                if value := cell(field):
                    member = self.enums.get(cls, value)
                    if member is None:
                        batch.note(
                            self._unknown(table, r, col(field) or 0,
                                          header.labels[col(field) or 0], value, cls)
                        )
                    else:
                        kwargs[field] = member
            for field in ("appointed_on", "contract_start", "contract_end"):
                c = col(field)
                if c is not None and c < width and cells[c] not in ("", None):
                    parsed = self.date(cells[c])
                    if parsed is None:
                        batch.note(
                            Problem("unreadable-date", Severity.WARNING,
                                    f"cannot read a date from {cell(field)!r}", at(field))
                        )
                    else:
                        kwargs[field] = parsed
            if year := cell("birth_year"):
                if year.isdigit() and 1900 <= int(year) <= 2100:
                    kwargs["birth_year"] = int(year)
                else:
                    batch.note(Problem("unknown-value", Severity.WARNING,
                                       f"birth year {year!r} is not a year", at("birth_year")))
            if allowance := cell("allowance"):
                try:
                    kwargs["allowance_coefficient"] = float(allowance.replace(",", "."))
                except ValueError:
                    batch.note(Problem("unknown-value", Severity.WARNING,
                                       f"allowance {allowance!r} is not a number",
                                       at("allowance")))
            if party := cell("party_member"):
                flag = _YES_NO.get(header_key(party))
                if flag is None:
                    batch.note(Problem("unknown-value", Severity.WARNING,
                                       f"Đảng viên {party!r} is neither 'Có' nor 'Không'",
                                       at("party_member")))
                kwargs["party_member"] = flag
            groups = cell("groups")
            batch.add(
                Collaborator(
                    id=person_id,
                    name=name,
                    role=role,
                    organisation_id=cell("organisation") or None,
                    unit=unit,
                    area_id=cell("area") or None,
                    groups=tuple(p for p in _SPLIT.split(groups) if p) if groups else (),
                    ethnicity=cell("ethnicity") or None,
                    religion=cell("religion") or None,
                    occupation=cell("occupation") or None,
                    phone=cell("phone") or None,
                    id_number=cell("id_number") or None,
                    email=cell("email") or None,
                    appointment_decision=cell("decision") or None,
                    source=self.ref_at(self._at(table, r, 0)),
                    **kwargs,
                )
            )


_YES_NO = {"co": True, "x": True, "1": True, "true": True, "dang vien": True, "yes": True,
           "khong": False, "0": False, "false": False, "no": False}


def _to_unicode(text: str, encoding: str) -> str:
    """``text`` typed in a legacy encoding, in Unicode; TCVN3 capitals left at the end of a
    word (``XÃ`` typed ``X‚``) are mended too."""
    from dlxh.importers.text_importer import fix_tcvn3_capitals
    from dlxh.text.encodings import to_unicode

    converted = to_unicode(text, encoding)  # type: ignore[arg-type]
    return fix_tcvn3_capitals(converted) if encoding == "tcvn3" else converted


def _getter(columns: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """The cells of a row in ``columns``, as a sequence (``itemgetter`` gives a lone cell
    bare)."""
    if len(columns) > 1:
        return operator.itemgetter(*columns)
    if columns:
        only = columns[0]
        return lambda row: (row[only],)
    return lambda _row: ()


def _filled(row: Sequence[Any]) -> bool:
    """Whether a row holds anything but empty cells and spaces."""
    for cell in row:
        if cell is None or cell == "":
            continue
        if type(cell) is str and not cell.strip():
            continue
        return True
    return False


class RowStream(Sequence[Sequence[Any]]):
    """The rows of a large table, given by an iterator that makes each row when it is asked
    for (calamine's ``iter_rows``), so that the sheet is never held as Python lists whole.

    Rows asked for by index (the header search and the samples at the top of the table) are
    kept; :meth:`stream` then hands out the rest as they come, without keeping them, and may
    be called once. ``count`` is the number of rows the iterator makes."""

    def __init__(self, rows: Iterator[Sequence[Any]], count: int) -> None:
        self._rows = rows
        self._count = count
        self._kept: list[Sequence[Any]] = []
        self._streamed = False

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Sequence[Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Sequence[Any]]: ...

    def __getitem__(self, index: int | slice) -> Sequence[Any] | Sequence[Sequence[Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("row index out of range")
        kept = self._kept
        if index >= len(kept):
            if self._streamed:
                raise RuntimeError("the rows past the top of the table were streamed already")
            kept.extend(islice(self._rows, index + 1 - len(kept)))
            if index >= len(kept):
                raise RuntimeError(f"the table has {len(kept)} rows, not {self._count}")
        return kept[index]

    def stream(self, start: int) -> Iterator[tuple[int, Sequence[Any]]]:
        """``(index, row)`` from row ``start`` to the end; the rows are not kept."""
        if self._streamed:
            raise RuntimeError("the rows of a table can be streamed once")
        self._streamed = True
        kept, self._kept = self._kept, []
        if start < len(kept):
            return enumerate(chain(kept[start:], self._rows), start)
        return enumerate(islice(self._rows, start - len(kept), None), start)


class _Rows:
    """The data rows of a table from ``start``, as ``(index, row)``: read once, by the loop
    that makes the records (a :class:`RowStream` is consumed by it)."""

    def __init__(self, rows: Sequence[Sequence[Any]], start: int) -> None:
        self.rows, self.start = rows, start

    def __iter__(self) -> Iterator[tuple[int, Sequence[Any]]]:
        rows = self.rows
        if isinstance(rows, RowStream):
            return rows.stream(self.start)
        return enumerate(islice(rows, self.start, None), self.start)

    def head(self, count: int) -> Iterator[Sequence[Any]]:
        """The first ``count`` data rows (or fewer), by index: a stream is not consumed."""
        rows = self.rows
        return (rows[r] for r in range(self.start, min(len(rows), self.start + count)))


def read_tables(
    tables: Iterable[Table],
    batch: ImportBatch,
    session: Session,
    options: TableOptions,
    *,
    progress: Callable[[str], None] | None = None,
) -> ImportBatch:
    """Read ``tables`` into ``batch`` (see the module's description); returns ``batch``."""
    assert batch.source is not None
    reader = _Reader(batch, session, batch.source, options)
    wanted = set(options.sheets) if options.sheets is not None else None
    found: set[str] = set()
    for table in tables:
        found.add(table.name)
        if wanted is not None and table.name not in wanted:
            continue
        if progress is not None:
            progress(table.name)
        reader.read(table)
    if wanted is not None and (missing := wanted - found):
        raise ConfigurationError(
            f"no sheet named {', '.join(sorted(missing))}; the sheets are: "
            f"{', '.join(sorted(found))}"
        )
    return batch
