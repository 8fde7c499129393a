"""Syllable tokens and n-grams: the building blocks of classifiers and near-duplicate grouping.

Vietnamese writes one syllable per space-separated unit, so a syllable tokeniser is a regular
expression; word segmentation (joining syllables into words) is not part of the core. Functions
come in two flavours: over the surface text (:func:`syllables`) and over the matching key
(:func:`tokens`, which folds first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from dlxh.text.normalization import fold

__all__ = ["ngram_range", "ngrams", "shingles", "syllables", "tokens"]

# A run of letters or digits, combining marks included (so that decomposed input is not cut
# inside a syllable). Underscore is punctuation here.
_SYLLABLE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


def syllables(text: str, *, lower: bool = False) -> list[str]:
    """Split ``text`` into syllables (runs of letters and digits), keeping diacritics.

    ``syllables("Ủy ban MTTQ xã Tân Định")`` gives
    ``["Ủy", "ban", "MTTQ", "xã", "Tân", "Định"]``. Pass ``lower=True`` for lower case.
    Call :func:`dlxh.text.normalize` first if the text may hold two tone styles.
    """
    return _SYLLABLE.findall(text.lower() if lower else text)


def tokens(text: str) -> list[str]:
    """Split the matching key of ``text`` (:func:`dlxh.text.fold`) into syllables.

    ``tokens("Ủy ban MTTQ xã Tân Định")`` gives ``["uy", "ban", "mttq", "xa", "tan", "dinh"]``.
    """
    return fold(text).split()


def ngrams(items: Sequence[str], n: int) -> list[tuple[str, ...]]:
    """Return the contiguous ``n``-grams of ``items`` as tuples, in order.

    A sequence shorter than ``n`` gives no n-gram. ``n`` must be at least 1.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if n == 1:
        return [(item,) for item in items]
    return list(zip(*(items[i:] for i in range(n)), strict=False))


def shingles(items: Sequence[str] | str, n: int = 2, *, sep: str = " ") -> frozenset[str]:
    """Return the set of ``n``-syllable shingles of ``items`` (joined with ``sep``).

    ``items`` is a token sequence, or a string that is tokenised with :func:`tokens` first.
    A non-empty input shorter than ``n`` gives one shingle (the whole input), so that short
    texts can still be compared; an empty input gives the empty set.
    """
    seq: Sequence[str] = tokens(items) if isinstance(items, str) else items
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if not seq:
        return frozenset()
    if len(seq) < n:
        return frozenset((sep.join(seq),))
    if n == 1:
        return frozenset(seq)
    return frozenset(sep.join(gram) for gram in zip(*(seq[i:] for i in range(n)), strict=False))


def ngram_range(items: Sequence[str], low: int, high: int) -> Iterable[tuple[str, ...]]:
    """Yield every ``n``-gram of ``items`` for ``low <= n <= high``, shortest first."""
    for n in range(low, high + 1):
        yield from ngrams(items, n)
