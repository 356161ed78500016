"""The worker: progress reported as (done, total) or (stage, done, total) reaches the dialog."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QProgressDialog, QWidget


def test_progress_with_a_stage_name_is_shown_not_a_crash(qtbot, session, idle):
    parent = QWidget()
    qtbot.addWidget(parent)
    results = []
    seen = threading.Event()

    def work(book, progress):
        progress(0, 2)
        progress("คัดลอกและตรวจสมุด", 1, 2)
        seen.wait(5)  # hold the job until the test has looked at the dialog
        return "เสร็จ"

    session.query(parent, work).with_progress("กำลังส่งออก…").success(results.append).run_in_background()

    def dialog_shows_stage():
        return any("คัดลอกและตรวจสมุด" in d.labelText() and d.value() == 1
                   for d in parent.findChildren(QProgressDialog))

    qtbot.waitUntil(dialog_shows_stage, timeout=5000)
    seen.set()
    idle()
    qtbot.waitUntil(lambda: results == ["เสร็จ"], timeout=5000)


def test_a_failing_op_reports_its_error(qtbot, session, idle):
    parent = QWidget()
    qtbot.addWidget(parent)
    errors = []

    def work(book):
        raise ValueError("พัง")

    session.query(parent, work).failure(errors.append).run_in_background()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError)
