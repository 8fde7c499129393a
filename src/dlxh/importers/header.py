"""The header of a report: who issued it, for which period, where and when.

One recogniser for every importer family: the narrative importers (:mod:`dlxh.importers.narrative`,
Word and text) read it from the first paragraphs, the tabular importers
(:mod:`dlxh.importers.tabular`, xlsx/xls/ods/csv) from the title rows above a sheet's table.
:func:`read_header` takes lines (anything with ``text``, ``location``, ``bold``, ``centered``
and ``style``) and finds, in the order offices write them:

* the national motto and the Party's (skipped);
* the issuing bodies in capitals (``ỦY BAN MTTQ VIỆT NAM`` / ``TỈNH LÂM ĐỒNG`` / ``BAN THƯỜNG
  TRỰC``; a line starting with a place kind continues the name above it): the last name is the
  issuer, those above it the parent;
* the number and symbol (``Số: 12/BC-MTTQ``);
* the place-and-date line (``Lâm Đồng, ngày 04 tháng 11 năm 2026``), before or after the title;
* the document type (``BÁO CÁO``, ``BẢNG TỔNG HỢP``...) or a line in capitals naming a period,
  and the summary lines under it, which hold the period (:func:`period_in`).

:func:`report_unit` resolves the issuing body's unit inside the province its parent names.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from dlxh.errors import Problem, Severity, UnknownPeriodError
from dlxh.model.enums import ReportKind
from dlxh.model.periods import Period

if TYPE_CHECKING:
    from dlxh.units.resolver import UnitMatch

__all__ = [
    "HeaderLine",
    "ReportHeader",
    "Resolver",
    "fold_key",
    "parent_province",
    "period_in",
    "place_phrases",
    "province_of",
    "read_header",
    "report_unit",
]

# -- text helpers ------------------------------------------------------------------------------


def fold_key(text: str) -> str:
    """Lower case, no diacritics, ``đ`` as ``d``, spaces collapsed: the key cues are
    matched on (same length per character is not kept)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(stripped.split())


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\t", " ")
    return " ".join(text.split())


def _words(text: str) -> int:
    return len(text.split())


_SEPARATOR = re.compile(r"^[\s\-–—_=*.·~]+$")


def _is_separator(text: str) -> bool:
    return bool(_SEPARATOR.match(text))


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# -- periods -----------------------------------------------------------------------------------

_ROMAN_Q = r"(?:iv|i{1,3}|[1-4])"
_PERIOD_PATTERNS: tuple[str, ...] = (
    r"tu ngay \d{1,2}[/.-]\d{1,2}(?:[/.-]\d{4})? den (?:ngay )?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}",
    r"(?:6|sau) thang (?:dau|cuoi)(?: nam)?(?:\s*(?:/|nam|-)?\s*\d{4})?",
    rf"quy {_ROMAN_Q}(?:\s*(?:/|nam|-)\s*\d{{4}})?",
    r"tuan (?:thu )?\d{1,2}(?:\s*(?:/|nam|-)\s*\d{4})?",
    r"thang \d{1,2}(?:\s*(?:/|nam|-)\s*\d{4})?",
    r"nam \d{4}",
)
_PERIOD_RE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in _PERIOD_PATTERNS) + r")\b")
_NINE_MONTHS = re.compile(r"\b(?:9|chin) thang(?: dau)?(?: nam)?\s*(?:/|nam|-)?\s*(\d{4})?\b")


def period_in(text: str, *, year: int | None = None) -> Period | None:
    """The reporting period written in a title (``"... tháng 10 năm 2026"``, ``"quý III
    năm 2026"``, ``"6 tháng đầu năm 2026"``, ``"năm 2026"``, ``"9 tháng năm 2026"``), or
    ``None``. ``year`` completes a period written without one (the report's year)."""
    key = fold_key(text)
    nine = _NINE_MONTHS.search(key)
    if nine is not None:
        the_year = int(nine.group(1)) if nine.group(1) else year
        if the_year is None:
            return None
        return Period.ad_hoc(dt.date(the_year, 1, 1), dt.date(the_year, 9, 30),
                             name="9 tháng")
    for match in _PERIOD_RE.finditer(key):
        phrase = match.group(0)
        # "tháng 10 năm 2026": the month pattern matched before the year pattern.
        try:
            return Period.parse(phrase, year=year)
        except UnknownPeriodError:
            continue
    return None


