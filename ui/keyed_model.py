"""The keying table of บันทึกเข้า e-LAAS: its model, its keyboard, and what the screen says.

The reads (the progress of keying since the outage start, the entries of one
day or month in keying order) are ``manualbook.lists``'s, run on the worker
thread. ``KeyingModel`` shows those entries and keeps the ticks and e-LAAS document numbers changed in
it as pending until the screen saves them (``pending_marks`` / ``mark_saved``).

Keys in the table (``KeyingTable``): Space ticks or un-ticks the current row
(un-ticking also clears its e-LAAS document number, as the core counts a number
as keyed); typing anywhere starts the e-LAAS document number of the row; Enter
moves to the next row (after a number, ready for the next one); Ctrl+Space asks
to tick every row up to the current one.
"""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QTableView

from manualbook.keyed import KeyedProgress, KeyingRow
from manualbook.model import KIND_THAI
from manualbook.money import format_amount, to_arabic_digits
from manualbook.thaidate import format_short

from .tables import ROW_ROLE, RowModel

DOC_MAX = 40  # the core refuses longer e-LAAS document numbers
COL_NO, COL_DATE, COL_KIND, COL_DOC, COL_PARTY, COL_CODE, COL_AMOUNT, COL_KEYED, COL_ELAAS = range(9)
HEADERS = ("ลำดับ", "วันที่", "ประเภท", "เลขที่", "ผู้ชำระ/ผู้รับ", "รหัส", "จำนวนเงิน",
           "บันทึกแล้ว", "เลขที่ e-LAAS")
PENDING_BG = QColor("#fff4c2")
KEYED_BG = QColor("#eaf6ec")
PROBLEM_FG = QColor("#b03a2e")
OK_FG = "#1e7b34"


def status_colour(error: bool = False, ok: bool = False) -> str:
    """The colour of a status line: a problem, all well, or plain."""
    return PROBLEM_FG.name() if error else OK_FG if ok else "#1d2733"


# ---------------------------------------------------------------- what the screen says of the progress
def progress_text(p: KeyedProgress) -> str:
    """Days keyed, partly and not, and the days compared with e-LAAS's own figures."""
    text = (f"รายการตั้งแต่ {format_short(p.since)}: วันที่บันทึกครบ {len(p.days_keyed):,} วัน "
            f"บางส่วน {len(p.days_partly):,} วัน ยังไม่บันทึก {len(p.days_not):,} วัน")
    return text + (f"\nเทียบยอดรายวันกับ e-LAAS แล้ว {p.days_checked:,} วัน ไม่ตรง {len(p.unreconciled_dates):,} วัน"
                   if p.days_checked else "\nยังไม่ได้เทียบยอดรายวันกับ e-LAAS")


def next_entry_text(p: KeyedProgress) -> str:
    if p.next_entry:
        no, entry_id, day = p.next_entry
        return f"รายการถัดไปที่ต้องบันทึก: ลำดับที่ {no:,} วันที่ {format_short(day)} (รหัส {entry_id})"
    return "บันทึกเข้า e-LAAS ครบทุกรายการแล้ว" if p.entries_total else "ยังไม่มีรายการตั้งแต่วันที่ระบบขัดข้อง"


def progress_warnings(p: KeyedProgress) -> list[str]:
    """Entries skipped (later ones keyed) and e-LAAS document numbers used twice."""
    warn = []
    if p.skipped:
        shown = ", ".join(f"{no:,} ({format_short(day)})" for no, _, day in p.skipped[:8])
        more = f" และอีก {len(p.skipped) - 8} รายการ" if len(p.skipped) > 8 else ""
        warn.append(f"ข้ามไป {len(p.skipped):,} รายการ (ยังไม่บันทึกแต่รายการหลังจากนั้นบันทึกแล้ว): "
                    f"ลำดับที่ {shown}{more}")
    warn += list(p.duplicate_docs[:4])
    if len(p.duplicate_docs) > 4:
        warn.append(f"และเลขที่เอกสารซ้ำอีก {len(p.duplicate_docs) - 4} เลข")
    return warn


