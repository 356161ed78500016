"""Every rule of the book refuses with a Thai message and writes nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from _support import B, entry_count, has_thai, payment, receipt, table_counts
from manualbook import budget
from manualbook.messages import BookError

D = lambda d, m=7, y=2024: dt.date(y, m, d)  # noqa: E731


def refused(book, fn, *args, code: str, **kw) -> str:
    """Calls fn, asserts a BookError with ``code`` and that no table gained or lost a row."""
    before = table_counts(book)
    with pytest.raises(BookError) as err:
        fn(*args, **kw)
    assert code in {err.value.code} | {p.code for p in err.value.problems}, err.value.text()
    assert table_counts(book) == before
    text = err.value.text()
    assert has_thai(text)
    return text


def summary(book, day):
    return book.summary(day)


def held(book, day, key):
    return dict(book.summary(day).balances.held)[key]


def line(book, day, key):
    return {s.key: s for s in book.summary(day).budget}[key]


# ------------------------------------------------------------------ dates


def test_date_before_start(book):
    text = refused(book, book.add, receipt(date="30/6/2567"), code="date_before_start")
    assert "30/6/2567" in text and "1/7/2567" in text


def test_closed_day_refuses_entries_on_and_before_it(book):
    book.add(receipt(date="1/7/2567"))
    book.close_day(D(2))
    for day in ("1/7/2567", "2/7/2567"):
        text = refused(book, book.add, receipt(date=day, amount="5"), code="date_closed")
        assert "2/7/2567" in text
    book.add(receipt(date="3/7/2567"))
    assert entry_count(book) == 2


def test_reversal_into_closed_day_refused_but_default_date_is_first_open_day(book):
    change = book.add(receipt(date="1/7/2567", amount="50"))
    book.close_day(D(2))
    refused(book, book.reverse, change.entries[0], "ผิด", D(2), code="date_closed")
    refused(book, book.reverse, change.entries[0], "ผิด", D(1), code="date_closed")
    rev = book.reverse(change.entries[0], "ใส่จำนวนผิด")
    assert book.entry(rev.entries[0]).date == D(3)


def test_close_day_twice_or_before_start(book):
    book.close_day(D(3))
    refused(book, book.close_day, D(3), code="close_already")
    refused(book, book.close_day, D(2), code="close_already")
    refused(book, book.close_day, D(30, 6), code="close_before_start")
    assert book.closed_through() == D(3)
    assert book.first_open_day() == D(4)


# ------------------------------------------------------------------ references


@pytest.mark.parametrize("values, code, named", [
    pytest.param(receipt(code="49999999"), "code_unknown", "49999999"),
    (payment(line="L99"), "line_unknown", "L99"),
    (receipt(account="NOPE", method="transfer"), "account_unknown", "NOPE"),
    (payment(account="NOPE", method="transfer"), "account_unknown", "NOPE"),
    ({"kind": "deposit", "date": "1/7/2567", "account": "NOPE", "amount": "5"}, "account_unknown", "NOPE"),
])
def test_unknown_references(book, values, code, named):
    assert named in refused(book, book.add, values, code=code)


def test_line_of_another_fiscal_year_is_unknown(book):
    # the lines are FY2567; a payment on 1/10/2567 is FY2568
    text = refused(book, book.add, payment(date="1/10/2567"), code="line_unknown")
    assert "2568" in text


def test_add_code_refusals(book):
    refused(book, book.add_code, "1234", "รหัสสั้น", code="code_bad")


def test_add_code_twice_refused(book):
    book.add_code("49999999", "รายได้อื่นของสำนักงาน")
    refused(book, book.add_code, "49999999", "ซ้ำ", code="code_exists")


def test_added_code_can_be_received(book):
    book.add_code("49999998", "รายได้เบ็ดเตล็ดอื่น")
    book.add(receipt(code="49999998", amount="12"))
    assert dict(book.summary(D(1)).by_code) == {"49999998": 1_200}


def test_set_opening_of_unknown_held_account(book):
    refused(book, book.set_opening, "held", "NOPE", 100, code="code_unknown")


# ------------------------------------------------------------------ uniqueness


def test_receipt_number_used_once(book):
    book.add(receipt(book="3", number="15"))
    text = refused(book, book.add, receipt(book="3", number="15", amount="7"), code="receipt_used")
    assert "3" in text and "15" in text
    book.add(receipt(book="4", number="15"))  # another book is fine


def test_void_uses_up_the_number(book):
    book.add({"kind": "void", "date": "1/7/2567", "book": "3", "number": "16", "description": "เขียนผิด"})
    refused(book, book.add, receipt(book="3", number="16"), code="receipt_used")
    book.add(receipt(book="3", number="17"))
    refused(book, book.add, {"kind": "void", "date": "2/7/2567", "book": "3", "number": "17",
                             "description": "x"}, code="receipt_used")


def test_receipt_number_used_twice_in_one_batch_names_the_row(book, tmp_path):
    from _support import write_csv
    f = write_csv(tmp_path / "dup.csv", [receipt(book="1", number="1"), receipt(book="1", number="1")])
    text = refused(book, book.import_file, f, code="receipt_used")
    assert "แถวที่ 3" in text and "แถวที่ 2" in text


def test_voucher_number_unique_within_fiscal_year_only(book):
    budget.import_lines(book, [__import__("_support").LineRow("L01", 10_000 * B)], 2568)
    book.add(payment(number="55/2567", date="1/7/2567"))
    text = refused(book, book.add, payment(number="55/2567", date="30/9/2567"), code="voucher_used")
    assert "55/2567" in text and "2567" in text
    book.add(payment(number="55/2567", date="1/10/2567"))  # FY2568: a new series
    assert entry_count(book) == 2


def test_slip_number_used_once_per_account(book):
    book.add({"kind": "deposit", "date": "1/7/2567", "account": "KTB", "amount": "5", "number": "S1"})
    text = refused(book, book.add, {"kind": "deposit", "date": "2/7/2567", "account": "KTB", "amount": "6",
                                    "number": "S1"}, code="slip_used")
    assert "S1" in text
    book.add({"kind": "withdraw", "date": "2/7/2567", "account": "KTB", "amount": "6", "number": "S1"})


# ------------------------------------------------------------------ budget and balances


def test_payment_over_remaining_budget_names_the_figures(book):
    book.add(payment(line="L02", amount="15,000", method="transfer", account="KTB", number="1"))
    text = refused(book, book.add, payment(line="L02", amount="5,000.01", method="transfer", account="KTB",
                                           number="2"), code="over_budget")
    assert "L02" in text and "5,000.00" in text and "5,000.01" in text and "0.01" in text
    book.add(payment(line="L02", amount="5,000", method="transfer", account="KTB", number="3"))
    assert line(book, D(1), "L02").remaining == 0


def test_budget_check_counts_spent_before_and_transfers(make_book):
    from _support import LineRow
    b = make_book(lines={})
    budget.import_lines(b, [LineRow("A", 1_400 * B, spent=400 * B), LineRow("C", 500 * B)], 2567)
    # contract: amount = the year's appropriation as set; spent before the start reduces what
    # remains and is not added to the appropriation; remaining = appropriated - spent - committed
    s = line(b, D(1), "A")
    assert (s.appropriated, s.spent, s.remaining) == (1_400 * B, 400 * B, 1_000 * B)
    budget.transfer(b, "C", "A", 100 * B, D(1), "โอนเพิ่ม")
    b.add(payment(line="A", amount="1,100", method="transfer", account="KTB"))
    refused(b, b.add, payment(line="A", amount="0.01", number="9", method="transfer", account="KTB"),
            code="over_budget")


def test_cash_below_zero_at_day_end_refused(book):
    text = refused(book, book.add, payment(amount="10,000.01"), code="below_zero")
    assert "เงินสด" in text and "1/7/2567" in text and "-0.01" in text


def test_cash_may_dip_within_a_day_if_it_ends_at_or_above_zero(book):
    book.post([_draft(book, payment(amount="12,000")), _draft(book, receipt(amount="2,000"))])
    assert book.summary(D(1)).balances.cash == 0


def test_bank_below_zero_refused(book):
    text = refused(book, book.add, {"kind": "withdraw", "date": "1/7/2567", "account": "KTB",
                                    "amount": "100,000.01"}, code="below_zero")
    assert "KTB" in text


def test_held_below_zero_refused(book):
    text = refused(book, book.add, payment(line="WHT", amount="1"), code="below_zero")
    assert "WHT" in text


def test_deposit_more_than_cash_refused(book):
    refused(book, book.add, {"kind": "deposit", "date": "1/7/2567", "account": "KTB", "amount": "10,000.01"},
            code="below_zero")


def test_reversing_a_receipt_that_was_spent_refused(book):
    r = book.add(receipt(amount="5,000", date="1/7/2567"))
    book.add(payment(amount="15,000", date="2/7/2567"))
    refused(book, book.reverse, r.entries[0], "ผิด", D(2), code="below_zero")


def test_backdated_payment_that_breaks_a_later_day_refused(book):
    book.add(payment(date="5/7/2567", amount="9,000", number="1"))
    before = table_counts(book)
    with pytest.raises(BookError) as err:
        book.add(payment(date="2/7/2567", amount="5,000", number="2"))  # 2/7 ends at 5,000; 5/7 at -4,000
    assert err.value.code == "below_zero"
    assert table_counts(book) == before
    assert book.verify().ok


# ------------------------------------------------------------------ entry fields


@pytest.mark.parametrize("values, code", [
    (payment(amount="100", wht="200"), "wht_too_big"),
    (payment(method="cheque", account="KTB"), "cheque_number"),
    (payment(method="transfer"), "cheque_account"),
    (receipt(method="transfer"), "transfer_account"),
    (receipt(method="cash", account="KTB"), "cash_no_account"),
    (receipt(amount="0"), "amount_zero"),
    (receipt(amount="-5"), "amount_negative"),
    ({"kind": "gift", "date": "1/7/2567"}, "kind_bad"),
    (receipt(date="8/7/2024"), "date_ce_year"),
    (receipt(line="L01"), "field_not_allowed"),
    (payment(party=""), "field_required"),
    (receipt(book="A1", number="1"), "receipt_number_bad"),
])
def test_field_level_refusals(book, values, code):
    with pytest.raises(BookError) as err:
        book.add(values)
    assert code in {p.code for p in err.value.problems}
    assert all(has_thai(p.text()) for p in err.value.problems)
    assert entry_count(book) == 0


# ------------------------------------------------------------------ reversals


def test_reverse_rules(book):
    r = book.add(receipt(amount="40")).entries[0]
    refused(book, book.reverse, r, "", code="reason_required")
    refused(book, book.reverse, r, "   ", code="reason_required")
    rev = book.reverse(r, "ผิด").entries[0]
    text = refused(book, book.reverse, r, "อีกครั้ง", code="already_reversed")
    assert rev in text
    refused(book, book.reverse, rev, "กลับการกลับ", code="reverse_reversal")
    refused(book, book.reverse, "ZZZZZZZZZZ", "x", code="entry_unknown")
    v = book.add({"kind": "void", "date": "1/7/2567", "book": "1", "number": "9", "description": "x"}).entries[0]
    refused(book, book.reverse, v, "x", code="reverse_void")
    r2 = book.add(receipt(amount="1", date="3/7/2567")).entries[0]
    refused(book, book.reverse, r2, "x", D(2), code="reverse_before")


def test_reversal_is_the_negative_and_nets_to_zero(book):
    p = book.add(payment(amount="1,000", wht="10", method="transfer", account="KTB")).entries[0]
    rev_id = book.reverse(p.lower(), "ฎีกาซ้ำ", D(2)).entries[0]  # IDs are read case-insensitively
    orig, rev = book.entry(p), book.entry(rev_id)
    assert (rev.kind, rev.base_kind, rev.reverses, rev.amount, rev.wht) == ("reversal", "payment", p, -100_000, -1_000)
    s = book.summary(D(2))
    assert s.balances.account("KTB") == 100_000 * B
    assert dict(s.balances.held)["WHT"] == 0
    assert line(book, D(2), "L01").spent == 0
    assert book.reversed_by() == {p: rev_id}
    assert orig.amount == 100_000


# ------------------------------------------------------------------ money outside the budget


def test_withholding_tax_lands_in_wht_account(book):
    book.add(payment(amount="10,700", wht="100", method="transfer", account="KTB"))
    s = book.summary(D(1))
    assert s.balances.account("KTB") == (100_000 - 10_600) * B
    assert dict(s.balances.held)["WHT"] == 100 * B
    assert line(book, D(1), "L01").spent == 10_700 * B  # gross charged to the line


def test_paying_over_withheld_tax_reduces_held_not_budget(book):
    book.add(payment(amount="10,700", wht="100", method="transfer", account="KTB", number="1"))
    spent = line(book, D(1), "L01").spent
    book.add(payment(line="WHT", amount="100", method="transfer", account="KTB", number="2", date="2/7/2567"))
    s = book.summary(D(2))
    assert dict(s.balances.held)["WHT"] == 0
    assert s.balances.account("KTB") == (100_000 - 10_700) * B
    assert line(book, D(2), "L01").spent == spent
    assert book.entry(list(book.entries(D(2), D(2)))[0].id).held == "WHT"
    refused(book, book.add, payment(line="WHT", amount="0.01", number="3", date="2/7/2567"), code="below_zero")


def test_receipt_to_a_held_account(book):
    book.add(receipt(code="GUARANTEE", amount="5,000"))
    s = book.summary(D(1))
    assert dict(s.balances.held)["GUARANTEE"] == 5_000 * B
    assert s.balances.cash == 15_000 * B
    assert dict(s.by_code) == {}  # not revenue
    book.add(payment(line="GUARANTEE", amount="5,000", date="2/7/2567"))
    assert dict(book.summary(D(2)).balances.held)["GUARANTEE"] == 0


# ------------------------------------------------------------------ openings and settings


def test_opening_corrections_recorded_until_first_close(book):
    book.set_opening("cash", "", 12_345 * B)
    book.set_opening("account", "KTB", 99_000 * B)
    assert book.summary(D(1)).balances.cash == 12_345 * B
    assert book.summary(D(1)).balances.account("KTB") == 99_000 * B
    cash_rows = [(r["target"], r["amount"]) for r in book.opening_history() if r["target"] == "cash"]
    assert cash_rows == [("cash", 10_000 * B), ("cash", 12_345 * B)]  # both kept
    book.close_day(D(1))
    refused(book, book.set_opening, "cash", "", 1, code="opening_locked")
    refused(book, book.add_account, "NEW", "ออมสิน", "1", 5 * B, code="opening_locked")
    book.add_account("NEW2", "ออมสิน", "2")  # an account without an opening is still fine
    with pytest.raises(sqlite3.IntegrityError):  # the database refuses too
        book.db.conn.execute("INSERT INTO openings (target, key, amount, recorded_at, clerk)"
                             " VALUES ('cash', '', 1, 'x', 'x')")


def test_held_account_opening_after_close_refused_in_thai(book):
    book.close_day(D(1))
    refused(book, book.add_held_account, "DEP2", "เงินประกันซอง", 100 * B, code="opening_locked")


def test_settings_are_dated_records(book):
    book.set_setting("finance_head", "นางเก่า", D(1))
    book.set_setting("finance_head", "นายใหม่", D(10))
    assert book.setting("finance_head", on=D(5)) == "นางเก่า"
    assert book.setting("finance_head", on=D(10)) == "นายใหม่"
    assert book.setting("finance_head") == "นายใหม่"
    assert book.settings_on(D(9))["finance_head"] == "นางเก่า"
    rows = book.db.conn.execute("SELECT value FROM settings WHERE key='finance_head' ORDER BY rec").fetchall()
    assert [r[0] for r in rows] == ["นางเก่า", "นายใหม่"]
    refused(book, book.set_setting, "nonsense", "x", code="setting_unknown")


def test_setting_without_date_takes_effect_on_first_open_day(book):
    book.set_setting("palad", "ก", D(1))
    book.close_day(D(4))
    book.set_setting("palad", "ข")
    assert book.setting("palad", on=D(4)) == "ก"
    assert book.setting("palad", on=D(5)) == "ข"


# ------------------------------------------------------------------ receipt books and cheques


def test_receipt_book_report_shows_gaps_and_voids(book):
    book.register_receipt_book("7", 1, 50)
    for n in (1, 2, 5):
        book.add(receipt(book="7", number=str(n)))
    book.add({"kind": "void", "date": "1/7/2567", "book": "7", "number": "6", "description": "เขียนผิด"})
    report = {r["book"]: r for r in book.receipt_book_report()}
    r = report["7"]
    assert (r["used"], r["voided"], r["gaps"], r["next"], r["last"]) == (3, 1, [3, 4], 7, 50)
    assert r["repeats"] == []


def test_cheques_not_collected(book):
    p = book.add(payment(method="cheque", account="KTB", cheque="10020001", date="2/7/2567")).entries[0]
    book.add(payment(method="transfer", account="KTB", number="2", date="2/7/2567"))
    assert book.cheques_not_collected(D(1)) == []
    assert [e.id for e in book.cheques_not_collected(D(2))] == [p]
    book.record_cheque_handed(p, D(4))
    assert [e.id for e in book.cheques_not_collected(D(3))] == [p]
    assert book.cheques_not_collected(D(4)) == []
    q = book.add(payment(method="cheque", account="KTB", cheque="10020002", number="3", date="5/7/2567")).entries[0]
    book.reverse(q, "เช็คเขียนผิด", D(6))
    assert [e.id for e in book.cheques_not_collected(D(5))] == [q]
    assert book.cheques_not_collected(D(6)) == []


def _draft(book, values):
    from manualbook.entry_fields import draft_from_values
    d, problems = draft_from_values(values)
    assert not problems, problems
    return d


def test_an_unused_receipt_book_has_no_gap(book):
    book.register_receipt_book("8", 1, 50)
    r = {r["book"]: r for r in book.receipt_book_report()}["8"]
    assert (r["used"], r["gaps"], r["next"]) == (0, [], 1)


@pytest.mark.parametrize("args, field, text", [
    (("", 1, 50), "เล่มที่", "ต้องระบุเล่มที่"),
    (("9", 0, 50), "เลขที่แรก", "ต้องตั้งแต่ 1"),
    (("9", 0, None), "เลขที่แรก", "ต้องตั้งแต่ 1"),
    (("9", 20, 10), "เลขที่สุดท้าย", "ต้องไม่น้อยกว่าเลขที่แรก"),
    (("7", 1, 50), "เล่มที่", "ไว้แล้ว"),
])
def test_receipt_book_registration_refused_in_thai(book, args, field, text):
    book.register_receipt_book("7", 1, 50)
    count = book.db["receipt_books"].count
    with pytest.raises(BookError) as err:
        book.register_receipt_book(*args)
    (p,) = err.value.problems
    assert p.field == field and text in p.message
    assert book.db["receipt_books"].count == count
