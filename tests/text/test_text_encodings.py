"""Legacy encodings: conversion over the whole alphabet, detection, and no false alarms."""

from __future__ import annotations

import random
import unicodedata

import pytest

from dlxh.errors import Severity
from dlxh.text.encodings import (
    ENCODINGS,
    convert_legacy,
    decode_legacy_bytes,
    detect_encoding,
    from_unicode,
    to_unicode,
)
from dlxh.text.vietnamese import VOWELS, is_syllable

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
BASE_VOWELS = "aăâeêioôơuưy"
ALL_VOWELS = [unicodedata.normalize("NFC", v + t) for v in BASE_VOWELS for t in TONES]
CONSONANTS = "bcdđghklmnpqrstvx"


def test_alphabet_has_72_vowels() -> None:
    assert len(ALL_VOWELS) == 72
    assert set(ALL_VOWELS) == VOWELS


def _contexts(letter: str, encoding: str, case: str) -> list[str]:
    """Where each letter is tried: alone, inside, starting and ending a word, and before a
    lower-case word (where VIQR reads "?" and "." as tones). Consonants start a syllable."""
    if letter in CONSONANTS:
        texts = [letter, f"{letter}a", f"{letter}a ba", f"ba {letter}a"]
    elif case == "upper":
        # Upper-case VIQR "?" and "." read as tones inside a word; TCVN capitals on CP1252
        # punctuation positions are converted inside a word (see the module documentation).
        texts = [f"b{letter}n", f"x{letter}n ba"]
        if encoding not in ("viqr", "tcvn3"):
            texts += [letter, f"{letter}n", f"b{letter}"]
    else:
        texts = [letter, f"b{letter}n", f"{letter}n", f"x{letter} ba", f"ba x{letter}, ba"]
    return [t.upper() if case == "upper" else t for t in texts]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("case", ["lower", "upper"])
def test_whole_alphabet_round_trips(encoding: str, case: str) -> None:
    letters = [*ALL_VOWELS, *CONSONANTS]
    failures = []
    for letter in letters:
        for text in _contexts(letter, encoding, case):
            legacy = from_unicode(text, encoding)  # type: ignore[arg-type]
            if to_unicode(legacy, encoding) != text:  # type: ignore[arg-type]
                failures.append((text, legacy, to_unicode(legacy, encoding)))  # type: ignore[arg-type]
    assert failures == []


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_letter_has_its_own_spelling(encoding: str) -> None:
    letters = [*ALL_VOWELS, "đ"]
    letters += [letter.upper() for letter in letters]
    spellings = {from_unicode(letter, encoding) for letter in letters}  # type: ignore[arg-type]
    assert len(spellings) == len(letters) == 146
    # Letters outside Latin-1 never keep their Unicode spelling.
    for letter in letters:
        if ord(letter) > 0xFF:
            assert from_unicode(letter, encoding) != letter, letter  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("legacy", "encoding", "unicode"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", "Độc lập - Tự do - Hạnh phúc"),
        ("Uû ban nh©n d©n tØnh", "tcvn3", "Uỷ ban nhân dân tỉnh"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Thaønh phoá Hoà Chí Minh", "vni", "Thành phố Hồ Chí Minh"),
        ("Ñaø Naüng", "vni", "Đà Nẵng"),
        ("Vie^.t Nam", "viqr", "Việt Nam"),
        ("DDa` Na(~ng", "viqr", "Đà Nẵng"),
        ("ngu+o+`i da^n", "viqr", "người dân"),
        ("Ha` No^.i\\.", "viqr", "Hà Nội."),
        ("Vi\u00ea\u00f2t", "cp1258", "Việt"),
    ],
)
def test_known_strings(legacy: str, encoding: str, unicode: str) -> None:
    assert to_unicode(legacy, encoding) == unicode  # type: ignore[arg-type]


def test_viqr_punctuation_is_not_a_tone_at_sentence_end() -> None:
    assert to_unicode("To^i ye^u Vie^.t Nam. Ba.n kho^ng?", "viqr") == (
        "Tôi yêu Việt Nam. Bạn không?"
    )
    assert to_unicode("Tu+. do, ha.nh phu'c", "viqr") == "Tự do, hạnh phúc"


# --- generated sentences -----------------------------------------------------------------------

