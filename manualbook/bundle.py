"""The backfill bundle: what goes to e-LAAS when it comes back.

``export(book, out_dir)`` writes one bundle folder (usually on a USB stick):
the backfill workbook, the registers as PDF, a verified copy of the book in
rollback-journal mode and ``manifest.json`` (the contract's "Backfill
bundle"). Everything is built from a snapshot copy of the book first (so
the files agree with each other even while the clerk keeps working), then
written safely by ``bundle_write.py``. The live book is never written to
the stick (only the verified copy, named ``book-copy.sqlite3``).

The registers are rendered by the ``reporting`` module passed in (the real
one unless a test passes a stand-in). Verifying a bundle is
``bundle_verify.py``; reading the ticks back and tracking the keying is
``keyed.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import bundle_registers
from .bundle_blocks import Blocks
from .bundle_sheets import BundleData, collect, period
from .bundle_write import (BOOK_COPY_NAME, FORMAT, MANIFEST_NAME, PARTIAL_SUFFIX, WORKBOOK_NAME,
                           Source, Writer, digest, file_source, sha256, write_bundle)
from .clock import now_text
from .messages import CATALOGUE, BookError, msg, problem
from .money import format_amount
from .store.rows import dict_rows
from .thaidate import format_short

# The steps of an export, as its progress callback names them, in Thai.
STAGES = {k: CATALOGUE[f"stage_{k}"] for k in ("copy", "collect", "workbook", "registers", "write", "read")}


# ------------------------------------------------------------------ export

@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    manifest: dict
    entries: int
    since: dt.date
    until: dt.date
    new_entries: int
    new_before_previous: int
    registers: str
    register_errors: tuple[str, ...]
    files: int
    bytes: int
    seconds: float
    notes: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [problem("bundle_done", out=self.out_dir, entries=f"{self.entries:,}", since=format_short(self.since),
                         until=format_short(self.until), files=self.files, mb=f"{self.bytes / 1_000_000:.1f}").message]
        if self.manifest.get("previous"):
            lines.append(problem("bundle_done_new", folder=self.manifest["previous"]["folder"],
                                 count=f"{self.new_entries:,}").message)
        if self.new_before_previous:
            lines.append(problem("bundle_done_before_previous", count=f"{self.new_before_previous:,}").message)
        if self.registers == "missing":
            lines.append(problem("bundle_done_no_registers").message)
        for e in self.register_errors + self.notes:
            lines.append(problem("warning", text=e).message)
        return "\n".join(lines)


def _snapshot(book, path: Path):
    """A verified copy of the live book in rollback-journal mode (see backup.py)."""
    from .backup import verify_file

    target = sqlite3.connect(str(path))
    try:
        book.db.conn.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        target.commit()
    finally:
        target.close()
    return verify_file(path)


def registers_module():
    """The module that renders a bundle's registers when the caller passes none: ``reporting``."""
    from . import reporting
    return reporting


class _Registers(bundle_registers.Registers):
    """The bundle's registers, put into its files with its messages."""

    def finish(self, files: dict) -> tuple[str, list[str], dict[str, int]]:
        """Puts each PDF in ``files`` (path in the bundle -> file on this computer); returns (status,
        errors, {"rendered": n, "reused": n})."""
        if self.status is not None:
            return self.status
        done = self.gather()
        errors = []
        for r in done:
            if r.error or r.source is None:
                period = format_short(r.job.first) + ("" if r.job.first == r.job.last
                                                      else f"-{format_short(r.job.last)}")
                errors.append(problem("registers_failed", name=r.job.name, period=period, why=r.error).message)
            else:
                files[r.job.path] = Source(r.source, r.sha256, r.size)
        counts = {"rendered": sum(1 for r in done if r.source and not r.reused),
                  "reused": sum(1 for r in done if r.reused)}
        return ("ok" if not errors else "incomplete"), errors, counts


