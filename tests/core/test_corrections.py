"""Corrections as new records: the organisation after the first close, a receipt book's range,
a budget line typed by hand; each refused in Thai with nothing written, and the same on the command line."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from _support import B, receipt, run_cli, table_counts
from manualbook import budget
from manualbook.messages import BookError

D = lambda d, m=7, y=2024: dt.date(y, m, d)  # noqa: E731


def refused(fn, *args, code, book, field=None, **kw):
    before = table_counts(book)
    with pytest.raises(BookError) as err:
        fn(*args, **kw)
    assert code in {p.code for p in err.value.problems}, err.value.text()
    if field:
        assert field in {p.field for p in err.value.problems}
    assert table_counts(book) == before
    return err.value.text()


# ------------------------------------------------------------------ the organisation
def test_org_name_corrected_after_the_first_close_as_a_dated_record(book):
    book.close_day(D(3))
    book.update_org(name="องค์การบริหารส่วนตำบลหนองบัวแดง")
    assert book.org().name == "องค์การบริหารส่วนตำบลหนองบัวแดง"
    assert book.org_on(D(3)).name == "อบต.ทดสอบ"          # closed days keep the name they were printed with
    assert book.org_on(D(4)).name == "องค์การบริหารส่วนตำบลหนองบัวแดง"  # from the first open day
    rows = book.db.conn.execute("SELECT name, effective FROM org_records ORDER BY rec").fetchall()
    assert [tuple(r) for r in rows] == [("อบต.ทดสอบ", ""), ("องค์การบริหารส่วนตำบลหนองบัวแดง", "2024-07-04")]
    with pytest.raises(sqlite3.IntegrityError):
        book.db.conn.execute("UPDATE org_records SET name = 'x'")


def test_a_misspelt_name_may_be_corrected_back_to_the_start(book):
    book.close_day(D(3))
    book.update_org(name="อบต.ทดสอบดี", effective=D(1))
    assert book.org_on(D(1)).name == book.org_on(D(9)).name == "อบต.ทดสอบดี"


def test_org_dates_locked_after_the_first_close_and_other_refusals(book):
    book.update_org(since=D(5))  # before the first close the dates may still change
    assert book.org().since == D(5)
    book.close_day(D(2))
    text = refused(book.update_org, code="org_dates_locked", book=book, field="start", start=D(2))
    assert "วันเริ่มสมุด" in text
    refused(book.update_org, code="org_dates_locked", book=book, since=D(6))
    refused(book.update_org, code="org_name_missing", book=book, field="name", name="  ")
    refused(book.update_org, code="org_unchanged", book=book, name="อบต.ทดสอบ")
    refused(book.update_org, code="org_effective_before_start", book=book, name="ใหม่", effective=D(30, 6))


def test_org_set_on_the_command_line(book, tmp_path):
    path = book.path
    book.close_day(D(3))
    book.close()
    out = run_cli("org", "set", "--name", "อบต.หนองบัว", "--lao-code", "6330801", db=path)
    assert out.returncode == 0 and "อบต.หนองบัว" in out.stdout and "มีผลตั้งแต่ 4/7/2567" in out.stdout
    out = run_cli("org", "set", "--start", "2/7/2567", db=path)
    assert out.returncode == 1 and "แก้วันเริ่มสมุด" in out.stderr


# ------------------------------------------------------------------ receipt books
def test_a_receipt_book_gets_its_range_after_the_fact(book):
    for n in (1, 2, 4):
        book.add(receipt(book="14", number=str(n)))
    report = {r["book"]: r for r in book.receipt_book_report()}["14"]
    assert report["last"] is None and not report["full"]
    book.set_receipt_book_range("14", 1, 4)
    report = {r["book"]: r for r in book.receipt_book_report()}["14"]
    assert (report["first"], report["last"], report["gaps"], report["full"]) == (1, 4, [3], True)
    book.set_receipt_book_range("14", 1, 50)  # corrected again: the latest record wins
    assert {r["book"]: r for r in book.receipt_book_report()}["14"]["last"] == 50
    assert book.db.conn.execute("SELECT count(*) FROM receipt_book_ranges").fetchone()[0] == 2


def test_a_range_that_leaves_out_a_used_number_is_refused(book):
    for n in (1, 2, 7):
        book.add(receipt(book="14", number=str(n)))
    text = refused(book.set_receipt_book_range, "14", 1, 5, code="range_leaves_out", book=book, field="last")
    assert "7" in text and "1–5" in text
    refused(book.set_receipt_book_range, "14", 2, 50, code="range_leaves_out", book=book, field="first")
    refused(book.set_receipt_book_range, "99", 1, 50, code="range_book_unknown", book=book)
    refused(book.set_receipt_book_range, "14", 5, 4, code="receipt_book_range", book=book)
    refused(book.set_receipt_book_range, "14", 0, 4, code="receipt_book_first", book=book)


def test_receipt_book_range_on_the_command_line(book):
    book.add(receipt(book="14", number="1"))
    path = book.path
    book.close()
    out = run_cli("receipt-books", "--range", "14", "--first", "1", "--last", "50", db=path)
    assert out.returncode == 0 and "เล่มที่ 14: เลขที่ 1-50" in out.stdout


# ------------------------------------------------------------------ a budget line typed by hand
def test_add_a_budget_line_with_the_budget_files_columns(book):
    budget.add_line(book, 2567, "L09", "โครงการซ่อมถนน หมู่ 3", 300_000 * B, plan="เคหะและชุมชน",
                    work="งานก่อสร้าง", group="งบลงทุน", category="ค่าที่ดินและสิ่งก่อสร้าง", code="5410100",
                    spent=100_000 * B, committed=20_000 * B)
    (line,) = [x for x in budget.lines(book, 2567) if x.key == "L09"]
    assert (line.item, line.plan, line.work, line.group, line.category, line.code) == (
        "โครงการซ่อมถนน หมู่ 3", "เคหะและชุมชน", "งานก่อสร้าง", "งบลงทุน", "ค่าที่ดินและสิ่งก่อสร้าง", "5410100")
    assert (line.spent_before, line.committed_before) == (100_000 * B, 20_000 * B)
    # stored exactly as the same row of a budget file would be
    from _support import LineRow
    other = budget.import_lines(book, [LineRow("L10", 300_000 * B, 100_000 * B, 20_000 * B)], 2567)
    assert other.budget
    statuses = {s.key: s for s in book.summary(D(1)).budget}
    assert statuses["L09"].remaining == statuses["L10"].remaining


def test_add_line_refusals_name_their_field(book):
    refused(budget.add_line, book, 2567, "L01", "ซ้ำ", 1 * B, code="line_exists", book=book, field="key")
    refused(budget.add_line, book, 2567, "L 9", "ชื่อ", 1 * B, code="key_bad", book=book, field="key")
    refused(budget.add_line, book, 2567, "L09", " ", 1 * B, code="item_missing", book=book, field="item")
    refused(budget.add_line, book, 2567, "L09", "ชื่อ", 1 * B, spent=2 * B, code="spent_over", book=book,
            field="spent")


def test_add_line_on_the_command_line(book):
    path = book.path
    book.close()
    out = run_cli("budget", "add-line", "L09", "--item", "ค่าซ่อมแซม", "--amount", "12,000", "--year", "2567", db=path)
    assert out.returncode == 0 and "L09" in out.stdout and "12,000.00" in out.stdout
    out = run_cli("budget", "add-line", "L09", "--item", "ค่าซ่อมแซม", "--amount", "1", "--year", "2567", db=path)
    assert out.returncode == 1 and "มีรายการงบ \"L09\"" in out.stderr


def test_corrections_refuse_control_characters_and_future_dates(book):
    with pytest.raises(BookError) as err:
        book.update_org(name="อบต.\x01ทดสอบ")
    assert "ชื่อหน่วยงาน" in err.value.text()
    future = dt.date.today() + dt.timedelta(days=3)
    with pytest.raises(BookError) as err:
        book.update_org(name="อบต.ใหม่", effective=future)
    assert err.value.code == "date_future"
    with pytest.raises(BookError) as err:
        budget.add_line(book, 2567, "L09", "\t=1+1", 1 * B)
    assert "รายการ/โครงการ" in err.value.text()
    assert book.org().name == "อบต.ทดสอบ" and not [x for x in budget.lines(book, 2567) if x.key == "L09"]
