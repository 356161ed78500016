"""Issue 13, finding 2: no cell the program writes is ever a formula; findings 1: one bad old row stops no export.

Every workbook is opened back in full mode (as Excel would) and every cell
of every sheet is checked: no data_type 'f', and each hostile text is there
exactly as typed, marked as text (quotePrefix).
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from manualbook import budget, cells
from manualbook.bundle import export
from manualbook.bundle_write import WORKBOOK_NAME
from manualbook.entry_fields import entries_template_xlsx
from manualbook.money import format_amount
from manualbook.posting import Posting
from manualbook.model import EntryDraft

HOSTILE = ['=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1:A9)",
           "＝1+1", '=1+1;=2']
LEGACY = ["\t=1+1", "\r=1+1", "a\x01b", "x\x00y"]  # refused today; an older version let them in


def _cells(xlsx_bytes: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                yield ws.title, c


def _assert_no_formula(xlsx_bytes: bytes, expected: list[str]) -> None:
    seen: dict[str, object] = {}
    for title, c in _cells(xlsx_bytes):
        assert c.data_type != "f", (title, c.coordinate, c.value)
        if isinstance(c.value, str):
            seen.setdefault(c.value, c)
    for text in expected:
        assert text in seen, (text, "not written as text")
        assert seen[text].quotePrefix, (text, "written without the text marker")


def _legacy_entry(book, party: str, day) -> None:
    """Writes an entry the way an older version did, without today's text check."""
    with book.writing():
        posting = Posting(book)
        posting.add(EntryDraft(kind="receipt", base_kind="receipt", date=day, amount=1_00, code="41210008",
                               party=party, method="cash"))
        posting.finish()


def test_bundle_workbook_has_no_formula_cells(book, stick):
    day = book.first_open_day()
    for i, text in enumerate(HOSTILE):
        book.add({"kind": "receipt", "date": day, "code": "41210008", "amount": "1", "party": text,
                  "description": text})
        book.add({"kind": "payment", "date": day, "number": f"INJ{i}/2567", "party": text, "line": "L03",
                  "amount": "1", "description": text})
    for text in LEGACY:
        _legacy_entry(book, text, day)
    # a reversal copies an old entry's text: it must be reversible and exportable too
    legacy = [e for e in book.entries(day, day) if e.party == "a\x01b"][0]
    book.reverse(legacy.id, "ยกเลิกรายการที่มีอักขระเสีย")
    fy = max(budget.fiscal_years(book))
    with book.writing():
        book.db["budget_lines"].insert({"fy": fy, "key": "LX", "item": "=HYPERLINK(\"http://x\")", "amount": 0,
                                        "created_at": "2024-07-01"})
    result = export(book, stick / "b1")
    data = (result.out_dir / WORKBOOK_NAME).read_bytes()
    # a CR is written as a character reference, so it reads back as a CR (a bare one would read as LF)
    cleaned = ["\t=1+1", "\r=1+1", "a\ufffdb", "x\ufffdy"]
    _assert_no_formula(data, HOSTILE + ['=HYPERLINK("http://x")'] + ["\t=1+1", "\r=1+1"])
    values = {c.value for _, c in _cells(data)}
    assert set(cleaned) <= values


def test_entries_template_has_no_formula_cells():
    examples = tuple({"date": "1/7/2567", "kind": "รับ", "party": text, "description": text, "amount": "1"}
                     for text in HOSTILE)
    _assert_no_formula(entries_template_xlsx(examples), HOSTILE)


@pytest.mark.parametrize("text", HOSTILE + ["\t=1", "\r=1", "\n=1"])
def test_csv_fields_cannot_start_a_formula(text):
    buf = io.StringIO()
    csv.writer(buf).writerow(cells.csv_row([text, format_amount(-123450), "นายก"]))
    field, amount, name = next(csv.reader(io.StringIO(buf.getvalue())))
    assert field.startswith("'") and field[1:] == text
    assert amount == "-1,234.50" and name == "นายก"  # numbers and ordinary text untouched


def test_write_only_and_normal_cells_are_made_safe_the_same_way():
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("x")
    cells.append(ws, ["=1+1", "ok", 5, cells.cell(ws, "+2")])
    buf = io.BytesIO()
    wb.save(buf)
    _assert_no_formula(buf.getvalue(), ["=1+1", "+2"])
    wb2 = openpyxl.Workbook()
    c = wb2.active["A1"]
    cells.set_value(c, "@cmd")
    assert c.data_type == "s" and c.quotePrefix
