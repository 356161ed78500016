"""Writing entries: every rule runs row by row inside the one write transaction.

Used by ``Book.post``, ``Book.import_file`` and ``Book.reverse`` inside
``txn.writing`` (BEGIN IMMEDIATE held). ``add`` checks one draft against
the book as it stands, this batch's written rows included, and buffers it;
full buffers are written in bulk (sequence, id, hash chain, one
``executemany``). ``finish`` writes the rest, checks the day-end balances
and raises BookError when any row had a problem: the caller's transaction
then rolls back, so nothing of a refused batch stays. Memory holds one
buffer of rows, the batch's per-day movements, the first 100 problems and
the new entries' ids, never the drafts of a whole file.
"""

from __future__ import annotations

import itertools
import sqlite3
from array import array
from collections.abc import Sequence
from typing import Callable

from . import chain, rules
from .inputs import MAX_DIGITS, receipt_int
from .messages import Problem, ProblemLog
from .model import Change, EntryDraft
from .store import closed_day
from .thaidate import fiscal_year

BUFFER = 2000  # rows written at once (insert_rows)
BULK = 5000  # from this many rows on, the closed-day rule is checked once at the end (store.closed_day)
PROGRESS_EVERY = 5000  # rows between two progress reports
FILTER_FROM = 1000  # rows of a batch checked by query before its filter of used numbers is made

ENTRY_INSERT_COLUMNS = (*chain.CHAIN_FIELDS, "prev_hash", "hash", "import_rec")
_INSERT = (f"INSERT INTO entries ({', '.join(ENTRY_INSERT_COLUMNS)}) "
           f"VALUES ({', '.join('?' * len(ENTRY_INSERT_COLUMNS))})")
ROWS_PER_INSERT = 1000  # rows a multi-row INSERT writes: a third less CPU than one row per statement


def insert_rows(conn, rows: list[tuple]) -> None:
    """Writes entries' rows (values in ``ENTRY_INSERT_COLUMNS`` order) in statements of many rows
    each, as many as SQLite's limit on bound values allows, the rest one row a statement."""
    width = len(ENTRY_INSERT_COLUMNS)
    per = min(ROWS_PER_INSERT, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width)
    full = len(rows) - len(rows) % per if per > 1 else 0
    if full:
        sql = _INSERT + (", (" + ", ".join("?" * width) + ")") * (per - 1)
        flat = itertools.chain.from_iterable
        for start in range(0, full, per):
            conn.execute(sql, list(flat(rows[start:start + per])))
    if full < len(rows):
        conn.executemany(_INSERT, rows[full:])


class EntryIds(Sequence):
    """The new entries' ids, 10 bytes each (a million-row import's ids in 10 MB, not 75 MB of str)."""

    WIDTH = 10

    def __init__(self):
        self._data = bytearray()

    def append(self, entry_id: str) -> None:
        self._data += entry_id.encode("ascii")

    def extend(self, entry_ids) -> None:
        self._data += "".join(entry_ids).encode("ascii")

    def __len__(self) -> int:
        return len(self._data) // self.WIDTH

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._data[i * self.WIDTH:(i + 1) * self.WIDTH].decode("ascii")

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(bytes(self._data))

    def __repr__(self) -> str:
        return f"EntryIds({len(self)})"


class NumberFilter:
    """The document numbers a long batch may meet: the book's and the batch's, as one bit each.

    A number whose bit is clear is certainly unused, so the batch skips the
    query that looks for it; a set bit (the number is used, or another one
    shares its bit: about one in a hundred for 100,000 numbers) runs the
    exact check of ``rules.Uniqueness`` as before. Two megabytes, whatever
    the length of the file or the book.
    """

    BITS = 1 << 24

    def __init__(self, keys=()):
        self.bits = bytearray(self.BITS >> 3)
        for key in keys:
            self.add(key)

    def add(self, key) -> None:
        h = hash(key) & (self.BITS - 1)
        self.bits[h >> 3] |= 1 << (h & 7)

    def __contains__(self, key) -> bool:
        h = hash(key) & (self.BITS - 1)
        return bool(self.bits[h >> 3] & (1 << (h & 7)))


