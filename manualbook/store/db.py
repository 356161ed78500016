"""Opening the book file: is it ours, is it whole, can we write; pragmas, migrations.

Nothing is written into a file before it is known to be one of our books: a
0-byte file, a file that is not SQLite, another program's SQLite database and
a damaged book are refused with a Thai message and left byte-identical (the
first look uses SQLite's ``immutable`` mode when no ``-wal`` file exists, so
not even a ``-shm`` appears beside another program's file). A book on media
that cannot be written (a write-protected stick, a CD) opens read-only: reads
work, writes are refused in Thai. WAL with synchronous=FULL so a power cut
loses nothing that was reported saved; foreign keys on. A file that already
holds a book is copied beside itself before any migration runs (as Vorta
does), so a failed upgrade never costs the clerk their books.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

from ..messages import CATALOGUE, BookError, Problem, msg, problem
from . import ack, records
from .tables import MIGRATIONS

if TYPE_CHECKING:
    from sqlite_utils import Database

# What the clerk is told after a book was brought up to date, kept until a
# face (the command line, the app) takes them: see take_notices().
_notices: list[str] = []

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT = 10.0  # seconds a writer waits for another one before "the book is in use"
# A new book's page size (SQLite's default is 4 KB). An entry's row is about 370 bytes; with 16 KB
# pages SQLite's own work inserting 100,000 entries is a sixth less and their commit a third less
# (measured: 0.62 -> 0.52 s and 0.16 -> 0.11 s). Set before the first table exists and before WAL;
# on a book that has its tables it changes nothing.
PAGE_SIZE = 16384
# Tables every book has had since the first version.
OUR_TABLES = {"book", "org_records", "entries", "closes"}


class LostEntries(BookError):
    """The book holds less than (or other than) the side record says was saved (ack.py)."""

    def __init__(self, path: Path, lost: "ack.Shortfall", backup_note: str = ""):
        self.path, self.lost = path, lost
        a = lost.ack
        if a.entries and lost.head_at_ack is None:
            problems = [msg("book_lost", path=path, acked=a.entries, have=lost.entries, missing=lost.missing)]
        elif a.entries and lost.head_at_ack != a.head:
            problems = [msg("book_changed", path=path, what=CATALOGUE["chain_entries"], seq=a.entries)]
        else:
            problems = [msg("book_changed", path=path, what=CATALOGUE["chain_records"], seq=a.records)]
        if backup_note:
            problems.append(Problem("book_lost_backup", backup_note))
        problems.append(msg("book_lost_keep", ack=ack.ack_path(path)))
        super().__init__(problems)


class BookDatabase:
    """The book's connection (``conn``), knowing it may be read-only and telling listeners after
    each commit; ``db["table"]`` is sqlite-utils' table helper over the same connection.

    sqlite-utils (with click, dateutil, pluggy) costs a tenth of a second to import, more than
    a summary of the whole book: it is imported on the first table helper or write, never by a
    command or a screen that only reads through ``conn``."""

    def __init__(self, conn: sqlite3.Connection, readonly: bool = False, path: Path | None = None):
        self.conn = conn
        self.readonly = readonly
        self.path = path
        self.after_commit: list[Callable[[], None]] = []
        self._utils: "Database | None" = None

    @property
    def utils(self) -> "Database":
        """sqlite-utils' Database over this connection (made on first use)."""
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self.conn, execute_plugins=False)
        return self._utils

    def __getitem__(self, name: str):
        return self.utils[name]

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    @contextlib.contextmanager
    def atomic(self):
        if self.readonly:
            raise BookError(msg("book_readonly", path=self.path))
        outermost = not self.conn.in_transaction
        with self.utils.atomic():
            yield self
        if outermost:
            for fn in list(self.after_commit):
                fn()


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return Path(os.path.abspath(path)).as_uri() + (f"?{query}" if query else "")


