"""The problem-code reference lists exactly the codes the code raises."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "src" / "dlxh").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name != "Problem":
                continue
            keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
            first = node.args[0] if node.args else keyword
            assert isinstance(first, ast.Constant), (
                f"{path}:{node.lineno}: give Problem a literal code, so the reference can list it"
            )
            codes.add(str(first.value))
    return codes


def _codes_in_reference() -> set[str]:
    page = (ROOT / "docs" / "reference" / "problems.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", page, flags=re.MULTILINE))


def test_reference_lists_every_code_raised_and_no_other() -> None:
    in_source = _codes_in_source()
    assert "invalid-record" in in_source  # the scan itself works
    in_reference = _codes_in_reference()
    assert in_source - in_reference == set(), "codes raised but not documented"
    assert in_reference - in_source == set(), "codes documented but never raised"