class ChainWriter:
    """Hashes checked rows onto the book's chain and writes them in bulk: the one place entries
    are inserted. ``add`` takes the chain's values (``CHAIN_FIELDS`` order) of the next entry."""

    def __init__(self, book, import_rec: int | None = None):
        self.conn = book.db.conn
        self.seq0 = self.conn.execute("SELECT coalesce(max(seq), 0) FROM entries").fetchone()[0]
        self.prev, _ = book.chain_head()
        self.import_rec = import_rec
        self.buffer: list[tuple] = []
        self.count = 0  # rows written
        self.lifted = False  # the closed-day trigger dropped for a bulk insert (restored by finish)

    def add(self, values: tuple) -> bool:
        """Buffers the next entry; True when the buffer was written (it was full)."""
        prev = self.prev
        self.prev = chain.hash_of_values(prev, values)
        self.buffer.append((*values, prev, self.prev, self.import_rec))
        if len(self.buffer) >= BUFFER:
            self.flush()
            return True
        return False

    def add_many(self, rows: list[tuple]) -> None:
        """The values of the next entries (what ``Posting`` sends to a sink), in order."""
        buffer, hash_of, prev, rec = self.buffer, chain.hash_of_values, self.prev, self.import_rec
        for values in rows:
            new = hash_of(prev, values)
            buffer.append((*values, prev, new, rec))
            prev = new
        self.prev = prev
        if len(buffer) >= BUFFER:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.count += len(self.buffer)
            if not self.lifted and self.count >= BULK:
                closed_day.lift(self.conn)
                self.lifted = True
            insert_rows(self.conn, self.buffer)
            self.buffer.clear()

    def discard(self) -> None:
        self.buffer.clear()

    def finish(self) -> None:
        """Writes the rest; the closed-day rule checked for every new row if the trigger was lifted."""
        self.flush()
        if self.lifted:
            closed_day.restore(self.conn, self.seq0)
            self.lifted = False


