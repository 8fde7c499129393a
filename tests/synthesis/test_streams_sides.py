"""Sides read from the cues when items carry no orientation label: a weak reading does not
close a cluster, and wordings of different sides read from the cues meet only when the same
people raise them (issue 8)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

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


def _background() -> list[OpinionItem]:
    """Other matters (the tuned scenario set, without labels), so that words and groups
    weigh as they do in a province's reports."""
    return [
        attrs.evolve(item, id=f"z{item.id}", labels=())
        for item in scenario(1500, seed=3, label_rate=0.0).items
    ]


def _streams(items: list[OpinionItem], **settings: Any) -> set[frozenset[str]]:
    """Which of the test's wordings (by the first letter of their ids) share a group."""
    everything = items + _background()
    groups = group_items(everything, settings=GroupingSettings(**settings))
    found = set()
    for g in groups:
        ours = frozenset(everything[i].id[0] for i in g.members if i < len(items))
        if ours:
            found.add(ours)
    return found


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
) -> None:
    cues_reading("giúp", "approve", 0.75)
    drivers = ("workers", "farmers")
    townspeople = ("general-public", "women")
    praise = _items("a", _PRAISE, 30, townspeople)
    # The same matter without a stance cue, raised by other people: may be the other side.
    others = _items("b", _PLAIN, 20, drivers)
    assert _streams(praise + others, side_groups=0.0) == {frozenset("ab")}
    assert _streams(praise + others) == {frozenset("a"), frozenset("b")}
    # Raised by the same people: one stream, as before.
    same = _items("b", _PLAIN, 20, townspeople)
    assert _streams(praise + same) == {frozenset("ab")}


def test_labelled_sides_are_left_to_the_labels() -> None:
    approve = (Label("orientation", "approve"),)
    praise = [
        attrs.evolve(item, labels=approve)
        for item in _items("a", _PRAISE, 30, ("general-public", "women"))
    ]
    others = _items("b", _PLAIN, 20, ("workers", "farmers"))
    settings = {"orientation_cues": False}
    assert _streams(praise + others, **settings) == _streams(
        praise + others, side_groups=0.0, **settings
    )
