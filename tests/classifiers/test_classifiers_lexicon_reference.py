"""The scoring of the lexicon classifier gives what the plain scoring gives.

``LexiconClassifier._findings`` is written for speed (shortcuts for one cue of a kind, cached
confidences, each finding one flat tuple, labels built inline by ``classify``). The functions
below are the plain scoring it replaced, written once more as the reference: on generated
opinion texts, with and without diacritics, with runs of spaces and punctuation, through the
automaton and the pure-Python walks, both must give the same findings, and ``classify`` the
labels of those findings.
"""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh.classifiers import LexiconClassifier
from dlxh.classifiers.lexicon import _CLAUSE_BREAKS, _KINDS, _MODIFIER_KINDS, Cue, Finding
from dlxh.classifiers.matcher import CueMatcher
from dlxh.model.enums import Breadth, Interest
from dlxh.model.opinions import Evidence, Label, OpinionItem

_Evidence = tuple[str, int, int, str]
_Match = tuple[_Evidence, Cue]
_BREADTH_RANK = {str(b): b.rank for b in Breadth}
_INTEREST_RANK = {str(i): rank for rank, i in enumerate(Interest)}


def _confidence(top: float, total: float) -> float:
    value = top / (total + 1.0)
    return round(min(0.95, max(0.3, value)), 3)


def reference_findings(classifier: LexiconClassifier, text: str) -> tuple[Finding, ...]:
    """The findings of ``text``, scored the plain way from the matcher's first hits."""
    by_kind: dict[str, list[_Match]] = {}
    for start, hits in classifier._matcher.spans(text, first=True):
        for written, offset, payload in hits:
            same = by_kind.setdefault(payload.kind, [])
            if not same or start + offset > same[-1][0][2]:
                same.append(((written, start, start + offset, ""), payload))
    findings: list[Finding] = []
    if by_kind.get("topic"):
        findings.append(_best("topic", by_kind["topic"]))
    elif "other" in classifier.taxonomies["topic"]:
        findings.append(Finding("topic", "other", 0.2, ()))
    _stance(classifier, text, by_kind, findings)
    if by_kind.get("breadth"):
        widest = max(by_kind["breadth"], key=lambda m: _BREADTH_RANK[m[1].value])
        findings.append(Finding("breadth", widest[1].value, 0.9, (widest[0],)))
    if by_kind.get("scope"):
        findings.append(_best("scope", by_kind["scope"]))
    if by_kind.get("origin"):
        rank = {v: i for i, v in enumerate(classifier.lexicon.origin_priority)}
        first = min(by_kind["origin"], key=lambda m: rank.get(m[1].value, 99))[1].value
        cues = tuple(m[0] for m in by_kind["origin"] if m[1].value == first)
        findings.append(Finding("origin", first, 0.8, cues))
    if by_kind.get("interest"):
        level = max(by_kind["interest"], key=lambda m: _INTEREST_RANK[m[1].value])[1].value
        cues = tuple(m[0] for m in by_kind["interest"] if m[1].value == level)
        findings.append(Finding("interest", level, 0.7, cues))
    if by_kind.get("group"):
        by_value: dict[str, list[_Evidence]] = {}
        for evidence, cue in by_kind["group"]:
            by_value.setdefault(cue.value, []).append(evidence)
        if len(by_value) > 1:
            by_value.pop("general-public", None)
        findings.extend(Finding("group", v, 0.7, tuple(cues)) for v, cues in by_value.items())
    if by_kind.get("recommendation") and by_kind.get("competent-level"):
        findings.append(_best("competent-level", by_kind["competent-level"]))
    return tuple(f for f in findings if f.dimension in classifier.wanted)


def _best(dimension: str, found: Sequence[_Match]) -> Finding:
    """The highest sum of weights (a cue counts at most twice from three matches on; ties go
    to the value seen first)."""
    scores: dict[str, float] = {}
    seen: dict[tuple[str, str], int] = {}
    for evidence, cue in found:
        pair = (evidence[0], cue.value)
        if len(found) < 3 or seen.get(pair, 0) < 2:
            scores[cue.value] = scores.get(cue.value, 0.0) + cue.weight
            seen[pair] = seen.get(pair, 0) + 1
    best = max(scores, key=scores.__getitem__)
    cues = tuple(m[0] for m in found if m[1].value == best)
    return Finding(dimension, best, _confidence(scores[best], sum(scores.values())), cues)


def _written_otherwise(listed: str, span: str, text: str, unaccented: frozenset[str]) -> bool:
    """A negator listed with diacritics, written with other ones, or without any in a text
    that has them elsewhere, is another word (*Cha mẹ*, *hỏng*), unless that unaccented
    form is listed too (*khong*)."""
    if listed.isascii():
        return False
    if span.isascii():
        return not text.isascii() and span.lower() not in unaccented
    return unicodedata.normalize("NFC", span.lower()) != unicodedata.normalize("NFC", listed)


