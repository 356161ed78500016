"""The database schema: migrations recorded in the database, and the guards.

Every table that holds a posted record is append-only, enforced by triggers
in SQLite itself, not only by the code. sqlite-utils' ``table.transform()``
silently drops a table's triggers, so every migration ends by calling
``install_guards`` and a test proves the guards survive a transform.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..messages import problem
from . import records, snapshots
from .closed_day import CLOSED_DAY_TRIGGER
from .ddl import INITIAL as _SCHEMA
from .tables import APPEND_ONLY  # noqa: F401  (the guarded tables; importable from here as before)

migrations = Migrations("manualbook")


def guard_sql(db: Database) -> dict[str, str]:
    """Every guard trigger's CREATE statement, as SQLite stores it in sqlite_master."""
    out = {}
    for table in APPEND_ONLY:
        if not db[table].exists():
            continue
        for op in ("UPDATE", "DELETE"):
            name = f"{table}_no_{op.lower()}"
            out[name] = (f"CREATE TRIGGER {name} BEFORE {op} ON {table} "
                         f"BEGIN SELECT RAISE(ABORT, 'manualbook: {table} is append-only'); END")
    # A closed day takes no entry dated on or before it.
    out["entries_closed_day"] = CLOSED_DAY_TRIGGER
    # Opening figures can change only until the first day is closed.
    out["openings_locked"] = (
        "CREATE TRIGGER openings_locked BEFORE INSERT ON openings "
        "WHEN EXISTS (SELECT 1 FROM closes) "
        "BEGIN SELECT RAISE(ABORT, 'manualbook: opening figures are locked'); END")
    return out


def install_guards(db: Database) -> None:
    """(Re-)creates every trigger that makes posted records append-only.

    Idempotent; called at the end of every migration because a transform()
    in a migration drops the triggers of the table it rebuilds.
    """
    for sql in guard_sql(db).values():
        db.conn.execute(sql.replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1))
    # Every record that is not an entry is hash-chained as it is inserted (records.py).
    records.install_triggers(db)


def expected_trigger_sql(db: Database) -> dict[str, str]:
    """Guard and chain triggers as this program writes them: verify compares them word for word."""
    out = guard_sql(db)
    if db[records.LOG_TABLE].exists():
        out |= {records.trigger_name(t): records.trigger_sql(db.conn, t) for t in records.chained_tables(db)}
    return out


_FRESH: dict[tuple[str, ...], dict[tuple[str, str], str]] = {}


def fresh_schema() -> dict[tuple[str, str], str]:
    """(type, name) -> SQL of every table, index and view a book of this version has: the
    migrations run on an empty database in memory (once per process and migration list)."""
    import sqlite3

    names = tuple(m.name for m in migrations._migrations)
    if names not in _FRESH:
        conn = sqlite3.connect(":memory:")
        records.register_functions(conn)
        db = Database(conn)
        migrate(db)
        _FRESH[names] = schema_sql(db)
        conn.close()
    return _FRESH[names]


def schema_sql(db: Database) -> dict[tuple[str, str], str]:
    """(type, name) -> normalised SQL of the tables, indexes and views in ``db``: identifier
    quotes, spacing and a number default written as text ignored (sqlite-utils' transform()
    writes the same table that way), every word and value kept."""
    import re

    rows = db.conn.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index', 'view')"
                           " AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").fetchall()
    out = {}
    for t, n, sql in rows:
        text = " ".join(str(sql).replace('"', "").split())
        text = re.sub(r"DEFAULT '(-?\d+)'", r"DEFAULT \1", text)
        text = re.sub(r"\s*([(),])\s*", r"\1", text)
        out[(t, n)] = text
    return out


