"""Every DLL the program's Windows binaries import is shipped or part of Windows.

    python check_dlls.py PROGRAM_FOLDER

Reads the import and delay-import tables (pefile) of every .exe, .dll and .pyd
in the folder: python313.dll, the .pyd modules, PySide6's and shiboken6's
modules and Qt DLLs, the Qt plugins, pdfium. An imported DLL passes when it is

* shipped where Windows will look for it: beside the importing file, in the
  program folder (python.exe's folder), or, for PySide6's and shiboken6's own
  files and the Qt plugins, in PySide6/ and shiboken6/ (which PySide6 adds with
  os.add_dll_directory and to PATH before it loads Qt); or
* a Windows system DLL named in SYSTEM below (Windows 10 1703 and later), or an
  API set (api-ms-win-*, ext-ms-win-*), which Windows resolves itself.

Every binary must also be x64 (a 32-bit DLL cannot load into 64-bit Python).
Prints each problem and exits 1, so a missing DLL stops the build here rather
than on a clerk's PC. pefile is a build tool only, never shipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pefile

# DLLs every Windows 10 (1703+) / 11 installation has in System32, with who needs them.
SYSTEM = {
    # the Windows API proper
    "kernel32.dll", "ntdll.dll", "user32.dll", "gdi32.dll", "advapi32.dll", "shell32.dll",
    "shlwapi.dll", "ole32.dll", "oleaut32.dll", "comdlg32.dll", "version.dll", "winmm.dll",
    "ws2_32.dll", "iphlpapi.dll", "rpcrt4.dll", "bcrypt.dll", "crypt32.dll", "psapi.dll",
    "imm32.dll", "setupapi.dll", "userenv.dll", "netapi32.dll", "mpr.dll", "authz.dll",
    "wtsapi32.dll",
    "propsys.dll",             # _wmi.pyd (python's WMI queries)
    "usp10.dll",               # uharfbuzz: Uniscribe
    "winspool.drv",            # Qt6PrintSupport: printers
    "uxtheme.dll", "dwmapi.dll",  # Qt widgets and the Windows style
    "d3d9.dll", "d3d11.dll", "d3d12.dll", "dxgi.dll", "dwrite.dll",  # Qt6Gui, qwindows: drawing, text
    "mscms.dll",               # qwindows: colour profiles
    "uiautomationcore.dll",    # qwindows: accessibility
    "icuuc.dll",               # Qt6Core: Windows' own ICU (Windows 10 1703+; Wine 8 lacks it)
}
API_SETS = ("api-ms-win-", "ext-ms-win-")
DLL_DIRS = ("Lib/site-packages/PySide6", "Lib/site-packages/shiboken6")
BINARY = {".exe", ".dll", ".pyd"}


def imports(path: Path) -> tuple[list[str], int]:
    pe = pefile.PE(str(path), fast_load=True)
    try:
        pe.parse_data_directories(directories=[
            pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
            pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"]])
        names = [e.dll.decode("ascii") for e in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])]
        names += [e.dll.decode("ascii") for e in getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", [])]
        return names, pe.FILE_HEADER.Machine
    finally:
        pe.close()


def check(app: Path) -> tuple[list[str], int, set[str]]:
    """Returns the problems, the number of binaries read and the system DLLs used."""
    binaries = sorted(p for p in app.rglob("*") if p.suffix.lower() in BINARY and p.is_file())
    top = {p.name.lower() for p in app.iterdir()}
    qt = {p.name.lower() for d in DLL_DIRS if (app / d).is_dir() for p in (app / d).iterdir()}
    problems, used = [], set()
    for path in binaries:
        rel = path.relative_to(app).as_posix()
        try:
            names, machine = imports(path)
        except pefile.PEFormatError as exc:
            problems.append(f"{rel}: not a Windows binary ({exc})")
            continue
        if machine != pefile.MACHINE_TYPE["IMAGE_FILE_MACHINE_AMD64"]:
            problems.append(f"{rel}: not x64 (machine 0x{machine:x})")
        beside = {p.name.lower() for p in path.parent.iterdir()} | top
        if rel.startswith(DLL_DIRS):
            beside |= qt
        for name in names:
            low = name.lower()
            if low.startswith(API_SETS) or low in beside:
                continue
            if low in SYSTEM:
                used.add(low)
                continue
            problems.append(f"{rel}: imports {name}, which is neither shipped nor a Windows system DLL")
    return problems, len(binaries), used


def main(argv: list[str]) -> int:
    app = Path(argv[1])
    problems, count, used = check(app)
    if not count:
        print(f"no Windows binaries under {app}")
        return 1
    for p in problems:
        print(p)
    print(f"{count} binaries read; system DLLs used: {', '.join(sorted(used))}")
    unused = SYSTEM - used
    if unused:
        print(f"(allowed but not imported: {', '.join(sorted(unused))})")
    print("DLL check: " + ("FAILED" if problems else "every imported DLL is shipped or part of Windows"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
