"""The tables the screens show: one row-model base, its roles and colours, the table view.

``RowModel`` is the base of every table model in the app: rows in a list, the
column headings in ``HEADERS`` (``RIGHT`` ones right-aligned), read-only,
selectable. ``RowsModel`` adds filtering and sorting in Python for frozen rows
(money right-aligned, the row object under ``ROW_ROLE``, the value to sort by
under ``SORT_ROLE``); ``rows_table`` is the table view the screens show it in.
The entries list (``entries_model``) and the keying table (``keyed_model``)
build on ``RowModel`` with the same roles.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView

from manualbook.money import format_amount

from . import theme

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
LOW_BACKGROUND = QColor("#fff1d6")
EMPTY_BACKGROUND = QColor("#fde2df")
PROBLEM_FOREGROUND = QColor("#b03a2e")
RIGHT_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class RowModel(QAbstractTableModel):
    """Rows in a list, one per table row; ``HEADERS`` name the columns (``RIGHT`` ones right-aligned)."""

    HEADERS: tuple[str, ...] = ()
    RIGHT: frozenset[int] = frozenset()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def row_at(self, row: int):
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in self.RIGHT:
                return RIGHT_ALIGN
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RowsModel(RowModel):
    """A read-only table of frozen rows: filter and sort in Python, money right-aligned."""

    MONEY: frozenset[int] = frozenset()  # amount columns: never narrower than the largest amount

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list = []
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # subclasses say how a row looks
    def display(self, row, col: int) -> str:
        raise NotImplementedError

    def native(self, row, col: int):
        return self.display(row, col)

    def matches(self, row, text: str) -> bool:
        return any(text in self.display(row, c).lower() for c in range(len(self.HEADERS)))

    def background(self, row, col: int):
        return None

    def foreground(self, row, col: int):
        return None

    def tooltip(self, row, col: int):
        return None

    # loading, filtering, sorting
    def set_rows(self, rows) -> None:
        self._apply(_all=list(rows))

    def set_filter(self, text: str) -> None:
        text = text.strip().lower()
        if text != self._filter:
            self._apply(_filter=text)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.HEADERS):
            self._apply(_sort=(column, order))

    def _apply(self, **state) -> None:
        """Takes the new rows, filter or sort, and shows the rows they give."""
        self.beginResetModel()
        for name, value in state.items():
            setattr(self, name, value)
        rows = [r for r in self._all if self.matches(r, self._filter)] if self._filter else list(self._all)
        if self._sort:
            column, order = self._sort
            rows.sort(key=lambda r: self.native(r, column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row_of(self, key: str) -> int | None:
        for i, r in enumerate(self._rows):
            if getattr(r, "key", None) == key:
                return i
        return None

    # Qt model API
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self.native(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT_ALIGN if col in self.RIGHT else LEFT_ALIGN
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            paint = self.background if role == Qt.ItemDataRole.BackgroundRole else self.foreground
            color = paint(row, col)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, col)
        return None


def signed_amount(satang: int) -> str:
    """An amount as the tables show it, with a minus sign when it is short."""
    return format_amount(satang) if satang >= 0 else "-" + format_amount(-satang)


def rows_table(model: QAbstractTableModel, widths: tuple[int, ...], stretch: int, name: str) -> QTableView:
    """A table of whole rows, one selected at a time; ``stretch`` is the column that takes the room."""
    table = QTableView(objectName=name)
    table.setModel(model)
    theme.setup_table(table, widths, stretch, sortable=True, money=getattr(model, "MONEY", ()))  # the book's order until a heading is clicked
    return table
