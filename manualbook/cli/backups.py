"""Commands that check, copy and restore the book file: ``verify``, ``backup``,
``backups`` and ``restore``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..messages import BookError, msg, problem
from .common import EXIT_REFUSED, open_book, say


def cmd_verify(args) -> int:
    if args.bundle:
        from ..bundle_verify import verify_bundle

        live = _live_book(args.db)  # the book that wrote the bundle, if it is here: its record of the export
        try:
            result = verify_bundle(Path(args.bundle), live)
        finally:
            if live is not None:
                live.close()
    else:
        from ..book import Book
        with Book.open(args.db, readonly=True) as book:  # verify never writes
            result = book.verify()
    if result.ok:
        print(result.text())
        return 0
    print(result.text(), file=sys.stderr)
    return EXIT_REFUSED


def _live_book(path: Path):
    from ..book import Book
    try:
        return Book.open(path, readonly=True) if path and Path(path).exists() else None
    except BookError:
        return None


def cmd_backup(args) -> int:
    if not args.out:  # into the backups folder(s), as after a day close
        from ..backups import make_backup
        with open_book(args) as book:
            report = make_backup(book, "manual")
        print(report.text())
        return 0
    from ..backup import backup
    result = backup(Path(args.db), Path(args.out))
    say("done_backup", out=args.out, result=result.text())
    return 0


def cmd_backups(args) -> int:
    from ..backups import book_backups
    from ..book import Book
    with Book.open(args.db, readonly=True) as book:
        found = book_backups(book)
    if args.json:
        print(json.dumps([b.as_json() for b in found], ensure_ascii=False))
        return 0
    if not found:
        print(msg("backups_none").message)
    from ..chain import short
    for b in found:
        mark = msg("backup_verified" if b.verified else "backup_not_verified").message
        say("backup_line", created=b.created, entries=b.entries, head=short(b.head) if b.head else "-", mark=mark,
            path=b.path)
    return 0


def cmd_restore(args) -> int:
    from ..backup import restore
    result, saved = restore(Path(args.file), Path(args.db))
    extra = problem("restore_kept", saved=saved).message if saved else ""
    say("done_restore", file=args.file, extra=extra, result=result.text())
    return 0
