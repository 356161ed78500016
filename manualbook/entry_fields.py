"""From raw values (a file row, a form) to an ``EntryDraft``: field-level checks.

Used by the import path, the command line and the GUI forms alike, so a
rule about a field lives in one place. Checks that need the book (codes
exist, numbers unused, budget, balances) are in ``rules``.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from .messages import BookError, Problem, msg
from .model import KIND_FROM_TEXT, KIND_THAI, METHOD_FROM_TEXT, EntryDraft
from .inputs import MAX_TEXT, bad_character, doc_text, raw_problems, receipt_number, text_problem
from .money import MAX_SATANG, parse_amount, plain_satang, to_arabic_digits
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
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_arabic_digits(str(value)).strip()


# Fields of a draft that are free text, with the label messages name them by.
TEXT_FIELDS = {name: COLUMNS[name] for name in
               ("party", "code", "line", "description", "account", "commitment", "book", "number", "cheque")}
TEXT_FIELDS["reason"] = "เหตุผล"


def _numbers(kind: str, book_raw: str, number_raw: str, cheque_raw: str, fail) -> tuple[str, str, str]:
    """Receipt book and number: plain digits, normalised ("012", "１２" -> "12"); voucher,
    slip, cheque numbers and a bank reference: free text, normalised for comparison."""
    book, number = doc_text(book_raw), doc_text(number_raw)
    if kind in ("receipt", "void") and book_raw:
        book = receipt_number(book_raw) or ""
        if not book:
            fail(msg("receipt_number_bad", field=COLUMNS["book"], value=book_raw))
        if number_raw:
            number = receipt_number(number_raw) or ""
            if not number:
                fail(msg("receipt_number_bad", field=COLUMNS["number"], value=number_raw))
    return book, number, doc_text(cheque_raw)


def normalise_draft(d: EntryDraft) -> tuple[EntryDraft, list[Problem]]:
    """A draft built in code (not from typed values) held to the same rules of numbers and text."""
    problems: list[Problem] = []
    book, number, cheque = _numbers(d.base_kind or d.kind, d.book, d.number, d.cheque, problems.append) \
        if d.kind != "reversal" else (d.book, d.number, d.cheque)
    if (book, number, cheque) != (d.book, d.number, d.cheque) and not problems:
        d = replace(d, book=book, number=number, cheque=cheque)
    return d, problems + text_problems(d)


def text_problems(d: EntryDraft) -> list[Problem]:
    """Control characters and over-long values in a draft's text fields. A reversal
    copies the text of the entry it reverses: only its own reason is checked."""
    names = ("reason",) if d.kind == "reversal" else TEXT_FIELDS
    values = [getattr(d, name) for name in names]
    joined = "".join(values)
    if len(joined) <= MAX_TEXT and not bad_character(joined):
        return []  # the common case: one search over every field at once
    return [p for name, value in zip(names, values) if (p := text_problem(value, TEXT_FIELDS[name]))]


def draft_from_values(values: dict, row: int | None = None) -> tuple[EntryDraft | None, list[Problem]]:
    """Parses one row's raw values into a draft, or returns every problem in it."""
    problems: list[Problem] = []

    def fail(problem: Problem) -> None:
        problems.append(problem.at_row(row) if row is not None else problem)

    if "_extra" in values:  # read_rows: a value beyond the named columns shifts every field
        fail(msg("row_extra_cells", column=values["_extra"]))
        return None, problems
    for p in raw_problems(values, COLUMNS):  # before stripping: "\t=1+1" is refused, not read as "=1+1"
        fail(p)
    if problems:
        return None, problems

    # every value as text, trimmed (amounts are read from the raw values below)
    text = {k: v.strip() if v.__class__ is str else _text(v) for k, v in values.items()}
    kind_raw = text.get("kind", "")
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
    get = text.get
    text_fields = {k: get(k, "") for k in ("party", "code", "line", "description", "account", "commitment")}
    book_raw, number_raw = get("book", ""), get("number", "")
    text_fields["book"], text_fields["number"], text_fields["cheque"] = _numbers(
        kind, book_raw, number_raw, get("cheque", ""), fail)
    present = {k for k, v in text_fields.items() if v}
    if book_raw:
        present.add("book")
    if number_raw:
        present.add("number")
    amount = wht = 0
    raw_amount, raw_wht = values.get("amount"), values.get("wht")
    if raw_amount not in (None, ""):
        present.add("amount")
        if kind != "void":
            amount = plain_satang(raw_amount)  # "1,234.50" read at once, anything else by parse_amount
            if not 0 < amount < MAX_SATANG:
                try:
                    amount = parse_amount(raw_amount, field=COLUMNS["amount"], allow_zero=False)
                except BookError as exc:
                    amount = 0
                    fail(exc.problems[0])
    if raw_wht not in (None, "") and get("wht") not in ("0", "0.00", "0.0"):
        present.add("wht")
        if kind == "payment":
            wht = plain_satang(raw_wht)
            if not 0 <= wht < MAX_SATANG:
                try:
                    wht = parse_amount(raw_wht, field=COLUMNS["wht"])
                except BookError as exc:
                    wht = 0
                    fail(exc.problems[0])
    method_raw = get("method", "")
    method = ""
    if method_raw:
        present.add("method")
        method = METHOD_FROM_TEXT.get(method_raw) or METHOD_FROM_TEXT.get(method_raw.lower(), "")
        if not method:
            fail(msg("method_bad", value=method_raw))
    if not present.issuperset(REQUIRED[kind]):
        for name in REQUIRED[kind]:
            if name not in present:
                fail(msg("field_required", field=COLUMNS[name], kind=KIND_THAI[kind]))
    if not present.isdisjoint(FORBIDDEN[kind]):
        for name in FORBIDDEN[kind]:
            if name in present:
                fail(msg("field_not_allowed", field=COLUMNS[name], kind=KIND_THAI[kind]))
    # A receipt that arrived by bank transfer may have no receipt book: its number is then
    # the bank's reference (any text, compared normalised), unique per account (rules.Uniqueness).
    bank_ref = kind == "receipt" and not book_raw and bool(number_raw)
    if kind in ("receipt", "void") and book_raw and not number_raw:
        fail(msg("field_required", field=COLUMNS["number"], kind=KIND_THAI[kind]))
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
    draft = EntryDraft.parsed({**text_fields, "kind": kind, "date": date, "amount": amount, "wht": wht,
                               "method": method, "base_kind": kind})
    # control characters were refused above, before stripping; what is left to check is length
    problems = text_problems(draft) if sum(map(len, text_fields.values())) > MAX_TEXT else []
    if problems:
        return None, [p.at_row(row) if row is not None else p for p in problems]
    return draft, []


