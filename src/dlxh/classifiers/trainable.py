"""The trainable classifier (extra ``dlxh[ml]``): TF-IDF over syllable and character n-grams
and a linear model, for any label set.

::

    from dlxh.classifiers import TrainableClassifier
    clf = TrainableClassifier.train(texts, labels)      # any label strings
    clf.predict(["Giá điện tăng quá cao"])              # [("economy", 0.87)]
    clf.save("topic-model.npz")
    clf = TrainableClassifier.load("topic-model.npz")   # no pickle: data only

Training, with no option to tune:

* features: syllable uni- and bigrams as written, the same on folded text (for text typed
  without diacritics) and, for short texts, character n-grams inside folded syllables (for
  informal spelling); sublinear TF-IDF;
* a linear support vector machine with class weights inversely proportional to class
  frequency (``class_weight="balanced"``), so a rare class is not drowned;
* the regularisation strength and, for short texts, the use of character n-grams are chosen by
  stratified cross-validation on the training data (macro F1);
* confidences are calibrated: a softmax over the decision scores with one temperature fitted
  on the cross-validated scores (minimum log-loss); long texts also train on their parts.

The model is saved as plain arrays and JSON (:mod:`dlxh.classifiers.modelfile`); a loaded
model predicts with numpy and scipy only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dlxh.classifiers.base import Classifier
from dlxh.classifiers.features import FeatureSpec, Vectorizer, analyse
from dlxh.classifiers.modelfile import (
    MODEL_FORMAT,
    MODEL_FORMAT_VERSION,
    ModelData,
    read_model,
    write_model,
)
from dlxh.errors import ConfigurationError, ExtraMissingError, FormatError
from dlxh.model.opinions import Label, OpinionItem

if TYPE_CHECKING:
    import numpy as np

__all__ = ["TrainableClassifier"]

ENGINE_VERSION = "1.0"
_SHORT_TEXT = 400
"""Median length (characters) under which texts count as short: character n-grams are tried."""
_CHUNK = 1200
_CV_SAMPLE = 20_000
_C_GRID = (0.3, 1.0, 3.0)
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


def _require_sklearn() -> None:
    try:
        import sklearn  # type: ignore[import-untyped]  # noqa: F401
    except ImportError as exc:
        raise ExtraMissingError("ml", "sklearn") from exc


def _require_numpy() -> None:
    try:
        import numpy  # noqa: F401
        import scipy  # type: ignore[import-untyped]  # noqa: F401
    except ImportError as exc:
        raise ExtraMissingError("ml", exc.name or "numpy") from exc


def _chunks(text: str, size: int = _CHUNK) -> list[str]:
    """A long text cut at sentence ends into parts of about ``size`` characters."""
    parts: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        current = f"{current} {sentence}" if current else sentence
        if len(current) > size:
            parts.append(current)
            current = ""
    if current.strip():
        parts.append(current)
    return parts


class _Corpus:
    """Texts analysed once: the features of each text, and of the parts of long ones (more
    examples of the same label)."""

    def __init__(self, texts: Sequence[str], spec: FeatureSpec) -> None:
        self.docs = [analyse(t, spec) for t in texts]
        self.parts: list[list[list[str]]] = [
            [analyse(p, spec) for p in _chunks(t)] if len(t) > 2 * _CHUNK else [] for t in texts
        ]

    def rows(self, docs: Iterable[int]) -> tuple[list[list[str]], list[int]]:
        """The feature rows of ``docs`` and their parts, with the document of each row."""
        rows: list[list[str]] = []
        owners: list[int] = []
        for d in docs:
            d = int(d)
            rows.append(self.docs[d])
            owners.append(d)
            for part in self.parts[d]:
                rows.append(part)
                owners.append(d)
        return rows, owners


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    import numpy as np

    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    result: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return result


def _two_columns(scores: np.ndarray) -> np.ndarray:
    import numpy as np

    if scores.ndim == 1:
        return np.column_stack([np.zeros_like(scores), scores])
    return scores


def _fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """The temperature that minimises the log-loss of ``softmax(scores / T)``."""
    import numpy as np
    from scipy.optimize import minimize_scalar  # type: ignore[import-untyped]

    rows = np.arange(len(gold))

    def loss(log_t: float) -> float:
        p = _softmax(scores, float(np.exp(log_t)))
        return float(-np.mean(np.log(np.clip(p[rows, gold], 1e-12, None))))

    result = minimize_scalar(loss, bounds=(-5.0, 5.0), method="bounded")
    return float(np.exp(result.x))


class TrainableClassifier(Classifier):
    """A classifier trained from labelled texts; labels one ``dimension`` (``"topic"``,
    ``"orientation"``, or any name you choose)."""

    name: ClassVar[str] = "trainable"
    description: ClassVar[str] = "Phân loại học máy (trainable TF-IDF + linear model)"
    version: ClassVar[str] = ENGINE_VERSION
    dimensions: ClassVar[tuple[str, ...]] = ()

    def __init__(self, data: ModelData | None = None) -> None:
        if data is None:
            raise ConfigurationError(
                "a TrainableClassifier is made by TrainableClassifier.train(texts, labels) "
                "or TrainableClassifier.load(path)"
            )
        _require_numpy()
        self._data = data
        meta = data.meta
        self.classes: tuple[str, ...] = tuple(meta["classes"])
        self.dimension: str = meta["dimension"]
        self.dimensions = (self.dimension,)  # type: ignore[misc]
        try:
            self.spec = FeatureSpec.from_json(meta["features"])
        except ValueError as exc:
            raise FormatError(f"model features: {exc}") from exc
        self.temperature = float(meta["temperature"])
        self.trained_at: str = meta["trained_at"]
        self.training: dict[str, Any] = dict(meta["training"])
        self._vectorizer = Vectorizer(self.spec, meta["vocabulary"], data.idf)
        digest = hashlib.sha256()
        for array in (data.idf, data.coef, data.intercept):
            digest.update(array.astype("float32").tobytes())
        digest.update("\x1f".join(self.classes).encode("utf-8"))
        self.model_id = digest.hexdigest()[:12]
        self.version = f"{ENGINE_VERSION}+{self.model_id}"  # type: ignore[misc]

    # -- training --------------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        dimension: str = "label",
        random_state: int = 0,
    ) -> TrainableClassifier:
        """Train on ``texts`` with their gold ``labels`` (any strings, two values at least).

        ``dimension`` is the label dimension the model gives (kebab-case: ``"topic"``,
        ``"orientation"``...). Needs the ``ml`` extra (scikit-learn).
        """
        _require_sklearn()
        import numpy as np
        from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]
        from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

        texts = [str(t) for t in texts]
        labels = [str(lb) for lb in labels]
        if len(texts) != len(labels):
            raise ConfigurationError(f"{len(texts)} texts but {len(labels)} labels")
        counts = Counter(labels)
        if len(counts) < 2:
            raise ConfigurationError(f"training needs at least two labels, got {sorted(counts)}")
        Label(dimension=dimension, value="x")  # checks the dimension name early
        classes = sorted(counts)
        class_index = {c: i for i, c in enumerate(classes)}
        short = statistics.median(len(t) for t in texts) <= _SHORT_TEXT
        specs = [FeatureSpec(2, True, None)]
        if short:
            specs.append(FeatureSpec(2, True, (2, 5)))

        # Model selection and calibration on cross-validated scores (on a sample when large).
        rng = np.random.default_rng(random_state)
        everything = len(texts) <= _CV_SAMPLE
        order = np.arange(len(texts)) if everything else rng.permutation(len(texts))[:_CV_SAMPLE]
        cv_texts = [texts[i] for i in order]
        cv_gold = np.array([class_index[labels[i]] for i in order])
        folds = min(3, min(Counter(cv_gold.tolist()).values()))
        best: tuple[float, FeatureSpec, float, Any] | None = None
        corpora: dict[FeatureSpec, _Corpus] = {}
        if folds >= 2 and len(set(cv_gold.tolist())) == len(classes):
            splitter = StratifiedKFold(folds, shuffle=True, random_state=random_state)
            splits = list(splitter.split(np.zeros(len(cv_gold)), cv_gold))
            for spec in specs:
                corpus = corpora[spec] = _Corpus(cv_texts, spec)
                oof = {c: np.zeros((len(cv_texts), len(classes))) for c in _C_GRID}
                for train_idx, test_idx in splits:
                    rows, row_docs = corpus.rows(train_idx)
                    vectorizer = Vectorizer.fit_analysed(rows, spec)
                    x_train = vectorizer.transform_analysed(rows)
                    fold_labels = [classes[cv_gold[d]] for d in row_docs]
                    x_test = vectorizer.transform_analysed([corpus.docs[i] for i in test_idx])
                    for c in _C_GRID:
                        model = LinearSVC(C=c, class_weight="balanced", random_state=random_state)
                        model.fit(x_train, fold_labels)
                        fold_scores = _two_columns(model.decision_function(x_test))
                        columns = [list(model.classes_).index(k) for k in classes]
                        oof[c][test_idx] = fold_scores[:, columns]
                for c in _C_GRID:
                    score = _macro_f1(cv_gold, oof[c].argmax(axis=1), len(classes))
                    if best is None or score > best[0] + 1e-9:
                        best = (score, spec, c, oof[c])
        if best is None:
            spec, c_value, temperature, cv_f1 = specs[0], 1.0, 1.0, None
        else:
            cv_f1, spec, c_value, oof_scores = best
            temperature = _fit_temperature(oof_scores, cv_gold)

        if everything and spec in corpora:
            corpus = corpora[spec]
            rows, row_docs = corpus.rows(np.arange(len(texts)))
            row_labels = [classes[cv_gold[d]] for d in row_docs]
        else:
            corpus = _Corpus(texts, spec)
            rows, row_docs = corpus.rows(np.arange(len(texts)))
            row_labels = [labels[d] for d in row_docs]
        vectorizer = Vectorizer.fit_analysed(rows, spec, min_df=2 if len(texts) > 20_000 else 1)
        model = LinearSVC(C=c_value, class_weight="balanced", random_state=random_state)
        model.fit(vectorizer.transform_analysed(rows), row_labels)
        if list(model.classes_) != classes:  # pragma: no cover - sklearn sorts classes
            raise RuntimeError("unexpected class order")
        meta = {
            "format": MODEL_FORMAT,
            "format_version": MODEL_FORMAT_VERSION,
            "engine_version": ENGINE_VERSION,
            "dimension": dimension,
            "classes": classes,
            "features": spec.to_json(),
            "vocabulary": list(vectorizer.terms),
            "temperature": temperature,
            "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "training": {
                "items": len(texts),
                "C": c_value,
                "cv_macro_f1": None if cv_f1 is None else round(float(cv_f1), 4),
                "cv_items": len(cv_texts),
                "class_weight": "balanced",
            },
        }
        return cls(
            ModelData(
                meta=meta,
                idf=vectorizer.idf,
                coef=np.asarray(model.coef_, dtype=np.float64),
                intercept=np.asarray(model.intercept_, dtype=np.float64),
            )
        )

    @classmethod
    def train_items(
        cls, items: Sequence[OpinionItem], field: str, *, dimension: str | None = None
    ) -> TrainableClassifier:
        """Train on items read by any importer, the gold label taken from ``field`` (a label
        dimension of the items, a column kept in ``extra``, or an item attribute); items
        without it are left out."""
        from dlxh.classifiers.labelled import gold_pairs

        texts, labels = gold_pairs(items, field)
        return cls.train(texts, labels, dimension=dimension or _kebab(field))

    # -- prediction ------------------------------------------------------------------------

    def decision_scores(self, texts: Iterable[str]) -> np.ndarray:
        """The raw scores, one column per class (``classes`` order)."""
        x = self._vectorizer.transform(texts)
        scores = x @ self._data.coef.T + self._data.intercept
        return _two_columns(scores.ravel()) if len(self.classes) == 2 else scores

    def predict_proba(self, texts: Iterable[str]) -> np.ndarray:
        """Calibrated probabilities, one column per class (``classes`` order)."""
        return _softmax(self.decision_scores(texts), self.temperature)

    def predict(self, texts: Iterable[str]) -> list[tuple[str, float]]:
        """``(label, confidence)`` for each text, in order."""
        texts = list(texts)
        if not texts:
            return []
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        return [(self.classes[int(i)], float(proba[row, i])) for row, i in enumerate(best)]

    def classify(self, items: Sequence[OpinionItem]) -> list[list[Label]]:
        """One label on :attr:`dimension` for each item."""
        if not items:
            return []
        now = dt.datetime.now(dt.UTC)
        return [
            [
                Label(
                    dimension=self.dimension,
                    value=value,
                    confidence=min(1.0, max(0.0, round(confidence, 4))),
                    classifier=self.name,
                    classifier_version=self.version,
                    assigned_at=now,
                )
            ]
            for value, confidence in self.predict(item.text for item in items)
        ]

    def features(self, text: str) -> list[str]:
        """The features the model sees in ``text`` (for explanations and debugging)."""
        return analyse(text, self.spec)

    def explain(self, text: str, top: int = 8) -> list[tuple[str, float]]:
        """The features of ``text`` that pushed most towards the predicted label, with their
        contribution to its score."""
        import numpy as np

        x = self._vectorizer.transform([text])
        scores = self.decision_scores([text])[0]
        best = int(np.argmax(scores))
        coef = self._data.coef
        binary = len(self.classes) == 2
        weights = (coef[0] if best == 1 else -coef[0]) if binary else coef[best]
        row = x.getrow(0)
        contributions = [
            (self._vectorizer.terms[j], float(v * weights[j]))
            for j, v in zip(row.indices, row.data, strict=True)
        ]
        contributions.sort(key=lambda tc: -tc[1])
        return contributions[:top]

    # -- files -----------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the model to ``path`` (an ``.npz`` archive of arrays and JSON, no pickle)."""
        return write_model(path, self._data)

    @classmethod
    def load(cls, path: str | Path) -> TrainableClassifier:
        """Read a model written by :meth:`save`. A file that is not one (a pickle, an archive
        with other members or object arrays, unexpected metadata) raises
        :class:`~dlxh.errors.FormatError`; nothing in the file is executed."""
        _require_numpy()
        return cls(read_model(path))


def _kebab(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "label"


def _macro_f1(gold: np.ndarray, predicted: np.ndarray, n_classes: int) -> float:
    import numpy as np

    f1s = []
    for k in range(n_classes):
        tp = float(np.sum((predicted == k) & (gold == k)))
        fp = float(np.sum((predicted == k) & (gold != k)))
        fn = float(np.sum((predicted != k) & (gold == k)))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))
