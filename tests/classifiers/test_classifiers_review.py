"""The review loop: queue, Excel export, decisions read back and applied, kept on re-runs."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from dlxh.classifiers import (
    LexiconClassifier,
    apply_review,
    classify,
    export_review,
    read_review,
    review_queue,
)
from dlxh.errors import FormatError
from dlxh.model.enums import ReviewState
from dlxh.model.opinions import OpinionItem

TEXTS = [
    "Người dân bức xúc vì giá điện tăng cao",  # confident topic
    '=HYPERLINK("http://x") Cử tri hỏi về lịch họp',  # falls back to "other", low confidence
    "- Bà con quan tâm",  # no cue at all
]


@pytest.fixture
def labelled() -> list[OpinionItem]:
    items = [OpinionItem(id=f"i{n}", text=t) for n, t in enumerate(TEXTS)]
    return classify(items, [LexiconClassifier()])


def test_queue_lists_low_confidence_labels_only(labelled: list[OpinionItem]) -> None:
    rows = review_queue(labelled, threshold=0.5, dimensions=["topic", "orientation"])
    listed = {(r.item_id, r.dimension) for r in rows}
    assert ("i0", "topic") not in listed
    assert ("i1", "topic") in listed and ("i2", "topic") in listed
    assert all(r.confidence < 0.5 for r in rows)
    assert review_queue(labelled, threshold=0.0) == []


def test_export_fill_read_apply_and_keep(labelled: list[OpinionItem], tmp_path: Path) -> None:
    rows = review_queue(labelled, threshold=0.5, dimensions=["topic"])
    path = export_review(rows, tmp_path / "review.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["review"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["item_id", "dimension", "text", "value"]
    # Formulas are written as text, never as formulas.
    texts = [sheet.cell(row=r, column=3).value for r in range(3, sheet.max_row + 1)]
    assert all(not str(t).startswith(("=", "-")) for t in texts)
    assert "values" in workbook.sheetnames
    by_item = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    sheet.cell(row=by_item["i1"], column=10).value = "Chính trị, xây dựng Đảng, sắp xếp bộ máy"
    sheet.cell(row=by_item["i1"], column=11).value = "Nguyễn Văn A"
    sheet.cell(row=by_item["i2"], column=9).value = "x"
    workbook.save(path)

    decisions, problems = read_review(path)
    assert problems == []
    assert {(d.item_id, d.value, d.state) for d in decisions} == {
        ("i1", "politics", ReviewState.CORRECTED),
        ("i2", "other", ReviewState.CONFIRMED),
    }
    reviewed = apply_review(labelled, decisions, reviewer="Tổ tổng hợp")
    i1 = reviewed[1].label("topic")
    assert i1 is not None and i1.value == "politics" and i1.reviewed_by == "Nguyễn Văn A"
    i2 = reviewed[2].label("topic")
    assert i2 is not None and i2.review is ReviewState.CONFIRMED and i2.reviewed_by == "Tổ tổng hợp"
    # Reviewed labels win when the items are classified again, and leave the queue.
    again = classify(reviewed, [LexiconClassifier()])
    assert again[1].value("topic") == "politics"
    assert again[2].value("topic") == "other"
    assert {r.item_id for r in review_queue(again, dimensions=["topic"])} == set()


def test_unknown_values_are_problems(labelled: list[OpinionItem], tmp_path: Path) -> None:
    path = export_review(review_queue(labelled, dimensions=["topic"]), tmp_path / "r.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["review"].cell(row=3, column=10).value = "không có lĩnh vực này"
    workbook["review"].cell(row=4, column=9).value = "hmm"
    workbook.save(path)
    decisions, problems = read_review(path)
    assert decisions == []
    assert [p.code for p in problems] == ["review-unknown-value", "review-unclear-decision"]
    assert problems[0].location == "review!J3"


def test_not_a_review_workbook(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(FormatError):
        read_review(path)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(FormatError):
        read_review(bad)
