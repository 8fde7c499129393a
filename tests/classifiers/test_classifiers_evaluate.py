"""Metrics, computed without scikit-learn, agree with scikit-learn's."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.classifiers import LexiconClassifier, evaluate, score
from dlxh.classifiers.evaluate import NONE
from dlxh.errors import ConfigurationError
from dlxh.model.opinions import Label, OpinionItem

labels = st.sampled_from(["a", "b", "c", "d"])


@given(st.lists(st.tuples(labels, labels), min_size=1, max_size=60))
def test_metrics_agree_with_sklearn(pairs: list[tuple[str, str]]) -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    gold = [g for g, _ in pairs]
    predicted = [p for _, p in pairs]
    result = score(gold, predicted)
    assert result.macro_f1 == pytest.approx(
        metrics.f1_score(gold, predicted, average="macro", zero_division=0), abs=1e-4
    )
    assert result.weighted_f1 == pytest.approx(
        metrics.f1_score(gold, predicted, average="weighted", zero_division=0), abs=1e-4
    )
    assert result.accuracy == pytest.approx(metrics.accuracy_score(gold, predicted), abs=1e-4)
    order = list(result.confusion_labels)
    if len(order) > 1:  # sklearn warns on a single label
        expected = metrics.confusion_matrix(gold, predicted, labels=order).tolist()
        assert [list(r) for r in result.confusion] == expected


def test_missing_predictions_count_as_wrong() -> None:
    result = score(["a", "a", "b"], ["a", None, "b"])
    assert result.confusion_labels == ("a", "b", NONE)
    assert result.confusion == ((1, 0, 1), (0, 1, 0), (0, 0, 0))
    assert result.accuracy == pytest.approx(2 / 3, abs=1e-4)
    assert "macro avg" in result.table()
    assert NONE in result.confusion_table()
    assert result.to_dict()["per_label"][0]["label"] == "a"


def test_score_needs_matching_lengths() -> None:
    with pytest.raises(ConfigurationError):
        score(["a"], [])
    with pytest.raises(ConfigurationError):
        score([], [])


GOLD_COLUMN: tuple[tuple[str, str], ...] = (("gold", "economy"),)


def test_evaluate_reads_gold_from_labels_or_columns() -> None:
    items = [
        OpinionItem(id="1", text="Giá điện tăng", extra=GOLD_COLUMN),  # type: ignore[arg-type]
        OpinionItem(id="2", text="Học phí cao", labels=(Label("gold", "education"),)),
        OpinionItem(id="3", text="Không có nhãn"),
    ]
    result = evaluate(LexiconClassifier(), items, "topic", field="gold")
    assert result.support == 2
    assert result.accuracy == 1.0
    with pytest.raises(ConfigurationError, match="say which dimension"):
        evaluate(LexiconClassifier(), items)


def test_plot_draws_the_confusion_matrix() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    result = score(["a", "b", "b"], ["a", "a", "b"])
    ax = result.plot(normalize=True)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    import matplotlib.pyplot as plt

    plt.close(ax.figure)


def test_lexicon_evaluation_needs_no_sklearn(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    for name in ("sklearn", "sklearn.metrics", "numpy", "scipy"):
        monkeypatch.setitem(sys.modules, name, None)  # importing them now fails
    items = [
        OpinionItem(id="1", text="Người dân bức xúc", labels=(Label("orientation", "oppose"),)),
        OpinionItem(id="2", text="Nhân dân phấn khởi", labels=(Label("orientation", "approve"),)),
    ]
    result = evaluate(LexiconClassifier(), items, "orientation")
    assert result.macro_f1 == 1.0
