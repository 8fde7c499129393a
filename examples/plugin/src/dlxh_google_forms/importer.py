"""The ``google-forms`` importer: the responses of a Google Forms opinion survey.

Google Forms and Google Sheets export the responses as a table whose first column is the
timestamp (``Dấu thời gian`` in the Vietnamese interface, ``Timestamp`` in the English one) and
whose other columns are the questions. Every answered opinion question of every response
becomes one :class:`~dlxh.model.OpinionItem` (method: survey; channel: app; origin: first
hand), dated by the timestamp, placed by the respondent's *xã/phường* when the form asks for
it, with the respondent's group and reasons. Names, e-mails and phone numbers are never read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from typing import Any, cast

import attrs
from dlxh.batch import ImportBatch
from dlxh.errors import ConfigurationError, FormatError, Problem, Severity
from dlxh.model.enums import Channel, Method, Origin
from dlxh.model.ids import content_id
from dlxh.model.opinions import OpinionItem
from dlxh.model.sources import SourceRef
from dlxh.plugins.interfaces import Importer
from dlxh.plugins.source import Source
from dlxh.text import fold, normalize
from dlxh.text.dates import UnreadableDateError

from dlxh_google_forms.questions import is_no_opinion, roles_for
from dlxh_google_forms.table import (
    Row,
    Table,
    decode_csv,
    is_xlsx,
    read_table,
    xlsx_head,
    zipped_csv,
)
from dlxh_google_forms.timestamps import (
    Stamp,
    decide_order,
    is_timestamp_header,
    read_stamp,
    split_stamp,
)

__all__ = ["GoogleFormsImporter", "ReadOptions"]

ID_PREFIX = "gforms"


def _optional_bool(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ConfigurationError(f"dayfirst must be True, False or None, got {value!r}")


def _questions(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


@attrs.frozen(kw_only=True)
class ReadOptions:
    """The options of :meth:`GoogleFormsImporter.read` (``dlxh.read(path, **options)``)."""

    dayfirst: bool | None = attrs.field(default=None, converter=_optional_bool)
    """``True``: timestamps are day/month/year; ``False``: month/day/year; ``None`` (default):
    proven by the data, else from the header's language (see
    :mod:`dlxh_google_forms.timestamps`)."""
    questions: dict[str, str] = attrs.field(factory=dict, converter=_questions)
    """Question title → role (``"text"``, ``"place"``, ``"group"``, ``"reason"``,
    ``"personal"``, ``"extra"``), over the defaults of :mod:`dlxh_google_forms.questions`."""
    within: str | None = None
    """A unit code the survey covers (``"38"``): places are looked for inside it only."""
    sheet: str | None = None
    """The sheet of a workbook (default: the first whose A1 is a timestamp header)."""
    min_place_confidence: float = 0.4
    """The least confidence of :meth:`dlxh.Session.resolve_unit` at which a place is taken."""
    channel: Channel = attrs.field(default=Channel.APP, converter=Channel)
    method: Method = attrs.field(default=Method.SURVEY, converter=Method)
    origin: Origin = attrs.field(default=Origin.FIRST_HAND, converter=Origin)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(str(value))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sniff_csv_rows(head: bytes) -> list[list[str]]:
    text = decode_csv(head, "", partial=True)
    lines = text.splitlines()[:3]
    if not lines:
        return []
    delimiter = max((",", ";", "\t"), key=lambda d: (lines[0].count(d), d == ","))
    try:
        return list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    except csv.Error:
        return []


def _looks_like_stamp(value: object) -> bool:
    if isinstance(value, dt.date):
        return True
    if not isinstance(value, str):
        return False
    try:
        return split_stamp(value) is not None
    except UnreadableDateError:
        return False


def _shape_score(rows: list[tuple[Any, ...]] | list[list[str]]) -> float:
    """0 unless the first row is a Google Forms header; higher when a data row follows with
    a timestamp in its first cell."""
    if not rows or len(rows[0]) < 2 or not is_timestamp_header(rows[0][0]):
        return 0.0
    if len(rows) > 1 and rows[1] and _looks_like_stamp(rows[1][0]):
        return 0.99
    return 0.97


class GoogleFormsImporter(Importer):
    """Reads the responses of a Google Forms survey: the zip that Google Forms' *Download
    responses (.csv)* gives, the CSV inside it or from Google Sheets' *File > Download >
    CSV*, or the xlsx of *File > Download > Microsoft Excel*.

    Options are those of :class:`ReadOptions`. Problems (codes of this plugin):

    - ``gforms-invalid-timestamp`` (error): the response's timestamp is missing or is not a
      date; each of its opinions is rejected;
    - ``gforms-ragged-row`` (error): a row has more cells than the header has questions;
    - ``gforms-ambiguous-timestamp`` (warning): some timestamps read either way and nothing in
      the file proved the order: the header's language decided;
    - ``gforms-unknown-place`` / ``gforms-ambiguous-place`` (warning): the place answer was
      not resolved to one administrative unit; the item keeps it as ``place_text``;
    - ``gforms-unknown-question`` (warning): a title given in ``questions`` is not in the form;
    - ``gforms-no-opinion`` (info): how many responses answered no opinion question.
    """

    name = "google-forms"
    description = "Google Forms survey responses (CSV or xlsx export)"
    extensions = (".csv", ".xlsx", ".zip")

    @classmethod
    def sniff(cls, source: Source) -> float:
        """0.99 for a Google Forms header followed by a timestamp, 0.97 for the header alone,
        0 otherwise: above the generic CSV and xlsx importers (0.9 to 0.95 for any table)
        only when the header is Google's."""
        if is_xlsx(source):
            inner = zipped_csv(source)
            if inner is None:
                return _shape_score(xlsx_head(source))
            source = inner
        try:
            return _shape_score(_sniff_csv_rows(source.head()))
        except FormatError:
            return 0.0

    def read(self, source: Source, *, strict: bool = False, **options: Any) -> ImportBatch:
        try:
            opts = ReadOptions(**options)
        except TypeError as exc:  # an unknown keyword
            raise TypeError(f"the {self.name} importer: {exc}") from None
        except ValueError as exc:  # a wrong value (channel="fax", dayfirst="yes")
            raise ConfigurationError(f"the {self.name} importer: {exc}") from None
        batch = ImportBatch(
            source=SourceRef(file=source.name, sha256=source.sha256, importer=self.name),
            strict=strict,
        )
        table = read_table(source, opts.sheet)
        if not table.header or not is_timestamp_header(table.header[0]):
            raise FormatError(
                f"{source.name}: the first column is not 'Dấu thời gian' or 'Timestamp'; "
                "is this a Google Forms export?"
            )
        _Reader(self, source, table, opts, batch).run()
        return batch


