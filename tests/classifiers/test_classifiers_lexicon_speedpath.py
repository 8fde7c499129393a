"""The fast paths of the lexicon classifier give what the plain ones give.

``LexiconClassifier.classify`` builds its labels without running the model's converters and
validators again, the analysis takes only the first hit of each kind at each start, and the
cue matcher runs an automaton or one of two walks: none of these may change a result.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh.classifiers import LexiconClassifier
from dlxh.classifiers.lexicon import Cue
from dlxh.classifiers.matcher import CueMatcher, Hit
from dlxh.model.opinions import Evidence, Label, OpinionItem

_PIECES = (
    "Người dân",
    "không",
    "đồng tình",
    "chưa thực sự hài lòng với",
    "nhưng",
    "băn khoăn về",
    "giá điện tăng",
    "tuyệt đại đa số",
    "đa số cử tri",
    "trên mạng xã hội",
    "xã",
    "dư luận xã hội",
    "đề nghị UBND tỉnh",
    "nghe nói",
    "vấn đề nóng",
    "khong dong tinh",
    "hợp tác xã",
    "thôn Đông",
)


@st.composite
def opinion_texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10))
    gaps = draw(st.lists(st.sampled_from((" ", ", ", ". ", "; ", "  ")), min_size=len(pieces)))
    return "".join(gap + piece for gap, piece in zip(gaps, pieces, strict=False))


@pytest.fixture(scope="module")
def classifier() -> LexiconClassifier:
    return LexiconClassifier()


def _validated(label: Label) -> Label:
    """The same label built through the model's converters and validators."""
    values = attrs.asdict(label, recurse=False)
    values["evidence"] = tuple(Evidence(e.cue, e.start, e.end, e.note) for e in values["evidence"])
    return Label(**values)


def test_fast_labels_equal_validated_ones(
    classifier: LexiconClassifier, statements: list[dict[str, Any]]
) -> None:
    items = [OpinionItem(id=row["id"], text=row["text"]) for row in statements]
    labelled = classifier.classify(items)
    assert sum(len(labels) for labels in labelled) > 2 * len(items)
    for labels in labelled:
        for label in labels:
            assert label == _validated(label)
            assert all(type(e) is Evidence for e in label.evidence)


@settings(max_examples=150, deadline=None)
@given(opinion_texts())
def test_the_automaton_and_both_walks_give_the_same_analysis(
    automaton_off: Callable[[CueMatcher[Any]], AbstractContextManager[None]], text: str
) -> None:
    classifier = LexiconClassifier()
    matcher = classifier._matcher
    with_automaton = classifier.analyse(text)
    # A symbol that folds to itself (not ASCII) sends the text down the walk that a regular
    # expression cuts; at the end, it changes no cue.
    assert classifier.analyse(text + " 😊").findings == with_automaton.findings
    with automaton_off(matcher):  # the walk that str.split cuts
        assert classifier.analyse(text) == with_automaton


@settings(max_examples=150, deadline=None)
@given(opinion_texts())
def test_first_hits_are_the_first_of_each_kind(text: str) -> None:
    matcher: CueMatcher[Cue] = LexiconClassifier()._matcher
    for (start, hits), (first_start, firsts) in zip(
        matcher.spans(text), matcher.spans(text, first=True), strict=True
    ):
        assert start == first_start
        expected: dict[str, Hit[Cue]] = {}
        for hit in hits:
            expected.setdefault(hit[2].kind, hit)
        assert firsts == tuple(expected.values())


def test_labels_of_an_analysis_equal_classify(classifier: LexiconClassifier) -> None:
    text = "Đa số cử tri không đồng tình, đề nghị UBND tỉnh sớm giải quyết giá điện"
    (labels,) = classifier.classify([OpinionItem(id="a", text=text)])
    again = classifier.labels(classifier.analyse(text), labels[0].assigned_at)
    assert labels == again
    assert {lb.dimension for lb in labels} >= {"topic", "orientation", "breadth"}


@pytest.mark.parametrize("commas", range(6))
@pytest.mark.parametrize("gap", [", ", " , ", ",  ", " - "])
def test_runs_of_spaces_in_cues_whatever_their_number(
    commas: int, gap: str, automaton_off: Callable[[CueMatcher[Any]], AbstractContextManager[None]]
) -> None:
    # The automaton's keys are stored with up to three spaces doubled; more runs of two, or a
    # longer run, and the text is searched with its runs made single: the same cues either way.
    classifier = LexiconClassifier()
    text = "Đa số cán bộ" + gap + "đảng viên phấn khởi" + gap + "đồng tình với tín dụng đen"
    text += "".join(f"{gap}cho vay nặng lãi" for _ in range(commas))
    found = classifier.analyse(text)
    matcher = classifier._matcher
    with automaton_off(matcher):
        assert classifier.analyse(text) == found
    assert matcher.scan(text) == matcher._scan_regex(text)
    if gap == ", ":
        group = found.get("group")
        assert group is not None
        assert [text[start:end] for _, start, end, _ in group.cues] == ["cán bộ, đảng viên"]
