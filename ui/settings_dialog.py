"""Later changes to the setup, under the core's rules.

Organisation and opening figures can be corrected only until the first day
is closed (the fields are locked after that, with the reason shown); people
are dated records, effective from the day the clerk chooses.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from manualbook.setup_book import save_setup
from manualbook.thaidate import format_short

from .fields import DateField
from .fit import fit_to_screen
from .ops import error_text
from .setup import AccountsTable, OrgForm, PeopleForm


YES = ("yes", "true", "1", "ใช่")  # what reporting.render_report reads as "Thai digits on"


class SettingsDialog(QDialog):
    def __init__(self, session, setup: dict, parent=None):
        super().__init__(parent)
        self.session, self.before = session, setup
        self.setWindowTitle("ตั้งค่าสมุดบัญชี")
        fit_to_screen(self, 880, 620)
        locked = setup["closed"] is not None
        tabs = QTabWidget()
        self.org = OrgForm()
        o = setup["org"]
        self.org.name.setText(o.name)
        self.org.lao_code.setText(o.lao_code)
        self.org.start.set_date(o.start)
        self.org.since.set_date(o.since)
        self.org.cash.set_satang(setup["cash"])
        org_page = QWidget()
        box = QVBoxLayout(org_page)
        box.addWidget(self.org)
        if locked:
            note = QLabel(f"ปิดบัญชีไปแล้วถึงวันที่ {format_short(setup['closed'])}: วันเริ่มสมุด วันที่ระบบขัดข้อง"
                          " และยอดยกมาแก้ไม่ได้แล้ว (ให้บันทึกรายการปรับปรุงแทน) ชื่อและรหัสหน่วยงานแก้ได้"
                          " เป็นรายการแก้ไขที่มีผลตั้งแต่วันที่ระบุ")
            note.setWordWrap(True)
            note.setProperty("role", "hint")
            box.addWidget(note)
            for w in (self.org.name, self.org.lao_code, self.org.start, self.org.since, self.org.cash):
                w.setReadOnly(True)
            correct = QPushButton("แก้ชื่อ/รหัสหน่วยงาน… (&N)", objectName="correct_org")
            correct.setAutoDefault(False)
            correct.clicked.connect(self.correct_org)
            box.addWidget(correct, 0, Qt.AlignmentFlag.AlignLeft)
        tabs.addTab(org_page, "หน่วยงานและยอดยกมา")
        acc_page = QWidget()
        abox = QFormLayout(acc_page)
        self.opening_fields = {}
        from .fields import AmountField
        for a in setup["accounts"]:
            field = AmountField()
            field.set_satang(setup["openings"].get(a.key, 0))
            field.setReadOnly(locked)
            abox.addRow(f"{a.bank} {a.number} ({a.key}) ยอดยกมา", field)
            self.opening_fields[a.key] = field
        abox.addRow(QLabel("เพิ่มบัญชีใหม่"))
        self.new_accounts = AccountsTable()
        abox.addRow(self.new_accounts)
        tabs.addTab(acc_page, "บัญชีเงินฝาก")
        people_page = QWidget()
        pbox = QVBoxLayout(people_page)
        self.people = PeopleForm()
        self.people.set_values(setup["people"])
        pbox.addWidget(self.people)
        row = QFormLayout()
        self.thai_digits = QCheckBox("พิมพ์ตัวเลขในทะเบียนเป็นเลขไทย (๑๒๓)", objectName="thai_digits")
        self.thai_digits.setChecked((setup["people"].get("thai_digits") or "").lower() in YES)
        row.addRow("", self.thai_digits)
        self.effective = DateField()
        self.effective.set_date(setup["first_open"])
        row.addRow("การเปลี่ยนแปลงมีผลตั้งแต่วันที่", self.effective)
        pbox.addLayout(row)
        tabs.addTab(people_page, "ผู้บันทึกและผู้ลงนาม")
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("บันทึก")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(tabs)
        outer.addWidget(self.error)
        outer.addWidget(buttons)

    def correct_org(self) -> None:
        """The same dated correction as ``manualbook org set``: a new record from a day."""
        from .masterdata import OrgDialog
        s = self.before
        dialog = OrgDialog(self.session, s["org"], s["closed"], s["first_open"], self)
        dialog.saved.connect(lambda change: self._org_corrected(dialog.text("name"), dialog.text("lao_code")))
        dialog.exec()

    def _org_corrected(self, name: str, lao_code: str) -> None:
        from dataclasses import replace
        self.before["org"] = replace(self.before["org"], name=name, lao_code=lao_code)  # already recorded
        self.org.name.setText(name)
        self.org.lao_code.setText(lao_code)

    def save(self) -> None:
        problems = self.org.problems()
        new_accounts, acc_problems = self.new_accounts.accounts()
        problems += acc_problems
        openings = {}
        for key, field in self.opening_fields.items():
            if field.problem():
                problems.append(field.problem())
            openings[key] = field.satang() or 0
        if self.effective.problem():
            problems.append(self.effective.problem())
        if problems:
            self.error.setText("\n".join(problems))
            return
        org = {"name": self.org.name.text().strip(), "lao_code": self.org.lao_code.text().strip(),
               "start": self.org.start.date(), "since": self.org.since.date()}
        cash, people, effective = self.org.cash.satang() or 0, self.people.values(), self.effective.date()
        if self.thai_digits.isChecked() != ((self.before["people"].get("thai_digits") or "").lower() in YES):
            people["thai_digits"] = "yes" if self.thai_digits.isChecked() else "no"
        before = self.before
        self.session.write(self, lambda book: save_setup(book, before, org, cash, openings, new_accounts,
                                                         people, effective)).success(
            lambda change: self.accept()).failure(lambda exc: self.error.setText(error_text(exc))).run_in_background()
