"""Importing an entries file (CSV or XLSX) into the book: all or nothing, never the same file twice.

Streamed: each row is parsed, checked against the book (this file's
earlier rows included) and written inside one write transaction, which
rolls back if any row was refused; the first 100 problems are listed with
a count of the rest. Memory does not grow with the file.

Two ways, one result. A long CSV file on a computer with two cores is first
tried the fast way (``import_fast``: checked by a second process, hashed and
written here); anything not clean there, and every other file, is checked
the exact way in this process (``posting.Posting`` with every rule), which
names every problem with its row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .clock import now_text
from .files import file_sha256
from .messages import BookError, msg
from .model import Change
from .thaidate import format_short
from .txn import writing


def import_file(book, path: Path, progress=None, checker=None) -> Change:
    """``checker``: the second process (``import_fast.Checker``) if the caller started it already."""
    from . import csvfile, import_fast

    if not path.exists():
        raise BookError(msg("file_missing", path=path))
    own = checker is None
    if own and not getattr(book.db, "readonly", False):
        checker = import_fast.Checker.start(book.path, path)  # None unless the fast way is worth trying
    try:
        if path.suffix.lower() == ".csv":
            digest, encoding, lines = csvfile.scan(path)
        else:
            digest, encoding, lines = _file_sha256(path), None, 0
        conn = book.db.conn
        with writing(book):
            earlier = conn.execute("SELECT imported_at, name FROM imports WHERE sha256 = ?", (digest,)).fetchone()
            if earlier:
                raise BookError(msg("already_imported", when=_when(earlier[0]), name=earlier[1]))
            rec = conn.execute("SELECT coalesce(max(rec), 0) + 1 FROM imports").fetchone()[0]
            # the entries name their import record, written last (its row count is known then)
            conn.execute("PRAGMA defer_foreign_keys = ON")
            done = checker.run(book, rec, lines, encoding, progress) if checker and encoding else None
            if done is None:
                done = _exact(book, path, encoding, lines, rec, progress)
            change, written = done
            conn.execute("INSERT INTO imports (rec, sha256, name, rows, imported_at, clerk) VALUES (?, ?, ?, ?, ?, ?)",
                         (rec, digest, path.name, written, now_text(), book.clerk()))
        return change
    finally:
        if checker and own:
            checker.close()


def _exact(book, path: Path, encoding: str | None, lines: int, rec: int, progress) -> tuple[Change, int]:
    """Every rule in this process, naming every problem (a short file, a refused one)."""
    from .import_rows import parsed_rows
    from .posting import Posting

    posting = Posting(book, import_rec=rec, progress=progress, total=max(lines - 1, 0))
    for row_no, draft, problems in parsed_rows(path, encoding, lines):
        if problems:
            posting.refuse(problems)
        else:
            posting.add(draft, row_no)
    if not posting.seen:
        raise BookError(msg("file_empty", path=path))
    return posting.finish(lambda count: msg("import_refused", count=f"{count:,}")), posting.written


def _file_sha256(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError as exc:
        raise BookError(msg("file_unreadable", path=path, why=exc.strerror or exc)) from None


def _when(stamp: str) -> str:
    try:
        t = dt.datetime.fromisoformat(stamp)
        return f"{format_short(t.date())} เวลา {t:%H:%M}"
    except ValueError:
        return stamp
