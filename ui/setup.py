"""First-run setup, and later changes under the core's rules.

The wizard gathers the organisation, the start and outage dates, cash and
bank opening balances, the clerks, signers and the cash-custody committee
with their titles; ``manualbook.setup_book.create_book`` then writes it all on
the worker, in one transaction. Later,
``SettingsDialog`` corrects the organisation and opening figures (only until
the first close: the core refuses after that, and the fields say so) and
records people as dated settings (effective from a day the clerk chooses).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFormLayout, QGridLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from manualbook.messages import BookError
from manualbook.money import format_amount, parse_amount
from manualbook.setup_book import SetupValues

from . import theme
from .dialogs import ask
from .fields import AmountField, DateField, TextField
from .fit import fit_to_screen

PEOPLE = (
    ("clerk", "ผู้บันทึกบัญชี"), ("checker", "ผู้ตรวจสอบ"),
    ("finance_head", "ผู้อำนวยการกองคลัง/หัวหน้าส่วนการคลัง"), ("palad", "ปลัด"),
    ("executive", "นายก/ผู้บริหาร"), ("committee_1", "กรรมการเก็บรักษาเงิน คนที่ 1"),
    ("committee_2", "กรรมการเก็บรักษาเงิน คนที่ 2"), ("committee_3", "กรรมการเก็บรักษาเงิน คนที่ 3"),
)


def _message_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    return label


class OrgForm(QWidget):
    """Organisation, dates and cash on hand."""

    def __init__(self, parent=None):
        super().__init__(parent)
        form = QFormLayout(self)
        self.name = TextField(placeholderText="เช่น องค์การบริหารส่วนตำบลบ้านใหม่")
        self.lao_code = TextField(placeholderText="รหัส อปท. 7 หลัก (ถ้ามี)")
        self.start = DateField()
        self.since = DateField()
        self.cash = AmountField()
        self.start_hint, self.since_hint = QLabel(), QLabel()
        for w in (self.start_hint, self.since_hint):
            w.setProperty("role", "hint")
        self.start.textChanged.connect(lambda: self.start_hint.setText(self.start.hint()))
        self.since.textChanged.connect(lambda: self.since_hint.setText(self.since.hint()))
        form.addRow("ชื่อหน่วยงาน", self.name)
        form.addRow("รหัสหน่วยงาน", self.lao_code)
        form.addRow("วันเริ่มสมุด", self.start)
        form.addRow("", self.start_hint)
        form.addRow("วันที่ระบบ e-LAAS ขัดข้อง", self.since)
        form.addRow("", self.since_hint)
        form.addRow("เงินสดคงเหลือยกมา (บาท)", self.cash)
        self.error = _message_label()
        form.addRow(self.error)
        for w in (self.name, self.lao_code, self.start, self.since, self.cash):
            w.setMinimumHeight(theme.row_height())

    def problems(self) -> list[str]:
        out = []
        if not self.name.text().strip():
            out.append("ต้องใส่ชื่อหน่วยงาน")
        for w, what in ((self.start, "วันเริ่มสมุด"), (self.since, "วันที่ระบบขัดข้อง")):
            if w.problem():
                out.append(f"{what}: {w.problem()}")
        if self.start.date() and self.since.date() and self.since.date() < self.start.date():
            out.append("วันที่ระบบขัดข้องต้องไม่อยู่ก่อนวันเริ่มสมุด")
        if self.cash.problem():
            out.append(self.cash.problem())
        return out


class AccountsTable(QWidget):
    """Bank accounts with their opening balances."""

    HEAD = ("ธนาคาร", "เลขที่บัญชี", "สาขา", "ประเภทบัญชี", "ยอดยกมา (บาท)")

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        self.table = QTableWidget(0, len(self.HEAD))
        self.table.setHorizontalHeaderLabels(self.HEAD)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(theme.row_height())
        box.addWidget(self.table)
        add = QPushButton("เพิ่มบัญชีเงินฝาก")
        add.clicked.connect(self.add_row)
        box.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        self.error = _message_label()
        box.addWidget(self.error)

    def add_row(self, values: dict | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, key in enumerate(("bank", "number", "branch", "type", "opening")):
            self.table.setItem(row, col, QTableWidgetItem((values or {}).get(key, "")))
        self.table.setCurrentCell(row, 0)

    def accounts(self) -> tuple[list[dict], list[str]]:
        out, problems = [], []
        for row in range(self.table.rowCount()):
            cells = [(self.table.item(row, c).text().strip() if self.table.item(row, c) else "")
                     for c in range(len(self.HEAD))]
            if not any(cells):
                continue
            bank, number, branch, type_, opening = cells
            if not bank or not number:
                problems.append(f"บัญชีแถวที่ {row + 1}: ต้องใส่ชื่อธนาคารและเลขที่บัญชี")
                continue
            try:
                amount = parse_amount(opening) if opening else 0
            except BookError as exc:
                problems.append(f"บัญชีแถวที่ {row + 1}: {exc.problems[0].message}")
                continue
            out.append({"bank": bank, "number": number, "branch": branch, "type": type_, "opening": amount})
        return out, problems


class PeopleForm(QWidget):
    """Names and titles of the clerks, signers and the cash-custody committee."""

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("หน้าที่"), 0, 0)
        grid.addWidget(QLabel("ชื่อ-สกุล"), 0, 1)
        grid.addWidget(QLabel("ตำแหน่ง"), 0, 2)
        self.names: dict[str, QLineEdit] = {}
        self.titles: dict[str, QLineEdit] = {}
        for row, (key, label) in enumerate(PEOPLE, start=1):
            name, title = TextField(objectName=f"person_{key}"), TextField(objectName=f"title_{key}")
            for w in (name, title):
                w.setMinimumHeight(theme.row_height())
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(title, row, 2)
            self.names[key], self.titles[key] = name, title
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)

    def values(self) -> dict[str, str]:
        out = {}
        for key in self.names:
            out[key] = self.names[key].text().strip()
            out[f"{key}_title"] = self.titles[key].text().strip()
        return out

    def set_values(self, values: dict[str, str]) -> None:
        for key in self.names:
            self.names[key].setText(values.get(key, ""))
            self.titles[key].setText(values.get(f"{key}_title", ""))


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str, body: QWidget, check=None):
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.body, self._check = body, check
        QVBoxLayout(self).addWidget(body)

    def validatePage(self) -> bool:
        if not self._check:
            return True
        problems = self._check()
        self.body.error.setText("\n".join(problems))
        return not problems


class SetupWizard(QWizard):
    """Asks for everything a new book needs; ``values()`` when accepted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("ตั้งสมุดบัญชีใหม่")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        for button, text in ((QWizard.WizardButton.NextButton, "ถัดไป >"),
                             (QWizard.WizardButton.BackButton, "< ย้อนกลับ"),
                             (QWizard.WizardButton.FinishButton, "ตั้งสมุด"),
                             (QWizard.WizardButton.CancelButton, "ยกเลิก")):
            self.setButtonText(button, text)
        self.org, self.accounts, self.people = OrgForm(), AccountsTable(), PeopleForm()
        self.people.error = _message_label()
        self.addPage(_Page("หน่วยงานและวันเริ่มต้น", "ยอดยกมา หมายถึง ยอดคงเหลือ ณ ต้นวันที่เริ่มใช้โปรแกรม", self.org, self.org.problems))
        self.addPage(_Page("บัญชีเงินฝากธนาคาร", "ใส่ทุกบัญชีที่หน่วยงานมี พร้อมยอดยกมา (แก้ได้จนกว่าจะปิดบัญชีวันแรก)",
                           self.accounts, lambda: self.accounts.accounts()[1]))
        self.addPage(_Page("ผู้บันทึก ผู้ลงนาม และกรรมการเก็บรักษาเงิน",
                           "ชื่อเหล่านี้จะพิมพ์ในทะเบียนและรายงาน (เปลี่ยนภายหลังได้ โดยระบุวันที่มีผล)", self.people))
        self.accounts.add_row()
        fit_to_screen(self, 860, 620)

    def typed_anything(self) -> bool:
        """Whether the clerk has typed anything that closing would throw away."""
        v = self.values()
        return bool(v.name or v.lao_code or v.start or v.since or v.cash or v.accounts
                    or any(v.people.values()))

    def reject(self) -> None:
        """Esc or ยกเลิก: asks first (default no) when something was typed."""
        if self.typed_anything() and not ask(
                self, "ยกเลิกการตั้งสมุด? สิ่งที่พิมพ์ไว้ในทุกหน้าจะหายไป", "ยกเลิกการตั้งสมุด"):
            return
        super().reject()

    def fill(self, v: SetupValues) -> None:
        """Everything typed before, back in its fields: after a set-up that failed (a folder that
        cannot be written, a full disk) the clerk corrects what is wrong instead of typing it all again."""
        from manualbook.thaidate import format_short

        self.org.name.setText(v.name)
        self.org.lao_code.setText(v.lao_code)
        self.org.start.setText(format_short(v.start) if v.start else "")
        self.org.since.setText(format_short(v.since) if v.since else "")
        self.org.cash.setText(format_amount(v.cash) if v.cash else "")
        self.accounts.table.setRowCount(0)
        for account in v.accounts or [{}]:
            opening = account.get("opening")
            self.accounts.add_row({**account, "opening": format_amount(opening) if opening else ""})
        self.people.set_values(v.people)

    def values(self) -> SetupValues:
        accounts, _ = self.accounts.accounts()
        return SetupValues(
            name=self.org.name.text().strip(), lao_code=self.org.lao_code.text().strip(),
            start=self.org.start.date(), since=self.org.since.date() or self.org.start.date(),
            cash=self.org.cash.satang() or 0, accounts=accounts, people=self.people.values())
