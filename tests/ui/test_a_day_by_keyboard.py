"""A clerk's whole day in the main window with the keyboard alone, one key event at a time
(QTest per key, never setText): receipts with the code typed by its number, by its name and
corrected with Backspace, a payment with the budget line typed by its name, a deposit, a
reversal from the entries list (Ctrl+R), the day closed (Ctrl+8, Ctrl+S, Y), the daily status
printed to a PDF file (Ctrl+P) and the bundle exported (Ctrl+E); then the book holds exactly
what was typed. The operating system's file dialogs are the only thing not typed into: they
are answered with a path (the xdotool run in tests/ui/xdotool_day.sh types into them too)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from manualbook.book import Book
from manualbook_ui.mainwindow import MainWindow

from conftest import START, type_text

ENTER, BACKSPACE = Qt.Key.Key_Return, Qt.Key.Key_Backspace


def test_a_clerks_day_by_keyboard(qtbot, session, idle, book_path, tmp_path, monkeypatch):
    pdf_path, stick = tmp_path / "daily-status.pdf", tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(pdf_path), "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(stick)))
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    idle()

    def focus():
        w = QApplication.focusWidget()
        assert w is not None, "the keys go nowhere"
        return w

    def keys(*items):
        """Types each text into whatever has the cursor, and presses each key, as a person does."""
        for item in items:
            if isinstance(item, str):
                type_text(qtbot, focus(), item)
            elif isinstance(item, tuple):
                qtbot.keyClick(focus(), item[1], item[0])
            else:
                qtbot.keyClick(focus(), item)
            idle()

    def ctrl(key):
        return (Qt.KeyboardModifier.ControlModifier, key)

    def answer_next_dialog(*items, check=None, kind=QDialog):
        tries = [0]

        def run():
            dialog = QApplication.activeModalWidget()
            focus = QApplication.focusWidget()
            tries[0] += 1
            placed = focus is not None and dialog is not None and dialog.isAncestorOf(focus)
            if not isinstance(dialog, kind) or (not placed and tries[0] < 50):
                QTimer.singleShot(20, run)  # not shown yet, or its cursor not placed yet
                return
            if check:
                check(dialog)
            for item in items:  # into the dialog (its focused field, or the dialog itself)
                target = QApplication.focusWidget()
                target = target if target is not None and dialog.isAncestorOf(target) else dialog
                if isinstance(item, str):
                    type_text(qtbot, target, item)
                else:
                    qtbot.keyClick(target, item)
        QTimer.singleShot(20, run)

    receipt = window.screens["receipt"]
    keys(ctrl(Qt.Key.Key_2))
    assert receipt.fields["date"].hasFocus() and receipt.fields["date"].selectedText() == "1/10/2567"
    # receipt 1: the code typed by its number
    keys("1/10/67", ENTER, "5", ENTER, "1", ENTER, "นายมี เงินดี", ENTER, "41100003", ENTER)
    assert receipt.fields["code"].text() == "41100003  ภาษีป้าย" and receipt.fields["description"].hasFocus()
    keys(ENTER, ENTER, "250", ENTER)
    assert "บันทึกแล้ว" in receipt.form_message.text(), receipt.form_message.text()
    assert receipt.fields["party"].hasFocus() and receipt.fields["number"].text() == "2"
    # receipt 2: the code typed by its name
    keys("นางสาวใจ งาม", ENTER, "มูลฝอย", ENTER, ENTER, ENTER, "120", ENTER)
    assert "บันทึกแล้ว" in receipt.form_message.text()
    # receipt 3: a name corrected with Backspace; the picker never refills what was deleted
    keys("นายทด สอบ", ENTER, "ภาษีโรง")
    code = receipt.fields["code"]
    seen = []
    for _ in range(3):
        keys(BACKSPACE)
        seen.append(code.text())
    assert seen == ["ภาษีโร", "ภาษีโ", "ภาษี"]
    keys(ENTER)  # several codes fit "ภาษี": the list opens, nothing is taken
    assert code.hasFocus() and code.text() == "ภาษี" and code.choice() is None and len(code.list_texts()) >= 3
    keys("ป้าย", ENTER, ENTER, ENTER, "1,000", ENTER)
    assert "บันทึกแล้ว" in receipt.form_message.text()

    # a payment, the budget line typed by its name
    keys(ctrl(Qt.Key.Key_6))
    payment = window.screens["payment"]
    assert payment.fields["date"].hasFocus() and payment.fields["number"].text() == "1"
    keys(ENTER, ENTER, "ร้านวัสดุ", ENTER, "วัสดุสำนักงาน", ENTER)
    assert payment.fields["line"].text() == "L001  ค่าวัสดุสำนักงาน"
    keys(ENTER, ENTER, ENTER, "1,070", ENTER, ENTER)
    assert "บันทึกแล้ว" in payment.form_message.text(), payment.form_message.text()

    # a deposit of the day's cash
    keys(ctrl(Qt.Key.Key_4), ENTER, "กรุงไทย", ENTER, ENTER, ENTER, "1,000", ENTER)
    assert "บันทึกแล้ว" in window.screens["deposit"].form_message.text()

    # reverse receipt 3 from the entries list
    keys(ctrl(Qt.Key.Key_7))
    entries = window.screens["entries"]
    assert entries.table.hasFocus()
    for _ in range(10):
        e = entries.selected()
        if e is not None and e.kind == "receipt" and e.number == "3":
            break
        keys(Qt.Key.Key_Down)
    assert entries.selected().number == "3"
    monkeypatch.setattr("manualbook_ui.entries_view.show_info", lambda *a, **k: None)
    answer_next_dialog("ผู้ชำระขอยกเลิก", ENTER)
    keys(ctrl(Qt.Key.Key_R))
    idle()

    # close the day: Ctrl+8, the day, Enter, Ctrl+S, Y
    keys(ctrl(Qt.Key.Key_8))
    close = window.screens["close"]
    assert close.day.hasFocus()
    keys("1/10/2567", ENTER)
    qtbot.waitUntil(lambda: "รายการของวันที่ 1/10/2567" in close.body.text())
    assert "รับเงิน</td><td>2 ใบเสร็จ (ไม่นับ 1 ใบเสร็จที่กลับรายการแล้ว)" in close.body.text()
    asked = []
    answer_next_dialog(Qt.Key.Key_Y, check=lambda d: asked.append(d.text()))
    keys(ctrl(Qt.Key.Key_S))
    idle()
    assert asked and "ปิดบัญชีวันที่ 1/10/2567" in asked[0]
    qtbot.waitUntil(lambda: close.day.text() == "2/10/2567")  # the next day to close is proposed
    assert close.day.hasFocus() and close.day.selectedText() == "2/10/2567"

    # print the daily status to a PDF file: Ctrl+P, Enter (the first register), Enter (the day), Ctrl+S
    keys(ctrl(Qt.Key.Key_P))
    qtbot.waitUntil(window.print_menu.isVisible)
    answer_next_dialog("1/10/2567", ENTER)
    qtbot.keyClick(window.print_menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(getattr(window, "_print_previews", None)), timeout=10000)
    preview = window._print_previews[0]
    qtbot.waitUntil(preview.isActiveWindow)
    keys(ctrl(Qt.Key.Key_S))
    assert pdf_path.read_bytes().startswith(b"%PDF")
    keys(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible() and QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is close.day  # the keys are back where they were

    # export the bundle: Ctrl+E, then Enter on the report
    answer_next_dialog(ENTER, kind=QMessageBox)  # what was written, in Thai: Enter closes it
    keys(ctrl(Qt.Key.Key_E))
    qtbot.waitUntil(lambda: any(p.is_dir() for p in stick.iterdir()), timeout=20000)
    idle(20000)
    bundle = next(p for p in stick.iterdir() if p.is_dir())
    assert bundle.name.startswith(f"manualbook-{dt.date.today().year + 543}-")

    with Book.open(book_path) as book:
        got = [(e.kind, e.book, e.number, e.party, e.code, e.line, e.account, e.amount, e.reason)
               for e in book.entries()]
        assert book.closed_through() == START
    assert got == [
        ("receipt", "5", "1", "นายมี เงินดี", "41100003", "", "", 250_00, ""),
        ("receipt", "5", "2", "นางสาวใจ งาม", "41210008", "", "", 120_00, ""),
        ("receipt", "5", "3", "นายทด สอบ", "41100003", "", "", 1_000_00, ""),
        ("payment", "", "1", "ร้านวัสดุ", "", "L001", "", 1_070_00, ""),
        ("deposit", "", "", "", "", "", "KTB1", 1_000_00, ""),
        ("reversal", "5", "3", "นายทด สอบ", "41100003", "", "", -1_000_00, "ผู้ชำระขอยกเลิก"),
    ]
