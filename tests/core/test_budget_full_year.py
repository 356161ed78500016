"""The budget file's amount is the year's appropriation as set (ตั้งไว้); books made by
an earlier version, which stored what was left on the first day, are restated by the
recorded migration m003_budget_full_year (store/schema.py), never by overwriting."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from _support import B, LineRow, new_book, payment, run_cli
from manualbook import budget, ledger
from manualbook.book import Book
from manualbook.figures import summary_json
from manualbook.store import db as store_db
from manualbook.store import schema
from manualbook.store.schema import BUDGET_FULL_YEAR, expected_guards, guard_names

D = lambda d: dt.date(2024, 7, d)  # noqa: E731
LATER = ("m003_budget_full_year", "m004_transfer_receipt_refs")
_ALL = list(schema.migrations._migrations)  # the program as it is now


@pytest.fixture
def old_version(monkeypatch):
    """While active, the program knows only the migrations an earlier version had."""
    saved = list(schema.migrations._migrations)
    keep = []
    for m in saved:
        if m.name in LATER:
            break
        keep.append(m)
    schema.migrations._migrations[:] = keep
    try:
        yield
    finally:
        schema.migrations._migrations[:] = saved


def _old_book(path):
    """A book as an earlier version left it: L01 stored as what was left (60,000.00) with
    40,000.00 spent before the books' start, L02 started with nothing spent, a payment."""
    b = new_book(path, lines={})
    stamp = "2024-06-30T09:00:00+07:00"
    for key, left, spent, pos in (("L01", 60_000 * B, 40_000 * B, 1), ("L02", 20_000 * B, 0, 2)):
        b.db["budget_lines"].insert({"fy": 2567, "key": key, "plan": "บริหารงานทั่วไป", "work": "งานบริหารทั่วไป",
                                     "grp": "งบดำเนินงาน", "category": "ค่าวัสดุ", "code": "", "item": f"รายการ {key}",
                                     "amount": left, "spent_before": spent, "committed_before": 0,
                                     "position": pos, "created_at": stamp})
    b.db["revenue_estimates"].insert({"fy": 2567, "code": "41210008", "amount": 5_000 * B, "created_at": stamp})
    b.db.conn.commit()
    b.close()


