"""What the forms propose: the next receipt and voucher numbers, withholding tax,
account keys, a budget sheet's fiscal year, the transfer memo (as the command line words it)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from _support import new_book, payment, receipt, run_cli

from manualbook import budget, proposals


def test_next_voucher_follows_the_written_pattern(book):
    day = dt.date(2024, 7, 1)
    assert proposals.next_voucher(book, day) == "1"
    book.add(payment(number="111/2567"))
    book.add(payment(number="9/2567"))
    assert proposals.next_voucher(book, day) == "112/2567"
    assert proposals.next_voucher(book, dt.date(2024, 10, 1)) == "1"  # a new fiscal year starts again


def test_next_receipt_moves_to_a_book_with_numbers_left(book):
    assert proposals.next_receipt(book) == ("", "")
    book.register_receipt_book("1", 1, 2)
    book.register_receipt_book("2", 1, 50)
    book.add(receipt(book="1", number="1"))
    assert proposals.next_receipt(book) == ("1", "2")
    book.add(receipt(book="1", number="2"))
    assert proposals.next_receipt(book) == ("2", "1")


def test_withholding_tax_is_proposed_from_ten_thousand_baht():
    assert proposals.wht_on(10_700_00) == 100_00  # 1 % of the amount before 7 % VAT
    assert proposals.proposed_wht(10_700_00) == 100_00
    assert proposals.proposed_wht(9_999_99) == 0
    assert proposals.proposed_wht(10_000_00) == 93_46


def test_account_keys_come_from_the_number_and_never_repeat():
    taken = {"ACC7890"}
    assert proposals.account_key("123-4-56789-0", taken) == "ACC7890-2"
    assert proposals.account_key("999-4-56789-0", taken) == "ACC7890-3"
    assert proposals.account_key("ไม่มีเลข", taken) == "ACC1"
    assert taken == {"ACC7890", "ACC7890-2", "ACC7890-3", "ACC1"}


def test_a_sheet_names_its_fiscal_year_above_the_header():
    grid = SimpleNamespace(rows=[["รายงานงบประมาณ ปีงบประมาณ พ.ศ. ๒๕๖๘"], ["รหัส", "รายการ"], ["ปีงบประมาณ 2570"]])
    assert proposals.sheet_year(grid, SimpleNamespace(header_rows=(1,))) == 2568
    assert proposals.sheet_year(grid, SimpleNamespace(header_rows=(0,))) is None  # nothing above the header
    plain = SimpleNamespace(rows=[["ปีงบประมาณ2567"], ["รหัส"]])
    assert proposals.sheet_year(plain, SimpleNamespace(header_rows=(1,))) == 2567


def test_the_transfer_memo_is_worded_as_the_command_line_prints_it(tmp_path):
    args = ("L01", "L02", 1_500_00, dt.date(2024, 7, 2), "ปรับแผน")
    cli_book = new_book(tmp_path / "cli.sqlite3")
    cli_book.close()
    proc = run_cli("budget", "transfer", "L01", "L02", "1,500", "--date", "2/7/2567", "--reason", "ปรับแผน",
                   db=tmp_path / "cli.sqlite3", check=True)
    with new_book(tmp_path / "app.sqlite3") as app_book:
        memo = budget.transfer(app_book, *args)
    lines = proposals.transfer_memo(memo)
    assert list(lines) == proc.stdout.splitlines()
    assert lines[0].startswith("L01: ตั้งจ่ายไว้ 50,000.00 คงเหลือก่อนโอน 50,000.00 โอนครั้งนี้ -1,500.00")
