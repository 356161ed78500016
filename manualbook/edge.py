"""Errors caught at the edge of a command, said in Thai: a traceback reaching a clerk is a bug.

``problem_for(exc, db_path)`` turns what escaped a use case into a Problem:
the known cases (a busy or damaged book, a full disk, memory) get their own
message; anything else gets a general one, and its traceback is kept in a
file for whoever looks after the program (its path is in the message), never
printed at the clerk. ``temp_errors`` wraps work done in the computer's
temporary folder so a full TEMP is named as such, not blamed on the book or
the stick.
"""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
import tempfile
import traceback
from contextlib import contextmanager
from pathlib import Path

from .lockfile import busy_problem
from .messages import BookError, Problem, msg
from .txn import is_busy

SQLITE_CORRUPT, SQLITE_FULL, SQLITE_IOERR, SQLITE_NOTADB = 11, 13, 10, 26
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1)}


def _sqlite_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if code is not None else None


def is_full(exc: BaseException) -> bool:
    """A write refused for want of room (ENOSPC, a file too large for its disk, a quota)."""
    if isinstance(exc, OSError):
        return exc.errno in _FULL_ERRNOS
    if isinstance(exc, sqlite3.Error):
        return _sqlite_code(exc) == SQLITE_FULL or "disk is full" in str(exc)
    return False


def problem_for(exc: BaseException, db_path: str | Path | None) -> Problem:
    if isinstance(exc, MemoryError):
        return msg("out_of_memory")
    if isinstance(exc, sqlite3.Error):
        if is_busy(exc):
            return busy_problem(db_path or "")
        code = _sqlite_code(exc)
        if is_full(exc):
            return msg("disk_full", path=Path(db_path).parent if db_path else "?")
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_IOERR) or "malformed" in str(exc) \
                or "not a database" in str(exc):
            return msg("book_damaged", path=db_path or "?", why=exc)
    if isinstance(exc, OSError):
        where = exc.filename or db_path or "?"
        if is_full(exc):
            return msg("disk_full", path=where)
        return msg("disk_write", path=where, why=exc.strerror or exc)
    return _unexpected(exc)


def _unexpected(exc: BaseException) -> Problem:
    what = type(exc).__name__
    try:
        from platformdirs import user_log_dir
        folder = Path(user_log_dir("manualbook", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"error-{dt.datetime.now():%Y%m%d-%H%M%S}.txt"
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    except Exception:  # the log is a courtesy: never let it hide the message
        return msg("unexpected_nolog", what=what)
    return msg("unexpected", what=what, log=log)


@contextmanager
def temp_errors():
    """Work in the temporary folder: a full or unusable TEMP is said as such."""
    try:
        yield
    except BookError:
        raise
    except (OSError, sqlite3.OperationalError) as exc:
        if isinstance(exc, OSError) and not is_full(exc) and exc.errno not in (errno.EACCES, errno.EROFS):
            if not (isinstance(exc, FileNotFoundError) and "temporary directory" in str(exc)):
                raise
        if isinstance(exc, sqlite3.OperationalError) and not (is_full(exc) or _sqlite_code(exc) == SQLITE_IOERR):
            raise
        raise BookError(msg("temp_full", path=_tempdir())) from None


def _tempdir() -> str:
    try:
        return tempfile.gettempdir()
    except Exception:
        return "TEMP"
