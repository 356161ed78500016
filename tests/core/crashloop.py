"""The crash loop: commands killed with SIGKILL at random moments, then the book checked.

Each round starts one command as a separate process (an import, a reversal,
a day close, an export or a backup), kills it after a random delay (often
before it finishes, sometimes after), and then checks what a clerk relies on:

- the book opens and ``verify`` passes (the chain, the closes, the balances);
- nothing acknowledged is lost: every command that exited 0 has its whole effect;
- nothing is half-written: an import is all its rows or none, a bundle folder
  or a backup file exists only complete (its own verify passes), a close is
  the old or the new one.

Used by tests/core/test_crash_loop.py (a few seconds in CI) and by
bench/bench_crash_loop.py (as long as asked). POSIX only (SIGKILL).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from manualbook.book import Book
from manualbook.thaidate import format_short

ROWS = 300  # rows per imported file


@dataclass
class Tally:
    rounds: int = 0
    killed: int = 0
    finished: int = 0
    by_op: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)

    def text(self) -> str:
        ops = ", ".join(f"{k} {v}" for k, v in sorted(self.by_op.items()))
        return (f"{self.rounds} rounds ({ops}); killed {self.killed}, finished {self.finished}; "
                f"failures {len(self.failures)}")


class Loop:
    def __init__(self, folder: Path, seed: int = 1, max_delay: float = 1.5):
        self.folder = folder
        self.db = folder / "book.sqlite3"
        self.rng = random.Random(seed)
        self.max_delay = max_delay
        self.tally = Tally()
        self.acked_imports: set[int] = set()
        self.tried_imports: set[int] = set()
        self.acked_reversals: set[str] = set()
        self.acked_close: dt.date | None = None
        self.outputs: list[tuple[str, Path, bool]] = []  # (kind, path, acknowledged)
        self.n = 0

    # ------------------------------------------------------------ one round
    def round(self) -> None:
        self.n += 1
        with Book.open(self.db) as book:
            day = book.first_open_day()
            receipts = [r[0] for r in book.db.conn.execute(
                "SELECT id FROM entries e WHERE kind = 'receipt' AND NOT EXISTS"
                " (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY seq DESC LIMIT 50")]
            has_entries_on = book.db.conn.execute("SELECT 1 FROM entries WHERE date = ?",
                                                  (day.isoformat(),)).fetchone()
        ops = ["import", "import", "reverse", "close", "export", "backup"]
        op = self.rng.choice(ops)
        if op == "reverse" and not receipts:
            op = "import"
        if op == "close" and not has_entries_on:
            op = "import"
        args, after = self._command(op, day, receipts)
        self.tally.rounds += 1
        self.tally.by_op[op] = self.tally.by_op.get(op, 0) + 1
        proc = subprocess.Popen([sys.executable, "-m", "manualbook.cli", "--db", str(self.db), *map(str, args)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        delay = self.rng.uniform(0.05, self.max_delay)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        err = proc.stderr.read().decode("utf-8", "replace")
        if proc.returncode == 0:
            self.tally.finished += 1
            after(True)
        else:
            if proc.returncode == -signal.SIGKILL:
                self.tally.killed += 1
            elif "Traceback" in err or proc.returncode not in (1, 2):
                self.tally.failures.append(f"round {self.n} {op}: exit {proc.returncode}: {err[-500:]}")
            after(False)
        self.check()

    def _command(self, op: str, day: dt.date, receipts: list[str]):
        n = self.n
        if op == "import":
            path = self.folder / f"import-{n}.csv"
            with open(path, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(["date", "kind", "book", "number", "party", "code", "amount"])
                for k in range(ROWS):
                    w.writerow([format_short(day), "receipt", str(1000 + n), str(k + 1), "ผู้ชำระ", "41210008", "10"])
            self.tried_imports.add(n)
            return ["import", path], lambda ok: self.acked_imports.add(n) if ok else None
        if op == "reverse":
            target = self.rng.choice(receipts)
            return (["reverse", target, "--reason", "ทดสอบการตัดไฟ"],
                    lambda ok: self.acked_reversals.add(target) if ok else None)
        if op == "close":
            def closed(ok):
                if ok:
                    self.acked_close = max(self.acked_close or day, day)
            return ["close-day", format_short(day)], closed
        if op == "export":
            out = self.folder / f"bundle-{n}"
            return ["export", "--out", out], lambda ok: self.outputs.append(("export", out, ok))
        out = self.folder / f"backup-{n}.sqlite3"
        return ["backup", "--out", out], lambda ok: self.outputs.append(("backup", out, ok))

    # ------------------------------------------------------------ the checks
    def fail(self, text: str) -> None:
        self.tally.failures.append(f"round {self.n}: {text}")

    def check(self) -> None:
        from manualbook.bundle_verify import verify_bundle
        with Book.open(self.db) as book:
            result = book.verify()
            if not result.ok:
                self.fail("verify: " + result.text())
            conn = book.db.conn
            counts = dict(conn.execute("SELECT book, count(*) FROM entries WHERE kind = 'receipt' AND"
                                       " CAST(book AS INTEGER) >= 1000 GROUP BY book"))
            for n in self.tried_imports:
                got = counts.get(str(1000 + n), 0)
                if got not in (0, ROWS):
                    self.fail(f"import {n} half-written: {got} of {ROWS} rows")
                if n in self.acked_imports and got != ROWS:
                    self.fail(f"import {n} acknowledged but {got} rows in the book")
            imports = conn.execute("SELECT count(*) FROM imports").fetchone()[0]
            if imports != sum(1 for n in self.tried_imports if counts.get(str(1000 + n))):
                self.fail(f"{imports} import records for the imports present")
            for target in self.acked_reversals:
                if not conn.execute("SELECT 1 FROM entries WHERE reverses = ?", (target,)).fetchone():
                    self.fail(f"reversal of {target} acknowledged but missing")
            closed = book.closed_through()
            if self.acked_close and (closed is None or closed < self.acked_close):
                self.fail(f"close of {self.acked_close} acknowledged, book closed through {closed}")
        for kind, path, acked in self.outputs:
            if kind == "export":
                if path.exists():
                    check = verify_bundle(path)
                    if not check.ok:
                        self.fail(f"bundle {path.name} exists but does not verify: {check.text()}")
                elif acked:
                    self.fail(f"bundle {path.name} acknowledged but missing")
            else:
                if path.exists():
                    with Book.open(path) as copy:
                        if not copy.verify().ok:
                            self.fail(f"backup {path.name} exists but does not verify")
                elif acked:
                    self.fail(f"backup {path.name} acknowledged but missing")


def make_book(folder: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).parent))
    from _support import new_book

    folder.mkdir(parents=True, exist_ok=True)
    book = new_book(folder / "book.sqlite3")
    book.close()
    return folder / "book.sqlite3"


def run(folder: Path, seconds: float, seed: int = 1, max_delay: float = 1.5) -> Tally:
    make_book(folder)
    loop = Loop(folder, seed, max_delay)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        loop.round()
    return loop.tally
