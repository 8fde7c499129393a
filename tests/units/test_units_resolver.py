"""Place resolution: forms people write, noise, old names, hierarchy, accuracy."""

from __future__ import annotations

import importlib.util
import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh.text import fold
from dlxh.units import UnitMatch, catalog, resolve
from dlxh.units.evaluation import codes_of, noisy_addresses, score, strip_diacritics

OLD = date(2024, 6, 1)
NEW = date(2025, 8, 1)


def best(text: str, as_of: date | None = OLD, **kwargs: object) -> UnitMatch:
    matches = resolve(text, as_of=as_of, **kwargs)  # type: ignore[arg-type]
    assert matches, text
    return matches[0]


def test_the_public_example() -> None:
    matches = resolve("p. bến nghé, q1, hcm", as_of=OLD)
    top = matches[0]
    assert (top.unit.code, top.unit.name) == ("26740", "Phường Bến Nghé")
    assert top.district is not None
    assert top.district.name == "Quận 1"
    assert top.province is not None
    assert top.province.code == "79"
    assert 0.9 <= top.confidence <= 1.0
    assert "ben nghe" in top.reason
    assert all(a.confidence >= b.confidence for a, b in itertools.pairwise(matches))


@pytest.mark.parametrize(
    "text",
    [
        "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
        "phuong ben nghe quan 1 tp ho chi minh",
        "P.Bến Nghé, Q.1, TP.HCM",
        "P. BẾN NGHÉ - Q1 - TPHCM",
        "12 Lê Lợi, Bến Nghé, Quận 1, Sài Gòn",
        "Bến Nghé, Q1, Hồ Chí Minh",
    ],
)
def test_full_short_and_abbreviated_forms(text: str) -> None:
    assert best(text).unit.code == "26740"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("X. Yên Hoà, H. Tương Dương, T. Nghệ An", "16909"),
        ("xã yên hòa, huyện tương dương, nghệ an", "16909"),  # Hòa = Hoà
        ("TT Đông Anh, H. Đông Anh, Hà Nội", "00454"),
        ("Tx. Sơn Tây, Hà Nội", "269"),
        ("Phường 7, Quận Phú Nhuận, TP HCM", "27052"),
        ("F7, Q.Phú Nhuận, HCM", "27052"),
        ("P7 Phú Nhuận HCM", "27052"),
    ],
)
def test_kind_words_abbreviations_and_numbers_as_names(text: str, code: str) -> None:
    assert best(text).unit.code == code


def test_a_house_number_is_not_taken_for_a_numbered_ward() -> None:
    cat = catalog(as_of=OLD)
    numbered = {u.short_name for u in cat.children("770")}  # Quận 3 has numbered wards
    assert "12" in numbered
    top = best("12 Lê Lợi, Quận 3, TP.HCM")
    assert top.unit.code == "770"
    assert best("P.12, Quận 3, TP.HCM").unit.short_name == "12"


@pytest.mark.parametrize(
    "text",
    [
        "P.Bến Ngé, Q.1, TP.HCM",  # a letter dropped
        "Phuong Ben Nhge, Quan 1, Ho Chi Minh",  # two letters swapped
        "P. Bên Nghẹ, Q.1, HCM",  # wrong marks
        "P. Bến Nghê, Q. l, TP.HCM",  # OCR: l for 1
    ],
)
def test_typos_and_ocr_noise(text: str) -> None:
    assert best(text).unit.code == "26740"


def test_a_district_named_firmly_wins_over_a_commune_that_is_not_in_it() -> None:
    # Phú Nhuận has no Phường 3 in the state of 2024: the district is the honest answer.
    top = best("Phường 3, Quận Phú Nhuận, TP.HCM")
    assert top.unit.code == "768"


def test_the_province_narrows_the_search() -> None:
    # Many communes are called Tân Phú; the province decides.
    assert best("Xã Tân Phú, Đồng Nai").province.code == "75"  # type: ignore[union-attr]
    ambiguous = resolve("Xã Tân Phú", as_of=OLD)
    assert len(ambiguous) > 1
    assert ambiguous[0].confidence < 0.6


def test_within_keeps_matches_inside_a_unit() -> None:
    inside = resolve("Xã Tân Phú", as_of=OLD, within="75")
    assert inside
    assert all(m.province is not None and m.province.code == "75" for m in inside)
    assert resolve("Phường Bến Nghé", as_of=OLD, within="01") == []


def test_an_old_name_after_the_reform_gives_the_old_unit_and_its_successor() -> None:
    top = best("P. Bến Nghé, Q.1, TP.HCM", as_of=NEW)
    assert top.unit.code == "26740"
    assert top.unit.name == "Phường Bến Nghé"
    assert top.unit.valid_to == date(2025, 6, 30)
    assert [u.name for u in top.successors] == ["Phường Sài Gòn"]
    assert top.current.name == "Phường Sài Gòn"
    assert "former unit" in top.reason
    # a name of the new state resolves directly
    new = best("Phường Sài Gòn, TP.HCM", as_of=NEW)
    assert new.unit.name == "Phường Sài Gòn"
    assert new.successors == ()
    assert new.district is None


