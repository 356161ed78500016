"""Python's garbage collection on the GUI thread only.

CPython's cyclic collector runs in whichever thread happens to allocate when
a threshold is crossed. When that is the book worker and the garbage holds a
Qt object made on the GUI thread (a closed dialog caught in a cycle with a
lambda), the object is destroyed from the wrong thread and the program
crashes: seen as a segmentation fault "while garbage-collecting" inside
openpyxl reading a budget sheet on the worker. So the automatic collector is
switched off and a timer on the GUI thread collects instead, generation by
generation with CPython's own thresholds. Plain reference counting (which
frees most objects at once) is not affected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadCollector(QObject):
    def __init__(self, interval_ms: int = 500, parent: QObject | None = None):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(interval_ms)

    def collect(self) -> int:
        """Collects the generations whose counts passed their thresholds; returns what was freed."""
        t0, t1, t2 = self.thresholds
        c0, c1, c2 = gc.get_count()
        freed = 0
        if c0 > t0:
            freed += gc.collect(0)
            if c1 > t1:
                freed += gc.collect(1)
                if c2 > t2:
                    freed += gc.collect(2)
        return freed


def install(app) -> MainThreadCollector:
    """Once per QApplication; the collector lives as long as the application."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(parent=app)