VIETNAMESE_WORDS_TEXT = (
    "người dân phấn khởi tin tưởng vào đường lối đổi mới của Đảng nhà nước bày tỏ lo lắng "
    "về giá cả thị trường xăng dầu tăng cao ảnh hưởng đến đời sống công nhân lao động nông "
    "dân đề nghị cấp ủy chính quyền quan tâm giải quyết kịp thời kiến nghị cử tri đất đai "
    "quy hoạch thu hồi bồi thường giải phóng mặt bằng dự án an ninh trật tự tai nạn giao "
    "thông ma túy tín dụng đen lừa đảo trên mạng xã hội học sinh sinh viên thanh niên phụ "
    "nữ cựu chiến binh hưu trí đồng bào dân tộc thiểu số tôn giáo y tế bảo hiểm giáo dục "
    "sắp xếp bộ máy tinh gọn hiệu quả thủ tục hành chính thái độ phục vụ của cán bộ công "
    "chức tham nhũng tiêu cực biển đảo chủ quyền thiên tai bão lũ sạt lở môi trường ô "
    "nhiễm nước sạch việc làm thu nhập ổn định hòa khỏe thủy quý quả giúp hoàng thuyền "
    "khoảng ủy ban mặt trận tổ quốc Việt Nam"
)
VIETNAMESE_WORDS = VIETNAMESE_WORDS_TEXT.split()
ENGLISH_WORDS_TEXT = (
    "the committee met on Tuesday to discuss new budget proposal people are worried about "
    "rising prices of fuel and food while farmers expect better harvest this year report "
    "says that most residents support reform although some remain uneasy about land policy "
    "government should respond quickly to citizens' petitions I'm you're it's don't we'll "
    "café résumé naïve façade coöperate © 2026 ® ™ “quoted” ‘single’ – — … 10% $5 € email "
    "https://example.org user@example.com a.m. p.m. e.g. i.e. U.S. O'Brien rock'n'roll"
)
ENGLISH_WORDS = ENGLISH_WORDS_TEXT.split()


def _sentences(words: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(1, 14)))
        if rng.random() < 0.5:
            sentence = sentence[:1].upper() + sentence[1:]
        out.append(sentence + rng.choice(["", ".", "?", "!", ",", ";"]))
    return out


def test_detector_leaves_unicode_vietnamese_alone() -> None:
    sentences = _sentences(VIETNAMESE_WORDS, 2500, seed=1)
    flagged = [s for s in sentences if detect_encoding(s)[0] != "unicode"]
    assert flagged == []
    assert all(to_unicode(s) == s for s in sentences[:500])


def test_detector_leaves_english_alone() -> None:
    sentences = _sentences(ENGLISH_WORDS, 2500, seed=2)
    flagged = [s for s in sentences if detect_encoding(s)[0] != "unicode"]
    assert flagged == []


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detector_finds_legacy_sentences(encoding: str) -> None:
    # Sentences with three marked words or more; shorter ones are too ambiguous to be sure of.
    # Lower case inside the sentence: VIQR reads "?" and "." before a capital as punctuation.
    rng = random.Random(3)
    missed = []
    lower_words = [w.lower() for w in VIETNAMESE_WORDS]
    marked_words = [w for w in lower_words if any(ord(c) > 0xFF for c in w)]
    for _ in range(300):
        words = [rng.choice(lower_words) for _ in range(rng.randint(1, 10))]
        words += rng.sample(marked_words, 3)
        rng.shuffle(words)
        sentence = " ".join(words) + "."
        sentence = sentence[:1].upper() + sentence[1:]
        legacy = from_unicode(sentence, encoding)  # type: ignore[arg-type]
        name, confidence = detect_encoding(legacy)
        if name != encoding or to_unicode(legacy) != sentence:
            missed.append((sentence, legacy, name, confidence))
    assert missed == []


def test_convert_legacy_records_an_info_problem() -> None:
    text, problem = convert_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam", location="Sheet1!B2")
    assert text == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert problem is not None
    assert problem.code == "legacy-encoding-converted"
    assert problem.severity is Severity.INFO
    assert "tcvn3" in problem.message
    assert problem.location == "Sheet1!B2"
    assert convert_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam") == (
        "Cộng hòa xã hội chủ nghĩa Việt Nam", None)


def test_decode_legacy_bytes() -> None:
    unicode = "Người dân phấn khởi, tin tưởng vào đường lối đổi mới"
    assert decode_legacy_bytes(unicode.encode("utf-8")) == (unicode, "utf-8")
    assert decode_legacy_bytes(b"\xef\xbb\xbf" + unicode.encode("utf-8")) == (unicode, "utf-8")
    tcvn3 = from_unicode(unicode, "tcvn3").encode("cp1252")
    assert decode_legacy_bytes(tcvn3) == (unicode, "tcvn3")
    vni = from_unicode(unicode, "vni").encode("cp1252")
    assert decode_legacy_bytes(vni) == (unicode, "vni")
    cp1258 = unicode.encode("cp1258", errors="ignore")  # Python's own codec writes the file
    nfd_cp1258 = unicodedata.normalize("NFD", unicode)
    data = from_unicode(nfd_cp1258, "cp1258").encode("cp1252")
    assert decode_legacy_bytes(data) == (unicode, "cp1258")
    assert isinstance(cp1258, bytes)
    assert decode_legacy_bytes("naïve café".encode("cp1252")) == ("naïve café", "cp1252")


def test_is_syllable() -> None:
    for word in ("Việt", "NGHIÊNG", "quý", "người", "giữa", "khuya", "thuyền", "hoà", "hòa"):
        assert is_syllable(word), word
    for word in ("ViÖt", "café", "vỔ", "Coọng", "fine", "ă", "hoàx", ""):
        assert not is_syllable(word), word
