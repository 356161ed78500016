"""Timings of the core on a large book (not a test): prints figures.

Builds a CSV of 100,000 valid entries (receipts in cash and by transfer,
daily deposits, a few payments with withholding tax) spread over a fiscal
year, imports it with Book.import_file, and times summary(), verify() and a
full entries listing. Targets: import in seconds, summary well under a second.
Run: python bench/bench_core.py [N] [--tracemalloc]
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from manualbook import budget  # noqa: E402
from manualbook.book import Book  # noqa: E402
from manualbook.model import EntryDraft  # noqa: E402
from manualbook.money import format_amount  # noqa: E402
from manualbook.thaidate import format_short  # noqa: E402

CODES = ("41210008", "41100001", "41100002", "41100003", "41210007")


class _Line:
    def __init__(self, key, amount):
        self.line, self.amount, self.spent, self.committed, self.estimate = key, amount, 0, 0, 0
        self.plan = self.work = self.group = self.category = self.code = ""
        self.item = f"รายการ {key}"
        self.source_row = 0


def build_csv(path: Path, n: int) -> None:
    rng = random.Random(1)
    start = dt.date(2023, 10, 1)  # FY2567
    days = 366
    per_day = n // days + 3
    rows, receipt_no, voucher, cash = 0, 0, 0, 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["date", "kind", "book", "number", "party", "code", "line", "amount", "wht", "method", "account"])
        for i in range(days):
            date = format_short(start + dt.timedelta(days=i))
            for _ in range(per_day - 2):
                if rows >= n:
                    break
                amount = rng.randint(2_000, 500_000)
                if rng.random() < 0.8:
                    receipt_no += 1
                    book_no, number = str(receipt_no // 50 + 1), str(receipt_no % 50 + 1)
                    w.writerow([date, "receipt", book_no, number, "ผู้ชำระเงิน", rng.choice(CODES), "",
                                format_amount(amount), "", "", ""])
                    cash += amount
                else:
                    w.writerow([date, "receipt", "", "", "กรมส่งเสริมฯ", rng.choice(CODES), "",
                                format_amount(amount), "", "transfer", "KTB"])
                rows += 1
            if rows < n and cash:
                w.writerow([date, "deposit", "", f"D{i}", "", "", "", format_amount(cash), "", "transfer", "KTB"])
                cash, rows = 0, rows + 1
            if rows < n and i % 3 == 0:
                voucher += 1
                amount = rng.randint(10_000, 2_000_000)
                w.writerow([date, "payment", "", f"{voucher}/2567", "ผู้รับเงิน", "", rng.choice(("L01", "L02")),
                            format_amount(amount), format_amount(amount // 100), "transfer", "KTB"])
                rows += 1
    return rows


def timed(label, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"{label:<40} {time.perf_counter() - t0:8.3f} s")
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        csv_path = tmp / "entries.csv"
        rows = timed(f"build CSV ({n:,} rows)", lambda: build_csv(csv_path, n))
        print(f"{'CSV size':<40} {csv_path.stat().st_size / 1e6:8.1f} MB ({rows:,} rows)")
        book = Book.create(tmp / "big.sqlite3", "อบต.ทดสอบความเร็ว", dt.date(2023, 10, 1), cash=0, clerk="bench")
        book.add_account("KTB", "ธนาคารกรุงไทย", "000", 1_000_000_00)
        budget.import_lines(book, [_Line("L01", 10**12), _Line("L02", 10**12)], 2567)
        traced = "--tracemalloc" in sys.argv  # Python heap peak; slows the import several times
        if traced:
            tracemalloc.start()
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        change = timed("import_file (check + write)" + (" [traced]" if traced else ""),
                       lambda: book.import_file(csv_path))
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{'  entries written':<40} {len(change.entries):8,}")
        print(f"{'  peak RSS before / after import':<40} {rss0 / 1024:8.1f} / {rss1 / 1024:.1f} MB (getrusage)")
        if traced:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{'  peak Python heap during import':<40} {peak / 1e6:8.1f} MB (tracemalloc)")
        s = timed("summary() (last day)", lambda: book.summary())
        timed("summary(mid-year day)", lambda: book.summary(dt.date(2024, 3, 31)))
        print(f"{'  cash / KTB':<40} {format_amount(s.balances.cash)} / {format_amount(s.balances.account('KTB'))}")
        v = timed("verify()", book.verify)
        print(f"{'  verify ok':<40} {v.ok} ({v.entries:,} entries)")
        count = timed("entries() full listing", lambda: sum(1 for _ in book.entries()))
        print(f"{'  entries listed':<40} {count:8,}")
        timed("entries() one month", lambda: sum(1 for _ in book.entries(dt.date(2024, 3, 1), dt.date(2024, 3, 31))))
        # what a clerk waits for when saving one receipt in the app, and a later batch import
        timed("add one receipt (book of this size)",
              lambda: book.add({"date": "30/9/2567", "kind": "receipt", "book": "9001", "number": "1",
                                "code": "41100001", "amount": "100", "party": "นายทดสอบ"}))
        batch = [EntryDraft(kind="receipt", base_kind="receipt", date=dt.date(2024, 9, 30), book="9002",
                            number=str(i + 1), code="41100001", amount=100_00, method="cash") for i in range(1_000)]
        timed("post 1,000 more entries in one batch", lambda: book.post(batch))
        timed("close_day(last day)", lambda: book.close_day(dt.date(2024, 9, 30)))
        book.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        book.close()
        size = sum(p.stat().st_size for p in tmp.glob("big.sqlite3*"))
        print(f"{'DB size':<40} {size / 1e6:8.1f} MB ({size / max(count, 1):.0f} bytes/entry)")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{'peak RSS of the process':<40} {rss / 1024:8.1f} MB")


if __name__ == "__main__":
    main()
