"""What may come in as text: control characters refused, document numbers normalised.

One place for the rules every way in shares (a form, the command line, an
entries file, a budget file, a keyed workbook):

- A text field refuses control characters (C0/C1, DEL, line and paragraph
  separators, lone surrogates, U+FFFE/U+FFFF) and very long values: such a
  character is invisible on screen, is refused by the workbook writer (one
  accepted party stopped every later export), and would be copied into
  every reversal.
- A receipt book number or receipt number is NFKC-normalised, Thai and
  Arabic-Indic digits become ASCII and leading zeros are dropped, so "12",
  "012", "１２" and "١٢" are one number; anything that is then not plain
  digits ("²", "①", "12a") is refused.
- Other document numbers (vouchers, slips, cheques, a bank transfer's
  reference) stay free text, normalised the same way (NFKC, digits to
  ASCII) so they compare equal however they were typed.
"""

from __future__ import annotations

import re
import unicodedata

from .messages import BookError, Problem, msg

MAX_TEXT = 1000  # characters in one text field (an Excel cell holds 32,767)
MAX_DIGITS = 9  # a receipt book or receipt number

# Characters a clerk cannot see or print and our writers refuse.
_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_DIGITS = str.maketrans({**{chr(0x0E50 + i): str(i) for i in range(10)},    # Thai
                         **{chr(0x0660 + i): str(i) for i in range(10)},    # Arabic-Indic
                         **{chr(0x06F0 + i): str(i) for i in range(10)}})   # Extended Arabic-Indic
_ASCII_DIGITS = re.compile(r"[0-9]+")
KEY_RE = re.compile(r"^[A-Za-z0-9_\-]{1,32}$")  # an account's, budget line's or commitment's key


def bad_character(text: str) -> str | None:
    """The first refused character of ``text`` as "U+0001", or None."""
    m = _BAD.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def text_problem(value: str, field: str, limit: int = MAX_TEXT) -> Problem | None:
    """The problem with one text field's value, if any (the row is added by the caller)."""
    if not value:
        return None
    code = bad_character(value)
    if code:
        return msg("text_control", field=field, code=code)
    if len(value) > limit:
        return msg("text_too_long", field=field, length=f"{len(value):,}", limit=f"{limit:,}")
    return None


def check_text(value: str | None, field: str, limit: int = MAX_TEXT) -> str:
    """Returns the value (stripped) or raises BookError naming the field.

    Checked before stripping: a leading tab or CR is refused, never quietly
    dropped ("\t=1+1" must not become "=1+1")."""
    problem = text_problem(value or "", field, limit)
    if problem:
        raise BookError(problem)
    return (value or "").strip()


def check_texts(fields: dict[str, str | None]) -> None:
    """Raises with every problem of several {label: value} fields at once (unstripped, as above)."""
    problems = [p for label, value in fields.items() if (p := text_problem(value or "", label))]
    if problems:
        raise BookError(problems)


def raw_problems(values: dict, labels: dict[str, str]) -> list[Problem]:
    """Control characters in the raw text values of a row, before anything is stripped."""
    try:
        joined = "".join(values.values())  # a CSV row: text only
    except TypeError:
        joined = "".join(v for v in values.values() if isinstance(v, str))
    if not bad_character(joined):
        return []
    return [p for key, v in values.items()
            if isinstance(v, str) and (p := text_problem(v, labels.get(key, key), limit=10**9))]


def doc_text(value: str) -> str:
    """A free-text document number as compared and stored: NFKC, digits to ASCII, trimmed."""
    if not value:
        return ""
    if value.isascii():
        return value.strip()
    return unicodedata.normalize("NFKC", value).translate(_DIGITS).strip()


def receipt_number(value: str) -> str | None:
    """A receipt book or receipt number as stored ("012", "１２", "๑๒" -> "12"), or None
    when it is not a whole number of at most MAX_DIGITS digits from 1 up.

    Only decimal digits (Unicode category Nd) are accepted before NFKC: NFKC
    would turn "²" and "①" into "2" and "1", which are not what was written.
    """
    if value.__class__ is str and value.isdigit() and value.isascii():  # the common case: "0123"
        text = value.lstrip("0")
        return text if text and len(text) <= MAX_DIGITS else None
    text = (value or "").strip()
    if not text:
        return None
    if not text.isascii():
        if not all(unicodedata.category(ch) == "Nd" for ch in text):
            return None
        text = unicodedata.normalize("NFKC", text).translate(_DIGITS)
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    text = text.lstrip("0")
    if not text or len(text) > MAX_DIGITS:
        return None
    return text


def receipt_int(value: str) -> int | None:
    """A stored receipt number as an int; None for a value an older version let in ("²")."""
    text = receipt_number(value)
    return int(text) if text else None
