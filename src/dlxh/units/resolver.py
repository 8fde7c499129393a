"""Free text -> administrative units, with a confidence and the reason.

How it works (hierarchy-aware, no scan of everything):

1. The text is cut at commas (and ``;``, ``|``, new lines) into parts, folded with
   :func:`dlxh.text.fold`; glued abbreviations are split (``q1`` -> ``q 1``, ``p.3`` ->
   ``p 3``) and misspelt kind words mended (``phườmg``).
2. The spans of each part are looked up in one dictionary of folded names (short and glued
   forms, former names from the source, well-known short forms such as ``hcm``); the search
   stops as soon as no name starts with the syllables read. A kind word right before a span
   (``phường, p, f, xã, x, thị trấn, tt, quận, q, huyện, h, thị xã, tx, thành phố, tp, tỉnh,
   t``, and English ``ward, district, commune, town, city, province``, also after the name)
   confirms its level; a bare number (``Phường 3``) counts only after one. A name right after
   a house number or a word such as ``đường, thôn, ấp, tổ`` is taken for a street or a
   residential area. The spans of a part are cached: parts such as ``TP.HCM`` recur.
3. A province named firmly narrows the candidates to that province (the units of a span are
   scored only then: a commune's name is often shared by a dozen communes across the
   country); the best consistent chain (commune inside district inside province) is chosen
   by score, a chain that leaves out a firmly named piece losing points. A level the text
   gave but that did not match exactly is then looked for with rapidfuzz among the children
   of what was found (typos, OCR noise); a misspelt province or district that the units
   found are not in makes the text be read again inside it.
4. With ``as_of`` after a reform, a name that only the earlier state knows resolves to the old
   unit, with its successors on ``as_of`` in :attr:`UnitMatch.successors`. Without ``as_of``,
   the state that explains the text better is used. A reading of the earlier state that
   needed similarity never replaces one that names every word of the text exactly.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from dlxh.model._trusted import trusted_constructor
from dlxh.model.units import AdminUnit, UnitKind, UnitLevel
from dlxh.text import fold, normalize
from dlxh.text.normalization import fold_parts
from dlxh.units.catalog import store_for

if TYPE_CHECKING:
    from dlxh.units.catalog import UnitStore, _View
    from dlxh.units.dataset import UnitDataset

__all__ = ["ResolverIndex", "UnitMatch", "resolve"]

_SEGMENT = re.compile(r"[,;|\n\r\t]+")
_SEPARATORS = ",;|\n\r\t"  # what _SEGMENT cuts at
# A kind word glued to a number or a name: "q1", "p12", "f3", "tx.", "tp.hcm" (after folding).
_GLUED = re.compile(r"^(p|q|f|x|h|tx|tt|tp|phuong|quan|xa|huyen)(\d+)$")

_P, _D, _C = UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE
# Kind values are plain strings here: hashing an enum member runs Python code, and these
# sets are probed for every span of every address.
_PROVINCE_KINDS = frozenset({str(UnitKind.PROVINCE), str(UnitKind.MUNICIPALITY)})
_CITY_KINDS = frozenset({str(UnitKind.MUNICIPALITY), str(UnitKind.PROVINCIAL_CITY)})
# Kind words, folded, and the kinds they announce.
_PREFIXES: dict[tuple[str, ...], frozenset[str]] = {
    ("tinh",): _PROVINCE_KINDS,
    ("t",): _PROVINCE_KINDS,
    ("thanh", "pho"): _CITY_KINDS,
    ("tp",): _CITY_KINDS,
    ("thanhpho",): _CITY_KINDS,
    ("quan",): frozenset({str(UnitKind.URBAN_DISTRICT)}),
    ("q",): frozenset({str(UnitKind.URBAN_DISTRICT)}),
    ("huyen",): frozenset({str(UnitKind.RURAL_DISTRICT)}),
    ("h",): frozenset({str(UnitKind.RURAL_DISTRICT)}),
    ("thi", "xa"): frozenset({str(UnitKind.DISTRICT_TOWN)}),
    ("tx",): frozenset({str(UnitKind.DISTRICT_TOWN)}),
    ("phuong",): frozenset({str(UnitKind.WARD)}),
    ("p",): frozenset({str(UnitKind.WARD)}),
    ("f",): frozenset({str(UnitKind.WARD)}),
    ("xa",): frozenset({str(UnitKind.COMMUNE)}),
    ("x",): frozenset({str(UnitKind.COMMUNE)}),
    ("thi", "tran"): frozenset({str(UnitKind.TOWNSHIP)}),
    ("tt",): frozenset({str(UnitKind.TOWNSHIP)}),
    ("dac", "khu"): frozenset({str(UnitKind.SPECIAL_ZONE)}),
}
# English kind words, written before ("District 1", "Ward 3") or after ("Ben Nghe Ward",
# "Binh Duong Province") the name.
_DISTRICT_KINDS = frozenset(
    str(k)
    for k in (
        UnitKind.URBAN_DISTRICT,
        UnitKind.RURAL_DISTRICT,
        UnitKind.DISTRICT_TOWN,
        UnitKind.PROVINCIAL_CITY,
    )
)
_ENGLISH: dict[str, frozenset[str]] = {
    "ward": frozenset({str(UnitKind.WARD)}),
    "district": _DISTRICT_KINDS,
    "dist": _DISTRICT_KINDS,
    "commune": frozenset({str(UnitKind.COMMUNE)}),
    "town": frozenset({str(UnitKind.TOWNSHIP), str(UnitKind.DISTRICT_TOWN)}),
    "city": _CITY_KINDS,
    "province": _PROVINCE_KINDS,
}
_PREFIXES.update({(word,): kinds for word, kinds in _ENGLISH.items()})
# The same, by first word: the kinds the word announces alone (None if it needs a second
# word) and those of the two-word kind words it starts, by second word (None if none). Read
# for every syllable of a new part (through ResolverIndex.table): no tuple is built to ask.
_KindWord = tuple[frozenset[str] | None, dict[str, frozenset[str]] | None]
_KIND_WORDS: dict[str, _KindWord] = {
    first: (
        _PREFIXES.get((first,)),
        {p[1]: kinds for p, kinds in _PREFIXES.items() if len(p) == 2 and p[0] == first} or None,
    )
    for first in {p[0] for p in _PREFIXES}
}
# Well-known short forms of province names, by folded key -> folded official short name.
_PROVINCE_ALIASES = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "saigon": "ho chi minh",
    "sg": "ho chi minh",
    "hochiminh": "ho chi minh",
    "ho chi minh city": "ho chi minh",
    "hn": "ha noi",
    "hanoi": "ha noi",
    "tphn": "ha noi",
    "thua thien hue": "hue",
    "tt hue": "hue",
    "hp": "hai phong",
    "hcmc": "ho chi minh",
    "brvt": "ba ria vung tau",
    "br vt": "ba ria vung tau",
    "vung tau": "ba ria vung tau",
    "dak lac": "dak lak",
    "daklak": "dak lak",
}
_NOISE = frozenset({"viet", "nam", "vn", "vietnam"})
# Words after which a name is a street or a residential area, not a unit: "12 Hùng Vương",
# "đường Trần Phú", "thôn Đông Hà", "ấp Tân Lập", "tổ 5".
_STREET_WORDS = frozenset(
    {
        "duong",
        "pho",
        "ngo",
        "ngach",
        "hem",
        "kiet",
        "so",
        "ql",
        "tl",
        "dt",
        "thon",
        "ap",
        "xom",
        "to",
        "khom",
        "khu",
        "lang",
        "buon",
        "soc",
        "ban",
    }
)


def _typos_of(word: str) -> set[str]:
    """Deletions, doubled letters, swaps of neighbours and m/n confusions of ``word`` (typing
    and OCR)."""
    out = {word[:i] + word[i + 1 :] for i in range(len(word))}
    out |= {word[: i + 1] + word[i:] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    out |= {
        word[:i] + {"n": "m", "m": "n"}[c] + word[i + 1 :] for i, c in enumerate(word) if c in "mn"
    }
    out.discard(word)
    return out


# Misspelt kind words that are no Vietnamese syllable, mapped back: "phuomg", "huyne".
_KIND_TYPOS = {
    typo: word
    for word in ("phuong", "huyen")
    for typo in _typos_of(word)
    if typo not in ("huong", "uyen", "phung", "phong", "huyn")  # real syllables kept
}
_Prefix = tuple[int, frozenset[str]]
_KIND_LEVEL = {str(kind): kind.level for kind in UnitKind}
# The levels each set of kinds above announces (looked up for every span after a kind word).
_LEVELS_OF: dict[frozenset[str], frozenset[UnitLevel]] = {
    kinds: frozenset(_KIND_LEVEL[k] for k in kinds)
    for kinds in (*_PREFIXES.values(), *_ENGLISH.values())
}
# The kind words after which some units of a name are left out (see
# ResolverIndex._announced), by the levels they announce and whether they are a city's: the
# words of a level above the commune's.
_NARROWING: dict[tuple[frozenset[UnitLevel], bool], list[frozenset[str]]] = defaultdict(list)
for _kinds, _levels in _LEVELS_OF.items():
    if _C not in _levels:
        _NARROWING[(_levels, _kinds is _CITY_KINDS)].append(_kinds)
_LEVEL_VALUE = {level: level.value for level in UnitLevel}
_DEPTH = {level: level.depth for level in UnitLevel}
# A span of one segment that names units, with what their scores depend on besides the
# unit: first token of the name, end, key, units, the kinds announced by a kind word before
# it and the kind word's first token (None, -1 without one), a street word or house number
# before it, whether it ends its part, and for a name that several units share, those units
# by the province named firmly (see ResolverIndex.let_through; None for one unit or a number).
_ByTop = dict[str | None, list[AdminUnit]]
_Span = tuple[int, int, str, list[AdminUnit], frozenset[str] | None, int, bool, bool, _ByTop | None]
# The spans of one segment and the provinces it names firmly.
_Protos = tuple[list[_Span], frozenset[str]]
_NO_CODES: frozenset[str] = frozenset()
# The name table, a tree of syllables: the node of the syllables read so far holds the units
# of that name (None if it names none), the name, the nodes of the syllables that can follow
# (None if no longer name starts that way), and for a name that several units share, their
# table by province (ResolverIndex.let_through) and, by kind word, the units and table of
# the kind words that leave some out (ResolverIndex.told; None if none do).
_Told = tuple[list[AdminUnit], "_ByTop | None"]
_Node = tuple[
    list[AdminUnit] | None,
    str,
    "dict[str, _Node] | None",
    "_ByTop | None",
    "dict[frozenset[str], _Told] | None",
]
_new_tuple = tuple.__new__  # builds a named tuple without its Python-level __new__
_first = operator.itemgetter(0)  # the score of a chain or a reading
_by_score = operator.itemgetter(4)  # of a candidate
_by_shorter = operator.itemgetter(7)  # of a candidate
_text_of = operator.itemgetter(6)  # of a candidate
_LEVEL_WEIGHT = {_P: 1.0, _D: 1.0, _C: 1.2}  # a commune found says more than a province
_STREET_HOW = "name of a street or a residential area"  # how a candidate was named


@attrs.frozen
class UnitMatch:
    """One reading of a text as a place.

    ``unit`` is the finest unit found; ``province``, ``district`` and ``commune`` the chain it
    belongs to (found in the text or implied by the finer unit). ``successors`` is set when the
    text named a unit that was no longer in force on ``as_of``: the units it became.
    ``matched`` lists the pieces of the folded text that were recognised.
    """

    unit: AdminUnit
    confidence: float
    reason: str
    province: AdminUnit | None = None
    district: AdminUnit | None = None
    commune: AdminUnit | None = None
    successors: tuple[AdminUnit, ...] = ()
    as_of: date | None = None
    matched: tuple[str, ...] = ()

    @property
    def current(self) -> AdminUnit:
        """The unit in force on ``as_of``: the main successor if the name was an old one."""
        return self.successors[0] if self.successors else self.unit

    @property
    def level(self) -> UnitLevel:
        """The level of :attr:`unit`."""
        return self.unit.level


_new_match = trusted_constructor(UnitMatch)


class _CandFields(NamedTuple):
    """The fields of a candidate, by position. A candidate itself is a plain tuple: indexing
    a tuple is specialised by the interpreter, indexing a named tuple (a subclass) is not,
    and the candidates' fields are read a few dozen times per address."""

    unit: AdminUnit
    seg: int
    start: int  # first token of the kind word or of the name
    end: int
    score: float
    how: str
    text: str
    shorter: int  # start - end: the longer span first among equal scores


