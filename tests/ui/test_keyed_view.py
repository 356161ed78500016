"""The e-LAAS keying screen, driven by the keyboard; the book is reopened to check."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow

from manualbook.book import Book
from manualbook.ledger import latest_marks
from manualbook.keyed import keyed_progress, keying_rows, stored_day_totals
from manualbook_ui import keyed_view
from manualbook.lists import duplicate_docs
from manualbook_ui.keyed_model import COL_ELAAS, COL_KEYED, ROW_ROLE, KeyingModel
from manualbook_ui.keyed_view import KeyedView

from conftest import retype, type_text

D1, D2, D3 = dt.date(2024, 10, 1), dt.date(2024, 10, 2), dt.date(2024, 10, 3)
SPACE, ENTER, DOWN = Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Down
CTRL = Qt.KeyboardModifier.ControlModifier


def fill(path, per_day=4, days=3):
    """Receipts on 1-3/10/2567 (``per_day`` a day) and one payment on the last day."""
    with Book.open(path) as book:
        n = 0
        for day in range(1, days + 1):
            for i in range(per_day):
                n += 1
                book.add({"date": f"{day}/10/2567", "kind": "receipt", "book": "1", "number": str(n),
                          "party": f"ผู้ชำระ {n}", "code": "41100001", "amount": str(100 * n)})
        book.add({"date": f"{days}/10/2567", "kind": "payment", "number": "1", "party": "ร้านวัสดุ",
                  "line": "L001", "amount": "250"})
        return [r.entry.id for r in keying_rows(book)]


def marks(path) -> dict[str, tuple[bool, str]]:
    with Book.open(path) as book:
        return latest_marks(book.db)


def progress(path):
    with Book.open(path) as book:
        return keyed_progress(book)


def mark_rows(path) -> int:
    with Book.open(path) as book:
        return book.db.conn.execute("SELECT count(*) FROM keyed_marks").fetchone()[0]


@pytest.fixture
def view(qtbot, session, idle, book_path):
    ids = fill(book_path)
    v = KeyedView(session)
    v._autosave.setInterval(3_600_000)  # tests save on purpose (Ctrl+S, switching, closing)
    qtbot.addWidget(v)
    v.resize(1300, 720)
    v.show()
    qtbot.waitExposed(v)
    v.activateWindow()
    qtbot.waitUntil(v.isActiveWindow)
    idle()
    v.ids = ids
    v.table.setFocus()
    return v


def type_keys(qtbot, view, text: str) -> None:
    """Types into whatever has the focus: the table, then the editor the first key opened."""
    from PySide6.QtWidgets import QApplication
    for ch in text:
        type_text(qtbot, QApplication.focusWidget() or view.table, ch)


def settle(qtbot, idle, until):
    """Waits until ``until()`` holds (the editor's commit is queued, the save runs on the
    worker, the screen reloads after it), then until the worker has nothing left."""
    qtbot.waitUntil(until, timeout=5000)
    idle()


def test_model_passes_qtmodeltester(qtmodeltester, book_path):
    fill(book_path)
    with Book.open(book_path) as book:
        rows = keying_rows(book)
        dup = duplicate_docs(book)
    model = KeyingModel()
    model.set_rows(rows, dup)
    qtmodeltester.check(model)
    model.toggle(1)
    model.setData(model.index(2, COL_ELAAS), "RV-1")
    assert model.pending_count() == 2
    assert model.index(2, COL_KEYED).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    qtmodeltester.check(model)
    assert model.index(0, 0).data(ROW_ROLE).no == 1


def test_opens_on_next_entry_and_space_ctrl_s_records_ticks(qtbot, view, idle, book_path):
    assert view.day.date() == D1 and view.model.rowCount() == 4
    assert view.table.currentIndex().row() == 0
    assert "ลำดับที่ 1 " in view.next_label.text()
    qtbot.keyClick(view.table, SPACE)
    qtbot.keyClick(view.table, DOWN)
    qtbot.keyClick(view.table, SPACE)
    assert view.model.pending_count() == 2 and "รอบันทึก 2" in view.message.text()
    assert mark_rows(book_path) == 0  # not yet written
    qtbot.keyClick(view.table, Qt.Key.Key_S, CTRL)
    settle(qtbot, idle, lambda: "บันทึกแล้ว 2" in view.message.text())
    assert view.model.pending_count() == 0 and "บันทึกแล้ว 2" in view.message.text()
    p = progress(book_path)
    assert p.entries_keyed == 2 and p.next_entry[0] == 3
    assert marks(book_path)[view.ids[0]] == (True, "")
    assert "ลำดับที่ 3 " in view.next_label.text()  # the header followed
    assert "2 จาก 13" in view.bar.text()


def test_typed_document_number_records_keyed_and_enter_moves_on(qtbot, view, idle, book_path):
    qtbot.keyClick(view.table, DOWN)  # row 2 (ลำดับที่ 2), typing starts the e-LAAS number
    type_keys(qtbot, view, "RV67-๐๐๒")
    qtbot.keyClick(QApplication.focusWidget(), ENTER)
    qtbot.waitUntil(lambda: not view.table.editing() and view.table.currentIndex().row() == 2)
    assert view.table.currentIndex().row() == 2 and view.table.currentIndex().column() == COL_ELAAS
    type_keys(qtbot, view, "RV67-003")
    qtbot.keyClick(QApplication.focusWidget(), ENTER)
    qtbot.waitUntil(lambda: not view.table.editing() and view.table.currentIndex().row() == 3)
    assert view.model.state(1) == (True, "RV67-002")  # Thai digits became 0-9
    qtbot.keyClick(view.table, Qt.Key.Key_F2)  # row 4: F2 opens the number, Ctrl+S with it still open
    type_keys(qtbot, view, "RV67-004")
    assert view.table.editing()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    settle(qtbot, idle, lambda: not view.table.editing() and view.model.pending_count() == 0)
    m = marks(book_path)
    assert m[view.ids[1]] == (True, "RV67-002") and m[view.ids[2]] == (True, "RV67-003")
    assert m[view.ids[3]] == (True, "RV67-004") and view.model.pending_count() == 0
    p = progress(book_path)
    assert p.entries_keyed == 3 and [no for no, _, _ in p.skipped] == [1]  # the first was skipped
    assert "ข้ามไป 1 รายการ" in view.warnings.text() and view.warnings.isVisibleTo(view)


def test_untick_records_an_untick(qtbot, view, idle, book_path):
    qtbot.keyClick(view.table, SPACE)
    view.save()
    settle(qtbot, idle, lambda: view.model.pending_count() == 0)
    assert progress(book_path).entries_keyed == 1
    qtbot.keyClick(view.table, SPACE)  # take it back
    assert view.model.state(0) == (False, "")
    qtbot.keyClick(view.table, Qt.Key.Key_S, CTRL)
    settle(qtbot, idle, lambda: view.model.pending_count() == 0)
    assert progress(book_path).entries_keyed == 0 and marks(book_path)[view.ids[0]] == (False, "")
    assert mark_rows(book_path) == 2  # append-only: a tick, then an un-tick


def test_tick_through_here(qtbot, view, idle, book_path):
    qtbot.keyClick(view.table, DOWN)
    qtbot.keyClick(view.table, DOWN)
    qtbot.keyClick(view.table, SPACE, CTRL)
    assert "เพิ่ม 3 รายการ ถึงลำดับที่ 3" in view.message.text()
    view.through_button.click()  # again: nothing more to tick
    assert "ครบแล้ว" in view.message.text()
    qtbot.keyClick(view.table, Qt.Key.Key_S, CTRL)
    settle(qtbot, idle, lambda: view.model.pending_count() == 0)
    p = progress(book_path)
    assert p.entries_keyed == 3 and p.next_entry[0] == 4 and not p.skipped


def test_switching_day_saves_pending_ticks(qtbot, view, idle, book_path):
    qtbot.keyClick(view.table, SPACE)
    qtbot.keyClick(view.table, Qt.Key.Key_PageDown, CTRL)  # the next day with entries
    settle(qtbot, idle, lambda: view.day.date() == D2 and view.model.rowCount() == 4)
    assert view.day.date() == D2 and view.model.rowCount() == 4
    assert marks(book_path)[view.ids[0]] == (True, "")  # saved on the way, not lost
    assert view.model.row_at(0).no == 5  # numbers still count from the outage start
    # a typed date, and the month
    retype(qtbot, view.day, "3/10/67")
    qtbot.keyClick(view.day, Qt.Key.Key_Return)
    settle(qtbot, idle, lambda: view.model.rowCount() == 5)
    assert view.model.rowCount() == 5 and view.model.row_at(0).entry.date == D3
    view.period.setCurrentIndex(1)
    settle(qtbot, idle, lambda: view.model.rowCount() == 13)
    assert view.model.rowCount() == 13 and view.model.state(0) == (True, "")


def test_closing_the_window_saves_pending_ticks(qtbot, session, idle, book_path):
    fill(book_path)
    window = QMainWindow()
    qtbot.addWidget(window)
    v = KeyedView(session)
    v._autosave.setInterval(3_600_000)
    window.setCentralWidget(v)
    window.show()
    qtbot.waitExposed(window)
    idle()
    qtbot.keyClick(v.table, SPACE)
    window.close()
    session.tasks.wait()
    assert progress(book_path).entries_keyed == 1


def test_autosave_after_a_pause(qtbot, view, idle, book_path):
    view._autosave.setInterval(50)
    qtbot.keyClick(view.table, SPACE)
    qtbot.waitUntil(lambda: view.model.pending_count() == 0, timeout=3000)
    idle()
    assert progress(book_path).entries_keyed == 1


def test_day_figures_that_differ_show_and_are_listed(qtbot, view, idle, book_path):
    assert view.panel._ours["receipts"] == 100_00 * (1 + 2 + 3 + 4)
    assert view.panel.off_days.count() == 1 and "ยังไม่ได้กรอก" in view.panel.off_days.item(0).text()
    f = view.panel.fields
    f["receipts"].setFocus()
    qtbot.keyClicks(f["receipts"], "1,100")
    qtbot.keyClick(f["receipts"], ENTER)
    assert f["payments"].hasFocus()
    qtbot.keyClicks(f["payments"], "0")
    qtbot.keyClick(f["payments"], ENTER)
    qtbot.keyClick(f["cash"], ENTER)
    assert "ไม่ตรง 1 ช่อง" in view.panel.status.text() and "ยังไม่ได้บันทึก" in view.panel.status.text()
    assert view.panel.diff_labels["receipts"].text() == "ไม่ตรง" and view.panel.diff_labels["payments"].text() == "ตรง"
    qtbot.keyClick(f["bank"], ENTER)  # Enter on the last field saves
    settle(qtbot, idle, lambda: not view.panel.dirty() and "ยอดรับ" in view.panel.off_days.item(0).text())
    with Book.open(book_path) as book:
        assert stored_day_totals(book.db)[D1] == {"receipts": 1100_00, "payments": 0, "cash": None, "bank": None}
    p = progress(book_path)
    assert p.unreconciled_dates == (D1,)
    assert view.panel.off_days.count() == 1 and view.panel.off_days.item(0).text().startswith("1/10/2567")
    assert "ยอดรับ" in view.panel.off_days.item(0).text()
    assert "ไม่ตรง 1 วัน" in view.progress_label.text()
    # corrected: the day reconciles and leaves the list
    f["receipts"].setFocus()
    f["receipts"].selectAll()
    qtbot.keyClicks(f["receipts"], "1000")
    qtbot.keyClick(f["receipts"], Qt.Key.Key_S, CTRL)
    settle(qtbot, idle, lambda: not view.panel.dirty() and view.panel.off_days.item(0).text() == "ไม่มี")
    assert progress(book_path).unreconciled_dates == ()
    assert "ตรงกับสมุด" in view.panel.status.text()
    assert view.panel.off_days.item(0).text() == "ไม่มี"


def test_unreconciled_day_in_list_goes_to_that_day(qtbot, view, idle, book_path):
    from manualbook.keyed import record_day_totals
    with Book.open(book_path) as book:
        record_day_totals(book, D2, {"receipts": 1, "payments": None, "cash": None, "bank": None})
    view.reload()
    settle(qtbot, idle, lambda: view.panel.off_days.item(0).data(Qt.ItemDataRole.UserRole) == D2)
    item = view.panel.off_days.item(0)
    assert item.data(Qt.ItemDataRole.UserRole) == D2
    view.panel.off_days.itemActivated.emit(item)
    settle(qtbot, idle, lambda: view.day.date() == D2 and view.panel.day == D2)
    assert view.day.date() == D2 and view.panel.day == D2
    assert view.panel.diff_labels["receipts"].text() == "ไม่ตรง"


def test_invalid_input_shows_thai_message_and_writes_nothing(qtbot, view, idle, book_path):
    # an e-LAAS document number longer than the core accepts
    qtbot.keyClick(view.table, DOWN)
    type_keys(qtbot, view, "X" * 41)
    qtbot.keyClick(QApplication.focusWidget(), ENTER)
    qtbot.waitUntil(lambda: "ยาวเกิน 40 ตัวอักษร" in view.message.text())
    assert "ยาวเกิน 40 ตัวอักษร" in view.message.text() and view.model.pending_count() == 0
    # an amount that cannot be read
    view.panel.fields["cash"].setFocus()
    qtbot.keyClicks(view.panel.fields["cash"], "12x")
    assert view.panel.diff_labels["cash"].text() == "?" and "เงินสดคงเหลือ" in view.panel.diff_labels["cash"].toolTip()
    view.panel.save()
    assert "ยังไม่ได้บันทึกยอด" in view.panel.status.text() and "เงินสดคงเหลือ" in view.panel.status.text()
    # and the day cannot change while it is unreadable
    assert not view.show_day(D2)
    assert "อ่านไม่ออก" in view.message.text()
    # a day after the last entry: the core refuses, in Thai
    view.panel.fields["cash"].clear()
    view.panel.load(dt.date(2024, 12, 1))
    settle(qtbot, idle, lambda: view.panel.day == dt.date(2024, 12, 1))
    qtbot.keyClicks(view.panel.fields["cash"], "5")
    view.panel.save()
    settle(qtbot, idle, lambda: "นอกช่วงบันทึกย้อนหลัง" in view.panel.status.text())
    assert "นอกช่วงบันทึกย้อนหลัง" in view.panel.status.text()
    # an unknown date typed in the picker
    retype(qtbot, view.day, "31/2/2567")
    qtbot.keyClick(view.day, Qt.Key.Key_Return)
    assert view.message.text() and view.model.row_at(0).entry.date == D1
    settle(qtbot, idle, lambda: bool(view.message.text()))
    assert mark_rows(book_path) == 0
    with Book.open(book_path) as book:
        assert stored_day_totals(book.db) == {}


def test_failed_save_keeps_ticks_pending(qtbot, view, idle, book_path, monkeypatch):
    shown = []
    monkeypatch.setattr(keyed_view, "show_error", lambda parent, text, *a: shown.append(text))

    def refuse(book, marks, source="app"):
        from manualbook.messages import BookError, Problem
        raise BookError(Problem("x", "ไม่มีรายการรหัส \"X\" ในสมุดนี้"))
    monkeypatch.setattr(keyed_view, "mark_keyed", refuse)
    qtbot.keyClick(view.table, SPACE)
    view.save()
    settle(qtbot, idle, lambda: bool(shown))
    assert shown and "ไม่มีรายการ" in shown[0]
    assert view.model.pending_count() == 1 and "ยังไม่ได้บันทึก 1 รายการ" in view.message.text()
    assert mark_rows(book_path) == 0


def test_go_to_next_and_duplicate_doc_warning(qtbot, view, idle, book_path):
    from manualbook.keyed import mark_keyed
    with Book.open(book_path) as book:
        mark_keyed(book, [(i, True, "") for i in view.ids[:4]] + [(view.ids[4], True, "RV-9"),
                                                                  (view.ids[5], True, "RV-9")])
    view.reload()
    settle(qtbot, idle, lambda: "RV-9" in view.warnings.text())
    assert "RV-9" in view.warnings.text()
    qtbot.keyClick(view.table, Qt.Key.Key_G, CTRL)
    settle(qtbot, idle, lambda: view.day.date() == D2)
    assert view.day.date() == D2
    assert view.model.row_at(view.table.currentIndex().row()).no == 7
    assert view.model.index(0, COL_ELAAS).data(Qt.ItemDataRole.ForegroundRole) is not None


def tick_in_workbook(xlsx, ticks: dict[str, str]) -> None:
    """Types e-LAAS document numbers (and ✓) by entry ID in the chronological sheet, as a clerk would."""
    import openpyxl
    from manualbook.bundle_sheets import CHRONO_COLUMNS, CHRONO_SHEET, HEADER_ROW
    keys = [k for k, *_ in CHRONO_COLUMNS]
    wb = openpyxl.load_workbook(xlsx)
    ws = wb[CHRONO_SHEET]
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        entry_id = row[keys.index("id")].value
        if entry_id in ticks:
            row[keys.index("keyed")].value = "✓"
            row[keys.index("doc_no")].value = ticks[entry_id]
    wb.save(xlsx)


def test_import_runs_on_the_worker_and_shows_result(qtbot, view, idle, book_path, tmp_path, monkeypatch):
    from manualbook.bundle import export
    with Book.open(book_path) as book:
        export(book, tmp_path / "stick")
    shown = []
    monkeypatch.setattr(keyed_view, "show_info", lambda parent, text, *a: shown.append(text))
    monkeypatch.setattr(keyed_view, "show_error", lambda parent, text, *a: shown.append("ERR " + text))
    view.run_import(str(tmp_path / "missing.xlsx"))
    settle(qtbot, idle, lambda: bool(shown))
    assert shown[-1].startswith("ERR ") and mark_rows(book_path) == 0
    work = tmp_path / "work.xlsx"
    work.write_bytes((tmp_path / "stick" / "backfill.xlsx").read_bytes())
    tick_in_workbook(work, {view.ids[0]: "RV-1", view.ids[1]: "RV-2"})
    qtbot.keyClick(view.table, DOWN)
    qtbot.keyClick(view.table, DOWN)
    qtbot.keyClick(view.table, SPACE)  # a pending tick made in the app is saved first, not lost
    view.run_import(str(work))
    settle(qtbot, idle, lambda: len(shown) == 2)
    assert "ทำเครื่องหมายว่าบันทึกแล้ว 2" in shown[-1]
    m = marks(book_path)
    assert m[view.ids[0]] == (True, "RV-1") and m[view.ids[2]] == (True, "")
    assert view.model.state(1) == (True, "RV-2")  # the table was reloaded
    assert "3 จาก 13" in view.bar.text()


def test_home_shows_days_keyed_and_unreconciled(qtbot, session, idle, book_path):
    from manualbook.keyed import mark_keyed, record_day_totals
    from manualbook_ui.home import HomeView
    ids = fill(book_path)
    with Book.open(book_path) as book:
        mark_keyed(book, [(i, True, "") for i in ids[:4]])
        record_day_totals(book, D2, {"receipts": 5, "payments": None, "cash": None, "bank": None})
    session.working_day = D3
    home = HomeView(session)
    qtbot.addWidget(home)
    home.reload()
    idle()
    days = home.findChild(type(home.title), "days_keyed")
    off = home.findChild(type(home.title), "days_unreconciled")
    assert days.text() == "วันที่บันทึกครบแล้ว 1 จาก 3 วัน"
    assert "ไม่ตรงกับ e-LAAS 1 วัน: 2/10/2567" in off.text() and off.property("role") == "error"
