"""The shortcuts of the resolver's hot path, checked against plain readings.

No timing here (see ``benchmarks/bench_resolve.py``): these check that the faster code gives
what the plain code gives.
"""

from __future__ import annotations

import re
from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh.model.units import UnitLevel
from dlxh.text import fold
from dlxh.units import catalog, resolve
from dlxh.units.catalog import store_for
from dlxh.units.evaluation import noisy_addresses
from dlxh.units.resolver import (
    _CAMEL,
    _GLUED,
    _KIND_TYPOS,
    ResolverIndex,
    UnitMatch,
    _has_district_word,
    _segments,
    _split_glued,
)

OLD = date(2024, 6, 1)
NEW = date(2025, 8, 1)


def _plain_segments(text: str) -> list[list[str]]:
    """The segmentation written the plain way: one regular expression for the separators,
    the run-together words split wherever the pattern matches, every token looked at."""
    if not (text.islower() or text.isupper()):
        text = _CAMEL.sub(" ", text)
    folded = fold(re.sub(r"[,;|\n\r\t]+", " qqq ", text))
    segments: list[list[str]] = []
    for part in folded.split("qqq"):
        tokens = part.split()
        if not tokens:
            continue
        for k, token in enumerate(tokens):
            if token in _KIND_TYPOS:
                tokens[k] = _KIND_TYPOS[token]
            elif token[-1].isdigit() and not token[0].isdigit():
                glued = _GLUED.match(token)
                if glued:
                    tokens = [*tokens[:k], *glued.groups(), *_split_glued(tokens[k + 1 :])]
                    break
        segments.append(tokens)
    return segments


def _plain_district_word(segments: list[list[str]]) -> bool:
    return any(
        t in ("quan", "q", "huyen", "h", "tx") or (t == "thi" and seg[i + 1 : i + 2] == ["xa"])
        for seg in segments
        for i, t in enumerate(seg)
    )


_PIECES = [
    "Phường",
    "P.",
    "p",
    "F",
    "Q.1",
    "q1",
    "P12",
    "tp.hcm",
    "TP.HCM",
    "HồChíMinh",
    "Hóc Môn",
    "TPHCM",
    "Xã",
    "X.",
    "Huyện",
    "H.",
    "Thị xã",
    "TX.",
    "thị trấn",
    "TT",
    "Tân Lập",
    "Bến Nghé",
    "phườmg",
    "huyne",
    "12",
    "3",
    "Lê Lợi",
    "ĐỐNG ĐA",
    "hà nội",
    "Hà Nội",
    "Quận",
    "Đắk Lắk",
    "Thuỷ",
    "x3",
    "tx2",
    "qqq",
    "a",
    "Z",
]
_SEPARATORS = [", ", ",", " - ", " ", ";", " | ", "\n", ",,", "\t", ",\r\n", " ;, "]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)),
        min_size=1,
        max_size=7,
    ),
    st.sampled_from(["keep", "lower", "upper"]),
)
def test_segments_equal_the_plain_segmentation(pieces: list[tuple[str, str]], case: str) -> None:
    text = "".join(piece + sep for piece, sep in pieces)
    text = {"keep": text, "lower": text.lower(), "upper": text.upper()}[case]
    assert _segments(text) == _plain_segments(text)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=40))
def test_segments_equal_the_plain_segmentation_on_any_text(text: str) -> None:
    assert _segments(text) == _plain_segments(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["quan", "q", "huyen", "h", "tx", "thi", "xa", "tran", "an"])),
        max_size=4,
    )
)
def test_district_words_are_found_as_by_a_plain_scan(segments: list[list[str]]) -> None:
    assert _has_district_word(segments) == _plain_district_word(segments)


def test_a_commune_and_its_province_without_a_district_word_are_read_as_they_are() -> None:
    # Commune and province found, district left out: read as before, no similarity search.
    top = resolve("Xã Tân Lập, Hà Nội", as_of=OLD, limit=1)[0]
    assert top.province is not None and top.province.code == "01"
    assert top.commune is not None and "similarity" not in top.reason


def test_matches_built_by_the_trusted_constructor_equal_checked_ones() -> None:
    texts = [a.text for a in noisy_addresses(catalog(as_of=OLD), 60, seed=5)]
    for text in texts:
        for match in resolve(text, as_of=OLD):
            checked = UnitMatch(**attrs.asdict(match, recurse=False))
            assert checked == match
            assert type(match) is UnitMatch
            assert hash(checked) == hash(match)


def _plain_candidates(index: ResolverIndex, segments: list[list[str]]) -> list[tuple[object, ...]]:
    """Every unit of every span, kept when no province is named firmly or when it is a
    province or lies in one named firmly, scored one by one."""
    protos = [index._segment_candidates(tokens) for tokens in segments]
    firm = frozenset().union(*(f for _, f in protos))
    out: list[tuple[object, ...]] = []
    for s, (spans, _) in enumerate(protos):
        for span in spans:
            for unit in span[3]:
                if (
                    firm
                    and unit.level is not UnitLevel.PROVINCE
                    and index.top[unit.code] not in firm
                ):
                    continue
                score, how, begin = index._score(unit, span)
                out.append((unit, s, begin, span[1], score, how, span[2], begin - span[1]))
    return out


@pytest.mark.parametrize("day", [OLD, NEW])
def test_candidates_equal_the_plain_filter_and_scores(day: date) -> None:
    index = store_for(None).view(day).resolver_index()
    texts = [a.text for a in noisy_addresses(catalog(as_of=day), 300, seed=31)]
    texts += ["Xã Tân Lập, Huyện Đan Phượng, Hà Nội", "Tân Lập, Hà Nội, Hồ Chí Minh", "Phường 3"]
    shared = 0
    for text in texts:
        segments = _segments(text)
        found = [tuple(c) for c in index.candidates(segments)]
        assert found == _plain_candidates(index, segments)
        shared += any(
            len(span[3]) > 1 for tokens in segments for span in index._segment_candidates(tokens)[0]
        )
    assert shared > 20  # names shared by several units were read (the listed path)
