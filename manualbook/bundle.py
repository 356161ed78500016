"""The backfill bundle: what goes to e-LAAS when it comes back, and tracking the keying.

``export(book, out_dir)`` writes one bundle folder (usually on a USB stick):
the backfill workbook, the registers as PDF, a verified copy of the book in
rollback-journal mode and ``manifest.json`` (the contract's "Backfill
bundle"). Everything is built in memory from a snapshot copy of the book
first (so the files agree with each other even while the clerk keeps
working), then written safely:

1. write each file under a temporary sibling folder ``.NAME.partial``,
   flushing and fsyncing each file and the folders;
2. read every file back and compare its sha256 with what was written;
3. write ``manifest.json`` last (and read it back);
4. rename the folder to NAME, then replace ``LATEST.txt`` in the parent
   (write a temporary file, then ``os.replace``).

Any failure (full stick, read-only stick, stick pulled out) gives a Thai
message; the partial folder is removed if the stick still answers, earlier
bundles are never touched, and nothing incomplete is ever named complete: a
folder without ``manifest.json`` is not a bundle, and LATEST.txt only ever
names a folder that was complete and read back. The live book is never
written to the stick (only the verified copy, named ``book-copy.sqlite3``).

All file writing goes through a ``Writer`` so tests can inject failures at
every step.

``verify_bundle(dir)`` re-reads every listed file. Reading the ticks back and
tracking the keying is ``keyed.py``.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import bundle_registers, chain
from .bundle_registers import register_jobs  # noqa: F401  (bundle_check and tests find it here)
from .bundle_sheets import BundleData, collect
from .messages import BookError, Problem, msg, problem
from .money import format_amount
from .store.rows import dict_rows
from .clock import now_text
from .thaidate import format_short

FORMAT = 1
WORKBOOK_NAME = "backfill.xlsx"
BOOK_COPY_NAME = "book-copy.sqlite3"
MANIFEST_NAME = "manifest.json"
LATEST_NAME = "LATEST.txt"
PARTIAL_SUFFIX = ".partial"

# The steps of an export, as its progress callback names them, in Thai.
STAGES = {"copy": "คัดลอกและตรวจสมุด", "collect": "อ่านรายการ", "workbook": "สร้างแฟ้ม Excel",
          "registers": "พิมพ์ทะเบียน", "write": "เขียนลงแฟลชไดรฟ์", "read": "อ่านกลับและเทียบ"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ the file layer

class Writer:
    """Every file operation the export makes on the target medium. Tests subclass it to fail."""

    def mkdir(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=False)

    def write_bytes(self, path: Path, data) -> None:
        """Creates the file (never overwrites), writes, flushes and fsyncs it. ``data`` is bytes,
        or a file on this computer (``_Source``) copied a megabyte at a time."""
        with open(path, "xb") as f:
            if isinstance(data, (bytes, bytearray)):
                f.write(data)
            else:
                with open(data.path, "rb") as src:
                    for chunk in iter(lambda: src.read(1 << 20), b""):
                        f.write(chunk)
            f.flush()
            self.fsync(f.fileno())

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def fsync_dir(self, path: Path) -> None:
        """Makes a folder's entries (new names, renames) durable. Windows has no directory fsync."""
        if os.name == "nt":
            return
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def read_back(self, path: Path) -> str:
        """Reads a file again, a megabyte at a time, and returns its sha256; on Linux first asks the
        kernel to drop its cached pages, so the bytes come from the device where possible (not
        guaranteed; Windows reads the cache)."""
        h = hashlib.sha256()
        with open(path, "rb") as f:
            if hasattr(os, "posix_fadvise"):
                try:
                    os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
                except OSError:
                    pass
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()

    def rename(self, src: Path, dst: Path) -> None:
        if dst.exists():  # POSIX rename would replace an empty folder silently
            raise FileExistsError(errno.EEXIST, "exists", str(dst))
        os.rename(src, dst)

    def replace(self, src: Path, dst: Path) -> None:
        os.replace(src, dst)

    def remove_tree(self, path: Path) -> None:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