# -- places ------------------------------------------------------------------------------------

_PLACE_KINDS = (
    "thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã",
    "tp.", "tp", "tx.",
)
_PLACE_KIND_RE = re.compile(
    r"(?<![\w])(?P<plural>(?:các|những|hai|ba)\s+)?(?P<kind>"
    + "|".join(re.escape(k) for k in _PLACE_KINDS)
    + r")(?![\w])",
    re.IGNORECASE,
)
_TRAILING = ",.;:!?)]}\"”’"
_JOINERS = {"và", "với", "cùng"}
_ADMIN_KIND = {"tp.": "thành phố", "tp": "thành phố", "tx.": "thị xã"}


def _name_token(token: str) -> bool:
    core = token.strip(_TRAILING + "(\"“‘")
    return bool(core) and (core[0].isupper() or core.isdigit())


def place_phrases(text: str) -> list[str]:
    """Administrative places named in ``text``: a kind word (``xã``, ``phường``, ``đặc
    khu``, ``huyện``, ``quận``, ``thị xã``, ``thành phố``, ``tỉnh``...) followed by a
    capitalised name or a number, as ``"xã Tân Định"``; ``"các xã A, B và C"`` gives one
    phrase per name. Lower-case words after the kind (``xã hội``, ``tỉnh ủy``) are not
    places."""
    out: list[str] = []
    for match in _PLACE_KIND_RE.finditer(text):
        kind_written = match.group("kind")
        kind = _ADMIN_KIND.get(kind_written.lower(), kind_written.lower())
        rest = text[match.end():].split()
        names: list[str] = []
        current: list[str] = []
        plural = match.group("plural") is not None
        for position, token in enumerate(rest):
            if (
                token in {"-", "–"}
                and current
                and position + 1 < len(rest)
                and _name_token(rest[position + 1])
            ):
                current.append("-")
                continue
            if token.lower() in _JOINERS and plural and current:
                names.append(" ".join(current))
                current = []
                continue
            if not _name_token(token) or len(current) >= 8:
                break
            core = token.strip(_TRAILING)
            current.append(core)
            if token != core and token[len(core):][:1] in _TRAILING:
                names.append(" ".join(current))
                current = []
                if not (plural and token.endswith(",")):
                    break
        if current:
            names.append(" ".join(current))
        for name in names:
            phrase = f"{kind} {name}"
            if phrase not in out:
                out.append(phrase)
    return out


# -- header cues -------------------------------------------------------------------------------

_MOTTO_KEYS = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
    "doc lap tu do hanh phuc",
    "doc lap – tu do – hanh phuc",
    "dang cong san viet nam",
)
_NUMBER_RE = re.compile(r"^\s*s[ốỐoO]\s*(?:[:.]\s*|\s)(?P<number>\S.*?)\s*$", re.IGNORECASE)
_DOC_TYPES = ("bao cao", "tong hop", "diem bao", "diem tin", "thong tin nhanh", "ket qua",
              "bang tong hop", "bieu tong hop", "bang thong ke", "danh sach")
_PLACE_LINE_KEY = re.compile(r"^[^,]+,\s*ngay\b")
_INTRO_KEYS = ("thuc hien ", "can cu ", "tiep nhan ", "duoi day")
"""How the introduction under the title starts (*Thực hiện Kế hoạch số...*)."""
_BODY_START_KEYS = (*_INTRO_KEYS, "theo ", "qua nam bat", "trong thang", "trong quy",
                    "trong tuan", "trong ky", "nhin chung")
"""Lines that end the summary under the title: the body has begun."""


def _motto_key(key: str) -> str:
    return " ".join(re.sub(r"[-–—,]", " ", key).split())


_MOTTOS = tuple(_motto_key(m) for m in _MOTTO_KEYS)


def _is_motto(key: str) -> bool:
    return _motto_key(key).startswith(_MOTTOS)


def _is_doc_type(key: str) -> bool:
    return any(key == t or key.startswith((t + " ", t + ":")) for t in _DOC_TYPES)


_PLACE_START = tuple(fold_key(k) + " " for k in _PLACE_KINDS if not k.startswith(("tp", "tx")))


