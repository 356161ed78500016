"""What each amount reader accepts today, pinned before the two are made one.

``money.parse_amount`` reads what a clerk types and the entries file;
with ``rules=SHEET_CELL`` (once ``budget_grid.parse_amount``) a budget sheet's
cells, where "-" is a printed zero. They disagree on "+15", ".5", "-" and Kedmanee digits; a
merge must keep each caller's answers (issue 15).
"""

from __future__ import annotations

import pytest

from manualbook import money
from manualbook.messages import BookError


def _typed(text):
    try:
        return money.parse_amount(text)
    except BookError:
        return "refused"


def _sheet(cell):
    try:
        return money.parse_amount(cell, rules=money.SHEET_CELL)
    except BookError:
        return "refused"


@pytest.mark.parametrize("text,typed,sheet", [
    ("+15", 1500, "refused"),
    (".5", 50, "refused"),
    ("-", "refused", 0),
    ("–", "refused", 0),
    ("๑๕", 1500, 1500),
    ("๑,๒๓๔.๕๐", 123450, 123450),
    ("ๅ/", 1200, "refused"),          # Kedmanee digits: only what a clerk types
    ("1 234.50", 123450, 123450),
    ("1,234.5", 123450, 123450),
    ("(15)", "refused", "refused"),
    ("15-", "refused", "refused"),
    ("1.234", "refused", "refused"),
    ("abc", "refused", "refused"),
])
def test_each_reader_keeps_its_answer(text, typed, sheet):
    assert _typed(text) == typed
    assert _sheet(text) == sheet


def test_numeric_cells_are_read_alike():
    for value, satang in ((15, 1500), (15.5, 1550), (0, 0), (1234.56, 123456)):
        assert money.parse_amount(value) == satang == money.parse_amount(value, rules=money.SHEET_CELL)
    assert _typed(-1) == _sheet(-1) == "refused"
    assert _typed(1.005) == _sheet(1.005) == "refused"
