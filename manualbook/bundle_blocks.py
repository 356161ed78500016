"""The workbook's rows of closed days, kept beside the book and reused by the next export.

Every entry is on the backfill workbook, so a city's workbook is 100,000 rows
on its first sheet and again on the e-LAAS screens' sheets; written anew it
is most of an export's own time. The rows of a closed day change only with
what they are made of, so ``bundle_workbook`` writes each day's rows as one
compressed piece per sheet (``xlsx.Sheet.cut``) and keeps the pieces of each
closed day here (``BOOK.workbook/``); the next export puts a kept day's pieces
into its workbook as they are (``xlsx.Sheet.put``) instead of writing the rows.

What a day's pieces are made of is their key (``block_key``), and a kept
block is used only under the key computed again by this export from the book
itself:

- every stored field of every entry of the day, as read from the book copy
  (``DayDigests``), with its keyed mark and e-LAAS document number as they are
  now, its "new since the previous bundle" state and its running number;
- the originals the day's reversals name (their date, kind and document show
  on the screens' sheets);
- every name a row can show (revenue codes, held accounts, budget lines,
  accounts), the e-LAAS screens' columns, the row each sheet's piece starts at;
- the writer itself (``writer_key``: the source of the modules that make a
  row, the Python and zlib versions, the compression level).

Anything else a row showed would be a missing part of the key, and the tests
prove it is not: a workbook made with kept blocks is byte for byte the one
made without (tests/bundle/test_workbook_blocks.py, after marks, names,
"new" states and the start day change).

A kept file is ``<key>-<mac>.blk``: a JSON header (its key, rows per sheet,
each piece's CRC-32 and sizes) and the pieces. Its MAC is an HMAC-SHA256 of
the whole file with a secret of this computer's user (``secret()``, in the
per-user cache folder, never beside the book or on a stick): a file that is
damaged, edited, renamed, copied from another computer or written by anything
but this program does not match, is deleted and the day written anew. The
MAC is what a person with this user's files could still forge (as the book's
own files); the export's verify of a bundle reads its workbook back against
the book copy.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import time
import zlib
from functools import lru_cache
from pathlib import Path

from .deflate_zip import LEVEL, Piece

FOLDER_SUFFIX = ".workbook"
FORMAT = 1
KEEP_UNUSED_DAYS = 7
SECRET_NAME = "workbook-blocks.key"
_MADE_BY = ("xlsx.py", "deflate_zip.py", "bundle_workbook.py", "bundle_sheets.py", "bundle_blocks.py", "cells.py",
            "money.py", "thaidate.py", "model.py", "store/rows.py")


@lru_cache(maxsize=1)
def writer_key() -> str:
    """Everything in the program that decides how a row is written, as one digest ("" where the
    program's source cannot be read: then nothing is kept)."""
    here = Path(__file__).parent
    h = hashlib.sha256(f"blocks {FORMAT} python {sys.version} zlib {zlib.ZLIB_RUNTIME_VERSION} "
                       f"level {LEVEL}".encode())
    try:
        for name in _MADE_BY:
            h.update(name.encode() + b"\0" + (here / name).read_bytes())
    except OSError:
        return ""
    return h.hexdigest()


def secret() -> bytes | None:
    """This user's key for the kept blocks' MACs (made once); None where it cannot be had."""
    from .files import user_cache_folder

    path = user_cache_folder() / SECRET_NAME
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            f.write(os.urandom(32))
        os.replace(tmp, path)
        data = path.read_bytes()  # another export may have made its own meanwhile: the one there wins
        return data if len(data) == 32 else None
    except OSError:
        return None


class DayDigests:
    """Per day, while ``collect`` walks the rows: a digest of each row as stored and as shown (its
    running number, keyed mark, e-LAAS number, "new"), the originals its reversals name, and its
    count of each kind of entry."""

    def __init__(self):
        self._h: dict = {}
        self.kinds: dict = {}
        self._reverses: dict = {}

    def add(self, raw: tuple, row) -> None:
        day = row.entry.date
        h = self._h.get(day)
        if h is None:
            h = self._h[day] = hashlib.sha256()
            self.kinds[day] = {}
        h.update(repr((raw, row.no, row.keyed, row.doc_no, row.new)).encode("utf-8"))
        kinds = self.kinds[day]
        kinds[row.entry.kind] = kinds.get(row.entry.kind, 0) + 1
        if row.entry.reverses:
            self._reverses.setdefault(day, []).append(row.entry.reverses)

    def finish(self, entries_by_id: dict) -> dict:
        for day, ids in self._reverses.items():
            for entry_id in ids:
                self._h[day].update(repr(entries_by_id.get(entry_id)).encode("utf-8"))
        return {day: h.hexdigest() for day, h in self._h.items()}


def names_digest(names) -> str:
    """Every name a row can show, as one digest (the originals of reversals are in the days')."""
    h = hashlib.sha256()
    for table in (names.codes, names.held, names.lines, names.accounts):
        h.update(repr(sorted(table.items())).encode("utf-8") + b"\0")
    return h.hexdigest()


def block_key(book_uuid: str, day, day_digest: str, starts: list[int], names: str, screens: list[dict]) -> str:
    h = hashlib.sha256(writer_key().encode())
    h.update(json.dumps([book_uuid, day.isoformat(), day_digest, starts, names, screens], sort_keys=True,
                        ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def folder_of(book_path: Path) -> Path:
    return book_path.with_name(book_path.name + FOLDER_SUFFIX)


class Blocks:
    """The kept blocks of one book: ``get`` a day's pieces by key, ``put`` them, ``prune`` at the end."""

    def __init__(self, folder: Path, key: bytes):
        self.folder, self.key = folder, key
        self.used: set[Path] = set()
        self.reused = self.written = 0

    @classmethod
    def beside(cls, book_path: Path | None) -> "Blocks | None":
        """The blocks kept beside the book at ``book_path``; None where none can be kept."""
        key = secret() if book_path is not None and writer_key() else None
        if key is None:
            return None
        folder = folder_of(Path(book_path))
        try:
            folder.mkdir(exist_ok=True)
        except OSError:
            return None
        return cls(folder, key)

    def _mac(self, data: bytes) -> str:
        return hmac.new(self.key, data, hashlib.sha256).hexdigest()

    def get(self, key: str, rows: list[int]) -> list[Piece | None] | None:
        """The pieces kept under ``key`` holding ``rows`` rows per sheet, if a file matches its MAC."""
        try:
            found = list(self.folder.glob(f"{key[:32]}-*.blk"))
        except OSError:
            return None
        for path in found:
            try:
                data = path.read_bytes()
                pieces = self._read(path, data, key, rows)
                if pieces is None:
                    path.unlink()
                    continue
                os.utime(path)  # used: not pruned
            except OSError:
                continue
            self.used.add(path)
            self.reused += 1
            return pieces
        return None

    def _read(self, path: Path, data: bytes, key: str, rows: list[int]) -> list[Piece | None] | None:
        if not hmac.compare_digest(self._mac(data)[:32], path.stem.split("-", 1)[-1]):
            return None
        try:
            head_end = data.index(b"\n")
            head = json.loads(data[:head_end])
            if head.get("format") != FORMAT or head.get("key") != key or head.get("rows") != rows:
                return None
            pieces, at = [], head_end + 1
            for item in head["pieces"]:
                if item is None:
                    pieces.append(None)
                    continue
                crc, size, length = (int(v) for v in item)
                pieces.append(Piece(data[at:at + length], crc, size))
                at += length
            if at != len(data) or len(pieces) != len(rows):
                return None
            return pieces
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, key: str, rows: list[int], pieces: list[Piece | None]) -> None:
        """Keeps a day's pieces (a folder that cannot be written keeps nothing: the export goes on)."""
        head = {"format": FORMAT, "key": key, "rows": rows,
                "pieces": [None if p is None else [p.crc, p.size, len(p.data)] for p in pieces]}
        data = (json.dumps(head).encode("utf-8") + b"\n" + b"".join(p.data for p in pieces if p is not None))
        path = self.folder / f"{key[:32]}-{self._mac(data)[:32]}.blk"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
            self.used.add(path)
            self.written += 1
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass

    def prune(self) -> None:
        """Removes kept blocks this export did not use and no export touched for a week."""
        old = time.time() - KEEP_UNUSED_DAYS * 86400
        try:
            for path in self.folder.glob("*.blk"):
                try:
                    if path not in self.used and path.stat().st_mtime < old:
                        path.unlink()
                except OSError:
                    pass
        except OSError:
            pass
