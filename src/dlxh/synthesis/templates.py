"""The sentences of a synthesis, from templates that an agency can override.

The defaults live in ``dlxh/data/templates/synthesis/vi.json``: one :class:`string.Template`
string per key (``$name`` placeholders). ``synthesize(..., templates=...)`` takes a mapping of
the keys to change, or the path of a JSON (or TOML) file of the same shape; keys not given keep
their default. A template that names a placeholder the synthesis does not supply is refused
when it is used, with the key and the placeholder named.
"""

from __future__ import annotations

import functools
import json
import string
import unicodedata
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from dlxh.errors import ConfigurationError, FormatError

__all__ = ["Templates", "TemplatesLike", "default_templates", "load_templates"]

TemplatesLike = Mapping[str, str] | str | Path | None
"""What ``templates=`` accepts: ``None`` (the defaults), a mapping of keys to change, or the
path of a JSON or TOML file."""


@functools.cache
def _default_strings() -> dict[str, str]:
    node = resources.files("dlxh").joinpath("data", "templates", "synthesis", "vi.json")
    data = node.read_text("utf-8")
    raw = json.loads(data)
    return {k: unicodedata.normalize("NFC", v) for k, v in raw.items() if not k.startswith("_")}


class Templates:
    """The template strings in force, and :meth:`render` to fill one in."""

    def __init__(self, strings: Mapping[str, str]) -> None:
        self._strings = {k: unicodedata.normalize("NFC", v) for k, v in strings.items()}

    def keys(self) -> list[str]:
        """Every template key, sorted."""
        return sorted(self._strings)

    def raw(self, key: str) -> str:
        """The template string of ``key``."""
        try:
            return self._strings[key]
        except KeyError:
            raise ConfigurationError(f"no synthesis template named {key!r}") from None

    def render(self, key: str, **values: object) -> str:
        """``key``'s template filled with ``values`` (NFC)."""
        template = string.Template(self.raw(key))
        try:
            text = template.substitute({k: str(v) for k, v in values.items()})
        except KeyError as exc:
            raise ConfigurationError(
                f"synthesis template {key!r} uses ${exc.args[0]}, which is not available here; "
                f"available: {', '.join(sorted(values))}"
            ) from None
        except ValueError as exc:
            raise ConfigurationError(f"synthesis template {key!r} is malformed: {exc}") from None
        return unicodedata.normalize("NFC", text)


def default_templates() -> Templates:
    """The shipped Vietnamese templates."""
    return Templates(_default_strings())


def _read_file(path: Path) -> Mapping[str, object]:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigurationError(f"cannot read synthesis templates {path}: {exc}") from exc
    try:
        if path.suffix.lower() == ".toml":
            import tomllib

            return tomllib.loads(text)
        loaded = json.loads(text)
    except ValueError as exc:
        raise FormatError(f"synthesis templates {path} are not valid: {exc}") from exc
    if not isinstance(loaded, dict):
        raise FormatError(f"synthesis templates {path} must hold an object of key: text")
    return loaded


def load_templates(templates: TemplatesLike = None) -> Templates:
    """The defaults, with the keys of ``templates`` (a mapping or a file path) replacing them.

    An unknown key is refused (a typo would otherwise be ignored silently).
    """
    strings = dict(_default_strings())
    if templates is None:
        return Templates(strings)
    given = _read_file(Path(templates)) if isinstance(templates, str | Path) else templates
    for key, value in given.items():
        if key.startswith("_"):
            continue
        if key not in strings:
            raise ConfigurationError(
                f"unknown synthesis template {key!r}; known keys: {', '.join(sorted(strings))}"
            )
        if not isinstance(value, str):
            raise ConfigurationError(f"synthesis template {key!r} must be text")
        strings[key] = value
    return Templates(strings)
