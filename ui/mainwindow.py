"""The main window: a navigation list on the left, one screen at a time on the right.

Menus: แฟ้ม (import, verify), พิมพ์ and ส่งออก (built from ``actions``; items
not ready yet are shown disabled), ตั้งค่า. The status bar shows the working
day, how far the books are closed and whether the worker is busy.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QVBoxLayout, QWidget)

from manualbook.files import write_whole
from manualbook.thaidate import format_short

from . import actions, fit, theme
from .budget_view import BudgetView
from .dayclose import DayCloseView
from .dialogs import back_to, show_error, show_info
from .entries_view import EntriesView
from .fields import DateField
from .forms import EntryForm
from .home import HomeView
from .keyed_view import KeyedView
from .ops import error_text
from .receipt_books_view import ReceiptBooksView
from .session import Session

SCREENS = (
    ("home", "หน้าหลัก"), ("receipt", "รับเงิน"), ("void", "ยกเลิกใบเสร็จ"), ("deposit", "นำฝากธนาคาร"),
    ("withdraw", "ถอนจากธนาคาร"), ("payment", "จ่ายเงิน"), ("entries", "รายการทั้งหมด"),
    ("close", "ปิดบัญชีประจำวัน"), ("budget", "งบประมาณ"), ("keyed", "บันทึกเข้า e-LAAS"),
    ("receipt_books", "เล่มใบเสร็จ"),
)
# Screens past the ninth have Ctrl+0, then no number (reached from the list or the menu).
SHORTCUTS = {i: f"Ctrl+{i % 10}" for i in range(1, 11)}
VIEWS = {"home": None, "entries": EntriesView, "close": DayCloseView, "budget": BudgetView, "keyed": KeyedView,
         "receipt_books": ReceiptBooksView}


class AppKeysFirst(QObject):
    """The program's Ctrl+letter keys win over a text box's own.

    On Linux a text box takes Ctrl+E (end of line), Ctrl+K (delete to the end)
    and others for itself, so Ctrl+E would not export while the cursor is in a
    field; Windows has no such bindings. The copy-and-paste keys stay the text
    box's everywhere."""

    EDITING = {"Ctrl+A", "Ctrl+C", "Ctrl+V", "Ctrl+X", "Ctrl+Z", "Ctrl+Y", "Ctrl+Shift+Z", "Ctrl+Left", "Ctrl+Right",
               "Ctrl+Backspace", "Ctrl+Del", "Ctrl+Home", "Ctrl+End", "Ctrl+Ins", "Ctrl+Shift+Left", "Ctrl+Shift+Right"}

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.window = window
        self._keys: set[str] | None = None

    def keys(self) -> set[str]:
        if self._keys is None:
            found = {seq.toString(QKeySequence.SequenceFormat.PortableText)
                     for act in self.window.findChildren(QAction) for seq in act.shortcuts()}
            found |= {sc.key().toString(QKeySequence.SequenceFormat.PortableText)
                      for sc in self.window.findChildren(QShortcut)}
            self._keys = {k for k in found if k.startswith("Ctrl+")} - self.EDITING
        return self._keys

    def eventFilter(self, obj, event):
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(obj, (QLineEdit, QAbstractSpinBox))
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            combo = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
            if combo in self.keys():
                return True  # not claimed by the text box: the program's shortcut runs
        return False


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(f"สมุดบัญชีมือ — {session.org_name}")
        self.last_dialog = None
        self.resize(1280, 760)
        room = fit.available(self)
        if room.width() < 1400 or room.height() < 860:  # an office laptop: the whole screen, maximised
            self.setGeometry(room)
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        self.nav = QListWidget(objectName="nav")
        self.nav.setFont(theme.ui_font(theme.BASE_POINT_SIZE + 1))
        self.nav.setFixedWidth(230 if room.width() >= 1200 else 190)
        if room.height() < 700:  # 125 % on a 720- or 768-line screen: every screen's name still in view
            self.nav.setProperty("compact", True)
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = {}
        for i, (key, label) in enumerate(SCREENS, start=1):
            if key == "home":
                w = HomeView(session, go=self.go)
                w.reload()  # asked first: the worker reads the day's figures before the forms' lists
            elif key in VIEWS:
                w = VIEWS[key](session)
            else:
                w = EntryForm(session, key)
            self.screens[key] = w
            self.stack.addWidget(w)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            if i in SHORTCUTS:
                item.setToolTip(SHORTCUTS[i])
        self.nav.currentRowChanged.connect(self._nav_changed)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        side = QWidget()
        side.setStyleSheet("background: #102a43;")
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 8)
        side_box.addWidget(self.nav, 1)
        keys = QLabel("สลับหน้าจอ: Ctrl+1 ถึง Ctrl+0\nบันทึก: Ctrl+S หรือ Enter ช่องสุดท้าย\nปุ่มลัดทั้งหมด: F1")
        keys.setStyleSheet("color: #bcccdc; padding: 6px 12px;")
        keys.setWordWrap(True)
        side_box.addWidget(keys)
        row.addWidget(side)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self._build_menus()
        self._build_status()
        self.app_keys = AppKeysFirst(self)
        QApplication.instance().installEventFilter(self.app_keys)
        session.tasks.changed.connect(self._update_status)  # methods: disconnected when the window goes
        session.working_day_changed.connect(self._update_status)
        self.nav.setCurrentRow(0)
        self.screens["entries"].reload()
        self.screens["budget"].reload()
        self.screens["receipt_books"].reload()

    # ------------------------------------------------------------ navigation
    def go(self, key: str) -> None:
        keys = [k for k, _ in SCREENS]
        self.nav.setCurrentRow(keys.index(key))

    def _nav_changed(self, row: int) -> None:
        key = SCREENS[row][0]
        w = self.screens[key]
        self.stack.setCurrentWidget(w)
        if hasattr(w, "focus_first"):  # a form: its first field (the date, selected)
            w.focus_first()
        elif isinstance(getattr(w, "table", None), QWidget):  # a list screen: keys go to its table
            w.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not w.table.currentIndex().isValid() and w.table.model().rowCount():
                w.table.setCurrentIndex(w.table.model().index(0, 0))

    # ------------------------------------------------------------ menus
    def _build_menus(self) -> None:
        """Menus open with Alt and the underlined letter; the letters are Latin so they
        work whichever keyboard layout (Thai or English) is on."""
        bar = self.menuBar()
        self.file_menu = bar.addMenu("แฟ้ม (&F)")
        self._add(self.file_menu, "นำเข้ารายการจากแฟ้ม CSV/Excel… (&I)", self.import_file)
        self._add(self.file_menu, "สำรองและกู้คืนสมุด… (&B)", self.open_backups, "Ctrl+Shift+B")
        self.file_menu.addSeparator()
        self._add(self.file_menu, "ออกจากโปรแกรม (&Q)", self.close, "Ctrl+Q")
        self.print_menu = bar.addMenu("พิมพ์ (&P)")
        self.export_menu = bar.addMenu("ส่งออก (&E)")
        for menu, registry in ((self.print_menu, actions.PRINT_ACTIONS), (self.export_menu, actions.EXPORT_ACTIONS)):
            for n, a in enumerate(registry.values(), start=1):
                label = f"&{n} " + a.label + ("" if a.fn else " (ยังไม่พร้อม)")
                act = self._add(menu, label, lambda a=a: self.run_registered(a),
                                "Ctrl+E" if a.key == "usb_bundle" else None)
                act.setEnabled(a.fn is not None)
        self.data_menu = bar.addMenu("ข้อมูลหลัก (&D)")
        from . import masterdata
        masterdata.build_menu(self, self.data_menu)
        self.tools_menu = bar.addMenu("เครื่องมือ (&T)")  # backups and restore join this menu
        self._add(self.tools_menu, "ตรวจสอบความถูกต้องของสมุด (&V)", self.verify)
        self.go_menu = bar.addMenu("หน้าจอ (&W)")
        for i, (key, label) in enumerate(SCREENS, start=1):
            self._add(self.go_menu, label, lambda k=key: self.go(k), SHORTCUTS.get(i))
        settings = bar.addMenu("ตั้งค่า (&S)")
        self._add(settings, "ตั้งค่าสมุดบัญชี (หน่วยงาน ยอดยกมา ผู้ลงนาม)… (&S)", self.open_settings)
        help_menu = bar.addMenu("ช่วยเหลือ (&H)")
        self._add(help_menu, "ปุ่มลัด (&K)", self.show_keys, "F1")
        # Ctrl+P opens the print menu (every register is one arrow key away); F2 goes to the working day
        for keys, fn in (("Ctrl+P", self.open_print_menu), ("F2", self.focus_working_day)):
            act = QAction(self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(fn)
            self.addAction(act)

    def _add(self, menu, label: str, fn, keys: str | None = None) -> QAction:
        act = menu.addAction(label)
        act.triggered.connect(lambda checked=False: fn())
        if keys:
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        return act

    def open_print_menu(self) -> None:
        """Ctrl+P: the print menu under its title, the first register highlighted (Enter prints it)."""
        bar = self.menuBar()
        first = self.print_menu.actions()[0]
        self.print_menu.popup(bar.mapToGlobal(bar.actionGeometry(self.print_menu.menuAction()).bottomLeft()))
        self.print_menu.setActiveAction(first)

    def focus_working_day(self) -> None:
        self.working_day.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.working_day.selectAll()

    def show_keys(self) -> None:
        from .keysheet import KeySheet
        focus = QApplication.focusWidget()
        KeySheet(self).exec()
        back_to(focus)

    def _build_status(self) -> None:
        status = self.statusBar()
        status.addWidget(QLabel("วันที่ทำงาน (F2)"))
        self.working_day = DateField(objectName="working_day")
        self.working_day.setMaximumWidth(190)
        self.working_day.set_date(self.session.working_day)
        self.working_day.editingFinished.connect(self._working_day_edited)
        status.addWidget(self.working_day)
        self.closed_label = QLabel()
        status.addWidget(self.closed_label, 1)
        self.busy_label = QLabel()
        status.addPermanentWidget(self.busy_label)
        self.session.tasks.busy_changed.connect(self._busy)
        self._update_status()

    def _working_day_edited(self) -> None:
        day = self.working_day.date()
        if day:
            self.session.set_working_day(day)

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText("กำลังทำงาน…" if busy else "")

    def _update_status(self, *_) -> None:
        s = self.session
        if self.working_day.date() != s.working_day and not self.working_day.hasFocus():
            self.working_day.set_date(s.working_day)
        closed = f"ปิดบัญชีแล้วถึงวันที่ {format_short(s.closed_through)}" if s.closed_through else "ยังไม่ได้ปิดบัญชีวันใด"
        mark = "  (วันที่ทำงานปิดบัญชีแล้ว)" if s.is_closed(s.working_day) else ""
        self.closed_label.setText(f"   {closed}{mark}")

    # ------------------------------------------------------------ long work
    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "เลือกแฟ้มรายการที่จะนำเข้า", "",
                                              "แฟ้มรายการ (*.csv *.xlsx)")
        if not path:
            return
        self.session.write(self, lambda book, progress: book.import_file(path, progress=progress)).with_progress(
            "กำลังนำเข้ารายการ…").success(
            lambda change: show_info(self, f"นำเข้าแล้ว {len(change.entries):,} รายการ")).failure(
            lambda exc: show_error(self, error_text(exc), "นำเข้าไม่สำเร็จ")).run_in_background()

    def verify(self) -> None:
        self.session.query(self, lambda book, progress: book.verify(progress)).with_progress(
            "กำลังตรวจสอบสมุด…").success(
            lambda result: (show_info if result.ok else show_error)(self, result.text(), "ผลการตรวจสอบสมุด")
        ).run_in_background()

    def run_registered(self, action: actions.MenuAction) -> None:
        if action.fn is None:
            return
        if action.key in actions.PRINT_ACTIONS:  # a register: its period, then the print preview
            from .preview import open_print_preview
            open_print_preview(self, self.session, action)
            return
        day = self.session.working_day
        if action.needs == "folder":  # export: pick the stick; a new dated folder is made inside it
            target = QFileDialog.getExistingDirectory(self, action.label)
        else:
            target, _ = QFileDialog.getSaveFileName(self, action.label, action.label + action.suffix,
                                                    {".pdf": "PDF (*.pdf)", ".xlsx": "Excel (*.xlsx)"}.get(action.suffix, ""))
        if not target:
            return

        def work(book, progress):
            if action.needs == "folder":
                return action.fn(book, progress, day=day, folder=target)
            result = action.fn(book, progress, day=day)
            if isinstance(result, (bytes, bytearray)):
                write_whole(target, bytes(result))
            return target

        self.session.query(self, work).with_progress(f"กำลังทำ {action.label}…").success(
            lambda path: show_info(self, f"บันทึกแล้วที่ {path}" if action.needs != "folder" else str(path))
        ).failure(lambda exc: show_error(self, error_text(exc), "ทำไม่สำเร็จ")).run_in_background()

    def open_settings(self) -> None:
        from manualbook.setup_book import load_setup

        from .settings_dialog import SettingsDialog
        focus = QApplication.focusWidget()
        self.session.query(self, load_setup).success(
            lambda setup: (SettingsDialog(self.session, setup, self).exec(), back_to(focus))).run_in_background()

    def open_backups(self) -> None:
        from .backups_dialog import BackupsDialog
        BackupsDialog(self.session, self).exec()

    def closeEvent(self, event):
        from .backups_dialog import backup_at_quit
        if backup_at_quit(self, event):  # the app's window: a verified backup first, then it closes itself
            return
        self.session.tasks.wait()
        super().closeEvent(event)
