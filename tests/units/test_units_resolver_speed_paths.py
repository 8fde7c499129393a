"""The resolver's fast paths: name table, spans scored after the province is known, caches.

These check that the shortcuts give the answers of the plain reading (no timing here; see
``benchmarks/bench_resolve.py``).
"""

from __future__ import annotations

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
    _CAMEL_HINT,
    ResolverIndex,
    _CandFields,
    _segments,
    _syllables,
)

OLD = date(2024, 6, 1)
NEW = date(2025, 8, 1)
_SYLLABLES = sorted({"nguyen", "trung", "truc", "ben", "nghe", "an", "phu", "tan", "thanh", "h"})


def _index(day: date) -> ResolverIndex:
    return store_for(None).view(day).resolver_index()


def test_the_name_table_reads_the_longest_names_and_stops_early() -> None:
    index = _index(NEW)
    # A ward whose official name has five syllables is read as one span.
    spans = index._segment_candidates(["phuong", "xuan", "huong", "da", "lat"])[0]
    keys = {span[2] for span in spans}
    assert "xuan huong da lat" in keys
    # Every key found is a name of the index, and a syllable no name starts with gives none.
    assert all(index.names[key] for key in keys)
    assert index._segment_candidates(["qwzx", "vbnm"])[0] == []


def test_a_firmly_named_province_keeps_out_the_namesakes_of_other_provinces() -> None:
    index = _index(OLD)
    shared = [u for u in index.names["tan lap"] if u.level is UnitLevel.COMMUNE]
    assert len({index.top[u.code] for u in shared}) > 5  # a name found all over the country
    found = map(
        _CandFields._make, index.candidates(_segments("Xã Tân Lập, Huyện Đan Phượng, Hà Nội"))
    )
    communes = [c for c in found if c.text == "tan lap"]
    assert communes
    assert {index.top[c.unit.code] for c in communes} == {"01"}
    # Without a province, every namesake is a candidate.
    loose = map(_CandFields._make, index.candidates(_segments("Xã Tân Lập")))
    assert {c.unit.code for c in loose if c.text == "tan lap"} >= {u.code for u in shared}


def test_kind_words_and_positions_score_as_documented() -> None:
    index = _index(OLD)
    by_how = {
        c.how: c
        for c in map(
            _CandFields._make, index.candidates(_segments("12 Bến Nghé, P. Bến Nghé, Q.1, TP.HCM"))
        )
    }
    assert by_how["kind word"].score >= 1.0
    street = by_how["name of a street or a residential area"]
    assert street.seg == 0 and street.score < 0.5


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=5))
def test_glued_names_split_into_the_fewest_known_syllables(words: list[str]) -> None:
    glued = "".join(words)
    split = _syllables(glued, set(_SYLLABLES))
    assert split is not None
    pieces = split.split()
    assert "".join(pieces) == glued
    assert all(piece in _SYLLABLES for piece in pieces)
    assert len(pieces) <= len(words)


def test_unknown_letters_cannot_be_split() -> None:
    assert _syllables("benxyz", set(_SYLLABLES)) is None
    assert _syllables("", set(_SYLLABLES)) == ""


def _answers(texts: list[str], day: date) -> list[tuple[object, ...]]:
    return [
        tuple(attrs.astuple(m, recurse=False) for m in resolve(t, as_of=day, limit=3))
        for t in texts
    ]


def test_answers_do_not_depend_on_what_the_caches_hold() -> None:
    for day in (OLD, NEW):
        texts = [a.text for a in noisy_addresses(catalog(as_of=day), 150, seed=5)]
        first = _answers(texts, day)
        assert _answers(texts, day) == first  # every part now cached
        index = _index(day)
        index._protos.clear()
        assert _answers(list(reversed(texts)), day) == list(reversed(first))


def _walk(index: ResolverIndex, words: list[str]) -> list[tuple[object, ...]]:
    """The nodes of the table met reading ``words`` one by one."""
    root = index.table[words[0]][1]
    assert root is not None
    nodes: list[tuple[object, ...]] = [root]
    for word in words[1:]:
        after = nodes[-1][2]
        assert isinstance(after, dict)
        nodes.append(after[word])
    return nodes


@pytest.mark.parametrize("day", [OLD, NEW])
def test_the_table_holds_every_name_and_every_start_of_a_name(day: date) -> None:
    index = _index(day)
    for key, units in index.names.items():
        words = key.split()
        nodes = _walk(index, words)
        assert nodes[-1][0] is units and nodes[-1][1] == key
        for k, node in enumerate(nodes[:-1]):
            # A start of a longer name: its node leads on, and names the units of that start.
            assert node[1] == " ".join(words[: k + 1])
            assert node[0] is index.names.get(node[1])
    ho_chi_minh = _walk(index, fold("Hồ Chí Minh").split())[-1]
    assert ho_chi_minh[0] is index.names["ho chi minh"]
    # Only the starts of names and the kind words are in the table.
    assert "qwzx" not in index.table
    assert index.table["province"][0] is not None and index.table["province"][1] is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAzZ ,.1đĐồỒhHTt"), max_size=12))
def test_a_title_cased_text_has_nothing_run_together(text: str) -> None:
    # _segments skips the search for words run together ("HồChíMinh") in title-cased text.
    if text.istitle():
        assert _CAMEL_HINT.search(text) is None


def test_words_run_together_are_still_cut() -> None:
    assert _segments("Phường BếnNghé, Quận1") == _segments("Phường Bến Nghé, Quận 1")