def read_manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def previous_bundle(parent: Path, book_uuid: str) -> dict | None:
    """The newest complete bundle of this book beside the new one (by its manifest), if any."""
    best = None
    try:
        children = list(parent.iterdir())
    except OSError:
        return None
    for child in children:
        if not child.is_dir() or child.name.endswith(PARTIAL_SUFFIX):
            continue
        m = read_manifest(child)
        if not m or m.get("book_uuid") != book_uuid or m.get("max_seq") is None:
            continue
        key = (m.get("created_at") or "", int(m["max_seq"]))
        if best is None or key > best[0]:
            best = (key, {"folder": child.name, "max_seq": int(m["max_seq"]), "until": m.get("until"),
                          "chain_head": m.get("chain_head"), "created_at": m.get("created_at")})
    return best[1] if best else None


def recorded_exports(book) -> list[dict]:
    """Every bundle this book wrote (on any stick), oldest first."""
    return dict_rows(book.db.conn, "SELECT * FROM exports ORDER BY rec")


def last_export(book) -> dict | None:
    """The newest bundle this book recorded writing, in the shape of ``previous_bundle``."""
    rows = recorded_exports(book)
    if not rows:
        return None
    r = max(rows, key=lambda r: (r["created_at"], r["max_seq"]))
    return {"folder": r["folder"], "max_seq": r["max_seq"], "until": r["until"], "chain_head": r["chain_head"],
            "created_at": r["created_at"]}


def _newest(*candidates: dict | None) -> dict | None:
    found = [c for c in candidates if c]
    return max(found, key=lambda c: (c.get("created_at") or "", int(c["max_seq"]))) if found else None


def _record_export(book, out_dir: Path, manifest: dict, manifest_bytes: bytes) -> None:
    from .clock import now_text as stamp

    from .store import records

    with book.db.atomic():
        book.db["exports"].insert({
            "folder": out_dir.name, "created_at": manifest["created_at"], "since": manifest["since"],
            "until": manifest["until"], "entries": manifest["entries"], "max_seq": manifest["max_seq"],
            "chain_head": manifest["chain_head"], "manifest_sha256": sha256(manifest_bytes),
            **records.head_fields(book.db), "recorded_at": stamp()})


