"""What proving the book costs on a big book (not a test): prints figures.

Builds a book of N entries (bench_core's CSV, default 100,000) with a day
close, then times: verify (in-process and as the command), an automatic
verified backup (size too), listing the backups, the side record written
after each commit, and verify of a bundle of the whole year (registers
replaced by a stand-in: rendering a year of real registers is bench_bundle's
subject). Run: python bench/bench_verify.py [N]
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_core import _Line, build_csv  # noqa: E402

from manualbook import budget  # noqa: E402
from manualbook import bundle, bundle_verify  # noqa: E402
from manualbook.backups import book_backups, make_backup  # noqa: E402
from manualbook.book import Book  # noqa: E402
from manualbook.store import ack  # noqa: E402


class _StandInRegisters:
    REPORT_NAMES = ("daily-status", "cash-report")

    @staticmethod
    def render_report(book, name, first, last):
        return b"%PDF-1.4 stand-in"


def timed(label, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"{label:<48} {time.perf_counter() - t0:8.3f} s")
    return out


def command(label, *args):
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "manualbook.cli", *map(str, args)], capture_output=True, text=True)
    print(f"{label:<48} {time.perf_counter() - t0:8.3f} s (exit {proc.returncode})")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_csv(tmp / "entries.csv", n)
        path = tmp / "office" / "big.sqlite3"
        path.parent.mkdir()
        book = Book.create(path, "อบต.ทดสอบ", dt.date(2023, 10, 1), cash=0, clerk="bench")
        book.add_account("KTB", "ธนาคารกรุงไทย", "000", 1_000_000_00)
        budget.import_lines(book, [_Line("L01", 10**12), _Line("L02", 10**12)], 2567)
        timed(f"import {n:,} entries", lambda: book.import_file(tmp / "entries.csv"))
        book.close_day(dt.date(2024, 9, 1))
        result = timed("verify() in-process", book.verify)
        print(f"{'  ok / entries / records / anchors':<48} {result.ok} / {result.entries:,} / {result.records} / "
              f"{result.anchors}")
        state = ack.current(book.db.conn, "x")
        t0 = time.perf_counter()
        for _ in range(100):
            ack.write(book.path, state)
        print(f"{'side record written after a commit':<48} {(time.perf_counter() - t0) * 10:8.3f} ms")
        report = timed("automatic backup (copy, verify, rotate)", lambda: make_backup(book, "manual"))
        made = report.made[0]
        print(f"{'  backup size / book size':<48} {made.size / 1e6:8.1f} MB / {path.stat().st_size / 1e6:.1f} MB")
        listed = timed("list backups (sha256 of each)", lambda: book_backups(book))
        print(f"{'  listed, verified':<48} {len(listed)}, {sum(b.verified for b in listed)}")
        bundle.registers_module = lambda: _StandInRegisters
        timed("export the whole year (stand-in registers)",
              lambda: bundle.export(book, tmp / "stick" / "b1", since=dt.date(2023, 10, 1)))
        check = timed("verify the bundle (in-process)", lambda: bundle_verify.verify_bundle(tmp / "stick" / "b1"))
        print(f"{'  bundle ok':<48} {check.ok}")
        book.close()
        command("manualbook verify (whole command)", "--db", path, "verify")
        command("manualbook backups --json (whole command)", "--db", path, "backups", "--json")
        print(f"{'peak RSS of this process':<48} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.1f} MB")


if __name__ == "__main__":
    main()
