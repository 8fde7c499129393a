"""Grouping opinion items into streams: copies, typos, paraphrases, orientation, determinism."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh.model.enums import Orientation, Origin
from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis.streams import GroupingSettings, ItemGroup, group_items
from dlxh.testing.scenario import pairwise_scores, scenario


def _items(texts: list[str], **kwargs: object) -> list[OpinionItem]:
    return [OpinionItem(id=f"i{k:03d}", text=t, **kwargs) for k, t in enumerate(texts)]  # type: ignore[arg-type]


def _group_of(groups: list[ItemGroup], index: int) -> ItemGroup:
    return next(g for g in groups if index in g.members)


def _check_partition(groups: list[ItemGroup], total: int) -> None:
    seen = [i for g in groups for i in g.members]
    assert sorted(seen) == list(range(total))
    for group in groups:
        assert list(group.members) == sorted(group.members)
        assert group.representative in group.members
        assert group.key.startswith("grp-")


def test_copies_typos_case_and_no_diacritics_are_one_group() -> None:
    texts = [
        "Giá điện tăng quá cao, người dân bức xúc",
        "Giá điện tăng quá cao, người dân bức xúc",
        "gia dien tang qua cao, nguoi dan buc xuc",
        "GIÁ ĐIỆN TĂNG QUÁ CAO, NGƯỜI DÂN BỨC XÚC!",
        "Giá điện tăg quá cao, người dân bức xúc",
        "Đường liên xã xuống cấp, nhiều ổ gà ổ voi",
    ]
    groups = group_items(_items(texts))
    _check_partition(groups, len(texts))
    first = _group_of(groups, 0)
    assert first.members == (0, 1, 2, 3, 4)
    assert _group_of(groups, 5).members == (5,)
    # The representative is an actual item's text, written with diacritics.
    assert texts[first.representative] == texts[0]


def test_paraphrases_meet_through_the_concept_thesaurus() -> None:
    texts = [
        "Giá điện tăng quá cao",
        "Hóa đơn tiền điện tháng này cao gấp rưỡi",
        "Tiền điện tăng gấp đôi so với tháng trước",
        "Tuyến đường liên thôn hư hỏng nặng, ổ voi khắp nơi",
        "Đường liên xã xuống cấp, nhiều ổ gà",
    ]
    groups = group_items(_items(texts))
    assert _group_of(groups, 0).members == (0, 1, 2)
    assert _group_of(groups, 3).members == (3, 4)


def test_place_names_do_not_split_or_join_streams() -> None:
    texts = [
        "Tại xã Tân Định, giá điện tăng quá cao",
        "Giá điện tăng quá cao (thôn Đồng Tâm)",
        "Tại xã Tân Định, đường liên xã xuống cấp, nhiều ổ gà",
    ]
    groups = group_items(_items(texts))
    assert _group_of(groups, 0).members == (0, 1)
    assert _group_of(groups, 2).members == (2,)


def _oriented(text: str, orientation: str, item_id: str) -> OpinionItem:
    return OpinionItem(id=item_id, text=text, labels=(Label("orientation", orientation),))


def test_opposing_labels_never_share_a_group() -> None:
    text = "Chủ trương sáp nhập xã"
    items = [
        _oriented(text, "approve", "a1"),
        _oriented(text, "approve", "a2"),
        _oriented(text, "oppose", "o1"),
        _oriented(text, "oppose", "o2"),
        OpinionItem(id="n1", text=text),  # no label, no cue: may join either
    ]
    groups = group_items(items)
    _check_partition(groups, len(items))
    assert _group_of(groups, 0).members[:2] == (0, 1)
    assert 2 not in _group_of(groups, 0).members
    assert {2, 3} <= set(_group_of(groups, 2).members)


def test_opposing_cues_keep_unlabelled_items_apart() -> None:
    texts = [
        "Người dân đồng tình với chủ trương sáp nhập xã",
        "Nhân dân ủng hộ việc sáp nhập xã",
        "Người dân không đồng tình với việc sáp nhập xã",
        "Bà con phản đối việc sáp nhập xã",
    ]
    groups = group_items(_items(texts))
    approving = _group_of(groups, 0)
    assert 1 in approving.members
    assert 2 not in approving.members and 3 not in approving.members
    assert _group_of(groups, 2).members == (2, 3)


def test_kept_apart_can_be_narrowed() -> None:
    text = "Giá điện tăng quá cao"
    items = [_oriented(text, "oppose", "o1"), _oriented(text, "uneasy", "u1")]
    assert len(group_items(items)) == 2
    loose = GroupingSettings(kept_apart=(("approve", "oppose"),))
    assert len(group_items(items, settings=loose)) == 1


def test_rumours_are_kept_apart_from_opinion() -> None:
    text = "Sắp thu hồi đất ruộng để làm khu công nghiệp"
    items = [
        OpinionItem(id="r1", text=text, origin=Origin.RUMOUR),
        OpinionItem(id="r2", text=text, origin=Origin.RUMOUR),
        OpinionItem(id="f1", text=text, origin=Origin.FIRST_HAND),
    ]
    groups = group_items(items)
    assert _group_of(groups, 0).members == (0, 1)
    assert _group_of(groups, 2).members == (2,)
    together = group_items(items, settings=GroupingSettings(separate_rumours=False))
    assert len(together) == 1


def test_issue_labels_block_hard() -> None:
    text = "Giá điện tăng quá cao"
    items = [
        OpinionItem(id="a", text=text, labels=(Label("issue", "gia-dien"),)),
        OpinionItem(id="b", text=text, labels=(Label("issue", "hoa-don"),)),
        OpinionItem(id="c", text=text),
    ]
    groups = group_items(items)
    assert _group_of(groups, 0).members != _group_of(groups, 1).members


def test_empty_input_and_progress() -> None:
    assert group_items([]) == []
    calls: list[tuple[int, int]] = []
    group_items(
        _items(["Giá điện tăng", "Giá điện tăng cao"]), progress=lambda d, t: calls.append((d, t))
    )
    assert calls and calls[-1] == (2, 2)


def test_result_does_not_depend_on_the_order_of_items() -> None:
    s = scenario(600, seed=4)
    items = list(s.items)
    first = group_items(items)
    shuffled = items[:]
    random.Random(9).shuffle(shuffled)
    second = group_items(shuffled)

    def by_ids(
        groups: list[ItemGroup], seq: list[OpinionItem]
    ) -> set[tuple[str, str, tuple[str, ...]]]:
        return {
            (g.key, seq[g.representative].id, tuple(sorted(seq[i].id for i in g.members)))
            for g in groups
        }

    assert by_ids(first, items) == by_ids(second, shuffled)
    assert group_items(items) == first  # same input, same output


_POOL = [
    "Giá điện tăng quá cao",
    "gia dien tang qua cao",
    "Hóa đơn tiền điện cao gấp rưỡi",
    "Đường liên xã xuống cấp",
    "Người dân đồng tình với sáp nhập xã",
    "Người dân không đồng tình với sáp nhập xã",
    "Lừa đảo qua mạng ngày càng tinh vi",
    "",
    "!!!",
    "xã Tân Định",
]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_POOL), st.sampled_from(["", "approve", "oppose", "uneasy"])),
        max_size=30,
    )
)
def test_every_index_is_in_exactly_one_group(rows: list[tuple[str, str]]) -> None:
    items = [
        OpinionItem(
            id=f"h{k}",
            text=text or "?",
            labels=(Label("orientation", side),) if side else (),
        )
        for k, (text, side) in enumerate(rows)
    ]
    groups = group_items(items)
    _check_partition(groups, len(items))
    for group in groups:
        sides = {items[i].value("orientation") for i in group.members} - {None}
        assert len(sides) <= 1  # every two orientations are kept apart by default


def test_tuned_scenario_reaches_pairwise_f1_090() -> None:
    s = scenario(4000, seed=1)
    groups = group_items(s.items)
    _check_partition(groups, len(s.items))
    precision, recall, f1 = pairwise_scores(s.truth, [g.members for g in groups])
    assert f1 >= 0.90, (precision, recall, f1)


def test_tuned_scenario_without_labels_still_groups() -> None:
    s = scenario(3000, seed=2, label_rate=0.0)
    groups = group_items(s.items)
    _, _, f1 = pairwise_scores(s.truth, [g.members for g in groups])
    assert f1 >= 0.80


@pytest.mark.parametrize("label_rate", [0.7, 0.0])
def test_held_out_scenario_floor(label_rate: float) -> None:
    # Streams grouping was never tuned on: the honest figure (see docs for the measured
    # values); the floor is below what three seeds gave.
    s = scenario(4000, seed=1, held_out=True, label_rate=label_rate)
    groups = group_items(s.items)
    precision, recall, f1 = pairwise_scores(s.truth, [g.members for g in groups])
    assert precision >= 0.85
    assert f1 >= 0.60, (precision, recall, f1)


def test_origin_and_reviewed_labels_are_read_like_opinion_item_label() -> None:
    from dlxh.model.enums import ReviewState

    text = "Sắp thu hồi đất ruộng để làm khu công nghiệp"
    reviewed = Label("orientation", "approve", confidence=0.2, review=ReviewState.CONFIRMED)
    items = [
        OpinionItem(id="r1", text=text, labels=(Label("origin", "rumour"),)),
        OpinionItem(id="f1", text=text),
        # A reviewed label wins over a more confident classifier label.
        OpinionItem(id="a1", text=text, labels=(Label("orientation", "oppose", 0.9), reviewed)),
        OpinionItem(id="o1", text=text, labels=(Label("orientation", "oppose", 0.9),)),
    ]
    assert items[2].orientation is Orientation.APPROVE
    groups = group_items(items)
    assert _group_of(groups, 0).members == (0,)
    assert 2 not in _group_of(groups, 3).members
