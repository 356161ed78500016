"""What a clerk adds or corrects by hand (menu ข้อมูลหลัก): a budget line, a revenue
code, a held-money account, a bank account, a receipt book and its numbers,
the organisation's name and code.

During an outage there may be no e-LAAS file to import: each of these is a
keyboard dialog over one core use case (``budget.add_line``, ``Book.add_code``,
``Book.add_held_account``, ``Book.add_account``, ``Book.set_receipt_book_range``,
``Book.update_org``), so the command line and the app keep the same rules;
the core's refusals are shown beside the field they name. Saving announces a
change, and every form and list reloads what it offers.
"""

from __future__ import annotations

from manualbook import budget
from manualbook.thaidate import fiscal_year, format_short

from .fields import AmountField, DateField, NumberField, TextField
from .keyboard_dialog import KeyboardDialog
from .receipt_books_view import ReceiptRangeDialog, RegisterReceiptBookDialog  # noqa: F401 - its menu items
from .session import Session


def _optional_amount(dialog: KeyboardDialog, key: str, errors: dict[str, str]) -> int:
    if not dialog.text(key):
        return 0
    field = dialog.fields[key]
    if field.problem():
        errors[key] = field.problem()
        return 0
    return field.satang() or 0


class BudgetLineDialog(KeyboardDialog):
    """เพิ่มรายการงบ: the budget file's columns, one line."""

    FIELD_OF = {"line_exists": "key", "key_bad": "key", "item_missing": "item", "spent_over": "spent",
                "amount_negative": "amount"}

    def __init__(self, session: Session, fy: int | None = None, parent=None):
        super().__init__(session, "เพิ่มรายการงบประมาณ",
                         "ใส่ตามข้อบัญญัติ/เทศบัญญัติงบประมาณ (คอลัมน์เดียวกับแฟ้มงบประมาณ) "
                         "เปลี่ยนจำนวนเงินภายหลังด้วยการโอนงบหรืองบเพิ่มเติม", parent)
        self.add_field("fy", "ปีงบประมาณ", NumberField()).setText(str(fy or fiscal_year(session.working_day)))
        self.add_field("key", "รหัสรายการงบ", TextField()).setPlaceholderText("เช่น L12 (อักษรอังกฤษหรือตัวเลข)")
        self.add_field("item", "รายการ/โครงการ", TextField())
        self.add_field("amount", "ตั้งไว้ (บาท)", AmountField())
        for key, label, hint in (("plan", "แผนงาน", "เช่น บริหารงานทั่วไป"), ("work", "งาน", "เช่น งานบริหารทั่วไป"),
                                 ("group", "งบ", "เช่น งบดำเนินงาน"), ("category", "หมวด", "เช่น ค่าวัสดุ"),
                                 ("code", "ประเภทรายจ่าย (รหัส)", "ถ้ามี เช่น 5130100")):
            self.add_field(key, label, TextField()).setPlaceholderText(hint)
        self.add_field("spent", "เบิกจ่ายแล้วก่อนวันเริ่มสมุด", AmountField()).setPlaceholderText("ถ้ามี")
        self.add_field("committed", "ก่อหนี้ผูกพันไว้ก่อนวันเริ่มสมุด", AmountField()).setPlaceholderText("ถ้ามี")

    def collect(self):
        e: dict[str, str] = {}
        fy_text = self.text("fy")
        if not (fy_text.isdigit() and 2400 < int(fy_text) < 2700):
            e["fy"] = f'ช่อง "ปีงบประมาณ": "{fy_text}" ต้องเป็นปี พ.ศ. เช่น {fiscal_year(self.session.working_day)}'
        values = {"fy": int(fy_text) if "fy" not in e else 0, "key": self.required("key", e),
                  "item": self.required("item", e), "amount": self.amount("amount", e),
                  **{k: self.text(k) for k in ("plan", "work", "group", "category", "code")},
                  "spent": _optional_amount(self, "spent", e), "committed": _optional_amount(self, "committed", e)}
        return values, e

    def make_op(self, v):
        return lambda book: budget.add_line(book, v["fy"], v["key"], v["item"], v["amount"], v["plan"], v["work"],
                                            v["group"], v["category"], v["code"], v["spent"], v["committed"])


