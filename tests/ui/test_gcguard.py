"""Cyclic garbage is collected on the GUI thread, never on the worker."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject


def test_automatic_collection_is_off_and_the_gui_thread_collects(qtbot, qapp):
    from manualbook_ui import gcguard

    collector = gcguard.install(qapp)
    assert gcguard.install(qapp) is collector  # once per application
    assert not gc.isenabled()
    threads = []

    class Cycle(QObject):
        def __init__(self):
            super().__init__()
            self.me = self  # a Qt object that only the cyclic collector can free

        def __del__(self):
            threads.append(threading.current_thread() is threading.main_thread())

    def make_garbage():
        for _ in range(200):
            Cycle()
        for _ in range(10_000):  # allocations that would trigger an automatic collection here
            [[] for _ in range(3)]

    worker = threading.Thread(target=make_garbage)
    worker.start()
    worker.join()
    assert threads == []  # nothing was collected on the worker
    # the GUI thread's own allocations (here: objects kept alive) reach the threshold in time;
    # freed allocations do not count, so a quiet test run alone would never collect
    kept = []
    qtbot.waitUntil(lambda: kept.extend([] for _ in range(200)) or len(threads) >= 200, timeout=5000)
    assert all(threads)