_Cand = tuple[AdminUnit, int, int, int, float, str, str, int]  # laid out as _CandFields


_LOWER = "".join(c for c in map(chr, range(0x1F00)) if c.islower() and c.isalpha())
_UPPER = "".join(c for c in map(chr, range(0x1F00)) if c.isupper() and c.isalpha())
# Words run together by a careless typist or an export: "HồChíMinh", "Hóc MônTP.HCM".
_CAMEL = re.compile(
    f"(?<=[{re.escape(_LOWER)}])"
    f"(?=[{re.escape(_UPPER)}][{re.escape(_LOWER)}]|[{re.escape(_UPPER)}]{{2,}}(?![{re.escape(_LOWER)}]))"
)


# A lower-case letter right before an upper-case one: the cheap test that tells whether
# _CAMEL can match at all (its look-behind is tried at every position; a few texts in a
# hundred have such a pair).
_CAMEL_HINT = re.compile(f"[{re.escape(_LOWER)}][{re.escape(_UPPER)}]")
# The same test for an ASCII text, where those letters are a-z and A-Z: each byte made "l"
# (lower case), "u" (upper case) or a space, then "lu" looked for (two C passes, against a
# regular expression tried at every position, and a tenth of the instructions).
_ASCII_CASES = bytes(
    ord("l") if 0x61 <= b <= 0x7A else ord("u") if 0x41 <= b <= 0x5A else ord(" ")
    for b in range(256)
)


_TYPO_WORDS = frozenset(_KIND_TYPOS)
_DIGIT = re.compile(r"\d")


def _segments(text: str) -> list[list[str]]:
    # One fold for the whole text, cut into parts in the same pass (a run of separators
    # gives empty parts, skipped below).
    # (A title-cased text has no upper-case letter right after a lower-case one: most
    # addresses are written so, and the search below tries every position of the text.)
    if text.isascii():
        if b"lu" in text.encode().translate(_ASCII_CASES):
            text = _CAMEL.sub(" ", text)
    elif not (text.islower() or text.isupper() or text.istitle()) and _CAMEL_HINT.search(text):
        text = _CAMEL.sub(" ", text)
    segments: list[list[str]] = []
    for part in fold_parts(text, _SEPARATORS):
        tokens = part.split()
        if not tokens:
            continue
        # (A part whose words are letters only has no digit: one C pass, where the regular
        # expression tries every position with its character class.)
        if _TYPO_WORDS.isdisjoint(tokens) and (
            "".join(tokens).isalpha() or not _DIGIT.search(part)
        ):
            segments.append(tokens)  # the usual part: nothing to mend or to split
            continue
        for k, token in enumerate(tokens):
            if token in _KIND_TYPOS:
                tokens[k] = _KIND_TYPOS[token]
            elif token[-1].isdigit() and not token[0].isdigit():
                glued = _GLUED.match(token)
                if glued:
                    tokens = [*tokens[:k], *glued.groups(), *_split_glued(tokens[k + 1 :])]
                    break
        segments.append(tokens)
    return segments


