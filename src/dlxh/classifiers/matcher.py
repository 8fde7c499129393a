"""One-pass cue matching on folded syllables, with offsets into the original text.

A :class:`CueMatcher` finds, at each syllable of the folded text, the longest key (a cue, or a
listed word, below) that starts there, so that cues that begin inside another cue are found
too; shorter cues that are a syllable prefix of that key are reported from the same match
(they are attached to the longer key when it is compiled). There is no loop over cues at match
time: the longest key at each start comes from a walk down a trie of syllables (pure Python:
``str.split`` cuts a folded text that is ASCII, a regular expression any other), or from one
Aho-Corasick pass when ``pyahocorasick`` is installed (``dlxh[fast]``; its keys are also
stored with a few spaces doubled, as a comma and a space fold to two, and longer or more runs
of spaces are made single for it and the offsets carried back). What a key written in a given
way yields is worked out once and remembered per written span. A trie-shaped regular
expression run with a look-ahead at every word start is the reference the fast paths are
tested against.

Folding is :func:`dlxh.text.fold` applied character by character through a translation table
that keeps every character in its place (one character in, one character out), so that an
offset in the folded text is the same offset in the original NFC text (done with a charmap
codec and ``bytes.translate`` when every character has a byte; see :func:`_byte_tables`).
Sentence punctuation folds to a separator that no cue crosses.

Because folding drops diacritics, ``chùa`` (pagoda) and ``chưa`` (not yet) share a key. A cue
is therefore checked against the original span when it matched: a syllable written with
diacritics must carry the cue's diacritics (a syllable written without any matches any), a
one-syllable cue with diacritics needs them in the text, and a short all-capital acronym
(``AI``, ``BOT``) must be written in capitals.

**Lexicalised words.** A cue must not be cut out of a longer word that means something else:
``xã`` (commune) is a place cue, ``xã hội`` (society) is not a place. The matcher takes a list
of such words (two syllables or more; checked for diacritics as cues are) and gives them
precedence as the longest match: where a listed word is found, no cue that lies inside it
fires, neither the cues that are its prefixes (``xã`` in ``xã hội``) nor the cues that start
inside it (``xã`` in ``hợp tác xã``). A cue that is the whole word, or that covers it
(``mạng xã hội``), still fires. A listed word yields nothing by itself.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

import attrs

from dlxh.text import fold, normalize
from dlxh.text._charmap import charmap, charmap_chars

__all__ = ["CueMatch", "CueMatcher", "Hit", "aligned_fold", "cue_key"]

P = TypeVar("P")

_SENTENCE_BREAK = "\x1f"
"""What ``.``, ``!``, ``?``, ``;`` and line breaks fold to: not a letter, not a space, so that
no cue spans two sentences."""

_BREAKS = frozenset(".!?;\n\r\u2026")
_WORD = re.compile(r"\w+")


def _fold_one(ch: str) -> str:
    if ch in _BREAKS:
        return _SENTENCE_BREAK
    folded = fold(ch)
    if len(folded) == 1:
        return folded
    if not folded:
        return " "
    # A compatibility character that folds to several letters (a ligature): keep the first,
    # so that offsets stay aligned; such characters do not occur in cues.
    return folded[0]


class _AlignedTable(dict[int, str]):
    def __missing__(self, key: int) -> str:
        value = _fold_one(chr(key))
        self[key] = value
        return value


def _build_table() -> _AlignedTable:
    table = _AlignedTable()
    for block in ((0x0000, 0x0250), (0x1E00, 0x1F00), (0x2000, 0x2070)):
        for code in range(*block):
            table[code] = _fold_one(chr(code))
    return table


_TABLE = _build_table()


_COMMON_MARKS = "\xa0«»°×·–—‘’“”…•₫\u200b"
"""Characters other than letters that Vietnamese texts often hold, given a byte too."""


def _byte_tables() -> tuple[Any, bytes, bytes]:
    """What :func:`aligned_fold` folds a text with, a byte per character (see
    ``dlxh.text._charmap``): the encoding map, the fold of each of its bytes, and the fold
    of each ASCII byte (for a text that is ASCII, encoded as it is)."""
    chars = charmap_chars(_COMMON_MARKS)
    assert all(len(_TABLE[ord(ch)]) == 1 and _TABLE[ord(ch)].isascii() for ch in chars)
    encoding = charmap(chars)
    folded = "".join(_TABLE[ord(ch)] for ch in chars).ljust(256, " ").encode("ascii")
    ascii_folded = "".join(_TABLE[code] for code in range(128)).ljust(256, " ").encode("ascii")
    return encoding, folded, ascii_folded


_ENCODING, _BYTE_FOLD, _ASCII_FOLD = _byte_tables()
_charmap_encode = codecs.charmap_encode


def aligned_fold(text: str) -> str:
    """``text`` folded (lower case, no diacritics, ``đ`` → ``d``, punctuation → space) with one
    character out for each character in, so offsets carry over. ``text`` should be NFC."""
    if text.isascii():
        return text.encode().translate(_ASCII_FOLD).decode()
    try:
        encoded = _charmap_encode(text, "strict", _ENCODING)[0]
    except UnicodeEncodeError:
        # A character the charmap leaves out (rare in Vietnamese text): character by character.
        return text.translate(_TABLE)
    return encoded.translate(_BYTE_FOLD).decode()


def cue_key(text: str) -> str:
    """The key a cue is matched on: its aligned fold with whitespace collapsed."""
    return " ".join(aligned_fold(unicodedata.normalize("NFC", text)).split())


@functools.lru_cache(maxsize=65536)
def _surface(syllable: str) -> str:
    """A syllable as written, compared with a cue: NFC, lower case, one tone placement."""
    return normalize(syllable).lower()


def _has_marks(text: str) -> bool:
    return not text.isascii()


@attrs.frozen
class _Variant(Generic[P]):
    """One way of writing a cue, with the payloads it carries."""

    text: str
    lowered: str
    syllables: tuple[str, ...]
    checked: bool
    needs_marks: bool
    capitals: bool
    payloads: tuple[P, ...]

    def fits(self, span: str) -> bool:
        if not self.checked:
            return True
        if self.capitals:
            return span == self.text
        if span.isascii():
            return not self.needs_marks
        if span.lower() == self.lowered:
            return True
        written = _WORD.findall(span)
        if len(written) != len(self.syllables):
            return False
        for got, want in zip(written, self.syllables, strict=True):
            if got.isascii():
                continue
            if _surface(got) != want:
                return False
        return True


class CueMatch(NamedTuple, Generic[P]):
    """A cue found in a text: what it carries, as written in the cue list, and where it is
    (``start``/``end`` offsets into the original text)."""

    cue: str
    start: int
    end: int
    payload: P


Hit = tuple[str, int, P]
"""A cue found at a start: ``(cue as listed, end offset from the start, payload)``."""


_Accepted = tuple[tuple[Hit[P], ...], int]
"""What a key written as a span yields: ``(hits, shield)``, the shield being the end offset of
the listed word it is or begins with (0 when none)."""


@attrs.frozen
class _Layer(Generic[P]):
    """The cues (and listed words) of one length at a start: a key or one of its prefixes."""

    count: int
    """How many syllables."""
    cues: tuple[_Variant[P], ...]
    words: tuple[_Variant[None], ...]


@attrs.frozen
class _Entry(Generic[P]):
    layers: tuple[_Layer[P], ...]
    """The key itself, then the cues and words that are a syllable prefix of it, longest
    first."""


class CueMatcher(Generic[P]):
    """Finds cues in texts in one pass; each cue carries payloads of type ``P``.

    ``cues`` are ``(text, payload, checked)`` triples: ``checked=False`` turns off the
    diacritics check for that cue (negators such as ``không``, which people write without
    diacritics as often as with). ``words`` are lexicalised words that no cue may be cut out
    of (``xã hội`` hides the cue ``xã``; see the module docstring). ``group`` sorts payloads
    into groups for :meth:`spans` with ``first=True``.
    """

    def __init__(
        self,
        cues: Iterable[tuple[str, P, bool]],
        words: Iterable[str] = (),
        group: Callable[[P], Hashable] | None = None,
        groups: Sequence[Hashable] = (),
    ) -> None:
        grouped: dict[str, dict[tuple[str, bool], list[P]]] = {}
        for text, payload, checked in cues:
            text = unicodedata.normalize("NFC", text).strip()
            key = cue_key(text)
            if not key or not _WORD.search(key):
                raise ValueError(f"empty cue {text!r}")
            grouped.setdefault(key, {}).setdefault((text, checked), []).append(payload)
        variants: dict[str, tuple[_Variant[P], ...]] = {}
        for key, by_text in grouped.items():
            variants[key] = tuple(
                _make_variant(text, checked, tuple(payloads))
                for (text, checked), payloads in by_text.items()
            )
        barriers: dict[str, list[_Variant[None]]] = {}
        for text in words:
            text = unicodedata.normalize("NFC", text).strip()
            key = cue_key(text)
            if not key or not _WORD.search(key):
                raise ValueError(f"empty word {text!r}")
            if len(key.split(" ")) < 2:
                raise ValueError(f"a listed word has two syllables or more: {text!r}")
            barriers.setdefault(key, []).append(_make_variant(text, True, ()))
        self._entries: dict[str, _Entry[P]] = {}
        for key in {**variants, **barriers}:
            syllables = key.split(" ")
            layers = []
            for n in range(len(syllables), 0, -1):
                part = " ".join(syllables[:n])
                if part in variants or part in barriers:
                    layers.append(_Layer(n, variants.get(part, ()), tuple(barriers.get(part, ()))))
            self._entries[key] = _Entry(tuple(layers))
        self.size = len(self._entries)
        self._group = group
        # Groups are numbered (those given first, in their order), so that what the matches
        # of a text are sorted into is a list indexed by group rather than a dict.
        numbered = dict.fromkeys(groups)
        if group is not None:
            payloads = (p for found in variants.values() for v in found for p in v.payloads)
            numbered.update(dict.fromkeys(map(group, payloads)))
        self.groups: tuple[Hashable, ...] = tuple(numbered)
        self._group_index = {g: i for i, g in enumerate(self.groups)}
        self._accepted: dict[str, _Accepted[P]] = {}
        self._firsts: dict[str, _Accepted[P]] = {}
        self._grouped: dict[str, tuple[tuple[tuple[int, str, int, P], ...], int]] = {}
        self._root = _syllable_trie(self._entries)
        self._automaton = _automaton(self._entries)
        trie = _trie(self._entries)
        body = _trie_regex(trie) if trie else "(?!)"
        # The same keys as one regular expression: the reference the syllable walks and the
        # automaton are tested against (see :meth:`_scan_regex`).
        self._pattern = re.compile(rf"(?<!\w)(?=({body})(?!\w))")

    def scan(self, text: str) -> list[CueMatch[P]]:
        """Every cue in ``text`` (NFC), in order of start offset; the longest cue at a start
        comes first, then the cues that are its prefixes."""
        return _matches(self.spans(text))

    def spans(self, text: str, first: bool = False) -> list[tuple[int, tuple[Hit[P], ...]]]:
        """What :meth:`scan` finds, as ``(start, hits)`` per start offset, each hit a
        ``(cue, end offset from the start, payload)`` tuple (no object per match).

        With ``first=True``, only the first hit of each group (the longest: the others are
        inside it) is given at each start."""
        folded = aligned_fold(text)
        which = 1 if first else 0
        if not folded.isascii():
            return self._walk(text, folded, which)
        if self._automaton is not None:
            return self._aho(text, folded, which)
        return self._walk_ascii(text, folded, which)

    def grouped(self, text: str) -> dict[Hashable, list[tuple[str, int, int, P]]]:
        """What :meth:`spans` finds with ``first=True``, as ``(cue, start, end, payload)``
        tuples by group (the ``group`` given to the matcher), in order of start; a hit that
        ends within the last one kept of its group is left out (``đa số`` inside ``tuyệt đại
        đa số``: the shorter cue is part of the longer one). (:meth:`by_group` gives the same
        as a list indexed by group number.)"""
        groups = self.groups
        return {groups[i]: same for i, same in enumerate(self.by_group(text)) if same is not None}

    def by_group(self, text: str) -> list[list[tuple[str, int, int, P]] | None]:
        """What :meth:`grouped` gives, as a list with one place per group of :attr:`groups`
        (``None`` for a group with no match).

        This is the lexicon classifier's way in, in one loop from the automaton (when
        pyahocorasick is installed) to the groups."""
        if self._group is None:
            raise ValueError("grouped() needs a matcher made with group=")
        folded = aligned_fold(text)
        if self._automaton is not None and folded.isascii():
            return self._aho_by_group(text, folded)
        if folded.isascii():
            spans = self._walk_ascii(text, folded, 1)
        else:
            spans = self._walk(text, folded, 1)
        group = self._group
        index = self._group_index
        out: list[list[tuple[str, int, int, P]] | None] = [None] * len(index)
        for start, hits in spans:
            for cue, offset, payload in hits:
                end = start + offset
                number = index[group(payload)]
                same = out[number]
                if same is None:
                    out[number] = [(cue, start, end, payload)]
                elif end > same[-1][2]:
                    same.append((cue, start, end, payload))
        return out

    def _aho_by_group(self, text: str, folded: str) -> list[list[tuple[str, int, int, P]] | None]:
        """:meth:`by_group` with the automaton: :meth:`_aho` and the sorting into groups in one
        loop, over hits remembered per span with their group number."""
        if "  " in folded:
            longest, marks, shifts = self._longest(folded)
        else:
            # What _longest does for a text with no run of spaces, inlined: a call less, and
            # no tuple to return and unpack (about 0.7k instructions of some 145k an item).
            marks, shifts = None, _NO_SHIFTS
            longest = {}
            for end, found in self._automaton.iter(f" {folded} "):
                longest[end - found[0]] = found
        out: list[list[tuple[str, int, int, P]] | None] = [None] * len(self.groups)
        grouped = self._grouped
        guard = 0
        for start in sorted(longest) if len(longest) > 1 else longest:
            found = longest[start]
            if marks is None:
                span = text[start : start + found[1]]
            else:
                end = start + found[1]
                start += shifts[_bisect(marks, start)]
                span = text[start : end + shifts[_bisect(marks, end)]]
            try:
                # A subscript rather than .get(): a span is almost always remembered, and a
                # try costs nothing when nothing is raised.
                hits, shield = grouped[span]
            except KeyError:
                hits, shield = self._group_hits(found[2], span)
            if shield or guard:
                # A listed word here or before: the cues inside it do not count.
                if start < guard:
                    hits = tuple([hit for hit in hits if start + hit[2] > guard])
                if shield and start + shield > guard:
                    guard = start + shield
            for number, cue, offset, payload in hits:
                end = start + offset
                same = out[number]
                if same is None:
                    out[number] = [(cue, start, end, payload)]
                elif end > same[-1][2]:
                    same.append((cue, start, end, payload))
        return out

    def _group_hits(self, key: str, span: str) -> tuple[tuple[tuple[int, str, int, P], ...], int]:
        """The first hits of the key ``key`` written as ``span`` with their group numbers in
        front, and the shield (see :meth:`_accept`); remembered per span."""
        hits, shield = self._firsts.get(span) or self._accept(key, span)[1]
        group = self._group
        assert group is not None
        index = self._group_index
        result = (tuple([(index[group(hit[2])], *hit) for hit in hits]), shield)
        self._grouped[span] = result
        return result

    def _longest(self, folded: str) -> tuple[dict[int, Any], list[int] | None, list[int]]:
        """One Aho-Corasick pass (pyahocorasick, when installed) over the folded text: the
        automaton's longest key at each start, with the ``marks`` and ``shifts`` of
        :func:`_squeezed` that carry an offset back when runs of spaces the keys are not stored
        with (see :func:`_automaton`) were made single (``marks`` is ``None`` when not). A key
        is stored with a space or a sentence break on each side, so only whole syllables
        match; matches come by end, so a later one at the same start is longer: the dict
        keeps the longest."""
        marks: list[int] | None = None
        shifts: list[int] = []
        if "  " in folded and ("   " in folded or folded.count("  ") > _DOUBLES):
            marks, shifts, folded = _squeezed(folded)
        # A plain loop: a comprehension is a function made and called for each text.
        longest = {}
        for end, found in self._automaton.iter(f" {folded} "):
            longest[end - found[0]] = found
        return longest, marks, shifts

    def _aho(self, text: str, folded: str, which: int = 0) -> list[tuple[int, tuple[Hit[P], ...]]]:
        # (_aho_by_group is this pass fused with the sorting into groups, for the lexicon.)
        longest, marks, shifts = self._longest(folded)
        found_keys = []
        for start in sorted(longest):
            _, length, key = longest[start]
            end = start + length
            if marks is not None:
                start += shifts[_bisect(marks, start)]
                end += shifts[_bisect(marks, end)]
            found_keys.append((start, end, key))
        return self._hits(text, found_keys, which)

    def _walk_ascii(
        self, text: str, folded: str, which: int = 0
    ) -> list[tuple[int, tuple[Hit[P], ...]]]:
        """The walk down the trie of key syllables for a folded text that is ASCII: then it
        holds letters, digits, spaces and sentence breaks only, and ``str.split`` cuts it."""
        found: list[tuple[int, int, str]] = []
        root = self._root
        base = 0
        for sentence in folded.split(_SENTENCE_BREAK) if _SENTENCE_BREAK in folded else (folded,):
            # Cut at single spaces: a run of spaces leaves empty strings, one per extra space,
            # so that the offset of each syllable is the sum of what comes before it.
            syllables = sentence.split(" ")
            last = len(syllables)
            pos = base
            for i, word in enumerate(syllables):
                if not word:
                    pos += 1
                    continue
                stop = pos + len(word)
                node = root.get(word)
                if node is not None:
                    key = node.get(_END)
                    end = stop
                    j = i + 1
                    at = stop + 1
                    while j < last:
                        nxt = syllables[j]
                        if nxt:
                            node = node.get(nxt)
                            if node is None:
                                break
                            at += len(nxt)
                            if _END in node:
                                key = node[_END]
                                end = at
                        at += 1
                        j += 1
                    if key is not None:
                        found.append((pos, end, key))
                pos = stop + 1
            base += len(sentence) + 1
        return self._hits(text, found, which)

    def _walk(self, text: str, folded: str, which: int = 0) -> list[tuple[int, tuple[Hit[P], ...]]]:
        """The walk down the trie of key syllables for any folded text, cut by a regular
        expression into words and what lies between them."""
        # The folded text cut into words and what lies between them: [gap, word, gap, ...,
        # word, gap]. At each word a walk down the trie of key syllables finds the longest
        # key that starts there (syllables of a key are separated by spaces only).
        parts = _WORDS_SPLIT(folded)
        found: list[tuple[int, int, str]] = []
        root = self._root
        last = len(parts) - 2
        pos = 0
        for i in range(1, len(parts), 2):
            word = parts[i]
            pos += len(parts[i - 1])
            node = root.get(word)
            if node is not None:
                key = node.get(_END)
                end = stop = pos + len(word)
                j = i
                while j < last:
                    gap = parts[j + 1]
                    if gap != " " and gap.strip(" "):
                        break
                    node = node.get(parts[j + 2])
                    if node is None:
                        break
                    j += 2
                    stop += len(gap) + len(parts[j])
                    if _END in node:
                        key, end = node[_END], stop
                if key is not None:
                    found.append((pos, end, key))
            pos += len(word)
        return self._hits(text, found, which)

    def _hits(
        self, text: str, found: Iterable[tuple[int, int, str]], which: int
    ) -> list[tuple[int, tuple[Hit[P], ...]]]:
        """What the longest keys found (start, end, key; by start) yield, whichever way they
        were found: the hits of the span as written, less those inside a listed word found
        before."""
        out: list[tuple[int, tuple[Hit[P], ...]]] = []
        accepted = self._firsts if which else self._accepted
        guard = 0
        for start, end, key in found:
            span = text[start:end]
            got = accepted.get(span)
            if got is None:
                got = self._accept(key, span)[which]
            hits, shield = got
            if shield or start < guard:
                hits, guard = _guarded(hits, shield, start, guard)
            if hits:
                out.append((start, hits))
        return out

    def _scan_regex(self, text: str) -> list[CueMatch[P]]:
        """:meth:`scan` done with one regular expression (a trie-shaped alternation run with a
        look-ahead at every word start): slower, kept as the reference in the tests."""
        out: list[tuple[int, tuple[Hit[P], ...]]] = []
        guard = 0
        for match in self._pattern.finditer(aligned_fold(text)):
            raw = match.group(1)
            start = match.start(1)
            span = text[start : start + len(raw)]
            key = raw if "  " not in raw else " ".join(raw.split())
            hits, shield = self._accept(key, span)[0]
            hits, guard = _guarded(hits, shield, start, guard)
            if hits:
                out.append((start, hits))
        return _matches(out)

    def _accept(self, key: str, span: str) -> tuple[_Accepted[P], _Accepted[P]]:
        """What a match of the key ``key`` written as ``span`` yields: the hits of every cue
        variant that fits, its prefixes included, down to the first listed word that fits
        (shorter cues are inside it), and the end offset of that word (0 when none); then the
        same with the first hit of each group only. Cached per span, since the same words
        come back in text after text."""
        layers = self._entries[key].layers
        hits: list[Hit[P]] = []
        ends: list[int] | None = None
        shield = 0
        for layer in layers:
            if layer.count == layers[0].count:
                part, end = span, len(span)
            else:
                if ends is None:
                    ends = [m.end() for m in _WORD.finditer(aligned_fold(span))]
                end = ends[layer.count - 1]
                part = span[:end]
            _collect(hits, layer.cues, part, end)
            if any(word.fits(part) for word in layer.words):
                shield = end
                break
        if len(self._accepted) >= _CACHE_SIZE:
            self._accepted.clear()
            self._firsts.clear()
            self._grouped.clear()
        firsts = tuple(hits)
        if self._group is not None:
            seen: set[Hashable] = set()
            kept = []
            for hit in hits:
                group = self._group(hit[2])
                if group not in seen:
                    seen.add(group)
                    kept.append(hit)
            firsts = tuple(kept)
        result = ((tuple(hits), shield), (firsts, shield))
        self._accepted[span] = result[0]
        self._firsts[span] = result[1]
        return result


_NO_SHIFTS: list[int] = []
"""The shifts of a text that was not squeezed (none; read, never written)."""


def _squeezed(folded: str) -> tuple[list[int], list[int], str]:
    """``folded`` with each run of spaces made one, for the automaton: where each run now
    stands (``marks``), and how many spaces were taken out before a squeezed offset past it
    (``shifts``, a leading 0 for the offsets before the first run). An offset ``i`` in the
    squeezed text is ``i + shifts[bisect_left(marks, i)]`` in ``folded`` when it is not on a
    run. A key starts with a letter, so its start is not; its end (just past its last
    letter) maps the same way, since ``bisect_left`` leaves out a run that begins there."""
    marks = []
    shifts = [0]
    removed = 0
    for run in _RUNS(folded):
        marks.append(run.start() - removed)
        removed += run.end() - run.start() - 1
        shifts.append(removed)
    return marks, shifts, _SQUEEZE(" ", folded)


def _guarded(
    hits: tuple[Hit[P], ...], shield: int, start: int, guard: int
) -> tuple[tuple[Hit[P], ...], int]:
    """The hits at ``start`` that do not lie inside a listed word found before (which ends
    at ``guard``), and how far listed words now reach."""
    if start < guard:
        hits = tuple([hit for hit in hits if start + hit[1] > guard])
    if shield and start + shield > guard:
        guard = start + shield
    return hits, guard


def _matches(spans: Iterable[tuple[int, tuple[Hit[P], ...]]]) -> list[CueMatch[P]]:
    # tuple.__new__ builds the named tuple without its Python-level __new__.
    return [
        _new_tuple(CueMatch, (cue, start, start + offset, payload))
        for start, hits in spans
        for cue, offset, payload in hits
    ]


_WORDS_SPLIT = re.compile(r"(\w+)").split
_bisect = bisect.bisect_left
_RUNS = re.compile("  +").finditer
_SQUEEZE = re.compile("  +").sub


def _automaton(keys: Iterable[str]) -> Any:
    """An Aho-Corasick automaton of the keys, each between two boundaries (a space or a
    sentence break), valued ``(length + 1, length, key)`` (the first is how far before the
    end the automaton reports the key starts in the folded text); ``None`` without
    pyahocorasick (optional: the pure-Python walk gives the same matches).

    Each key is also stored with up to :data:`_DOUBLES` of its spaces doubled (a comma and a
    space fold to two), so that a text with no more runs of spaces than that, none longer
    than two, is searched as it is, without squeezing them."""
    try:
        import ahocorasick  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for key in keys:
        for written in _spaced(key.split(" ")):
            value = (len(written) + 1, len(written), key)
            for lead in (" ", _SENTENCE_BREAK):
                for trail in (" ", _SENTENCE_BREAK):
                    automaton.add_word(f"{lead}{written}{trail}", value)
    automaton.make_automaton()
    return automaton


_DOUBLES = 3
"""How many doubled spaces a key is stored with, at most (see :func:`_automaton`)."""


def _spaced(syllables: Sequence[str]) -> Iterable[str]:
    """The syllables joined by single spaces, and by single spaces with up to
    :data:`_DOUBLES` of them doubled."""
    gaps = len(syllables) - 1
    for doubled in range(min(gaps, _DOUBLES) + 1):
        for chosen in itertools.combinations(range(gaps), doubled):
            joints = ["  " if gap in chosen else " " for gap in range(gaps)]
            yield syllables[0] + "".join(j + s for j, s in zip(joints, syllables[1:], strict=True))


def _syllable_trie(keys: Iterable[str]) -> dict[str, Any]:
    """The cue keys as nested dicts by syllable; a node where a key ends holds it under
    ``""`` (no syllable is empty)."""
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for word in key.split(" "):
            node = node.setdefault(word, {})
        node[_END] = key
    return root


_CACHE_SIZE = 200_000
_new_tuple = tuple.__new__


def _collect(hits: list[Hit[P]], variants: Sequence[_Variant[P]], span: str, end: int) -> None:
    for variant in variants:
        if variant.fits(span):
            for payload in variant.payloads:
                hits.append((variant.text, end, payload))


def _make_variant(text: str, checked: bool, payloads: tuple[P, ...]) -> _Variant[P]:
    syllables = tuple(_surface(s) for s in _WORD.findall(text))
    marked = _has_marks(text)
    return _Variant(
        text=text,
        lowered=text.lower(),
        syllables=syllables,
        checked=checked,
        needs_marks=checked and marked and len(syllables) == 1,
        capitals=checked
        and text.isascii()
        and text.isalpha()
        and text.isupper()
        and len(text) <= 3,
        payloads=payloads,
    )


_Trie = dict[str, "_Trie"]
_END = ""


def _trie(keys: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return root


def _trie_regex(node: _Trie) -> str:
    ends_here = _END in node
    branches = []
    for ch in sorted(k for k in node if k != _END):
        atom = " +" if ch == " " else re.escape(ch)
        branches.append(atom + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # Greedy: try the longer cue first, fall back to the one that ends here.
        return "(?:" + body + ")?"
    return body