def build_files(book, since: dt.date | None = None, out_parent: Path | None = None, progress=None,
                created_at: str | None = None, work: Path | None = None,
                reporting=None) -> tuple[dict, dict, BundleData]:
    """Everything a bundle holds, plus the manifest (no writing to the target).

    With ``work`` (a folder the caller keeps until the bundle is written) the files stay on disk
    there, or beside the book for kept registers, and ``files`` maps each bundle path to a file
    to stream; without it they are read into memory (small books, tests). ``reporting`` renders
    the registers (``registers_module()`` unless given)."""
    if work is None:
        with tempfile.TemporaryDirectory(prefix="manualbook-export-") as tmp:
            files, manifest, data = build_files(book, since, out_parent, progress, created_at, Path(tmp), reporting)
            return {p: f.path.read_bytes() if isinstance(f, Source) else f for p, f in files.items()}, manifest, data
    from .book import Book
    from .bundle_workbook import write_workbook
    from .store.db import connect

    org = book.org()
    since = since or org.since
    if since < org.start:
        raise BookError(msg("date_before_start", date=format_short(since), start=format_short(org.start)))
    created_at = created_at or now_text()
    from .edge import temp_errors
    with temp_errors():
        snap_path = work / BOOK_COPY_NAME
        if progress:
            progress("copy", 0, 1)
        _snapshot(book, snap_path)
        snap = Book(connect(snap_path, readonly=True), snap_path)
        try:
            if progress:
                progress("collect", 0, 1)
            # the newest of: a bundle beside the new one on this stick, and the last one this book wrote
            previous = _newest(previous_bundle(out_parent, org.book_uuid) if out_parent else None,
                               last_export(snap))
            # the registers start on the pool now, while the rows are walked here (the same snapshot)
            rendering = _Registers(reporting or registers_module(), snap, snap_path, book.path,
                                   period(snap, since), work / ".registers", progress)
            try:
                data = collect(snap, since, previous, created_at)
                if progress:
                    progress("workbook", 0, 1)
                workbook = work / ".workbook" / WORKBOOK_NAME
                workbook.parent.mkdir()
                blocks = Blocks.beside(getattr(book, "path", None))  # closed days' rows kept beside the book
                write_workbook(data, workbook, blocks=blocks)  # while the registers render on the pool
                if blocks is not None:
                    blocks.prune()
                files = {WORKBOOK_NAME: file_source(workbook)}
                registers, register_errors, counts = rendering.finish(files)
            finally:
                rendering.close()
        finally:
            snap.close()
        files[BOOK_COPY_NAME] = file_source(snap_path)
    t = data.totals
    manifest = {
        "format": FORMAT, "org": data.org.name, "lao_code": data.org.lao_code,
        "since": data.since.isoformat(), "until": data.until.isoformat(), "entries": len(data.rows),
        "chain_head": data.chain_head,
        "totals": {"receipts": format_amount(t["receipts"]), "deposits": format_amount(t["deposits"]),
                   "withdrawals": format_amount(t["withdrawals"]), "payments": format_amount(t["payments"])},
        "files": [{"path": p, "size": digest(f)[0], "sha256": digest(f)[1]} for p, f in sorted(files.items())],
        # fields beyond the contract
        "book_uuid": data.org.book_uuid, "created_at": created_at, "max_seq": data.max_seq,
        "book_entries": data.book_entries, "payments_basis": "gross (amount before withholding tax)",
        "wht": format_amount(t["wht"]), "workbook": WORKBOOK_NAME, "book_copy": BOOK_COPY_NAME,
        "registers": registers, "register_errors": register_errors, "registers_reused": counts.get("reused", 0),
        "workbook_days_reused": blocks.reused if blocks is not None else 0,
        "previous": data.previous, "new_entries": data.new_entries if data.previous else None,
        "new_before_previous": [r.entry.id for r in data.new_before_previous],
        "keyed_at_export": data.keyed_count,
    }
    return files, manifest, data


def export(book, out_dir: str | Path, since: dt.date | None = None, progress=None,
           writer: Writer | None = None, reporting=None) -> ExportResult:
    """Writes one complete, read-back bundle folder at ``out_dir`` (which must not exist); the
    registers rendered by ``reporting`` (``registers_module()`` unless given)."""
    started = time.perf_counter()
    writer = writer or Writer()
    out_dir = Path(os.path.abspath(out_dir))
    parent = out_dir.parent
    if out_dir.exists():
        raise BookError(problem("out_exists", path=out_dir))
    from .edge import temp_errors
    with temp_errors(), tempfile.TemporaryDirectory(prefix="manualbook-export-") as tmp:
        files, manifest, data = build_files(book, since, parent, progress, work=Path(tmp), reporting=reporting)
        manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        write_bundle(out_dir, files, manifest_bytes, manifest, writer, progress)
    notes: tuple[str, ...] = ()
    try:  # the bundle is complete whatever happens here
        _record_export(book, out_dir, manifest, manifest_bytes)
    except sqlite3.Error as exc:
        notes = (problem("export_not_recorded", why=exc).message,)
    except BookError as exc:  # a book opened read-only (a write-protected stick)
        notes = (problem("export_not_recorded", why=exc.text()).message,)
    return ExportResult(
        out_dir=out_dir, manifest=manifest, entries=len(data.rows), since=data.since, until=data.until,
        new_entries=data.new_entries, new_before_previous=len(data.new_before_previous),
        registers=manifest["registers"], register_errors=tuple(manifest["register_errors"]),
        files=len(files) + 1, bytes=sum(digest(f)[0] for f in files.values()) + len(manifest_bytes),
        seconds=time.perf_counter() - started, notes=notes)
