"""One-pass cue matching on folded syllables, with offsets into the original text.

A :class:`CueMatcher` compiles every cue of every dimension into one regular expression
shaped as a trie (a compiled alternation that shares prefixes), run once over the folded text
with a zero-width look-ahead, so that at each syllable start the longest cue that begins there
is found, and cues that begin inside another cue are found too. Shorter cues that are a
syllable prefix of the longest one are reported from the same match (their payloads are
attached to the longer key when it is compiled). There is no loop over cues at match time.

Folding is :func:`dlxh.text.fold` applied character by character through a translation table
that keeps every character in its place (one character in, one character out), so that an
offset in the folded text is the same offset in the original NFC text. Sentence punctuation
folds to a separator that no cue crosses.

Because folding drops diacritics, ``chùa`` (pagoda) and ``chưa`` (not yet) share a key. A cue
is therefore checked against the original span when it matched: a syllable written with
diacritics must carry the cue's diacritics (a syllable written without any matches any), a
one-syllable cue with diacritics needs them in the text, and a short all-capital acronym
(``AI``, ``BOT``) must be written in capitals.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

import attrs

from dlxh.text import fold, normalize

__all__ = ["CueMatch", "CueMatcher", "aligned_fold", "cue_key"]

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


def aligned_fold(text: str) -> str:
    """``text`` folded (lower case, no diacritics, ``đ`` → ``d``, punctuation → space) with one
    character out for each character in, so offsets carry over. ``text`` should be NFC."""
    return text.translate(_TABLE)


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


@attrs.frozen
class _Entry(Generic[P]):
    variants: tuple[_Variant[P], ...]
    prefixes: tuple[tuple[int, tuple[_Variant[P], ...]], ...]
    """Cues that are a syllable prefix of this key: (syllable count, their variants)."""


class CueMatcher(Generic[P]):
    """Finds cues in texts in one pass; each cue carries payloads of type ``P``.

    ``cues`` are ``(text, payload, checked)`` triples: ``checked=False`` turns off the
    diacritics check for that cue (negators such as ``không``, which people write without
    diacritics as often as with).
    """

    def __init__(self, cues: Iterable[tuple[str, P, bool]]) -> None:
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
        self._entries: dict[str, _Entry[P]] = {}
        for key, own in variants.items():
            words = key.split(" ")
            prefixes = tuple(
                (n, variants[" ".join(words[:n])])
                for n in range(len(words) - 1, 0, -1)
                if " ".join(words[:n]) in variants
            )
            self._entries[key] = _Entry(own, prefixes)
        self.size = len(self._entries)
        self._accepted: dict[str, tuple[tuple[str, int, P], ...]] = {}
        self._root = _syllable_trie(self._entries)
        self._automaton = _automaton(self._entries)
        trie = _trie(self._entries)
        body = _trie_regex(trie) if trie else "(?!)"
        # The same cues as one regular expression: the reference the syllable walk of
        # :meth:`scan` is tested against (see :meth:`_scan_regex`).
        self._pattern = re.compile(rf"(?<!\w)(?=({body})(?!\w))")

    def scan(self, text: str) -> list[CueMatch[P]]:
        """Every cue in ``text`` (NFC), in order of start offset; the longest cue at a start
        comes first, then the cues that are its prefixes."""
        folded = text.translate(_TABLE)
        automaton = self._automaton
        if automaton is None or not folded.isascii():
            return self._scan_words(text, folded)
        # One Aho-Corasick pass (pyahocorasick, when installed) over the folded text with its
        # runs of spaces made single; a cue is stored with a space or a sentence break on
        # each side, so only whole syllables match. The longest cue at each start is kept.
        marks: list[int] = []
        shifts: list[int] = []
        if "  " in folded:
            removed = 0
            for run in _SPACES.finditer(folded):
                marks.append(run.start() - removed + 1)
                removed += run.end() - run.start() - 1
                shifts.append(removed)
            folded = _SPACES.sub(" ", folded)
        longest: dict[int, tuple[int, str]] = {}
        for end, found_key in automaton.iter(f" {folded} "):
            length = found_key[0]
            start = end - length - 1
            known = longest.get(start)
            if known is None or known[0] < length:
                longest[start] = found_key
        found: list[CueMatch[P]] = []
        accepted = self._accepted
        for start in sorted(longest):
            length, key = longest[start]
            stop = start + length
            if marks:
                # Back to offsets in the text: add the spaces taken out before each end.
                k = bisect.bisect_right(marks, start)
                start += shifts[k - 1] if k else 0
                k = bisect.bisect_right(marks, stop - 1)
                stop += shifts[k - 1] if k else 0
            span = text[start:stop]
            hits = accepted.get(span)
            if hits is None:
                hits = self._accept(key, span)
            for cue, offset, payload in hits:
                found.append(_new_tuple(CueMatch, (cue, start, start + offset, payload)))
        return found

    def _scan_words(self, text: str, folded: str) -> list[CueMatch[P]]:
        """:meth:`scan` in pure Python: a walk down the trie of cue syllables at each word."""
        # The folded text cut into words and what lies between them: [gap, word, gap, ...,
        # word, gap]. At each word a walk down the trie of cue syllables finds the longest
        # cue that starts there (syllables of a cue are separated by spaces only).
        parts = _WORDS_SPLIT(folded)
        found: list[CueMatch[P]] = []
        accepted = self._accepted
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
                    span = text[pos:end]
                    hits = accepted.get(span)
                    if hits is None:
                        hits = self._accept(key, span)
                    for cue, offset, payload in hits:
                        # tuple.__new__ builds the named tuple without its Python-level __new__.
                        found.append(_new_tuple(CueMatch, (cue, pos, pos + offset, payload)))
            pos += len(word)
        return found

    def _scan_regex(self, text: str) -> list[CueMatch[P]]:
        """:meth:`scan` done with one regular expression (a trie-shaped alternation run with a
        look-ahead at every word start): slower, kept as the reference in the tests."""
        found: list[CueMatch[P]] = []
        for match in self._pattern.finditer(text.translate(_TABLE)):
            raw = match.group(1)
            start = match.start(1)
            end = start + len(raw)
            span = text[start:end]
            key = raw if "  " not in raw else " ".join(raw.split())
            for cue, offset, payload in self._accept(key, span):
                found.append(CueMatch(cue, start, start + offset, payload))
        return found

    def _accept(self, key: str, span: str) -> tuple[tuple[str, int, P], ...]:
        """What a match of the cue ``key`` written as ``span`` yields: ``(cue, end offset,
        payload)`` for every cue variant that fits, its prefixes included. Cached per span,
        since the same words come back in text after text."""
        entry = self._entries[key]
        hits: list[tuple[str, int, P]] = []
        _collect(hits, entry.variants, span, len(span))
        if entry.prefixes:
            ends = [m.end() for m in _WORD.finditer(span.translate(_TABLE))]
            for count, prefix_variants in entry.prefixes:
                _collect(hits, prefix_variants, span[: ends[count - 1]], ends[count - 1])
        if len(self._accepted) >= _CACHE_SIZE:
            self._accepted.clear()
        result = tuple(hits)
        self._accepted[span] = result
        return result


_WORDS_SPLIT = re.compile(r"(\w+)").split
_SPACES = re.compile("  +")


def _automaton(keys: Iterable[str]) -> Any:
    """An Aho-Corasick automaton of the keys, each between two boundaries (a space or a
    sentence break), valued ``(length, key)``; ``None`` without pyahocorasick (optional: the
    pure-Python walk gives the same matches)."""
    try:
        import ahocorasick  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for key in keys:
        for lead in (" ", _SENTENCE_BREAK):
            for trail in (" ", _SENTENCE_BREAK):
                automaton.add_word(f"{lead}{key}{trail}", (len(key), key))
    automaton.make_automaton()
    return automaton


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


def _collect(
    hits: list[tuple[str, int, P]], variants: Sequence[_Variant[P]], span: str, end: int
) -> None:
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
