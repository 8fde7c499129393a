"""Meta-tests: every hook is documented (docstring and reference page) and tested."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from dlxh.plugins import hookspecs

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(
    name for name, obj in vars(hookspecs).items() if name.startswith("dlxh_") and callable(obj)
)


def test_there_are_hooks() -> None:
    assert len(HOOKS) == 10


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_docstring_and_types(hook: str) -> None:
    func = getattr(hookspecs, hook)
    assert inspect.getdoc(func), f"{hook} has no docstring"
    signature = inspect.signature(func)
    assert signature.return_annotation is not inspect.Signature.empty
    for parameter in signature.parameters.values():
        assert parameter.annotation is not inspect.Parameter.empty, (hook, parameter.name)


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_in_the_reference(hook: str) -> None:
    page = (ROOT / "docs" / "reference" / "hooks.md").read_text(encoding="utf-8")
    assert hook in page, f"docs/reference/hooks.md does not mention {hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_exercised_by_a_test(hook: str) -> None:
    here = Path(__file__).resolve()
    users = [
        p
        for p in (ROOT / "tests").rglob("test_*.py")
        if p != here and f"def {hook}(" in p.read_text(encoding="utf-8")
    ]
    assert users, f"no test implements {hook}"