def fiscal_year_of(draft: EntryDraft) -> int:
    return fiscal_year(draft.date)


# ---------------------------------------------------------------- file reading

def read_rows(path: Path, encoding: str | None = None) -> Iterator[tuple[int, dict]]:
    """Yields (row number as the user sees it, {column key: raw value}), streamed.

    CSV (UTF-8 with or without BOM, or Thai Windows cp874: ``csvfile``) or XLSX
    (first sheet). Raises BookError for an unreadable file, unknown, missing or
    repeated columns, and a row with values beyond the named columns.
    """
    path = Path(path)
    if not path.exists():
        raise BookError(msg("file_missing", path=path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from . import csvfile
        encoding = encoding or csvfile.scan(path)[1]
        rows = csvfile.rows(path, encoding)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise BookError(msg("file_type", path=path))
    header = next(rows, None)
    if header is None:
        raise BookError(msg("file_empty", path=path))
    keys, problems, where = [], [], {}
    for i, heading in enumerate(header, start=1):
        if heading is not None and not isinstance(heading, str):
            heading = str(heading)
        key = column_key(heading) if heading not in (None, "") else None
        if heading not in (None, "") and key is None:
            problems.append(msg("column_unknown", name=heading))
        if key in where:  # "date" and "วันที่" are one column: a file may not have it twice
            problems.append(msg("column_duplicate", name=f"{key} ({COLUMNS[key]})", first=where[key], second=i))
        elif key:
            where[key] = i
        keys.append(key)
    for needed in ("date", "kind"):
        if needed not in keys:
            problems.append(msg("column_missing", name=f"{needed} ({COLUMNS[needed]})"))
    if problems:
        if encoding == "cp874":
            problems.append(msg("file_tis620"))
        raise BookError(problems)
    width = len(keys)
    every_named = all(keys)
    for number, values in enumerate(rows, start=2):
        try:  # a CSV row: text only, blank when its joined text is
            blank = not "".join(values).strip()
        except TypeError:  # a sheet's row: numbers, dates, None
            blank = all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
        if blank:
            continue
        if len(values) > width:
            extra = next((i for i in range(width, len(values)) if values[i] not in (None, "")), None)
            if extra is not None:
                yield number, {"_extra": extra + 1}
                continue
        yield number, dict(zip(keys, values)) if every_named else {k: v for k, v in zip(keys, values) if k}


def _xlsx_rows(path: Path) -> Iterator[list]:
    import openpyxl  # loaded only when an XLSX is read

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise BookError(msg("file_unreadable", path=path, why=_why(exc))) from None
    try:
        for row in ws.iter_rows(values_only=True):
            yield [v if not isinstance(v, dt.datetime) or v.time() != dt.time() else v.date() for v in row]
    except BookError:
        raise
    except Exception as exc:  # a damaged sheet is found only while it is read
        raise BookError(msg("file_unreadable", path=path, why=_why(exc))) from None
    finally:
        wb.close()


def _why(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


# ------------------------------------------------------------------ the entries template

TEMPLATE_EXAMPLES = (
    {"date": "31/7/2567", "kind": "รับ", "book": "99", "number": "1", "party": "นายตัวอย่าง ใจดี",
     "code": "41210008", "description": "ตัวอย่าง: รับค่าธรรมเนียม (ลบแถวตัวอย่างก่อนนำเข้า)", "amount": "1,000.00",
     "method": "เงินสด"},
    {"date": "31/7/2567", "kind": "ยกเลิก", "book": "99", "number": "2",
     "description": "ตัวอย่าง: เขียนจำนวนเงินผิด ยกเลิกทั้งฉบับ"},
    {"date": "31/7/2567", "kind": "นำฝาก", "number": "D-EX1", "account": "KTB-SAV",
     "description": "ตัวอย่าง: นำเงินรายรับฝากธนาคาร", "amount": "800.00", "method": "โอน"},
    {"date": "31/7/2567", "kind": "ถอน", "number": "W-EX1", "account": "KTB-SAV",
     "description": "ตัวอย่าง: ถอนเงินมาจ่าย", "amount": "500.00", "method": "โอน"},
    {"date": "31/7/2567", "kind": "จ่าย", "number": "901/2567", "party": "ร้านตัวอย่างพาณิชย์",
     "line": "L03", "description": "ตัวอย่าง: ซื้อวัสดุสำนักงาน", "amount": "535.00", "wht": "5.00",
     "method": "เงินสด"},
)


def entries_template_xlsx(examples: tuple[dict, ...] = TEMPLATE_EXAMPLES) -> bytes:
    """The contract's entries file as an empty-to-fill workbook: Thai headings with English keys in
    brackets, one example row per kind (keys fit the demo office; replace them with your own)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from . import cells
    from .xlsx import column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "รายการ"
    keys = list(COLUMNS)
    cells.append(ws, [f"{COLUMNS[k]} ({k})" for k in keys])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for example in examples:
        cells.append(ws, [example.get(k) for k in keys])
    for i, k in enumerate(keys, start=1):
        ws.column_dimensions[column_letter(i)].width = 30 if k in ("party", "description") else 14
        for row in range(2, 2 + len(examples)):
            ws.cell(row, i).number_format = "@"  # text: dates and numbers stay as typed
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("คำอธิบาย")
    help_ws.column_dimensions["A"].width = 28
    help_ws.column_dimensions["B"].width = 90
    notes = {
        "date": "วัน/เดือน/ปี พ.ศ. เช่น 8/7/2567 (หรือ 2024-07-08)",
        "kind": "รับ นำฝาก ถอน จ่าย ยกเลิก (หรือ receipt deposit withdraw payment void)",
        "book": "เล่มที่ใบเสร็จ (รับ และ ยกเลิก)",
        "number": "เลขที่ใบเสร็จ / เลขที่ฎีกา / เลขที่ใบนำฝากหรือใบถอน",
        "party": "ผู้ชำระเงิน หรือผู้รับเงิน",
        "code": "รับ: รหัสรายรับ 8 หลัก หรือรหัสบัญชีเงินรับฝาก",
        "line": "จ่าย: รหัสรายการงบ หรือรหัสบัญชีเงินรับฝาก",
        "description": "รายละเอียด (ยกเลิก: เหตุที่ยกเลิก)",
        "amount": "จำนวนเงิน (บาท) เช่น 1,234.50 ไม่เกินสองตำแหน่งทศนิยม",
        "wht": "ภาษีหัก ณ ที่จ่าย (เฉพาะจ่าย) จ่ายสุทธิ = จำนวนเงิน - ภาษี",
        "method": "เงินสด เช็ค โอน",
        "account": "รหัสบัญชีเงินฝาก (นำฝาก ถอน และรับ/จ่ายที่ไม่ใช่เงินสด)",
        "cheque": "เลขที่เช็ค",
        "commitment": "ใบสั่ง/สัญญาที่จ่ายครั้งนี้ (ถ้ามี)",
    }
    cells.append(help_ws, ["คอลัมน์", "ความหมาย"])
    for k in keys:
        cells.append(help_ws, [f"{COLUMNS[k]} ({k})", notes[k]])
    cells.append(help_ws, [])
    cells.append(help_ws, ["หมายเหตุ", "แถวตัวอย่างใช้รหัสของสำนักงานตัวอย่าง (KTB-SAV, L03) ให้ลบหรือแก้เป็นของสำนักงานก่อนนำเข้า "
                                "ด้วยคำสั่ง manualbook import แฟ้ม.xlsx (อ่านเฉพาะชีตแรก ทั้งหมดหรือไม่เลย)"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
