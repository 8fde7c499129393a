"""Normalisation of Vietnamese text (:func:`normalize`) and the matching key (:func:`fold`).

``normalize`` gives the *display* form: NFC, clean whitespace, no invisible characters and one
consistent tone-mark placement. ``fold`` gives the *matching* key: lower case, no diacritics,
``đ`` → ``d``, punctuation and spacing folded. Both are idempotent and
``fold(normalize(x)) == fold(x)`` for every string.

``fold`` is called on millions of short strings, so it is one ``str.translate`` over a
precomputed list for the Latin, Vietnamese and punctuation blocks, followed by a whitespace
collapse; a result that is not ASCII (other scripts) goes through a second table, a dict whose
``__missing__`` computes and caches the entry of a character seen for the first time.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from typing import Any, Literal

from dlxh.text._charmap import charmap, charmap_chars

__all__ = ["TONE_STYLES", "ToneStyle", "fold", "normalize"]

ToneStyle = Literal["new", "old", "keep"]
"""Where the tone mark goes in the open syllables ``oa``, ``oe``, ``uy``.

``"new"`` (the default): on the first vowel, ``hòa``, ``khỏe``, ``thủy``; ``"old"``: on the
second vowel, ``hoà``, ``khoẻ``, ``thuỷ``; ``"keep"``: leave placement as written."""

TONE_STYLES: tuple[str, ...] = ("new", "old", "keep")

# --- tone marks ------------------------------------------------------------------------------

_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_TONES = frozenset((_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT))
# Vowel modifiers (circumflex, breve, horn). Typing tools sometimes emit the tone before the
# modifier ("a" + acute + circumflex); both have combining class 230, so canonical ordering keeps
# the wrong order and NFC cannot compose "ấ". We move modifiers before tones.
_MODIFIERS = frozenset(("\u0302", "\u0306", "\u031b"))
_MARK_RUN = re.compile(r"[\u0300-\u036f]{2,}")
_HAS_MARK = re.compile(r"[\u0300-\u036f]")

# --- whitespace and invisible characters -----------------------------------------------------

_LINE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_MANY_NL = re.compile(r"\n{3,}")


# Format and control characters that are not whitespace (Unicode 14 categories Cf and Cc):
# zero-width spaces and joiners, soft hyphen, byte-order mark, bidi controls, NUL and the like.
# Both functions delete them. Spelled out rather than computed so that import stays fast.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)

# "Ð" (U+00D0, Icelandic eth) looks like "Đ" (U+0110) and is what several legacy fonts and
# keyboards produce for it: normalize replaces it.

# --- tone placement --------------------------------------------------------------------------

# Initial consonants that may precede the glide in "oa", "oe", "uy". "q" is left out on
# purpose: in "qua", "quý" the "u" belongs to the initial "qu" and the cluster is one vowel.
_INITIALS = (
    "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
)
_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))


def _with_tone(letter: str, tone: str) -> str:
    return unicodedata.normalize("NFC", letter + tone)


def _build_tone_tables() -> tuple[dict[str, str], dict[str, str]]:
    to_new: dict[str, str] = {}
    to_old: dict[str, str] = {}
    for first, second in _PAIRS:
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for tone in _TONES:
                    new = _with_tone(f, tone) + s
                    old = f + _with_tone(s, tone)
                    to_new[old] = new
                    to_old[new] = old
    return to_new, to_old


_TO_NEW, _TO_OLD = _build_tone_tables()


_INITIAL_SET = frozenset(["", *_INITIALS.split("|")])


def _candidate_pattern(clusters: dict[str, str]) -> re.Pattern[str]:
    firsts = "".join(sorted({c[0] for c in clusters}))
    seconds = "".join(sorted({c[1] for c in clusters}))
    return re.compile(f"[{firsts}][{seconds}]")


# Scans for the two-letter clusters to rewrite; each hit is then checked to be a whole
# syllable: an allowed initial before it, no letter after it. Words in other languages carry
# no Vietnamese tone marks on these clusters and are not touched.
_NEW_CANDIDATE = _candidate_pattern(_TO_NEW)
_OLD_CANDIDATE = _candidate_pattern(_TO_OLD)


def _in_word(ch: str) -> bool:
    # A letter, or a combining mark left over (one that had nothing to compose with).
    return ch.isalpha() or "\u0300" <= ch <= "\u036f"


def _retone(text: str, candidates: re.Pattern[str], table: dict[str, str]) -> str:
    pieces: list[str] = []
    done = 0
    for match in candidates.finditer(text):
        cluster = match.group()
        replacement = table.get(cluster)
        if replacement is None:  # e.g. two toned letters: not one of our clusters
            continue
        start, end = match.span()
        if end < len(text) and _in_word(text[end]):
            continue
        word_start = start
        while word_start > 0 and _in_word(text[word_start - 1]):
            word_start -= 1
        if text[word_start:start].lower() not in _INITIAL_SET:
            continue
        pieces += (text[done:start], replacement)
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _reorder_marks(match: re.Match[str]) -> str:
    run = match.group(0)
    modifiers = [m for m in run if m in _MODIFIERS]
    if not modifiers:
        return run
    tones = [m for m in run if m in _TONES]
    others = [m for m in run if m not in _MODIFIERS and m not in _TONES]
    return "".join(others + modifiers + tones)


def _compose(text: str) -> str:
    if _HAS_MARK.search(text):
        text = unicodedata.normalize("NFD", text)
        text = _MARK_RUN.sub(_reorder_marks, text)
    return unicodedata.normalize("NFC", text)


def normalize(text: str, *, tone_style: ToneStyle = "new") -> str:
    """Return ``text`` in the display form dlxh stores and compares.

    - Unicode NFC; decomposed input (NFD, or tone marks typed as combining characters as with
      Windows-1258 keyboards) is composed, also when the tone was typed before the vowel
      modifier;
    - invisible characters (zero-width space and joiners, soft hyphen, byte-order mark, control
      characters) removed; ``Ð`` (U+00D0) replaced with ``Đ`` (U+0110);
    - line breaks unified to ``\\n``, every other run of whitespace (tabs, no-break and
      typographic spaces) to one space, spaces around line breaks and at both ends removed, at
      most one blank line kept;
    - tone marks of the open syllables ``oa``, ``oe``, ``uy`` placed by ``tone_style``:
      ``"new"`` (default) gives ``hòa``, ``khỏe``, ``thủy``; ``"old"`` gives ``hoà``, ``khoẻ``,
      ``thuỷ``; ``"keep"`` leaves them. Only whole Vietnamese syllables are rewritten:
      ``hoàng``, ``khoảng``, ``quý``, ``quả`` are the same in both styles.

    Idempotent: ``normalize(normalize(x)) == normalize(x)``.
    """
    if tone_style not in TONE_STYLES:
        raise ValueError(f"tone_style must be one of {TONE_STYLES}, got {tone_style!r}")
    text = _INVISIBLE.sub("", text)
    if not text.isascii():
        text = _compose(text)
        if "\u00d0" in text:
            text = text.replace("\u00d0", "\u0110")
    if any(c in text for c in _LINE_BREAKS):
        text = _NEWLINES.sub("\n", text)
    if "\n" in text:
        # str.split() without an argument splits on every Unicode space: one C call per line.
        text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
        text = _MANY_NL.sub("\n\n", text).strip("\n")
    else:
        text = " ".join(text.split())
    if tone_style == "new":
        text = _retone(text, _NEW_CANDIDATE, _TO_NEW)
    elif tone_style == "old":
        text = _retone(text, _OLD_CANDIDATE, _TO_OLD)
    return text


# --- fold ------------------------------------------------------------------------------------

# Apostrophes are deleted rather than spaced, so that "H'Leo" and "Hleo" meet.
_DELETED = frozenset("'`\u2018\u2019\u02bc\u02b9\u00b4")
_D_LETTERS = frozenset("đĐÐ")


def _fold_step(ch: str) -> str:
    if ch in _D_LETTERS:
        return "d"
    if ch in _DELETED:
        return ""
    if ch.isspace():
        return " "
    if _INVISIBLE.match(ch):
        return ""
    category = unicodedata.category(ch)
    if category[0] == "M":
        return ""
    decomposed = unicodedata.normalize("NFKD", ch)
    if decomposed != ch:
        return decomposed
    if category[0] in "PSZ":
        return " "
    return ch.lower()


def _fold_char(ch: str) -> str:
    """The folded form of one character, iterated to a fixed point so that folding twice
    changes nothing (``"İ".lower()`` is two characters, "ﬁ" decomposes to "fi", ...)."""
    current = ch
    for _ in range(8):
        folded = "".join(_fold_step(c) for c in current)
        if folded == current:
            return folded
        current = folded
    return current  # pragma: no cover - no Unicode character needs more than a few steps


class _FoldTable(dict[int, str]):
    """``str.translate`` table: precomputed for the Latin, Vietnamese and punctuation blocks,
    filled on first use for any other character."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


