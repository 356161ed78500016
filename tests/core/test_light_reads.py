"""Reads load only what they use (issue 14): what a summary and a day's report import.

A summary reads through the connection alone (no sqlite-utils, no openpyxl,
no reportlab); a day's report loads the renderer but not pythainlp once its
Thai texts were segmented before (render/segments.py), nor sqlite-utils nor
openpyxl. Checked in a fresh process, by the modules it ends with. The
migration names the opening checks without schema.py are the registry's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from _support import new_book, receipt
from manualbook.store import schema, tables

PROBE = """
import sys, json
from manualbook.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(m for m in sys.modules if "." not in m)}))
"""


def _modules(tmp_path, *argv) -> set[str]:
    env = dict(os.environ, MANUALBOOK_CACHE_DIR=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-c", PROBE, *map(str, argv)], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)
    last = proc.stdout.strip().splitlines()[-1]
    out = json.loads(last)
    assert out["code"] == 0, proc.stderr
    return set(out["modules"])


def _book(tmp_path):
    path = tmp_path / "b.sqlite3"
    b = new_book(path)
    b.add(receipt(party="นางสาวสมศรี ใจดี"))
    b.close_day(b.first_open_day())
    b.close()
    return path


def test_a_summary_loads_neither_sqlite_utils_nor_the_renderer(tmp_path):
    mods = _modules(tmp_path, "--db", _book(tmp_path), "summary", "--json")
    assert not mods & {"sqlite_utils", "openpyxl", "reportlab", "pythainlp", "PySide6", "click", "dateutil"}


def test_a_days_report_needs_pythainlp_only_for_texts_it_has_not_seen(tmp_path):
    path = _book(tmp_path)
    out = tmp_path / "day.pdf"
    first = _modules(tmp_path, "--db", path, "report", "daily-status", "--date", "1/7/2567", "--out", out)
    assert "pythainlp" in first  # the status's long lines were broken into words once
    again = _modules(tmp_path, "--db", path, "report", "daily-status", "--date", "1/7/2567", "--out", out)
    assert "reportlab" in again
    assert not again & {"pythainlp", "sqlite_utils", "openpyxl", "PySide6"}


def test_the_migration_names_are_the_registrys():
    assert tables.MIGRATIONS == tuple(m.name for m in schema.migrations._migrations)
