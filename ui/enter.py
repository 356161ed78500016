"""The Enter key in a keyboard-first form or dialog: one rule for both.

Enter on a field moves on (or saves, on the last field): the owner's
``enter_pressed(widget)`` decides. A picker first decides whether Enter takes
an item or opens its list (``accept_enter``); an open drop-down list keeps its
own Enter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QComboBox


class EnterKeyFilter(QObject):
    """Installed on each field of ``owner``, which has ``enter_pressed(widget)``."""

    def __init__(self, owner):
        super().__init__(owner)
        self.owner = owner

    def eventFilter(self, obj, event):
        if event.type() != QEvent.Type.KeyPress or event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if isinstance(obj, QComboBox) and obj.view().isVisible():
            return False
        if hasattr(obj, "accept_enter") and not obj.accept_enter():
            return True  # the picker opened its list or has nothing to take: stay
        self.owner.enter_pressed(obj)
        return True
