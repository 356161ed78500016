"""Input fields that take what clerks type.

- ``DateField``: 8/7/67, 8/7/2567, Thai digits, ISO, a date typed with the
  Thai keyboard layout still on; F4 or Alt+Down or the button opens a Thai
  calendar; the long Thai form of the date is shown under it.
- ``AmountField``: Thai digits and Kedmanee digits; the amount in words is
  shown as you type.
- ``NumberField``: document numbers; Thai digits and Kedmanee digits become
  Arabic digits as typed.
- ``Picker`` and ``CompletingLine`` (``picker.py``): type-to-search by code or
  Thai name over a list of choices that never chooses for the clerk; free
  text with suggestions from history.

Every field reports through ``value_text()`` the raw string the core's
``draft_from_values`` expects, so the rules stay in the core.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from manualbook.messages import BookError
from manualbook.money import baht_words, format_amount, from_kedmanee, parse_amount, to_arabic_digits
from manualbook.thaidate import format_long, format_short, parse_date

from . import theme
from .calendar import ThaiCalendarPopup
from .picker import CompletingLine, Picker  # noqa: F401 - the fields of a form, in one place

_KEDMANEE_KEYS = set("ๅภถุึคตจขชฝมใ")
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")


def long_date(day: dt.date) -> str:
    return f"วัน{WEEKDAYS[day.weekday()]}ที่ {format_long(day)}"


class DateField(QLineEdit):
    """A BE date typed as text, with a calendar pop-up."""

    date_changed = Signal(object)  # datetime.date or None

    def __init__(self, parent=None, **kw):
        super().__init__(parent, **kw)
        self.setPlaceholderText("วัน/เดือน/ปี เช่น 8/7/2567")
        self._popup: ThaiCalendarPopup | None = None
        act = QAction("▾", self)
        act.setToolTip("เลือกจากปฏิทิน (F4)")
        act.triggered.connect(self.open_calendar)
        self.addAction(act, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self.normalise)
        self.textChanged.connect(lambda *_: self.date_changed.emit(self.date()))

    def date(self) -> dt.date | None:
        try:
            return parse_date(self.text())
        except BookError:
            return None

    def problem(self) -> str | None:
        try:
            parse_date(self.text())
            return None
        except BookError as exc:
            return exc.problems[0].message

    def set_date(self, day: dt.date | None) -> None:
        self.setText(format_short(day) if day else "")

    def normalise(self) -> None:
        """Rewrites what was typed in the standard form once it parses."""
        day = self.date()
        if day and self.text() != format_short(day):
            self.set_date(day)

    def value_text(self) -> str:
        return self.text()

    def hint(self) -> str:
        day = self.date()
        return long_date(day) if day else ""

    def open_calendar(self) -> None:
        if self._popup is None:
            self._popup = ThaiCalendarPopup(self)
            self._popup.picked.connect(self._picked)
        self._popup.open_at(self, self.date())

    def _picked(self, day: dt.date) -> None:
        self.set_date(day)
        self.setFocus()
        self.editingFinished.emit()

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_F4 or (
                event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        super().keyPressEvent(event)


class NumberField(QLineEdit):
    """Document numbers: Thai digits and Thai-layout digits become 0-9 as typed."""

    def __init__(self, parent=None, **kw):
        super().__init__(parent, **kw)
        self.textEdited.connect(self._fix)

    def _fix(self, text: str) -> None:
        fixed = to_arabic_digits(text)
        if any(ch in _KEDMANEE_KEYS for ch in fixed):
            fixed = from_kedmanee(fixed)
        if fixed != text:
            pos = self.cursorPosition()
            self.setText(fixed)
            self.setCursorPosition(pos)

    def value_text(self) -> str:
        return self.text().strip()


class AmountField(QLineEdit):
    """An amount; words and problems are read by the form through ``hint()``/``problem()``."""

    def __init__(self, parent=None, **kw):
        super().__init__(parent, **kw)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0.00")
        self.editingFinished.connect(self.normalise)

    def satang(self) -> int | None:
        try:
            return parse_amount(self.text())
        except BookError:
            return None

    def problem(self) -> str | None:
        if not self.text().strip():
            return None
        try:
            parse_amount(self.text())
            return None
        except BookError as exc:
            return exc.problems[0].message

    def set_satang(self, satang: int | None) -> None:
        self.setText(format_amount(satang) if satang is not None else "")

    def normalise(self) -> None:
        value = self.satang()
        if value is not None and self.text() != format_amount(value):
            self.set_satang(value)

    def hint(self) -> str:
        value = self.satang()
        return f"({baht_words(value)})" if value else ""

    def value_text(self) -> str:
        return self.text().strip()


class TextField(QLineEdit):
    def value_text(self) -> str:
        return self.text().strip()


def add_labelled(grid: QGridLayout, row: int, label: str, widget: QWidget, key: str) -> tuple[QLabel, QLabel]:
    """Puts a field on a form's grid: its label on the left, the field with the
    line for its Thai message under it on the right. Returns (label, message)."""
    widget.setMinimumHeight(theme.row_height())
    title = QLabel(label)
    title.setBuddy(widget)
    title.setMinimumHeight(theme.row_height())
    title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    message = QLabel(objectName=f"msg_{key}")
    message.setWordWrap(True)
    message.setProperty("role", "hint")
    box = QVBoxLayout()
    box.setSpacing(0)
    box.addWidget(widget)
    box.addWidget(message)
    grid.addWidget(title, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
    grid.addLayout(box, row, 1)
    return title, message
