"""Backup and restore through SQLite's backup API, each checked by a full verify.

A backup is written under a temporary name, switched to rollback-journal
mode (a single self-contained file that also opens from read-only media),
fsynced, verified as a book (read-only), and only then given its final name.
A restore first checks the file it restores from (without writing into it),
copies and verifies it beside the book, then moves the current book — with
its ``-wal``, ``-shm`` and side record, damaged or not — aside under a dated
name and puts the verified copy in its place. Nothing is ever deleted but
our own temporary copies.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from .messages import BookError, msg
from .store import ack
from .store.db import _uri, _wal_in_use, inspect_file

COMPANIONS = ("-wal", "-shm", "-journal", ".ack")


def _fsync(path: Path) -> None:
    # Opened for writing: Windows flushes (FlushFileBuffers) only through a handle with write
    # access; a read-only one fails with "Permission denied" (every backup failed so under Wine).
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_book(src_conn: sqlite3.Connection, dst: Path, progress=None) -> None:
    """Copies an open book into a new rollback-journal file ``dst`` (fsynced)."""
    target = sqlite3.connect(str(dst))
    try:
        def step(status, remaining, total):
            if progress:
                progress(total - remaining, total)
        src_conn.backup(target, pages=1024, progress=step)
        target.execute("PRAGMA journal_mode=DELETE")
        target.commit()
    finally:
        target.close()
    _fsync(dst)


def copy_file(src: Path, dst: Path, progress=None) -> None:
    """Copies the book file ``src`` (never written: read-only connection) to ``dst``."""
    inspect_file(src)  # refuses, in Thai, a file that is not a whole book of ours
    params = {"mode": "ro"} if _wal_in_use(src) else {"mode": "ro", "immutable": "1"}
    try:
        source = sqlite3.connect(_uri(src, **params), uri=True)
    except sqlite3.Error as exc:
        raise BookError(msg("book_damaged", path=src, why=exc)) from exc
    try:
        copy_book(source, dst, progress)
    except sqlite3.DatabaseError as exc:
        from .edge import SQLITE_IOERR, is_full
        if is_full(exc):  # the copy's disk is full: the book itself is fine
            raise BookError(msg("disk_full", path=dst.parent)) from None
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_IOERR:
            raise BookError(msg("disk_write", path=dst, why=exc)) from None
        raise BookError(msg("book_damaged", path=src, why=exc)) from exc
    except OSError as exc:
        from .edge import is_full
        if is_full(exc):
            raise BookError(msg("disk_full", path=dst.parent)) from None
        raise
    finally:
        source.close()


def verify_file(path: Path, progress=None):
    """Verifies the book file at ``path`` read-only; raises BookError with the problems."""
    from .book import Book
    book = Book.open(path, readonly=True)
    try:
        result = book.verify(progress=progress)
    finally:
        book.close()
    if not result.ok:
        raise BookError(result.problems)
    return result


def _remove(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in COMPANIONS)):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def backup(db_path: Path, out: Path, progress=None):
    """``manualbook backup --out FILE``: a verified copy of the book at ``out``."""
    if not db_path.exists():
        raise BookError(msg("no_book", path=db_path))
    if out.exists():
        raise BookError(msg("backup_exists", path=out))
    tmp = out.with_name(out.name + ".partial")
    _remove(tmp)
    try:
        try:
            copy_file(db_path, tmp, progress)
        except OSError as exc:
            raise BookError(msg("backup_write_failed", path=out, why=exc.strerror or exc)) from exc
        except sqlite3.OperationalError as exc:  # the target side: full disk, no permission
            raise BookError(msg("backup_write_failed", path=out, why=exc)) from exc
        result = verify_file(tmp)
        os.replace(tmp, out)
    except BaseException:
        _remove(tmp)
        raise
    return result


def set_aside(db_path: Path, label: str) -> Path | None:
    """Moves the book and its companions aside as ``STEM.LABEL-STAMP.SUFFIX`` (never deletes)."""
    if not db_path.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}.{label}-{stamp}{db_path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = db_path.with_name(f"{db_path.stem}.{label}-{stamp}-{n}{db_path.suffix}")
    try:
        os.replace(db_path, aside)
    except OSError as exc:
        raise BookError(msg("restore_target_open", path=db_path, why=exc.strerror or exc)) from exc
    for suffix in COMPANIONS:
        comp = db_path.with_name(db_path.name + suffix)
        if comp.exists():
            os.replace(comp, aside.with_name(aside.name + suffix))
    return aside


def restore(src: Path, db_path: Path, progress=None, aside: str = "before-restore"):
    """Puts a verified copy of ``src`` in place of the book; the current book is kept aside
    as ``STEM.ASIDE-STAMP.SUFFIX`` (``damaged`` when the app replaces a damaged book)."""
    src, db_path = Path(src), Path(db_path)
    if not src.exists():
        raise BookError(msg("file_missing", path=src))
    if src.resolve() == db_path.resolve():
        raise BookError(msg("restore_same", path=src))
    tmp = db_path.with_name(db_path.name + ".restoring")
    _remove(tmp)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        copy_file(src, tmp, progress)
        result = verify_file(tmp)
        saved = set_aside(db_path, aside)
        try:
            os.replace(tmp, db_path)
        except OSError:
            if saved is not None:  # put the book back where it was
                os.replace(saved, db_path)
            raise
    except OSError as exc:
        _remove(tmp)
        raise BookError(msg("backup_write_failed", path=db_path, why=exc.strerror or exc)) from exc
    except BaseException:
        _remove(tmp)
        raise
    # The side record now describes the restored book (it holds less than the one set aside).
    conn = sqlite3.connect(_uri(db_path, mode="ro", immutable="1"), uri=True)
    try:
        ack.write(db_path, ack.current(conn))
    finally:
        conn.close()
    return result, saved
