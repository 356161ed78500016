"""What a clerk adds or corrects by hand in the app (menu ข้อมูลหลัก), typed key by key; the forms'
lists and proposals follow every change of the book without being cleared."""

from __future__ import annotations

from PySide6.QtCore import Qt

from manualbook.book import Book
from manualbook_ui import masterdata
from manualbook_ui.forms import EntryForm

from conftest import START, retype, type_text


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.focusWidget() is not None)
    return dialog


def key_in(qtbot, dialog, *texts):
    """Types each text into the field with the cursor, then Enter (the last Enter saves)."""
    for text in texts:
        w = dialog.focusWidget()
        if text:
            w.selectAll()
            type_text(qtbot, w, text)
        qtbot.keyClick(w, Qt.Key.Key_Return)


def form(qtbot, session, idle, kind):
    f = EntryForm(session, kind)
    qtbot.addWidget(f)
    f.show()
    idle()
    return f


def test_a_revenue_code_added_reaches_the_receipt_form_at_once(qtbot, session, idle, book_path):
    receipt = form(qtbot, session, idle, "receipt")
    type_text(qtbot, receipt.fields["party"], "นายมี")  # something typed: the form is not reset
    dialog = show(qtbot, masterdata.RevenueCodeDialog(session))
    key_in(qtbot, dialog, "41100099", "ภาษีที่ดินและสิ่งปลูกสร้าง", "ภาษีอากร")
    idle()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: "41100099" in [c.key for c in receipt.fields["code"].choices()])
    assert receipt.fields["party"].text() == "นายมี"
    code = receipt.fields["code"]
    code.setFocus()
    type_text(qtbot, code, "สิ่งปลูกสร้าง")
    qtbot.keyClick(code, Qt.Key.Key_Return)
    assert code.choice().key == "41100099"


def test_a_budget_line_added_reaches_the_payment_form_and_its_refusals_show_beside_the_field(
        qtbot, session, idle, book_path):
    payment = form(qtbot, session, idle, "payment")
    dialog = show(qtbot, masterdata.BudgetLineDialog(session, 2568))
    assert dialog.fields["key"].hasFocus()  # the year is proposed: the cursor starts at the line's key
    key_in(qtbot, dialog, "L001", "ซ้ำ", "1,000", "", "", "", "", "", "", "")
    idle()
    assert dialog.isVisible() and "มีรายการงบ \"L001\"" in dialog.messages["key"].text()
    dialog.fields["key"].setFocus()
    key_in(qtbot, dialog, "L009", "โครงการซ่อมถนน", "150,000", "เคหะและชุมชน", "", "", "", "", "", "", "")
    idle()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: "L009" in [c.key for c in payment.fields["line"].choices()])
    with Book.open(book_path) as book:
        from manualbook import budget
        (line,) = [x for x in budget.lines(book, 2568) if x.key == "L009"]
        assert (line.item, line.plan) == ("โครงการซ่อมถนน", "เคหะและชุมชน")


def test_a_held_account_added_is_offered_for_receipts(qtbot, session, idle):
    receipt = form(qtbot, session, idle, "receipt")
    dialog = show(qtbot, masterdata.HeldAccountDialog(session))
    key_in(qtbot, dialog, "BID-BOND", "เงินประกันซอง", "")
    idle()
    qtbot.waitUntil(lambda: "BID-BOND" in [c.key for c in receipt.fields["code"].choices()])


def test_a_receipt_book_gets_its_numbers_after_the_fact(qtbot, session, idle, book_path):
    with Book.open(book_path) as book:
        book.add({"kind": "receipt", "date": "1/10/2567", "book": "14", "number": "1", "code": "41100001",
                  "amount": "10"})
    dialog = show(qtbot, masterdata.ReceiptRangeDialog(session, "14"))
    assert dialog.fields["last"].hasFocus()  # the book and its first number are filled in: the last is asked
    key_in(qtbot, dialog, "50")
    idle()
    assert not dialog.isVisible()
    with Book.open(book_path) as book:
        assert {r["book"]: r for r in book.receipt_book_report()}["14"]["last"] == 50


def test_the_offices_name_corrected_after_the_first_close(qtbot, session, idle, book_path):
    with Book.open(book_path) as book:
        book.close_day(START)
        org, closed, first_open = book.org(), book.closed_through(), book.first_open_day()
    dialog = show(qtbot, masterdata.OrgDialog(session, org, closed, first_open))
    assert dialog.fields["effective"].text() == "2/10/2567"  # from the first open day
    key_in(qtbot, dialog, "องค์การบริหารส่วนตำบลทดสอบใหม่", "", "")
    idle()
    assert not dialog.isVisible()
    with Book.open(book_path) as book:
        assert book.org().name == "องค์การบริหารส่วนตำบลทดสอบใหม่"
        assert book.org_on(START).name == "องค์การบริหารส่วนตำบลทดสอบ"


def test_a_proposal_follows_the_book_but_never_replaces_what_was_typed(qtbot, session, idle, book_path):
    receipt = form(qtbot, session, idle, "receipt")
    void = form(qtbot, session, idle, "void")
    for f in (receipt, void):
        f._propose("book", "3")  # the program's own proposal, not the clerk's typing
        assert f.fields["book"].text() == "3"
    receipt._propose("number", "1")
    # the spoiled receipt 3/1 is keyed on the void form: the receipt form now proposes 3/2
    retype(qtbot, void.fields["number"], "1")
    retype(qtbot, void.fields["description"], "เขียนผิด")
    void.save()
    idle()
    qtbot.waitUntil(lambda: receipt.fields["number"].text() == "2")
    # a number the clerk typed is kept
    receipt.fields["number"].setFocus()
    receipt.fields["number"].selectAll()
    type_text(qtbot, receipt.fields["number"], "7")
    receipt.fields["party"].setFocus()  # the clerk moves on; a change elsewhere reloads the form
    reloads, apply = [], receipt._apply_choices
    receipt._apply_choices = lambda found: (reloads.append(found.get("next_receipt")), apply(found))
    session.write(None, lambda book: book.add({"kind": "void", "date": "1/10/2567", "book": "3", "number": "2",
                                               "description": "เสีย"})).run_in_background()
    qtbot.waitUntil(lambda: bool(reloads))  # the form reloaded its proposals after the change
    idle()
    assert reloads[-1] == ("3", "3")  # it would propose 3/3 …
    assert receipt.fields["number"].text() == "7"  # … but keeps what the clerk typed
