"""Issue 14: how many processes draw the registers. Two on a computer with memory to spare; one,
drawing in the export's own process, on a 4 GB office PC, so the whole export stays near 170 MB
(bench/bench_issue14.py measures both); MANUALBOOK_RENDER_WORKERS decides when set."""

from __future__ import annotations

import pytest

from manualbook import bundle_registers, workers

GiB = 2**30


@pytest.mark.parametrize("memory, cores, wanted", [
    (4 * GiB, 2, 1),     # the 4 GB office PC: one process
    (3.8 * GiB, 4, 1),   # what Windows reports of 4 GB with some kept for graphics
    (8 * GiB, 2, 2),
    (32 * GiB, 8, 2),    # never more than two: a clerk's PC has other work
    (16 * GiB, 1, 1),    # one core: drawn here
    (None, 2, 2),        # memory unknown: as before
])
def test_workers_follow_memory_and_cores(monkeypatch, memory, cores, wanted):
    monkeypatch.delenv("MANUALBOOK_RENDER_WORKERS", raising=False)
    monkeypatch.setattr(workers, "physical_memory", lambda: None if memory is None else int(memory))
    monkeypatch.setattr(bundle_registers.os, "cpu_count", lambda: cores)
    assert bundle_registers.workers_wanted(20) == wanted
    assert bundle_registers.workers_wanted(1) == 1  # one job: drawn here


def test_the_setting_wins_over_memory(monkeypatch):
    monkeypatch.setattr(workers, "physical_memory", lambda: 4 * GiB)
    monkeypatch.setenv("MANUALBOOK_RENDER_WORKERS", "2")
    assert bundle_registers.workers_wanted(20) == 2
    monkeypatch.setattr(workers, "physical_memory", lambda: 64 * GiB)
    monkeypatch.setenv("MANUALBOOK_RENDER_WORKERS", "1")
    assert bundle_registers.workers_wanted(20) == 1


def test_this_computer_s_memory_is_known():
    memory = workers.physical_memory()
    assert memory is not None and memory > 256 * 2**20
