"""The ``report`` command: a register printed to a PDF file (``reporting.py``
makes the bytes)."""

from __future__ import annotations

from pathlib import Path

from ..files import write_whole
from ..messages import BookError, problem
from .common import period


def cmd_report(args) -> int:
    from ..book import Book
    from ..reporting import REPORT_TITLES, render_report

    first, last = period(args)
    out = Path(args.out)
    with Book.open(args.db, readonly=True) as book:  # a read: no write lock, no whole-file check
        pdf = render_report(book, args.name, first, last, True if args.thai_digits else None)
    try:
        write_whole(out, pdf)
    except OSError as exc:
        raise BookError(problem("write_failed", path=out, why=exc.strerror or exc)) from None
    print(problem("done_report", title=REPORT_TITLES[args.name], out=out, size=f"{len(pdf):,}").message)
    return 0
