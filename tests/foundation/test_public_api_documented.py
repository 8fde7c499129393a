"""Everything public is documented: each name of ``dlxh.__all__`` has an autodoc entry, under
its top-level name or the module where it lives."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import dlxh

DOCS = Path(__file__).resolve().parents[2] / "docs"
_DIRECTIVE = re.compile(r"\.\. auto(?:function|class|exception|data|module):: (dlxh[\w.]*)")


def _resolve(path: str) -> object:
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise AssertionError(f"cannot resolve {path}")


def test_every_public_name_has_a_reference_entry() -> None:
    paths = {
        m.group(1) for page in DOCS.rglob("*.md") for m in _DIRECTIVE.finditer(page.read_text())
    }
    documented = {id(_resolve(path)) for path in paths}
    exempt = {"__version__"}
    missing = sorted(
        name
        for name in dlxh.__all__
        if name not in exempt and id(getattr(dlxh, name)) not in documented
    )
    assert missing == []
