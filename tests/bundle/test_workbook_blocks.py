"""The workbook's rows of closed days kept beside the book and reused (bundle_blocks, issue 14).

A workbook made with kept blocks must be byte for byte the workbook made
without them, whatever changed in between (keyed marks on an old day, a
name, the "new" state, the start day, the screens' columns); a key that left
out one of those would make these tests fail (proven below by leaving them
out on purpose). A damaged, edited, renamed or foreign block is never used.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil

import openpyxl
import pytest

from manualbook import bundle_blocks
from manualbook.bundle import export
from manualbook.bundle_blocks import Blocks, folder_of, secret
from manualbook.bundle_sheets import collect, load_screens
from manualbook.bundle_verify import verify_bundle
from manualbook.bundle_workbook import workbook_bytes
from manualbook.keyed import mark_keyed
from manualbook.model import EntryDraft

from bundle_helpers import chrono_rows

CREATED = "2024-08-01T09:00:00+07:00"
OLD_DAY = dt.date(2024, 7, 10)  # closed, after the demo's start of the backfill (7 July)


def _blocks(tmp_path) -> Blocks:
    folder = tmp_path / "blocks"
    folder.mkdir(exist_ok=True)
    return Blocks(folder, secret())


def _write(book, blocks=None, since=None, previous=None, screens=None) -> bytes:
    data = collect(book, since or book.org().since, previous, CREATED)
    return workbook_bytes(data, screens, blocks)


def _closed_days(book, since=None) -> int:
    return book.db.conn.execute("SELECT count(DISTINCT date) FROM entries WHERE date BETWEEN ? AND ?",
                                ((since or book.org().since).isoformat(), book.closed_through().isoformat())).fetchone()[0]


def _ids_on(book, day: dt.date) -> list[str]:
    return [r[0] for r in book.db.conn.execute("SELECT id FROM entries WHERE date = ? ORDER BY seq",
                                               (day.isoformat(),))]


def _cells(xlsx: bytes) -> dict:
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    return {ws.title: [[(c.value, c.style_id) for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def test_kept_days_give_the_workbook_byte_for_byte(book, tmp_path):
    fresh = _write(book)
    blocks = _blocks(tmp_path)
    assert _write(book, blocks) == fresh  # writing and keeping the blocks changes nothing
    assert blocks.written == _closed_days(book) and blocks.reused == 0
    again = _blocks(tmp_path)
    reused = _write(book, again)
    assert again.reused == _closed_days(book) > 10 and again.written == 0
    assert reused == fresh
    assert _cells(reused) == _cells(fresh)  # and read back by openpyxl, cell for cell


def test_only_closed_days_are_kept(book, tmp_path):
    blocks = _blocks(tmp_path)
    _write(book, blocks)
    assert len(list(blocks.folder.glob("*.blk"))) == _closed_days(book)
    open_days = book.db.conn.execute("SELECT count(DISTINCT date) FROM entries WHERE date > ?",
                                     (book.closed_through().isoformat(),)).fetchone()[0]
    assert open_days > 0


def _marks_on_old_day(book, **_):
    ids = _ids_on(book, OLD_DAY)
    mark_keyed(book, [(ids[0], True, "RV67-0001"), (ids[1], True, "")])
    return {}


def _marks_changed_again(book, **_):
    ids = _ids_on(book, OLD_DAY)
    mark_keyed(book, [(ids[0], True, "RV67-0001")])
    return {"before": True, "then": lambda: mark_keyed(book, [(ids[0], False, "")])}


def _code_renamed(book, **_):
    code = book.db.conn.execute("SELECT code FROM entries WHERE date = ? AND code <> '' LIMIT 1",
                                (OLD_DAY.isoformat(),)).fetchone()[0]
    book.db.conn.execute("INSERT INTO codes (code, name, kind, grp, created_at) VALUES (?, ?, 'revenue', '', ?)",
                         (code, "ชื่อใหม่ของรหัสนี้", CREATED))
    book.db.conn.commit()
    return {}


def _new_since_previous(book, **_):
    seq = book.db.conn.execute("SELECT min(seq) FROM entries WHERE date = ?", (OLD_DAY.isoformat(),)).fetchone()[0]
    return {"previous": {"folder": "b0", "max_seq": seq, "until": "2024-07-09", "chain_head": "", "created_at": ""}}


def _later_start(book, **_):
    return {"since": dt.date(2024, 7, 9)}


def _screens_changed(book, **_):
    screens = load_screens()
    screens[0]["columns"] = list(reversed(screens[0]["columns"]))
    return {"screens": screens}


def _entry_on_open_day(book, **_):
    book.post(EntryDraft(kind="receipt", base_kind="receipt", date=dt.date(2024, 7, 29), book="13", number="201",
                         party="นายใหม่ มาทีหลัง", code="41210008", amount=5_000, method="cash"))
    return {"all_reused": True}


@pytest.mark.parametrize("change", [_marks_on_old_day, _marks_changed_again, _code_renamed, _new_since_previous,
                                    _later_start, _screens_changed, _entry_on_open_day])
def test_after_a_change_kept_days_still_give_the_fresh_workbook(book, tmp_path, change):
    if change is _marks_changed_again:  # a mark set, kept, then taken back: the kept day must not come back wrong
        what = change(book)
        _write(book, _blocks(tmp_path))
        what["then"]()
        what = {}
    else:
        _write(book, _blocks(tmp_path))  # the blocks as the previous export kept them
        what = change(book)
    kw = {k: what[k] for k in ("since", "previous", "screens") if k in what}
    blocks = _blocks(tmp_path)
    reused = _write(book, blocks, **kw)
    assert reused == _write(book, **kw)
    if what.get("all_reused"):
        assert blocks.reused == _closed_days(book) and blocks.written == 0
    elif kw.get("since") or kw.get("screens"):
        assert blocks.reused == 0  # every day's rows start elsewhere / show other columns
    else:
        assert 0 < blocks.written < _closed_days(book) or blocks.reused == 0
        assert blocks.reused + blocks.written == _closed_days(book)


def _no_marks_in_digest(monkeypatch):
    add = bundle_blocks.DayDigests.add

    def blind(self, raw, row):
        add(self, raw, type(row)(row.no, row.entry, False, "", row.new))
    monkeypatch.setattr(bundle_blocks.DayDigests, "add", blind)
    return _marks_on_old_day


def _no_names_in_key(monkeypatch):
    monkeypatch.setattr(bundle_blocks, "names_digest", lambda names: "")
    return _code_renamed


def _no_row_positions_in_key(monkeypatch):
    """Neither the rows each sheet's piece starts at nor the running numbers (each alone is enough)."""
    key, add = bundle_blocks.block_key, bundle_blocks.DayDigests.add
    monkeypatch.setattr(bundle_blocks, "block_key", lambda uuid, day, digest, starts, names, screens:
                        key(uuid, day, digest, [], names, screens))
    monkeypatch.setattr(bundle_blocks.DayDigests, "add", lambda self, raw, row: add(
        self, raw, type(row)(0, row.entry, row.keyed, row.doc_no, row.new)))
    return _later_start


