"""Two languages for the ``dlxh`` command: Vietnamese by default, English on request.

Help texts are written as :func:`bi` pairs; ``--lang en`` (or ``DLXH_LANG=en``) switches every
command's help to English before click formats it. Error lines go through :func:`error_line`,
which says in the chosen language what kind of thing went wrong and keeps the detail.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Literal

import click

from dlxh.errors import (
    ConfigurationError,
    DlxhError,
    ExtraMissingError,
    FormatError,
    PluginError,
    ProblemError,
    UnknownPeriodError,
    UnknownUnitError,
    UnsafeInputError,
    UnsupportedFormatError,
)

__all__ = [
    "LANG_ENV",
    "Bi",
    "Lang",
    "bi",
    "current_lang",
    "error_line",
    "say",
    "set_lang",
    "translate",
]

Lang = Literal["vi", "en"]
LANG_ENV = "DLXH_LANG"
_LANGS: tuple[Lang, ...] = ("vi", "en")
_state: dict[str, Lang] = {}
# click turns option help into a plain str (inspect.cleandoc), so texts are also kept by value.
_TO_EN: dict[str, str] = {}
_TO_VI: dict[str, str] = {}


class Bi(str):
    """A text in Vietnamese and English; as a ``str`` it is the language chosen last."""

    vi: str
    en: str

    def __new__(cls, vi: str, en: str, lang: Lang = "vi") -> Bi:
        self = super().__new__(cls, vi if lang == "vi" else en)
        self.vi = vi
        self.en = en
        return self

    def as_lang(self, lang: Lang) -> Bi:
        return Bi(self.vi, self.en, lang)


def bi(vi: str, en: str) -> str:
    """A help text with its two languages (typed as ``str`` for click)."""
    _TO_EN[vi] = en
    _TO_VI[en] = vi
    return Bi(vi, en, current_lang())


def current_lang() -> Lang:
    """The language in use: set by ``--lang``, else ``DLXH_LANG``, else Vietnamese."""
    if "lang" in _state:
        return _state["lang"]
    env = os.environ.get(LANG_ENV, "vi").strip().lower()
    return "en" if env.startswith("en") else "vi"


def set_lang(lang: str) -> Lang:
    """Choose the language for help and messages; unknown values are refused."""
    if lang not in _LANGS:
        raise ConfigurationError(f"language {lang!r}: choose vi or en")
    chosen: Lang = "en" if lang == "en" else "vi"
    _state["lang"] = chosen
    return chosen


def say(vi: str, en: str) -> str:
    """A runtime message in the language in use."""
    return vi if current_lang() == "vi" else en


def _switch(text: str | None, lang: Lang) -> str | None:
    if text is None:
        return None
    if isinstance(text, Bi):
        return text.as_lang(lang)
    vi = text if text in _TO_EN else _TO_VI.get(text)
    return text if vi is None else Bi(vi, _TO_EN[vi], lang)


def _help_option(command: click.Command) -> Callable[[click.Context], click.Option | None]:
    def get_help_option(ctx: click.Context) -> click.Option | None:
        option = click.Command.get_help_option(command, ctx)
        if option is not None:
            option.help = say("Hiện hướng dẫn này rồi thoát.", "Show this message and exit.")
        return option

    return get_help_option


def translate(command: click.Command, lang: Lang | None = None) -> None:
    """Switch the help of ``command``, its parameters and all its subcommands to ``lang``."""
    lang = lang or current_lang()
    command.help = _switch(command.help, lang)
    command.short_help = _switch(command.short_help, lang)
    command.get_help_option = _help_option(command)  # type: ignore[method-assign,assignment]
    for param in command.params:
        if isinstance(param, click.Option):
            param.help = _switch(param.help, lang)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate(sub, lang)


def _filename(exc: OSError) -> str:
    return str(exc.filename) if exc.filename is not None else ""


# Most specific first: the first matching class gives the lead words of the line.
_LEADS: tuple[tuple[type[BaseException], str, str], ...] = (
    (UnknownUnitError, "không tìm thấy đơn vị hành chính", "unknown administrative unit"),
    (UnknownPeriodError, "kỳ báo cáo hoặc ngày không hợp lệ", "not a valid period or date"),
    (UnsafeInputError, "tệp bị từ chối vì không an toàn", "file refused as unsafe"),
    (ProblemError, "dữ liệu có lỗi (chế độ nghiêm ngặt)", "bad record (strict mode)"),
    (FormatError, "tệp hỏng hoặc sai định dạng", "corrupt file or wrong format"),
    (UnsupportedFormatError, "định dạng không được hỗ trợ", "unsupported format"),
    (ExtraMissingError, "thiếu gói tùy chọn", "optional package missing"),
    (ConfigurationError, "tham số hoặc cấu hình không hợp lệ", "invalid option or configuration"),
    (PluginError, "lỗi plugin", "plugin error"),
)


def error_line(exc: BaseException, lang: Lang | None = None) -> str:
    """One line saying what went wrong, in ``lang``: the kind of error, then its detail."""
    lang = lang or current_lang()
    vi = lang == "vi"
    prefix = "Lỗi" if vi else "Error"
    if isinstance(exc, FileNotFoundError):
        lead = "không tìm thấy tệp" if vi else "file not found"
        return f"{prefix}: {lead}: {_filename(exc) or exc}"
    if isinstance(exc, IsADirectoryError):
        lead = "đây là thư mục, không phải tệp" if vi else "a folder, not a file"
        return f"{prefix}: {lead}: {_filename(exc) or exc}"
    if isinstance(exc, PermissionError):
        lead = "không có quyền đọc/ghi" if vi else "permission denied"
        return f"{prefix}: {lead}: {_filename(exc) or exc}"
    detail = " ".join(str(exc).split())
    for cls, lead_vi, lead_en in _LEADS:
        if isinstance(exc, cls):
            return f"{prefix}: {lead_vi if vi else lead_en}: {detail}"
    if isinstance(exc, DlxhError | OSError):
        return f"{prefix}: {detail}"
    return f"{prefix}: {type(exc).__name__}: {detail}"
