"""The one message catalogue: its parts never reuse a code, and budget sheets
say what they said before the texts moved into it (issue 15)."""

from __future__ import annotations

import string

import pytest

from manualbook import messages
from manualbook.budget_grid import BudgetSheetError, Grid, Mapping
from manualbook.elaas_budget_sheet import guess_header, guess_mapping, preview, walk


def test_no_code_is_defined_twice():
    parts = (messages.catalogue.TEXTS, messages.budget_sheets.TEXTS, messages.commands.TEXTS)
    assert len(messages.CATALOGUE) == sum(len(p) for p in parts)
    assert set(messages.budget_sheets.TEXTS) <= set(messages.CATALOGUE)


def test_every_text_formats():
    for code, text in messages.CATALOGUE.items():
        names = {n for _, n, _, _ in string.Formatter().parse(text) if n}
        text.format(**{n.split(":")[0].split(".")[0]: 1 for n in names})  # no stray brace


def _grid(*rows):
    return Grid(tuple(rows), "S", ("S",))


def test_sheet_problems_read_as_before():
    g = _grid(("รหัสรายการงบ", "รายการ", "ตั้งไว้", "ใช้ไป"),
              ("L1", "ค่าวัสดุ", "12.345", 1), ("L1", "ค่าจ้าง", "-5", 1), ("", "ค่าไฟ", "(3)", 1),
              ("L2", "ค่าน้ำ", "", 1), ("L3", "ค่าเช่า", "1,000.00", "-"))
    rows = [(r["action"], r["reason"]) for r in preview(g, guess_mapping(g, guess_header(g)), None)]
    where = 'แถวที่ {} ช่อง "{}" (คอลัมน์ {}): '.format
    assert rows == [  # as printed by the code before the texts moved
        ("ข้าม", "แถวหัวเรื่อง"),
        ("มีปัญหา", where(2, "ตั้งไว้", "C") + 'จำนวนเงิน "12.345" มีทศนิยมเกิน 2 ตำแหน่ง'),
        ("มีปัญหา", where(3, "ตั้งไว้", "C") + 'จำนวนเงิน "-5" ติดลบ; '
         + where(3, "รหัสรายการงบ", "A") + 'รหัสรายการงบ "L1" ซ้ำกับแถวที่ 2'),
        ("มีปัญหา", where(4, "ตั้งไว้", "C") + 'จำนวนเงิน "(3)" ติดลบ; ' + where(4, "รหัสรายการงบ", "A") + "ไม่มีรหัสรายการงบ"),
        ("มีปัญหา", where(5, "ตั้งไว้", "C") + "ไม่มีจำนวนเงิน"),
        ("นำเข้า", ""),
    ]


def test_sheet_refusals_read_as_before():
    with pytest.raises(BudgetSheetError, match=r'^ไม่รู้จักช่อง "zz"$'):
        Mapping((0,), 1, ()).with_columns(zz=1)
    with pytest.raises(BudgetSheetError, match=r"^ยังไม่ได้เลือกคอลัมน์จำนวนเงิน \(ตั้งไว้\)$"):
        list(walk(_grid(("a",)), Mapping((0,), 1, (("item", 0),))))
