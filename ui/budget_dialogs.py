"""The budget dialogs: transfer between lines (โอนงบ), supplementary appropriation
(งบเพิ่มเติม), reserving money for an order or contract (ก่อหนี้ผูกพัน) and
cancelling one (ยกเลิกใบสั่ง).

Each is a ``KeyboardDialog`` over the year's lines (``LineRow``) or open
commitments (``CommitmentRow``) the budget screen has loaded; the write is
``manualbook.budget``'s, on the worker, and its problems are shown beside
the field they concern.
"""

from __future__ import annotations

import datetime as dt

from manualbook import budget
from manualbook.choices import Choice
from manualbook.lists import CommitmentRow, LineRow
from manualbook.messages import msg
from manualbook.model import Change
from manualbook.money import format_amount
from manualbook.proposals import transfer_memo
from manualbook.thaidate import fiscal_year, format_short

from .fields import AmountField, DateField, Picker, TextField
from .keyboard_dialog import KeyboardDialog
from .tables import signed_amount


_DATE_CODES = {"closed_day": "date", "date_before_start": "date"}
_REASON = msg("reason_required").message


def transfer_op(from_line: str, to_line: str, amount: int, day: dt.date, reason: str, reference: str):
    """A write op: the transfer, announced as a budget Change carrying the memo lines."""
    def op(book) -> Change:
        memo = budget.transfer(book, from_line, to_line, amount, day, reason, reference)
        return Change(budget=True, notes=transfer_memo(memo))
    return op


def _line_picker(choices: list[Choice]) -> Picker:
    w = Picker(what="รายการงบ")
    w.set_choices(choices)
    w.setPlaceholderText("พิมพ์รหัสหรือชื่อรายการงบ แล้วกด Enter (↓ ดูทั้งหมด)")
    return w


class _BudgetDialog(KeyboardDialog):
    """Shared by the budget dialogs: the year's lines, their remaining shown as hints."""

    def __init__(self, session, title, lines: list[LineRow], fy: int, intro: str = "", parent=None):
        super().__init__(session, title, intro, parent)
        self.fy = fy
        self.lines = {r.key: r for r in lines}
        self.choices = [Choice(r.key, f"{r.key}  {r.item}", "line") for r in lines]

    def line_hint(self, picker: Picker) -> str:
        c = picker.choice()
        r = self.lines.get(c.key) if c else None
        return f"คงเหลือ {signed_amount(r.remaining)} บาท (งบถือจ่าย {format_amount(r.appropriated)})" if r else ""

    def add_line(self, key: str, label: str, preset: str = "") -> Picker:
        w = self.add_field(key, label, _line_picker(self.choices), hint=self.line_hint)
        # after the picker writes "L06  โครงการ…", show its start (the key), not its end
        w.editingFinished.connect(lambda: w.setCursorPosition(0))
        if preset:
            w.set_key(preset)
            w.setCursorPosition(0)
        return w

    def add_date(self) -> DateField:
        w = self.add_field("date", "ลงวันที่", DateField())
        w.set_date(self.session.working_day)
        return w

    def check_year(self, day: dt.date | None, errors: dict[str, str]) -> None:
        if day and fiscal_year(day) != self.fy and "date" not in errors:
            errors["date"] = (f'ช่อง "ลงวันที่": วันที่ {format_short(day)} อยู่ในปีงบประมาณ {fiscal_year(day)} '
                              f"แต่รายการงบที่เลือกเป็นของปีงบประมาณ {self.fy}")

    def field_for(self, problem) -> str | None:
        if problem.code == "line_missing":  # name the picker whose line the core did not find
            for key, w in self.fields.items():
                if isinstance(w, Picker) and f'"{w.value_text()}"' in problem.message:
                    return key
        return super().field_for(problem)


class TransferDialog(_BudgetDialog):
    FIELD_OF = {"transfer_over": "amount", "amount_zero": "amount", "transfer_same": "to_line",
                "reason_required": "reason", **_DATE_CODES}

    def __init__(self, session, lines, fy, from_line: str = "", parent=None):
        super().__init__(session, "โอนงบประมาณ", lines, fy,
                         f"ปีงบประมาณ {fy}: ยอดคงเหลือของรายการต้นทางต้องพอสำหรับจำนวนที่โอน", parent)
        self.add_line("from_line", "โอนจากรายการงบ", from_line)
        self.add_line("to_line", "โอนเข้ารายการงบ")
        self.add_field("amount", "จำนวนเงินที่โอน", AmountField(), hint=self._amount_hint)
        for key in ("from_line", "to_line"):
            self.fields[key].textChanged.connect(lambda *_: self._refresh_hint("amount"))
        self.add_date()
        self.add_field("reason", "เหตุผล", TextField()).setPlaceholderText("ต้องระบุ เช่น เพิ่มงบก่อสร้าง")
        self.add_field("reference", "อ้างอิงคำสั่ง/บันทึก", TextField()).setPlaceholderText(
            "ถ้ามี เช่น คำสั่ง 12/2567")

    def _amount_hint(self, w: AmountField) -> str:
        """The words, then each line's remaining after the transfer (the memo's คงเหลือหลังโอน)."""
        amount = w.satang()
        text = w.hint()
        after = []
        for key, sign in (("from_line", -1), ("to_line", 1)):
            c = self.fields[key].choice()
            if amount and c and c.key in self.lines:
                after.append(f"{c.key} เหลือ {signed_amount(self.lines[c.key].remaining + sign * amount)}")
        return text + (f"\nหลังโอน: {' · '.join(after)} บาท" if after else "")

    def collect(self):
        e: dict[str, str] = {}
        values = {"from_line": self.picked("from_line", e, "รายการงบ"),
                  "to_line": self.picked("to_line", e, "รายการงบ"),
                  "amount": self.amount("amount", e), "day": self.day("date", e),
                  "reason": self.required("reason", e, _REASON), "reference": self.text("reference")}
        if values["from_line"] and values["from_line"] == values["to_line"] and "to_line" not in e:
            e["to_line"] = "โอนงบเข้ารายการเดียวกันไม่ได้"
        self.check_year(values["day"], e)
        return values, e

    def make_op(self, v):
        return transfer_op(v["from_line"], v["to_line"], v["amount"], v["day"], v["reason"], v["reference"])


