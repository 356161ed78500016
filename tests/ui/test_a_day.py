"""The issue's "done when": a new office is set up, a day of receipts, a void,
a deposit and a payment are keyed with the keyboard alone in the main window,
the day is closed and the balances are seen on the home screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from manualbook.book import Book
from manualbook_ui import dayclose
from manualbook_ui.mainwindow import MainWindow
from manualbook_ui.ops import TaskManager
from manualbook_ui.session import Session
from manualbook.setup_book import create_book
from manualbook_ui.setup import SetupWizard

from conftest import type_in_cell, type_text

DAY = dt.date(2024, 10, 1)


def _set_up_office(qtbot, path):
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.org.name, "องค์การบริหารส่วนตำบลบ้านใหม่")
    type_text(qtbot, wizard.org.start, "1/10/67")
    type_text(qtbot, wizard.org.since, "1/10/67")
    type_text(qtbot, wizard.org.cash, "5,000")
    assert wizard.currentPage().validatePage()
    wizard.next()
    for col, text in ((0, "กรุงไทย"), (1, "123-4-56789-0"), (4, "100,000")):
        type_in_cell(qtbot, wizard.accounts.table, 0, col, text)
    assert wizard.currentPage().validatePage()
    wizard.next()
    type_text(qtbot, wizard.people.names["clerk"], "นางสาวสมศรี ใจดี")
    values = wizard.values()
    wizard.done(0)  # as the app does once it has the values
    return create_book(str(path), values)


def _key_in(qtbot, window, kind, values, idle):
    """Types into whatever field has the focus, Enter after each, until the form saves."""
    form = window.screens[kind]
    before = form.form_message.text()
    for _ in range(len(form.fields) + 3):
        w = QApplication.focusWidget()
        key = next((k for k, f in form.fields.items() if f is w), None)
        owners = [(k2, k) for k2, f2 in window.screens.items() if hasattr(f2, "fields")
                  for k, f in f2.fields.items() if f is w]
        assert key is not None, f"focus left the {kind} form: {owners} step {_}"
        if key in values and isinstance(w, QLineEdit):
            w.selectAll()
            type_text(qtbot, w, values[key])
        qtbot.keyClick(w, Qt.Key.Key_Return)
        idle()
        if form.form_message.text() != before and "บันทึกแล้ว" in form.form_message.text():
            return
    raise AssertionError(f"{kind} not saved: {form.form_message.text()} "
                         f"{ {k: m.text() for k, m in form.messages.items() if m.text()} }")


def test_a_new_office_keys_and_closes_a_day_by_keyboard(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "office.sqlite3"
    book = _set_up_office(qtbot, path)
    tasks = TaskManager(book)
    session = Session(tasks, DAY, None, book.org().name)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)

    def idle(timeout=5000):
        qtbot.waitUntil(lambda: not tasks.busy(), timeout=timeout)

    idle()

    def go(number):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        idle()

    go(2)  # receipts
    _key_in(qtbot, window, "receipt", {"book": "1", "number": "1", "party": "นายมี เงินดี", "code": "41100001",
                                       "amount": "1,500"}, idle)
    _key_in(qtbot, window, "receipt", {"party": "นางสาวใจ งาม", "code": "41100003", "amount": "๒๕๐.๕๐"}, idle)
    go(3)  # a spoiled receipt
    _key_in(qtbot, window, "void", {"book": "1", "number": "3", "description": "เขียนจำนวนเงินผิด"}, idle)
    go(2)
    _key_in(qtbot, window, "receipt", {"book": "1", "number": "4", "party": "นายมี เงินดี", "code": "41100001",
                                       "amount": "400"}, idle)
    go(4)  # deposit the day's money
    _key_in(qtbot, window, "deposit", {"account": "กรุงไทย", "amount": "2,000"}, idle)
    go(6)  # a payment, once the year's budget is in the book
    with Book.open(path) as other:
        other.db["budget_lines"].insert({"fy": 2568, "key": "L01", "item": "ค่าวัสดุสำนักงาน", "amount": 50_000_00,
                                         "position": 1, "created_at": "2024-10-01T08:00:00+07:00"})
    window.screens["payment"].reload_choices()
    idle()
    _key_in(qtbot, window, "payment", {"party": "ร้านวัสดุ", "line": "L01", "amount": "1,070"}, idle)

    go(8)  # close the day
    monkeypatch.setattr(dayclose, "ask", lambda *a, **k: True)
    close = window.screens["close"]
    close.day.set_date(DAY)
    close.reload()
    idle()
    close.close_button.setFocus()
    qtbot.keyClick(close.close_button, Qt.Key.Key_Space)
    idle()
    go(1)
    idle()
    home = window.screens["home"]
    home.reload()
    idle()
    text = " ".join(w.text() for w in home.body.findChildren(type(home.title)))

    with Book.open(path) as check:
        assert check.closed_through() == DAY
        kinds = sorted(e.kind for e in check.entries())
        assert kinds == ["deposit", "payment", "receipt", "receipt", "receipt", "void"]
        s = check.summary(DAY)
        account = check.accounts()[0].key
    # no withholding tax is proposed on a payment below 10,000 baht
    cash = 5_000_00 + 1_500_00 + 250_50 + 400_00 - 2_000_00 - 1_070_00
    assert s.balances.cash == cash and dict(s.balances.held)["WHT"] == 0
    assert s.balances.account(account) == 100_000_00 + 2_000_00
    assert "4,080.50" in text and "102,000.00" in text
    window.close()
    tasks.close()
