"""When the book cannot be used as it is: restoring in the app.

``recovery_candidate`` picks what the app offers at start for a damaged book
(for lost entries the backup ``backup_list.covering_backup`` finds);
``restore_open_book`` restores while the app's worker holds the book open.
"""

from __future__ import annotations

from pathlib import Path

from .backup_list import BackupInfo, covering_backup, list_backups
from .messages import BookError, msg


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