class RevenueCodeDialog(KeyboardDialog):
    FIELD_OF = {"code_bad": "code", "code_exists": "code"}

    def __init__(self, session: Session, parent=None):
        super().__init__(session, "เพิ่มรหัสรายรับ",
                         "รหัสรายรับของสำนักงานที่ยังไม่มีในรายการ (8 หลักตามผังรหัสรายรับ e-LAAS)", parent)
        self.add_field("code", "รหัสรายรับ", NumberField()).setPlaceholderText("8 หลัก เช่น 41100099")
        self.add_field("name", "ชื่อรายรับ", TextField()).setPlaceholderText("เช่น ภาษีที่ดินและสิ่งปลูกสร้าง")
        self.add_field("group", "หมวด", TextField()).setPlaceholderText("ถ้ามี เช่น ภาษีอากร")

    def collect(self):
        e: dict[str, str] = {}
        return {"code": self.required("code", e), "name": self.required("name", e), "group": self.text("group")}, e

    def make_op(self, v):
        return lambda book: book.add_code(v["code"], v["name"], "revenue", v["group"])


class HeldAccountDialog(KeyboardDialog):
    FIELD_OF = {"key_bad": "key", "held_exists": "key", "opening_locked": "opening"}

    def __init__(self, session: Session, parent=None):
        super().__init__(session, "เพิ่มบัญชีเงินรับฝาก",
                         "เงินที่รับไว้แทนผู้อื่น เช่น เงินประกันสัญญา เงินประกันซอง "
                         "(รับเข้าด้วยรหัสนี้ในหน้ารับเงิน จ่ายคืนด้วยรหัสนี้ในหน้าจ่ายเงิน)", parent)
        self.add_field("key", "รหัสบัญชี", TextField()).setPlaceholderText("อักษรอังกฤษ เช่น BID-BOND")
        self.add_field("name", "ชื่อบัญชี", TextField()).setPlaceholderText("เช่น เงินประกันซอง")
        self.add_field("opening", "ยอดยกมา (บาท)", AmountField()).setPlaceholderText("ถ้ามี (ก่อนปิดบัญชีวันแรก)")

    def collect(self):
        e: dict[str, str] = {}
        return {"key": self.required("key", e), "name": self.required("name", e),
                "opening": _optional_amount(self, "opening", e)}, e

    def make_op(self, v):
        return lambda book: book.add_held_account(v["key"], v["name"], v["opening"])


class BankAccountDialog(KeyboardDialog):
    FIELD_OF = {"opening_locked": "opening", "account_exists": "number"}

    def __init__(self, session: Session, parent=None):
        super().__init__(session, "เพิ่มบัญชีเงินฝากธนาคาร", "", parent)
        self.add_field("bank", "ธนาคาร", TextField()).setPlaceholderText("เช่น ธนาคารกรุงไทย")
        self.add_field("number", "เลขที่บัญชี", TextField())
        self.add_field("branch", "สาขา", TextField()).setPlaceholderText("ถ้ามี")
        self.add_field("type", "ประเภทบัญชี", TextField()).setPlaceholderText("ถ้ามี เช่น ออมทรัพย์")
        self.add_field("opening", "ยอดยกมา (บาท)", AmountField()).setPlaceholderText("ถ้ามี (ก่อนปิดบัญชีวันแรก)")

    def collect(self):
        e: dict[str, str] = {}
        return {"bank": self.required("bank", e), "number": self.required("number", e),
                "branch": self.text("branch"), "type": self.text("type"),
                "opening": _optional_amount(self, "opening", e)}, e

    def make_op(self, v):
        def op(book):
            from manualbook.proposals import account_key
            key = account_key(v["number"], {a.key for a in book.accounts()})
            return book.add_account(key, v["bank"], v["number"], v["opening"], v["branch"], v["type"])
        return op


