"""Issue 13, finding 6: every command catches its errors at the edge and says in Thai what to do.

A full disk is made for real: the child process gets a file-size limit
(RLIMIT_FSIZE), so its writes past that size fail as they would on a full
stick, while reading the book is untouched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from _support import has_thai, receipt, run_cli, write_csv
from manualbook import cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")


def _limited(args: list[str], limit: int, env: dict | None = None) -> subprocess.CompletedProcess:
    code = textwrap.dedent(f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        from manualbook.cli import main
        sys.exit(main({[str(a) for a in args]!r}))
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}, timeout=120)


@pytest.fixture
def filled(book, tmp_path):
    book.import_file(write_csv(tmp_path / "e.csv", [receipt(book="1", number=str(i + 1), party="ผู้ชำระ" * 10)
                                                    for i in range(400)]))
    book.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert book.path.stat().st_size > 100_000
    return book


def _unshare_ok() -> bool:
    try:
        return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"],
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _on_small_disk(mount: Path, size_kb: int, args: list, env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs the command line with ``mount`` a tmpfs of ``size_kb`` (its own mount namespace): a real ENOSPC."""
    mount.mkdir(parents=True, exist_ok=True)
    cmd = " ".join(["mount -t tmpfs -o size=%dk tmpfs %s &&" % (size_kb, mount), "exec", sys.executable,
                    "-m", "manualbook.cli"] + [f"'{a}'" for a in map(str, args)])
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", cmd], capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, **(env or {})}, timeout=120)


needs_unshare = pytest.mark.skipif(not _unshare_ok(), reason="no user namespaces to mount a small disk")


@needs_unshare
def test_backup_to_a_full_disk_names_the_target_not_the_book(filled, tmp_path):
    stick = tmp_path / "stick"
    proc = _on_small_disk(stick, 64, ["--db", filled.path, "backup", "--out", stick / "copy.sqlite3"])
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and has_thai(proc.stderr)
    assert "เต็ม" in proc.stderr and str(stick) in proc.stderr, proc.stderr
    assert "ไม่ใช่สมุด" not in proc.stderr  # the source book is fine and must not be blamed
    assert run_cli("verify", db=filled.path).returncode == 0


def test_backup_of_a_file_too_large_for_its_disk_names_the_target(filled, tmp_path):
    out = tmp_path / "fat32" / "copy.sqlite3"
    out.parent.mkdir()
    proc = _limited(["--db", filled.path, "backup", "--out", out], limit=40_000)  # EFBIG, as FAT32 over 4 GB
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert str(out.parent) in proc.stderr and "เต็ม" in proc.stderr and "ไม่ใช่สมุด" not in proc.stderr
    assert not out.exists() and not list(out.parent.iterdir())


@needs_unshare
def test_export_with_a_full_temp_folder_says_temp(filled, tmp_path):
    temp = tmp_path / "temp"
    out = tmp_path / "stick" / "bundle"
    proc = _on_small_disk(temp, 64, ["--db", filled.path, "export", "--out", out], env={"TMPDIR": str(temp)})
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "TEMP" in proc.stderr and str(temp) in proc.stderr, proc.stderr
    assert not out.exists()


def test_an_unexpected_error_is_thai_with_a_log_file_for_support(book, monkeypatch, tmp_path, capsys):
    import platformdirs

    def boom(args):
        raise ValueError("boom from a bug")
    monkeypatch.setattr(cli.entries, "cmd_summary", boom)
    monkeypatch.setattr(platformdirs, "user_log_dir", lambda *a, **k: str(tmp_path / "logs"))
    assert cli.main(["--db", str(book.path), "summary"]) == 1
    err = capsys.readouterr().err
    assert "ไม่คาดไว้" in err and "ValueError" in err and "Traceback" not in err
    logs = list((tmp_path / "logs").glob("error-*.txt"))
    assert logs and "boom from a bug" in logs[0].read_text(encoding="utf-8")


def test_a_closed_pipe_ends_the_listing_quietly(book, tmp_path):
    book.import_file(write_csv(tmp_path / "e.csv", [receipt(book="1", number=str(i + 1)) for i in range(3000)]))
    proc = subprocess.Popen([sys.executable, "-m", "manualbook.cli", "--db", str(book.path), "entries", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode("utf-8")
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_database_busy_and_integrity_errors_are_never_raw(book):
    import sqlite3

    from manualbook.edge import problem_for
    busy = sqlite3.OperationalError("database is locked")
    assert "กำลังถูกใช้" in problem_for(busy, book.path).text()
    full = sqlite3.OperationalError("database or disk is full")
    assert "เต็ม" in problem_for(full, book.path).text()
    assert has_thai(problem_for(OSError(28, "No space left on device", "/media/stick/x"), None).text())


def test_the_message_catalogue_names_each_message_once():
    """A key written twice in the dict literal silently keeps only the last text."""
    import collections
    import re
    from pathlib import Path

    from manualbook import messages
    keys = re.findall(r'^\s+"([a-z0-9_]+)":', Path(messages.__file__).read_text(encoding="utf-8"), re.M)
    assert [k for k, n in collections.Counter(keys).items() if n > 1] == []
