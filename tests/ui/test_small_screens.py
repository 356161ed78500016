"""Office laptops: 1280x720 and 1366x768, at 100 % and at 125 % (1024x576 and 1093x614 logical pixels).
Every screen's buttons and the working day must lie inside the window; dialogs fit the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QPushButton

from manualbook_ui.mainwindow import SCREENS, MainWindow


def inside(widget, window) -> bool:
    return window.rect().contains(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


def settle(qtbot, condition) -> None:
    """Waits (up to 2 s) for the layout to reach ``condition``; the asserts after it say what is wrong."""
    try:
        qtbot.waitUntil(condition, timeout=2000)
    except qtbot.TimeoutError:
        pass


def buttons_of(screen):
    return [b for b in screen.findChildren(QPushButton) if b.isVisible() and not in_scroll_area(b, screen)]


def in_scroll_area(widget, stop) -> bool:
    w = widget.parentWidget()
    while w is not None and w is not stop:
        if isinstance(w, QAbstractScrollArea):
            return True
        w = w.parentWidget()
    return False


@pytest.mark.parametrize("size", [(1280, 720), (1024, 576), (1366, 768), (1093, 614)])
def test_every_screens_buttons_and_the_working_day_lie_inside_the_window(qtbot, session, idle, size):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    window.show()
    idle()
    assert window.size() == QSize(*size), f"the window cannot be as small as {size}: {window.minimumSizeHint()}"
    for key, _ in SCREENS:
        window.go(key)
        idle()
        screen = window.screens[key]
        settle(qtbot, lambda: screen.isVisible() and (buttons_of(screen) or key == "home")
               and all(inside(b, window) for b in buttons_of(screen)))  # the layout of the screen just shown
        buttons = buttons_of(screen)
        if key != "home":
            assert buttons, key
        for b in buttons:
            assert inside(b, window), f"{key}: {b.text()} at {b.mapTo(window, QPoint(0, 0))} outside {size}"
        assert window.working_day.isVisible() and inside(window.working_day, window), key
    form = window.screens["payment"]
    window.go("payment")
    idle()
    form.fields["wht"].setFocus()  # the last field, below the fold on a short window: scrolled into view
    wht, viewport = form.fields["wht"], form.scroll.viewport()

    def wht_in_view():
        return inside(wht, window) and viewport.rect().contains(QRect(wht.mapTo(viewport, QPoint(0, 0)), wht.size()))
    settle(qtbot, wht_in_view)
    assert wht_in_view()


def test_dialogs_fit_the_screen_with_their_buttons(qtbot, session, idle):
    from manualbook_ui import masterdata
    from PySide6.QtGui import QGuiApplication

    from manualbook_ui.keysheet import KeySheet

    room = QGuiApplication.primaryScreen().availableGeometry()  # offscreen: 800x600, smaller than any laptop
    for make in (lambda: masterdata.BudgetLineDialog(session), lambda: masterdata.RevenueCodeDialog(session),
                 lambda: masterdata.HeldAccountDialog(session), lambda: masterdata.BankAccountDialog(session),
                 lambda: masterdata.ReceiptRangeDialog(session, "12"), KeySheet):
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, lambda: dialog.isVisible() and room.contains(dialog.geometry()))
        assert room.contains(dialog.geometry()), (type(dialog).__name__, dialog.geometry(), room)
        for b in dialog.findChildren(QPushButton):
            if b.isVisible():
                assert inside(b, dialog), (type(dialog).__name__, b.text())
        dialog.close()


def test_no_lists_heading_is_cut_on_any_screen(qtbot, session, idle):
    """At 1280x720 a heading narrower than its text was clipped at both ends ("ล่ม/เลขที", "หัส/รายการง")."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QTableView

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1280, 720)
    window.show()
    idle()
    checked = 0
    for key, _ in SCREENS:
        window.go(key)
        idle()
        for table in window.screens[key].findChildren(QTableView):
            model, hh = table.model(), table.horizontalHeader()
            bold = QFont(hh.font())
            bold.setBold(True)
            fm = QFontMetrics(bold)
            for col in range(model.columnCount()):
                heading = model.headerData(col, Qt.Orientation.Horizontal)
                if not heading or table.isColumnHidden(col) or hh.sectionSize(col) == 0:
                    continue
                checked += 1
                assert hh.sectionSize(col) >= fm.horizontalAdvance(str(heading)) + 12, \
                    f"{key}: heading {heading!r} cut ({hh.sectionSize(col)} px)"
    assert checked >= 10
