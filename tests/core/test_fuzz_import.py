"""Issue 13, finding 6: a traceback is a bug (MANUALBOOK_FUZZ_EXAMPLES=5000 for a longer run). Hostile import files (random bytes, odd encodings, broken
CSV and XLSX shapes) end in a specific Thai message and exit status 1 or 2 with nothing written, or
import cleanly; never a traceback, never the catch-all "unexpected error" message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import random
import zipfile

import openpyxl
from hypothesis import HealthCheck, given, settings, strategies as st

from _support import has_thai, run_cli, table_counts
from manualbook import cli
from manualbook.cells import clean

HEADINGS = ["date", "kind", "book", "number", "party", "code", "line", "description", "amount", "wht", "method",
            "account", "cheque", "commitment", "วันที่", "ประเภท", "จำนวนเงิน", "เล่มที่", "unknown", "", "\ufeffdate",
            "วันที่ (date)", "date\x00"]
CELLS = ["1/7/2567", "2/7/2567", "29/7/2657", "31/2/2567", "9999-12-31", "2024-07-03", "receipt", "payment", "void",
         "deposit", "withdraw", "รับ", "จ่าย", "1", "012", "１２", "²", "①", "41210008", "L01", "KTB", "100", "1,234.50",
         "100 50", "-5", "1e9", "nan", "cash", "cheque", "โอน", "=HYPERLINK(\"x\")", "\t=1+1", "a\x01b", "\x1b[2J",
         "ก" * 300, "", " ", '"', "\r", "\n", "\u2028", "\ud800", "0" * 5000]


GOOD_HEADER = ["date", "kind", "book", "number", "party", "code", "line", "amount", "method", "account"]
GOOD_ROWS = [["1/7/2567", "receipt", "1", "{n}", "นายก", "41210008", "", "100", "", ""],
             ["2/7/2567", "payment", "", "{n}/2567", "ร้าน", "", "L01", "50", "transfer", "KTB"],
             ["3/7/2567", "deposit", "", "D{n}", "", "", "", "10", "", "KTB"],
             ["3/7/2567", "void", "2", "{n}", "", "", "", "", "", ""]]


@st.composite
def good_rows(draw):
    """Rows that mostly import, each maybe with one field made hostile."""
    out = []
    for i in range(draw(st.integers(0, 8))):
        r = [c.replace("{n}", str(i + 1)) for c in draw(st.sampled_from(GOOD_ROWS))]
        if draw(st.integers(0, 7)) == 0:
            r[draw(st.integers(0, len(r) - 1))] = draw(st.sampled_from(CELLS) | st.text(max_size=12))
        if draw(st.integers(0, 9)) == 0:
            r.append(draw(st.sampled_from(CELLS)))
        out.append(r)
    return out


def _csv_text(draw) -> str:
    if draw(st.integers(0, 3)):
        header = list(GOOD_HEADER)
        if draw(st.integers(0, 4)) == 0:
            header[draw(st.integers(0, len(header) - 1))] = draw(st.sampled_from(HEADINGS))
        rows = draw(good_rows())
    else:
        header = draw(st.lists(st.sampled_from(HEADINGS), min_size=0, max_size=8))
        rows = draw(st.lists(st.lists(st.sampled_from(CELLS) | st.text(max_size=12), max_size=10), max_size=12))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quote = draw(st.booleans())

    def line(cells):
        return ",".join(('"' + c.replace('"', '""') + '"') if quote else c for c in cells)
    return end.join([line(header)] + [line(r) for r in rows]) + draw(st.sampled_from(["", end]))


@st.composite
def csv_files(draw) -> bytes:
    text = _csv_text(draw)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp874", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace" if encoding != "utf-8" else "surrogatepass")
    if draw(st.booleans()):  # a few flipped bytes
        buf = bytearray(data)
        for i in draw(st.lists(st.integers(0, max(len(buf) - 1, 0)), max_size=3)):
            if buf:
                buf[i] = draw(st.integers(0, 255))
        data = bytes(buf)
    return data


@st.composite
def xlsx_files(draw) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    values = (st.sampled_from([c for c in CELLS if "\x01" not in c and "\x1b" not in c and "\ud800" not in c])
              | st.integers(-10**12, 10**12) | st.floats(allow_nan=True) | st.booleans() | st.none()
              | st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)))
    if draw(st.booleans()):
        ws.append(GOOD_HEADER)
        for r in draw(good_rows()):
            ws.append([clean(c) for c in r])  # what openpyxl cannot hold, it cannot be given
    else:
        ws.append(draw(st.lists(st.sampled_from(HEADINGS[:-1]), max_size=8)))
        for r in draw(st.lists(st.lists(values, max_size=10), max_size=10)):
            ws.append([clean(c) for c in r])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    damage = draw(st.sampled_from(["none", "flip", "truncate", "drop_part"]))
    # positions as fractions of the length: the workbook's bytes carry a timestamp, so its
    # length may differ by a byte between runs and hypothesis must draw the same things
    if damage == "flip":
        b = bytearray(data)
        for f in draw(st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=20)):
            b[int(f * len(b))] ^= 0xFF
        data = bytes(b)
    elif damage == "truncate":
        data = data[:int(draw(st.floats(0, 1)) * len(data))]
    elif damage == "drop_part":
        src = zipfile.ZipFile(io.BytesIO(data))
        names = src.namelist()
        drop = draw(st.sampled_from(names))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for n in names:
                if n != drop:
                    z.writestr(n, src.read(n))
        data = out.getvalue()
    return data


FILES = (st.tuples(st.just(".csv"), csv_files()) | st.tuples(st.just(".xlsx"), xlsx_files())
         | st.tuples(st.sampled_from([".csv", ".xlsx"]), st.binary(max_size=2000)))


def _run(db, path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["--db", str(db), "import", str(path)])
        except SystemExit as exc:  # usage errors leave through argparse
            code = exc.code
    return code, out.getvalue(), err.getvalue()


RUNS = {"total": 0, "refused": 0, "imported": 0}


@settings(max_examples=int(os.environ.get("MANUALBOOK_FUZZ_EXAMPLES", "300")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(FILES, st.integers(0, 10**9))
def test_hostile_import_files_never_end_in_a_traceback(book, tmp_path, suffix_data, n):
    suffix, data = suffix_data
    path = tmp_path / f"f{n}{suffix}"
    path.write_bytes(data)
    before = table_counts(book)
    code, out, err = _run(book.path, path)
    RUNS["total"] += 1
    assert "Traceback" not in err and "Traceback" not in out
    assert "ไม่คาดไว้" not in err, err  # every failure is a known case with its own message
    if code == 0:
        RUNS["imported"] += 1
        assert "นำเข้า" in out
    else:
        RUNS["refused"] += 1
        assert code in (1, 2) and has_thai(err), (code, err)
        assert table_counts(book) == before


def test_the_fuzz_ran_and_saw_both_outcomes():
    """Runs after the property above (same module, file order): it must have been exercised."""
    if RUNS["total"]:
        assert RUNS["refused"] > 0


def test_a_few_hostile_files_through_the_real_command(book, tmp_path):
    rng = random.Random(7)
    for i, data in enumerate([bytes(rng.randrange(256) for _ in range(500)), b"\xff\xfe\x00\x00",
                              b"date,kind\n" + b'"' + b"x" * 200_000, b"PK\x03\x04broken"]):
        path = tmp_path / (f"h{i}.csv" if i != 3 else "h.xlsx")
        path.write_bytes(data)
        proc = run_cli("import", path, db=book.path)
        assert proc.returncode == 1 and has_thai(proc.stderr) and "Traceback" not in proc.stderr, proc.stderr
