"""Evaluating classifiers against gold labels: per-label precision, recall and F1, macro and
weighted F1, accuracy and the confusion matrix; cross-validation for trainable classifiers.

The metrics are computed here in plain Python, so that the lexicon classifier can be evaluated
without scikit-learn. Macro F1 is the mean over the labels found in the gold labels or in the
predictions (scikit-learn's default); an item the classifier left without a label on the
dimension counts as a wrong prediction, shown as ``(none)`` in the confusion matrix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from dlxh.classifiers.base import Classifier
from dlxh.classifiers.labelled import gold_label
from dlxh.errors import ConfigurationError, ExtraMissingError
from dlxh.model.opinions import OpinionItem

if TYPE_CHECKING:
    from dlxh.classifiers.trainable import TrainableClassifier

__all__ = ["NONE", "Evaluation", "LabelScore", "cross_validate", "evaluate", "score"]

NONE = "(none)"
"""The predicted value of an item that got no label on the dimension."""


@attrs.frozen
class LabelScore:
    """Precision, recall and F1 of one label, and how many gold items have it."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int


@attrs.frozen
class Evaluation:
    """The result of :func:`evaluate` or :func:`score`."""

    dimension: str
    per_label: tuple[LabelScore, ...]
    confusion_labels: tuple[str, ...]
    """Row and column order of :attr:`confusion` (gold in rows, predicted in columns)."""
    confusion: tuple[tuple[int, ...], ...]
    accuracy: float
    macro_f1: float
    weighted_f1: float
    support: int
    classifier: str = ""
    folds: int = 0
    """Number of folds when the evaluation is a cross-validation, else 0."""

    def table(self) -> str:
        """Per-label scores and the averages, as an aligned text table."""
        width = max([len(s.label) for s in self.per_label] + [len("weighted avg")])
        lines = [f"{'label':<{width}}  precision  recall  f1-score  support"]
        for s in self.per_label:
            lines.append(
                f"{s.label:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  "
                f"{s.f1:8.3f}  {s.support:7d}"
            )
        lines.append("")
        lines.append(
            f"{'accuracy':<{width}}  {'':9}  {'':6}  {self.accuracy:8.3f}  {self.support:7d}"
        )
        lines.append(
            f"{'macro avg':<{width}}  {'':9}  {'':6}  {self.macro_f1:8.3f}  {self.support:7d}"
        )
        lines.append(
            f"{'weighted avg':<{width}}  {'':9}  {'':6}  {self.weighted_f1:8.3f}  {self.support:7d}"
        )
        return "\n".join(lines)

    def confusion_table(self) -> str:
        """The confusion matrix as a text table (gold in rows, predicted in columns)."""
        names = self.confusion_labels
        width = max(len(n) for n in names) if names else 4
        cells = max([len(str(v)) for row in self.confusion for v in row] + [3])
        header = " " * width + "  " + " ".join(f"{i:>{cells}}" for i in range(len(names)))
        lines = [header]
        for index, (name, row) in enumerate(zip(names, self.confusion, strict=True)):
            lines.append(
                f"{name:<{width}}  " + " ".join(f"{v:>{cells}}" for v in row) + f"  [{index}]"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for JSON, or ``pandas.DataFrame(result.to_dict()["per_label"])``)."""
        return {
            "dimension": self.dimension,
            "classifier": self.classifier,
            "folds": self.folds,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "weighted_f1": self.weighted_f1,
            "support": self.support,
            "per_label": [attrs.asdict(s) for s in self.per_label],
            "confusion_labels": list(self.confusion_labels),
            "confusion": [list(r) for r in self.confusion],
        }

    def plot(self, ax: Any = None, *, normalize: bool = False) -> Any:
        """Draw the confusion matrix with matplotlib (extra ``dlxh[charts]``); returns the
        axes. ``normalize=True`` shows each gold row as proportions."""
        try:
            import matplotlib.pyplot as plt
        except ImportError as exc:
            raise ExtraMissingError("charts", "matplotlib") from exc
        if ax is None:
            _, ax = plt.subplots(figsize=(1 + 0.6 * len(self.confusion_labels),) * 2)
        matrix: list[list[float]] = [list(map(float, row)) for row in self.confusion]
        if normalize:
            matrix = [[v / (sum(row) or 1.0) for v in row] for row in matrix]
        image = ax.imshow(matrix, cmap="Blues")
        ticks = range(len(self.confusion_labels))
        ax.set_xticks(list(ticks), labels=list(self.confusion_labels), rotation=45, ha="right")
        ax.set_yticks(list(ticks), labels=list(self.confusion_labels))
        ax.set_xlabel("Dự đoán (predicted)")
        ax.set_ylabel("Nhãn chuẩn (gold)")
        ax.set_title(f"{self.dimension}: macro F1 {self.macro_f1:.3f}")
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                ax.text(
                    j,
                    i,
                    f"{value:.2f}" if normalize else f"{int(value)}",
                    ha="center",
                    va="center",
                    fontsize=8,
                )
        ax.figure.colorbar(image, ax=ax)
        return ax


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def score(
    gold: Sequence[str],
    predicted: Sequence[str | None],
    *,
    dimension: str = "label",
    classifier: str = "",
    folds: int = 0,
) -> Evaluation:
    """Compare ``predicted`` values with ``gold`` ones (same order)."""
    if len(gold) != len(predicted):
        raise ConfigurationError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    if not gold:
        raise ConfigurationError("nothing to evaluate: no gold labels")
    pred = [NONE if p is None else p for p in predicted]
    labels = sorted(set(gold) | (set(pred) - {NONE}))
    support = Counter(gold)
    predicted_count = Counter(pred)
    correct = Counter(g for g, p in zip(gold, pred, strict=True) if g == p)
    per_label = []
    for label in labels:
        tp = correct[label]
        precision = tp / predicted_count[label] if predicted_count[label] else 0.0
        recall = tp / support[label] if support[label] else 0.0
        per_label.append(
            LabelScore(
                label,
                round(precision, 4),
                round(recall, 4),
                round(_f1(precision, recall), 4),
                support[label],
            )
        )
    f1s = [
        _f1(
            correct[lb] / predicted_count[lb] if predicted_count[lb] else 0.0,
            correct[lb] / support[lb] if support[lb] else 0.0,
        )
        for lb in labels
    ]
    macro = sum(f1s) / len(f1s)
    weighted = sum(f * support[lb] for f, lb in zip(f1s, labels, strict=True)) / len(gold)
    order = labels + ([NONE] if NONE in predicted_count else [])
    position = {lb: i for i, lb in enumerate(order)}
    matrix = [[0] * len(order) for _ in order]
    for g, p in zip(gold, pred, strict=True):
        matrix[position[g]][position[p]] += 1
    return Evaluation(
        dimension=dimension,
        per_label=tuple(per_label),
        confusion_labels=tuple(order),
        confusion=tuple(tuple(r) for r in matrix),
        accuracy=round(sum(correct.values()) / len(gold), 4),
        macro_f1=round(macro, 4),
        weighted_f1=round(weighted, 4),
        support=len(gold),
        classifier=classifier,
        folds=folds,
    )


def _predicted_value(labels: Sequence[Any], dimension: str) -> str | None:
    candidates = [lb for lb in labels if lb.dimension == dimension]
    if not candidates:
        return None
    return str(max(candidates, key=lambda lb: lb.confidence).value)


def evaluate(
    classifier: Classifier,
    gold_items: Sequence[OpinionItem],
    dimension: str | None = None,
    *,
    field: str | None = None,
) -> Evaluation:
    """Run ``classifier`` on the texts of ``gold_items`` and score its labels on
    ``dimension`` against the gold labels in ``field`` (by default the dimension itself: a
    human or reviewed label, a kept column, or an item attribute). Items without a gold label
    are left out. The items' own labels are not shown to the classifier."""
    if dimension is None:
        if len(classifier.dimensions) != 1:
            raise ConfigurationError(
                f"classifier {classifier.name!r} gives {list(classifier.dimensions)}: "
                "say which dimension"
            )
        dimension = classifier.dimensions[0]
    source = field or dimension
    pairs = [(item, gold_label(item, source)) for item in gold_items]
    kept = [(item, g) for item, g in pairs if g is not None]
    if not kept:
        raise ConfigurationError(f"no item has a gold label in {source!r}")
    bare = [attrs.evolve(item, labels=()) for item, _ in kept]
    results = classifier.classify(bare)
    predicted = [_predicted_value(labels, dimension) for labels in results]
    return score(
        [g for _, g in kept],
        predicted,
        dimension=dimension,
        classifier=f"{classifier.name} {classifier.version}",
    )


