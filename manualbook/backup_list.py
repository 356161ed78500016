"""The backups folder read, never written: which backup files there are, what each
holds (its ``.json`` sidecar, else the file itself), which ones the rotation keeps,
and for a book that lost acknowledged entries (a damaged ``-wal``: store/ack.py)
the newest verified backup that still holds them (``covering_backup``), said in
Thai by ``lost_entries_note`` for the refusal message. Making backups is
``backups.py``; restoring is ``backup.py`` and ``recovery.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .files import file_sha256
from .messages import msg
from .store.db import _uri

DIR_NAME = "backups"
SECOND_FOLDER = "backup_folder_2"
KEEP = (("day", 14), ("week", 8), ("month", 12))
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?-(?P<reason>[a-z]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: str          # ISO time with offset
    entries: int
    head: str
    verified: bool
    book_uuid: str = ""
    records: int | None = None
    records_head: str | None = None
    reason: str = ""
    size: int = 0

    def as_json(self) -> dict:
        """The contract's object for ``manualbook backups --json``."""
        return {"path": str(self.path), "created": self.created, "entries": self.entries, "head": self.head,
                "verified": self.verified}


def backup_dir(book_path: Path) -> Path:
    return Path(book_path).resolve().parent / DIR_NAME


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _read_sidecar(path: Path) -> dict | None:
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _probe(path: Path) -> tuple[str, int, str] | None:
    """(uuid, entries, head) read from a backup file without a sidecar; None if unreadable."""
    try:
        conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True)
        try:
            uuid = conn.execute("SELECT uuid FROM book").fetchone()[0]
            row = conn.execute("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
            return uuid, row[0] if row else 0, row[1] if row else ""
        finally:
            conn.close()
    except (sqlite3.Error, TypeError):
        return None


def read_info(path: Path, check: bool = True) -> BackupInfo | None:
    """What one backup file holds; ``verified`` only if it verified when made and (with
    ``check``) its size and sha256 still match."""
    data = _read_sidecar(path)
    m = _NAME.match(path.name)
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if data:
        verified = bool(data.get("verified")) and data.get("size") == size
        if verified and check:
            verified = file_sha256(path) == data.get("sha256")
        return BackupInfo(path, str(data.get("created", "")), int(data.get("entries") or 0),
                          str(data.get("head") or ""), verified, str(data.get("book_uuid") or ""),
                          data.get("records"), data.get("records_head"), str(data.get("reason") or ""), size)
    probed = _probe(path)
    if probed is None:
        return None
    created = ""
    if m:
        created = dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S").astimezone().isoformat(timespec="seconds")
    return BackupInfo(path, created, probed[1], probed[2], False, probed[0], reason=m["reason"] if m else "",
                      size=size)


def list_backups(book_path: Path, book_uuid: str | None, places: list[Path] | None = None,
                 check: bool = True) -> list[BackupInfo]:
    """This book's backups in ``places`` (default: beside the book), newest first."""
    out = []
    for folder in places if places is not None else [backup_dir(book_path)]:
        try:
            names = sorted(p for p in Path(folder).iterdir() if _NAME.match(p.name))
        except OSError:
            continue
        for p in names:
            info = read_info(p, check)
            if info is not None and (book_uuid is None or info.book_uuid == book_uuid):
                out.append(info)
    out.sort(key=lambda b: (b.created, _mtime(b.path)), reverse=True)
    return out


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _period(created: str, unit: str) -> tuple:
    t = dt.datetime.fromisoformat(created)
    if unit == "day":
        return (t.year, t.month, t.day)
    if unit == "week":
        return tuple(t.isocalendar()[:2])
    return (t.year, t.month)


def keep_set(infos: list[BackupInfo], newest_verified: Path | None = None) -> set[Path]:
    """Which backups the rotation keeps (``infos`` newest first): the newest of each of the
    last 14 days, 8 weeks and 12 months, and the newest verified one whatever its age."""
    good = [b for b in infos if b.verified and b.created]
    keep = set()
    if newest_verified is not None:
        keep.add(newest_verified)
    elif good:
        keep.add(good[0].path)
    for unit, count in KEEP:
        seen: set[tuple] = set()
        for b in good:
            p = _period(b.created, unit)
            if p not in seen:
                if len(seen) == count:
                    break
                seen.add(p)
                keep.add(b.path)
    return keep


def _hash_at(path: Path, seq: int) -> str | None:
    try:
        conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True)
        try:
            row = conn.execute("SELECT hash FROM entries WHERE seq = ?", (seq,)).fetchone()
            return row[0] if row else None
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _second_folder_of(book_path: Path) -> Path | None:
    try:
        conn = sqlite3.connect(_uri(book_path, mode="ro"), uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ? ORDER BY effective DESC, rec DESC LIMIT 1",
                               (SECOND_FOLDER,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return Path(row[0]) if row and row[0].strip() else None


def covering_backup(book_path: Path, lost) -> tuple[BackupInfo | None, BackupInfo | None]:
    """(the newest backup that holds every acknowledged entry, the newest backup at all)."""
    places = [backup_dir(book_path)]
    second = _second_folder_of(book_path)
    if second:
        places.append(second)
    infos = [b for b in list_backups(book_path, lost.ack.book_uuid, places) if b.verified]
    for b in infos:
        if b.entries >= lost.ack.entries and (not lost.ack.entries or _hash_at(b.path, lost.ack.entries) == lost.ack.head):
            return b, infos[0]
    return None, infos[0] if infos else None


def lost_entries_note(book_path: Path, lost) -> str:
    full, newest = covering_backup(book_path, lost)
    if full:
        return msg("book_lost_backup", path=full.path, entries=full.entries).message
    if newest:
        return msg("book_lost_partial", path=newest.path, entries=newest.entries).message
    return msg("book_lost_none", folder=backup_dir(book_path)).message
