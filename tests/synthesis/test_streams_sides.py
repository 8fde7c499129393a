"""Sides read from the cues when items carry no orientation label: a weak reading does not
close a cluster, and wordings of different sides read from the cues meet only when the same
people raise them (issue 8)."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from dlxh.model.enums import Origin
from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis.streams import (
    GroupingSettings,
    _adopt,
    _compatible,
    _Cues,
    group_items,
)
from dlxh.testing.scenario import scenario

_PRAISE = "Camera phạt nguội trên các tuyến đường quốc lộ giúp tài xế chấp hành luật"
_PLAIN = "Camera phạt nguội trên các tuyến đường quốc lộ gửi thông báo về nhà chủ xe"
_KEPT = GroupingSettings().kept_apart


def _items(prefix: str, text: str, n: int, groups: tuple[str, ...]) -> list[OpinionItem]:
    return [OpinionItem(id=f"{prefix}{k}", text=text, groups=groups) for k in range(n)]


def test_a_closing_wish_is_a_weak_reading() -> None:
    text = "Nhà văn hóa thôn được sửa lại, mong tiếp tục phát huy."
    assert _Cues(0.5, 0.75, False, 0.35).of(text)[0] == "~weak"
    assert _Cues(0.5, 0.75, False, 0.0).of(text)[0] == "~negative"


def test_a_weak_reading_keeps_from_approval_but_never_closes_a_cluster() -> None:
    assert not _compatible("~weak", "approve", _KEPT)
    assert _compatible("~weak", "~negative", _KEPT)
    assert _compatible("~weak", "~oppose", _KEPT)
    assert _compatible("~weak", "", _KEPT)
    assert _adopt("", "~weak") == ""
    assert _adopt("~weak", "~negative") == "~negative"


def test_read_sides_meet_only_when_the_same_people_raise_them(
    cues_reading: Callable[[str, str, float], None],
    wordings_grouped: Callable[..., set[frozenset[str]]],
) -> None:
    cues_reading("giúp", "approve", 0.75)
    drivers = ("workers", "farmers")
    townspeople = ("general-public", "women")
    praise = _items("a", _PRAISE, 30, townspeople)
    # The same matter without a stance cue, raised by other people: may be the other side.
    others = _items("b", _PLAIN, 20, drivers)
    assert wordings_grouped(praise + others, side_groups=0.0) == {frozenset("ab")}
    assert wordings_grouped(praise + others) == {frozenset("a"), frozenset("b")}
    # Raised by the same people: one stream, as before.
    same = _items("b", _PLAIN, 20, townspeople)
    assert wordings_grouped(praise + same) == {frozenset("ab")}


def test_labelled_sides_are_left_to_the_labels(
    wordings_grouped: Callable[..., set[frozenset[str]]],
) -> None:
    approve = (Label("orientation", "approve"),)
    praise = [
        attrs.evolve(item, labels=approve)
        for item in _items("a", _PRAISE, 30, ("general-public", "women"))
    ]
    others = _items("b", _PLAIN, 20, ("workers", "farmers"))
    settings = {"orientation_cues": False}
    assert wordings_grouped(praise + others, **settings) == wordings_grouped(
        praise + others, side_groups=0.0, **settings
    )


def test_a_wording_joins_only_among_its_own_people() -> None:
    from dlxh.synthesis.streams import _named_by

    # A cluster raised by farmers and the general public (items naming each group).
    poor = {"farmers": 60.0, "general-public": 55.0}
    # A wording naming some of them is among them; one of traders and women is not.
    assert _named_by({"farmers": 1.0}, poor, 80, 0.75)
    assert _named_by({"farmers": 0.5, "general-public": 0.7}, poor, 80, 0.75)
    assert not _named_by({"general-public": 0.7, "women": 0.7}, poor, 80, 0.75)
    # A group a few of the cluster's items name (under a tenth) is not its people.
    assert not _named_by({"women": 1.0}, {**poor, "women": 5.0}, 80, 0.75)
    # Naming no group tells nothing.
    assert _named_by({}, poor, 80, 0.75)
    assert _named_by({"women": 1.0}, {}, 80, 0.75)


def test_wordings_of_other_matters_raised_by_other_people_stay_apart() -> None:
    # The validation set without labels: market relocation wordings (traders' lost
    # income, *thu nhập giảm*) joined the poor-household list (*miễn giảm*, *thu nhập*)
    # on their shared words; the check keeps them apart and recall follows.
    from dlxh.testing.scenario import load_stream_specs, pairwise_scores

    s = scenario(6000, seed=7, label_rate=0.0, specs=load_stream_specs(validation=True))
    on = pairwise_scores(s.truth, [g.members for g in group_items(s.items)])
    off_settings = GroupingSettings(join_groups=0)
    off = pairwise_scores(s.truth, [g.members for g in group_items(s.items, settings=off_settings)])
    assert on[0] > off[0] + 0.005  # precision
    assert on[2] > off[2] + 0.02  # F1


def test_a_word_folding_like_a_negator_does_not_turn_the_side() -> None:
    # "Cha mẹ" (parents) folds like "chả" (not): read as written, the praise stays praise
    # and joins the same praise worded otherwise.
    parents = "Cha mẹ học sinh hoan nghênh việc mở lớp bán trú cho con"
    assert _Cues(0.5, 0.75, False, 0.35).of(parents)[0] == "approve"
    items = _items("a", parents, 10, ("parents",))
    items += _items(
        "b", "Phụ huynh học sinh hoan nghênh việc mở lớp bán trú cho con", 10, ("parents",)
    )
    (group,) = group_items(items)
    assert len(group.members) == 20


def test_among_rumours_only_a_label_keeps_two_sides_apart() -> None:
    # The cues read the first as approval (*phấn khởi*), the second as unease (*lo lắng*):
    # as opinion they are two streams, as one rumour retold they are one.
    gift = "Có tin từ tháng sau lương hưu được tăng gấp rưỡi, các cụ phấn khởi lắm"
    worry = "Có tin từ tháng sau lương hưu được tăng gấp rưỡi, các cụ lo lắng không rõ thật giả"
    assert _Cues(0.5, 0.75, False, 0.35).of(gift)[0] == "approve"

    def told(origin: Origin, labels: tuple[Label, ...] = ()) -> list[OpinionItem]:
        return [
            OpinionItem(id=f"{origin}-{n}-{k}", text=text, origin=origin, labels=labels)
            for n, text in enumerate((gift, worry))
            for k in range(3)
        ]

    assert len(group_items(told(Origin.RUMOUR))) == 1
    assert len(group_items(told(Origin.FIRST_HAND))) == 2
    labelled = [
        attrs.evolve(item, labels=(Label("orientation", side),))
        for item in told(Origin.RUMOUR)
        for side in ("uneasy" if item.text == worry else "approve",)
    ]
    assert len(group_items(labelled)) == 2
