"""The budget screen's figures follow the contract's budget arithmetic (no widgets):
ตั้งไว้ is the year's appropriation as set; spent before the books' start is spent."""

from __future__ import annotations

from manualbook.book import Book
from manualbook.demo import build_demo
from manualbook_ui.budget_view import load_budget


def test_budget_screen_figures_are_the_summarys(tmp_path):
    path = tmp_path / "demo.sqlite3"
    build_demo(path)
    with Book.open(path) as book:
        data = load_budget(book, 2567)
        summary = {s.key: s for s in book.summary().budget}
    rows = {r.key: r for r in data.lines}
    assert set(rows) == set(summary)
    for key, r in rows.items():
        s = summary[key]
        assert (r.appropriated, r.spent, r.committed, r.remaining) == (s.appropriated, s.spent, s.committed,
                                                                       s.remaining)
    # L01: ตั้งไว้ 2,400,000.00, spent 1,800,000.00 before 1/7/2567 and 298,640.00 since
    assert (rows["L01"].appropriated, rows["L01"].spent, rows["L01"].remaining) == (2_400_000_00, 2_098_640_00,
                                                                                   301_360_00)
    # open commitments the screen lists: PO-15/2567 half paid, PO-21/2567 untouched
    assert {c.key: c.outstanding for c in data.commitments} == {"PO-15/2567": 249_000_00, "PO-21/2567": 38_500_00}
