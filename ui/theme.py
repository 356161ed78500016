"""The look of the program: Sarabun as the UI font, sizes that keep Thai readable.

Thai stacks vowels and tone marks above and below the line, so every text
box and table row gets its height from the font's real metrics (ascent plus
descent plus room), never from a fixed pixel size: that keeps marks from
being clipped at 100 % and at 150 % Windows scaling alike. Sizes are in
points, which Qt scales with the screen.
"""

from __future__ import annotations

import sys
from importlib import resources

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

FAMILY = "Sarabun"
BASE_POINT_SIZE = 12

_loaded: list[str] = []


def load_fonts() -> str:
    """Registers the Sarabun TTFs with Qt once; returns the family name to use."""
    if _loaded:
        return _loaded[0]
    family = FAMILY
    try:
        folder = resources.files("fontpkg_sarabun") / "files"
        for name in ("Regular", "Bold", "SemiBold", "Medium", "Light", "Italic"):
            path = folder / f"Sarabun-{name}.ttf"
            font_id = QFontDatabase.addApplicationFontFromData(path.read_bytes())
            fams = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if fams:
                family = fams[0]
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        family = "Tahoma"  # Windows always has it, and it has Thai
    _loaded.append(family)
    return family


def ui_font(point_size: int = BASE_POINT_SIZE, bold: bool = False) -> QFont:
    font = QFont(load_fonts(), point_size)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def row_height(font: QFont | None = None) -> int:
    """A line height with room above and below for Thai marks."""
    fm = QFontMetrics(font or ui_font())
    return fm.ascent() + fm.descent() + max(6, fm.height() // 3)


def text_width(sample: str, font: QFont | None = None) -> int:
    """Pixels a column needs to show ``sample`` whole, with the cell's padding."""
    return QFontMetrics(font or ui_font()).horizontalAdvance(sample) + 22


def money_width() -> int:
    """An amount column wide enough for 99,999,999.99: amounts are never cut."""
    return text_width("99,999,999.99")


def setup_table(table, widths: tuple[int, ...], stretch: int, sortable: bool = False,
                alternating: bool = False, money: tuple[int, ...] | frozenset = ()) -> None:
    """How every list in the app looks: whole rows, one selected at a time, no row
    numbers, rows tall enough for Thai marks, the columns' starting widths with
    ``stretch`` taking the room left (``money`` columns at least as wide as the largest
    amount); ``sortable`` keeps the model's order until a heading is clicked."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    if sortable:
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the next control; arrows move in it
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(alternating)
    vh = table.verticalHeader()
    vh.setVisible(False)
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(row_height())
    hh = table.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    hh.setStretchLastSection(False)
    bold = QFont(hh.font())
    bold.setBold(True)  # the style sheet draws headings bold
    model, fm = table.model(), QFontMetrics(bold)
    for col, width in enumerate(widths):
        width = max(width, money_width()) if col in money else width
        heading = model.headerData(col, Qt.Orientation.Horizontal) if model is not None else None
        if width and heading:  # a heading is never cut: its text, the padding and the sort arrow
            width = max(width, fm.horizontalAdvance(str(heading)) + 28)
        table.setColumnWidth(col, width)
    heading = model.headerData(stretch, Qt.Orientation.Horizontal) if model is not None else None
    keeper = _StretchColumn(table, stretch, fm.horizontalAdvance(str(heading or "")) + 28)
    table.viewport().installEventFilter(keeper)
    hh.sectionResized.connect(keeper.others_resized)


class _StretchColumn(QObject):
    """One column takes the room the others leave, but never less than its heading:
    on a narrow window the list scrolls sideways instead of cutting the heading
    (Qt's Stretch mode squeezed it to a few letters)."""

    def __init__(self, table, column: int, least: int):
        super().__init__(table)
        self.table, self.column, self.least = table, column, least

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def others_resized(self, index: int, *_) -> None:
        if index != self.column:
            self.fit()

    def fit(self) -> None:
        hh = self.table.horizontalHeader()
        others = sum(hh.sectionSize(c) for c in range(hh.count()) if c != self.column and not hh.isSectionHidden(c))
        width = max(self.least, self.table.viewport().width() - others)
        if hh.sectionSize(self.column) != width:
            hh.resizeSection(self.column, width)


WINDOW = "#f5f7fa"
STYLE = """
QWidget { color: #1d2733; }
QMainWindow, QDialog, QWizard { background: %s; }
QLineEdit, QComboBox, QPlainTextEdit, QSpinBox {
    background: white; border: 1px solid #9aa7b4; border-radius: 4px; padding: 3px 6px;
}
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus { border: 2px solid #1f6fb2; }
QLineEdit[invalid="true"] { border: 2px solid #c0392b; background: #fff3f2; }
QLineEdit:read-only { background: #eef1f4; }
QLineEdit:disabled { background: #e4e7eb; color: #7b8794; }
QLabel[role="error"] { color: #b03a2e; }
QLabel[role="hint"] { color: #52606d; }
QLabel[role="words"] { color: #245a8d; }
QLabel[role="title"] { color: #102a43; }
QLabel[role="ok"] { color: #1e7b34; }
QPushButton { padding: 4px 14px; border-radius: 4px; border: 1px solid #9aa7b4; background: #ffffff; }
QPushButton:default, QPushButton[primary="true"] { background: #1f6fb2; color: white; border: 1px solid #17558a; }
QPushButton:disabled { background: #d9dee3; color: #7b8794; }
QPushButton:focus { border: 3px solid #f0a202; padding: 2px 12px; }
QPushButton:default:focus, QPushButton[primary="true"]:focus { border: 3px solid #f0a202; background: #17558a; }
QCheckBox:focus, QRadioButton:focus { background: #fdecc8; border-radius: 3px; }
QToolButton:focus { border: 2px solid #f0a202; border-radius: 3px; }
QTabBar::tab:focus { border: 2px solid #f0a202; }
QListWidget#nav { background: #102a43; color: white; border: 3px solid #102a43; }
QListWidget#nav:focus { border: 3px solid #f0a202; }
QListWidget#nav::item { padding: 7px 12px; }
QListWidget#nav[compact="true"]::item { padding: 4px 10px; }
QListWidget#nav QScrollBar:vertical { background: #102a43; width: 10px; margin: 0; }
QListWidget#nav QScrollBar::handle:vertical { background: #486581; border-radius: 4px; min-height: 24px; }
QListWidget#nav QScrollBar::add-line, QListWidget#nav QScrollBar::sub-line { height: 0; }
QListWidget#nav::item:selected { background: #1f6fb2; }
QFrame[card="true"] { background: white; border: 1px solid #d3dae1; border-radius: 6px; }
QTableView { background: white; gridline-color: #e1e6eb; selection-background-color: #cfe3f6; selection-color: #102a43;
             border: 1px solid #9aa7b4; }
QTableView:focus { border: 2px solid #1f6fb2; selection-background-color: #9cc6ec; }
QTextBrowser:focus, QScrollArea#page_scroll:focus { border: 2px solid #1f6fb2; }
QListView#pick_list { background: white; border: 1px solid #1f6fb2; selection-background-color: #1f6fb2;
                      selection-color: white; }
QListView#pick_list::item { padding: 3px 6px; }
QHeaderView::section { background: #e9eef3; padding: 4px 6px; border: none; border-right: 1px solid #d3dae1; }
"""


STYLE = STYLE.replace("%s", WINDOW, 1)


def apply(app: QApplication) -> None:
    """Sets the font and the style sheet of the whole application."""
    if sys.version_info < (3, 12):  # only 3.11 needs it; the Windows build ships 3.13
        from . import qtfix
        qtfix.guard()
    app.setFont(ui_font())
    palette = app.palette()  # what a widget without a style rule fills with (scroll areas' insides)
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW))
    app.setPalette(palette)
    app.setStyleSheet(STYLE)


def repolish(widget) -> None:
    """Re-applies the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
