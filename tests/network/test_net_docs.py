"""The how-to pages run as written, and their API blocks name what exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "howto"
PAGES = ("manage-a-network.md", "training-roll-out.md")
BLOCK = re.compile(r"```\{code-block\} python\n(.*?)```", re.DOTALL)
AUTO = re.compile(r"^\.\. auto(?:function|class):: ([\w.]+)$", re.MULTILINE)


@pytest.mark.parametrize("page", PAGES)
def test_the_code_of_the_page_runs(page: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 2
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "howto"}
    for block in blocks:
        exec(compile(block, f"{page}", "exec"), namespace)
    assert any(tmp_path.iterdir())  # the pages write files


@pytest.mark.parametrize("page", PAGES)
def test_the_api_blocks_name_real_objects(page: str) -> None:
    names = AUTO.findall((DOCS / page).read_text(encoding="utf-8"))
    assert names
    for dotted in names:
        module, _, attribute = dotted.rpartition(".")
        assert hasattr(importlib.import_module(module), attribute), dotted
