"""The budget screen (งบประมาณ): the year's lines with what is left, and changes to them.

One fiscal year at a time: every line with its appropriation after transfers
(ถือจ่าย), spent, committed and remaining; lines with less than 10 % left are
tinted. Below, the orders and contracts still open. From here the clerk
transfers money between lines, records a supplementary appropriation,
reserves money for an order or contract, cancels one (``budget_dialogs``),
and imports the year's lines from an e-LAAS workbook or a budget CSV
(``budget_import``). Nothing is written until the core accepts it, on the
worker thread.
"""

from __future__ import annotations


from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from manualbook.lists import BudgetData, CommitmentRow, LineRow, budget_data
from manualbook.money import format_amount
from manualbook.thaidate import fiscal_year, format_short

from . import theme
from .budget_dialogs import CancelCommitmentDialog, CommitDialog, SupplementaryDialog, TransferDialog
from .budget_import import BudgetImportDialog, pick_file
from .keyboard_dialog import title_label
from .session import Session
from .tables import (EMPTY_BACKGROUND, LOW_BACKGROUND, PROBLEM_FOREGROUND, ROW_ROLE, RowsModel, rows_table,
                     signed_amount)


# ---------------------------------------------------------------- table models
COL_KEY, COL_ITEM, COL_APPROP, COL_SPENT, COL_COMMITTED, COL_REMAINING = range(6)


class LinesModel(RowsModel):
    HEADERS = ("รหัส", "รายการ", "งบถือจ่าย", "ใช้ไป", "ก่อหนี้ผูกพัน", "คงเหลือ")
    RIGHT = frozenset({COL_APPROP, COL_SPENT, COL_COMMITTED, COL_REMAINING})
    MONEY = RIGHT

    def display(self, r: LineRow, col: int) -> str:
        return (r.key, r.item, format_amount(r.appropriated), format_amount(r.spent),
                format_amount(r.committed), signed_amount(r.remaining))[col]

    def native(self, r: LineRow, col: int):
        return (r.key, r.item, r.appropriated, r.spent, r.committed, r.remaining)[col]

    def matches(self, r: LineRow, text: str) -> bool:
        return text in r.key.lower() or text in r.item.lower() or text in r.where.lower()

    def background(self, r: LineRow, col: int):
        if r.appropriated > 0 and r.remaining <= 0:
            return EMPTY_BACKGROUND
        return LOW_BACKGROUND if r.low else None

    def foreground(self, r: LineRow, col: int):
        return PROBLEM_FOREGROUND if col == COL_REMAINING and (r.low or r.remaining < 0) else None

    def tooltip(self, r: LineRow, col: int):
        text = f"{r.key} {r.item}" + (f"\n{r.where}" if r.where else "")
        if r.low:
            text += "\nเหลือน้อยกว่าร้อยละ 10 ของงบถือจ่าย"
        return text

    def totals(self) -> tuple[int, int, int, int]:
        rows = self._rows
        return (sum(r.appropriated for r in rows), sum(r.spent for r in rows),
                sum(r.committed for r in rows), sum(r.remaining for r in rows))


class CommitmentsModel(RowsModel):
    HEADERS = ("เลขที่ใบสั่ง/สัญญา", "วันที่", "รายการงบ", "ผู้ขาย/ผู้รับจ้าง", "รายละเอียด",
               "จำนวนเงิน", "จ่ายแล้ว", "คงเหลือผูกพัน")
    RIGHT = frozenset({5, 6, 7})
    MONEY = RIGHT

    def display(self, c: CommitmentRow, col: int) -> str:
        return (c.key, format_short(c.date), c.line, c.party, c.description, format_amount(c.amount),
                format_amount(c.paid), format_amount(c.outstanding))[col]

    def native(self, c: CommitmentRow, col: int):
        return (c.key, c.date.isoformat(), c.line, c.party, c.description, c.amount, c.paid, c.outstanding)[col]


