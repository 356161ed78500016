"""Issue 13, findings 1, 5 and 6 (input): what a hostile or careless file or form can no longer put in the book."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from _support import B, LineRow, entry_count, has_thai, payment, receipt, run_cli, table_counts, write_csv
from manualbook import budget
from manualbook.messages import BookError
from manualbook.model import EntryDraft
from manualbook.thaidate import format_short, parse_date

CONTROL = ["a\x01b", "x\x00", "\x1b[2Jเคลียร์จอ", "line\nbreak", "tab\t=1+1", "\r=1+1", "del\x7f", "c1\x85",
           "sep\u2028x"]


# ------------------------------------------------------------------ finding 1: control characters

@pytest.mark.parametrize("bad", CONTROL)
def test_import_refuses_control_characters_naming_row_and_field(book, tmp_path, bad):
    rows = [receipt(book="1", number="1"), receipt(book="1", number="2", party=bad)]
    before = table_counts(book)
    with pytest.raises(BookError) as err:
        book.import_file(write_csv(tmp_path / "c.csv", rows))
    text = err.value.text()
    assert "แถวที่ 3" in text and "ผู้ชำระ/ผู้รับ" in text and "อักขระควบคุม" in text, text
    assert "\x1b" not in text and "\x00" not in text  # a message never carries the character itself
    assert table_counts(book) == before


@pytest.mark.parametrize("field", ["party", "description", "code", "number", "cheque", "account"])
def test_single_entry_path_refuses_control_characters(book, field):
    values = {"party": payment(party="ร้าน\x01"), "description": payment(description="\t=1+1"),
              "code": receipt(code="41210008\x01"), "number": payment(number="5/2567\x0b"),
              "cheque": payment(method="cheque", account="KTB", cheque="1\x01"),
              "account": payment(method="transfer", account="KTB\x1f")}[field]
    with pytest.raises(BookError) as err:
        book.add(values)
    assert "อักขระควบคุม" in err.value.text()
    assert entry_count(book) == 0


def test_post_of_a_draft_made_in_code_is_held_to_the_same_rules(book):
    d = EntryDraft(kind="receipt", base_kind="receipt", date=dt.date(2024, 7, 1), amount=100 * B,
                   code="41210008", party="a\x01b", method="cash")
    with pytest.raises(BookError) as err:
        book.post(d)
    assert err.value.code == "text_control"
    assert entry_count(book) == 0


def test_reversal_reason_refuses_control_characters_but_copied_text_is_not_rechecked(book):
    eid = book.add(receipt(book="1", number="1")).entries[0]
    with pytest.raises(BookError) as err:
        book.reverse(eid, "ผิด\x07")
    assert err.value.code == "text_control"
    assert entry_count(book) == 1


@pytest.mark.parametrize("call", [
    lambda b: b.set_setting("finance_head", "นาง\x01ก"),
    lambda b: b.add_code("41999999", "รายได้\x0b"),
    lambda b: b.add_account("BAAC", "ธกส.\x1f", "123"),
    lambda b: b.add_held_account("RET", "ประกัน\x00"),
    lambda b: budget.transfer(b, "L01", "L02", 100 * B, dt.date(2024, 7, 1), "โอน\x1b"),
    lambda b: budget.commit(b, "PO-1", "L01", 100 * B, dt.date(2024, 7, 1), party="ร้าน\x02"),
    lambda b: budget.import_lines(b, [LineRow("L09", 100 * B, item="ซื้อ\x03ของ", source_row=4)], 2567),
])
def test_settings_codes_accounts_and_budget_refuse_control_characters(book, call):
    before = table_counts(book)
    with pytest.raises(BookError) as err:
        call(book)
    assert "อักขระควบคุม" in err.value.text()
    assert table_counts(book) == before


def test_budget_file_with_a_control_character_names_its_row(book, tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("line,item,amount\nL07,ค่าวัสดุ,100\nL08,ค่า\x01จ้าง,200\n", encoding="utf-8")
    proc = run_cli("budget", "import", path, "--year", "2567", db=book.path)
    assert proc.returncode == 1 and "แถวที่ 3" in proc.stderr and "อักขระควบคุม" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_overlong_text_is_refused(book):
    with pytest.raises(BookError) as err:
        book.add(receipt(party="ก" * 5000))
    assert err.value.code == "text_too_long"


# ------------------------------------------------------------------ finding 1: dates

def test_dates_after_today_are_refused_showing_the_clock_date(book, tmp_path):
    today = dt.date.today()
    tomorrow = format_short(today + dt.timedelta(days=1))
    for attempt in (lambda: book.add(receipt(date=tomorrow)),
                    lambda: book.import_file(write_csv(tmp_path / "f.csv", [receipt(date="29/7/2657")])),
                    lambda: book.close_day(today + dt.timedelta(days=1)),
                    lambda: budget.transfer(book, "L01", "L02", 1 * B, today + dt.timedelta(days=3), "โอน")):
        with pytest.raises(BookError) as err:
            attempt()
        assert err.value.code == "date_future" or "ยังมาไม่ถึง" in err.value.text()
        assert format_short(today) in err.value.text()  # the clock's own date, in case the clock is wrong
    assert book.closed_through() is None and entry_count(book) == 0


def test_reversal_dated_after_today_is_refused(book):
    eid = book.add(receipt(book="1", number="1")).entries[0]
    with pytest.raises(BookError) as err:
        book.reverse(eid, "ผิด", dt.date.today() + dt.timedelta(days=1))
    assert err.value.code == "date_future"


@pytest.mark.parametrize("value", ["1/1/9999", "9999-12-31", "31/12/9999", "1/1/2800", "2300-01-01",
                                   dt.datetime(9999, 12, 31), dt.date(2200, 1, 1)])
def test_absurd_years_are_refused_never_stored_as_another_year(value):
    with pytest.raises(BookError) as err:
        parse_date(value)
    assert err.value.code == "date_year_absurd", err.value.text()


def test_excel_date_cell_in_year_9999_is_refused_with_its_row(book, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["date", "kind", "code", "amount"])
    ws.append([dt.datetime(9999, 1, 1), "receipt", "41210008", 100])
    wb.save(tmp_path / "y.xlsx")
    with pytest.raises(BookError) as err:
        book.import_file(tmp_path / "y.xlsx")
    assert "แถวที่ 2" in err.value.text() and "9999" in err.value.text()
    assert entry_count(book) == 0


# ------------------------------------------------------------------ finding 5: document numbers

def test_receipt_numbers_written_four_ways_are_one_receipt(book, tmp_path):
    rows = [receipt(book="1", number=n) for n in ("12", "012", "１２", "١٢")]
    with pytest.raises(BookError) as err:
        book.import_file(write_csv(tmp_path / "n.csv", rows))
    used = [p for p in err.value.problems if p.code == "receipt_used"]
    assert [p.row for p in used] == [3, 4, 5], err.value.text()
    assert all("แถวที่ 2 ของแฟ้มนี้" in p.message for p in used)
    book.add(receipt(book="๐๑", number="๑๒"))
    e = next(book.entries())
    assert (e.book, e.number) == ("1", "12")
    with pytest.raises(BookError) as err:
        book.add(receipt(book="1", number="0012"))
    assert err.value.code == "receipt_used"


@pytest.mark.parametrize("number", ["²", "①", "12a", "1.5", "-3", "0", "000", "1234567890", "१२"])
def test_receipt_numbers_that_are_not_plain_digits_are_refused(book, number):
    with pytest.raises(BookError) as err:
        book.add(receipt(book="1", number=number))
    assert err.value.code == "receipt_number_bad", err.value.text()
    with pytest.raises(BookError):
        book.add({"kind": "void", "date": "1/7/2567", "book": number, "number": "1", "description": "x"})
    with pytest.raises(BookError):
        book.register_receipt_book(number, 1, 50)
    assert entry_count(book) == 0


def test_receipt_books_and_control_register_work_after_odd_numbers_were_refused(book, tmp_path):
    from manualbook.registers.control import receipt_control
    book.add(receipt(book="１", number="００７"))
    report = book.receipt_book_report()
    assert report[0]["book"] == "1" and report[0]["next"] == 8
    data = receipt_control(book, dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    assert data.rows


def test_a_receipt_number_an_older_version_let_in_no_longer_breaks_the_receipt_books(book):
    from manualbook.posting import Posting
    from manualbook.registers.control import receipt_control
    with book.writing():  # written as an older version did, without today's number rule
        posting = Posting(book)
        posting.add(EntryDraft(kind="receipt", base_kind="receipt", date=dt.date(2024, 7, 1), amount=100 * B,
                               code="41210008", book="3", number="²", method="cash"))
        posting.finish()
    book.add(receipt(book="3", number="1"))
    assert [r["book"] for r in book.receipt_book_report()] == ["3"]
    assert receipt_control(book, dt.date(2024, 7, 1), dt.date(2024, 7, 31)).rows
    proc = run_cli("receipt-books", db=book.path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


def test_voucher_and_slip_numbers_stay_free_text_but_compare_normalised(book):
    book.add(payment(number="１/２５６７"))
    assert next(book.entries()).number == "1/2567"
    with pytest.raises(BookError) as err:
        book.add(payment(number="1/2567"))
    assert err.value.code == "voucher_used"
    book.add({"kind": "deposit", "date": "1/7/2567", "account": "KTB", "amount": "10", "number": "ＴＲ０４０７"})
    with pytest.raises(BookError) as err:
        book.add({"kind": "deposit", "date": "1/7/2567", "account": "KTB", "amount": "10", "number": "TR0407"})
    assert err.value.code == "slip_used"


# ------------------------------------------------------------------ finding 6/8: files

def test_cp874_file_is_read(book, tmp_path):
    path = tmp_path / "tis.csv"
    text = "วันที่,ประเภท,เล่มที่,เลขที่,ผู้ชำระ/ผู้รับ,รหัสรายรับ,จำนวนเงิน\r\n1/7/2567,รับ,1,1,นายสมชาย ใจดี,41210008,100\r\n"
    path.write_bytes(text.encode("cp874"))
    book.import_file(path)
    assert next(book.entries()).party == "นายสมชาย ใจดี"


@pytest.mark.parametrize("data, code", [
    (b"\xff\xfed\x00a\x00t\x00e\x00\n\x00", "file_utf16"),
    (b"date,kind\n\x81\x82\x83,\xfc\xfd\n", "file_encoding"),
])
def test_undecodable_files_are_refused_with_save_as_utf8(book, tmp_path, data, code):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    with pytest.raises(BookError) as err:
        book.import_file(path)
    assert err.value.code == code and "CSV UTF-8" in err.value.text()


def test_cr_only_line_endings_are_read(book, tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes("date,kind,book,number,code,amount\r1/7/2567,receipt,1,1,41210008,100\r"
                     "1/7/2567,receipt,1,2,41210008,50\r".encode())
    assert len(book.import_file(path).entries) == 2


def test_a_field_over_the_csv_limit_is_a_thai_message(book, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text('date,kind,party\n1/7/2567,receipt,"' + "ก" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(BookError) as err:
        book.import_file(path)
    assert err.value.code == "csv_field_too_long" and "แถวที่ 2" in err.value.text()


@pytest.mark.parametrize("header", [["date", "kind", "amount", "amount"], ["date", "kind", "วันที่", "code"],
                                    ["วันที่ (date)", "kind", "date"]])
def test_duplicate_columns_are_refused(book, tmp_path, header):
    path = tmp_path / "dup.csv"
    path.write_text(",".join(header) + "\n" + ",".join(["1/7/2567", "receipt", "100", "41210008"][:len(header)])
                    + "\n", encoding="utf-8")
    with pytest.raises(BookError) as err:
        book.import_file(path)
    assert any(p.code == "column_duplicate" for p in err.value.problems), err.value.text()


def test_values_beyond_the_named_columns_are_refused(book, tmp_path):
    path = tmp_path / "shift.csv"
    path.write_text("date,kind,book,number,code,amount\n1/7/2567,receipt,1,1,41210008,1,234.50\n", encoding="utf-8")
    with pytest.raises(BookError) as err:
        book.import_file(path)
    assert err.value.problems[0].code == "row_extra_cells" and err.value.problems[0].row == 2


@pytest.mark.parametrize("amount", ["100 50", "1 2 3", "1,234 50", "100\u00a050"])
def test_space_split_amounts_are_refused(book, amount):
    with pytest.raises(BookError) as err:
        book.add(receipt(amount=amount))
    assert err.value.code == "amount_not_number"


def test_a_file_with_many_bad_rows_lists_the_first_100_and_counts_the_rest(book, tmp_path):
    rows = [receipt(book="1", number=str(i + 1), code="99999999") for i in range(1000)]
    with pytest.raises(BookError) as err:
        book.import_file(write_csv(tmp_path / "bad.csv", rows))
    assert len(err.value.problems) == 100 and err.value.more == 900
    text = err.value.text()
    assert "พบ 1,000 ปัญหา" in text and "อีก 900 ปัญหา" in text
    assert [p.row for p in err.value.problems] == list(range(2, 102))


def test_cli_import_of_a_bad_file_prints_thai_and_at_most_100_problems(book, tmp_path):
    rows = [receipt(book="1", number=str(i + 1), amount="abc") for i in range(300)]
    proc = run_cli("import", write_csv(tmp_path / "bad.csv", rows), db=book.path)
    assert proc.returncode == 1 and has_thai(proc.stderr)
    assert proc.stderr.count("แถวที่") == 100 and "อีก 200 ปัญหา" in proc.stderr
