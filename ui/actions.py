"""A registry of long-running menu actions: printing registers, export to USB.

The printing and export code is written elsewhere; it registers here with a
Thai label and a function ``fn(book, progress, **kw) -> bytes | Path`` that
runs on the worker. Until something is registered, the menus show the planned
items disabled, so the place for them is visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class MenuAction:
    key: str
    label: str
    fn: Callable | None = None   # (book, progress, **kw) -> result; None = not ready yet
    needs: str = ""              # "" | "day" | "month": what to ask before running
    suffix: str = ".pdf"         # file type offered when saving the result


def _report(name: str):
    """A print action for one register: the working day, or its whole month."""
    def run(book, progress, day):
        import calendar
        import datetime as dt

        from manualbook.reporting import render_report
        if name == "daily-status":
            return render_report(book, name, day, day)
        first = day.replace(day=1)
        return render_report(book, name, first, first.replace(day=calendar.monthrange(day.year, day.month)[1]))
    return run


def _export(book, progress, day, folder):
    """Writes a new, dated bundle folder inside the chosen folder (the stick)."""
    import datetime as dt
    from pathlib import Path

    from manualbook.bundle import export
    name = dt.datetime.now().strftime("manualbook-%Y%m%d-%H%M%S")
    result = export(book, Path(folder) / name, progress=progress)
    return result.text()


def _template(book, progress, day):
    from manualbook.bundle_sheets import entries_template_xlsx
    return entries_template_xlsx()


def _print_actions() -> dict:
    from manualbook.reporting import REPORT_NAMES, REPORT_TITLES
    out = {}
    for name in REPORT_NAMES:
        label = REPORT_TITLES[name] + (" (วันที่ทำงาน)" if name == "daily-status" else " (ทั้งเดือน)")
        out[name] = MenuAction(name, label, _report(name), "day" if name == "daily-status" else "month")
    return out


PRINT_ACTIONS: dict[str, MenuAction] = _print_actions()
EXPORT_ACTIONS: dict[str, MenuAction] = {a.key: a for a in (
    MenuAction("usb_bundle", "ส่งออกไปยังแฟลชไดรฟ์ (สำหรับบันทึกเข้า e-LAAS)", _export, "folder", suffix=""),
    MenuAction("entries_template", "บันทึกแฟ้มตัวอย่างสำหรับนำเข้ารายการ (Excel)", _template, "", suffix=".xlsx"),
)}


def register_print(key: str, label: str, fn: Callable, needs: str = "month", suffix: str = ".pdf") -> None:
    PRINT_ACTIONS[key] = MenuAction(key, label, fn, needs, suffix)


def register_export(key: str, label: str, fn: Callable, suffix: str = "") -> None:
    EXPORT_ACTIONS[key] = MenuAction(key, label, fn, "", suffix)
