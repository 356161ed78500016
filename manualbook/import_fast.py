"""A long entries file imported on both cores: checked by a second process, written by this one.

The second process reads the file, parses every row and runs every rule of
``posting.Posting`` against a read-only view of the same book: it opens its
own connection, which sees the book exactly as this process's write
transaction began (WAL readers see only what is committed, and nothing is
committed until the import is). It sends the rows that pass, in chunks, as
the chain's values (sequence numbers and IDs given, not hashed); this
process hashes them onto the chain and inserts them with their import record. So the chain is made
where the book is written, and the second process never writes.

This is the optimistic way: it stops at the first problem. Document numbers
are left to the book's unique indexes, which refuse a repeat on insert.
Whenever anything is not clean — a row refused, a repeated number, the
second process not starting or dying, its sequence numbers not following
the book's — everything this way wrote is rolled back to a savepoint and
``importing.import_file`` checks the file the exact way (``Posting`` with every
rule in this process), which names every problem with its row. A file that
imports cleanly gives the same entries, in the same order, with the same
chain as the exact way would.

Used for CSV files of ``FROM_BYTES`` and more, on a computer with two
cores or more, when the clock is not pinned (tests pin IDs and times in
this process, which the second one could not follow);
``MANUALBOOK_IMPORT_WORKER=0`` turns it off. The command line forks the
second process where the system can (``workers.may_fork``: Linux, one thread), so it
starts with the program already loaded; the app, and Windows always, spawn it.
"""

from __future__ import annotations

import gc
import itertools
import marshal
import pickle
import sqlite3
from pathlib import Path

from .model import Change
from .posting import PROGRESS_EVERY, ChainWriter, EntryIds, Posting, register_books

REFUSED = "refused"  # the second process's word for "check it the exact way"
FROM_BYTES = 1 << 20  # a CSV file this long (about 10,000 rows) is worth a second process
AHEAD = 5000  # rows parsed at most before the book's state arrives
SINK_ROWS = 2000  # rows a message: the first arrive soon, the last leave little to write after the check


class _View:
    """The book as the second process sees it: read-only, with the parent's context and clerk."""

    def __init__(self, db, start: dict):
        self.db = db
        self._start = start

    def context(self):
        return self._start["ctx"]

    def clerk(self) -> str:
        return self._start["who"]


