"""Counts and totals net of reversals, said one way (home, day close, entries list)."""

from __future__ import annotations

import datetime as dt

from _support import payment, receipt
from manualbook.figures import day_figures, describe, totals

D = lambda d: dt.date(2024, 7, d)  # noqa: E731


def test_a_payment_reversed_the_same_day_is_neither_counted_nor_summed(book):
    book.add(payment(number="1/2567", amount="1,700", date="2/7/2567"))
    wrong = book.add(payment(number="2/2567", amount="4,000", date="2/7/2567")).entries[0]
    book.reverse(wrong, "จำนวนเงินผิด", D(2))
    t = day_figures(book, D(2))["payment"]
    assert (t.count, t.amount, t.reversed, t.earlier_reversed) == (1, 1_700_00, 1, 0)
    assert describe(t) == "จ่ายเงิน 1 ฎีกา 1,700.00 บาท (ไม่นับ 1 ฎีกาที่กลับรายการแล้ว)"


def test_a_reversal_of_an_earlier_day_takes_its_amount_off_and_is_named(book):
    first = book.add(receipt(book="1", number="1", amount="500", date="1/7/2567")).entries[0]
    book.add(receipt(book="1", number="2", amount="300", date="2/7/2567"))
    book.reverse(first, "ผิด", D(2))
    t = day_figures(book, D(2))["receipt"]
    assert (t.count, t.amount, t.earlier_reversed) == (1, -200_00, 1)
    assert describe(t) == "รับเงิน 1 ใบเสร็จ -200.00 บาท (หักกลับรายการของวันก่อน 1 รายการ)"
    month = day_figures(book, D(1), D(31))["receipt"]  # over both days the pair cancels
    assert (month.count, month.amount, month.reversed) == (1, 300_00, 1)


def test_counts_with_separators_and_voids(book):
    t = totals([], {})
    assert describe(t["deposit"]) == "นำฝากธนาคาร 0 รายการ 0.00 บาท"
    from manualbook.figures import KindTotal, count_text
    assert count_text("receipt", 20_001) == "20,001 ใบเสร็จ"
    assert describe(KindTotal("void", 3)) == "ยกเลิกใบเสร็จ 3 ใบ"
