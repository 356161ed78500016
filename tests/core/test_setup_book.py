"""Setting a book up and changing its setup: each all or nothing, under the core's rules."""

from __future__ import annotations

import datetime as dt

import pytest
from _support import START, table_counts

from manualbook.book import Book
from manualbook.messages import BookError
from manualbook.setup_book import SetupValues, create_book, load_setup, save_setup


def values(**kw) -> SetupValues:
    v = SetupValues(name="อบต.บ้านใหม่", lao_code="6123456", start=START, since=START, cash=1_000_00,
                    accounts=[{"bank": "ออมสิน", "number": "0201-2345-6789", "opening": 25_000_50},
                              {"bank": "กรุงไทย", "number": "111-1-16789-0", "opening": 0, "branch": "เมือง"}],
                    people={"clerk": "นางสาวสมศรี ใจดี", "clerk_title": "นักวิชาการเงินและบัญชี",
                            "committee_1": "นายหนึ่ง", "palad": ""})
    for k, x in kw.items():
        setattr(v, k, x)
    return v


def test_the_setup_is_written_with_its_accounts_and_people(tmp_path):
    with create_book(tmp_path / "new.sqlite3", values()) as book:
        assert book.org().name == "อบต.บ้านใหม่" and book.org().lao_code == "6123456"
        assert [(a.key, a.bank) for a in book.accounts()] == [("ACC6789", "ออมสิน"), ("ACC7890", "กรุงไทย")]
        assert book.summary(START).balances.account("ACC6789") == 25_000_50
        assert book.summary(START).balances.cash == 1_000_00
        assert book.setting("clerk") == "นางสาวสมศรี ใจดี"
        assert book.setting("clerk_title") == "นักวิชาการเงินและบัญชี"
        assert book.setting("committee_1") == "นายหนึ่ง"
        assert book.setting("palad") is None  # left empty: nothing recorded
        assert book.db.conn.execute("SELECT count(*) FROM settings WHERE key = 'clerk_title'").fetchone()[0] == 1


def test_a_failure_half_way_writes_nothing_and_the_setup_can_be_retried(tmp_path, monkeypatch):
    path = tmp_path / "new.sqlite3"
    calls = []
    real = Book.set_setting

    def failing(self, key, value, effective=None):  # the accounts are in; the disk fails on the people
        calls.append(key)
        raise OSError("disk I/O error")
    monkeypatch.setattr(Book, "set_setting", failing)
    with pytest.raises(OSError):
        create_book(path, values())
    assert calls  # it did fail half-way, after the accounts were added
    with pytest.raises(BookError) as err:
        Book.open(path)
    assert err.value.code == "no_book"  # no book there: the app runs the wizard again
    # nothing left behind at all: not the file, its WAL, its shared memory or its side record
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    monkeypatch.setattr(Book, "set_setting", real)
    with create_book(path, values()) as book:  # the same file, set up again: not "already exists"
        assert book.org().name == "อบต.บ้านใหม่"
        assert len(book.accounts()) == 2 and book.setting("committee_1") == "นายหนึ่ง"


def test_a_refused_account_refuses_the_whole_setup(tmp_path):
    path = tmp_path / "new.sqlite3"
    bad = values(accounts=[{"bank": "ออมสิน", "number": "1", "opening": 0},
                           {"bank": "x" * 5000, "number": "2", "opening": 0}])
    with pytest.raises(BookError):
        create_book(path, bad)
    with pytest.raises(BookError) as err:
        Book.open(path)
    assert err.value.code == "no_book"
    create_book(path, values()).close()


def test_settings_follow_the_core_rules(book):
    before = load_setup(book)
    org = {"name": "อบต.ใหม่", "lao_code": "", "start": START, "since": START}
    save_setup(book, before, org, 60_000_00, {"KTB": 90_000_00}, [], {"executive": "นายก ใหม่"}, START)
    assert book.org().name == "อบต.ใหม่"
    assert book.summary(START).balances.cash == 60_000_00
    assert book.summary(START).balances.account("KTB") == 90_000_00
    book.close_day(START)
    before = load_setup(book)
    with pytest.raises(BookError) as err:
        save_setup(book, before, org, 1_00, before["openings"], [], {}, START)
    assert "ยอดยกมา" in str(err.value)
    later = START + dt.timedelta(days=1)
    save_setup(book, before, org, before["cash"], before["openings"], [], {"executive": "นายก คนใหม่"}, later)
    assert book.setting("executive", START) == "นายก ใหม่"
    assert book.setting("executive", later) == "นายก คนใหม่"


def test_a_settings_save_refused_half_way_records_nothing(book):
    before = load_setup(book)
    counts = table_counts(book)
    org = {"name": "อบต.ชื่อใหม่", "lao_code": "7654321", "start": START, "since": START}
    new = [{"bank": "ออมสิน", "number": "0201-2345-6789", "opening": 5_00, "branch": "", "type": ""}]
    with pytest.raises(BookError):  # the name, the cash and the account pass; the people's day is in the future
        save_setup(book, before, org, 70_000_00, {}, new, {"executive": "นายก"}, dt.date.today() + dt.timedelta(days=30))
    assert table_counts(book) == counts
    assert book.org().name == "อบต.ทดสอบ" and [a.key for a in book.accounts()] == ["KTB"]
    assert book.summary(START).balances.cash == before["cash"]
    save_setup(book, before, org, 70_000_00, {}, new, {"executive": "นายก"}, START)  # the same save, corrected
    assert book.org().name == "อบต.ชื่อใหม่" and [a.key for a in book.accounts()] == ["ACC6789", "KTB"]


def test_a_full_disk_while_the_tables_are_made_is_said_as_such_and_leaves_no_file(tmp_path, monkeypatch):
    """The disk filled up half-way through making a new book's tables: the clerk is told the disk is
    full (not that the book is damaged and must be restored), and no half-made file stays to be taken
    for "another program's database" at the next start."""
    import sqlite3

    from manualbook.store import schema

    real = schema.migrate

    def full(db):
        real(db)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(schema, "migrate", full)
    path = tmp_path / "new.sqlite3"
    with pytest.raises(BookError) as err:
        create_book(path, values())
    assert err.value.code == "disk_full" and str(tmp_path) in err.value.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    monkeypatch.setattr(schema, "migrate", real)
    create_book(path, values()).close()  # room again: set up at once


def test_a_failed_set_up_never_removes_a_book_that_was_there(tmp_path):
    path = tmp_path / "book.sqlite3"
    create_book(path, values()).close()
    before = path.read_bytes()
    with pytest.raises(BookError) as err:
        create_book(path, values(name="อบต.อื่น"))
    assert err.value.code == "book_exists"
    assert path.exists() and path.read_bytes() == before
    with Book.open(path) as book:
        assert book.org().name == "อบต.บ้านใหม่"
