"""The public names of dlxh.text resolve (some are loaded lazily) and the documented API works."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

import dlxh.text


@pytest.mark.parametrize("name", dlxh.text.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(dlxh.text, name) is not None
    assert name in dir(dlxh.text)


def test_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = dlxh.text.no_such_name


def test_lazy_names_are_the_module_objects() -> None:
    encodings = importlib.import_module("dlxh.text.encodings")
    assert dlxh.text.detect_encoding is encodings.detect_encoding


def test_documented_period_api() -> None:
    from dlxh.text import fold, normalize

    p = dlxh.Period.parse("quý III/2020")
    assert (p.start, p.end, p.label) == (dt.date(2020, 7, 1), dt.date(2020, 9, 30),
                                         "Quý III năm 2020")
    assert fold(normalize("Khánh Hoà")) == "khanh hoa"
