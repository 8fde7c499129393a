"""The JSON Schema of the exchange format, generated from the model classes.

The schema shipped in the package (``dlxh/data/schema/dlxh-1.schema.json``) is this
generator's output; a test keeps the two equal. Regenerate with ``python -m dlxh.schema``.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import sys
import types
import typing
from importlib import resources
from typing import Any

import attrs

from dlxh.serialize import ENTITY_TYPES, FORMAT, _BatchDocument

__all__ = ["SCHEMA_ID", "exchange_schema", "generate_schema", "shipped_schema_text"]

SCHEMA_ID = "https://dlxh.readthedocs.io/schema/dlxh-1.schema.json"

_NAMES: dict[type[Any], str] = {cls: name for name, cls in ENTITY_TYPES.items()}
_NAMES[_BatchDocument] = "batch"


def _type_schema(tp: Any) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is type(None):
        return {"type": "null"}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(a) for a in args]}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0])}
        return {
            "type": "array",
            "prefixItems": [_type_schema(a) for a in args],
            "items": False,
            "minItems": len(args),
        }
    if isinstance(tp, type):
        if attrs.has(tp):
            return {"$ref": f"#/$defs/{_NAMES[tp]}"}
        if issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is str:
            return {"type": "string"}
        if tp is dt.datetime:
            return {"type": "string", "format": "date-time"}
        if tp is dt.date:
            return {"type": "string", "format": "date"}
    raise TypeError(f"no JSON Schema for type {tp!r}")


def _class_schema(cls: type[Any]) -> dict[str, Any]:
    attrs.resolve_types(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        key = field.alias or field.name
        schema = _type_schema(field.type)
        if field.metadata.get("doc"):
            schema["description"] = field.metadata["doc"]
        properties[key] = schema
        if field.default is attrs.NOTHING:
            required.append(key)
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if cls.__doc__:
        out["description"] = " ".join(cls.__doc__.split())
    if required:
        out["required"] = required
    return out


def generate_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every ``dlxh/1`` document."""
    defs = {name: _class_schema(cls) for cls, name in sorted(_NAMES.items(), key=lambda p: p[1])}
    names = sorted(_NAMES.values())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"dlxh exchange format {FORMAT}",
        "description": (
            "A dlxh document: {format, type, data}; data follows the definition named by type. "
            "Fields equal to their default may be left out."
        ),
        "type": "object",
        "required": ["format", "type", "data"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "type": {"enum": names},
            "data": {"type": "object"},
        },
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}},
                "then": {"properties": {"data": {"$ref": f"#/$defs/{name}"}}},
            }
            for name in names
        ],
        "$defs": defs,
    }


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def shipped_schema_text() -> str:
    """The schema file shipped in the package, as text."""
    return (resources.files("dlxh") / "data" / "schema" / "dlxh-1.schema.json").read_text("utf-8")


@functools.cache
def exchange_schema() -> dict[str, Any]:
    """The shipped JSON Schema, parsed (validate with any JSON Schema library)."""
    result: dict[str, Any] = json.loads(shipped_schema_text())
    return result


def main() -> None:
    """Print the generated schema (``python -m dlxh.schema > file``)."""
    sys.stdout.write(_dump(generate_schema()))


if __name__ == "__main__":
    main()
