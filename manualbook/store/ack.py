"""The side record of what was acknowledged: ``BOOK.ack`` beside the book file.

After every commit the program writes a small JSON file beside the book:
the book's uuid, the newest entry's sequence number and hash, and the newest
record-log row's sequence number and hash. The database commit (WAL,
synchronous=FULL) happens first, so the side record never claims more than
the book holds on disk. If the book later opens with less than that — a
damaged or lost ``-wal`` file dropped committed transactions, or someone put
an older copy in its place — the entries the clerk was told were saved are
missing: the book is refused before anything is written (no migration, no
checkpoint that would erase the ``-wal``), every file is kept, and the
message names the backup that still has them. Written by replacing a
temporary file (never half-written); not fsynced: losing it in a power cut
only loses this one check, never data.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

FORMAT = 1


def ack_path(book_path: Path) -> Path:
    return book_path.with_name(book_path.name + ".ack")


@dataclass(frozen=True)
class Ack:
    book_uuid: str
    entries: int
    head: str
    records: int | None
    records_head: str | None
    at: str = ""

    def as_json(self) -> dict:
        return {"format": FORMAT, "book_uuid": self.book_uuid, "entries": self.entries, "head": self.head,
                "records": self.records, "records_head": self.records_head, "at": self.at}


def current(conn: sqlite3.Connection, at: str = "") -> Ack | None:
    """What the book holds now (None before the book has its first row)."""
    uuid = conn.execute("SELECT uuid FROM book").fetchone()
    if not uuid:
        return None
    row = conn.execute("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
    rec = None
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'record_log'").fetchone():
        rec = conn.execute("SELECT seq, hash FROM record_log ORDER BY seq DESC LIMIT 1").fetchone()
    return Ack(uuid[0], row[0] if row else 0, row[1] if row else "", rec[0] if rec else None,
               rec[1] if rec else None, at)


def write(book_path: Path, ack: Ack | None) -> None:
    """Replaces the side record; a failure is silent (it guards, it never blocks a save)."""
    if ack is None:
        return
    target = ack_path(book_path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.write_text(json.dumps(ack.as_json(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def read(book_path: Path) -> Ack | None:
    try:
        data = json.loads(ack_path(book_path).read_text(encoding="utf-8"))
        return Ack(str(data["book_uuid"]), int(data["entries"]), str(data["head"]),
                   None if data.get("records") is None else int(data["records"]),
                   data.get("records_head"), str(data.get("at", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none, or unreadable after a power cut: this check is skipped


@dataclass(frozen=True)
class Shortfall:
    """The book holds less than (or something else than) what was acknowledged."""

    ack: Ack
    entries: int          # the newest entry's seq in the book now
    head_at_ack: str | None   # the book's hash at the acknowledged seq (None: no such entry)
    records: int | None
    records_head_at_ack: str | None

    @property
    def missing(self) -> int:
        return max(self.ack.entries - self.entries, 0)


def shortfall(conn: sqlite3.Connection, ack: Ack | None) -> Shortfall | None:
    """Compares the book with the side record; None when it holds everything acknowledged."""
    if ack is None:
        return None
    now = current(conn)
    if now is None or now.book_uuid != ack.book_uuid:
        return None  # another book in this file: the side record is not about it
    at = None
    if ack.entries:
        row = conn.execute("SELECT hash FROM entries WHERE seq = ?", (ack.entries,)).fetchone()
        at = row[0] if row else None
    rec_at = None
    records_ok = True
    if ack.records and now.records is not None:
        row = conn.execute("SELECT hash FROM record_log WHERE seq = ?", (ack.records,)).fetchone()
        rec_at = row[0] if row else None
        records_ok = rec_at == ack.records_head
    entries_ok = not ack.entries or at == ack.head
    if entries_ok and records_ok:
        return None
    return Shortfall(ack, now.entries, at, now.records, rec_at)
