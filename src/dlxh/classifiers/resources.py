"""Reading the data files shipped in ``dlxh/data`` (taxonomies, lexicons), lazily and safely.

Data files are JSON (read with the standard library, nothing executed); a file that does not
have the expected shape raises :class:`~dlxh.errors.FormatError` naming the file and the key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from dlxh.errors import FormatError

__all__ = ["expect", "read_data_json", "read_json_file"]


def read_data_json(folder: str, name: str) -> dict[str, Any]:
    """The JSON object in ``dlxh/data/<folder>/<name>``."""
    node = resources.files("dlxh").joinpath("data", folder, name)
    try:
        raw = node.read_bytes()
    except OSError as exc:  # pragma: no cover - a broken installation
        raise FormatError(f"dlxh data file {folder}/{name} is missing: {exc}") from exc
    return _parse(raw, f"dlxh/data/{folder}/{name}")


def read_json_file(path: str | Path) -> dict[str, Any]:
    """The JSON object in the file at ``path``."""
    where = str(path)
    return _parse(Path(path).read_bytes(), where)


def _parse(raw: bytes, where: str) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormatError(f"{where}: not a UTF-8 JSON file ({exc})") from exc
    if not isinstance(data, dict):
        raise FormatError(f"{where}: expected a JSON object at the top")
    return data


def expect(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """``data[key]``, checked to be of ``kind``; a :class:`FormatError` naming it otherwise."""
    if key not in data:
        raise FormatError(f"{where}: missing key {key!r}")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
        raise FormatError(f"{where}: {key!r} has the wrong type ({type(value).__name__})")
    return value


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)
