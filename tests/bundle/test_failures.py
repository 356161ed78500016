"""A full stick, a read-only stick, a stick pulled out: at every step of writing.

The writer is injected: it fails once, at one call, with one errno. Whatever
the step, the earlier bundle stays intact and verifiable, no complete folder
appears at the new name, LATEST.txt still names the earlier bundle, and the
message is Thai.
"""

from __future__ import annotations

import errno
import hashlib
import json
from pathlib import Path

import pytest

from manualbook.bundle import build_files, export
from manualbook.bundle_verify import verify_bundle
from manualbook.bundle_write import LATEST_NAME, Writer, write_bundle
from manualbook.messages import BookError

THAI_BY_ERRNO = {errno.ENOSPC: "เต็ม", errno.EACCES: "ป้องกันการเขียน", errno.EIO: "ถูกถอดออก",
                 errno.EROFS: "ป้องกันการเขียน"}
STEPS = ("mkdir", "write_bytes", "fsync", "fsync_dir", "read_back", "rename", "replace")


class Recorder(Writer):
    def __init__(self):
        self.calls: list[str] = []

    def __getattribute__(self, name):
        attr = object.__getattribute__(self, name)
        if name in STEPS:
            def wrapped(*a, **kw):
                object.__getattribute__(self, "calls").append(name)
                return attr(*a, **kw)
            return wrapped
        return attr


class Failing(Writer):
    """Fails the n-th call of ``method`` with ``code``; with ``dead=True`` every later call fails too
    (the stick was pulled out)."""

    def __init__(self, method: str, n: int, code: int, dead: bool = False):
        self.method, self.n, self.code, self.dead = method, n, code, dead
        self.count = 0
        self.failed = False

    def _maybe_fail(self, name: str, path=""):
        if self.failed and self.dead:
            raise OSError(errno.EIO, "Input/output error", str(path))
        if name == self.method:
            self.count += 1
            if self.count == self.n:
                self.failed = True
                raise OSError(self.code, "injected", str(path))

    def mkdir(self, path):
        self._maybe_fail("mkdir", path)
        return super().mkdir(path)

    def write_bytes(self, path, data):
        self._maybe_fail("write_bytes", path)
        return super().write_bytes(path, data)

    def fsync(self, fd):
        self._maybe_fail("fsync")
        return super().fsync(fd)

    def fsync_dir(self, path):
        self._maybe_fail("fsync_dir", path)
        return super().fsync_dir(path)

    def read_back(self, path):
        self._maybe_fail("read_back", path)
        return super().read_back(path)

    def rename(self, src, dst):
        self._maybe_fail("rename", dst)
        return super().rename(src, dst)

    def replace(self, src, dst):
        self._maybe_fail("replace", dst)
        return super().replace(src, dst)

    def remove_tree(self, path):
        self._maybe_fail("remove_tree", path)
        return super().remove_tree(path)


