"""Breadth from the share of reporting units and items: planted shares, caps, evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.errors import ConfigurationError
from dlxh.model.enums import Breadth
from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis import (
    BreadthSettings,
    SynthesisSettings,
    breadth_for_score,
    estimate_breadth,
    synthesize,
)
from dlxh.units import catalog

TODAY = dt.date(2026, 11, 30)
COMMUNES = [u.code for u in catalog(dt.date(2026, 10, 31)).children("08")[:20]]


def planted(share: float) -> list[OpinionItem]:
    """20 communes, two items each on electricity prices: the first ``share`` of the
    communes say prices are too high, the others approve of the increase."""
    cut = round(share * len(COMMUNES))
    out = []
    for k, code in enumerate(COMMUNES):
        high = k < cut
        text = "Giá điện tăng quá cao" if high else "Đồng tình điều chỉnh giá điện"
        for j in range(2):
            out.append(OpinionItem(
                id=f"b-{k:02d}-{j}", text=text, unit=code, date=dt.date(2026, 10, 5),
                labels=(Label("topic", "economy"),
                        Label("orientation", "oppose" if high else "approve")),
            ))
    return out


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (1.0, Breadth.OVERWHELMING_MAJORITY),
        (0.9, Breadth.OVERWHELMING_MAJORITY),
        (0.75, Breadth.MAJORITY),
        (0.55, Breadth.LARGE_NUMBER),
        (0.35, Breadth.MANY_OPINIONS),
        (0.2, Breadth.PART),
        (0.1, Breadth.SOME_PEOPLE),
    ],
)
def test_breadth_right_for_planted_shares(share: float, expected: Breadth) -> None:
    syn = synthesize(planted(share), unit="08", period="2026-10", today=TODAY)
    high = next(s for s in syn.streams if s.statement == "Giá điện tăng quá cao")
    assert high.breadth is expected
    cut = round(share * 20)
    assert f"{cut}/20 địa bàn" in high.breadth_evidence
    # In the communes that report it, the stream is all that is said on its issue.
    assert f"{2 * cut}/{2 * cut} ý kiến" in high.breadth_evidence
    assert expected.label.lower() in high.breadth_evidence


def test_thresholds_are_configurable() -> None:
    strict = SynthesisSettings(breadth=BreadthSettings(majority=0.8, overwhelming_majority=0.95))
    syn = synthesize(planted(0.75), unit="08", period="2026-10", today=TODAY, settings=strict)
    high = next(s for s in syn.streams if s.statement == "Giá điện tăng quá cao")
    assert high.breadth is Breadth.LARGE_NUMBER


def test_unit_base_all_counts_blind_spots() -> None:
    items = planted(1.0)[:8]  # four communes of 124 report, all the same stream
    reporting = synthesize(items, unit="08", period="2026-10", today=TODAY)
    everyone = synthesize(items, unit="08", period="2026-10", today=TODAY,
                          settings=SynthesisSettings(breadth=BreadthSettings(unit_base="all")))
    assert reporting.streams[0].breadth is Breadth.OVERWHELMING_MAJORITY
    # 4 of the 124 communes: 3.2%, under "một số người" (5%).
    assert everyone.streams[0].breadth is Breadth.SOMEONE
    assert "/124 địa bàn" in everyone.streams[0].breadth_evidence


def test_a_local_minority_is_scaled_down() -> None:
    # Heard in every commune, but one item against nine on the same issue in each.
    items = []
    for k, code in enumerate(COMMUNES[:10]):
        items.append(OpinionItem(id=f"m{k}", text="Đề nghị bỏ hẳn tiền điện", unit=code,
                                 date=dt.date(2026, 10, 5), labels=(Label("topic", "economy"),)))
        items += [OpinionItem(id=f"m{k}-{j}", text="Giá điện tăng quá cao", unit=code,
                              date=dt.date(2026, 10, 5), labels=(Label("topic", "economy"),))
                  for j in range(9)]
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY)
    few = next(s for s in syn.streams if s.statement == "Đề nghị bỏ hẳn tiền điện")
    # unit share 1.0 × (10% / 20%) = 0.5
    assert few.breadth is Breadth.LARGE_NUMBER
    assert "thiểu số tại chỗ (10%)" in few.breadth_evidence
    many = next(s for s in syn.streams if s.statement == "Giá điện tăng quá cao")
    assert many.breadth is Breadth.OVERWHELMING_MAJORITY


def test_opposing_streams_on_a_named_issue_share_it() -> None:
    items = []
    for k, code in enumerate(COMMUNES[:10]):
        for j in range(10):
            approve = j < 7
            items.append(OpinionItem(
                id=f"o{k}-{j}", unit=code, date=dt.date(2026, 10, 5),
                text="Đồng tình sáp nhập xã" if approve else "Phản đối sáp nhập xã",
                labels=(Label("topic", "politics"), Label("issue", "sap-nhap-xa"),
                        Label("orientation", "approve" if approve else "oppose"))))
    syn = synthesize(items, unit="08", period="2026-10", today=TODAY)
    found = {s.statement: s.breadth for s in syn.streams}
    assert found == {"Đồng tình sáp nhập xã": Breadth.MAJORITY,
                     "Phản đối sáp nhập xã": Breadth.MANY_OPINIONS}
    off = synthesize(items, unit="08", period="2026-10", today=TODAY,
                     settings=SynthesisSettings(breadth=BreadthSettings(opposing_cap=False)))
    assert {s.breadth for s in off.streams} == {Breadth.OVERWHELMING_MAJORITY}


def test_small_evidence_caps_the_breadth() -> None:
    one = estimate_breadth(units=1, units_total=1, items=1, items_total=1)
    assert one.breadth is Breadth.SOMEONE
    assert "giới hạn" in one.evidence
    two_units = estimate_breadth(units=2, units_total=2, items=6, items_total=6)
    assert two_units.breadth is Breadth.MANY_OPINIONS


def test_stated_breadth_is_shown_not_counted() -> None:
    plain = estimate_breadth(units=5, units_total=10, items=5, items_total=10)
    stated = estimate_breadth(units=5, units_total=10, items=5, items_total=10,
                              stated=(Breadth.MAJORITY,))
    assert stated.breadth is plain.breadth
    assert "cấp dưới đánh giá: đa số" in stated.evidence


def test_thresholds_must_decrease() -> None:
    with pytest.raises(ConfigurationError, match="must decrease"):
        BreadthSettings(majority=0.95)
    with pytest.raises(ConfigurationError, match="between 0 and 1"):
        BreadthSettings(part=1.5)


@given(st.floats(0, 1), st.floats(0, 1))
def test_breadth_grows_with_the_score(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert breadth_for_score(low) <= breadth_for_score(high)


@given(st.integers(3, 50), st.integers(0, 50), st.integers(2, 80))
def test_more_units_never_narrow_a_stream(total: int, extra: int, items: int) -> None:
    units = min(3 + extra, total)
    fewer = estimate_breadth(units=3, units_total=total, items=items, items_total=80)
    more = estimate_breadth(units=units, units_total=total, items=items, items_total=80)
    assert fewer.breadth <= more.breadth
