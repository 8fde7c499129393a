"""Hot issues and trends: growth normalised by reporting volume, new and fading issues,
intensity."""

from __future__ import annotations

import datetime as dt

import pytest

from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis import IssueHeat, Trend, synthesize
from dlxh.units import catalog

TODAY = dt.date(2026, 11, 30)
COMMUNES = [u.code for u in catalog(dt.date(2026, 10, 31)).children("08")[:10]]
TEXT = {
    "economy": "Giá cả hàng hóa tăng",
    "health": "Thủ tục khám bảo hiểm y tế rườm rà",
    "education": "Các khoản thu đầu năm học nhiều",
    "land": "Bồi thường giải phóng mặt bằng chậm",
}


def batch(prefix: str, month: int, counts: dict[str, int],
          moods: dict[str, str] | None = None) -> list[OpinionItem]:
    out = []
    for topic, count in counts.items():
        mood = (moods or {}).get(topic)
        for k in range(count):
            labels = [Label("topic", topic), Label("orientation", "oppose")]
            if mood:
                labels.append(Label("mood", mood))
            out.append(OpinionItem(
                id=f"{prefix}-{topic}-{k}", text=TEXT[topic], unit=COMMUNES[k % 10],
                date=dt.date(2026, month, 12), labels=tuple(labels)))
    return out


SEPTEMBER = batch("t9", 9, {"economy": 60, "health": 30, "education": 30})
# Twice the reports in October: economy doubles in count but keeps its share.
OCTOBER = batch("t10", 10, {"economy": 120, "health": 90, "land": 30})


@pytest.fixture(scope="module", params=["mixed", "separate"])
def issues(request: pytest.FixtureRequest) -> dict[str, IssueHeat]:
    if request.param == "mixed":
        syn = synthesize([SEPTEMBER, OCTOBER], unit="08", period="2026-10", today=TODAY)
    else:
        syn = synthesize(OCTOBER, unit="08", period="2026-10", previous=SEPTEMBER, today=TODAY)
    assert syn.previous_items == 120
    return {h.key: h for h in syn.issues}


def test_growth_is_normalised_by_volume(issues: dict[str, IssueHeat]) -> None:
    economy = issues["economy"]
    assert economy.items == 120 and economy.previous_items == 60
    assert economy.trend is Trend.STABLE
    assert economy.ratio == pytest.approx(1.0)


def test_rising_new_and_fading_are_flagged(issues: dict[str, IssueHeat]) -> None:
    health = issues["health"]
    assert health.trend is Trend.RISING
    assert health.ratio == pytest.approx((90 / 240) / (30 / 120))
    assert issues["land"].trend is Trend.NEW
    education = issues["education"]
    assert education.trend is Trend.FADING
    assert education.items == 0


def test_fewer_reports_with_a_bigger_share_is_rising() -> None:
    before = batch("a", 9, {"economy": 45, "health": 15})
    now = batch("b", 10, {"economy": 15, "health": 15})  # total fell from 60 to 30
    syn = synthesize([before, now], unit="08", period="2026-10", today=TODAY)
    trends = {h.key: h.trend for h in syn.issues}
    assert trends == {"health": Trend.RISING, "economy": Trend.FADING}


def test_a_move_within_chance_is_stable() -> None:
    before = batch("a", 9, {"economy": 6, "health": 4})
    now = batch("b", 10, {"economy": 5, "health": 5})  # 40% -> 50%: within chance
    syn = synthesize([before, now], unit="08", period="2026-10", today=TODAY)
    assert {h.trend for h in syn.issues} == {Trend.STABLE}


def test_stream_trends_follow_their_items() -> None:
    syn = synthesize([SEPTEMBER, OCTOBER], unit="08", period="2026-10", today=TODAY)
    moved = {m.statement: (m.trend, m.items, m.previous_items) for m in syn.stream_trends}
    assert moved[TEXT["health"]] == (Trend.RISING, 90, 30)
    assert moved[TEXT["economy"]] == (Trend.STABLE, 120, 60)
    assert moved[TEXT["land"]] == (Trend.NEW, 30, 0)
    assert moved[TEXT["education"]] == (Trend.FADING, 0, 30)
    gone = next(m for m in syn.stream_trends if m.statement == TEXT["education"])
    assert gone.stream_id is None


def test_no_previous_data_means_unknown_trend() -> None:
    syn = synthesize(OCTOBER, unit="08", period="2026-10", today=TODAY)
    assert syn.previous_items is None
    assert {h.trend for h in syn.issues} == {Trend.UNKNOWN}


def test_intensity_ranks_an_issue_higher() -> None:
    items = batch("c", 10, {"economy": 6, "health": 6}, moods={"health": "frustrated"})
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY)
    assert [h.key for h in syn.issues] == ["health", "economy"]
    assert syn.issues[0].intensity == 1.0
    assert syn.issues[1].intensity == 0.0
    pressing = syn.report.sections[2].paragraphs
    assert pressing[0].startswith("1. Y tế, bảo hiểm y tế")


def test_spread_ranks_an_issue_higher() -> None:
    wide = [OpinionItem(id=f"w{k}", text="Giá cả tăng", unit=COMMUNES[k],
                        date=dt.date(2026, 10, 2), labels=(Label("topic", "economy"),))
            for k in range(6)]
    narrow = [OpinionItem(id=f"n{k}", text="Học phí tăng", unit=COMMUNES[0],
                          date=dt.date(2026, 10, 2), labels=(Label("topic", "education"),))
              for k in range(6)]
    syn = synthesize([wide, narrow], unit="08", period="2026-10", today=TODAY)
    assert [h.key for h in syn.issues] == ["economy", "education"]
    assert syn.issues[0].units == 6 and syn.issues[1].units == 1


def test_watch_section_names_rising_and_new_issues() -> None:
    syn = synthesize([SEPTEMBER, OCTOBER], unit="08", period="2026-10", today=TODAY)
    watch = " ".join(syn.report.sections[4].paragraphs)
    assert "Y tế, bảo hiểm y tế (tăng)" in watch
    assert "Đất đai" in watch and "(mới xuất hiện)" in watch
