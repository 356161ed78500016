"""Day-end figures stored at each day close, so reads do not grow with the book.

A closed day takes no entry dated on or before it, so the figures at the end
of a closed day never change: the money in each position (cash, each bank
account, each held-money account), the number of entries dated up to it and
the receipts per revenue code from the books' start. ``close_day`` stores
them in ``close_snapshots`` (one append-only, record-chained row per close,
in the close's transaction); a read of any later day starts from the latest
snapshot on or before it and adds only the entries dated after it (the open
days, usually a few). A book made before this table existed gets a snapshot
for each of its closes from the migration. ``mismatches`` recomputes every
snapshot from the entries in one pass: ``verify`` names a day whose stored
figures were changed.

Positions are JSON ``[[target, key, amount], ...]`` and receipts per code
``[[code, amount], ...]``, both sorted, so the same figures are the same text.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

TABLE = "close_snapshots"
SCHEMA = f"""
CREATE TABLE {TABLE} (
    date TEXT PRIMARY KEY,
    entries INTEGER NOT NULL,
    positions TEXT NOT NULL,
    by_code TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT
"""

Position = tuple[str, str]


@dataclass(frozen=True)
class Snapshot:
    date: dt.date | None          # None: the books' opening (no close yet)
    entries: int
    positions: dict[Position, int]
    by_code: dict[str, int]


def zeros(conn: sqlite3.Connection) -> dict[Position, int]:
    """Every position the book knows, at zero."""
    out: dict[Position, int] = {("cash", ""): 0}
    for key, in conn.execute("SELECT key FROM accounts"):
        out[("account", key)] = 0
    for key, in conn.execute("SELECT key FROM held_accounts"):
        out[("held", key)] = 0
    return out


def openings(conn: sqlite3.Connection) -> dict[Position, int]:
    """Opening figures: every position at zero, then the latest record per position wins."""
    out = zeros(conn)
    for target, key, amount in conn.execute("SELECT target, key, amount FROM openings ORDER BY rec"):
        out[(target, key)] = amount
    return out


def latest(conn: sqlite3.Connection, day: dt.date | None) -> Snapshot:
    """The figures at the end of the last close on or before ``day`` (None: the last of all),
    or the opening figures when there is none (or the book predates the table)."""
    try:
        row = conn.execute(f"SELECT date, entries, positions, by_code FROM {TABLE}"
                           + (" WHERE date <= ?" if day else "") + " ORDER BY date DESC LIMIT 1",
                           (day.isoformat(),) if day else ()).fetchone()
    except sqlite3.OperationalError:  # no such table yet (a migration still to run)
        row = None
    if row is None:
        return Snapshot(None, 0, openings(conn), {})
    positions = zeros(conn)  # a snapshot holds every position that was not zero, openings included
    positions.update({(t, k): v for t, k, v in json.loads(row[2])})
    return Snapshot(dt.date.fromisoformat(row[0]), row[1], positions, dict(json.loads(row[3])))


def _after(snap: Snapshot) -> str:
    return snap.date.isoformat() if snap.date else ""


def position_deltas(conn: sqlite3.Connection, after: str, through: str | None,
                    max_seq: int | None = None) -> list[tuple[str, str, int]]:
    """(target, key, net movement) of the entries dated after ``after`` and up to ``through``."""
    sql = "SELECT target, key, SUM(delta) FROM movements WHERE date > ?"
    args: list = [after]
    if through:
        sql += " AND date <= ?"
        args.append(through)
    if max_seq is not None:
        sql += " AND seq <= ?"
        args.append(max_seq)
    return conn.execute(sql + " GROUP BY 1, 2", args).fetchall()


def figures_at(conn: sqlite3.Connection, day: dt.date | None) -> Snapshot:
    """Positions, entries and receipts per code at the end of ``day`` (None: of the book)."""
    snap = latest(conn, day)
    after, through = _after(snap), day.isoformat() if day else None
    positions = dict(snap.positions)
    for target, key, total in position_deltas(conn, after, through):
        positions[(target, key)] = positions.get((target, key), 0) + (total or 0)
    cut = " AND date <= ?" if through else ""
    args = (after, through) if through else (after,)
    entries = snap.entries + conn.execute(f"SELECT count(*) FROM entries WHERE date > ?{cut}", args).fetchone()[0]
    by_code = dict(snap.by_code)
    for code, total in conn.execute(
            "SELECT code, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND held = '' AND date > ?"
            f"{cut} GROUP BY code", args):
        by_code[code] = by_code.get(code, 0) + (total or 0)
    return Snapshot(day, entries, positions, by_code)


def _row(snap: Snapshot, stamp: str) -> tuple:
    positions = sorted([t, k, v] for (t, k), v in snap.positions.items() if v)
    by_code = sorted([c, v] for c, v in snap.by_code.items() if v)
    return (snap.date.isoformat(), snap.entries, json.dumps(positions, ensure_ascii=False),
            json.dumps(by_code, ensure_ascii=False), stamp)


def record(conn: sqlite3.Connection, day: dt.date, stamp: str) -> None:
    """Stores the figures at the end of ``day``, a day being closed (inside the close's transaction)."""
    conn.execute(f"INSERT INTO {TABLE} (date, entries, positions, by_code, recorded_at) VALUES (?, ?, ?, ?, ?)",
                 _row(figures_at(conn, day), stamp))


def backfill(conn: sqlite3.Connection, stamp: str) -> None:
    """A snapshot for every close of a book made before the table existed, in one pass."""
    days = [d for d, in conn.execute("SELECT DISTINCT date FROM closes ORDER BY date")]
    for snap in _walk(conn, days):
        conn.execute(f"INSERT INTO {TABLE} (date, entries, positions, by_code, recorded_at) VALUES (?, ?, ?, ?, ?)",
                     _row(snap, stamp))


def _walk(conn: sqlite3.Connection, days: list[str]):
    """The figures at the end of each of ``days`` (sorted ISO dates), from the entries alone."""
    positions = openings(conn)
    by_code: dict[str, int] = {}
    entries = 0
    moves = conn.execute("SELECT date, target, key, SUM(delta) FROM movements GROUP BY 1, 2, 3 ORDER BY 1")
    counts = conn.execute("SELECT date, count(*) FROM entries GROUP BY date ORDER BY date")
    codes = conn.execute("SELECT date, code, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND held = ''"
                         " GROUP BY 1, 2 ORDER BY 1")
    pending = {"moves": next(moves, None), "counts": next(counts, None), "codes": next(codes, None)}
    for day in days:
        while pending["moves"] and pending["moves"][0] <= day:
            _, target, key, total = pending["moves"]
            positions[(target, key)] = positions.get((target, key), 0) + (total or 0)
            pending["moves"] = next(moves, None)
        while pending["counts"] and pending["counts"][0] <= day:
            entries += pending["counts"][1]
            pending["counts"] = next(counts, None)
        while pending["codes"] and pending["codes"][0] <= day:
            _, code, total = pending["codes"]
            by_code[code] = by_code.get(code, 0) + (total or 0)
            pending["codes"] = next(codes, None)
        yield Snapshot(dt.date.fromisoformat(day), entries, dict(positions), dict(by_code))


def mismatches(conn: sqlite3.Connection) -> list[dt.date]:
    """Closed days whose stored figures differ from the entries' (a row changed outside the program)."""
    stored = conn.execute(f"SELECT date, entries, positions, by_code FROM {TABLE} ORDER BY date").fetchall()
    out = []
    for (day, entries, positions, by_code), snap in zip(stored, _walk(conn, [r[0] for r in stored])):
        _, *want = _row(snap, "")
        if [entries, positions, by_code] != want[:3]:
            out.append(dt.date.fromisoformat(day))
    return out
