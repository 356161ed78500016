"""The command line: the public face of ``book.py`` for scripts and province offices.

``manualbook [--db PATH] COMMAND ...``; with no command it opens the desktop
app. Exit 0 on success; on failure a Thai message on stderr (every bad row
for files) and a non-zero status, with nothing changed.

The grammar is ``parser.py``; each command's handler lives in this package
(``book``, ``entries``, ``budget``, ``keyed``, ``export``, ``report``,
``backups``); this module runs one under the book's lock when it writes and
says in Thai whatever escapes.
"""

from __future__ import annotations

import os
import sys

from ..messages import CATALOGUE, BookError, msg
from ..places import default_db
from .common import EXIT_REFUSED
from .parser import build_parser


# Commands that write the book: they honour the app's lock file and hold it while they run.
WRITING = {"init", "account", "opening", "held", "setting", "code", "import", "reverse", "close-day", "export",
           "restore", "demo", "org"}


def writes_book(args) -> bool:
    if args.command in WRITING:
        return True
    sub = getattr(args, "sub", None)
    if args.command == "budget":
        return sub != "lines" and (sub != "import-sheet" or bool(getattr(args, "yes", False)))
    if args.command == "keyed":
        return sub == "import"
    if args.command == "receipt-books":
        return bool(getattr(args, "register", None) or getattr(args, "range", None))
    return False


def run_command(args) -> int:
    """Runs the command, under the book's lock when it writes (waiting for it with --wait)."""
    if not writes_book(args):
        return args.func(args)
    from ..lockfile import BookLock, holder_text

    def waiting() -> None:
        print(msg("book_waiting", path=args.db, who=holder_text(args.db)).message, file=sys.stderr, flush=True)

    with BookLock(args.db) as lock:
        lock.acquire(wait=args.wait, on_wait=waiting)
        return args.func(args)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = args.db or default_db()
    if not args.command:
        from manualbook_ui.app import main as gui_main  # the app, loaded only when asked for
        return gui_main(str(args.db))
    try:
        return run_command(args)
    except BookError as exc:
        print(exc.text(), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print(CATALOGUE["cancelled"], file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        return _pipe_closed()
    except Exception as exc:  # the edge: whatever escaped is said in Thai, never as a traceback
        from ..edge import problem_for
        print(problem_for(exc, args.db).text(), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        _tell_upgrades()


def _tell_upgrades() -> None:
    """Once, on stderr: what opening the book file changed in it (a migration)."""
    from ..store.db import take_notices

    for note in take_notices():
        try:
            print(note, file=sys.stderr)
        except (BrokenPipeError, OSError):
            pass


def _pipe_closed() -> int:
    """The reader went away (``manualbook entries | head``): end quietly. Whatever
    Python still holds for stdout goes nowhere, so the exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0
