"""Roll-up: each item counted once, any level to a higher one, old units on the new tree."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh.batch import ImportBatch
from dlxh.errors import UnknownPeriodError, UnknownUnitError
from dlxh.model.enums import ReportKind
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.periods import Period
from dlxh.model.reports import Report
from dlxh.synthesis import Synthesis, synthesize
from dlxh.units import catalog

OCT = dt.date(2026, 10, 10)
TODAY = dt.date(2026, 11, 30)


def item(n: int, text: str, unit: str | None, *, topic: str = "economy",
         orientation: str = "oppose", day: dt.date = OCT, report_id: str | None = None
         ) -> OpinionItem:
    return OpinionItem(id=f"it-{n}", text=text, unit=unit, date=day, report_id=report_id,
                       labels=(Label("topic", topic), Label("orientation", orientation)))


@pytest.fixture(scope="module")
def communes() -> list[str]:
    return [u.code for u in catalog(dt.date(2026, 10, 31)).children("08")[:4]]


def test_items_sent_directly_and_inside_a_commune_synthesis_count_once(
    communes: list[str],
) -> None:
    commune = communes[0]
    commune_items = [item(i, "Giá điện tăng cao", commune) for i in range(5)]
    other = [item(10 + i, "Giá điện tăng cao", communes[1]) for i in range(3)]
    lower = synthesize(commune_items, unit=commune, period="2026-10", today=TODAY)
    assert isinstance(lower, Synthesis)
    # Two of the commune's items also reach the province directly.
    direct = [*other, commune_items[0], commune_items[1]]
    syn = synthesize([direct, lower], unit="08", period="2026-10", today=TODAY)
    assert len(syn.items) == 8
    ids = [i for s in syn.streams for i in s.item_ids]
    assert sorted(ids) == sorted({*(i.id for i in commune_items), *(i.id for i in other)})
    assert len(ids) == len(set(ids))
    assert sum(s.item_count for s in syn.streams) == 8
    assert any(p.code == "item-counted-once" for p in syn.problems)


def test_a_lower_report_with_item_ids_and_the_same_items_directly(communes: list[str]) -> None:
    items = [item(i, "Đồng tình với chủ trương sáp nhập", communes[i % 2],
                  orientation="approve", report_id="bc-xa") for i in range(6)]
    report = Report(id="bc-xa", kind=ReportKind.SYNTHESIS, title="Báo cáo tổng hợp của xã",
                    period=Period.month(2026, 10), unit=communes[0],
                    item_ids=tuple(i.id for i in items))
    batch = ImportBatch(items=list(items), reports=[report])
    syn = synthesize([batch, items, items[:3]], unit="08", period="2026-10", today=TODAY)
    assert len(syn.items) == 6
    assert syn.streams[0].item_count == 6


def test_report_listing_items_not_given_is_reported(communes: list[str]) -> None:
    report = Report(id="bc-thieu", kind=ReportKind.PERIODIC, title="Báo cáo tháng",
                    period=Period.month(2026, 10), unit=communes[0], item_ids=("x-1", "x-2"))
    syn = synthesize([report, item(1, "Giá điện tăng", communes[0])], unit="08",
                     period="2026-10", today=TODAY)
    assert [p.code for p in syn.problems if p.code == "report-items-missing"] == [
        "report-items-missing"]


def test_superseded_revision_is_replaced_with_its_items(communes: list[str]) -> None:
    old = Report(id="bc-1", kind=ReportKind.PERIODIC, title="Báo cáo", revision=1,
                 period=Period.month(2026, 10), unit=communes[0])
    new = Report(id="bc-2", kind=ReportKind.PERIODIC, title="Báo cáo (sửa)", revision=2,
                 supersedes="bc-1", period=Period.month(2026, 10), unit=communes[0])
    items = [item(1, "Giá điện tăng", communes[0], report_id="bc-1"),
             item(2, "Học phí tăng", communes[0], topic="education", report_id="bc-2")]
    syn = synthesize([old, new, items], unit="08", period="2026-10", today=TODAY)
    assert [i.id for i in syn.items] == ["it-2"]
    assert {p.code for p in syn.problems} >= {"report-superseded", "item-superseded"}


def test_items_outside_the_unit_or_the_period_are_left_out_and_counted(
    communes: list[str],
) -> None:
    hcm = catalog(dt.date(2026, 10, 31)).children("79")[0].code
    items = [
        item(1, "Giá điện tăng", communes[0]),
        item(2, "Giá điện tăng", hcm),
        item(3, "Giá điện tăng", communes[1], day=dt.date(2026, 6, 1)),
    ]
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY)
    assert [i.id for i in syn.items] == ["it-1"]
    codes = {p.code: p.message for p in syn.problems}
    assert "1 items placed outside" in codes["item-outside-unit"]
    assert codes["item-outside-period"].startswith("1 items")


def test_pre_2025_units_are_rolled_onto_the_2025_tree() -> None:
    # Phường Phan Thiết (02200, Tuyên Quang city) was merged into the new Phường Minh Xuân.
    old_code = "02200"
    cat = catalog(dt.date(2026, 10, 31))
    assert old_code not in cat
    items = [item(i, "Đường giao thông nông thôn xuống cấp", old_code, topic="traffic-safety")
             for i in range(3)]
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY)
    assert len(syn.items) == 3
    stream = syn.streams[0]
    assert stream.units == ("02215",)
    assert stream.places == ("Phường Minh Xuân",)
    assert any(p.code == "item-unit-mapped" for p in syn.problems)


def test_old_tree_is_kept_for_a_pre_2025_period_unless_asked() -> None:
    items = [item(i, "Đường xuống cấp", "02200", day=dt.date(2024, 10, 3)) for i in range(2)]
    old = synthesize(items, unit="08", period="2024-10", today=TODAY)
    # Under a 2024 province, the places are the districts of the time.
    assert old.streams[0].places == ("Thành phố Tuyên Quang",)
    new = synthesize(items, unit="08", period="2024-10", tree_date=dt.date(2025, 7, 1),
                     today=TODAY)
    assert new.streams[0].places == ("Phường Minh Xuân",)


def test_commune_to_province_to_country() -> None:
    a = catalog(dt.date(2026, 10, 31)).children("08")[0].code
    b = catalog(dt.date(2026, 10, 31)).children("79")[0].code
    items = [item(1, "Giá xăng tăng", a), item(2, "Giá xăng tăng", b)]
    province = synthesize(items, unit="08", period="2026-10", today=TODAY)
    country = synthesize([province, items[1]], unit=None, period="2026-10", today=TODAY)
    assert len(country.items) == 2
    assert set(country.streams[0].places) == {"Tỉnh Tuyên Quang", "Thành phố Hồ Chí Minh"}


def test_unknown_unit_and_period_are_plain_errors() -> None:
    with pytest.raises(UnknownUnitError, match="no unit with code"):
        synthesize([], unit="999", period="2026-10")
    with pytest.raises(UnknownUnitError, match="not in force"):
        synthesize([], unit="070", period="2026-10")  # a district, abolished in 2025
    with pytest.raises(UnknownUnitError, match=r"not a unit code.*08 \(Tỉnh Tuyên Quang\)") as info:
        synthesize([], unit="Tuyên Quang", period="2026-10")
    assert "08" in info.value.candidates
    with pytest.raises(UnknownPeriodError, match="cannot read a period"):
        synthesize([], unit="08", period="tháng mười ba")


def test_unit_given_as_admin_unit_and_period_as_period() -> None:
    cat = catalog(dt.date(2026, 10, 31))
    syn = synthesize([], unit=cat.get("08"), period=Period.month(2026, 10), today=TODAY)
    assert syn.unit_code == "08"
    assert syn.report.kind is ReportKind.SYNTHESIS
    assert syn.streams == ()


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=12, max_size=12), st.integers(0, 3))
def test_any_mix_of_direct_and_lower_syntheses_counts_each_item_once(
    routes: list[int], texts: int,
) -> None:
    """Each item goes directly (0), inside its commune's synthesis (1), both (2), or twice
    directly and once inside (3): the province synthesis is the same every time."""
    cat = catalog(dt.date(2026, 10, 31))
    codes = [u.code for u in cat.children("08")[:3]]
    phrases = ["Giá điện tăng", "Học phí tăng", "Đường hỏng", "Thiếu nước sạch"][: texts + 1]
    items = [item(k, phrases[k % len(phrases)], codes[k % 3]) for k in range(12)]
    direct: list[OpinionItem] = []
    inside: dict[str, list[OpinionItem]] = {c: [] for c in codes}
    for it, route in zip(items, routes, strict=True):
        if route in (0, 2, 3):
            direct.append(it)
        if route == 3:
            direct.append(it)
        if route in (1, 2, 3):
            assert it.unit is not None
            inside[it.unit].append(it)
    lower = [synthesize(v, unit=c, period="2026-10", today=TODAY)
             for c, v in inside.items() if v]
    mixed = synthesize([direct, lower], unit="08", period="2026-10", today=TODAY)
    plain = synthesize(items, unit="08", period="2026-10", today=TODAY)
    assert len(mixed.items) == 12
    assert sorted(s.item_ids for s in mixed.streams) == sorted(s.item_ids for s in plain.streams)
    assert [(s.item_count, s.unit_count, s.breadth) for s in mixed.streams] == [
        (s.item_count, s.unit_count, s.breadth) for s in plain.streams]
