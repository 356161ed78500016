"""Small Thai message boxes and questions used everywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def _box(parent, icon, title: str, text: str, buttons=QMessageBox.StandardButton.Ok) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    for button, label in ((QMessageBox.StandardButton.Ok, "ตกลง"), (QMessageBox.StandardButton.Yes, "ใช่"),
                          (QMessageBox.StandardButton.No, "ไม่ใช่"),
                          (QMessageBox.StandardButton.Cancel, "ยกเลิก")):
        b = box.button(button)
        if b is not None:
            b.setText(label)
    return box


def show_error(parent, text: str, title: str = "ทำรายการไม่สำเร็จ") -> None:
    _box(parent, QMessageBox.Icon.Warning, title, text).exec()


def show_info(parent, text: str, title: str = "แจ้งให้ทราบ") -> None:
    _box(parent, QMessageBox.Icon.Information, title, text).exec()


def ask(parent, text: str, title: str = "ยืนยัน") -> bool:
    box = _box(parent, QMessageBox.Icon.Question, title, text,
               QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
