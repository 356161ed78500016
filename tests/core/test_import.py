"""Entries files: CSV and XLSX, headings in English or Thai, all or nothing."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from _support import B, entry_count, has_thai, payment, receipt, table_counts, write_csv
from manualbook.entry_fields import COLUMNS
from manualbook.messages import BookError
from manualbook.thaidate import format_short

D = lambda d: dt.date(2024, 7, d)  # noqa: E731
COLS = ["date", "kind", "book", "number", "party", "code", "line", "description", "amount", "wht", "method",
        "account", "cheque"]

MIXED = [
    receipt(date="1/7/2567", book="1", number="1", amount="1,234.50"),
    receipt(date="1/7/2567", book="1", number="2", amount="100", code="41100001"),
    {"kind": "deposit", "date": "1/7/2567", "account": "KTB", "amount": "1,000", "number": "S1"},
    {"kind": "withdraw", "date": "2/7/2567", "account": "KTB", "amount": "500"},
    payment(date="2/7/2567", number="7/2567", amount="1,070", wht="10", method="transfer", account="KTB"),
    {"kind": "void", "date": "2/7/2567", "book": "1", "number": "3", "description": "เขียนผิด"},
    receipt(date="3/7/2567", amount="50", method="transfer", account="KTB", code="41100003"),
]


def _expect_mixed(book):
    s = book.summary(D(3))
    assert s.entries == 7
    assert s.balances.cash == 10_000 * B + 1_334_50 - 1_000 * B + 500 * B
    assert s.balances.account("KTB") == 100_000 * B + 1_000 * B - 500 * B - 1_060 * B + 50 * B
    assert dict(s.balances.held)["WHT"] == 10 * B
    assert dict(s.by_code) == {"41210008": 1_234_50, "41100001": 100 * B, "41100003": 50 * B}
    assert {l.key: l.spent for l in s.budget}["L01"] == 1_070 * B


@pytest.mark.parametrize("bom", [False, True])
def test_csv_english_headings(book, tmp_path, bom):
    change = book.import_file(write_csv(tmp_path / "e.csv", MIXED, COLS, bom=bom))
    assert len(change.entries) == 7
    assert change.days == (D(1), D(2), D(3))
    _expect_mixed(book)
    assert book.verify().ok


THAI_KIND = {"receipt": "รับ", "deposit": "นำฝาก", "withdraw": "ถอน", "payment": "จ่าย", "void": "ยกเลิก"}
THAI_METHOD = {"transfer": "โอน", "cash": "เงินสด", "cheque": "เช็ค"}


@pytest.mark.parametrize("bom, style", [(True, "thai"), (False, "thai"), (True, "both")])
def test_csv_thai_headings_and_words(book, tmp_path, bom, style):
    rows = []
    for r in MIXED:
        r = dict(r, kind=THAI_KIND[r["kind"]])
        if "method" in r:
            r["method"] = THAI_METHOD[r["method"]]
        rows.append(r)
    heading = {k: (COLUMNS[k] if style == "thai" else f"{COLUMNS[k]} ({k})") for k in COLS}
    path = tmp_path / "t.csv"
    write_csv(path, [{heading[k]: v for k, v in r.items()} for r in rows], [heading[k] for k in COLS], bom=bom)
    book.import_file(path)
    _expect_mixed(book)


def _xlsx(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_xlsx_with_be_date_cells_and_numbers(book, tmp_path):
    path = _xlsx(tmp_path / "e.xlsx", ["วันที่", "ประเภท", "เล่มที่", "เลขที่", "ผู้ชำระ/ผู้รับ", "รหัสรายรับ",
                                       "รายการงบ", "จำนวนเงิน", "ภาษีหัก ณ ที่จ่าย", "วิธีรับจ่าย", "บัญชี"], [
        [dt.datetime(2567, 7, 8), "รับ", 12, 1, "นายก", 41210008, None, 1234.5, None, None, None],  # BE date cell
        [dt.date(2024, 7, 8), "receipt", 12, 2.0, "นายข", "41100001", None, 100, None, None, None],  # CE date cell
        ["9/7/2567", "จ่าย", None, "5/2567", "ร้าน", None, "L01", 1070, 10, "โอน", "KTB"],
        [None, None, None, None, None, None, None, None, None, None, None],  # blank rows are skipped
        ["๑๐/๗/๒๕๖๗", "นำฝาก", None, None, None, None, None, "๑,๐๐๐.๐๐", None, None, "KTB"],
    ])
    change = book.import_file(path)
    assert len(change.entries) == 4
    got = [(e.date, e.kind, e.book, e.number, e.amount) for e in book.entries()]
    assert got == [(D(8), "receipt", "12", "1", 1_234_50), (D(8), "receipt", "12", "2", 100 * B),
                   (D(9), "payment", "", "5/2567", 1_070 * B), (D(10), "deposit", "", "", 1_000 * B)]
    assert dict(book.summary(D(10)).balances.held)["WHT"] == 10 * B


def test_xlsx_float_cell_not_whole_satang_refused_with_row(book, tmp_path):
    path = _xlsx(tmp_path / "f.xlsx", ["date", "kind", "code", "amount"], [
        ["1/7/2567", "receipt", "41210008", 10.5],
        ["1/7/2567", "receipt", "41210008", 10.005],
    ])
    with pytest.raises(BookError) as err:
        book.import_file(path)
    assert [(p.row, p.code) for p in err.value.problems] == [(3, "amount_fraction")]
    assert entry_count(book) == 0


# ------------------------------------------------------------------ all or nothing


def test_several_bad_rows_all_listed_nothing_written(book, tmp_path):
    rows = [
        receipt(book="1", number="1"),                           # 2 good
        receipt(book="1", number="2", amount="12.345"),          # 3 three decimals
        receipt(book="1", number="3"),                           # 4 good
        receipt(book="1", number="4", date="31/6/2567"),         # 5 no such day
        receipt(book="1", number="5", date="5/7/2024"),          # 6 CE year
        payment(number="1", amount="-5"),                        # 7 negative
        {"kind": "โอนเงิน", "date": "1/7/2567", "amount": "5"},    # 8 unknown kind
        payment(number="2", wht="200", amount="100"),            # 9 wht > amount
    ]
    path = write_csv(tmp_path / "bad.csv", rows, COLS)
    before = table_counts(book)
    with pytest.raises(BookError) as err:
        book.import_file(path)
    assert table_counts(book) == before
    rows_named = sorted({p.row for p in err.value.problems})
    assert rows_named == [3, 5, 6, 7, 8, 9]
    text = err.value.text()
    for n in rows_named:
        assert f"แถวที่ {n}:" in text
    assert err.value.headline and err.value.headline.code == "import_refused"
    assert has_thai(text)
    # a refused file may be imported once fixed: it was not recorded as imported
    book.import_file(write_csv(tmp_path / "good.csv", [rows[0], rows[2]], COLS))
    assert entry_count(book) == 2


def test_rule_problems_in_several_rows_all_listed(book, tmp_path):
    book.add(receipt(book="1", number="1"))
    rows = [
        payment(line="L99"),                                     # 2 unknown line
        receipt(account="NOPE", method="transfer"),              # 3 unknown account
        receipt(book="1", number="1"),                           # 4 number used in the book
        receipt(date="30/6/2567"),                               # 5 before start
        receipt(book="1", number="2"),                           # 6 good
    ]
    with pytest.raises(BookError) as err:
        book.import_file(write_csv(tmp_path / "r.csv", rows, COLS))
    assert sorted({p.row for p in err.value.problems}) == [2, 3, 4, 5]
    assert {p.code for p in err.value.problems} == {"line_unknown", "account_unknown", "receipt_used",
                                                    "date_before_start"}
    assert entry_count(book) == 1


def test_field_and_rule_problems_reported_together(book, tmp_path):
    rows = [receipt(amount="abc"), payment(line="L99")]
    with pytest.raises(BookError) as err:
        book.import_file(write_csv(tmp_path / "both.csv", rows, COLS))
    assert sorted({p.row for p in err.value.problems}) == [2, 3]


def test_closed_day_rows_refused(book, tmp_path):
    book.close_day(D(2))
    rows = [receipt(date="3/7/2567"), receipt(date="2/7/2567", amount="5")]
    with pytest.raises(BookError) as err:
        book.import_file(write_csv(tmp_path / "c.csv", rows, COLS))
    assert [(p.row, p.code) for p in err.value.problems] == [(3, "date_closed")]
    assert entry_count(book) == 0


def test_same_file_twice_refused_naming_the_first_import(book, tmp_path):
    path = write_csv(tmp_path / "once.csv", MIXED, COLS)
    book.import_file(path)
    before = table_counts(book)
    with pytest.raises(BookError) as err:
        book.import_file(path)
    assert err.value.code == "already_imported"
    assert format_short(dt.date.today()) in err.value.text()
    assert "once.csv" in err.value.text()
    # the same bytes under another name are the same file
    other = tmp_path / "renamed.csv"
    shutil.copy(path, other)
    with pytest.raises(BookError) as err:
        book.import_file(other)
    assert err.value.code == "already_imported" and "once.csv" in err.value.text()
    assert table_counts(book) == before


def test_payments_in_file_order_exhaust_a_line(book, tmp_path):
    rows = [payment(line="L02", number=str(n), amount="8,000", method="transfer", account="KTB") for n in (1, 2, 3)]
    with pytest.raises(BookError) as err:
        book.import_file(write_csv(tmp_path / "b.csv", rows, COLS))
    [problem] = err.value.problems
    assert (problem.row, problem.code) == (4, "over_budget")
    assert "4,000.00" in problem.text() and "8,000.00" in problem.text() and "L02" in problem.text()
    assert entry_count(book) == 0


def test_balance_below_zero_within_the_file_named(book, tmp_path):
    rows = [
        payment(number="1", amount="6,000", date="1/7/2567"),
        receipt(amount="500", date="2/7/2567"),
        payment(number="2", amount="6,000", date="2/7/2567"),   # cash 10,000 - 6,000 + 500 - 6,000 < 0
        payment(number="3", amount="1", date="3/7/2567"),
    ]
    with pytest.raises(BookError) as err:
        book.import_file(write_csv(tmp_path / "z.csv", rows, COLS))
    [problem] = err.value.problems
    assert (problem.row, problem.code) == (4, "below_zero")
    assert "เงินสด" in problem.text() and "2/7/2567" in problem.text() and "-1,500.00" in problem.text()
    assert entry_count(book) == 0


def test_duplicate_voucher_within_file_names_both_rows(book, tmp_path):
    rows = [payment(number="9/2567"), payment(number="9/2567", amount="5")]
    with pytest.raises(BookError) as err:
        book.import_file(write_csv(tmp_path / "v.csv", rows, COLS))
    [problem] = err.value.problems
    assert problem.row == 3 and "แถวที่ 2" in problem.text() and problem.code == "voucher_used"


@pytest.mark.parametrize("name, content, code", [
    ("x.csv", "date,kind,colour\n1/7/2567,receipt,red\n", "column_unknown"),
    ("x.csv", "kind,amount\nreceipt,5\n", "column_missing"),
    ("x.csv", "", "file_empty"),
    ("x.csv", "date,kind\n", "file_empty"),
    ("x.txt", "date,kind\n", "file_type"),
])
def test_file_level_refusals(book, tmp_path, name, content, code):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BookError) as err:
        book.import_file(path)
    assert code in {p.code for p in err.value.problems}
    assert entry_count(book) == 0 and book.db.conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_missing_file(book, tmp_path):
    with pytest.raises(BookError) as err:
        book.import_file(tmp_path / "nope.csv")
    assert err.value.code == "file_missing"


def test_row_numbers_count_blank_lines(book, tmp_path):
    path = tmp_path / "gap.csv"
    path.write_text("date,kind,code,amount\n1/7/2567,receipt,41210008,5\n,,,\n1/7/2567,receipt,41210008,x\n",
                    encoding="utf-8")
    with pytest.raises(BookError) as err:
        book.import_file(path)
    assert [p.row for p in err.value.problems] == [4]