class _Mismatch(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


_STEP_THAI = {"mkdir": "สร้างโฟลเดอร์", "write": "เขียน", "fsync": "บันทึกลงแฟลชไดรฟ์", "read": "อ่านกลับ",
              "rename": "ตั้งชื่อโฟลเดอร์", "latest": "บันทึก", "clean": "ลบโฟลเดอร์ชั่วคราว"}


def _os_problem(exc: OSError, step: str, file: str, where: Path) -> Problem:
    code = exc.errno
    if getattr(exc, "winerror", None) in (32, 33):  # Windows: sharing/lock violation (antivirus, Explorer)
        return problem("in_use", where=where, file=file)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return problem("bundle_disk_full", where=where, file=file)
    if code in (errno.EACCES, errno.EROFS, errno.EPERM):
        return problem("read_only", where=where, file=file)
    if code in (errno.EIO, errno.ENODEV, errno.ENXIO, errno.ENOENT, getattr(errno, "ESHUTDOWN", -1)):
        return problem("io_error", where=where, step=_STEP_THAI.get(step, step), file=file, why=exc.strerror or exc)
    return problem("os_error", where=where, step=_STEP_THAI.get(step, step), file=file, why=exc.strerror or exc)


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
        lines = [f"เขียนชุดข้อมูลบันทึกย้อนหลัง {self.out_dir} แล้ว และอ่านกลับตรงทุกแฟ้ม: {self.entries:,} รายการ "
                 f"ตั้งแต่ {format_short(self.since)} ถึง {format_short(self.until)} ({self.files} แฟ้ม "
                 f"{self.bytes / 1_000_000:.1f} MB)"]
        if self.manifest.get("previous"):
            lines.append(f"รายการใหม่หลังชุดก่อน ({self.manifest['previous']['folder']}): {self.new_entries:,} รายการ")
        if self.new_before_previous:
            lines.append(f"คำเตือน: {self.new_before_previous:,} รายการใหม่ลงวันที่ที่ส่งออกไปแล้วในชุดก่อน "
                         "ดูช่อง \"ใหม่\" ในชีตลำดับการบันทึก")
        if self.registers == "missing":
            lines.append("คำเตือน: รุ่นนี้ยังพิมพ์ทะเบียน (PDF) ไม่ได้ ชุดข้อมูลจึงไม่มีทะเบียน")
        for e in self.register_errors + self.notes:
            lines.append("คำเตือน: " + e)
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


def _reporting_module():
    """The registers' module, written separately and loaded only when there (tests replace this)."""
    import importlib
    return importlib.import_module("manualbook.reporting")


class _Registers(bundle_registers.Registers):
    """The bundle's registers with this module's stand-in hook (tests) and its messages."""

    def __init__(self, snap, snap_path: Path, book_path: Path, data: BundleData, work: Path, progress=None):
        try:
            reporting = _reporting_module()
        except ModuleNotFoundError as exc:
            super().__init__(None, snap, snap_path, book_path, data, work, progress)
            self.status = ("missing", [], {}) if exc.name == "manualbook.reporting" else ("failed", [str(exc)], {})
            return
        super().__init__(reporting, snap, snap_path, book_path, data, work, progress)

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
                files[r.job.path] = _Source(r.source, r.sha256, r.size)
        counts = {"rendered": sum(1 for r in done if r.source and not r.reused),
                  "reused": sum(1 for r in done if r.reused)}
        return ("ok" if not errors else "incomplete"), errors, counts


@dataclass(frozen=True)
class _Source:
    """A file of the bundle that is on this computer's disk: written to the stick by streaming."""

    path: Path
    sha256: str
    size: int


def _file_source(path: Path) -> _Source:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return _Source(path, h.hexdigest(), path.stat().st_size)


def _digest(item) -> tuple[int, str]:
    return (item.size, item.sha256) if isinstance(item, _Source) else (len(item), sha256(item))


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
                created_at: str | None = None, work: Path | None = None) -> tuple[dict, dict, BundleData]:
    """Everything a bundle holds, plus the manifest (no writing to the target).

    With ``work`` (a folder the caller keeps until the bundle is written) the files stay on disk
    there, or beside the book for kept registers, and ``files`` maps each bundle path to a file
    to stream; without it they are read into memory (small books, tests)."""
    if work is None:
        with tempfile.TemporaryDirectory(prefix="manualbook-export-") as tmp:
            files, manifest, data = build_files(book, since, out_parent, progress, created_at, Path(tmp))
            return {p: f.path.read_bytes() if isinstance(f, _Source) else f for p, f in files.items()}, manifest, data
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
            data = collect(snap, since, previous, created_at)
            rendering = _Registers(snap, snap_path, book.path, data, work / ".registers", progress)
            try:
                if progress:
                    progress("workbook", 0, 1)
                workbook = work / ".workbook" / WORKBOOK_NAME
                workbook.parent.mkdir()
                write_workbook(data, workbook)  # while the registers render on the pool
                files = {WORKBOOK_NAME: _file_source(workbook)}
                registers, register_errors, counts = rendering.finish(files)
            finally:
                rendering.close()
        finally:
            snap.close()
        files[BOOK_COPY_NAME] = _file_source(snap_path)
    t = data.totals
    manifest = {
        "format": FORMAT, "org": data.org.name, "lao_code": data.org.lao_code,
        "since": data.since.isoformat(), "until": data.until.isoformat(), "entries": len(data.rows),
        "chain_head": data.chain_head,
        "totals": {"receipts": format_amount(t["receipts"]), "deposits": format_amount(t["deposits"]),
                   "withdrawals": format_amount(t["withdrawals"]), "payments": format_amount(t["payments"])},
        "files": [{"path": p, "size": _digest(f)[0], "sha256": _digest(f)[1]} for p, f in sorted(files.items())],
        # fields beyond the contract
        "book_uuid": data.org.book_uuid, "created_at": created_at, "max_seq": data.max_seq,
        "book_entries": data.book_entries, "payments_basis": "gross (amount before withholding tax)",
        "wht": format_amount(t["wht"]), "workbook": WORKBOOK_NAME, "book_copy": BOOK_COPY_NAME,
        "registers": registers, "register_errors": register_errors, "registers_reused": counts.get("reused", 0),
        "previous": data.previous, "new_entries": data.new_entries if data.previous else None,
        "new_before_previous": [r.entry.id for r in data.new_before_previous],
        "keyed_at_export": data.keyed_count,
    }
    return files, manifest, data


