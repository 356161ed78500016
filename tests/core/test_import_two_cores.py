"""Issue 14: a long file checked by a second process and written here (``import_fast``) gives exactly
what the exact way in one process gives: the same entries, chain and records for a clean file, and for
any file with a problem the exact way's own refusal, with nothing left of the attempt.
Speed is measured by bench/bench_issue14.py, not here."""

from __future__ import annotations

import pytest

from _support import entry_count, payment, receipt, table_counts, write_csv
from manualbook import import_fast
from manualbook.messages import BookError

# what an entry is apart from what is random (its id) or follows from it (hashes) or the clock
_SAME = ("seq, kind, base_kind, date, fy, amount, wht, book, number, party, code, line, held, description, "
         "method, account, cheque, commitment, reverses, reason, clerk, import_rec")


@pytest.fixture
def ways(monkeypatch):
    """Every file takes the fast way first (whatever its size); records how each attempt ended."""
    monkeypatch.setattr(import_fast, "FROM_BYTES", 1)
    monkeypatch.setenv("MANUALBOOK_IMPORT_WORKER", "1")
    ended = []
    real = import_fast.Checker.run

    def spy(self, *args):
        done = real(self, *args)
        ended.append("fast" if done is not None else "exact")
        return done

    monkeypatch.setattr(import_fast.Checker, "run", spy)
    return ended


