"""Picture tests: page 1 of small fixed reports against approved PNGs.

Regenerate after an intended change with UPDATE_GOLDEN=1, then LOOK at the
new PNGs in tests/golden/render/ before committing them.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from manualbook.render import load_layout, render_register, samples
from manualbook.reporting import REPORT_NAMES, render_report

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "render"
DPI = 50
MAX_MEAN = 0.5       # mean absolute grey difference (0-255)
MAX_STRONG = 25      # pixels allowed to differ by more than 96 grey levels


def _cases():
    return {
        "receipts-book-p1": (load_layout("receipts-book"), samples.receipts_book(40)),
        "receipts-book-draft-p1": (load_layout("receipts-book"), samples.receipts_book(6, draft=True)),
        "daily-status-p1": (load_layout("daily-status"), samples.daily_status(draft=False)),
    }


# Every register of the contract, page one, over the demo office (July 2567)
# built with fixed entry IDs, book UUID and clock so that the pages, down to
# the chain hash on a closed day's status report, are the same on every run.
DEMO_DAY = datetime.date(2024, 7, 10)
DEMO_MONTH = (datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))


@functools.lru_cache(maxsize=1)
def _demo_book(folder: str):
    import itertools
    import uuid

    from manualbook import book as book_module
    from manualbook.book import Book
    from manualbook.demo import build_demo

    counter = itertools.count(1)
    path = Path(folder) / "demo.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(book_module, "new_entry_id", lambda: f"E{next(counter):09d}")
        mp.setattr(book_module, "now_text", lambda: "2024-07-31T16:30:00+07:00")
        mp.setattr(uuid, "uuid4", lambda: uuid.UUID(int=2567))
        build_demo(path)
    return Book.open(path)


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    return _demo_book(str(tmp_path_factory.mktemp("golden-demo")))


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_every_register_of_the_demo_office_matches_golden(name, demo_book, image):
    first, last = (DEMO_DAY, DEMO_DAY) if name == "daily-status" else DEMO_MONTH
    _check(f"demo-{name}-p1", image(render_report(demo_book, name, first, last), 0, dpi=DPI))


def difference(a: Image.Image, b: Image.Image) -> tuple[float, int]:
    """(mean absolute difference, count of strongly different pixels)."""
    if a.size != b.size:
        return 255.0, a.size[0] * a.size[1]
    diff = ImageChops.difference(a, b)
    hist = diff.histogram()
    total = sum(i * n for i, n in enumerate(hist))
    return total / (a.size[0] * a.size[1]), sum(hist[97:])


def _same(a, b) -> bool:
    mean, strong = difference(a, b)
    return mean <= MAX_MEAN and strong <= MAX_STRONG


@pytest.mark.parametrize("name", sorted(_cases()))
def test_page_one_matches_golden(name, image):
    layout, data = _cases()[name]
    _check(name, image(render_register(layout, data), 0, dpi=DPI))


def _check(name: str, got: Image.Image) -> None:
    path = GOLDEN / f"{name}.png"
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        if os.environ.get("UPDATE_GOLDEN") != "1":
            pytest.fail(f"ไม่มีภาพต้นแบบ {path.name}: รันด้วย UPDATE_GOLDEN=1 แล้วตรวจภาพ")
        GOLDEN.mkdir(parents=True, exist_ok=True)
        got.save(path)
    want = Image.open(path).convert("L")
    mean, strong = difference(got, want)
    assert mean <= MAX_MEAN and strong <= MAX_STRONG, (
        f"{name}: ภาพต่างจากต้นแบบ (เฉลี่ย {mean:.2f}, จุดต่างมาก {strong})")


def test_comparison_sees_one_changed_amount(image):
    """The tolerance is tight enough that changing one amount fails."""
    layout, data = _cases()["receipts-book-p1"]
    first = data.rows[0]
    changed = dataclasses.replace(first, values=tuple(
        (k, v + 900_000 if k == "total" else v) for k, v in first.values))
    other = dataclasses.replace(data, rows=(changed,) + data.rows[1:])
    a = image(render_register(layout, data), 0, dpi=DPI)
    b = image(render_register(layout, other), 0, dpi=DPI)
    assert not _same(a, b)
    assert _same(a, a.copy())
