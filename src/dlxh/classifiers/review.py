"""Review: list the labels a person should look at, export them to Excel, read the
decisions back and apply them.

A reviewer fills in, on each row of the ``review`` sheet, either ``x`` in the *Đồng ý*
(confirm) column, or the right value in the *Sửa thành* (correct to) column: a code or its
Vietnamese label (``economy`` or ``Kinh tế, giá cả``). A confirmed label becomes
:attr:`~dlxh.model.enums.ReviewState.CONFIRMED`; a correction adds a human label in state
:attr:`~dlxh.model.enums.ReviewState.CORRECTED`. Either wins over every classifier from then
on, and :func:`dlxh.classifiers.classify` keeps it when the items are classified again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from dlxh.classifiers.base import MULTI_VALUED
from dlxh.classifiers.taxonomies import default_taxonomies
from dlxh.errors import FormatError, Problem, Severity
from dlxh.model.enums import (
    Breadth,
    CompetentLevel,
    Interest,
    Mood,
    Orientation,
    Origin,
    ReviewState,
    Scope,
)
from dlxh.model.labelled import LabelledEnum
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.taxonomy import Taxonomy
from dlxh.text import fold

__all__ = [
    "DEFAULT_REVIEW_THRESHOLD",
    "ReviewDecision",
    "ReviewRow",
    "allowed_values",
    "apply_review",
    "export_review",
    "read_review",
    "review_queue",
]

DEFAULT_REVIEW_THRESHOLD = 0.5
"""Labels below this confidence are listed for review."""

HEADERS = (
    "item_id",
    "dimension",
    "text",
    "value",
    "value_label",
    "confidence",
    "classifier",
    "evidence",
    "confirm",
    "correct_to",
    "reviewer",
)
_TITLES = (
    "Mã tin (item id)",
    "Chiều nhãn (dimension)",
    "Nội dung (text)",
    "Nhãn đề xuất (proposed value)",
    "Tên nhãn (label)",
    "Độ tin cậy (confidence)",
    "Bộ phân loại (classifier)",
    "Căn cứ (evidence)",
    "Đồng ý (confirm: x)",
    "Sửa thành (correct to)",
    "Người xem xét (reviewer)",
)
_YES = frozenset({"x", "ok", "yes", "y", "co", "dong y", "dung", "confirm", "1", "true"})
_ENUMS: Mapping[str, type[LabelledEnum]] = {
    "orientation": Orientation,
    "mood": Mood,
    "breadth": Breadth,
    "scope": Scope,
    "origin": Origin,
    "interest": Interest,
    "competent-level": CompetentLevel,
}
_FORMULA_START = ("=", "+", "-", "@")


@attrs.frozen
class ReviewRow:
    """One label to review."""

    item_id: str
    dimension: str
    text: str
    value: str
    confidence: float
    classifier: str
    evidence: str


@attrs.frozen
class ReviewDecision:
    """What a reviewer decided about one row: ``value`` is the right value (the proposed
    one when confirmed)."""

    item_id: str
    dimension: str
    value: str
    state: ReviewState
    reviewer: str | None = None


def allowed_values(
    dimension: str, taxonomies: Mapping[str, Taxonomy] | None = None
) -> dict[str, str] | None:
    """Code → Vietnamese label of the values a dimension takes, or ``None`` when free."""
    if dimension in _ENUMS:
        return {m.value: m.label for m in _ENUMS[dimension]}
    found = dict(default_taxonomies())
    if taxonomies:
        found.update(taxonomies)
    if dimension in found:
        return {c.code: c.label for c in found[dimension].categories}
    return None


def review_queue(
    items: Iterable[OpinionItem],
    *,
    threshold: float = DEFAULT_REVIEW_THRESHOLD,
    dimensions: Iterable[str] | None = None,
) -> list[ReviewRow]:
    """The labels under ``threshold`` that no person has reviewed, one row per label, for the
    ``dimensions`` asked (all by default). For a single-valued dimension only the label that
    counts (:meth:`~dlxh.model.opinions.OpinionItem.label`) is listed."""
    wanted = None if dimensions is None else frozenset(dimensions)
    rows: list[ReviewRow] = []
    for item in items:
        dims: list[str] = []
        for lb in item.labels:
            if lb.dimension not in dims and (wanted is None or lb.dimension in wanted):
                dims.append(lb.dimension)
        for dimension in dims:
            labels = item.labels_for(dimension)
            if any(lb.reviewed for lb in labels):
                continue
            chosen: list[Label | None] = (
                list(labels) if dimension in MULTI_VALUED else [item.label(dimension)]
            )
            for candidate in chosen:
                if (
                    candidate is None
                    or candidate.classifier == "human"
                    or candidate.confidence >= threshold
                ):
                    continue
                evidence = "; ".join(f"{e.cue} @{e.start}-{e.end}" for e in candidate.evidence)
                rows.append(
                    ReviewRow(
                        item.id,
                        dimension,
                        item.text,
                        candidate.value,
                        candidate.confidence,
                        f"{candidate.classifier} {candidate.classifier_version}".strip(),
                        evidence,
                    )
                )
    return rows


def _safe(value: object) -> object:
    """Text that a spreadsheet would take for a formula is written with a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a core dependency
        from dlxh.errors import ExtraMissingError

        raise ExtraMissingError("xlsx", "openpyxl") from exc
    return openpyxl


