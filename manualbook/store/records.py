"""The record chain: every record that is not an entry, hash-chained in one log.

Entries have their own chain (``chain.py``). Everything else a book holds —
the organisation, opening figures, accounts, settings, codes, budget lines and
changes, commitments, imports, cheque events, closes, keying marks, receipt
books, e-LAAS day figures, exports, and the record of each schema migration —
is written to ``record_log`` as it is inserted, by an AFTER INSERT trigger on
each table (so no code path can forget it):

    record_log(seq, tbl, body, why, hash)
    body = the row as SQLite's json_object('column', value, ...) in the table's
           column order (stored, so the auditor hashes exactly these bytes)
    hash = sha256(prev_hash + "\\n" + tbl + "\\n" + why + "\\n" + body)

``prev_hash`` is the previous log row's hash; the first row's is
sha256("manualbook-records:" + book uuid). ``why`` is "" for a row logged as
it was inserted, "migration:NAME" for rows logged by a schema migration (a
book made before the chain existed is logged by ``m005_record_chain``; a
migration that rewrites rows logs their new form), and "new-book" for the
records of the migrations that ran before the book's first row existed.

The trigger calls ``manualbook_record_hash``, a function only this program
registers: a row inserted by any other program fails instead of slipping in
unlogged. ``verify`` recomputes the chain and compares each table's rows with
their latest body (see verify.py).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

from .tables import APPEND_ONLY

LOG_TABLE = "record_log"
MIGRATIONS_TABLE = "_sqlite_migrations"
# Tables that are chained here (every append-only record table but entries and the log itself).
NOT_CHAINED = {"entries", LOG_TABLE}
NEW_BOOK = "new-book"

LOG_SCHEMA = f"""
CREATE TABLE {LOG_TABLE} (
    seq INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    body TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL
) STRICT
"""


def genesis(book_uuid: str) -> str:
    return hashlib.sha256(f"manualbook-records:{book_uuid}".encode()).hexdigest()


def record_hash(prev_hash: str, table: str, why: str, body: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{table}\n{why}\n{body}".encode("utf-8")).hexdigest()


def _sql_record_hash(prev_hash, book_uuid, table, why, body):
    if prev_hash is None:
        if book_uuid is None:
            raise ValueError("record chain: no book row yet")
        prev_hash = genesis(book_uuid)
    return record_hash(prev_hash, table, why, body)


def register_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("manualbook_record_hash", 5, _sql_record_hash, deterministic=True)


def chained_tables(db) -> list[str]:
    names = [t for t in APPEND_ONLY if t not in NOT_CHAINED] + [MIGRATIONS_TABLE]
    return [t for t in names if db[t].exists()]


def columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, int, object]]:
    """(name, pk position, default SQL) of each column, in table order."""
    return [(r[1], r[5], r[4]) for r in conn.execute(f'PRAGMA table_info("{table}")')]


def primary_key(conn: sqlite3.Connection, table: str) -> list[str]:
    cols = [(pk, name) for name, pk, _ in columns(conn, table) if pk]
    return [name for _, name in sorted(cols)]


def body_sql(conn: sqlite3.Connection, table: str, prefix: str = "") -> str:
    return "json_object(" + ", ".join(f"'{name}', {prefix}\"{name}\"" for name, _, _ in columns(conn, table)) + ")"


def trigger_name(table: str) -> str:
    return f"{table}_chain"


def trigger_sql(conn: sqlite3.Connection, table: str) -> str:
    return (
        f'CREATE TRIGGER "{trigger_name(table)}" AFTER INSERT ON "{table}" '
        f"WHEN EXISTS (SELECT 1 FROM book) BEGIN "
        f"INSERT INTO {LOG_TABLE} (tbl, body, why, hash) SELECT '{table}', b, '', "
        f"manualbook_record_hash((SELECT hash FROM {LOG_TABLE} ORDER BY seq DESC LIMIT 1), "
        f"(SELECT uuid FROM book), '{table}', '', b) "
        f"FROM (SELECT {body_sql(conn, table, 'NEW.')} AS b); END"
    )


def install_triggers(db) -> None:
    """(Re-)creates each table's logging trigger; one whose table gained a column is replaced."""
    conn = db.conn
    if not db[LOG_TABLE].exists():
        return
    existing = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    for table in chained_tables(db):
        sql = trigger_sql(conn, table)
        name = trigger_name(table)
        if existing.get(name) == sql:
            continue
        if name in existing:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(sql)


def trigger_names(db) -> set[str]:
    return {trigger_name(t) for t in chained_tables(db)} if db[LOG_TABLE].exists() else set()


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(seq, hash) of the newest log row; (0, genesis) for an empty log."""
    row = conn.execute(f"SELECT seq, hash FROM {LOG_TABLE} ORDER BY seq DESC LIMIT 1").fetchone()
    if row:
        return row[0], row[1]
    uuid = conn.execute("SELECT uuid FROM book").fetchone()
    return 0, genesis(uuid[0]) if uuid else ""


def head_fields(db) -> dict:
    """``records_seq`` and ``records_head`` for a close or an export row ({} before m005)."""
    if not db[LOG_TABLE].exists():
        return {}
    seq, hash_ = head(db.conn)
    return {"records_seq": seq, "records_head": hash_}


def _append(conn: sqlite3.Connection, table: str, why: str, body: str) -> None:
    _, prev = head(conn)
    conn.execute(f"INSERT INTO {LOG_TABLE} (tbl, body, why, hash) VALUES (?, ?, ?, ?)",
                 (table, body, why, record_hash(prev, table, why, body)))


def row_key(body: dict, pk: list[str]) -> str:
    return json.dumps([body.get(k) for k in pk] if pk else body, ensure_ascii=False, sort_keys=True)


def latest_bodies(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    pk = primary_key(conn, table)
    out: dict[str, str] = {}
    for (body,) in conn.execute(f"SELECT body FROM {LOG_TABLE} WHERE tbl = ? ORDER BY seq", (table,)):
        out[row_key(json.loads(body), pk)] = body
    return out


def log_unlogged(db, why: str) -> int:
    """Logs every row of every chained table that has no body yet (a book made before the
    chain existed; the migration records of a new book). Returns how many."""
    conn = db.conn
    if not db[LOG_TABLE].exists() or not conn.execute("SELECT 1 FROM book").fetchone():
        return 0
    count = 0
    for table in chained_tables(db):
        pk = primary_key(conn, table)
        known = latest_bodies(conn, table)
        order = ", ".join(f'"{c}"' for c in pk) or "rowid"
        for (body,) in conn.execute(f'SELECT {body_sql(conn, table)} FROM "{table}" ORDER BY {order}').fetchall():
            if row_key(json.loads(body), pk) not in known:
                _append(conn, table, why, body)
                count += 1
    return count


def relog(db, tables: list[str], migration: str) -> int:
    """For a migration that rewrote rows: logs the new form of every row of ``tables``
    whose latest body differs, as ``migration:NAME``. Call it inside the migration."""
    conn = db.conn
    count = 0
    for table in tables:
        pk = primary_key(conn, table)
        known = latest_bodies(conn, table)
        order = ", ".join(f'"{c}"' for c in pk) or "rowid"
        for (body,) in conn.execute(f'SELECT {body_sql(conn, table)} FROM "{table}" ORDER BY {order}').fetchall():
            parsed = json.loads(body)
            old = known.get(row_key(parsed, pk))
            if old is None or json.loads(old) != parsed:
                _append(conn, table, f"migration:{migration}", body)
                count += 1
    return count
