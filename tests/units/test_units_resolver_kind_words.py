"""What a kind word before a name lets it mean, and a street's name beside a misspelt district
(issue 4, fifth round: answers that changed on purpose)."""

from __future__ import annotations

from datetime import date

from dlxh.model.units import UnitLevel
from dlxh.units import resolve
from dlxh.units.catalog import store_for
from dlxh.units.resolver import ResolverIndex, _CandFields, _segments

OLD = date(2024, 6, 1)


def _index() -> ResolverIndex:
    return store_for(None).view(OLD).resolver_index()


def _levels_named(text: str, key: str) -> set[UnitLevel]:
    found = map(_CandFields._make, _index().candidates(_segments(text)))
    return {c.unit.level for c in found if c.text == key}


def test_a_province_word_names_the_province_not_its_city_or_communes() -> None:
    index = _index()
    # The name is shared by the province, its city and a commune or ward.
    assert {u.level for u in index.names["bac giang"]} >= {UnitLevel.PROVINCE, UnitLevel.DISTRICT}
    assert _levels_named("Phường Tân Tiến, Tỉnh Bắc Giang", "bac giang") == {UnitLevel.PROVINCE}
    # Without a kind word, every unit of the name is still a candidate.
    assert UnitLevel.DISTRICT in _levels_named("Phường Tân Tiến, Bắc Giang", "bac giang")


def test_a_district_word_keeps_the_province_of_that_name() -> None:
    # "quan" inside "Động Quan" reads as a district word before "Yên Bái": the province must
    # stay, only units finer than a district are left out.
    assert UnitLevel.PROVINCE in _levels_named("X.Động Quan Yên Bái", "yen bai")
    [best] = resolve("X.Động Quan Yên Bái", as_of=OLD, limit=1)
    assert best.unit.name == "Xã Động Quan"


def test_the_province_word_no_longer_reads_as_the_city() -> None:
    [best] = resolve("p. tân tiến, tỉnh bắc giang", as_of=OLD, limit=1)
    assert best.unit.name == "Phường Tân Tiến"
    assert "province 'bac giang' (kind word)" in best.reason
    assert "other kind word" not in best.reason


def test_a_misspelt_district_in_its_own_part_beats_a_street_name() -> None:
    [best] = resolve("251 trần hưng đạo, giao chu, t. nam định", as_of=OLD, limit=1)
    assert best.unit.name == "Huyện Giao Thuỷ"
    assert "district by similarity ('giao chu')" in best.reason
    # The words beside a street's name in its own part are not read as a district.
    [best] = resolve("122 Lý Thường Kiệt Kỳ Thượng Tỉnh Hà Tĩnh", as_of=OLD, limit=1)
    assert best.unit.name == "Xã Kỳ Thượng"
