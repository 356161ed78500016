"""What every screen shares while one book is open: the worker and the day at hand.

Passed explicitly to each screen (no global main-window singleton).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from manualbook.model import Change

from manualbook.workday import is_closed
from .ops import CollectionOp, QueryOp, TaskManager


class Session(QObject):
    working_day_changed = Signal(object)
    closed_changed = Signal(object)  # date or None

    def __init__(self, tasks: TaskManager, working_day: dt.date, closed_through: dt.date | None,
                 org_name: str = "", parent=None):
        super().__init__(parent)
        self.tasks = tasks
        self.working_day = working_day
        self.closed_through = closed_through
        self.org_name = org_name
        tasks.changed.connect(self._on_change)

    def set_working_day(self, day: dt.date) -> None:
        if day and day != self.working_day:
            self.working_day = day
            self.working_day_changed.emit(day)

    def is_closed(self, day: dt.date) -> bool:
        return is_closed(self.closed_through, day)

    def query(self, parent, op) -> QueryOp:
        return QueryOp(parent, self.tasks, op)

    def write(self, parent, op) -> CollectionOp:
        return CollectionOp(parent, self.tasks, op)

    def _on_change(self, change: Change, initiator) -> None:
        if change.closed:
            self.closed_through = change.closed
            self.closed_changed.emit(change.closed)
            if self.working_day <= change.closed:
                self.set_working_day(change.closed + dt.timedelta(days=1))
