"""Day-end figures stored at each close (store/snapshots.py): reads start from them.

Every read that now starts from the last close (positions, the summary's
entries and receipts per code, the posting's day-end check) must give what
summing the whole journal gives, on any day: before the first close, on a
close, between closes, on open days after the last close, and for days closed
together. A stored figure changed outside the program is named by verify, and
an older book gets its snapshots from the migration.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest
from hypothesis import given, settings, strategies as st

from _support import B, START, new_book
from manualbook import ledger
from manualbook.book import Book
from manualbook.messages import BookError
from manualbook.model import EntryDraft
from manualbook.store import snapshots


def _brute(book: Book, day: dt.date) -> tuple[dict, int, dict]:
    """Positions, entries and receipts per code at the end of ``day``, from every entry."""
    conn = book.db.conn
    pos = snapshots.openings(conn)
    for target, key, total in conn.execute(
            "SELECT target, key, SUM(delta) FROM movements WHERE date <= ? GROUP BY 1, 2", (day.isoformat(),)):
        pos[(target, key)] = pos.get((target, key), 0) + total
    count = conn.execute("SELECT count(*) FROM entries WHERE date <= ?", (day.isoformat(),)).fetchone()[0]
    codes = dict(conn.execute("SELECT code, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND held = ''"
                              " AND date <= ? GROUP BY code", (day.isoformat(),)).fetchall())
    return pos, count, {c: v for c, v in codes.items() if v}


def _d(kind, day, amount, **kw):
    return EntryDraft(kind=kind, base_kind=kind, date=day, amount=amount, **kw)


def _busy_book(path) -> Book:
    """Ten days: receipts in cash and to the bank, deposits, a payment with tax, a
    withdrawal, a reversal; closes on day 2, on day 5 (closing 3-5 together) and day 7."""
    book = new_book(path, accounts={"KTB": 1_000 * B, "GSB": 0})
    no = 0
    for i in range(10):
        day = START + dt.timedelta(days=i)
        drafts = []
        for j in range(3):
            no += 1
            drafts.append(_d("receipt", day, (100 + 7 * i + j) * B, book="1", number=str(no), party="นาย ก",
                             code="41210008" if j else "41100001", method="cash"))
        drafts.append(_d("receipt", day, 55 * B, number=f"TR{i}", party="บริษัท", code="41100003",
                         method="transfer", account="GSB"))
        drafts.append(_d("deposit", day, 200 * B, number=f"D{i}", account="KTB", method="transfer"))
        if i % 3 == 0:
            drafts.append(_d("payment", day, 30 * B, wht=B, number=f"{i + 1}/2567", party="ร้าน", line="L01",
                             method="transfer", account="KTB"))
        if i == 4:
            drafts.append(_d("withdraw", day, 50 * B, number="W1", account="KTB", method="transfer"))
        change = book.post(drafts)
        if i == 6:
            book.reverse(change.entries[0], "ผิด", day)
        if i in (1, 4, 6):
            book.close_day(day)
    return book


def test_figures_from_the_last_close_equal_the_whole_journal(tmp_path):
    book = _busy_book(tmp_path / "b.sqlite3")
    stored = [r[0] for r in book.db.conn.execute("SELECT date FROM close_snapshots ORDER BY date")]
    assert stored == ["2024-07-02", "2024-07-05", "2024-07-07"]  # one per close, not per day closed
    for i in range(-1, 12):
        day = START + dt.timedelta(days=i)
        pos, count, codes = _brute(book, day)
        assert ledger.positions_at(book.db, day) == pos, day
        assert ledger.positions_at(book.db, day + dt.timedelta(days=1), before=True) == pos, day
        figures = snapshots.figures_at(book.db.conn, day)
        assert (figures.entries, {c: v for c, v in figures.by_code.items() if v}) == (count, codes), day
        assert ledger.by_code(book.db, day) == dict(sorted(codes.items())), day
        s = book.summary(day)
        assert (s.balances.cash, dict(s.balances.accounts), s.entries) == (
            pos[("cash", "")], {k: v for (t, k), v in pos.items() if t == "account"}, count)
    assert snapshots.mismatches(book.db.conn) == []
    assert book.verify().ok
    book.close()


@settings(max_examples=25, deadline=None)
@given(closes=st.sets(st.integers(0, 9), max_size=5), day=st.integers(-2, 12))
def test_any_closing_pattern_gives_the_journal_figures(tmp_path_factory, closes, day):
    path = tmp_path_factory.mktemp("snap") / "b.sqlite3"
    book = new_book(path)
    for i in range(10):
        d = START + dt.timedelta(days=i)
        book.post([_d("receipt", d, (i + 1) * B, book="1", number=str(i + 1), party="ก", code="41210008",
                      method="cash"),
                   _d("deposit", d, (i + 1) * B // 2, number=f"D{i}", account="KTB", method="transfer")])
        if i in closes:
            book.close_day(d)
    when = START + dt.timedelta(days=day)
    pos, count, codes = _brute(book, when)
    assert ledger.positions_at(book.db, when) == pos
    assert snapshots.figures_at(book.db.conn, when).entries == count
    assert ledger.by_code(book.db, when) == codes
    book.close()


def test_the_posting_check_counts_the_book_from_the_last_close(tmp_path):
    """A payment that would take cash below zero on an open day is refused, and one
    that fits the cash received that day is written."""
    book = _busy_book(tmp_path / "b.sqlite3")
    day = START + dt.timedelta(days=8)
    cash = ledger.positions_at(book.db, day)[("cash", "")]
    with pytest.raises(BookError) as err:
        book.post(_d("payment", day, cash + B, number="99/2567", party="ร้าน", line="L01", method="cash"))
    assert any(p.code == "below_zero" for p in err.value.problems)
    book.post(_d("payment", day, cash, number="99/2567", party="ร้าน", line="L01", method="cash"))
    assert ledger.positions_at(book.db, day)[("cash", "")] == 0
    book.close()


def test_a_stored_figure_changed_outside_the_program_is_named_by_verify(tmp_path):
    book = _busy_book(tmp_path / "b.sqlite3")
    conn = book.db.conn
    conn.execute("DROP TRIGGER close_snapshots_no_update")
    conn.execute("UPDATE close_snapshots SET entries = entries + 1 WHERE date = '2024-07-05'")
    conn.commit()
    assert snapshots.mismatches(conn) == [dt.date(2024, 7, 5)]
    result = book.verify()
    assert not result.ok
    assert any(p.code == "verify_snapshot" and "5/7/2567" in p.text() for p in result.problems), result.text()
    book.close()


def test_the_table_is_append_only(tmp_path):
    book = _busy_book(tmp_path / "b.sqlite3")
    for sql in ("UPDATE close_snapshots SET entries = 0", "DELETE FROM close_snapshots"):
        with pytest.raises(sqlite3.DatabaseError):
            book.db.conn.execute(sql)
    book.close()


def test_an_older_book_gets_the_snapshots_of_its_closes_from_the_migration(tmp_path):
    """A book closed before the table existed: the migration computes each close's figures
    from the entries, the same figures a close stores."""
    made = _busy_book(tmp_path / "b.sqlite3")
    want = made.db.conn.execute("SELECT date, entries, positions, by_code FROM close_snapshots ORDER BY date"
                                ).fetchall()
    made.close()
    old = tmp_path / "old.sqlite3"
    shutil.copy(tmp_path / "b.sqlite3", old)
    conn = sqlite3.connect(old)
    conn.execute("DROP TABLE close_snapshots")  # its triggers go with it
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_close_snapshots'")
    conn.commit()
    conn.close()
    with Book.open(old) as book:
        got = book.db.conn.execute("SELECT date, entries, positions, by_code FROM close_snapshots ORDER BY date"
                                   ).fetchall()
        assert got == want
        assert {"close_snapshots_no_update", "close_snapshots_no_delete", "close_snapshots_chain"} <= {
            r[0] for r in book.db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
