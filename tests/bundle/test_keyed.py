"""Keyed tracking: ticks read back by entry ID, other books refused, later exports keep ticks."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil

import openpyxl
import pytest

from manualbook.book import Book
from manualbook.figures import summary_json
from manualbook.bundle import export
from manualbook.bundle_verify import verify_bundle
from manualbook.keyed import keyed_import, keyed_progress, record_day_totals
from manualbook.bundle_sheets import CHRONO_SHEET, DAYS_SHEET, HEADER_ROW
from manualbook.entry_fields import entries_template_xlsx
from manualbook.demo import build_demo
from manualbook.messages import BookError
from manualbook.model import EntryDraft
from manualbook.thaidate import format_short

from bundle_helpers import chrono_rows, edit_chrono


def _marks(book) -> int:
    return book.db.conn.execute("SELECT count(*) FROM keyed_marks").fetchone()[0]


def test_round_trip(book, stick, tmp_path):
    export(book, stick / "b1")
    assert verify_bundle(stick / "b1").ok
    work = tmp_path / "work.xlsx"  # the clerk works on a copy (the bundle stays verifiable)
    shutil.copyfile(stick / "b1" / "backfill.xlsx", work)
    rows = chrono_rows(work)
    first_ten = [r["id"] for r in rows[:10]]
    ticks = {eid: ("✓", f"RV67-{i:04d}") for i, eid in enumerate(first_ten, start=1)}
    edit_chrono(work, ticks, shuffle_seed=7)
    shuffled = [r["id"] for r in chrono_rows(work)]
    assert shuffled != [r["id"] for r in rows]  # the row order really changed
    before = summary_json(book.summary())["keyed"]["entries"]
    result = keyed_import(book, work)
    assert result.recorded == 10 and result.ticked == 10 and result.doc_numbers == 10
    assert summary_json(book.summary())["keyed"]["entries"] == before + 10
    marks = dict(book.db.conn.execute("SELECT entry_id, doc_no FROM keyed_marks"))
    assert {eid: marks[eid] for eid in first_ten} == {eid: d for eid, (_, d) in ticks.items()}
    # importing the same workbook again records nothing (only changes are recorded)
    n = _marks(book)
    assert keyed_import(book, work).recorded == 0 and _marks(book) == n
    progress = keyed_progress(book)
    assert progress.entries_keyed == 10 and progress.next_entry[0] == 11 and not progress.skipped

    # a new entry on an open day, then a second bundle beside the first
    book.post(EntryDraft(kind="receipt", base_kind="receipt", date=dt.date(2024, 7, 29), book="13",
                         number="200", party="นายใหม่ มาทีหลัง", code="41210008", amount=5_000, method="cash"))
    new_id = book.db.conn.execute("SELECT id FROM entries ORDER BY seq DESC LIMIT 1").fetchone()[0]
    r2 = export(book, stick / "b2")
    assert r2.new_entries == 1 and r2.manifest["previous"]["folder"] == "b1"
    assert r2.new_before_previous == 1  # dated 29/7, inside what b1 already covered
    rows2 = {r["id"]: r for r in chrono_rows(stick / "b2" / "backfill.xlsx")}
    for eid, (_, doc) in ticks.items():
        assert rows2[eid]["keyed"] == "✓" and rows2[eid]["doc_no"] == doc
    assert rows2[new_id]["new"] == "ใหม่"
    assert [eid for eid, r in rows2.items() if r["new"]] == [new_id]
    assert (stick / "LATEST.txt").read_text(encoding="utf-8").startswith("b2\n")
    assert verify_bundle(stick / "b1").ok and verify_bundle(stick / "b2").ok

    # un-ticking in the newer workbook is recorded; untouched ticked rows stay ticked
    work2 = tmp_path / "work2.xlsx"
    shutil.copyfile(stick / "b2" / "backfill.xlsx", work2)
    edit_chrono(work2, {}, shuffle_seed=3, untick={first_ten[0]})
    res = keyed_import(book, work2)
    assert res.unticked == 1 and res.recorded == 1
    assert keyed_progress(book).entries_keyed == 9
    assert keyed_progress(book).next_entry[1] == first_ten[0]
    # marks are append-only: nothing was updated or deleted
    assert _marks(book) == 11


def test_new_since_the_previous_bundle_holds_across_sticks(book, tmp_path):
    """The book records each bundle it wrote, so a fresh stick still knows the last one."""
    stick_a, stick_b = tmp_path / "a", tmp_path / "b"
    stick_a.mkdir()
    stick_b.mkdir()
    r1 = export(book, stick_a / "first")
    assert r1.manifest["previous"] is None
    recorded = list(book.db["exports"].rows)
    assert [r["folder"] for r in recorded] == ["first"] and recorded[0]["entries"] == r1.entries
    book.post(EntryDraft(kind="receipt", base_kind="receipt", date=dt.date(2024, 7, 29), book="13",
                         number="201", party="นายใหม่ มาทีหลัง", code="41210008", amount=7_000, method="cash"))
    r2 = export(book, stick_b / "second")  # nothing on this stick
    assert r2.manifest["previous"]["folder"] == "first"
    assert r2.new_entries == 1
    assert [r["folder"] for r in book.db["exports"].rows_where(order_by="rec")] == ["first", "second"]


def test_skipped_entries_and_duplicate_documents(book, stick, tmp_path):
    export(book, stick / "b1")
    work = tmp_path / "w.xlsx"
    shutil.copyfile(stick / "b1" / "backfill.xlsx", work)
    rows = chrono_rows(work)
    edit_chrono(work, {rows[0]["id"]: ("✓", "D1"), rows[2]["id"]: ("/", "D1")}, shuffle_seed=None)
    result = keyed_import(book, work)
    assert result.ticked == 2
    assert any("D1" in w for w in result.warnings)  # same e-LAAS number on two entries
    p = keyed_progress(book)
    assert [no for no, *_ in p.skipped] == [2]
    assert "ถูกข้ามไป" in p.text()
    assert p.days_partly and p.days_not


def test_doc_number_alone_counts_as_keyed(book, stick, tmp_path):
    export(book, stick / "b1")
    work = tmp_path / "w.xlsx"
    shutil.copyfile(stick / "b1" / "backfill.xlsx", work)
    first = chrono_rows(work)[0]["id"]
    edit_chrono(work, {first: (None, 1234)})
    assert keyed_import(book, work).ticked == 1
    assert book.db.conn.execute("SELECT doc_no FROM keyed_marks").fetchone()[0] == "1234"


def test_workbook_of_another_book_refused(book, stick, tmp_path):
    other_path = tmp_path / "other.sqlite3"
    build_demo(other_path)  # same organisation name, different book
    with Book.open(other_path) as other:
        export(other, stick / "other")
    work = tmp_path / "w.xlsx"
    shutil.copyfile(stick / "other" / "backfill.xlsx", work)
    n = _marks(book)
    with pytest.raises(BookError) as info:
        keyed_import(book, work)
    assert info.value.code == "keyed_other_book"
    assert "องค์การบริหารส่วนตำบลหนองบัวแดง" in info.value.text()
    assert _marks(book) == n


def test_unknown_ids_and_bad_ticks_refused_with_rows(book, stick, tmp_path):
    export(book, stick / "b1")
    work = tmp_path / "w.xlsx"
    shutil.copyfile(stick / "b1" / "backfill.xlsx", work)
    wb = openpyxl.load_workbook(work)
    ws = wb["ลำดับการบันทึก"]
    ws.cell(HEADER_ROW + 2, 2).value = "ZZZZZZZZZZ"
    ws.cell(HEADER_ROW + 3, 18).value = "maybe"
    ws.cell(HEADER_ROW + 4, 18).value = "✓"
    wb.save(work)
    n = _marks(book)
    with pytest.raises(BookError) as info:
        keyed_import(book, work)
    text = info.value.text()
    assert f"แถวที่ {HEADER_ROW + 2}" in text and "ZZZZZZZZZZ" in text
    assert f"แถวที่ {HEADER_ROW + 3}" in text and "maybe" in text
    assert _marks(book) == n  # all or nothing: the good tick was not recorded either


def test_not_a_bundle_workbook(book, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(entries_template_xlsx())
    with pytest.raises(BookError, match="ไม่ใช่แฟ้มบันทึกย้อนหลัง"):
        keyed_import(book, path)


def _day_sheet(path):
    wb = openpyxl.load_workbook(path)
    ws = wb[DAYS_SHEET]
    head = [c.value for c in ws[HEADER_ROW]]
    rows = [r for r in range(HEADER_ROW + 2, ws.max_row) if str(ws.cell(r, 1).value or "")[:1].isdigit()]
    return wb, ws, head, rows


def test_day_totals_reconciliation_is_kept_in_the_book(book, stick, tmp_path):
    export(book, stick / "b1")
    work = tmp_path / "w.xlsx"
    shutil.copyfile(stick / "b1" / "backfill.xlsx", work)
    wb, ws, head, day_rows = _day_sheet(work)
    rec_col, cash_col = head.index("รับตาม e-LAAS") + 1, head.index("เงินสดคงเหลือตาม e-LAAS") + 1
    good, bad = day_rows[0], day_rows[1]
    ws.cell(good, rec_col).value = float(ws.cell(good, head.index("รับ (ตัวเลข)") + 1).value)
    ws.cell(bad, rec_col).value = "1.00"
    ws.cell(bad, cash_col).value = ws.cell(bad, head.index("เงินสดคงเหลือยกไป") + 1).value
    ws.cell(day_rows[2], rec_col).value = "abc"
    wb.save(work)
    # a figure that cannot be read refuses the whole file, naming the sheet row
    with pytest.raises(BookError) as err:
        keyed_import(book, work)
    assert f"แถวที่ {day_rows[2]}" in str(err.value.text()) and "abc" in err.value.text()
    assert book.db["elaas_day_totals"].count == 0
    ws.cell(day_rows[2], rec_col).value = None
    wb.save(work)
    result = keyed_import(book, work)
    assert result.day_totals == 2
    assert len(result.unreconciled) == 1
    assert ws.cell(bad, 1).value in result.unreconciled[0] and "ยอดรับ" in result.unreconciled[0]
    # kept in the book: progress and summary show the day that does not reconcile
    progress = keyed_progress(book)
    bad_day = progress.unreconciled_dates[0]
    assert progress.days_checked == 2 and len(progress.unreconciled_dates) == 1
    assert format_short(bad_day) == ws.cell(bad, 1).value
    assert book.summary().days_unreconciled == (bad_day,)
    # the same workbook again records nothing new
    assert keyed_import(book, work).day_totals == 0
    # the next bundle carries the figures typed so far
    export(book, stick / "b2")
    _, ws2, head2, rows2 = _day_sheet(stick / "b2" / "backfill.xlsx")
    assert ws2.cell(rows2[1], head2.index("รับตาม e-LAAS") + 1).value == 1.0
    assert ws2.cell(rows2[2], head2.index("รับตาม e-LAAS") + 1).value is None
    # corrected in the app: reconciles
    figures = dict(book.db.conn.execute(
        "SELECT 'receipts', coalesce(sum(amount), 0) FROM entries WHERE base_kind = 'receipt' AND date = ?",
        (bad_day.isoformat(),)).fetchall())
    record_day_totals(book, bad_day, {"receipts": figures["receipts"], "cash": None})
    assert keyed_progress(book).unreconciled_dates == ()
    assert book.summary().days_unreconciled == ()


def test_day_totals_outside_the_keying_span_refused(book):
    before = book.org().since.replace(day=1) - dt.timedelta(days=400)
    with pytest.raises(BookError, match="นอกช่วงบันทึกย้อนหลัง"):
        record_day_totals(book, before, {"receipts": 100})
    assert book.db["elaas_day_totals"].count == 0


def test_cli_keyed_import(demo_path, stick, tmp_path, capsys):
    from manualbook.cli import main
    assert main(["--db", str(demo_path), "export", "--out", str(stick / "b1")]) == 0
    work = tmp_path / "w.xlsx"
    shutil.copyfile(stick / "b1" / "backfill.xlsx", work)
    edit_chrono(work, {chrono_rows(work)[0]["id"]: ("✓", "X-1")})
    capsys.readouterr()
    assert main(["--db", str(demo_path), "keyed", "import", str(work)]) == 0
    out = capsys.readouterr().out
    assert "บันทึกเข้า e-LAAS แล้ว 1 จาก" in out
    assert main(["--db", str(demo_path), "summary", "--json"]) == 0
    assert '"keyed": {"entries": 1' in capsys.readouterr().out


def test_entries_template_is_accepted_by_the_importer(book, tmp_path):
    data = entries_template_xlsx()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    headings = [c.value for c in ws[1]]
    assert headings[0] == "วันที่ (date)" and "ภาษีหัก ณ ที่จ่าย (wht)" in headings
    kinds = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    assert set(kinds) == {"รับ", "นำฝาก", "ถอน", "จ่าย", "ยกเลิก"}
    path = tmp_path / "template.xlsx"
    path.write_bytes(data)
    count = book.chain_head()[1]
    change = book.import_file(path)
    assert len(change.entries) == 5 and book.chain_head()[1] == count + 5
    assert book.verify().ok


def test_template_and_status_commands(demo_path, tmp_path, capsys):
    from types import SimpleNamespace
    from manualbook.cli.export import cmd_template
    from manualbook.cli.keyed import cmd_keyed_status
    out = tmp_path / "t.xlsx"
    assert cmd_template(SimpleNamespace(out=str(out), db=demo_path)) == 0
    assert out.read_bytes()[:2] == b"PK"
    with pytest.raises(BookError):
        cmd_template(SimpleNamespace(out=str(out), db=demo_path))
    with Book.open(demo_path) as b:
        to_key = sum(1 for e in b.entries(b.org().since))
    assert cmd_keyed_status(SimpleNamespace(db=demo_path)) == 0
    assert f"บันทึกเข้า e-LAAS แล้ว 0 จาก {to_key} รายการ" in capsys.readouterr().out


def test_summary_text_shows_days_keyed_and_unreconciled(demo_path, capsys):
    from manualbook.cli import main
    with Book.open(demo_path) as b:
        first = b.org().since
        record_day_totals(b, first, {"receipts": 1})
        day_count = len({e.date for e in b.entries(first)})
    capsys.readouterr()
    assert main(["--db", str(demo_path), "summary"]) == 0
    out = capsys.readouterr().out
    assert f"ครบ 0 จาก {day_count} วัน" in out
    assert f"ยอดรายวันไม่ตรงกับ e-LAAS: {format_short(first)}" in out
    assert main(["--db", str(demo_path), "summary", "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)["keyed"]) == {"entries", "of"}  # the contract's object


def test_keyed_import_reports_progress(book, stick, tmp_path):
    export(book, stick / "b1")
    work = tmp_path / "w.xlsx"
    wb = openpyxl.load_workbook(stick / "b1" / "backfill.xlsx")
    ws = wb[CHRONO_SHEET]
    for i in range(2_500):  # a long sheet: rows without an entry ID are read and passed over
        ws.append([f"หมายเหตุ {i}"])
    wb.save(work)
    seen = []
    result = keyed_import(book, work, progress=lambda done, total: seen.append((done, total)))
    assert result.recorded == 0
    assert [d for d, _ in seen] == [1000, 2000] and all(t >= 2_500 for _, t in seen)
