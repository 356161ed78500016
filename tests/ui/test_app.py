"""Start-up, the lock file, first-run setup, the home screen and day close."""

from __future__ import annotations

import datetime as dt

from manualbook.book import Book
from manualbook_ui import app as app_module
from manualbook_ui.dayclose import DayCloseView
from manualbook_ui.forms import EntryForm
from manualbook_ui.home import HomeView
from manualbook_ui.mainwindow import MainWindow
from manualbook.setup_book import create_book
from manualbook_ui.setup import SetupWizard

from conftest import START, type_in_cell, type_text


def test_second_start_is_refused_in_thai(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "b.sqlite3"
    first = app_module.lock_for(path)
    assert first.tryLock(100)
    shown = []
    monkeypatch.setattr(app_module, "show_error", lambda parent, text, title="": shown.append(text))
    monkeypatch.setattr(app_module, "WAIT_SECONDS", 0.5)
    assert app_module.main(str(path)) == 2
    assert "เปิดอยู่แล้ว" in shown[0] and "หมายเลขโปรเซส" in shown[0]  # who holds it, named
    first.unlock()


def test_the_app_waits_for_a_command_that_writes_and_then_opens(qtbot, tmp_path):
    """A command holding the book (an import, a close) is waited for with a progress window, not
    taken for a second window of the app."""
    from PySide6.QtCore import QTimer

    from manualbook.lockfile import BookLock

    path = tmp_path / "b.sqlite3"
    command = BookLock(path)
    assert command.acquire()
    QTimer.singleShot(700, command.release)
    lock = app_module.lock_for(path)
    assert app_module.take_lock(lock, path)
    assert lock.isLocked()
    lock.unlock()


def test_the_wait_can_be_given_up(qtbot, tmp_path, monkeypatch):
    from manualbook.lockfile import BookLock

    path = tmp_path / "b.sqlite3"
    command = BookLock(path)
    assert command.acquire()
    monkeypatch.setattr(app_module, "WAIT_SECONDS", 0.6)
    lock = app_module.lock_for(path)
    assert not app_module.take_lock(lock, path)
    command.release()


def test_wizard_checks_and_creates_book(qtbot, tmp_path):
    wizard = SetupWizard()
    qtbot.addWidget(wizard, before_close_func=lambda w: w.done(0))  # closing would ask first: never in teardown
    wizard.show()
    assert not wizard.currentPage().validatePage()  # no name yet
    assert "ชื่อหน่วยงาน" in wizard.org.error.text()
    type_text(qtbot, wizard.org.name, "อบต.บ้านใหม่")
    type_text(qtbot, wizard.org.start, "1/10/67")
    type_text(qtbot, wizard.org.since, "ๅฝๅจฝุึ")  # "1/10/67" typed with the Thai layout on
    type_text(qtbot, wizard.org.cash, "๑,๐๐๐")
    assert wizard.currentPage().validatePage()
    wizard.next()
    type_in_cell(qtbot, wizard.accounts.table, 0, 0, "ออมสิน")
    type_in_cell(qtbot, wizard.accounts.table, 0, 1, "0201-2345-6789")
    type_in_cell(qtbot, wizard.accounts.table, 0, 4, "25,000.50")
    assert wizard.currentPage().validatePage()
    wizard.next()
    type_text(qtbot, wizard.people.names["clerk"], "นางสาวสมศรี ใจดี")
    type_text(qtbot, wizard.people.titles["clerk"], "นักวิชาการเงินและบัญชี")
    type_text(qtbot, wizard.people.names["committee_1"], "นายหนึ่ง")
    values = wizard.values()
    assert values.since == dt.date(2024, 10, 1) and values.cash == 1000_00
    book = create_book(str(tmp_path / "new.sqlite3"), values)
    assert book.org().name == "อบต.บ้านใหม่"
    assert [(a.key, a.bank) for a in book.accounts()] == [("ACC6789", "ออมสิน")]
    assert book.summary(START).balances.account("ACC6789") == 25_000_50
    assert book.setting("committee_1") == "นายหนึ่ง"
    assert book.setting("clerk_title") == "นักวิชาการเงินและบัญชี"
    book.close()
    wizard.done(0)  # done, as the app does once the book is made (closing would ask first)
    # a set-up that failed opens the wizard again with all of this back in it
    again = SetupWizard()
    qtbot.addWidget(again, before_close_func=lambda w: w.done(0))
    again.fill(values)
    assert again.values() == values
    assert again.org.name.text() == "อบต.บ้านใหม่" and again.org.since.text() == "1/10/2567"
    assert again.org.cash.text() == "1,000.00" and again.accounts.table.item(0, 4).text() == "25,000.50"
    assert again.people.names["committee_1"].text() == "นายหนึ่ง"


def test_home_shows_the_day(qtbot, session, idle, book_path):
    with Book.open(book_path) as book:
        book.add({"date": "1/10/2567", "kind": "receipt", "book": "1", "number": "1",
                  "code": "41100001", "amount": "1500"})
        book.add({"date": "1/10/2567", "kind": "payment", "number": "1", "party": "ร้าน", "line": "L002",
                  "amount": "950"})
    home = HomeView(session)
    qtbot.addWidget(home)
    home.reload()
    idle()
    text = " ".join(w.text() for w in home.body.findChildren(type(home.title)))
    assert "1,500.00" in text and "950.00" in text
    assert "ยังไม่ได้ปิด 1 วัน" in text
    assert "L002 ค่าไฟฟ้า" in text  # 50 of 1,000 baht left: close to zero


def test_day_close(qtbot, session, idle, book_path, monkeypatch):
    with Book.open(book_path) as book:
        for n in (1, 3):
            book.add({"date": "1/10/2567", "kind": "receipt", "book": "1", "number": str(n),
                      "code": "41100001", "amount": "100"})
    view = DayCloseView(session)
    qtbot.addWidget(view)
    view.day.set_date(START)
    view.reload()
    idle()
    assert "ข้ามเลขที่ 2" in view.warnings.text()
    from manualbook_ui import dayclose
    monkeypatch.setattr(dayclose, "ask", lambda *a, **k: True)
    view.close_day()
    idle()
    with Book.open(book_path) as book:
        assert book.closed_through() == START
    assert session.closed_through == START
    idle()
    assert not view.close_button.isEnabled() or view.day.date() > START


def test_main_window_builds_and_navigates(qtbot, session, idle):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    idle()
    window.go("payment")
    assert window.stack.currentWidget() is window.screens["payment"]
    labels = [a.text() for a in window.print_menu.actions()]
    # every register is in the Print menu, enabled, none marked "not ready"
    assert len(labels) == 7 and not any("ยังไม่พร้อม" in t for t in labels)
    assert all(a.isEnabled() for a in window.print_menu.actions())


def test_every_screen_is_reached_from_the_keyboard(qtbot, session, idle):
    from PySide6.QtCore import Qt

    from manualbook_ui.budget_view import BudgetView
    from manualbook_ui.keyed_view import KeyedView
    from manualbook_ui.receipt_books_view import ReceiptBooksView

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    idle()
    for key, kind in ((Qt.Key.Key_9, BudgetView), (Qt.Key.Key_0, KeyedView), (Qt.Key.Key_2, EntryForm)):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        screen = window.stack.currentWidget()
        assert isinstance(screen, kind)
        if kind is not EntryForm:  # a list screen takes keys in its table (Space ticks, arrows move)
            assert screen.table.hasFocus()
    window.nav.setCurrentRow(len(window.screens) - 1)  # the last one has no number: the list reaches it
    assert isinstance(window.stack.currentWidget(), ReceiptBooksView)
    idle()


def test_escape_in_the_wizard_asks_before_throwing_away_what_was_typed(qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from manualbook_ui import setup

    asked = []
    answers = iter([False, True])
    monkeypatch.setattr(setup, "ask", lambda parent, text, title="": asked.append(text) or next(answers))
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.org.name, "อบต.บ้านใหม่")
    qtbot.keyClick(wizard.org.name, Qt.Key.Key_Escape)  # "no": the wizard stays with the text
    assert wizard.isVisible() and wizard.org.name.text() == "อบต.บ้านใหม่" and len(asked) == 1
    assert "หายไป" in asked[0]
    qtbot.keyClick(wizard.org.name, Qt.Key.Key_Escape)  # "yes": closed
    assert not wizard.isVisible() and len(asked) == 2
    empty = SetupWizard()
    qtbot.addWidget(empty)
    empty.show()
    qtbot.keyClick(empty, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert not empty.isVisible() and len(asked) == 2


def test_a_failed_set_up_opens_the_wizard_again_with_what_was_typed(qtbot, tmp_path, monkeypatch):
    """The book could not be made (here: a refusal from create_book): the clerk is told in Thai, and
    the wizard comes back holding everything typed, not empty."""
    from PySide6.QtWidgets import QDialog

    from manualbook import setup_book
    from manualbook.messages import BookError, msg
    from manualbook.setup_book import SetupValues

    typed = SetupValues(name="อบต.บ้านใหม่", lao_code="1234567", start=dt.date(2024, 10, 1),
                        since=dt.date(2024, 10, 1), cash=1000_00,
                        accounts=[{"bank": "ออมสิน", "number": "0201-2345-6789", "branch": "", "type": "",
                                   "opening": 25_000_50}],
                        people={"clerk": "นางสาวสมศรี ใจดี", "clerk_title": "นักวิชาการเงินและบัญชี"})
    opened: list = []

    def exec_(wizard):
        opened.append(wizard.values())
        if len(opened) == 1:
            wizard.fill(typed)  # what the clerk typed the first time
            return QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected  # the second time: seen, then given up

    def refuse(path, values):
        raise BookError(msg("file_unreadable", path=path, why="ดิสก์เต็ม"))

    shown = []
    monkeypatch.setattr(SetupWizard, "exec", exec_)
    monkeypatch.setattr(setup_book, "create_book", refuse)
    monkeypatch.setattr(app_module, "show_error", lambda parent, text, title="": shown.append(title))
    assert app_module.main(str(tmp_path / "new.sqlite3")) == 1
    assert shown == ["ตั้งสมุดไม่สำเร็จ"]
    assert len(opened) == 2
    first, second = opened
    assert not first.name and not first.accounts  # the first wizard opened empty
    full = {**{k: "" for k in second.people}, **typed.people}
    assert second == SetupValues(**{**typed.__dict__, "people": full})  # the second, with all of it
