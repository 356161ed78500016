"""The database guards itself: append-only triggers, pragmas, STRICT tables, migrations, verify."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from _support import as_before_record_chain, new_book, payment, receipt
from manualbook.book import Book
from manualbook.store import schema
from manualbook.store.schema import APPEND_ONLY, expected_guards, guard_names, install_guards

D = lambda d: dt.date(2024, 7, d)  # noqa: E731


@pytest.fixture
def full(book):
    """A book with entries (3 on 1/7, closed; 1 on 2/7) and a row in every append-only table."""
    ids = [book.add(receipt(book="1", number=str(n), amount=str(10 * n))).entries[0] for n in (1, 2, 3)]
    book.set_setting("finance_head", "นางทดสอบ", D(1))
    book.close_day(D(1))
    book.add(payment(date="2/7/2567", amount="5", method="cheque", account="KTB", cheque="1001"))
    book.ids = ids
    return book


@pytest.fixture
def every_table(full, tmp_path):
    from _support import LineRow, write_csv
    from manualbook import budget
    full.add_code("49999997", "รายได้ทดสอบ")
    full.set_receipt_book_range("1", 1, 50)
    budget.import_lines(full, [LineRow("", 0, code="41210008", estimate=5_000)], 2567)
    budget.transfer(full, "L01", "L02", 100, D(2), "โอน")
    budget.commit(full, "PO-1", "L01", 1_000, D(2))
    budget.cancel_commitment(full, "PO-1", D(2), "ยกเลิก")
    pay = full.entry(list(full.entries(D(2), D(2)))[0].id)
    full.record_cheque_handed(pay.id, D(2))
    full.import_file(write_csv(tmp_path / "one.csv", [receipt(date="2/7/2567", amount="1")]))
    full.db.conn.execute("INSERT INTO keyed_marks (entry_id, keyed, recorded_at) VALUES (?, 1, 'x')", (pay.id,))
    full.db.conn.commit()
    from manualbook.keyed import record_day_totals
    record_day_totals(full, D(2), {"receipts": 100, "cash": None})
    # a restatement as an upgrade writes it (store/schema.py, m003_budget_full_year)
    full.db.conn.execute("INSERT INTO budget_restatements (fy, key, amount_stored, spent_before, amount, reason,"
                         " migration, recorded_at) VALUES (2567, 'L01', 1, 1, 2, 'x', 'test', 'x')")
    full.db["exports"].insert({"folder": "b1", "created_at": "x", "since": "2024-07-01", "until": "2024-07-02",
                               "entries": 1, "max_seq": 1, "chain_head": "x", "manifest_sha256": "x",
                               "recorded_at": "x"})
    return full


def _first_column(book, table):
    return book.db.conn.execute(f"PRAGMA table_info({table})").fetchone()[1]


def _tables_with_rows(book):
    return [t for t in APPEND_ONLY if book.db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]]


def test_guarded_tables_have_rows(full):
    assert {"entries", "closes", "openings", "settings", "accounts", "budget_lines", "book",
            "org_records", "held_accounts", "receipt_books"} <= set(_tables_with_rows(full))


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_raw_update_and_delete_refused(every_table, table):
    full = every_table
    conn = full.db.conn
    count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert count, f"{table} has no rows in this book"
    col = _first_column(full, table)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"UPDATE {table} SET {col} = {col}")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"DELETE FROM {table}")
    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count


def test_raw_update_of_an_amount_refused(full):
    conn = full.db.conn
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("UPDATE entries SET amount = 999999 WHERE seq = 1")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM entries WHERE seq = 1")
    assert conn.execute("SELECT amount FROM entries WHERE seq = 1").fetchone()[0] == 1000
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("UPDATE closes SET chain_head = 'x'")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("UPDATE openings SET amount = 1")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM settings")
    assert full.verify().ok


def test_raw_insert_into_a_closed_day_refused(full):
    cols = ("seq, id, kind, base_kind, date, fy, amount, recorded_at, clerk, prev_hash, hash")
    with pytest.raises(sqlite3.IntegrityError, match="closed"):
        full.db.conn.execute(f"INSERT INTO entries ({cols}) VALUES (99, 'X', 'receipt', 'receipt', '2024-07-01',"
                             " 2567, 100, 'x', 'x', 'x', 'x')")


def test_pragmas(book):
    conn = book.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_pragmas_on_reopen(tmp_path):
    new_book(tmp_path / "b.sqlite3").close()
    with Book.open(tmp_path / "b.sqlite3") as b:
        assert b.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert b.db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert b.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_tables_are_strict(book):
    rows = book.db.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name <> '_sqlite_migrations'").fetchall()
    assert {name for name, _ in rows} >= set(APPEND_ONLY)
    for name, sql in rows:
        assert sql.rstrip().endswith("STRICT"), name


def test_strict_refuses_text_in_an_amount(book):
    with pytest.raises(sqlite3.DatabaseError):
        book.db.conn.execute("INSERT INTO openings (target, key, amount, recorded_at, clerk)"
                             " VALUES ('cash', '', 'lots', 'x', 'x')")


def test_migrations_recorded(book):
    rows = book.db.conn.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    assert ("manualbook", "m001_initial") in rows and ("manualbook", "m002_keying") in rows
    assert schema.migrations.pending(book.db) == []


def test_a_book_of_the_first_version_gains_the_keying_tables(tmp_path):
    """A book written before m002 opens, is copied first, and gets the new guarded tables."""
    path = tmp_path / "old.sqlite3"
    b = new_book(path)
    b.add(receipt())
    as_before_record_chain(b)
    for table in ("elaas_day_totals", "exports"):
        b.db.conn.execute(f"DROP TABLE {table}")
    b.db.conn.execute("DROP INDEX entries_kind_date")
    b.db.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_keying'")
    b.db.conn.commit()
    b.close()
    with Book.open(path) as b:
        assert b.db["elaas_day_totals"].exists() and b.db["exports"].exists()
        assert expected_guards(b.db) <= guard_names(b.db)
        assert b.verify().ok
    assert len(list(tmp_path.glob("old.before-upgrade-*.sqlite3"))) == 1


# ------------------------------------------------------------------ transform drops triggers


def test_transform_alone_drops_the_guards(full):
    db = full.db
    assert expected_guards(db) <= guard_names(db)
    db["entries"].transform(types={"party": str})
    missing = expected_guards(db) - guard_names(db)
    assert {"entries_no_update", "entries_no_delete", "entries_closed_day"} <= missing
    db.conn.execute("UPDATE entries SET party = 'แก้' WHERE seq = 1")  # now nothing stops it
    result = full.verify()
    assert not result.ok
    assert any("entries_no_update" in p.text() for p in result.problems)


def test_install_guards_after_transform_restores_them(full):
    db = full.db
    db["entries"].transform(types={"party": str})
    install_guards(db)
    assert expected_guards(db) <= guard_names(db)
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute("UPDATE entries SET amount = 1")
    assert full.verify().ok
    assert "STRICT" in db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()[0]


@pytest.fixture
def extra_migration():
    """Registers a temporary migration that rebuilds ``entries`` with transform(), then removes it."""
    ran = []

    def m999_test_transform(db):
        db["entries"].transform(types={"description": str})
        db["entries"].add_column("note_for_test", str)
        ran.append(True)

    def register():
        schema.migrations(name="m999_test_transform")(m999_test_transform)
        return ran

    yield register
    schema.migrations._migrations[:] = [m for m in schema.migrations._migrations
                                        if m.name != "m999_test_transform"]


def test_pending_migration_copies_the_book_first_and_keeps_the_guards(tmp_path, extra_migration):
    path = tmp_path / "b.sqlite3"
    b = new_book(path)
    b.add(receipt())
    b.close()
    # a brand-new book is never copied
    assert not list(tmp_path.glob("*.before-upgrade-*"))
    ran = extra_migration()  # a newer program version with one more migration
    with Book.open(path) as b:
        assert ran == [True]
        assert "note_for_test" in b.db["entries"].columns_dict
        assert expected_guards(b.db) <= guard_names(b.db)
        with pytest.raises(sqlite3.IntegrityError):
            b.db.conn.execute("DELETE FROM entries")
        names = [r[0] for r in b.db.conn.execute("SELECT name FROM _sqlite_migrations")]
        assert names == [m.name for m in schema.migrations._migrations if m.name != "m999_test_transform"] \
            + ["m999_test_transform"]
        assert names[:2] == ["m001_initial", "m002_keying"]
        assert b.verify().ok
    copies = list(tmp_path.glob("b.before-upgrade-*.sqlite3"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    assert "note_for_test" not in [r[1] for r in old.execute("PRAGMA table_info(entries)")]
    old.close()
    # opening again: nothing pending, no second copy
    Book.open(path).close()
    assert len(list(tmp_path.glob("b.before-upgrade-*.sqlite3"))) == 1


# ------------------------------------------------------------------ verify catches tampering


def _drop(book, *triggers):
    for t in triggers:
        book.db.conn.execute(f"DROP TRIGGER {t}")


def test_verify_ok_on_a_normal_book(full):
    result = full.verify()
    assert result.ok, result.text()
    assert result.entries == 4
    assert result.head == full.chain_head()[0]
    assert "4" in result.text()


def test_verify_names_an_entry_changed_behind_the_programs_back(full):
    _drop(full, "entries_no_update")
    seq, eid = full.db.conn.execute("SELECT seq, id FROM entries WHERE seq = 2").fetchone()
    full.db.conn.execute("UPDATE entries SET amount = amount + 100 WHERE seq = 2")
    result = full.verify()
    assert not result.ok
    chain_problems = [p for p in result.problems if p.code == "verify_chain"]
    assert len(chain_problems) == 1
    assert eid in chain_problems[0].text() and "2" in chain_problems[0].text()
    assert any(p.code == "verify_sqlite" and "entries_no_update" in p.text() for p in result.problems)


def test_verify_names_a_broken_link_after_a_delete(full):
    _drop(full, "entries_no_delete")
    eid3 = full.db.conn.execute("SELECT id FROM entries WHERE seq = 3").fetchone()[0]
    full.db.conn.execute("DELETE FROM entries WHERE seq = 2")
    result = full.verify()
    assert not result.ok
    links = [p for p in result.problems if p.code == "verify_link"]
    assert links and eid3 in links[0].text()


def test_verify_catches_a_tampered_close(full):
    _drop(full, "closes_no_update")
    full.db.conn.execute("UPDATE closes SET chain_head = ? WHERE date = '2024-07-01'", ("0" * 64,))
    result = full.verify()
    assert not result.ok
    assert any(p.code == "verify_close" and "1/7/2567" in p.text() for p in result.problems)


def test_verify_catches_a_negative_balance_slipped_in(full):
    # rebuild a perfectly chained entry that overdraws cash: only the balance check can see it
    from manualbook import chain
    from manualbook.store.rows import ENTRY_COLUMNS
    conn = full.db.conn
    last = dict(zip(ENTRY_COLUMNS, conn.execute(
        f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries ORDER BY seq DESC LIMIT 1").fetchone()))
    row = {**last, "seq": last["seq"] + 1, "id": "TAMPERED01", "amount": 10 ** 9, "number": "X1",
           "prev_hash": last["hash"]}
    row["hash"] = chain.entry_hash(row["prev_hash"], row)
    cols = list(ENTRY_COLUMNS)
    conn.execute(f"INSERT INTO entries ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                 [row[c] for c in cols])
    result = full.verify()
    assert not result.ok
    assert [p.code for p in result.problems] == ["verify_balance"]
    assert "KTB" in result.problems[0].text()  # the last entry was a cheque payment from KTB


def test_tampering_needs_the_trigger_gone_and_verify_still_sees_it_after_guards_are_back(full):
    _drop(full, "closes_no_update")
    full.db.conn.execute("UPDATE closes SET chain_head = ? WHERE date = '2024-07-01'", ("0" * 64,))
    install_guards(full.db)  # someone who knows SQL puts the guard back
    result = full.verify()
    assert [p.code for p in result.problems] == ["verify_close", "verify_record_changed"]
    assert "chain_head" in result.problems[1].text() and "การปิดบัญชี" in result.problems[1].text()


def test_verify_checks_every_close_even_with_equal_entry_counts(book):
    book.add(receipt())
    book.close_day(D(1))
    book.close_day(D(2))  # no entries on 2/7: same count as the close of 1/7
    _drop(book, "closes_no_update")
    book.db.conn.execute("UPDATE closes SET chain_head = ? WHERE date = '2024-07-01'", ("0" * 64,))
    install_guards(book.db)
    result = book.verify()
    assert not result.ok
    assert any(p.code == "verify_close" and "1/7/2567" in p.text() for p in result.problems)


def test_a_new_book_has_16_kb_pages_and_a_book_with_4_kb_pages_keeps_working(tmp_path):
    """Issue 14: new books are made with 16 KB pages (fewer, fuller pages for 370-byte rows). A book
    made with SQLite's default 4 KB keeps its pages: it opens, takes entries and verifies."""
    from manualbook.store.db import PAGE_SIZE

    made = new_book(tmp_path / "new.sqlite3")
    try:
        assert made.db.conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE == 16384
        assert made.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        made.close()
    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(tmp_path / "new.sqlite3")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA page_size=4096")
    conn.execute("VACUUM INTO ?", (str(old),))
    conn.close()
    assert sqlite3.connect(old).execute("PRAGMA page_size").fetchone()[0] == 4096
    book = Book.open(old)
    try:
        book.add(receipt(book="1", number="1", amount="10"))
        assert book.db.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert book.verify().ok
    finally:
        book.close()
