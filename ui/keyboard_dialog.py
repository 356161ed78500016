"""Building blocks for small screens: a keyboard-first dialog, a screen's title, a button row.

``KeyboardDialog`` is a small form that writes one thing through the worker:
Enter moves to the next field and saves on the last, Ctrl+S saves from
anywhere, Esc cancels, a second press while saving is ignored. Plain field
problems are found in the dialog (``collect``); everything else is the core's
word (a ``BookError``), shown beside the field its ``Problem`` concerns.

The read-only tables of rows are in ``tables``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from manualbook.messages import BookError
from manualbook.money import parse_amount
from manualbook.thaidate import parse_date

from . import theme
from .dialogs import back_to
from .enter import EnterKeyFilter
from .fields import AmountField, DateField, Picker, add_labelled
from .fit import FitScroll, fit_to_screen, keep_visible
from .ops import error_text
from .session import Session

def title_label(text: str, step: int = 2) -> QLabel:
    """The bold heading of a screen (``step`` 4) or a dialog (2)."""
    head = QLabel(text)
    head.setFont(theme.ui_font(theme.BASE_POINT_SIZE + step, bold=True))
    head.setProperty("role", "title")
    return head


def button_row(cancel_text: str, ok_text: str, ok_name: str) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """Cancel and the primary button, at the right; neither takes Enter (it belongs to the fields)."""
    row = QHBoxLayout()
    row.addStretch(1)
    cancel, ok = QPushButton(cancel_text, objectName="cancel"), QPushButton(ok_text, objectName=ok_name)
    ok.setProperty("primary", True)
    for b in (cancel, ok):
        b.setAutoDefault(False)
        b.setDefault(False)
        row.addWidget(b)
    return row, cancel, ok


# ---------------------------------------------------------------- keyboard-first dialog
class KeyboardDialog(QDialog):
    """A small form that writes one thing through the worker.

    Subclasses add fields with ``add_field``, then implement ``collect()``
    (values and plain problems by field) and ``make_op(values)`` (the write
    op). ``FIELD_OF`` maps core problem codes to the field they concern.
    """

    saved = Signal(object)  # what the write op returned
    FIELD_OF: dict[str, str] = {}

    def __init__(self, session: Session, title: str, intro: str = "", parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.setModal(True)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, str] = {}
        self.messages: dict[str, QLabel] = {}
        self.hints: dict[str, object] = {}
        self._saving = False
        self.result_value = None
        self._enter = EnterKeyFilter(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 14, 20, 14)
        outer.addWidget(title_label(title))
        if intro:
            note = QLabel(intro, objectName="intro")
            note.setWordWrap(True)
            note.setProperty("role", "hint")
            outer.addWidget(note)
        fields = QWidget()
        self.grid = QGridLayout(fields)
        self.grid.setContentsMargins(0, 0, 6, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnMinimumWidth(1, 420)
        self.scroll = FitScroll(fields)  # a long dialog scrolls on a short screen; its buttons do not
        outer.addWidget(self.scroll, 1)
        self.form_message = QLabel(objectName="form_message")
        self.form_message.setWordWrap(True)
        outer.addWidget(self.form_message)
        row, self.cancel_button, self.save_button = button_row("ยกเลิก (Esc)", "บันทึก (Ctrl+S)", "save")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        outer.addLayout(row)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # ------------------------------------------------------------ building
    def add_field(self, key: str, label: str, widget: QWidget, hint=None) -> QWidget:
        """Adds a labelled field; ``hint(widget) -> str`` is shown under it while no error is."""
        row = len(self.fields)
        widget.setObjectName(f"field_{key}")
        widget.installEventFilter(self._enter)
        if isinstance(widget, Picker):
            widget.field_label = label
        _, message = add_labelled(self.grid, row, label, widget, key)
        self.fields[key], self.labels[key], self.messages[key] = widget, label, message
        if hint is None and isinstance(widget, (AmountField, DateField)):
            hint = lambda w: w.hint()  # noqa: E731 - words for amounts, the long date
        if hint is not None:
            self.hints[key] = hint
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda *_, k=key: self._refresh_hint(k))
        return widget

    def showEvent(self, event):
        if not hasattr(self, "_return_focus"):
            self._return_focus = QApplication.focusWidget()  # where the keys go back to once closed
            self.finished.connect(lambda *_: back_to(self._return_focus))
        super().showEvent(event)
        for key in self.fields:
            self._refresh_hint(key)
        hint = self.sizeHint()
        fit_to_screen(self, max(self.width(), hint.width()), hint.height())
        QTimer.singleShot(0, self.focus_first_empty)

    def focus_first_empty(self) -> None:
        for w in self.fields.values():
            if isinstance(w, QLineEdit) and w.isEnabled() and not w.text():
                w.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ keyboard
    def enter_pressed(self, widget) -> None:
        order = [w for w in self.fields.values() if w.isEnabled()]
        if widget in order and order.index(widget) < len(order) - 1:
            if hasattr(widget, "normalise"):
                widget.normalise()
            nxt = order[order.index(widget) + 1]
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            keep_visible(self.scroll, nxt)
            if isinstance(nxt, QLineEdit):
                nxt.selectAll()
        else:
            self.save()

    def reject(self) -> None:
        if self._saving:
            return  # the write is on its way; closing now would hide its outcome
        super().reject()

    # ------------------------------------------------------------ values helpers
    def text(self, key: str) -> str:
        w = self.fields[key]
        return w.value_text() if hasattr(w, "value_text") else w.text().strip()

    def amount(self, key: str, errors: dict[str, str]) -> int | None:
        try:
            return parse_amount(self.text(key), field=self.labels[key], allow_zero=False)
        except BookError as exc:
            errors[key] = exc.problems[0].message
            return None

    def day(self, key: str, errors: dict[str, str]) -> dt.date | None:
        try:
            return parse_date(self.text(key), field=self.labels[key])
        except BookError as exc:
            errors[key] = exc.problems[0].message
            return None

    def required(self, key: str, errors: dict[str, str], message: str | None = None) -> str:
        value = self.text(key)
        if not value:
            errors[key] = message or f'ช่อง "{self.labels[key]}": ต้องใส่'
        return value

    def picked(self, key: str, errors: dict[str, str], what: str) -> str:
        """The key of the item chosen in a Picker, or a problem beside it."""
        w: Picker = self.fields[key]
        value = w.value_text()
        if not value:
            errors[key] = f'ช่อง "{self.labels[key]}": ยังไม่ได้เลือก{what}'
        elif w.choice() is None:
            w.what = what
            errors[key] = w.problem() or f'ช่อง "{self.labels[key]}": ไม่มี{what} "{value}" ในรายการให้เลือก'
        return value

    # ------------------------------------------------------------ subclass hooks
    def collect(self) -> tuple[dict, dict[str, str]]:
        raise NotImplementedError

    def make_op(self, values: dict):
        raise NotImplementedError

    def field_for(self, problem) -> str | None:
        """The field a core problem concerns: its ``field`` (a key or a label), else ``FIELD_OF``."""
        if problem.field in self.fields:
            return problem.field
        by_label = [k for k, label in self.labels.items() if problem.field and label == problem.field]
        return by_label[0] if by_label else self.FIELD_OF.get(problem.code)

    # ------------------------------------------------------------ saving
    def save(self) -> None:
        if self._saving:
            return  # a double press saves once
        for w in self.fields.values():
            if hasattr(w, "normalise"):
                w.normalise()
        values, errors = self.collect()
        self.show_problems(errors)
        if errors:
            self._focus(next(k for k in self.fields if k in errors))
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._set_message("กำลังบันทึก…", "hint")
        self.session.write(self, self.make_op(values)).success(self._saved).failure(self._failed).run_in_background()

    def _saved(self, result) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.result_value = result
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(exc, BookError):
            self.show_problems({})
            self._set_message(error_text(exc), "error")
            return
        by_field: dict[str, str] = {}
        general = []
        for p in exc.problems:
            key = self.field_for(p)
            if key:
                by_field[key] = (by_field[key] + "\n" + p.message) if key in by_field else p.message
            else:
                general.append(p.text())
        self.show_problems(by_field, "\n".join(general))
        if by_field:
            self._focus(next(k for k in self.fields if k in by_field))

    def show_problems(self, errors: dict[str, str], general: str = "") -> None:
        for key, label in self.messages.items():
            text = errors.get(key, "")
            label.setProperty("role", "error" if text else "hint")
            label.setText(text)
            theme.repolish(label)
            w = self.fields[key]
            if isinstance(w, QLineEdit):
                w.setProperty("invalid", bool(text))
                theme.repolish(w)
            if not text:
                self._refresh_hint(key)
        self._set_message(general, "error")
        self._fit()

    def _refresh_hint(self, key: str) -> None:
        label = self.messages.get(key)
        if label is None or label.property("role") == "error" or key not in self.hints:
            return
        label.setText(self.hints[key](self.fields[key]) or "")
        self._fit()

    def _fit(self) -> None:
        """Grows the dialog when a message needs another line (never clips Thai text)."""
        if self.isVisible():
            QTimer.singleShot(0, self, self._grow)  # after the layout has taken the new text

    def _grow(self) -> None:
        fit_to_screen(self, self.width(), max(self.height(), self.sizeHint().height()))

    def _set_message(self, text: str, role: str) -> None:
        self.form_message.setText(text)
        self.form_message.setProperty("role", role)
        theme.repolish(self.form_message)

    def _focus(self, key: str) -> None:
        w = self.fields[key]
        w.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(w, QLineEdit):
            w.selectAll()


