"""The app's start: what it loads before its first window is ready.

Started as the shortcut starts it (``manualbook_ui.launch.main``), offscreen, in
a fresh process, on a demo book: once the main window shows and the worker has
read the home screen's figures, the process reports the top-level modules it has
loaded and quits. openpyxl, reportlab and pythainlp are loaded only when a
budget file is read, a register printed or a bundle exported, never to start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from manualbook.demo import build_demo

PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])

def check():
    from manualbook_ui.mainwindow import MainWindow
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows and not windows[0].session.tasks.busy() and windows[0].screens["home"].isVisible():
        print(json.dumps({"title": windows[0].windowTitle(),
                          "modules": sorted(m for m in sys.modules if "." not in m)}), flush=True)
        windows[0].backup_on_quit = False
        app.exit(0)

timer = QTimer()
timer.timeout.connect(check)
timer.start(100)
QTimer.singleShot(60_000, lambda: app.exit(3))  # never ready: fail, never hang
from manualbook_ui.launch import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def test_the_app_starts_without_the_workbook_pdf_or_word_libraries(tmp_path):
    book = tmp_path / "demo.sqlite3"
    build_demo(book)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MANUALBOOK_CACHE_DIR=str(tmp_path / "cache"),
               PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-c", PROBE, str(book)], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "PySide6" in report["modules"] and "manualbook_ui" in report["modules"]
    assert not set(report["modules"]) & {"openpyxl", "reportlab", "pythainlp", "PIL"}, report["modules"]
