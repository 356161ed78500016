"""The working day and the days still to close: what the app proposes as "today".

The desktop app opens on the working day and offers the next day to close;
these rules live here so that the command line, the app and the tests share
one reading of the book. Read-only: nothing here writes.
"""

from __future__ import annotations

import datetime as dt

from . import ledger


def working_day(book) -> dt.date:
    """The day the clerk is most likely keeping: the last open day with entries, else the first open day."""
    first_open = book.first_open_day()
    last = ledger.last_entry_date(book.db)
    return max(first_open, last) if last else first_open


def open_days(book, until: dt.date) -> list[dt.date]:
    """Days after the last close, up to ``until``, that have entries (they need closing)."""
    first = book.first_open_day()
    rows = book.db.conn.execute(
        "SELECT DISTINCT date FROM entries WHERE date >= ? AND date <= ? ORDER BY date",
        (first.isoformat(), until.isoformat()))
    return [dt.date.fromisoformat(r[0]) for r in rows]


def next_day_to_close(book, fallback: dt.date) -> dt.date:
    """The first open day that has entries (a weekend or holiday without any is
    closed with the next working day), else ``fallback`` (the working day), never a
    day already closed (just after a close the working day has not moved yet)."""
    first_open = book.first_open_day()
    row = book.db.conn.execute("SELECT min(date) FROM entries WHERE date >= ?",
                               (first_open.isoformat(),)).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else max(fallback, first_open)


def is_closed(closed_through: dt.date | None, day: dt.date) -> bool:
    """Whether ``day`` is on or before the last closed day."""
    return closed_through is not None and day <= closed_through
