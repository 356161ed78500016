"""A registry of long-running menu actions: printing registers, export to USB.

The printing and export code is written elsewhere; it registers here with a
Thai label and a function that runs on the worker. A print action is
``fn(book, progress, first, last) -> PDF bytes`` over a period the clerk
confirms first (``needs`` "day" or "month"; ``default_period`` proposes one
from the working day); the app shows the bytes in a print preview
(``preview.py``). An export action is ``fn(book, progress, **kw) -> bytes |
str``. Until something is registered, the menus show the planned items
disabled, so the place for them is visible. No Qt here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class MenuAction:
    key: str
    label: str
    fn: Callable | None = None   # see the module docstring; None = not ready yet
    needs: str = ""              # "" | "day" | "month" | "folder": what to ask before running
    suffix: str = ".pdf"         # file type offered when saving the result
    title: str = ""              # the register's own title (preview window, file name)


def default_period(needs: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period a print proposes: the working day itself, or its whole month."""
    if needs == "day":
        return day, day
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(day.year, day.month)[1])


def _report(name: str):
    """A print action for one register over [first, last]."""
    def run(book, progress, first, last):
        from manualbook.reporting import render_report
        return render_report(book, name, first, last)
    return run


def _export(book, progress, day, folder):
    """Writes a new, dated bundle folder inside the chosen folder (the stick)."""
    from pathlib import Path

    from manualbook.bundle import STAGES, export
    from manualbook.thaidate import be_stamp
    name = f"manualbook-{be_stamp(dt.datetime.now())}"  # BE, as the clerk reads dates: manualbook-2567-08-01-…
    def in_thai(stage: str, done: int, total: int) -> None:
        progress(STAGES.get(stage, stage), done, total)

    result = export(book, Path(folder) / name, progress=in_thai if progress else None)
    return result.text()


def _template(book, progress, day):
    from manualbook.entry_fields import entries_template_xlsx
    return entries_template_xlsx()


def _print_actions() -> dict:
    from manualbook.reporting import REPORT_NAMES, REPORT_TITLES
    out = {}
    for name in REPORT_NAMES:
        out[name] = MenuAction(name, REPORT_TITLES[name] + "…", _report(name),
                               "day" if name == "daily-status" else "month",
                               title=REPORT_TITLES[name])
    return out


PRINT_ACTIONS: dict[str, MenuAction] = _print_actions()
EXPORT_ACTIONS: dict[str, MenuAction] = {a.key: a for a in (
    MenuAction("usb_bundle", "ส่งออกไปยังแฟลชไดรฟ์ (สำหรับบันทึกเข้า e-LAAS)", _export, "folder", suffix=""),
    MenuAction("entries_template", "บันทึกแฟ้มตัวอย่างสำหรับนำเข้ารายการ (Excel)", _template, "", suffix=".xlsx"),
)}


def register_print(key: str, label: str, fn: Callable, needs: str = "month", suffix: str = ".pdf") -> None:
    """``fn(book, progress, first, last) -> PDF bytes``; shown in the print preview."""
    PRINT_ACTIONS[key] = MenuAction(key, label, fn, needs, suffix, title=label.rstrip("…").strip())


def register_export(key: str, label: str, fn: Callable, suffix: str = "") -> None:
    EXPORT_ACTIONS[key] = MenuAction(key, label, fn, "", suffix)
