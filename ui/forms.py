"""The entry forms: receipt, void, deposit, withdrawal, payment.

Keyboard first: Enter moves to the next field and saves on the last one;
Ctrl+S saves from anywhere; a second press while a save is running is
ignored, so a double press saves once. Problems come from the core
(``draft_from_values`` for the fields, ``Book.check`` against the book, run
on the worker) and are shown in Thai under the field they concern; nothing
is written until ``Book.add`` accepts the entry.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from manualbook import lists, proposals
from manualbook.entry_fields import COLUMNS, draft_from_values
from manualbook.messages import BookError, Problem
from manualbook.model import KIND_THAI
from manualbook.money import format_amount
from manualbook.thaidate import fiscal_year, format_short, unusual_date

from . import theme
from .dialogs import ask
from .enter import EnterKeyFilter
from .fields import AmountField, CompletingLine, DateField, NumberField, Picker, TextField, add_labelled
from .fit import FitScroll, keep_visible
from .formspec import FORMS, METHOD_CHOICES, RECEIPT_METHODS, field_of
from .ops import error_text
from .session import Session


class EntryForm(QWidget):
    saved = Signal(object)  # the Change

    def __init__(self, session: Session, kind: str, parent=None):
        super().__init__(parent)
        self.session, self.kind = session, kind
        self.title_text, self.specs = FORMS[kind]
        self.fields: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.touched: set[str] = set()
        self._saving = False
        self._move_day = True
        self._wht_edited = False
        self._generation = 0
        self._loaded_fy: int | None = None
        self._build()
        self._check_timer = QTimer(self, singleShot=True, interval=350)
        self._check_timer.timeout.connect(self.check_now)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        session.working_day_changed.connect(self._working_day_changed)
        session.tasks.changed.connect(self._book_changed)
        self._proposed: dict[str, str] = {}  # field -> the number the form proposed (replaced while untouched)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.reset(keep=False)

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 10)
        title = QLabel(self.title_text)
        title.setProperty("role", "title")
        title.setFont(theme.ui_font(theme.BASE_POINT_SIZE + 4, bold=True))
        outer.addWidget(title)
        card = QFrame()
        card.setProperty("card", True)
        grid = QGridLayout(card)
        grid.setContentsMargins(18, 12, 18, 12)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        enter = EnterKeyFilter(self)
        for row, spec in enumerate(self.specs):
            widget = self._make_field(spec)
            widget.setObjectName(f"field_{spec.key}")
            widget.installEventFilter(enter)
            _, message = add_labelled(grid, row, spec.label, widget, spec.key)
            self.fields[spec.key] = widget
            self.messages[spec.key] = message
        if self.kind == "payment":
            self.net_label = QLabel()
            self.net_label.setObjectName("net")
            self.net_label.setFont(theme.ui_font(theme.BASE_POINT_SIZE + 1, bold=True))
            grid.addWidget(QLabel("จ่ายสุทธิ"), len(self.specs), 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(self.net_label, len(self.specs), 1)
        # the fields scroll on a short screen; the message and the buttons below never do
        self.scroll = FitScroll(card)
        outer.addWidget(self.scroll)
        self.form_message = QLabel()
        self.form_message.setObjectName("form_message")
        self.form_message.setWordWrap(True)
        outer.addWidget(self.form_message)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("บันทึก (Ctrl+S)")
        self.save_button.setObjectName("save")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        clear = QPushButton("ล้างแบบฟอร์ม (Ctrl+L)", objectName="clear")
        clear.clicked.connect(lambda: self.reset(keep=True))
        QShortcut(QKeySequence("Ctrl+L"), self, activated=lambda: self.reset(keep=True),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        buttons.addStretch(1)
        buttons.addWidget(clear)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        outer.addStretch(1)

    def _make_field(self, spec) -> QWidget:
        kind = spec.widget
        if kind == "date":
            w = DateField()
            w.date_changed.connect(self._date_changed)
        elif kind == "number":
            w = NumberField()
        elif kind == "party":
            w = CompletingLine()
        elif kind in ("amount", "wht"):
            w = AmountField()
        elif kind in ("code", "line", "account"):
            what = {"code": "รหัสรายรับ", "line": "รายการงบ", "account": "บัญชีเงินฝาก"}[kind]
            w = Picker(what=what)
            w.field_label = spec.label
            if kind == "account":
                w.setPlaceholderText("พิมพ์รหัส ชื่อธนาคาร หรือเลขบัญชี แล้วกด Enter (↓ ดูทั้งหมด)")
        elif kind == "method":
            w = QComboBox()
            for key, label in (RECEIPT_METHODS if self.kind == "receipt" else METHOD_CHOICES):
                w.addItem(label, key)
            w.currentIndexChanged.connect(lambda *_: self._method_changed())
        else:
            w = TextField()
        if spec.placeholder and isinstance(w, QLineEdit):
            w.setPlaceholderText(spec.placeholder)
        if isinstance(w, QLineEdit):
            w.textEdited.connect(lambda *_, k=spec.key: self._edited(k))
            w.editingFinished.connect(lambda k=spec.key: self._left(k))
        return w

    # ------------------------------------------------------------ values
    def value_text(self, key: str) -> str:
        w = self.fields[key]
        if not w.isEnabled():
            return ""
        if isinstance(w, QComboBox):
            return w.currentData() or ""
        return w.value_text()

    def values(self) -> dict:
        out = {"kind": self.kind}
        for key in self.fields:
            out[key] = self.value_text(key)
        if self.kind == "receipt" and out.get("method") == "cash":
            out["method"] = ""  # let the core infer cash; keeps "no account" rules in one place
        return out

    def focus_order(self) -> list[QWidget]:
        return [w for w in self.fields.values() if w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus]

    # ------------------------------------------------------------ keyboard
    def enter_pressed(self, widget: QWidget) -> None:
        order = self.focus_order()
        if widget in order and order.index(widget) < len(order) - 1:
            nxt = order[order.index(widget) + 1]
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            if isinstance(nxt, QLineEdit):
                nxt.selectAll()
        else:
            self.save()

    # ------------------------------------------------------------ reacting to typing
    def _edited(self, key: str) -> None:
        self._proposed.pop(key, None)  # the clerk typed here: a later proposal must not replace it
        if key == "amount" and self.kind == "payment" and not self._wht_edited:
            amount = self.fields["amount"].satang()
            self.fields["wht"].set_satang(proposals.proposed_wht(amount) if amount else None)
        if key == "wht":
            self._wht_edited = bool(self.fields["wht"].text().strip())
        self._refresh_hints()
        self._check_timer.start()

    def _left(self, key: str) -> None:
        if self.fields[key].isEnabled() and self.value_text(key):
            self.touched.add(key)
        self._refresh_hints()
        self._check_timer.start()

    def _method_changed(self) -> None:
        method = self.fields["method"].currentData()
        if "account" in self.fields:
            self.fields["account"].setEnabled(method != "cash")
        if "cheque" in self.fields and self.kind == "payment":
            self.fields["cheque"].setEnabled(method == "cheque")
        self._check_timer.start()

    def _date_changed(self, day) -> None:
        if day and "line" in self.fields and fiscal_year(day) != self._loaded_fy:
            self.reload_choices()
        self._refresh_hints()

    def _refresh_hints(self) -> None:
        """Words for amounts, the long date, the net: always current, under each field."""
        for key, w in self.fields.items():
            label = self.messages[key]
            if label.property("role") == "error":
                continue
            text = ""
            if isinstance(w, (AmountField, DateField)):
                text = w.hint()
                if isinstance(w, DateField) and w.date() and self.session.is_closed(w.date()):
                    text += "  (วันนี้ปิดบัญชีแล้ว)"
            label.setText(text)
            label.setProperty("role", "words" if isinstance(w, AmountField) else "hint")
        if self.kind == "payment":
            amount = self.fields["amount"].satang() or 0
            wht = self.fields["wht"].satang() or 0
            self.net_label.setText(f"{format_amount(amount - wht)} บาท" if amount else "")

    def _show_problems(self, problems, only_touched: bool) -> None:
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for p in problems:
            key = field_of(p)
            if key in self.fields and self.fields[key].isEnabled():
                by_field.setdefault(key, []).append(p.message)
            elif key in self.fields and not only_touched:
                general.append(p.message)
            elif key is None:
                general.append(p.message)
        for key, label in self.messages.items():
            w = self.fields[key]
            msgs = by_field.get(key, []) if (not only_touched or key in self.touched) else []
            label.setProperty("role", "error" if msgs else "hint")
            if isinstance(w, QLineEdit):
                w.setProperty("invalid", bool(msgs))
                theme.repolish(w)
            label.setText("\n".join(dict.fromkeys(msgs)))
            theme.repolish(label)
        self._refresh_hints()
        self._set_form_message("\n".join(dict.fromkeys(general)) if not only_touched or general else "", "error")
        return by_field

    def _set_form_message(self, text: str, role: str) -> None:
        self.form_message.setText(text)
        self.form_message.setProperty("role", role)
        theme.repolish(self.form_message)

    def picker_problems(self) -> list[Problem]:
        """Pickers whose text is not an item (typed part of a name, or nothing that exists)."""
        out = []
        for key, w in self.fields.items():
            if isinstance(w, Picker) and w.isEnabled() and w.problem():
                out.append(Problem("not_picked", w.problem(), None, COLUMNS[key]))
        return out

    def check_now(self) -> None:
        """Field problems from the core's parser, then book problems from the worker."""
        if not self.touched or self.session.tasks.book is None:  # nothing typed, or the program is closing
            return
        self._generation += 1
        generation = self._generation
        draft, problems = draft_from_values(self.values())
        picked = self.picker_problems()
        if picked:
            problems = picked + [p for p in problems if field_of(p) not in {field_of(q) for q in picked}]
        if problems:
            self._show_problems(problems, only_touched=True)
            return
        self.session.query(self, lambda book: book.check([(draft, None)])).success(
            lambda found: generation == self._generation and self._show_problems(found, only_touched=True)
        ).failure(lambda exc: None).run_in_background()

    # ------------------------------------------------------------ saving
    def save(self) -> None:
        if self._saving:
            return  # a double press saves once
        for w in self.fields.values():
            if hasattr(w, "normalise"):
                w.normalise()
        values = self.values()
        draft, problems = draft_from_values(values)
        picked = self.picker_problems()  # text that is not an item is never saved, whatever it resembles
        if picked:
            problems = picked + [p for p in problems if field_of(p) not in {field_of(q) for q in picked}]
        self.touched |= set(self.fields)
        if problems:
            by_field = self._show_problems(problems, only_touched=False)
            self._focus_first(by_field)
            return
        question = unusual_date(draft.date, self.session.working_day)
        if question and not ask(self, question, "ตรวจสอบวันที่"):
            self._focus_first({"date": True})
            QTimer.singleShot(0, lambda: self._focus_first({"date": True}))  # after the window is active again
            self._set_form_message("ยังไม่ได้บันทึก: แก้วันที่แล้วบันทึกอีกครั้ง", "hint")
            return
        self._move_day = question is None  # a date the clerk had to confirm does not become the working day
        self._saving = True
        self._generation += 1
        self.save_button.setEnabled(False)
        self._set_form_message("กำลังบันทึก…", "hint")
        self.session.write(self, lambda book: book.add(values)).success(
            lambda change: self._saved(change, draft)).failure(self._save_failed).run_in_background()

    def _saved(self, change, draft) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if self._move_day:
            self.session.set_working_day(draft.date)
        what = f"{KIND_THAI[self.kind]}"
        if draft.book:
            what += f" เล่มที่ {draft.book} เลขที่ {draft.number}"
        elif draft.number:
            what += f" เลขที่ {draft.number}"
        if draft.amount:
            what += f" จำนวน {format_amount(draft.amount)} บาท"
        ids = ", ".join(change.entries)
        self.reset(keep=True, after=draft)
        self._set_form_message(f"บันทึกแล้ว: {what} วันที่ {format_short(draft.date)} (รหัสรายการ {ids})", "ok")
        self.saved.emit(change)

    def _save_failed(self, exc) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, BookError):
            by_field = self._show_problems(exc.problems, only_touched=False)
            self._focus_first(by_field)
        else:
            self._set_form_message(error_text(exc), "error")

    def _focus_first(self, by_field: dict) -> None:
        for key, w in self.fields.items():
            if key in by_field:
                w.setFocus(Qt.FocusReason.OtherFocusReason)
                if isinstance(w, QLineEdit):
                    w.selectAll()
                return

    # ------------------------------------------------------------ reset and proposals
    def reset(self, keep: bool = True, after=None) -> None:
        """Empties the form for the next entry, keeping the date (and the receipt book)."""
        keep_keys = {"date"} if keep else set()
        if self.kind in ("receipt", "void"):
            keep_keys.add("book")
        if self.kind in ("deposit", "withdraw"):
            keep_keys.add("account")
        for key, w in self.fields.items():
            if key in keep_keys:
                continue
            if isinstance(w, QComboBox):
                w.setCurrentIndex(0)
            else:
                w.clear()
        if "date" not in keep_keys or not self.fields["date"].text():
            self.fields["date"].set_date(self.session.working_day)
        self.touched.clear()
        self._wht_edited = False
        self._show_problems([], only_touched=True)
        self._set_form_message("", "hint")
        if "method" in self.fields:
            self._method_changed()
        self._proposed = {k: v for k, v in self._proposed.items() if k in keep_keys}
        if after is not None and after.number.isdecimal() and self.kind in ("receipt", "void", "payment"):
            self._propose("number", str(int(after.number) + 1))
        self.reload_choices()
        self.focus_first_empty()

    def focus_first_empty(self) -> None:
        if not self.isVisible():  # a form behind another screen must not take the focus
            return
        for w in self.focus_order():
            if isinstance(w, QLineEdit) and not w.text():
                w.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def focus_first(self) -> None:
        """The cursor in the first field (the date), its text selected: what a screen switch does."""
        if not self.isVisible():
            return
        first = self.focus_order()[0]
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(first, QLineEdit):
            first.selectAll()
        self.scroll.verticalScrollBar().setValue(0)

    def _propose(self, key: str, value: str) -> None:
        """Fills a field with a proposal, unless the clerk has typed there since the last one."""
        w = self.fields[key]
        current = w.text()
        untouched = not current or current == self._proposed.get(key)
        if value and untouched and not (w.hasFocus() and current):
            if current != value:
                w.setText(value)
            self._proposed[key] = value

    def reload_choices(self) -> None:
        """Loads pickers, completion history and proposed numbers on the worker."""
        day = self.fields["date"].date() or self.session.working_day
        kind = self.kind
        self._loaded_fy = fiscal_year(day)
        self.session.query(self, lambda book: lists.form_choices(book, kind, day)).success(
            self._apply_choices).failure(lambda exc: None).run_in_background()

    def _apply_choices(self, found: dict) -> None:
        before = {k: w.text() for k, w in self.fields.items() if isinstance(w, QLineEdit)}
        if "account" in self.fields:
            self.fields["account"].set_choices(found["accounts"])
        if "codes" in found:
            self.fields["code"].set_choices(found["codes"])
        if "lines" in found:
            self.fields["line"].set_choices(found["lines"])
        if "parties" in found:
            self.fields["party"].set_history(found["parties"])
        book_no, number = found.get("next_receipt", ("", ""))
        if book_no:
            self._propose("book", book_no)
        if number and self.kind == "receipt" and self.fields["book"].text() == book_no:
            self._propose("number", number)
        if found.get("next_voucher"):
            self._propose("number", found["next_voucher"])
        filled = [w for k, w in self.fields.items() if isinstance(w, QLineEdit) and w.text() != before[k]]
        if self.focusWidget() in filled or self.focusWidget() is None:
            self.focus_first_empty()

    def _working_day_changed(self, day) -> None:
        if not self.touched:
            self.fields["date"].set_date(day)

    def _book_changed(self, change, initiator) -> None:
        """Any change elsewhere (entries, budget import, new codes, accounts, a close) reloads
        the lists and the proposals, so the form never offers what is gone or misses what is new."""
        if initiator is not self:
            self.reload_choices()

    def _focus_changed(self, old, new) -> None:
        if new is not None and self.isAncestorOf(new):
            keep_visible(self.scroll, new)
