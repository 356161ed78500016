"""Helpers shared by the register tests: the fixed demo office, page text, snapshots.

The demo office (July 2567) is built with fixed entry IDs, book UUID and clock, and
printed at a fixed time, so that its pages are the same on every run, down to the
chain hash on a closed day's status report and the time of printing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import subprocess
from pathlib import Path

import pytest

PRINTED_AT = dt.datetime(2024, 7, 31, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
DEMO_DAY = dt.date(2024, 7, 10)
DEMO_MONTH = (dt.date(2024, 7, 1), dt.date(2024, 7, 31))
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def build_pinned_demo(path: Path) -> Path:
    import itertools
    import uuid

    from manualbook import clock
    from manualbook.demo import build_demo

    counter = itertools.count(1)
    with clock.pinned(entry_id=lambda: f"E{next(counter):09d}", now=lambda: PRINTED_AT,
                      uuid=lambda: str(uuid.UUID(int=2567))):
        build_demo(path)
    return path


def period(name: str, day: dt.date = DEMO_DAY) -> tuple[dt.date, dt.date]:
    return (day, day) if name == "daily-status" else DEMO_MONTH


def pdf_text(pdf: bytes, layout: bool = True) -> str:
    """pdftotext's text of every page (each page ends with a form feed)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")


def pages(pdf: bytes, layout: bool = True) -> list[str]:
    return pdf_text(pdf, layout).split("\f")[:-1]


_PRINTED = re.compile(r"พิมพ์เมื่อ [^\n]*? น\.")


def scrub(text: str) -> str:
    """The time of printing is the one thing that changes between two prints."""
    return _PRINTED.sub("พิมพ์เมื่อ <วันเวลาที่พิมพ์>", text)


def check_snapshot(name: str, text: str) -> None:
    """The text equals tests/golden/text/<name>.txt (time of printing scrubbed).
    UPDATE_SNAPSHOTS=1 writes it instead: read the diff before committing."""
    folder = GOLDEN / "text"
    path = folder / f"{name}.txt"
    got = scrub(text)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"ไม่มีข้อความต้นแบบ {path.name}: รันด้วย UPDATE_SNAPSHOTS=1 แล้วตรวจข้อความ")
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(), "ต้นแบบ", "ที่พิมพ์ได้",
                                              lineterm="", n=1))
        pytest.fail(f"{name}: ข้อความต่างจากต้นแบบ\n{diff[:6000]}")
