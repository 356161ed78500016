"""The app's first window as a whole process (not a test): start, show, leave.

    python bench/first_window.py BOOK [--screenshot PNG]

Starts the desktop app on BOOK exactly as ``manualbook --db BOOK`` does, and
ends the process (os._exit, no backup at quit) as soon as the main window is
up with the home screen's figures drawn: the time of the whole process is the
time a clerk waits for the first usable window. ``QT_QPA_PLATFORM`` defaults to
offscreen (under Xvfb, set it to xcb). With ``--screenshot`` the window is
saved as a picture first. Prints which heavy libraries the start imported.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    book = argv[0]
    shot = argv[argv.index("--screenshot") + 1] if "--screenshot" in argv else None

    from manualbook_ui import home

    shown = home.HomeView.show_data

    def show_data(self, d):
        shown(self, d)
        from PySide6.QtCore import QTimer

        def leave():
            window = self.window()
            window.repaint()
            if shot:
                window.grab().save(shot)
            heavy = [m for m in ("openpyxl", "reportlab", "pythainlp", "sqlite_utils", "pypdfium2")
                     if m in sys.modules]
            print(f"first window up; heavy libraries loaded: {', '.join(heavy) or 'none'}", flush=True)
            os._exit(0)
        QTimer.singleShot(0, leave)
    home.HomeView.show_data = show_data

    from manualbook.cli import main as cli_main

    return cli_main(["--db", book])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
