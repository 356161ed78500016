"""The e-LAAS day figures panel of บันทึกเข้า e-LAAS.

For one day it shows the book's figures (receipts, payments, cash and bank at
the end of the day) beside the ones typed from e-LAAS's own daily report,
says which agree, and records the typed ones through ``record_day_totals`` on
the worker (Enter on the last field, or the button). Under them, the days whose
recorded figures do not agree with the book; activating one asks the screen to
show that day (``day_chosen``).

Typed figures that cannot be read are never written: ``leave()`` says False
while they stand, so the screen keeps the day until they are fixed or cleared.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from manualbook.keyed import DAY_FIELDS, KeyedProgress, record_day_totals
from manualbook.lists import day_against_elaas
from manualbook.money import format_amount
from manualbook.thaidate import format_short

from . import theme
from .fields import AmountField
from .keyed_model import OK_FG, PROBLEM_FG, status_colour
from .ops import error_text
from .session import Session

SHORT = {"receipts": "ยอดรับ", "payments": "ยอดจ่าย", "cash": "เงินสด", "bank": "เงินฝาก"}  # the panel is narrow


class DayFiguresPanel(QFrame):
    """The book's figures of ``day`` against e-LAAS's, and the days that do not agree."""

    day_chosen = Signal(object)  # a day picked in the list of days that do not agree

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.day: dt.date | None = None
        self._ours: dict[str, int] = {}
        self._theirs: dict[str, int | None] | None = None
        self._generation = 0
        self._build()

    def _build(self) -> None:
        self.setProperty("card", True)
        self.setMaximumWidth(380)
        pbox = QVBoxLayout(self)
        pbox.setContentsMargins(12, 8, 12, 10)
        self.title = QLabel("ยอดรายวันเทียบกับ e-LAAS", objectName="panel_title")
        self.title.setFont(theme.ui_font(bold=True))
        self.title.setWordWrap(True)
        pbox.addWidget(self.title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for c, text in enumerate(("", "ในสมุด", "ตาม e-LAAS", "")):
            head = QLabel(text)
            head.setProperty("role", "hint")
            grid.addWidget(head, 0, c)
        self.fields: dict[str, AmountField] = {}
        self.ours_labels: dict[str, QLabel] = {}
        self.diff_labels: dict[str, QLabel] = {}
        for i, (key, _, what) in enumerate(DAY_FIELDS, start=1):
            ours = QLabel()
            ours.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            field = AmountField(objectName=f"elaas_{key}")
            field.setMinimumWidth(116)
            field.setMaximumWidth(130)
            diff = QLabel()
            name = QLabel(SHORT[key])
            name.setToolTip(what + ("ทุกบัญชี ณ สิ้นวัน" if key == "bank" else " ณ สิ้นวัน" if key == "cash" else
                                    "ของวัน"))
            grid.addWidget(name, i, 0)
            grid.addWidget(ours, i, 1)
            grid.addWidget(field, i, 2)
            grid.addWidget(diff, i, 3)
            self.fields[key], self.ours_labels[key], self.diff_labels[key] = field, ours, diff
            field.textChanged.connect(lambda *_: self._compare())
        keys = [k for k, _, _ in DAY_FIELDS]
        for a, b in zip(keys, keys[1:]):
            self.fields[a].returnPressed.connect(self.fields[b].setFocus)
        self.fields[keys[-1]].returnPressed.connect(self.save)
        grid.setColumnStretch(2, 1)
        pbox.addLayout(grid)
        self.status = QLabel(objectName="figures_status")
        self.status.setWordWrap(True)
        pbox.addWidget(self.status)
        self.save_button = QPushButton("บันทึกยอดตาม e-LAAS", objectName="save_figures")
        self.save_button.clicked.connect(self.save)
        pbox.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        off = QLabel("วันที่ยอดไม่ตรงกับ e-LAAS")
        off.setFont(theme.ui_font(bold=True))
        pbox.addWidget(off)
        self.off_days = QListWidget(objectName="unreconciled")
        self.off_days.setWordWrap(True)
        self.off_days.setToolTip("Enter หรือดับเบิลคลิก: ไปที่วันนั้น")
        self.off_days.itemActivated.connect(lambda item: self.day_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        pbox.addWidget(self.off_days, 1)

    def _book_open(self) -> bool:
        return self.session.tasks.book is not None  # False only while the program shuts down

    # ------------------------------------------------------------ the days that do not agree
    def show_unreconciled(self, p: KeyedProgress) -> None:
        self.off_days.clear()
        for day in p.unreconciled_dates:
            head = f"วันที่ {format_short(day)}:"
            for m in [m for m in p.days_unreconciled if m.startswith(head)] or [head + " ยอดไม่ตรง"]:
                item = QListWidgetItem(format_short(day) + " " + m[len(head):].strip())
                item.setData(Qt.ItemDataRole.UserRole, day)
                item.setForeground(QBrush(PROBLEM_FG))
                self.off_days.addItem(item)
        if not p.unreconciled_dates:
            item = QListWidgetItem("ไม่มี" if p.days_checked else "ยังไม่ได้กรอกยอดตาม e-LAAS")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.off_days.addItem(item)

    # ------------------------------------------------------------ one day's figures
    def load(self, day: dt.date) -> None:
        """Shows ``day``: the book's figures and the e-LAAS ones recorded (typed ones are replaced)."""
        if not self._book_open():
            return
        self.day = day
        self._generation += 1
        generation = self._generation
        self.title.setText(f"ยอดรายวันเทียบกับ e-LAAS วันที่ {format_short(day)}")
        self.session.query(self, lambda book: day_against_elaas(book, day)).success(
            lambda r: generation == self._generation and self._loaded(*r)).run_in_background()

    def reload(self) -> None:
        """The same day again after the book changed, unless figures typed there are not yet saved."""
        if not self.dirty():
            self.load(self.day)

    def _loaded(self, ours: dict[str, int], theirs: dict[str, int | None] | None) -> None:
        self._ours, self._theirs = ours, theirs
        for key, _, _ in DAY_FIELDS:
            self.ours_labels[key].setText(format_amount(ours[key]))
            self.fields[key].set_satang((theirs or {}).get(key))
        self._compare()

    def _typed(self) -> tuple[dict[str, int | None], list[tuple[str, str]]]:
        figures, problems = {}, []
        for key, _, what in DAY_FIELDS:
            field = self.fields[key]
            problem = field.problem()
            if problem:
                problems.append((key, f"{what}: {problem}"))
            figures[key] = field.satang() if field.text().strip() and not problem else None
        return figures, problems

    def problems(self) -> list[tuple[str, str]]:
        """(field key, Thai problem) of each typed figure that cannot be read."""
        return self._typed()[1]

    def dirty(self) -> bool:
        """True when what is typed differs from what is recorded (or cannot be read)."""
        if self.day is None or not self._ours:
            return False
        figures, problems = self._typed()
        stored = self._theirs or dict.fromkeys(figures)
        return bool(problems) or figures != stored

    def _compare(self) -> None:
        if not self._ours:
            return
        figures, problems = self._typed()
        bad = dict(problems)
        off = 0
        for key, _, _ in DAY_FIELDS:
            label, value = self.diff_labels[key], figures[key]
            if key in bad:
                label.setText("?")
                label.setToolTip(bad[key])
                label.setStyleSheet(f"color: {PROBLEM_FG.name()}; font-weight: bold;")
            elif value is None:
                label.setText("")
                label.setToolTip("")
            elif value == self._ours[key]:
                label.setText("ตรง")
                label.setToolTip("")
                label.setStyleSheet(f"color: {OK_FG};")
            else:
                off += 1
                label.setText("ไม่ตรง")
                label.setToolTip(f"ต่างกัน {format_amount(value - self._ours[key])} บาท")
                label.setStyleSheet(f"color: {PROBLEM_FG.name()};")
        if problems:
            self._say("\n".join(p for _, p in problems), error=True)
            return
        typed = sum(v is not None for v in figures.values())
        saved = "" if not self.dirty() else "\nยังไม่ได้บันทึก (Enter ที่ช่องสุดท้าย หรือ Ctrl+S)"
        if not typed:
            self._say("ยังไม่ได้กรอกยอดตามรายงานของ e-LAAS" + saved)
        elif off:
            lines = [f"{SHORT[key]}ต่างกัน {format_amount(figures[key] - self._ours[key])} บาท"
                     for key, _, _ in DAY_FIELDS if figures[key] is not None and figures[key] != self._ours[key]]
            self._say(f"ไม่ตรง {off} ช่อง: " + ", ".join(lines) + saved, error=True)
        else:
            self._say(f"ตรงกับสมุดทุกช่องที่กรอก{saved}", ok=True)

    def _say(self, text: str, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {status_colour(error, ok)};")

    # ------------------------------------------------------------ saving
    def save(self) -> bool:
        """Records the typed e-LAAS figures of the day; a problem writes nothing. True if a save was started."""
        if self.day is None or not self._book_open():
            return False
        figures, problems = self._typed()
        if problems:
            self._say("ยังไม่ได้บันทึกยอด: " + "\n".join(p for _, p in problems), error=True)
            self.fields[problems[0][0]].setFocus()
            return False
        day = self.day
        self.session.write(self, lambda book: record_day_totals(book, day, figures)).success(
            lambda change: self._saved(day, figures)).failure(
            lambda exc: self._say("ยังไม่ได้บันทึกยอด: " + error_text(exc), error=True)).run_in_background()
        return True

    def _saved(self, day: dt.date, figures: dict) -> None:
        if day == self.day:
            self._theirs = dict(figures)
            self._compare()

    def leave(self) -> bool:
        """Before another day is shown: typed figures are saved; False while unreadable ones stand."""
        return not self.dirty() or self.save()
