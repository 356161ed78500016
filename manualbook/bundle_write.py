"""Writing a bundle folder safely, and the names of its files.

The files go under a temporary sibling folder ``.NAME.partial``, each
flushed and fsynced with the folders; every file is read back and its
sha256 compared with what was written; ``manifest.json`` is written last
(and read back); then the folder is renamed to NAME and ``LATEST.txt`` in
the parent replaced (a temporary file, then ``os.replace``). Any failure
(full stick, read-only stick, stick pulled out) gives a Thai message; the
partial folder is removed if the stick still answers, earlier bundles are
never touched, and nothing incomplete is ever named complete.

All file writing goes through a ``Writer`` so tests can inject failures at
every step.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .files import file_digest
from .messages import CATALOGUE, BookError, Problem, problem

FORMAT = 1
WORKBOOK_NAME = "backfill.xlsx"
BOOK_COPY_NAME = "book-copy.sqlite3"
MANIFEST_NAME = "manifest.json"
LATEST_NAME = "LATEST.txt"
PARTIAL_SUFFIX = ".partial"

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ the file layer

class Writer:
    """Every file operation the export makes on the target medium. Tests subclass it to fail."""

    def mkdir(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=False)

    def write_bytes(self, path: Path, data) -> None:
        """Creates the file (never overwrites), writes, flushes and fsyncs it. ``data`` is bytes,
        or a file on this computer (``Source``) copied a megabyte at a time."""
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


_STEP_THAI = {k: CATALOGUE[f"step_{k}"] for k in ("mkdir", "write", "fsync", "read", "rename", "latest", "clean")}


def os_problem(exc: OSError, step: str, file: str, where: Path) -> Problem:
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


@dataclass(frozen=True)
class Source:
    """A file of the bundle that is on this computer's disk: written to the stick by streaming."""

    path: Path
    sha256: str
    size: int


def file_source(path: Path) -> Source:
    digest, size = file_digest(path)
    return Source(path, digest, size)


def digest(item) -> tuple[int, str]:
    return (item.size, item.sha256) if isinstance(item, Source) else (len(item), sha256(item))


def write_bundle(out_dir: Path, files: dict, manifest_bytes: bytes, manifest: dict,
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
            if writer.read_back(partial / rel) != digest(data)[1]:
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
        problems = [os_problem(exc, step, current, parent) if isinstance(exc, OSError)
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