def _nearest_before(
    classifier: LexiconClassifier,
    text: str,
    start: int,
    modifiers: Sequence[tuple[str, int, int, str]],
) -> tuple[str, int, int, str] | None:
    """The nearest modifier that ends at most ``window`` syllables before ``start``, in the
    same clause, written as listed."""
    chosen = None
    for mod in modifiers:
        if mod[2] > start:
            break
        gap = text[mod[2] : start]
        if gap and not _CLAUSE_BREAKS.isdisjoint(gap):
            continue
        if len(gap.split()) <= classifier.lexicon.window and not _written_otherwise(
            mod[0], text[mod[1] : mod[2]], text, classifier.lexicon.unaccented_modifiers
        ):
            chosen = mod
    return chosen


def _stance(
    classifier: LexiconClassifier,
    text: str,
    by_kind: Mapping[str, Sequence[_Match]],
    findings: list[Finding],
) -> None:
    stances = by_kind.get("orientation")
    if not stances:
        findings.append(Finding("orientation", "unclear", 0.45, ()))
        return
    modifiers = sorted(
        (
            (evidence[0], evidence[1], evidence[2], kind)
            for kind in _MODIFIER_KINDS
            for evidence, _ in by_kind.get(kind, ())
        ),
        key=operator.itemgetter(1),
    )
    purposes = [(e[0], e[1], e[2], "purpose") for e, _ in by_kind.get("purpose", ())]
    contrast = by_kind.get("contrast")
    first_contrast = contrast[0][0][2] if contrast else None
    scores: dict[str, float] = {}
    support: dict[str, list[_Evidence]] = {}
    moods: dict[str, list[_Evidence]] = {}
    for evidence, cue in stances:
        orientation, weight, mood = cue.value, cue.weight, cue.mood
        chosen = _nearest_before(classifier, text, evidence[1], modifiers)
        if chosen is not None and (
            chosen[3] == "not-negation" or (chosen[3] == "relief" and orientation == "approve")
        ):
            chosen = None
        if chosen is not None:
            mood = cue.negated_mood
            if orientation == "approve":
                if cue.negated is not None:
                    orientation = cue.negated
                else:
                    orientation = "oppose" if chosen[3] == "negation" else "uneasy"
            else:
                orientation = "approve"
                weight *= 0.5
            evidence = (evidence[0], evidence[1], evidence[2], f"{chosen[3]}: {chosen[0]}")
        if orientation == "approve":
            # A word of purpose before an approval: a wish, a weak unease with no mood.
            purpose = _nearest_before(classifier, text, evidence[1], purposes)
            if purpose is not None:
                orientation, weight, mood = "uneasy", 0.25, None
                evidence = (evidence[0], evidence[1], evidence[2], f"purpose: {purpose[0]}")
        if first_contrast is not None and first_contrast <= evidence[1]:
            weight *= 1.5
        scores[orientation] = scores.get(orientation, 0.0) + weight
        support.setdefault(orientation, []).append(evidence)
        if mood is not None:
            moods.setdefault(mood, []).append(evidence)
    best = max(scores, key=scores.__getitem__)
    confidence = _confidence(scores[best], sum(scores.values()))
    findings.append(Finding("orientation", best, confidence, tuple(support[best])))
    findings.extend(Finding("mood", mood, 0.7, tuple(cues)) for mood, cues in moods.items())


# -- generated texts -----------------------------------------------------------------------

_WHO = (
    "Người dân",
    "Cử tri",
    "Đa số cán bộ, đảng viên",
    "Một bộ phận công nhân",
    "Tuyệt đại đa số nhân dân",
    "Một số hộ kinh doanh",
    "Có người",
    "Phụ huynh học sinh",
)
_FEEL = (
    "phấn khởi, đồng tình với",
    "băn khoăn về",
    "bức xúc trước",
    "không đồng tình với",
    "chưa thực sự hài lòng với",
    "không khỏi lo lắng về",
    "không phản đối",
    "ủng hộ",
    "đồng tình nhưng còn băn khoăn về",
    "không mới, nhưng đồng tình với",
    "quan tâm đến",
    "đề nghị làm rõ để người dân yên tâm về",
    "mong sớm có kết luận để bà con tin tưởng",
    "không để người dân bức xúc về",
    "đỡ vất vả, hài lòng với",
    "để lại ấn tượng tốt về",
    "gửi tiền mừng cưới, mừng lắm vì",
)
_ABOUT = (
    "việc giá điện tăng liên tục",
    "phương án bồi thường giải phóng mặt bằng",
    "các khoản thu đầu năm học",
    "tình trạng quá tải bệnh viện",
    "tín dụng đen",
    "tuyến quốc lộ xuống cấp, nhiều ổ gà",
    "việc sáp nhập xã",
    "mùi hôi từ bãi rác",
    "nợ lương kéo dài, đây là vấn đề nóng",
    "thông tin sai sự thật trên mạng xã hội",
    "hợp tác xã",
    "dư luận xã hội",
    "giá điện, giá xăng, giá điện",
)
_TAIL = (
    "",
    "; đề nghị UBND tỉnh sớm giải quyết.",
    ". Nghe nói sắp có điều chỉnh.",
    ".",
    " trên địa bàn xã",
    ", kiến nghị Quốc hội sửa luật",
    " (báo chí đưa tin)",
)
_GAPS = (" ", "  ", ", ", " ,  ", ". ", "; ", "\n", " - ", "   ")


