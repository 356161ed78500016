"""Issue 13, finding 4: two writers (MANUALBOOK_RACE_ROUNDS=30 races more). The rules run inside BEGIN IMMEDIATE, a busy book is a Thai
message, and the command line honours the app's lock file (QLockFile's format, read without Qt)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest

from _support import B, has_thai, payment, run_cli, write_csv
from manualbook.book import Book
from manualbook.lockfile import BookLock, lock_path, read
from manualbook.messages import BookError

LINE_BUDGET = 10_000 * B
PAY = 1_000 * B  # the line takes exactly ten of these

WORKER = textwrap.dedent("""
    import json, sys, time
    from manualbook.book import Book
    from manualbook.messages import BookError
    path, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    book = Book.open(path)
    while time.time() < go:
        time.sleep(0.001)
    out = []
    for i in range(count):
        try:
            book.add({"kind": "payment", "date": "1/7/2567", "number": f"{name}-{i}/2567", "party": "ร้าน",
                      "line": "L01", "amount": "1,000", "method": "transfer", "account": "KTB"})
            out.append(["ok", ""])
        except BookError as exc:
            out.append([exc.code, exc.text()])
    print(json.dumps(out, ensure_ascii=False))
""")


def _spent(path) -> int:
    with Book.open(path) as book:
        return {s.key: s.spent for s in book.summary().budget}["L01"]


@pytest.mark.parametrize("round_no", range(int(os.environ.get("MANUALBOOK_RACE_ROUNDS", "3"))))
def test_racing_payments_never_overspend_a_budget_line(make_book, round_no):
    book = make_book(f"race{round_no}.sqlite3", lines={"L01": LINE_BUDGET}, accounts={"KTB": 10**7 * B})
    path = book.path
    book.close()
    go = time.time() + 1.5
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), name, "8", str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for name in ("A", "B")]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and "Traceback" not in err, err
        results += json.loads(out)
    ok = [r for r in results if r[0] == "ok"]
    refused = [r for r in results if r[0] != "ok"]
    assert len(ok) == 10 and len(refused) == 6, results  # 16 tries, room for exactly ten
    assert {code for code, _ in refused} <= {"over_budget", "book_busy"}
    assert all(has_thai(text) and "locked" not in text for _, text in refused)
    assert _spent(path) == LINE_BUDGET
    with Book.open(path) as b:
        assert b.verify().ok


def test_a_writer_that_waits_too_long_gets_a_thai_message(make_book, monkeypatch):
    from manualbook.store import db as store_db
    book = make_book()
    path = book.path
    book.close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sqlite3, sys, time
        c = sqlite3.connect({str(path)!r}, isolation_level=None)
        c.execute("BEGIN IMMEDIATE")
        print("held", flush=True)
        time.sleep(3)
        c.execute("ROLLBACK")
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT", 0.3)
    try:
        with Book.open(path) as b:
            with pytest.raises(BookError) as err:
                b.add(payment())
        assert err.value.code == "book_busy" and has_thai(err.value.text())
        assert "database is locked" not in err.value.text()
    finally:
        holder.wait(timeout=30)
    with Book.open(path) as b:
        b.add(payment())  # free again


# ------------------------------------------------------------------ the app's lock file

QT_HOLDER = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QCoreApplication, QLockFile
    app = QCoreApplication(sys.argv[:1])
    lock = QLockFile(sys.argv[1])
    lock.setStaleLockTime(0)
    assert lock.tryLock(0)
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    lock.unlock()
""")


@pytest.fixture
def cli_book(make_book, tmp_path):
    book = make_book("app.sqlite3")
    path = book.path
    book.close()
    csv_path = write_csv(tmp_path / "one.csv", [payment(number="77/2567")])
    return path, csv_path


