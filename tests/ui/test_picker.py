"""Pickers never choose for the clerk: real key presses, one at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt

from manualbook.book import Book
from manualbook.choices import Choice
from manualbook_ui.fields import Picker
from manualbook_ui.forms import EntryForm

from conftest import type_text

CODES = [Choice("41100001", "41100001  ภาษีโรงเรือนและที่ดิน"), Choice("41100002", "41100002  ภาษีบำรุงท้องที่"),
         Choice("41100003", "41100003  ภาษีป้าย"), Choice("41210008", "41210008  ค่าธรรมเนียมเก็บขนขยะมูลฝอย")]


def picker_in_window(qtbot):
    from PySide6.QtWidgets import QVBoxLayout, QWidget
    host = QWidget()
    box = QVBoxLayout(host)
    picker = Picker(what="รหัสรายรับ")
    other = Picker()
    box.addWidget(picker)
    box.addWidget(other)
    host.resize(600, 400)
    qtbot.addWidget(host)
    host.show()
    picker.set_choices(CODES)
    host.activateWindow()
    picker.setFocus()
    qtbot.waitUntil(picker.hasFocus)
    picker.host = host  # keeps the window alive as long as the test holds the picker
    return picker


def test_a_code_typed_key_by_key_is_never_replaced(qtbot):
    picker = picker_in_window(qtbot)
    seen = []
    for ch in "41100003":
        qtbot.keyClick(picker, ch)
        seen.append(picker.text())
    assert seen == ["4", "41", "411", "4110", "41100", "411000", "4110000", "41100003"]
    assert picker.list_texts() == ["41100003  ภาษีป้าย"]  # the list filters; the text stays as typed
    assert picker.choice().key == "41100003"  # a code typed in full is that code
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert picker.text() == "41100003  ภาษีป้าย" and not picker.list_visible()


def test_part_of_a_name_is_not_a_choice_until_enter(qtbot):
    picker = picker_in_window(qtbot)
    type_text(qtbot, picker, "มูลฝอย")
    assert picker.text() == "มูลฝอย" and picker.choice() is None
    assert picker.value_text() == "มูลฝอย" and "ยังไม่ได้เลือก" in picker.problem()
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # one item fits: Enter takes it
    assert picker.choice().key == "41210008" and picker.text() == "41210008  ค่าธรรมเนียมเก็บขนขยะมูลฝอย"


def test_enter_on_several_matches_opens_the_list_and_takes_nothing(qtbot):
    picker = picker_in_window(qtbot)
    type_text(qtbot, picker, "ภาษี")
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert picker.text() == "ภาษี" and picker.choice() is None and picker.hasFocus()
    assert picker.list_texts() == [c.label for c in CODES[:3]] and picker.current_row() == -1
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # again: still nothing taken
    assert picker.text() == "ภาษี" and picker.choice() is None
    qtbot.keyClick(picker, Qt.Key.Key_Down)
    qtbot.keyClick(picker, Qt.Key.Key_Down)
    assert picker.text() == "ภาษี"  # moving the highlight writes nothing
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert picker.choice().key == "41100002"


def test_backspace_only_deletes(qtbot):
    picker = picker_in_window(qtbot)
    type_text(qtbot, picker, "ป้าย")
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert picker.choice().key == "41100003"
    qtbot.keyClick(picker, Qt.Key.Key_End)
    texts = []
    for _ in range(6):
        qtbot.keyClick(picker, Qt.Key.Key_Backspace)
        texts.append(picker.text())
    assert texts == ["41100003  ภาษีป้า", "41100003  ภาษีป้", "41100003  ภาษีป", "41100003  ภาษี",
                     "41100003  ภาษ", "41100003  ภา"]
    picker.selectAll()
    qtbot.keyClick(picker, Qt.Key.Key_Backspace)
    qtbot.keyClick(picker, Qt.Key.Key_Backspace)
    assert picker.text() == "" and picker.choice() is None


def test_nothing_matching_stays_as_typed_with_a_reason(qtbot):
    picker = picker_in_window(qtbot)
    type_text(qtbot, picker, "ภาษีเรือ")
    assert picker.list_texts() == ['ไม่มีรหัสรายรับที่ตรงกับ "ภาษีเรือ"']
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    qtbot.keyClick(picker, Qt.Key.Key_Down)
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # the note row cannot be taken
    assert picker.text() == "ภาษีเรือ" and picker.choice() is None
    assert 'ไม่มีรหัสรายรับ "ภาษีเรือ"' in picker.problem()
    qtbot.keyClick(picker, Qt.Key.Key_Escape)
    assert not picker.list_visible() and picker.text() == "ภาษีเรือ"


def test_a_new_list_keeps_the_text(qtbot):
    picker = picker_in_window(qtbot)
    type_text(qtbot, picker, "41100099")
    assert picker.choice() is None
    picker.set_choices(CODES + [Choice("41100099", "41100099  ภาษีที่ดินและสิ่งปลูกสร้าง")])
    assert picker.text() == "41100099" and picker.choice().key == "41100099"


def test_receipt_form_saves_the_code_typed_by_number_and_by_name(qtbot, session, idle, book_path):
    form = EntryForm(session, "receipt")
    qtbot.addWidget(form)
    form.resize(900, 700)
    form.show()
    idle()
    for book_no, number, code_typed in (("1", "1", "41100003"), ("1", "2", "ภาษีป้าย"), ("1", "3", "มูลฝอย")):
        form.fields["book"].setFocus()
        form.fields["book"].selectAll()
        type_text(qtbot, form.fields["book"], book_no)
        qtbot.keyClick(form.fields["book"], Qt.Key.Key_Return)
        form.fields["number"].selectAll()
        type_text(qtbot, form.fields["number"], number)
        qtbot.keyClick(form.fields["number"], Qt.Key.Key_Return)
        qtbot.keyClick(form.fields["party"], Qt.Key.Key_Return)
        code = form.fields["code"]
        assert code.hasFocus()
        type_text(qtbot, code, code_typed)
        qtbot.keyClick(code, Qt.Key.Key_Return)
        assert form.fields["description"].hasFocus(), code.text()
        form.fields["amount"].setFocus()
        type_text(qtbot, form.fields["amount"], "100")
        qtbot.keyClick(form.fields["amount"], Qt.Key.Key_Return)
        idle()
        assert "บันทึกแล้ว" in form.form_message.text(), form.form_message.text()
    with Book.open(book_path) as book:
        assert [e.code for e in book.entries()] == ["41100003", "41100003", "41210008"]


def test_receipt_form_refuses_a_name_not_taken(qtbot, session, idle, book_path):
    form = EntryForm(session, "receipt")
    qtbot.addWidget(form)
    form.show()
    idle()
    for key, text in (("book", "1"), ("number", "1"), ("code", "ภาษี"), ("amount", "100")):
        form.fields[key].setFocus()
        type_text(qtbot, form.fields[key], text)
    qtbot.keyClick(form.fields["amount"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle()
    assert "ยังไม่ได้เลือก" in form.messages["code"].text()
    assert form.fields["code"].hasFocus() and form.fields["code"].text() == "ภาษี"
    with Book.open(book_path) as book:
        assert list(book.entries()) == []


def test_transfer_dialog_takes_the_line_typed(qtbot, session, idle, book_path):
    from manualbook_ui.budget_view import BudgetView
    with Book.open(book_path) as book:
        for pos, key in enumerate(("L01", "L07"), start=10):
            book.db["budget_lines"].insert({"fy": 2568, "key": key, "item": f"รายการ {key}", "amount": 1_000_00,
                                            "position": pos, "created_at": "2024-10-01T08:00:00+07:00"})
    view = BudgetView(session)
    qtbot.addWidget(view)
    view.show()
    view.reload()
    idle()
    dialog = view.open_transfer()
    qtbot.waitUntil(lambda: dialog.fields["from_line"].hasFocus())
    from_line = dialog.fields["from_line"]
    type_text(qtbot, from_line, "L07")
    qtbot.keyClick(from_line, Qt.Key.Key_Escape)  # closes the list, not the dialog
    assert dialog.isVisible() and from_line.text() == "L07"
    qtbot.keyClick(from_line, Qt.Key.Key_Return)
    assert from_line.choice().key == "L07" and dialog.fields["to_line"].hasFocus()
    type_text(qtbot, dialog.fields["to_line"], "รายการ L01")
    qtbot.keyClick(dialog.fields["to_line"], Qt.Key.Key_Return)
    assert dialog.fields["to_line"].choice().key == "L01"
    dialog.reject()


def test_a_click_on_an_item_takes_it(qtbot):
    from PySide6.QtTest import QTest
    picker = picker_in_window(qtbot)
    type_text(qtbot, picker, "ภาษี")
    view = picker.list_view()
    rect = view.visualRect(view.model().index(2, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picker.choice().key == "41100003" and not picker.list_visible() and picker.hasFocus()
