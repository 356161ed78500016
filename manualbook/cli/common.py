"""What every command handler shares: the Thai argument parser, exit codes,
the ``--date``/``--month`` period and opening the book."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..messages import msg, problem
from ..thaidate import parse_date, parse_month

EXIT_REFUSED = 1
EXIT_USAGE = 2


class ThaiParser(argparse.ArgumentParser):
    """argparse that reports usage mistakes in Thai and exits with status 2."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(msg("usage", why=message).message, file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def say(code: str, /, **values) -> None:
    """Prints a catalogue text (what a command did), the values as given."""
    print(problem(code, **values).message)


def day_arg(text: str) -> dt.date:
    return parse_date(text, field="--date")


def period(args) -> tuple[dt.date | None, dt.date | None]:
    if getattr(args, "month", None):
        return parse_month(args.month, field="--month")
    if getattr(args, "date", None):
        d = day_arg(args.date)
        return d, d
    return None, None


def open_book(args, readonly: bool = False):
    from ..book import Book
    return Book.open(args.db, readonly=readonly)
