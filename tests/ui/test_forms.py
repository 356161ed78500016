"""Driving the entry forms with the keyboard, then checking the books through the core."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from manualbook.book import Book
from manualbook_ui.forms import EntryForm
from manualbook.proposals import proposed_wht

from conftest import type_text



def make_form(qtbot, session, idle, kind):
    form = EntryForm(session, kind)
    qtbot.addWidget(form)
    form.show()
    idle()
    return form


def type_into(qtbot, form, key, text):
    w = form.fields[key]
    w.setFocus()
    w.selectAll()
    type_text(qtbot, w, text)


def all_entries(path):
    with Book.open(path) as book:
        return list(book.entries())


def test_receipt_by_keyboard(qtbot, session, idle, book_path):
    form = make_form(qtbot, session, idle, "receipt")
    type_into(qtbot, form, "date", "๒/๑๐/๖๗")  # Thai digits, two-digit BE year
    qtbot.keyClick(form.fields["date"], Qt.Key.Key_Return)
    assert form.fields["book"].hasFocus()
    type_text(qtbot, form.fields["book"], "12")
    qtbot.keyClick(form.fields["book"], Qt.Key.Key_Return)
    type_text(qtbot, form.fields["number"], "ๅ")  # Thai layout key for 1
    assert form.fields["number"].text() == "1"
    qtbot.keyClick(form.fields["number"], Qt.Key.Key_Return)
    type_text(qtbot, form.fields["party"], "นายมี เงินดี")
    qtbot.keyClick(form.fields["party"], Qt.Key.Key_Return)
    type_text(qtbot, form.fields["code"], "41100003")
    qtbot.keyClick(form.fields["code"], Qt.Key.Key_Return)
    assert form.fields["code"].text().startswith("41100003  ภาษีป้าย")
    type_into(qtbot, form, "amount", "๑,๒๐๐.๕๐")
    assert "หนึ่งพันสองร้อยบาทห้าสิบสตางค์" in form.messages["amount"].text()
    qtbot.keyClick(form.fields["amount"], Qt.Key.Key_Return)  # last field: saves
    idle()
    entries = all_entries(book_path)
    assert len(entries) == 1
    e = entries[0]
    assert (e.kind, e.date, e.book, e.number, e.code, e.amount, e.party) == (
        "receipt", dt.date(2024, 10, 2), "12", "1", "41100003", 120050, "นายมี เงินดี")
    assert "บันทึกแล้ว" in form.form_message.text()
    # the next number is proposed, the date and book are kept
    assert form.fields["number"].text() == "2"
    assert form.fields["book"].text() == "12"
    assert form.fields["date"].text() == "2/10/2567"


def test_double_save_creates_one_entry(qtbot, session, idle, book_path):
    form = make_form(qtbot, session, idle, "receipt")
    type_into(qtbot, form, "book", "5")
    type_into(qtbot, form, "number", "10")
    type_into(qtbot, form, "code", "41100001")
    type_into(qtbot, form, "amount", "500")
    qtbot.keyClick(form.fields["amount"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(form.fields["amount"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(form.fields["amount"], Qt.Key.Key_Return)
    idle()
    assert len(all_entries(book_path)) == 1


def test_errors_beside_fields_and_nothing_saved(qtbot, session, idle, book_path):
    form = make_form(qtbot, session, idle, "receipt")
    type_into(qtbot, form, "amount", "12.345")
    qtbot.keyClick(form.fields["amount"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle()
    assert "ทศนิยมเกินสองตำแหน่ง" in form.messages["amount"].text()
    assert "รหัสรายรับ" in form.messages["code"].text()
    assert all_entries(book_path) == []


def test_book_problem_shown_beside_number(qtbot, session, idle, book_path):
    with Book.open(book_path) as book:
        book.add({"date": "1/10/2567", "kind": "receipt", "book": "1", "number": "7",
                  "code": "41100001", "amount": "100"})
    form = make_form(qtbot, session, idle, "receipt")
    type_into(qtbot, form, "book", "1")
    type_into(qtbot, form, "number", "7")
    type_into(qtbot, form, "code", "41100001")
    type_into(qtbot, form, "amount", "100")
    qtbot.keyClick(form.fields["amount"], Qt.Key.Key_Return)
    idle()
    assert "ใช้ไปแล้ว" in form.messages["number"].text()
    assert len(all_entries(book_path)) == 1


def test_payment_proposes_wht_and_net(qtbot, session, idle, book_path):
    form = make_form(qtbot, session, idle, "payment")
    assert form.fields["number"].text() == "1"  # next voucher proposed
    type_into(qtbot, form, "party", "ร้านวัสดุ")
    type_into(qtbot, form, "line", "วัสดุ")
    form.fields["line"].normalise()
    type_into(qtbot, form, "amount", "10700")
    assert form.fields["wht"].text() == "100.00"
    assert proposed_wht(10700_00) == 100_00
    assert form.net_label.text() == "10,600.00 บาท"
    type_into(qtbot, form, "line", "L001")
    form.fields["amount"].setFocus()
    qtbot.keyClick(form.fields["amount"], Qt.Key.Key_Return)
    assert form.fields["wht"].hasFocus()
    qtbot.keyClick(form.fields["wht"], Qt.Key.Key_Return)
    idle()
    (e,) = all_entries(book_path)
    assert (e.kind, e.line, e.amount, e.wht, e.number, e.method) == ("payment", "L001", 1070000, 10000, "1", "cash")


def test_void_deposit_withdraw(qtbot, session, idle, book_path):
    form = make_form(qtbot, session, idle, "void")
    type_into(qtbot, form, "book", "3")
    type_into(qtbot, form, "number", "1")
    type_into(qtbot, form, "description", "เขียนผิด")
    qtbot.keyClick(form.fields["description"], Qt.Key.Key_Return)
    idle()
    dep = make_form(qtbot, session, idle, "deposit")
    type_into(qtbot, dep, "account", "KTB1")
    type_into(qtbot, dep, "amount", "1000")
    qtbot.keyClick(dep.fields["amount"], Qt.Key.Key_Return)
    idle()
    wd = make_form(qtbot, session, idle, "withdraw")
    type_into(qtbot, wd, "account", "KTB1")
    type_into(qtbot, wd, "cheque", "0001")
    type_into(qtbot, wd, "amount", "200")
    qtbot.keyClick(wd.fields["amount"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle()
    kinds = [(e.kind, e.amount, e.account) for e in all_entries(book_path)]
    assert kinds == [("void", 0, ""), ("deposit", 100000, "KTB1"), ("withdraw", 20000, "KTB1")]


def test_no_check_is_asked_of_a_book_already_closed(qtbot, session, idle, capfd):
    """A check due after the program closed its book (the form's timer at shutdown) is not run:
    before, the worker called ``None.check`` and printed a traceback."""
    form = make_form(qtbot, session, idle, "deposit")
    type_into(qtbot, form, "account", "KTB1")
    type_into(qtbot, form, "amount", "100")
    assert form.touched and not form.picker_problems()
    session.tasks.close()
    form.check_now()
    assert not session.tasks.busy()
    session.tasks.wait()
    assert "Traceback" not in capfd.readouterr().err