def _check(path: str, book_path: str, inbox, out) -> None:
    """The second process: every row parsed and checked; chunks of rows that pass, then a summary.

    It starts before the parent's write transaction (its start-up overlaps the
    parent's) and waits for ``start``, sent once that transaction holds the
    book: the read snapshot taken after it is exactly the book the parent
    writes on (no one else can commit while the parent holds the write lock).
    """
    from .import_rows import _inline
    from .messages import BookError
    from .store.db import connect

    gc.disable()  # rows make no reference cycles: the collector would only walk them again and again
    db, out = None, _Sender(out)
    try:
        # rows are parsed while the parent opens the book (parsing needs nothing of it), as UTF-8:
        # a file the parent found to be in another encoding is left to the exact way
        rows = _inline(Path(path), "utf-8-sig")
        ahead = []
        while len(ahead) < AHEAD and not inbox.poll():
            row = next(rows, None)
            if row is None:
                break
            ahead.append(row)
        start = inbox.recv()
        if start is None:  # the parent does not need the check after all
            return
        if start["encoding"] != "utf-8-sig":
            out.send(REFUSED)
            return
        db = connect(book_path, readonly=True)
        db.conn.execute("BEGIN")  # one read snapshot for every query of the check

        def sink(rows: list[tuple]) -> None:
            out.send(rows)
            posting.sink_rows = SINK_ROWS  # the first message small, so the parent starts writing soon

        posting = Posting(_View(db, start), sink=sink, unique=False,
                          stamp=start["stamp"], sink_rows=SINK_ROWS // 8)
        for row_no, draft, problems in itertools.chain(ahead, rows):
            if problems:
                out.send(REFUSED)
                return
            posting.add(draft, row_no)
            if posting.log:
                out.send(REFUSED)
                return
        if not posting.seen:
            out.send(REFUSED)
            return
        posting.finish()  # the rest sent; the day-end balances checked (BookError if below zero)
        out.send(("done", posting.seen, posting.seq0, posting.auto_books, tuple(sorted(posting.day_fields)),
                  posting.payments))
    except (BookError, sqlite3.Error, OSError, EOFError, ValueError):
        try:
            out.send(REFUSED)
        except OSError:
            pass
    except KeyboardInterrupt:  # Ctrl+C reaches the whole console: the parent says "cancelled" in Thai
        return
    finally:
        if db is not None:
            db.conn.close()
        inbox.close()
        out.close()


# The unique indexes that refuse a document number used twice (what ``rules.Uniqueness`` checks).
NUMBER_INDEXES = ("entries_receipt_no", "entries_transfer_ref", "entries_voucher_no", "entries_slip_no")


def _numbers_guarded(conn) -> bool:
    """True when the book has every unique index the fast way leaves document numbers to (a book
    whose indexes were tampered with is checked the exact way; ``verify`` names the change)."""
    unique = {row[1] for row in conn.execute("PRAGMA index_list(entries)") if row[2]}
    return all(name in unique for name in NUMBER_INDEXES)


def _pack(message) -> bytes:
    """Rows (lists of tuples of int, str and None) by marshal, a third of pickle's time each way
    (both ends are the same Python); anything else by pickle."""
    if isinstance(message, list):
        return b"R" + marshal.dumps(message)
    return b"P" + pickle.dumps(message)


def _unpack(data: bytes):
    view = memoryview(data)[1:]
    return marshal.loads(view) if data[:1] == b"R" else pickle.loads(view)


class _Sender:
    """Sends from a thread of its own, so checking goes on while the parent is busy writing
    (a pipe holds less than one message: a send waits until the parent reads it)."""

    def __init__(self, conn):
        import queue
        import threading

        self.conn = conn
        self.queue: "queue.Queue" = queue.Queue(maxsize=16)
        self.failed = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            message = self.queue.get()
            if message is None:
                return
            if not self.failed:
                try:
                    self.conn.send_bytes(_pack(message))
                except OSError:
                    self.failed = True  # the parent stopped reading: what is left is not needed

    def send(self, message) -> None:
        if self.failed:
            raise OSError("the parent stopped reading")
        self.queue.put(message)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self.conn.close()


class Checker:
    """The second process of one import, from its start (before the book's write transaction) to its end."""

    def __init__(self, proc, to_child, from_child, method: str = "spawn"):
        self.proc, self.to_child, self.from_child = proc, to_child, from_child
        self.method = method  # how the second process was started: "fork" or "spawn"

    @classmethod
    def start(cls, book_path: Path, path: Path, fork: bool = False) -> "Checker | None":
        """Started when the fast way is worth trying: a CSV file of ``FROM_BYTES`` or more, two
        cores, the clock not pinned, ``MANUALBOOK_IMPORT_WORKER`` not 0. None otherwise, or when
        the process cannot start (the exact way then runs alone).

        ``fork``: the caller runs nothing but this import and has opened no book yet (the command
        line). The second process is then forked where the system can (``workers.may_fork``), already
        holding every module; it starts checking about 0.1 s sooner than a spawned one, which must
        start Python and import the program again (on Windows, always)."""
        import multiprocessing
        import sys

        from .clock import pinned_any
        from .import_rows import second_core
        from .workers import main_not_rerun, may_fork

        try:
            size = path.stat().st_size
        except OSError:
            return None
        if size < FROM_BYTES or path.suffix.lower() != ".csv" or not second_core() or pinned_any():
            return None
        method = "fork" if fork and may_fork() else "spawn"
        ctx = multiprocessing.get_context(method)
        try:
            inbox, to_child = ctx.Pipe(duplex=False)
            from_child, out = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_check, args=(str(path), str(book_path), inbox, out), daemon=True,
                               name="manualbook-import-checker")
            if method == "fork":  # a forked copy would print again what this process has not yet written
                sys.stdout.flush()
                sys.stderr.flush()
            with main_not_rerun():
                proc.start()
            inbox.close()
            out.close()
        except (OSError, RuntimeError):
            return None
        return cls(proc, to_child, from_child, method)

    def run(self, book, rec: int, lines: int, encoding: str, progress=None) -> tuple[Change, int] | None:
        """Inside the write transaction: (the change, rows written) when the file imported cleanly;
        None when the caller must check it the exact way (nothing of this attempt is left)."""
        conn = book.db.conn
        conn.execute("SAVEPOINT import_fast")
        collecting = gc.isenabled()
        gc.disable()  # as in the second process: the rows make no cycles
        try:
            done = self._run(book, rec, lines, encoding, progress)
        except sqlite3.IntegrityError:  # a number used twice, found by the book's unique indexes
            done = None
        except BaseException:
            conn.execute("ROLLBACK TO import_fast")
            conn.execute("RELEASE import_fast")
            raise
        finally:
            if collecting:
                gc.enable()
        if done is None:
            conn.execute("ROLLBACK TO import_fast")
        conn.execute("RELEASE import_fast")
        return done

    def _run(self, book, rec: int, lines: int, encoding: str, progress):
        from .clock import now_text

        if not _numbers_guarded(book.db.conn):
            return None
        writer = ChainWriter(book, rec)
        who, stamp = book.clerk(), now_text()
        try:
            self.to_child.send({"ctx": book.context(), "stamp": stamp, "who": who, "encoding": encoding})
        except OSError:
            return None
        ids, total, seen, next_seq = EntryIds(), max(lines - 1, 0), 0, writer.seq0 + 1
        while True:
            try:
                message = _unpack(self.from_child.recv_bytes())
            except (EOFError, OSError):  # the second process died
                return None
            if isinstance(message, list):
                if not message or message[0][0] != next_seq or message[-1][0] != next_seq + len(message) - 1:
                    return None  # not the book's next sequence numbers: not the state this process writes on
                next_seq += len(message)
                writer.add_many(message)
                ids.extend([row[1] for row in message])
                if progress and (seen + len(message)) // PROGRESS_EVERY > seen // PROGRESS_EVERY:
                    progress(seen + len(message), max(total, seen + len(message)))
                seen += len(message)
                continue
            if message == REFUSED or not isinstance(message, tuple) or message[0] != "done":
                return None
            _, count, seq0, auto_books, days, payments = message
            if count != seen or seq0 != writer.seq0:
                return None
            writer.finish()
            register_books(book.db, auto_books, stamp, who)
            if progress and seen >= PROGRESS_EVERY and seen % PROGRESS_EVERY:
                progress(seen, seen)
            return Change(entries=ids, days=days, budget=payments), seen

    def close(self) -> None:
        try:
            self.to_child.send(None)  # if it still waits for its start: not needed
        except OSError:
            pass
        self.to_child.close()
        self.from_child.close()  # if it is still sending: its next send fails and it ends
        self.proc.join(timeout=0.5)
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join()
