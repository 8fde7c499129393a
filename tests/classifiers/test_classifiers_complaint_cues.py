"""Complaints and plain praise are read for their orientation, not only stance words."""

from __future__ import annotations

import pytest

from dlxh.classifiers import LexiconClassifier


@pytest.fixture(scope="module")
def lexicon() -> LexiconClassifier:
    return LexiconClassifier(dimensions=("orientation",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bà con phàn nàn thủ tục cấp sổ đỏ rườm rà, hồ sơ nộp đã quá hẹn", "oppose"),
        ("Công nhân bị nợ lương hai tháng, doanh nghiệp chưa được chi trả bảo hiểm", "oppose"),
        ("Danh sách hỗ trợ không công khai, dân không phục", "oppose"),
        ("Con duong vao thon hu hong, nhieu o ga, mua xuong lay loi", "oppose"),
        ("Nhà văn hóa thôn mới xây khang trang, sạch sẽ, bà con đồng ý góp công", "approve"),
        ("Cán bộ một cửa tận tình, giải quyết hồ sơ nhanh chóng", "approve"),
        ("Phụ huynh lo âu vì con dễ bị lừa qua mạng", "uneasy"),
        ("Người dân không đồng ý phương án đền bù", "oppose"),
    ],
)
def test_complaints_praise_and_worry_are_read(
    lexicon: LexiconClassifier, text: str, expected: str
) -> None:
    found = lexicon.analyse(text).get("orientation")
    assert found is not None
    assert found.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "Cử tri đề nghị xây sân chơi cho thiếu nhi ở thôn",
        "Cử tri đề nghị công khai quy trình giải quyết đơn thư khiếu nại, tố cáo",
    ],
)
def test_words_that_only_look_like_complaints_say_nothing(
    lexicon: LexiconClassifier, text: str
) -> None:
    found = lexicon.analyse(text).get("orientation")
    assert found is None or found.value == "unclear"
