"""The working day the app opens on and the next day it offers to close."""

from __future__ import annotations

import datetime as dt

from _support import receipt

from manualbook import workday


def test_the_working_day_is_the_last_open_day_with_entries(book):
    assert workday.working_day(book) == dt.date(2024, 7, 1)  # no entries: the first open day
    book.add(receipt(date="3/7/2567"))
    book.add(receipt(date="2/7/2567"))
    assert workday.working_day(book) == dt.date(2024, 7, 3)
    book.close_day(dt.date(2024, 7, 3))
    assert workday.working_day(book) == dt.date(2024, 7, 4)  # after a close: the day after it


def test_open_days_are_the_days_with_entries_after_the_last_close(book):
    for day in ("1/7/2567", "3/7/2567", "5/7/2567"):
        book.add(receipt(date=day))
    book.close_day(dt.date(2024, 7, 1))
    assert workday.open_days(book, dt.date(2024, 7, 4)) == [dt.date(2024, 7, 3)]
    assert workday.open_days(book, dt.date(2024, 7, 31)) == [dt.date(2024, 7, 3), dt.date(2024, 7, 5)]


def test_the_day_to_close_is_the_first_open_day_with_entries(book):
    fallback = dt.date(2024, 7, 9)
    assert workday.next_day_to_close(book, fallback) == fallback  # nothing to close yet
    for day in ("5/7/2567", "8/7/2567"):  # a Friday and the Monday after
        book.add(receipt(date=day))
    book.close_day(dt.date(2024, 7, 5))
    assert book.first_open_day() == dt.date(2024, 7, 6)  # Saturday
    assert workday.next_day_to_close(book, fallback) == dt.date(2024, 7, 8)


def test_the_day_to_close_after_a_close_is_never_a_closed_day(book):
    day = dt.date(2024, 7, 1)
    book.add(receipt(date="1/7/2567"))
    book.close_day(day)
    # right after the close the screen still holds the old working day as its fallback
    assert workday.next_day_to_close(book, day) == dt.date(2024, 7, 2)


def test_is_closed():
    assert not workday.is_closed(None, dt.date(2024, 7, 1))
    assert workday.is_closed(dt.date(2024, 7, 1), dt.date(2024, 7, 1))
    assert not workday.is_closed(dt.date(2024, 7, 1), dt.date(2024, 7, 2))
