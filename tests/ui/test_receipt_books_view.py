"""The receipt-book screen: the report on screen, and registering a book with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from manualbook.book import Book
from manualbook_ui.receipt_books_view import ReceiptBookRow, ReceiptBooksModel, ReceiptBooksView

from conftest import retype, type_text


def make_view(qtbot, session, idle):
    view = ReceiptBooksView(session)
    qtbot.addWidget(view)
    view.resize(1100, 500)
    view.show()
    view.reload()
    idle()
    return view


def fill(qtbot, dialog, key, text):
    w = dialog.fields[key]
    w.setFocus()
    w.selectAll()
    type_text(qtbot, w, text)
    qtbot.keyClick(w, Qt.Key.Key_Return)


def report(path):
    with Book.open(path) as book:
        return {r["book"]: r for r in book.receipt_book_report()}


def test_report_shows_gaps_voids_and_next_number(qtbot, session, idle, book_path):
    with Book.open(book_path) as book:
        book.register_receipt_book("12", 1, 50)
        for n in (1, 2, 5):
            book.add({"date": "1/10/2567", "kind": "receipt", "book": "12", "number": str(n),
                      "code": "41100001", "amount": "100"})
        book.add({"date": "1/10/2567", "kind": "void", "book": "12", "number": "6", "description": "เขียนผิด"})
        book.add({"date": "1/10/2567", "kind": "receipt", "book": "13", "number": "1",
                  "code": "41100001", "amount": "100"})
    view = make_view(qtbot, session, idle)
    m = view.model
    assert m.rowCount() == 2
    assert [m.index(0, c).data() for c in range(8)] == ["12", "1 – 50", "3", "1", "3, 4", "-", "7", "44"]
    assert m.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # gaps are tinted
    assert m.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == "เลขที่ขาด: 3, 4"
    assert m.index(1, 0).data() == "13 (อัตโนมัติ)" and m.index(1, 1).data() == "1 – ?"
    assert "เลขที่ขาดรวม 2 เลข" in view.status.text()


def test_register_book_by_keyboard(qtbot, session, idle, book_path):
    view = make_view(qtbot, session, idle)
    assert "ยังไม่มีเล่มใบเสร็จ" in view.status.text()
    dialog = view.open_register()
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.fields["book"].hasFocus())
    fill(qtbot, dialog, "book", "๑๔")  # Thai digits become 14
    assert dialog.fields["first"].hasFocus() and dialog.fields["first"].text() == "1"
    qtbot.keyClick(dialog.fields["first"], Qt.Key.Key_Return)
    fill(qtbot, dialog, "last", "50")  # Enter on the last field saves
    idle()
    r = report(book_path)["14"]
    assert (r["first"], r["last"], r["next"], r["used"]) == (1, 50, 1, 0)
    assert not dialog.isVisible()
    idle()
    assert view.model.index(0, 0).data() == "14" and view.model.index(0, 7).data() == "50"
    assert view.model.index(0, 4).data() == "-"  # an unused book has no missing numbers
    assert "ลงทะเบียนใบเสร็จเล่มที่ 14 แล้ว" in view.status.text()


def test_register_refuses_bad_range_and_a_book_already_registered(qtbot, session, idle, book_path):
    with Book.open(book_path) as book:
        book.add({"date": "1/10/2567", "kind": "receipt", "book": "7", "number": "1",
                  "code": "41100001", "amount": "100"})
    view = make_view(qtbot, session, idle)
    dialog = view.open_register()
    # the dialog puts the cursor in its first empty field once shown
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.isAncestorOf(QApplication.focusWidget()))
    assert dialog.fields["book"].text() == "8"  # the next book after the highest is proposed
    retype(qtbot, dialog.fields["book"], "")
    retype(qtbot, dialog.fields["first"], "20")
    retype(qtbot, dialog.fields["last"], "5")
    qtbot.keyClick(dialog.fields["last"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle()  # the core's problems, each beside the field it names
    assert dialog.messages["book"].text() == "ต้องระบุเล่มที่ของใบเสร็จ"
    assert dialog.messages["book"].property("role") == "error"
    retype(qtbot, dialog.fields["book"], "9")
    qtbot.keyClick(dialog.fields["last"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle()
    assert dialog.messages["book"].property("role") != "error"
    assert "เลขที่สุดท้ายของเล่ม (5) ต้องไม่น้อยกว่าเลขที่แรก (20)" in dialog.messages["last"].text()
    assert "9" not in report(book_path)
    retype(qtbot, dialog.fields["first"], "0")  # not a receipt number: refused before the book is asked
    qtbot.keyClick(dialog.fields["last"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "ตั้งแต่ 1 ขึ้นไป" in dialog.messages["first"].text()
    retype(qtbot, dialog.fields["book"], "7")
    retype(qtbot, dialog.fields["first"], "1")
    retype(qtbot, dialog.fields["last"], "50")
    for _ in range(2):  # a double press asks the book once
        qtbot.keyClick(dialog.fields["last"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle()
    assert dialog.messages["book"].text() == "ลงทะเบียนใบเสร็จเล่มที่ 7 ไว้แล้ว"
    assert dialog.isVisible()
    assert report(book_path)["7"]["last"] is None  # unchanged
    retype(qtbot, dialog.fields["book"], "8")
    qtbot.keyClick(dialog.fields["last"], Qt.Key.Key_Return)
    idle()
    assert report(book_path)["8"]["last"] == 50


def test_model_passes_qtmodeltester(qtmodeltester):
    model = ReceiptBooksModel()
    model.set_rows([ReceiptBookRow("12", 1, 50, False, 3, 1, (3, 4), (), 7),
                    ReceiptBookRow("13", 1, None, True, 1, 0, (), (1,), 2)])
    qtmodeltester.check(model)
    model.sort(4, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "12"
    qtmodeltester.check(model)


def test_a_used_up_book_reads_full_not_a_number_past_its_end(qtbot, session, idle, book_path):
    with Book.open(book_path) as book:
        book.register_receipt_book("20", 1, 2)
        for n in (1, 2):
            book.add({"date": "1/10/2567", "kind": "receipt", "book": "20", "number": str(n),
                      "code": "41100001", "amount": "100"})
    view = make_view(qtbot, session, idle)
    assert [view.model.index(0, c).data() for c in (0, 2, 6, 7)] == ["20", "2", "ครบเล่ม", "0"]
