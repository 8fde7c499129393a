"""``dlxh classify``: run, train, evaluate, review."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dlxh.cli.classify import classify
from dlxh.model.opinions import OpinionItem
from dlxh.serialize import from_json

STATEMENTS = Path(__file__).resolve().parent / "data" / "opinion_statements.jsonl"


def invoke(*args: str | Path) -> str:
    result = CliRunner().invoke(classify, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_evaluate_the_lexicon_on_a_labelled_jsonl() -> None:
    output = invoke("evaluate", STATEMENTS, "--label-field", "topic")
    assert "macro avg" in output and "lexicon" in output
    data = json.loads(invoke("evaluate", STATEMENTS, "--label-field", "orientation", "--json"))
    assert data["dimension"] == "orientation"
    assert data["macro_f1"] >= 0.75


def test_train_evaluate_and_run_a_model(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    model = tmp_path / "orientation.npz"
    output = invoke(
        "train",
        STATEMENTS,
        "-o",
        model,
        "--text-field",
        "text",
        "--label-field",
        "orientation",
        "--where",
        "diacritics=True",
    )
    assert "orientation" in output and model.exists()
    output = invoke("evaluate", STATEMENTS, "--model", model, "--label-field", "orientation")
    assert "trainable" in output and "Ma trận" in output
    cv = invoke("evaluate", STATEMENTS, "--cv", "3", "--label-field", "orientation", "--json")
    assert json.loads(cv)["folds"] == 3

    source = tmp_path / "items.jsonl"
    source.write_text(
        '{"text": "Người dân bức xúc vì giá điện tăng"}\n{"text": "Cử tri hỏi lịch họp"}\n',
        encoding="utf-8",
    )
    result = tmp_path / "labelled.json"
    invoke("run", source, "-o", result, "--model", model, "--text-field", "text")
    batch = from_json(result.read_text(encoding="utf-8"))
    items: list[OpinionItem] = list(batch.items)
    assert len(items) == 2
    assert items[0].value("orientation") is not None
    assert items[0].value("topic") == "economy"  # from the lexicon, asked second


def test_review_export_and_apply(tmp_path: Path) -> None:
    source = tmp_path / "items.jsonl"
    source.write_text('{"text": "Bà con quan tâm"}\n{"text": "Giá điện tăng"}\n', encoding="utf-8")
    labelled = tmp_path / "labelled.jsonl"
    invoke("run", source, "-o", labelled, "--text-field", "text")
    workbook_path = tmp_path / "review.xlsx"
    assert "→" in invoke("review", "export", labelled, "-o", workbook_path, "--dimension", "topic")
    workbook = openpyxl.load_workbook(workbook_path)
    sheet = workbook["review"]
    assert sheet.max_row == 3  # the headers, the titles, one low-confidence topic
    sheet.cell(row=3, column=10).value = "social-security"
    workbook.save(workbook_path)
    reviewed = tmp_path / "reviewed.jsonl"
    invoke("review", "apply", labelled, workbook_path, "-o", reviewed, "--reviewer", "B")
    lines = reviewed.read_text(encoding="utf-8").splitlines()
    items = [from_json(line) for line in lines]
    topics = [i.value("topic") for i in items if isinstance(i, OpinionItem)]
    assert "social-security" in topics


def test_errors_are_dlxh_errors(tmp_path: Path) -> None:
    from dlxh.errors import DlxhError

    bad = tmp_path / "x.npz"
    bad.write_bytes(b"not a model")
    result = CliRunner().invoke(
        classify, ["evaluate", str(STATEMENTS), "--model", str(bad), "--label-field", "topic"]
    )
    assert isinstance(result.exception, DlxhError)
    result = CliRunner().invoke(classify, ["train", str(STATEMENTS), "-o", str(bad)])
    assert isinstance(result.exception, DlxhError)