def test_an_old_province_after_the_merger() -> None:
    top = best("Tỉnh Bình Dương", as_of=NEW)
    assert top.unit.code == "74"
    assert [u.code for u in top.successors] == ["79"]


def test_the_2026_state_uses_the_new_names() -> None:
    top = best("Thành phố Quảng Ninh", as_of=date(2026, 10, 1))
    assert top.unit.name == "Thành phố Quảng Ninh"


def test_nothing_found_is_an_empty_list() -> None:
    assert resolve("", as_of=OLD) == []
    assert resolve("xyz qwv", as_of=OLD) == []


@settings(max_examples=40)
@given(st.integers(min_value=0, max_value=10_000_000))
def test_a_clean_full_address_resolves_to_its_commune(seed: int) -> None:
    cat = catalog(as_of=OLD)
    communes = cat.units(level="commune")
    unit = communes[seed % len(communes)]
    text = cat.path(unit)
    assert best(text).unit == unit
    # Without marks two names can fold alike (Trực Hưng, Trực Hùng): the same key is right.
    plain = best(strip_diacritics(text)).unit
    assert (fold(plain.name), plain.parent_code) == (fold(unit.name), unit.parent_code)


@given(st.text(max_size=60))
def test_any_text_gives_a_list_of_matches_with_confidences_in_range(text: str) -> None:
    for match in resolve(text, as_of=NEW):
        assert 0.0 < match.confidence <= 1.0
        assert match.reason


def test_accuracy_on_generated_noisy_addresses() -> None:
    data = noisy_addresses(catalog(as_of=OLD), 400, seed=11)
    ours = score(data, lambda text: codes_of(resolve(text, as_of=OLD, limit=1)))
    assert ours["province"] >= 0.95
    assert ours["district"] >= 0.92
    assert ours["commune"] >= 0.88
    clean = noisy_addresses(catalog(as_of=NEW), 200, seed=3, noise=0.0)
    assert score(clean, lambda text: codes_of(resolve(text, as_of=NEW, limit=1)))["commune"] >= 0.97


@pytest.mark.skipif(
    importlib.util.find_spec("vietnamadminunits") is None,
    reason="vietnamadminunits (the comparison anchor) is not installed",
)
def test_we_beat_the_anchor_on_every_level_of_the_same_data() -> None:
    from vietnamadminunits import parse_address

    def anchor(text: str) -> tuple[str | None, str | None, str | None]:
        try:
            unit = parse_address(text, mode="LEGACY", level=3)
        except Exception:
            return None, None, None
        return unit.province_code, unit.district_code, unit.ward_code

    data = noisy_addresses(catalog(as_of=OLD), 300, seed=5)
    ours = score(data, lambda text: codes_of(resolve(text, as_of=OLD, limit=1)))
    theirs = score(data, anchor)
    assert all(ours[level] > theirs[level] for level in ("province", "district", "commune"))


def test_an_upgraded_unit_is_found_under_its_former_kind_word() -> None:
    # Phú Mỹ was a thị xã before it became a thành phố; people keep writing the old word.
    assert best("Thị xã Phú Mỹ, Bà Rịa - Vũng Tàu").unit.name == "Thành phố Phú Mỹ"


@pytest.mark.parametrize(
    "text",
    [
        "Ben Nghe Ward, District 1, Ho Chi Minh City",
        "P.BếnNghé,Q.1,TP.HồChíMinh",
        "phuong ben nghe, quan 1, hcmc",
    ],
)
def test_english_kind_words_and_words_run_together(text: str) -> None:
    assert best(text).unit.code == "26740"


def test_a_street_or_a_hamlet_named_like_a_ward_is_not_taken_for_it() -> None:
    top = best("12 Trần Hưng Đạo, Phường Bến Nghé, Quận 1, TP.HCM")
    assert top.unit.code == "26740"
    hamlet = best("Thôn Đông Hà, xã Gio Sơn, huyện Gio Linh, Quảng Trị")
    assert hamlet.unit.name == "Xã Gio Sơn"


@pytest.mark.parametrize("as_of", [NEW, None])
def test_within_keeps_a_current_name_that_the_text_gives_in_full(as_of: date | None) -> None:
    # The ward's official name is the whole text; asked within its province, the earlier
    # state used to win with a unit found by similarity ("Xuân Hương" ~ Xã Xuân Trường).
    text = "phường Xuân Hương - Đà Lạt"
    plain = best(text, as_of=as_of)
    scoped = best(text, as_of=as_of, within="68")
    assert scoped.unit.name == plain.unit.name == "Phường Xuân Hương - Đà Lạt"
    assert scoped.unit.code == plain.unit.code
    assert scoped.successors == ()
    assert "similarity" not in scoped.reason
    assert scoped.province is not None and scoped.province.code == "68"


def test_within_still_takes_the_earlier_state_for_a_former_name() -> None:
    # The fix keeps the current reading only when it names the text exactly: a former
    # district named with its province still gives the former unit.
    top = best("Quận Gò Vấp, TP.HCM", as_of=NEW, within="79")
    assert top.unit.name == "Quận Gò Vấp"
    assert top.successors