def _names_from_lines(lines: Sequence[str]) -> list[list[str]]:
    """Group header lines into names: a line that starts with a place kind (``TỈNH LÂM
    ĐỒNG``) goes on the name above it."""
    names: list[list[str]] = []
    for line in lines:
        if names and fold_key(line).startswith(_PLACE_START):
            names[-1].append(line)
        else:
            names.append([line])
    return names


_KINDS: tuple[tuple[ReportKind, tuple[str, ...]], ...] = (
    (ReportKind.QUICK, ("bao cao nhanh", "thong tin nhanh")),
    (ReportKind.AD_HOC, ("dot xuat",)),
    (ReportKind.VOTER_PETITIONS, ("kien nghi cua cu tri", "y kien, kien nghi cua cu tri",
                                  "y kien cu tri")),
    (ReportKind.MEDIA_DIGEST, ("diem bao", "diem tin", "bao chi, mang xa hoi",
                               "du luan tren mang xa hoi")),
    (ReportKind.SURVEY_RESULTS, ("ket qua dieu tra", "ket qua khao sat")),
    (ReportKind.THEMATIC, ("chuyen de",)),
    (ReportKind.PEOPLE_SITUATION, ("tinh hinh nhan dan",)),
    (ReportKind.OPINION_SITUATION, ("tu tuong", "du luan xa hoi")),
    (ReportKind.SYNTHESIS, ("tong hop",)),
)


_TABLE_TITLE = re.compile(r"^(?:bang|bieu) (?:tong hop|thong ke)\s*")
"""A table's title (*Bảng tổng hợp ý kiến... tháng 10*) lists the period's items: it is the
sender's periodic report, not a synthesis report, unless other words say which kind."""


def _report_kind(title_key: str, period: Period | None) -> ReportKind:
    title_key = _TABLE_TITLE.sub("", title_key)
    for kind, cues in _KINDS:
        if any(cue in title_key for cue in cues):
            return kind
    return ReportKind.PERIODIC if period is not None else ReportKind.OPINION_SITUATION



# -- the header --------------------------------------------------------------------------------

HEADING_STYLE = re.compile(r"^(?:heading|tiêu đề|tieu de|title)\s*(?P<level>\d)?", re.I)
"""Paragraph style names of headings (Word's *Heading 1*...; a level digit makes it a section
heading)."""


class Line(Protocol):
    """What :func:`read_header` reads of a line (a paragraph, a title cell)."""

    @property
    def text(self) -> str: ...

    @property
    def location(self) -> str: ...

    @property
    def bold(self) -> bool: ...

    @property
    def centered(self) -> bool: ...

    @property
    def style(self) -> str: ...


@attrs.frozen
class HeaderLine:
    """A line of title text outside a document, such as a title cell above a table."""

    text: str
    location: str
    bold: bool = False
    centered: bool = False
    style: str = ""


@attrs.define
class ReportHeader:
    """What :func:`read_header` found; ``end`` is the index of the first line after it."""

    issuer_lines: list[str] = attrs.Factory(list)
    number: str | None = None
    place: str | None = None
    issued_on: dt.date | None = None
    doc_type: str | None = None
    summary_lines: list[str] = attrs.Factory(list)
    end: int = 0
    place_location: str = ""
    problems: list[Problem] = attrs.Factory(list)
    """Doubts met on the way (``report-date-missing``)."""

    @property
    def found(self) -> bool:
        """Whether any part of a report's header was recognised."""
        return bool(self.issuer_lines or self.doc_type or self.number or self.place
                    or self.issued_on)

    def names(self) -> list[list[str]]:
        """The issuing bodies' names, each as its lines."""
        return _names_from_lines(self.issuer_lines)

    @property
    def issuer(self) -> str | None:
        """The last name in the header (lines joined with a line break)."""
        names = self.names()
        return "\n".join(names[-1]) if names else None

    @property
    def issuer_parent(self) -> str | None:
        """The names above the issuer (lines joined with a line break)."""
        names = self.names()
        return "\n".join(line for name in names[:-1] for line in name) or None

    @property
    def summary(self) -> str:
        """The lines under the document type, joined."""
        return " ".join(self.summary_lines)

    def period(self) -> Period | None:
        """The reporting period of the title (a period without its year takes the year of
        the report's date)."""
        year = self.issued_on.year if self.issued_on else None
        found = period_in(self.summary, year=year) if self.summary else None
        return found or period_in(self.doc_type or "", year=year)

    @property
    def title(self) -> str:
        """The document type and the summary (``Báo cáo tình hình... tháng 10``)."""
        doc_type, summary = self.doc_type or "", self.summary
        title = " ".join(p for p in (doc_type, summary) if p).strip()
        if doc_type and summary and _is_upper(doc_type):
            title = f"{doc_type[:1]}{doc_type[1:].lower()} {summary[:1].lower()}{summary[1:]}"
        return title

    def kind(self, period: Period | None) -> ReportKind:
        """The report's kind from the words of its title (periodic when only a period)."""
        return _report_kind(fold_key(f"{self.doc_type or ''} {self.summary}"), period)

    def title_problems(self, period: Period | None, first: str, last: str) -> list[Problem]:
        """``report-period-unknown`` and ``report-title-missing`` (``first`` and ``last``:
        the locations of the header's first and last lines)."""
        doc_type, summary = self.doc_type or "", self.summary
        out: list[Problem] = []
        if period is None and (summary or doc_type):
            out.append(Problem(
                "report-period-unknown", Severity.WARNING,
                f"no reporting period in the title {(doc_type + ' ' + summary).strip()!r}",
                last,
            ))
        if not doc_type and not summary:
            out.append(Problem(
                "report-title-missing", Severity.WARNING,
                "no document type (BÁO CÁO...) in the header; the report has no title",
                first,
            ))
        return out