def _wal_in_use(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def _sqlite_why(exc: BaseException) -> str:
    """What SQLite said, in Thai first (its own words kept for whoever helps the clerk)."""
    text = str(exc)
    thai = CATALOGUE[{"file is not a database": "sqlite_not_db", "database disk image is malformed": "sqlite_malformed",
                      "unable to open database file": "sqlite_cannot_open"}.get(text, "sqlite_other")]
    return problem("sqlite_why", thai=thai, text=text).message


def inspect_file(path: Path, check: bool = True) -> str:
    """What the file at ``path`` is, without writing a byte: "book", "empty" (a SQLite
    file with nothing in it yet) or "missing"; raises BookError (Thai) for a 0-byte
    file, a file that is not SQLite, another program's database and a damaged book.

    ``check=False`` leaves out SQLite's quick_check, which reads the whole file (a tenth
    of a second for a year of a city's books): for a read-only open, which writes nothing
    into a damaged file, and whose reads of a damaged page are refused in Thai anyway
    (``reading``)."""
    try:
        if not path.exists():
            return "missing"
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise BookError(msg("book_unreadable", path=path, why=exc.strerror or exc)) from exc
    if not header:
        raise BookError(msg("book_zero", path=path))
    if not header.startswith(SQLITE_MAGIC):
        raise BookError(msg("not_a_book", path=path))
    params = {"mode": "ro"} if _wal_in_use(path) else {"mode": "ro", "immutable": "1"}
    try:
        conn = sqlite3.connect(_uri(path, **params), uri=True)
    except sqlite3.Error as exc:
        raise BookError(msg("book_damaged", path=path, why=_sqlite_why(exc))) from exc
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not names:
            return "empty"
        if not OUR_TABLES & names:
            raise BookError(msg("foreign_db", path=path))
        if not OUR_TABLES <= names:
            raise BookError(msg("book_damaged", path=path, why=problem(
                "book_tables_missing", names=", ".join(sorted(OUR_TABLES - names))).message))
        found = [r[0] for r in conn.execute("PRAGMA quick_check(5)")] if check else ["ok"]
        if found != ["ok"]:
            raise BookError(msg("book_damaged", path=path, why="; ".join(found)))
        lost = ack.shortfall(conn, ack.read(path))
        if lost is not None:
            raise LostEntries(path, lost)
        return "book"
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise BookError(msg("book_damaged", path=path, why=_sqlite_why(exc))) from exc
    finally:
        conn.close()


def writable(path: Path) -> bool:
    """Can the book and its folder be written (the -wal and -shm files live beside it)?
    Tried, not guessed: a write-protected stick says yes to permission checks."""
    try:
        fd = os.open(path, os.O_RDWR)
        os.close(fd)
        with tempfile.TemporaryFile(dir=path.parent, prefix=".manualbook-probe-"):
            pass
    except OSError:
        return False
    return True


def remove_new_book(path: Path) -> None:
    """The files a book that was being made here left behind when making it failed (a full disk
    half-way through its tables): gone, so the next start sets the book up again instead of
    finding "another program's database". Only ever called for a path that did not exist before."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                     ack.ack_path(path)):
        try:
            leftover.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass  # not removable (held open on Windows): the Thai refusal already names the problem


def connect(path: str | Path, readonly: bool = False) -> BookDatabase:
    path = Path(path)
    try:
        if readonly:
            params = {"mode": "ro"}
            if not _wal_in_use(path) and not writable(path):
                params["immutable"] = "1"  # nothing can change it and no -shm can be made beside it
            conn = sqlite3.connect(_uri(path, **params), uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as exc:
        raise BookError(msg("book_damaged", path=path, why=_sqlite_why(exc))) from exc
    records.register_functions(conn)
    db = BookDatabase(conn, readonly, path)
    try:
        if not readonly:
            conn.execute(f"PRAGMA page_size={PAGE_SIZE}")  # a new book's pages; an existing book keeps its own
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise BookError(msg("book_damaged", path=path, why=_sqlite_why(exc))) from exc
    return db


@contextlib.contextmanager
def reading(path: Path):
    """Turns what a damaged file raises while it is read into a Thai BookError."""
    try:
        yield
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise BookError(msg("book_damaged", path=path, why=_sqlite_why(exc))) from exc


def open_database(path: str | Path, create: bool = False, readonly: bool = False) -> BookDatabase:
    """Opens (or, with create, makes) a book file and brings its schema up to date.

    Read-only (asked for, or forced by the media): nothing is written; a book
    of an older version is upgraded on a temporary copy, never in place.
    """
    path = Path(path)
    kind = inspect_file(path, check=not readonly)
    if kind in ("missing", "empty") and not create:
        raise BookError(msg("no_book", path=path))
    if kind == "missing":
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not readonly and not writable(path):
        readonly = True
    if readonly:
        if kind != "book":
            raise BookError(msg("no_book", path=path))
        return _open_readonly(path)
    db = connect(path)
    try:
        if not has_pending(db.conn):
            db.manualbook_notices = []
            return db
        from .schema import migrate, upgrade_notices

        copy = None
        if db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'").fetchone():
            copy = backup_before_migration(db, path)
        applied = migrate(db)
        notes = upgrade_notices(db, applied) if copy else []
        if notes:
            notes[-1] += problem("migration_copy", copy=copy).message
        db.manualbook_notices = notes
        _notices.extend(notes)
    except sqlite3.DatabaseError as exc:
        db.conn.close()
        from ..edge import is_full

        if is_full(exc):  # no room to write the tables: the disk, not the book, is the problem
            raise BookError(msg("disk_full", path=path.parent)) from exc
        raise BookError(msg("book_damaged", path=path, why=_sqlite_why(exc))) from exc
    except BaseException:
        db.conn.close()
        raise
    return db


def _open_readonly(path: Path) -> BookDatabase:
    db = connect(path, readonly=True)
    try:
        pending = has_pending(db.conn)
    except sqlite3.DatabaseError as exc:
        db.conn.close()
        raise BookError(msg("book_damaged", path=path, why=_sqlite_why(exc))) from exc
    if not pending:
        return db
    # An older version's book: upgrade a temporary copy and read that.
    tmp = Path(tempfile.mkdtemp(prefix="manualbook-ro-"))
    copy = tmp / path.name
    try:
        target = sqlite3.connect(str(copy))
        with target:
            db.conn.backup(target)
        target.close()
        db.conn.close()
        work = connect(copy)
        from .schema import migrate

        migrate(work)
        work.conn.close()
        db = connect(copy, readonly=True)
    except BaseException:
        db.conn.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    db.path = path
    db.after_close = lambda: shutil.rmtree(tmp, ignore_errors=True)
    return db


def has_pending(conn: sqlite3.Connection) -> bool:
    """Is any of this program's migrations (tables.MIGRATIONS, in step with schema.py) not applied?"""
    try:
        done = {r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'manualbook'")}
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return True
        raise
    # once schema.py is loaded its registry is the word (a test may register a migration there)
    schema = sys.modules.get(f"{__package__}.schema")
    names = [m.name for m in schema.migrations._migrations] if schema else MIGRATIONS
    return not done.issuperset(names)


def take_notices() -> list[str]:
    """The upgrade notices since the last call (each is shown once)."""
    out = list(_notices)
    _notices.clear()
    return out


def backup_before_migration(db: BookDatabase, path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    db.conn.execute("PRAGMA wal_checkpoint(FULL)")
    dest = sqlite3.connect(str(target))
    with dest:
        db.conn.backup(dest)
    dest.close()
    return target