# ---------------------------------------------------------------- the table model
def _code(e) -> str:
    return e.code or e.line or e.held or e.account


class KeyingModel(RowModel):
    """Rows of ``keying_rows``; ticks and numbers changed here stay pending until saved."""

    message = Signal(str)          # a Thai problem with what was typed
    pending_changed = Signal(int)  # how many entries wait to be saved
    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._saved: dict[str, tuple[bool, str]] = {}
        self._pending: dict[str, tuple[bool, str]] = {}
        self._dup: frozenset[str] = frozenset()

    # ------------------------------------------------------------ state
    def set_rows(self, rows: list[KeyingRow], dup_docs: frozenset[str] = frozenset()) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._saved = {r.entry.id: (r.keyed, r.doc_no) for r in rows}
        self._dup = dup_docs
        for entry_id in [i for i, v in self._pending.items() if self._saved.get(i) == v]:
            del self._pending[entry_id]  # the book already says so
        self.endResetModel()
        self.pending_changed.emit(len(self._pending))

    def set_dup_docs(self, dup_docs: frozenset[str]) -> None:
        if dup_docs != self._dup:
            self._dup = dup_docs
            self._all_changed()

    def row_of(self, entry_id: str) -> int | None:
        for i, r in enumerate(self._rows):
            if r.entry.id == entry_id:
                return i
        return None

    def state(self, row: int) -> tuple[bool, str]:
        entry_id = self._rows[row].entry.id
        return self._pending.get(entry_id, self._saved[entry_id])

    def is_pending(self, row: int) -> bool:
        return self._rows[row].entry.id in self._pending

    def pending_count(self) -> int:
        return len(self._pending)

    def pending_marks(self) -> list[tuple[str, bool, str]]:
        return [(entry_id, keyed, doc) for entry_id, (keyed, doc) in self._pending.items()]

    def _put(self, row: int, keyed: bool, doc: str) -> None:
        entry_id = self._rows[row].entry.id
        target = (bool(keyed) or bool(doc), doc)
        if target == self._saved[entry_id]:
            self._pending.pop(entry_id, None)
        else:
            self._pending[entry_id] = target

    def set_state(self, row: int, keyed: bool, doc: str) -> None:
        self._put(row, keyed, doc)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self.pending_changed.emit(len(self._pending))

    def toggle(self, row: int) -> None:
        keyed, doc = self.state(row)
        self.set_state(row, not keyed, doc if not keyed else "")

    def tick_through(self, row: int) -> int:
        """Ticks every row up to ``row``; returns how many were not ticked."""
        count = 0
        for r in range(row + 1):
            keyed, doc = self.state(r)
            if not keyed:
                self._put(r, True, doc)
                count += 1
        if count:
            self.dataChanged.emit(self.index(0, 0), self.index(row, len(HEADERS) - 1))
            self.pending_changed.emit(len(self._pending))
        return count

    def mark_saved(self, marks: list[tuple[str, bool, str]]) -> None:
        """What the book now holds after ``mark_keyed`` recorded ``marks``."""
        for entry_id, keyed, doc in marks:
            value = (keyed, doc)
            if entry_id in self._saved:
                self._saved[entry_id] = value
            if self._pending.get(entry_id) == value:  # not changed again while saving
                del self._pending[entry_id]
        self._all_changed()
        self.pending_changed.emit(len(self._pending))

    def _all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))

    # ------------------------------------------------------------ Qt model API (the rest: RowModel)
    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = super().flags(index)
        if index.column() == COL_KEYED:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == COL_ELAAS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        keyed, doc = self.state(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col, doc)
        if role == Qt.ItemDataRole.EditRole:
            return doc if col == COL_ELAAS else self._display(r, col, doc)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_KEYED:
            return Qt.CheckState.Checked if keyed else Qt.CheckState.Unchecked
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_NO, COL_AMOUNT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.entry.id in self._pending:
                return QBrush(PENDING_BG)
            if keyed:
                return QBrush(KEYED_BG)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_ELAAS and doc in self._dup:
            return QBrush(PROBLEM_FG)
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = []
            if r.entry.id in self._pending:
                tips.append("ยังไม่ได้บันทึก (บันทึกอัตโนมัติ หรือกด Ctrl+S)")
            if col == COL_ELAAS and doc in self._dup:
                tips.append(f"เลขที่เอกสาร e-LAAS \"{doc}\" ใช้กับหลายรายการ: บันทึกซ้ำหรือพิมพ์ผิด?")
            if r.entry.description:
                tips.append(r.entry.description)
            return "\n".join(tips) or None
        return None

    @staticmethod
    def _display(r: KeyingRow, col: int, doc: str) -> str:
        e = r.entry
        if col == COL_NO:
            return f"{r.no:,}"
        if col == COL_DATE:
            return format_short(e.date)
        if col == COL_KIND:
            return KIND_THAI[e.kind] + (f" ({KIND_THAI[e.base_kind]})" if e.kind == "reversal" else "")
        if col == COL_DOC:
            return e.document
        if col == COL_PARTY:
            return e.party or e.description
        if col == COL_CODE:
            return _code(e)
        if col == COL_AMOUNT:
            return format_amount(e.amount) if e.kind != "void" else ""
        if col == COL_ELAAS:
            return doc
        return ""

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row, col = index.row(), index.column()
        keyed, doc = self.state(row)
        if col == COL_KEYED and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            self.set_state(row, checked, doc if checked else "")
            return True
        if col == COL_ELAAS and role == Qt.ItemDataRole.EditRole:
            text = to_arabic_digits(str(value or "").strip())
            if len(text) > DOC_MAX:
                self.message.emit(f"เลขที่เอกสาร e-LAAS ยาวเกิน {DOC_MAX} ตัวอักษร: \"{text}\" "
                                  "ยังไม่ได้บันทึก ตรวจแล้วพิมพ์ใหม่")
                return False
            self.set_state(row, keyed or bool(text), text)
            return True
        return False


