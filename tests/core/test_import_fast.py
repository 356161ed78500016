"""Issue 14: the fast import gives what the plain one gives. The filter of used numbers, the reader
on a second process and the chain's one-off encoder change how fast, never what is found or written.
Speed is measured by bench/bench_issue14.py, not here."""

from __future__ import annotations

import multiprocessing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import entry_count, receipt, table_counts, write_csv
from manualbook import chain, import_rows, posting
from manualbook.messages import BookError

# what an entry is apart from what is random (its id) or follows from it (hashes) or the clock
_SAME = ("seq, kind, base_kind, date, fy, amount, wht, book, number, party, code, line, held, description, "
         "method, account, cheque, commitment, reverses, reason, clerk, import_rec")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(), st.integers(min_value=-2**63, max_value=2**63), st.none()),
                min_size=23, max_size=23))
def test_the_chain_text_is_the_json_encoder_s(values):
    assert chain.values_json(values) == chain._ENCODER.encode(values)
    assert chain.values_json(tuple(values)) == chain._ENCODER.encode(values)


def _refusal(book, path) -> tuple:
    before = table_counts(book)
    with pytest.raises(BookError) as info:
        book.import_file(path)
    assert table_counts(book) == before  # nothing of a refused file stays
    return info.value.text(), info.value.more


def _numbers_file(tmp_path, name: str):
    rows = [receipt(book=str(i // 50 + 10), number=str(i % 50 + 1)) for i in range(3000)]
    rows[2500] = receipt(book="9", number="2")  # in the book already
    rows[2900] = receipt(book=rows[2000]["book"], number=rows[2000]["number"])  # earlier in this file
    rows[2950] = receipt(number="REF-7", account="KTB", method="transfer")  # a bank reference in the book
    rows[2990] = receipt(book="9", number="3")  # voided in the book
    return write_csv(tmp_path / name, rows)


def test_numbers_used_before_are_found_past_the_filter_as_by_query(make_book, tmp_path, monkeypatch):
    """Rows 2,502 and after are checked through the filter (made at row 1,000); the same file with
    no filter (every number looked up) is refused with the same problems."""
    found, made = [], []
    real = posting.Posting._number_filter
    monkeypatch.setattr(posting.Posting, "_number_filter", lambda self: made.append(1) or real(self))
    for name, filter_from in (("filtered.sqlite3", posting.FILTER_FROM), ("queried.sqlite3", 10**9)):
        monkeypatch.setattr(posting, "FILTER_FROM", filter_from)
        book = make_book(name, accounts={"KTB": 0})
        book.import_file(write_csv(tmp_path / f"{name}-first.csv", [
            receipt(book="9", number="1"), receipt(book="9", number="2"),
            receipt(number="REF-7", account="KTB", method="transfer"),
            {"kind": "void", "date": "1/7/2567", "book": "9", "number": "3", "description": "เขียนผิด"}]))
        found.append(_refusal(book, _numbers_file(tmp_path, f"{name}.csv")))
    text, more = found[0]
    assert made == [1]  # the first file was checked through a filter, the second by queries alone
    assert found[0] == found[1]
    for row in (2502, 2902, 2952, 2992):
        assert f"แถวที่ {row}:" in text, text
    assert "แถวที่ 2002 ของแฟ้มนี้" in text  # the earlier row of this file that took the number
    assert more == 0 and text.count("แถวที่") == 5


def test_the_filter_knows_every_number_it_was_given():
    numbers = posting.NumberFilter([("receipt", "1", str(n)) for n in range(1, 20_000)])
    assert all(("receipt", "1", str(n)) in numbers for n in range(1, 20_000))
    unseen = sum(("receipt", "2", str(n)) in numbers for n in range(1, 20_000))
    assert unseen < 200  # a set bit for a number not given is rare (it costs one query)


def _entries(book) -> list[tuple]:
    return book.db.conn.execute(f"SELECT {_SAME} FROM entries ORDER BY seq").fetchall()


def test_a_file_read_on_a_second_process_is_imported_as_read_here(make_book, tmp_path, monkeypatch):
    rows = [receipt(book=str(i // 50 + 1), number=str(i % 50 + 1), party=f"นายทดสอบ {i % 7}",
                    amount=f"{100 + i % 13}.25") for i in range(2500)]
    path = write_csv(tmp_path / "rows.csv", rows)
    monkeypatch.setattr(import_rows, "CHILD_FROM", 10)
    spawned = []
    real = multiprocessing.get_context("spawn").Process.start
    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start",
                        lambda self: (spawned.append(self), real(self))[1])
    books = {}
    for name, worker in (("child.sqlite3", "1"), ("here.sqlite3", "0")):
        monkeypatch.setenv("MANUALBOOK_IMPORT_WORKER", worker)
        books[name] = make_book(name)
        books[name].import_file(path)
    assert len(spawned) == 1  # the first import read its file on a second process, the other here
    assert _entries(books["child.sqlite3"]) == _entries(books["here.sqlite3"])
    assert entry_count(books["child.sqlite3"]) == 2500
    assert books["child.sqlite3"].verify().ok


def test_problems_and_file_errors_from_the_second_process_are_the_same(make_book, tmp_path, monkeypatch):
    rows = [receipt(book=str(i // 50 + 1), number=str(i % 50 + 1)) for i in range(3000)]
    rows[100]["amount"] = "สิบบาท"
    rows[1500]["date"] = "31/2/2567"
    rows[2200]["kind"] = "ใบเสร็จปลอม"
    bad_rows = write_csv(tmp_path / "bad.csv", rows)
    broken = tmp_path / "broken.csv"  # a quote never closed at row 2,001 swallows the rest of the file
    lines = bad_rows.read_text(encoding="utf-8").splitlines(keepends=True)
    broken.write_text("".join(lines[:2000]) + '1/7/2567,receipt,"' + "x" * 140_000 + "\n" + "".join(lines[2001:]),
                      encoding="utf-8")
    monkeypatch.setattr(import_rows, "CHILD_FROM", 10)
    for path in (bad_rows, broken):
        found = []
        for worker in ("1", "0"):
            monkeypatch.setenv("MANUALBOOK_IMPORT_WORKER", worker)
            found.append(_refusal(make_book(f"{path.stem}-{worker}.sqlite3"), path))
        assert found[0] == found[1]
        assert "แถวที่" in found[0][0]


def test_rows_a_dead_reader_did_not_send_are_read_here_once(tmp_path, monkeypatch):
    rows = [receipt(book=str(i // 50 + 1), number=str(i % 50 + 1)) for i in range(30_000)]
    path = write_csv(tmp_path / "long.csv", rows)
    monkeypatch.setenv("MANUALBOOK_IMPORT_WORKER", "1")
    seen = []
    stream = import_rows.parsed_rows(path, "utf-8-sig", 30_001)
    seen.append(next(stream)[0])
    children = multiprocessing.active_children()
    assert children  # the reader; its pipe is full long before the file's end
    for child in children:
        child.kill()
        child.join()
    seen += [row for row, draft, problems in stream if draft is not None and not problems]
    assert seen == list(range(2, 30_002))
