"""The dlxh exception hierarchy and the :class:`Problem` record for bad input.

Exceptions are for what stops an operation; a :class:`Problem` is *data*: an importer returns
every record it could read and one ``Problem`` for each row or cell it could not, so that
nothing is silently dropped. ``strict=True`` turns the first error-severity problem into a
:class:`ProblemError`.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from dlxh.model.labelled import LabelledEnum

__all__ = [
    "ConfigurationError",
    "DlxhError",
    "ExtraMissingError",
    "FormatError",
    "PluginError",
    "Problem",
    "ProblemError",
    "ProblemList",
    "SchemaError",
    "Severity",
    "UnknownPeriodError",
    "UnknownUnitError",
    "UnsafeInputError",
    "UnsupportedFormatError",
]

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Severity(LabelledEnum):
    """How bad a :class:`Problem` is."""

    INFO = "info", "Thông tin"
    """Something was changed on the way in (for instance a legacy encoding converted)."""
    WARNING = "warning", "Cảnh báo"
    """The record was kept, but a part of it may be wrong or missing."""
    ERROR = "error", "Lỗi"
    """The record could not be read and was rejected."""


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _check_code(_instance: object, _attribute: object, value: str) -> None:
    if not _CODE.match(value):
        raise ValueError(f"problem codes are kebab-case ASCII, got {value!r}")


@attrs.frozen
class Problem:
    """One problem found in input: a stable kebab-case ``code``, a ``severity``, a message in
    plain words and the ``location`` where it was found (``"Sheet1!C12"``,
    ``"page 2, paragraph 14"``, ``"line 7"``)."""

    code: str = attrs.field(validator=_check_code)
    severity: Severity = attrs.field(converter=Severity)
    message: str = attrs.field(converter=_nfc)
    location: str = attrs.field(default="", converter=_nfc)

    def __str__(self) -> str:
        where = f" @ {self.location}" if self.location else ""
        return f"[{self.severity.value}] {self.code}: {self.message}{where}"


class ProblemList(list[Problem]):
    """A list of problems; in a notebook it shows as a table (``_repr_html_``)."""

    def by_code(self) -> dict[str, int]:
        """How many problems there are of each code, most frequent first."""
        counts: dict[str, int] = {}
        for problem in self:
            counts[problem.code] = counts.get(problem.code, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class DlxhError(Exception):
    """The base of every exception that dlxh raises on purpose."""


class ConfigurationError(DlxhError, ValueError):
    """An option, argument or configuration value is wrong."""


class FormatError(DlxhError, ValueError):
    """A file or document could not be read in the format it claims to have."""


class SchemaError(FormatError):
    """A document does not follow the dlxh exchange format (JSON Schema ``dlxh/1``)."""


class UnsupportedFormatError(DlxhError, ValueError):
    """No importer or exporter handles this file, extension or object."""


class UnsafeInputError(DlxhError, ValueError):
    """Input refused on purpose: a zip bomb, an oversized file or cell, macros, encryption."""


class UnknownUnitError(DlxhError, LookupError):
    """An administrative unit code or name is not in the catalog."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class UnknownPeriodError(DlxhError, ValueError):
    """A period or date could not be read from the text given."""


class PluginError(DlxhError, RuntimeError):
    """A plugin failed to load, or two plugins claim the same name."""


class ExtraMissingError(DlxhError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"this feature needs the optional package {module!r}: "
            f"install it with: pip install 'dlxh[{extra}]'"
        )
        self.extra = extra
        self.module = module


class ProblemError(DlxhError, ValueError):
    """Raised in strict mode for the first problem of severity error."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
