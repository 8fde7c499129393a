"""Which question of the form goes into which part of an opinion item.

A form's questions are its column headers. Each one is given a *role*:

``"text"``
    an opinion question: every answered cell becomes one :class:`~dlxh.model.OpinionItem`;
``"place"``
    where the respondent lives (*xã/phường*): kept as ``place_text`` and resolved to a unit;
``"group"``
    the respondent's social group (*đối tượng*): the item's ``groups``;
``"reason"``
    why they think so (*lý do*): the item's ``reasons``;
``"personal"``
    the respondent's name, e-mail or phone: **never read** (DOMAIN.md §5: a synthesis names
    places and groups, not people);
``"extra"``
    any other question: kept on the item as a ``(question, answer)`` pair in ``extra``.

The title of a question is matched on its folded form (:func:`dlxh.text.fold`: no case, no
diacritics, no punctuation), first against the caller's ``questions={...}``, then against
:data:`DEFAULT_QUESTIONS`, then by the keyword rules of :data:`KEYWORD_RULES`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from dlxh.errors import ConfigurationError
from dlxh.text import fold

__all__ = [
    "DEFAULT_QUESTIONS",
    "KEYWORD_RULES",
    "NO_OPINION",
    "ROLES",
    "is_no_opinion",
    "role_of",
    "roles_for",
]

ROLES: Final = ("text", "place", "group", "reason", "personal", "extra")
"""The roles a question can have."""

DEFAULT_QUESTIONS: Final[Mapping[str, str]] = {
    "Ý kiến, kiến nghị của ông/bà": "text",
    "Ý kiến của ông/bà": "text",
    "Ý kiến, kiến nghị": "text",
    "Ý kiến, đề xuất": "text",
    "Kiến nghị, đề xuất": "text",
    "Góp ý": "text",
    "Xã/phường nơi ở": "place",
    "Xã, phường nơi ở": "place",
    "Nơi ở": "place",
    "Nơi cư trú": "place",
    "Địa bàn": "place",
    "Đối tượng": "group",
    "Thành phần": "group",
    "Nghề nghiệp": "group",
    "Lý do": "reason",
    "Họ và tên (không bắt buộc)": "personal",
    "Họ và tên": "personal",
    "Họ tên": "personal",
    "Số điện thoại": "personal",
    "Địa chỉ email": "personal",
    "Email Address": "personal",
    "Email": "personal",
    "Name": "personal",
    "Your opinion": "text",
    "Comments": "text",
    "Ward/commune": "place",
}
"""Question titles common in Vietnamese (and English) opinion forms, and their roles."""

KEYWORD_RULES: Final[tuple[tuple[str, str, str], ...]] = (
    # (role, "contains" or "starts", folded keyword), first match wins; personal data first,
    # so that "Địa chỉ email" or "Số điện thoại liên hệ" is never read as anything else.
    ("personal", "contains", "ho va ten"),
    ("personal", "contains", "ho ten"),
    ("personal", "contains", "email"),
    ("personal", "contains", "dien thoai"),
    ("personal", "contains", "can cuoc"),
    ("personal", "contains", "cccd"),
    ("place", "contains", "xa phuong"),
    ("place", "contains", "phuong xa"),
    ("place", "contains", "noi o"),
    ("place", "contains", "noi cu tru"),
    ("place", "contains", "dia ban"),
    ("group", "contains", "doi tuong"),
    ("group", "contains", "tang lop"),
    ("group", "contains", "nghe nghiep"),
    ("reason", "starts", "ly do"),
    ("reason", "starts", "vi sao"),
    ("reason", "starts", "tai sao"),
    # Opinion questions must *start* with the keyword: "Ông/bà đánh giá thế nào về việc tiếp
    # thu ý kiến..." is a rating question, not an opinion.
    ("text", "starts", "y kien"),
    ("text", "starts", "kien nghi"),
    ("text", "starts", "de xuat"),
    ("text", "starts", "gop y"),
    ("text", "starts", "phan anh"),
    ("text", "starts", "opinion"),
    ("text", "starts", "comment"),
    ("text", "starts", "suggestion"),
    ("text", "starts", "feedback"),
)
"""The rules for titles not in :data:`DEFAULT_QUESTIONS`."""

_DEFAULTS_FOLDED: Final = {fold(title): role for title, role in DEFAULT_QUESTIONS.items()}

NO_OPINION: Final = frozenset(
    {
        "",
        "khong",
        "khong co",
        "khong co y kien",
        "khong y kien",
        "khong co gi",
        "chua co",
        "chua co y kien",
        "ko",
        "k",
        "kg",
        "none",
        "no",
        "n a",
        "nothing",
    }
)
"""Folded answers that say "no opinion" (*không có ý kiến*): not opinion items."""


def is_no_opinion(answer: str) -> bool:
    """True for a blank answer or one of :data:`NO_OPINION` (``"Không có ý kiến."``)."""
    return fold(answer) in NO_OPINION


def role_of(title: str, questions: Mapping[str, str] | None = None) -> str:
    """The role of the question titled ``title`` (see the module docs)."""
    key = fold(title)
    for given, role in (questions or {}).items():
        if fold(given) == key:
            return role
    if key in _DEFAULTS_FOLDED:
        return _DEFAULTS_FOLDED[key]
    for role, how, keyword in KEYWORD_RULES:
        if (key.startswith(keyword) if how == "starts" else f" {keyword} " in f" {key} "):
            return role
    return "extra"


def roles_for(titles: Sequence[str], questions: Mapping[str, str] | None = None) -> list[str]:
    """The role of each question, in order. Raises
    :class:`~dlxh.errors.ConfigurationError` for a role that is not one of :data:`ROLES`."""
    for given, role in (questions or {}).items():
        if role not in ROLES:
            raise ConfigurationError(
                f"question {given!r}: unknown role {role!r}; use one of {', '.join(ROLES)}"
            )
    return [role_of(title, questions) for title in titles]
