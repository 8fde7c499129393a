"""Vietnamese text: normalisation, the matching key, tokens, legacy encodings, dates and
reporting deadlines.

>>> from dlxh.text import normalize, fold
>>> normalize("Khánh Hoà")
'Khánh Hòa'
>>> fold("Thành phố Hồ Chí Minh")
'thanh pho ho chi minh'

:func:`normalize`, :func:`fold` and the token functions are loaded with the package; the
encodings, dates and deadlines modules on first use of one of their names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dlxh.text.normalization import TONE_STYLES, ToneStyle, fold, normalize
from dlxh.text.tokens import ngram_range, ngrams, shingles, syllables, tokens
from dlxh.text.vietnamese import is_syllable

if TYPE_CHECKING:
    from dlxh.text.dates import (
        UnreadableDateError,
        excel_serial_to_date,
        parse_date,
        place_and_date,
    )
    from dlxh.text.deadlines import (
        VIETNAM_TZ,
        WorkCalendar,
        due_date,
        is_on_time,
        lateness_days,
    )
    from dlxh.text.encodings import (
        ENCODINGS,
        LegacyEncoding,
        convert_legacy,
        decode_legacy_bytes,
        detect_encoding,
        from_unicode,
        to_unicode,
    )

_LAZY = {
    "UnreadableDateError": "dates",
    "excel_serial_to_date": "dates",
    "parse_date": "dates",
    "place_and_date": "dates",
    "VIETNAM_TZ": "deadlines",
    "WorkCalendar": "deadlines",
    "due_date": "deadlines",
    "is_on_time": "deadlines",
    "lateness_days": "deadlines",
    "ENCODINGS": "encodings",
    "LegacyEncoding": "encodings",
    "convert_legacy": "encodings",
    "decode_legacy_bytes": "encodings",
    "detect_encoding": "encodings",
    "from_unicode": "encodings",
    "to_unicode": "encodings",
}

__all__ = [
    "ENCODINGS",
    "TONE_STYLES",
    "VIETNAM_TZ",
    "LegacyEncoding",
    "ToneStyle",
    "UnreadableDateError",
    "WorkCalendar",
    "convert_legacy",
    "decode_legacy_bytes",
    "detect_encoding",
    "due_date",
    "excel_serial_to_date",
    "fold",
    "from_unicode",
    "is_on_time",
    "is_syllable",
    "lateness_days",
    "ngram_range",
    "ngrams",
    "normalize",
    "parse_date",
    "place_and_date",
    "shingles",
    "syllables",
    "to_unicode",
    "tokens",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dlxh.text' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"dlxh.text.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
