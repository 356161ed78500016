"""Automatic verified backups (issue 13, finding 9): after a day close a verified backup is listed."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from _support import has_thai, new_book, receipt
from manualbook import backups
from manualbook.backups import BackupInfo, keep_set, make_backup
from manualbook.book import Book
from manualbook.cli import main


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def path(tmp_path) -> Path:
    p = tmp_path / "office" / "book.sqlite3"
    p.parent.mkdir()
    b = new_book(p)
    for n in range(1, 4):
        b.add(receipt(book="1", number=str(n)))
    b.close()
    return p


def test_a_day_close_leaves_a_verified_backup_listed_as_the_contract_says(path, capsys):
    code, out, err = _run(capsys, "--db", path, "close-day", "1/7/2567")
    assert code == 0, err
    assert "สำรองสมุดแล้ว" in out
    code, out, _ = _run(capsys, "--db", path, "backups", "--json")
    assert code == 0
    listed = json.loads(out)
    assert len(listed) == 1
    item = listed[0]
    assert list(item) == ["path", "created", "entries", "head", "verified"]
    with Book.open(path, readonly=True) as b:
        head, count = b.chain_head()
    assert item["entries"] == count == 3 and item["head"] == head and item["verified"] is True
    backup = Path(item["path"])
    assert backup.parent == path.parent / "backups" and backup.exists()
    dt.datetime.fromisoformat(item["created"])
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # self-contained, opens read-only
    conn.close()
    with Book.open(backup, readonly=True) as copy:
        assert copy.verify().ok
    code, out, _ = _run(capsys, "--db", path, "backups")
    assert code == 0 and "ตรวจแล้ว" in out and backup.name in out


def test_a_missing_second_folder_is_a_warning_not_a_failed_close(path, tmp_path, capsys):
    stick = tmp_path / "E-drive"
    assert _run(capsys, "--db", path, "setting", "set", "backup_folder_2", stick)[0] == 0
    code, out, err = _run(capsys, "--db", path, "close-day", "1/7/2567")
    assert code == 0
    assert "คำเตือน" in err and str(stick) in err and has_thai(err)
    with Book.open(path) as b:
        assert b.closed_through() == dt.date(2024, 7, 1)
    stick.mkdir()
    with Book.open(path) as b:
        b.add(receipt(date="2/7/2567", book="1", number="4"))
        report = make_backup(b, "manual")
    assert not report.warnings
    assert [m.path.parent for m in report.made] == [path.parent / "backups", stick]
    copy = stick / report.made[0].path.name
    assert copy.read_bytes() == report.made[0].path.read_bytes()
    code, out, _ = _run(capsys, "--db", path, "backups", "--json")
    assert {Path(i["path"]).parent for i in json.loads(out)} == {path.parent / "backups", stick}


def test_a_backup_at_quit_is_skipped_when_nothing_changed(path):
    with Book.open(path) as b:
        first = make_backup(b, "quit", only_if_changed=True)
        again = make_backup(b, "quit", only_if_changed=True)
        b.add(receipt(book="1", number="9"))
        third = make_backup(b, "quit", only_if_changed=True)
    assert first.made and again.skipped and not again.made and third.made


def test_a_damaged_backup_is_listed_as_not_verified_and_never_counted_as_the_newest(path):
    with Book.open(path) as b:
        older = make_backup(b, "manual").made[0]
        side = older.path.with_name(older.path.name + ".json")
        data = json.loads(side.read_text())
        data["created"] = (dt.datetime.fromisoformat(data["created"]) - dt.timedelta(days=1)).isoformat()
        side.write_text(json.dumps(data))  # as if made yesterday
        b.add(receipt(book="1", number="10"))
        made = make_backup(b, "manual").made[0]
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    made.path.write_bytes(bytes(data))  # the newest backup went bad on the disk
    with Book.open(path) as b:
        listed = backups.book_backups(b)
        assert [(x.path, x.verified) for x in listed] == [(made.path, False), (older.path, True)]
        backups.rotate(made.path.parent, b.org().book_uuid)
    assert older.path.exists()  # the newest verified one is never rotated away


def _info(day: dt.datetime, verified=True) -> BackupInfo:
    return BackupInfo(Path(f"b-{day:%Y%m%d-%H%M%S}-close.sqlite3"), day.isoformat(), 1, "h", verified)


def test_rotation_keeps_14_daily_8_weekly_12_monthly_and_the_newest_verified():
    start = dt.datetime(2024, 1, 1, 17, 0)
    made = [_info(start + dt.timedelta(days=d, hours=h)) for d in range(400) for h in (0, 1)]
    newest_first = sorted(made, key=lambda b: b.created, reverse=True)
    keep = keep_set(newest_first)
    kept = sorted((b for b in made if b.path in keep), key=lambda b: b.created, reverse=True)
    days = {dt.datetime.fromisoformat(b.created).date() for b in kept}
    last = dt.datetime.fromisoformat(newest_first[0].created).date()
    assert {last - dt.timedelta(days=i) for i in range(14)} <= days  # the newest of each of the last 14 days
    weeks = {tuple(dt.datetime.fromisoformat(b.created).isocalendar()[:2]) for b in kept}
    months = {(dt.datetime.fromisoformat(b.created).year, dt.datetime.fromisoformat(b.created).month) for b in kept}
    assert len(months) == 12 and len(weeks) >= 8
    assert len(kept) <= 14 + 8 + 12
    assert newest_first[0].path in keep
    # each kept one is the newest of its day
    for b in kept:
        same_day = [x for x in made if x.created[:10] == b.created[:10]]
        assert b.created == max(x.created for x in same_day)


def test_the_newest_verified_backup_is_kept_even_when_newer_ones_are_damaged():
    start = dt.datetime(2023, 7, 1, 17, 0)
    good = _info(start)
    damaged = [_info(start + dt.timedelta(days=d), verified=False) for d in range(1, 500)]
    later = [_info(start + dt.timedelta(days=d)) for d in range(500, 900)]
    infos = sorted(damaged + later + [good], key=lambda b: b.created, reverse=True)
    assert good.path in keep_set(infos, newest_verified=good.path)
    assert later[-1].path in keep_set(infos)


def test_rotation_on_disk_removes_only_this_books_old_verified_backups(path):
    with Book.open(path) as b:
        first = make_backup(b, "manual").made[0]
    folder = first.path.parent
    data = json.loads((folder / (first.path.name + ".json")).read_text())
    for days in range(1, 40):  # older copies of the same book, one per day
        day = dt.datetime(2024, 5, 1, 17, 0) + dt.timedelta(days=days)
        name = folder / f"book-{day:%Y%m%d-%H%M%S}-close.sqlite3"
        name.write_bytes(first.path.read_bytes())
        (folder / (name.name + ".json")).write_text(json.dumps({**data, "created": day.astimezone().isoformat()}))
    stranger = folder / "other-20240501-170000-close.sqlite3"
    stranger.write_bytes(b"not ours")
    removed = backups.rotate(folder, data["book_uuid"])
    assert removed and first.path.exists() and stranger.exists()
    left = backups.list_backups(path, data["book_uuid"], [folder], check=False)
    assert len(left) <= 14 + 8 + 12


def test_restore_keeps_the_current_book_aside_even_when_it_is_damaged(path, capsys):
    with Book.open(path) as b:
        made = make_backup(b, "manual").made[0]
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\x00" * (4096 - 100)  # the schema page of the live book destroyed
    path.write_bytes(bytes(data))
    damaged = path.read_bytes()
    code, out, err = _run(capsys, "--db", path, "summary")
    assert code == 1 and has_thai(err) and "Traceback" not in err
    code, out, err = _run(capsys, "--db", path, "restore", made.path)
    assert code == 0, err
    aside = [p for p in path.parent.iterdir() if ".before-restore-" in p.name and p.suffix == ".sqlite3"]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert str(aside[0]) in out
    assert _run(capsys, "--db", path, "verify")[0] == 0


def test_a_backup_killed_half_way_leaves_nothing_named_a_backup(path):
    """A partial file from a killed backup is never listed, and an old one is cleaned up."""
    import os
    import time
    folder = path.parent / "backups"
    folder.mkdir()
    stale = folder / "book-20240101-170000-close.sqlite3.partial"
    stale.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    old = time.time() - 7200
    os.utime(stale, (old, old))
    with Book.open(path) as b:
        assert backups.book_backups(b) == []
        make_backup(b, "manual")
        assert [x.reason for x in backups.book_backups(b)] == ["manual"]
    assert not stale.exists()


def test_a_backup_folder_that_cannot_be_written_is_a_thai_warning_after_the_close(path, capsys):
    (path.parent / "backups").write_text("not a folder")  # mkdir fails as on a full or locked disk
    code, out, err = _run(capsys, "--db", path, "close-day", "1/7/2567")
    assert code == 0 and "คำเตือน" in err and "Traceback" not in err
    with Book.open(path) as b:
        assert b.closed_through() == dt.date(2024, 7, 1)
    code, out, err = _run(capsys, "--db", path, "backup")
    assert code == 1 and has_thai(err) and "backups" in err
