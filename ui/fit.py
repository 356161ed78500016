"""Making screens and dialogs fit office laptops (1280x720, 1366x768, at 100 % and 125 %).

At 125 % a 1280x720 screen is 1024x576 logical pixels, less the taskbar:
every screen must work in that. Forms put their fields in a ``FitScroll``
(as tall as its contents when there is room, scrolling when there is not)
and keep their buttons outside it, so the save button never scrolls away;
dialogs are sized with ``fit_to_screen`` so none opens taller than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class FitScroll(QScrollArea):
    """A scroll area that asks for its contents' full size but can shrink to a few rows."""

    def __init__(self, inner: QWidget, parent=None, min_height: int = 120):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(inner)
        inner.setAutoFillBackground(False)  # setWidget() turned it on: the form's background shows through
        self._min_height = min_height
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner.installEventFilter(self)

    def eventFilter(self, obj, event):
        # the contents changed size (a longer message, the day's figures loaded): ask the
        # window's layout again, which a scroll area does not do by itself
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(obj, event)

    def sizeHint(self) -> QSize:
        inner = self.widget().sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(inner.width() + bar + 2 * self.frameWidth(), inner.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        inner = self.widget().minimumSizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(inner.width() + bar, min(self._min_height, inner.height()))


def keep_visible(scroll: QScrollArea, widget: QWidget) -> None:
    """Scrolls so the field with the cursor is seen (Enter and Tab move down the form)."""
    if scroll.widget() is not None and scroll.widget().isAncestorOf(widget):
        scroll.ensureWidgetVisible(widget, 20, 40)


def available(widget: QWidget):
    """The screen's room for windows (without the taskbar), in logical pixels."""
    screen = widget.screen() if widget.screen() is not None else None
    if screen is None:
        from PySide6.QtGui import QGuiApplication
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resizes a dialog to (width, height), never larger than the screen's free room, and
    moves it back inside that room (centred on its parent when it has one)."""
    room = available(widget)
    frame = 40  # title bar and borders the window manager adds
    width, height = min(width, room.width() - 16), min(height, room.height() - frame)
    widget.resize(width, height)
    parent = widget.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else room.center()
    x = min(max(centre.x() - width // 2, room.left()), room.right() - width)
    y = min(max(centre.y() - height // 2, room.top()), room.bottom() - height - frame + 8)
    widget.move(max(x, room.left()), max(y, room.top()))
