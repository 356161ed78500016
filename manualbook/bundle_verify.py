"""Verifying a bundle folder: ``verify_bundle(dir)`` re-reads every file listed
in ``manifest.json`` (size, sha256; a megabyte at a time), then recomputes what
the manifest says from the book copy and the workbook (``bundle_check.py``),
reading the temporary copies that were hashed."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import chain
from .bundle_write import BOOK_COPY_NAME, MANIFEST_NAME, WORKBOOK_NAME
from .files import file_digest
from .messages import Problem, problem
from .thaidate import format_short


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
            lines.append(problem("bundle_ok", files=len(m["files"]), entries=_count(m.get("entries")),
                            since=_short_iso(m.get("since")), until=_short_iso(m.get("until")),
                            head=chain.short(m.get("chain_head") or "")).message)
        return "\n".join(lines + list(self.notes))


def _count(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)  # Thai style, 100,042 รายการ


def _short_iso(text) -> str:
    try:
        return format_short(dt.date.fromisoformat(text))
    except (TypeError, ValueError):
        return str(text)


def verify_bundle(folder: str | Path, book=None, reporting=None) -> BundleCheck:
    """Re-reads every file listed in manifest.json (size, sha256), then recomputes what the
    manifest says from the book copy and the workbook (bundle_check.py). With the live
    ``book``, the manifest must also be the one the book recorded writing. ``reporting``
    is the registers' module (the real one unless a test passes a stand-in)."""
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
    with tempfile.TemporaryDirectory(prefix="manualbook-verify-") as tmp:
        verified: dict[str, Path] = {}
        for item in listed:
            rel = str(item.get("path", ""))
            path = (folder / rel)
            if not rel or Path(rel).is_absolute() or root not in path.resolve().parents:
                problems.append(problem("bundle_path_bad", file=rel))
                continue
            if not path.is_file():
                problems.append(problem("bundle_missing", file=rel))
                continue
            keep = Path(tmp) / f"{len(verified)}-{Path(rel).name}" if rel in (WORKBOOK_NAME, BOOK_COPY_NAME) else None
            try:
                digest, size = file_digest(path, copy_to=keep)
            except OSError as exc:
                problems.append(problem("bundle_unreadable", file=rel, why=exc.strerror or exc))
                continue
            if size != item.get("size"):
                problems.append(problem("bundle_size", file=rel, got=size, want=item.get("size")))
            elif digest != item.get("sha256"):
                problems.append(problem("bundle_hash", file=rel))
            elif keep is not None:
                verified[rel] = keep  # what was hashed is what is read next
        listed_paths = {str(i.get("path")) for i in listed}
        if reporting is None:
            from .bundle import registers_module
            reporting = registers_module()
        problems += check_contents(folder, manifest, verified, listed_paths, reporting, book)
    listed_paths.add(MANIFEST_NAME)
    notes = tuple(problem("bundle_extra", file=p.relative_to(folder).as_posix()).message
                  for p in sorted(folder.rglob("*")) if p.is_file()
                  and p.relative_to(folder).as_posix() not in listed_paths)
    return BundleCheck(not problems, tuple(problems), notes, manifest)
