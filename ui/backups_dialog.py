"""Backups in the app: the list, "backup now", restore, the second folder; after a close and at quit.

All file work is the core's (manualbook.backups, manualbook.backup) and runs on
the book worker with a progress dialog, so the window never freezes. A restore
closes the book on the worker, puts the verified copy in its place (the
current book is kept aside, never deleted) and reopens it; every screen is
then told that everything changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from manualbook.chain import short
from manualbook.model import Change

from .dialogs import ask, show_error, show_info
from .keyboard_dialog import title_label
from .ops import error_text
from .session import Session
from .tables import RowsModel, rows_table



def _reason(reason: str) -> str:
    from manualbook.messages import CATALOGUE
    return CATALOGUE.get(f"backup_reason_{reason}", reason)


def _when(created: str) -> str:
    try:
        t = dt.datetime.fromisoformat(created)
    except ValueError:
        return created
    return f"{t.day}/{t.month}/{t.year + 543} {t:%H:%M}"


class BackupsModel(RowsModel):
    HEADERS = ("วันเวลาที่สำรอง", "เหตุ", "รายการ", "ลายนิ้วมือ", "ตรวจแล้ว", "แฟ้ม")
    RIGHT = frozenset({2})

    def display(self, b, col: int) -> str:
        return (_when(b.created), _reason(b.reason), f"{b.entries:,}",
                short(b.head) if b.head else "-", "ตรวจแล้ว" if b.verified else "ไม่ผ่าน (แฟ้มเสีย)",
                str(b.path))[col]

    def native(self, b, col: int):
        return (b.created, b.reason, b.entries, b.head, b.verified, str(b.path))[col]

    def foreground(self, b, col: int):
        from PySide6.QtGui import QColor
        return QColor("#b42318") if not b.verified else None


def load_backups(book) -> dict:
    """On the worker: this book's backups (newest first) and the second folder setting."""
    from manualbook import backups
    return {"backups": backups.book_backups(book),
            "second": book.setting(backups.SECOND_FOLDER) or "", "folder": str(backups.backup_dir(book.path))}