@pytest.mark.parametrize("sabotage", [_no_marks_in_digest, _no_names_in_key, _no_row_positions_in_key])
def test_a_key_that_leaves_out_a_dependency_is_caught(book, tmp_path, monkeypatch, sabotage):
    """The comparison above can fail: with a part of the key left out on purpose, the workbook made
    with kept blocks differs from the fresh one."""
    change = sabotage(monkeypatch)
    _write(book, _blocks(tmp_path))
    what = change(book)
    kw = {k: what[k] for k in ("since", "previous", "screens") if k in what}
    assert _write(book, _blocks(tmp_path), **kw) != _write(book, **kw)


def _one_block(tmp_path, book):
    blocks = _blocks(tmp_path)
    _write(book, blocks)
    files = sorted(blocks.folder.glob("*.blk"), key=lambda p: p.stat().st_size)
    return files[-1]


def _flip_a_byte(path, tmp_path):
    data = bytearray(path.read_bytes())
    data[-20] ^= 0x01
    path.write_bytes(bytes(data))


def _edited_and_renamed_by_its_sha(path, tmp_path):
    """A tamperer who changes a kept row and names the file by its new sha256 (not knowing the secret)."""
    import hashlib
    data = path.read_bytes()
    head, _, body = data.partition(b"\n")
    edited = head + b"\n" + body[:-30] + bytes(30)
    path.unlink()
    (path.parent / f"{path.stem.split('-')[0]}-{hashlib.sha256(edited).hexdigest()[:32]}.blk").write_bytes(edited)


