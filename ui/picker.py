"""Fields with a list under them: pickers that never choose for the clerk, and
free text with suggestions from history.

The list is a plain child of the field's window (not a pop-up window), so the
keyboard focus never leaves the field: every key typed goes into the text,
and nothing the list does writes into it. Up/Down/PgUp/PgDown move the
highlight, Enter or a click takes the highlighted item, Escape closes the list.

``Picker`` (revenue codes, budget lines, accounts, commitments) follows
``manualbook.choices``: typing filters the list by code or any part of the
name; the text *is* an item only when it is a code typed in full or a whole
label; Enter on text that fits one item takes it, on text that fits several
opens the list (it never takes the first), on text that fits none leaves the
text as typed with the reason under the field, and the form refuses to save.
Backspace only deletes. A new list (``set_choices``) never changes the text.

``CompletingLine`` is free text (payers, payees): the list offers what was
typed before, and the text is what the clerk typed unless an item is taken.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLineEdit, QListView

from manualbook import choices as core
from manualbook.choices import Choice
from manualbook.money import to_arabic_digits

MAX_ROWS = 10


class _List(QListView):
    """The list under a field; it never takes the keyboard focus."""

    def __init__(self, owner: "_ListLine"):
        super().__init__(owner.window())
        self.owner = owner
        self.setObjectName("pick_list")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.Box)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setModel(QStringListModel(self))
        self.clicked.connect(lambda index: owner._take_row(index.row()))
        self.hide()


class _ListLine(QLineEdit):
    """A line edit that shows rows under itself while the clerk types."""

    def __init__(self, parent=None, **kw):
        super().__init__(parent, **kw)
        self._list: _List | None = None
        self._rows: list = []          # what each row of the list stands for (None: a note row)
        self.textEdited.connect(self._typed)

    # ------------------------------------------------------------ the list
    def list_view(self) -> _List:
        if self._list is None or self._list.parent() is not self.window():
            if self._list is not None:
                self._list.deleteLater()
            self._list = _List(self)
        return self._list

    def list_visible(self) -> bool:
        return self._list is not None and self._list.isVisible()

    def list_texts(self) -> list[str]:
        """The rows shown (for tests and screenshots)."""
        return self._list.model().stringList() if self.list_visible() else []

    def current_row(self) -> int:
        return self._list.currentIndex().row() if self.list_visible() else -1

    def hide_list(self) -> None:
        if self._list is not None:
            self._list.hide()

    def show_rows(self, rows: list, texts: list[str]) -> None:
        """Shows ``texts`` under the field with nothing highlighted."""
        self._rows = rows
        view = self.list_view()
        view.model().setStringList(texts)
        view.setCurrentIndex(view.model().index(-1, 0))
        view.clearSelection()
        if not texts:
            view.hide()
            return
        win = self.window()
        view.ensurePolished()
        row_h = view.sizeHintForRow(0)
        if row_h <= 0:
            row_h = self.fontMetrics().height() + 8
        height = row_h * min(len(texts), MAX_ROWS) + 2 * view.frameWidth() + 2
        below = self.mapTo(win, QPoint(0, self.height()))
        above = self.mapTo(win, QPoint(0, 0))
        room_below = win.height() - below.y()
        width = min(max(self.width(), 420), max(win.width() - below.x() - 4, self.width()))
        if room_below >= height or room_below >= above.y():
            top = below.y()
            height = min(height, max(room_below - 2, row_h * 2))
        else:
            height = min(height, above.y() - 2)
            top = above.y() - height
        view.setGeometry(below.x(), top, width, height)
        view.show()
        view.raise_()

    def move_highlight(self, step: int) -> None:
        view = self._list
        count = view.model().rowCount()
        if not count:
            return
        row = view.currentIndex().row()
        row = 0 if row < 0 and step > 0 else max(0, min(count - 1, row + step))
        while 0 <= row < count and self._rows[row] is None:  # note rows cannot be taken
            row += 1 if step > 0 else -1
        if 0 <= row < count:
            view.setCurrentIndex(view.model().index(row, 0))

    def _take_row(self, row: int) -> None:
        if 0 <= row < len(self._rows) and self._rows[row] is not None:
            self.take(self._rows[row])

    # ------------------------------------------------------------ subclass hooks
    def _typed(self, text: str) -> None:
        raise NotImplementedError

    def open_list(self) -> None:
        raise NotImplementedError

    def take(self, row_value) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------ keys
    def accept_enter(self) -> bool:
        """Enter pressed: True when the form may move on to the next field."""
        if self.current_row() >= 0:
            self._take_row(self.current_row())
            return True
        self.hide_list()
        return True

    def keyPressEvent(self, event):
        key = event.key()
        shown = self.list_visible()
        if shown and key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: MAX_ROWS,
                    Qt.Key.Key_PageUp: -MAX_ROWS}[key]
            self.move_highlight(step)
            return
        if not shown and (key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and self.has_list_items())):
            self.open_list()
            if key == Qt.Key.Key_Down and self.list_visible():
                self.move_highlight(1)  # the clerk asked for the list: the highlight shows where Enter goes
            return
        if shown and key == Qt.Key.Key_Escape:
            self.hide_list()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.accept_enter():
                return
        super().keyPressEvent(event)

    def has_list_items(self) -> bool:
        return True

    def event(self, e):
        # Escape with the list open belongs to the list, not to the dialog around the field
        if e.type() == QEvent.Type.ShortcutOverride and e.key() == Qt.Key.Key_Escape and self.list_visible():
            e.accept()
            return True
        return super().event(e)

    def focusOutEvent(self, event):
        if not (self._list is not None and self._list.underMouse()):
            self.hide_list()
        super().focusOutEvent(event)

    def hideEvent(self, event):
        self.hide_list()
        super().hideEvent(event)


class Picker(_ListLine):
    """Type part of a code or of its Thai name; take an item from the list.

    ``value_text()`` is the key of the item the text names (or what was typed,
    when it names none); ``problem()`` says in Thai why the text is not an item.
    """

    chosen = Signal(object)  # the Choice taken

    def __init__(self, parent=None, what: str = "รายการ", **kw):
        super().__init__(parent, **kw)
        self.what = what          # what the items are, for messages ("รหัสรายรับ")
        self.field_label = what   # the field's label, for messages
        self._choices: list[Choice] = []
        self.setPlaceholderText("พิมพ์รหัสหรือชื่อ แล้วกด Enter (↓ ดูทั้งหมด)")

    def set_choices(self, choices: list[Choice]) -> None:
        """A new list (the book changed): the text stays exactly as it is."""
        self._choices = list(choices)
        if self.list_visible():
            self._filter(self.text())

    def choices(self) -> list[Choice]:
        return list(self._choices)

    def choice(self) -> Choice | None:
        """The item the text names: a code typed in full or a whole label; else None."""
        return core.match(self.text(), self._choices).exact

    def value_text(self) -> str:
        c = self.choice()
        return c.key if c else to_arabic_digits(self.text().strip())

    def problem(self) -> str | None:
        return core.problem(self.text(), self._choices, self.what, self.field_label)

    def set_key(self, key: str) -> None:
        c = next((c for c in self._choices if c.key.upper() == (key or "").upper()), None)
        self.setText(c.label if c else (key or ""))

    def normalise(self) -> None:
        """Shows the whole label of the item typed in full (a code becomes "code  name")."""
        c = self.choice()
        if c and self.text() != c.label:
            self.setText(c.label)

    def take(self, c: Choice) -> None:
        self.hide_list()
        self.setText(c.label)
        self.setCursorPosition(0)
        self.chosen.emit(c)
        self.editingFinished.emit()

    def has_list_items(self) -> bool:
        return bool(self._choices)

    def open_list(self) -> None:
        """The list for the text typed, or every item when the text is an item or empty."""
        self._filter("" if self.choice() else self.text())

    def _typed(self, text: str) -> None:
        self._filter(text)  # textEdited: only what the clerk typed, never a text the program set

    def _filter(self, text: str) -> None:
        items = core.match(text, self._choices).items if text.strip() else tuple(self._choices)
        if not items:
            self.show_rows([None], [f'ไม่มี{self.what}ที่ตรงกับ "{text.strip()}"'])
            return
        self.show_rows(list(items), [c.label for c in items])

    def accept_enter(self) -> bool:
        if self.current_row() >= 0:
            self._take_row(self.current_row())
            return True
        if not self.text().strip():
            self.hide_list()
            return True
        m = core.match(self.text(), self._choices)
        if m.exact is not None:
            self.take(m.exact)
            return True
        if len(m.items) == 1:  # Enter on text that fits one item takes that item
            self.take(m.items[0])
            return True
        self._filter(self.text())  # several: show them, nothing highlighted; none: a note row says so
        return False

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.normalise()


class CompletingLine(_ListLine):
    """Free text with what was typed before offered under it (payers, payees)."""

    def __init__(self, parent=None, **kw):
        super().__init__(parent, **kw)
        self._history: list[str] = []

    def set_history(self, items: list[str]) -> None:
        self._history = list(items)

    def value_text(self) -> str:
        return self.text().strip()

    def take(self, text: str) -> None:
        self.hide_list()
        self.setText(text)
        self.editingFinished.emit()

    def has_list_items(self) -> bool:
        return bool(self._history)

    def open_list(self) -> None:
        self._suggest(self.text())

    def _typed(self, text: str) -> None:
        self._suggest(text)

    def _suggest(self, text: str) -> None:
        folded = " ".join(text.casefold().split())
        if not folded:
            found = self._history[:50]
        else:
            found = [h for h in self._history if folded in " ".join(h.casefold().split())][:50]
        if found == [text.strip()] or not found:
            self.hide_list()
            return
        self.show_rows(found, found)
