"""The budget screen: dialogs driven with the keyboard, then the books checked through the core."""

from __future__ import annotations

import datetime as dt

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from manualbook import budget, ledger
from manualbook.book import Book
from manualbook_ui.budget_import import PreviewModel
from manualbook_ui.budget_view import BudgetView, CommitmentRow, CommitmentsModel, LineRow, LinesModel

from conftest import retype, type_text


def make_view(qtbot, session, idle):
    view = BudgetView(session)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.reload()
    idle()
    return view


def statuses(path, fy=2568):
    with Book.open(path) as book:
        return {s.key: s for s in ledger.line_statuses(book.db, fy)}


def count(path, table):
    with Book.open(path) as book:
        return book.db[table].count


def shown(qtbot, dialog):
    # the dialog puts the cursor in its first empty field once shown
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def fill(qtbot, dialog, key, text, enter=True):
    w = dialog.fields[key]
    w.setFocus()
    w.selectAll()
    type_text(qtbot, w, text)
    if enter:
        qtbot.keyClick(w, Qt.Key.Key_Return)


def test_lines_table_shows_remaining_and_tints_low_lines(qtbot, session, idle, book_path):
    with Book.open(book_path) as book:
        book.add({"date": "2/10/2567", "kind": "payment", "number": "1", "line": "L002", "amount": "950",
                  "party": "การไฟฟ้าส่วนภูมิภาค"})
    view = make_view(qtbot, session, idle)
    m = view.lines_model
    assert m.rowCount() == 2
    assert [m.index(0, c).data() for c in range(6)] == [
        "L001", "ค่าวัสดุสำนักงาน", "50,000.00", "0.00", "0.00", "50,000.00"]
    assert m.index(1, 5).data() == "50.00"
    assert m.index(1, 5).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert m.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # 5 % left
    assert m.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "เหลือน้อยกว่าร้อยละ 10: 1 รายการ" in view.totals.text()
    assert view.year.currentText() == "2568"
    type_text(qtbot, view.filter, "ไฟฟ้า")
    qtbot.waitUntil(lambda: m.rowCount() == 1)
    assert m.index(0, 0).data() == "L002"


def test_transfer_by_keyboard_changes_line_statuses(qtbot, session, idle, book_path):
    view = make_view(qtbot, session, idle)
    view.select_line("L001")
    dialog = shown(qtbot, view.open_transfer())
    assert dialog.fields["from_line"].value_text() == "L001"  # the selected line is proposed
    assert dialog.fields["to_line"].hasFocus()
    fill(qtbot, dialog, "to_line", "L002")
    assert dialog.fields["amount"].hasFocus()
    fill(qtbot, dialog, "amount", "๕,๐๐๐")
    assert "ห้าพันบาทถ้วน" in dialog.messages["amount"].text()
    assert "หลังโอน: L001 เหลือ 45,000.00 · L002 เหลือ 6,000.00 บาท" in dialog.messages["amount"].text()
    assert dialog.fields["date"].text() == "1/10/2567"  # the working day
    qtbot.keyClick(dialog.fields["date"], Qt.Key.Key_Return)
    fill(qtbot, dialog, "reason", "เพิ่มงบค่าไฟฟ้า")
    fill(qtbot, dialog, "reference", "คำสั่ง 3/2568")  # Enter on the last field saves
    idle()
    s = statuses(book_path)
    assert (s["L001"].appropriated, s["L002"].appropriated) == (45_000_00, 6_000_00)
    assert not dialog.isVisible()
    assert "บันทึกการโอนงบแล้ว" in view.status.text() and "คงเหลือหลังโอน 6,000.00" in view.status.text()
    idle()
    assert view.lines_model.index(1, 5).data() == "6,000.00"  # the table reloaded
    with Book.open(book_path) as book:
        (row,) = book.db["budget_changes"].rows
    assert (row["from_line"], row["to_line"], row["amount"], row["reason"], row["reference"], row["date"]) == (
        "L001", "L002", 5_000_00, "เพิ่มงบค่าไฟฟ้า", "คำสั่ง 3/2568", "2024-10-01")


