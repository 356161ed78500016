"""Money as integer satang: parsing what clerks type, formatting, words.

One rule everywhere: an amount is an ``int`` of satang (1 baht = 100 satang)
from the moment text is parsed until it is formatted for a person. Floats
only appear when a spreadsheet cell hands us one, and then they must be
within 0.000001 of a whole satang or they are refused.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NoReturn

from .messages import BookError, msg, problem

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

# Kedmanee layout: what the unshifted number row and punctuation give when the
# clerk forgot to switch to English (xkeyboard-config symbols/th).
KEDMANEE_TO_ASCII = str.maketrans({
    "ๅ": "1", "/": "2", "-": "3", "ภ": "4", "ถ": "5", "ุ": "6", "ึ": "7",
    "ค": "8", "ต": "9", "จ": "0", "ข": "-", "ช": "=", "ฝ": "/", "ม": ",",
    "ใ": ".",
})


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def from_kedmanee(text: str) -> str:
    """Reads digits typed with the Thai layout still on ("คจจใจจ" -> "800.00").

    Only applied when the text contains none of the characters that are
    valid in the English reading, so a real "/" or "-" is never remapped.
    """
    return text.translate(KEDMANEE_TO_ASCII)


def _looks_kedmanee(text: str) -> bool:
    keys = set("ๅภถุึคตจขชฝมใ")
    return any(ch in keys for ch in text)


MAX_SATANG = 10**15  # a trillion baht: more than any LAO will ever book
_PLAIN = re.compile(r"(\d{1,3}(?:,\d{3})+|\d{1,16})(?:\.(\d{1,2}))?", re.ASCII)
DASHES = ("-", "–", "—")  # a printed report's dashes: alone a zero, in front a minus
# An amount's shape once signs are off: thousands grouped by commas or not, then decimals.
AMOUNT_SHAPE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class AmountRules:
    """How one kind of input writes an amount; ``parse_amount`` reads by them.

    TYPED is what a clerk types and the entries file holds; SHEET_CELL is a
    cell of a budget sheet (e-LAAS or the contract's plain file), written as
    printed reports write amounts.
    """

    thai_layout: bool = True     # digits typed with the Kedmanee layout still on ("คจจ" = 800)
    dash_is_zero: bool = False   # "-" (or "–", "—") alone is a printed zero
    printed_signs: bool = False  # spaces dropped; "–5" and "(5)" negative, "(5" and "5-" not numbers; no "+15",
                                 # no ".5"; else a space groups thousands ("1 234"), "+15" and ".5" read, and
                                 # "-…", "(…" and "…-" are refused as negative whatever follows; a negative
                                 # number cell is called negative before its decimals are looked at
    limit: int | None = MAX_SATANG
    codes: str = "amount"        # message codes "amount_*" (name the field) or "cell_amount_*" (quote the cell)


TYPED = AmountRules()
SHEET_CELL = AmountRules(thai_layout=False, dash_is_zero=True, printed_signs=True, limit=None,
                         codes="cell_amount")


def parse_amount(value: str | int | float | Decimal | None, field: str = "จำนวนเงิน",
                 allow_zero: bool = True, *, rules: AmountRules = TYPED) -> int:
    """Parses an amount typed or read from a file into satang.

    Accepts "1234.5", "1,234.50", Thai digits, and (typed) Kedmanee-layout
    digits. Refuses negatives, more than two decimals, text, and numeric cells
    that are not within 0.000001 of a whole satang. Raises BookError.
    """
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        if rules.codes == "amount" and not isinstance(value, bool):  # a sheet's blank cell: "not a number"
            raise BookError(msg("amount_missing", field=field))
        _refuse("not_number", rules, field, value, "" if value is None else " ".join(str(value).split()))
    if isinstance(value, int):
        satang = value * 100
    elif isinstance(value, float):
        satang = _float_satang(value, field, rules)
    elif isinstance(value, Decimal):
        satang = _decimal_satang(value, field, str(value))
    else:
        raw = str(value).strip()
        satang = plain_satang(raw)  # the common case ("1,234.50", "120") without more work
        if satang < 0:
            satang = _text_satang(raw, field, rules)
    return _bounded(satang, field, value, allow_zero, rules)


def plain_satang(raw) -> int:
    """Satang of a plain amount ("1,234.50", "120", nothing around it), -1 for anything else:
    ``parse_amount``'s first case, which a caller reading many rows may try first."""
    m = _PLAIN.fullmatch(raw) if raw.__class__ is str else None
    if m is None:
        return -1
    cents = m.group(2)
    return int(m.group(1).replace(",", "")) * 100 + (int(cents.ljust(2, "0")) if cents else 0)


def _refuse(kind: str, rules: AmountRules, field: str, value, shown: str | None = None) -> NoReturn:
    """Raises the refusal ``kind`` in the rules' words: typed messages name the
    field (the value shown safely), cell messages quote the cell as it is."""
    if rules.codes == "amount":
        raise BookError(msg(f"amount_{kind}", field=field, value=value))
    raise BookError(problem(f"cell_amount_{kind}", value=value if shown is None else shown))


def _float_satang(value: float, field: str, rules: AmountRules) -> int:
    if not math.isfinite(value):
        _refuse("not_number", rules, field, value)
    if value < 0 and rules.printed_signs:
        _refuse("negative", rules, field, value)
    satang = round(value * 100)
    if abs(value - satang / 100) > 0.000001:
        _refuse("fraction", rules, field, value, f"{value!r}")
    return satang


def _text_satang(raw: str, field: str, rules: AmountRules) -> int:
    """Text that is not a plain "1,234.50": other digits, spaces, signs."""
    text = to_arabic_digits(raw)
    if rules.thai_layout and _looks_kedmanee(text):
        text = from_kedmanee(text)
    if rules.dash_is_zero and "".join(text.split()) in DASHES:
        return 0
    if rules.printed_signs:
        return _printed_satang("".join(text.split()), raw, field, rules)
    if any(ch.isspace() for ch in text):
        # a space groups thousands like a comma ("1 234.50"); "100 50" is two numbers
        # or a typo, never 10,050.00, so the groups are held to the comma's rule
        spaced = re.sub(r"(?<=\d)\s(?=\d)", ",", text)
        if "," in text or any(ch.isspace() for ch in spaced):
            _refuse("not_number", rules, field, raw)
        text = spaced
    if text.startswith(("-", "(")) or text.endswith("-"):
        _refuse("negative", rules, field, raw)
    text = text.removeprefix("+")
    if "," in text:
        groups = text.split(".")[0].split(",")
        if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            _refuse("not_number", rules, field, raw)
        text = text.replace(",", "")
    if not text or not all(c.isdigit() or c == "." for c in text) or text.count(".") > 1:
        _refuse("not_number", rules, field, raw)
    if "." in text and len(text.split(".")[1]) > 2:
        # "1.230" may be a mistyped 1,230: more than two typed decimals is refused
        _refuse("decimals", rules, field, raw)
    try:
        value = Decimal(text)
    except InvalidOperation:
        _refuse("not_number", rules, field, raw)
    return _decimal_satang(value, field, raw)


def _printed_satang(text: str, raw: str, field: str, rules: AmountRules) -> int:
    """As a printed report writes it: a leading dash or parentheses mark a
    negative (refused), no "+" and no ".5"."""
    negative = text[:1] in DASHES or (text.startswith("(") and text.endswith(")"))
    body = text.strip("()").lstrip("".join(DASHES)) if negative else text
    m = AMOUNT_SHAPE.fullmatch(body)
    if not m:
        _refuse("not_number", rules, field, raw)
    if negative:
        _refuse("negative", rules, field, raw)
    if m.group(1) is not None and len(m.group(1)) > 2:
        _refuse("decimals", rules, field, raw)
    whole, _, frac = body.replace(",", "").partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def _bounded(satang: int, field: str, value, allow_zero: bool, rules: AmountRules) -> int:
    if satang < 0:
        _refuse("negative", rules, field, value)
    if rules.limit is not None and satang >= rules.limit:
        raise BookError(msg("amount_too_large", field=field, value=value))
    if not allow_zero and satang == 0:
        raise BookError(msg("amount_zero", field=field))
    return satang


def _decimal_satang(value: Decimal, field: str, raw: str) -> int:
    if not value.is_finite():
        raise BookError(msg("amount_not_number", field=field, value=raw))
    if value < 0:
        raise BookError(msg("amount_negative", field=field, value=raw))
    scaled = value * 100
    if scaled != scaled.to_integral_value():
        raise BookError(msg("amount_decimals", field=field, value=raw))
    return int(scaled)


def format_amount(satang: int, thai_digits: bool = False) -> str:
    """1234550 -> "12,345.50" (negative: "-12,345.50")."""
    sign = "-" if satang < 0 else ""
    baht, st = divmod(abs(satang), 100)
    text = f"{sign}{baht:,}.{st:02d}"
    return to_thai_digits(text) if thai_digits else text


_DIGIT_WORDS = ["", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
_PLACE_WORDS = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]


def _group_words(n: int) -> str:
    """Words for 0 <= n < 1,000,000.

    Rule (the same as Excel's BAHTTEXT): a units digit 1 is read "เอ็ด" when
    any higher digit of the same six-digit group is non-zero (101 หนึ่งร้อยเอ็ด,
    21 ยี่สิบเอ็ด), otherwise "หนึ่ง" (1,000,001 หนึ่งล้านหนึ่ง); tens 2 is "ยี่สิบ",
    tens 1 is "สิบ".
    """
    digits = [int(d) for d in str(n)][::-1]
    parts = []
    for place in range(len(digits) - 1, -1, -1):
        d = digits[place]
        if d == 0:
            continue
        if place == 0 and d == 1 and n > 9:
            parts.append("เอ็ด")
        elif place == 1 and d == 1:
            parts.append("สิบ")
        elif place == 1 and d == 2:
            parts.append("ยี่สิบ")
        else:
            parts.append(_DIGIT_WORDS[d] + _PLACE_WORDS[place])
    return "".join(parts)


def number_words(n: int) -> str:
    """Thai words for a non-negative integer, with ล้าน repeated for big numbers."""
    if n == 0:
        return "ศูนย์"
    groups = []
    while n:
        n, rest = divmod(n, 1_000_000)
        groups.append(rest)
    out = ""
    for i, g in enumerate(reversed(groups)):
        is_last = i == len(groups) - 1
        if g:
            out += _group_words(g)
        if not is_last:
            out += "ล้าน"
    return out


def baht_words(satang: int) -> str:
    """11.11 -> "สิบเอ็ดบาทสิบเอ็ดสตางค์"; 8.00 -> "แปดบาทถ้วน"; 0.67 -> "หกสิบเจ็ดสตางค์"."""
    if satang < 0:
        return "ลบ" + baht_words(-satang)
    baht, st = divmod(satang, 100)
    if baht == 0 and st == 0:
        return "ศูนย์บาทถ้วน"
    text = number_words(baht) + "บาท" if baht else ""
    if st:
        text += number_words(st) + "สตางค์"
    else:
        text += "ถ้วน"
    return text
