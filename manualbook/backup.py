"""Backup and restore through SQLite's backup API, each followed by a verify.

A backup is written under a temporary name, switched to rollback-journal
mode (a single self-contained file that also opens from read-only media),
verified as a book, and only then given its final name. A restore verifies
the backup first, keeps the current book beside itself, then copies.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from .messages import BookError, msg


def _copy(src: Path, dst: Path) -> None:
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(str(dst))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            target.commit()
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise BookError(msg("not_a_book", path=src)) from exc
    finally:
        source.close()


def verify_file(path: Path):
    """Verifies the book file at ``path`` and leaves it in rollback-journal mode
    (a copy in WAL mode does not open from a read-only folder or stick)."""
    from .book import Book
    book = Book.open(path)
    try:
        result = book.verify()
        book.db.conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        book.close()
    if not result.ok:
        raise BookError(result.problems)
    return result


def backup(db_path: Path, out: Path):
    if not db_path.exists():
        raise BookError(msg("no_book", path=db_path))
    if out.exists():
        raise BookError(msg("backup_exists", path=out))
    tmp = out.with_name(out.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    try:
        _copy(db_path, tmp)
        result = verify_file(tmp)
        os.replace(tmp, out)
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise
    return result


def restore(src: Path, db_path: Path):
    if not src.exists():
        raise BookError(msg("file_missing", path=src))
    tmp = db_path.with_name(db_path.name + ".restoring")
    if tmp.exists():
        tmp.unlink()
    saved = None
    try:
        _copy(src, tmp)
        verify_file(tmp)
        if db_path.exists():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            saved = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
            _copy(db_path, saved)
        source = sqlite3.connect(str(tmp))
        target = sqlite3.connect(str(db_path), timeout=5)
        try:
            source.backup(target)
        except sqlite3.OperationalError as exc:
            raise BookError(msg("restore_target_open", path=db_path, why=exc)) from exc
        finally:
            target.close()
            source.close()
    finally:
        if tmp.exists():
            tmp.unlink()
    from .book import Book
    book = Book.open(db_path)
    try:
        result = book.verify()
    finally:
        book.close()
    return result, saved
