"""Issue 13, finding 8 (and issue 14's import goal): the import streams. Memory does not follow the
file's size, rows are checked inside the one transaction and a refused file leaves nothing; progress
is reported on stderr for long files. Time and RSS are measured by bench/bench_import.py."""

from __future__ import annotations

import tracemalloc

from _support import entry_count, has_thai, receipt, run_cli, table_counts, write_csv


def _peak(make_book, tmp_path, n: int) -> float:
    book = make_book(f"m{n}.sqlite3")
    rows = [receipt(book=str(i // 50 + 1), number=str(i % 50 + 1), party="ผู้ชำระเงิน นายทดสอบ") for i in range(n)]
    path = write_csv(tmp_path / f"m{n}.csv", rows)
    del rows
    tracemalloc.start()
    try:
        change = book.import_file(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert len(change.entries) == n


def test_python_memory_of_an_import_hardly_grows_with_the_file(make_book, tmp_path):
    small, large = _peak(make_book, tmp_path, 4_000), _peak(make_book, tmp_path, 16_000)
    per_row = (large - small) / 12_000
    # what is left per row: the new entry's id (10 bytes) and its file row number (4 bytes)
    assert per_row < 60, f"{per_row:.0f} bytes more per row ({small / 1e6:.1f} MB -> {large / 1e6:.1f} MB)"


def test_a_bad_last_row_rolls_back_every_row_written_before_it(book, tmp_path):
    rows = [receipt(book=str(i // 50 + 1), number=str(i % 50 + 1)) for i in range(6_000)]
    rows.append(receipt(book="999", number="1", code="00000000"))
    before = table_counts(book)
    proc = run_cli("import", write_csv(tmp_path / "late.csv", rows), db=book.path)
    assert proc.returncode == 1 and "แถวที่ 6002" in proc.stderr
    assert table_counts(book) == before and entry_count(book) == 0


def test_a_long_file_reports_progress_on_stderr(book, tmp_path):
    rows = [receipt(book=str(i // 50 + 1), number=str(i % 50 + 1)) for i in range(12_000)]
    proc = run_cli("import", write_csv(tmp_path / "long.csv", rows), db=book.path)
    assert proc.returncode == 0, proc.stderr
    progress = [line for line in proc.stderr.splitlines() if line.startswith("กำลังนำเข้า")]
    assert len(progress) >= 2 and has_thai(progress[0]) and "5,000" in progress[0]
    assert "12,000" in proc.stdout.replace("12000", "12,000")


def test_every_number_lookup_uses_its_unique_index(book):
    """A partial unique index is used only when the query repeats its WHERE: a full scan per row
    made an import of 100,000 rows take ten minutes."""
    import datetime as dt

    from manualbook.model import EntryDraft
    from manualbook.rules import Uniqueness
    day = dt.date(2024, 7, 1)
    drafts = [EntryDraft(kind="receipt", date=day, book="1", number="1"),
              EntryDraft(kind="void", date=day, book="1", number="2"),
              EntryDraft(kind="receipt", date=day, number="TR1", account="KTB", method="transfer"),
              EntryDraft(kind="payment", date=day, number="1/2567"),
              EntryDraft(kind="deposit", date=day, number="S1", account="KTB"),
              EntryDraft(kind="withdraw", date=day, number="W1", account="KTB")]
    for d in drafts:
        _, (sql, args), _ = Uniqueness.lookup(d)
        plan = " ".join(r[3] for r in book.db.conn.execute("EXPLAIN QUERY PLAN " + sql, args))
        assert "USING" in plan and "SCAN" not in plan, (d.kind, plan)