class BudgetView(QWidget):
    """งบประมาณ: construct as ``BudgetView(session)``; ``reload()`` refreshes from the book."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.fy = fiscal_year(session.working_day)
        self.data: BudgetData | None = None
        self.dialog: QDialog | None = None
        self._generation = 0
        self.lines_model = LinesModel(self)
        self.commitments_model = CommitmentsModel(self)
        self._build()
        self._filter_timer = QTimer(self, singleShot=True, interval=200)
        self._filter_timer.timeout.connect(self._apply_filter)
        session.tasks.changed.connect(self._book_changed)

    def _build(self) -> None:
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        top.addWidget(title_label("งบประมาณ", 4))
        top.addSpacing(18)
        top.addWidget(QLabel("ปีงบประมาณ"))
        self.year = QComboBox(objectName="year")
        self.year.setMinimumWidth(110)
        self.year.currentIndexChanged.connect(self._year_picked)
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(QLabel("ค้นหา"))
        self.filter = QLineEdit(objectName="filter", placeholderText="พิมพ์รหัส ชื่อรายการ แผนงาน หรืองาน")
        self.filter.setMinimumWidth(260)
        self.filter.textEdited.connect(lambda *_: self._filter_timer.start())
        top.addWidget(self.filter, 1)
        box.addLayout(top)

        actions = QHBoxLayout()
        self.add_button = QPushButton("เพิ่มรายการงบ… (Ctrl+N)", objectName="add_line")
        self.transfer_button = QPushButton("โอนงบ… (Ctrl+T)", objectName="transfer")
        self.supplementary_button = QPushButton("งบเพิ่มเติม… (Ctrl+U)", objectName="supplementary")
        self.commit_button = QPushButton("ก่อหนี้ผูกพัน… (Ctrl+K)", objectName="commit")
        self.cancel_button = QPushButton("ยกเลิกใบสั่ง… (Ctrl+D)", objectName="cancel_commitment")
        self.import_button = QPushButton("นำเข้าจากแฟ้ม… (Ctrl+I)", objectName="import")
        self.import_button.setToolTip("นำเข้างบประมาณจากแฟ้มที่ส่งออกจาก e-LAAS หรือแฟ้มงบประมาณ (CSV/Excel)")
        row2 = QHBoxLayout()
        for n, (b, keys, fn) in enumerate(((self.transfer_button, "Ctrl+T", self.open_transfer),
                                           (self.supplementary_button, "Ctrl+U", self.open_supplementary),
                                           (self.commit_button, "Ctrl+K", self.open_commit),
                                           (self.cancel_button, "Ctrl+D", self.open_cancel),
                                           (self.add_button, "Ctrl+N", self.open_add_line),
                                           (self.import_button, "Ctrl+I", self.open_import))):
            b.clicked.connect(lambda checked=False, f=fn: f())
            QShortcut(QKeySequence(keys), self, activated=lambda b=b, f=fn: b.isEnabled() and f(),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            (actions if n < 4 else row2).addWidget(b)
        actions.addStretch(1)
        row2.addStretch(1)
        box.addLayout(actions)
        box.addLayout(row2)

        split = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        ubox = QVBoxLayout(upper)
        ubox.setContentsMargins(0, 0, 0, 0)
        self.table = rows_table(self.lines_model, (90, 340, 150, 150, 150, 150), COL_ITEM, "lines")
        ubox.addWidget(self.table, 1)
        self.totals = QLabel(objectName="totals")
        self.totals.setWordWrap(True)
        ubox.addWidget(self.totals)
        split.addWidget(upper)
        lower = QWidget()
        lbox = QVBoxLayout(lower)
        lbox.setContentsMargins(0, 6, 0, 0)
        head = QLabel("ใบสั่ง/สัญญาที่ยังผูกพันอยู่ (ก่อหนี้ผูกพัน)")
        head.setFont(theme.ui_font(theme.BASE_POINT_SIZE, bold=True))
        lbox.addWidget(head)
        self.commitments = rows_table(self.commitments_model, (150, 100, 80, 190, 220, 130, 120, 130), 4, "commitments")
        lbox.addWidget(self.commitments, 1)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        box.addWidget(split, 1)
        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=lambda: self.filter.setFocus(),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.commitments.doubleClicked.connect(lambda *_: self.open_cancel())

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        fy = self.fy
        self._generation += 1
        generation = self._generation
        self.session.query(self, lambda book: budget_data(book, fy)).success(
            lambda d: generation == self._generation and self._loaded(d)).run_in_background()

    def _loaded(self, d: BudgetData) -> None:
        self.data = d
        years = sorted(set(d.years) | {d.fy, fiscal_year(self.session.working_day)})
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(f"{y}", y)
        self.year.setCurrentIndex(years.index(d.fy))
        self.year.blockSignals(False)
        selected = self.selected_line()
        self.lines_model.set_rows(d.lines)
        self.commitments_model.set_rows(d.commitments)
        if selected:
            self.select_line(selected.key)
        self._update_totals()
        has_lines = bool(d.lines)
        for b in (self.transfer_button, self.supplementary_button, self.commit_button):
            b.setEnabled(has_lines)
        self.cancel_button.setEnabled(bool(d.commitments))

    def _book_changed(self, change, initiator) -> None:
        if change.budget or change.entries or change.setup:
            self.reload()

    def _year_picked(self, index: int) -> None:
        fy = self.year.itemData(index)
        if fy and fy != self.fy:
            self.fy = fy
            self.reload()

    def _apply_filter(self) -> None:
        self.lines_model.set_filter(self.filter.text())
        self._update_totals()

    def _update_totals(self) -> None:
        if self.data is None:
            return
        if not self.data.lines:
            self.totals.setText(f"ยังไม่มีรายการงบของปีงบประมาณ {self.fy}: นำเข้าจากแฟ้ม (Ctrl+I) "
                                "หรือเพิ่มทีละรายการ (Ctrl+N)")
            return
        appropriated, spent, committed, remaining = self.lines_model.totals()
        shown = self.lines_model.rowCount()
        low = sum(1 for r in self.lines_model.rows() if r.low)
        what = f"{shown:,} รายการ" + (f" (จาก {len(self.data.lines):,})" if shown != len(self.data.lines) else "")
        text = (f"รวม {what}: งบถือจ่าย {format_amount(appropriated)}  ใช้ไป {format_amount(spent)}  "
                f"ผูกพัน {format_amount(committed)}  คงเหลือ {signed_amount(remaining)} บาท")
        if low:
            text += f"  ·  เหลือน้อยกว่าร้อยละ 10: {low:,} รายการ (แถวสีส้ม)"
        self.totals.setText(text)

    # ------------------------------------------------------------ selection
    def selected_line(self) -> LineRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(ROW_ROLE) if rows else None

    def selected_commitment(self) -> CommitmentRow | None:
        rows = self.commitments.selectionModel().selectedRows() if self.commitments.selectionModel() else []
        return rows[0].data(ROW_ROLE) if rows else None

    def select_line(self, key: str) -> bool:
        row = self.lines_model.row_of(key)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    # ------------------------------------------------------------ actions
    def _show(self, dialog: QDialog, done) -> QDialog:
        """Opens a dialog window-modally (not exec: the worker's replies must keep arriving)."""
        if self.dialog is not None:
            self.dialog.deleteLater()  # the previous one is closed: one dialog at a time
        self.dialog = dialog
        dialog.saved.connect(done)
        dialog.open()
        return dialog

    def _lines(self) -> list[LineRow]:
        return list(self.data.lines) if self.data else []

    def _preset(self) -> str:
        line = self.selected_line()
        return line.key if line else ""

    def open_transfer(self) -> QDialog:
        return self._show(TransferDialog(self.session, self._lines(), self.fy, self._preset(), self),
                          lambda change: self._say("บันทึกการโอนงบแล้ว: " + "; ".join(change.notes)))

    def open_supplementary(self) -> QDialog:
        return self._show(SupplementaryDialog(self.session, self._lines(), self.fy, self._preset(), self),
                          lambda change: self._say("บันทึกงบเพิ่มเติมแล้ว"))

    def open_commit(self) -> QDialog:
        return self._show(CommitDialog(self.session, self._lines(), self.fy, self._preset(), self),
                          lambda change: self._say("บันทึกก่อหนี้ผูกพันแล้ว"))

    def open_cancel(self) -> QDialog:
        chosen = self.selected_commitment()
        commitments = list(self.data.commitments) if self.data else []
        return self._show(CancelCommitmentDialog(self.session, commitments, chosen.key if chosen else "", self),
                          lambda change: self._say("ยกเลิกใบสั่ง/สัญญาแล้ว"))

    def open_import(self, path=None) -> QDialog | None:
        path = path or pick_file(self)
        if not path:
            return None
        return self._show(BudgetImportDialog(self.session, path, self.fy, self),
                          lambda change: self._imported(change))

    def open_add_line(self) -> QDialog:
        from .masterdata import BudgetLineDialog
        dialog = BudgetLineDialog(self.session, self.fy, self)
        return self._show(dialog, lambda change: self._line_added(dialog))

    def _line_added(self, dialog) -> None:
        fy = int(dialog.text("fy"))
        self._say(f"เพิ่มรายการงบ {dialog.text('key')} ปีงบประมาณ {fy} แล้ว")
        if fy != self.fy:
            self.fy = fy
            self.reload()

    def focus_first(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.lines_model.rowCount():
            self.table.selectRow(0)

    def _imported(self, change) -> None:
        fy = getattr(self.dialog, "fy", self.fy)
        self._say(f"นำเข้างบประมาณปี {fy} แล้ว")
        if fy != self.fy:
            self.fy = fy
            self.reload()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setProperty("role", "ok")
        theme.repolish(self.status)