class Posting:
    """One batch of new entries, checked and written inside the caller's write transaction.

    With ``sink`` the rows that pass are not written: each buffer of rows (the chain's values,
    not yet hashed) goes to ``sink`` for a ``ChainWriter`` elsewhere
    (``import_fast``: checked by a second process on a read-only view of the same book). With
    ``unique=False`` document numbers are left to the book's unique indexes, which refuse a
    repeat when the rows are written (the caller then runs the exact checks, ``unique=True``,
    to name every repeat).
    """

    def __init__(self, book, import_rec: int | None = None, progress: Callable | None = None, total: int = 0,
                 limit: int = 100, *, sink: Callable[[list[tuple]], None] | None = None, unique: bool = True,
                 stamp: str | None = None, sink_rows: int = BUFFER):
        from .clock import new_entry_id, now_text

        self.db, self.conn = book.db, book.db.conn
        self.ctx = book.context()
        self.sink, self.sink_rows = sink, sink_rows
        self.writer = None if sink else ChainWriter(book, import_rec)
        self.seq0 = self.writer.seq0 if self.writer else \
            self.conn.execute("SELECT coalesce(max(seq), 0) FROM entries").fetchone()[0]
        self.seq = self.seq0
        self.stamp, self.who = stamp or now_text(), book.clerk()
        self.new_id = new_entry_id
        self.row_numbers = array("I")  # file row of each written entry (0: none), by seq - seq0 - 1
        self.unique = rules.Uniqueness(self.db, self._row_of) if unique else None
        self.numbers: NumberFilter | None = None  # made for a long batch (see ``add``)
        self.held_lines: dict[tuple, str] = {}
        self.budget = rules.Budget(self.db, self.seq0)
        self.ends = rules.DayEnds(self.db, self.ctx.wht_key)
        self.log = ProblemLog(limit)
        self.buffer: list[tuple] = []  # rows for the sink
        self.ids = EntryIds()
        self.day_fields: dict = {}  # date -> (ISO text, fiscal year): the batch's days
        self.payments = False
        self.known_books = {r[0] for r in self.conn.execute("SELECT book FROM receipt_books")}
        self.auto_books: dict[str, int] = {}
        self.progress, self.total, self.seen = progress, total, 0

    # ------------------------------------------------------------ checking
    def _row_of(self, seq: int) -> int | None:
        i = seq - self.seq0 - 1
        return (self.row_numbers[i] or None) if 0 <= i < len(self.row_numbers) else None

    def refuse(self, problems: list[Problem], row: int | None = None) -> None:
        """Problems found before a row became a draft (its fields); rows already attached are kept."""
        self.seen += 1
        for p in problems:
            self.log.add(p if p.row is not None or row is None else p.at_row(row))
        self._report()

    def add_draft(self, d: EntryDraft, row: int | None = None, held: str | None = None) -> None:
        """A draft made in code or a form: numbers and text held to the file's rules first."""
        from .entry_fields import normalise_draft

        d, problems = normalise_draft(d)
        if problems:
            self.refuse(problems, row)
        else:
            self.add(d, row, held)

    def add(self, d: EntryDraft, row: int | None = None, held: str | None = None) -> None:
        """Checks one parsed draft against the book and this batch; buffers it if it passes."""
        ctx, db = self.ctx, self.db
        self.seen += 1
        if held is None:
            held = self._held(d) if d.base_kind == "payment" else rules.resolve_held(db, ctx, d)
        problems = rules.check_date(ctx, d)
        key = None
        if d.kind != "reversal":
            problems += rules.check_refs(db, ctx, d)
            key = rules.Uniqueness.key(d) if self.unique else None
            if key is not None:
                if self.numbers is None and self.seen >= FILTER_FROM:
                    self.numbers = self._number_filter()
                if self.numbers is None or key in self.numbers:
                    problems += self.unique.check(d, row, remember=False)
            if not problems and d.base_kind == "payment":
                problems += self.budget.check(d, held)
        if problems:
            for p in problems:
                self.log.add(p.at_row(row) if row else p)
        else:
            if key is not None:  # its number is taken only by a row that will be written
                self.unique.pending[key] = row
                if self.numbers is not None:
                    self.numbers.add(key)
            self.ends.add(d, held, row)
            self._buffer(d, held, row)
        self._report()

    def _held(self, d: EntryDraft) -> str:
        """``rules.resolve_held`` of a payment, remembered per year and line for the batch."""
        key = (fiscal_year(d.date), d.line)
        held = self.held_lines.get(key)
        if held is None:
            held = self.held_lines[key] = rules.resolve_held(self.db, self.ctx, d)
        return held

    def _number_filter(self) -> NumberFilter:
        """The filter of a long batch: every number in the book (this batch's written rows
        included) and the batch's numbers not yet written."""
        numbers = NumberFilter(self.unique.pending)
        for sql in rules.Uniqueness.BOOK_KEYS:
            for key in self.conn.execute(sql):
                numbers.add(key)
        return numbers

    def _report(self) -> None:
        if self.progress and self.seen % PROGRESS_EVERY == 0:
            self.progress(self.seen, max(self.total, self.seen))

    # ------------------------------------------------------------ writing
    def _buffer(self, d: EntryDraft, held: str, row: int | None) -> None:
        self.seq += 1
        entry_id = self.new_id()
        # the chain's fields in CHAIN_FIELDS order, which is also the INSERT's column order
        day = self.day_fields.get(d.date)
        if day is None:
            day = self.day_fields[d.date] = (d.date.isoformat(), fiscal_year(d.date))
        values = (self.seq, entry_id, d.kind, d.base_kind or d.kind, *day,
                  d.amount, d.wht, d.book, d.number, d.party, d.code, d.line, held, d.description, d.method,
                  d.account, d.cheque, d.commitment, d.reverses or None, d.reason, self.stamp, self.who)
        if self.writer:
            if self.writer.add(values) and self.unique:
                self.unique.written()  # the numbers written are found in the book from now on
            self.ids.append(entry_id)
            self.row_numbers.append(row or 0)
        else:  # the ids are kept by the one that writes
            self.buffer.append(values)
            if len(self.buffer) >= self.sink_rows:
                self._flush()
        self.payments = self.payments or d.base_kind == "payment"
        if d.kind in ("receipt", "void") and d.book and d.book not in self.known_books:
            number = d.number  # a draft's receipt number is plain digits already (entryform)
            plain = number.isascii() and number.isdigit() and number[0] != "0" and len(number) <= MAX_DIGITS
            first = int(number) if plain else receipt_int(number)
            if first is not None and first < self.auto_books.get(d.book, 10**9):
                self.auto_books[d.book] = first

    def _flush(self) -> None:
        if self.writer:
            self.writer.flush()
        elif self.buffer:
            self.sink(self.buffer)
            self.buffer = []
        if self.unique:
            self.unique.written()

    def finish(self, headline: Callable[[int], Problem] | None = None) -> Change:
        """Writes what is buffered and checks the day ends; raises BookError if any row was refused."""
        if not self.log:
            self._flush()
            self.log.extend(self.ends.problems(self.ctx))
        if self.log:
            self.buffer.clear()
            if self.writer:
                self.writer.discard()
            raise self.log.error(headline(self.log.count) if headline else None)
        if self.writer:
            self.writer.finish()
        if self.progress and self.seen >= PROGRESS_EVERY and self.seen % PROGRESS_EVERY:
            self.progress(self.seen, self.seen)
        if self.writer:
            register_books(self.db, self.auto_books, self.stamp, self.who)
        return Change(entries=self.ids, days=tuple(sorted(self.day_fields)), budget=self.payments)

    @property
    def written(self) -> int:
        return len(self.ids) if self.writer else self.seq - self.seq0


def register_books(db, books: dict[str, int], stamp: str, who: str) -> None:
    """Receipt books first met in a batch, registered with the lowest number seen."""
    db.conn.executemany("INSERT INTO receipt_books (book, first, last, auto, registered_at, clerk)"
                        " VALUES (?, ?, NULL, 1, ?, ?)",
                        [(book_no, first, stamp, who) for book_no, first in books.items()])
