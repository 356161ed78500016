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


PRINT_ACTIONS: dict[str, MenuAction] = {a.key: a for a in (
    MenuAction("cash_book", "สมุดเงินสด"),
    MenuAction("receipts_register", "ทะเบียนรับเงิน"),
    MenuAction("payments_register", "ทะเบียนจ่ายเงิน"),
    MenuAction("daily_report", "รายงานเงินคงเหลือประจำวัน"),
    MenuAction("budget_register", "ทะเบียนคุมงบประมาณ"),
)}
EXPORT_ACTIONS: dict[str, MenuAction] = {a.key: a for a in (
    MenuAction("usb_bundle", "ส่งออกไปยังแฟลชไดรฟ์ (สำหรับบันทึกเข้า e-LAAS)", suffix=""),
)}


def register_print(key: str, label: str, fn: Callable, needs: str = "month", suffix: str = ".pdf") -> None:
    PRINT_ACTIONS[key] = MenuAction(key, label, fn, needs, suffix)


def register_export(key: str, label: str, fn: Callable, suffix: str = "") -> None:
    EXPORT_ACTIONS[key] = MenuAction(key, label, fn, "", suffix)