class SupplementaryDialog(_BudgetDialog):
    FIELD_OF = {"amount_zero": "amount", "reason_required": "reason", **_DATE_CODES}

    def __init__(self, session, lines, fy, line: str = "", parent=None):
        super().__init__(session, "งบเพิ่มเติม", lines, fy,
                         f"ปีงบประมาณ {fy}: เพิ่มงบถือจ่ายของรายการตามข้อบัญญัติงบประมาณรายจ่ายเพิ่มเติม", parent)
        self.add_line("line", "รายการงบ", line)
        self.add_field("amount", "จำนวนเงินที่เพิ่ม", AmountField())
        self.add_date()
        self.add_field("reason", "เหตุผล", TextField()).setPlaceholderText("ต้องระบุ เช่น ข้อบัญญัติงบเพิ่มเติม")
        self.add_field("reference", "อ้างอิงข้อบัญญัติ", TextField()).setPlaceholderText("ถ้ามี")

    def collect(self):
        e: dict[str, str] = {}
        values = {"line": self.picked("line", e, "รายการงบ"), "amount": self.amount("amount", e),
                  "day": self.day("date", e), "reason": self.required("reason", e, _REASON),
                  "reference": self.text("reference")}
        self.check_year(values["day"], e)
        return values, e

    def make_op(self, v):
        return lambda book: budget.supplementary(book, v["line"], v["amount"], v["day"], v["reason"], v["reference"])


class CommitDialog(_BudgetDialog):
    FIELD_OF = {"commit_over": "amount", "amount_zero": "amount", "commit_exists": "key", **_DATE_CODES}

    def __init__(self, session, lines, fy, line: str = "", parent=None):
        super().__init__(session, "ก่อหนี้ผูกพัน (ใบสั่งซื้อ/สั่งจ้าง/สัญญา)", lines, fy,
                         f"ปีงบประมาณ {fy}: กันเงินของรายการงบไว้สำหรับใบสั่งหรือสัญญาที่ลงนามแล้ว", parent)
        self.add_field("key", "เลขที่ใบสั่ง/สัญญา", TextField()).setPlaceholderText("เช่น PO-15/2567")
        self.add_line("line", "รายการงบ", line)
        self.add_field("amount", "จำนวนเงิน", AmountField())
        self.add_date()
        self.add_field("party", "ผู้ขาย/ผู้รับจ้าง", TextField())
        self.add_field("description", "รายละเอียด", TextField())

    def collect(self):
        e: dict[str, str] = {}
        values = {"key": self.required("key", e), "line": self.picked("line", e, "รายการงบ"),
                  "amount": self.amount("amount", e), "day": self.day("date", e),
                  "party": self.text("party"), "description": self.text("description")}
        self.check_year(values["day"], e)
        return values, e

    def make_op(self, v):
        return lambda book: budget.commit(book, v["key"], v["line"], v["amount"], v["day"], v["party"],
                                          v["description"])


class CancelCommitmentDialog(KeyboardDialog):
    FIELD_OF = {"commit_missing": "key", "commit_cancelled": "key", "reason_required": "reason", **_DATE_CODES}

    def __init__(self, session, commitments: list[CommitmentRow], key: str = "", parent=None):
        super().__init__(session, "ยกเลิกใบสั่ง/สัญญา",
                         "เงินที่กันไว้ส่วนที่ยังไม่ได้จ่ายจะกลับเป็นยอดคงเหลือของรายการงบ", parent)
        self.rows = {c.key: c for c in commitments}
        picker = Picker(what="ใบสั่ง/สัญญา")
        picker.set_choices([Choice(c.key, f"{c.key}  {c.line} {c.party}", "commitment") for c in commitments])
        picker.setPlaceholderText("พิมพ์เลขที่ใบสั่งหรือชื่อผู้ขาย แล้วกด Enter (↓ ดูทั้งหมด)")
        self.add_field("key", "ใบสั่ง/สัญญา", picker, hint=self._hint)
        if key:
            picker.set_key(key)
        self.add_field("date", "ลงวันที่", DateField()).set_date(session.working_day)
        self.add_field("reason", "เหตุผล", TextField()).setPlaceholderText("ต้องระบุ เช่น ยกเลิกสัญญา")

    def _hint(self, picker: Picker) -> str:
        c = picker.choice()
        r = self.rows.get(c.key) if c else None
        return (f"ลงวันที่ {format_short(r.date)} จำนวน {format_amount(r.amount)} บาท "
                f"คงเหลือผูกพัน {format_amount(r.outstanding)} บาท") if r else ""

    def collect(self):
        e: dict[str, str] = {}
        values = {"key": self.picked("key", e, "ใบสั่ง/สัญญาที่ยังผูกพัน"), "day": self.day("date", e),
                  "reason": self.required("reason", e, _REASON)}
        return values, e

    def make_op(self, v):
        return lambda book: budget.cancel_commitment(book, v["key"], v["day"], v["reason"])
