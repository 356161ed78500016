"""The core (and the command line) never imports Qt: scripts and servers have no display."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import manualbook, manualbook.book, manualbook.cli, manualbook.budget, manualbook.demo
import manualbook.ledger, manualbook.rules, manualbook.verify, manualbook.backup, manualbook.entry_fields
qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6', 'manualbook_ui'))
assert not qt, qt
print('ok')
"""


def test_core_does_not_import_qt():
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_cli_summary_run_does_not_import_qt(tmp_path):
    code = f"""
import sys
from manualbook.cli import main
rc = main(['--db', {str(tmp_path / 'b.sqlite3')!r}, 'init', '--org', 'x', '--start', '1/7/2567'])
assert rc == 0
rc = main(['--db', {str(tmp_path / 'b.sqlite3')!r}, 'summary', '--json'])
assert rc == 0
assert 'PySide6' not in sys.modules, 'PySide6 imported'
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