_PRECOMPUTED = ((0x0000, 0x0250), (0x0300, 0x0370), (0x1E00, 0x1F00), (0x2000, 0x2070))


def _build_fold_tables() -> tuple[list[str], _FoldTable]:
    # A list indexed by code point is the fastest table str.translate takes; entries outside
    # the precomputed blocks are the character itself, and a non-ASCII result sends the text
    # through the complete (dict) table. Folded characters fold to themselves, so the second
    # pass only changes what the first left alone.
    fast = [chr(code) for code in range(_PRECOMPUTED[-1][1])]
    complete = _FoldTable()
    for low, high in _PRECOMPUTED:
        for code in range(low, high):
            fast[code] = complete[code] = _fold_char(chr(code))
    return fast, complete


_FOLD_FAST, _FOLD_TABLE = _build_fold_tables()


def fold(text: str) -> str:
    """Return the matching key of ``text``: lower case, no diacritics, ``đ`` → ``d``,
    punctuation and symbols turned into spaces, apostrophes deleted, whitespace collapsed to
    single spaces and stripped; compatibility characters (full-width letters, ligatures) are
    reduced to their plain letters (NFKD).

    ``fold("Thành phố Hồ Chí Minh")`` gives ``"thanh pho ho chi minh"``; ``fold("Hoà") ==
    fold("Hòa") == fold("HOA")``. Idempotent, and ``fold(normalize(x)) == fold(x)``.
    """
    folded = text.translate(_FOLD_FAST)
    if not folded.isascii():
        folded = folded.translate(_FOLD_TABLE)
    return " ".join(folded.split())


