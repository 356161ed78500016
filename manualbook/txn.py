"""One writer at a time: every use case that writes runs its checks inside the write.

``writing(book)`` opens the transaction with ``BEGIN IMMEDIATE``, which takes
SQLite's write lock before the rules read anything: a second writer waits
(the connection's busy timeout) instead of checking against figures that
are about to change. Two payments can then no longer both pass the check of
what remains on a budget line and both be written. A writer still waiting
when the timeout ends gets a Thai "the book is in use by …" message naming
the app's lock holder when there is one, never ``database is locked``.

``@writes`` wraps a use case (a ``Book`` method or a function whose first
argument is the book) in ``writing``; nested use cases join the outer
transaction.
"""

from __future__ import annotations

import functools
import sqlite3
from contextlib import contextmanager

from .lockfile import busy_problem
from .messages import BookError, msg

SQLITE_BUSY, SQLITE_LOCKED = 5, 6


def is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    text = str(exc)
    return "database is locked" in text or "database is busy" in text


@contextmanager
def writing(book):
    """The book's write transaction (BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error)."""
    db, conn = book.db, book.db.conn
    if conn.in_transaction:  # a use case called from inside another one
        yield book
        return
    if getattr(db, "readonly", False):
        raise BookError(msg("book_readonly", path=book.path))
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise BookError(busy_problem(book.path)) from None
        raise
    try:
        yield book
    except BaseException:
        conn.rollback()
        raise
    try:
        conn.commit()
    except sqlite3.OperationalError as exc:
        conn.rollback()
        if is_busy(exc):
            raise BookError(busy_problem(book.path)) from None
        raise
    for fn in list(getattr(db, "after_commit", ())):  # e.g. the side record of what was saved (store/ack.py)
        fn()


def writes(fn):
    """Runs a use case (first argument: the book) inside ``writing``."""
    @functools.wraps(fn)
    def run(book, *args, **kwargs):
        with writing(book):
            return fn(book, *args, **kwargs)
    return run
