"""The record chain: every record that is not an entry is logged as it is written, an auditor can
recompute it from the README alone, and existing books are migrated (m005_record_chain)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from _support import as_before_record_chain, new_book, receipt
from manualbook import budget
from manualbook.book import Book
from manualbook.store import records, schema
from manualbook.store.schema import APPEND_ONLY
from test_store import full  # noqa: F401  (fixture: a book with entries, a close and a setting)

D = lambda d: dt.date(2024, 7, d)  # noqa: E731
AUDIT = Path(__file__).resolve().parents[2] / "docs" / "recompute_chains.py"


@pytest.fixture
def every_table(full, tmp_path):
    """A row in every record table (as test_store's every_table), with a consistent export record."""
    from _support import LineRow, write_csv
    from manualbook.keyed import record_day_totals
    full.add_code("49999997", "รายได้ทดสอบ")
    budget.import_lines(full, [LineRow("", 0, code="41210008", estimate=5_000)], 2567)
    budget.transfer(full, "L01", "L02", 100, D(2), "โอน")
    budget.commit(full, "PO-1", "L01", 1_000, D(2))
    budget.cancel_commitment(full, "PO-1", D(2), "ยกเลิก")
    pay = list(full.entries(D(2), D(2)))[0]
    full.record_cheque_handed(pay.id, D(2))
    full.import_file(write_csv(tmp_path / "one.csv", [receipt(date="2/7/2567", amount="1")]))
    with full.db.atomic():
        full.db.conn.execute("INSERT INTO keyed_marks (entry_id, keyed, recorded_at) VALUES (?, 1, 'x')", (pay.id,))
    record_day_totals(full, D(2), {"receipts": 100, "cash": None})
    head, count = full.chain_head()
    rec_seq, rec_head = records.head(full.db.conn)
    with full.db.atomic():
        full.db["exports"].insert({"folder": "b1", "created_at": "x", "since": "2024-07-01", "until": "2024-07-02",
                                   "entries": count, "max_seq": count, "chain_head": head, "manifest_sha256": "x",
                                   "records_seq": rec_seq, "records_head": rec_head, "recorded_at": "x"})
    return full

def _audit(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(AUDIT), str(path)], capture_output=True, text=True, timeout=60)


def test_every_record_table_is_chained(every_table):
    conn = every_table.db.conn
    chained = set(records.chained_tables(every_table.db))
    assert chained == (set(APPEND_ONLY) - {"entries", "record_log"}) | {"_sqlite_migrations"}
    logged = {t for (t,) in conn.execute("SELECT DISTINCT tbl FROM record_log")}
    with_rows = {t for t in chained if conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]}
    assert with_rows <= logged
    assert every_table.verify().ok


def test_an_auditor_recomputes_both_chains_in_plain_python(every_table):
    b = every_table
    b.close_day(D(2))
    head, _ = b.chain_head()
    _, rec_head = records.head(b.db.conn)
    proc = _audit(b.path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"entries head: {head}" in proc.stdout and f"records head: {rec_head}" in proc.stdout
    b.db.conn.execute("DROP TRIGGER openings_no_update")
    b.db.conn.execute("UPDATE openings SET amount = amount + 1")
    b.db.conn.commit()
    proc = _audit(b.path)
    assert proc.returncode == 1 and "openings" in proc.stdout


def test_a_book_made_before_the_record_chain_is_migrated_and_recorded(tmp_path):
    path = tmp_path / "old.sqlite3"
    b = new_book(path)
    b.add(receipt())
    b.set_setting("finance_head", "นางเดิม", D(1))
    b.close_day(D(1))
    as_before_record_chain(b)
    b.close()
    with Book.open(path) as b:
        conn = b.db.conn
        whys = {w for (w,) in conn.execute("SELECT DISTINCT why FROM record_log")}
        assert "migration:m005_record_chain" in whys
        names = [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations")]
        assert "m005_record_chain" in names
        logged = conn.execute("SELECT count(*) FROM record_log WHERE tbl = 'settings'").fetchone()[0]
        assert logged == conn.execute("SELECT count(*) FROM settings").fetchone()[0] > 0
        assert b.verify().ok, b.verify().text()
        b.db.conn.execute("DROP TRIGGER settings_no_update")
        b.db.conn.execute("UPDATE settings SET value = 'นางปลอม' WHERE key = 'finance_head'")
        b.db.conn.commit()
        assert any(p.code == "verify_record_changed" and "นางปลอม" in p.text() for p in b.verify().problems)
    assert list(tmp_path.glob("old.before-upgrade-*.sqlite3"))


@pytest.fixture
def rewriting_migration():
    """A later migration that rewrites budget lines (as issue 11's amount migration does)."""
    added = []

    def register(relog: bool):
        def m998_test_rewrite(db):
            db.conn.execute("DROP TRIGGER budget_lines_no_update")
            db.conn.execute("UPDATE budget_lines SET amount = amount + spent_before + 1")
            schema.install_guards(db)
            if relog:
                records.relog(db, ["budget_lines"], "m998_test_rewrite")
        schema.migrations(name="m998_test_rewrite")(m998_test_rewrite)
        added.append(True)

    yield register
    schema.migrations._migrations[:] = [m for m in schema.migrations._migrations if m.name != "m998_test_rewrite"]


@pytest.mark.parametrize("relog", [True, False])
def test_a_migration_that_rewrites_records_logs_their_new_form(tmp_path, rewriting_migration, relog):
    path = tmp_path / "b.sqlite3"
    new_book(path).close()
    rewriting_migration(relog)
    with Book.open(path) as b:
        result = b.verify()
        if relog:
            assert result.ok, result.text()
            rows = b.db.conn.execute("SELECT why FROM record_log WHERE tbl = 'budget_lines' ORDER BY seq").fetchall()
            assert ("migration:m998_test_rewrite",) in rows
        else:
            assert any(p.code == "verify_record_changed" and "amount" in p.text() for p in result.problems)


def test_a_forged_migration_relog_is_named(book):
    """A tamperer changes a line and appends a body claiming a migration wrote it."""
    conn = book.db.conn
    conn.execute("DROP TRIGGER budget_lines_no_update")
    conn.execute("UPDATE budget_lines SET amount = 1 WHERE key = 'L01'")
    records.relog(book.db, ["budget_lines"], "m002_keying")  # a real name, but not followed by its record
    conn.commit()
    result = book.verify()
    assert "verify_record_why" in [p.code for p in result.problems]
    assert "verify_record_changed" not in [p.code for p in result.problems]


def test_the_guards_and_chain_triggers_survive_a_transform(full):
    db = full.db
    db["settings"].transform(types={"value": str})
    schema.install_guards(db)
    assert schema.expected_guards(db) <= schema.guard_names(db)
    full.set_setting("checker", "นายตรวจ")
    assert full.verify().ok


def test_budget_import_and_changes_are_logged(book):
    budget.supplementary(book, "L01", 1_000_00, D(3), "เพิ่ม")
    budget.transfer(book, "L01", "L02", 10_00, D(3), "โอน")
    n = book.db.conn.execute("SELECT count(*) FROM record_log WHERE tbl = 'budget_changes'").fetchone()[0]
    assert n == book.db.conn.execute("SELECT count(*) FROM budget_changes").fetchone()[0] >= 1
