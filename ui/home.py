"""The home screen: the day at a glance.

Today's receipts, deposits and payments; cash, each bank account and held
money; days not yet closed; budget lines close to zero; how much of the
backfill is keyed into e-LAAS (entries and whole days), and, in red, the days
whose e-LAAS daily-report figures do not agree with the book.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QLabel, QProgressBar, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from manualbook import figures
from manualbook.lists import HomeData, home_data
from manualbook.money import format_amount
from manualbook.thaidate import format_short

from . import theme
from .fields import long_date
from .session import Session


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("card", True)
    box = QVBoxLayout(frame)
    box.setContentsMargins(14, 10, 14, 12)
    head = QLabel(title)
    head.setFont(theme.ui_font(theme.BASE_POINT_SIZE + 1, bold=True))
    head.setProperty("role", "title")
    box.addWidget(head)
    box.setAlignment(Qt.AlignmentFlag.AlignTop)
    return frame, box


def _grid(rows: list[tuple[str, str]], bold_last: bool = False) -> QGridLayout:
    grid = QGridLayout()
    grid.setHorizontalSpacing(18)
    grid.setColumnStretch(0, 1)
    for i, (label, value) in enumerate(rows):
        left, right = QLabel(label), QLabel(value)
        left.setWordWrap(True)
        right.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if bold_last and i == len(rows) - 1:
            right.setFont(theme.ui_font(bold=True))
        grid.addWidget(left, i, 0)
        grid.addWidget(right, i, 1)
    return grid


def day_rows(totals: dict) -> list[tuple[str, str]]:
    """A day's figures as every screen says them: kind and count (net of reversals), amount."""
    rows = [(f"{figures.WHAT[k]} {figures.count_text(k, t.count)}{figures.notes(t)}", format_amount(t.amount))
            for k, t in totals.items() if k != "void"]
    rows.append((figures.describe(totals["void"]), ""))
    return rows


class HomeView(QWidget):
    def __init__(self, session: Session, go=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.go = go or (lambda name: None)
        self._generation = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        self.body = QWidget()
        scroll.setWidget(self.body)
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(24, 16, 24, 16)
        self.title = QLabel(objectName="home_title")
        self.title.setFont(theme.ui_font(theme.BASE_POINT_SIZE + 5, bold=True))
        self.layout_.addWidget(self.title)
        self.grid = QGridLayout()
        self.grid.setSpacing(14)
        self.layout_.addLayout(self.grid)
        self.layout_.addStretch(1)
        session.tasks.changed.connect(self._book_changed)  # methods: disconnected when the view goes
        session.working_day_changed.connect(self._book_changed)

    def _book_changed(self, *_) -> None:
        self.reload()

    def reload(self) -> None:
        day = self.session.working_day
        self._generation += 1
        generation = self._generation
        self.session.query(self, lambda book: home_data(book, day)).success(
            lambda d: generation == self._generation and self.show_data(d)).run_in_background()

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def show_data(self, d: HomeData) -> None:
        self._clear()
        self.title.setText(f"{d.org_name}\n{long_date(d.day)}")
        frame, box = _card("รายการของวันนี้ (สุทธิหลังกลับรายการ)")
        box.addLayout(_grid(day_rows(d.totals)))
        self.grid.addWidget(frame, 0, 0)
        b = d.balances
        frame, box = _card(f"เงินคงเหลือ ณ สิ้นวัน {format_short(d.day)}")
        rows = [("เงินสด", format_amount(b.cash))]
        rows += [(f"{d.account_names.get(k, k)} ({k})", format_amount(v)) for k, v in b.accounts]
        box.addLayout(_grid(rows))
        held = [(d.held_names.get(k, k), format_amount(v)) for k, v in b.held if v]
        if held:
            sub = QLabel("เงินรับฝาก")
            sub.setFont(theme.ui_font(bold=True))
            box.addWidget(sub)
            box.addLayout(_grid(held))
        self.grid.addWidget(frame, 0, 1)
        frame, box = _card("การปิดบัญชีประจำวัน")
        closed = format_short(d.closed_through) if d.closed_through else "ยังไม่เคยปิด"
        box.addWidget(QLabel(f"ปิดบัญชีแล้วถึงวันที่: {closed}"))
        if d.open_days:
            days = ", ".join(format_short(x) for x in d.open_days[:6]) + (" …" if len(d.open_days) > 6 else "")
            warn = QLabel(f"ยังไม่ได้ปิด {len(d.open_days):,} วัน: {days}")
            warn.setWordWrap(True)
            warn.setProperty("role", "error")
            box.addWidget(warn)
        else:
            ok = QLabel("ไม่มีวันที่ค้างปิด")
            ok.setProperty("role", "ok")
            box.addWidget(ok)
        if d.cheques_waiting:
            box.addWidget(QLabel(f"เช็คสั่งจ่ายแล้วแต่ผู้รับยังไม่มารับ: {d.cheques_waiting:,} ฉบับ"))
        go_close = QPushButton("ไปปิดบัญชีประจำวัน (Ctrl+8)", objectName="go_close")
        go_close.clicked.connect(lambda: self.go("close"))
        box.addWidget(go_close, 0, Qt.AlignmentFlag.AlignLeft)
        self.grid.addWidget(frame, 1, 0)
        frame, box = _card("งบประมาณที่ใกล้หมด (เหลือน้อยกว่าร้อยละ 10)")
        if d.low_lines:
            box.addLayout(_grid([(f"{key} {name}", f"เหลือ {format_amount(s.remaining)}")
                                 for key, name, s in d.low_lines[:8]]))
        else:
            box.addWidget(QLabel("ไม่มีรายการงบที่ใกล้หมด" if d.budget_lines else "ยังไม่ได้นำเข้างบประมาณของปีนี้"))
        self.grid.addWidget(frame, 1, 1)
        frame, box = _card("บันทึกย้อนหลังเข้า e-LAAS แล้ว")
        bar = QProgressBar()
        bar.setMaximum(max(d.keyable, 1))
        bar.setValue(d.keyed)
        bar.setFormat(f"{d.keyed:,} จาก {d.keyable:,} รายการ")
        bar.setMinimumHeight(theme.row_height())
        box.addWidget(bar)
        box.addWidget(QLabel(f"วันที่บันทึกครบแล้ว {d.days_keyed:,} จาก {d.days_to_key:,} วัน", objectName="days_keyed"))
        if d.days_unreconciled:
            days = ", ".join(format_short(x) for x in d.days_unreconciled[:6])
            more = " …" if len(d.days_unreconciled) > 6 else ""
            off = QLabel(f"ยอดรายวันไม่ตรงกับ e-LAAS {len(d.days_unreconciled):,} วัน: {days}{more}",
                         objectName="days_unreconciled")
            off.setWordWrap(True)
            off.setProperty("role", "error")
            box.addWidget(off)
        go_keyed = QPushButton("ไปหน้าบันทึกเข้า e-LAAS (Ctrl+0)", objectName="go_keyed")
        go_keyed.clicked.connect(self._go_keyed)
        box.addWidget(go_keyed, 0, Qt.AlignmentFlag.AlignLeft)
        self.grid.addWidget(frame, 2, 0, 1, 2)

    def _go_keyed(self) -> None:
        try:
            self.go("keyed")
        except (KeyError, ValueError):  # the keying screen is not in this window's navigation
            pass
