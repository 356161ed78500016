"""The `import` command as a whole process, on big files (not a test): prints figures.

Prepares, in a folder (default: a new temporary one), a book with one bank
account and two budget lines large enough for a year of payments, and three
entries files:

- ``valid-N.csv``: N valid rows (receipts in cash and by transfer, daily
  deposits, payments with withholding tax) over fiscal year 2567;
- ``big-valid.csv``: the same kind of rows up to ``--mb`` megabytes;
- ``big-bad.csv``: as many rows, every one refused (an unknown revenue code),
  so the command must report at most 100 problems and count the rest.

Then runs ``manualbook --db COPY import FILE`` on a fresh copy of the book for
each, under ``/usr/bin/time -v``, and prints wall seconds, peak RSS, the exit
status and the first lines of stderr.

Run: python bench/bench_import.py [--rows 100000] [--mb 100] [--dir DIR] [--keep]
Goal (issue 14): 100,000 rows in <= 2 s whole command, <= 200 MB peak RSS.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from manualbook import budget  # noqa: E402
from manualbook.book import Book  # noqa: E402
from manualbook.money import format_amount  # noqa: E402
from manualbook.thaidate import format_short  # noqa: E402

CODES = ("41210008", "41100001", "41100002", "41100003", "41210007")
HEADER = ["date", "kind", "book", "number", "party", "code", "line", "amount", "wht", "method", "account"]


class _Line:
    def __init__(self, key, amount):
        self.line, self.amount, self.spent, self.committed, self.estimate = key, amount, 0, 0, 0
        self.plan = self.work = self.group = self.category = self.code = ""
        self.item = f"รายการ {key}"
        self.source_row = 0


def make_book(path: Path) -> None:
    book = Book.create(path, "อบต.ทดสอบความเร็ว", dt.date(2023, 10, 1), cash=0, clerk="bench")
    book.add_account("KTB", "ธนาคารกรุงไทย", "000", 1_000_000_00)
    budget.import_lines(book, [_Line("L01", 10**14), _Line("L02", 10**14)], 2567)
    book.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    book.close()


def rows(bad: bool = False):
    """Endless rows over FY2567 (1/10/2566 - 30/9/2567), about 280 a day, then the same days again
    with new numbers (each pass uses its own receipt books and voucher numbers)."""
    rng = random.Random(1)
    start, days = dt.date(2023, 10, 1), 366
    receipt_no, voucher, slip = 0, 0, 0
    n_pass = 0
    while True:
        n_pass += 1
        for i in range(days):
            date = format_short(start + dt.timedelta(days=i))
            cash = 0
            for _ in range(280):
                amount = rng.randint(2_000, 500_000)
                code = "99999999" if bad else rng.choice(CODES)
                if rng.random() < 0.8:
                    receipt_no += 1
                    yield [date, "receipt", str(receipt_no // 50 + 1), str(receipt_no % 50 + 1), "ผู้ชำระเงิน",
                           code, "", format_amount(amount), "", "", ""]
                    cash += amount
                else:
                    yield [date, "receipt", "", "", "กรมส่งเสริมการปกครองท้องถิ่น", code, "",
                           format_amount(amount), "", "transfer", "KTB"]
            slip += 1
            yield [date, "deposit", "", f"D{slip}", "", "", "", format_amount(cash), "", "transfer", "KTB"]
            if i % 3 == 0:
                voucher += 1
                amount = rng.randint(10_000, 2_000_000)
                yield [date, "payment", "", f"{voucher}/{n_pass}", "ผู้รับเงิน", "", rng.choice(("L01", "L02")),
                       format_amount(amount), format_amount(amount // 100), "transfer", "KTB"]


def write_csv(path: Path, count: int | None = None, megabytes: float | None = None, bad: bool = False) -> int:
    limit = int(megabytes * 1e6) if megabytes else None
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for row in rows(bad):
            if count is not None and n >= count:
                break
            if limit is not None and f.tell() >= limit:
                break
            w.writerow(row)
            n += 1
    return n


def run(book: Path, work: Path, csv_path: Path, label: str) -> None:
    db = work / f"run-{label}.sqlite3"
    for p in work.glob(db.name + "*"):
        p.unlink()
    shutil.copy(book, db)
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "manualbook.cli", "--db", str(db), "import", str(csv_path)]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    status = re.search(r"Exit status: (\d+)", proc.stderr)
    ours = proc.stderr.split("\tCommand being timed")[0].strip().splitlines()
    print(f"{label:<14} wall {wall.group(1) if wall else '?':>9}  peak RSS {int(rss.group(1)) / 1024 if rss else 0:7.1f} MB"
          f"  exit {status.group(1) if status else '?'}  stdout: {proc.stdout.strip()[:70]}")
    print(f"{'':<14} stderr: {len(ours)} lines; " + " | ".join(line[:90] for line in ours[:2] + ours[-2:]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--dir")
    ap.add_argument("--only", choices=("rows", "big"), help="run one kind of file only")
    ap.add_argument("--prepare", action="store_true", help="only write the book and the files")
    args = ap.parse_args()
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    book = work / "book.sqlite3"
    if not book.exists():
        make_book(book)
    files = []
    if args.only in (None, "rows"):
        p = work / f"valid-{args.rows}.csv"
        if not p.exists():
            write_csv(p, count=args.rows)
        files.append((p, f"{args.rows:,} rows"))
    if args.only in (None, "big"):
        for name, bad in (("big-valid.csv", False), ("big-bad.csv", True)):
            p = work / name
            if not p.exists():
                write_csv(p, megabytes=args.mb, bad=bad)
            files.append((p, name))
    for p, label in files:
        with open(p, encoding="utf-8") as f:
            n = sum(1 for _ in f) - 1
        print(f"{p.name}: {p.stat().st_size / 1e6:.1f} MB, {n:,} rows")
    print(f"book and files in {work}")
    if args.prepare:
        return
    for p, label in files:
        run(book, work, p, label.split()[0] if "rows" in label else label.removesuffix(".csv"))


if __name__ == "__main__":
    main()
