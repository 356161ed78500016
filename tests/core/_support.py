"""Helpers shared by the core tests: small books, raw rows, the command line."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from manualbook import budget
from manualbook.book import Book
from manualbook.store.schema import APPEND_ONLY

START = dt.date(2024, 7, 1)  # 1/7/2567
B = 100  # satang per baht


@dataclass(frozen=True)
class LineRow:
    """What budget.import_lines reads from a budget file row."""

    line: str
    amount: int
    spent: int = 0
    committed: int = 0
    plan: str = "บริหารงานทั่วไป"
    work: str = "งานบริหารทั่วไป"
    group: str = "งบดำเนินงาน"
    category: str = "ค่าใช้สอย"
    code: str = ""
    item: str = "รายการทดสอบ"
    estimate: int = 0
    received: int = 0
    source_row: int = 0


def new_book(path: Path, cash: int = 10_000 * B, accounts: dict[str, int] | None = None,
             lines: dict[str, int] | None = None, fy: int = 2567, start: dt.date = START) -> Book:
    """A book starting 1/7/2567 with cash, bank accounts and FY lines (amounts in satang)."""
    book = Book.create(path, "อบต.ทดสอบ", start, cash=cash, lao_code="1234567", clerk="ผู้ทดสอบ")
    for key, opening in (accounts if accounts is not None else {"KTB": 100_000 * B}).items():
        book.add_account(key, "ธนาคารกรุงไทย", f"000-{key}", opening)
    lines = lines if lines is not None else {"L01": 50_000 * B, "L02": 20_000 * B}
    if lines:
        budget.import_lines(book, [LineRow(k, v) for k, v in lines.items()], fy)
    return book


def as_before_record_chain(book: Book) -> None:
    """Turns a book back into one written before m005_record_chain (no record log, no
    chain triggers, no records columns in closes and exports, no side record)."""
    from manualbook.store import ack, records
    conn = book.db.conn
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_chain'"
                                ).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute(f"DROP TABLE {records.LOG_TABLE}")
    for table in ("closes", "exports"):
        if book.db[table].exists() and "records_seq" in book.db[table].columns_dict:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN records_seq")
            conn.execute(f"ALTER TABLE {table} DROP COLUMN records_head")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_record_chain'")
    conn.commit()
    ack.ack_path(book.path).unlink(missing_ok=True)


def receipt(**kw) -> dict:
    v = {"kind": "receipt", "date": "1/7/2567", "code": "41210008", "amount": "100", "party": "นายทดสอบ"}
    v.update(kw)
    return v


def payment(**kw) -> dict:
    v = {"kind": "payment", "date": "1/7/2567", "number": "1/2567", "party": "ร้านค้า", "line": "L01",
         "amount": "100"}
    v.update(kw)
    return v


def table_counts(book: Book) -> dict[str, int]:
    """Row counts of every append-only table: 'nothing written' means these did not move."""
    return {t: book.db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in APPEND_ONLY if book.db[t].exists()}


def entry_count(book: Book) -> int:
    return book.db.conn.execute("SELECT count(*) FROM entries").fetchone()[0]


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None, bom: bool = False) -> Path:
    columns = columns or list(dict.fromkeys(k for r in rows for k in r))
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for r in rows:
            w.writerow([r.get(c, "") for c in columns])
    return path


def run_cli(*args, db: Path | None = None, env_db: Path | None = None, cwd: Path | None = None,
            check: bool | None = None) -> subprocess.CompletedProcess:
    """Runs ``python -m manualbook.cli [--db DB] ARGS`` and returns the finished process."""
    env = {k: v for k, v in os.environ.items() if k != "MANUALBOOK_DB"}
    env["PYTHONIOENCODING"] = "utf-8"
    if env_db is not None:
        env["MANUALBOOK_DB"] = str(env_db)
    cmd = [sys.executable, "-m", "manualbook.cli"]
    if db is not None:
        cmd += ["--db", str(db)]
    cmd += [str(a) for a in args]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, timeout=120)
    if check is True and proc.returncode != 0:
        raise AssertionError(f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def cli_json(*args, **kw):
    proc = run_cli(*args, check=True, **kw)
    return json.loads(proc.stdout)


def has_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)
