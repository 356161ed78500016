"""The entries table model: column constants, a sort role, a role for the Entry.

Rows are Entry values loaded on the worker; the model filters and sorts them
in plain Python (a list comprehension and ``list.sort`` over 100,000 entries
take milliseconds, a QSortFilterProxyModel calling Python per comparison
would take seconds) and hands them to the view in chunks through
``canFetchMore``/``fetchMore`` so opening a long list stays instant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from manualbook.model import KIND_THAI, METHOD_THAI, Entry
from manualbook.money import format_amount
from manualbook.thaidate import format_short

from .tables import ROW_ROLE, SORT_ROLE, RowModel

ENTRY_ROLE = ROW_ROLE  # the entry of a row, under the role every table uses
CHUNK = 500

COL_DATE, COL_KIND, COL_DOC, COL_PARTY, COL_CODE, COL_DESC, COL_AMOUNT, COL_WHT, COL_METHOD, \
    COL_LINK, COL_ID = range(11)
HEADERS = ("วันที่", "ประเภท", "เล่ม/เลขที่", "ผู้ชำระ/ผู้รับ", "รหัส/รายการงบ", "รายละเอียด",
           "จำนวนเงิน", "ภาษีหัก ณ ที่จ่าย", "วิธีรับจ่าย", "การกลับรายการ", "รหัสรายการ")


@dataclass(frozen=True)
class EntryFilter:
    kind: str = ""       # "" for all kinds
    code: str = ""       # revenue code or budget line or held key, exact
    text: str = ""       # anywhere in party, description, document, id

    def accepts(self, e: Entry) -> bool:
        # a kind shows its reversals too (a reversed payment and its reversal net to nothing)
        if self.kind == "reversal" and e.kind != "reversal":
            return False
        if self.kind and self.kind != "reversal" and (e.base_kind or e.kind) != self.kind:
            return False
        if self.code and self.code not in (e.code, e.line, e.held):
            return False
        if self.text:
            t = self.text
            return (t in e.party or t in e.description or t in e.document or t in e.id.lower()
                    or t in e.id or t in e.reason or t in e.cheque)
        return True


def _code(e: Entry) -> str:
    return e.code or e.line or e.held


def _sort_key(column: int):
    return {
        COL_DATE: lambda e: (e.date, e.seq),
        COL_KIND: lambda e: e.kind,
        COL_DOC: lambda e: (e.book, int(e.number) if e.number.isdecimal() else 0, e.number),
        COL_PARTY: lambda e: e.party,
        COL_CODE: _code,
        COL_DESC: lambda e: e.description,
        COL_AMOUNT: lambda e: e.amount,
        COL_WHT: lambda e: e.wht,
        COL_METHOD: lambda e: e.method,
        COL_LINK: lambda e: e.reverses,
        COL_ID: lambda e: e.id,
    }[column]


class EntriesModel(RowModel):
    """Every entry of the book, filtered and sorted, shown a chunk at a time (``fetchMore``)."""

    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[Entry] = []
        self._shown = 0
        self._filter = EntryFilter()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._reversed_by: dict[str, str] = {}
        self._closed_through: dt.date | None = None

    # ------------------------------------------------------------ loading
    def set_entries(self, entries: list[Entry], reversed_by: dict[str, str],
                    closed_through: dt.date | None) -> None:
        self.beginResetModel()
        self._all = entries
        self._reversed_by = reversed_by
        self._closed_through = closed_through
        self._apply()
        self.endResetModel()

    def set_filter(self, flt: EntryFilter) -> None:
        flt = EntryFilter(flt.kind, flt.code.strip(), flt.text.strip())
        if flt == self._filter:
            return
        self.beginResetModel()
        self._filter = flt
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        f = self._filter
        rows = [e for e in self._all if f.accepts(e)] if (f.kind or f.code or f.text) else list(self._all)
        if self._sort:
            column, order = self._sort
            rows.sort(key=_sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = rows
        self._shown = min(CHUNK, len(rows))

    def total(self) -> int:
        """Rows matching the filter (shown or still to fetch)."""
        return len(self._rows)

    def rows(self) -> list[Entry]:
        """Every row matching the filter (shown or still to fetch)."""
        return list(self._rows)

    def reversed_by(self) -> dict[str, str]:
        return dict(self._reversed_by)

    # ------------------------------------------------------------ Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        more = min(CHUNK, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.beginResetModel()
        self._sort = (column, order)
        shown = self._shown
        self._rows.sort(key=_sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._shown = shown
        self.endResetModel()

    def entry_at(self, row: int) -> Entry:
        return self._rows[row]

    def row_of(self, entry_id: str) -> int | None:
        for i, e in enumerate(self._rows):
            if e.id == entry_id:
                while self._shown <= i:
                    self.fetchMore()
                return i
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        e = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, col)
        if role == ENTRY_ROLE:
            return e
        if role == SORT_ROLE:
            return self._native(e, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_AMOUNT, COL_WHT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if e.kind == "reversal" or e.id in self._reversed_by:
                return QBrush(QColor("#8a3b12"))
            if e.kind == "void":
                return QBrush(QColor("#7b8794"))
        if role == Qt.ItemDataRole.FontRole and e.id in self._reversed_by and col in (COL_AMOUNT, COL_WHT):
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and self._closed_through and e.date <= self._closed_through:
            return QBrush(QColor("#f1f3f5"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if e.reverses:
                return f"กลับรายการ {e.reverses}\nเหตุผล: {e.reason}"
            if e.id in self._reversed_by:
                return f"รายการนี้ถูกกลับรายการแล้วโดย {self._reversed_by[e.id]}"
            if self._closed_through and e.date <= self._closed_through:
                return "วันนี้ปิดบัญชีแล้ว"
        return None

    @staticmethod
    def _native(e: Entry, col: int):
        """The value a column sorts by, as a native value (date, int, str)."""
        if col == COL_DATE:
            return e.date
        if col == COL_DOC:
            return int(e.number) if e.number.isdecimal() else 0
        if col in (COL_AMOUNT, COL_WHT):
            return e.amount if col == COL_AMOUNT else e.wht
        key = _sort_key(col)(e)
        return key if isinstance(key, str) else str(key)

    def _display(self, e: Entry, col: int) -> str:
        if col == COL_DATE:
            closed = self._closed_through and e.date <= self._closed_through
            return format_short(e.date) + (" ปิดแล้ว" if closed else "")
        if col == COL_KIND:
            return KIND_THAI[e.kind] + (f" ({KIND_THAI[e.base_kind]})" if e.kind == "reversal" else "")
        if col == COL_DOC:
            return e.document
        if col == COL_PARTY:
            return e.party
        if col == COL_CODE:
            return _code(e) or e.account
        if col == COL_DESC:
            return e.description if e.kind != "reversal" else f"{e.description} — เหตุผล: {e.reason}"
        if col == COL_AMOUNT:
            return format_amount(e.amount) if e.kind != "void" else ""
        if col == COL_WHT:
            return format_amount(e.wht) if e.wht else ""
        if col == COL_METHOD:
            return METHOD_THAI.get(e.method, "") + (f" {e.cheque}" if e.cheque else "")
        if col == COL_LINK:
            if e.reverses:
                return f"กลับรายการของ {e.reverses}"
            if e.id in self._reversed_by:
                return f"ถูกกลับโดย {self._reversed_by[e.id]}"
            return ""
        if col == COL_ID:
            return e.id
        return ""
