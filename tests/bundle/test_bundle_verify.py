"""Bundle verify does not trust the manifest (issue 13, finding 7).

A tamperer edits manifest.json consistently (recomputing the sha256 of what
they changed), or removes a file together with its manifest line: verify
recomputes the figures from the book copy and the workbook and refuses.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest

from manualbook.bundle import export
from manualbook.bundle_verify import verify_bundle
from manualbook.bundle_write import MANIFEST_NAME
from manualbook.bundle_sheets import CHRONO_SHEET, HEADER_ROW
from manualbook.cli import main

from bundle_helpers import KEYS


@pytest.fixture
def bundle(book, stick) -> Path:
    export(book, stick / "b1")
    assert verify_bundle(stick / "b1").ok
    return stick / "b1"


def _manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))


def _save(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def _relist(folder: Path, manifest: dict, rel: str) -> None:
    """What a careful tamperer does after changing a file: the manifest's size and hash follow."""
    data = (folder / rel).read_bytes()
    for item in manifest["files"]:
        if item["path"] == rel:
            item["size"], item["sha256"] = len(data), hashlib.sha256(data).hexdigest()


def _codes(check) -> list[str]:
    return [p.code for p in check.problems]


@pytest.mark.parametrize("field, value", [
    ("entries", 1), ("until", "2024-07-30"), ("org", "อบต.อื่น"), ("lao_code", "9999999"),
    ("chain_head", "0" * 64), ("totals.receipts", "999,999.00"), ("totals.payments", "1.00"),
])
def test_an_edited_figure_in_the_manifest_is_refused(bundle, field, value):
    m = _manifest(bundle)
    if field.startswith("totals."):
        m["totals"][field.split(".")[1]] = value
    else:
        m[field] = value
    _save(bundle, m)
    check = verify_bundle(bundle)
    assert not check.ok
    named = [p.text() for p in check.problems if p.code == "bundle_figure"]
    assert named and field in named[0], check.text()


@pytest.mark.parametrize("name", ["backfill.xlsx", "book-copy.sqlite3"])
def test_an_essential_file_removed_with_its_manifest_line_is_refused(bundle, name):
    (bundle / name).unlink()
    m = _manifest(bundle)
    m["files"] = [i for i in m["files"] if i["path"] != name]
    _save(bundle, m)
    check = verify_bundle(bundle)
    assert not check.ok
    assert any(p.code == "bundle_essential_missing" and name in p.text() for p in check.problems), check.text()


def test_a_register_removed_with_its_manifest_line_is_refused(bundle):
    m = _manifest(bundle)
    register = next(i["path"] for i in m["files"] if i["path"].startswith("registers/") and "daily-status" in i["path"])
    (bundle / register).unlink()
    m["files"] = [i for i in m["files"] if i["path"] != register]
    _save(bundle, m)
    check = verify_bundle(bundle)
    assert [p.code for p in check.problems] == ["bundle_register_missing"]
    assert register in check.problems[0].text()


def test_an_edited_amount_in_the_workbook_is_refused_even_with_the_manifest_updated(bundle):
    xlsx = bundle / "backfill.xlsx"
    wb = openpyxl.load_workbook(xlsx)
    ws = wb[CHRONO_SHEET]
    row = HEADER_ROW + 3
    entry_id = ws.cell(row, KEYS.index("id") + 1).value
    cell = ws.cell(row, KEYS.index("amount_num") + 1)
    cell.value = (cell.value or 0) + 1000
    wb.save(xlsx)
    m = _manifest(bundle)
    _relist(bundle, m, "backfill.xlsx")
    _save(bundle, m)
    check = verify_bundle(bundle)
    assert not check.ok
    rows = [p.text() for p in check.problems if p.code == "bundle_workbook_row"]
    assert rows and entry_id in rows[0] and f"แถวที่ {row}" in rows[0], check.text()


def test_a_row_removed_from_the_workbook_is_refused(bundle):
    xlsx = bundle / "backfill.xlsx"
    wb = openpyxl.load_workbook(xlsx)
    ws = wb[CHRONO_SHEET]
    entry_id = ws.cell(HEADER_ROW + 2, KEYS.index("id") + 1).value
    ws.delete_rows(HEADER_ROW + 2)
    wb.save(xlsx)
    m = _manifest(bundle)
    _relist(bundle, m, "backfill.xlsx")
    _save(bundle, m)
    check = verify_bundle(bundle)
    assert any(p.code == "bundle_workbook_missing" and entry_id in p.text() for p in check.problems), check.text()


def test_the_live_book_knows_the_manifest_it_wrote(demo_path, bundle, capsys):
    m = _manifest(bundle)
    m["new_entries"] = 0  # a field verify cannot recompute, changed
    _save(bundle, m)
    assert verify_bundle(bundle).ok  # alone, the bundle is self-consistent
    code = main(["--db", str(demo_path), "verify", str(bundle)])
    err = capsys.readouterr().err
    assert code == 1 and "ถูกแก้ไขหลังส่งออก" in err


@pytest.mark.parametrize("chunk", [7, 97, 4096])
def test_the_sheet_read_in_small_pieces_finds_the_same(bundle, monkeypatch, chunk):
    """verify reads the workbook's sheet a piece at a time, cut after whole rows (a 100,000-row sheet
    is 75 MB of XML): pieces smaller than a row, or a cell, give the same answer."""
    from manualbook import bundle_check

    whole = verify_bundle(bundle)
    monkeypatch.setattr(bundle_check, "READ_CHUNK", chunk)
    assert verify_bundle(bundle).ok and whole.ok
    test_an_edited_amount_in_the_workbook_is_refused_even_with_the_manifest_updated(bundle)


def test_a_file_changed_after_it_was_hashed_is_not_what_is_checked(bundle, monkeypatch):
    """The book copy and the workbook are checked from the bytes that were hashed (copied as they
    are read), not read again from the stick."""
    from manualbook import bundle_verify

    real = bundle_verify.file_digest
    def hash_then_swap(path, copy_to=None):
        got = real(path, copy_to=copy_to)
        if path.name == "book-copy.sqlite3":
            path.write_bytes(b"not a book any more")  # changed on the stick after the hash
        return got
    monkeypatch.setattr(bundle_verify, "file_digest", hash_then_swap)
    assert verify_bundle(bundle).ok
