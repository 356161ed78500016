"""Issue 3's "done when": budget control through transfers, supplementary and commitments."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from manualbook import budget, ledger
from manualbook.book import Book
from manualbook.figures import summary_json
from manualbook.model import BudgetRow
from manualbook.messages import BookError

D = dt.date(2024, 7, 8)


def _line(key, amount, item="x"):
    return BudgetRow(line=key, plan="บริหารงานทั่วไป", work="งานบริหารทั่วไป", group="งบดำเนินงาน",
                     category="ค่าวัสดุ", code="", item=item, amount=amount)


@pytest.fixture
def book(tmp_path):
    b = Book.create(tmp_path / "b.sqlite3", "อบต.ทดสอบ", dt.date(2024, 7, 1), cash=0)
    b.add_account("KTB", "กรุงไทย", "1", opening=1_000_000_00)
    budget.import_lines(b, [_line("A", 10_000_00), _line("B", 50_000_00)], 2567)
    yield b
    b.close()


def pay(book, number, line, amount, commitment=""):
    return book.add({"date": "8/7/2567", "kind": "payment", "number": number, "party": "ร้าน", "line": line,
                     "amount": amount, "method": "transfer", "account": "KTB", "commitment": commitment})


def test_refused_for_lack_of_budget_then_passes_after_transfer(book):
    with pytest.raises(BookError) as exc:
        pay(book, "1/2567", "A", "12,000")
    assert "10,000.00" in exc.value.text() and "2,000.00" in exc.value.text()
    assert book.summary().entries == 0
    with pytest.raises(BookError):  # more than B has left
        budget.transfer(book, "B", "A", 60_000_00, D, "เพิ่ม")
    memo = budget.transfer(book, "B", "A", 5_000_00, D, "เพิ่มงบวัสดุ")
    assert memo["to"]["before"] == 10_000_00 and memo["to"]["after"] == 15_000_00
    pay(book, "1/2567", "A", "12,000")
    assert book.summary().entries == 1


def test_summary_agrees_with_hand_arithmetic(book):
    budget.transfer(book, "B", "A", 5_000_00, D, "โอน")
    budget.supplementary(book, "B", 20_000_00, D, "งบเพิ่มเติม")
    budget.commit(book, "PO-1", "B", 30_000_00, D, "หจก.")
    with pytest.raises(BookError):  # B: 50,000 - 5,000 + 20,000 - 30,000 committed = 35,000 left
        pay(book, "2/2567", "B", "35,000.01")
    pay(book, "2/2567", "B", "25,000", commitment="PO-1")
    got = summary_json(book.summary(D))["budget"]
    assert got["A"] == {"appropriated": "15,000.00", "spent": "0.00", "committed": "0.00", "remaining": "15,000.00"}
    assert got["B"] == {"appropriated": "65,000.00", "spent": "25,000.00", "committed": "5,000.00",
                        "remaining": "35,000.00"}
    budget.cancel_commitment(book, "PO-1", D, "ส่งของไม่ครบ")
    assert summary_json(book.summary(D))["budget"]["B"]["committed"] == "0.00"


def test_elaas_workbook_imports_after_mapping_once(book, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["องค์การบริหารส่วนตำบลทดสอบ"])
    ws.append(["งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2568"])
    ws.append(["แผนงาน", "งาน", "หมวด", "รายการ", "งบประมาณ", None])
    ws.append([None, None, None, None, "ตั้งไว้", "โอนเพิ่ม"])
    ws.merge_cells("E3:F3")
    ws.append(["บริหารงานทั่วไป", "งานบริหารทั่วไป", "ค่าวัสดุ", "วัสดุสำนักงาน", "120,000.00", None])
    ws.append([None, None, "ค่าใช้สอย", "ค่าจ้างเหมาบริการ", 80000, None])
    ws.append(["รวมงานบริหารทั่วไป", None, None, None, 200000, None])
    ws.append(["รวมทั้งสิ้น", None, None, None, 200000, None])
    path = tmp_path / "elaas.xlsx"
    wb.save(path)
    data = path.read_bytes()
    mapping, shown, change = budget.import_sheet(book, data, 2568)
    assert change is None and any(r["action"] == "ข้าม" for r in shown)  # preview only
    mapping, shown, change = budget.import_sheet(book, data, 2568, commit_rows=True)
    lines = budget.lines(book, 2568)
    assert [(l.item, l.amount, l.plan) for l in lines] == [
        ("วัสดุสำนักงาน", 120_000_00, "บริหารงานทั่วไป"), ("ค่าจ้างเหมาบริการ", 80_000_00, "บริหารงานทั่วไป")]
    assert book.setting("budget_mapping")  # saved for the next workbook
    saved = budget.sheet_mapping(book, __import__("manualbook.elaas_budget_sheet", fromlist=["x"]).read_grid(data))
    assert saved.columns == mapping.columns


def test_elaas_sheet_saved_as_csv_imports_too(book):
    text = ("แผนงาน,งาน,หมวด,รายการ,งบประมาณ\n"
            "บริหารงานทั่วไป,งานบริหารทั่วไป,ค่าวัสดุ,วัสดุสำนักงาน,\"120,000.00\"\n"
            "รวมทั้งสิ้น,,,,\"120,000.00\"\n")
    mapping, shown, change = budget.import_sheet(book, text.encode("utf-8-sig"), 2568, commit_rows=True,
                                                 filename="งบ.CSV")
    assert change is not None
    assert [(l.item, l.amount) for l in budget.lines(book, 2568)] == [("วัสดุสำนักงาน", 120_000_00)]


def test_elaas_sheet_with_a_spent_column_is_not_counted_twice(book):
    """ตั้งไว้ 120,000 with 20,000 spent before the books' start: the line stores the
    full ตั้งไว้ and the spent beside it; the summary's appropriation is 120,000 and
    100,000 remains (not 140,000 and 120,000, nor 100,000 and 80,000)."""
    text = ("แผนงาน,งาน,หมวด,รายการ,งบประมาณ,เบิกจ่ายแล้ว\n"
            "บริหารงานทั่วไป,งานบริหารทั่วไป,ค่าวัสดุ,วัสดุสำนักงาน,\"120,000.00\",\"20,000.00\"\n"
            "บริหารงานทั่วไป,งานบริหารทั่วไป,ค่าวัสดุ,วัสดุคอมพิวเตอร์,\"10,000.00\",\"15,000.00\"\n")
    with pytest.raises(BookError) as err:  # spent more than was set: refused, nothing written
        budget.import_sheet(book, text.encode(), 2568, commit_rows=True, filename="b.csv")
    assert "มากกว่างบที่ตั้งไว้" in err.value.text() and budget.lines(book, 2568) == []
    good = text.rsplit("บริหารงานทั่วไป,งานบริหารทั่วไป,ค่าวัสดุ,วัสดุคอมพิวเตอร์", 1)[0]
    budget.import_sheet(book, good.encode(), 2568, commit_rows=True, filename="b.csv")
    (line,) = budget.lines(book, 2568)
    (status,) = ledger.line_statuses(book.db, 2568)
    assert (line.amount, line.spent_before) == (120_000_00, 20_000_00)
    assert (status.appropriated, status.spent, status.remaining) == (120_000_00, 20_000_00, 100_000_00)
