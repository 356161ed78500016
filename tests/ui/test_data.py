"""What the forms propose: the next receipt book and number, the next voucher number."""

from __future__ import annotations

import datetime as dt

from manualbook.book import Book
from manualbook_ui import data


def test_next_voucher_follows_the_written_pattern(book_path):
    with Book.open(book_path) as book:
        day = dt.date(2024, 10, 1)
        assert data.next_voucher(book, day) == "1"
        book.add({"date": "1/10/2567", "kind": "payment", "number": "111/2568", "party": "ร้าน", "line": "L001",
                  "amount": "10"})
        book.add({"date": "1/10/2567", "kind": "payment", "number": "9/2568", "party": "ร้าน", "line": "L001",
                  "amount": "10"})
        assert data.next_voucher(book, day) == "112/2568"


def test_next_receipt_moves_to_a_book_with_numbers_left(book_path):
    with Book.open(book_path) as book:
        book.register_receipt_book("1", 1, 2)
        book.register_receipt_book("2", 1, 50)
        book.add({"date": "1/10/2567", "kind": "receipt", "book": "1", "number": "1", "code": "41100001",
                  "amount": "100"})
        assert data.next_receipt(book) == ("1", "2")
        book.add({"date": "1/10/2567", "kind": "receipt", "book": "1", "number": "2", "code": "41100001",
                  "amount": "100"})
        assert data.next_receipt(book) == ("2", "1")


def test_the_day_to_close_is_the_first_open_day_with_entries(book_path):
    with Book.open(book_path) as book:
        fallback = dt.date(2024, 10, 9)
        assert data.next_day_to_close(book, fallback) == fallback  # nothing to close yet
        for day in ("4/10/2567", "7/10/2567"):  # a Friday and the Monday after
            book.add({"date": day, "kind": "receipt", "book": "1", "number": day[0], "code": "41100001",
                      "amount": "100"})
        book.close_day(dt.date(2024, 10, 4))
        assert book.first_open_day() == dt.date(2024, 10, 5)  # Saturday
        assert data.next_day_to_close(book, fallback) == dt.date(2024, 10, 7)


def test_the_day_to_close_after_a_close_is_never_a_closed_day(book_path):
    with Book.open(book_path) as book:
        day = dt.date(2024, 10, 1)
        book.add({"date": "1/10/2567", "kind": "receipt", "book": "1", "number": "1", "code": "41100001",
                  "amount": "100"})
        book.close_day(day)
        # right after the close the screen still holds the old working day as its fallback
        assert data.next_day_to_close(book, day) == dt.date(2024, 10, 2)
