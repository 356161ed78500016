"""Every action by keyboard: menus on Alt, Ctrl+P/E/Q, F1, the cursor after a screen switch,
Tab out of a table, list actions on keys, and a key sheet that names every key."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from manualbook.book import Book
from manualbook_ui.keysheet import KeySheet, sheet_keys
from manualbook_ui.mainwindow import MainWindow

from conftest import START, type_text


def make_window(qtbot, session, idle):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    idle()
    return window


def press_in_next_dialog(qtbot, *keys, then=None):
    """Answers the next modal dialog with real key presses (it runs its own event loop)."""
    tries = [0]

    def answer():
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        tries[0] += 1
        if dialog is None or ((focus is None or not dialog.isAncestorOf(focus)) and tries[0] < 50):
            QTimer.singleShot(20, answer)  # not shown yet, or its cursor not placed yet
            return
        if then:
            then(dialog)
        for key in keys:
            focus = QApplication.focusWidget()
            target = focus if focus is not None and dialog.isAncestorOf(focus) else dialog
            if isinstance(key, str):
                type_text(qtbot, target, key)
            else:
                qtbot.keyClick(target, key)
    QTimer.singleShot(20, answer)


def test_every_key_the_window_answers_is_on_the_key_sheet(qtbot, session, idle):
    window = make_window(qtbot, session, idle)
    keys = set()
    for act in window.findChildren(QAction):
        for seq in act.shortcuts():
            keys.add(seq.toString(QKeySequence.SequenceFormat.PortableText))
    for sc in window.findChildren(QShortcut):
        keys.add(sc.key().toString(QKeySequence.SequenceFormat.PortableText))
    keys.discard("")
    assert {"Ctrl+P", "Ctrl+E", "Ctrl+Q", "F1", "Ctrl+R", "Ctrl+1", "Ctrl+0"} <= keys
    missing = keys - sheet_keys() - {f"Ctrl+{n}" for n in range(10)}
    assert not missing, f"keys not on the F1 sheet: {sorted(missing)}"


def test_menus_open_with_alt_and_a_latin_letter(qtbot, session, idle):
    window = make_window(qtbot, session, idle)
    letters = []
    for act in window.menuBar().actions():
        text = act.text()
        assert "&" in text, text
        letter = text[text.index("&") + 1]
        assert letter.isascii() and letter.isalpha(), text
        letters.append(letter.upper())
    assert len(letters) == len(set(letters))  # each Alt+letter opens one menu
    assert {"F", "P", "E", "D", "T", "S", "H"} <= set(letters)
    tools = window.tools_menu  # backups and restore have a place to go
    assert tools.title().startswith("เครื่องมือ")


def test_f1_shows_the_key_sheet_and_escape_closes_it(qtbot, session, idle):
    window = make_window(qtbot, session, idle)
    seen = []
    press_in_next_dialog(qtbot, Qt.Key.Key_Escape, then=lambda d: seen.append(
        (type(d).__name__, "Ctrl+R" in d.text.toPlainText())))
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert seen == [("KeySheet", True)]
    sheet = KeySheet()
    qtbot.addWidget(sheet)
    assert "ปุ่มลัด" in sheet.text.toPlainText() and "Ctrl+P" in sheet.text.toPlainText()


def test_ctrl_q_quits(qtbot, session, idle):
    window = make_window(qtbot, session, idle)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_ctrl_p_opens_the_print_menu_and_ctrl_e_exports(qtbot, session, idle, monkeypatch):
    window = make_window(qtbot, session, idle)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.print_menu.isVisible)
    window.print_menu.hide()
    ran = []
    monkeypatch.setattr(window, "run_registered", lambda action: ran.append(action.key))
    export = next(a for a in window.export_menu.actions() if a.shortcut().toString() == "Ctrl+E")
    export.trigger()
    assert ran == ["usb_bundle"]


def test_a_screen_switch_puts_the_cursor_in_the_date_or_the_table(qtbot, session, idle):
    window = make_window(qtbot, session, idle)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    idle()
    date = window.screens["receipt"].fields["date"]
    assert date.hasFocus() and date.selectedText() == date.text() == "1/10/2567"
    type_text(qtbot, QApplication.focusWidget(), "2/10/2567")  # typed over the selection
    assert date.text() == "2/10/2567"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    idle()
    assert window.screens["entries"].table.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    idle()
    assert window.screens["close"].day.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    assert window.working_day.hasFocus()


def test_tab_leaves_a_table(qtbot, session, idle):
    window = make_window(qtbot, session, idle)
    for key in ("entries", "budget", "receipt_books", "keyed"):
        window.go(key)
        idle()
        table = window.screens[key].table
        assert table.hasFocus(), key
        qtbot.keyClick(table, Qt.Key.Key_Tab)
        assert not table.hasFocus(), key


def test_ctrl_r_reverses_the_selected_entry_by_keyboard(qtbot, session, idle, book_path, monkeypatch):
    with Book.open(book_path) as book:
        book.add({"kind": "receipt", "date": "1/10/2567", "book": "1", "number": "1", "code": "41100001",
                  "amount": "250"})
    from manualbook_ui import entries_view
    monkeypatch.setattr(entries_view, "show_info", lambda *a, **k: None)
    window = make_window(qtbot, session, idle)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    idle()
    view = window.screens["entries"]
    assert view.table.hasFocus() and view.selected() is not None
    assert view.reverse_button.text().endswith("(Ctrl+R)")
    press_in_next_dialog(qtbot, "บันทึกจำนวนเงินผิด", Qt.Key.Key_Return)
    qtbot.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    idle()
    with Book.open(book_path) as book:
        kinds = [(e.kind, e.amount, e.reason) for e in book.entries()]
    assert kinds == [("receipt", 250_00, ""), ("reversal", -250_00, "บันทึกจำนวนเงินผิด")]
    assert view.table.hasFocus()
    # the day's figures on the home screen count neither, and say so
    window.go("home")
    idle()
    from PySide6.QtWidgets import QLabel
    texts = [w.text() for w in window.screens["home"].body.findChildren(QLabel)]
    assert any("รับเงิน 0 ใบเสร็จ (ไม่นับ 1 ใบเสร็จที่กลับรายการแล้ว)" in t for t in texts), texts


def test_date_a_year_ahead_is_asked_about_with_no_as_the_default(qtbot, session, idle, book_path):
    window = make_window(qtbot, session, idle)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    form = window.screens["receipt"]
    for text in ("1/10/2568", "1", "1", "", "41100001", "", "", "500"):
        w = QApplication.focusWidget()
        if text:
            type_text(qtbot, w, text)
        if w is not form.fields["amount"]:
            qtbot.keyClick(w, Qt.Key.Key_Return)
    asked = []
    press_in_next_dialog(qtbot, Qt.Key.Key_Return, then=lambda d: asked.append(d.text()))  # Enter: the default
    qtbot.keyClick(form.fields["amount"], Qt.Key.Key_Return)
    idle()
    assert asked and "1/10/2568" in asked[0] and "ปีงบประมาณ 2569" in asked[0]
    with Book.open(book_path) as book:
        assert list(book.entries()) == []
    qtbot.waitUntil(form.fields["date"].hasFocus)  # the cursor back on the date to correct it
    assert session.working_day == START and window.working_day.text() == "1/10/2567"


def test_the_programs_ctrl_keys_win_over_a_text_box(qtbot, session, idle, monkeypatch):
    """On Linux a text box keeps Ctrl+E (end of line) for itself; Ctrl+E must export from any field."""
    window = make_window(qtbot, session, idle)
    ran = []
    monkeypatch.setattr(window, "run_registered", lambda action: ran.append(action.key))
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    idle()
    day = window.screens["close"].day
    assert day.hasFocus()
    qtbot.keyClick(day, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert ran == ["usb_bundle"]
    # what xcb's text box would claim (offscreen claims nothing): the window keeps its keys, not the editing ones
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    def claimed(key):
        ev = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.ControlModifier)
        return not window.app_keys.eventFilter(day, ev)
    assert not claimed(Qt.Key.Key_E) and not claimed(Qt.Key.Key_K) and not claimed(Qt.Key.Key_P)
    assert claimed(Qt.Key.Key_A) and claimed(Qt.Key.Key_C) and claimed(Qt.Key.Key_V)
    day.setCursorPosition(0)
    qtbot.keyClick(day, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # copy-and-paste keys stay the box's
    assert day.selectedText() == day.text()