def guard_names(db: Database) -> set[str]:
    return {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def expected_guards(db: Database) -> set[str]:
    names = {"entries_closed_day", "openings_locked"}
    for table in APPEND_ONLY:
        if db[table].exists():
            names |= {f"{table}_no_update", f"{table}_no_delete"}
    return names | records.trigger_names(db)


@migrations()
def m001_initial(db: Database) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.conn.execute(statement)
    install_guards(db)


_SCHEMA_2 = """
CREATE TABLE elaas_day_totals (
    rec INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    receipts INTEGER,
    payments INTEGER,
    cash INTEGER,
    bank INTEGER,
    source TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE INDEX elaas_day_totals_date ON elaas_day_totals (date, rec);
CREATE INDEX entries_kind_date ON entries (base_kind, date);
CREATE TABLE exports (
    rec INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,
    created_at TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT NOT NULL,
    entries INTEGER NOT NULL,
    max_seq INTEGER NOT NULL,
    chain_head TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
"""


@migrations()
def m002_keying(db: Database) -> None:
    """The figures of e-LAAS's own daily report as the clerk typed them (the
    latest row per day wins; NULL = not typed), and every bundle written,
    so "new since the previous bundle" holds across sticks. The index lets
    a day's movements (the ``movements`` view filtered by date) be found by
    kind and date: the planner otherwise picks entries_code and reads every
    entry of a kind (25 ms a day on a 20,000-entry book, 0.07 ms with it)."""
    for statement in _SCHEMA_2.split(";"):
        if statement.strip():
            db.conn.execute(statement)
    install_guards(db)


_SCHEMA_3 = """
CREATE TABLE budget_restatements (
    rec INTEGER PRIMARY KEY,
    fy INTEGER NOT NULL,
    key TEXT NOT NULL,
    amount_stored INTEGER NOT NULL,
    spent_before INTEGER NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    reason TEXT NOT NULL,
    migration TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (fy, key) REFERENCES budget_lines (fy, key)
) STRICT;
CREATE VIEW budget_lines_as_set AS
    SELECT b.fy, b.key, b.plan, b.work, b.grp, b.category, b.code, b.item,
           COALESCE((SELECT r.amount FROM budget_restatements r WHERE r.fy = b.fy AND r.key = b.key
                     ORDER BY r.rec DESC LIMIT 1), b.amount) AS amount,
           b.amount AS amount_stored, b.spent_before, b.committed_before, b.position, b.created_at
      FROM budget_lines b;
ALTER TABLE revenue_estimates ADD COLUMN received_before INTEGER NOT NULL DEFAULT 0
    CHECK (received_before >= 0)
"""
BUDGET_FULL_YEAR = "m003_budget_full_year"
RESTATED_BECAUSE = ("งบประมาณที่ตั้งไว้ทั้งปี: รุ่นก่อนเก็บเป็นยอดคงเหลือ ณ วันเริ่มสมุด"
                    " จึงบวกยอดเบิกจ่ายก่อนเริ่มสมุดกลับเข้าไป")


@migrations(name=BUDGET_FULL_YEAR)
def m003_budget_full_year(db: Database) -> None:
    """The budget file's ``amount`` is now the year's appropriation as set
    (ตั้งไว้), never what was left; ``spent`` before the books' start reduces
    what remains. Books made by an earlier version stored what was left on
    the first day; their lines are append-only, so each such line gets a
    restatement record (stored amount, spent before, the year's amount) and
    every read goes through the view ``budget_lines_as_set``. The figures
    that matter do not move: the earlier arithmetic added the spent back
    when it computed the appropriation. Revenue estimates get what was
    received before the books' start, so year-to-date counts from 1 October."""
    from ..clock import now_text

    for statement in _SCHEMA_3.split(";"):
        if statement.strip():
            db.conn.execute(statement)
    stamp = now_text()
    db.conn.execute(
        "INSERT INTO budget_restatements (fy, key, amount_stored, spent_before, amount, reason, migration,"
        " recorded_at) SELECT fy, key, amount, spent_before, amount + spent_before, ?, ?, ? FROM budget_lines"
        " WHERE spent_before > 0 ORDER BY fy, position, key", (RESTATED_BECAUSE, BUDGET_FULL_YEAR, stamp))
    install_guards(db)


_SCHEMA_4 = """
DROP INDEX entries_receipt_no;
CREATE UNIQUE INDEX entries_receipt_no ON entries (book, number)
    WHERE kind IN ('receipt', 'void') AND number <> '' AND book <> '';
CREATE UNIQUE INDEX entries_transfer_ref ON entries (account, number)
    WHERE kind = 'receipt' AND book = '' AND number <> ''
"""


@migrations()
def m004_transfer_receipt_refs(db: Database) -> None:
    """A receipt that arrived by bank transfer may have no receipt book: its
    number is the bank's reference, unique per account (the earlier index
    made it unique across every book-less receipt of every account)."""
    for statement in _SCHEMA_4.split(";"):
        if statement.strip():
            db.conn.execute(statement)
    install_guards(db)


def upgrade_notices(db: Database, applied: list[str]) -> list[str]:
    """What a clerk is told after their book was brought up to date (Thai)."""
    out = []
    if BUDGET_FULL_YEAR in applied and db["budget_restatements"].exists():
        rows = db.conn.execute("SELECT fy, key FROM budget_restatements WHERE migration = ? ORDER BY rec",
                               (BUDGET_FULL_YEAR,)).fetchall()
        if rows:
            keys = ", ".join(k for _, k in rows[:8]) + (problem("lines_more", count=len(rows) - 8).message
                                                        if len(rows) > 8 else "")
            years = ", ".join(sorted({str(fy) for fy, _ in rows}))
            out.append(problem("budget_restated", count=len(rows), years=years, keys=keys).message)
    return out


@migrations()
def m005_record_chain(db: Database) -> None:
    """Every record that is not an entry joins a hash chain (records.py); closes and
    exports also record that chain's head. A book made earlier has its existing rows
    logged here, in table order, marked as logged by this migration."""
    db.conn.execute(records.LOG_SCHEMA)
    for table in ("closes", "exports"):
        db.conn.execute(f"ALTER TABLE {table} ADD COLUMN records_seq INTEGER")
        db.conn.execute(f"ALTER TABLE {table} ADD COLUMN records_head TEXT")
    install_guards(db)
    records.log_unlogged(db, "migration:m005_record_chain")


_SCHEMA_APP_RECORDS = """
ALTER TABLE org_records ADD COLUMN effective TEXT NOT NULL DEFAULT '';
CREATE TABLE receipt_book_ranges (
    rec INTEGER PRIMARY KEY,
    book TEXT NOT NULL REFERENCES receipt_books (book),
    first INTEGER NOT NULL CHECK (first >= 1),
    last INTEGER CHECK (last IS NULL OR last >= first),
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
"""
APP_CORRECTIONS = "m006_app_corrections"


@migrations(name=APP_CORRECTIONS)
def m006_app_corrections(db: Database) -> None:
    """Corrections the app makes as new records: a receipt book's range given
    after the book was auto-registered by its first receipt (the latest row
    per book wins), and the day an organisation record takes effect ('' =
    from the books' start), so the office's name can be corrected after the
    first close without rewriting what was printed. The organisation rows
    gain a column, so their new form joins the record chain."""
    for statement in _SCHEMA_APP_RECORDS.split(";"):
        if statement.strip():
            db.conn.execute(statement)
    install_guards(db)
    if db[records.LOG_TABLE].exists():
        records.relog(db, ["org_records"], APP_CORRECTIONS)


@migrations()
def m007_close_snapshots(db: Database) -> None:
    """The figures at the end of each closed day, stored at the close (store/snapshots.py), so
    summaries and day reports read a few days of entries instead of the whole book. A book
    made earlier gets them for each of its closes now, computed from its entries."""
    from ..clock import now_text

    db.conn.execute(snapshots.SCHEMA)
    install_guards(db)
    snapshots.backfill(db.conn, now_text())


def migrate(db: Database) -> list[str]:
    """Applies pending migrations; returns their names."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
        install_guards(db)
    return pending
