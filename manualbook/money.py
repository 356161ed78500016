"""Money as integer satang: parsing what clerks type, formatting, words.

One rule everywhere: an amount is an ``int`` of satang (1 baht = 100 satang)
from the moment text is parsed until it is formatted for a person. Floats
only appear when a spreadsheet cell hands us one, and then they must be
within 0.000001 of a whole satang or they are refused.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .messages import BookError, msg

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

MAX_SATANG = 10**15
_PLAIN = re.compile(r"(\d{1,3}(?:,\d{3})+|\d{1,16})(?:\.(\d{1,2}))?", re.ASCII)  # a trillion baht: more than any LAO will ever book


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


def parse_amount(text: str | int | float | Decimal | None, field: str = "จำนวนเงิน",
                 allow_zero: bool = True) -> int:
    """Parses an amount typed or read from a file into satang.

    Accepts "1234.5", "1,234.50", Thai digits, and Kedmanee-layout digits.
    Refuses negatives, more than two decimals, text, and numeric cells that
    are not within 0.000001 of a whole satang.
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        raise BookError(msg("amount_missing", field=field))
    if isinstance(text, bool):
        raise BookError(msg("amount_not_number", field=field, value=text))
    if isinstance(text, int):
        satang = text * 100
    elif isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise BookError(msg("amount_not_number", field=field, value=text))
        satang = round(text * 100)
        if abs(text - satang / 100) > 0.000001:
            raise BookError(msg("amount_fraction", field=field, value=text))
    elif isinstance(text, Decimal):
        satang = _decimal_satang(text, field, str(text))
    else:
        raw = str(text).strip()
        m = _PLAIN.fullmatch(raw)
        if m:  # the common case ("1,234.50", "120") without Decimal
            satang = int(m.group(1).replace(",", "")) * 100 + int((m.group(2) or "").ljust(2, "0"))
            return _bounded(satang, field, text, allow_zero)
        cleaned = to_arabic_digits(raw)
        if _looks_kedmanee(cleaned):
            cleaned = from_kedmanee(cleaned)
        if any(ch.isspace() for ch in cleaned):
            # a space groups thousands like a comma ("1 234.50"); "100 50" is two numbers
            # or a typo, never 10,050.00, so the groups are held to the comma's rule
            spaced = re.sub(r"(?<=\d)\s(?=\d)", ",", cleaned)
            if "," in cleaned or any(ch.isspace() for ch in spaced):
                raise BookError(msg("amount_not_number", field=field, value=raw))
            cleaned = spaced
        if cleaned.startswith("-") or cleaned.startswith("(") or cleaned.endswith("-"):
            raise BookError(msg("amount_negative", field=field, value=raw))
        if cleaned.startswith("+"):
            cleaned = cleaned[1:]
        if "," in cleaned:
            whole = cleaned.split(".")[0]
            groups = whole.split(",")
            if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
                raise BookError(msg("amount_not_number", field=field, value=raw))
            cleaned = cleaned.replace(",", "")
        if not cleaned or not all(c.isdigit() or c == "." for c in cleaned) or cleaned.count(".") > 1:
            raise BookError(msg("amount_not_number", field=field, value=raw))
        if "." in cleaned and len(cleaned.split(".")[1]) > 2:
            # "1.230" may be a mistyped 1,230: more than two typed decimals is refused
            raise BookError(msg("amount_decimals", field=field, value=raw))
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise BookError(msg("amount_not_number", field=field, value=raw)) from None
        satang = _decimal_satang(value, field, raw)
    return _bounded(satang, field, text, allow_zero)


def _bounded(satang: int, field: str, text, allow_zero: bool) -> int:
    if satang < 0:
        raise BookError(msg("amount_negative", field=field, value=text))
    if satang >= MAX_SATANG:
        raise BookError(msg("amount_too_large", field=field, value=text))
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
