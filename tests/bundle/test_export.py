"""Export, verify and the workbook's content on the demo office."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import openpyxl
import pytest

from manualbook import ledger
from manualbook.figures import summary_json
from manualbook.bundle import export
from manualbook.bundle_verify import verify_bundle
from manualbook.bundle_write import LATEST_NAME
from manualbook.bundle_sheets import DAYS_SHEET, HEADER_ROW, load_screens
from manualbook.money import format_amount, parse_amount
from manualbook.thaidate import format_short, parse_date

from bundle_helpers import chrono_rows


@pytest.mark.real_fsync
@pytest.mark.registers
def test_export_writes_a_complete_verified_bundle(book, stick, demo_path):
    result = export(book, stick / "b1")
    out = stick / "b1"
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["format"] == 1 and m["org"] == book.org().name and m["lao_code"] == "6330801"
    assert m["since"] == "2024-07-07" and m["until"] == "2024-07-31"
    assert m["entries"] == result.entries == book.summary().keyable
    assert m["chain_head"] == book.chain_head()[0]
    assert set(m["totals"]) == {"receipts", "deposits", "withdrawals", "payments"}
    paths = {f["path"] for f in m["files"]}
    assert {"backfill.xlsx", "book-copy.sqlite3"} <= paths
    assert (stick / LATEST_NAME).read_text(encoding="utf-8").splitlines()[0] == "b1"
    assert not [p for p in stick.iterdir() if p.name.endswith(".partial")]
    check = verify_bundle(out)
    assert check.ok, check.text()
    assert "ชุดข้อมูลถูกต้อง" in check.text()
    # the live book is never on the stick, and is unchanged
    assert not list(stick.rglob("demo.sqlite3*"))
    assert book.verify().ok


def test_book_copy_is_rollback_journal_and_opens_read_only(book, stick, tmp_path):
    import sqlite3
    export(book, stick / "b1")
    copy = stick / "b1" / "book-copy.sqlite3"
    header = copy.read_bytes()[:20]
    assert header[18] == 1 and header[19] == 1  # legacy (rollback journal) read/write versions, not WAL (2)
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == book.chain_head()[1]
    conn.close()
    assert verify_bundle(stick / "b1").ok  # opening it did not change it


@pytest.mark.registers
def test_registers_for_every_day_and_month(book, stick):
    from manualbook.reporting import REPORT_NAMES

    m = export(book, stick / "b1").manifest
    assert m["registers"] == "ok", m["register_errors"]
    pdfs = [f["path"] for f in m["files"] if f["path"].endswith(".pdf")]
    days = {e.date for e in book.entries(dt.date(2024, 7, 7))}
    assert len([p for p in pdfs if "/daily-status-" in p]) == len(days)
    for name in REPORT_NAMES:
        if name != "daily-status":
            assert f"registers/2567-07/{name}-2567-07.pdf" in pdfs
    assert all((stick / "b1" / p).read_bytes().startswith(b"%PDF") for p in pdfs)




def test_out_dir_must_not_exist(book, stick):
    (stick / "b1").mkdir()
    from manualbook.messages import BookError
    with pytest.raises(BookError, match="มีอยู่แล้ว"):
        export(book, stick / "b1")


@pytest.mark.parametrize("since", [None, "15/7/2567", "31/7/2567"])
def test_chronological_sheet_order_and_period(book, stick, since):
    day = parse_date(since) if since else book.org().since
    export(book, stick / "b", day)
    rows = chrono_rows(stick / "b" / "backfill.xlsx")
    expected = list(book.entries(day))
    assert [r["id"] for r in rows] == [e.id for e in expected]
    assert [r["no"] for r in rows] == list(range(1, len(rows) + 1))
    keys = [(parse_date(r["date"]), r["seq"]) for r in rows]
    assert keys == sorted(keys)
    assert all(d >= day for d, _ in keys)
    before = {e.id for e in book.entries(None, day - dt.timedelta(days=1))}
    assert not before & {r["id"] for r in rows}


def test_totals_add_up_to_the_books(book, stick):
    since = book.org().since
    m = export(book, stick / "b1").manifest
    rows = chrono_rows(stick / "b1" / "backfill.xlsx")
    by_kind: dict[str, int] = {}
    for r in rows:
        e = book.entry(r["id"])
        if r["amount"]:
            amount = r["amount"]
            sign = -1 if amount.startswith("-") else 1
            assert sign * parse_amount(amount.lstrip("-")) == e.amount
            assert round(r["amount_num"] * 100) == e.amount
            by_kind[e.base_kind] = by_kind.get(e.base_kind, 0) + e.amount
    for key, kind in (("receipts", "receipt"), ("deposits", "deposit"), ("withdrawals", "withdraw"),
                      ("payments", "payment")):
        assert m["totals"][key] == format_amount(by_kind.get(kind, 0))
    # receipts to revenue codes agree with the ledger's by_code difference over the period
    now, then = ledger.by_code(book.db), ledger.by_code(book.db, since - dt.timedelta(days=1))
    revenue = sum(now.values()) - sum(then.values())
    held_receipts = sum(book.entry(r["id"]).amount for r in rows
                        if book.entry(r["id"]).base_kind == "receipt" and book.entry(r["id"]).held)
    assert by_kind["receipt"] == revenue + held_receipts
    # the day sheet: opening = the books at the end of the day before since, last row = summary
    wb = openpyxl.load_workbook(stick / "b1" / "backfill.xlsx", read_only=True)
    ws = wb[DAYS_SHEET]
    values = list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))
    wb.close()
    head = list(values[0])
    opening, last = values[1], [v for v in values if v[0] and str(v[0])[0].isdigit()][-1]
    before = summary_json(book.summary(since - dt.timedelta(days=1)))
    after = summary_json(book.summary())
    assert opening[head.index("เงินสดคงเหลือยกไป")] == before["cash"]
    assert last[head.index("เงินสดคงเหลือยกไป")] == after["cash"]
    for key, value in after["accounts"].items():
        assert last[head.index(f"เงินฝาก {key} คงเหลือยกไป")] == value
        assert opening[head.index(f"เงินฝาก {key} คงเหลือยกไป")] == before["accounts"][key]
    assert last[0] == format_short(book.summary().date)


def test_per_screen_sheets_follow_the_data_file(book, stick):
    export(book, stick / "b1")
    wb = openpyxl.load_workbook(stick / "b1" / "backfill.xlsx", read_only=True)
    try:
        for screen in load_screens():
            ws = wb[screen["sheet"]]
            header = next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True))
            assert list(header)[:len(screen["columns"])] == [c["heading"] for c in screen["columns"]]
            n = sum(1 for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r and r[1])
            kinds = set(screen["kinds"])
            assert n == sum(1 for e in book.entries(book.org().since) if e.kind in kinds)
    finally:
        wb.close()


def test_screens_file_is_data_and_checked():
    from manualbook.messages import BookError
    text = json.dumps({"screens": [{"sheet": "รับ", "kinds": ["receipt"],
                                    "columns": [{"field": "amount", "heading": "เงิน"},
                                                {"field": "id", "heading": "รหัส"}]}]})
    assert [c["field"] for c in load_screens(text)[0]["columns"]] == ["amount", "id"]
    with pytest.raises(BookError, match="ไม่รู้จัก"):
        load_screens(text.replace('"amount"', '"colour"'))


def test_meta_sheet_is_hidden_and_names_the_book(book, stick):
    export(book, stick / "b1")
    wb = openpyxl.load_workbook(stick / "b1" / "backfill.xlsx")
    assert wb["_meta"].sheet_state == "hidden"
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True) if r[0]}
    assert meta["book_uuid"] == book.org().book_uuid
    assert meta["chain_head"] == book.chain_head()[0]
    assert wb.sheetnames[0] == "ลำดับการบันทึก"


# ------------------------------------------------------------------ verify


def _all_files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.registers
def test_changed_byte_in_any_file_is_caught(book, stick, tmp_path):
    export(book, stick / "b1")
    original = stick / "b1"
    files = _all_files(original)
    assert len(files) >= 4
    for f in files:
        copy = tmp_path / "copies" / f.name
        shutil.copytree(original, copy)
        target = copy / f.relative_to(original)
        data = bytearray(target.read_bytes())
        i = len(data) // 2
        data[i] = (data[i] + 1) % 256
        target.write_bytes(bytes(data))
        check = verify_bundle(copy)
        assert not check.ok, f
        assert check.text()
        shutil.rmtree(copy)


@pytest.mark.parametrize("which", ["backfill.xlsx", "book-copy.sqlite3", "manifest.json",
                                   pytest.param("pdf", marks=pytest.mark.registers)])
def test_changed_byte_named(book, stick, which):
    export(book, stick / "b1")
    out = stick / "b1"
    if which == "pdf":
        pdfs = sorted(out.rglob("*.pdf"))
        assert pdfs, "the export made no register"
        target = pdfs[0]
    else:
        target = out / which
    data = bytearray(target.read_bytes())
    if which == "manifest.json":
        m = json.loads(data)
        m["files"][0]["sha256"] = "0" * 64
        target.write_text(json.dumps(m), encoding="utf-8")
    else:
        data[-100] ^= 0x01
        target.write_bytes(bytes(data))
    check = verify_bundle(out)
    assert not check.ok
    if which != "manifest.json":
        assert target.relative_to(out).as_posix() in check.text()


def test_same_size_change_in_book_copy_detected_by_hash(book, stick):
    export(book, stick / "b1")
    target = stick / "b1" / "book-copy.sqlite3"
    data = bytearray(target.read_bytes())
    data[200] ^= 0xFF
    target.write_bytes(bytes(data))
    check = verify_bundle(stick / "b1")
    assert not check.ok and "book-copy.sqlite3" in check.text()


def test_missing_file_caught(book, stick):
    export(book, stick / "b1")
    (stick / "b1" / "backfill.xlsx").unlink()
    check = verify_bundle(stick / "b1")
    assert not check.ok and "ไม่มีแฟ้ม backfill.xlsx" in check.text()


def test_folder_without_manifest_is_not_a_bundle(stick):
    (stick / "x").mkdir()
    (stick / "x" / "backfill.xlsx").write_bytes(b"x")
    check = verify_bundle(stick / "x")
    assert not check.ok and "manifest.json" in check.text()


def test_cli_export_verify(demo_path, stick, capsys):
    from manualbook.cli import main
    assert main(["--db", str(demo_path), "export", "--out", str(stick / "b1"), "--since", "8/7/2567"]) == 0
    assert "อ่านกลับตรงทุกแฟ้ม" in capsys.readouterr().out
    assert main(["--db", str(demo_path), "verify", str(stick / "b1")]) == 0
    (stick / "b1" / "backfill.xlsx").write_bytes(b"broken")
    assert main(["--db", str(demo_path), "verify", str(stick / "b1")]) != 0
    assert "backfill.xlsx" in capsys.readouterr().err
    assert main(["--db", str(demo_path), "export", "--out", str(stick / "b1")]) != 0
    assert "มีอยู่แล้ว" in capsys.readouterr().err


def test_a_failing_register_is_named_not_hidden(book, stick, monkeypatch):
    import manualbook.bundle as bundle

    class Broken:
        REPORT_NAMES = ("daily-status", "cash-report")

        @staticmethod
        def render_report(book, name, first, last):
            if name == "cash-report":
                raise ValueError("font missing")
            return b"%PDF-1.4 ok"
    monkeypatch.setattr(bundle, "registers_module", lambda: Broken)
    result = export(book, stick / "b1")
    assert result.registers == "incomplete"
    assert any("cash-report" in e and "font missing" in e for e in result.manifest["register_errors"])
    assert "คำเตือน" in result.text()
    assert verify_bundle(stick / "b1").ok


def test_budget_sheet_follows_the_contracts_budget_arithmetic(book, stick):
    """ตั้งไว้ is the year's figure as set; spent before the start is its own column and
    is in เบิกจ่ายแล้ว, never added to the appropriation; figures as the summary's."""
    from manualbook.bundle_sheets import BUDGET_SHEET

    export(book, stick / "b1")
    wb = openpyxl.load_workbook(stick / "b1" / "backfill.xlsx", read_only=True)
    rows = [r for r in wb[BUDGET_SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r and r[1]]
    wb.close()
    summary = summary_json(book.summary())["budget"]
    by_key = {r[1]: r for r in rows}
    assert set(by_key) == set(summary)
    for key, r in by_key.items():
        amount, before, moves, net, spent, committed, remaining = r[8:15]
        s = summary[key]
        assert (net, spent, committed, remaining) == (s["appropriated"], s["spent"], s["committed"],
                                                     s["remaining"])
        assert parse_amount(amount) + parse_amount(moves.lstrip("-")) * (-1 if moves.startswith("-") else 1) \
            == parse_amount(net)
    l01 = by_key["L01"]
    assert (l01[8], l01[9], l01[11], l01[12]) == ("2,400,000.00", "1,800,000.00", "2,400,000.00", "2,098,640.00")