def _under_another_days_name(path, tmp_path):
    others = [p for p in path.parent.glob("*.blk") if p != path]
    target = others[0]
    target.unlink()
    path.rename(path.parent / f"{target.stem.split('-')[0]}-{path.stem.split('-')[1]}.blk")


def _header_says_fewer_rows(path, tmp_path):
    """A file made with the right secret but a header that lies (as a bug would write it)."""
    blocks = Blocks(path.parent, secret())
    data = path.read_bytes()
    meta = json.loads(data.partition(b"\n")[0])
    rows = meta["rows"]
    pieces = blocks._read(path, data, meta["key"], rows)
    assert pieces is not None  # the file as kept is good
    path.unlink()
    blocks.put(meta["key"], [rows[0] - 1] + rows[1:], pieces)


@pytest.mark.parametrize("damage", [_flip_a_byte, _edited_and_renamed_by_its_sha, _under_another_days_name,
                                    _header_says_fewer_rows])
def test_a_damaged_or_tampered_block_is_not_used(book, tmp_path, damage):
    path = _one_block(tmp_path, book)
    damage(path, tmp_path)
    blocks = _blocks(tmp_path)
    assert _write(book, blocks) == _write(book)
    assert blocks.reused < _closed_days(book) and blocks.written >= 1  # that day written again, and kept


def test_blocks_made_with_another_secret_are_not_used(book, tmp_path, monkeypatch):
    _write(book, _blocks(tmp_path))
    monkeypatch.setenv("MANUALBOOK_CACHE_DIR", str(tmp_path / "another-computer"))
    blocks = _blocks(tmp_path)
    assert _write(book, blocks) == _write(book)
    assert blocks.reused == 0 and blocks.written == _closed_days(book)


def test_a_second_export_reuses_the_closed_days_and_verifies(book, stick):
    first = export(book, stick / "b1")
    assert first.manifest["workbook_days_reused"] == 0
    ids = _ids_on(book, OLD_DAY)
    mark_keyed(book, [(ids[0], True, "RV67-0009")])
    second = export(book, stick / "b2")
    assert second.manifest["workbook_days_reused"] == _closed_days(book) - 1  # the day with a new mark
    assert verify_bundle(stick / "b2", book=book).ok
    rows = {r["id"]: r for r in chrono_rows(stick / "b2" / "backfill.xlsx")}
    assert (rows[ids[0]]["keyed"], rows[ids[0]]["doc_no"]) == ("✓", "RV67-0009")
    assert len(list(folder_of(book.path).glob("*.blk"))) == _closed_days(book) + 1  # the old block stays a week


def test_a_folder_that_cannot_be_written_keeps_nothing(book, stick, monkeypatch):
    folder = folder_of(book.path)
    folder.write_text("not a folder")  # where the blocks would go
    result = export(book, stick / "b1")
    assert result.manifest["workbook_days_reused"] == 0 and folder.read_text() == "not a folder"
    assert verify_bundle(stick / "b1").ok
    shutil.rmtree(stick / "b1")
