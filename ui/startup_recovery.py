"""At start, a book that cannot be opened because it is damaged: set it aside, offer a backup.

The book file is never written: the newest verified backup (for entries lost
to a damaged ``-wal``, the newest one that still has them) is found on the
worker and offered in Thai; restoring it moves the damaged file and its
companions aside under a dated ``.damaged-`` name and puts the verified copy
in place. An empty (0-byte) book with no backup is set aside the same way and
the set-up wizard runs. Declining leaves every file as it is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from manualbook.messages import BookError

from .dialogs import show_error
from .ops import QueryOp, error_text

DAMAGED = frozenset({"book_damaged", "book_zero", "book_lost", "book_changed"})


def is_damaged(exc: BaseException) -> bool:
    return isinstance(exc, BookError) and exc.code in DAMAGED


def _when(created: str) -> str:
    from .backups_dialog import _when as when
    return when(created)


def _choice(text: str, yes: str, no: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, "สมุดบัญชีเสียหาย", text)
    restore = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def offer(path: Path, exc: BookError, tasks, on_opened, on_fresh, on_quit) -> None:
    """Finds the backup on the worker, asks, restores on the worker; then one of the callbacks."""
    from manualbook.recovery import recovery_candidate

    def found(candidate) -> None:
        problem = error_text(exc)
        if candidate is not None:
            text = (f"เปิดสมุดไม่ได้:\n{problem}\n\nแฟ้มสำรองล่าสุดที่ตรวจแล้ว: {_when(candidate.created)} "
                    f"({candidate.entries:,} รายการ)\n{candidate.path}\n\nกู้คืนจากแฟ้มสำรองนี้? "
                    "แฟ้มสมุดที่เสียจะถูกเก็บไว้ข้างกัน ไม่ถูกลบ")
            if _choice(text, "กู้คืนจากแฟ้มสำรอง", "ปิดโปรแกรม"):
                restore(candidate.path)
            else:
                on_quit()
        elif exc.code == "book_zero":
            text = (f"{problem}\n\nไม่พบแฟ้มสำรองของสมุดนี้ ตั้งสมุดใหม่? แฟ้มว่างจะถูกเก็บไว้ข้างกัน ไม่ถูกลบ")
            if _choice(text, "ตั้งสมุดใหม่", "ปิดโปรแกรม"):
                QueryOp(None, tasks, lambda _: _set_aside(path)).success(lambda _: on_fresh()).failure(
                    lambda e: (show_error(None, error_text(e)), on_quit())).run_in_background()
            else:
                on_quit()
        else:
            show_error(None, f"เปิดสมุดไม่ได้:\n{problem}\n\nไม่พบแฟ้มสำรองที่ตรวจแล้วของสมุดนี้ "
                             "ให้ผู้ดูแลระบบช่วยกู้คืน (ไม่ได้ลบหรือเขียนแฟ้มใด ๆ)", "สมุดบัญชีเสียหาย")
            on_quit()

    def restore(src: Path) -> None:
        def work(_, progress):
            from manualbook.backup import restore as run
            from manualbook.book import Book
            run(src, path, progress, aside="damaged")
            return Book.open(path)
        QueryOp(None, tasks, work).with_progress("กำลังกู้คืนสมุดจากแฟ้มสำรองและตรวจ…").success(on_opened).failure(
            lambda e: (show_error(None, error_text(e), "กู้คืนไม่สำเร็จ"), on_quit())).run_in_background()

    QueryOp(None, tasks, lambda _: recovery_candidate(path, exc)).success(found).failure(
        lambda e: found(None)).run_in_background()


def _set_aside(path: Path):
    from manualbook.backup import set_aside
    return set_aside(path, "damaged")
