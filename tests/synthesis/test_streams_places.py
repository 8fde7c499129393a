"""The place merge: wordings of one local matter, heard in the same few places by the same
people, whatever their words (issue 8); and approval read from the cues in the late
merges."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence

import attrs
import pytest

from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis.streams import GroupingSettings, _place_z, group_items
from dlxh.testing.scenario import load_stream_specs, pairwise_scores, scenario

# Two wordings of one local matter (a village's traditions fading) that share no word.
_WEAVING = "Nghề dệt thổ cẩm mai một, ít ai còn ngồi khung cửi"
_MUSIC = "Đội văn nghệ bản tan rã, tiếng khèn vắng hẳn"
_PEOPLE = ("women", "ethnic-minorities")


@functools.cache
def _province_background() -> tuple[OpinionItem, ...]:
    """A bigger background than the shared fixture's, so that two big one-wording
    clusters weigh as in a province."""
    return tuple(
        attrs.evolve(item, id=f"z{item.id}", labels=())
        for item in scenario(4000, seed=3, label_rate=0.0).items
    )


def _communes(background: Sequence[OpinionItem]) -> list[str]:
    return sorted({i.unit for i in background if i.unit})


def _items(
    prefix: str,
    text: str,
    n: int,
    units: list[str],
    groups: tuple[str, ...] = _PEOPLE,
    labels: tuple[Label, ...] = (),
) -> list[OpinionItem]:
    return [
        OpinionItem(
            id=f"{prefix}{k}",
            text=text,
            unit=units[k % len(units)] if units else None,
            groups=groups,
            labels=labels,
        )
        for k in range(n)
    ]


def test_wordings_heard_in_the_same_few_places_by_the_same_people_meet(
    streams: Callable[..., set[frozenset[str]]],
    background: tuple[OpinionItem, ...],
) -> None:
    here = _communes(background)[:3]
    items = _items("a", _WEAVING, 20, here) + _items("b", _MUSIC, 15, here)
    assert streams(items) == {frozenset("ab")}
    apart = {frozenset("a"), frozenset("b")}
    assert streams(items, place_merge_lift=0) == apart


def test_places_that_tell_nothing_keep_them_apart(
    streams: Callable[..., set[frozenset[str]]],
    background: tuple[OpinionItem, ...],
) -> None:
    communes = _communes(background)
    # Each heard in its own communes, or both everywhere, or nowhere named.
    own = _items("a", _WEAVING, 20, communes[:3]) + _items("b", _MUSIC, 15, communes[3:6])
    everywhere = _items("a", _WEAVING, 40, communes) + _items("b", _MUSIC, 40, communes[::-1])
    nowhere = _items("a", _WEAVING, 20, []) + _items("b", _MUSIC, 15, [])
    apart = {frozenset("a"), frozenset("b")}
    for items in (own, everywhere, nowhere):
        assert streams(items) == apart


def test_wordings_missing_from_the_same_places_meet(
    streams: Callable[..., set[frozenset[str]]],
) -> None:
    # A matter heard in most communes (too many for the lift to tell anything) but not in
    # a sixth of them: both wordings miss the same communes, which chance would not do.
    background = _province_background()
    communes = _communes(background)
    gap = len(communes) // 6
    most = communes[gap:]
    items = _items("a", _WEAVING, len(most), most) + _items("b", _MUSIC, len(most), most[::-1])
    assert streams(items, among=background) == {frozenset("ab")}
    apart = {frozenset("a"), frozenset("b")}
    assert streams(items, among=background, place_merge_absence=0, place_merge_z=0) == apart
    # Two matters each missing from its own sixth of the communes stay two.
    other = communes[:-gap]
    items = _items("a", _WEAVING, len(most), most) + _items("b", _MUSIC, len(other), other)
    assert streams(items, among=background) == apart


def test_wordings_heard_beyond_chance_in_each_others_places_meet(
    streams: Callable[..., set[frozenset[str]]],
) -> None:
    # A matter heard in four communes in five: one wording in all of them, the other in
    # three in four of those. Too wide for the lift (1.25) and missing from too many
    # places for the absence (1.6), yet each wording is in the other's places three or
    # more standard errors beyond chance.
    background = _province_background()
    communes = _communes(background)
    wide = communes[: len(communes) * 4 // 5]
    part = [c for k, c in enumerate(wide) if k % 4 != 3]
    items = _items("a", _WEAVING, len(wide), wide) + _items("b", _MUSIC, len(part), part)
    assert streams(items, among=background) == {frozenset("ab")}
    apart = {frozenset("a"), frozenset("b")}
    assert streams(items, among=background, place_merge_z=0) == apart
    # The second wording in as many communes, placed without regard to the first's: two.
    elsewhere = [c for k, c in enumerate(communes) if k % 5 < 3]
    items = _items("a", _WEAVING, len(wide), wide) + _items("b", _MUSIC, len(part), elsewhere)
    assert streams(items, among=background) == apart


def test_place_evidence_counts_units_not_items() -> None:
    # Ten items in each unit are one draw of where a matter is heard, not ten: the same
    # places with every item told ten times give the same evidence.
    where = {"u1": 1, "u2": 1, "u3": 1, "u4": 1}
    lumps = {unit: 10 * n for unit, n in where.items()}
    other = {"u1": 3, "u2": 1, "u3": 2}
    once = _place_z(where, 4, other, 0.5)
    assert once == pytest.approx(_place_z(lumps, 40, other, 0.5))
    assert once == pytest.approx((0.75 - 0.5) * (4 / 0.25) ** 0.5)
    assert _place_z(where, 4, other, 1.0) == 0.0


def test_two_matters_of_the_same_places_raised_in_other_months_stay_apart(
    streams: Callable[..., set[frozenset[str]]],
    background: tuple[OpinionItem, ...],
) -> None:
    # Two local matters of the same three communes, raised by the same people: weaving
    # fading, heard in August, and a health station short of medicine, in October.
    here = _communes(background)[:3]
    medicine = "Trạm y tế thiếu thuốc, bà con phải lên huyện mua"

    def dated(items: list[OpinionItem], month: int) -> list[OpinionItem]:
        return [
            attrs.evolve(item, date=dt.date(2026, month, 1 + k % 28))
            for k, item in enumerate(items)
        ]

    apart = {frozenset("a"), frozenset("b")}
    items = dated(_items("a", _WEAVING, 20, here), 8) + dated(_items("b", medicine, 15, here), 10)
    assert streams(items) == apart
    assert streams(items, place_merge_months=1) == {frozenset("ab")}
    # Raised over the same months, the two wordings meet (one local matter).
    spread = [attrs.evolve(item, date=dt.date(2026, 8 + k % 3, 5)) for k, item in enumerate(items)]
    assert streams(spread) == {frozenset("ab")}


def test_other_people_in_the_same_places_keep_them_apart(
    streams: Callable[..., set[frozenset[str]]],
    background: tuple[OpinionItem, ...],
) -> None:
    here = _communes(background)[:3]
    items = _items("a", _WEAVING, 20, here) + _items("b", _MUSIC, 15, here, ("retirees",))
    assert streams(items) == {frozenset("a"), frozenset("b")}
    small = _items("a", _WEAVING, 20, here) + _items("b", _MUSIC, 5, here)
    assert streams(small) == {frozenset("a"), frozenset("b")}


def test_opposing_labels_stay_apart_in_the_same_places(
    streams: Callable[..., set[frozenset[str]]],
    background: tuple[OpinionItem, ...],
) -> None:
    here = _communes(background)[:3]
    approve = (Label("orientation", "approve"),)
    oppose = (Label("orientation", "oppose"),)
    items = _items("a", _WEAVING, 20, here, labels=approve) + _items(
        "b", _MUSIC, 15, here, labels=oppose
    )
    assert streams(items) == {frozenset("a"), frozenset("b")}


def test_approval_read_on_a_few_items_does_not_close_a_cluster(
    cues_reading: Callable[[str, str, float], None],
    background: tuple[OpinionItem, ...],
    streams: Callable[..., set[frozenset[str]]],
) -> None:
    # A closing wish (*mong tiếp tục phát huy*) read by the cues as approval on a tenth of
    # a wording's items no longer keeps the wording from its stream's other wordings read
    # as not approving; an approval label does, however few carry it.
    cues_reading("phát huy", "approve", 0.9)
    here = _communes(background)[:3]
    oppose = (Label("orientation", "oppose"),)
    approve = (Label("orientation", "approve"),)
    base = _items("a", _WEAVING, 20, here, labels=oppose) + _items("b", _MUSIC, 18, here)
    misread = _items("c", f"{_MUSIC}, mong tiếp tục phát huy", 2, here)
    found = streams(base + misread, orientation_cues=True)
    assert frozenset("ab") <= next(s for s in found if "a" in s)
    labelled = _items("c", _MUSIC, 2, here, labels=approve)
    found = streams(base + labelled, orientation_cues=True)
    assert not any({"a", "c"} <= stream for stream in found)


def test_the_place_merge_recalls_local_matters_without_labels() -> None:
    # The validation set's matters, items without any label.
    for seed in (1, 7):
        s = scenario(6000, seed=seed, label_rate=0.0, specs=load_stream_specs(validation=True))
        on = pairwise_scores(s.truth, [g.members for g in group_items(s.items)])
        off_settings = GroupingSettings(place_merge_lift=0)
        off = pairwise_scores(
            s.truth, [g.members for g in group_items(s.items, settings=off_settings)]
        )
        assert on[1] > off[1] + 0.01  # recall
        assert on[0] > off[0] - 0.02  # precision
        assert on[2] > off[2]  # F1
