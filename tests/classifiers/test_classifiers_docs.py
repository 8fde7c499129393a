"""The taxonomy reference page shows exactly the shipped categories."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlxh.classifiers import default_taxonomies

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "taxonomies.md"
ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (.+?) \| (.+?) \|$")


def section(text: str, dimension: str) -> list[tuple[str, str, str]]:
    heading = f"(`{dimension}`,"
    start = next(
        i for i, line in enumerate(text.splitlines()) if line.startswith("## ") and heading in line
    )
    rows = []
    for line in text.splitlines()[start + 1 :]:
        if line.startswith("## "):
            break
        found = ROW.match(line)
        if found:
            rows.append((found.group(1), found.group(2), found.group(3)))
    return rows


@pytest.mark.parametrize("dimension", ["topic", "group"])
def test_reference_table_equals_the_data(dimension: str) -> None:
    tax = default_taxonomies()[dimension]
    rows = section(PAGE.read_text(encoding="utf-8"), dimension)
    assert rows == [(c.code, c.label, c.description) for c in tax.categories]
    assert f"`{tax.name}` | {tax.version}" in PAGE.read_text(encoding="utf-8")
