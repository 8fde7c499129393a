"""The fast paths of the cue matcher give exactly what the reference regular expression gives.

``CueMatcher.scan`` runs an Aho-Corasick automaton when pyahocorasick is installed and a walk
down a trie of syllables otherwise (cut by ``str.split`` when the folded text is ASCII, by a
regular expression when it is not); ``_scan_regex`` is the one-regex reference. All of them
must find the same cues at the same offsets, whatever the spacing, punctuation and case, and
hide the same cues inside listed words.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh.classifiers import LexiconClassifier
from dlxh.classifiers.lexicon import Cue
from dlxh.classifiers.matcher import CueMatch, CueMatcher, _matches, aligned_fold

_FRAGMENTS = (
    "không",
    "đồng tình",
    "chưa thực sự",
    "hài lòng",
    "giá điện",
    "tăng",
    "tuyệt đại đa số",
    "đa số",
    "cử tri",
    "dân sinh",
    "an ninh trật tự",
    "khong dong tinh",
    "GIÁ ĐIỆN",
    "AI",
    "ai",
    "covid-19",
    "bức xúc",
    "phản ánh",
    "xyz",
    "Hà Nội",
    "xã",
    "xã hội",
    "hợp tác xã",
    "mạng xã hội",
    "xa hoi",
    "thị trường",
    "trường",
)
_GAPS = (" ", "  ", ", ", " ,  ", ". ", "; ", "\n", "\t", " - ", "!", "…", "", "_", "(", ") ")


@st.composite
def opinion_like(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(_FRAGMENTS), max_size=12))
    text = ""
    for piece in pieces:
        text += draw(st.sampled_from(_GAPS)) + piece
    return unicodedata.normalize("NFC", text + draw(st.sampled_from(_GAPS)))


@pytest.fixture(scope="module")
def matcher() -> CueMatcher[Cue]:
    return LexiconClassifier()._matcher


def _walks(matcher: CueMatcher[Cue], text: str) -> list[list[CueMatch[Cue]]]:
    """What each path finds where it applies: the walk cut by a regular expression (any
    text), the walk cut by ``str.split`` (ASCII folded text) and the automaton (ASCII folded
    text; it makes runs of spaces single and carries the offsets back)."""
    folded = aligned_fold(text)
    found = [_matches(matcher._walk(text, folded))]
    if folded.isascii():
        found.append(_matches(matcher._walk_ascii(text, folded)))
        if matcher._automaton is not None:
            found.append(_matches(matcher._aho(text, folded)))
    return found


@settings(max_examples=300, deadline=None)
@given(opinion_like())
def test_scan_matches_the_reference_on_opinion_like_text(text: str) -> None:
    classifier = LexiconClassifier()
    matcher = classifier._matcher
    expected = matcher._scan_regex(text)
    assert matcher.scan(text) == expected
    assert all(found == expected for found in _walks(matcher, text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_scan_matches_the_reference_on_any_text(text: str) -> None:
    matcher = LexiconClassifier()._matcher
    expected = matcher._scan_regex(text)
    assert matcher.scan(text) == expected
    assert all(found == expected for found in _walks(matcher, text))


def test_spaces_and_sentence_breaks(matcher: CueMatcher[Cue]) -> None:
    # Several spaces (a comma folds to one) still join the syllables of a cue; a sentence
    # end does not. Offsets point into the text as written.
    text = "Người dân  không   đồng tình,  với giá điện. Tăng"
    found = matcher.scan(text)
    assert found == matcher._scan_regex(text)
    spans = {text[m.start : m.end] for m in found}
    assert "giá điện" in spans
    assert not any("điện. Tăng" in s for s in spans)


def test_the_fallback_walk_is_used_without_the_automaton() -> None:
    matcher = CueMatcher([("đa số", "majority", True), ("giá", "price", False)])
    text = "Đa  số phản ánh giá cao; 中文 giá"
    with_automaton = matcher.scan(text)
    matcher._automaton = None  # as when pyahocorasick is not installed
    assert matcher.scan(text) == with_automaton == matcher._scan_regex(text)
    assert [m.payload for m in with_automaton] == ["majority", "price", "price"]
