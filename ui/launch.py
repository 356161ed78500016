"""Starting the desktop app without a console window.

The Start-menu shortcut runs ``pythonw.exe -m manualbook_ui``, and a pip
install has the ``manualbook-gui`` script (a gui-script: no console window on
Windows). Under pythonw there is no stderr, so a start that fails before a
window shows would vanish without a word: here any such failure is written to
``start-error.txt`` beside the book and a Thai message box says so (through
the Windows API when Qt itself could not load).

The book file is found as on the command line: ``--db PATH``, else
``MANUALBOOK_DB``, else the per-user data folder.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

FAILED = ("โปรแกรมสมุดบัญชีมือเปิดไม่ได้\n\nรายละเอียดสำหรับผู้ดูแลเครื่องบันทึกไว้ที่\n{log}\n\n"
          "ลองเปิดใหม่อีกครั้ง ถ้ายังเปิดไม่ได้ ให้ติดตั้งโปรแกรมใหม่ (สมุดบัญชีจะไม่หาย)")
TITLE = "สมุดบัญชีมือ อปท."


def book_path(argv: list[str]) -> Path:
    """``--db PATH`` or ``--db=PATH`` from argv, else the command line's default book."""
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--db="):
            return Path(arg[len("--db="):])
    from manualbook.places import default_db
    return default_db()


def icon_path() -> Path:
    from importlib import resources
    return Path(str(resources.files("manualbook.resources") / "manualbook.ico"))


def _run(db: Path) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .app import main as run_app
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setWindowIcon(QIcon(str(icon_path())))
    return run_app(str(db))


def write_log(db: Path, text: str) -> Path:
    """Writes the traceback beside the book (or to the temp folder if that fails)."""
    for folder in (db.parent, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / "start-error.txt"
            log.write_text(text, encoding="utf-8")
            return log
        except OSError:
            continue
    return Path(tempfile.gettempdir()) / "start-error.txt"


def tell(message: str) -> None:
    """A message box even when Qt cannot load; stderr where there is one."""
    if sys.stderr is not None:
        print(message, file=sys.stderr)
    if sys.platform == "win32":
        import ctypes
        ctypes.windll.user32.MessageBoxW(None, message, TITLE, 0x10)  # MB_ICONERROR


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    db = Path("book.sqlite3")
    try:
        db = book_path(argv)
        return _run(db)
    except Exception:  # noqa: BLE001 - the edge of the program: nothing may vanish silently
        log = write_log(db, traceback.format_exc())
        tell(FAILED.format(log=log))
        return 1
