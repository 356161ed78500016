"""The plain budget file (CONTRACT "Budget file"): CSV (UTF-8 with or without
BOM) or the first sheet of an XLSX, one header row with English keys or Thai
headings and no subtotals.

A row with an ``estimate`` (or ``received``) and no ``amount`` is a revenue
row: its ``code`` must be an 8-digit revenue code, ``line`` may be empty,
``amount`` is 0; such rows are unique by code (expense rows are unique by line
key). ``amount`` is the year's appropriation as set (ตั้งไว้); ``spent``/
``committed`` (expense rows) and ``received`` (revenue rows) are what
happened before the books' start. Rows are read as ``elaas_budget_sheet``
reads a mapped sheet.
"""

from __future__ import annotations

import re

from .budget_grid import BudgetSheetError, Mapping, Problem, cell_text, norm_text, ordered
from .elaas_budget_sheet import csv_grid, fingerprint, read_grid, walk
from .messages import problem
from .model import BudgetRow


_PLAIN_NAMES = {
    "line": ("line", "รายการงบ", "รหัสรายการงบ", "รหัสงบ"),
    "plan": ("plan", "แผนงาน"),
    "work": ("work", "งาน"),
    "group": ("group", "งบ"),
    "category": ("category", "หมวด"),
    "code": ("code", "ประเภทรายจ่าย", "รหัสประเภทรายจ่าย", "ประเภท", "รหัส", "รหัสรายรับ"),
    "item": ("item", "รายการ/โครงการ", "รายการ", "โครงการ"),
    "amount": ("amount", "ตั้งไว้", "งบประมาณ", "จำนวนเงิน", "งบประมาณที่ตั้งไว้"),
    "spent": ("spent", "ใช้ไป", "เบิกจ่ายแล้ว", "จ่ายแล้ว"),
    "committed": ("committed", "ก่อหนี้ผูกพัน", "ผูกพัน"),
    "estimate": ("estimate", "ประมาณการ", "ประมาณการรายรับ"),
    "received": ("received", "รับแล้ว", "รับจริง", "รายรับจริง", "รับก่อนเริ่มสมุด"),
}


def _plain_field(title: str) -> str | None:
    t = norm_text(title)
    forms = {t, re.sub(r"\(.*?\)", "", t), *re.findall(r"\((.*?)\)", t)}
    for f, names in _PLAIN_NAMES.items():
        if forms & set(names):
            return f
    return None


def read_budget_file(data: bytes, filename: str) -> tuple[tuple[BudgetRow, ...], tuple[Problem, ...]]:
    """The contract's budget file (CSV UTF-8 with/without BOM, or XLSX first sheet)."""
    ext = filename.lower().rsplit(".", 1)[-1]
    if ext == "csv":
        grid = csv_grid(data, filename)
    elif ext in ("xlsx", "xlsm"):
        grid = read_grid(data)
    else:
        raise BudgetSheetError(problem("budget_file_type", file=filename).message)
    if not grid.rows:
        raise BudgetSheetError(problem("budget_file_empty", file=filename).message)
    titles = tuple(cell_text(v) for v in grid.rows[0])
    cols: dict[str, int] = {}
    unknown, dup = [], []
    for c, title in enumerate(titles):
        if not title:
            continue
        f = _plain_field(title)
        if f is None:
            unknown.append(title)
        elif f in cols:
            dup.append(title)
        else:
            cols[f] = c
    if unknown or dup:
        parts = ([problem("budget_file_unknown", names=", ".join(map(repr, unknown))).message] if unknown else []) + \
                ([problem("budget_file_twice", names=", ".join(map(repr, dup))).message] if dup else [])
        raise BudgetSheetError(problem("budget_file_columns", file=filename, why="; ".join(parts)).message)
    if "amount" not in cols and "estimate" not in cols:
        raise BudgetSheetError(problem("budget_file_no_amount", file=filename).message)
    m = Mapping((0,), 1, ordered(cols), (), titles, fingerprint(titles))
    results = list(walk(grid, m, plain=True))
    return (tuple(x.row for x in results if x.row is not None),
            tuple(p for x in results for p in x.problems))
