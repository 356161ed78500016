"""Asking which day or month to print: a day for the daily status, a month for
every other register, proposed from the working day (a month typed as 7/2567)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from manualbook.messages import BookError
from manualbook.thaidate import format_long, format_month, format_short, parse_month

from .actions import MenuAction, default_period
from .fields import DateField


class PeriodDialog(QDialog):
    """A day (daily status) or a month (every other register), proposed from
    the working day; the month may be typed as 7/2567."""

    def __init__(self, action: MenuAction, working_day: dt.date, parent=None):
        super().__init__(parent)
        self.action = action
        self.setWindowTitle(f"พิมพ์{action.title or action.label.rstrip('…')}")
        first, last = default_period(action.needs, working_day)
        box = QVBoxLayout(self)
        ask = "วันที่ของรายงาน" if action.needs == "day" else "เดือนของทะเบียน (เช่น 7/2567)"
        box.addWidget(QLabel(ask))
        if action.needs == "day":
            self.field = DateField(objectName="period")
            self.field.set_date(first)
        else:
            self.field = QLineEdit(objectName="period")
            self.field.setPlaceholderText("เดือน/ปี เช่น 7/2567")
            self.field.setText(f"{first.month}/{first.year + 543}")
        self.field.setMinimumWidth(260)
        self.field.selectAll()  # typing replaces the proposed period
        self.field.textChanged.connect(self._update_hint)
        box.addWidget(self.field)
        self.hint = QLabel(objectName="period_hint")
        box.addWidget(self.hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("แสดงตัวอย่างก่อนพิมพ์")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        box.addWidget(buttons)
        self._update_hint()
        self.field.selectAll()

    def period(self) -> tuple[dt.date, dt.date] | None:
        text = self.field.text()
        try:
            if self.action.needs == "day":
                day = self.field.date()
                return (day, day) if day else None
            return parse_month(text)
        except BookError:
            return None

    def _update_hint(self, *_):
        period = self.period()
        if period is None:
            problem = self.field.problem() if self.action.needs == "day" else None
            self.hint.setText(problem or "ยังอ่านวันที่ไม่ได้ ให้พิมพ์เช่น " + (
                "8/7/2567" if self.action.needs == "day" else "7/2567"))
            self.hint.setStyleSheet("color: #b42318;")
        else:
            first, last = period
            self.hint.setText(f"วันที่ {format_long(first)}" if first == last
                              else f"เดือน{format_month(first)} ({format_short(first)} ถึง {format_short(last)})")
            self.hint.setStyleSheet("color: #486581;")
        self.ok_button.setEnabled(period is not None)

    def accept(self):
        if self.period() is not None:
            super().accept()


def ask_period(parent, action: MenuAction, working_day: dt.date) -> tuple[dt.date, dt.date] | None:
    """Patchable in tests; None when the clerk cancels."""
    dialog = PeriodDialog(action, working_day, parent)
    return dialog.period() if dialog.exec() == QDialog.DialogCode.Accepted else None
