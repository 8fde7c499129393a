"""Topic labels that disagree, and orientation labels carried to unlabelled copies (issue 8)."""

from __future__ import annotations

from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis.streams import GroupingSettings, group_items

_SAND = "Xe chở cát chạy nườm nượp ngày đêm làm hỏng đường, bờ sông sạt lở"
_TRUCKS = "Xe tải chạy nườm nượp ngày đêm quá tốc độ làm hỏng đường"


def _labels(topic: str = "", orientation: str = "") -> tuple[Label, ...]:
    found = []
    if topic:
        found.append(Label(dimension="topic", value=topic, classifier="test"))
    if orientation:
        found.append(Label(dimension="orientation", value=orientation, classifier="test"))
    return tuple(found)


def _sand_and_trucks() -> list[OpinionItem]:
    items = [
        OpinionItem(id=f"a{k}", text=_SAND, labels=_labels("environment", "oppose"))
        for k in range(20)
    ]
    items += [
        OpinionItem(id=f"b{k}", text=_TRUCKS, labels=_labels("traffic-safety", "oppose"))
        for k in range(30)
    ]
    # Two copies of the sand wording filed under the other topic, and unlabelled copies.
    items += [
        OpinionItem(id=f"c{k}", text=_SAND, labels=_labels("traffic-safety", "oppose"))
        for k in range(2)
    ]
    items += [OpinionItem(id=f"u{k}", text=_TRUCKS) for k in range(5)]
    return items


def _kinds(items: list[OpinionItem], settings: GroupingSettings | None = None) -> list[str]:
    groups = group_items(items, settings=settings)
    return sorted("".join(sorted({items[i].id[0] for i in g.members})) for g in groups)


def test_two_matters_filed_under_different_topics_stay_apart() -> None:
    items = _sand_and_trucks()
    # Mislabelled copies still join their wording; the unlabelled join either.
    assert _kinds(items) == ["ac", "bu"]
    # Without the check the shared words join the two matters.
    assert _kinds(items, GroupingSettings(topic_conflict_threshold=0)) == ["abcu"]


def test_an_unlabelled_copy_takes_the_orientation_of_its_labelled_wording() -> None:
    # The cues would read "vất vả" as a complaint; the same words labelled approving on
    # other items are the better witness, so the copies join the approving stream.
    approve = "Lương hưu được điều chỉnh giúp người già đỡ vất vả"
    items = [
        OpinionItem(id=f"a{k}", text=approve, labels=_labels(orientation="approve"))
        for k in range(8)
    ]
    items += [OpinionItem(id=f"u{k}", text=approve) for k in range(4)]
    items += [
        OpinionItem(
            id=f"o{k}",
            text="Lương hưu tăng ít, người già vẫn vất vả",
            labels=_labels(orientation="oppose"),
        )
        for k in range(8)
    ]
    assert _kinds(items) == ["au", "o"]
