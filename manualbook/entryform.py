"""From raw values (a file row, a form) to an ``EntryDraft``: field-level checks.

Used by the import path, the command line and the GUI forms alike, so a
rule about a field lives in one place. Checks that need the book (codes
exist, numbers unused, budget, balances) are in ``rules``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Iterable, Iterator

from .messages import BookError, Problem, msg
from .model import KIND_FROM_TEXT, KIND_THAI, METHOD_FROM_TEXT, EntryDraft
from .money import parse_amount, to_arabic_digits
from .thaidate import fiscal_year, parse_date

# file column key -> (Thai heading, the label used in messages)
COLUMNS = {
    "date": "วันที่",
    "kind": "ประเภท",
    "book": "เล่มที่",
    "number": "เลขที่",
    "party": "ผู้ชำระ/ผู้รับ",
    "code": "รหัสรายรับ",
    "line": "รายการงบ",
    "description": "รายละเอียด",
    "amount": "จำนวนเงิน",
    "wht": "ภาษีหัก ณ ที่จ่าย",
    "method": "วิธีรับจ่าย",
    "account": "บัญชี",
    "cheque": "เลขที่เช็ค",
    "commitment": "ใบสั่ง/สัญญา",
}
_HEADING_TO_KEY = {**{k: k for k in COLUMNS}, **{v: k for k, v in COLUMNS.items()}}
# Fields each kind needs (beyond date and kind) and fields it must leave empty.
REQUIRED = {
    "receipt": ("amount", "code"),
    "deposit": ("amount", "account"),
    "withdraw": ("amount", "account"),
    "payment": ("amount", "number", "party", "line"),
    "void": ("book", "number", "description"),
}
FORBIDDEN = {
    "receipt": ("line", "wht", "cheque", "commitment"),
    "deposit": ("code", "line", "wht", "cheque", "commitment", "book"),
    "withdraw": ("code", "line", "wht", "commitment", "book"),
    "payment": ("code", "book"),
    "void": ("amount", "wht", "code", "line", "method", "account", "cheque", "commitment"),
}


def column_key(heading: str) -> str | None:
    """Maps an English key or Thai heading (also "วันที่ (date)" forms) to a key."""
    text = str(heading or "").strip().lstrip("\ufeff").strip()
    if text in _HEADING_TO_KEY:
        return _HEADING_TO_KEY[text]
    if "(" in text and text.endswith(")"):
        outer, inner = text[:-1].split("(", 1)
        for part in (inner.strip(), outer.strip()):
            if part in _HEADING_TO_KEY:
                return _HEADING_TO_KEY[part]
    return _HEADING_TO_KEY.get(text.lower())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_arabic_digits(str(value)).strip() if not isinstance(value, str) else value.strip()


def _number_text(value) -> str:
    """Document numbers: "12", 12, 12.0 and "๑๒" are all "12"."""
    return to_arabic_digits(_text(value))


def draft_from_values(values: dict, row: int | None = None) -> tuple[EntryDraft | None, list[Problem]]:
    """Parses one row's raw values into a draft, or returns every problem in it."""
    problems: list[Problem] = []

    def fail(problem: Problem) -> None:
        problems.append(problem.at_row(row) if row is not None else problem)

    kind_raw = _text(values.get("kind"))
    kind = KIND_FROM_TEXT.get(kind_raw) or KIND_FROM_TEXT.get(kind_raw.lower())
    if not kind:
        fail(msg("kind_bad", value=kind_raw))
    try:
        date = parse_date(values.get("date"), field=COLUMNS["date"])
    except BookError as exc:
        date = None
        for p in exc.problems:
            fail(p)
    if not kind:
        return None, problems
    text_fields = {k: _text(values.get(k)) for k in ("party", "code", "line", "description", "account", "commitment")}
    text_fields["book"] = _number_text(values.get("book"))
    text_fields["number"] = _number_text(values.get("number"))
    text_fields["cheque"] = _number_text(values.get("cheque"))
    present = {k for k, v in text_fields.items() if v}
    amount = wht = 0
    raw_amount, raw_wht = values.get("amount"), values.get("wht")
    if raw_amount not in (None, ""):
        present.add("amount")
        if kind != "void":
            try:
                amount = parse_amount(raw_amount, field=COLUMNS["amount"], allow_zero=False)
            except BookError as exc:
                fail(exc.problems[0])
    if raw_wht not in (None, "") and _text(raw_wht) not in ("0", "0.00", "0.0"):
        present.add("wht")
        if kind == "payment":
            try:
                wht = parse_amount(raw_wht, field=COLUMNS["wht"])
            except BookError as exc:
                fail(exc.problems[0])
    method_raw = _text(values.get("method"))
    method = ""
    if method_raw:
        present.add("method")
        method = METHOD_FROM_TEXT.get(method_raw) or METHOD_FROM_TEXT.get(method_raw.lower(), "")
        if not method:
            fail(msg("method_bad", value=method_raw))
    for name in REQUIRED[kind]:
        if name not in present:
            fail(msg("field_required", field=COLUMNS[name], kind=KIND_THAI[kind]))
    for name in FORBIDDEN[kind]:
        if name in present:
            fail(msg("field_not_allowed", field=COLUMNS[name], kind=KIND_THAI[kind]))
    # A receipt that arrived by bank transfer may have no receipt book: its number is
    # then the bank's reference (any text), unique per account (rules.Uniqueness).
    bank_ref = kind == "receipt" and not text_fields["book"] and bool(text_fields["number"])
    if kind in ("receipt", "void") and text_fields["book"] and not text_fields["number"]:
        fail(msg("field_required", field=COLUMNS["number"], kind=KIND_THAI[kind]))
    for name in ("book", "number"):
        if kind in ("receipt", "void") and text_fields[name] and not text_fields[name].isdigit() \
                and not (bank_ref and name == "number"):
            fail(msg("number_bad", field=COLUMNS[name], value=text_fields[name]))
    if kind in ("deposit", "withdraw"):
        method = method or "transfer"
    elif kind in ("receipt", "payment"):
        method = method or ("transfer" if text_fields["account"] and not text_fields["cheque"] else
                            "cheque" if text_fields["cheque"] else "cash")
        if method == "cash" and text_fields["account"]:
            fail(msg("cash_no_account", field=COLUMNS["account"]))
        if kind == "payment" and method in ("cheque", "transfer") and not text_fields["account"]:
            fail(msg("cheque_account"))
        if kind == "payment" and method == "cheque" and not text_fields["cheque"]:
            fail(msg("cheque_number"))
        if kind == "receipt" and method == "transfer" and not text_fields["account"]:
            fail(msg("transfer_account"))
        if bank_ref and method != "transfer":
            fail(msg("receipt_ref_needs_transfer"))
    if wht > amount and amount:
        from .money import format_amount
        fail(msg("wht_too_big", wht=format_amount(wht), amount=format_amount(amount)))
    if problems:
        return None, problems
    if kind == "void":
        method = ""
    return EntryDraft(kind=kind, date=date, amount=amount, wht=wht, method=method,
                      base_kind=kind, **text_fields), []