def test_transfer_over_remaining_shows_thai_error_and_writes_nothing(qtbot, session, idle, book_path):
    view = make_view(qtbot, session, idle)
    dialog = shown(qtbot, view.open_transfer())
    fill(qtbot, dialog, "from_line", "L002")
    fill(qtbot, dialog, "to_line", "L001")
    fill(qtbot, dialog, "amount", "1,500")
    fill(qtbot, dialog, "reason", "ทดสอบ")
    qtbot.keyClick(dialog.fields["reason"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle()
    assert "ได้ไม่เกินยอดคงเหลือ 1,000.00 บาท" in dialog.messages["amount"].text()
    assert dialog.fields["amount"].property("invalid") is True
    assert dialog.isVisible()
    assert count(book_path, "budget_changes") == 0
    assert statuses(book_path)["L002"].appropriated == 1_000_00


def test_transfer_plain_problems_beside_fields(qtbot, session, idle, book_path):
    view = make_view(qtbot, session, idle)
    dialog = shown(qtbot, view.open_transfer())
    fill(qtbot, dialog, "from_line", "L001")
    fill(qtbot, dialog, "to_line", "L001")
    fill(qtbot, dialog, "amount", "12.345")
    retype(qtbot, dialog.fields["date"], "1/10/2024")
    dialog.save()
    assert dialog.messages["to_line"].text() == "โอนงบเข้ารายการเดียวกันไม่ได้"
    assert "ทศนิยมเกินสองตำแหน่ง" in dialog.messages["amount"].text()
    assert "ค.ศ." in dialog.messages["date"].text()
    assert dialog.messages["reason"].text() == "ต้องระบุเหตุผล"
    idle()
    assert count(book_path, "budget_changes") == 0
    qtbot.keyClick(dialog.fields["amount"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_double_ctrl_s_saves_one_supplementary(qtbot, session, idle, book_path):
    view = make_view(qtbot, session, idle)
    view.select_line("L002")
    dialog = shown(qtbot, view.open_supplementary())
    fill(qtbot, dialog, "amount", "2000")
    fill(qtbot, dialog, "reason", "ข้อบัญญัติงบประมาณเพิ่มเติม", enter=False)
    for _ in range(2):
        qtbot.keyClick(dialog.fields["reason"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.fields["reason"], Qt.Key.Key_Return)
    idle()
    assert count(book_path, "budget_changes") == 1
    assert statuses(book_path)["L002"].appropriated == 3_000_00


def test_commit_then_cancel(qtbot, session, idle, book_path):
    view = make_view(qtbot, session, idle)
    dialog = shown(qtbot, view.open_commit())
    assert dialog.fields["key"].hasFocus()
    fill(qtbot, dialog, "key", "PO-1/2568")
    fill(qtbot, dialog, "line", "L001")
    fill(qtbot, dialog, "amount", "20,000")
    qtbot.keyClick(dialog.fields["date"], Qt.Key.Key_Return)
    fill(qtbot, dialog, "party", "ร้านวัสดุภัณฑ์")
    fill(qtbot, dialog, "description", "ซื้อวัสดุสำนักงาน")
    idle()
    s = statuses(book_path)["L001"]
    assert (s.committed, s.remaining) == (20_000_00, 30_000_00)
    idle()
    cm = view.commitments_model
    assert cm.rowCount() == 1 and cm.index(0, 0).data() == "PO-1/2568"
    assert cm.index(0, 7).data() == "20,000.00"
    # the same number twice is refused beside the number field
    again = shown(qtbot, view.open_commit())
    fill(qtbot, again, "key", "PO-1/2568")
    fill(qtbot, again, "line", "L002")
    fill(qtbot, again, "amount", "10")
    again.save()
    idle()
    assert "มีใบสั่ง/สัญญาเลขที่ \"PO-1/2568\" อยู่แล้ว" in again.messages["key"].text()
    again.reject()
    # cancel it: pick it in the list, the dialog proposes it, a reason is required
    view.commitments.selectRow(0)
    cancel = shown(qtbot, view.open_cancel())
    assert cancel.fields["key"].value_text() == "PO-1/2568"
    assert "คงเหลือผูกพัน 20,000.00" in cancel.messages["key"].text()
    cancel.save()
    assert cancel.messages["reason"].text() == "ต้องระบุเหตุผล"
    fill(qtbot, cancel, "reason", "ผู้ขายส่งของไม่ได้")
    idle()
    assert statuses(book_path)["L001"].committed == 0
    with Book.open(book_path) as book:
        (event,) = book.db["commitment_events"].rows
    assert (event["commitment"], event["reason"]) == ("PO-1/2568", "ผู้ขายส่งของไม่ได้")
    idle()
    assert view.commitments_model.rowCount() == 0
    assert not view.cancel_button.isEnabled()


def elaas_workbook(path, bad_amount=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["องค์การบริหารส่วนตำบลทดสอบ"])
    ws.append(["งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2569"])
    ws.append(["แผนงาน", "งาน", "หมวด", "รายการ", "งบประมาณ", None])
    ws.append([None, None, None, None, "ตั้งไว้", "โอนเพิ่ม"])
    ws.merge_cells("E3:F3")
    ws.append(["บริหารงานทั่วไป", "งานบริหารทั่วไป", "ค่าวัสดุ", "วัสดุสำนักงาน",
               "12x,000" if bad_amount else "120,000.00", None])
    ws.append([None, None, "ค่าใช้สอย", "ค่าจ้างเหมาบริการ", 80000, None])
    ws.append(["รวมงานบริหารทั่วไป", None, None, None, 200000, None])
    ws.append(["รวมทั้งสิ้น", None, None, None, 200000, None])
    wb.save(path)
    return path


def test_import_workbook_after_confirm(qtbot, session, idle, book_path, tmp_path):
    view = make_view(qtbot, session, idle)
    dialog = shown(qtbot, view.open_import(elaas_workbook(tmp_path / "elaas.xlsx")))
    idle()
    assert dialog.combos["amount"].currentText().startswith("E")  # the guess: "งบประมาณ / ตั้งไว้"
    assert dialog.combos["item"].currentText().startswith("D")
    assert dialog.header_rows.text() == "3-4"
    actions = [dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())]
    assert actions.count("นำเข้า") == 2 and "ข้าม" in actions
    assert "จะนำเข้า 2 รายการงบ รวมตั้งไว้ 200,000.00 บาท" in dialog.summary.text()
    assert dialog.year.currentData() == 2569  # the year the workbook's title names
    assert count(book_path, "budget_lines") == 2  # nothing written by the preview
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)  # a second click imports once
    idle()
    with Book.open(book_path) as book:
        lines = budget.lines(book, 2569)
        assert book.setting("budget_mapping")
    assert [(l.item, l.amount, l.plan, l.category) for l in lines] == [
        ("วัสดุสำนักงาน", 120_000_00, "บริหารงานทั่วไป", "ค่าวัสดุ"),
        ("ค่าจ้างเหมาบริการ", 80_000_00, "บริหารงานทั่วไป", "ค่าใช้สอย")]
    idle()
    assert view.fy == 2569 and view.year.currentText() == "2569"
    assert view.lines_model.rowCount() == 2


def test_import_cancelled_or_with_problems_writes_nothing(qtbot, session, idle, book_path, tmp_path):
    view = make_view(qtbot, session, idle)
    dialog = shown(qtbot, view.open_import(elaas_workbook(tmp_path / "bad.xlsx", bad_amount=True)))
    idle()
    assert "แถวที่ 5" in dialog.problem_list.toPlainText()
    assert not dialog.confirm_button.isEnabled()
    dialog.confirm()  # refused while a row has a problem
    # re-point the amount to an empty column: the preview follows the edit
    dialog.combos["amount"].setCurrentIndex(0)
    assert "จำนวนเงิน" in dialog.problem_list.toPlainText()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    ok = shown(qtbot, view.open_import(elaas_workbook(tmp_path / "ok.xlsx")))
    idle()
    assert ok.confirm_button.isEnabled()
    qtbot.mouseClick(ok.cancel_button, Qt.MouseButton.LeftButton)
    idle()
    assert count(book_path, "budget_lines") == 2
    with Book.open(book_path) as book:
        assert budget.lines(book, 2569) == [] and book.setting("budget_mapping") is None


def test_import_writes_what_the_clerk_mapped_and_keeps_it(qtbot, session, idle, book_path, tmp_path):
    view = make_view(qtbot, session, idle)
    dialog = shown(qtbot, view.open_import(elaas_workbook(tmp_path / "elaas.xlsx")))
    idle()
    for rows in ("3", "3-4"):  # the clerk's header rows: the core starts from them too
        retype(qtbot, dialog.header_rows, rows)
        qtbot.keyClick(dialog.header_rows, Qt.Key.Key_Return)  # Enter takes the rows, and only that
        assert dialog.isVisible() and dialog.chosen_header == tuple(int(r) - 1 for r in rows.split("-"))
    dialog.combos["category"].setCurrentIndex(0)  # — ไม่ใช้ —
    assert dialog.confirm_button.isEnabled()
    dialog.confirm()
    idle()
    with Book.open(book_path) as book:
        assert [(l.item, l.category) for l in budget.lines(book, 2569)] == [
            ("วัสดุสำนักงาน", ""), ("ค่าจ้างเหมาบริการ", "")]
    idle()
    # next time the saved mapping is proposed, and imported as shown
    again = shown(qtbot, view.open_import(elaas_workbook(tmp_path / "elaas-2570.xlsx")))
    idle()
    assert again.combos["category"].currentIndex() == 0
    again.set_year(2570)
    again.confirm()
    idle()
    with Book.open(book_path) as book:
        assert [(l.item, l.category, l.amount) for l in budget.lines(book, 2570)] == [
            ("วัสดุสำนักงาน", "", 120_000_00), ("ค่าจ้างเหมาบริการ", "", 80_000_00)]


def test_import_csv(qtbot, session, idle, book_path, tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("line,plan,item,amount\nB01,การศึกษา,อาหารเสริม (นม),\"45,000\"\n", encoding="utf-8-sig")
    view = make_view(qtbot, session, idle)
    dialog = shown(qtbot, view.open_import(path))
    idle()
    dialog.year.setCurrentIndex(dialog.year.findData(2569))
    dialog.confirm()
    idle()
    with Book.open(book_path) as book:
        assert [(l.key, l.item, l.amount) for l in budget.lines(book, 2569)] == [("B01", "อาหารเสริม (นม)", 45_000_00)]


def test_models_pass_qtmodeltester(qtmodeltester):
    lines = LinesModel()
    lines.set_rows([LineRow("L001", 1000, 950, 0, "ค่าวัสดุ", "บริหารงานทั่วไป"),
                    LineRow("L002", 500, 0, 100, "ค่าไฟฟ้า", "")])
    qtmodeltester.check(lines)
    lines.sort(5, Qt.SortOrder.DescendingOrder)
    assert lines.index(0, 0).data() == "L002"
    qtmodeltester.check(lines)
    commitments = CommitmentsModel()
    commitments.set_rows([CommitmentRow("PO-1", "L001", dt.date(2024, 10, 2), "ร้าน", "วัสดุ", 500, 100)])
    qtmodeltester.check(commitments)
    preview = PreviewModel()
    preview.set_rows([{"row": 1, "status": "skip", "action": "ข้าม", "reason": "แถวหัวเรื่อง"},
                      {"row": 2, "status": "import", "action": "นำเข้า", "reason": "", "line": "L001",
                       "item": "ค่าวัสดุ", "amount": 100, "amount_text": "1.00"}])
    qtmodeltester.check(preview)
