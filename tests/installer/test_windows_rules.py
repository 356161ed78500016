"""Rules of Windows that Linux does not enforce, simulated so the tests here catch them.

Found by running the installed program under Wine (installer/smoke_wine.py):
every backup failed with "Permission denied" because the file was fsynced
through a read-only descriptor, which Windows' FlushFileBuffers refuses.
"""

from __future__ import annotations

import fcntl
import os
import stat

import pytest

from manualbook import backup, backups


@pytest.fixture
def windows_fsync(monkeypatch):
    """os.fsync of a file as Windows has it: a descriptor without write access is refused.
    (Folders are left alone: Windows has no folder fsync, and the code skips it there.)"""
    real = os.fsync

    def fsync(fd):
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
        if regular and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise PermissionError(13, "Permission denied")
        return real(fd)
    monkeypatch.setattr(os, "fsync", fsync)


def test_backup_module_fsync_works_under_windows_rules(tmp_path, windows_fsync):
    f = tmp_path / "x.sqlite3"
    f.write_bytes(b"x")
    backup._fsync(f)  # raised PermissionError before the fix


def test_a_backup_and_the_automatic_one_work_under_windows_rules(tmp_path, windows_fsync):
    from manualbook.book import Book
    import datetime as dt
    path = tmp_path / "book.sqlite3"
    Book.create(path, "อบต.ทดสอบ", dt.date(2024, 7, 1), cash=1_000_00, lao_code="1234567", clerk="ผู้ทดสอบ").close()
    backup.backup(path, tmp_path / "copy.sqlite3")
    assert (tmp_path / "copy.sqlite3").exists()
    with Book.open(path) as book:
        report = backups.make_backup(book, "manual")
    assert report.made and report.made[0].path.exists() and report.made[0].verified
