"""Damaged books and backups (issue 13, finding 6): byte flips and truncations, fuzzed with hypothesis.

``verify`` on a damaged book and ``restore`` from a damaged backup must end
with a Thai message and a non-zero status (or, when the damage hit unused
space, a clean verify), never a traceback, and must never modify the damaged
file. A longer run with counts: ``python bench/fuzz_damaged.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from _support import has_thai
from manualbook.cli import main
from manualbook.demo import build_demo


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """A demo office's book (WAL checkpointed) and a backup of it (rollback journal)."""
    folder = tmp_path_factory.mktemp("originals")
    book = folder / "book.sqlite3"
    build_demo(book)
    conn = sqlite3.connect(book)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    backup = folder / "backup.sqlite3"
    assert main(["--db", str(book), "backup", "--out", str(backup)]) == 0
    return {"book": book.read_bytes(), "backup": backup.read_bytes(), "live": book}


def damage(data: bytes, flips: list[tuple[int, int]], cut: float | None) -> bytes:
    out = bytearray(data)
    for where, value in flips:
        # half the flips land on page 1 (the header and the schema), the rest anywhere
        offset = where % 4096 if where % 2 else where % len(out)
        out[offset] = value
    if cut is not None:
        out = out[:int(len(out) * cut)]
    return bytes(out)


DAMAGE = dict(flips=st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 255)), min_size=1, max_size=6),
              cut=st.none() | st.floats(0.0, 0.999))


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])  # an exception here is the traceback a clerk would see
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(**DAMAGE)
def test_verify_on_a_damaged_book_speaks_thai_and_changes_nothing(originals, flips, cut):
    data = damage(originals["book"], flips, cut)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.sqlite3"
        path.write_bytes(data)
        code, out, err = run("--db", path, "verify")
        assert path.read_bytes() == data
        if code == 0:
            assert out.startswith("สมุดถูกต้อง")  # the damage hit unused space
        else:
            assert code == 1 and has_thai(err) and "Traceback" not in err


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(**DAMAGE)
def test_restore_from_a_damaged_backup_speaks_thai_and_keeps_both_files(originals, flips, cut):
    data = damage(originals["backup"], flips, cut)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "backup.sqlite3"
        src.write_bytes(data)
        live = tmp / "office" / "book.sqlite3"
        live.parent.mkdir()
        shutil.copy(originals["live"], live)
        live_before = hashlib.sha256(live.read_bytes()).hexdigest()
        code, out, err = run("--db", live, "restore", src)
        assert src.read_bytes() == data
        if code == 0:
            kept = [p for p in live.parent.iterdir() if ".before-restore-" in p.name and p.suffix == ".sqlite3"]
            assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in kept] == [live_before]
            assert run("--db", live, "verify")[0] == 0
        else:
            assert code == 1 and has_thai(err) and "Traceback" not in err
            assert hashlib.sha256(live.read_bytes()).hexdigest() == live_before
            assert not [p for p in live.parent.iterdir() if ".restoring" in p.name]
