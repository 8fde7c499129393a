"""Legacy Vietnamese encodings: detection and conversion to Unicode (NFC).

Before Unicode, Vietnamese was typed in 8-bit font encodings. In files that reach dlxh they show
up as follows:

``tcvn3``
    TCVN 5712:1993 (the *ABC* keyboard and the ``.VnTime`` fonts). The font draws Vietnamese
    letters at byte positions that Windows reads as Latin-1/CP1252 characters, so an Excel cell
    typed in ``.VnTime`` holds ``"Céng hoµ x· héi"`` for *Cộng hoà xã hội*. The table is the
    published TCVN 5712:1993 chart (VN1, of which the ``.VnTime`` set VN3 is the part with lower
    case letters and Ă Â Ê Ô Ơ Ư Đ). Capitals typed with the ``.VnTimeH`` fonts use the lower
    case codes and come out in lower case: the font is not in the text.
``vni``
    VNI Windows (``VNI-Times`` fonts): an ASCII vowel followed by one or two Latin-1 characters
    for its marks, ``"Vieät Nam"`` for *Việt Nam*; ``ñ`` is *đ*, ``ô`` is *ơ*, ``ö`` is *ư*.
``viqr``
    VIQR (RFC 1456): ASCII marks typed after the vowel, ``"Vie^.t Nam"``: ``( ^ +`` (breve,
    circumflex, horn; ``*`` is read as horn too), ``' ` ? ~ .`` (tones), ``dd`` for *đ*, and a
    backslash to keep a mark character literal (``\\.``).
``cp1258``
    Windows-1258: Latin letters with the base vowels, and tones as separate combining
    characters that must be composed; read as CP1252 it shows ``"Viêòt"`` for *Việt*.

:func:`detect_encoding` says which of these a string is in, with a confidence; ordinary Unicode
Vietnamese and plain English come back as ``("unicode", ...)``. :func:`to_unicode` converts.
Importers call :func:`convert_legacy` to get the text and a :class:`dlxh.errors.Problem` of
severity *info* when they converted something.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Literal

from dlxh.errors import Problem, Severity
from dlxh.text.normalization import _compose
from dlxh.text.vietnamese import is_syllable

__all__ = [
    "ENCODINGS",
    "LegacyEncoding",
    "convert_legacy",
    "decode_legacy_bytes",
    "detect_encoding",
    "from_unicode",
    "to_unicode",
]

LegacyEncoding = Literal["tcvn3", "vni", "viqr", "cp1258"]
ENCODINGS: tuple[str, ...] = ("tcvn3", "vni", "viqr", "cp1258")
"""The legacy encodings dlxh reads, by the names :func:`detect_encoding` returns."""

THRESHOLD = 0.5
"""The confidence from which :func:`to_unicode` and :func:`convert_legacy` convert."""

# --- the tables ------------------------------------------------------------------------------


def _cp1252_char(byte: int) -> str | None:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return None


def _views(byte: int) -> set[str]:
    """The characters a legacy byte shows up as in a Python string: its CP1252 character
    (Excel, Word) and its Latin-1 character (files decoded as ISO-8859-1)."""
    views = {chr(byte)}
    if (cp := _cp1252_char(byte)) is not None:
        views.add(cp)
    return views


# TCVN 5712:1993, bytes 0x80-0xFF (the published chart; 0xB0-0xB4 are combining tones).
_VN1_HIGH = (
    "\u00c0\u1ea2\u00c3\u00c1\u1ea0\u1eb6\u1eac\u00c8"  # 0x80
    "\u1eba\u1ebc\u00c9\u1eb8\u1ec6\u00cc\u1ec8\u0128"  # 0x88
    "\u00cd\u1eca\u00d2\u1ece\u00d5\u00d3\u1ecc\u1ed8"  # 0x90
    "\u1edc\u1ede\u1ee0\u1eda\u1ee2\u00d9\u1ee6\u0168"  # 0x98
    "\u00a0\u0102\u00c2\u00ca\u00d4\u01a0\u01af\u0110"  # 0xA0
    "\u0103\u00e2\u00ea\u00f4\u01a1\u01b0\u0111\u1eb0"  # 0xA8
    "\u0300\u0309\u0303\u0301\u0323\u00e0\u1ea3\u00e3"  # 0xB0
    "\u00e1\u1ea1\u1eb2\u1eb1\u1eb3\u1eb5\u1eaf\u1eb4"  # 0xB8
    "\u1eae\u1ea6\u1ea8\u1eaa\u1ea4\u1ec0\u1eb7\u1ea7"  # 0xC0
    "\u1ea9\u1eab\u1ea5\u1ead\u00e8\u1ec2\u1ebb\u1ebd"  # 0xC8
    "\u00e9\u1eb9\u1ec1\u1ec3\u1ec5\u1ebf\u1ec7\u00ec"  # 0xD0
    "\u1ec9\u1ec4\u1ebe\u1ed2\u0129\u00ed\u1ecb\u00f2"  # 0xD8
    "\u1ed4\u1ecf\u00f5\u00f3\u1ecd\u1ed3\u1ed5\u1ed7"  # 0xE0
    "\u1ed1\u1ed9\u1edd\u1edf\u1ee1\u1edb\u1ee3\u00f9"  # 0xE8
    "\u1ed6\u1ee7\u0169\u00fa\u1ee5\u1eeb\u1eed\u1eef"  # 0xF0
    "\u1ee9\u1ef1\u1ef3\u1ef7\u1ef9\u00fd\u1ef5\u1ed0"  # 0xF8
)
# Capitals that TCVN 5712 (VN1) puts on C0 control positions.
_VN1_LOW = {0x01: "\u00da", 0x02: "\u1ee4", 0x04: "\u1eea", 0x05: "\u1eec", 0x06: "\u1eee",
            0x11: "\u1ee8", 0x12: "\u1ef0", 0x13: "\u1ef2", 0x14: "\u1ef6", 0x15: "\u1ef8",
            0x16: "\u00dd", 0x17: "\u1ef4"}


def _build_tcvn3() -> tuple[dict[int, str], dict[str, str]]:
    decode: dict[int, str] = {}
    encode: dict[str, str] = {}
    for offset, target in enumerate(_VN1_HIGH):
        byte = 0x80 + offset
        if byte == 0xA0:
            continue
        for view in _views(byte):
            decode[ord(view)] = target
        encode.setdefault(target, _cp1252_char(byte) or chr(byte))
    for byte, target in _VN1_LOW.items():
        decode[byte] = target
        encode[target] = chr(byte)
    return decode, encode


_TCVN3_DECODE, _TCVN3_ENCODE = _build_tcvn3()
# CP1252 punctuation on TCVN capital positions: converted only inside a word, because
# Unicode text carries real quotes and dashes next to converted words.
_TCVN3_PUNCTUATION = frozenset("‚„…†‡ˆ‰‹‘’“”•–—˜™›")
_TCVN3_DECODE_LETTERS = {
    k: v for k, v in _TCVN3_DECODE.items() if chr(k) not in _TCVN3_PUNCTUATION
}
_TCVN3_INSIDE_WORD = re.compile(
    rf"(?<=[^\W\d_])[{''.join(sorted(_TCVN3_PUNCTUATION))}](?=[^\W\d_])"
)
_TCVN3_SIGNATURE = frozenset(chr(c) for c in _TCVN3_DECODE if c >= 0x80) - _TCVN3_PUNCTUATION

# VNI Windows: marks typed after the base letter, as CP1252 characters.
_VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã",
                   "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü",
              "\u0323": "ë"}
# Letters VNI writes as one character.
_VNI_SINGLE = {"đ": "ñ", "ơ": "ô", "ư": "ö", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó",
               "ị": "ò", "ỵ": "î"}
_TONE_OR_NONE = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _vni_lower_table() -> dict[str, str]:
    """Unicode lower-case letter → VNI spelling, from the VNI Windows chart."""
    table: dict[str, str] = dict(_VNI_SINGLE)
    for base in "aeiouy":
        for tone in _TONE_OR_NONE[1:]:
            letter = _nfc(base + tone)
            table.setdefault(letter, base + _VNI_TONES[tone])
    for base in "aeo":
        for tone in _TONE_OR_NONE:
            table[_nfc(base + "\u0302" + tone)] = base + _VNI_CIRCUMFLEX[tone]
    for tone in _TONE_OR_NONE:
        table[_nfc("a\u0306" + tone)] = "a" + _VNI_BREVE[tone]
    for base, vni in (("ơ", "ô"), ("ư", "ö")):
        for tone in _TONE_OR_NONE[1:]:
            table[_nfc(unicodedata.normalize("NFD", base) + tone)] = vni + _VNI_TONES[tone]
    # "ỵ" is one character; the others with y are y + tone.
    table["ỵ"] = "î"
    return table


_VNI_ENCODE_LOWER = _vni_lower_table()
_VNI_ENCODE: dict[str, str] = {}
for _letter, _spelling in _VNI_ENCODE_LOWER.items():
    _VNI_ENCODE[_letter] = _spelling
    _VNI_ENCODE[_letter.upper()] = _spelling.upper()
_VNI_DECODE: dict[str, str] = {}
for _letter, _spelling in _VNI_ENCODE.items():
    _VNI_DECODE[_spelling] = _letter
    # Typists mix the case of the base and the mark: the base decides.
    if len(_spelling) == 2:
        _VNI_DECODE.setdefault(_spelling[0] + _spelling[1].swapcase(), _letter)
_VNI_PATTERN = re.compile(
    "|".join(re.escape(s) for s in sorted(_VNI_DECODE, key=len, reverse=True))
)
_VNI_MARKS = frozenset("".join(s[1:] for s in _VNI_DECODE if len(s) > 1)) | frozenset(
    "".join(_VNI_SINGLE.values()) + "".join(_VNI_SINGLE.values()).upper()
)

# VIQR (RFC 1456).
_VIQR_MODIFIERS = {"(": "\u0306", "^": "\u0302", "+": "\u031b", "*": "\u031b"}
_VIQR_TONES = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_MODIFIABLE = {"\u0306": "aA", "\u0302": "aeoAEO", "\u031b": "ouOU"}
_VIQR_VOWEL = re.compile(r"(?P<vowel>[aeiouyAEIOUY])(?P<mod>[(^+*])?(?P<tone>['`?~.])?")
_VIQR_DD = re.compile(r"\b(?:dd|DD|Dd)|\\(?P<escaped>[(^+*'`?~.\\])")


def _tone_goes_on(text: str, end: int) -> bool:
    if end < len(text) and (text[end].isalpha() or text[end] in ",;:)]}\"”’.?!"):
        return True
    if end == len(text):
        return not any(c.isspace() for c in text)  # a one-word text ("ba.") is a syllable
    rest = text[end:end + 40].lstrip(" \t")
    return len(rest) < len(text[end:end + 40]) and rest[:1].islower()


def _viqr_vowel(match: re.Match[str]) -> str:
    vowel, mod, tone = match.group("vowel", "mod", "tone")
    marks = ""
    mod_used = ""
    if mod and vowel in _VIQR_MODIFIABLE[_VIQR_MODIFIERS[mod]]:
        marks += _VIQR_MODIFIERS[mod]
        mod_used = mod
    tone_used = ""
    # "?" and "." are sentence punctuation too: read as a tone when the word goes on, or when
    # a lower-case word follows, or at the end of a one-word text; at the end of a sentence
    # or before a capital, as punctuation.
    # RFC 1456 writers escape the punctuation ("\\."), which is always honoured.
    if tone and (tone in "'`~" or _tone_goes_on(match.string, match.end())):
        marks += _VIQR_TONES[tone]
        tone_used = tone
    rest = ("" if mod_used or not mod else mod) + ("" if tone_used or not tone else tone)
    return _nfc(vowel + marks) + rest


def _viqr_to_unicode(text: str) -> str:
    def dd(match: re.Match[str]) -> str:
        escaped = match.group("escaped")
        if escaped is not None:
            return "\x00" + escaped  # protected from the vowel pass, restored below
        return "Đ" if match.group(0)[0] == "D" else "đ"

    protected = _VIQR_DD.sub(dd, text)
    converted = _VIQR_VOWEL.sub(_viqr_vowel, protected)
    return _nfc(converted.replace("\x00", ""))


def _viqr_from_unicode(text: str) -> str:
    out = []
    for ch in _nfc(text):
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        if len(decomposed) == 1:
            out.append(ch)
            continue
        base, marks = decomposed[0], decomposed[1:]
        spelled = base
        for mark in marks:
            for key, value in _VIQR_MODIFIERS.items():
                if value == mark and key != "*":
                    spelled += key
        for mark in marks:
            for key, value in _VIQR_TONES.items():
                if value == mark:
                    spelled += key
        out.append(spelled)
    return "".join(out)


# Windows-1258: the string shows the CP1252 characters of the bytes.
def _build_cp1258() -> dict[int, str]:
    table: dict[int, str] = {}
    for byte in range(0x80, 0x100):
        try:
            target = bytes([byte]).decode("cp1258")
        except UnicodeDecodeError:
            continue
        for view in _views(byte):
            if view != target:
                table[ord(view)] = target
    return table


_CP1258_DECODE = _build_cp1258()
_LATIN1_TO_CP1252 = {
    b: cp for b in range(0x80, 0xA0) if (cp := _cp1252_char(b)) is not None
}
_CP1258_SIGNATURE = frozenset("ÌìÒÞòãõýðÃÕÝÐ")  # the tone bytes and ă ơ ư đ Ă Ơ Ư Đ

# --- conversion ------------------------------------------------------------------------------


def _tcvn3_to_unicode(text: str) -> str:
    converted = text.translate(_TCVN3_DECODE_LETTERS)
    if any(c in _TCVN3_PUNCTUATION for c in converted):
        converted = _TCVN3_INSIDE_WORD.sub(
            lambda m: _TCVN3_DECODE[ord(m.group(0))], converted
        )
    return _compose(converted)


def _vni_to_unicode(text: str) -> str:
    return _nfc(_VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group(0)], text))


def _cp1258_to_unicode(text: str) -> str:
    return _compose(text.translate(_CP1258_DECODE))


_CONVERTERS: dict[str, Callable[[str], str]] = {
    "tcvn3": _tcvn3_to_unicode,
    "vni": _vni_to_unicode,
    "viqr": _viqr_to_unicode,
    "cp1258": _cp1258_to_unicode,
}


def from_unicode(text: str, encoding: LegacyEncoding) -> str:
    """Write Unicode ``text`` in a legacy encoding, as it would show up in a Python string
    (CP1252 characters for the bytes). Meant for tests and fixtures; letters the encoding
    cannot hold are left as they are."""
    text = _nfc(text)
    if encoding == "tcvn3":
        return "".join(_TCVN3_ENCODE.get(ch, ch) for ch in text)
    if encoding == "vni":
        return "".join(_VNI_ENCODE.get(ch, ch) for ch in text)
    if encoding == "viqr":
        return _viqr_from_unicode(text)
    if encoding == "cp1258":
        encoded = unicodedata.normalize("NFD", text)
        # CP1258 holds ă â ê ô ơ ư đ precomposed; tones stay combining.
        encoded = _nfc_modifiers_only(encoded)
        data = encoded.encode("cp1258", errors="replace")
        return "".join(_cp1252_char(b) or chr(b) for b in data)
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")


def _nfc_modifiers_only(decomposed: str) -> str:
    """Compose each base letter with its circumflex, breve or horn and keep its tone mark
    combining, except where CP1258 holds the toned letter precomposed (à, á, è, é, ...)."""
    tones = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    out: list[str] = []
    for cluster in re.findall(r".[\u0300-\u036f]*", decomposed, flags=re.DOTALL):
        base = cluster[0] + "".join(m for m in cluster[1:] if m not in tones)
        tone = "".join(m for m in cluster[1:] if m in tones)
        letter = _nfc(base)
        composed = _nfc(letter + tone)
        if tone and len(composed) == 1 and _in_cp1258(composed):
            out.append(composed)
        else:
            out.append(letter + tone)
    return "".join(out)


def _in_cp1258(ch: str) -> bool:
    try:
        ch.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True


def to_unicode(text: str, encoding: LegacyEncoding | None = None) -> str:
    """Convert ``text`` from a legacy encoding to Unicode NFC.

    With ``encoding=None`` the encoding is detected; text that is not detected as legacy with
    a confidence of at least 0.5 is returned unchanged.
    """
    name: str
    if encoding is None:
        name, confidence = detect_encoding(text)
        if name not in _CONVERTERS or confidence < THRESHOLD:
            return text
    else:
        name = encoding
    try:
        converter = _CONVERTERS[name]
    except KeyError:
        raise ValueError(
            f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}"
        ) from None
    return converter(text)


# --- detection -------------------------------------------------------------------------------

_WORD = re.compile(r"\S+")
_STRIP = "\"“”‘’'()[]{}<>,;:!?.…-–—/\\|«»"
# Latin-1 letters that ordinary Unicode Vietnamese uses.
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_LEGACY_BYTE_CHARS = frozenset(
    ch for byte in range(0x80, 0x100) for ch in _views(byte)
) | frozenset(chr(b) for b in _VN1_LOW)


def _letters_only(word: str) -> str:
    return word.strip(_STRIP)


def _score(text: str, converted: str, signature: Callable[[str], bool]) -> float:
    """Confidence that ``converted`` is the right reading of ``text``: how many words the
    conversion changed (evidence), how many of them became Vietnamese syllables, and how
    Vietnamese the whole result reads."""
    before = _WORD.findall(text)
    after = _WORD.findall(converted)
    if len(before) != len(after):
        return 0.0
    changed = good = 0
    words = vietnamese = 0
    for old, new in zip(before, after, strict=True):
        new_core = _letters_only(new)
        if not new_core or not any(c.isalpha() for c in new_core):
            continue
        words += 1
        valid = is_syllable(new_core)
        vietnamese += valid
        if old != new and signature(old):
            changed += 1
            good += valid
    if changed == 0:
        return 0.0
    evidence = 1.0 - 0.55**changed
    precision = good / changed
    coverage = vietnamese / words
    return evidence * precision**2 * coverage


def _already_unicode_vietnamese(text: str) -> bool:
    """Non-ASCII letters all ordinary Vietnamese Latin-1 letters, in words that read as
    Vietnamese syllables: then a legacy reading is unlikely."""
    found = False
    for word in _WORD.findall(text):
        core = _letters_only(word)
        if core.isascii():
            continue
        if any(c not in _VIETNAMESE_LATIN1 for c in core if not c.isascii()):
            return False
        if not is_syllable(core):
            return False
        found = True
    return found


def detect_encoding(text: str) -> tuple[str, float]:
    """Guess the encoding ``text`` was typed in: ``("tcvn3" | "vni" | "viqr" | "cp1258",
    confidence)`` for legacy text, else ``("unicode", confidence)``.

    The confidence (0–1) grows with the number of words that a conversion turns into
    Vietnamese syllables and falls with words it breaks; ordinary Unicode Vietnamese and
    English come back as ``"unicode"``. Short strings give low confidences: one converted word
    gives at most 0.45, below the 0.5 from which :func:`to_unicode` converts, so a single
    ambiguous word is left alone unless the encoding is given.
    """
    if text.isascii():
        candidates: tuple[str, ...] = ("viqr",) if re.search(r"[aeiouyAEIOUY][(^+*'`?~.]|dd",
                                                            text) else ()
    elif any(ch not in _LEGACY_BYTE_CHARS and not ch.isascii() for ch in text):
        candidates = ()  # characters no 8-bit legacy string can hold: Unicode already
    else:
        candidates = ("tcvn3", "vni", "cp1258")
    best, best_score = "unicode", 0.0
    signatures: dict[str, Callable[[str], bool]] = {
        "tcvn3": lambda w: any(c in _TCVN3_SIGNATURE for c in w),
        "vni": lambda w: any(c in _VNI_MARKS for c in w),
        "cp1258": lambda w: any(c in _CP1258_SIGNATURE for c in w),
        "viqr": lambda w: True,
    }
    for name in candidates:
        score = _score(text, _CONVERTERS[name](text), signatures[name])
        if score > best_score:
            best, best_score = name, score
    if best != "unicode" and _already_unicode_vietnamese(text):
        best_score *= 0.3
    if best_score < THRESHOLD:
        return "unicode", round(1.0 - best_score, 3)
    return best, round(best_score, 3)


def convert_legacy(text: str, location: str = "") -> tuple[str, Problem | None]:
    """Detect and convert a legacy encoding; return the text and, when it was converted, a
    ``Problem("legacy-encoding-converted", "info", ...)`` for the importer to record."""
    name, confidence = detect_encoding(text)
    if name not in _CONVERTERS:
        return text, None
    converted = _CONVERTERS[name](text)
    problem = Problem(
        code="legacy-encoding-converted",
        severity=Severity.INFO,
        message=f"converted from {name} to Unicode (confidence {confidence:.2f})",
        location=location,
    )
    return converted, problem


def decode_legacy_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text or CSV file of unknown Vietnamese encoding.

    UTF-8 (with or without a byte-order mark) is tried first; bytes that are not UTF-8 are
    read as CP1252 (Latin-1 for the five bytes CP1252 leaves undefined). Then the legacy
    encodings are detected on the text. Returns ``(text, encoding)`` where ``encoding`` is
    ``"utf-8"``, ``"cp1252"`` or a legacy name.
    """
    try:
        text = data.decode("utf-8-sig")
        source = "utf-8"
    except UnicodeDecodeError:
        text = data.decode("latin-1").translate(_LATIN1_TO_CP1252)
        source = "cp1252"
    name, confidence = detect_encoding(text)
    if name in _CONVERTERS and confidence >= THRESHOLD:
        return _CONVERTERS[name](text), name
    return text, source
