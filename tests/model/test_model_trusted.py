"""The trusted constructor gives records equal to the checked constructor's."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.model._trusted import trusted_constructor, unfrozen_twin
from dlxh.model.enums import Breadth, Origin
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.sources import SourceRef

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@given(
    text=_TEXT.filter(lambda t: t.strip() != ""),
    place=st.none() | _TEXT,
    groups=st.lists(_TEXT, max_size=3),
    origin=st.none() | st.sampled_from(list(Origin)),
    breadth=st.none() | st.sampled_from(list(Breadth)),
    day=st.none() | st.dates(),
)
def test_opinion_item_equals_the_checked_one(
    text: str,
    place: str | None,
    groups: list[str],
    origin: Origin | None,
    breadth: Breadth | None,
    day: dt.date | None,
) -> None:
    checked = OpinionItem(
        id="op-1", text=text, date=day, place_text=place, groups=groups, origin=origin,
        breadth=breadth, labels=(Label("topic", "gia-ca"),),
        source=SourceRef("a.xlsx", "00", "Sheet1!A3", "xlsx"),
        extra=(("Ghi chú", "x"),),  # type: ignore[arg-type]  # the converter is tuple
    )
    values = [getattr(checked, f.name) for f in attrs.fields(OpinionItem)]
    trusted = trusted_constructor(OpinionItem)(*values)
    assert trusted == checked
    assert type(trusted) is OpinionItem
    assert hash(trusted) == hash(checked)
    assert repr(trusted) == repr(checked)


def test_trusted_records_stay_frozen() -> None:
    build = trusted_constructor(SourceRef)
    ref = build("a.xlsx", "00", "Sheet1!A3", "xlsx")
    assert ref == SourceRef("a.xlsx", "00", "Sheet1!A3", "xlsx")
    assert type(ref) is SourceRef
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ref.file = "b.xlsx"  # type: ignore[misc]
    assert trusted_constructor(SourceRef) is build  # built once per class


def test_every_field_is_required() -> None:
    with pytest.raises(TypeError):
        trusted_constructor(SourceRef)("a.xlsx")


def test_a_record_filled_through_the_unfrozen_twin_is_the_frozen_one() -> None:
    twin = unfrozen_twin(SourceRef)
    assert unfrozen_twin(SourceRef) is twin  # made once per class
    ref = twin()
    ref.file, ref.sha256, ref.location, ref.importer = "a.xlsx", "00", "Sheet1!A3", "xlsx"
    ref.__class__ = SourceRef
    assert ref == SourceRef("a.xlsx", "00", "Sheet1!A3", "xlsx")
    assert type(ref) is SourceRef
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ref.file = "b.xlsx"  # type: ignore[misc]
