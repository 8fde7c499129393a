"""Redaction of phone numbers, ID card numbers and e-mail addresses in free text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.exporters.dates_vi import date_in_words, numeric_date, place_date_line
from dlxh.exporters.redaction import PLACEHOLDERS, redact_text

PHONE = PLACEHOLDERS["phone"]
ID = PLACEHOLDERS["id_number"]
EMAIL = PLACEHOLDERS["email"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gọi 0912345678 nhé", f"Gọi {PHONE} nhé"),
        ("SĐT: 0912 345 678.", f"SĐT: {PHONE}."),
        ("số 0912.345.678;", f"số {PHONE};"),
        ("số 0912-345-678", f"số {PHONE}"),
        ("+84 912 345 678", PHONE),
        ("+84912345678", PHONE),
        ("(+84) 912345678", PHONE),
        ("84912345678", PHONE),
        ("ĐT bàn 024 3825 1234", f"ĐT bàn {PHONE}"),
        ("02438251234", PHONE),
        ("0236.3822.123", PHONE),
        ("CCCD 001203004567 cấp ngày", f"CCCD {ID} cấp ngày"),
        ("CMND số 123456789", f"CMND số {ID}"),
        ("thư gửi nguyen.van.a@gmail.com.", f"thư gửi {EMAIL}."),
        ("liên hệ ho-tro+dlxh@mttq.org.vn hoặc 0987654321",
         f"liên hệ {EMAIL} hoặc {PHONE}"),
    ],
)
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bồi thường 150.000.000 đồng mỗi hộ",
        "Hỗ trợ 150000000 đồng",
        "Ngày 05-11-2026, 35 hộ, năm 2026",
        "Quyết định số 1234/QĐ-UBND",
        "Mã đơn vị 26734, thôn 12",
        "Số 0912345678901 quá dài cho số điện thoại",
        "Tỷ lệ 12,5% và 1234567890",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert redact_text(text) == text


def test_keep_allows_a_kind() -> None:
    text = "a@b.vn 0912345678"
    assert redact_text(text, keep={"email"}) == f"a@b.vn {PHONE}"
    with pytest.raises(ValueError, match="unknown redaction kinds"):
        redact_text(text, keep={"name"})


@given(st.text())
def test_redaction_is_idempotent(text: str) -> None:
    once = redact_text(text)
    assert redact_text(once) == once


@given(st.from_regex(r"0[35789][0-9]{8}", fullmatch=True), st.sampled_from([" ", ". ", ", "]))
def test_any_mobile_in_a_sentence_is_redacted(number: str, after: str) -> None:
    assert redact_text(f"Số của tôi là {number}{after}cảm ơn") == (
        f"Số của tôi là {PHONE}{after}cảm ơn")


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(2026, 11, 5), "ngày 05 tháng 11 năm 2026"),
        (dt.date(2026, 1, 1), "ngày 01 tháng 01 năm 2026"),
        (dt.date(2026, 2, 10), "ngày 10 tháng 02 năm 2026"),
        (dt.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_dates_in_words_follow_the_decree(day: dt.date, words: str) -> None:
    assert date_in_words(day) == words


def test_place_date_line_and_numeric_date() -> None:
    assert place_date_line("Hà Nội", dt.date(2026, 11, 5)) == "Hà Nội, ngày 05 tháng 11 năm 2026"
    assert place_date_line(None, dt.date(2026, 11, 5)) == "Ngày 05 tháng 11 năm 2026"
    assert place_date_line("Huế", None) == "Huế, ngày    tháng    năm 20..."
    assert numeric_date(dt.date(2026, 3, 4)) == "04/03/2026"
    assert numeric_date(None) == ""