def export(book, out_dir: str | Path, since: dt.date | None = None, progress=None,
           writer: Writer | None = None) -> ExportResult:
    """Writes one complete, read-back bundle folder at ``out_dir`` (which must not exist)."""
    started = time.perf_counter()
    writer = writer or Writer()
    out_dir = Path(os.path.abspath(out_dir))
    parent = out_dir.parent
    if out_dir.exists():
        raise BookError(problem("out_exists", path=out_dir))
    from .edge import temp_errors
    with temp_errors(), tempfile.TemporaryDirectory(prefix="manualbook-export-") as tmp:
        files, manifest, data = build_files(book, since, parent, progress, work=Path(tmp))
        manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        _write_bundle(out_dir, files, manifest_bytes, manifest, writer, progress)
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
        files=len(files) + 1, bytes=sum(_digest(f)[0] for f in files.values()) + len(manifest_bytes),
        seconds=time.perf_counter() - started, notes=notes)


def _write_bundle(out_dir: Path, files: dict, manifest_bytes: bytes, manifest: dict,
                  writer: Writer, progress=None) -> None:
    parent = out_dir.parent
    partial = parent / f".{out_dir.name}{PARTIAL_SUFFIX}"
    latest_tmp = parent / f".{LATEST_NAME}.{out_dir.name}.tmp"
    step, current = "mkdir", str(parent)
    renamed = False
    try:
        if not parent.exists():
            writer.mkdir(parent)
        if partial.exists():  # left by an earlier export that failed: never a bundle
            step, current = "clean", partial.name
            writer.remove_tree(partial)
        step, current = "mkdir", partial.name
        writer.mkdir(partial)
        folders = {partial}
        total = len(files)
        for i, (rel, data) in enumerate(files.items()):
            target = partial / rel
            if target.parent not in folders:
                step, current = "mkdir", rel
                writer.mkdir(target.parent)
                folders.add(target.parent)
            step, current = "write", rel
            writer.write_bytes(target, data)
            if progress:
                progress("write", i + 1, total)
        step, current = "fsync", partial.name
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            writer.fsync_dir(folder)
        for i, (rel, data) in enumerate(files.items()):
            step, current = "read", rel
            if writer.read_back(partial / rel) != _digest(data)[1]:
                raise _Mismatch(partial / rel)
            if progress:
                progress("read", i + 1, total)
        step, current = "write", MANIFEST_NAME
        writer.write_bytes(partial / MANIFEST_NAME, manifest_bytes)
        step = "read"
        if writer.read_back(partial / MANIFEST_NAME) != sha256(manifest_bytes):
            raise _Mismatch(partial / MANIFEST_NAME)
        step, current = "fsync", partial.name
        writer.fsync_dir(partial)
        step, current = "rename", out_dir.name
        writer.rename(partial, out_dir)
        renamed = True
        writer.fsync_dir(parent)
        step, current = "latest", LATEST_NAME
        text = (f"{out_dir.name}\n# newest complete bundle / ชุดข้อมูลล่าสุดที่สมบูรณ์: since {manifest['since']} "
                f"until {manifest['until']} entries {manifest['entries']} chain_head {manifest['chain_head']} "
                f"created_at {manifest['created_at']}\n")
        if latest_tmp.exists():
            writer.remove_tree(latest_tmp)
        writer.write_bytes(latest_tmp, text.encode("utf-8"))
        writer.replace(latest_tmp, parent / LATEST_NAME)
    except (OSError, _Mismatch) as exc:
        problems = [_os_problem(exc, step, current, parent) if isinstance(exc, OSError)
                    else problem("readback_mismatch", file=current, where=parent)]
        problems += _roll_back(writer, partial, out_dir, latest_tmp, renamed)
        raise BookError(problems) from exc
    try:  # done: LATEST.txt names a complete bundle (old or new name, both complete, if this fails)
        writer.fsync_dir(parent)
    except OSError:
        pass


