"""Picture tests: page 1 of small fixed reports and of every register of the fixed demo
office against approved PNGs, strict enough that one satang changed fails.

Regenerate after an intended change with UPDATE_GOLDEN=1, then LOOK at the new PNGs
in tests/golden/render/ before committing them. The text of every page of every
register is checked exactly by test_text_snapshots.py.
"""

from __future__ import annotations

import dataclasses
import os

import pytest
from PIL import Image, ImageChops

from render_helpers import GOLDEN, period
from manualbook.render import load_layout, render_register, samples
from manualbook.reporting import REPORT_NAMES, render_report

PICTURES = GOLDEN / "render"
DPI = 75
INK = 40          # grey levels: a pixel differs when it moved by more than this
MAX_DIFFERENT = 2  # the same renderer draws the same pixels; a digit changed moves dozens


def _cases():
    return {
        "receipts-book-p1": (load_layout("receipts-book"), samples.receipts_book(40)),
        "receipts-book-draft-p1": (load_layout("receipts-book"), samples.receipts_book(6, draft=True)),
        "daily-status-p1": (load_layout("daily-status"), samples.daily_status(draft=False)),
    }


def difference(a: Image.Image, b: Image.Image) -> int:
    """How many pixels differ by more than INK grey levels (all of them if sizes differ)."""
    if a.size != b.size:
        return a.size[0] * a.size[1]
    return sum(ImageChops.difference(a, b).histogram()[INK + 1:])


def same(a: Image.Image, b: Image.Image) -> bool:
    return difference(a, b) <= MAX_DIFFERENT


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_every_register_of_the_demo_office_matches_golden(name, demo_book, image):
    _check(f"demo-{name}-p1", image(render_report(demo_book, name, *period(name)), 0, dpi=DPI))


@pytest.mark.parametrize("name", sorted(_cases()))
def test_page_one_matches_golden(name, image):
    layout, data = _cases()[name]
    _check(name, image(render_register(layout, data), 0, dpi=DPI))


def _check(name: str, got: Image.Image) -> None:
    path = PICTURES / f"{name}.png"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        PICTURES.mkdir(parents=True, exist_ok=True)
        got.save(path, optimize=True)
    if not path.exists():
        pytest.fail(f"ไม่มีภาพต้นแบบ {path.name}: รันด้วย UPDATE_GOLDEN=1 แล้วตรวจภาพ")
    want = Image.open(path).convert("L")
    n = difference(got, want)
    assert n <= MAX_DIFFERENT, f"{name}: ภาพต่างจากต้นแบบ {n} จุด"


def _one_satang_more(data):
    first = data.rows[0]
    changed = dataclasses.replace(first, values=tuple(
        (k, v + 1 if k == "total" else v) for k, v in first.values))
    return dataclasses.replace(data, rows=(changed,) + data.rows[1:])


def test_one_satang_changed_fails_the_comparison(image):
    """The tolerance is tight enough that one amount one satang off fails (a 100-baht
    change passed the earlier comparison at 50 dpi with 25 pixels allowed)."""
    layout, data = _cases()["receipts-book-p1"]
    a = image(render_register(layout, data), 0, dpi=DPI)
    b = image(render_register(layout, _one_satang_more(data)), 0, dpi=DPI)
    assert not same(a, b), "one satang changed and the pictures compared equal"
    assert same(a, a.copy()) and same(a, image(render_register(layout, data), 0, dpi=DPI))


def test_one_satang_changed_in_the_demo_office_fails_its_golden(demo_book, image, monkeypatch):
    """The same, through the demo office's golden page: a receipt one satang higher."""
    from manualbook import reporting
    from manualbook.registers import books

    real = books.receipts_book

    def off_by_one(book, first, last):
        return _one_satang_more(real(book, first, last))

    monkeypatch.setattr(books, "receipts_book", off_by_one)
    assert reporting.report_data(demo_book, "receipts-book", *period("receipts-book")).rows[0].get("total") \
        == real(demo_book, *period("receipts-book")).rows[0].get("total") + 1
    got = image(render_report(demo_book, "receipts-book", *period("receipts-book")), 0, dpi=DPI)
    want = Image.open(PICTURES / "demo-receipts-book-p1.png").convert("L")
    assert difference(got, want) > MAX_DIFFERENT