class OrgDialog(KeyboardDialog):
    """ชื่อและรหัสหน่วยงาน: a correction recorded from a day (closed days keep the name they were printed with)."""

    FIELD_OF = {"org_name_missing": "name", "org_effective_before_start": "effective",
                "org_unchanged": "name", "org_dates_locked": "name"}

    def __init__(self, session: Session, org, closed, first_open, parent=None):
        super().__init__(session, "แก้ชื่อ/รหัสหน่วยงาน",
                         "บันทึกเป็นรายการแก้ไขใหม่ ไม่ลบของเดิม ทะเบียนของวันที่ปิดแล้วก่อนวันที่มีผล"
                         "ยังพิมพ์ชื่อเดิม", parent)
        self.add_field("name", "ชื่อหน่วยงาน", TextField()).setText(org.name)
        self.add_field("lao_code", "รหัสหน่วยงาน", TextField()).setText(org.lao_code)
        effective = self.add_field("effective", "มีผลตั้งแต่วันที่", DateField())
        effective.set_date(first_open if closed else org.start)
        if closed:
            self.messages["effective"].setToolTip(f"ปิดบัญชีแล้วถึงวันที่ {format_short(closed)}")

    def collect(self):
        e: dict[str, str] = {}
        return {"name": self.required("name", e), "lao_code": self.text("lao_code"),
                "effective": self.day("effective", e)}, e

    def make_op(self, v):
        return lambda book: book.update_org(v["name"], v["lao_code"], effective=v["effective"])


# ---------------------------------------------------------------- the menu
def _said(window, text: str) -> None:
    window.statusBar().showMessage(text, 8000)


def open_dialog(window, make, done_text) -> None:
    """Opens a dialog window-modally (the worker's replies keep arriving), says what was saved."""
    dialog = make()
    dialog.saved.connect(lambda result: _said(window, done_text(dialog)))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    window.last_dialog = dialog


def build_menu(window, menu) -> None:
    s = window.session

    def receipt_range():
        view = window.screens.get("receipt_books")
        row = view.selected() if view is not None else None
        return ReceiptRangeDialog(s, row.key if row else "", row.first if row else 1,
                                  row.last if row else None, window)

    def org():
        def show(setup):
            open_dialog(window, lambda: OrgDialog(s, setup["org"], setup["closed"], setup["first_open"], window),
                        lambda d: f"บันทึกการแก้ข้อมูลหน่วยงานแล้ว: {d.text('name')}")
        s.query(window, lambda book: {"org": book.org(), "closed": book.closed_through(),
                                      "first_open": book.first_open_day()}).success(show).run_in_background()

    items = (
        ("&1 เพิ่มรายการงบประมาณ…", lambda: open_dialog(window, lambda: BudgetLineDialog(s, parent=window),
                                                       lambda d: f"เพิ่มรายการงบ {d.text('key')} แล้ว")),
        ("&2 เพิ่มรหัสรายรับ…", lambda: open_dialog(window, lambda: RevenueCodeDialog(s, window),
                                                  lambda d: f"เพิ่มรหัสรายรับ {d.text('code')} แล้ว")),
        ("&3 เพิ่มบัญชีเงินรับฝาก…", lambda: open_dialog(window, lambda: HeldAccountDialog(s, window),
                                                      lambda d: f"เพิ่มบัญชีเงินรับฝาก {d.text('key')} แล้ว")),
        ("&4 เพิ่มบัญชีเงินฝากธนาคาร…", lambda: open_dialog(window, lambda: BankAccountDialog(s, window),
                                                         lambda d: f"เพิ่มบัญชี {d.text('number')} แล้ว")),
        ("&5 ลงทะเบียนเล่มใบเสร็จใหม่…", lambda: open_dialog(window, lambda: RegisterReceiptBookDialog(s, "", window),
                                                          lambda d: f"ลงทะเบียนเล่มที่ {d.text('book')} แล้ว")),
        ("&6 กำหนดเลขที่ของเล่มใบเสร็จ…", lambda: open_dialog(window, receipt_range,
                                                           lambda d: f"บันทึกเลขที่ของเล่มที่ {d.text('book')} แล้ว")),
        ("&7 แก้ชื่อ/รหัสหน่วยงาน…", org),
    )
    for label, fn in items:
        act = menu.addAction(label)
        act.triggered.connect(lambda checked=False, fn=fn: fn())

