"""Importing the year's budget lines from an e-LAAS workbook or a budget CSV.

``BudgetImportDialog`` reads the file on the worker, proposes a column mapping
(the one saved in the book if its headers match, else a guess), lets the
clerk correct the columns and the header rows, and previews what every row
becomes (import, skip or problem). Nothing is written until the clerk
confirms; then ``manualbook.budget.import_sheet`` imports on the worker, all
or nothing, and keeps the mapping for next time.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout)

from manualbook import budget
from manualbook import elaas_budget_sheet as bs
from manualbook.messages import BookError, Problem, msg
from manualbook.money import format_amount
from manualbook.proposals import sheet_year

from . import theme
from .keyboard_dialog import button_row, title_label
from .ops import error_text
from .session import Session
from .tables import PROBLEM_FOREGROUND, RowsModel, rows_table

FIELD_LABELS = {
    "line": "รหัสรายการงบ", "plan": "แผนงาน", "work": "งาน", "group": "งบ", "category": "หมวด",
    "code": "รหัสประเภทรายจ่าย", "item": "รายการ/โครงการ", "amount": "ตั้งไว้ทั้งปี (จำนวนเงิน)",
    "spent": "ใช้ไปแล้วก่อนเริ่มสมุด", "committed": "ก่อหนี้ผูกพันแล้วก่อนเริ่มสมุด", "estimate": "ประมาณการรายรับ",
    "received": "รับแล้วก่อนเริ่มสมุด (รายรับ)",
}
NOT_USED = -1


def pick_file(parent) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "เลือกแฟ้มงบประมาณที่ส่งออกจาก e-LAAS", "",
                                          "แฟ้มงบประมาณ (*.xlsx *.xlsm *.csv);;ทุกแฟ้ม (*)")
    return path


def read_sheet(book, path) -> tuple[bytes, bs.Grid, bs.Mapping, str]:
    """On the worker: the file's bytes, its sheet, the mapping to propose (the saved one
    if its headers match, else a guess) and a note when no header row could be found."""
    path = Path(path)
    if not path.exists():
        raise BookError(msg("file_missing", path=path))
    raw = path.read_bytes()
    try:
        grid = bs.csv_grid(raw) if path.suffix.lower() == ".csv" else bs.read_grid(raw)
    except bs.BudgetSheetError as exc:
        raise BookError(Problem("budget_row_bad", str(exc))) from None
    if not grid.rows:
        raise BookError(Problem("budget_row_bad", f'แฟ้ม "{path.name}" ไม่มีข้อมูล'))
    try:
        return raw, grid, budget.sheet_mapping(book, grid), ""
    except bs.BudgetSheetError as exc:  # start from row 1; the user says where the header is
        return raw, grid, bs.guess_mapping(grid, bs.header_at(grid, (0,))), str(exc)


def import_op(data: bytes, filename: str, fy: int, mapping: bs.Mapping, header_rows: tuple[int, ...] | None):
    """A write op: ``budget.import_sheet(..., commit_rows=True)`` with the mapping the clerk saw.

    The core starts where ``read_sheet`` did (the saved mapping, else a guess) or,
    when the clerk picked ``header_rows`` (0-based), from those rows; then every
    field's column is set as shown. It returns the Change.
    """
    from openpyxl.utils import get_column_letter

    columns = {f: ("" if mapping.column(f) is None else get_column_letter(mapping.column(f) + 1)) for f in bs.FIELDS}
    rows = tuple(r + 1 for r in header_rows) if header_rows else None
    return lambda book: budget.import_sheet(book, data, fy, columns, rows, commit_rows=True, filename=filename)[2]


class PreviewModel(RowsModel):
    HEADERS = ("แถว", "ผล", "รหัสรายการงบ", "แผนงาน", "งาน", "รายการ/โครงการ", "ตั้งไว้", "หมายเหตุ")
    RIGHT = frozenset({0, 6})

    def display(self, d: dict, col: int) -> str:
        return (str(d["row"]), d["action"], d.get("line") or "", d.get("plan") or "", d.get("work") or "",
                d.get("item") or "", d.get("amount_text") or "", d["reason"])[col]

    def native(self, d: dict, col: int):
        if col == 0:
            return d["row"]
        if col == 6:
            return d.get("amount") or 0
        return self.display(d, col)

    def foreground(self, d: dict, col: int):
        if d["status"] == "problem":
            return PROBLEM_FOREGROUND
        return QColor("#7b8794") if d["status"] == "skip" else None

    def tooltip(self, d: dict, col: int):
        return d["reason"] or None


def _parse_rows(text: str) -> tuple[int, ...] | None:
    """ "4,5" or "4-5" or "4" (Excel row numbers) -> 0-based consecutive rows, or None."""
    nums = [int(n) for n in re.findall(r"\d+", text)]
    if not nums or min(nums) < 1 or len(nums) > 2:
        return None
    first, last = min(nums), max(nums)
    return tuple(range(first - 1, last)) if last - first <= 2 else None


class BudgetImportDialog(QDialog):
    """Shows how the columns of a workbook will be read and what each row becomes;
    imports only when the clerk confirms, on the worker, all or nothing."""

    saved = Signal(object)  # the Change

    def __init__(self, session: Session, path, fy: int, parent=None):
        super().__init__(parent)
        self.session, self.path, self.fy = session, Path(path), fy
        self.data = b""
        self.grid: bs.Grid | None = None
        self.chosen_header: tuple[int, ...] | None = None  # header rows the clerk typed, 0-based
        self.mapping: bs.Mapping | None = None
        self.problems: list[str] = []
        self._saving = False
        self.setWindowTitle("นำเข้างบประมาณจากแฟ้ม e-LAAS")
        self.setModal(True)
        self.resize(1180, 720)
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 12, 18, 12)
        box.addWidget(title_label(f"นำเข้างบประมาณจากแฟ้ม: {self.path.name}"))
        top = QHBoxLayout()
        top.addWidget(QLabel("เข้าปีงบประมาณ"))
        self.year = QComboBox(objectName="year")
        self.year.setMinimumWidth(110)
        self.set_year(fy)
        self.year.currentIndexChanged.connect(lambda *_: self._update_summary())
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(QLabel("แถวหัวตาราง (เลขแถวใน Excel)"))
        self.header_rows = QLineEdit(objectName="header_rows", placeholderText="เช่น 4 หรือ 4-5")
        self.header_rows.setMaximumWidth(120)
        self.header_rows.editingFinished.connect(self._header_changed)
        top.addWidget(self.header_rows)
        top.addStretch(1)
        box.addLayout(top)
        note = QLabel("ตรวจว่าแต่ละช่องอ่านจากคอลัมน์ที่ถูกต้อง แก้ได้ที่ช่องเลือกด้านล่าง "
                      "ตัวอย่างด้านล่างแสดงว่าแต่ละแถวจะนำเข้า ข้าม หรือมีปัญหา")
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        box.addWidget(note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.combos: dict[str, QComboBox] = {}
        for i, f in enumerate(bs.FIELDS):
            combo = QComboBox(objectName=f"col_{f}")
            combo.setMinimumWidth(220)
            combo.currentIndexChanged.connect(lambda *_: self._columns_changed())
            label = QLabel(FIELD_LABELS[f])
            label.setBuddy(combo)
            r, c = divmod(i, 3)
            grid.addWidget(label, r, c * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(combo, r, c * 2 + 1)
            self.combos[f] = combo
        for c in (1, 3, 5):
            grid.setColumnStretch(c, 1)
        box.addLayout(grid)
        self.model = PreviewModel(self)
        self.table = rows_table(self.model, (60, 80, 110, 170, 170, 300, 130, 200), 5, "preview")
        self.table.setSortingEnabled(False)
        box.addWidget(self.table, 1)
        self.summary = QLabel("กำลังอ่านแฟ้ม…", objectName="summary")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.problem_list = QPlainTextEdit(objectName="problems")
        self.problem_list.setReadOnly(True)
        self.problem_list.setMaximumHeight(theme.row_height() * 4)
        self.problem_list.hide()
        box.addWidget(self.problem_list)
        row, self.cancel_button, self.confirm_button = button_row("ยกเลิก (Esc)", "ยืนยันนำเข้า", "confirm")
        self.confirm_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button.clicked.connect(self.confirm)
        box.addLayout(row)
        path_ = self.path
        session.query(self, lambda book: read_sheet(book, path_)).success(self._read).failure(
            self._read_failed).run_in_background()

    def set_year(self, fy: int) -> None:
        """Offers the years around ``fy`` and picks it."""
        self.year.blockSignals(True)
        self.year.clear()
        for y in range(fy - 2, fy + 3):
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(2)
        self.year.blockSignals(False)
        self.fy = fy

    # ------------------------------------------------------------ reading and mapping
    def _read(self, result) -> None:
        self.data, self.grid, mapping, note = result
        titled = sheet_year(self.grid, mapping)
        if titled:
            self.set_year(titled)  # the year the workbook's title names
        self._show_mapping(mapping)
        self._recompute(mapping)
        if note:
            self.problems.insert(0, note)
            self._update_summary()

    def _read_failed(self, exc) -> None:
        self.summary.setText(error_text(exc))
        self.summary.setProperty("role", "error")
        theme.repolish(self.summary)

    def _show_mapping(self, mapping: bs.Mapping) -> None:
        from openpyxl.utils import get_column_letter

        titles = mapping.titles
        for f, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("— ไม่ใช้ —", NOT_USED)
            for c in range(self.grid.width):
                title = titles[c] if c < len(titles) else ""
                combo.addItem(f"{get_column_letter(c + 1)}  {title[:40]}".rstrip(), c)
            col = mapping.column(f)
            combo.setCurrentIndex(0 if col is None else col + 1)
            combo.blockSignals(False)
        self.header_rows.setText("-".join(dict.fromkeys(str(r + 1) for r in (
            mapping.header_rows[0], mapping.header_rows[-1]))) if mapping.header_rows else "")

    def _columns_changed(self) -> None:
        if self.mapping is None:
            return
        cols = {f: (None if combo.currentData() in (None, NOT_USED) else combo.currentData())
                for f, combo in self.combos.items()}
        self._recompute(self.mapping.with_columns(**cols))

    def _header_changed(self) -> None:
        if self.grid is None:
            return
        rows = _parse_rows(self.header_rows.text())
        if rows is None or rows[-1] >= len(self.grid.rows):
            self.summary.setText("แถวหัวตารางต้องเป็นเลขแถวใน Excel หนึ่งถึงสามแถวติดกัน เช่น 4 หรือ 4-5")
            self.summary.setProperty("role", "error")
            theme.repolish(self.summary)
            return
        if self.mapping is not None and rows == self.mapping.header_rows:
            return
        mapping = bs.guess_mapping(self.grid, bs.header_at(self.grid, rows))
        self.chosen_header = rows
        self._show_mapping(mapping)
        self._recompute(mapping)

    def _recompute(self, mapping: bs.Mapping) -> None:
        """The preview is pure work on the sheet already read: no book, so it runs here."""
        self.mapping = mapping
        try:
            shown = bs.preview(self.grid, mapping, limit=None)
            self.problems = [d["reason"] if d["reason"].startswith("แถวที่") else f"แถวที่ {d['row']}: {d['reason']}"
                             for d in shown if d["status"] == "problem"]
        except bs.BudgetSheetError as exc:
            shown, self.problems = [], [str(exc)]
        self.model.set_rows(shown)
        self._update_summary()

    def importable(self) -> list[dict]:
        return [d for d in self.model.rows() if d["status"] == "import"]

    def _update_summary(self) -> None:
        self.fy = self.year.currentData() or self.fy
        rows = self.importable()
        skipped = sum(1 for d in self.model.rows() if d["status"] == "skip")
        bad = sum(1 for d in self.model.rows() if d["status"] == "problem")
        text = (f"จะนำเข้า {len(rows):,} รายการงบ รวมตั้งไว้ {format_amount(sum(d['amount'] for d in rows))} บาท "
                f"เข้าปีงบประมาณ {self.fy} · ข้าม {skipped} แถว (หัวเรื่อง แถวรวม แถวว่าง)")
        if bad or self.problems:
            text += f" · มีปัญหา {max(bad, len(self.problems))} แถว: แก้การจับคู่คอลัมน์หรือแก้แฟ้มก่อน จึงจะนำเข้าได้"
        self.summary.setText(text)
        self.summary.setProperty("role", "error" if self.problems else "hint")
        theme.repolish(self.summary)
        self.problem_list.setPlainText("\n".join(self.problems))
        self.problem_list.setVisible(bool(self.problems))
        self.confirm_button.setEnabled(bool(rows) and not self.problems and not self._saving)
        self.confirm_button.setText(f"ยืนยันนำเข้า {len(rows):,} รายการ" if rows else "ยืนยันนำเข้า")

    # ------------------------------------------------------------ importing
    def confirm(self) -> None:
        if self._saving or self.grid is None or self.problems or not self.importable():
            return
        self._saving = True
        self.confirm_button.setEnabled(False)
        self.summary.setText("กำลังนำเข้า…")
        op = import_op(self.data, self.path.name, self.year.currentData(), self.mapping, self.chosen_header)
        self.session.write(self, op).success(self._saved).failure(self._failed).run_in_background()

    def _saved(self, change) -> None:
        self._saving = False
        self.saved.emit(change)
        self.accept()

    def _failed(self, exc) -> None:
        self._saving = False
        self.problems = [error_text(exc)]
        self._update_summary()
        self.confirm_button.setEnabled(False)

    def reject(self) -> None:
        if self._saving:
            return
        super().reject()


