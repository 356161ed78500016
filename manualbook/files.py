"""Writing a whole file or none of it.

The bytes go to ``NAME.partial`` beside the target, are flushed to the disk,
and only then take the target's name (``os.replace``), so a full disk or a
stick pulled out never leaves a half-written file under the real name.
Raises OSError; the caller turns it into a Thai message.
"""

from __future__ import annotations

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