class Corrupting(Writer):
    """The stick hands back different bytes than were written (a failing flash chip)."""

    def __init__(self, n: int):
        self.n, self.count = n, 0

    def read_back(self, path):
        digest = super().read_back(path)  # what the stick hands back, as its sha256
        self.count += 1
        return digest[:-1] + ("0" if digest[-1] != "0" else "1") if self.count == self.n else digest


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def prepared(book, stick):
    export(book, stick / "b1")
    before = _snapshot(stick / "b1")
    files, manifest, _ = build_files(book, None, stick)
    manifest_bytes = json.dumps(manifest, ensure_ascii=False).encode()
    rec = Recorder()
    write_bundle(stick / "probe", files, manifest_bytes, manifest, rec)
    import shutil
    shutil.rmtree(stick / "probe")
    (stick / LATEST_NAME).write_text("b1\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for name in rec.calls:
        counts[name] = counts.get(name, 0) + 1
    return stick, before, files, manifest, manifest_bytes, counts


def _assert_safe(stick: Path, before: dict, new: str = "b2", full: bool = True):
    assert _snapshot(stick / "b1") == before
    if full:
        assert verify_bundle(stick / "b1").ok
    assert not (stick / new).exists()
    assert (stick / LATEST_NAME).read_text(encoding="utf-8").splitlines()[0] == "b1"
    leftovers = [p.name for p in stick.iterdir() if p.name not in ("b1", LATEST_NAME)]
    assert leftovers == [], leftovers


def test_every_step_every_errno(prepared):
    stick, before, files, manifest, manifest_bytes, counts = prepared
    assert set(counts) == set(STEPS), counts
    tried = 0
    for method, total in counts.items():
        for n in range(1, total + 1):
            for code in (errno.ENOSPC, errno.EACCES, errno.EIO):
                if method == "fsync_dir" and n == total:
                    # after LATEST.txt was replaced the bundle is complete: a failing final folder
                    # flush is not an error (LATEST names a complete bundle either way)
                    write_bundle(stick / "b2", files, manifest_bytes, manifest, Failing(method, n, code))
                    assert (stick / LATEST_NAME).read_text(encoding="utf-8").startswith("b2\n")
                    import shutil
                    shutil.rmtree(stick / "b2")
                    (stick / LATEST_NAME).write_text("b1\n", encoding="utf-8")
                    continue
                with pytest.raises(BookError) as info:
                    write_bundle(stick / "b2", files, manifest_bytes, manifest, Failing(method, n, code))
                text = info.value.text()
                assert THAI_BY_ERRNO[code] in text, (method, n, text)
                assert "ไม่สมบูรณ์" in text
                _assert_safe(stick, before, full=False)
                tried += 1
    assert tried > 50
    assert verify_bundle(stick / "b1").ok


@pytest.mark.parametrize("method", ["write_bytes", "read_back", "rename", "replace"])
def test_stick_pulled_out_cleanup_fails_too(prepared, method):
    """After the failure every call fails (EIO): the partial folder may stay, but it is never
    named as the bundle and LATEST.txt is untouched."""
    stick, before, files, manifest, manifest_bytes, counts = prepared
    with pytest.raises(BookError) as info:
        write_bundle(stick / "b2", files, manifest_bytes, manifest, Failing(method, 1, errno.EIO, dead=True))
    text = info.value.text()
    assert "ถูกถอดออก" in text
    assert (stick / LATEST_NAME).read_text(encoding="utf-8").splitlines()[0] == "b1"
    assert _snapshot(stick / "b1") == before
    if (stick / "b2").exists():  # renamed, then LATEST failed and so did the rollback: complete and verified
        assert method == "replace"
        assert verify_bundle(stick / "b2").ok
        assert "ยังไม่ถูกทำเครื่องหมายว่าเป็นชุดล่าสุด" in text
    partial = stick / ".b2.partial"
    if partial.exists():
        assert not (partial / "manifest.json").exists() or method in ("rename", "replace")
        assert "ลบโฟลเดอร์ชั่วคราว" in text or method in ("rename", "replace")


@pytest.mark.parametrize("n", [1, 2, 3])
def test_read_back_mismatch(prepared, n):
    stick, before, files, manifest, manifest_bytes, counts = prepared
    with pytest.raises(BookError, match="ไม่ตรงกับที่เขียน"):
        write_bundle(stick / "b2", files, manifest_bytes, manifest, Corrupting(n))
    _assert_safe(stick, before)


@pytest.mark.parametrize("method,n,code", [("write_bytes", 2, errno.ENOSPC), ("mkdir", 1, errno.EROFS),
                                           ("read_back", 1, errno.EIO), ("rename", 1, errno.EIO)])
def test_export_end_to_end_failure(book, stick, method, n, code):
    export(book, stick / "b1")
    before = _snapshot(stick / "b1")
    with pytest.raises(BookError) as info:
        export(book, stick / "b2", writer=Failing(method, n, code))
    assert THAI_BY_ERRNO[code] in info.value.text()
    _assert_safe(stick, before)
    # and the next export on a healthy stick works and becomes the latest
    export(book, stick / "b2")
    assert (stick / LATEST_NAME).read_text(encoding="utf-8").splitlines()[0] == "b2"


def test_leftover_partial_from_a_crash_is_replaced(book, stick):
    (stick / ".b1.partial").mkdir()
    (stick / ".b1.partial" / "backfill.xlsx").write_bytes(b"half")
    export(book, stick / "b1")
    assert verify_bundle(stick / "b1").ok
    assert not (stick / ".b1.partial").exists()
