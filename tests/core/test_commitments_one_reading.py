"""Commitment-outstanding is read once (``ledger.commitments_paid``): the line
totals by date, a payment's check by sequence and the budget screen's list give
what the three queries they replace gave, on a book with back-dated payments,
over-payments and cancellations (issue 15)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from manualbook import budget, ledger, lists, rules
from manualbook.book import Book
from manualbook.messages import BookError
from manualbook.model import BudgetRow


def _line(key, amount):
    return BudgetRow(line=key, plan="แผน", work="งาน", group="งบ", category="หมวด", code="", item=key, amount=amount)


@pytest.fixture
def book(tmp_path):
    b = Book.create(tmp_path / "b.sqlite3", "อบต.ทดสอบ", dt.date(2024, 7, 1), cash=0)
    b.add_account("KTB", "กรุงไทย", "1", opening=10_000_000_00)
    budget.import_lines(b, [_line("A", 1_000_000_00), _line("B", 1_000_000_00)], 2567)
    rnd = random.Random(15)
    day = lambda: dt.date(2024, 7, rnd.randint(1, 20))  # noqa: E731
    keys = [f"PO-{i}" for i in range(8)]
    for k in keys:
        budget.commit(b, k, rnd.choice("AB"), rnd.randint(1, 50) * 1_000_00, day(), "ร้าน")
    for n in range(30):  # payments naming a commitment (some more than it holds, some on the other line), some not
        d, k = day(), rnd.choice(keys + [""])
        try:
            b.add({"date": f"{d.day}/7/2567", "kind": "payment", "number": f"{n + 1}/2567", "party": "ร้าน",
                   "line": rnd.choice("AB"), "amount": str(rnd.randint(1, 30) * 1_000), "method": "transfer",
                   "account": "KTB", "commitment": k})
        except BookError:
            pass
    for k in rnd.sample(keys, 3):
        budget.cancel_commitment(b, k, day(), "ยกเลิก")
    yield b
    b.close()


def _old_by_date(db, fy, day):  # ledger.open_commitments as it was
    cut = day.isoformat() if day else "9999-12-31"
    out = {}
    for line, amount, settled in db.conn.execute(
            "SELECT c.line, c.amount, COALESCE((SELECT SUM(e.amount) FROM entries e"
            "  WHERE e.base_kind = 'payment' AND e.commitment = c.key AND e.date <= ?), 0)"
            " FROM commitments c WHERE c.fy = ? AND c.date <= ? AND NOT EXISTS"
            " (SELECT 1 FROM commitment_events x WHERE x.commitment = c.key AND x.date <= ?)",
            (cut, fy, cut, cut)):
        out[line] = out.get(line, 0) + max(amount - settled, 0)
    return out


def _old_by_seq(db, key, line, before_seq):  # rules.Budget._outstanding as it was (nothing used yet)
    row = db.conn.execute(
        "SELECT c.amount - COALESCE((SELECT SUM(e.amount) FROM entries e WHERE e.base_kind = 'payment'"
        " AND e.commitment = c.key AND e.seq <= ?), 0) FROM commitments c WHERE c.key = ? AND c.line = ?"
        " AND NOT EXISTS (SELECT 1 FROM commitment_events x WHERE x.commitment = c.key)",
        (before_seq if before_seq is not None else 2**62, key, line)).fetchone()
    return max(row[0] if row else 0, 0)


def _old_rows(db, fy):  # lists.open_commitment_rows as it was
    return db.conn.execute(
        "SELECT c.key, c.line, c.date, c.party, c.description, c.amount,"
        " COALESCE((SELECT SUM(e.amount) FROM entries e WHERE e.base_kind = 'payment'"
        "  AND e.commitment = c.key), 0)"
        " FROM commitments c WHERE c.fy = ? AND NOT EXISTS"
        " (SELECT 1 FROM commitment_events x WHERE x.commitment = c.key) ORDER BY c.date, c.key", (fy,)).fetchall()


def test_the_book_has_what_the_readings_differ_on(book):
    db = book.db
    assert db.conn.execute("SELECT count(*) FROM commitment_events").fetchone()[0] == 3
    paid = db.conn.execute("SELECT count(*) FROM entries WHERE commitment != ''").fetchone()[0]
    assert paid >= 5
    later_paid_earlier = db.conn.execute(
        "SELECT count(*) FROM entries a JOIN entries b ON a.seq < b.seq AND a.date > b.date"
        " WHERE a.commitment != '' AND b.commitment != ''").fetchone()[0]
    assert later_paid_earlier > 0  # back-dated payments: by date and by sequence differ


def test_line_totals_by_date_are_as_before(book):
    for fy in (2567, 2568):
        for day in [None] + [dt.date(2024, 7, d) for d in range(1, 22)]:
            got = {k: v for k, v in ledger.open_commitments(book.db, fy, day).items()}
            assert got == _old_by_date(book.db, fy, day)
    assert any(_old_by_date(book.db, 2567, None).values())


def test_a_payments_check_by_sequence_is_as_before(book):
    last = book.db.conn.execute("SELECT max(seq) FROM entries").fetchone()[0]
    keys = [r[0] for r in book.db.conn.execute("SELECT key FROM commitments")] + ["PO-none"]
    answers = set()
    for before in [None, *range(0, last + 2)]:
        check = rules.Budget(book.db, before)
        for key in keys:
            for line in "AB":
                answers.add(_old_by_seq(book.db, key, line, before))
                assert check._outstanding(key, line) == _old_by_seq(book.db, key, line, before)
    assert len(answers) > 3


def test_the_screens_list_is_as_before(book):
    got = lists.open_commitment_rows(book, 2567)
    want = [r for r in _old_rows(book.db, 2567) if r[5] - r[6] > 0]
    assert [(c.key, c.line, c.date.isoformat(), c.party, c.description, c.amount, c.paid) for c in got] == want
    assert got
