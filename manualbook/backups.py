"""Automatic verified backups a clerk never has to remember.

After every day close and when the app quits (if the book changed), the book
is copied through SQLite's backup API into ``backups/`` beside the book file
(``%LOCALAPPDATA%\\manualbook\\backups`` for the default book), verified in
full, and only then given its name ``STEM-YYYYMMDD-HHMMSS-REASON.sqlite3``.
Beside each backup a small ``.json`` says what it holds (book uuid, entries,
chain heads, the file's sha256) and that it verified. The dated setting
``backup_folder_2`` names a second folder (a USB stick): the verified file is
copied there too and read back; a stick that is missing or full is a Thai
warning, never a failure of the close.

Rotation (in each folder, this book's backups only) keeps the newest of each
of the last 14 days, 8 weeks and 12 months that have one, and never deletes
the newest verified backup (the newest whose sha256 still matches: a damaged
newer one does not count). A backup that no longer matches its sha256 is
listed as not verified.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .backup import _fsync, _remove, copy_book, verify_file
from .backup_list import (SECOND_FOLDER, BackupInfo, backup_dir, keep_set, list_backups,  # noqa: F401
                          read_info, sidecar_path)
from .files import file_sha256
from .messages import BookError, msg
from .store import ack
from .store.db import _uri


@dataclass(frozen=True)
class BackupReport:
    made: tuple[BackupInfo, ...]
    warnings: tuple[str, ...]
    removed: tuple[Path, ...]
    skipped: bool = False

    def text(self) -> str:
        lines = []
        if self.skipped:
            lines.append(msg("backup_unchanged").message)
        for b in self.made:
            lines.append(msg("backup_made", path=b.path, entries=b.entries, head=_short(b.head)).message)
        lines += self.warnings
        return "\n".join(lines)


def _short(head: str) -> str:
    from .chain import short
    return short(head) if head else "-"


def folders(book) -> list[Path]:
    """Where this book's backups go: beside the book, then the second folder if set."""
    out = [backup_dir(book.path)]
    second = (book.setting(SECOND_FOLDER) or "").strip()
    if second:
        out.append(Path(second))
    return out


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    _fsync(tmp)
    os.replace(tmp, path)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows has no directory fsync
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _free_name(folder: Path, stem: str, reason: str, now: dt.datetime) -> Path:
    base = f"{stem}-{now:%Y%m%d-%H%M%S}"
    path, n = folder / f"{base}-{reason}.sqlite3", 1
    while path.exists() or sidecar_path(path).exists():
        n += 1
        path = folder / f"{base}-{n}-{reason}.sqlite3"
    return path


def make_backup(book, reason: str = "manual", progress=None, only_if_changed: bool = False) -> BackupReport:
    """A verified backup of ``book`` in each backup folder (see the module docstring).

    The first folder (beside the book) failing raises BookError; the second one
    failing is a warning in the report. ``progress(stage, done, total)``.
    """
    state = ack.current(book.db.conn)
    places = folders(book)
    if only_if_changed and state is not None:
        newest = next((b for b in list_backups(book.path, state.book_uuid, places[:1], check=False)
                       if b.verified), None)
        if newest and newest.entries == state.entries and newest.records_head == state.records_head \
                and (not state.entries or newest.head == state.head):
            return BackupReport((), (), (), skipped=True)
    now = dt.datetime.now().astimezone()
    main = places[0]
    try:
        main.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BookError(msg("backup_write_failed", path=main, why=exc.strerror or exc)) from exc
    final = _free_name(main, book.path.stem, reason, now)
    tmp = final.with_name(final.name + ".partial")
    for stale in main.glob(f"{book.path.stem}-*.sqlite3.partial"):  # left by a backup that was killed
        try:
            if stale.stat().st_mtime < now.timestamp() - 3600:  # not one another process is writing now
                _remove(stale)
        except OSError:
            pass

    def stage(name):
        return (lambda done, total: progress(msg(f"backup_stage_{name}").message, done, total)) if progress else None

    try:
        try:
            copy_book(book.db.conn, tmp, stage("copy"))
        except (OSError, sqlite3.OperationalError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise BookError(msg("backup_write_failed", path=final, why=why)) from exc
        result = verify_file(tmp, stage("verify"))
        state = _state_of(tmp)
        digest = file_sha256(tmp)
        info = _info_for(final, tmp.stat().st_size, now, result, state, reason)
        _write_json(sidecar_path(final), _sidecar_data(info, digest))  # first: a named backup always has one
        os.replace(tmp, final)
        _fsync_dir(main)
    except BaseException as exc:
        _remove(tmp)
        if not final.exists():
            sidecar_path(final).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BookError(msg("backup_write_failed", path=final, why=exc.strerror or exc)) from exc
        raise
    made, warnings, removed = [info], [], list(rotate(main, info.book_uuid))
    for extra in places[1:]:
        try:
            copied = _copy_to(final, info, extra, digest)
            made.append(copied)
            removed += rotate(extra, info.book_uuid)
        except (OSError, BookError) as exc:
            why = exc.text() if isinstance(exc, BookError) else (exc.strerror or str(exc))
            warnings.append(msg("backup_second_failed", folder=extra, why=why).message)
    return BackupReport(tuple(made), tuple(warnings), tuple(removed))


def _state_of(path: Path):
    conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True)
    try:
        return ack.current(conn)
    finally:
        conn.close()


