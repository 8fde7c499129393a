"""Ideas tried for the trainable classifier on the VNTC news subset (docs/howto/classify.md,
"Figures measured"): 5-fold cross-validation on split=train, then one reading of split=test.

    PYTHONPATH=src python scripts/vntc_tried_ideas.py [IDEA ...]     # all ideas when none given

Each idea is scored by the macro F1 of the pooled out-of-fold predictions on the training
documents (C taken as the better of 1 and 3 on them), then trained on all of them and scored on
the test documents. The pyvi ideas need ``pip install pyvi`` (and skip without it); pyvi
unpickles its own shipped CRF model when imported. Slow: a few minutes an idea on one core.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from dlxh.classifiers.features import FeatureSpec, Vectorizer, analyse
from dlxh.classifiers.trainable import _CHUNK, _chunks, _macro_f1
from dlxh.text import normalize

DATA = Path(__file__).resolve().parents[2] / "shared/data/vntc/vntc_10topics_subset.jsonl"
SPEC = FeatureSpec(2, True, None)
Feats = Callable[[str], list[str]]
Parts = Callable[[str], list[str]]


def long_parts(text: str) -> list[str]:
    """The library's extra training samples: the parts of a long text."""
    return _chunks(text) if len(text) > 2 * _CHUNK else []


def paragraph_groups(k: int) -> Parts:
    """Every document cut into ``k`` groups of consecutive paragraphs of about equal length
    (sentences when it has fewer paragraphs)."""

    def parts(text: str) -> list[str]:
        paras = [p for p in text.split("\n") if p.strip()]
        if len(paras) < k:
            paras = [p for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]
        total, groups, current, seen = sum(len(p) for p in paras), [], [], 0
        for p in paras:
            current.append(p)
            seen += len(p)
            if seen >= total * (len(groups) + 1) / k and len(groups) < k - 1:
                groups.append("\n".join(current))
                current = []
        if current:
            groups.append("\n".join(current))
        return groups if len(groups) > 1 else []

    return parts


def pyvi_words(multi_only: bool, bigrams: bool) -> Feats:
    from pyvi import ViTokenizer  # type: ignore[import-untyped]

    def feats(text: str) -> list[str]:
        lines = (ViTokenizer.tokenize(x) if x.strip() else "" for x in text.split("\n"))
        words = [w for w in normalize("\n".join(lines)).lower().split() if re.search(r"\w", w)]
        out = analyse(text, SPEC)
        out.extend("w:" + w for w in words if not multi_only or "_" in w)
        if bigrams:
            out.extend(f"w2:{a} {b}" for a, b in itertools.pairwise(words))
        return out

    return feats


_CAP = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚĂĨŨƠƯẠ-Ỹ"
_CAP_RUN = re.compile(rf"(?<!\w)([{_CAP}]\w*(?:[ \-][{_CAP}]\w*)*)")
_SENTENCE_START = re.compile(r"[.!?\n:\"“(]\s*$")


def capitalised_runs(text: str) -> list[str]:
    """The features plus runs of capitalised syllables as single tokens (a lone capitalised
    syllable at a sentence start is left out)."""
    text = normalize(text)
    out = analyse(text, SPEC)
    for m in _CAP_RUN.finditer(text):
        tokens = re.split(r"[ \-]", m.group(1))
        start = m.start()
        initial = start == 0 or _SENTENCE_START.search(text[max(0, start - 3) : start])
        if initial and len(tokens) < 2:
            continue
        out.append("ne:" + "_".join(t.lower() for t in tokens))
        if initial and len(tokens) >= 3:
            out.append("ne:" + "_".join(t.lower() for t in tokens[1:]))
    return out


class Data:
    def __init__(self) -> None:
        rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
        self.texts = [r["text"] for r in rows]
        self.classes = sorted({r["topic"] for r in rows})
        self.y = np.array([self.classes.index(r["topic"]) for r in rows])
        self.train = np.array([i for i, r in enumerate(rows) if r["split"] == "train"])
        self.test = np.array([i for i, r in enumerate(rows) if r["split"] == "test"])


