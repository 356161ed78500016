"""Running book work off the GUI thread (Anki's CollectionOp / QueryOp pattern).

One ``TaskManager`` owns the book and a thread pool with exactly one thread,
so every call into the core happens on that one worker, one after another.
An op function receives the book (and, when asked, a ``progress(done,
total)`` callable) and never touches a widget; its result, its failure and
its progress come back as queued signals delivered on the GUI thread.

``CollectionOp`` is for writes: on success the manager also announces the
returned ``Change`` on ``changed(change, initiator)`` so each view refreshes
what it shows and can skip the widget that started the write.
``QueryOp`` is for reads, exports and prints.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from manualbook.messages import BookError
from manualbook.model import Change

UNEXPECTED = "เกิดข้อผิดพลาดที่โปรแกรมไม่คาดคิด ยังไม่มีการบันทึกใด ๆ จากงานนี้\nรายละเอียดสำหรับผู้ดูแล: {why}"


def error_text(exc: BaseException) -> str:
    """A Thai text for any failure: the core's own message, or a generic one."""
    if isinstance(exc, BookError):
        return exc.text()
    return UNEXPECTED.format(why=f"{type(exc).__name__}: {exc}")


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits these, Qt queues them."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable, relay: _Relay):
        super().__init__()
        self.fn, self.relay = fn, relay
        self.setAutoDelete(True)

    def run(self) -> None:  # on the worker thread: no widgets here
        def report(*args) -> None:
            """progress(done, total) or progress(stage, done, total): a stage is shown as text."""
            stage = str(args[0]) if len(args) == 3 else ""
            done, total = args[-2:]
            self.relay.progress.emit(int(done), int(total), stage)

        try:
            result = self.fn(report)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            if not isinstance(exc, BookError):
                traceback.print_exc()
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_relays: set[_Relay] = set()  # kept alive until their job reports


def run_on(pool: QThreadPool, fn: Callable[[Callable], Any], on_done: Callable[[Any], None],
           on_failed: Callable[[BaseException], None], on_progress=None) -> None:
    """Runs ``fn(progress)`` on ``pool``; ``on_done``/``on_failed``/``on_progress``
    (done, total, stage) are called on the GUI thread through queued signals."""
    relay = _Relay()
    _relays.add(relay)

    def finish(handler, value):
        _relays.discard(relay)
        handler(value)

    relay.done.connect(lambda r: finish(on_done, r), Qt.ConnectionType.QueuedConnection)
    relay.failed.connect(lambda e: finish(on_failed, e), Qt.ConnectionType.QueuedConnection)
    if on_progress:
        relay.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
    pool.start(_Job(fn, relay))


class TaskManager(QObject):
    """The single worker that owns the book file."""

    changed = Signal(object, object)  # (Change, initiator widget or None)
    busy_changed = Signal(bool)

    def __init__(self, book=None, parent: QObject | None = None):
        super().__init__(parent)
        self.book = book
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending = 0

    def submit(self, fn: Callable[[Callable], Any], on_done: Callable[[Any], None],
               on_failed: Callable[[BaseException], None], on_progress=None) -> None:
        def finish(handler):
            def call(value):
                self._pending -= 1
                if not self._pending:
                    self.busy_changed.emit(False)
                handler(value)
            return call

        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        run_on(self._pool, fn, finish(on_done), finish(on_failed), on_progress)

    def busy(self) -> bool:
        return self._pending > 0

    def wait(self, msecs: int = 30000) -> bool:
        """Blocks until the worker is idle (tests and shutdown only)."""
        return self._pool.waitForDone(msecs)

    def close(self) -> None:
        self.wait()
        if self.book is not None:
            self.book.close()
            self.book = None


class _Op:
    def __init__(self, parent: QWidget | None, tasks: TaskManager, op: Callable):
        self.parent, self.tasks, self.op = parent, tasks, op
        self._success: Callable = lambda result: None
        self._failure: Callable | None = None
        self._label: str | None = None

    def success(self, fn: Callable) -> "_Op":
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> "_Op":
        self._failure = fn
        return self

    def with_progress(self, label: str) -> "_Op":
        """Shows a modal progress dialog while the op runs (after a short delay)."""
        self._label = label
        return self

    def _default_failure(self, exc: BaseException) -> None:
        from .dialogs import show_error
        show_error(self.parent, error_text(exc))

    def run_in_background(self) -> None:
        dialog = _progress_dialog(self.parent, self._label) if self._label else None
        label = self._label

        def show_progress(done: int, total: int, stage: str = "") -> None:
            dialog.setLabelText(f"{label}\n{stage}" if stage else label)
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))

        on_progress = show_progress if dialog is not None else None

        def close_dialog() -> None:
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.close_for_good()

        parent = self.parent

        def gone() -> bool:
            """The widget that asked was deleted meanwhile (a closed dialog, a test's window)."""
            return parent is not None and not shiboken6.isValid(parent)

        def done(result):
            close_dialog()
            if gone():
                if isinstance(self, CollectionOp) and isinstance(result, Change):
                    self.tasks.changed.emit(result, None)  # the others still hear of the write
                return
            self._on_done(result)

        def failed(exc):
            close_dialog()
            if not gone():
                (self._failure or self._default_failure)(exc)

        book_op = self.op
        tasks = self.tasks
        wants_progress = _wants_progress(book_op)

        def call(progress):
            return book_op(tasks.book, progress) if wants_progress else book_op(tasks.book)

        tasks.submit(call, done, failed, on_progress)

    def _on_done(self, result) -> None:
        self._success(result)


class QueryOp(_Op):
    """A read (or export, print): result to ``success``, nothing announced."""


class CollectionOp(_Op):
    """A write returning a ``Change``: ``success`` first, then everyone is told."""

    def _on_done(self, result) -> None:
        self._success(result)
        if isinstance(result, Change):
            self.tasks.changed.emit(result, self.parent)


def _wants_progress(fn: Callable) -> bool:
    import inspect
    try:
        return len(inspect.signature(fn).parameters) >= 2
    except (TypeError, ValueError):
        return False


class _ProgressDialog(QProgressDialog):
    """Modal, no cancel button (core work is all-or-nothing and cannot stop half-way)."""

    def __init__(self, parent, label):
        super().__init__(label, "", 0, 0, parent)
        self.setWindowTitle("กรุณารอสักครู่")
        self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(400)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self._finished = False

    def close_for_good(self) -> None:
        self._finished = True
        self.reset()
        self.hide()
        self.deleteLater()

    def closeEvent(self, event):  # the user cannot close it half-way
        if self._finished:
            super().closeEvent(event)
        else:
            event.ignore()


def _progress_dialog(parent, label) -> _ProgressDialog:
    dialog = _ProgressDialog(parent, label)
    dialog.setValue(0)
    return dialog


def later(msecs: int, fn: Callable) -> None:
    QTimer.singleShot(msecs, fn)
