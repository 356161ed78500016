"""Starting the desktop app: one program per book file, setup on first run.

``main(db_path)`` takes a lock file next to the book (QLockFile), so a second
start says in Thai that the books are already open; opens the book on the
worker, or runs the first-run setup when the file has no book yet; then runs
the main window until it is closed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication, QDialog

from manualbook.messages import BookError
from manualbook.workday import working_day

from . import gcguard, theme
from .dialogs import show_error, show_info
from .ops import QueryOp, TaskManager, error_text
from .session import Session

ALREADY_OPEN = ("สมุดบัญชีนี้เปิดอยู่แล้ว: กำลังถูกใช้โดย{who}\n{path}\n\n"
                "ถ้าเป็นโปรแกรมนี้อีกหน้าต่างหนึ่ง ให้ใช้หน้าต่างที่เปิดอยู่ (ดูที่แถบงานด้านล่างของจอ) "
                "การเปิดซ้ำอาจทำให้บันทึกรายการซ้ำกันได้ ถ้าเป็นคำสั่งที่กำลังบันทึก ให้รอจนเสร็จแล้วเปิดโปรแกรมใหม่")
WAITING = "สมุดบัญชีกำลังถูกใช้โดย{who}\nกำลังรอให้ว่าง…"
WAIT_SECONDS = 15.0  # a command that writes (import, close, backup) usually ends within this


def take_lock(lock: QLockFile, path: Path) -> bool:
    """The book's lock, waiting with a cancellable progress window while another
    holder (usually a command that writes) finishes; False if it never came free."""
    if lock.tryLock(200):
        return True
    import time

    from PySide6.QtWidgets import QProgressDialog

    from manualbook import lockfile

    waiting = QProgressDialog(WAITING.format(who=lockfile.holder_text(path)), "ไม่รอ (Esc)", 0, 0)
    waiting.setWindowTitle("รอสมุดบัญชีว่าง")
    waiting.setMinimumDuration(0)
    waiting.show()
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while time.monotonic() < deadline and not waiting.wasCanceled():
            QApplication.processEvents()
            if lock.tryLock(250):
                return True
        return False
    finally:
        waiting.close()


def lock_for(db_path: str | Path) -> QLockFile:
    path = Path(db_path)
    lock = QLockFile(str(path.with_name(path.name + ".lock")))
    lock.setStaleLockTime(0)  # a lock left by a crash is detected through its process id
    return lock


def _has_book(path: Path) -> bool:
    return path.exists()  # an empty file is a damaged book, never silently set up again


def open_session(tasks: TaskManager, on_ready) -> None:
    """Opens the book on the worker and builds the Session from what it reads."""
    def load(book):
        return working_day(book), book.closed_through(), book.org().name
    QueryOp(None, tasks, load).success(
        lambda r: on_ready(Session(tasks, r[0], r[1], r[2]))).failure(
        lambda exc: (show_error(None, error_text(exc), "เปิดสมุดไม่ได้"), QApplication.instance().exit(1))
    ).run_in_background()


def main(db_path: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("manualbook")
    app.setApplicationDisplayName("สมุดบัญชีมือ")
    theme.apply(app)
    gcguard.install(app)  # Qt objects must never be collected on the book worker
    app.setQuitOnLastWindowClosed(False)  # the wizard closing must not end the program
    path = Path(db_path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = lock_for(path)
    if not take_lock(lock, path):
        from manualbook import lockfile
        show_error(None, ALREADY_OPEN.format(path=path, who=lockfile.holder_text(path)), "สมุดบัญชีเปิดอยู่แล้ว")
        return 2
    tasks = TaskManager()
    windows = []

    def show_main(session: Session) -> None:
        from .mainwindow import MainWindow
        window = MainWindow(session)
        window.backup_on_quit = True  # a verified backup when the clerk closes the program
        windows.append(window)
        window.show()
        app.setQuitOnLastWindowClosed(True)

    def start() -> None:
        if _has_book(path):
            def opened(book):
                tasks.book = book
                for note in book.upgrade_notices:  # a migration changed the file: say so once
                    show_info(None, note, "ปรับสมุดเป็นรุ่นใหม่")
                open_session(tasks, show_main)
            from manualbook.book import Book
            from . import startup_recovery

            def failed(exc):
                if isinstance(exc, BookError) and exc.code == "no_book":
                    first_run()
                elif startup_recovery.is_damaged(exc):  # set aside, and the newest verified backup offered
                    startup_recovery.offer(path, exc, tasks, opened, first_run, lambda: app.exit(1))
                else:
                    show_error(None, error_text(exc), "เปิดสมุดไม่ได้")
                    app.exit(1)
            QueryOp(None, tasks, lambda _: Book.open(path)).success(opened).failure(failed).run_in_background()
        else:
            first_run()

    def first_run(typed=None) -> None:
        """The set-up wizard; after a failed set-up, with what was typed (``typed``) back in it."""
        from manualbook.setup_book import create_book

        from .setup import SetupWizard
        wizard = SetupWizard()
        if typed is not None:
            wizard.fill(typed)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            app.exit(1)
            return
        values = wizard.values()

        def created(book):
            tasks.book = book
            open_session(tasks, show_main)
        QueryOp(None, tasks, lambda _: create_book(str(path), values)).with_progress("กำลังตั้งสมุดบัญชี…").success(
            created).failure(lambda exc: (show_error(None, error_text(exc), "ตั้งสมุดไม่สำเร็จ"), first_run(values))
                             ).run_in_background()

    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, start)
    try:
        return app.exec()
    finally:
        tasks.close()
        lock.unlock()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "manualbook.sqlite3"))