def cross_validate(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    dimension: str = "label",
    random_state: int = 0,
) -> Evaluation:
    """Stratified ``folds``-fold cross-validation of :class:`TrainableClassifier` on
    ``texts`` and ``labels``: every text is predicted by a model that did not see it."""
    from dlxh.classifiers.trainable import TrainableClassifier, _require_sklearn

    _require_sklearn()
    import numpy as np
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    gold = np.array([str(lb) for lb in labels])
    smallest = min(Counter(gold.tolist()).values())
    if smallest < folds:
        raise ConfigurationError(
            f"{folds}-fold cross-validation needs {folds} items of each label; "
            f"the rarest has {smallest}"
        )
    predicted: list[str | None] = [None] * len(gold)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    model: TrainableClassifier | None = None
    for train_idx, test_idx in splitter.split(np.zeros(len(gold)), gold):
        model = TrainableClassifier.train(
            [texts[i] for i in train_idx],
            gold[train_idx].tolist(),
            dimension=dimension,
            random_state=random_state,
        )
        for i, (value, _) in zip(
            test_idx, model.predict([texts[i] for i in test_idx]), strict=True
        ):
            predicted[int(i)] = value
    name = f"{TrainableClassifier.name} {model.version.split('+')[0] if model else ''}".strip()
    return score(gold.tolist(), predicted, dimension=dimension, classifier=name, folds=folds)