@attrs.define
class _Reader:
    importer: GoogleFormsImporter
    source: Source
    table: Table
    opts: ReadOptions
    batch: ImportBatch
    _places: dict[tuple[str, dt.date], tuple[str | None, Problem | None]] = attrs.field(
        factory=dict
    )

    def run(self) -> None:
        header = self.table.header
        titles = [normalize(title) for title in header[1:]]
        roles = ["timestamp", *roles_for(titles, self.opts.questions)]
        self._check_questions(titles)
        opinion_columns = [i for i, role in enumerate(roles) if role == "text"]
        if not opinion_columns:
            raise FormatError(
                f"{self.source.name}: no opinion question found among "
                + ", ".join(repr(t) for t in titles)
                + "; name it with questions={'<title>': 'text'}"
            )
        rows = [row for row in self.table.rows if not all(_blank(c) for c in row.cells)]
        order = decide_order(self._stamps(rows), header[0], self.opts.dayfirst)
        if order.ambiguous:
            which = "day/month/year" if order.dayfirst else "month/day/year"
            self.batch.note(
                Problem(
                    "gforms-ambiguous-timestamp",
                    Severity.WARNING,
                    f"{order.ambiguous} timestamps can be read either way: read as {which} "
                    f"({order.reason}); pass dayfirst={not order.dayfirst} if that is wrong",
                    self.table.locate(rows[0], 0) if rows else "",
                )
            )
        without_opinion = 0
        for row in rows:
            cells = list(row.cells) + [None] * (len(header) - len(row.cells))
            # Each answer is normalised once; personal answers are never even looked at.
            texts = [
                "" if role in {"timestamp", "personal"} else _text(cell)
                for role, cell in zip(roles, cells, strict=False)
            ]
            answered = [i for i in opinion_columns if not is_no_opinion(texts[i])]
            if not answered:
                without_opinion += 1
                continue
            self.batch.seen += len(answered)
            if any(_blank(c) is False for c in cells[len(header):]):
                self._reject_all(
                    row, answered, "gforms-ragged-row",
                    f"the row has {len(cells)} cells but the header has {len(header)} columns",
                )
                continue
            try:
                moment = read_stamp(cells[0], order.dayfirst)
            except UnreadableDateError as exc:
                self._reject_all(
                    row, answered, "gforms-invalid-timestamp", f"unreadable timestamp: {exc}"
                )
                continue
            self._add_items(row, texts, roles, titles, answered, moment)
        if without_opinion:
            self.batch.note(
                Problem(
                    "gforms-no-opinion",
                    Severity.INFO,
                    f"{without_opinion} responses answered no opinion question "
                    "(blank or 'không có ý kiến'): no item for them",
                    self.source.name,
                )
            )

    def _check_questions(self, titles: list[str]) -> None:
        known = {fold(t) for t in titles}
        for given in self.opts.questions:
            if fold(given) not in known:
                self.batch.note(
                    Problem(
                        "gforms-unknown-question",
                        Severity.WARNING,
                        f"the form has no question {given!r}",
                        self.source.name,
                    )
                )

    def _stamps(self, rows: list[Row]) -> list[Stamp]:
        out = []
        for row in rows:
            value = row.cells[0] if row.cells else None
            if isinstance(value, str):
                try:
                    stamp = split_stamp(value)
                except UnreadableDateError:
                    continue  # rejected when the row is read
                if stamp is not None:
                    out.append(stamp)
        return out

    def _reject_all(self, row: Row, answered: list[int], code: str, message: str) -> None:
        where = self.table.locate(row, 0)
        for _ in answered:
            self.batch.reject(Problem(code, Severity.ERROR, message, where))

    def _place(self, text: str, day: dt.date, where: str) -> tuple[str | None, Problem | None]:
        key = (fold(text), day)
        if key not in self._places:
            self._places[key] = self._resolve(text, day)
        unit, problem = self._places[key]
        return unit, (None if problem is None else attrs.evolve(problem, location=where))

    def _resolve(self, text: str, day: dt.date) -> tuple[str | None, Problem | None]:
        matches = self.importer.session.resolve_unit(text, as_of=day, within=self.opts.within)
        if not matches:
            return None, Problem(
                "gforms-unknown-place",
                Severity.WARNING,
                f"no administrative unit found for {text!r}; kept as written",
            )
        best = matches[0]
        rivals = [
            m for m in matches[1:]
            if m.confidence >= best.confidence - 0.05 and m.current.code != best.current.code
        ]
        if rivals:
            names = ", ".join(f"{m.unit.name} ({m.current.code})" for m in [best, *rivals])
            return None, Problem(
                "gforms-ambiguous-place",
                Severity.WARNING,
                f"{text!r} can be {names}; kept as written (narrow it with within=...)",
            )
        if best.confidence < self.opts.min_place_confidence:
            return None, Problem(
                "gforms-unknown-place",
                Severity.WARNING,
                f"{text!r} looks only a little like {best.unit.name} ({best.current.code}); "
                "kept as written",
            )
        return best.current.code, None

    def _add_items(
        self,
        row: Row,
        texts: list[str],
        roles: list[str],
        titles: list[str],
        answered: list[int],
        moment: dt.datetime,
    ) -> None:
        def answers(role: str) -> list[tuple[int, str]]:
            return [(i, texts[i]) for i, r in enumerate(roles) if r == role and texts[i]]

        places = [text for _, text in answers("place")]
        groups = tuple(text for _, text in answers("group"))
        reasons = tuple(text for _, text in answers("reason"))
        extra = [("timestamp", moment.isoformat())] + [
            (titles[i - 1], text) for i, text in answers("extra")
        ]
        place_text = ", ".join(places) or None
        unit = None
        if place_text is not None:
            unit, problem = self._place(place_text, moment.date(), self.table.locate(row, 0))
            if problem is not None:
                self.batch.note(problem)
        for column in answered:
            where = self.table.locate(row, column)
            self.batch.add(
                OpinionItem(
                    id=content_id(ID_PREFIX, self.source.sha256, row.number, column),
                    text=texts[column],
                    date=moment.date(),
                    unit=unit,
                    place_text=place_text,
                    channel=self.opts.channel,
                    method=self.opts.method,
                    origin=self.opts.origin,
                    groups=groups,
                    reasons=reasons,
                    source=SourceRef(
                        file=self.source.name,
                        sha256=self.source.sha256,
                        location=where,
                        importer=self.importer.name,
                    ),
                    # attrs types a converter=tuple field loosely; the pairs are (str, str).
                    extra=cast(Any, (("question", titles[column - 1]), *extra)),
                )
            )
