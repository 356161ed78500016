"""Exact text of every page of every register of the fixed demo office, in both digit
styles (pdftotext -layout), beside the picture tests. A changed figure, word, line break
or page break shows as a diff; UPDATE_SNAPSHOTS=1 rewrites tests/golden/text/."""

from __future__ import annotations

import datetime as dt

import pytest

from render_helpers import pdf_text, period
from manualbook.reporting import REPORT_NAMES, render_report

CASES = [(name, thai) for name in REPORT_NAMES for thai in (False, True)]
# the daily status also for a Saturday closed only with the Monday after it, and an open day
DAYS = [(dt.date(2024, 7, 6), False), (dt.date(2024, 7, 30), True)]


@pytest.mark.parametrize("name,thai", CASES, ids=[f"{n}{'-thai' if t else ''}" for n, t in CASES])
def test_every_page_of_every_register(name, thai, demo_book, text_snapshot):
    pdf = render_report(demo_book, name, *period(name), thai_digits=thai)
    text_snapshot(f"demo-{name}{'-thai' if thai else ''}", pdf_text(pdf))


@pytest.mark.parametrize("day,thai", DAYS, ids=[d.isoformat() for d, _ in DAYS])
def test_daily_status_of_other_days(day, thai, demo_book, text_snapshot):
    pdf = render_report(demo_book, "daily-status", day, day, thai_digits=thai)
    text_snapshot(f"demo-daily-status-{day.isoformat()}{'-thai' if thai else ''}", pdf_text(pdf))
