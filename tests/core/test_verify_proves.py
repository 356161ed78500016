"""verify proves what the README says (issue 13, finding 3): each attack that passed before is named.

A tamperer here knows SQL and the published chain formula: they drop a guard
trigger, change a row, and re-hash whatever they can.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from _support import new_book, payment, receipt
from manualbook import budget, chain
from manualbook.store import ack, records
from manualbook.store.rows import ENTRY_COLUMNS

D = lambda d: dt.date(2024, 7, d)  # noqa: E731


@pytest.fixture
def closed(book):
    """5 receipts on 1/7 (closed), a bundle-like export record at seq 6, 2 more entries after."""
    for n in range(1, 6):
        book.add(receipt(book="1", number=str(n), amount=str(10 * n)))
    book.close_day(D(1))
    book.add(receipt(date="2/7/2567", book="1", number="6"))
    head, count = book.chain_head()
    rec_seq, rec_head = records.head(book.db.conn)
    with book.db.atomic():
        book.db["exports"].insert({"folder": "manualbook-1", "created_at": "2024-07-02T17:00:00+07:00",
                                   "since": "2024-07-01", "until": "2024-07-02", "entries": 6, "max_seq": count,
                                   "chain_head": head, "manifest_sha256": "0" * 64, "records_seq": rec_seq,
                                   "records_head": rec_head, "recorded_at": "x"})
    book.add(receipt(date="3/7/2567", book="1", number="7"))
    book.add(payment(date="3/7/2567", number="1/2567", amount="5"))
    assert book.verify().ok
    return book


def _drop_guards(book, table):
    for op in ("update", "delete"):
        book.db.conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")


def _rehash_entries(book, from_seq=1):
    """What a tamperer who read the README does after changing an entry: a consistent chain."""
    conn = book.db.conn
    _drop_guards(book, "entries")
    rows = [dict(zip(ENTRY_COLUMNS, r)) for r in conn.execute(
        f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries ORDER BY seq")]
    prev = chain.genesis(book.org().book_uuid)
    for row in rows:
        h = chain.entry_hash(prev, row)
        conn.execute("UPDATE entries SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, row["seq"]))
        prev = h
    conn.commit()


def _codes(result):
    return [p.code for p in result.problems]


# ------------------------------------------------------------------ the entries' chain against its anchors

def test_a_consistent_rehash_is_caught_by_the_close_even_when_the_close_is_rewritten(closed):
    conn = closed.db.conn
    _drop_guards(closed, "entries")
    conn.execute("UPDATE entries SET amount = amount + 100000 WHERE seq = 2")
    _rehash_entries(closed)
    head5 = conn.execute("SELECT hash FROM entries WHERE seq = 5").fetchone()[0]
    _drop_guards(closed, "closes")
    conn.execute("UPDATE closes SET chain_head = ?", (head5,))  # the close agrees with the new chain
    conn.commit()
    result = closed.verify()
    assert not result.ok
    text = result.text()
    assert "verify_chain" not in _codes(result)  # the chain itself is consistent now
    assert "verify_record_changed" in _codes(result) and "chain_head" in text  # the close row was changed
    assert "verify_anchor_head" in _codes(result)  # the side record of the last save and the export disagree


def test_a_rehash_after_the_last_close_is_caught_by_the_export_record_and_the_side_record(closed):
    conn = closed.db.conn
    _drop_guards(closed, "entries")
    conn.execute("UPDATE entries SET amount = amount + 1 WHERE seq = 6")  # after the close, before the export
    _rehash_entries(closed)
    result = closed.verify()
    assert not result.ok
    texts = [p.text() for p in result.problems if p.code == "verify_anchor_head"]
    assert any("manualbook-1" in t for t in texts), result.text()  # the export's recorded head
    assert any(".ack" in t for t in texts), result.text()  # the side record of the last save


def test_deleting_the_newest_entries_is_caught_by_the_export_record(closed):
    conn = closed.db.conn
    _drop_guards(closed, "entries")
    conn.execute("DELETE FROM entries WHERE seq >= 6")  # the tail: no link breaks, the chain is consistent
    conn.commit()
    ack.ack_path(closed.path).unlink()  # the tamperer also removed the side record
    result = closed.verify()
    assert not result.ok
    missing = [p.text() for p in result.problems if p.code == "verify_anchor_missing"]
    assert any("manualbook-1" in t and "ลำดับที่ 6" in t for t in missing), result.text()


def test_deleting_entries_of_a_closed_day_is_caught_by_the_close(closed):
    conn = closed.db.conn
    _drop_guards(closed, "entries")
    conn.execute("DELETE FROM entries WHERE seq >= 4")
    conn.commit()
    ack.ack_path(closed.path).unlink()
    result = closed.verify()
    missing = [p.text() for p in result.problems if p.code == "verify_anchor_missing"]
    assert any("1/7/2567" in t and "ลำดับที่ 5" in t for t in missing), result.text()


def test_the_newest_entries_deleted_with_no_close_or_export_are_caught_by_the_side_record(book):
    for n in range(1, 4):
        book.add(receipt(book="1", number=str(n)))
    _drop_guards(book, "entries")
    book.db.conn.execute("DELETE FROM entries WHERE seq = 3")
    book.db.conn.commit()
    result = book.verify()
    assert set(_codes(result)) == {"verify_sqlite", "verify_anchor_missing"}  # and the dropped guards
    assert ".ack" in result.text() and "ลำดับที่ 3" in result.text()


# ------------------------------------------------------------------ every other record

@pytest.mark.parametrize("table, column, value", [
    ("openings", "amount", 1),
    ("budget_lines", "amount", 99_999_999_00),
    ("settings", "value", "นายปลอม"),
    ("accounts", "number", "999-9"),
    ("org_records", "name", "อบต.อื่น"),
])
def test_a_record_changed_behind_the_programs_back_is_named(book, table, column, value):
    book.set_setting("finance_head", "นางจริง ใจดี", D(1))
    _drop_guards(book, table)
    book.db.conn.execute(f"UPDATE {table} SET {column} = ?", (value,))
    book.db.conn.commit()
    result = book.verify()
    assert not result.ok
    changed = [p.text() for p in result.problems if p.code == "verify_record_changed"]
    assert changed and all(column in t for t in changed), result.text()


def test_a_budget_change_changed_deleted_or_added_is_named(book):
    budget.transfer(book, "L01", "L02", 100_00, D(2), "โอน")
    conn = book.db.conn
    _drop_guards(book, "budget_changes")
    conn.execute("UPDATE budget_changes SET amount = 5000000")
    conn.commit()
    assert "verify_record_changed" in _codes(book.verify())
    conn.execute("DELETE FROM budget_changes")
    conn.commit()
    assert "verify_record_deleted" in _codes(book.verify())
    # a row added by another program: the logging trigger calls a function only this program has
    raw = sqlite3.connect(book.path)
    with pytest.raises(sqlite3.OperationalError, match="manualbook_record_hash"):
        raw.execute("INSERT INTO budget_changes (fy, date, kind, to_line, amount, recorded_at, clerk)"
                    " VALUES (2567, '2024-07-02', 'supplementary', 'L01', 100, 'x', 'x')")
    raw.execute("DROP TRIGGER budget_changes_chain")
    raw.execute("INSERT INTO budget_changes (rec, fy, date, kind, to_line, amount, recorded_at, clerk)"
                " VALUES (99, 2567, '2024-07-02', 'supplementary', 'L01', 100, 'x', 'x')")
    raw.commit()
    raw.close()
    result = book.verify()
    assert {"verify_record_added", "verify_sqlite"} <= set(_codes(result))  # the row, and the missing trigger


def test_a_consistent_rewrite_of_the_record_log_is_caught_by_the_close_and_the_side_record(closed):
    conn = closed.db.conn
    _drop_guards(closed, "openings")
    _drop_guards(closed, "record_log")
    conn.execute("UPDATE openings SET amount = 1")
    # re-write every body and hash from the start, as the README lets anyone compute them
    uuid = closed.org().book_uuid
    prev = records.genesis(uuid)
    for seq, tbl, body, why in conn.execute("SELECT seq, tbl, body, why FROM record_log ORDER BY seq").fetchall():
        if tbl == "openings":
            b = json.loads(body)
            b["amount"] = 1
            body = json.dumps(b, ensure_ascii=False, separators=(",", ":"))
        h = records.record_hash(prev, tbl, why, body)
        conn.execute("UPDATE record_log SET body = ?, hash = ? WHERE seq = ?", (body, h, seq))
        prev = h
    conn.commit()
    result = closed.verify()
    assert "verify_record_changed" not in _codes(result)  # rows and log agree now
    anchors = [p.text() for p in result.problems if p.code in ("verify_anchor_head", "verify_anchor_missing")]
    assert any("1/7/2567" in t for t in anchors) and any(".ack" in t for t in anchors), result.text()


# ------------------------------------------------------------------ the file itself

def test_an_index_that_lost_rows_is_caught_and_the_duplicate_it_let_in_is_named(book):
    book.add(receipt(book="1", number="1"))
    conn = book.db.conn
    conn.execute("PRAGMA writable_schema = ON")
    idx_sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entries_receipt_no'").fetchone()[0]
    conn.execute("UPDATE sqlite_master SET name = 'hidden_idx', sql = replace(sql, 'entries_receipt_no',"
                 " 'hidden_idx') || ' AND 0' WHERE name = 'entries_receipt_no'")
    conn.commit()
    book.close()
    from manualbook.book import Book
    b = Book.open(book.path)  # the unique index is no longer consulted: a duplicate gets in
    last = dict(zip(ENTRY_COLUMNS, b.db.conn.execute(
        f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries ORDER BY seq DESC").fetchone()))
    row = {**last, "seq": last["seq"] + 1, "id": "DUPLICATE1", "prev_hash": last["hash"]}
    row["hash"] = chain.entry_hash(row["prev_hash"], row)
    b.db.conn.execute(f"INSERT INTO entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join('?' * len(row))})",
                      [row[c] for c in ENTRY_COLUMNS])
    b.db.conn.execute("PRAGMA writable_schema = ON")
    b.db.conn.execute("UPDATE sqlite_master SET name = 'entries_receipt_no', sql = ? WHERE name = 'hidden_idx'",
                      (idx_sql,))
    b.db.conn.commit()
    b.close()
    quick = sqlite3.connect(book.path).execute("PRAGMA quick_check").fetchall()
    assert quick == [("ok",)]  # what verify ran before: it saw nothing
    b = Book.open(book.path)
    try:
        result = b.verify()
    finally:
        b.close()
    codes = _codes(result)
    assert "verify_sqlite" in codes and "verify_duplicate" in codes, result.text()
    assert any("entries_receipt_no" in p.text() for p in result.problems if p.code == "verify_sqlite")


def test_verify_never_writes_the_book(tmp_path):
    from manualbook.cli import main
    path = tmp_path / "b.sqlite3"
    b = new_book(path)
    b.add(receipt())
    b.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    b.close()
    before = path.read_bytes()
    assert main(["--db", str(path), "verify"]) == 0
    assert path.read_bytes() == before


def test_a_guard_trigger_neutered_under_its_own_name_is_named(book):
    conn = book.db.conn
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries BEGIN SELECT 1; END")
    conn.commit()
    result = book.verify()
    assert [p.code for p in result.problems] == ["verify_sqlite"]
    assert "entries_no_update" in result.text() and "ถูกเปลี่ยน" in result.text()


def test_a_view_that_computes_balances_changed_by_one_byte_is_named(book):
    """Every hash stays intact, but the balances the registers print would differ."""
    book.add(payment(number="1/2567", amount="100", wht="1"))
    conn = book.db.conn
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, '-(amount - wht)', '-(amount + wht)')"
                 " WHERE name = 'movements'")
    conn.commit()
    book.close()
    from manualbook.book import Book
    with Book.open(book.path) as b:
        result = b.verify()
    assert [p.code for p in result.problems] == ["verify_schema"]
    assert "movements" in result.text()
