"""Export time of the backfill bundle: the demo office, and a 20,000-entry book.

    python bench/bench_bundle.py [--entries 20000] [--keep DIR]

Prints the time of each part (snapshot+verify, workbook, registers, writing
with read-back) and the bundle's size. The big book: one fiscal year of a
busy office (about 80 entries a working day: receipts, a daily deposit,
payments with withholding tax, a withdrawal a week).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from manualbook import budget
from manualbook.book import Book
from manualbook.bundle import export
from manualbook.bundle_verify import verify_bundle
from manualbook.keyed import keyed_progress
from manualbook.demo import LINES, build_demo
from manualbook.model import EntryDraft

B = 100


def build_big(path: Path, target: int) -> Book:
    rng = random.Random(20000)
    start = dt.date(2024, 10, 1)
    book = Book.create(path, "เทศบาลตำบลทดสอบความเร็ว", start, start, cash=50_000 * B, lao_code="0000000")
    book.add_account("KTB-SAV", "ธนาคารกรุงไทย", "111-1-11111-1", 50_000_000 * B)
    for fy in (2568, 2569):
        budget.import_lines(book, [l.__class__(**{**l.__dict__, "spent": 0, "amount": l.amount * 20})
                                   for l in LINES], fy)
    codes = ("41210008", "41100002", "41100003", "41100001", "41210007", "41210004")
    n, day, receipt_no, voucher = 0, start, 1, 0
    batch: list[EntryDraft] = []
    while n < target:
        if day.weekday() < 5:
            cash_in = 0
            for _ in range(rng.randint(60, 80)):
                amount = rng.randint(20, 3_000) * B
                batch.append(EntryDraft(kind="receipt", base_kind="receipt", date=day, book=str(receipt_no // 100 + 1),
                                        number=str(receipt_no), party="ผู้ชำระ", code=rng.choice(codes),
                                        amount=amount, method="cash"))
                receipt_no += 1
                cash_in += amount
            batch.append(EntryDraft(kind="deposit", base_kind="deposit", date=day, account="KTB-SAV", amount=cash_in,
                                    number=f"D{day:%y%m%d}", method="transfer"))
            for _ in range(rng.randint(2, 6)):
                voucher += 1
                amount = rng.randint(500, 20_000) * B
                batch.append(EntryDraft(kind="payment", base_kind="payment", date=day, number=f"{voucher}/{day.year + 543 + (day.month >= 10)}",
                                        party="ผู้รับเงิน", line=rng.choice(LINES).line, amount=amount,
                                        wht=amount // 100, method="transfer", account="KTB-SAV"))
            n = book.chain_head()[1] + len(batch)
        if len(batch) > 2000 or n >= target:
            book.post(batch)
            batch = []
        day += dt.timedelta(days=1)
    if batch:
        book.post(batch)
    return book


def timed_export(book: Book, out: Path) -> None:
    stages: dict[str, float] = {}
    last = [time.perf_counter(), None]

    def progress(stage, done, total):
        now = time.perf_counter()
        if last[1] and last[1] != stage:
            stages[last[1]] = stages.get(last[1], 0) + now - last[0]
            last[0] = now
        elif not last[1]:
            last[0] = now
        last[1] = stage

    t0 = time.perf_counter()
    result = export(book, out, progress=progress)
    total = time.perf_counter() - t0
    if last[1]:
        stages[last[1]] = stages.get(last[1], 0) + time.perf_counter() - last[0]
    t1 = time.perf_counter()
    ok = verify_bundle(out).ok
    vt = time.perf_counter() - t1
    parts = ", ".join(f"{k} {v:.2f}s" for k, v in stages.items())
    print(f"  export {total:.2f}s ({parts}); {result.entries:,} entries, {result.files} files, "
          f"{result.bytes / 1e6:.1f} MB, registers {result.registers}; verify {vt:.2f}s ok={ok}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=20_000)
    ap.add_argument("--keep")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        print("demo office:")
        build_demo(root / "demo.sqlite3")
        with Book.open(root / "demo.sqlite3") as book:
            timed_export(book, root / "stick" / "demo-1")
        print(f"{args.entries:,}-entry book:")
        t0 = time.perf_counter()
        book = build_big(root / "big.sqlite3", args.entries)
        print(f"  built in {time.perf_counter() - t0:.1f}s ({book.chain_head()[1]:,} entries)")
        try:
            timed_export(book, root / "stick" / "big-1")
            t0 = time.perf_counter()
            p = keyed_progress(book)
            print(f"  keyed_progress {time.perf_counter() - t0:.2f}s ({p.entries_total:,} entries)")
        finally:
            book.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
