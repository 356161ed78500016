"""Writing a whole file or none of it.

The bytes go to ``NAME.partial`` beside the target, are flushed to the disk,
and only then take the target's name (``os.replace``), so a full disk or a
stick pulled out never leaves a half-written file under the real name.
Raises OSError; the caller turns it into a Thai message.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PARTIAL_SUFFIX = ".partial"


def write_whole(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    tmp = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def file_digest(path: str | Path, copy_to: str | Path | None = None) -> tuple[str, int]:
    """(sha256, size) of a file read a megabyte at a time, never held whole; with ``copy_to``,
    the bytes hashed are written there as they are read (what is checked next is what was hashed)."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        out = open(copy_to, "wb") if copy_to is not None else None
        try:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
                if out is not None:
                    out.write(chunk)
        finally:
            if out is not None:
                out.close()
    return digest.hexdigest(), size


def file_sha256(path: str | Path) -> str:
    return file_digest(path)[0]


def user_cache_folder() -> Path:
    """This computer user's cache folder for the program (platformdirs; ``MANUALBOOK_CACHE_DIR`` overrides)."""
    folder = os.environ.get("MANUALBOOK_CACHE_DIR")
    if not folder:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("manualbook", appauthor=False)
    return Path(folder)
