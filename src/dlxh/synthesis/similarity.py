"""Text features and similarity for grouping opinion items (pure Python, no all-pairs).

The steps, each cheap and done once per distinct text:

1. **Places out** (:func:`dlxh.synthesis.concepts.strip_places`): a place marker (``xã``,
   ``thôn``, ``tổ dân phố``...) followed by capitalised or numbered syllables is dropped: two
   items of one stream from two communes should not differ by their place, and two streams
   of one commune should not meet on it.
2. **Tokens** (:class:`Tokenizer`): syllables folded with :func:`dlxh.text.fold` (case,
   diacritics), with their written forms kept beside them.
3. **Typo repair** (:func:`typo_repairs`): a rare syllable one edit away from a syllable at
   least ``ratio`` times as frequent in the same data is read as that syllable
   (symmetric-delete lookup, as SymSpell does).
4. **Concepts** (:class:`~dlxh.synthesis.concepts.Thesaurus`): terms become concept ids,
   stopwords go.
5. **Features**: the remaining elements and the bigrams of neighbouring elements, weighted by
   inverse document frequency (BM25-style ``ln(1 + N / (df + floor))``), concepts boosted;
   vectors are normalised so that the dot product is the cosine.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence

from dlxh.synthesis.concepts import CONCEPT_PREFIX
from dlxh.text import fold

__all__ = [
    "Tokenizer",
    "Vector",
    "cosine",
    "element_features",
    "idf_weights",
    "repair",
    "typo_repairs",
    "vectorize",
]

Vector = dict[str, float]
"""A sparse feature vector, normalised to length 1."""

_WORD = re.compile(r"[^\W_]+")


class Tokenizer:
    """Folded syllables of a text, with their written (lower-case, diacritics) forms.

    Folding syllable by syllable through a cache is several times faster than folding whole
    texts: a province's reports use a few thousand distinct syllables."""

    def __init__(self) -> None:
        self._folded: dict[str, tuple[str, ...]] = {}

    def tokens(self, text: str) -> tuple[list[str], list[str | None] | None]:
        """``(folded, written)``: ``written`` is ``None`` for a text typed without
        diacritics (or where a syllable folds to several)."""
        words = _WORD.findall(text.lower())
        cache = self._folded
        folded: list[str] = []
        aligned = True
        for word in words:
            parts = cache.get(word)
            if parts is None:
                parts = tuple(fold(word).split())
                cache[word] = parts
            if len(parts) == 1:
                folded.append(parts[0])
            else:
                aligned = False
                folded.extend(parts)
        if not aligned or text.isascii():
            return folded, None
        return folded, list(words)


def _deletes(word: str) -> Iterable[str]:
    for k in range(len(word)):
        yield word[:k] + word[k + 1 :]


def typo_repairs(
    counts: Mapping[str, int], ratio: float = 30.0, min_length: int = 3
) -> dict[str, str]:
    """Rare syllables read as a frequent neighbour: ``{typo: syllable}``.

    A syllable ``w`` (at least ``min_length`` letters, not a number) is repaired to ``v`` when
    ``v`` is one insertion, deletion, substitution or transposition away (their delete sets
    meet) and ``counts[v] >= ratio * counts[w]``; among several, the most frequent ``v`` wins
    (then the first in alphabetical order). ``ratio <= 0`` repairs nothing.
    """
    if ratio <= 0 or not counts:
        return {}
    top = max(counts.values())
    # Only syllables frequent enough to be a target are indexed.
    targets = {w: c for w, c in counts.items() if c >= ratio and len(w) >= min_length - 1}
    index: dict[str, str] = {}

    def better(candidate: str, current: str | None) -> bool:
        if current is None:
            return True
        a, b = targets[candidate], targets[current]
        return a > b or (a == b and candidate < current)

    for word in targets:
        for variant in (word, *_deletes(word)):
            if better(word, index.get(variant)):
                index[variant] = word
    repairs: dict[str, str] = {}
    for word, count in counts.items():
        if len(word) < min_length or word.isdigit() or count * ratio > top:
            continue
        best: str | None = None
        for variant in (word, *_deletes(word)):
            candidate = index.get(variant)
            if candidate is None or candidate == word:
                continue
            if targets[candidate] >= ratio * count and better(candidate, best):
                best = candidate
        if best is not None:
            repairs[word] = best
    return repairs


def repair(
    tokens: Sequence[str], written: Sequence[str | None] | None, repairs: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[str | None, ...] | None]:
    """``tokens`` with the repairs of :func:`typo_repairs` applied; a repaired syllable's
    written form becomes unknown (``None``)."""
    if not repairs or not any(t in repairs for t in tokens):
        return tuple(tokens), None if written is None else tuple(written)
    fixed = tuple(repairs.get(t, t) for t in tokens)
    if written is None:
        return fixed, None
    return fixed, tuple(
        w if t not in repairs else None for t, w in zip(tokens, written, strict=True)
    )


def element_features(elements: Sequence[str], bigrams: bool = True) -> tuple[str, ...]:
    """The features of a matched element sequence: each element, and each pair of
    neighbouring elements (``"a b"``), sorted and without repeats."""
    features = set(elements)
    if bigrams:
        features.update(f"{a} {b}" for a, b in itertools.pairwise(elements))
    return tuple(sorted(features))


def idf_weights(
    document_frequency: Mapping[str, int],
    total: int,
    *,
    floor: float,
    concept_weight: float,
    bigram_weight: float,
    concept_factors: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Weight of each feature: ``ln(1 + total / (df + floor))``, times ``concept_weight`` for
    a concept and ``bigram_weight`` for a pair; the floor keeps rare leftovers from
    dominating a text. ``concept_factors`` scales single concepts further (see
    :attr:`dlxh.synthesis.concepts.Thesaurus.weights`)."""
    factors = concept_factors or {}
    weights: dict[str, float] = {}
    for feature, df in document_frequency.items():
        weight = math.log1p(total / (df + floor))
        if " " in feature:
            weight *= bigram_weight
        elif feature.startswith(CONCEPT_PREFIX):
            weight *= concept_weight * factors.get(feature, 1.0)
        weights[feature] = weight
    return weights


def vectorize(features: Iterable[str], weights: Mapping[str, float]) -> Vector:
    """The normalised vector of ``features`` (binary term frequency, idf weights)."""
    vector = {f: weights.get(f, 0.0) for f in features}
    norm = math.sqrt(sum(w * w for w in vector.values()))
    if norm == 0.0:
        return {}
    return {f: w / norm for f, w in vector.items() if w > 0.0}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two normalised vectors (their cosine)."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(w * get(f, 0.0) for f, w in a.items())