def backup_after_close(book, progress=None) -> BackupReport:
    """The automatic backup after a day close: its failure is a warning, never the close's."""
    try:
        return make_backup(book, "close", progress)
    except BookError as exc:
        why = exc.text()
    except (OSError, sqlite3.Error) as exc:
        why = str(exc)
    return BackupReport((), (msg("backup_failed_after_close", why=why).message,), ())


def _info_for(path: Path, size: int, now: dt.datetime, result, state, reason: str) -> BackupInfo:
    return BackupInfo(path=path, created=now.isoformat(timespec="seconds"), entries=result.entries,
                      head=result.head, verified=True, book_uuid=state.book_uuid if state else "",
                      records=state.records if state else None,
                      records_head=state.records_head if state else None, reason=reason, size=size)


def _sidecar_data(info: BackupInfo, digest: str) -> dict:
    return {"format": 1, "book_uuid": info.book_uuid, "created": info.created, "entries": info.entries,
            "head": info.head, "records": info.records, "records_head": info.records_head,
            "verified": info.verified, "reason": info.reason, "size": info.size, "sha256": digest}


def _copy_to(src: Path, info: BackupInfo, folder: Path, digest: str) -> BackupInfo:
    """Copies a verified backup into a second folder, reads it back, then names it."""
    if not folder.is_dir():
        raise BookError(msg("backup_folder_missing", folder=folder))
    final = folder / src.name
    tmp = final.with_name(final.name + ".partial")
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            for block in iter(lambda: fin.read(1 << 20), b""):
                fout.write(block)
            fout.flush()
            os.fsync(fout.fileno())
        if file_sha256(tmp) != digest:
            raise BookError(msg("backup_readback", path=final))
        os.replace(tmp, final)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    copied = BackupInfo(final, info.created, info.entries, info.head, True, info.book_uuid, info.records,
                        info.records_head, info.reason, info.size)
    _write_json(sidecar_path(final), _sidecar_data(copied, digest))
    _fsync_dir(folder)
    return copied


# ------------------------------------------------------------------ listing


def book_backups(book, check: bool = True) -> list[BackupInfo]:
    uuid = book.org().book_uuid
    return list_backups(book.path, uuid, folders(book), check)


# ------------------------------------------------------------------ rotation


def rotate(folder: Path, book_uuid: str) -> list[Path]:
    infos = list_backups(folder, book_uuid, [folder], check=False)
    # the newest one that still matches its sha256, checked newest first (rarely more than one read)
    newest = next((b.path for b in infos if read_info(b.path, check=True).verified), None)
    keep = keep_set(infos, newest)
    removed = []
    for b in infos:
        if b.path not in keep:
            try:
                b.path.unlink()
                sidecar_path(b.path).unlink(missing_ok=True)
                removed.append(b.path)
            except OSError:
                pass  # in use or read-only: it stays until the next rotation
    return removed
