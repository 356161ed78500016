"""Backups in the app, driven with real key events: the menu, backup now, restore from the list,
the backup after a day close and at quit, and a damaged book at start."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from manualbook import backups
from manualbook.book import Book
from manualbook_ui import backups_dialog
from manualbook_ui.backups_dialog import BackupsDialog
from manualbook_ui.mainwindow import MainWindow
from manualbook_ui.ops import TaskManager

from conftest import START

RECEIPT = {"date": "1/10/2567", "kind": "receipt", "book": "1", "code": "41100001", "amount": "100"}


def answer_modal(qtbot, button_text: str | None = None, log: list | None = None) -> None:
    """When the next modal box appears: Tab to the button named (or Return for its default), then Space."""
    def act():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(30, act)
            return
        if log is not None:
            log.append(box.text())
        if button_text is None:
            QTest.keyClick(box, Qt.Key.Key_Return)
            return
        target = next(b for b in box.findChildren(QPushButton) if b.text().split(" (&")[0] == button_text)
        for _ in range(6):
            if box.focusWidget() is target:
                break
            QTest.keyClick(box.focusWidget() or box, Qt.Key.Key_Tab)
        QTest.keyClick(target, Qt.Key.Key_Space)
    QTimer.singleShot(30, act)


def _entries(book_path) -> int:
    with Book.open(book_path, readonly=True) as b:
        return b.summary().entries


def test_the_menu_opens_backups_with_its_shortcut(qtbot, session, idle, monkeypatch):
    opened = []
    monkeypatch.setattr(BackupsDialog, "exec", lambda self: opened.append(self) or 0)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    idle()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(opened) == 1
    labels = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert any("&B" in t and "สำรอง" in t for t in labels)
    idle()


def test_backup_now_and_restore_from_the_list_by_keyboard(qtbot, session, idle, book_path):
    with Book.open(book_path) as b:
        b.add({**RECEIPT, "number": "1"})
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    idle()
    assert dialog.model.rowCount() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # สำรองทันที (&N)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=15000)
    idle()
    made = dialog.model.row_at(0)
    assert made.verified and made.entries == 1 and made.path.exists()
    assert "สำรองสมุดแล้ว" in dialog.status.text()
    # a receipt keyed after the backup, then the backup restored: the receipt is gone, the book kept aside
    session.write(None, lambda book: book.add({**RECEIPT, "number": "2"})).run_in_background()
    idle()
    assert _entries(book_path) == 2
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    shown = []
    answer_modal(qtbot, "ใช่", shown)  # ยืนยันการกู้คืน
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # กู้คืนจากแฟ้มที่เลือก (&R)
    answer_modal(qtbot, None, shown)  # กู้คืนสมุดแล้ว (OK)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20000)
    idle()
    assert "กู้คืน" in shown[0] and "กู้คืนสมุดแล้ว" in shown[1]
    assert session.tasks.book.summary().entries == 1  # the worker has the restored book
    assert _entries(book_path) == 1
    kept = [p for p in book_path.parent.iterdir() if ".before-restore-" in p.name and p.suffix == ".sqlite3"]
    assert len(kept) == 1
    with Book.open(kept[0], readonly=True) as old:
        assert old.summary().entries == 2  # nothing was lost: the replaced book is kept


def test_a_day_close_in_the_app_is_followed_by_a_verified_backup(qtbot, session, idle, book_path):
    from manualbook_ui.dayclose import DayCloseView
    with Book.open(book_path) as b:
        b.add({**RECEIPT, "number": "1"})
    view = DayCloseView(session)
    qtbot.addWidget(view)
    view.show()
    view.day.set_date(START)
    view.reload()
    idle()
    answer_modal(qtbot, "ใช่")
    view.close_button.setFocus()
    qtbot.keyClick(view.close_button, Qt.Key.Key_Space)  # ปิดบัญชีวันนี้
    qtbot.waitUntil(lambda: bool(list((book_path.parent / "backups").glob("*-close.sqlite3"))), timeout=20000)
    idle()
    with Book.open(book_path, readonly=True) as b:
        assert b.closed_through() == START
        listed = backups.book_backups(b)
    assert [(x.reason, x.verified, x.entries) for x in listed] == [("close", True, 1)]


def test_closing_the_app_makes_a_backup_first(qtbot, book_path):
    from manualbook_ui.session import Session
    tasks = TaskManager(Book.open(book_path))
    session = Session(tasks, START, None, "อบต.ทดสอบ")
    window = MainWindow(session)
    window.backup_on_quit = True
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10000)
    window.close()  # Alt+F4 reaches the same closeEvent
    assert window.isVisible()  # waits for the backup
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    with Book.open(book_path, readonly=True) as b:
        assert [x.reason for x in backups.book_backups(b)] == ["quit"]
    tasks.close()
    window.deleteLater()


def test_a_damaged_book_at_start_is_set_aside_and_the_newest_backup_offered(qtbot, book_path, tmp_path):
    from manualbook_ui import startup_recovery
    with Book.open(book_path) as b:
        b.add({**RECEIPT, "number": "1"})
        backups.make_backup(b, "close")
    damaged = bytearray(book_path.read_bytes())
    damaged[100:4096] = b"\x00" * (4096 - 100)
    book_path.write_bytes(bytes(damaged))
    for suffix in ("-wal", "-shm"):
        book_path.with_name(book_path.name + suffix).unlink(missing_ok=True)
    from manualbook.messages import BookError
    try:
        Book.open(book_path)
    except BookError as exc:
        error = exc
    assert startup_recovery.is_damaged(error)
    tasks = TaskManager()
    opened, quit_ = [], []
    shown = []
    answer_modal(qtbot, None, shown)  # Return: the default button, กู้คืนจากแฟ้มสำรอง
    startup_recovery.offer(book_path, error, tasks, opened.append, lambda: None, lambda: quit_.append(1))
    qtbot.waitUntil(lambda: bool(opened or quit_), timeout=20000)
    assert opened and not quit_, shown
    assert "แฟ้มสำรองล่าสุดที่ตรวจแล้ว" in shown[0]
    assert opened[0].summary().entries == 1 and opened[0].verify().ok
    opened[0].close()
    aside = [p for p in book_path.parent.iterdir() if ".damaged-" in p.name and p.suffix == ".sqlite3"]
    assert len(aside) == 1 and aside[0].read_bytes() == bytes(damaged)
    tasks.close()
