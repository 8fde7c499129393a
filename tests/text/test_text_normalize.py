"""normalize and fold: behaviour on Vietnamese text and properties over arbitrary strings."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh.text import fold, ngrams, normalize, shingles, syllables, tokens
from dlxh.text.normalization import fold_parts

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụ"
    "ưừứửữựvxyỳýỷỹỵ"
)
vietnamese_text = st.text(
    alphabet=st.sampled_from(
        VIETNAMESE_LETTERS
        + VIETNAMESE_LETTERS.upper()
        + " \t\n,.-/'\u200b\u00a0\u0300\u0301\u0302\u0323"
    ),
    max_size=60,
)
any_text = st.text(max_size=40)


@pytest.mark.parametrize(
    ("written", "new", "old"),
    [
        ("Hoà Bình", "Hòa Bình", "Hoà Bình"),
        ("Hòa Bình", "Hòa Bình", "Hoà Bình"),
        ("THUỶ NGUYÊN", "THỦY NGUYÊN", "THUỶ NGUYÊN"),
        ("sức khoẻ", "sức khỏe", "sức khoẻ"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân", "Uỷ ban nhân dân"),
        ("toà án", "tòa án", "toà án"),
        ("loé sáng", "lóe sáng", "loé sáng"),
        ("hoạ sĩ", "họa sĩ", "hoạ sĩ"),
        # A final consonant: same in both styles.
        ("hoàng", "hoàng", "hoàng"),
        ("khoảng", "khoảng", "khoảng"),
        ("thuyền", "thuyền", "thuyền"),
        ("huýt sáo", "huýt sáo", "huýt sáo"),
        # "qu" and "gi" are initials: the vowel after them carries the tone.
        ("quý", "quý", "quý"),
        ("quả", "quả", "quả"),
        ("Quỳnh", "Quỳnh", "Quỳnh"),
        ("giúp", "giúp", "giúp"),
        # Three vowels: the middle one, in both styles.
        ("ngoài", "ngoài", "ngoài"),
        ("khuỷu", "khuỷu", "khuỷu"),
        # Not a Vietnamese syllable: untouched.
        ("Hoàx", "Hoàx", "Hoàx"),
    ],
)
def test_tone_styles(written: str, new: str, old: str) -> None:
    assert normalize(written) == new
    assert normalize(written, tone_style="new") == new
    assert normalize(written, tone_style="old") == old
    assert normalize(written, tone_style="keep") == written


def test_rejects_unknown_tone_style() -> None:
    with pytest.raises(ValueError, match="tone_style"):
        normalize("x", tone_style="modern")  # type: ignore[arg-type]


def test_decomposed_input_is_composed() -> None:
    nfd = unicodedata.normalize("NFD", "Nghệ An, Thừa Thiên Huế")
    assert nfd != "Nghệ An, Thừa Thiên Huế"
    assert normalize(nfd) == "Nghệ An, Thừa Thiên Huế"


def test_tone_typed_before_modifier_is_composed() -> None:
    # "ấ" typed as a + acute + circumflex (both combining class 230): NFC alone keeps it apart.
    typed = "ca\u0301\u0302p"
    assert unicodedata.normalize("NFC", typed) != "cấp"
    assert normalize(typed) == "cấp"


def test_whitespace_and_invisible_characters() -> None:
    text = "\ufeff  Xã\u00a0Tân\u200bĐịnh\t\t(mới) \r\n\r\n\r\n  dòng  hai \u00ad"
    assert normalize(text) == "Xã TânĐịnh (mới)\n\ndòng hai"


def test_eth_lookalike_becomes_d_with_stroke() -> None:
    assert normalize("Ðà Nẵng") == "Đà Nẵng"
    assert fold("Ðà Nẵng") == "da nang"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Thành phố Hồ Chí Minh", "thanh pho ho chi minh"),
        ("THÀNH PHỐ  HỒ CHÍ MINH", "thanh pho ho chi minh"),
        ("Bà Rịa - Vũng Tàu", "ba ria vung tau"),
        ("Đắk Lắk", "dak lak"),
        ("Ea H'Leo", "ea hleo"),
        ("Ea H’Leo", "ea hleo"),
        ("P.Tân Định, Q.1", "p tan dinh q 1"),
        ("Khánh Hoà", "khanh hoa"),
        ("Khánh Hòa", "khanh hoa"),
        ("ＡＢＣ １２", "abc 12"),
        ("ﬁnance", "finance"),
        ("", ""),
        ("  \u200b ", ""),
    ],
)
def test_fold_examples(text: str, key: str) -> None:
    assert fold(text) == key


def test_fold_of_every_vietnamese_letter_is_ascii_base() -> None:
    for letter in VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper():
        folded = fold(letter)
        assert folded.isascii(), letter
        assert len(folded) == 1, letter
        expected = "d" if letter in "đĐ" else unicodedata.normalize("NFD", letter)[0].lower()
        assert folded == expected


@settings(max_examples=400)
@given(vietnamese_text)
def test_normalize_idempotent_vietnamese(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    old = normalize(text, tone_style="old")
    assert normalize(old, tone_style="old") == old


@settings(max_examples=400)
@given(any_text)
def test_normalize_idempotent_any(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=400)
@given(st.one_of(any_text, vietnamese_text))
def test_fold_idempotent_and_consistent_with_normalize(text: str) -> None:
    key = fold(text)
    assert fold(key) == key
    assert fold(normalize(text)) == key
    assert fold(normalize(text, tone_style="old")) == key


@given(vietnamese_text)
def test_tone_styles_round_trip(text: str) -> None:
    new = normalize(text)
    assert normalize(normalize(new, tone_style="old")) == new


def test_syllables_and_tokens() -> None:
    assert syllables("Ủy ban MTTQ xã Tân Định, 2026") == [
        "Ủy", "ban", "MTTQ", "xã", "Tân", "Định", "2026",
    ]  # fmt: skip
    assert syllables("Ủy Ban", lower=True) == ["ủy", "ban"]
    nfd = unicodedata.normalize("NFD", "Định")
    assert syllables(nfd) == [nfd]
    assert tokens("Ủy ban MTTQ xã Tân Định") == ["uy", "ban", "mttq", "xa", "tan", "dinh"]


def test_ngrams_and_shingles() -> None:
    seq = ["gia", "xăng", "tăng", "cao"]
    assert ngrams(seq, 2) == [("gia", "xăng"), ("xăng", "tăng"), ("tăng", "cao")]
    assert ngrams(seq, 1) == [("gia",), ("xăng",), ("tăng",), ("cao",)]
    assert ngrams(seq, 5) == []
    assert shingles("Giá xăng tăng cao", 3) == frozenset({"gia xang tang", "xang tang cao"})
    assert shingles("Giá xăng", 3) == frozenset({"gia xang"})
    assert shingles("", 2) == frozenset()
    with pytest.raises(ValueError, match="at least 1"):
        ngrams(seq, 0)


@settings(max_examples=400)
@given(st.lists(st.one_of(any_text, vietnamese_text), min_size=1, max_size=4))
def test_fold_parts_gives_the_words_of_each_part_folded(parts: list[str]) -> None:
    # Parts without the separators (or the marker word) in them, joined by the separators.
    parts = [p.translate(str.maketrans("", "", ",;\n")) for p in parts]
    parts = [p for p in parts if "qqq" not in fold(p)]
    text = ";".join(parts)
    expected = [fold(p).split() for p in parts] if parts else [[]]
    assert [p.split() for p in fold_parts(text, ",;\n")] == expected
    assert [p.split() for p in fold_parts("P. Bến Nghé, Q.1", ",")] == [
        ["p", "ben", "nghe"],
        ["q", "1"],
    ]
