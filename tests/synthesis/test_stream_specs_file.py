"""Stream specs read from a file of one's own, planted and scored like the shipped sets."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from dlxh.errors import FormatError
from dlxh.model.enums import Orientation
from dlxh.synthesis import group_items
from dlxh.testing.scenario import pairwise_scores, read_stream_specs, scenario

SPECS: dict[str, Any] = {
    "streams": [
        {
            "id": "den-duong-hong",
            "issue": "den-duong",
            "topic": "infrastructure",
            "orientation": "oppose",
            "templates": [
                "Đèn đường trên trục chính hỏng cả tháng chưa ai sửa",
                "Tối đến cả đoạn đường tối om vì bóng điện cháy hết",
                "Người đi làm ca đêm sợ vì không có ánh sáng công cộng",
            ],
            "groups": ["workers"],
        },
        {
            "id": "cho-tam-lan-duong",
            "issue": "cho-tam",
            "topic": "infrastructure",
            "orientation": "oppose",
            # The first written decomposed (NFD): the reader must store it NFC.
            "templates": [
                unicodedata.normalize("NFD", "Chợ tạm họp tràn ra lòng đường gây ùn tắc buổi sáng"),
                "Hàng rong bày ra giữa lối đi, xe máy phải len qua",
                "Sáng nào cũng kẹt xe trước cổng chợ vì người bán lấn chiếm",
            ],
            "rumour": False,
        },
    ]
}


def test_a_file_of_ones_own_is_read_as_the_shipped_sets_are(tmp_path: Path) -> None:
    path = tmp_path / "streams.json"
    path.write_text(json.dumps(SPECS, ensure_ascii=False), encoding="utf-8")
    specs = read_stream_specs(path)
    assert [s.id for s in specs] == ["den-duong-hong", "cho-tam-lan-duong"]
    assert specs[0].orientation is Orientation.OPPOSE
    assert specs[0].groups == ("workers",)
    assert specs[1].templates[0] == "Chợ tạm họp tràn ra lòng đường gây ùn tắc buổi sáng"
    assert read_stream_specs(str(path)) == read_stream_specs(SPECS)


def test_its_streams_are_planted_and_scored(tmp_path: Path) -> None:
    s = scenario(300, seed=1, label_rate=0.0, specs=read_stream_specs(SPECS))
    planted = {t for t in s.truth if t is not None}
    assert {"den-duong-hong", "cho-tam-lan-duong"} <= planted
    groups = [g.members for g in group_items(s.items)]
    assert sorted(i for members in groups for i in members) == list(range(len(s.items)))
    precision, _recall, f1 = pairwise_scores(s.truth, groups)
    assert 0.0 < f1 <= 1.0 and precision > 0.0


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"streams": []}, "non-empty list 'streams'"),
        ([1, 2], "non-empty list 'streams'"),
        (
            {"streams": [{"id": "a", "issue": "b", "topic": "c"}]},
            "stream a lacks orientation, templates",
        ),
        (
            {"streams": [{**SPECS["streams"][0], "orientation": "angry"}]},
            "stream den-duong-hong:",
        ),
        ({"streams": [{**SPECS["streams"][0], "templates": "one text"}]}, "non-empty list"),
        ({"streams": [SPECS["streams"][0], SPECS["streams"][0]]}, "used twice: den-duong-hong"),
    ],
)
def test_a_bad_file_says_which_stream_and_field(document: object, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        read_stream_specs(document)  # type: ignore[arg-type]


def test_a_file_that_is_not_json_says_so(tmp_path: Path) -> None:
    path = tmp_path / "streams.json"
    path.write_text("streams: no", encoding="utf-8")
    with pytest.raises(FormatError, match="not a JSON document"):
        read_stream_specs(path)
    with pytest.raises(FormatError, match="cannot read the file"):
        read_stream_specs(tmp_path / "absent.json")
