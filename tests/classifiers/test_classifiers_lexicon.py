"""The lexicon classifier: cues, negation, evidence, one pass."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.classifiers import LexiconClassifier
from dlxh.classifiers.lexicon import Analysis, Finding, Lexicon, default_lexicon
from dlxh.classifiers.matcher import (
    _COMMON_MARKS,
    _TABLE,
    CueMatcher,
    aligned_fold,
    cue_key,
)
from dlxh.errors import FormatError
from dlxh.model.enums import Breadth
from dlxh.model.opinions import OpinionItem
from dlxh.testing.contracts import ClassifierContract
from dlxh.testing.strategies import vietnamese_text
from dlxh.text import fold
from dlxh.text._charmap import vietnamese_letters


@pytest.fixture(scope="module")
def lexicon() -> LexiconClassifier:
    return LexiconClassifier()


class TestLexiconContract(ClassifierContract):
    classifier_class = LexiconClassifier

    def make_items(self) -> list[OpinionItem]:
        return [
            OpinionItem(id="a", text="Người dân bức xúc vì giá điện tăng"),
            OpinionItem(id="b", text="Đa số cử tri đồng tình với chủ trương sáp nhập xã"),
            OpinionItem(id="c", text="xyz"),
        ]


def value(classifier: LexiconClassifier, text: str, dimension: str) -> str | None:
    found = classifier.analyse(text).get(dimension)
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Người dân đồng tình với chủ trương này", "approve"),
        ("Người dân không đồng tình với chủ trương này", "oppose"),
        ("Người dân chưa thực sự hài lòng với cách giải quyết", "uneasy"),
        ("Bà con chưa hài lòng", "uneasy"),
        ("Nhân dân phản đối việc thu phí", "oppose"),
        ("Nhân dân không phản đối việc thu phí", "approve"),
        ("Người dân không khỏi lo lắng về dịch bệnh", "uneasy"),
        ("Người dân không còn lo lắng về trộm cắp", "approve"),
        ("Cử tri hỏi về thời gian tổ chức kỳ họp", "unclear"),
        ("nguoi dan khong dong tinh voi muc phat", "oppose"),
        ("ba con ko hai long", "oppose"),
        # A negator in another clause does not turn the cue.
        ("Việc này không mới, người dân đồng tình", "approve"),
        # What follows a contrast weighs more.
        ("Người dân đồng tình nhưng còn băn khoăn về kinh phí", "uneasy"),
    ],
)
def test_orientation_with_negation_and_hedging(
    lexicon: LexiconClassifier, text: str, expected: str
) -> None:
    assert value(lexicon, text, "orientation") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A word of relief turns a hardship or a worry that follows into (weak) approval.
        ("Điều chỉnh lương hưu giúp người già đỡ vất vả", "approve"),
        ("Có đường mới, bà con bớt lo mỗi mùa mưa", "approve"),
        ("Chính sách mới giảm bớt khó khăn cho hộ nghèo", "approve"),
        # Not inside words that hold it (giúp đỡ, cắt bớt, ăn bớt), nor on the words it
        # folds to (do "because", độ) or without its diacritics.
        ("Chính quyền giúp đỡ bà con khó khăn", "uneasy"),
        ("Bị cắt bớt chế độ khiến bà con bức xúc", "oppose"),
        ("Cán bộ ăn bớt tiền hỗ trợ gây bức xúc", "oppose"),
        ("Bức xúc do giá điện tăng", "oppose"),
        ("luong huu giup nguoi gia do vat va", "uneasy"),
    ],
)
def test_relief_turns_a_complaint_that_follows(
    lexicon: LexiconClassifier, text: str, expected: str
) -> None:
    assert value(lexicon, text, "orientation") == expected


def test_relief_is_explained(lexicon: LexiconClassifier) -> None:
    text = "Bà con đỡ vất vả hơn trước"
    found = lexicon.analyse(text).get("orientation")
    assert found is not None
    (evidence,) = found.evidence
    assert text[evidence.start : evidence.end] == "vất vả"
    assert evidence.note == "relief: đỡ"
    assert found.confidence < 0.5  # a weak approval


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # A gift, not joy (mừng, glad).
        ("Gửi tiền mừng cưới qua ứng dụng ngân hàng", "mừng"),
        ("Trẻ em được mừng tuổi đầu năm", "mừng"),
        ("Hội người cao tuổi tổ chức mừng thọ các cụ", "mừng"),
        ("Quà mừng của xã được trao tận nhà", "mừng"),
        # A donation, not support (ủng hộ).
        ("Nhân dân quyên góp ủng hộ đồng bào vùng lũ", "ủng hộ"),
        ("Tiền ủng hộ được chuyển tới các hộ bị thiệt hại", "ủng hộ"),
        # Adapt and stimulate, not like (thích).
        ("Cây trồng phải thích nghi với hạn mặn", "thích"),
        ("Gói kích thích kinh tế cho doanh nghiệp nhỏ", "thích"),
        # Take care of and arrange, not worry (lo); data and documents, not whether (liệu).
        ("Nhà nước chăm lo cho người có công", "lo"),
        ("Gia đình tự lo liệu việc học của con", "lo"),
        ("Bảo vệ dữ liệu cá nhân trên ứng dụng", "liệu"),
        ("Học sinh thiếu tài liệu ôn thi", "liệu"),
        # A side effect, not a reaction against (phản ứng); widely, not spacious (rộng rãi).
        ("Thuốc có phản ứng phụ ở người già", "phản ứng"),
        ("Tuyên truyền rộng rãi quy định mới", "rộng rãi"),
    ],
)
def test_a_cue_inside_a_compound_that_means_something_else_is_no_stance(
    lexicon: LexiconClassifier, text: str, cue: str
) -> None:
    found = lexicon.analyse(text).get("orientation")
    assert found is not None
    assert found.value == "unclear"
    assert cue not in [c for c, *_ in found.cues]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The plain cues still carry their stance.
        ("Bà con mừng vì có đường mới", "approve"),
        ("Người dân ủng hộ việc sáp nhập xã", "approve"),
        ("Tôi thích cách làm này", "approve"),
        ("Bà con lo mất mùa", "uneasy"),
        ("Liệu có đủ kinh phí không", "uneasy"),
        # Gladness said right after a gift is still gladness.
        ("Cuối năm có thêm tiền mừng lắm", "approve"),
    ],
)
def test_the_plain_cue_outside_those_compounds_still_counts(
    lexicon: LexiconClassifier, text: str, expected: str
) -> None:
    assert value(lexicon, text, "orientation") == expected


@pytest.mark.parametrize(
    "text",
    [
        # A request or a purpose clause says what is wished for, not that people approve.
        "Đề nghị công bố tình trạng an toàn của hồ đập để người dân yên tâm",
        "Mong sớm làm rõ để nhân dân tin tưởng",
        "Cần giải quyết dứt điểm để bà con an tâm",
        "Cần làm rõ nhằm củng cố niềm tin của nhân dân",
        "Phải làm sao cho người dân hài lòng",
    ],
)
def test_an_approval_after_a_word_of_purpose_is_a_wish(
    lexicon: LexiconClassifier, text: str
) -> None:
    found = lexicon.analyse(text).get("orientation")
    assert found is not None
    assert found.value == "uneasy"
    assert found.confidence < 0.5  # a weak unease, as "mong"
    assert any(e.note.startswith("purpose: ") for e in found.evidence)
    assert lexicon.analyse(text).values("mood") == []  # no "confident": nobody is yet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Approval said outright, or before the word of purpose, is approval.
        ("Người dân yên tâm khi có đập mới", "approve"),
        ("Bà con đồng tình để con em được học gần nhà", "approve"),
        # Other cues after it are left alone.
        ("Phải đi vay để đóng tiền phạt quá cao", "oppose"),
        ("Phải bán lúa non để trả nợ, thật vất vả", "uneasy"),
        # Not inside "để lại" (leave behind), nor in another clause.
        ("Chương trình để lại ấn tượng tốt", "approve"),
        ("Đường làm xong để đó, nhưng bà con hài lòng", "approve"),
    ],
)
def test_a_word_of_purpose_turns_only_an_approval_that_follows(
    lexicon: LexiconClassifier, text: str, expected: str
) -> None:
    assert value(lexicon, text, "orientation") == expected


def test_negated_cue_is_explained(lexicon: LexiconClassifier) -> None:
    text = "Người dân không đồng tình việc thu hồi đất"
    found = lexicon.analyse(text).get("orientation")
    assert found is not None
    (evidence,) = found.evidence
    assert text[evidence.start : evidence.end] == "đồng tình"
    assert evidence.note == "negation: không"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Words that fold like a negator are not one in a text typed with diacritics:
        # "cha mẹ" (parents) is not "chả", "hỏng" (broken) is not "hông", "hẻm" not "hem".
        ("Cha mẹ học sinh hoan nghênh việc tổ chức bán trú", "approve"),
        ("Nhiều cha mẹ lo con em nghiện game", "uneasy"),
        ("Đèn đường hỏng khiến bà con bức xúc", "oppose"),
        # The negators themselves still turn the cue, as written or without diacritics,
        # and the ones listed without diacritics (ko, k0, hok) in any text.
        ("Bà con chả đồng tình việc thu phí", "oppose"),
        ("Bà con chẳng hài lòng với cách làm", "oppose"),
        ("ba con cha dong tinh viec thu phi", "oppose"),
        ("Bà con ko đồng tình việc thu phí", "oppose"),
        # An unaccented negator that is no other word counts amid diacritics too.
        ("Bà con khong đồng tình việc thu phí", "oppose"),
    ],
)
def test_a_negator_written_otherwise_is_another_word(
    lexicon: LexiconClassifier, text: str, expected: str
) -> None:
    assert value(lexicon, text, "orientation") == expected


@pytest.mark.parametrize(
    ("text", "breadth"),
    [
        ("Tuyệt đại đa số nhân dân phấn khởi", Breadth.OVERWHELMING_MAJORITY),
        ("Đa số cử tri đồng tình", Breadth.MAJORITY),
        ("Số đông người dân quan tâm", Breadth.LARGE_NUMBER),
        ("Nhiều ý kiến cho rằng giá cao", Breadth.MANY_OPINIONS),
        ("Một bộ phận thanh niên lo lắng", Breadth.PART),
        ("Một số hộ dân phản ánh", Breadth.SOME_PEOPLE),
        ("Có người cho rằng nên hoãn", Breadth.SOMEONE),
    ],
)
def test_breadth_words_map_to_the_scale(
    lexicon: LexiconClassifier, text: str, breadth: Breadth
) -> None:
    assert value(lexicon, text, "breadth") == str(breadth)


def test_rumour_is_kept_apart(lexicon: LexiconClassifier) -> None:
    assert value(lexicon, "Nghe nói sắp thu hồi đất làm sân golf", "origin") == "rumour"
    # Rumour wins over the channel it travelled on.
    text = "Tin đồn lan truyền trên mạng xã hội về việc sáp nhập trường"
    assert value(lexicon, text, "origin") == "rumour"
    assert value(lexicon, "Báo chí đưa tin về vụ việc", "origin") == "official_press"


def test_scope_groups_moods_interest_and_competent_level(lexicon: LexiconClassifier) -> None:
    text = (
        "Đa số công nhân và đoàn viên thanh niên bức xúc, lo lắng vì nợ lương kéo dài, "
        "đây là vấn đề nóng; kiến nghị UBND tỉnh chỉ đạo giải quyết"
    )
    analysis = lexicon.analyse(text)
    assert set(analysis.values("group")) == {"workers", "youth"}
    assert set(analysis.values("mood")) == {"frustrated", "worried"}
    assert analysis.values("interest") == ["very_high"]
    assert analysis.values("competent-level") == ["province"]
    assert value(lexicon, "Xung đột ở Trung Đông ảnh hưởng giá dầu thế giới", "scope") == (
        "international"
    )
    assert value(lexicon, "Quốc hội thảo luận dự thảo luật đất đai", "scope") == "national"
    # No recommendation, no competent level.
    assert lexicon.analyse("UBND tỉnh tổ chức hội nghị").values("competent-level") == []
    law = "Cử tri đề nghị Quốc hội sửa đổi luật về bảo hiểm xã hội"
    assert value(lexicon, law, "competent-level") == "central"


def test_diacritics_tell_apart_what_folding_merges(lexicon: LexiconClassifier) -> None:
    # "chùa" (pagoda) is a religion cue; "chưa" (not yet) folds the same but is not.
    assert value(lexicon, "Người dân góp tiền sửa chùa", "topic") == "religion"
    assert value(lexicon, "Việc này chưa xong", "topic") == "other"
    # "thuốc" (medicine) is not "thuộc" (belongs to).
    assert value(lexicon, "Bệnh nhân thiếu thuốc", "topic") == "health"
    assert value(lexicon, "Thôn thuộc xã miền núi", "topic") != "health"
    # A short acronym must be in capitals: "ai" (who) is not AI.
    assert value(lexicon, "ai cũng biết", "topic") == "other"


def test_one_pass_matcher_finds_overlapping_and_prefix_cues() -> None:
    matcher = CueMatcher(
        [
            ("tuyệt đại đa số", "widest", True),
            ("đa số", "majority", True),
            ("tăng giá", "rise", True),
            ("giá điện", "power", True),
            ("giá", "price", False),
        ]
    )
    text = "Tuyệt đại đa số phản ánh tăng giá điện"
    found = [(m.payload, text[m.start : m.end]) for m in matcher.scan(text)]
    assert found == [
        ("widest", "Tuyệt đại đa số"),
        ("majority", "đa số"),
        ("rise", "tăng giá"),
        ("power", "giá điện"),
        ("price", "giá"),
    ]
    # No cue crosses a sentence end.
    assert [m.payload for m in matcher.scan("Tăng. Giá cả")] == ["price"]


def test_classify_gives_topic_and_orientation_for_every_item(lexicon: LexiconClassifier) -> None:
    items = [OpinionItem(id=str(i), text=t) for i, t in enumerate(["", "abc", "Giá điện tăng"])]
    results = lexicon.classify(items)
    for labels in results:
        dims = [lb.dimension for lb in labels]
        assert "topic" in dims and "orientation" in dims
        assert all(lb.assigned_at is not None for lb in labels)


def test_dimensions_can_be_limited() -> None:
    only = LexiconClassifier(dimensions=["topic"])
    labels = only.classify([OpinionItem(id="a", text="Nhân dân phấn khởi vì giá lúa tăng")])[0]
    assert [lb.dimension for lb in labels] == ["topic"]


@given(st.text(max_size=200))
def test_evidence_points_at_the_cue_in_any_text(text: str) -> None:
    classifier = LexiconClassifier()
    item = OpinionItem(id="x", text=text or "x")
    for label in classifier.classify([item])[0]:
        for evidence in label.evidence:
            span = item.text[evidence.start : evidence.end]
            assert cue_key(span) == cue_key(evidence.cue)


@given(st.text(max_size=100))
def test_aligned_fold_keeps_offsets(text: str) -> None:
    assert len(aligned_fold(text)) == len(text)


@given(st.text(max_size=100))
def test_aligned_fold_is_the_full_table_whatever_the_characters(text: str) -> None:
    # The list table stops at U+206F; past it the fold is done again with the full table.
    assert aligned_fold(text) == text.translate(_TABLE)


# Characters the byte fold has a byte for (and a few it has not, which send the text to the
# table), so that texts mostly take the charmap path.
_FOLD_ALPHABET = "".join(vietnamese_letters()) + _COMMON_MARKS + "".join(map(chr, range(128)))


@given(st.text(alphabet=_FOLD_ALPHABET + "\u0300Σ\u2028😀ǅ", max_size=100))
def test_the_byte_fold_is_the_full_table(text: str) -> None:
    assert aligned_fold(text) == text.translate(_TABLE)


def test_the_byte_fold_covers_every_vietnamese_letter() -> None:
    letters = "".join(vietnamese_letters())
    assert len(letters) == 134
    assert aligned_fold(letters) == letters.translate(_TABLE)
    assert aligned_fold(letters).isascii()


@given(vietnamese_text())
def test_aligned_fold_agrees_with_fold(text: str) -> None:
    # Apostrophes are the one difference: fold deletes them, the aligned fold spaces them.
    text = text.replace("'", "")
    assert " ".join(aligned_fold(text).replace("\x1f", " ").split()) == fold(text)


@pytest.mark.parametrize(
    "text",
    [
        "Dư luận xã hội quan tâm đến giá điện",
        "Đề nghị quan tâm hơn đến an sinh xã hội",
        "Tin giả lan truyền trên mạng xã hội",
        "Các xã viên hợp tác xã phấn khởi",
    ],
)
def test_the_place_cue_xa_does_not_fire_inside_a_longer_word(
    lexicon: LexiconClassifier, text: str
) -> None:
    # "xã" (commune) is a place cue; "xã hội" (society), "xã viên" (member of a cooperative)
    # and "hợp tác xã" (cooperative) are words of their own, not places.
    analysis = lexicon.analyse(text)
    fired = [cue for finding in analysis.findings for cue, *_ in finding.cues]
    assert "xã" not in fired
    assert analysis.get("scope") is None
    assert analysis.get("competent-level") is None


def test_the_place_cue_xa_still_fires_on_its_own(lexicon: LexiconClassifier) -> None:
    analysis = lexicon.analyse("Người dân xã Tân Định đề nghị sửa đường")
    scope = analysis.get("scope")
    level = analysis.get("competent-level")
    assert scope is not None and scope.value == "local"
    assert ("xã", 10, 12, "") in scope.cues
    assert level is not None and level.value == "commune"
    # A cue that is a whole listed word, or covers one, fires.
    assert value(lexicon, "Nhiều tin giả trên mạng xã hội", "topic") == "social-media"
    assert value(lexicon, "Vốn vay của hợp tác xã", "topic") == "agriculture"


def test_listed_words_hide_the_cues_inside_them() -> None:
    matcher = CueMatcher(
        [
            ("xã", "place", True),
            ("mạng xã hội", "social", True),
            ("hợp tác xã", "coop", True),
            ("hội", "meeting", True),
        ],
        words=["xã hội", "hợp tác xã"],
    )

    def found(text: str) -> list[tuple[str, str]]:
        return [(m.payload, text[m.start : m.end]) for m in matcher.scan(text)]

    assert found("dư luận xã hội") == []  # the prefix and the cue inside are hidden
    assert found("trên mạng xã hội") == [("social", "mạng xã hội")]  # covers the word
    assert found("vào hợp tác xã") == [("coop", "hợp tác xã")]  # is the word
    assert found("về xã. Hội nghị") == [("place", "xã"), ("meeting", "Hội")]  # two sentences
    # A listed word is checked for diacritics as a cue is: "xã hơi" is not "xã hội".
    assert found("xã hơi") == [("place", "xã")]
    with pytest.raises(ValueError, match="two syllables"):
        CueMatcher([("xã", "place", True)], words=["xã"])


def test_a_lexicon_without_a_words_list_keeps_every_cue() -> None:
    documents = {k: v for k, v in default_lexicon().documents.items() if k != "words.json"}
    classifier = LexiconClassifier(lexicon=Lexicon.from_documents(documents))
    assert value(classifier, "Dư luận xã hội quan tâm đến giá điện", "scope") == "local"
    broken = {**documents, "words.json": {"version": "1", "words": ["xã"]}}
    with pytest.raises(FormatError, match=r"words\.json"):
        Lexicon.from_documents(broken)


def test_the_words_of_purpose_are_optional() -> None:
    documents = dict(default_lexicon().documents)
    modifiers = {k: v for k, v in documents["modifiers.json"].items() if k != "purpose"}
    lexicon = Lexicon.from_documents({**documents, "modifiers.json": modifiers})
    text = "Đề nghị công bố kết quả để người dân yên tâm"
    assert value(LexiconClassifier(lexicon=lexicon), text, "orientation") == "approve"
    broken = {**documents, "modifiers.json": {**modifiers, "purpose": "để"}}
    with pytest.raises(FormatError, match="purpose"):
        Lexicon.from_documents(broken)


def test_an_analysis_gives_findings_and_takes_them_back(lexicon: LexiconClassifier) -> None:
    text = "Bà con nông dân không đồng tình với tình trạng tín dụng đen, cho vay nặng lãi"
    analysis = lexicon.analyse(text)
    findings = analysis.findings
    assert all(type(found) is Finding for found in findings)
    topic = analysis.get("topic")
    assert topic == Finding(
        "topic", "public-security", topic.confidence if topic else 0.0,
        (("tín dụng đen", 47, 59, ""), ("cho vay nặng lãi", 61, 77, "")),
    )
    assert analysis.get("orientation") == Finding(
        "orientation", "oppose", 0.75, (("đồng tình", 22, 31, "negation: không"),)
    )
    assert analysis.get("breadth") is None
    assert analysis.values("group") == ["farmers"]
    # Built from Finding records, an analysis equals the one the classifier made.
    assert Analysis(text, findings) == analysis
    assert repr(analysis) == f"Analysis(text={text!r}, findings={findings!r})"
    (labels,) = lexicon.classify([OpinionItem(id="a", text=text)])
    assert lexicon.labels(analysis, labels[0].assigned_at) == labels


def test_the_collector_stops_tracking_what_an_analysis_keeps(lexicon: LexiconClassifier) -> None:
    # Findings are flat tuples of strings and numbers: after a collection or two the collector
    # no longer walks them, however many analyses a caller keeps.
    texts = [f"Cử tri {i} không đồng tình, đề nghị xử lý nợ lương" for i in range(50)]
    analyses = [lexicon.analyse(text) for text in texts]
    gc.collect()
    gc.collect()
    kept = [
        found
        for analysis in analyses
        for found in gc.get_referents(analysis)
        if isinstance(found, tuple)
    ]
    kept += [inner for found in kept for inner in found]
    assert len(kept) > len(analyses)
    assert not any(gc.is_tracked(found) for found in kept)