@functools.cache
def _parts_table(separators: str) -> list[str]:
    table = list(_FOLD_FAST)
    for ch in separators:
        table[ord(ch)] = " qqq "
    return table


# The byte that stands for a separator in fold_parts' byte tables (no character folds to it).
_CUT = 1
_COMMON_MARKS = "\xa0«»°×·–—‘’“”•₫\u200b"


def _fold_one(ch: str) -> str:
    """What :func:`fold_parts`' two translations make of ``ch``."""
    folded = ch.translate(_FOLD_FAST)
    return folded if folded.isascii() else folded.translate(_FOLD_TABLE)


@functools.cache
def _parts_bytes(separators: str) -> tuple[Any, bytes, bytes, bytes, bytes]:
    """fold_parts' tables a byte per character (see ``dlxh.text._charmap``): each
    character of the charmap folds to one ASCII character or to nothing (deleted); a
    separator becomes the byte ``_CUT``. Returns the encoding map, the byte table and the
    bytes deleted for a charmap encoded text, and the same two for an ASCII text (encoded as
    it is)."""
    chars = charmap_chars(_COMMON_MARKS)

    def tables(chars: list[str], size: int) -> tuple[bytes, bytes]:
        table = bytearray(b" " * size)
        deleted = bytearray()
        for byte, ch in enumerate(chars):
            folded = _fold_one(ch)
            assert ch in separators or (len(folded) <= 1 and folded.isascii())
            if ch in separators:
                table[byte] = _CUT
            elif folded:
                table[byte] = ord(folded)
                assert table[byte] != _CUT
            else:
                deleted.append(byte)
        return bytes(table), bytes(deleted)

    encoding = charmap(chars)
    ascii_chars = [chr(code) for code in range(128)]
    return (encoding, *tables(chars, 256), *tables(ascii_chars, 256))


_charmap_encode = codecs.charmap_encode


def fold_parts(text: str, separators: str) -> list[str]:
    """The parts of ``text`` cut at any of ``separators`` (punctuation or whitespace
    characters), each folded as by :func:`fold` but with its spaces not collapsed: the words
    of a part are ``part.split()``, and ``part.split() == fold(part_of_text).split()``. One
    pass over the text, for a caller that reads the words of each part anyway.

    The separators become a marker word that folding keeps (``qqq``, which cannot occur in
    Vietnamese, where ``q`` is always followed by ``u``): a text with that word in it is
    cut there too. ``[p.split() for p in fold_parts("P. Bến Nghé, Q.1", ",")]`` gives
    ``[["p", "ben", "nghe"], ["q", "1"]]``.
    """
    encoding, table, deleted, ascii_table, ascii_deleted = _parts_bytes(separators)
    if text.isascii():
        folded = text.encode().translate(ascii_table, ascii_deleted).decode()
    else:
        try:
            encoded = _charmap_encode(text, "strict", encoding)[0]
        except UnicodeEncodeError:
            # A character the charmap leaves out (rare in Vietnamese text): by characters.
            folded = text.translate(_parts_table(separators))
            if not folded.isascii():
                folded = folded.translate(_FOLD_TABLE)
            return folded.split("qqq")
        folded = encoded.translate(table, deleted).decode()
    return folded.replace("\x01", " qqq ").split("qqq")