def fiscal_year_of(draft: EntryDraft) -> int:
    return fiscal_year(draft.date)


# ---------------------------------------------------------------- file reading

def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """Yields (row number as the user sees it, {column key: raw value}).

    CSV (UTF-8 with or without BOM) or XLSX (first sheet). Raises BookError
    for an unreadable file or unknown/missing columns.
    """
    path = Path(path)
    if not path.exists():
        raise BookError(msg("file_missing", path=path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise BookError(msg("file_type", path=path))
    header = next(rows, None)
    if header is None:
        raise BookError(msg("file_empty", path=path))
    keys, problems = [], []
    for heading in header:
        key = column_key(heading) if heading not in (None, "") else None
        if heading not in (None, "") and key is None:
            problems.append(msg("column_unknown", name=heading))
        keys.append(key)
    for needed in ("date", "kind"):
        if needed not in keys:
            problems.append(msg("column_missing", name=f"{needed} ({COLUMNS[needed]})"))
    if problems:
        raise BookError(problems)
    for number, values in enumerate(rows, start=2):
        if all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        yield number, {k: v for k, v in zip(keys, values) if k}


def _csv_rows(path: Path) -> Iterable[list]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        raise BookError(msg("file_unreadable", path=path, why=exc)) from None
    return iter(csv.reader(io.StringIO(text)))


def _xlsx_rows(path: Path) -> Iterable[list]:
    import openpyxl  # loaded only when an XLSX is read

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise BookError(msg("file_unreadable", path=path, why=exc)) from None
    ws = wb.worksheets[0]

    def gen():
        try:
            for row in ws.iter_rows(values_only=True):
                yield [v if not isinstance(v, dt.datetime) or v.time() != dt.time() else v.date() for v in row]
        finally:
            wb.close()
    return gen()
