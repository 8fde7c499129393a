"""The concept thesaurus: Vietnamese terms that name the same thing, mapped to one concept id.

People write *giá điện tăng* and *hóa đơn tiền điện cao gấp rưỡi* about one matter: the words
differ, the concepts (``electricity-price``, ``increase``) do not. The grouping of opinion items
(:func:`dlxh.synthesis.streams.group_items`) replaces every matched term by its concept id
before comparing texts, which is what lets paraphrases meet.

The thesaurus dlxh ships is ``dlxh/data/concepts/concepts.json``::

    {"name": ..., "version": ...,
     "concepts": {"electricity-price": {"label": "Giá điện", "terms": ["giá điện", ...]},
                  "increase": {"label": "Tăng", "terms": [...], "weight": 0.5}, ...},
     "stopwords": ["người dân", ...],
     "ascii_safe": ["tăng", "giảm", ...],
     "place_markers": ["xã", "phường", "thôn", ...]}

Terms are matched after :func:`dlxh.text.fold`, on whole syllables, the longest term first.
A term may belong to several concepts. A concept's optional ``weight`` (default 1) scales its
features: generic aspects (*tăng*, *chậm*, *đề nghị*) weigh less than matters (*lương hưu*).
An agency extends it with :func:`load_thesaurus` on its own file of the same shape
(``extend=True`` adds to the shipped entries).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from dlxh.errors import FormatError
from dlxh.text import fold

MAX_PLACE_NAME = 4
"""Syllables of a place name taken after a marker."""

__all__ = [
    "Thesaurus",
    "default_thesaurus",
    "load_thesaurus",
    "strip_places",
    "thesaurus_from_document",
]

_UPPER = "".join(
    ch for ch in map(chr, range(0x41, 0x1F00)) if ch.isupper() and ch.isalpha() and len(ch) == 1
)


_NAME = rf"(?:[{re.escape(_UPPER)}][^\W_]*|\d+)"
_NAME_RUN = re.compile(rf"(?<![^\W_]){_NAME}(?:[ \t]+{_NAME})*")
_WORDS = re.compile(r"[^\W_]+")


def strip_places(text: str, markers: frozenset[str]) -> str:
    """``text`` without place names: a marker (``markers`` holds them lower-cased, with and
    without diacritics) followed by capitalised or numbered syllables: ``xã Tân Định``,
    ``thôn 5``, ``TDP Phú Lâm``; at most :data:`MAX_PLACE_NAME` syllables go."""
    out: list[str] = []
    last = 0
    lower = text.lower()
    for match in _NAME_RUN.finditer(text):
        start = match.start()
        words = match.group().split()
        cut = -1  # where the marker starts
        # A marker written with a capital opens the run itself (``Thôn Đồng Tâm``, ``TDP 5``).
        for size in (3, 2, 1):
            if len(words) > size and " ".join(words[:size]).lower() in markers:
                cut = start
                words = words[size:]
                break
        if cut < 0:
            before = _WORDS.findall(lower[max(last, start - 24) : start])
            for size in (3, 2, 1):
                if len(before) >= size and " ".join(before[-size:]) in markers:
                    cut = lower.rfind(before[-size], last, start)
                    break
        if cut < 0:
            continue
        end = start
        for word in match.group().split()[: len(match.group().split()) - len(words)]:
            end = text.index(word, end) + len(word)
        for word in words[:MAX_PLACE_NAME]:
            end = text.index(word, end) + len(word)
        out.append(text[last:cut])
        out.append(" ")
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


CONCEPT_PREFIX = "@"
"""Concept ids appear in features with this prefix, so that they never clash with a word."""


@attrs.frozen(eq=False)
class Thesaurus:
    """Folded terms mapped to concept ids, stopwords and place markers, ready for matching.

    ``terms`` maps a folded phrase to the concept ids it names (``()`` for a stopword);
    ``lengths`` maps a first syllable to the phrase lengths (in syllables) that start with
    it, longest first, so that matching tries only lengths that exist.
    """

    name: str
    version: str
    labels: Mapping[str, str] = attrs.field(repr=False)
    """Concept id -> Vietnamese label."""
    weights: Mapping[str, float] = attrs.field(repr=False)
    """Concept feature (``"@increase"``) -> weight factor, for concepts whose entry gives a
    ``weight`` other than 1: a generic aspect (*tăng*, *chậm*, *đề nghị*) is shared by many
    matters and says less about which matter a text is about than *lương hưu* does."""
    terms: Mapping[str, tuple[str, ...]] = attrs.field(repr=False)
    lengths: Mapping[str, tuple[int, ...]] = attrs.field(repr=False)
    singles: Mapping[str, Mapping[str, tuple[str, ...]]] = attrs.field(repr=False)
    """One-syllable terms: folded form -> {lower-case form with diacritics -> concepts}.
    Folding makes one-syllable words collide (*đắt* and *đất*, *quá* and *quả*), so they
    match on their written form; in a text typed without diacritics only the folded forms
    of ``ascii_safe`` match."""
    ascii_safe: Mapping[str, tuple[str, ...]] = attrs.field(repr=False)
    place_markers: frozenset[str] = attrs.field(repr=False)
    """Folded place markers (``xa``, ``phuong``, ``to dan pho``...)."""
    marker_lengths: Mapping[str, tuple[int, ...]] = attrs.field(repr=False)
    marker_forms: frozenset[str] = attrs.field(repr=False)
    """Place markers lower-cased, with and without diacritics (see :func:`strip_places`)."""

    def match(
        self, tokens: Sequence[str], written: Sequence[str | None] | None = None
    ) -> list[str]:
        """Replace terms in folded ``tokens`` by concept features (``"@electricity-price"``),
        drop stopwords, keep the other syllables; longest match first.

        ``written`` holds the same syllables lower-cased with their diacritics (``None`` for
        a text typed without them, or for a syllable that is not known as written): a
        one-syllable term matches on it (see :attr:`singles`)."""
        out: list[str] = []
        terms = self.terms
        lengths = self.lengths
        singles = self.singles
        i = 0
        n = len(tokens)
        while i < n:
            token = tokens[i]
            options = lengths.get(token)
            matched = False
            if options is not None:
                for size in options:
                    if size == 1 or i + size > n:
                        continue
                    concepts = terms.get(" ".join(tokens[i : i + size]))
                    if concepts is not None:
                        out.extend(concepts)
                        i += size
                        matched = True
                        break
            if matched:
                continue
            forms = singles.get(token)
            if forms is not None:
                form = written[i] if written is not None else None
                concepts = (
                    forms.get(form)
                    if form is not None
                    else (self.ascii_safe.get(token) if written is None else None)
                )
                if concepts is not None:
                    out.extend(concepts)
                    i += 1
                    continue
            if options is not None and 1 in options and token in terms:
                out.extend(terms[token])  # a one-syllable stopword
            else:
                out.append(token)
            i += 1
        return out


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FormatError(f"{where}: expected a list of strings")
    return value


def thesaurus_from_document(
    document: Mapping[str, Any], base: Thesaurus | None = None
) -> Thesaurus:
    """Build a :class:`Thesaurus` from a document of the shape described in this module;
    with ``base``, the document's entries are added to those of ``base``."""
    where = str(document.get("name", "concepts"))
    concepts = document.get("concepts", {})
    if not isinstance(concepts, dict):
        raise FormatError(f"{where}: 'concepts' must be an object")
    labels: dict[str, str] = dict(base.labels) if base is not None else {}
    weights: dict[str, float] = dict(base.weights) if base is not None else {}
    terms: dict[str, list[str]] = (
        {k: list(v) for k, v in base.terms.items()} if base is not None else {}
    )
    singles: dict[str, dict[str, list[str]]] = (
        {k: {f: list(c) for f, c in v.items()} for k, v in base.singles.items()}
        if base is not None
        else {}
    )
    safe = {fold(w) for w in _strings(document.get("ascii_safe", []), f"{where}: ascii_safe")}
    if base is not None:
        safe |= set(base.ascii_safe)
    for concept, entry in concepts.items():
        if not isinstance(entry, dict):
            raise FormatError(f"{where}: concept {concept!r} must be an object")
        if not concept or not concept.replace("-", "").isalnum() or not concept.isascii():
            raise FormatError(f"{where}: concept id {concept!r} must be ASCII kebab-case")
        labels[concept] = str(entry.get("label", concept))
        feature = CONCEPT_PREFIX + concept
        if "weight" in entry:
            weight = entry["weight"]
            if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
                raise FormatError(f"{where}: weight of {concept!r} must be a number >= 0")
            if float(weight) == 1.0:
                weights.pop(feature, None)
            else:
                weights[feature] = float(weight)
        for term in _strings(entry.get("terms", []), f"{where}: {concept}"):
            key = fold(term)
            if not key:
                continue
            if " " not in key:
                written = unicodedata.normalize("NFC", term.strip().lower())
                bucket = singles.setdefault(key, {}).setdefault(written, [])
                if term.isascii():
                    safe.add(key)
            else:
                bucket = terms.setdefault(key, [])
            if feature not in bucket:
                bucket.append(feature)
    for term in _strings(document.get("stopwords", []), f"{where}: stopwords"):
        key = fold(term)
        # A term that is also a concept keeps its concept: stopwords only fill gaps.
        if key and key not in terms:
            terms[key] = []
    ascii_safe: dict[str, tuple[str, ...]] = {}
    for key in sorted(safe):
        merged: list[str] = []
        for concepts_of_form in singles.get(key, {}).values():
            merged.extend(c for c in concepts_of_form if c not in merged)
        if merged:
            ascii_safe[key] = tuple(merged)
    written_markers = _strings(document.get("place_markers", []), where)
    markers = {fold(m) for m in written_markers if fold(m)}
    if base is not None:
        markers |= set(base.place_markers)
    lengths: dict[str, set[int]] = {}
    for key in list(terms) + list(singles):
        parts = key.split()
        lengths.setdefault(parts[0], set()).add(len(parts))
    marker_lengths: dict[str, set[int]] = {}
    for key in markers:
        parts = key.split()
        marker_lengths.setdefault(parts[0], set()).add(len(parts))
    return Thesaurus(
        name=where,
        version=str(document.get("version", "")),
        labels=labels,
        weights=weights,
        terms={k: tuple(v) for k, v in terms.items()},
        singles={k: {f: tuple(c) for f, c in v.items()} for k, v in singles.items()},
        ascii_safe=ascii_safe,
        lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        place_markers=frozenset(markers),
        marker_lengths={k: tuple(sorted(v, reverse=True)) for k, v in marker_lengths.items()},
        marker_forms=frozenset(
            {unicodedata.normalize("NFC", m.strip().lower()) for m in written_markers}
            | markers
            | (set(base.marker_forms) if base is not None else set())
        ),
    )


@functools.cache
def default_thesaurus() -> Thesaurus:
    """The thesaurus dlxh ships (``dlxh/data/concepts/concepts.json``), read on first use."""
    from dlxh.classifiers.resources import read_data_json

    return thesaurus_from_document(read_data_json("concepts", "concepts.json"))


def load_thesaurus(path: str | Path, *, extend: bool = True) -> Thesaurus:
    """Read a thesaurus file; ``extend=True`` adds its entries to the shipped ones."""
    from dlxh.classifiers.resources import read_json_file

    document = read_json_file(path)
    return thesaurus_from_document(document, default_thesaurus() if extend else None)
