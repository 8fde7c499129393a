"""A byte per character for Vietnamese text: the charmap codec the folds encode with.

``str.translate`` maps a text that is not ASCII character by character through Python
objects (about 250 instructions a character); encoding it with a charmap codec and mapping
the bytes with ``bytes.translate`` costs a fraction of that. A charmap has 256 byte values:
NUL (which must come first), ASCII less the control characters other than whitespace, the
134 Vietnamese letters that are not ASCII, and a few marks each user chooses. A text holding
any other character does not encode, and its user folds it character by character.
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import Any

__all__ = ["charmap", "charmap_chars", "vietnamese_letters"]


def vietnamese_letters() -> list[str]:
    """The 134 precomposed letters of Vietnamese that are not ASCII (NFC), both cases."""
    letters = ["đ", "Đ"]
    for base in "aăâeêioôơuưy":
        for mark in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"):
            for letter in (base, base.upper()):
                composed = unicodedata.normalize("NFC", letter + mark)
                if not composed.isascii():
                    letters.append(composed)
    return letters


def charmap_chars(marks: str) -> list[str]:
    """The characters of a charmap, in byte order: NUL, ASCII less the other control
    characters but whitespace, the Vietnamese letters, then ``marks``."""
    chars = [
        chr(code) for code in range(128) if not (1 <= code <= 8 or 14 <= code <= 31 or code == 127)
    ]
    chars += vietnamese_letters()
    chars += marks
    assert len(chars) == len(set(chars)) <= 256 and chars[0] == "\x00"
    return chars


def charmap(chars: list[str]) -> Any:
    """The encoding map of ``chars`` for ``codecs.charmap_encode`` (byte ``i`` is
    ``chars[i]``)."""
    return codecs.charmap_build("".join(chars).ljust(256, "\ufffe"))
