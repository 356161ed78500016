"""Every register prints for the demo office, with the figures the books give."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from manualbook import ledger
from manualbook.book import Book
from manualbook.demo import build_demo
from manualbook.money import format_amount
from manualbook.reporting import REPORT_NAMES, render_report, report_data


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    build_demo(path)
    book = Book.open(path)
    yield book
    book.close()


def _text(pdf: bytes, tmp_path) -> str:
    f = tmp_path / "r.pdf"
    f.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_every_register_prints(demo, name, tmp_path):
    first, last = (dt.date(2024, 7, 10),) * 2 if name == "daily-status" else (dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    pdf = render_report(demo, name, first, last)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)
    assert "องค์การบริหารส่วนตำบลหนองบัวแดง" in text


def test_daily_status_figures_match_the_books(demo, tmp_path):
    day = dt.date(2024, 7, 10)
    text = _text(render_report(demo, "daily-status", day, day), tmp_path)
    bal = ledger.balances(demo.db, day)
    assert format_amount(bal.cash) in text
    for _, amount in bal.accounts:
        assert format_amount(amount) in text
    assert format_amount(sum(a for _, a in bal.accounts)) in text
    # a closed day carries the chain head of its close and no draft mark
    close = demo.close_on(day)
    assert close["chain_head"][:4] in text
    assert "ร่าง" not in text


def test_open_day_is_a_draft_on_every_page(demo, tmp_path):
    data = report_data(demo, "receipts-book", dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    assert data.draft  # 27-31 July are not closed in the demo
    data = report_data(demo, "receipts-book", dt.date(2024, 7, 1), dt.date(2024, 7, 26))
    assert not data.draft


def test_receipts_book_total_equals_receipts(demo):
    first, last = dt.date(2024, 7, 1), dt.date(2024, 7, 31)
    data = report_data(demo, "receipts-book", first, last)
    printed = sum(r.get("total", 0) for r in data.rows if r.kind == "detail")
    books = sum(e.amount for e in demo.entries(first, last) if e.base_kind == "receipt")
    assert printed == books and printed > 0


def test_cash_report_carries_forward(demo):
    data = report_data(demo, "cash-report", dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    by_label = {r.label: r.get("month") for r in data.rows if r.kind == "subtotal"}
    assert by_label["ยอดเงินสดและเงินฝากธนาคารยกมา"] + by_label["รายรับสูงกว่า (ต่ำกว่า) รายจ่าย"] \
        == by_label["ยอดเงินสดและเงินฝากธนาคารยกไป"]


def test_receipt_control_counts_to_the_end_of_the_period(demo):
    def rows(first, last):
        return {r.get("book"): r for r in report_data(demo, "receipt-control", first, last).rows}

    early = rows(dt.date(2024, 7, 1), dt.date(2024, 7, 5))
    month = rows(dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    for book_no, r in month.items():
        counted = sum(1 for e in demo.entries(None, dt.date(2024, 7, 31)) if e.kind == "receipt" and e.book == book_no)
        assert r.get("used") == counted
    used_early = {b: sum(1 for e in demo.entries(None, dt.date(2024, 7, 5)) if e.kind == "receipt" and e.book == b)
                  for b in early}
    assert {b: r.get("used") for b, r in early.items()} == used_early
    assert sum(used_early.values()) < sum(r.get("used") for r in month.values())
    # a book used to its last number says so instead of a number beyond the book
    assert (month["12"].get("range"), month["12"].get("used"), month["12"].get("voided")) == ("1-50", 49, "44")
    assert month["12"].get("next") == "ครบเล่ม" and early["12"].get("next") != "ครบเล่ม"


def test_budget_register_agrees_with_the_summary(demo):
    """The printed register, the summary, the app and the budget rules share one arithmetic."""
    from manualbook.registers.budget_register import budget_register_data

    last = dt.date(2024, 7, 31)
    items = budget_register_data(demo, 2567, dt.date(2024, 7, 1), last)
    statuses = {s.key: s for s in demo.summary(last).budget}
    assert {i["line"].key for i in items} == set(statuses)
    for item in items:
        s = statuses[item["line"].key]
        rows = item["rows"]
        assert sum(r["change"] for r in rows) == s.appropriated
        assert sum(r["paid"] for r in rows) == s.spent
        assert sum(r["commit"] for r in rows) == s.committed
        assert rows[-1]["remaining"] == s.remaining
        assert item["closing"] == {"change": s.appropriated, "commit": s.committed, "paid": s.spent,
                                   "remaining": s.remaining}


def test_year_to_date_counts_from_the_first_of_october(demo):
    """Books that start on 1/7/2567: the revenue register's and the cash report's
    year-to-date receipts are what the budget file says was received from 1/10/2566
    to the start, plus the book's receipts; expenses likewise include spent before."""
    last = dt.date(2024, 7, 31)
    before = dict(demo.db.conn.execute("SELECT code, received_before FROM revenue_estimates WHERE fy = 2567"))
    assert before["41210008"] == 30_655_00
    booked = {}
    for e in demo.entries(None, last):
        if e.base_kind == "receipt" and not e.held:
            booked[e.code] = booked.get(e.code, 0) + e.amount
    data = report_data(demo, "revenue-register", dt.date(2024, 7, 1), last)
    got = {r.get("code"): r.get("to_date") for r in data.rows}
    assert got == {c: before.get(c, 0) + booked.get(c, 0) for c in set(before) | set(booked)}
    assert any("1/10/2566" in n for n in data.footnotes)
    cash = report_data(demo, "cash-report", dt.date(2024, 7, 1), last)
    for r in cash.rows:
        if r.get("code") in got:
            assert r.get("to_date") == got[r.get("code")]