class BackupsDialog(QDialog):
    """แฟ้มสำรองของสมุด: keys — Alt+N backup now, Alt+R restore the selected one,
    Alt+F restore from another file, Alt+O choose the second folder, Alt+S save it."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("สำรองและกู้คืนสมุด")
        self.resize(980, 560)
        box = QVBoxLayout(self)
        box.addWidget(title_label("แฟ้มสำรองของสมุด"))
        self.intro = QLabel("โปรแกรมสำรองสมุดให้เองทุกครั้งที่ปิดบัญชีประจำวันและเมื่อปิดโปรแกรม "
                            "แต่ละแฟ้มตรวจความถูกต้องแล้วก่อนตั้งชื่อ เก็บ 14 วันล่าสุด 8 สัปดาห์ และ 12 เดือน")
        self.intro.setWordWrap(True)
        self.intro.setProperty("role", "hint")
        box.addWidget(self.intro)
        self.model = BackupsModel(self)
        self.table = rows_table(self.model, (150, 100, 90, 170, 130, 300), 5, "backups_table")
        self.table.doubleClicked.connect(lambda *_: self.restore_selected())
        box.addWidget(self.table, 1)
        self.status = QLabel(objectName="backups_status")
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        second = QHBoxLayout()
        label = QLabel("โฟลเดอร์สำรองที่สอง (เช่น แฟลชไดรฟ์):")
        self.second = QLineEdit(objectName="second_folder")
        self.second.setPlaceholderText("เว้นว่าง = ไม่ใช้")
        label.setBuddy(self.second)
        pick = QPushButton("เลือกโฟลเดอร์… (&O)")
        pick.clicked.connect(self.pick_second)
        self.save_second_button = QPushButton("บันทึก (&S)", objectName="save_second")
        self.save_second_button.clicked.connect(self.save_second)
        second.addWidget(label)
        second.addWidget(self.second, 1)
        second.addWidget(pick)
        second.addWidget(self.save_second_button)
        box.addLayout(second)
        buttons = QHBoxLayout()
        self.now_button = QPushButton("สำรองทันที (&N)", objectName="backup_now")
        self.now_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("กู้คืนจากแฟ้มที่เลือก (&R)", objectName="restore_selected")
        self.restore_button.clicked.connect(self.restore_selected)
        other = QPushButton("กู้คืนจากแฟ้มอื่น… (&F)")
        other.clicked.connect(self.restore_other)
        close = QPushButton("ปิด")
        close.clicked.connect(self.reject)
        for b in (self.now_button, self.restore_button, other):
            buttons.addWidget(b)
        for b in self.findChildren(QPushButton) + [close]:
            b.setAutoDefault(False)  # Enter in the list must not press a button by surprise
        buttons.addStretch(1)
        buttons.addWidget(close)
        box.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.restore_selected)
        self.reload()

    # ------------------------------------------------------------ the list
    def reload(self) -> None:
        self.session.query(self, load_backups).success(self._show).run_in_background()

    def _show(self, data: dict) -> None:
        self.model.set_rows(data["backups"])
        if not self.second.hasFocus():
            self.second.setText(data["second"])
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount():
            self.table.selectRow(0)
        elif not self.status.text():
            self.status.setText(f"ยังไม่มีแฟ้มสำรองใน {data['folder']}")

    def selected(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    # ------------------------------------------------------------ backup now
    def backup_now(self) -> None:
        from manualbook.backups import make_backup
        self.session.query(self, lambda book, progress: make_backup(book, "manual", progress)).with_progress(
            "กำลังสำรองสมุดและตรวจสำเนา…").success(self._backed_up).failure(
            lambda exc: show_error(self, error_text(exc), "สำรองสมุดไม่สำเร็จ")).run_in_background()

    def _backed_up(self, report) -> None:
        self.status.setText(report.text())
        self.reload()

    # ------------------------------------------------------------ restore
    def restore_selected(self) -> None:
        b = self.selected()
        if b is None:
            self.status.setText("เลือกแฟ้มสำรองในรายการก่อน (ลูกศรขึ้น/ลง)")
            return
        if not b.verified:
            show_error(self, f"แฟ้มสำรอง {b.path} ไม่ผ่านการตรวจ (แฟ้มเสีย) เลือกแฟ้มอื่น", "กู้คืนไม่ได้")
            return
        self.restore(b.path, f"{_when(b.created)} ({b.entries:,} รายการ)")

    def restore_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "เลือกแฟ้มสำรองที่จะกู้คืน", "", "แฟ้มสมุด (*.sqlite3);;ทุกแฟ้ม (*)")
        if path:
            self.restore(Path(path), Path(path).name)

    def restore(self, src: Path, what: str) -> None:
        question = (f"กู้คืนสมุดจากแฟ้มสำรอง {what}?\n\nรายการที่บันทึกหลังแฟ้มสำรองนี้จะไม่อยู่ในสมุดที่กู้คืน "
                    "สมุดปัจจุบันจะถูกเก็บไว้ข้างกัน (ไม่ถูกลบ)")
        if not ask(self, question, "ยืนยันการกู้คืน"):
            return
        restore_in_app(self, self.session, src, done=lambda text: (self.status.setText(text), self.reload()))

    # ------------------------------------------------------------ the second folder
    def pick_second(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "เลือกโฟลเดอร์สำรองที่สอง", self.second.text())
        if folder:
            self.second.setText(folder)
            self.save_second()

    def save_second(self) -> None:
        from manualbook.backups import SECOND_FOLDER
        value = self.second.text().strip()
        self.session.write(self, lambda book: book.set_setting(SECOND_FOLDER, value)).success(
            lambda _: self.status.setText(f"บันทึกโฟลเดอร์สำรองที่สองแล้ว: {value or '(ไม่ใช้)'}")).failure(
            lambda exc: show_error(self, error_text(exc))).run_in_background()


def restore_in_app(parent, session: Session, src: Path, done=None) -> None:
    """Restores ``src`` on the worker (the book closed, replaced, reopened), then tells every screen."""
    from manualbook.recovery import RestoreFailed, restore_open_book
    tasks = session.tasks

    def work(book, progress):
        try:
            new, result, saved = restore_open_book(book, src, progress)
        except RestoreFailed as exc:
            tasks.book = exc.book
            raise
        tasks.book = new  # on the worker: the next job finds the restored book
        return result, saved, new.closed_through(), new.first_open_day()

    def restored(value) -> None:
        result, saved, closed, first_open = value
        session.closed_through = closed
        session.closed_changed.emit(closed)
        session.set_working_day(first_open)
        tasks.changed.emit(Change(setup=True, budget=True, closed=closed), None)
        text = f"กู้คืนสมุดแล้ว: {result.text()}" + (f"\nสมุดเดิมเก็บไว้ที่ {saved}" if saved else "")
        if done:
            done(text)
        show_info(parent, text, "กู้คืนสมุดแล้ว")

    session.query(parent, work).with_progress("กำลังกู้คืนสมุดและตรวจ…").success(restored).failure(
        lambda exc: show_error(parent, error_text(exc), "กู้คืนไม่สำเร็จ")).run_in_background()


def backup_after_close(parent, session: Session) -> None:
    """After a day close: the automatic backup, on the worker; its failure is a warning."""
    from manualbook.backups import backup_after_close as run

    def shown(report) -> None:
        if report.warnings:
            show_error(parent, report.text(), "สำรองสมุดหลังปิดบัญชี")
        window = parent.window() if parent is not None else None
        if window is not None and hasattr(window, "statusBar") and report.made:
            window.statusBar().showMessage(report.text().splitlines()[0], 15000)

    session.query(parent, lambda book, progress: run(book, progress)).with_progress(
        "ปิดบัญชีแล้ว กำลังสำรองสมุดและตรวจสำเนา…").success(shown).run_in_background()


def backup_at_quit(window, event) -> bool:
    """From the main window's closeEvent: True when the close must wait for a backup
    (the event is ignored, the window closes itself once the backup is done)."""
    if not getattr(window, "backup_on_quit", False) or getattr(window, "_quit_backup_done", False):
        return False
    event.ignore()
    window._quit_backup_done = True
    from manualbook.backups import make_backup

    def finish(report_or_exc) -> None:
        if report_or_exc is None:  # a read-only book: nothing changed, nowhere to write
            pass
        elif isinstance(report_or_exc, BaseException):
            show_error(window, "สำรองสมุดก่อนปิดโปรแกรมไม่สำเร็จ:\n" + error_text(report_or_exc), "สำรองสมุด")
        elif report_or_exc.warnings:
            show_error(window, report_or_exc.text(), "สำรองสมุด")
        window.close()

    def work(book, progress):
        return None if book.readonly else make_backup(book, "quit", progress, only_if_changed=True)

    window.session.query(window, work).with_progress("กำลังสำรองสมุดก่อนปิดโปรแกรม…").success(finish).failure(
        finish).run_in_background()
    return True
