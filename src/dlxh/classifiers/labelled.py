"""Labelled examples: gold labels taken from items, and plain labelled files.

Gold labels come from items read by any importer: ``field`` names a label dimension of the
item (a reviewed or human label wins, as in :meth:`~dlxh.model.opinions.OpinionItem.value`),
a column the importer kept in ``extra``, or an item attribute (``origin``, ``breadth``...).

A plain labelled file (JSON Lines or CSV with a text column and a label column, as data sets
are published) is read by :func:`read_labelled` into items that carry their gold label as a
human label on the chosen dimension.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dlxh.errors import ConfigurationError, FormatError
from dlxh.model.enums import ReviewState
from dlxh.model.ids import content_id
from dlxh.model.opinions import Label, OpinionItem

__all__ = ["gold_label", "gold_pairs", "read_labelled"]

_ATTRIBUTES = ("origin", "breadth", "channel", "method", "unit")


def gold_label(item: OpinionItem, field: str) -> str | None:
    """The gold label of ``item`` in ``field``, or ``None``."""
    humans = [lb for lb in item.labels_for(field) if lb.reviewed or lb.classifier == "human"]
    if humans:
        chosen = item.label(field)
        if chosen is not None and (chosen.reviewed or chosen.classifier == "human"):
            return chosen.value
        return humans[0].value
    for name, value in item.extra:
        if name == field and value.strip():
            return value.strip()
    if field in _ATTRIBUTES:
        value = getattr(item, field)
        return None if value is None else str(value)
    return None


def gold_pairs(items: Sequence[OpinionItem], field: str) -> tuple[list[str], list[str]]:
    """``(texts, labels)`` of the items that have a gold label in ``field``."""
    texts: list[str] = []
    labels: list[str] = []
    for item in items:
        value = gold_label(item, field)
        if value is not None:
            texts.append(item.text)
            labels.append(value)
    if not texts:
        raise ConfigurationError(f"no item has a gold label in {field!r}")
    return texts, labels


def _rows(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: labelled files are UTF-8 ({exc})") from exc
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise FormatError(f"{path}: line {number} is not JSON ({exc})") from exc
            if not isinstance(row, dict):
                raise FormatError(f"{path}: line {number} is not a JSON object")
            rows.append(row)
        return rows
    if suffix in (".csv", ".tsv"):
        dialect = "excel-tab" if suffix == ".tsv" else "excel"
        return list(csv.DictReader(io.StringIO(text), dialect=dialect))
    raise FormatError(f"{path}: labelled files are .jsonl, .csv or .tsv")


def read_labelled(
    path: str | Path,
    *,
    text_field: str = "text",
    label_field: str = "label",
    dimension: str | None = None,
    where: dict[str, str] | None = None,
    id_field: str = "id",
) -> list[OpinionItem]:
    """Items from a plain labelled file (JSON Lines, CSV or TSV): the text in ``text_field``,
    the gold label in ``label_field`` (kept as a human label on ``dimension``, by default
    the field name in kebab-case). ``where`` keeps only rows whose fields equal the given
    values (``{"split": "train"}``). Rows without text are skipped; rows without a label are
    kept without one."""
    source = Path(path)
    dim = dimension or _kebab(label_field)
    items: list[OpinionItem] = []
    for number, row in enumerate(_rows(source), start=1):
        if where and any(str(row.get(k, "")) != v for k, v in where.items()):
            continue
        text = row.get(text_field)
        if not isinstance(text, str) or not text.strip():
            continue
        raw_id = row.get(id_field)
        item_id = str(raw_id).strip() if raw_id not in (None, "") else ""
        if not item_id or not item_id.isprintable():
            item_id = content_id("lbl", source.name, number, text)
        label = row.get(label_field)
        labels: tuple[Label, ...] = ()
        if label not in (None, ""):
            labels = (
                Label(
                    dimension=dim,
                    value=str(label),
                    classifier="human",
                    review=ReviewState.CONFIRMED,
                ),
            )
        items.append(OpinionItem(id=item_id, text=text, labels=labels))
    return items


def _kebab(name: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "label"
