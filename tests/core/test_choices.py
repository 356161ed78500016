"""How typed text finds a revenue code, a budget line or an account (the pickers' rule)."""

from __future__ import annotations

import pytest

from manualbook.choices import Choice, match, problem

CODES = [Choice("41100001", "41100001  ภาษีโรงเรือนและที่ดิน"), Choice("41100002", "41100002  ภาษีบำรุงท้องที่"),
         Choice("41100003", "41100003  ภาษีป้าย"), Choice("41210008", "41210008  ค่าธรรมเนียมเก็บขนขยะมูลฝอย"),
         Choice("WHT", "WHT  ภาษีหัก ณ ที่จ่าย (เงินรับฝาก)", "held")]
LINES = [Choice("L01", "L01  เงินเดือนพนักงาน"), Choice("L07", "L07  ค่าวัสดุสำนักงาน"),
         Choice("L010", "L010  โครงการถนน")]


@pytest.mark.parametrize("text, key", [
    ("41100003", "41100003"),        # a code typed in full is that code
    ("๔๑๑๐๐๐๐๓", "41100003"),        # in Thai digits
    ("ฟ", None),
    ("wht", "WHT"),                  # any case
    ("41100003  ภาษีป้าย", "41100003"),  # the whole label
    ("41100003 ภาษีป้าย", "41100003"),
    ("ภาษีป้าย", None),              # part of a name filters; it is not a choice until taken
    ("4110000", None),               # a code not typed in full
    ("", None),
])
def test_exact(text, key):
    m = match(text, CODES)
    assert (m.exact.key if m.exact else None) == key


def test_thai_layout_digits_are_a_code():
    # "41100003" typed with the Thai Kedmanee layout still on
    typed = "41100003".translate(str.maketrans("0123456789", "จๅ/-ภถุึคต"))
    assert typed == "ภๅๅจจจจ-"
    assert match(typed, CODES).exact.key == "41100003"


def test_filter_by_any_part_of_the_name_word_by_word():
    assert [c.key for c in match("มูลฝอย", CODES).items] == ["41210008"]
    assert [c.key for c in match("ภาษี", CODES).items] == ["41100001", "41100002", "41100003", "WHT"]
    assert [c.key for c in match("ภาษี ป้าย", CODES).items] == ["41100003"]
    assert match("ไม่มีชื่อนี้", CODES).items == ()


def test_code_prefix_sorts_first_and_exact_key_wins_over_longer_keys():
    m = match("L01", LINES)
    assert m.exact.key == "L01"
    assert [c.key for c in m.items] == ["L01", "L010"]
    m = match("L07", LINES)  # the transfer dialog took L01 for L07
    assert m.exact.key == "L07" and [c.key for c in m.items] == ["L07"]


def test_problem_names_the_field_and_what_to_do():
    assert problem("41100003", CODES, "รหัสรายรับ", "รหัสรายรับ") is None
    assert problem("", CODES, "รหัสรายรับ", "รหัสรายรับ") is None
    several = problem("ภาษี", CODES, "รหัสรายรับ", "รหัสรายรับ")
    assert '"ภาษี"' in several and "4 รายการ" in several and "ยังไม่ได้เลือก" in several
    none = problem("9999", CODES, "รหัสรายรับ", "รหัสรายรับ")
    assert 'ไม่มีรหัสรายรับ "9999"' in none
