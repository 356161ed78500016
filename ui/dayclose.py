"""Day close: the day's totals and balances, receipt-number warnings, then the close.

Closing a day closes every earlier day too (the core's rule), so the screen
says which days the close will cover before asking.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from manualbook import figures
from manualbook.workday import next_day_to_close, open_days
from manualbook.money import format_amount
from manualbook.thaidate import format_short

from . import theme
from .dialogs import ask, show_error
from .fields import DateField, long_date
from .fit import FitScroll
from .ops import error_text
from .session import Session


def close_preview(book, day: dt.date) -> dict:
    """On the worker: what the close screen shows for ``day``."""
    report = book.receipt_book_report()
    return {
        "day": day, "totals": figures.day_figures(book, day), "summary": book.summary(day),
        "closed": book.closed_through(), "first_open": book.first_open_day(),
        "open_days": open_days(book, day),
        "gaps": [(r["book"], r["gaps"]) for r in report if r["gaps"]],
        "repeats": [(r["book"], r["repeats"]) for r in report if r["repeats"]],
        "cheques": book.cheques_not_collected(day),
        "accounts": {a.key: f"{a.bank} {a.number}" for a in book.accounts()},
    }


def _nums(numbers: list[int]) -> str:
    text = ", ".join(str(n) for n in numbers[:12])
    return text + (f" และอีก {len(numbers) - 12} เลข" if len(numbers) > 12 else "")


class DayCloseView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self._preview: dict | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        title = QLabel("ปิดบัญชีประจำวัน")
        title.setFont(theme.ui_font(theme.BASE_POINT_SIZE + 4, bold=True))
        box.addWidget(title)
        row = QHBoxLayout()
        row.addWidget(QLabel("วันที่จะปิด"))
        self.day = DateField()
        self.day.setMaximumWidth(220)
        self.day.editingFinished.connect(self.reload)
        row.addWidget(self.day)
        self.day_long = QLabel()
        self.day_long.setProperty("role", "hint")
        row.addWidget(self.day_long, 1)
        box.addLayout(row)
        inner = QWidget()
        inner_box = QVBoxLayout(inner)
        inner_box.setContentsMargins(0, 0, 0, 0)
        self.card = QFrame()
        self.card.setProperty("card", True)
        self.card_box = QVBoxLayout(self.card)
        self.body = QLabel(objectName="close_body")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.card_box.addWidget(self.body)
        inner_box.addWidget(self.card)
        self.warnings = QLabel(objectName="close_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setProperty("role", "error")
        inner_box.addWidget(self.warnings)
        box.addWidget(FitScroll(inner))  # the figures scroll on a short screen; the close button stays
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("ปิดบัญชีวันที่นี้ (Ctrl+S)", objectName="close_day")
        self.close_button.setProperty("primary", True)
        self.close_button.clicked.connect(self.close_day)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.close_day,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.day.returnPressed.connect(lambda: self.close_button.setFocus(Qt.FocusReason.TabFocusReason))
        self._day_typed = False
        self.day.textEdited.connect(lambda *_: setattr(self, "_day_typed", True))
        buttons.addWidget(self.close_button)
        box.addLayout(buttons)
        box.addStretch(1)
        session.tasks.changed.connect(self._book_changed)  # a method: disconnected when the view goes

    def _book_changed(self, *_) -> None:
        self.reload()

    def focus_first(self) -> None:
        """A screen switch puts the cursor in the day to close, its text selected."""
        self.day.setFocus(Qt.FocusReason.OtherFocusReason)
        self.day.selectAll()

    def showEvent(self, event):
        if self.day.date():
            self.reload()
        else:
            self.propose_day()
        super().showEvent(event)

    def propose_day(self) -> None:
        """Proposes the first open day with entries (not an empty Saturday after Friday's close)."""
        fallback = self.session.working_day
        self._day_typed = False
        self.session.query(self, lambda book: next_day_to_close(book, fallback)).success(
            self._proposed).run_in_background()

    def _proposed(self, day) -> None:
        if self._day_typed:  # the clerk typed a day meanwhile: theirs wins
            return
        self.day.set_date(day)
        if self.day.hasFocus():
            self.day.selectAll()  # typing still replaces it
        self.reload()

    def reload(self) -> None:
        day = self.day.date()
        if not day:
            return
        self.day_long.setText(long_date(day))
        self.session.query(self, lambda book: close_preview(book, day)).success(self.show_preview).run_in_background()

    def show_preview(self, p: dict) -> None:
        self._preview = p
        t, b = p["totals"], p["summary"].balances
        html = ("<table cellspacing=6><tr><th align=left>รายการของวันที่ %s (สุทธิหลังกลับรายการ)</th>"
                "<th></th><th align=right>บาท</th></tr>") % format_short(p["day"])
        for kind in figures.KINDS:
            k = t[kind]
            html += (f"<tr><td>{figures.WHAT[kind]}</td><td>{figures.count_text(kind, k.count)}{figures.notes(k)}</td>"
                     f"<td align=right>{format_amount(k.amount)}</td></tr>")
        html += f"<tr><td>{figures.WHAT['void']}</td><td>{figures.count_text('void', t['void'].count)}</td><td></td></tr>"
        html += "<tr><th align=left colspan=2>คงเหลือ ณ สิ้นวัน</th><th></th></tr>"
        html += f"<tr><td>เงินสด</td><td></td><td align=right>{format_amount(b.cash)}</td></tr>"
        for key, value in b.accounts:
            html += f"<tr><td>{p['accounts'].get(key, key)}</td><td></td><td align=right>{format_amount(value)}</td></tr>"
        html += "</table>"
        self.body.setText(html)
        warnings = []
        for book_no, gaps in p["gaps"]:
            warnings.append(f"ใบเสร็จเล่มที่ {book_no} ข้ามเลขที่ {_nums(gaps)} (ถ้าเขียนเสีย ให้บันทึกยกเลิกใบเสร็จก่อนปิด)")
        for book_no, repeats in p["repeats"]:
            warnings.append(f"ใบเสร็จเล่มที่ {book_no} เลขที่ซ้ำ: {_nums(repeats)}")
        if p["cheques"]:
            warnings.append(f"เช็คสั่งจ่ายแล้วแต่ผู้รับยังไม่มารับ {len(p['cheques']):,} ฉบับ")
        closed, day = p["closed"], p["day"]
        if closed and day <= closed:
            warnings.insert(0, f"วันที่ {format_short(day)} ปิดบัญชีไปแล้ว (ปิดถึงวันที่ {format_short(closed)})")
            self.close_button.setEnabled(False)
        else:
            self.close_button.setEnabled(True)
            earlier = [d for d in p["open_days"] if d < day]
            if earlier:
                warnings.append(f"การปิดวันนี้จะปิดวันก่อนหน้าที่ยังไม่ปิดด้วย {len(earlier):,} วัน "
                                f"(ตั้งแต่ {format_short(p['first_open'])})")
        self.warnings.setText("\n".join("ข้อควรตรวจสอบ: " + w for w in warnings))

    def close_day(self) -> None:
        day = self.day.date()
        if not day or not self._preview or not self.close_button.isEnabled():
            return
        question = (f"ปิดบัญชีวันที่ {format_short(day)}?\n\nเมื่อปิดแล้วจะบันทึกหรือกลับรายการลงวันที่นี้"
                    " และวันก่อนหน้าไม่ได้อีก")
        if self.warnings.text():
            question += "\n\n" + self.warnings.text()
        if not ask(self, question, "ยืนยันการปิดบัญชี"):
            return
        from .backups_dialog import backup_after_close
        self.session.write(self, lambda book: book.close_day(day)).success(
            lambda change: (self.propose_day(), self.focus_first(),  # not left on the button just disabled
                            backup_after_close(self, self.session))
        ).failure(lambda exc: show_error(self, error_text(exc))).run_in_background()
