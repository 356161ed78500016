"""The Windows packaging pieces that can be checked without Windows.

What the installer keeps of Qt must cover every Qt module the app imports;
stage.py's trimming keeps what it names and nothing else; the uninstaller's
list names only the program's own files; ``python -m manualbook`` is the
command line; the windowless start writes a failure down instead of vanishing.
The whole installer is built and tried under Wine by installer/build.sh and
installer/smoke_wine.py (run by .ci/run).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))

import stage  # noqa: E402


def _imported_qt_modules(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found |= {n.split(".")[1] for n in names if n.startswith("PySide6.")}
    return found


def test_the_installer_keeps_every_qt_module_the_app_imports():
    used = _imported_qt_modules(ROOT / "ui") | _imported_qt_modules(ROOT / "manualbook")
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    for module in used:
        assert f"{module}.pyd" in stage.PYSIDE_KEEP, f"the app imports PySide6.{module}; stage.py drops it"
        assert f"Qt6{module[2:]}.dll" in stage.PYSIDE_KEEP, f"Qt6{module[2:]}.dll is dropped"


def test_the_installer_keeps_the_windows_platform_style_and_icon_reader():
    for plugin in ("platforms/qwindows.dll", "styles/qmodernwindowsstyle.dll", "imageformats/qico.dll"):
        assert f"plugins/{plugin}" in stage.PYSIDE_KEEP


def test_keep_only_keeps_what_it_names(tmp_path):
    for rel in ("QtCore.pyd", "Qt6Quick.dll", "plugins/platforms/qwindows.dll", "plugins/platforms/qminimal.dll",
                "qml/QtQuick/x.qml", "support/__init__.py", "translations/qtbase_de.qm"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    stage.keep_only(tmp_path, {"QtCore.pyd", "plugins/platforms/qwindows.dll", "support"})
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["QtCore.pyd", "plugins/platforms/qwindows.dll", "support/__init__.py"]


def test_trim_drops_caches_stubs_tests_and_unused_thai_models(tmp_path):
    site = tmp_path
    files = {"PySide6/QtCore.pyd": True, "PySide6/QtCore.pyi": False, "PySide6/opengl32sw.dll": False,
             "shiboken6/Shiboken.pyd": True, "shiboken6/include/sbk.h": False,
             "pkg/__pycache__/a.cpython-313.pyc": False, "pkg/tests/test_a.py": False, "pkg/a.py": True,
             "PIL/_avif.cp313-win_amd64.pyd": False, "PIL/_imaging.cp313-win_amd64.pyd": True,
             "pythainlp/corpus/words_th.txt": True, "pythainlp/corpus/common.py": True,
             "pythainlp/corpus/wordnet_th.db": False, "pythainlp/corpus/deepcut.onnx": False}
    for rel in files:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x")
    stage.trim(site)
    for rel, kept in files.items():
        assert (site / rel).exists() == kept, rel


def test_the_uninstaller_list_names_each_program_file(tmp_path):
    app = tmp_path / "app"
    (app / "Lib" / "site-packages").mkdir(parents=True)
    for name in ("python.exe", "python313.dll", "manualbook.cmd"):
        (app / name).write_text("x")
    out = tmp_path / "topfiles.nsh"
    stage.write_topfiles(app, out)
    lines = out.read_text().splitlines()
    assert 'Delete "$INSTDIR\\python.exe"' in lines and 'RMDir /r "$INSTDIR\\Lib"' in lines
    assert not any("*" in line for line in lines)  # never a wildcard in a folder the clerk chose
    assert not any(re.fullmatch(r'RMDir /r "\$INSTDIR\\?"', line) for line in lines)


def test_the_python_path_file_lists_site_packages_and_imports_site():
    lines = stage.PTH.splitlines()
    assert lines[0] == "python313.zip" and "Lib\\site-packages" in lines and "import site" in lines


def test_constraints_pin_every_runtime_dependency():
    pins = {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()
            for line in (ROOT / "installer" / "constraints.txt").read_text().splitlines()
            if "==" in line and not line.startswith("#")}
    import tomllib
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dep in deps:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~ ;\[]", dep)[0]).lower()
        assert name in pins, f"{name} is not pinned in installer/constraints.txt"


def _env():
    env = {k: v for k, v in os.environ.items() if k != "MANUALBOOK_DB"}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def test_python_dash_m_manualbook_is_the_command_line(tmp_path):
    db = tmp_path / "b.sqlite3"
    run = subprocess.run([sys.executable, "-m", "manualbook", "--db", str(db), "init", "--org", "อบต.ทดสอบ",
                          "--start", "1/7/2567"], capture_output=True, text=True, env=_env(), timeout=120)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([sys.executable, "-m", "manualbook", "--db", str(db), "verify"],
                         capture_output=True, text=True, env=_env(), timeout=120)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([sys.executable, "-m", "manualbook", "--db", str(db), "reverse", "NOSUCHID0",
                          "--reason", "x"], capture_output=True, text=True, env=_env(), timeout=120)
    assert run.returncode == 1 and any("\u0e00" <= c <= "\u0e7f" for c in run.stderr)


def test_the_gui_script_entry_points_at_the_windowless_start():
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["gui-scripts"]["manualbook-gui"] == "manualbook_ui.launch:main"
    assert project["scripts"]["manualbook"] == "manualbook.cli:main"


def test_the_book_is_found_as_on_the_command_line(tmp_path, monkeypatch):
    from manualbook_ui import launch
    assert launch.book_path(["--db", str(tmp_path / "a.sqlite3")]) == tmp_path / "a.sqlite3"
    assert launch.book_path([f"--db={tmp_path / 'b.sqlite3'}"]) == tmp_path / "b.sqlite3"
    monkeypatch.setenv("MANUALBOOK_DB", str(tmp_path / "c.sqlite3"))
    assert launch.book_path([]) == tmp_path / "c.sqlite3"


def test_a_failed_windowless_start_is_written_down_and_said_in_thai(tmp_path, monkeypatch, capsys):
    from manualbook_ui import launch

    def broken(db):
        raise ImportError("DLL load failed while importing QtCore: Module not found.")
    monkeypatch.setattr(launch, "_run", broken)
    rc = launch.main(["--db", str(tmp_path / "office" / "book.sqlite3")])
    assert rc == 1
    log = tmp_path / "office" / "start-error.txt"
    assert "DLL load failed" in log.read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "เปิดไม่ได้" in err and str(log) in err


def test_the_icon_has_the_sizes_windows_asks_for():
    from PIL import Image
    with Image.open(ROOT / "resources" / "manualbook.ico") as ico:
        sizes = ico.info["sizes"]
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(sizes)
