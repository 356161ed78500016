"""Fixtures for the desktop app tests: a small book in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from manualbook.book import Book  # noqa: E402

START = dt.date(2024, 10, 1)  # FY2568
SINCE = dt.date(2024, 10, 1)


def make_book(path) -> Book:
    """An office with cash, one bank account, two budget lines and signers."""
    book = Book.create(path, "องค์การบริหารส่วนตำบลทดสอบ", START, SINCE, cash=50_000_00,
                       lao_code="6123456", clerk="นางสาวสมศรี ใจดี")
    book.add_account("KTB1", "กรุงไทย", "123-4-56789-0", opening=100_000_00, branch="อำเภอเมือง")
    stamp = "2024-10-01T08:00:00+07:00"
    for pos, (key, item, amount) in enumerate((("L001", "ค่าวัสดุสำนักงาน", 50_000_00),
                                               ("L002", "ค่าไฟฟ้า", 1_000_00))):
        book.db["budget_lines"].insert({"fy": 2568, "key": key, "item": item, "amount": amount,
                                        "position": pos, "created_at": stamp})
    book.set_setting("finance_head", "นายใหญ่ การคลัง", START)
    return book


@pytest.fixture(autouse=True, scope="session")
def _pyside_refcount_guard(qapp):
    from manualbook_ui import gcguard, qtfix
    qtfix.guard()
    gcguard.install(qapp)  # as the app does: no garbage collection on the worker thread


@pytest.fixture
def book_path(tmp_path):
    path = tmp_path / "books.sqlite3"
    make_book(path).close()
    return path


@pytest.fixture
def session(qtbot, book_path):
    from manualbook_ui.ops import TaskManager
    from manualbook_ui.session import Session
    from manualbook_ui import theme
    from PySide6.QtWidgets import QApplication

    theme.apply(QApplication.instance())
    tasks = TaskManager(Book.open(book_path))
    s = Session(tasks, START, None, "องค์การบริหารส่วนตำบลทดสอบ")
    yield s
    tasks.close()


def reopen(path) -> Book:
    return Book.open(path)


@pytest.fixture
def idle(qtbot, session):
    """Call to wait until the worker has no job and its results were delivered."""
    def wait(timeout=5000):
        qtbot.waitUntil(lambda: not session.tasks.busy(), timeout=timeout)
    return wait


def type_text(qtbot, widget, text: str) -> None:
    """Types like a keyboard: QTest cannot map non-ASCII characters to keys, so
    Thai characters go in as key events carrying their text."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Press, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)
            QTest.sendKeyEvent(QTest.KeyAction.Release, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def retype(qtbot, widget, text: str) -> None:
    """Replaces what a field holds as a clerk does: Ctrl+A, then the new text
    typed key by key (Backspace when the field is to be left empty)."""
    from PySide6.QtCore import Qt

    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Backspace)


def type_in_cell(qtbot, table, row: int, col: int, text: str) -> None:
    """Types into a table cell by keyboard: the cell made current, F2 opens
    its editor, the text typed key by key, Enter commits it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    table.setFocus()
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    # the editor F2 opened: the last cell's editor may linger hidden until Qt deletes it
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "F2 opened no editor in the cell"
    editor = editors[0]
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits on Enter through a queued call
    qtbot.waitUntil(lambda: table.item(row, col).text() == text, timeout=2000)


def pdf_text(pdf: bytes) -> str:
    """The text of every page (pdfium), for checking what a register prints."""
    import pypdfium2 as pdfium

    from manualbook_ui.pdfpages import PDFIUM_LOCK

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        finally:
            doc.close()
