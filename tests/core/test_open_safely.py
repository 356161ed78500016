"""Never write into a file that is not ours (issue 13, finding 6) and notice a damaged WAL (finding 3).

Each file is refused with a Thai message and a non-zero status, and is left
byte-identical: no schema written, no switch to WAL, no -wal file made.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from _support import has_thai, new_book, receipt
from manualbook.book import Book
from manualbook.cli import main
from manualbook.messages import BookError
from manualbook.store import ack, db as store_db

COMMANDS = (["verify"], ["summary"], ["entries"], ["backups"], ["close-day", "1/7/2567"],
            ["setting", "set", "clerk", "x"], ["init", "--org", "x", "--start", "1/7/2567"])


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def _run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.err + out.out


def _foreign(path: Path, wal: bool = False) -> Path:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('สมชาย', '081')")
    conn.commit()
    conn.close()
    return path


@pytest.fixture(params=["zero", "foreign", "foreign_wal", "not_sqlite", "damaged_header", "damaged_schema"])
def not_ours(request, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "book.sqlite3"
    kind = request.param
    if kind == "zero":
        path.write_bytes(b"")
    elif kind == "foreign":
        _foreign(path)
    elif kind == "foreign_wal":
        _foreign(path, wal=True)
    elif kind == "not_sqlite":
        path.write_bytes("วันที่,จำนวนเงิน\n1/7/2567,100\n".encode() * 50)
    else:
        b = new_book(path)
        b.add(receipt())
        b.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        b.close()
        data = bytearray(path.read_bytes())
        if kind == "damaged_header":
            data[16:18] = b"\x00\x03"  # page size 3: not a valid database header
        else:
            data[100 + 8:100 + 12] = b"\xff\xff\xff\xff"  # page 1 (the schema) broken
        path.write_bytes(bytes(data))
        for p in folder.iterdir():
            if p != path:
                p.unlink()
    return kind, path


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
def test_a_file_that_is_not_ours_is_refused_and_left_untouched(not_ours, argv, capsys):
    kind, path = not_ours
    before = _digests(path.parent)
    code, text = _run(capsys, "--db", path, *argv)
    assert code != 0, text
    assert has_thai(text) and "Traceback" not in text
    assert "ไม่ได้เขียนอะไรลงแฟ้มนี้" in text, text
    assert _digests(path.parent) == before  # byte-identical, and no -wal or -shm appeared
    if kind.startswith("foreign"):
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == ("wal" if kind == "foreign_wal" else "delete")
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["contacts"]
        conn.close()


def test_restore_refuses_a_file_that_is_not_ours_and_keeps_the_book(not_ours, tmp_path, capsys):
    _, bad = not_ours
    book = tmp_path / "real.sqlite3"
    new_book(book).close()
    before_bad, before_book = bad.read_bytes(), book.read_bytes()
    code, text = _run(capsys, "--db", book, "restore", bad)
    assert code != 0 and has_thai(text) and "Traceback" not in text
    assert bad.read_bytes() == before_bad and book.read_bytes() == before_book


# ------------------------------------------------------------------ read-only media

def test_a_book_that_cannot_be_written_opens_read_only(tmp_path, monkeypatch, capsys):
    path = tmp_path / "b.sqlite3"
    b = new_book(path)
    b.add(receipt())
    b.close()
    monkeypatch.setattr(store_db, "writable", lambda p: False)  # as on a write-protected stick
    with Book.open(path) as book:
        assert book.readonly
        assert book.summary().entries == 1
        assert book.verify().ok
        with pytest.raises(BookError) as exc:
            book.add(receipt(book="1", number="2"))
        assert exc.value.code == "book_readonly" and "อ่านอย่างเดียว" in exc.value.text()
    code, text = _run(capsys, "--db", path, "setting", "set", "clerk", "x")
    assert code == 1 and "อ่านอย่างเดียว" in text
    assert _run(capsys, "--db", path, "verify")[0] == 0
    out = tmp_path / "daily.pdf"
    assert _run(capsys, "--db", path, "report", "daily-status", "--date", "1/7/2567", "--out", out)[0] == 0
    assert out.read_bytes().startswith(b"%PDF")


def _can_mount_read_only() -> bool:
    if sys.platform != "linux" or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_read_only(), reason="needs a private read-only mount (unshare)")
def test_a_book_on_a_really_read_only_filesystem(tmp_path):
    """The same on a real read-only mount: SQLite cannot make -wal/-shm there."""
    src = tmp_path / "src"
    src.mkdir()
    b = new_book(src / "b.sqlite3")
    b.add(receipt())
    b.close()
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    py = sys.executable
    script = (f"mount --bind {src} {mnt} && mount -o remount,bind,ro {mnt} && "
              f"{py} -m manualbook.cli --db {mnt}/b.sqlite3 verify && "
              f"{py} -m manualbook.cli --db {mnt}/b.sqlite3 summary --json && "
              f"{{ {py} -m manualbook.cli --db {mnt}/b.sqlite3 setting set clerk x; echo status=$?; }}")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env,
                          timeout=120)
    assert "สมุดถูกต้อง" in proc.stdout, proc.stdout + proc.stderr
    assert '"entries": 1' in proc.stdout
    assert "status=1" in proc.stdout and "อ่านอย่างเดียว" in proc.stderr
    assert "Traceback" not in proc.stderr


# ------------------------------------------------------------------ a damaged WAL

def _crash_copy(book: Book, dest: Path) -> Path:
    """The files as a power cut leaves them: the book, its -wal (not checkpointed) and the side record."""
    dest.mkdir()
    for p in book.path.parent.iterdir():
        if p.name.startswith(book.path.name):
            shutil.copy(p, dest / p.name)
    if (book.path.parent / "backups").exists():
        shutil.copytree(book.path.parent / "backups", dest / "backups")
    return dest / book.path.name


def _damage_wal(path: Path, frame: int) -> None:
    wal = path.with_name(path.name + "-wal")
    data = bytearray(wal.read_bytes())
    page = int.from_bytes(data[8:12], "big")
    data[32 + (24 + page) * frame + 24 + 200] ^= 0xFF
    wal.write_bytes(bytes(data))


def test_entries_lost_to_a_damaged_wal_are_noticed_and_every_file_kept(tmp_path, capsys):
    from manualbook.backups import make_backup
    (tmp_path / "live").mkdir()
    b = new_book(tmp_path / "live" / "b.sqlite3")
    for n in range(1, 4):
        b.add(receipt(book="1", number=str(n)))
    b.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for n in range(4, 9):
        b.add(receipt(book="1", number=str(n)))
    full_backup = make_backup(b, "manual").made[0]  # a backup that has all 8 (the book stays open)
    for n in range(9, 12):
        b.add(receipt(book="1", number=str(n)))
    crashed = _crash_copy(b, tmp_path / "crash")
    b.close()
    _damage_wal(crashed, frame=1)
    before = _digests(crashed.parent)
    code, text = _run(capsys, "--db", crashed, "summary")
    assert code == 1 and "Traceback" not in text
    assert "ลำดับที่ 11" in text and "ไม่เปิดสมุดนี้" in text, text
    assert full_backup.path.name in text or "ไม่มีแฟ้มสำรองที่มีรายการครบ" in text
    after = _digests(crashed.parent)
    for name in (crashed.name, crashed.name + "-wal", crashed.name + ".ack"):
        assert after[name] == before[name], name  # the -shm index may be rebuilt; the data never
    assert _run(capsys, "--db", crashed, "verify")[0] == 1


def test_the_backup_that_still_has_the_entries_is_named(tmp_path, capsys):
    from manualbook.backups import make_backup
    (tmp_path / "live").mkdir()
    b = new_book(tmp_path / "live" / "b.sqlite3")
    for n in range(1, 4):
        b.add(receipt(book="1", number=str(n)))
    b.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for n in range(4, 7):
        b.add(receipt(book="1", number=str(n)))
    backup = make_backup(b, "manual").made[0]
    crashed = _crash_copy(b, tmp_path / "crash")
    b.close()
    _damage_wal(crashed, frame=0)
    code, text = _run(capsys, "--db", crashed, "summary")
    assert code == 1
    assert backup.path.name in text and "manualbook restore" in text, text
    # restoring it is the way out; the damaged set is kept aside
    code, text = _run(capsys, "--db", crashed, "restore", crashed.parent / "backups" / backup.path.name)
    assert code == 0, text
    assert _run(capsys, "--db", crashed, "verify")[0] == 0
    kept = [p.name for p in crashed.parent.iterdir() if ".before-restore-" in p.name]
    assert any(n.endswith(".sqlite3") for n in kept) and any(n.endswith("-wal") for n in kept), kept


def test_a_book_replaced_by_an_older_copy_is_refused_until_restored_on_purpose(tmp_path, capsys):
    path = tmp_path / "b.sqlite3"
    b = new_book(path)
    b.add(receipt(book="1", number="1"))
    b.close()
    old = tmp_path / "old-copy.sqlite3"
    shutil.copy(path, old)
    with Book.open(path) as b:
        b.add(receipt(book="1", number="2"))
    shutil.copy(old, path)  # someone copies an older file over the book
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    code, text = _run(capsys, "--db", path, "summary")
    assert code == 1 and "ลำดับที่ 2" in text and ack.ack_path(path).name in text
    assert _run(capsys, "--db", path, "restore", old)[0] == 0  # on purpose: allowed, the file is kept aside
    assert _run(capsys, "--db", path, "summary")[0] == 0
