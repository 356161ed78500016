"""Figures for the desktop app with a large book (prints; not a timed test).

    QT_QPA_PLATFORM=offscreen python bench/bench_ui.py [entries] [book path]

Builds (once, then reuses) a book of N receipts and payments, then times:
reading all entries on the worker, handing them to the table model, the
first paint of the list, a text filter, a sort, and scrolling to the end.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from manualbook.book import Book  # noqa: E402
from manualbook.model import EntryDraft  # noqa: E402


def build(path: Path, n: int) -> None:
    start = dt.date(2024, 10, 1)
    book = Book.create(path, "อบต.ทดสอบความเร็ว", start, cash=1_000_000_00)
    stamp = "2024-10-01T08:00:00+07:00"
    book.db["budget_lines"].insert({"fy": 2568, "key": "L001", "item": "ค่าวัสดุ", "amount": 10**13,
                                    "position": 0, "created_at": stamp})
    names = ["นายสมชาย ใจดี", "นางสมหญิง รักชาติ", "ร้านรุ่งเรือง", "นายประยุทธ์ มั่นคง"]
    drafts, voucher = [], 0
    for i in range(n):
        day = start + dt.timedelta(days=(i * 300) // n)
        if i % 10 == 9:
            voucher += 1
            drafts.append(EntryDraft(kind="payment", base_kind="payment", date=day, amount=50_00, number=str(voucher),
                                     party=names[i % 4], line="L001", method="cash"))
        else:
            drafts.append(EntryDraft(kind="receipt", base_kind="receipt", date=day, amount=100_00 + i % 997,
                                     book=str(1 + i // 1000), number=str(1 + i % 1000), party=names[i % 4],
                                     code="41100001", method="cash"))
    for k in range(0, n, 20000):
        book.post(drafts[k:k + 20000])
    book.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.gettempdir()) / f"manualbook-bench-{n}.sqlite3"
    if not path.exists():
        t = time.perf_counter()
        build(path, n)
        print(f"built a book of {n:,} entries in {time.perf_counter() - t:.1f} s: {path}")

    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from manualbook_ui import theme
    theme.apply(app)
    from manualbook_ui.entries_model import COL_AMOUNT, EntryFilter
    from manualbook_ui.entries_view import EntriesView, load_entries
    from manualbook_ui.ops import TaskManager
    from manualbook_ui.session import Session

    book = Book.open(path)
    tasks = TaskManager(book)
    session = Session(tasks, dt.date(2025, 7, 1), None, "bench")
    view = EntriesView(session)
    view.resize(1300, 700)
    view.show()
    app.processEvents()
    tasks.wait()
    app.processEvents()

    t0 = time.perf_counter()
    entries, links, closed = load_entries(book, None, None)
    t1 = time.perf_counter()
    view.model.set_entries(entries, links, closed)
    t2 = time.perf_counter()
    view.table.viewport().repaint()
    app.processEvents()
    t3 = time.perf_counter()
    print(f"entries in the book:            {len(entries):,}")
    print(f"read all entries (worker):      {t1 - t0:.2f} s")
    print(f"hand them to the model:         {(t2 - t1) * 1000:.0f} ms")
    print(f"first paint of the list:        {(t3 - t2) * 1000:.0f} ms")
    print(f"open the list, total:           {t3 - t0:.2f} s (the GUI thread is busy only {(t3 - t1) * 1000:.0f} ms)")
    # wall and CPU of the GUI thread (on a busy shared machine the wall time is mostly waiting for a core)
    t, c = time.perf_counter(), time.thread_time()
    view.model.set_filter(EntryFilter(text="สมหญิง"))
    app.processEvents()
    print(f"text filter ({view.model.total():,} match):  {(time.perf_counter() - t) * 1000:.0f} ms"
          f" (CPU {(time.thread_time() - c) * 1000:.0f} ms)")
    t, c = time.perf_counter(), time.thread_time()
    view.model.set_filter(EntryFilter(kind="payment"))
    app.processEvents()
    print(f"kind filter ({view.model.total():,} match):  {(time.perf_counter() - t) * 1000:.0f} ms"
          f" (CPU {(time.thread_time() - c) * 1000:.0f} ms)")
    view.model.set_filter(EntryFilter())
    t = time.perf_counter()
    view.model.sort(COL_AMOUNT)
    app.processEvents()
    print(f"sort by amount:                 {(time.perf_counter() - t) * 1000:.0f} ms")
    t = time.perf_counter()
    view.model.fetch_all()
    view.table.scrollToBottom()
    app.processEvents()
    print(f"fetch every row and scroll end: {(time.perf_counter() - t) * 1000:.0f} ms")
    t = time.perf_counter()
    month, _, _ = load_entries(book, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    print(f"read one month ({len(month):,}):         {(time.perf_counter() - t) * 1000:.0f} ms")
    tasks.close()


if __name__ == "__main__":
    main()
