"""Sample reports, streams and items for the exporter tests (Vietnamese written for them).

A plain module, not a conftest: ``tests/conftest.py`` already owns that module name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dlxh.model.enums import (
    Breadth,
    CompetentLevel,
    Mood,
    Orientation,
    ReportKind,
)
from dlxh.model.opinions import Label, OpinionItem, OpinionStream, Recommendation
from dlxh.model.periods import Period
from dlxh.model.reports import Report, Section
from dlxh.model.sources import SourceRef

ISSUED = dt.date(2026, 11, 5)


def ids(*values: str) -> Any:
    """Ids for ``Section`` (its ``converter=tuple`` fields confuse mypy)."""
    return values


def make_items() -> list[OpinionItem]:
    texts = [
        ("Người dân phấn khởi vì đường liên xã đã được trải nhựa, đi lại thuận tiện hơn.",
         "giao-thong", "approve", "Xã Tân Hòa", "26734"),
        ("Nhiều hộ lo lắng giá phân bón tăng cao trong khi giá lúa giảm; "
         "liên hệ ông Ba qua số 0912 345 678.",
         "kinh-te", "uneasy", "Xã Tân Hòa", "26734"),
        ("Bà con phản đối việc chậm chi trả tiền bồi thường giải phóng mặt bằng dự án khu "
         "công nghiệp.", "dat-dai", "oppose", "Phường Đông Hải", "26740"),
        ("Phụ huynh băn khoăn về các khoản thu đầu năm học ở trường tiểu học.",
         "giao-duc", "uneasy", "Phường Đông Hải", "26740"),
    ]
    items = []
    for index, (text, topic, orientation, place, unit) in enumerate(texts, 1):
        items.append(
            OpinionItem(
                id=f"item-{index:03d}",
                text=text,
                date=dt.date(2026, 10, index * 3),
                unit=unit,
                place_text=place,
                reporter_id=f"ctv-{index:02d}",
                groups=("nong-dan",) if index % 2 else ("cong-nhan",),
                reasons=("Giá vật tư tăng",) if index == 2 else (),
                breadth=Breadth.MANY_OPINIONS if index == 3 else None,
                labels=(
                    Label("topic", topic, confidence=0.9, classifier="keyword",
                          classifier_version="1.0"),
                    Label("orientation", orientation, classifier="human", review="confirmed"),
                    *((Label("mood", str(Mood.WORRIED)),) if index == 2 else ()),
                ),
                source=SourceRef("bao-cao-xa.xlsx", location=f"Sheet1!B{index + 1}"),
            )
        )
    return items


def make_streams() -> list[OpinionStream]:
    return [
        OpinionStream(
            id="stream-gia-vat-tu",
            statement="Lo lắng giá phân bón, vật tư nông nghiệp tăng cao, giá nông sản giảm",
            item_ids=("item-002", "item-005"),
            topic="kinh-te",
            orientations=((Orientation.UNEASY, 2),),
            moods=((Mood.WORRIED, 2),),
            groups=("Nông dân",),
            places=("Xã Tân Hòa", "Xã Phú Lộc"),
            reasons=("Chi phí sản xuất tăng, thu nhập giảm",),
            unit_count=2,
            breadth=Breadth.LARGE_NUMBER,
        ),
        OpinionStream(
            id="stream-boi-thuong",
            statement="Phản đối việc chậm chi trả tiền bồi thường giải phóng mặt bằng",
            item_ids=("item-003",),
            topic="dat-dai",
            orientations=((Orientation.OPPOSE, 1),),
            groups=("Nông dân", "Công nhân, người lao động"),
            places=("Phường Đông Hải",),
            unit_count=1,
            breadth=Breadth.PART,
        ),
        OpinionStream(
            id="stream-duong",
            statement="Đồng tình với việc trải nhựa đường liên xã",
            item_ids=("item-001",),
            topic="giao-thong",
            orientations=((Orientation.APPROVE, 1),),
            places=("Xã Tân Hòa",),
            unit_count=1,
            breadth=Breadth.MAJORITY,
        ),
    ]


def make_recommendations() -> list[Recommendation]:
    return [
        Recommendation(
            id="rec-1",
            text="Đề nghị tỉnh có biện pháp bình ổn giá phân bón, hỗ trợ nông dân.",
            competent_level=CompetentLevel.PROVINCE,
            body="Sở Nông nghiệp và Môi trường",
        ),
        Recommendation(
            id="rec-2",
            text="Đề nghị Ủy ban nhân dân phường sớm chi trả tiền bồi thường cho các hộ dân.",
            competent_level=CompetentLevel.COMMUNE,
        ),
    ]


def make_report(**changes: object) -> Report:
    values: dict[str, object] = {
        "id": "report-2026-10",
        "kind": ReportKind.OPINION_SITUATION,
        "title": "Báo cáo tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026",
        "summary": "Tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026",
        "period": Period.month(2026, 10),
        "issuer_parent": "Ủy ban nhân dân thành phố Hà Nội",
        "issuer": "Ủy ban nhân dân phường Ba Đình",
        "number": "15/BC-UBND",
        "place": "Hà Nội",
        "issued_on": ISSUED,
        "sections": (
            Section(
                "Tình hình tư tưởng, tâm trạng chung",
                paragraphs=(
                    "Trong tháng, tình hình tư tưởng của cán bộ, đảng viên và Nhân dân trên địa "
                    "bàn cơ bản ổn định; Nhân dân tin tưởng vào sự lãnh đạo của Đảng, chính quyền.",
                ),
            ),
            Section(
                "Những vấn đề Nhân dân quan tâm",
                subsections=(
                    Section("Về kinh tế, giá cả", stream_ids=ids("stream-gia-vat-tu")),
                    Section("Về đất đai, giải phóng mặt bằng",
                            stream_ids=ids("stream-boi-thuong"), item_ids=ids("item-003")),
                ),
            ),
            Section("Kiến nghị, đề xuất"),
            Section(
                "Định hướng nắm bắt kỳ tới",
                paragraphs=("Tiếp tục theo dõi dư luận về giá cả và tiến độ bồi thường.",),
            ),
        ),
        "recipients": (
            "Ban Thường trực Ủy ban MTTQ Việt Nam thành phố",
            "Thường trực Đảng ủy phường",
        ),
        "signer_title": "TM. Ủy ban nhân dân\nChủ tịch",
        "signer_name": "Nguyễn Văn An",
    }
    values.update(changes)
    return Report(**values)  # type: ignore[arg-type]
