"""The entries list: by day, by month or all, with filters; reverse, cheque handed.

Loading runs on the worker; the table shows rows as they are fetched. A
reversal and the entry it reverses point to each other in the "การกลับรายการ"
column, and "ไปที่รายการคู่" jumps between them.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from manualbook import figures
from manualbook.model import KIND_THAI
from manualbook.money import format_amount
from manualbook.thaidate import format_short, unusual_date

from . import theme
from .dialogs import ask, back_to, show_error, show_info
from .entries_model import (COL_AMOUNT, COL_DESC, COL_DOC, COL_LINK, COL_WHT, ENTRY_ROLE, EntriesModel,
                            EntryFilter)
from .fields import DateField
from .ops import error_text
from .session import Session

PERIODS = (("day", "รายวัน"), ("month", "ทั้งเดือน"), ("all", "ทั้งหมด"))


def load_entries(book, first, last):
    """On the worker: the entries of a period, the reversal links and the close."""
    return list(book.entries(first, last)), book.reversed_by(), book.closed_through()


class ReasonDialog(QDialog):
    """Asks for the reason (required) and the date of a reversal."""

    def __init__(self, entry, default_day: dt.date, parent=None):
        super().__init__(parent)
        self.setWindowTitle("กลับรายการ")
        form = QFormLayout(self)
        what = f"{KIND_THAI[entry.kind]} {entry.document} {format_amount(entry.amount)} บาท ({entry.id})"
        form.addRow("รายการ", QLabel(what))
        self.reason = QLineEdit(objectName="reason")
        self.reason.setPlaceholderText("ต้องระบุ เช่น บันทึกจำนวนเงินผิด")
        self.day = DateField()
        self.day.set_date(default_day)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        form.addRow("เหตุผล", self.reason)
        form.addRow("ลงวันที่", self.day)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("กลับรายการ")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        if not self.reason.text().strip():
            self.error.setText("ต้องระบุเหตุผลของการกลับรายการ")
            self.reason.setFocus()
            return
        if self.day.problem():
            self.error.setText(self.day.problem())
            return
        self.accept()


class EntriesView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.model = EntriesModel(self)
        self._generation = 0
        self._pending_select: str | None = None
        self._build()
        self._filter_timer = QTimer(self, singleShot=True, interval=250)
        self._filter_timer.timeout.connect(self.apply_filter)
        session.tasks.changed.connect(self._book_changed)  # a method: disconnected when the view goes
        self.day.set_date(session.working_day)

    def _build(self) -> None:
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        self.period = QComboBox(objectName="period")
        for key, label in PERIODS:
            self.period.addItem(label, key)
        self.day = DateField(objectName="day")
        self.day.setMinimumWidth(140)
        self.day.setMaximumWidth(190)
        self.kind = QComboBox(objectName="kind")
        self.kind.addItem("ทุกประเภท", "")
        for key in ("receipt", "deposit", "withdraw", "payment", "void", "reversal"):
            self.kind.addItem(KIND_THAI[key], key)
        self.code = QLineEdit(objectName="code", placeholderText="รหัส/รายการงบ")
        self.code.setMinimumWidth(110)
        self.code.setMaximumWidth(160)
        self.text = QLineEdit(objectName="text", placeholderText="ชื่อ รายละเอียด เลขที่ รหัสรายการ")
        self.text.setMinimumWidth(160)
        second = QHBoxLayout()  # two rows: the filters fit a 1024-pixel-wide window
        for row, label, w in ((top, "ช่วง", self.period), (top, "วันที่/เดือน", self.day), (top, "ประเภท", self.kind),
                              (second, "รหัส", self.code), (second, "ค้นหา (Ctrl+F)", self.text)):
            title = QLabel(label)
            title.setBuddy(w)
            row.addWidget(title)
            row.addWidget(w, 1 if w is self.text else 0)
        top.addStretch(1)
        box.addLayout(top)
        box.addLayout(second)
        self.table = QTableView(objectName="entries")
        self.table.setModel(self.model)
        w = theme.text_width
        theme.setup_table(self.table, (w("30/12/2567 ปิดแล้ว"), w("กลับรายการ"), w("13/100"), 190, w("41210008"),
                                       240, 0, w("99,999.99"), w("เช็ค 0012345"), 220, w("XXXXXXXXXX")), COL_DESC,
                          sortable=True, alternating=True, money=(COL_AMOUNT,))  # keying order until a heading is clicked
        # the amount straight after the document, so it is always seen, never behind the scrollbar
        header = self.table.horizontalHeader()
        for col, after in ((COL_AMOUNT, COL_DOC), (COL_WHT, COL_AMOUNT)):
            header.moveSection(header.visualIndex(col), header.visualIndex(after) + 1)
        box.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        self.status.setMinimumWidth(120)
        self.reverse_button = QPushButton("กลับรายการ… (Ctrl+R)", objectName="reverse")
        self.cheque_button = QPushButton("บันทึกส่งมอบเช็ค… (Ctrl+K)", objectName="cheque_handed")
        self.jump_button = QPushButton("ไปที่รายการคู่ (Ctrl+J)", objectName="jump")
        bottom.addWidget(self.status, 1)
        for b in (self.jump_button, self.cheque_button, self.reverse_button):
            bottom.addWidget(b)
        box.addLayout(bottom)
        self.period.currentIndexChanged.connect(lambda *_: self.reload())
        self.day.editingFinished.connect(self.reload)
        self.kind.currentIndexChanged.connect(lambda *_: self.apply_filter())
        self.code.textEdited.connect(lambda *_: self._filter_timer.start())
        self.text.textEdited.connect(lambda *_: self._filter_timer.start())
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.cheque_button.clicked.connect(self.cheque_handed)
        self.jump_button.clicked.connect(self.jump_to_pair)
        self.table.doubleClicked.connect(lambda idx: idx.column() == COL_LINK and self.jump_to_pair())
        for keys, fn in (("Ctrl+F", lambda: self.text.setFocus()), ("Ctrl+R", self.reverse_selected),
                         ("Ctrl+K", self.cheque_handed), ("Ctrl+J", self.jump_to_pair)):
            QShortcut(QKeySequence(keys), self, activated=fn, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def _range(self):
        period = self.period.currentData()
        day = self.day.date() or self.session.working_day
        if period == "day":
            return day, day
        if period == "month":
            return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
        return None, None

    def reload(self) -> None:
        if self._pending_select is None and self.selected() is not None:
            self._pending_select = self.selected().id  # the cursor stays where it was
        first, last = self._range()
        self._generation += 1
        generation = self._generation
        self.status.setText("กำลังโหลดรายการ…")
        self.session.query(self, lambda book: load_entries(book, first, last)).success(
            lambda result: generation == self._generation and self._loaded(*result)).run_in_background()

    def _loaded(self, entries, reversed_by, closed) -> None:
        self.model.set_entries(entries, reversed_by, closed)
        self._update_status()
        if self._pending_select:
            self.select_entry(self._pending_select)
            self._pending_select = None
        if self.table.hasFocus() and self.selected() is None and self.model.rowCount():
            self.table.selectRow(0)

    def apply_filter(self) -> None:
        self.model.set_filter(EntryFilter(self.kind.currentData() or "", self.code.text(), self.text.text()))
        self._update_status()

    def _update_status(self) -> None:
        first, last = self._range()
        where = ("วันที่ " + format_short(first) if first == last else
                 f"{format_short(first)} ถึง {format_short(last)}") if first else "ทั้งสมุด"
        text = f"{where}: {self.model.total():,} รายการ"
        rows = self.model.rows()
        kinds = {e.base_kind or e.kind for e in rows}
        if len(kinds) == 1 and (self.kind.currentData() or self.code.text().strip() or self.text.text().strip()):
            # a sum only makes sense within one kind; it is net of reversals, as on the home screen
            (kind,) = kinds
            text += " · " + figures.describe(figures.totals(rows, self.model.reversed_by())[kind])
        self.status.setText(text)
        self._update_buttons()

    def _book_changed(self, *_) -> None:
        self.reload()

    def focus_first(self) -> None:
        """A screen switch puts the keys in the table, on a row (Ctrl+R then acts on it)."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.selected() is None and self.model.rowCount():
            self.table.selectRow(0)

    def selected(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(ENTRY_ROLE) if rows else None

    def _update_buttons(self) -> None:
        e = self.selected()
        self.reverse_button.setEnabled(bool(e) and e.kind not in ("reversal", "void")
                                       and e.id not in self.model._reversed_by)
        self.cheque_button.setEnabled(bool(e) and e.kind == "payment" and bool(e.cheque))
        self.jump_button.setEnabled(bool(e) and (bool(e.reverses) or e.id in self.model._reversed_by))

    def select_entry(self, entry_id: str) -> bool:
        row = self.model.row_of(entry_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def jump_to_pair(self) -> None:
        e = self.selected()
        if not e:
            return
        other = e.reverses or self.model._reversed_by.get(e.id)
        if other and not self.select_entry(other):
            self._pending_select = other  # outside the period shown: show everything
            self.period.setCurrentIndex(2)

    def reverse_selected(self) -> None:
        e = self.selected()
        if not e or not self.reverse_button.isEnabled():
            return
        default = max(self.session.closed_through + dt.timedelta(days=1) if self.session.closed_through
                      else e.date, e.date)
        dialog = ReasonDialog(e, default, self)
        answered = dialog.exec()
        back_to(self.table)
        if answered != QDialog.DialogCode.Accepted:
            return
        reason, day = dialog.reason.text().strip(), dialog.day.date()
        question = unusual_date(day, self.session.working_day) if day else None
        if question and not ask(self, question, "ตรวจสอบวันที่"):  # a year typed wrong: asked, "no" by default
            return
        self.session.write(self, lambda book: book.reverse(e.id, reason, day)).success(
            lambda change: self._reversed(e, change)
        ).failure(lambda exc: show_error(self, error_text(exc))).run_in_background()

    def _reversed(self, e, change) -> None:
        show_info(self, f"กลับรายการแล้ว รายการใหม่ {', '.join(change.entries)}")
        self._pending_select = e.id  # the cursor stays on the entry just reversed
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def cheque_handed(self) -> None:
        e = self.selected()
        if not e or not self.cheque_button.isEnabled():
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("บันทึกส่งมอบเช็ค")
        form = QFormLayout(dialog)
        form.addRow("เช็คเลขที่", QLabel(f"{e.cheque} ({e.party} {format_amount(e.net)} บาท)"))
        day = DateField()
        day.set_date(self.session.working_day)
        form.addRow("ส่งมอบวันที่", day)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("บันทึก")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        answered = dialog.exec()
        back_to(self.table)
        if answered != QDialog.DialogCode.Accepted or not day.date():
            return
        handed = day.date()
        self.session.write(self, lambda book: book.record_cheque_handed(e.id, handed)).success(
            lambda change: show_info(self, f"บันทึกแล้ว: ส่งมอบเช็คเลขที่ {e.cheque} วันที่ {format_short(handed)}")
        ).failure(lambda exc: show_error(self, error_text(exc))).run_in_background()
