"""Text redaction for everything sent upward: phone numbers, ID card numbers and e-mail
addresses in free text are replaced by placeholders.

DOMAIN.md §5: a synthesis names places and groups, never the people who reported nor the
citizens they quote. :func:`redact_text` is the reusable part (the exporters call it on every
free-text field when ``redact=True``, their default); replacing collaborator *names* by stable
pseudonyms needs the roster and belongs to :mod:`dlxh.network`.

What is recognised:

- phone numbers: Vietnamese mobiles (``0912 345 678``, ``0912.345.678``, ``+84 912 345 678``,
  ``(+84) 912345678``, ``84912345678``) and landlines with their area code (``024 3825 1234``,
  ``0236.3822.123``): a leading ``0``, ``+84``, ``(+84)``, ``0084`` or ``84`` followed by 9 or
  10 digits, with single spaces, dots or hyphens between digit groups;
- ID numbers: a run of exactly 9 (CMND) or 12 (CCCD) digits with no separator (amounts such as
  ``150.000.000`` are written with separators, and a run followed by a currency word such as
  ``đồng`` is an amount: both are left alone);
- e-mail addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["PLACEHOLDERS", "REDACTION_KINDS", "redact_text"]

PLACEHOLDERS: dict[str, str] = {
    "phone": "[số điện thoại]",
    "id_number": "[số CCCD/CMND]",
    "email": "[địa chỉ email]",
}
"""The placeholder written in place of each kind of personal data."""

REDACTION_KINDS = frozenset(PLACEHOLDERS)
"""The kinds :func:`redact_text` knows: ``"phone"``, ``"id_number"``, ``"email"``."""

_SEP = r"[ .\-]?"
_PATTERN = re.compile(
    r"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})"
    # Phone: a prefix then 9 or 10 digits; the first digit after the prefix is never 0.
    r"|(?P<phone>(?<![\w+])(?:\(\+?84\)|\+84|0084|84(?=[35789]\d{8}(?!\d))|0)"
    rf"{_SEP}[1-9](?:{_SEP}\d){{7,8}}\d(?![\d])(?![.\-]\d))"
    r"|(?P<id_number>(?<![\w.,])(?:\d{12}|\d{9})(?![\w]|[.,]\d)"
    r"(?!\s*(?:đồng|đ\b|VNĐ|VND|triệu|tỷ)))"
)


def redact_text(text: str, *, keep: Iterable[str] = ()) -> str:
    """``text`` with phone numbers, CCCD/CMND numbers and e-mail addresses replaced by
    placeholders (:data:`PLACEHOLDERS`): ``"gọi 0912 345 678"`` → ``"gọi [số điện thoại]"``.

    ``keep`` names kinds to leave in place (``keep={"email"}``), for a recipient explicitly
    allowed to see them. Idempotent: redacting twice changes nothing more.
    """
    kept = frozenset(keep)
    unknown = kept - REDACTION_KINDS
    if unknown:
        raise ValueError(
            f"unknown redaction kinds {sorted(unknown)}; known: {sorted(REDACTION_KINDS)}"
        )
    if not text:
        return text

    def replace(match: re.Match[str]) -> str:
        kind = match.lastgroup
        assert kind is not None
        return match.group(0) if kind in kept else PLACEHOLDERS[kind]

    return _PATTERN.sub(replace, text)