class Idea:
    """Features of a text, extra training samples made from a training document, and
    optionally self-training on the unlabelled texts."""

    def __init__(
        self,
        data: Data,
        feats: Feats | None = None,
        parts: Parts = long_parts,
        *,
        cs: Sequence[float] = (1.0, 3.0),
        unlabelled_idf: bool = False,
        self_training: Sequence[float] = (),
        test_pool: bool = False,
    ) -> None:
        self.d, self.parts, self.cs = data, parts, tuple(cs)
        self.feats = feats or (lambda t: analyse(t, SPEC))
        self.unlabelled_idf, self.test_pool = unlabelled_idf, test_pool
        self.schedule = self_training
        self._docs: dict[int, list[str]] = {}
        self._parts: dict[int, list[list[str]]] = {}

    def doc(self, i: int) -> list[str]:
        if i not in self._docs:
            self._docs[i] = self.feats(self.d.texts[i])
        return self._docs[i]

    def rows(self, idx: np.ndarray) -> tuple[list[list[str]], np.ndarray]:
        rows, ys = [], []
        for i in idx.tolist():
            if i not in self._parts:
                self._parts[i] = [self.feats(p) for p in self.parts(self.d.texts[i])]
            for features in [self.doc(i), *self._parts[i]]:
                rows.append(features)
                ys.append(self.d.y[i])
        return rows, np.array(ys)

    def scores(self, train: np.ndarray, test: np.ndarray, pool: np.ndarray) -> dict[float, Any]:
        """Decision scores on ``test`` for each C; ``pool``: the unlabelled texts."""
        rows, ys = self.rows(train)
        unlabelled = [self.doc(i) for i in pool.tolist()]
        extra = unlabelled if self.unlabelled_idf or self.schedule else []
        vectorizer = Vectorizer.fit_analysed(rows + extra, SPEC)
        x_train = vectorizer.transform_analysed(rows)
        x_test = vectorizer.transform_analysed([self.doc(i) for i in test.tolist()])
        x_pool = vectorizer.transform_analysed(unlabelled)
        out = {}
        for c in self.cs:
            model = LinearSVC(C=c, class_weight="balanced", random_state=0).fit(x_train, ys)
            per_topic = len(pool) / len(self.d.classes)
            for share in self.schedule:  # add the surest, as many per topic
                s = model.decision_function(x_pool)
                top = np.sort(s, axis=1)
                margin, guess = top[:, -1] - top[:, -2], s.argmax(1)
                chosen: list[int] = []
                for k in range(len(self.d.classes)):
                    candidates = np.where(guess == k)[0]
                    ranked = candidates[np.argsort(-margin[candidates])]
                    chosen.extend(ranked[: round(share * per_topic)].tolist())
                model = LinearSVC(C=c, class_weight="balanced", random_state=0).fit(
                    sparse.vstack([x_train, x_pool[chosen]]), np.concatenate([ys, guess[chosen]])
                )
            out[c] = model.decision_function(x_test)
        return out

    def run(self) -> tuple[float, float, float]:
        d, n = self.d, len(self.d.classes)
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        predicted = {c: np.zeros(len(d.train), dtype=int) for c in self.cs}
        for a, b in folds.split(np.zeros(len(d.train)), d.y[d.train]):
            pool = np.concatenate([d.train[b], d.test]) if self.test_pool else d.train[b]
            for c, s in self.scores(d.train[a], d.train[b], pool).items():
                predicted[c][b] = s.argmax(1)
        cv = {c: _macro_f1(d.y[d.train], p, n) for c, p in predicted.items()}
        best = max(self.cs, key=lambda c: (cv[c], -c))
        self.cs = (best,)
        s = self.scores(d.train, d.test, d.test)[best]
        return cv[best], _macro_f1(d.y[d.test], s.argmax(1), n), best


def ideas(d: Data) -> dict[str, Callable[[], Idea]]:
    st = (0.3, 0.6, 0.9)
    return {
        "defaults": lambda: Idea(d),
        "pyvi-multi": lambda: Idea(d, pyvi_words(True, False)),
        "pyvi-all": lambda: Idea(d, pyvi_words(False, False)),
        "pyvi-bigrams": lambda: Idea(d, pyvi_words(False, True)),
        "no-parts": lambda: Idea(d, parts=lambda t: []),
        "paragraphs-2": lambda: Idea(d, parts=paragraph_groups(2)),
        "paragraphs-3": lambda: Idea(d, parts=paragraph_groups(3)),
        "paragraphs-3-parts": lambda: Idea(
            d, parts=lambda t: paragraph_groups(3)(t) + long_parts(t)
        ),
        "capitalised": lambda: Idea(d, capitalised_runs),
        "c-30": lambda: Idea(d, cs=(3.0, 10.0, 30.0)),
        "no-folded": lambda: Idea(d, lambda t: analyse(t, FeatureSpec(2, False, None))),
        "chars": lambda: Idea(d, lambda t: analyse(t, FeatureSpec(2, True, (2, 5)))),
        "unlabelled-idf": lambda: Idea(d, cs=(3.0,), unlabelled_idf=True, test_pool=True),
        "self-training-fold": lambda: Idea(d, cs=(3.0,), self_training=st),
        "self-training": lambda: Idea(d, cs=(3.0,), self_training=st, test_pool=True),
        "self-training-5": lambda: Idea(
            d, cs=(3.0,), self_training=(0.2, 0.4, 0.6, 0.8, 1.0), test_pool=True
        ),
        "self-training-pyvi-paragraphs": lambda: Idea(
            d,
            pyvi_words(False, False),
            lambda t: paragraph_groups(2)(t) + long_parts(t),
            cs=(3.0,),
            self_training=st,
            test_pool=True,
        ),
    }


def main(names: Sequence[str]) -> None:
    d = Data()
    table = ideas(d)
    for name in names or list(table):
        start = time.perf_counter()
        try:
            idea = table[name]()
        except ImportError as exc:
            print(f"{name:32s} skipped: {exc}")
            continue
        cv, test, c = idea.run()
        took = time.perf_counter() - start
        print(f"{name:32s} CV {cv:.3f}  test {test:.3f}  (C {c:g}, {took:.0f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
