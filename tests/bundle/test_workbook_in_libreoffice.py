"""The backfill workbook opened by a real spreadsheet program: LibreOffice Calc (headless), which
reads each sheet back out as CSV. The workbook made from kept blocks (bundle_blocks, issue 14) must
read, cell for cell, as openpyxl reads it. CI installs LibreOffice (.ci/run); where it is missing
the test says so and is skipped (Excel is not available on Linux)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import openpyxl
import pytest

from manualbook.bundle_blocks import Blocks, secret
from manualbook.bundle_sheets import collect
from manualbook.bundle_workbook import workbook_bytes

CREATED = "2024-08-01T09:00:00+07:00"
# CSV, comma, double quote, UTF-8, from row 1; raw values, not as shown; every sheet to its own file
ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _same(value, text: str) -> bool:
    if value is None:
        return text == ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return float(text) == value
        except ValueError:
            return False
    return str(value) == text


def test_libreoffice_reads_the_workbook_made_from_kept_days_as_openpyxl_does(book, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (CI installs it)")
    folder = tmp_path / "blocks"
    folder.mkdir()
    data = collect(book, book.org().since, None, CREATED)
    workbook_bytes(data, None, Blocks(folder, secret()))  # the closed days kept
    again = Blocks(folder, secret())
    xlsx = workbook_bytes(collect(book, book.org().since, None, CREATED), None, again)
    assert again.reused > 10  # most of this workbook is kept pieces put in as they are
    path = tmp_path / "backfill.xlsx"
    path.write_bytes(xlsx)
    out = tmp_path / "csv"
    run = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                          "--convert-to", ALL_SHEETS, "--outdir", str(out), str(path)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    assert len(workbook.sheetnames) > 5
    for sheet in workbook.worksheets:
        read = out / f"backfill-{sheet.title}.csv"
        assert read.exists(), f"LibreOffice wrote no sheet {sheet.title}: {run.stdout} {run.stderr}"
        theirs = list(csv.reader(read.open(encoding="utf-8", newline="")))
        ours = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert len(theirs) == len(ours), sheet.title
        for r, (mine, lo) in enumerate(zip(ours, theirs), start=1):
            mine = mine + [None] * (len(lo) - len(mine))
            lo = lo + [""] * (len(mine) - len(lo))
            assert all(_same(v, t) for v, t in zip(mine, lo)), (sheet.title, r, mine, lo)
