"""Features of the trainable classifier: syllable n-grams, folded syllable n-grams, and
character n-grams of folded syllables, weighted by TF-IDF.

The vectoriser is written here (not taken from scikit-learn) so that a saved model is plain
data: a vocabulary, an IDF vector, and the options below. Loading a model runs no code of its
own, and predicting needs numpy and scipy only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from dlxh.text import fold, normalize

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse  # type: ignore[import-untyped]

__all__ = ["FeatureSpec", "Vectorizer", "analyse"]

_SYLLABLE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_DIGITS = re.compile(r"\d")
# Informal writing: a letter typed three times or more ("quáaaa", "hayyy") is typed once.
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")
# Emoticons and emoji carry sentiment in short informal texts; they are features of their own.
_EMOTICON = re.compile(
    r"[:;=8xX][-'^]?[)(\]\[dDpPoO3/|*]+|<3+|\^[_.-]?\^|:v|=\)+|=\(+|\?{2,}|!{2,}"
)
_SYMBOL = re.compile(r"[\u2190-\u2bff\U0001f000-\U0001faff]")


@attrs.frozen
class FeatureSpec:
    """Which features a model uses.

    ``word_ngrams``: syllable n-grams up to this length, on the lower-cased text as written;
    ``folded``: the same on the folded text (no diacritics: ``khong hai long`` meets
    ``không hài lòng``); ``char_ngrams``: ``(low, high)`` character n-grams inside folded
    syllables, for informal spelling (``ko``, ``dc``, ``hok``), or ``None``.
    """

    word_ngrams: int = 2
    folded: bool = True
    char_ngrams: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        """The spec as stored in a model file."""
        return {
            "word_ngrams": self.word_ngrams,
            "folded": self.folded,
            "char_ngrams": list(self.char_ngrams) if self.char_ngrams else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> FeatureSpec:
        """Read the spec back; ``ValueError`` when it is not what :meth:`to_json` writes."""
        if not isinstance(data, dict) or set(data) != {"word_ngrams", "folded", "char_ngrams"}:
            raise ValueError("features must hold exactly word_ngrams, folded, char_ngrams")
        words, folded, chars = data["word_ngrams"], data["folded"], data["char_ngrams"]
        if type(words) is not int or not 1 <= words <= 4 or type(folded) is not bool:
            raise ValueError("bad word_ngrams or folded")
        if chars is not None:
            if (
                not isinstance(chars, list)
                or len(chars) != 2
                or any(type(c) is not int for c in chars)
                or not 1 <= chars[0] <= chars[1] <= 8
            ):
                raise ValueError("bad char_ngrams")
            return cls(words, folded, (chars[0], chars[1]))
        return cls(words, folded, None)


def _grams(tokens: Sequence[str], n: int, prefix: str, out: list[str]) -> None:
    out.extend(prefix + t for t in tokens)
    for size in range(2, n + 1):
        out.extend(prefix + " ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def analyse(text: str, spec: FeatureSpec) -> list[str]:
    """The feature strings of ``text`` (with repeats: they are counted)."""
    lowered = _ELONGATED.sub(r"\1", _DIGITS.sub("0", normalize(text).lower()))
    out: list[str] = []
    _grams(_SYLLABLE.findall(lowered), spec.word_ngrams, "", out)
    out.extend("!" + e for e in _EMOTICON.findall(lowered))
    out.extend("!" + e for e in _SYMBOL.findall(lowered))
    if spec.folded or spec.char_ngrams:
        folded = fold(lowered).split()
        if spec.folded:
            _grams(folded, spec.word_ngrams, "~", out)
        if spec.char_ngrams:
            low, high = spec.char_ngrams
            for word in folded:
                padded = f" {word} "
                for n in range(low, high + 1):
                    out.extend("#" + padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


class Vectorizer:
    """TF-IDF over :func:`analyse` features: sublinear term frequency (``1 + ln tf``),
    smoothed IDF (``ln((1 + n) / (1 + df)) + 1``), rows scaled to unit length."""

    def __init__(self, spec: FeatureSpec, vocabulary: Sequence[str], idf: np.ndarray) -> None:
        self.spec = spec
        self.terms = tuple(vocabulary)
        self.index = {term: i for i, term in enumerate(self.terms)}
        self.idf = idf

    @classmethod
    def fit(
        cls,
        texts: Iterable[str],
        spec: FeatureSpec,
        *,
        min_df: int = 1,
        max_features: int = 600_000,
    ) -> tuple[Vectorizer, list[list[str]]]:
        """Learn the vocabulary and IDF from ``texts``; also returns their analysed features,
        so that they are not analysed twice."""
        analysed = [analyse(t, spec) for t in texts]
        return cls.fit_analysed(analysed, spec, min_df=min_df, max_features=max_features), analysed

    @classmethod
    def fit_analysed(
        cls,
        analysed: Sequence[Sequence[str]],
        spec: FeatureSpec,
        *,
        min_df: int = 1,
        max_features: int = 600_000,
    ) -> Vectorizer:
        """Learn the vocabulary and IDF from texts already passed through :func:`analyse`."""
        import numpy as np

        df: Counter[str] = Counter()
        for features in analysed:
            df.update(set(features))
        kept = [(term, count) for term, count in df.items() if count >= min_df]
        if len(kept) > max_features:
            kept.sort(key=lambda tc: (-tc[1], tc[0]))
            kept = kept[:max_features]
        kept.sort()
        n = len(analysed)
        counts = np.array([c for _, c in kept], dtype=np.float64)
        idf = np.log((1 + n) / (1 + counts)) + 1.0
        return cls(spec, [t for t, _ in kept], idf)

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        """The TF-IDF matrix of ``texts`` (one row each)."""
        return self.transform_analysed(analyse(t, self.spec) for t in texts)

    def transform_analysed(self, analysed: Iterable[Sequence[str]]) -> sparse.csr_matrix:
        """The TF-IDF matrix of texts already passed through :func:`analyse`."""
        import numpy as np
        from scipy import sparse

        index = self.index
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for features in analysed:
            counts = Counter(i for i in (index.get(f) for f in features) if i is not None)
            indices.extend(counts)
            values.extend(1.0 + math.log(c) for c in counts.values())
            indptr.append(len(indices))
        data = np.asarray(values, dtype=np.float64)
        cols = np.asarray(indices, dtype=np.int64)
        if len(cols):
            data *= self.idf[cols]
        matrix = sparse.csr_matrix(
            (data, cols, np.asarray(indptr, dtype=np.int64)),
            shape=(len(indptr) - 1, len(self.terms)),
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        scaled: sparse.csr_matrix = sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
        return scaled