def _split_glued(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        glued = _GLUED.match(token)
        if glued:
            out.extend(glued.groups())
        else:
            out.append(token)
    return out


class ResolverIndex:
    """Folded names of the units of one catalog view, built once per view."""

    def __init__(self, view: _View) -> None:
        self.view = view
        by_code = view.by_code
        self.names: dict[str, list[AdminUnit]] = defaultdict(list)
        self.numbers: dict[str, list[AdminUnit]] = defaultdict(list)
        self.province: dict[str, AdminUnit] = {}
        self.top: dict[str, str] = {}  # the code of each unit's province
        self.district: dict[str, AdminUnit | None] = {}
        self.parents: dict[str, tuple[str, str]] = {}
        self.keys: dict[str, str] = {}
        self.kind: dict[str, str] = {}
        for unit in by_code.values():
            key = fold(unit.short_name)
            self.keys[unit.code] = key
            self.kind[unit.code] = str(unit.kind)
            if key.isdigit():
                self.numbers[key].append(unit)
            else:
                self.names[key].append(unit)
                if " " in key:
                    self.names[key.replace(" ", "")].append(unit)
            top = unit
            district: AdminUnit | None = None
            while top.parent_code and top.parent_code in by_code:
                top = by_code[top.parent_code]
                if top.level is _D:
                    district = top
            self.province[unit.code] = top
            self.top[unit.code] = top.code
            self.district[unit.code] = district if unit.level is _C else None
            # The codes of a commune's district ("" without one) and province, for the
            # chains: "" names no candidate.
            self.parents[unit.code] = (
                district.code if district is not None and unit.level is _C else "",
                top.code,
            )
        syllables = {t for key in self.keys.values() for t in key.split()}
        for code, aliases in view.store.aliases.items():
            aliased = by_code.get(code)
            if aliased is None:
                continue
            for alias in aliases:
                if not alias.startswith(
                    (
                        "phuong",
                        "xa",
                        "thitran",
                        "quan",
                        "huyen",
                        "thixa",
                        "thanhpho",
                        "tinh",
                        "tp",
                        "tx",
                    )
                ):
                    self.names[alias].append(aliased)
                    spaced = _syllables(alias, syllables)
                    if spaced is not None and spaced != alias:
                        self.names[spaced].append(aliased)
        for alias, official in _PROVINCE_ALIASES.items():
            for unit in list(self.names.get(official, ())):
                if unit.level is _P:
                    self.names[alias].append(unit)
        # The provinces among the units of each name: the spans that name one are few.
        self.named_provinces: dict[str, list[AdminUnit]] = {}
        # For a name that several units share, the units that one firmly named province
        # lets through (the provinces of that name, and the units inside it), in the
        # name's order, by province code; under None, the provinces alone.
        self.let_through: dict[str, _ByTop] = {}
        for key, units in self.names.items():
            provinces = [u for u in units if u.level is _P]
            if provinces:
                self.named_provinces[key] = provinces
            if len(units) > 1:
                self.let_through[key] = self._by_top(units)
        # The units of a shared name after a kind word, by name and kind word, where the
        # word leaves some out (see _announced): listed now, read from the name's node.
        self.told: dict[str, dict[frozenset[str], _Told]] = {}
        for key, units in self.names.items():
            if len(units) < 2:
                continue
            deepest = max(_DEPTH[u.level] for u in units)
            for (levels, city), kind_sets in _NARROWING.items():
                if deepest <= min(_DEPTH[level] for level in levels):
                    continue  # no unit finer than the word's level
                kept = self._announced(units, levels, city)
                if kept is not None:
                    told = (kept, self._by_top(kept) if len(kept) > 1 else None)
                    self.told.setdefault(key, {}).update(dict.fromkeys(kind_sets, told))
        self.levels = frozenset(u.level for u in by_code.values())
        self.has_districts = _D in self.levels
        self.district_keys: dict[str, bool] = {
            self.keys[u.code]: True for u in by_code.values() if u.level is _D
        }
        # One lookup per syllable read, in a tree of syllables (_Node): a span stops growing
        # as soon as no name can start that way, and no key is put together to ask. The
        # first syllable of a span is looked up with the kind words, in one dictionary: the
        # kind word it is (None if none) and the node of the names it starts (None if none).
        roots = _syllable_tree(self.names, self.let_through, self.told)
        self.table: dict[str, tuple[_KindWord | None, _Node | None]] = {
            word: (_KIND_WORDS.get(word), roots.get(word)) for word in {*roots, *_KIND_WORDS}
        }
        self._protos: dict[str, _Protos] = {}
        self._firm_sets: dict[str, frozenset[str]] = {}
        self._fuzzy: dict[tuple[str | None, UnitLevel], tuple[list[str], list[AdminUnit]]] = {}
        # The similarity search's choices, listed now for every parent it can be asked about
        # (the provinces, the districts and communes of each province, the communes of each
        # district): a few thousand lists, and no listing in the middle of a batch.
        self.choices(None, _P)
        for unit in by_code.values():
            if unit.level is _P:
                self.choices(unit.code, _D)
                self.choices(unit.code, _C)
            elif unit.level is _D:
                self.choices(unit.code, _C)

    def _by_top(self, units: list[AdminUnit]) -> _ByTop:
        """The units of a shared name that one firmly named province lets through (the
        provinces of that name, and the units inside it), in the name's order, by province
        code; under None, the provinces alone."""
        top = self.top
        table: _ByTop = {None: []}
        # One pass (a name can have dozens of units): a province goes into every list, a
        # list starts with the provinces met before its first unit.
        for unit in units:
            if unit.level is _P:
                for rows in table.values():
                    rows.append(unit)
                continue
            code = top[unit.code]
            same = table.get(code)
            if same is None:
                table[code] = [*table[None], unit]
            else:
                same.append(unit)
        return table

    def _announced(
        self, units: list[AdminUnit], levels: frozenset[UnitLevel], city: bool
    ) -> list[AdminUnit] | None:
        """The units of a shared name that a kind word before (or after) it can mean, None
        if all. A unit finer than the level the word announces is left out when a unit of
        that level (a province for a city's word) has the name in the same province:
        "Tỉnh Long An" names the province, not a commune of that name, "Tỉnh Bắc Giang" not
        the city, "H. Thủ Thừa" the district, not its township. Such a unit scored 0.4-0.6
        (other kind word) and, beside the unit the word announces on the same words, made
        hardly any best chain; left out, it is neither scored nor chained. (A coarser unit
        is kept: a kind word read inside a name, the "quan" of "Xã Động Quan Yên Bái",
        must not take the province away.)"""
        top = self.top
        fits = {top[u.code] for u in units if u.level in levels or (city and u.level is _P)}
        coarsest = min(_DEPTH[level] for level in levels)  # (a city's word: a district)
        kept = [
            u
            for u in units
            if _DEPTH[u.level] <= coarsest or u.level in levels or top[u.code] not in fits
        ]
        return kept if len(kept) < len(units) else None

    def choices(self, parent: str | None, level: UnitLevel) -> tuple[list[str], list[AdminUnit]]:
        """Folded keys and units of ``level`` under ``parent`` (all provinces when None)."""
        cached = self._fuzzy.get((parent, level))
        if cached is not None:
            return cached
        if parent is None:
            units = [u for u in self.view.children.get(None, ()) if u.level is level]
        else:
            units = []
            children = self.view.children
            depth = _DEPTH[level]
            frontier: Sequence[AdminUnit] = children.get(parent, ())
            while frontier:
                units.extend([u for u in frontier if u.level is level])
                frontier = [
                    c for u in frontier if _DEPTH[u.level] < depth for c in children.get(u.code, ())
                ]
        keys = [self.keys[u.code] for u in units]
        result = (keys, units)
        self._fuzzy[(parent, level)] = result
        return result

    # ---- candidates
    def _segment_candidates(self, tokens: list[str]) -> _Protos:
        """The spans of one segment that name units, and the provinces named firmly in it;
        :meth:`candidates` caches them by the segment's words, since they depend on nothing
        else. The units of a span are scored later, and only those that the provinces named
        let through (a commune's name is often shared by a dozen communes across the
        country)."""
        table = self.table
        named_provinces = self.named_provinces
        spans: list[_Span] = []
        firm: list[str] = []
        n = len(tokens)
        prefix_at: list[_Prefix | None] | None = None
        entry: _Node | None  # the node of the syllables read
        # One pass: the kind word before a token is read before the token (it ends there).
        for i, key in enumerate(tokens):
            word = table.get(key)
            if word is None:
                # No name is or starts with this syllable, nor is it a kind word (the usual
                # case), unless it is a number after a kind word.
                if prefix_at is None or not key.isdigit():
                    continue
                pre = prefix_at[i]
                if pre is None:
                    continue
                entry = (None, key, None, None, None)
            else:
                kind, entry = word  # (entry: the node of the names starting with key)
                if kind is not None:
                    if prefix_at is None:
                        prefix_at = [None] * (n + 2)
                    alone, pairs = kind
                    if pairs is not None and i + 1 < n and tokens[i + 1] in pairs:
                        prefix_at[i + 2] = (i, pairs[tokens[i + 1]])
                    elif alone is not None and prefix_at[i + 1] is None:
                        prefix_at[i + 1] = (i, alone)
                if entry is None:
                    continue  # a kind word that starts no name
                pre = prefix_at[i] if prefix_at is not None else None
            if pre is not None and entry[0] is None and key.isdigit():
                # A number after a kind word: the units of that kind numbered so ("P. 3").
                units = self.numbers.get(key.lstrip("0") or "0") or self.numbers.get(key)
                if units is not None:
                    kind_of = self.kind
                    units = [u for u in units if kind_of[u.code] in pre[1]]
                entry = (units, key, entry[2], None, None)
            # The spans starting at token i, read syllable by syllable in the table; no need
            # to cap them at the longest name: the table says when to stop.
            j = i + 1  # the end of the span
            while True:
                units, name, after, by_top, told = entry
                if units:
                    last = j == n
                    if pre is not None:
                        if told is not None and pre[1] in told:
                            kept, kept_by_top = told[pre[1]]
                            spans.append(
                                (i, j, name, kept, pre[1], pre[0], False, last, kept_by_top)
                            )
                        else:
                            spans.append((i, j, name, units, pre[1], pre[0], False, last, by_top))
                    elif name not in _NOISE and (
                        j > i + 1 or len(name) > 2 or name in _PROVINCE_ALIASES
                    ):
                        street = i > 0 and (
                            tokens[i - 1].isdigit() or tokens[i - 1] in _STREET_WORDS
                        )
                        spans.append((i, j, name, units, None, -1, street, last, by_top))
                    if pre is None and not last and tokens[j] in _ENGLISH:
                        # "Ben Nghe Ward", "Binh Duong Province"
                        english = _ENGLISH[tokens[j]]
                        kept, kept_by_top = (
                            told[english]
                            if told is not None and english in told
                            else (units, by_top)
                        )
                        spans.append(
                            (i, j + 1, name, kept, english, i, False, j + 1 == n, kept_by_top)
                        )
                if after is None or j == n:
                    break
                entry = after.get(tokens[j])
                if entry is None:
                    break
                j += 1
        # A province is named firmly when its score (see _add_candidates) reaches 0.95: its
        # own kind word or a city's, the same level's kind word ending the part, or its bare
        # name ending the part (0.85 + 0.1), not after a street word. Decided here without
        # scoring: every span of a new part is read.
        kind_of = self.kind
        for span in spans:
            provinces = named_provinces.get(span[2])
            if provinces is None:
                continue
            kinds = span[4]
            if kinds is None:
                if span[7] and not span[6]:
                    firm.extend([unit.code for unit in provinces])
                continue
            if kinds is _CITY_KINDS or (span[7] and _P in _LEVELS_OF[kinds]):
                firm.extend([unit.code for unit in provinces])
                continue
            firm.extend([unit.code for unit in provinces if kind_of[unit.code] in kinds])
        if not firm:
            return spans, _NO_CODES
        if len(firm) == 1:  # one set per province, shared by the cached segments naming it
            return spans, self._firm_sets.setdefault(firm[0], frozenset(firm))
        return spans, frozenset(firm)

    def _score(self, unit: AdminUnit, span: _Span) -> tuple[float, str, int]:
        """The score of ``unit`` named by ``span``, how it was named, and the first token of
        the candidate (the kind word's or the name's)."""
        found: list[_Cand] = []
        alone: _Span = (*span[:3], [unit], *span[4:8], None)
        self._add_candidates([([alone], _NO_CODES)], _NO_CODES, found.append)
        return found[0][4], found[0][5], found[0][2]

    def _add_candidates(
        self,
        per_segment: list[_Protos],
        firm: frozenset[str],
        append: Callable[[_Cand], object],
    ) -> None:
        """Append a candidate for each unit of each span of ``per_segment`` that the
        provinces named ``firm`` let through (all without one): its score, how it was named
        and its first token (the kind word's or the name's). One loop for every span of the
        text, with what a span decides for all its units (its kind word, its bonus for
        ending its part) read once."""
        kind_of = self.kind
        top_of = self.top
        only = next(iter(firm)) if len(firm) == 1 else None
        for s, (spans, _) in enumerate(per_segment):
            for i, j, key, units, kinds, pre, street, last, by_top in spans:
                if firm:
                    if len(units) == 1:  # the usual span: one unit has that name
                        unit = units[0]
                        if unit.level is not _P and top_of[unit.code] not in firm:
                            continue
                    else:
                        # A name of the table (not a number) and one province named: the
                        # units it lets through were listed when indexing.
                        if by_top is not None and only is not None:
                            units = by_top.get(only) or by_top[None]
                        else:
                            units = [u for u in units if u.level is _P or top_of[u.code] in firm]
                        if not units:
                            continue
                if kinds is not None:
                    levels = _LEVELS_OF[kinds]
                    city = kinds is _CITY_KINDS
                    for unit in units:
                        level = unit.level
                        if kind_of[unit.code] in kinds or (city and level is _P):
                            score, how, begin = 1.0, "kind word", pre
                        elif level in levels:
                            # Same level, other kind: units are upgraded (thị xã -> thành
                            # phố, xã -> phường) and people keep the old word.
                            score, how, begin = 0.9, "kind word of the same level", pre
                        else:
                            score, how, begin = 0.4, "other kind word", i
                        if last:
                            # The name ends its part of the address (+0.1), and fills it
                            # (+0.1 more).
                            score += 0.1
                            if begin == 0:
                                score += 0.1
                        append((unit, s, begin, j, score, how, key, begin - j))
                    continue
                if street:
                    # "12 Trần Hưng Đạo", "đường Hùng Vương": a street named after someone,
                    # like many wards.
                    score = 0.35
                    if last:
                        score += 0.1
                        if i == 0:
                            score += 0.1
                    how = _STREET_HOW
                    for unit in units:
                        append((unit, s, i, j, score, how, key, i - j))
                    continue
                long_name = j - i >= 2
                # "Yên Bình" alone is the district more often than its township.
                district_key = key in self.district_keys
                for unit in units:
                    level = unit.level
                    score = 0.85 if long_name or level is _P else 0.6
                    if district_key and level is _C:
                        district = self.district[unit.code]
                        if district is not None and self.keys[district.code] == key:
                            score -= 0.2
                    if last:
                        score += 0.1
                        if i == 0:
                            score += 0.1
                    append((unit, s, i, j, score, "name", key, i - j))

    def inside(self, unit: AdminUnit, within: str) -> bool:
        """Whether ``unit`` is the unit ``within`` or below it."""
        if unit.code == within or self.province[unit.code].code == within:
            return True
        district = self.district[unit.code]
        return district is not None and district.code == within

    def candidates(self, segments: list[list[str]], within: str | None = None) -> list[_Cand]:
        """Every span that names a unit. A province named firmly narrows the rest: units
        of other provinces are then not considered (the search is hierarchy-aware)."""
        protos = self._protos
        per_segment: list[_Protos] = []
        firm: frozenset[str] = _NO_CODES
        for tokens in segments:
            # Keyed by the words joined (a segment's words hold no space): a string, unlike
            # a tuple, is no object the garbage collector follows, and a long batch adds a
            # key for most of its parts.
            key = " ".join(tokens)
            proto = protos.get(key)
            if proto is None:
                proto = self._segment_candidates(tokens)
                if len(protos) > 100_000:  # bounded: a long batch of distinct addresses
                    protos.clear()
                protos[key] = proto
            per_segment.append(proto)
            if proto[1]:
                firm = firm | proto[1] if firm else proto[1]
        found: list[_Cand] = []
        append = found.append
        top_of = self.top
        if within is None:
            self._add_candidates(per_segment, firm, append)
            return found
        if within not in self.province:
            return found
        home = self.province[within].code  # the province may be named
        scoped = [
            [
                (unit, span, *self._score(unit, span))
                for span in spans
                for unit in span[3]
                if self.inside(unit, within) or unit.code == home
            ]
            for spans, _ in per_segment
        ]
        firm = frozenset(
            unit.code
            for rows in scoped
            for unit, _, score, _, _ in rows
            if unit.level is _P and score >= 0.95
        )
        for s, rows in enumerate(scoped):
            for unit, span, score, how, begin in rows:
                level = unit.level
                if firm and level is not _P and top_of[unit.code] not in firm:
                    continue
                append((unit, s, begin, span[1], score, how, span[2], begin - span[1]))
        return found


def _syllable_tree(
    names: dict[str, list[AdminUnit]],
    let_through: dict[str, _ByTop],
    told: dict[str, dict[frozenset[str], _Told]],
) -> dict[str, _Node]:
    """The nodes of the first syllables of ``names``' keys (see _Node)."""
    following: dict[str, dict[str, str]] = defaultdict(dict)  # name start -> next word -> key
    for key in names:
        words = key.split()
        for k in range(1, len(words)):
            following[" ".join(words[:k])][words[k]] = " ".join(words[: k + 1])

    def node(key: str) -> _Node:
        after = following.get(key)
        return (
            names.get(key),
            key,
            {word: node(longer) for word, longer in after.items()} if after else None,
            let_through.get(key),
            told.get(key),
        )

    firsts = dict.fromkeys(key.split()[0] for key in names if key.strip())
    return {first: node(first) for first in firsts}


def _syllables(glued: str, syllables: set[str]) -> str | None:
    """Split a glued key into known syllables, fewest pieces first ("nguyentrungtruc" ->
    "nguyen trung truc"); ``None`` when it cannot be split."""
    size = len(glued)
    best: list[str | None] = [None] * (size + 1)
    pieces = [size + 1] * (size + 1)  # the number of pieces of best[k]
    best[0] = ""
    pieces[0] = 0
    for start in range(size):
        head = best[start]
        if head is None:
            continue  # no split reaches this letter
        count = pieces[start] + 1
        for end in range(start + 1, min(size, start + 7) + 1):
            if count < pieces[end] and glued[start:end] in syllables:
                best[end] = f"{head} {glued[start:end]}" if head else glued[start:end]
                pieces[end] = count
    return best[-1]


# A chain: its score and the candidates of its province, district and commune (each may be
# None). A plain tuple, like the candidates (read by position: unit 0, seg 1, start 2, end 3,
# score 4).
_Chain = tuple[float, _Cand | None, _Cand | None, _Cand | None]


def _pick(options: list[_Cand] | None, *others: _Cand | None) -> _Cand | None:
    """The best of ``options`` whose span overlaps none of ``others``."""
    if not options:
        return None
    for option in options:
        seg, start, end = option[1], option[2], option[3]
        for other in others:
            if other is not None and other[1] == seg and start < other[3] and other[2] < end:
                break
        else:
            return option
    return None


_NO_MORE: dict[str, list[_Cand]] = {}  # never written: see _best_chains


def _best_chains(index: ResolverIndex, cands: list[_Cand], limit: int) -> list[_Chain]:
    """Chains of consistent candidates, best first. Linear: a chain is fixed by its finest
    unit, whose parents are looked up among the candidates by code. With ``limit`` 1, a
    district or province that a commune's chain already holds makes no chain of its own."""
    if len(cands) > 1:
        # Best score first, then the longer span, then in the order found: two stable sorts
        # on fields, with no Python function called per candidate.
        cands.sort(key=_by_shorter)
        cands.sort(key=_by_score, reverse=True)
    # The best candidate of each code; the rare codes named twice keep every candidate,
    # best first, in ``more`` (a parent that overlaps the unit is passed over for the next).
    first: dict[str, _Cand] = {}
    more: dict[str, list[_Cand]] = _NO_MORE  # (replaced by a dict of its own when needed)
    strong_p: list[_Cand] = []
    strong_d: list[_Cand] = []
    strong_c: list[_Cand] = []
    # The most a district or a province can add to a chain; with limit 1, a chain that
    # cannot reach the best one found so far is not built.
    top_d = top_p = 0.0
    for c in cands:
        unit = c[0]
        code = unit.code
        if code in first:
            same = more.get(code)
            if same is None:
                if more is _NO_MORE:
                    more = {}
                more[code] = [first[code], c]
            else:
                same.append(c)
        else:
            first[code] = c
        score = c[4]
        if score >= 1.0:
            level = unit.level
            if level is _C:
                strong_c.append(c)
            elif level is _D:
                strong_d.append(c)
                if score > top_d:
                    top_d = score
            else:
                strong_p.append(c)
                if score > top_p:
                    top_p = score
        elif score > top_d or score > top_p:
            level = unit.level
            if level is _D:
                if score > top_d:
                    top_d = score
            elif level is _P and score > top_p:
                top_p = score
    chains: list[_Chain] = []
    top_of = index.top
    parents = index.parents
    covered: set[str] = set()
    single = limit == 1
    best_so_far = -1e9
    # With limit 1, a chain whose score cannot reach ``floor`` is not built (none until the
    # first chain is).
    floor = -math.inf
    most_above = top_d + top_p  # the most a commune's district and province can add
    for code, best in first.items():
        level = best[0].level
        com: _Cand | None
        dis: _Cand | None
        pro: _Cand | None
        if level is _C:
            # What a commune adds to a chain is its score weighted by 1.2 (a commune found
            # says more than a province); a district or a province adds its score.
            value = best[4] * 1.2
            if value + most_above < floor:
                # The codes come best first: no later chain, of any level, can reach the
                # floor either (a commune's bound is the highest for a given score).
                break
            # The parents' best candidates, unless they overlap the unit (then the next).
            seg, start, end = best[1], best[2], best[3]
            d_code, p_code = parents[code]
            d = first.get(d_code)
            if d is not None and d[1] == seg and start < d[3] and d[2] < end:
                d = _pick(more.get(d_code), best)
            p = first.get(p_code)
            if p is not None and (
                (p[1] == seg and start < p[3] and p[2] < end)
                or (d is not None and p[1] == d[1] and d[2] < p[3] and p[2] < d[3])
            ):
                p = _pick(more.get(p_code), best, d)
            com, dis, pro = best, d, p
            score = value
            if d is not None:
                score += d[4]
                if single:
                    covered.add(d_code)
            if p is not None:
                score += p[4]
                if single:
                    covered.add(p_code)
        elif code in covered:  # (only with limit 1)
            continue
        elif level is _D:
            if best[4] + top_p < floor:
                continue
            seg, start, end = best[1], best[2], best[3]
            p_code = top_of[code]
            p = first.get(p_code)
            if p is not None and p[1] == seg and start < p[3] and p[2] < end:
                p = _pick(more.get(p_code), best)
            com, dis, pro = None, best, p
            score = best[4]
            if p is not None:
                score += p[4]
                if single:
                    covered.add(p_code)
        else:
            if best[4] < floor:
                continue
            com, dis, pro = None, None, best
            score = best[4]
        # (seg, start) of the finer one after the coarser one's, compared without tuples
        if (
            (
                com is not None
                and dis is not None
                and (com[1] > dis[1] or (com[1] == dis[1] and com[2] > dis[2]))
            )
            or (
                dis is not None
                and pro is not None
                and (dis[1] > pro[1] or (dis[1] == pro[1] and dis[2] > pro[2]))
            )
            or (
                com is not None
                and pro is not None
                and (com[1] > pro[1] or (com[1] == pro[1] and com[2] > pro[2]))
            )
        ):
            score -= 0.4  # not written finer to coarser, as addresses are
        # A piece the text states firmly but the chain leaves out counts against it: much
        # when it is coarser than the chain's finest unit (the text says another district
        # or province), less when finer (a former name, a typo: looked for again later).
        if com is None and strong_c:
            left = _pick(strong_c, com, dis, pro)
            if left is not None:
                score -= 0.4 * left[4]
        if dis is None and strong_d:
            left = _pick(strong_d, com, dis, pro)
            if left is not None:
                score -= (1.0 if com is not None else 0.4) * left[4]
        if pro is None and strong_p:
            left = _pick(strong_p, com, dis, pro)
            if left is not None:
                score -= (1.0 if com is not None or dis is not None else 0.4) * left[4]
        chains.append((score, pro, dis, com))
        if single and score > best_so_far:
            best_so_far = score
            floor = score - 1e-9
    if len(chains) > 1:
        # Best first; reverse keeps the order of equal scores, as a key of -score would.
        chains.sort(key=_first, reverse=True)
    return chains[: limit * 2 if limit > 2 else 4]


def _free_runs(segments: list[list[str]], used: Iterable[_Cand]) -> list[tuple[int, list[str]]]:
    """The runs of words of each segment that no candidate in ``used`` covers."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for c in used:
        spans.setdefault(c[1], []).append((c[2], c[3]))
    runs: list[tuple[int, list[str]]] = []
    for s, tokens in enumerate(segments):
        taken = spans.get(s)
        if taken is None:
            runs.append((s, list(tokens)))
            continue
        # The gaps between the spans taken, left to right (slices, not a word at a time).
        pos = 0
        for start, end in sorted(taken):
            if start > pos:
                runs.append((s, tokens[pos:start]))
            if end > pos:
                pos = end
        if pos < len(tokens):
            runs.append((s, tokens[pos:]))
    return runs


def _strip_prefix(run: list[str]) -> tuple[list[str], frozenset[str] | None]:
    """The tokens after the last kind word of ``run``, and the kinds it announces."""
    size = len(run)
    for i in range(size - 1, -1, -1):
        word = _KIND_WORDS.get(run[i])  # (no tuple of words built to ask _PREFIXES)
        if word is None:
            continue
        alone, pairs = word
        if pairs is not None and i + 2 < size and run[i + 1] in pairs:
            return run[i + 2 :], pairs[run[i + 1]]
        if alone is not None and i + 1 < size:
            return run[i + 1 :], alone
    return run, None


def _fuzzy(
    index: ResolverIndex,
    runs: list[tuple[int, list[str]]],
    parent: str | None,
    level: UnitLevel,
    after: tuple[int, int] | None,
) -> tuple[AdminUnit, float, str] | None:
    keys, units = index.choices(parent, level)
    if not keys:
        return None
    asked: list[tuple[str, float]] = []
    for seg, run in runs:
        if after is not None and seg < after[0]:
            continue
        tokens, kinds = _strip_prefix(run)
        if kinds is not None and level not in _LEVELS_OF[kinds]:
            if level is not _P:
                continue
            tokens, kinds = run, None  # a province is often written last, after the rest
        # The whole run, and its two- and three-syllable ends (most names have two). In a
        # dict, not a set: between queries equally similar, the first asked wins, and a
        # set's order would change with the hash seed from one process to the next.
        queries = {" ".join(tokens): None}
        for width in (2, 3):
            if len(tokens) > width:
                queries[" ".join(tokens[-width:])] = None
                queries[" ".join(tokens[:width])] = None
        whole = len(tokens) == len(run)
        for query in queries:
            # (Letters and spaces only, the usual query, hold no digit: one C pass.)
            if not query.replace(" ", "").isalpha() and any(map(str.isdigit, query)):
                # A number names a unit only after a kind word ("P.3") or alone in its
                # part of the address; otherwise it is a house number.
                if not (kinds is not None or (whole and query == " ".join(tokens))):
                    continue
            elif len(query) < 3:
                continue
            asked.append((query, 0.05 if kinds else 0.0))
    if not asked:
        return None
    best: tuple[AdminUnit, float, str] | None = None
    for (query, bonus), (k, similarity) in zip(asked, _closest(asked, keys), strict=True):
        if k < 0:
            continue
        score = similarity / 100.0 + bonus
        if best is None or score > best[1]:
            best = (units[k], score, query)
    return best


def _closest(asked: list[tuple[str, float]], keys: list[str]) -> list[tuple[int, float]]:
    """For each query, the index of the first key with the highest ``fuzz.ratio`` (at least
    78) and that similarity, or ``(-1, 0.0)``."""
    extract, ratio = _rapidfuzz()
    out: list[tuple[int, float]] = []
    for query, _ in asked:
        hit = extract(query, keys, scorer=ratio, score_cutoff=78)
        out.append((-1, 0.0) if hit is None else (hit[2], hit[1]))
    return out


@functools.cache
def _rapidfuzz() -> tuple[Any, Any]:
    """``process.extractOne`` and ``fuzz.ratio``, imported on first use."""
    from rapidfuzz import fuzz, process

    return process.extractOne, fuzz.ratio


@functools.lru_cache(maxsize=4096)
def _confidence(score: float, levels: int, runner_up: float | None) -> float:
    # Remembered: scores are sums of a few fixed amounts, so the same arguments come back
    # all the time, and round() to 3 digits alone costs more than the lookup (it is
    # correctly rounded, through the decimal digits of the float). Comparisons rather than
    # min and max: this runs for every match.
    base = score / (1.15 * (levels if levels > 1 else 1) + 0.2)
    if base > 1.0:
        base = 1.0
    if runner_up is not None and runner_up >= score - 1e-9:
        base *= 0.5
    elif runner_up is not None and score - runner_up < 0.3:
        base *= 0.8
    return round(base if base > 0.01 else 0.01, 3)


class _Reading(NamedTuple):
    score: float
    unit: AdminUnit
    province: AdminUnit | None
    district: AdminUnit | None
    commune: AdminUnit | None
    used: tuple[_Cand, ...]  # the names matched exactly
    how: tuple[str, ...]  # what was found by similarity, in words (the end of the reason)
    found: tuple[str, ...]  # the pieces of text found by similarity
    similar: bool  # whether a piece was found by similarity


# The reason, the pieces matched and the segments of a reading are put together only for the
# readings kept (most readings of a text are dropped for a better one).


def _reason(used: tuple[_Cand, ...], how: tuple[str, ...]) -> str:
    """The reason of a reading, from its ``used`` and ``how``."""
    # (A loop, not a comprehension: one frame less for the one to three names of a reading.)
    pieces: list[str] = []
    for c in used:
        pieces.append(f"{_LEVEL_VALUE[c[0].level]} {c[6]!r} ({c[5]})")
    pieces += how
    return "; ".join(pieces)


def _matched(used: tuple[_Cand, ...], found: tuple[str, ...]) -> tuple[str, ...]:
    """The pieces matched of a reading, from its ``used`` and ``found``."""
    return (*map(_text_of, used), *found)


def _finest_seg(reading: _Reading) -> int:
    """The segment of the finest unit matched exactly, -1 when none."""
    used = reading.used
    return used[0][1] if used and used[0][0] is reading.unit else -1


_DISTRICT_WORDS = frozenset({"quan", "q", "huyen", "h", "tx"})


def _has_district_word(segments: list[list[str]]) -> bool:
    for seg in segments:
        if not _DISTRICT_WORDS.isdisjoint(seg):
            return True
        if "thi" in seg:
            for i, t in enumerate(seg):
                if t == "thi" and seg[i + 1 : i + 2] == ["xa"]:
                    return True
    return False


def _resolve_in(
    index: ResolverIndex,
    segments: list[list[str]],
    limit: int,
    within: str | None = None,
    depth: int = 0,
) -> list[_Reading]:
    cands = index.candidates(segments, within)
    chains = _best_chains(index, cands, limit) or [(0.0, None, None, None)]
    wanted = limit
    most = len(chains) if len(chains) < limit + 4 else limit + 4
    while wanted < most and chains[wanted][0] >= chains[0][0] - 1e-9:
        wanted += 1  # readings tied with the best are all kept: the marks may break the tie
    has_districts = index.has_districts
    if wanted == 1:
        score, found_p, found_d, found_c = chains[0]
        if found_c is not None and found_p is not None and (found_d or not has_districts):
            # The usual answer: one reading, with every level named exactly; nothing is
            # looked for by similarity (what the loop below gives such a chain).
            finest = found_c[0]
            if found_d is not None:
                chain_used: tuple[_Cand, ...] = (found_c, found_d, found_p)
                above: AdminUnit | None = found_d[0]
            else:
                chain_used = (found_c, found_p)
                above = index.district[finest.code]
            return [
                _new_tuple(
                    _Reading,
                    (score, finest, found_p[0], above, finest, chain_used, (), (), False),
                )
            ]
    results: list[_Reading] = []
    seen: set[str] = set()
    for rank, chain in enumerate(chains[:wanted]):
        score, found_p, found_d, found_c = chain
        province = found_p[0] if found_p else None
        district = found_d[0] if found_d else None
        commune = found_c[0] if found_c else None
        how: list[str] = []
        scoped = False
        used: tuple[_Cand, ...]  # the candidates of the chain, finest first
        if found_c is not None and found_d is not None and found_p is not None:
            used = (found_c, found_d, found_p)  # the usual chain: no filter to build
        else:
            used = tuple(filter(None, (found_c, found_d, found_p)))
        by_similarity: list[str] = []
        # A commune known only as a street's name: the district is looked for as when none
        # was found (the text may name it, misspelt, elsewhere).
        street = found_c if found_c is not None and found_c[5] == _STREET_HOW else None
        complete = (
            commune is not None
            and province is not None
            and (district is not None or not has_districts)
        )
        if (
            rank == 0
            and not complete
            # A commune and its province found, no district: nothing below looks for one
            # unless a district word is written (the district was left out, as often), or
            # the commune is only a street's name ("251 Trần Hưng Đạo, Giao Chu, T. Nam
            # Định": the misspelt district may say where the address is).
            and (
                province is None
                or commune is None
                or street is not None
                or _has_district_word(segments)
            )
        ):
            # Look for the levels the text gave but that did not match exactly.
            runs = [(s, r) for s, r in _free_runs(segments, used) if not _NOISE.issuperset(r)]
            if (
                runs
                and within is not None
                and province is None
                and commune is None
                and (district is None and within in index.province)
            ):
                scope = index.view.by_code[within]
                province = index.province[within]
                if scope.level is _D:
                    district = scope
                scoped = True
            if runs and depth == 0 and within is None and found_p is None:
                # A misspelt province after the names found: when it is not theirs, read the
                # text again inside it.
                hit = _fuzzy(index, runs, None, _P, _pos(used[0]) if used else None)
                found = commune or district
                if hit and hit[1] >= 0.85:
                    note = f"province by similarity ({hit[2]!r})"
                    if found is None or index.province[found.code] is not hit[0]:
                        again = _resolve_in(index, segments, limit, hit[0].code, depth + 1)
                        if again:
                            return _noted(again, hit[1], note)
                    else:
                        province = hit[0]
                        score += hit[1] * 0.9
                        how.append(note)
                        by_similarity.append(hit[2])
            if runs and province is None and commune is None and district is None:
                hit = _fuzzy(index, runs, None, _P, None)
                if hit:
                    province, fs, q = hit
                    score += fs * _LEVEL_WEIGHT[_P] * 0.9
                    how.append(f"province by similarity ({q!r})")
                    by_similarity.append(q)
            if runs and province is None and (commune or district):
                province = index.province[(commune or district).code]  # type: ignore[union-attr]
            if (
                runs
                and province is not None
                and district is None
                and has_districts
                and (commune is None or street is not None or _has_district_word(segments))
            ):
                # (Beside a street's name, only in another part of the text: the words
                # around a street's name are more often a street's or a hamlet's.)
                near = runs if street is None else [r for r in runs if r[0] != street[1]]
                hit = _fuzzy(index, near, province.code, _D, None)
                if (
                    hit
                    and depth == 0
                    and hit[1] >= 0.85
                    and commune is not None
                    and index.district[commune.code] is not hit[0]
                ):
                    # The commune found is not in the (misspelt) district the text names.
                    again = _resolve_in(index, segments, limit, hit[0].code, depth + 1)
                    if again:
                        return _noted(again, hit[1], f"district by similarity ({hit[2]!r})")
                if (
                    hit
                    and street is not None
                    and commune is not None
                    and index.district[commune.code] is not hit[0]
                ):
                    # The commune is only a street's name, outside the district the text
                    # names (misspelt): the district says more.
                    commune = None
                    used = tuple(c for c in used if c is not street)
                    score -= street[4] * _LEVEL_WEIGHT[_C]
                if hit and (commune is None or index.district[commune.code] is hit[0]):
                    district, fs, q = hit
                    score += fs * _LEVEL_WEIGHT[_D] * 0.9
                    how.append(f"district by similarity ({q!r})")
                    by_similarity.append(q)
                    runs = [(s, r) for s, r in runs if " ".join(r).find(q) < 0]
            if runs and commune is None and (district or province):
                parent = (district or province).code  # type: ignore[union-attr]
                hit = _fuzzy(index, runs, parent, _C, None)
                if hit:
                    commune, fs, q = hit
                    score += fs * _LEVEL_WEIGHT[_C] * 0.9
                    how.append(f"commune by similarity ({q!r})")
                    by_similarity.append(q)
        unit = commune or district or province
        if unit is None or unit.code in seen or (scoped and not how):
            continue
        seen.add(unit.code)
        if commune is not None and district is None:
            district = index.district[commune.code]
        if province is None:
            province = index.province[unit.code]
        results.append(
            _new_tuple(
                _Reading,
                (
                    score,
                    unit,
                    province,
                    district,
                    commune,
                    used,
                    tuple(how) if how else (),
                    tuple(by_similarity) if by_similarity else (),
                    bool(how),
                ),
            )
        )
    return results


def _noted(readings: list[_Reading], similarity: float, note: str) -> list[_Reading]:
    """Readings of a second pass inside a unit found by similarity, credited for it."""
    return [
        r._replace(
            score=r.score + similarity * 0.9,
            how=r.how if note in _reason(r.used, r.how) else (*r.how, note),
            similar=True,
        )
        for r in readings
    ]


def _pos(c: _Cand | None) -> tuple[int, int] | None:
    return (c[1], c[2]) if c is not None else None


def _prefer_marks(readings: list[_Reading], text: str) -> list[_Reading]:
    """Break a tie between units whose names fold to the same key (Trực Hưng, Trực Hùng) by
    the marks the text has: the name written as in its part of the text wins."""
    if len(readings) < 2 or text.isascii():
        return readings
    ordered = sorted(readings, key=lambda r: -r.score)
    if ordered[0].score - ordered[1].score > 1e-9:
        return readings
    parts = [normalize(p).casefold() for p in _SEGMENT.split(text) if fold(p)]
    tied = ordered[0].score

    def written(reading: _Reading) -> bool:
        name = normalize(reading.unit.short_name).casefold()
        seg = _finest_seg(reading)
        if 0 <= seg < len(parts):
            return name in parts[seg]
        return any(name in part for part in parts)

    return [
        r._replace(score=r.score + 0.05) if abs(r.score - tied) < 1e-9 and written(r) else r
        for r in readings
    ]


def _finish(readings: list[_Reading], limit: int, as_of: date | None) -> list[UnitMatch]:
    if len(readings) > 1:
        readings.sort(key=_first, reverse=True)  # by score, best first, ties kept in order
    kept = readings[:limit]
    out: list[UnitMatch] = []
    build = _new_match
    for i, reading in enumerate(kept):
        # One unpacking: a named tuple's fields read by name each go through a descriptor.
        score, unit, province, district, commune, used, how, found, _ = reading
        runner: float | None = None
        if len(readings) > 1:
            for j, other in enumerate(readings):
                if j != i and (runner is None or other.score > runner):
                    runner = other.score
            if i > 0 and runner is not None:
                runner = max(runner, kept[0].score)
        n_levels = (province is not None) + (district is not None) + (commune is not None)
        # Every value is already what UnitMatch stores (the class has no converter): the
        # trusted constructor skips attrs' per-field checks (tests compare with UnitMatch).
        out.append(
            build(
                unit,
                _confidence(score, n_levels or 1, runner),
                _reason(used, how),
                province,
                district,
                commune,
                (),
                as_of,
                _matched(used, found),
            )
        )
    return out


def resolve(
    text: str,
    as_of: date | None = None,
    within: str | None = None,
    *,
    limit: int = 5,
    dataset: UnitDataset | type[UnitDataset] | UnitStore | None = None,
) -> list[UnitMatch]:
    """Read ``text`` as a place: a list of :class:`UnitMatch`, best first (empty if nothing).

    ``as_of`` picks the state of the catalog. After a reform, a name that only the earlier
    state knows gives the old unit, with its successors on ``as_of``. When ``as_of`` is
    ``None``, today's state is used unless the earlier state explains the text better (an
    address with a district, say). ``within`` is a unit code that narrows the search to
    the units inside it. ``dataset`` is the catalog's dataset (the Vietnamese one by
    default).
    """
    store = store_for(dataset)
    day = as_of or date.today()
    view = store.view(day)
    segments = _segments(text)
    if not segments:
        return []
    readings = _resolve_in(view.resolver_index(), segments, limit, within)
    # (The two steps below change nothing without ``within`` or with one reading: not
    # called then, as for most texts.)
    if within is not None:
        readings = _keep_within(readings, within)
    if len(readings) > 1:
        readings = _prefer_marks(readings, text)
    boundaries = store.boundaries
    if boundaries and day >= boundaries[0]:
        best = max(readings, key=_first) if readings else None
        top = best.score if best is not None else 0.0
        # The earlier state is asked only when the current one left something unexplained:
        # no commune, a weak reading, or a district word (districts no longer exist); when
        # the date is not given, also a part of the text that nothing was found in.
        if (
            best is None
            or best.commune is None
            or top < 1.5
            or _has_district_word(segments)
            or (as_of is None and _unexplained(segments, best))
        ):
            earliest = store.view(store.boundaries[0] - timedelta(days=1))
            old_index = earliest.resolver_index()
            old = _keep_within(_resolve_in(old_index, segments, limit, within), within)
            old = _prefer_marks(old, text)
            old_top = max(map(_first, old), default=0.0)
            if as_of is None:
                # No date: the state that explains the text better.
                better = old_top > top + 1e-9
            else:
                better = old_top > top + 0.25 and not _same_place(old, best)
            if better and _similar_against_exact(old, best, segments):
                better = False
            if old and better:
                return [_with_successors(m, day, text, store) for m in _finish(old, limit, as_of)]
    return _finish(readings, limit, as_of)


def _unexplained(segments: list[list[str]], reading: _Reading | None) -> bool:
    """Whether a part of the text without digits (not a street address) matched nothing."""
    if reading is None:
        return True
    segs = {c[1] for c in reading.used}
    return any(
        s not in segs
        and not any(t[0].isdigit() for t in tokens)
        and any(t not in _NOISE for t in tokens)
        for s, tokens in enumerate(segments)
    )


def _similar_against_exact(
    old: list[_Reading], current: _Reading | None, segments: list[list[str]]
) -> bool:
    """Whether the best old reading needed similarity while the current one names every word
    of the text exactly: then the current one is kept. (With ``within``, the exact names
    of the text found outside it are left out of the old state's candidates, and the
    similarity search makes another unit of the old state out of them: "phường Xuân
    Hương - Đà Lạt" within Lâm Đồng read as Xã Xuân Trường.)"""
    if current is None or current.similar:
        return False
    if not max(old, key=_first).similar:
        return False
    return not any(t not in _NOISE for _, run in _free_runs(segments, current.used) for t in run)


def _same_place(old: list[_Reading], current: _Reading | None) -> bool:
    """Whether the best old reading names the same unit as the current one (same code, same
    level): then the current state's answer is kept."""
    if current is None:
        return False
    top = max(old, key=_first)
    return top.unit.code == current.unit.code and top.unit.level is current.unit.level


def _keep_within(readings: list[_Reading], within: str | None) -> list[_Reading]:
    if within is None:
        return readings
    return [
        r
        for r in readings
        if within in (r.unit.code, *(u.code for u in (r.province, r.district, r.commune) if u))
    ]


def _with_successors(match: UnitMatch, day: date, text: str, store: Any) -> UnitMatch:
    from dlxh.units.lineage import map_to

    mapping = map_to(match.unit, day, split="equal", address=text, dataset=store)
    after = tuple(share.unit for share in mapping.shares)
    reason = f"{match.reason}; former unit (before {store.boundaries[0]}), now " + ", ".join(
        u.name for u in after
    )
    return attrs.evolve(match, successors=after, reason=reason)
