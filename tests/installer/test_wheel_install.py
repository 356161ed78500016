"""The README's first command, as a user gets it: a wheel installed (not editable)
in a fresh virtual environment, then used from a folder outside the source tree.

The wheel is built from a copy of the sources (the tree is not touched), installed
with its dependencies (versions pinned by installer/constraints.txt) in a venv
that sees no other site-packages, and that install runs ``manualbook demo``,
``report`` and ``export``, and starts the app offscreen until its first window is
ready. Every step must end with its real outcome: exit status 0, the files made,
the shipped resources found inside the install.

About a minute (most of it installing PySide6): marked ``wheel`` and run by
``.ci/run`` (``pytest --wheel``), skipped in the everyday run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parents[2]
BIN = "Scripts" if os.name == "nt" else "bin"

APP_PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])

def check():
    from manualbook_ui.mainwindow import MainWindow
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows and not windows[0].session.tasks.busy() and windows[0].screens["home"].isVisible():
        import manualbook_ui
        from manualbook_ui.launch import icon_path
        print(json.dumps({"ui": manualbook_ui.__file__, "icon": str(icon_path()), "icon_found": icon_path().is_file(),
                          "window_icon": not app.windowIcon().isNull(), "org": windows[0].session.org_name}),
              flush=True)
        windows[0].backup_on_quit = False
        app.exit(0)

timer = QTimer()
timer.timeout.connect(check)
timer.start(100)
QTimer.singleShot(90_000, lambda: app.exit(3))  # never ready: fail, never hang
from manualbook_ui.launch import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def run(cmd, cwd, env=None, timeout=300) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc


def test_a_wheel_installed_in_a_fresh_venv_runs_the_readme_commands_and_the_app(tmp_path):
    # the wheel, from a copy of what the package is made of
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for part in ("manualbook", "ui", "resources"):
        shutil.copytree(ROOT / part, src / part, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", dist, src], cwd=tmp_path)
    wheels = list(dist.glob("manualbook-*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as z:
        names = set(z.namelist())
        entry_points = next(z.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "manualbook/resources/manualbook.ico" in names and "manualbook_ui/launch.py" in names
    assert not [n for n in names if n.startswith(("tests/", "bench/", "installer/"))]
    # the app is a gui-script (no console window on Windows); the console script is the command line
    gui = entry_points.split("[gui_scripts]")[1].split("[")[0]
    console = entry_points.split("[console_scripts]")[1].split("[")[0]
    assert "manualbook-gui = manualbook_ui.launch:main" in gui
    assert "manualbook_ui" not in console and "manualbook = manualbook.cli:main" in console

    # a fresh venv that sees no other site-packages, the wheel and its dependencies
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    py = venv / BIN / "python"
    run([py, "-m", "pip", "install", "-q", "-c", ROOT / "installer" / "constraints.txt", wheels[0]], cwd=tmp_path,
        timeout=600)
    assert (venv / BIN / "manualbook").exists() and (venv / BIN / "manualbook-gui").exists()

    # used from a folder outside the sources, as a user would
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MANUALBOOK_DB", "PYTHONPATH")}
    env.update(PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen", MANUALBOOK_CACHE_DIR=str(tmp_path / "cache"))
    where = run([py, "-c", "import manualbook, manualbook_ui; print(manualbook.__file__); print(manualbook_ui.__file__)"],
                cwd=work, env=env).stdout.split()
    site = venv.resolve()
    assert all(Path(p).resolve().is_relative_to(site) for p in where), where  # not the source tree, not editable

    manualbook = venv / BIN / "manualbook"
    book = work / "demo.sqlite3"
    demo = run([manualbook, "--db", book, "demo"], cwd=work, env=env)
    assert "สร้างสำนักงานตัวอย่างแล้ว" in demo.stdout and book.stat().st_size > 100_000
    pdf = work / "status.pdf"
    run([manualbook, "--db", book, "report", "daily-status", "--date", "8/7/2567", "--out", pdf], cwd=work, env=env)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    out = work / "bundle"
    run([manualbook, "--db", book, "export", "--out", out, "--since", "7/7/2567"], cwd=work, env=env, timeout=600)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["registers"] == "ok"
    assert (out / "backfill.xlsx").stat().st_size > 0 and list(out.rglob("*.pdf"))
    run([manualbook, "--db", book, "verify", out], cwd=work, env=env)

    # the app, as the gui-script starts it, until its first window is ready
    app = run([py, "-c", APP_PROBE, book], cwd=work, env=env, timeout=180)
    shown = json.loads(app.stdout.strip().splitlines()[-1])
    assert Path(shown["ui"]).resolve().is_relative_to(site)
    assert shown["icon_found"] and Path(shown["icon"]).resolve().is_relative_to(site) and shown["window_icon"]
    assert shown["org"]
