"""The fields clerks type into: dates, amounts; later setup changes (pickers: test_picker.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from manualbook.book import Book
from manualbook_ui.fields import AmountField, DateField

from conftest import START, type_text


@pytest.mark.parametrize("typed", ["8/7/67", "8/7/2567", "๘/๗/๒๕๖๗", "2024-07-08", "คฝึฝุึ"])
def test_date_field_reads_what_clerks_type(qtbot, typed):
    field = DateField()
    qtbot.addWidget(field)
    type_text(qtbot, field, typed)
    assert field.date() == dt.date(2024, 7, 8)
    field.normalise()
    assert field.text() == "8/7/2567"
    assert field.hint() == "วันจันทร์ที่ 8 กรกฎาคม 2567"


def test_date_field_problem_in_thai_and_calendar(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    type_text(qtbot, field, "8/7/2024")
    assert "ปี ค.ศ." in field.problem()
    field.set_date(dt.date(2024, 7, 8))
    qtbot.keyClick(field, Qt.Key.Key_F4)
    popup = field._popup
    assert popup.isVisible() and popup.title.text() == "กรกฎาคม 2567"
    popup._move(-12)
    assert popup.title.text() == "กรกฎาคม 2566"
    grid = popup.cal.findChild(QTableView)
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert field.date() == dt.date(2023, 7, 9)


def test_amount_words(qtbot):
    field = AmountField()
    qtbot.addWidget(field)
    type_text(qtbot, field, "๒๑.๐๑")
    assert field.satang() == 2101 and field.hint() == "(ยี่สิบเอ็ดบาทหนึ่งสตางค์)"


def test_thai_digits_for_the_registers_is_a_dated_setting(qtbot, session, idle, book_path):
    from manualbook.reporting import render_report
    from manualbook.setup_book import load_setup
    from manualbook_ui.settings_dialog import SettingsDialog

    with Book.open(book_path) as book:
        setup = load_setup(book)
    dialog = SettingsDialog(session, setup)
    qtbot.addWidget(dialog)
    assert not dialog.thai_digits.isChecked()
    dialog.thai_digits.setChecked(True)
    dialog.save()
    idle()
    with Book.open(book_path) as book:
        assert book.setting("thai_digits", START) == "yes"
        pdf = render_report(book, "daily-status", START, START)
    from conftest import pdf_text
    text = pdf_text(pdf)
    assert "๕๐,๐๐๐.๐๐" in text and "50,000.00" not in text  # the opening cash, in Thai digits
