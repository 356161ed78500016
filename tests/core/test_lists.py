"""What the app's screens list: the budget screen's figures follow the contract's budget
arithmetic (ตั้งไว้ is the year's appropriation as set; spent before the books' start is
spent); the home screen, the receipt-book register, payers and payees used before."""

from __future__ import annotations

import datetime as dt

from _support import payment, receipt

from manualbook import lists
from manualbook.book import Book
from manualbook.demo import build_demo
from manualbook.lists import budget_data


def test_budget_screen_figures_are_the_summarys(tmp_path):
    path = tmp_path / "demo.sqlite3"
    build_demo(path)
    with Book.open(path) as book:
        data = budget_data(book, 2567)
        summary = {s.key: s for s in book.summary().budget}
    rows = {r.key: r for r in data.lines}
    assert set(rows) == set(summary)
    for key, r in rows.items():
        s = summary[key]
        assert (r.appropriated, r.spent, r.committed, r.remaining) == (s.appropriated, s.spent, s.committed,
                                                                       s.remaining)
    # L01: ตั้งไว้ 2,400,000.00, spent 1,800,000.00 before 1/7/2567 and 298,640.00 since
    assert (rows["L01"].appropriated, rows["L01"].spent, rows["L01"].remaining) == (2_400_000_00, 2_098_640_00,
                                                                                   301_360_00)
    # open commitments the screen lists: PO-15/2567 half paid, PO-21/2567 untouched
    assert {c.key: c.outstanding for c in data.commitments} == {"PO-15/2567": 249_000_00, "PO-21/2567": 38_500_00}


def test_parties_are_the_most_used_first_by_kind(book):
    for n, who in enumerate(("นายสอง", "นายหนึ่ง", "นายหนึ่ง"), start=1):
        book.add(receipt(party=who, book="1", number=str(n)))
    book.add(payment(party="ร้านค้า"))
    assert lists.parties(book, ("receipt",)) == ["นายหนึ่ง", "นายสอง"]
    assert lists.parties(book, ("payment",)) == ["ร้านค้า"]
    assert lists.parties(book, ("receipt", "payment"), limit=1) == ["นายหนึ่ง"]


def test_receipt_books_say_which_were_registered_by_hand(book):
    book.register_receipt_book("1", 1, 50)
    book.add(receipt(book="1", number="1"))
    book.add(receipt(book="1", number="3"))
    book.add(receipt(book="9", number="7"))  # a book first seen on a receipt
    rows = {r.key: r for r in lists.receipt_book_rows(book)}
    assert (rows["1"].auto, rows["1"].used, rows["1"].gaps, rows["1"].next, rows["1"].left) == (False, 2, (2,), 4, 47)
    assert rows["9"].auto and rows["9"].left is None


def test_home_data_names_low_lines_and_days_to_close(make_book):
    book = make_book(lines={"L01": 1_000_00, "L02": 50_000_00})
    book.add(payment(line="L01", amount="950", date="2/7/2567"))
    book.add(receipt(date="3/7/2567"))
    book.close_day(dt.date(2024, 7, 2))
    home = lists.home_data(book, dt.date(2024, 7, 3))
    assert home.org_name == "อบต.ทดสอบ" and home.closed_through == dt.date(2024, 7, 2)
    assert home.open_days == [dt.date(2024, 7, 3)]
    assert [(key, s.remaining) for key, _, s in home.low_lines] == [("L01", 50_00)]
    assert home.entries == 2 and home.budget_lines == 2
    assert home.account_names == {"KTB": "ธนาคารกรุงไทย 000-KTB"}


def test_a_day_against_elaas_is_none_until_its_figures_are_typed(book):
    book.add(receipt(amount="250"))
    ours, theirs = lists.day_against_elaas(book, dt.date(2024, 7, 1))
    assert ours["receipts"] == 250_00 and theirs is None


def test_a_forms_choices_and_proposals(book):
    book.register_receipt_book("5", 1, 50)
    book.add(receipt(book="5", number="1", party="นายหนึ่ง"))
    book.add(payment(number="7/2567", party="ร้านค้า"))
    got = lists.form_choices(book, "receipt", dt.date(2024, 7, 1))
    assert got["next_receipt"] == ("5", "2") and got["parties"] == ["นายหนึ่ง"]
    assert "41210008" in {c.key for c in got["codes"]} and "lines" not in got
    got = lists.form_choices(book, "payment", dt.date(2024, 7, 1))
    assert got["next_voucher"] == "8/2567" and {"L01", "L02"} <= {c.key for c in got["lines"]}
    assert [c.key for c in got["accounts"]] == ["KTB"] and got["parties"] == ["ร้านค้า"]
    assert set(lists.form_choices(book, "void", dt.date(2024, 7, 1))) == {"accounts", "next_receipt"}
