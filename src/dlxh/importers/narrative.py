"""Reading a narrative report (a Word document or a text file) into records.

The importers turn their file into a sequence of :class:`Paragraph` (text, place, style);
:func:`parse_narrative` reads that sequence the way a person reads the report:

1. **Header**, before the title: the parent body and the issuing body (``ỦY BAN MTTQ VIỆT
   NAM`` / ``TỈNH LÂM ĐỒNG`` / ``BAN THƯỜNG TRỰC``), the national motto (skipped), the number
   and symbol (``Số: 12/BC-MTTQ``), the place-and-date line, then the document type
   (``BÁO CÁO``) and the summary line that holds the period (``tháng 10 năm 2026``,
   ``quý III năm 2026``, ``6 tháng đầu năm 2026``, ``năm 2026``).
2. **Body**, in sections by their numbering: ``I.`` (level 1), ``1.`` (2), ``1.1.`` (3),
   ``a)`` (4); Word heading styles count as numbering. Bullets (``-``, ``+``, ``*``, ``•``)
   are statements, or sub-headings when short and ending with a colon.
3. **Closing**: the boilerplate ``Trên đây là báo cáo...``, recipients after ``Nơi nhận:``
   and the signature block (``TM.``, ``KT.``, the signer's title and name).

The rule for records (``accepted + rejected == seen``): the report itself is one record; in
a section about opinion, every *statement* is one record, an :class:`OpinionItem`; in a
section of recommendations (its title starts with *kiến nghị*, *đề xuất* or *đề nghị*),
every paragraph is one :class:`Recommendation`. A paragraph is split into statements where
a sentence opens with a breadth word (``Tuy nhiên, một bộ phận...``). A paragraph that holds
no opinion cue at all (no breadth word, stance, mood, nor words such as *ý kiến*, *cho
rằng*, *phản ánh*) is section text and not a record; it stays in
:attr:`Section.paragraphs <dlxh.model.Section.paragraphs>`. Sections about the work done or
the next period (*công tác nắm bắt*, *định hướng*, *nhiệm vụ*...) hold no records. A
statement whose text is damaged beyond reading, or longer than
:data:`MAX_STATEMENT_CHARS`, is rejected with a problem of severity error.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from dlxh.batch import ImportBatch
from dlxh.errors import FormatError, Problem, Severity
from dlxh.importers.header import (
    _INTRO_KEYS,
    HEADING_STYLE,
    ReportHeader,
    Resolver,
    _clean,
    _is_doc_type,
    _is_separator,
    _is_upper,
    _words,
    fold_key,
    period_in,
    place_phrases,
    province_of,
    read_header,
    report_unit,
)
from dlxh.model.enums import Breadth, CompetentLevel
from dlxh.model.ids import content_id
from dlxh.model.opinions import OpinionItem, Recommendation
from dlxh.model.reports import Report, Section
from dlxh.model.sources import SourceRef

if TYPE_CHECKING:
    from dlxh.classifiers.lexicon import Analysis, LexiconClassifier
    from dlxh.session import Session
    from dlxh.units.resolver import UnitMatch

__all__ = [
    "MAX_STATEMENT_CHARS",
    "Paragraph",
    "fold_key",
    "options_from",
    "parse_narrative",
    "period_in",
    "place_phrases",
]

MAX_STATEMENT_CHARS = 10_000
"""A statement longer than this is rejected (``statement-too-long``): it is a paste of a
whole document into one paragraph, not something a person reads as one opinion."""

_DAMAGED_SHARE = 0.2
"""A statement whose words are damaged (replacement or control characters) above this share
is rejected (``statement-unreadable``); below it, kept with a warning."""


@attrs.frozen
class Paragraph:
    """One paragraph of a narrative report, as an importer hands it to the parser.

    ``location`` is where a person finds it (``"paragraph 14"``, ``"page 2, paragraph 14"``,
    ``"table 1, row 3"``, ``"line 7"``); ``index`` its position in the document (for stable
    ids). ``style`` is the paragraph style name when known (``"Heading 1"``), ``bold`` and
    ``centered`` its look, ``list_level`` the level of a Word list paragraph (automatic
    numbering or bullets, whose marker is not in the text). ``fields`` holds the other cells
    of a row of an item table, as ``(column header, value)`` pairs: such a paragraph is
    always a record.
    """

    text: str
    location: str
    index: int
    style: str = ""
    bold: bool = False
    centered: bool = False
    list_level: int | None = None
    fields: tuple[tuple[str, str], ...] = ()
    part: int = 0
    """The line within the paragraph (a soft line break splits a paragraph into parts)."""


# The header cues, periods and place phrases live in dlxh.importers.header (shared with the
# tabular importers); their public names are re-exported here.


# -- closing cues ------------------------------------------------------------------------------

_SIGNER_PREFIX = re.compile(r"^(?:tm|kt|tl|tuq|q|t/m)\s*\.?\s+\S")
_SIGNER_TITLES = (
    "chu tich", "pho chu tich", "truong ban", "pho truong ban", "bi thu", "pho bi thu",
    "uy vien", "thuong truc", "giam doc", "truong phong", "chanh van phong",
    "ban thuong truc", "nguoi bao cao", "nguoi lap bieu", "nguoi viet bao cao",
)
_SIGN_NOTES = ("(da ky", "(ky ", "(ky,", "(ky)", "(ky ten", "da ky", "[da ky")
_BOILERPLATE = (
    "tren day la bao cao", "tren day la tinh hinh", "tren day la ket qua",
    "kinh bao cao", "xin kinh bao cao", "tran trong bao cao",
)


def _is_signer_title(text: str, key: str) -> bool:
    if _SIGNER_PREFIX.match(key):
        return True
    return _is_upper(text) and _words(text) <= 8 and any(
        key == t or key.startswith(t + " ") for t in _SIGNER_TITLES
    )


def _is_person_name(text: str) -> bool:
    parts = text.split()
    return (
        2 <= len(parts) <= 6
        and all(p[:1].isupper() and p.isalpha() for p in parts)
        and not _is_doc_type(fold_key(text))
    )


# -- sections ----------------------------------------------------------------------------------

_ROMAN_HEAD = re.compile(
    r"^(?:PHẦN\s+|Phần\s+)?(?P<num>(?=[IVXL])X{0,3}(?:IX|IV|V?I{0,3}))\s*[.\-–)/:]\s*(?P<rest>.*)$"
)
_DOTTED_HEAD = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<rest>\S.*)$")
_ARABIC_HEAD = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s*(?!\d)(?P<rest>\S.*)$")
_LETTER_HEAD = re.compile(r"^(?P<num>[a-zđ])\s*[).]\s+(?P<rest>\S.*)$")
_BULLET = re.compile(r"^(?P<num>[-–—+*•·▪◦○●►✓])\s*(?P<rest>\S.*)$")
_BULLET_LEVEL = {"+": 6, "◦": 6, "○": 6}
_HEADING_STYLE = HEADING_STYLE


@attrs.define
class _Marker:
    number: str
    rest: str
    level: int
    bullet: bool


def _marker(para: Paragraph, text: str) -> _Marker | None:
    for regex, level in ((_ROMAN_HEAD, 1), (_DOTTED_HEAD, 3), (_ARABIC_HEAD, 2),
                         (_LETTER_HEAD, 4)):
        match = regex.match(text)
        if match is not None and match.group("num"):
            number = match.group("num")
            if regex is _DOTTED_HEAD:
                level = 2 + number.count(".")
            suffix = text[match.start("num") + len(number):match.start("rest")].strip()
            return _Marker(number + (suffix[:1] if suffix else ""), match.group("rest"), level,
                           False)
    match = _BULLET.match(text)
    if match is not None:
        return _Marker(match.group("num"), match.group("rest"), _BULLET_LEVEL.get(
            match.group("num"), 5), True)
    if para.list_level is not None:
        return _Marker("", text, 5 + para.list_level, True)
    return None


class _Mode:
    OPINION = "opinion"
    RECOMMENDATION = "recommendation"
    NOTES = "notes"


_RECOMMENDATION_START = ("kien nghi", "de xuat", "de nghi")
_NOTES_CUES = (
    "dinh huong", "phuong huong", "nhiem vu", "ky toi", "thoi gian toi", "cong tac nam bat",
    "ket qua thuc hien", "to chuc thuc hien", "danh gia cong tac", "phu luc", "giai phap",
    "ket qua cong tac", "hoat dong cua",
)
_TITLE_LEAD = re.compile(r"^(?:ve|mot so|cac|nhung)\s+")


def _mode_of(title: str, inherited: str) -> str:
    key = _TITLE_LEAD.sub("", _TITLE_LEAD.sub("", fold_key(title)))
    if key.startswith(_RECOMMENDATION_START):
        return _Mode.RECOMMENDATION
    if any(cue in key for cue in _NOTES_CUES):
        return _Mode.NOTES
    return inherited


_LEVEL_CUES: tuple[tuple[CompetentLevel, tuple[str, ...]], ...] = (
    (CompetentLevel.CENTRAL, ("trung uong", "quoc hoi", "chinh phu", "cac bo", "bo, nganh",
                              "bo nganh", "thu tuong")),
    (CompetentLevel.PROVINCE, ("tinh", "thanh pho", "cac so", "so, nganh")),
    (CompetentLevel.COMMUNE, ("cap xa", "xa", "phuong", "dac khu", "co so", "dia phuong")),
)


_CENTRAL_BODIES = ("bo ", "chinh phu", "quoc hoi", "thu tuong", "ngan hang nha nuoc",
                   "trung uong", "tong cuc", "cuc ")


def _level_of_heading(title: str) -> CompetentLevel | None:
    """The competent level a heading of the recommendations names (``Đối với Trung
    ương``, ``Kiến nghị với tỉnh``, ``Đề nghị UBND xã``)."""
    key = fold_key(title).replace("xa hoi", "")
    if key.startswith(_CENTRAL_BODIES):
        return CompetentLevel.CENTRAL
    for level, cues in _LEVEL_CUES:
        if any(re.search(rf"\b{re.escape(cue)}\b", key) for cue in cues):
            return level
    return None


_BODY_RE = re.compile(
    r"(?:đề nghị|kiến nghị|đề xuất)(?:\s+(?:với|lên))?\s+"
    r"(?P<body>(?:UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|Bộ|Sở|"
    r"Chính phủ|Quốc hội|Thủ tướng|Ngân hàng|Công an|Ban|Trung ương|Tòa án|Viện kiểm sát|"
    r"Điện lực|Thanh tra|Cục|Tổng cục)[^,.;:]*?)"
    r"(?=\s+(?:sớm|có|quan tâm|chỉ đạo|xem xét|nghiên cứu|tăng cường|kiểm tra|giải quyết|"
    r"xử lý|ban hành|bổ sung|điều chỉnh|hỗ trợ|đầu tư|cần|tiếp tục|thực hiện|công khai|"
    r"rà soát|cho|khẩn trương|nâng|hướng dẫn|tăng|giảm|bố trí|tạo|mở|làm|triển khai|"
    r"phối hợp|đẩy mạnh|quy định|ưu tiên|dành|giao|sửa|thành lập|tổ chức|đôn đốc|chấn chỉnh|"
    r"thu hồi|bồi thường|trả lời|giải ngân|lắp đặt|duy tu|cải tạo|kiên quyết|quyết liệt|"
    r"nhanh chóng|đảm bảo|bảo đảm|không|được|phải|miễn|gia hạn|kéo dài|cấp phát|cung cấp)\b"
    r"|[,.;:]|$)",
    re.IGNORECASE,
)


def _body_of(text: str) -> str | None:
    match = _BODY_RE.search(text)
    return match.group("body").strip() if match else None


# -- statements --------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]*[^\W\d_])")
_NO_SPLIT_AFTER = frozenset({
    "tp", "tx", "tt", "p", "q", "h", "ths", "ts", "gs", "pgs", "bs", "st", "v.v", "số", "ông",
    "bà", "tr", "k", "đ", "n",
})
_CONNECTIVES = re.compile(
    r"^(?:tuy nhien|ben canh do|ngoai ra|song|mat khac|dong thoi|nhung|trong khi do|"
    r" ben canh|them vao do|con|rieng)\s*,?\s*"
)
_REASON_START = ("nguyen nhan", "ly do", "do ", "vi ", "boi ")
_OPINION_WORDS = (
    "y kien", "cho rang", "phan anh", "quan tam", "du luan", "de nghi", "kien nghi",
    "mong muon", "mong", "lo ngai", "lo lang", "ban khoan", "tin tuong", "phan khoi",
    "dong tinh", "ung ho", "buc xuc", "bat binh", "hoai nghi", "phan doi", "trong doi",
    "de xuat", "nhan dan", "nguoi dan", "cu tri", "dan cu",
)


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()].split()
        last = before[-1].rstrip(".!?…").lower() if before else ""
        if last in _NO_SPLIT_AFTER or (len(last) == 1 and last.isalpha()):
            continue
        out.append(text[start:match.start()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _damaged_share(text: str) -> float:
    if "\ufffd" not in text and text.isprintable():
        return 0.0
    words = text.split()
    if not words:
        return 1.0
    bad = sum(
        1 for w in words
        if "\ufffd" in w or any(unicodedata.category(c) in {"Cc", "Cs", "Co"} for c in w)
    )
    return bad / len(words)


# -- the parser --------------------------------------------------------------------------------


@attrs.define
class _SectionBuilder:
    number: str
    title: str
    level: int
    mode: str
    competent_level: CompetentLevel | None = None
    paragraphs: list[str] = attrs.Factory(list)
    item_ids: list[str] = attrs.Factory(list)
    children: list[_SectionBuilder] = attrs.Factory(list)

    def build(self) -> Section:
        # Any: mypy cannot type attrs' converter=tuple (the model's fields).
        ids: Any = tuple(self.item_ids)
        return Section(
            title=self.title,
            number=self.number,
            paragraphs=tuple(self.paragraphs),
            item_ids=ids,
            subsections=tuple(child.build() for child in self.children),
        )

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


@attrs.define
class _Parser:
    batch: ImportBatch
    paragraphs: list[Paragraph]
    source: SourceRef
    resolve: Resolver | None
    classifier: LexiconClassifier
    unit: str | None
    within: str | None
    as_of: dt.date | None
    report_id: str = ""
    report_date: dt.date | None = None
    item_date: dt.date | None = None
    province: str | None = None
    items: list[OpinionItem] = attrs.Factory(list)
    recommendations: list[Recommendation] = attrs.Factory(list)
    annex: _SectionBuilder | None = None
    _analyses: dict[str, Analysis] = attrs.Factory(dict)
    _place_cache: dict[str, tuple[str | None, Problem | None]] = attrs.Factory(dict)

    # -- header ----------------------------------------------------------------------------

    def header(self) -> ReportHeader:
        head = read_header(self.paragraphs, body_starts=lambda p: _marker(p, p.text) is not None)
        for problem in head.problems:
            self.batch.note(problem)
        return head

    # -- places ----------------------------------------------------------------------------

    def place_unit(self, phrase: str, location: str) -> tuple[str | None, Problem | None]:
        """The unit code a place phrase names on the report's date, or a warning."""
        if self.resolve is None:
            return None, None
        if phrase in self._place_cache:
            unit, problem = self._place_cache[phrase]
            return unit, None if problem is None else attrs.evolve(problem, location=location)
        matches = self._matches(phrase)
        result: tuple[str | None, Problem | None]
        if not matches:
            result = None, Problem(
                "place-unresolved", Severity.WARNING,
                f"{phrase!r} names no administrative unit known on {self._date_text()}",
                location,
            )
        elif len(matches) > 1 and _in_force(matches[0]) == _in_force(matches[1]) and (
            matches[0].confidence < 0.4
            or matches[0].confidence - matches[1].confidence < 0.1
        ):
            names = ", ".join(f"{m.unit.name} ({m.unit.code})" for m in matches[:3])
            result = None, Problem(
                "place-ambiguous", Severity.WARNING,
                f"{phrase!r} could be several units: {names}; give the report's unit "
                "(unit=...) or the province (within=...) to decide",
                location,
            )
        else:
            result = matches[0].current.code, None
        self._place_cache[phrase] = result
        return result

    def _matches(self, text: str) -> list[UnitMatch]:
        """Readings of ``text`` inside the report's province, best first; all readings when
        none is inside it. Both the narrowed and the open search are asked, and filtered
        here, so that a reading the narrowed search misses is still found."""
        if self.resolve is None:
            return []
        if self.province is None:
            return self.resolve(text, self.as_of, None)
        found = {
            (m.current.code, m.unit.code): m
            for m in (*self.resolve(text, self.as_of, self.province),
                      *self.resolve(text, self.as_of, None))
        }
        # A unit in force on the date comes before a former unit read by similarity.
        everything = sorted(found.values(), key=lambda m: (not _in_force(m), -m.confidence))
        inside = [m for m in everything if self._province_code(m.current.code) == self.province]
        return inside or everything

    def _province_code(self, code: str) -> str | None:
        return province_of(code, self.as_of)

    def _date_text(self) -> str:
        return self.as_of.isoformat() if self.as_of else "today"

    def report_unit(self, header: ReportHeader) -> str | None:
        if self.unit is not None:
            return self.unit
        if self.resolve is None:
            return None
        code, problem = report_unit(
            header, self.resolve, as_of=self.as_of, within=self.within,
            location=self.paragraphs[0].location if self.paragraphs else "",
        )
        if problem is not None:
            self.batch.note(problem)
        return code

    def province_of(self, code: str | None) -> str | None:
        if self.within is not None:
            return self.within
        if code is None:
            return None
        return self._province_code(code)

    # -- body ------------------------------------------------------------------------------

    def run(self) -> Report:
        header = self.header()
        self.report_date = self.as_of = self.as_of or header.issued_on
        summary = header.summary
        period = header.period()
        for problem in header.title_problems(
            period,
            self.paragraphs[0].location if self.paragraphs else "",
            self.paragraphs[header.end - 1].location if header.end else "",
        ):
            self.batch.note(problem)
        if self.as_of is None and period is not None:
            self.as_of = period.end
        self.item_date = header.issued_on
        if period is not None and (self.item_date is None or self.item_date > period.end):
            self.item_date = period.end
        issuer = header.issuer
        parent = header.issuer_parent
        report_unit = self.report_unit(header)
        self.unit = report_unit
        self.province = self.province_of(report_unit)
        kind = header.kind(period)

        root = _SectionBuilder("", "", 0, _Mode.OPINION)
        body_end = self.closing_start(header.end)
        recipients, signer_title, signer_name = self.closing(body_end)
        intro = self.body(root, header.end, body_end)
        if self.annex is not None:
            root.children.append(self.annex)

        title = header.title
        sections = [child.build() for child in root.children]
        if root.paragraphs or root.item_ids:
            ids: Any = tuple(root.item_ids)
            sections.insert(0, Section(title="", paragraphs=tuple(root.paragraphs),
                                       item_ids=ids))
        return Report(
            id=self.report_id,
            kind=kind,
            title=title or kind.label,
            period=period,
            unit=report_unit,
            issuer=issuer,
            issuer_parent=parent,
            number=header.number,
            place=header.place,
            issued_on=header.issued_on,
            summary=summary or (" ".join(intro) if intro else None),
            sections=tuple(sections),
            item_ids=tuple(i.id for i in self.items),
            recommendation_ids=tuple(r.id for r in self.recommendations),
            recipients=tuple(recipients),
            signer_title="\n".join(signer_title) or None,
            signer_name=signer_name,
            source=attrs.evolve(self.source, location=self.paragraphs[0].location
                                if self.paragraphs else ""),
        )

    def closing_start(self, start: int) -> int:
        """Where the body ends and the closing (boilerplate, recipients, signature) starts."""
        for index in range(start, len(self.paragraphs)):
            para = self.paragraphs[index]
            key = fold_key(para.text)
            if para.fields:
                continue
            if (
                key.startswith("noi nhan")
                or key.startswith(_BOILERPLATE)
                or _is_signer_title(para.text, key)
            ):
                return index
        return len(self.paragraphs)

    def closing(self, start: int) -> tuple[list[str], list[str], str | None]:
        recipients: list[str] = []
        titles: list[str] = []
        name: str | None = None
        in_recipients = False
        annex_from: int | None = None
        for index in range(start, len(self.paragraphs)):
            para = self.paragraphs[index]
            for line in para.text.split("\n"):
                line = line.strip()
                key = fold_key(line)
                if not line:
                    continue
                if key.startswith("noi nhan"):
                    in_recipients = True
                    rest = line.split(":", 1)[1].strip() if ":" in line else ""
                    recipients.extend(_recipient_list(rest))
                    continue
                if key.startswith("phu luc") and _is_upper(line):
                    annex_from = index
                    break
                if _is_signer_title(line, key):
                    titles.append(line)
                    in_recipients = False
                    continue
                if key.startswith(_SIGN_NOTES) or key.startswith(_BOILERPLATE):
                    continue
                if in_recipients and _BULLET.match(line):
                    recipients.extend(_recipient_list(line))
                    continue
                if titles and name is None and _is_person_name(line):
                    name = line
                    continue
                if in_recipients and not titles:
                    recipients.extend(_recipient_list(line))
            if annex_from is not None:
                break
        if annex_from is not None:
            annex = _SectionBuilder("", self.paragraphs[annex_from].text, 1, _Mode.NOTES)
            self.annex = annex
            for para in self.paragraphs[annex_from + 1:]:
                annex.paragraphs.append(para.text)
        return recipients, titles, name

    def body(self, root: _SectionBuilder, start: int, end: int) -> list[str]:
        """Read the body into sections and records; returns the intro paragraphs."""
        stack = [root]
        intro: list[str] = []
        seen_section = False
        for index in range(start, end):
            para = self.paragraphs[index]
            text = para.text
            if not text or _is_separator(text):
                continue
            key = fold_key(text)
            if key.startswith(_BOILERPLATE) and _words(text) <= 25:
                continue
            marker = _marker(para, text)
            heading = self.heading(para, marker)
            if heading is not None:
                number, title, level, rest = heading
                while stack[-1].level >= level and len(stack) > 1:
                    stack.pop()
                parent = stack[-1]
                mode = _mode_of(title, parent.mode)
                section = _SectionBuilder(
                    number, title, level, mode,
                    competent_level=_level_of_heading(title) if mode == _Mode.RECOMMENDATION
                    else None,
                )
                if section.competent_level is None:
                    section.competent_level = parent.competent_level
                parent.children.append(section)
                stack.append(section)
                seen_section = True
                if rest:
                    self.content(section, para, rest, rest)
                continue
            if not seen_section and not para.fields and (
                (key.startswith(_INTRO_KEYS) and self._analysis(text).get("breadth") is None)
                or text.rstrip().endswith(("như sau:", "như sau"))
            ):
                intro.append(text)
                continue
            # The list marker ("-", "a)", "2.") is layout, not part of the statement.
            body_text = marker.rest if marker is not None else text
            self.content(stack[-1], para, body_text, text)
        return intro

    def heading(
        self, para: Paragraph, marker: _Marker | None
    ) -> tuple[str, str, int, str] | None:
        """``(number, title, level, rest)`` when the paragraph is a section heading; ``rest``
        is a statement written after the heading's colon on the same line."""
        if para.fields:
            return None
        text = para.text
        style = _HEADING_STYLE.match(para.style) if para.style else None
        if marker is None:
            if style is not None and style.group("level"):
                return "", text.rstrip(":"), int(style.group("level")), ""
            return None
        title = marker.rest
        rest = ""
        head, colon, after = title.partition(":")
        if colon and _words(after) >= 4 and _words(head) <= 12:
            title, rest = head.strip(), after.strip()
        words = _words(title)
        ends_open = not title.rstrip().endswith((".", ";"))
        if marker.bullet:
            is_heading = (title.rstrip().endswith(":") and words <= 12 and not rest) or (
                style is not None
            )
            if not is_heading:
                return None
            return "", title.strip().rstrip(":"), marker.level, ""
        is_heading = (
            style is not None
            or (marker.level == 1 and words <= 40)
            or (ends_open and words <= 20)
            or (para.bold and words <= 30)
            or bool(rest)
        )
        if not is_heading:
            return None
        return marker.number, title.strip().rstrip(":").strip(), marker.level, rest

    def content(
        self, section: _SectionBuilder, para: Paragraph, text: str, written: str
    ) -> None:
        section.paragraphs.append(written)
        if section.mode == _Mode.NOTES:
            return
        if section.mode == _Mode.RECOMMENDATION:
            self.recommendation(section, para, text)
            return
        statements = self.statements(_unquoted(text), forced=bool(para.fields))
        for number, (sentence_no, statement) in enumerate(statements):
            location = para.location
            if len(statements) > 1:
                location = f"{para.location}, sentence {sentence_no}"
            self.item(section, para, number, statement, location)

    def statements(self, text: str, *, forced: bool) -> list[tuple[int, str]]:
        """The statements of one paragraph as ``(first sentence number, text)``: a new
        statement starts at a sentence that opens with a breadth word."""
        sentences = _sentences(text)
        if not sentences:
            return []
        groups: list[tuple[int, list[str]]] = []
        for number, sentence in enumerate(sentences, start=1):
            if groups and not self._opens_statement(sentence):
                groups[-1][1].append(sentence)
            else:
                groups.append((number, [sentence]))
        out = [(number, " ".join(parts)) for number, parts in groups]
        if forced:
            return [(1, text)] if len(out) != 1 else out
        kept = [(n, s) for n, s in out if self._is_opinion(s)]
        if len(kept) < len(out) and kept:
            # A sentence with no cue of its own belongs to the statement before it.
            merged: list[tuple[int, str]] = []
            for number, statement in out:
                if self._is_opinion(statement) or not merged:
                    merged.append((number, statement))
                else:
                    merged[-1] = (merged[-1][0], f"{merged[-1][1]} {statement}")
            kept = [(n, s) for n, s in merged if self._is_opinion(s)]
        return kept

    def _analysis(self, text: str) -> Analysis:
        found = self._analyses.get(text)
        if found is None:
            found = self._analyses[text] = self.classifier.analyse(text)
        return found

    def _opens_statement(self, sentence: str) -> bool:
        """A sentence with a breadth word in its first words opens a new statement, unless
        it gives a cause (*Nguyên nhân là do một số...*)."""
        if fold_key(sentence).startswith(_REASON_START):
            return False
        analysis = self._analysis(sentence)
        breadth = analysis.get("breadth")
        if breadth is None or not breadth.cues:
            return False
        first = min(cue[1] for cue in breadth.cues)
        lead = _CONNECTIVES.sub("", fold_key(sentence[:first]))
        return _words(lead) <= 6

    def _is_opinion(self, text: str) -> bool:
        analysis = self._analysis(text)
        if analysis.get("breadth") is not None or analysis.values("mood"):
            return True
        orientation = analysis.get("orientation")
        if orientation is not None and orientation.value != "unclear":
            return True
        key = fold_key(text)
        return any(re.search(rf"\b{re.escape(w)}\b", key) for w in _OPINION_WORDS)

    def _checked(self, text: str, location: str) -> bool:
        """False (and the record rejected) when the text cannot be a record."""
        if len(text) > MAX_STATEMENT_CHARS:
            self.batch.reject(Problem(
                "statement-too-long", Severity.ERROR,
                f"a statement of {len(text)} characters (more than {MAX_STATEMENT_CHARS}) "
                "is not one opinion; split the paragraph",
                location,
            ))
            return False
        damaged = _damaged_share(text)
        if damaged > _DAMAGED_SHARE:
            self.batch.reject(Problem(
                "statement-unreadable", Severity.ERROR,
                f"{damaged:.0%} of the words are damaged (replacement or control "
                f"characters): {text[:60]!r}",
                location,
            ))
            return False
        if damaged > 0:
            self.batch.note(Problem(
                "statement-damaged", Severity.WARNING,
                f"{damaged:.0%} of the words hold replacement or control characters; "
                "the statement was kept as written",
                location,
            ))
        return True

    def _places(self, text: str, para: Paragraph, location: str) -> tuple[str | None, str | None,
                                                                         list[str]]:
        phrases = place_phrases(text)
        for column, value in para.fields:
            if any(cue in fold_key(column) for cue in ("dia ban", "xa", "phuong", "don vi",
                                                         "dia phuong", "noi")):
                phrases = [value, *phrases] if value.strip() else phrases
        units: list[str] = []
        for phrase in phrases:
            code, problem = self.place_unit(phrase, location)
            if problem is not None:
                self.batch.note(problem)
            if code is not None and code not in units:
                units.append(code)
        place_text = "; ".join(phrases) or None
        if len(units) == 1:
            return units[0], place_text, units
        return self.unit, place_text, units

    def item(
        self, section: _SectionBuilder, para: Paragraph, number: int, text: str, location: str
    ) -> None:
        self.batch.seen += 1
        if not self._checked(text, location):
            return
        analysis = self._analysis(text)
        breadth_finding = analysis.get("breadth")
        unit, place_text, units = self._places(text, para, location)
        extra: list[tuple[str, str]] = []
        if section.label:
            extra.append(("section", section.label))
        if len(units) > 1:
            extra.append(("units", ";".join(units)))
        extra.extend((column, value) for column, value in para.fields)
        extra_pairs: Any = tuple(extra)
        reasons = tuple(
            s for s in _sentences(text)[1:]
            if fold_key(s).startswith(_REASON_START)
        )
        item = OpinionItem(
            id=content_id("item", self.source.sha256, para.index, para.part, number),
            text=text,
            date=self.item_date,
            unit=unit,
            place_text=place_text,
            report_id=self.report_id,
            breadth=Breadth(breadth_finding.value) if breadth_finding else None,
            groups=tuple(analysis.values("group")),
            reasons=reasons,
            labels=tuple(self.classifier.labels(analysis, _now())),
            source=attrs.evolve(self.source, location=location),
            extra=extra_pairs,
        )
        self.batch.add(item)
        self.items.append(item)
        section.item_ids.append(item.id)

    def recommendation(self, section: _SectionBuilder, para: Paragraph, text: str) -> None:
        location = para.location
        self.batch.seen += 1
        text = _unquoted(text)
        if not self._checked(text, location):
            return
        level = section.competent_level
        body = _body_of(text)
        if level is None and body is not None:
            level = _level_of_heading(body)
        if level is None:
            finding = self._analysis(text).get("competent-level")
            level = CompetentLevel(finding.value) if finding is not None else None
        unit, _, _ = self._places(text, para, location)
        recommendation = Recommendation(
            id=content_id("rec", self.source.sha256, para.index, para.part),
            text=text,
            competent_level=level,
            body=body,
            unit=unit,
            date=self.item_date,
            report_id=self.report_id,
            source=attrs.evolve(self.source, location=location),
        )
        self.batch.add(recommendation)
        self.recommendations.append(recommendation)


_QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’"}


def _unquoted(text: str) -> str:
    """A statement quoted as a whole (“...”) without its quotes: they are typography."""
    text = text.strip()
    if len(text) > 2 and _QUOTES.get(text[0]) == text[-1] and text[0] not in text[1:-1]:
        return text[1:-1].strip()
    return text


def _in_force(match: UnitMatch) -> bool:
    """Whether the unit read is the one in force on the date (not a former unit)."""
    return not match.successors


def _recipient_list(text: str) -> list[str]:
    out = []
    for part in re.split(r"(?:^|\s)[-–•+]\s+|;\s*", text):
        part = part.strip().lstrip("-–•+").strip().rstrip(";.,").strip()
        if part:
            out.append(part)
    return out


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _default_resolver(session: Session | None) -> Resolver:
    if session is not None:
        return session.resolve_unit

    def resolve(text: str, as_of: dt.date | None, within: str | None) -> list[UnitMatch]:
        from dlxh.units.resolver import resolve as resolve_text

        return resolve_text(text, as_of=as_of, within=within)

    return resolve


def parse_narrative(
    paragraphs: Iterable[Paragraph],
    batch: ImportBatch,
    *,
    source: SourceRef,
    session: Session | None = None,
    unit: str | None = None,
    within: str | None = None,
    as_of: dt.date | None = None,
    resolve_places: bool = True,
) -> Report:
    """Read the paragraphs of a narrative report into ``batch``: the report, its opinion
    items and its recommendations (see the module's rule for what is a record).

    ``source`` carries the file name, its content hash (ids derive from it and each
    paragraph's ``index``) and the importer's name. ``unit`` sets the report's
    administrative unit instead of reading it from the header; ``within`` (a province
    code) narrows the places named in the text; ``as_of`` sets the date at which places are
    resolved (by default the report's date). ``resolve_places=False`` leaves units unset.
    The classifier is the session's lexicon classifier (its taxonomies).

    Raises :class:`~dlxh.errors.FormatError` when there is no text at all.
    """
    kept: list[Paragraph] = []
    for paragraph in paragraphs:
        lines = paragraph.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if paragraph.fields:
            lines = [" ".join(lines)]
        for part, line in enumerate(_clean(line) for line in lines if _clean(line)):
            kept.append(attrs.evolve(paragraph, text=line, part=paragraph.part + part))
    if not kept:
        raise FormatError(f"{source.file}: the document holds no text")
    from dlxh.classifiers.lexicon import LexiconClassifier

    classifier = (
        LexiconClassifier.from_session(session) if session is not None else LexiconClassifier()
    )
    parser = _Parser(
        batch=batch,
        paragraphs=kept,
        source=source,
        resolve=_default_resolver(session) if resolve_places else None,
        classifier=classifier,
        unit=unit,
        within=within,
        as_of=as_of,
        report_id=content_id("report", source.sha256),
    )
    report = parser.run()
    batch.seen += 1
    batch.add(report)
    return report


def options_from(options: dict[str, Any]) -> dict[str, Any]:
    """The options :func:`parse_narrative` takes, checked (importers pass theirs through)."""
    allowed = {"unit", "within", "as_of", "resolve_places"}
    unknown = set(options) - allowed
    if unknown:
        raise TypeError(f"unknown options {sorted(unknown)}; this importer takes {sorted(allowed)}")
    as_of = options.get("as_of")
    if as_of is not None and not isinstance(as_of, dt.date):
        from dlxh.text.dates import parse_date

        options = {**options, "as_of": parse_date(str(as_of), serials=False)}
    return options
