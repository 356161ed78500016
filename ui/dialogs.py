"""Small Thai message boxes and questions used everywhere."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QApplication, QMessageBox


def _box(parent, icon, title: str, text: str, buttons=QMessageBox.StandardButton.Ok) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    # Y and N answer a question by keyboard (a message box takes the letter without Alt)
    for button, label in ((QMessageBox.StandardButton.Ok, "ตกลง"), (QMessageBox.StandardButton.Yes, "ใช่ (&Y)"),
                          (QMessageBox.StandardButton.No, "ไม่ใช่ (&N)"),
                          (QMessageBox.StandardButton.Cancel, "ยกเลิก")):
        b = box.button(button)
        if b is not None:
            b.setText(label)
    return box


def back_to(widget) -> None:
    """After a dialog closes, the keys go back to ``widget``'s window and to ``widget``.

    A window manager does this by itself; without one (a bare X server) and on
    some Windows set-ups the focus is otherwise left nowhere and typing is lost."""
    if widget is None or not shiboken6.isValid(widget):  # closed meanwhile
        return
    window = widget.window()
    if window.isVisible():
        window.activateWindow()
        widget.setFocus()


def _run(box, parent):
    focus = QApplication.focusWidget()
    try:
        return box.exec()
    finally:
        back_to(focus if focus is not None else parent)


def show_error(parent, text: str, title: str = "ทำรายการไม่สำเร็จ") -> None:
    _run(_box(parent, QMessageBox.Icon.Warning, title, text), parent)


def show_info(parent, text: str, title: str = "แจ้งให้ทราบ") -> None:
    _run(_box(parent, QMessageBox.Icon.Information, title, text), parent)


def ask(parent, text: str, title: str = "ยืนยัน") -> bool:
    """A question answered "ไม่ใช่" (no) unless the clerk chooses "ใช่": Enter and Esc both say no."""
    box = _box(parent, QMessageBox.Icon.Question, title, text,
               QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return _run(box, parent) == QMessageBox.StandardButton.Yes
