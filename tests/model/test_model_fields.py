"""Field converters of the model."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dlxh.model.fields import sorted_str_tuple


@given(st.lists(st.text(max_size=4), max_size=40))
def test_sorted_str_tuple_is_the_sorted_distinct_values(values: list[str]) -> None:
    found = sorted_str_tuple(values)
    assert found == tuple(sorted(set(values)))
    assert sorted_str_tuple(found) == found  # idempotent, as converters must be
