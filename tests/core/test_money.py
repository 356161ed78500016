"""Amounts: parsing what clerks type or spreadsheets hand over, formatting, words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from _support import has_thai
from manualbook.messages import BookError
from manualbook.money import MAX_SATANG, baht_words, format_amount, number_words, parse_amount

# ------------------------------------------------------------------ parse_amount: accepted


@pytest.mark.parametrize("text, satang", [
    ("1234.5", 123450),
    ("1234.50", 123450),
    ("1,234.50", 123450),
    ("1,234", 123400),
    ("12,345,678.90", 1234567890),
    ("0.01", 1),
    ("0.5", 50),
    (".5", 50),
    ("100", 10000),
    ("  1,000.00  ", 100000),
    ("1 234.50", 123450),             # a space typed as a thousands separator
    ("+15", 1500),
    ("๑,๒๓๔.๕๐", 123450),             # Thai digits
    ("๘๐๐", 80000),
    ("คจจใจจ", 80000),                 # Kedmanee layout for "800.00"
    ("ๅม/-ภใถจ", 123450),              # Kedmanee layout for "1,234.50"
    ("ๅ/-ภ", 123400),                  # Kedmanee layout for "1234"
    (1234.5, 123450),                 # a float cell
    (0.1 + 0.2, 30),                  # float noise far below a satang
    (1234.5000004, 123450),           # within 0.000001 of a satang
    (100, 10000),                     # an int cell is baht
    (0, 0),
    (Decimal("12.34"), 1234),
])
def test_parse_amount_accepts(text, satang):
    assert parse_amount(text) == satang


# ------------------------------------------------------------------ parse_amount: refused


@pytest.mark.parametrize("text, code", [
    ("-5", "amount_negative"),
    ("-1,234.50", "amount_negative"),
    ("(500.00)", "amount_negative"),   # accountants' negative
    ("500-", "amount_negative"),
    ("๑๒๓-", "amount_negative"),
    (-5, "amount_negative"),
    (-0.5, "amount_negative"),
    (Decimal("-1"), "amount_negative"),
    ("1.234", "amount_decimals"),
    ("0.001", "amount_decimals"),
    ("1,234.567", "amount_decimals"),
    (Decimal("1.005"), "amount_decimals"),
    ("abc", "amount_not_number"),
    ("12a", "amount_not_number"),
    ("หนึ่งร้อย", "amount_not_number"),
    ("1.2.3", "amount_not_number"),
    ("1,23.00", "amount_not_number"),   # bad comma groups
    ("12,3456", "amount_not_number"),
    ("1234,567", "amount_not_number"),
    (",123", "amount_not_number"),
    ("1,,234", "amount_not_number"),
    ("1,234,56", "amount_not_number"),
    ("1e3", "amount_not_number"),
    ("nan", "amount_not_number"),
    ("฿100", "amount_not_number"),
    (float("nan"), "amount_not_number"),
    (float("inf"), "amount_not_number"),
    (True, "amount_not_number"),
    (1.005, "amount_fraction"),          # a float cell half a satang off
    (1234.5000011, "amount_fraction"),   # just outside 0.000001
    (0.001, "amount_fraction"),
    ("", "amount_missing"),
    ("   ", "amount_missing"),
    (None, "amount_missing"),
    ("1000000000000000", "amount_too_large"),
])
def test_parse_amount_refuses_with_thai_message(text, code):
    with pytest.raises(BookError) as err:
        parse_amount(text, field="จำนวนเงิน")
    assert err.value.code == code
    message = err.value.text()
    assert has_thai(message)
    assert "จำนวนเงิน" in message  # names the field


def test_parse_amount_zero_refused_when_not_allowed():
    with pytest.raises(BookError) as err:
        parse_amount("0.00", allow_zero=False)
    assert err.value.code == "amount_zero"
    assert "มากกว่าศูนย์" in err.value.text()


def test_refusal_message_quotes_what_was_typed():
    with pytest.raises(BookError) as err:
        parse_amount("12,3456", field="ภาษีหัก ณ ที่จ่าย")
    assert "12,3456" in err.value.text()
    assert "ภาษีหัก ณ ที่จ่าย" in err.value.text()


@pytest.mark.parametrize("text", ["1.230", "1,234.500", "5.000"])
def test_three_typed_decimals_refused_even_when_trailing_zero(text):
    with pytest.raises(BookError) as err:
        parse_amount(text)
    assert err.value.code == "amount_decimals"


# ------------------------------------------------------------------ format_amount


@pytest.mark.parametrize("satang, text", [
    (0, "0.00"), (5, "0.05"), (50, "0.50"), (100, "1.00"), (123450, "1,234.50"),
    (100_000_000, "1,000,000.00"), (-123450, "-1,234.50"), (-5, "-0.05"),
    (99_999_999_999_999, "999,999,999,999.99"),
])
def test_format_amount(satang, text):
    assert format_amount(satang) == text


def test_format_amount_thai_digits():
    assert format_amount(123450, thai_digits=True) == "๑,๒๓๔.๕๐"


# ------------------------------------------------------------------ baht_words

DOMAIN_VECTORS = [
    (800, "แปดบาทถ้วน"),
    (1111, "สิบเอ็ดบาทสิบเอ็ดสตางค์"),
    (67, "หกสิบเจ็ดสตางค์"),
    (2100, "ยี่สิบเอ็ดบาทถ้วน"),
    (10100, "หนึ่งร้อยเอ็ดบาทถ้วน"),
    (100_000_000, "หนึ่งล้านบาทถ้วน"),
    (5_100_000_100, "ห้าสิบเอ็ดล้านหนึ่งบาทถ้วน"),  # documented rule (Excel BAHTTEXT)
]
OUR_VECTORS = [
    (0, "ศูนย์บาทถ้วน"),
    (1, "หนึ่งสตางค์"),
    (21, "ยี่สิบเอ็ดสตางค์"),
    (10, "สิบสตางค์"),
    (100, "หนึ่งบาทถ้วน"),
    (1000, "สิบบาทถ้วน"),
    (2000, "ยี่สิบบาทถ้วน"),
    (11100, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
    (100100, "หนึ่งพันเอ็ดบาทถ้วน"),  # 1,001: a higher digit of the group is non-zero
    (100_000_100, "หนึ่งล้านหนึ่งบาทถ้วน"),
    (1_000_000_000, "สิบล้านบาทถ้วน"),
    (1_100_000_000, "สิบเอ็ดล้านบาทถ้วน"),
    (110_000_000, "หนึ่งล้านหนึ่งแสนบาทถ้วน"),
    (2_100_002_100, "ยี่สิบเอ็ดล้านยี่สิบเอ็ดบาทถ้วน"),
    (123_456_789, "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์"),
    (100_000_000_000_000, "หนึ่งล้านล้านบาทถ้วน"),
    (1_068_421_50, "หนึ่งล้านหกหมื่นแปดพันสี่ร้อยยี่สิบเอ็ดบาทห้าสิบสตางค์"),
]


@pytest.mark.parametrize("satang, words", DOMAIN_VECTORS + OUR_VECTORS)
def test_baht_words(satang, words):
    assert baht_words(satang) == words


def test_number_words_small():
    assert [number_words(n) for n in (0, 1, 11, 20, 21, 101, 1001)] == [
        "ศูนย์", "หนึ่ง", "สิบเอ็ด", "ยี่สิบ", "ยี่สิบเอ็ด", "หนึ่งร้อยเอ็ด", "หนึ่งพันเอ็ด"]


# ------------------------------------------------------------------ properties

satang_values = st.integers(min_value=0, max_value=MAX_SATANG - 1)


@settings(max_examples=300, deadline=None, database=None)
@given(satang_values)
def test_format_then_parse_round_trips(satang):
    assert parse_amount(format_amount(satang)) == satang
    assert parse_amount(format_amount(satang, thai_digits=True)) == satang
    assert parse_amount(format_amount(satang).replace(",", "")) == satang


@settings(max_examples=300, deadline=None, database=None)
@given(satang_values)
def test_words_never_empty_and_end_right(satang):
    words = baht_words(satang)
    assert words
    assert words.endswith("ถ้วน") or words.endswith("สตางค์")
    assert words.endswith("ถ้วน") == (satang % 100 == 0)
    assert ("บาท" in words) == (satang >= 100 or satang == 0)
    assert all("\u0e00" <= ch <= "\u0e7f" for ch in words)
    for wrong in ("หนึ่งสิบ", "สองสิบ", "ศูนย์บาท" if satang else "@", "ล้านเอ็ด"):
        assert wrong not in words
    assert not words.startswith("เอ็ด")


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_parse_float_cells_of_whole_satang(baht, st_):
    value = baht + st_ / 100  # what a spreadsheet hands over for a typed amount
    assert parse_amount(value) == baht * 100 + st_
