from __future__ import annotations

import json
import re
import unicodedata

import pytest

import dlxh
from dlxh.model import enums
from dlxh.model.labelled import LabelledEnum

ALL_ENUMS = [
    obj
    for obj in vars(dlxh).values()
    if isinstance(obj, type) and issubclass(obj, LabelledEnum) and obj is not LabelledEnum
]


def test_every_public_enum_is_found() -> None:
    assert enums.Orientation in ALL_ENUMS
    assert dlxh.Severity in ALL_ENUMS
    assert len(ALL_ENUMS) >= 20


@pytest.mark.parametrize("kind", ALL_ENUMS, ids=lambda k: k.__name__)
def test_values_are_stable_ascii_and_labels_vietnamese_nfc(kind: type[LabelledEnum]) -> None:
    values = [m.value for m in kind]
    assert len(set(values)) == len(values)
    for member in kind:
        assert re.fullmatch(r"[a-z0-9_]+", member.value), member
        assert member.label, member
        assert unicodedata.normalize("NFC", member.label) == member.label
        assert kind(member.value) is member
        assert kind.from_value_or_label(member.label.upper()) is member


def test_enum_serialises_as_its_value() -> None:
    assert json.dumps(dlxh.Orientation.OPPOSE) == '"oppose"'
    assert dlxh.Orientation.OPPOSE.label == "Phản đối"


def test_unknown_label_error_lists_accepted_values() -> None:
    with pytest.raises(ValueError, match="approve"):
        dlxh.Orientation.from_value_or_label("ủng hộ mạnh")


def test_breadth_is_ordered_from_narrowest_to_widest() -> None:
    order = [
        "Có người",
        "Một số người",
        "Một bộ phận",
        "Nhiều ý kiến",
        "Số đông",
        "Đa số",
        "Tuyệt đại đa số",
    ]
    assert [b.label for b in sorted(dlxh.Breadth)] == order
    assert dlxh.Breadth.OVERWHELMING_MAJORITY > dlxh.Breadth.MAJORITY > dlxh.Breadth.SOMEONE
    assert dlxh.Breadth.PART <= dlxh.Breadth.PART
    assert max(dlxh.Breadth) is dlxh.Breadth.OVERWHELMING_MAJORITY
    assert dlxh.Breadth.SOMEONE.rank == 0


def test_domain_helpers() -> None:
    assert dlxh.Mood.FRUSTRATED.is_negative and not dlxh.Mood.CONFIDENT.is_negative
    assert dlxh.RecommendationStatus.FORWARDED.is_open
    assert not dlxh.RecommendationStatus.RESOLVED.is_open
    members = {k for k in dlxh.OrganisationKind if k.is_member_organisation}
    assert len(members) == 5