# ---------------------------------------------------------------- the table
class KeyingTable(QTableView):
    """The keyboard of the keying table (see the module docstring)."""

    tick_through_requested = Signal()

    def keyPressEvent(self, event):
        model: KeyingModel = self.model()
        current = self.currentIndex()
        if self.state() == QAbstractItemView.State.EditingState or not current.isValid():
            super().keyPressEvent(event)
            return
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Space and mods == Qt.KeyboardModifier.ControlModifier:
            self.tick_through_requested.emit()
            return
        if key == Qt.Key.Key_Space and mods == Qt.KeyboardModifier.NoModifier:
            model.toggle(current.row())
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods == Qt.KeyboardModifier.NoModifier:
            self.move_to(current.row() + 1, current.column())
            return
        if key == Qt.Key.Key_F2 and current.column() != COL_ELAAS:
            self.setCurrentIndex(model.index(current.row(), COL_ELAAS))
        text = event.text()
        if (text and text.isprintable() and not text.isspace() and current.column() != COL_ELAAS
                and not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
            self.setCurrentIndex(model.index(current.row(), COL_ELAAS))  # typing starts the number
        super().keyPressEvent(event)

    def editing(self) -> bool:
        return self.state() == QAbstractItemView.State.EditingState

    def commit_editor(self) -> None:
        """Takes in what is typed in the open editor (before a save that must include it)."""
        editor = QApplication.focusWidget()
        if self.editing() and editor is not None and self.isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def move_to(self, row: int, column: int) -> None:
        if 0 <= row < self.model().rowCount():
            self.setCurrentIndex(self.model().index(row, column))

    def closeEditor(self, editor, hint):
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: on to the next row
            current = self.currentIndex()
            self.move_to(current.row() + 1, current.column())