def _mostly_upper(text: str) -> bool:
    """Capitals but for a letter or two (a legacy font's capital typed in lower case)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if c.isupper()) >= 0.9 * len(letters)


def _place_line(head: ReportHeader, line: Line) -> None:
    from dlxh.text.dates import UnreadableDateError, place_and_date

    head.place_location = line.location
    try:
        place, day = place_and_date(line.text)
    except UnreadableDateError:
        head.place = line.text.split(",", 1)[0].strip() or None
        head.problems.append(Problem(
            "report-date-missing", Severity.WARNING,
            f"the place-and-date line {line.text!r} has no readable date; "
            "the report and its items have no date",
            line.location,
        ))
        return
    head.place, head.issued_on = place, day


def _is_place_line(head: ReportHeader, key: str) -> bool:
    return bool(_PLACE_LINE_KEY.match(key)) and head.issued_on is None and head.place is None


def read_header(
    lines: Sequence[Line],
    *,
    body_starts: Callable[[Any], bool] | None = None,
    limit: int = 40,
    titles_only: bool = False,
) -> ReportHeader:
    """Read the header at the top of ``lines`` (see the module's description).

    ``body_starts`` tells a line that opens the body (a numbered section heading); the
    header stops there. With ``titles_only`` (the title rows above a table, where no body
    follows), a line that is no part of a header (*Biểu số 01*, a note) is passed over
    instead of ending the header. The lines are expected clean (NFC, spaces collapsed, no
    empty ones).
    """
    head = ReportHeader()
    starts = body_starts or (lambda _line: False)
    stop = min(len(lines), limit)
    index = 0
    while index < stop:
        line = lines[index]
        text = line.text
        key = fold_key(text)
        if _is_separator(text) or _is_motto(key):
            index += 1
            continue
        number = _NUMBER_RE.match(text)
        if (
            number is not None
            and head.number is None
            and _words(text) <= 6
            and any(c.isdigit() or c == "/" for c in number.group("number"))
        ):
            head.number = number.group("number")
            index += 1
            continue
        if _is_place_line(head, key):
            _place_line(head, line)
            index += 1
            continue
        if _is_doc_type(key) and (line.centered or line.bold or _mostly_upper(text)
                                  or _words(text) <= 12):
            head.doc_type = text
            index += 1
            break
        if starts(line):
            break
        if _is_upper(text) and _words(text) <= 30 and period_in(text) is not None:
            # A title in capitals that names its period (Ý KIẾN CỬ TRI THÁNG 10/2026): no
            # issuing body's name holds a period.
            head.doc_type = text
            index += 1
            break
        if _is_upper(text) and _words(text) <= 14:
            head.issuer_lines.append(text)
            index += 1
            continue
        if titles_only:
            index += 1
            continue
        break
    if head.doc_type is None:
        # No document type: the header is what was read before the body starts.
        head.end = index
        return head
    # The summary (trích yếu): the lines under the document type, up to a separator or the
    # first line of the body. The place-and-date line may come here too (in a table's title
    # rows it often does).
    while index < len(lines) and len(head.summary_lines) < 3:
        line = lines[index]
        text = line.text
        key = fold_key(text)
        if _is_separator(text):
            index += 1
            if head.summary_lines:
                break
            continue
        if _is_place_line(head, key):
            _place_line(head, line)
            index += 1
            continue
        heading_style = HEADING_STYLE.match(line.style) if line.style else None
        if (
            starts(line)
            or (heading_style is not None and heading_style.group("level"))
            or key.startswith(_BODY_START_KEYS)
            or _words(text) > 30
            or (head.summary_lines and not (line.centered or line.bold)
                and not text[:1].islower())
        ):
            break
        head.summary_lines.append(text)
        index += 1
    head.end = index
    if titles_only:
        for line in lines[index:stop]:
            if _is_place_line(head, fold_key(line.text)):
                _place_line(head, line)
        head.end = len(lines)
    return head


# -- the report's unit -------------------------------------------------------------------------

Resolver = Callable[[str, dt.date | None, str | None], "list[UnitMatch]"]
"""``resolve(text, as_of, within)``: readings of a place, best first (the session's
``resolve_unit``)."""


def _firm(matches: Sequence[UnitMatch]) -> UnitMatch | None:
    if not matches:
        return None
    best = matches[0]
    runner = matches[1].confidence if len(matches) > 1 else 0.0
    if best.confidence >= 0.4 and best.confidence - runner >= 0.1:
        return best
    return None


def province_of(code: str | None, as_of: dt.date | None) -> str | None:
    """The code of the province holding unit ``code`` on ``as_of``, or ``None``."""
    if code is None:
        return None
    from dlxh.units.catalog import catalog

    try:
        return catalog(as_of).province_of(code).code
    except Exception:  # a code the catalog does not hold on that date
        return None


def parent_province(
    header: ReportHeader, resolve: Resolver, *, as_of: dt.date | None
) -> str | None:
    """The province that the names above the issuer give (*ỦY BAN MTTQ VIỆT NAM TỈNH LAI
    CHÂU*), or ``None``."""
    names = header.names()
    parent = [p for name in names[:-1] for line in name for p in place_phrases(line)]
    if not parent:
        return None
    found = _firm(resolve(", ".join(reversed(parent)), as_of, None))
    return province_of(found.current.code, as_of) if found is not None else None


def report_unit(
    header: ReportHeader,
    resolve: Resolver,
    *,
    as_of: dt.date | None,
    within: str | None = None,
    location: str = "",
) -> tuple[str | None, Problem | None]:
    """The unit of the body that issued the report, with a ``report-unit-unknown`` warning
    when none is found.

    The place kinds in the issuer's name (*XÃ MƯỜNG KIM*) are resolved inside the province
    that the parent's name gives (*ỦY BAN MTTQ VIỆT NAM TỈNH LAI CHÂU*), or ``within`` when
    given; then the names together (*xã HIỆP THẠNH, huyện ĐỨC TRỌNG, tỉnh LÂM ĐỒNG*), then
    the place of the place-and-date line inside that province.
    """
    names = header.names()
    issuer = [p for line in (names[-1] if names else []) for p in place_phrases(line)]
    parent = [p for name in names[:-1] for line in name for p in place_phrases(line)]
    province = within or parent_province(header, resolve, as_of=as_of)
    candidates: list[tuple[str, str | None]] = []
    if issuer:
        candidates.append((", ".join(reversed(issuer)), province))
    elif header.place and province is not None:
        # An issuer without a place of its own (BAN THƯỜNG TRỰC, a name damaged by a legacy
        # font): the place-and-date line says where it sits.
        candidates.append((header.place, province))
    if parent or issuer:
        candidates.append((", ".join(reversed(parent + issuer)) if issuer else
                           ", ".join(reversed(parent)), within))
    if header.place:
        candidates.append((header.place, province))
    for text, inside in candidates:
        found = _firm(resolve(text, as_of, inside))
        if found is not None:
            return found.current.code, None
    return None, Problem(
        "report-unit-unknown", Severity.WARNING,
        "the header names no place that resolves to one administrative unit "
        f"({(' '.join(header.issuer_lines) or header.place or 'no issuer')!r}); "
        "pass unit=... to set it",
        location,
    )
