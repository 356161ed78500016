"""Issue 13: SIGKILL at random points of imports, reversals, closes, exports and backups loses nothing
acknowledged and leaves nothing half-written (short here; bench/bench_crash_loop.py runs it longer)."""

from __future__ import annotations

import sys

import pytest

from crashloop import run


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_commands_lose_nothing_acknowledged_and_leave_nothing_half_written(tmp_path):
    tally = run(tmp_path / "loop", seconds=8, seed=13)
    assert not tally.failures, "\n".join(tally.failures)
    assert tally.rounds >= 4 and tally.killed >= 1, tally.text()
