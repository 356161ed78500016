"""A calendar pop-up in Thai: Thai month names and Buddhist Era years.

Qt's calendar has no Buddhist calendar system, so its own navigation bar is
hidden and replaced by ours (« ‹ กรกฎาคม 2567 › »); the grid keeps Qt's
keyboard handling (arrows, PgUp/PgDn, Enter to pick, Esc to close).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (QCalendarWidget, QFrame, QHBoxLayout, QLabel, QToolButton,
                               QVBoxLayout)

from manualbook.thaidate import BE_OFFSET, MONTHS_LONG

THAI_LOCALE = QLocale(QLocale.Language.Thai, QLocale.Country.Thailand)


class ThaiCalendarPopup(QFrame):
    picked = Signal(object)  # datetime.date

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.cal = QCalendarWidget(self)
        self.cal.setNavigationBarVisible(False)
        self.cal.setLocale(THAI_LOCALE)
        self.cal.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.cal.setFirstDayOfWeek(Qt.DayOfWeek.Sunday)
        self.cal.setGridVisible(True)
        self.title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.title.setProperty("role", "title")
        bar = QHBoxLayout()
        for text, tip, step in (("«", "ปีก่อน", -12), ("‹", "เดือนก่อน", -1)):
            bar.addWidget(self._button(text, tip, step))
        bar.addWidget(self.title, 1)
        for text, tip, step in (("›", "เดือนถัดไป", 1), ("»", "ปีถัดไป", 12)):
            bar.addWidget(self._button(text, tip, step))
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(bar)
        box.addWidget(self.cal)
        self.cal.currentPageChanged.connect(lambda *_: self._update_title())
        self.cal.activated.connect(self._chosen)
        self.cal.clicked.connect(self._chosen)
        self._update_title()

    def _button(self, text: str, tip: str, step: int) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.clicked.connect(lambda: self._move(step))
        return b

    def _move(self, months: int) -> None:
        """Moves the page and the selected day together, so Enter picks what is seen."""
        y, m = self.cal.yearShown(), self.cal.monthShown() - 1 + months
        self.cal.setSelectedDate(self.cal.selectedDate().addMonths(months))
        self.cal.setCurrentPage(y + m // 12, m % 12 + 1)

    def _update_title(self) -> None:
        self.title.setText(f"{MONTHS_LONG[self.cal.monthShown() - 1]} {self.cal.yearShown() + BE_OFFSET}")

    def open_at(self, anchor, day: dt.date | None) -> None:
        day = day or dt.date.today()
        self.cal.setSelectedDate(QDate(day.year, day.month, day.day))
        self.cal.setCurrentPage(day.year, day.month)
        self._update_title()
        self.move(anchor.mapToGlobal(anchor.rect().bottomLeft()))
        self.show()
        self.cal.setFocus()

    def _chosen(self, qdate: QDate) -> None:
        self.hide()
        self.picked.emit(dt.date(qdate.year(), qdate.month(), qdate.day()))
