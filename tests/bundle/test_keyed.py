"""Keyed tracking: ticks read back by entry ID, other books refused, later exports keep ticks."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import openpyxl
import pytest

from manualbook.book import Book, summary_json
from manualbook.bundle import export, keyed_import, keyed_progress, verify_bundle
from manualbook.bundle_sheets import DAYS_SHEET, HEADER_ROW, entries_template_xlsx
from manualbook.demo import build_demo
from manualbook.messages import BookError
from manualbook.model import EntryDraft

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


def test_day_totals_reconciliation(book, stick, tmp_path):
    export(book, stick / "b1")
    work = tmp_path / "w.xlsx"
    shutil.copyfile(stick / "b1" / "backfill.xlsx", work)
    wb = openpyxl.load_workbook(work)
    ws = wb[DAYS_SHEET]
    head = [c.value for c in ws[HEADER_ROW]]
    rec_col, cash_col = head.index("รับตาม e-LAAS") + 1, head.index("เงินสดคงเหลือตาม e-LAAS") + 1
    day_rows = [r for r in range(HEADER_ROW + 2, ws.max_row) if str(ws.cell(r, 1).value or "")[:1].isdigit()]
    good, bad = day_rows[0], day_rows[1]
    ws.cell(good, rec_col).value = float(ws.cell(good, head.index("รับ (ตัวเลข)") + 1).value)
    ws.cell(bad, rec_col).value = "1.00"
    ws.cell(bad, cash_col).value = ws.cell(bad, head.index("เงินสดคงเหลือยกไป") + 1).value
    ws.cell(day_rows[2], rec_col).value = "abc"
    wb.save(work)
    result = keyed_import(book, work)
    assert len(result.unreconciled) == 2
    assert ws.cell(bad, 1).value in result.unreconciled[0] and "ยอดรับ" in result.unreconciled[0]
    assert f"แถวที่ {day_rows[2]}" in result.unreconciled[1] and "abc" in result.unreconciled[1]


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
    from manualbook.bundle import cmd_keyed_status, cmd_template
    out = tmp_path / "t.xlsx"
    assert cmd_template(SimpleNamespace(out=str(out), db=demo_path)) == 0
    assert out.read_bytes()[:2] == b"PK"
    with pytest.raises(BookError):
        cmd_template(SimpleNamespace(out=str(out), db=demo_path))
    assert cmd_keyed_status(SimpleNamespace(db=demo_path)) == 0
    assert "บันทึกเข้า e-LAAS แล้ว 0 จาก 148 รายการ" in capsys.readouterr().out
