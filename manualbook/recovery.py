"""When the book cannot be used as it is: which backup still has its entries, restoring in the app.

``covering_backup`` finds, for a book that lost acknowledged entries (a
damaged ``-wal``: store/ack.py), the newest verified backup that still holds
them; ``lost_entries_note`` says it in Thai for the refusal message;
``recovery_candidate`` picks what the app offers at start for a damaged book;
``restore_open_book`` restores while the app's worker holds the book open.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .backups import SECOND_FOLDER, BackupInfo, backup_dir, list_backups
from .messages import BookError, msg
from .store.db import _uri


def _hash_at(path: Path, seq: int) -> str | None:
    try:
        conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True)
        try:
            row = conn.execute("SELECT hash FROM entries WHERE seq = ?", (seq,)).fetchone()
            return row[0] if row else None
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _second_folder_of(book_path: Path) -> Path | None:
    try:
        conn = sqlite3.connect(_uri(book_path, mode="ro"), uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ? ORDER BY effective DESC, rec DESC LIMIT 1",
                               (SECOND_FOLDER,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return Path(row[0]) if row and row[0].strip() else None


def covering_backup(book_path: Path, lost) -> tuple[BackupInfo | None, BackupInfo | None]:
    """(the newest backup that holds every acknowledged entry, the newest backup at all)."""
    places = [backup_dir(book_path)]
    second = _second_folder_of(book_path)
    if second:
        places.append(second)
    infos = [b for b in list_backups(book_path, lost.ack.book_uuid, places) if b.verified]
    for b in infos:
        if b.entries >= lost.ack.entries and (not lost.ack.entries or _hash_at(b.path, lost.ack.entries) == lost.ack.head):
            return b, infos[0]
    return None, infos[0] if infos else None


def lost_entries_note(book_path: Path, lost) -> str:
    full, newest = covering_backup(book_path, lost)
    if full:
        return msg("book_lost_backup", path=full.path, entries=full.entries).message
    if newest:
        return msg("book_lost_partial", path=newest.path, entries=newest.entries).message
    return msg("book_lost_none", folder=backup_dir(book_path)).message


class RestoreFailed(BookError):
    """A restore in the app failed; ``book`` is the current book reopened (None if it cannot be)."""

    def __init__(self, problems, book):
        super().__init__(problems)
        self.book = book


def restore_open_book(book, src: Path, progress=None):
    """For the app, whose worker holds the book open: closes it, restores ``src`` in its
    place (backup.restore: the current book is kept aside), and returns (the reopened
    book, the verify result, where the old one was kept). On failure the current book
    is reopened as it was and RestoreFailed carries it."""
    from .backup import restore
    from .book import Book
    path = book.path
    book.close()
    try:
        result, saved = restore(Path(src), path, progress)
    except BaseException as exc:
        try:
            again = Book.open(path)
        except BookError:
            again = None
        problems = exc.problems if isinstance(exc, BookError) else (msg("restore_failed", why=exc),)
        raise RestoreFailed(problems, again) from exc
    return Book.open(path), result, saved


def recovery_candidate(book_path: Path, exc: BookError) -> BackupInfo | None:
    """At start, for a book that cannot be opened: the backup to offer. For lost entries
    the newest one that still has them (else the newest of that book); for a damaged
    file the newest verified backup named after it (its uuid cannot be read)."""
    from .store.db import LostEntries
    if isinstance(exc, LostEntries):
        full, newest = covering_backup(book_path, exc.lost)
        return full or newest
    stem = Path(book_path).stem + "-"
    return next((b for b in list_backups(book_path, None) if b.verified and b.path.name.startswith(stem)), None)
