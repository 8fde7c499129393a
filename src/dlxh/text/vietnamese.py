"""What a written Vietnamese syllable looks like: used to tell Vietnamese text from mojibake."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["VOWELS", "is_syllable"]

_BASE_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
VOWELS: frozenset[str] = frozenset(
    unicodedata.normalize("NFC", v + t) for v in _BASE_VOWELS for t in ("", *_TONE_MARKS)
)
"""The 72 lower-case vowel letters of the Vietnamese alphabet (12 vowels × 6 tones)."""

# Vowel groups (without tone) of the written syllable, after the initial consonant ("qu" and
# "gi" count as initials). Groups that end in a glide take no final consonant; some groups
# need one.
_OPEN_ONLY_TEXT = (
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu oai oao oay oeo uây uôi uya uyu "
    "ươi ươu yêu"
)
_NEED_FINAL_TEXT = "ă â iê yê uô ươ oă uâ uyê"
_EITHER_TEXT = "a e ê i o ô ơ u ư y oa oe oo uê uơ uy"
_OPEN_ONLY = _OPEN_ONLY_TEXT.split()
_NEED_FINAL = _NEED_FINAL_TEXT.split()
_EITHER = _EITHER_TEXT.split()

_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?"
_FINAL = r"(?:ch|ng|nh|[cmnpt])"


def _alternation(groups: list[str]) -> str:
    return "|".join(sorted(groups, key=len, reverse=True))


_SYLLABLE = re.compile(
    rf"{_INITIAL}(?:(?:{_alternation(_OPEN_ONLY + _EITHER)})"
    rf"|(?:{_alternation(_NEED_FINAL + _EITHER)}){_FINAL})"
)
_TONE = re.compile(f"[{_TONE_MARKS}]")
_STRIP_TONES = {ord(t): None for t in _TONE_MARKS}


def is_syllable(word: str) -> bool:
    """Whether ``word`` is written like one Vietnamese syllable.

    Checks the initial consonant, the vowel group and the final consonant against the
    spelling rules, at most one tone mark, and the case pattern (``lower``, ``Capitalised`` or
    ``UPPER``). ``"Việt"``, ``"NGHIÊNG"``, ``"quý"`` and ``"người"`` pass; ``"ViÖt"``,
    ``"café"``, ``"vỔ"``, ``"coọng"`` and ``"fine"`` do not. It does not check that the
    syllable is a word in use.
    """
    if not word or not (word.islower() or word.isupper() or word.istitle()):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = len(_TONE.findall(decomposed))
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", decomposed.translate(_STRIP_TONES))
    if tones and "oo" in bare:  # "xoong", "boong": loan words written without a tone
        return False
    return _SYLLABLE.fullmatch(bare) is not None
