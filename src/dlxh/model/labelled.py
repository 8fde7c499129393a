"""The base for dlxh enumerations: a stable ASCII value and a Vietnamese label."""

from __future__ import annotations

import enum
import unicodedata
from typing import TYPE_CHECKING, Self

__all__ = ["LabelledEnum"]


class LabelledEnum(enum.StrEnum):
    """A string enumeration whose value is stable lowercase ASCII and whose label is Vietnamese.

    The value is the serialised form (JSON, databases); the label is what people read in
    documents and what importers parse. Members are declared as ``NAME = "value", "Nhãn"``.
    """

    _label_: str

    # Hidden from type checkers so that they see the ordinary one-argument call
    # ``Orientation("oppose")``, which is what code does; members are declared with two.
    if not TYPE_CHECKING:

        def __new__(cls, value: str, label: str) -> Self:
            obj = str.__new__(cls, value)
            obj._value_ = value
            obj._label_ = unicodedata.normalize("NFC", label)
            return obj

    @property
    def label(self) -> str:
        """The Vietnamese label, NFC-normalised (``Orientation.OPPOSE.label == "Phản đối"``)."""
        return self._label_

    @classmethod
    def from_value_or_label(cls, text: str) -> Self:
        """Return the member whose value or label equals ``text`` (case-insensitive, NFC).

        Raises ``ValueError`` naming the accepted values. Fuzzy matching (no diacritics,
        variants) belongs to :mod:`dlxh.text` and the importers, not to the model.
        """
        wanted = unicodedata.normalize("NFC", text).strip().casefold()
        for member in cls:
            if wanted in (member.value, member.label.casefold()):
                return member
        accepted = ", ".join(f"{m.value} ({m.label})" for m in cls)
        raise ValueError(f"{text!r} is not a {cls.__name__}; expected one of: {accepted}")