def _qt_holder(path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", QT_HOLDER, str(lock_path(path)), str(seconds)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.stdout.readline().strip() == "locked", proc.stderr.read()
    return proc


def test_cli_refuses_to_write_while_the_app_holds_the_book(cli_book):
    path, csv_path = cli_book
    app = _qt_holder(path, 20)
    try:
        info = read(lock_path(path))
        assert info.pid == app.pid and info.host == socket.gethostname()  # Qt's own format, read without Qt
        proc = run_cli("import", csv_path, db=path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert "กำลังถูกใช้" in proc.stderr and socket.gethostname() in proc.stderr and str(app.pid) in proc.stderr
        assert run_cli("summary", "--json", db=path).returncode == 0  # reading is never refused
    finally:
        app.kill()
        app.wait()
    with Book.open(path) as b:
        assert b.db.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


def test_cli_wait_waits_for_the_app_to_close(cli_book):
    path, csv_path = cli_book
    app = _qt_holder(path, 1.5)
    proc = run_cli("--wait", "import", csv_path, db=path)
    app.wait(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "กำลังรอ" in proc.stderr
    assert not lock_path(path).exists()


def test_a_lock_left_by_a_dead_process_is_free(cli_book):
    path, csv_path = cli_book
    app = _qt_holder(path, 60)
    app.send_signal(signal.SIGKILL)  # the app crashed: its lock file stays behind
    app.wait()
    assert lock_path(path).exists()
    proc = run_cli("import", csv_path, db=path)
    assert proc.returncode == 0, proc.stderr
    assert not lock_path(path).exists()


def test_the_app_sees_the_command_lines_lock_and_a_crashed_one_is_stale(cli_book):
    from PySide6.QtCore import QLockFile
    path, _ = cli_book
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from manualbook.lockfile import BookLock
        lock = BookLock({str(path)!r})
        assert lock.acquire()
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    qt = QLockFile(str(lock_path(path)))
    qt.setStaleLockTime(0)
    try:
        assert not qt.tryLock(0)  # as the app's second start would see it
        assert qt.getLockInfo()[0] == holder.pid
        with pytest.raises(BookError) as err:
            BookLock(path).acquire()
        assert err.value.code == "book_busy"
    finally:
        holder.kill()
        holder.wait()
    assert qt.tryLock(0)  # the command line died: Qt finds its lock stale
    qt.unlock()


def test_two_command_lines_with_wait_take_turns(cli_book, tmp_path):
    path, _ = cli_book
    files = [write_csv(tmp_path / f"f{i}.csv", [payment(number=f"{i}-{n}/2567", amount="1") for n in range(50)])
             for i in range(3)]
    procs = [subprocess.Popen([sys.executable, "-m", "manualbook.cli", "--db", str(path), "--wait", "import", str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for f in files]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and "Traceback" not in err, err
    with Book.open(path) as b:
        assert b.db.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 150


def test_a_forked_process_never_keeps_the_command_lines_lock(cli_book):
    """The import's checker is forked on Linux while the command holds the book's lock. A fork copies
    the lock's descriptor, and a flock lasts while any copy is open: the copy is closed in the child at
    once, so a command that dies first leaves a stale lock the next one takes, not a busy book."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    path, csv_path = cli_book
    script = textwrap.dedent("""
        import os, sys, time
        from manualbook.lockfile import BookLock
        lock = BookLock(sys.argv[1])
        assert lock.acquire()
        pid = os.fork()
        if pid == 0:
            quiet = os.open(os.devnull, os.O_RDWR)
            os.dup2(quiet, 1)  # the test reads the parent's output to its end: not this child's
            os.dup2(quiet, 2)
            time.sleep(60)  # the child lives on after its parent
            os._exit(0)
        print(pid, flush=True)
        os._exit(0)  # the parent dies holding the lock, as a killed command would
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    child = int(proc.stdout.strip())
    try:
        assert lock_path(path).exists()  # left behind by the dead parent
        done = run_cli("import", csv_path, db=path)
        assert done.returncode == 0, done.stderr  # stale: taken, though the parent's child still runs
    finally:
        os.kill(child, signal.SIGKILL)  # not our child (its parent is gone): nothing to wait for
    with Book.open(path) as b:
        assert b.db.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 1


def test_ctrl_c_during_a_long_import_says_cancelled_and_writes_nothing(make_book, tmp_path):
    """Ctrl+C reaches the command and its second process (the whole console): the command says it was
    cancelled, in Thai, with no traceback from either process, and the book keeps nothing of the file."""
    from _support import receipt

    rows = [receipt(book=str(i // 50 + 1), number=str(i % 50 + 1), amount=f"{100 + i % 13}.25",
                    date=f"{1 + (i // 1000) % 28}/{7 + i // 28_000}/2567") for i in range(40_000)]
    path = write_csv(tmp_path / "long.csv", rows)
    book = make_book("long.sqlite3")
    db = book.path
    book.close()
    env = {k: v for k, v in os.environ.items() if k != "MANUALBOOK_DB"}
    env.update(PYTHONIOENCODING="utf-8", MANUALBOOK_IMPORT_WORKER="1")
    proc = subprocess.Popen([sys.executable, "-m", "manualbook", "--db", str(db), "import", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env,
                            start_new_session=True,
                            # as from a console: a test worker may ignore Ctrl+C, and its children would too
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    said = []
    for line in proc.stderr:  # the first progress line: a few thousand rows checked, the rest still to come
        said.append(line)
        if "กำลังนำเข้า" in line:
            break
    os.killpg(proc.pid, signal.SIGINT)
    out, rest = proc.communicate(timeout=60)
    stderr = "".join(said) + rest
    assert "Traceback" not in stderr and "Process" not in stderr, stderr
    assert proc.returncode == 1 and "ยกเลิกแล้ว" in stderr, stderr
    with Book.open(db) as b:
        assert b.db.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
        assert b.db.conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
        assert b.verify().ok
