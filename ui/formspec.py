"""Which fields each entry form shows, in keying order, and how problems find their field.

The rules themselves (what is required, what is forbidden) stay in the
core's ``entryform``; this only lays the fields out for fast keying: the
amount comes last so Enter on it saves.
"""

from __future__ import annotations

from dataclasses import dataclass

from manualbook.entry_fields import COLUMNS


@dataclass(frozen=True)
class FieldSpec:
    key: str           # the core's value key (COLUMNS) or "method"
    label: str         # what the clerk reads
    widget: str        # date | number | text | party | amount | wht | code | line | account | method
    placeholder: str = ""


F = FieldSpec
FORMS: dict[str, tuple[str, tuple[FieldSpec, ...]]] = {
    "receipt": ("รับเงิน (ออกใบเสร็จรับเงิน)", (
        F("date", "วันที่", "date"),
        F("book", "เล่มที่", "number"),
        F("number", "เลขที่", "number"),
        F("party", "ผู้ชำระเงิน", "party", "ชื่อผู้ชำระเงิน"),
        F("code", "รหัสรายรับ", "code"),
        F("description", "รายละเอียด", "text", "ไม่บังคับ"),
        F("method", "รับเป็น", "method"),
        F("account", "เข้าบัญชี", "account"),
        F("amount", "จำนวนเงิน (บาท)", "amount"),
    )),
    "void": ("ยกเลิกใบเสร็จรับเงิน (ใบเสร็จที่เขียนเสีย)", (
        F("date", "วันที่", "date"),
        F("book", "เล่มที่", "number"),
        F("number", "เลขที่", "number"),
        F("description", "เหตุที่ยกเลิก", "text", "เช่น เขียนผิด ผู้ชำระขอเปลี่ยนชื่อ"),
    )),
    "deposit": ("นำเงินสดฝากธนาคาร", (
        F("date", "วันที่", "date"),
        F("account", "บัญชีเงินฝาก", "account"),
        F("number", "เลขที่ใบนำฝาก", "number", "ไม่บังคับ"),
        F("description", "รายละเอียด", "text", "ไม่บังคับ"),
        F("amount", "จำนวนเงิน (บาท)", "amount"),
    )),
    "withdraw": ("ถอนเงินจากธนาคารเป็นเงินสด", (
        F("date", "วันที่", "date"),
        F("account", "บัญชีเงินฝาก", "account"),
        F("number", "เลขที่ใบถอน", "number", "ไม่บังคับ"),
        F("cheque", "เลขที่เช็ค", "number", "ถ้าถอนด้วยเช็ค"),
        F("description", "รายละเอียด", "text", "ไม่บังคับ"),
        F("amount", "จำนวนเงิน (บาท)", "amount"),
    )),
    "payment": ("จ่ายเงิน (ตามฎีกา)", (
        F("date", "วันที่", "date"),
        F("number", "เลขที่ฎีกา", "number"),
        F("party", "ผู้รับเงิน", "party", "ชื่อผู้รับเงิน"),
        F("line", "รายการงบ", "line"),
        F("description", "รายละเอียด", "text", "ไม่บังคับ"),
        F("commitment", "ใบสั่ง/สัญญา", "text", "ไม่บังคับ"),
        F("method", "จ่ายเป็น", "method"),
        F("account", "จากบัญชี", "account"),
        F("cheque", "เลขที่เช็ค", "number"),
        F("amount", "จำนวนเงิน (บาท)", "amount"),
        F("wht", "ภาษีหัก ณ ที่จ่าย", "wht"),
    )),
}

METHOD_CHOICES = (("cash", "เงินสด"), ("cheque", "เช็ค"), ("transfer", "โอนเข้าบัญชี"))
RECEIPT_METHODS = (("cash", "เงินสด"), ("transfer", "โอนเข้าบัญชี"))

# Problems that carry no field name but belong beside one.
CODE_TO_FIELD = {
    "code_unknown": "code", "line_unknown": "line", "receipt_used": "number",
    "voucher_used": "number", "slip_used": "number", "date_closed": "date",
    "date_before_start": "date", "over_budget": "amount", "below_zero": "amount",
    "cheque_account": "account", "cheque_number": "cheque", "transfer_account": "account",
    "account_unknown": "account", "wht_too_big": "wht", "cash_no_account": "account",
    "method_bad": "method",
}
_LABEL_TO_KEY = {label: key for key, label in COLUMNS.items()}


def field_of(problem) -> str | None:
    """The form field a core Problem belongs beside, or None for the whole form."""
    if problem.field and problem.field in _LABEL_TO_KEY:
        return _LABEL_TO_KEY[problem.field]
    return CODE_TO_FIELD.get(problem.code)