def test_an_earlier_versions_book_is_restated_by_a_recorded_migration(tmp_path, old_version):
    path = tmp_path / "old.sqlite3"
    _old_book(path)
    # what the earlier version's arithmetic showed: appropriated = left + spent before
    raw = sqlite3.connect(path)
    assert [r[0] for r in raw.execute("SELECT name FROM _sqlite_migrations")] == ["m001_initial", "m002_keying"]
    raw.close()
    schema.migrations._migrations[:] = _ALL  # the new program opens it
    store_db.take_notices()
    with Book.open(path) as b:
        # the stored rows are untouched (append-only); a restatement record carries the change
        assert b.db.conn.execute("SELECT key, amount, spent_before FROM budget_lines ORDER BY key").fetchall() \
            == [("L01", 60_000 * B, 40_000 * B), ("L02", 20_000 * B, 0)]
        rows = budget.restated(b, 2567)
        assert [(r["key"], r["amount_stored"], r["spent_before"], r["amount"], r["migration"]) for r in rows] \
            == [("L01", 60_000 * B, 40_000 * B, 100_000 * B, BUDGET_FULL_YEAR)]
        assert [(l.key, l.amount, l.spent_before) for l in budget.lines(b, 2567)] \
            == [("L01", 100_000 * B, 40_000 * B), ("L02", 20_000 * B, 0)]
        # the figures that matter did not move
        got = summary_json(b.summary(D(1)))["budget"]
        assert got["L01"] == {"appropriated": "100,000.00", "spent": "40,000.00", "committed": "0.00",
                              "remaining": "60,000.00"}
        assert got["L02"]["appropriated"] == "20,000.00"
        # recorded as a migration; guards in place on every table, the new one too
        names = [r[0] for r in b.db.conn.execute("SELECT name FROM _sqlite_migrations")]
        assert BUDGET_FULL_YEAR in names and "m004_transfer_receipt_refs" in names
        assert expected_guards(b.db) <= guard_names(b.db)
        for sql in ("UPDATE budget_restatements SET amount = 1", "DELETE FROM budget_restatements",
                    "UPDATE budget_lines SET amount = 1"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                b.db.conn.execute(sql)
        # revenue estimates gained "received before the start" (zero for old rows)
        assert b.db.conn.execute("SELECT received_before FROM revenue_estimates").fetchall() == [(0,)]
        # the clerk is told, once, what changed and where the copy is
        (note,) = b.upgrade_notices
        assert "รายการงบ 1 รายการ" in note and "L01" in note and "ปีงบประมาณ 2567" in note
        assert "ไม่เปลี่ยน" in note and "before-upgrade" in note
        assert b.verify().ok
        # a payment still meets the same remaining
        b.add(payment(line="L01", amount="60,000", method="transfer", account="KTB"))
        assert ledger.line_statuses(b.db, 2567, keys=["L01"])[0].remaining == 0
    assert len(store_db.take_notices()) == 1 and store_db.take_notices() == []
    assert len(list(tmp_path.glob("old.before-upgrade-*.sqlite3"))) == 1
    with Book.open(path) as b:  # opening again: nothing more to say, nothing restated twice
        assert b.upgrade_notices == [] and len(budget.restated(b, 2567)) == 1


def test_the_command_line_says_so_once(tmp_path, old_version):
    path = tmp_path / "old.sqlite3"
    _old_book(path)
    schema.migrations._migrations[:] = _ALL
    first = run_cli("budget", "lines", "--year", "2567", db=path, check=True)
    assert "ปรับสมุดเป็นรุ่นใหม่แล้ว" in first.stderr and "L01" in first.stderr
    assert "100,000.00" in first.stdout  # ถือจ่าย: the year's appropriation
    again = run_cli("budget", "lines", "--year", "2567", db=path, check=True)
    assert again.stderr == ""


def test_a_new_book_stores_the_full_year_and_spent_reduces_what_remains(make_book):
    b = make_book(lines={})
    budget.import_lines(b, [LineRow("A", 120_000 * B, spent=20_000 * B, committed=5_000 * B)], 2567)
    (line,) = budget.lines(b, 2567)
    assert (line.amount, line.spent_before, line.committed_before) == (120_000 * B, 20_000 * B, 5_000 * B)
    s = ledger.line_statuses(b.db, 2567)[0]
    assert (s.appropriated, s.spent, s.committed, s.remaining) == (120_000 * B, 20_000 * B, 5_000 * B, 95_000 * B)
    assert budget.restated(b, 2567) == []  # nothing to restate in a book made by this version


def test_revenue_received_before_the_start_counts_in_the_year_to_date(make_book, tmp_path):
    from manualbook.budget_file import read_budget_file
    from manualbook.messages import BookError
    from manualbook.registers.control import revenue_to_date

    b = make_book(lines={})
    text = ("line,code,estimate,received,amount\n"
            ",41210008,\"5,000.00\",\"1,200.00\",\n"
            ",41100001,\"9,000.00\",,\n")
    rows, problems = read_budget_file(text.encode(), "budget.csv")
    assert problems == ()
    assert [(r.code, r.estimate, r.received) for r in rows] == [("41210008", 5_000 * B, 1_200 * B),
                                                                 ("41100001", 9_000 * B, 0)]
    budget.import_lines(b, rows, 2567)
    b.add({"kind": "receipt", "date": "2/7/2567", "code": "41210008", "amount": "100", "party": "นายทดสอบ"})
    assert revenue_to_date(b, 2567, D(31)) == {"41210008": 1_300 * B}
    # a revenue row is a record too: another received figure is refused, nothing written
    again = read_budget_file(text.replace("1,200.00", "1,250.00").encode(), "budget.csv")[0]
    with pytest.raises(BookError):
        budget.import_lines(b, again, 2567)
    assert revenue_to_date(b, 2567, D(31)) == {"41210008": 1_300 * B}
