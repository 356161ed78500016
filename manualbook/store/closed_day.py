"""The closed-day guard on entries, and lifting it for one bulk insert.

Kept apart from ``schema`` (which needs sqlite-utils) so a long import does
not load sqlite-utils to lift and restore it.
"""

from __future__ import annotations

import sqlite3

# A closed day takes no entry dated on or before it (``schema.guard_sql`` installs it with the others).
CLOSED_DAY_TRIGGER = (
    "CREATE TRIGGER entries_closed_day BEFORE INSERT ON entries "
    "WHEN NEW.date <= (SELECT max(date) FROM closes) "
    "BEGIN SELECT RAISE(ABORT, 'manualbook: day is closed'); END")


def lift(conn: sqlite3.Connection) -> None:
    """For a bulk insert inside a write transaction: drops the per-row closed-day trigger.

    Any row trigger doubles what an INSERT costs (0.9 s more for 100,000
    entries here). The drop is part of the caller's transaction: it is undone
    by a rollback and never committed, because ``restore`` re-checks the same
    rule for every new row in one query and puts the trigger back before the
    caller commits.
    """
    assert conn.in_transaction, "only inside the write transaction"
    conn.execute("DROP TRIGGER IF EXISTS entries_closed_day")


def restore(conn: sqlite3.Connection, after_seq: int) -> None:
    """The closed-day rule for every entry after ``after_seq``, then the trigger back."""
    bad = conn.execute(
        "SELECT seq FROM entries WHERE seq > ? AND date <= (SELECT max(date) FROM closes) LIMIT 1",
        (after_seq,)).fetchone()
    if bad:
        raise sqlite3.IntegrityError("manualbook: day is closed")
    conn.execute(CLOSED_DAY_TRIGGER)
