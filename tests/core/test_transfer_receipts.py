"""Receipts that arrived by bank transfer without a receipt book: the number is the
bank's reference (any text), unique per account; and a closed pipe ends `entries` quietly."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from _support import B, entry_count, receipt, write_csv
from manualbook.messages import BookError
from manualbook.model import EntryDraft


def transfer(**kw) -> dict:
    v = receipt(method="transfer", account="KTB", number="TR0407", amount="2,400", code="41210007")
    v.update(kw)
    return v


@pytest.fixture
def two_accounts(make_book):
    return make_book(accounts={"KTB": 100_000 * B, "BAAC": 50_000 * B})


def test_a_bank_reference_is_the_number_of_a_bookless_transfer_receipt(two_accounts):
    b = two_accounts
    (eid,) = b.add(transfer()).entries
    e = b.entry(eid)
    assert (e.book, e.number, e.account, e.method, e.document) == ("", "TR0407", "KTB", "transfer", "TR0407")
    # unique per account: again on KTB refused, on another account accepted
    with pytest.raises(BookError) as err:
        b.add(transfer(date="2/7/2567"))
    assert err.value.problems[0].code == "transfer_ref_used" and "TR0407" in err.value.text()
    b.add(transfer(account="BAAC"))
    # a receipt book's number 1 and a reference "1" are different documents
    b.add(receipt(book="1", number="1"))
    b.add(transfer(number="1", date="2/7/2567"))
    assert entry_count(b) == 4


def test_the_same_reference_twice_in_one_file_names_the_row(two_accounts, tmp_path):
    b = two_accounts
    path = write_csv(tmp_path / "in.csv", [transfer(), transfer(account="BAAC"), transfer()])
    with pytest.raises(BookError) as err:
        b.import_file(path)
    assert [(p.code, p.row) for p in err.value.problems] == [("transfer_ref_used", 4)]
    assert "แถวที่ 2" in err.value.text() and entry_count(b) == 0


@pytest.mark.parametrize("values", [
    receipt(number="TR0407"),                                   # cash, no book
    receipt(number="TR0407", method="cheque", account="KTB", cheque="1001"),
])
def test_a_number_without_a_book_is_only_for_a_transfer(book, values):
    with pytest.raises(BookError) as err:
        book.add(values)
    assert "receipt_ref_needs_transfer" in {p.code for p in err.value.problems}
    assert entry_count(book) == 0


def test_a_receipt_books_number_is_still_digits(book):
    with pytest.raises(BookError) as err:
        book.add(receipt(book="1", number="TR1"))
    assert err.value.problems[0].code == "receipt_number_bad"


def test_the_database_itself_keeps_references_unique_per_account(two_accounts):
    b = two_accounts
    b.add(transfer())
    row = b.db.conn.execute("SELECT * FROM entries").fetchone()
    cols = [d[0] for d in b.db.conn.execute("SELECT * FROM entries").description]
    values = dict(zip(cols, row))
    values.update(seq=99, id="X" * 10)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        b.db["entries"].insert(values)
    values.update(account="BAAC")
    b.db["entries"].insert(values)  # the same reference on another account is another transfer


def test_registers_print_the_reference(two_accounts):
    import pypdfium2 as pdfium

    from manualbook.reporting import render_report

    b = two_accounts
    b.add(transfer(party="หจก.ทดสอบ"))
    doc = pdfium.PdfDocument(render_report(b, "receipts-book", dt.date(2024, 7, 1), dt.date(2024, 7, 31)))
    (page,) = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    assert "TR0407" in page and "หจก.ทดสอบ" in page


def test_a_closed_pipe_ends_entries_quietly(book):
    book.post([EntryDraft(kind="receipt", base_kind="receipt", date=dt.date(2024, 7, 1), amount=100 + i,
                          code="41210008", party="นายทดสอบ ผู้ชำระเงินค่าธรรมเนียมเก็บขนขยะมูลฝอย")
               for i in range(1500)])
    path = book.path
    book.close()
    for args in (["entries"], ["entries", "--json"]):
        proc = subprocess.Popen([sys.executable, "-m", "manualbook.cli", "--db", str(path), *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = proc.stdout.readline()
        proc.stdout.close()  # as `| head -1` does
        err = proc.stderr.read().decode("utf-8")
        assert proc.wait(timeout=60) == 0, err
        assert first and err == "", err
