"""Timings of the PDF renderer (not a test): prints figures.

Targets: daily status report < 0.5 s; receipts book of 20,000 rows < 15 s.
Also the whole command as a clerk runs it (a new Python process: imports,
fonts, the book, the PDF written), median of 3, on the demo office, and the
print preview's rasterising of one page (pdfium) on screen and for print.

Run: python bench/bench_render.py          (quick: a 2,000-row receipts book)
     python bench/bench_render.py --full   (the 20,000-row target as well)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from manualbook.render import load_layout, render_register  # noqa: E402
from manualbook.render import samples  # noqa: E402


def timed(label: str, fn) -> bytes:
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    print(f"{label:<52} {dt:8.3f} s  {len(out) / 1024:8.0f} KiB")
    return out


def pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def manualbook_cmd() -> list[str]:
    """The installed command if there is one, else the same entry point from this checkout."""
    exe = shutil.which("manualbook")
    return [exe] if exe else [sys.executable, "-c", "import sys; from manualbook.cli import main; sys.exit(main())"]


def whole_command(label: str, args: list[str], runs: int = 3) -> None:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(manualbook_cmd() + args, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    print(f"{label:<52} {statistics.median(times):8.3f} s  (มัธยฐานของ {runs} ครั้ง,"
          f" {min(times):.3f}–{max(times):.3f})")


def whole_commands(folder: Path, full: bool = False) -> None:
    book = folder / "demo.sqlite3"
    subprocess.run(manualbook_cmd() + ["--db", str(book), "demo"], check=True, stdout=subprocess.DEVNULL)
    print("คำสั่งทั้งคำสั่ง (โปรเซสใหม่) บนสำนักงานตัวอย่าง กรกฎาคม 2567:")
    env_out = folder / "out.pdf"
    whole_command("  manualbook report daily-status --date 10/7/2567",
                  ["--db", str(book), "report", "daily-status", "--date", "10/7/2567", "--out", str(env_out)])
    whole_command("  manualbook report receipts-book --month 7/2567",
                  ["--db", str(book), "report", "receipts-book", "--month", "7/2567", "--out", str(env_out)])
    if full:
        big = folder / "month.sqlite3"
        t0 = time.perf_counter()
        month_book(big, 20_000)
        print(f"สมุด 20,000 ใบเสร็จในเดือนกรกฎาคม 2567 สร้างใน {time.perf_counter() - t0:.1f} s")
        whole_command("  manualbook report receipts-book --month 7/2567 (20,000)",
                      ["--db", str(big), "report", "receipts-book", "--month", "7/2567", "--out", str(env_out)],
                      runs=1)
        print(f"  จำนวนหน้า: {pages(env_out.read_bytes()):,}")


def month_book(path: Path, receipts: int) -> None:
    """A book with ``receipts`` receipts in July 2567 (about 900 a working day)."""
    import datetime as dt

    from manualbook.book import Book
    from manualbook.model import EntryDraft

    names = ("นายสมชาย ใจดี", "นางสาวสมหญิง รักษ์ไทย", "ร้านค้าชุมชนบ้านหนองบัว", "บริษัท ศรีสะเกษค้าวัสดุ จำกัด")
    codes = ("41210008", "41100002", "41100003", "41100001", "41210007", "41210004")
    days = [dt.date(2024, 7, d) for d in range(1, 32) if dt.date(2024, 7, d).weekday() < 5]
    book = Book.create(path, "องค์การบริหารส่วนตำบลทดสอบความเร็ว", days[0], days[0], cash=10_000_00)
    drafts = [EntryDraft(kind="receipt", base_kind="receipt", date=days[i * len(days) // receipts],
                         book=str(i // 100 + 1), number=str(i % 100 + 1), party=names[i % 4], code=codes[i % 6],
                         amount=10_000 + (i * 37) % 500_000, method="cash") for i in range(receipts)]
    book.post(drafts)
    book.close()


def rasterise(pdf: bytes) -> None:
    """What the print preview and the print path pay per page (pdfium)."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        for label, scale in (("ตัวอย่างก่อนพิมพ์ 1 หน้า (กว้าง 1,100 จุด)", 1100 / page.get_width()),
                             ("พิมพ์ 1 หน้า ที่ 600 dpi", 600 / 72)):
            t0 = time.perf_counter()
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            dt = time.perf_counter() - t0
            print(f"{label:<52} {dt:8.3f} s  {bitmap.stride * bitmap.height / 2**20:8.0f} MiB")
            bitmap.close()
        page.close()
    finally:
        doc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the 20,000-row receipts book too (about 25 s)")
    opts = parser.parse_args()

    daily = load_layout("daily-status")
    book = load_layout("receipts-book")
    timed("รายงานสถานะการเงินประจำวัน (ครั้งแรก: โหลดฟอนต์/พจนานุกรม)",
          lambda: render_register(daily, samples.daily_status(draft=True)))
    timed("รายงานสถานะการเงินประจำวัน (ครั้งถัดไป)",
          lambda: render_register(daily, samples.daily_status(draft=False)))
    for rows in ((2_000, 20_000) if opts.full else (2_000,)):
        data = samples.receipts_book(rows)
        print(f"สมุดเงินสดรับ: {len(data.rows):,} แถว (รวมแถวรวมรายวัน)")
        pdf = timed(f"สมุดเงินสดรับ {rows:,} รายการ", lambda: render_register(book, data))
        print(f"  จำนวนหน้า: {pages(pdf):,}")
    if opts.full:
        timed("สมุดเงินสดรับ 20,000 รายการ (ร่าง, ครั้งที่สอง)",
              lambda: render_register(book, samples.receipts_book(20_000, draft=True)))
    rasterise(pdf)
    with tempfile.TemporaryDirectory() as tmp:
        whole_commands(Path(tmp), opts.full)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUTF8", "1")
    main()