def _strip(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


@st.composite
def opinion_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(_WHO + _FEEL + _ABOUT + _TAIL), min_size=1, max_size=8))
    gaps = draw(st.lists(st.sampled_from(_GAPS), min_size=len(parts), max_size=len(parts)))
    text = "".join(gap + part for gap, part in zip(gaps, parts, strict=True)).strip()
    how = draw(st.sampled_from(("marks", "none", "upper", "half")))
    if how == "none":
        text = _strip(text)
    elif how == "upper":
        text = text.upper()
    elif how == "half":
        words = text.split(" ")
        text = " ".join(_strip(w) if i % 2 else w for i, w in enumerate(words))
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def classifier() -> LexiconClassifier:
    return LexiconClassifier()


@settings(max_examples=300, deadline=None)
@given(opinion_texts())
def test_findings_equal_the_reference(
    automaton_off: Callable[[CueMatcher[Any]], AbstractContextManager[None]], text: str
) -> None:
    classifier = LexiconClassifier()
    expected = reference_findings(classifier, text)
    assert classifier.analyse(text).findings == expected
    with automaton_off(classifier._matcher):
        assert classifier.analyse(text).findings == expected == reference_findings(classifier, text)


@settings(max_examples=100, deadline=None)
@given(opinion_texts(), st.sets(st.sampled_from(LexiconClassifier.dimensions), min_size=1))
def test_limited_dimensions_equal_the_reference(text: str, dimensions: set[str]) -> None:
    classifier = LexiconClassifier(dimensions=dimensions)
    assert classifier.analyse(text).findings == reference_findings(classifier, text)


def test_the_statements_equal_the_reference(
    classifier: LexiconClassifier, statements: list[dict[str, str]]
) -> None:
    texts = [row["text"] for row in statements]
    texts += [_strip(text) for text in texts]
    assert [classifier.analyse(t).findings for t in texts] == [
        reference_findings(classifier, t) for t in texts
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(opinion_texts(), min_size=1, max_size=5))
def test_classify_gives_the_labels_of_the_findings(texts: list[str]) -> None:
    classifier = LexiconClassifier()
    items = [OpinionItem(id=f"i{i}", text=t) for i, t in enumerate(texts)]
    labelled = classifier.classify(items)
    for item, labels in zip(items, labelled, strict=True):
        expected = []
        for f in reference_findings(classifier, item.text):
            values: dict[str, Any] = {
                "dimension": f.dimension,
                "value": f.value,
                "confidence": f.confidence,
                "classifier": "lexicon",
                "classifier_version": classifier.version,
                "assigned_at": labels[0].assigned_at,
                "evidence": tuple(Evidence(*cue) for cue in f.cues),
            }
            expected.append(Label(**values))
        assert labels == expected
        assert all(type(e) is Evidence for label in labels for e in label.evidence)


def test_a_comma_run_does_not_stop_a_cue() -> None:
    # A comma and a space fold to two spaces; the automaton runs over the text with the run
    # made single, and the offsets point into the text as written.
    classifier = LexiconClassifier()
    text = "Người dân phấn khởi,   đồng tình với giá điện"
    found = classifier.analyse(text).get("orientation")
    assert found is not None
    assert [text[start:end] for _, start, end, _ in found.cues] == ["phấn khởi", "đồng tình"]
    assert classifier.analyse(text).findings == reference_findings(classifier, text)


@settings(max_examples=200, deadline=None)
@given(opinion_texts())
def test_grouped_is_the_first_hits_by_kind(
    automaton_off: Callable[[CueMatcher[Any]], AbstractContextManager[None]], text: str
) -> None:
    # CueMatcher.grouped (the automaton and the grouping in one loop) against spans():
    # the first hit of each kind at each start, none inside the last one kept of its kind.
    matcher = LexiconClassifier()._matcher
    expected: dict[str, list[tuple[str, int, int, Cue]]] = {}
    for start, hits in matcher.spans(text, first=True):
        for written, offset, payload in hits:
            same = expected.setdefault(payload.kind, [])
            if not same or start + offset > same[-1][2]:
                same.append((written, start, start + offset, payload))
    assert matcher.grouped(text) == expected
    assert matcher.grouped(text) == expected  # again, from what it remembers per span
    with automaton_off(matcher):
        assert matcher.grouped(text) == expected
    # by_group: the same lists, at the number of their kind (the lexicon's _KINDS order).
    assert matcher.groups == _KINDS
    assert matcher.by_group(text) == [expected.get(kind) for kind in _KINDS]


def test_grouped_needs_groups() -> None:
    from dlxh.classifiers.matcher import CueMatcher

    with pytest.raises(ValueError, match="group="):
        CueMatcher([("giá điện", "power", True)]).grouped("giá điện")