def _roll_back(writer: Writer, partial: Path, out_dir: Path, latest_tmp: Path, renamed: bool) -> list[Problem]:
    """Best effort: take away what this export wrote. Never touches other bundles or LATEST.txt."""
    notes: list[Problem] = []
    for path in (latest_tmp,):
        try:
            if path.exists():
                writer.remove_tree(path)
        except OSError:
            pass
    if renamed:
        try:
            writer.rename(out_dir, partial)
        except OSError:
            return [problem("complete_left", path=out_dir, latest=LATEST_NAME)]
    try:
        if partial.exists():
            writer.remove_tree(partial)
    except OSError:
        notes.append(problem("partial_left", path=partial))
    return [problem("export_failed")] + notes


# ------------------------------------------------------------------ verify a bundle

@dataclass(frozen=True)
class BundleCheck:
    ok: bool
    problems: tuple[Problem, ...]
    notes: tuple[str, ...] = ()
    manifest: dict | None = None

    def text(self) -> str:
        lines = [p.text() for p in self.problems]
        if self.ok and self.manifest:
            m = self.manifest
            lines.append(problem("bundle_ok", files=len(m["files"]), entries=m.get("entries"),
                            since=_short_iso(m.get("since")), until=_short_iso(m.get("until")),
                            head=chain.short(m.get("chain_head") or "")).message)
        return "\n".join(lines + list(self.notes))


def _short_iso(text) -> str:
    try:
        return format_short(dt.date.fromisoformat(text))
    except (TypeError, ValueError):
        return str(text)


def verify_bundle(folder: str | Path, book=None) -> BundleCheck:
    """Re-reads every file listed in manifest.json (size, sha256), then recomputes what the
    manifest says from the book copy and the workbook (bundle_check.py). With the live
    ``book``, the manifest must also be the one the book recorded writing."""
    from .bundle_check import check_contents

    folder = Path(folder)
    if not folder.is_dir():
        return BundleCheck(False, (problem("bundle_no_folder", path=folder),))
    if not (folder / MANIFEST_NAME).exists():
        return BundleCheck(False, (problem("bundle_no_manifest", path=folder),))
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        listed = manifest["files"]
        assert isinstance(listed, list) and all(isinstance(i, dict) for i in listed)
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as exc:
        return BundleCheck(False, (problem("bundle_bad_manifest", path=folder, why=exc),))
    problems: list[Problem] = []
    root = folder.resolve()
    verified: dict[str, bytes] = {}
    for item in listed:
        rel = str(item.get("path", ""))
        path = (folder / rel)
        if not rel or Path(rel).is_absolute() or root not in path.resolve().parents:
            problems.append(problem("bundle_path_bad", file=rel))
            continue
        if not path.is_file():
            problems.append(problem("bundle_missing", file=rel))
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(problem("bundle_unreadable", file=rel, why=exc.strerror or exc))
            continue
        if len(data) != item.get("size"):
            problems.append(problem("bundle_size", file=rel, got=len(data), want=item.get("size")))
        elif sha256(data) != item.get("sha256"):
            problems.append(problem("bundle_hash", file=rel))
        elif rel in (WORKBOOK_NAME, BOOK_COPY_NAME):
            verified[rel] = data
    listed_paths = {str(i.get("path")) for i in listed}
    try:
        reporting = _reporting_module()
    except ModuleNotFoundError:
        reporting = None
    problems += check_contents(folder, manifest, verified, listed_paths, reporting, book)
    listed_paths.add(MANIFEST_NAME)
    notes = tuple(problem("bundle_extra", file=p.relative_to(folder).as_posix()).message
                  for p in sorted(folder.rglob("*")) if p.is_file()
                  and p.relative_to(folder).as_posix() not in listed_paths)
    return BundleCheck(not problems, tuple(problems), notes, manifest)
