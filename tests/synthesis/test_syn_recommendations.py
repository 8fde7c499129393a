"""Recommendations: deduplicated, grouped by competent level and topic, status carried,
outstanding ones listed with their age."""

from __future__ import annotations

import datetime as dt

from dlxh.model.enums import CompetentLevel, RecommendationStatus
from dlxh.model.opinions import Recommendation
from dlxh.synthesis import digest_recommendations, synthesize

TODAY = dt.date(2026, 11, 30)


def rec(rid: str, text: str, level: str | None, topic: str | None = None, *,
        day: dt.date = dt.date(2026, 10, 5), status: str = "new",
        items: tuple[str, ...] = ()) -> Recommendation:
    return Recommendation(id=rid, text=text, competent_level=level, topic=topic, date=day,
                          status=status, item_ids=items)


CURRENT = [
    rec("a1", "Đề nghị giữ ổn định giá điện", "central", "economy", items=("i1",)),
    rec("a2", "Đề nghị giữ ổn định giá điện", "central", "economy", items=("i2",),
        day=dt.date(2026, 10, 9)),
    rec("b1", "Đề nghị sửa đường liên xã", "province", "traffic-safety"),
    rec("c1", "Đề nghị công khai danh sách hộ nghèo", "commune", "social-security"),
    rec("c2", "Đề nghị giữ ổn định giá điện", "commune", "economy"),
]


def test_duplicates_merge_within_a_competent_level() -> None:
    digest = digest_recommendations(CURRENT, scope="08")
    assert digest.raw_count == 5
    assert len(digest.current) == 4
    merged = next(r for r in digest.current if r.competent_level is CompetentLevel.CENTRAL)
    assert merged.item_ids == ("i1", "i2")
    assert merged.date == dt.date(2026, 10, 5)
    assert dict(digest.merged_from)[merged.id] == ("a1", "a2")
    # The same text for another level is another recommendation.
    assert sum(r.text == "Đề nghị giữ ổn định giá điện" for r in digest.current) == 2


def test_grouped_by_level_then_topic() -> None:
    digest = digest_recommendations(CURRENT)
    assert [(g.level, g.topic) for g in digest.groups] == [
        (CompetentLevel.CENTRAL, "economy"),
        (CompetentLevel.PROVINCE, "traffic-safety"),
        (CompetentLevel.COMMUNE, "economy"),
        (CompetentLevel.COMMUNE, "social-security"),
    ]


def test_status_is_carried_and_unanswered_ones_listed_with_age() -> None:
    earlier = [
        rec("old-1", "Đề nghị giữ ổn định giá điện", "central", "economy",
            day=dt.date(2026, 7, 1), status="forwarded"),
        rec("old-2", "Đề nghị lắp đèn đường thôn Đông", "commune", "other",
            day=dt.date(2026, 8, 2), status="in_progress"),
        rec("old-3", "Đề nghị nạo vét kênh", "commune", "agriculture",
            day=dt.date(2026, 6, 1), status="resolved"),
    ]
    digest = digest_recommendations(CURRENT, earlier)
    carried = next(r for r in digest.current if r.competent_level is CompetentLevel.CENTRAL)
    assert carried.id == "old-1"
    assert carried.status is RecommendationStatus.FORWARDED
    assert carried.date == dt.date(2026, 7, 1)
    assert [r.id for r in digest.outstanding] == ["old-2"]

    syn = synthesize(CURRENT, unit="08", period="2026-10", previous_recommendations=earlier,
                     today=TODAY)
    assert [r.id for r in syn.outstanding] == ["old-2"]
    section = syn.report.sections[3]
    assert section.title == "Kiến nghị, đề xuất"
    lines = section.subsections[0].paragraphs
    # 2 August to 31 October 2026: 90 days.
    assert lines == ("Đề nghị lắp đèn đường thôn Đông (Xã; đang giải quyết; đã 90 ngày, "
                     "từ ngày 02/08/2026).",)
    table = next(t for t in syn.tables if t.title.startswith("Kiến nghị từ các kỳ trước"))
    assert table.rows[0][-1] == 90
    assert {r.id for r in syn.tracked_recommendations} >= {"old-1", "old-2"}


def test_recommendations_of_a_lower_synthesis_roll_up() -> None:
    commune = synthesize(CURRENT[3:], unit="00691", period="2026-10", today=TODAY)
    assert len(commune.recommendations) == 2
    province = synthesize([commune, CURRENT[:2]], unit="08", period="2026-10", today=TODAY)
    assert len(province.recommendations) == 3
    ids = tuple(sorted(r.id for r in province.recommendations))
    assert province.report.recommendation_ids == ids


def test_next_period_carries_this_period_forward() -> None:
    october = synthesize(CURRENT, unit="08", period="2026-10", today=TODAY)
    answered = [r if r.competent_level is not CompetentLevel.PROVINCE
                else Recommendation(id=r.id, text=r.text, competent_level=r.competent_level,
                                    topic=r.topic, date=r.date, status="answered")
                for r in october.tracked_recommendations]
    november = synthesize([], unit="08", period="2026-11", previous_recommendations=answered,
                          today=TODAY)
    assert {r.text for r in november.outstanding} == {
        "Đề nghị giữ ổn định giá điện", "Đề nghị công khai danh sách hộ nghèo"}
    assert len(november.outstanding) == 3