def _rows(n: int) -> list[dict]:
    rows = [receipt(book=str(i // 50 + 1), number=str(i % 50 + 1), party=f"นายทดสอบ {i % 7}",
                    amount=f"{100 + i % 13}.25", date=f"{1 + i // 1000}/7/2567") for i in range(n)]
    for i in range(0, n, 97):  # deposits, payments and a transfer receipt among them
        rows[i] = {"kind": "deposit", "date": rows[i]["date"], "number": f"D{i}", "account": "KTB",
                   "amount": "50"}
    for i in range(5, n, 101):
        rows[i] = payment(number=f"{i}/2567", date=rows[i]["date"], amount="10.50", wht="0.50")
    rows[7] = receipt(number="REF-1", account="KTB", method="transfer", date=rows[7]["date"])
    return rows


def _entries(book) -> list[tuple]:
    return book.db.conn.execute(f"SELECT {_SAME} FROM entries ORDER BY seq").fetchall()


def _records(book) -> tuple:
    conn = book.db.conn
    return (conn.execute("SELECT book, first, last, auto, clerk FROM receipt_books ORDER BY book").fetchall(),
            conn.execute("SELECT rec, sha256, name, rows, clerk FROM imports ORDER BY rec").fetchall())


def _import_both(make_book, path, monkeypatch, ways) -> dict:
    books = {}
    for name, worker in (("fast.sqlite3", "1"), ("exact.sqlite3", "0")):
        monkeypatch.setenv("MANUALBOOK_IMPORT_WORKER", worker)
        books[name] = make_book(name, accounts={"KTB": 100_000})
        books[name].import_file(path)
    return books


def test_a_clean_file_is_written_as_the_exact_way_writes_it(make_book, tmp_path, monkeypatch, ways):
    path = write_csv(tmp_path / "rows.csv", _rows(3000))
    books = _import_both(make_book, path, monkeypatch, ways)
    assert ways == ["fast"]  # the first book took the fast way to its end; the second never tried
    fast, exact = books["fast.sqlite3"], books["exact.sqlite3"]
    assert _entries(fast) == _entries(exact)
    assert _records(fast) == _records(exact)
    assert entry_count(fast) == 3000
    report = fast.verify()
    assert report.ok, report  # the chain made here over the second process's rows holds
    ids = [r[0] for r in fast.db.conn.execute("SELECT id FROM entries")]
    assert len(set(ids)) == 3000
    trigger = fast.db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries_closed_day'").fetchone()
    assert trigger  # the guard lifted for the bulk insert is back


def test_the_change_names_every_new_entry_and_day(make_book, tmp_path, monkeypatch, ways):
    path = write_csv(tmp_path / "rows.csv", _rows(2000))
    book = make_book(accounts={"KTB": 100_000})
    change = book.import_file(path)
    assert ways == ["fast"]
    assert list(change.entries) == [r[0] for r in book.db.conn.execute("SELECT id FROM entries ORDER BY seq")]
    assert [d.isoformat() for d in change.days] == ["2024-07-01", "2024-07-02"]
    assert change.budget  # payments are among them


def _refused_both(make_book, path, monkeypatch, setup=None) -> list:
    found = []
    for name, worker in (("fast.sqlite3", "1"), ("exact.sqlite3", "0")):
        monkeypatch.setenv("MANUALBOOK_IMPORT_WORKER", worker)
        book = make_book(name, accounts={"KTB": 100_000})
        if setup:
            setup(book)
        before = table_counts(book)
        with pytest.raises(BookError) as info:
            book.import_file(path)
        assert table_counts(book) == before  # nothing of the attempt stays
        assert book.db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries_closed_day'").fetchone()
        found.append((info.value.text(), info.value.more))
    return found


@pytest.mark.parametrize("spoil", ["amount", "repeat_in_file", "repeat_in_book", "over_budget", "closed_day",
                                   "below_zero", "unknown_code"])
def test_a_file_with_any_problem_gets_the_exact_way_s_refusal(spoil, make_book, tmp_path, monkeypatch, ways):
    rows = _rows(2500)
    setup = None
    if spoil == "amount":
        rows[1800]["amount"] = "สิบบาท"
    elif spoil == "repeat_in_file":  # caught by the book's unique index, then named by the exact way
        rows[2100] = receipt(book=rows[1000]["book"], number=rows[1000]["number"], date=rows[2100]["date"])
    elif spoil == "repeat_in_book":
        rows[2200] = receipt(book="999", number="1", date=rows[2200]["date"])

        def setup(book):
            book.import_file(write_csv(tmp_path / "first.csv", [receipt(book="999", number="1")]))
    elif spoil == "over_budget":
        rows[1900] = payment(number="big/2567", amount="99,999,999", date=rows[1900]["date"])
    elif spoil == "closed_day":
        def setup(book):
            book.import_file(write_csv(tmp_path / "first.csv", [receipt(book="999", number="1")]))
            book.close_day(__import__("datetime").date(2024, 7, 1))
    elif spoil == "below_zero":
        rows[2400] = {"kind": "withdraw", "date": rows[2400]["date"], "number": "W1", "account": "KTB",
                      "amount": "9,000,000"}
    elif spoil == "unknown_code":
        rows[1700]["code"] = "49999999"
    path = write_csv(tmp_path / f"{spoil}.csv", rows)
    found = _refused_both(make_book, path, monkeypatch, setup)
    assert found[0] == found[1]
    assert "แถวที่" in found[0][0] or spoil == "closed_day"
    assert ways[-1] == "exact"  # the fast way gave up and the exact way named the problems


def test_a_second_process_that_dies_leaves_the_import_to_the_exact_way(make_book, tmp_path, monkeypatch, ways):
    path = write_csv(tmp_path / "rows.csv", _rows(3000))
    book = make_book(accounts={"KTB": 100_000})
    checker = import_fast.Checker.start(book.path, path)
    assert checker is not None
    checker.proc.kill()
    checker.proc.join()
    try:
        book.import_file(path, checker=checker)
    finally:
        checker.close()
    assert ways == ["exact"]
    assert entry_count(book) == 3000 and book.verify().ok


def test_the_fast_way_is_not_tried_when_the_clock_is_pinned_or_the_file_is_short(make_book, tmp_path, monkeypatch):
    from manualbook import clock

    path = write_csv(tmp_path / "rows.csv", _rows(50))
    book = make_book()
    monkeypatch.setenv("MANUALBOOK_IMPORT_WORKER", "1")
    assert import_fast.Checker.start(book.path, path) is None  # 50 rows: far below FROM_BYTES
    monkeypatch.setattr(import_fast, "FROM_BYTES", 1)
    with clock.pinned(entry_id=lambda: "E000000001"):
        assert import_fast.Checker.start(book.path, path) is None
    monkeypatch.setenv("MANUALBOOK_IMPORT_WORKER", "0")
    assert import_fast.Checker.start(book.path, path) is None


def test_a_thai_windows_file_is_left_to_the_exact_way_and_imported_the_same(make_book, tmp_path, monkeypatch,
                                                                              ways):
    rows = _rows(1500)
    utf8 = write_csv(tmp_path / "utf8.csv", rows)
    cp874 = tmp_path / "cp874.csv"
    cp874.write_bytes(utf8.read_text(encoding="utf-8").encode("cp874"))
    books = []
    for path in (utf8, cp874):
        books.append(make_book(f"{path.stem}.sqlite3", accounts={"KTB": 100_000}))
        books[-1].import_file(path)
    assert ways == ["fast", "exact"]  # the second process reads UTF-8 only: the Thai Windows file went exact
    assert _entries(books[0]) == _entries(books[1])


def test_a_book_without_a_number_index_is_checked_the_exact_way(make_book, tmp_path, monkeypatch, ways):
    rows = _rows(1200)
    rows[1100] = receipt(book=rows[100]["book"], number=rows[100]["number"], date=rows[1100]["date"])
    path = write_csv(tmp_path / "repeat.csv", rows)
    book = make_book(accounts={"KTB": 100_000})
    book.db.conn.execute("DROP INDEX entries_receipt_no")  # a tampered book: repeats no longer refused by SQLite
    with pytest.raises(BookError) as info:
        book.import_file(path)
    assert ways == ["exact"] and "แถวที่ 1102" in info.value.text()
    assert entry_count(book) == 0


# The command line's import as a whole process, one thread: its second process is forked where the
# system forks (a spawned one imports the program again first), with the same result.
_FORKED_IMPORT = """
import json, sys
from manualbook import import_fast
from manualbook.cli import main

import_fast.FROM_BYTES = 1  # this short file takes the fast way too
ended = []
real = import_fast.Checker.run

def spy(self, *args):
    done = real(self, *args)
    ended.append([self.method, done is not None])
    return done

import_fast.Checker.run = spy
code = main(["--db", sys.argv[1], "import", sys.argv[2]])
print(json.dumps([code, ended]))
"""


def test_the_command_line_forks_its_second_process_and_writes_what_the_exact_way_writes(make_book, tmp_path,
                                                                                          monkeypatch):
    import json
    import multiprocessing
    import os
    import subprocess
    import sys

    from manualbook.book import Book

    path = write_csv(tmp_path / "rows.csv", _rows(2500))
    make_book("forked.sqlite3", accounts={"KTB": 100_000}).close()
    env = {**os.environ, "MANUALBOOK_IMPORT_WORKER": "1", "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run([sys.executable, "-c", _FORKED_IMPORT, str(tmp_path / "forked.sqlite3"), str(path)],
                         capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    code, ended = json.loads(run.stdout.strip().splitlines()[-1])
    forks = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    assert code == 0 and ended == [["fork" if forks else "spawn", True]]  # checked by the second process to the end
    monkeypatch.setenv("MANUALBOOK_IMPORT_WORKER", "0")
    exact = make_book("exact.sqlite3", accounts={"KTB": 100_000})
    exact.import_file(path)
    forked = Book.open(tmp_path / "forked.sqlite3")
    try:
        assert _entries(forked) == _entries(exact) and _records(forked) == _records(exact)
        assert forked.verify().ok
    finally:
        forked.close()


def test_a_process_running_a_second_thread_never_forks(tmp_path):
    """A fork copies only its caller's thread: a lock another thread holds would never be let go in
    the copy. With a second thread running the second process is spawned instead."""
    import subprocess
    import sys

    script = ("import threading\n"
              "from manualbook.workers import may_fork\n"
              "alone = may_fork()\n"
              "gate = threading.Event()\n"
              "other = threading.Thread(target=gate.wait)\n"
              "other.start()\n"
              "print(alone, may_fork())\n"
              "gate.set()\n"
              "other.join()\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    import multiprocessing

    alone, with_thread = run.stdout.split()
    assert with_thread == "False"
    assert alone == str("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin")
