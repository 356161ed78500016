"""Timings of the PDF renderer (not a test): prints figures.

Targets: daily status report < 0.5 s; receipts book of 20,000 rows < 15 s.
Run: python bench/bench_render.py
"""

from __future__ import annotations

import sys
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


def main() -> None:
    daily = load_layout("daily-status")
    book = load_layout("receipts-book")
    timed("รายงานสถานะการเงินประจำวัน (ครั้งแรก: โหลดฟอนต์/พจนานุกรม)",
          lambda: render_register(daily, samples.daily_status(draft=True)))
    timed("รายงานสถานะการเงินประจำวัน (ครั้งถัดไป)",
          lambda: render_register(daily, samples.daily_status(draft=False)))
    data = samples.receipts_book(20_000)
    print(f"สมุดเงินสดรับ: {len(data.rows):,} แถว (รวมแถวรวมรายวัน)")
    pdf = timed("สมุดเงินสดรับ 20,000 รายการ", lambda: render_register(book, data))
    print(f"  จำนวนหน้า: {pdf.count(b'/Type /Page') - pdf.count(b'/Type /Pages')}")
    timed("สมุดเงินสดรับ 20,000 รายการ (ร่าง, ครั้งที่สอง)",
          lambda: render_register(book, samples.receipts_book(20_000, draft=True)))


if __name__ == "__main__":
    main()
