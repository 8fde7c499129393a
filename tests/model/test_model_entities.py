from __future__ import annotations

import datetime as dt
import unicodedata

import attrs
import pytest

import dlxh
from dlxh.model.ids import content_id


def test_text_fields_are_nfc_and_stripped() -> None:
    decomposed = unicodedata.normalize("NFD", "  Người dân phấn khởi  ")
    item = dlxh.OpinionItem(id="i-1", text=decomposed)
    assert item.text == "Người dân phấn khởi"
    assert unicodedata.is_normalized("NFC", item.text)


def test_converters_are_idempotent_under_evolve() -> None:
    item = dlxh.OpinionItem(id="i-1", text="Giá điện tăng", breadth="majority", groups=["nông dân"])
    assert attrs.evolve(item) == item
    assert item.breadth is dlxh.Breadth.MAJORITY
    assert item.groups == ("nông dân",)


def test_ids_must_be_printable_and_non_empty() -> None:
    with pytest.raises(ValueError, match="id"):
        dlxh.OpinionItem(id="", text="x")
    with pytest.raises(ValueError, match="id"):
        dlxh.OpinionItem(id=" a", text="x")


def test_content_id_is_stable_and_distinguishes_parts() -> None:
    a = content_id("item", "abc", "Sheet1!C12")
    assert a == content_id("item", "abc", "Sheet1!C12")
    assert a.startswith("item-") and len(a) == len("item-") + 20
    assert a != content_id("item", "abc", "Sheet1!C13")
    # the separator keeps ("ab", "c") apart from ("a", "bc")
    assert content_id("x", "ab", "c") != content_id("x", "a", "bc")
    with pytest.raises(ValueError, match="prefix"):
        content_id("bad prefix", "x")


def test_reviewed_label_wins_over_a_more_confident_classifier() -> None:
    machine = dlxh.Label("orientation", "approve", 0.97, classifier="lexicon")
    person = dlxh.Label(
        "orientation", "oppose", 0.5, review=dlxh.ReviewState.CORRECTED, reviewed_by="cb-01"
    )
    item = dlxh.OpinionItem(id="i-1", text="...", labels=[machine, person])
    assert item.label("orientation") is person
    assert item.orientation is dlxh.Orientation.OPPOSE
    assert item.value("topic") is None


def test_most_confident_label_counts_when_nobody_reviewed() -> None:
    low = dlxh.Label("topic", "gia-ca", 0.4, classifier="lexicon")
    high = dlxh.Label("topic", "dat-dai", 0.8, classifier="trainable")
    item = dlxh.OpinionItem(id="i-1", text="...", labels=(low, high))
    assert item.value("topic") == "dat-dai"


def test_label_confidence_is_a_probability() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        dlxh.Label("topic", "x", 1.5)


def test_stream_counts_and_ids_are_canonical() -> None:
    stream = dlxh.OpinionStream(
        id="s-1",
        statement="Giá điện tăng cao",
        item_ids=["b", "a", "b"],
        orientations={"oppose": 3, "approve": 5},
    )
    assert stream.item_ids == ("a", "b")
    assert stream.item_count == 2
    assert stream.orientations == ((dlxh.Orientation.APPROVE, 5), (dlxh.Orientation.OPPOSE, 3))


def test_report_walks_sections_in_document_order() -> None:
    report = dlxh.Report(
        id="r-1",
        kind="periodic",
        title="Báo cáo tình hình dư luận xã hội tháng 10",
        period=dlxh.Period.month(2026, 10),
        sections=[
            dlxh.Section("Tình hình tư tưởng", number="I.", subsections=[dlxh.Section("a", "1.")]),
            dlxh.Section("Kiến nghị", number="II."),
        ],
    )
    assert [s.number for s in report.walk()] == ["I.", "1.", "II."]
    assert report.kind is dlxh.ReportKind.PERIODIC


def test_taxonomy_refuses_duplicate_codes_and_unknown_parents() -> None:
    cat = dlxh.Category("gia-ca", "Kinh tế, giá cả")
    tax = dlxh.Taxonomy("mac-dinh", "1", "topic", "Lĩnh vực", [cat])
    assert "gia-ca" in tax and tax.get("gia-ca") is cat and tax.codes == ("gia-ca",)
    with pytest.raises(KeyError, match="khong-co"):
        tax.get("khong-co")
    with pytest.raises(ValueError, match="twice"):
        dlxh.Taxonomy("t", "1", "topic", "x", [cat, cat])
    with pytest.raises(ValueError, match="parent"):
        dlxh.Taxonomy("t", "1", "topic", "x", [dlxh.Category("a", "A", parent="b")])


def test_collaborator_and_training_defaults() -> None:
    person = dlxh.Collaborator(id="c-1", name="Nguyễn Văn A", role="opinion_collaborator")
    assert person.active and person.sex is dlxh.Sex.UNSPECIFIED
    event = dlxh.TrainingEvent(
        id="t-1",
        title="Tập huấn công tác nắm bắt dư luận xã hội",
        held_on=dt.date(2026, 10, 23),
        organiser_id="mttq-79",
        level="province",
        topics=["concepts_methods", "report_writing"],
    )
    assert event.topics == (dlxh.TrainingTopic.CONCEPTS_METHODS, dlxh.TrainingTopic.REPORT_WRITING)


def test_problem_codes_are_kebab_case() -> None:
    problem = dlxh.Problem("bad-date", "error", "Ngày không đọc được: 31/02/2026", "Sheet1!C12")
    assert str(problem) == "[error] bad-date: Ngày không đọc được: 31/02/2026 @ Sheet1!C12"
    with pytest.raises(ValueError, match="kebab"):
        dlxh.Problem("Bad Date", "error", "x")


def test_model_imports_nothing_of_the_project_but_the_model() -> None:
    import ast
    from pathlib import Path

    model_dir = Path(dlxh.__file__).parent / "model"
    for path in model_dir.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dlxh"):
                allowed = node.module.startswith("dlxh.model") or node.module == "dlxh.errors"
                assert allowed, f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")[0]
                    assert top not in {"cattrs", "pluggy", "openpyxl", "dateutil", "holidays"}, (
                        f"{path.name} imports {alias.name}"
                    )
