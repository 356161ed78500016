"""The ``keyed`` commands: ``keyed import`` (ticks read back from a bundle's
workbook) and ``keyed status`` (the use cases are ``keyed.py``)."""

from __future__ import annotations

from pathlib import Path


def cmd_keyed_import(args) -> int:
    from ..book import Book
    from ..keyed import keyed_import, keyed_progress

    with Book.open(args.db) as book:
        result = keyed_import(book, Path(args.file))
        progress = keyed_progress(book)
    print(result.text())
    print(progress.text())
    return 0


def cmd_keyed_status(args) -> int:
    """``manualbook keyed status``: what is keyed into e-LAAS and what is not."""
    from ..book import Book
    from ..keyed import keyed_progress

    with Book.open(args.db) as book:
        print(keyed_progress(book).text())
    return 0