def export_review(
    rows: Sequence[ReviewRow],
    path: str | Path,
    *,
    taxonomies: Mapping[str, Taxonomy] | None = None,
) -> Path:
    """Write the review rows to an xlsx workbook: a ``review`` sheet to fill in and a
    ``values`` sheet listing the values each dimension takes."""
    openpyxl = _openpyxl()
    target = Path(path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "review"
    sheet.append(list(HEADERS))
    sheet.append(list(_TITLES))
    for row in rows:
        allowed = allowed_values(row.dimension, taxonomies) or {}
        sheet.append(
            [
                _safe(v)
                for v in (
                    row.item_id,
                    row.dimension,
                    row.text,
                    row.value,
                    allowed.get(row.value, ""),
                    round(row.confidence, 3),
                    row.classifier,
                    row.evidence,
                    "",
                    "",
                    "",
                )
            ]
        )
    sheet.freeze_panes = "A3"
    for column, width in zip(
        "ABCDEFGHIJK", (22, 14, 70, 18, 28, 10, 28, 30, 10, 18, 16), strict=True
    ):
        sheet.column_dimensions[column].width = width
    values = workbook.create_sheet("values")
    values.append(["dimension", "value", "label"])
    for dimension in sorted({r.dimension for r in rows}):
        for code, label in (allowed_values(dimension, taxonomies) or {}).items():
            values.append([dimension, code, label])
    workbook.save(target)
    return target


def _text(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in _FORMULA_START:
        text = text[1:]
    return text


def read_review(
    path: str | Path, *, taxonomies: Mapping[str, Taxonomy] | None = None
) -> tuple[list[ReviewDecision], list[Problem]]:
    """The decisions in a review workbook written by :func:`export_review` and filled in;
    rows left empty are skipped, rows that cannot be read are problems (with their cell)."""
    openpyxl = _openpyxl()
    try:
        workbook = openpyxl.load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:
        raise FormatError(f"{path}: not a readable xlsx workbook ({exc})") from exc
    try:
        if "review" not in workbook.sheetnames:
            raise FormatError(f"{path}: no 'review' sheet")
        sheet = workbook["review"]
        rows = list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    if not rows or tuple(_text(v) for v in rows[0][: len(HEADERS)]) != HEADERS:
        raise FormatError(f"{path}: the 'review' sheet does not start with the review headers")
    decisions: list[ReviewDecision] = []
    problems: list[Problem] = []
    for number, raw in enumerate(rows[2:], start=3):
        cells = dict(zip(HEADERS, (_text(v) for v in raw), strict=False))
        confirm, correct = cells.get("confirm", ""), cells.get("correct_to", "")
        if not confirm and not correct:
            continue
        item_id, dimension, proposed = (
            cells.get("item_id", ""),
            cells.get("dimension", ""),
            cells.get("value", ""),
        )
        reviewer = cells.get("reviewer") or None
        if not item_id or not dimension:
            problems.append(
                Problem(
                    "review-row-incomplete",
                    Severity.ERROR,
                    "item id or dimension missing",
                    f"review!A{number}",
                )
            )
            continue
        if correct:
            value = _code(correct, dimension, taxonomies)
            if value is None:
                allowed = allowed_values(dimension, taxonomies) or {}
                problems.append(
                    Problem(
                        "review-unknown-value",
                        Severity.ERROR,
                        f"{correct!r} is not a value of {dimension!r}; "
                        f"expected one of {sorted(allowed)}",
                        f"review!J{number}",
                    )
                )
                continue
            state = ReviewState.CONFIRMED if value == proposed else ReviewState.CORRECTED
            decisions.append(ReviewDecision(item_id, dimension, value, state, reviewer))
        elif fold(confirm) in _YES:
            decisions.append(
                ReviewDecision(item_id, dimension, proposed, ReviewState.CONFIRMED, reviewer)
            )
        else:
            problems.append(
                Problem(
                    "review-unclear-decision",
                    Severity.WARNING,
                    f"confirm cell holds {confirm!r}; write x",
                    f"review!I{number}",
                )
            )
    return decisions, problems


def _code(text: str, dimension: str, taxonomies: Mapping[str, Taxonomy] | None) -> str | None:
    allowed = allowed_values(dimension, taxonomies)
    if allowed is None:
        return text
    if text in allowed:
        return text
    key = fold(text)
    for code, label in allowed.items():
        if key in (fold(code), fold(label)):
            return code
    return None


def apply_review(
    items: Sequence[OpinionItem],
    decisions: Iterable[ReviewDecision],
    *,
    reviewer: str | None = None,
    reviewed_at: dt.datetime | None = None,
) -> list[OpinionItem]:
    """New items with the decisions applied: a confirmed label is marked confirmed; a
    correction adds a human label marked corrected (the machine's label stays, for the
    record, and no longer counts)."""
    when = reviewed_at or dt.datetime.now(dt.UTC)
    by_item: dict[str, list[ReviewDecision]] = {}
    for decision in decisions:
        by_item.setdefault(decision.item_id, []).append(decision)
    out: list[OpinionItem] = []
    for item in items:
        mine = by_item.get(item.id)
        if not mine:
            out.append(item)
            continue
        labels = list(item.labels)
        for decision in mine:
            who = decision.reviewer or reviewer
            match = next(
                (
                    i
                    for i, lb in enumerate(labels)
                    if lb.dimension == decision.dimension and lb.value == decision.value
                ),
                None,
            )
            if match is not None:
                labels[match] = attrs.evolve(
                    labels[match],
                    review=decision.state
                    if decision.state is ReviewState.CONFIRMED
                    else ReviewState.CORRECTED,
                    reviewed_by=who,
                    reviewed_at=when,
                )
            else:
                labels.append(
                    Label(
                        dimension=decision.dimension,
                        value=decision.value,
                        confidence=1.0,
                        classifier="human",
                        assigned_at=when,
                        review=ReviewState.CORRECTED,
                        reviewed_by=who,
                        reviewed_at=when,
                    )
                )
        out.append(attrs.evolve(item, labels=tuple(labels)))
    return out
