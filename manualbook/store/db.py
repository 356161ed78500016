"""Opening the book file: pragmas, migrations, and a copy before migrating.

WAL with synchronous=FULL so a power cut loses nothing that was reported
saved; foreign keys on. A file that already holds a book is copied beside
itself before any migration runs (as Vorta does), so a failed upgrade never
costs the clerk their books.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from ..messages import BookError, msg
from .schema import migrate, migrations, upgrade_notices

# What the clerk is told after a book was brought up to date, kept until a
# face (the command line, the app) takes them: see take_notices().
_notices: list[str] = []


def connect(path: str | Path, readonly: bool = False) -> Database:
    path = Path(path)
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=5)
    db = Database(conn, execute_plugins=False)
    try:
        if not readonly:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise BookError(msg("not_a_book", path=path)) from exc
    return db


def open_database(path: str | Path, create: bool = False) -> Database:
    """Opens (or, with create, makes) a book file and brings its schema up to date."""
    path = Path(path)
    if not create and not path.exists():
        raise BookError(msg("no_book", path=path))
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    try:
        pending = migrations.pending(db)
    except sqlite3.DatabaseError as exc:
        db.conn.close()
        raise BookError(msg("not_a_book", path=path)) from exc
    copy = None
    if pending and db["entries"].exists():
        copy = backup_before_migration(db, path)
    applied = migrate(db)
    notes = upgrade_notices(db, applied) if copy else []
    if notes:
        notes[-1] += f" (สำเนาสมุดก่อนปรับรุ่นเก็บไว้ที่ {copy})"
    db.manualbook_notices = notes
    _notices.extend(notes)
    return db


def take_notices() -> list[str]:
    """The upgrade notices since the last call (each is shown once)."""
    out = list(_notices)
    _notices.clear()
    return out


def backup_before_migration(db: Database, path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    db.conn.execute("PRAGMA wal_checkpoint(FULL)")
    dest = sqlite3.connect(str(target))
    with dest:
        db.conn.backup(dest)
    dest.close()
    return target

