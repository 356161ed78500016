"""The receipt-book screen (เล่มใบเสร็จ): the receipt-book control register on screen.

One row per receipt book (``Book.receipt_book_report``): its numbers, how many
were used and voided, numbers skipped (gaps must be visible: a missing
receipt is the first thing an auditor asks about), numbers used twice, and
the next number. A new book is registered through a small keyboard dialog, and
a book registered by its first receipt is given its first and last numbers
(``ReceiptRangeDialog``, also in the ข้อมูลหลัก menu).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from manualbook.lists import ReceiptBookRow, receipt_book_rows

from . import theme
from .fields import NumberField
from .keyboard_dialog import KeyboardDialog, title_label
from .session import Session
from .tables import EMPTY_BACKGROUND, LOW_BACKGROUND, PROBLEM_FOREGROUND, ROW_ROLE, RowsModel, rows_table

MAX_BOOK_SIZE = 10_000  # far more than any printed receipt book; catches a typo like 1-5000000


def _numbers(numbers: tuple[int, ...], limit: int = 8) -> str:
    text = ", ".join(map(str, numbers[:limit]))
    return text + (f" และอีก {len(numbers) - limit} เลข" if len(numbers) > limit else "")


class ReceiptBooksModel(RowsModel):
    HEADERS = ("เล่มที่", "เลขที่", "ใช้แล้ว", "ยกเลิก", "เลขที่ขาด", "เลขที่ซ้ำ", "เลขถัดไป", "เหลือ (ใบ)")
    RIGHT = frozenset({2, 3, 6, 7})

    def display(self, r: ReceiptBookRow, col: int) -> str:
        if col == 0:
            return r.key + (" (อัตโนมัติ)" if r.auto else "")
        if col == 1:
            return f"{r.first} – {r.last if r.last is not None else '?'}"
        if col == 7:
            return "" if r.left is None else str(r.left)
        used_up = r.last is not None and r.next > r.last
        return (None, None, str(r.used), str(r.voided), _numbers(r.gaps) or "-", _numbers(r.repeats) or "-",
                "ครบเล่ม" if used_up else str(r.next))[col]

    def native(self, r: ReceiptBookRow, col: int):
        if col == 0:
            return (len(r.key), r.key)
        return (None, r.first, r.used, r.voided, len(r.gaps), len(r.repeats), r.next,
                -1 if r.left is None else r.left)[col]

    def background(self, r: ReceiptBookRow, col: int):
        if r.gaps or r.repeats:
            return EMPTY_BACKGROUND
        if r.last is not None and r.next > r.last:
            return LOW_BACKGROUND  # used up
        return None

    def foreground(self, r: ReceiptBookRow, col: int):
        return PROBLEM_FOREGROUND if (col == 4 and r.gaps) or (col == 5 and r.repeats) else None

    def tooltip(self, r: ReceiptBookRow, col: int):
        if col == 4 and r.gaps:
            return "เลขที่ขาด: " + ", ".join(map(str, r.gaps))
        if col == 5 and r.repeats:
            return "เลขที่ซ้ำ: " + ", ".join(map(str, r.repeats))
        if col == 0 and r.auto:
            return "เล่มนี้เข้าทะเบียนอัตโนมัติเมื่อบันทึกใบเสร็จครั้งแรก ยังไม่ทราบเลขที่สุดท้าย"
        return None


class RegisterReceiptBookDialog(KeyboardDialog):
    def __init__(self, session: Session, proposed_book: str = "", parent=None):
        super().__init__(session, "ลงทะเบียนเล่มใบเสร็จใหม่",
                         "ลงทะเบียนก่อนใช้เล่ม เพื่อให้ทะเบียนคุมใบเสร็จแสดงเลขที่ขาดได้ครบถึงเลขสุดท้าย", parent)
        self.add_field("book", "เล่มที่", NumberField()).setText(proposed_book)
        self.add_field("first", "เลขที่แรก", NumberField()).setText("1")
        self.add_field("last", "เลขที่สุดท้าย", NumberField()).setPlaceholderText("เช่น 50 (เว้นว่างถ้ายังไม่ทราบ)")

    def _number(self, key: str, errors: dict[str, str], required: bool) -> int | None:
        """The number typed (a receipt number starts at 1); the range is the core's to check."""
        text = self.text(key)
        if not text:
            if required:
                errors[key] = f'ช่อง "{self.labels[key]}": ต้องใส่'
            return None
        if not text.isdecimal() or int(text) < 1:  # "²" passes isdigit() but not int()
            errors[key] = f'ช่อง "{self.labels[key]}": "{text}" ต้องเป็นเลขจำนวนเต็มตั้งแต่ 1 ขึ้นไป'
            return None
        return int(text)

    def collect(self):
        """Numbers as typed; an empty book number, a bad range and a book already registered
        are refused by ``Book.register_receipt_book`` (shown beside the field it names)."""
        e: dict[str, str] = {}
        first = self._number("first", e, required=True)
        last = self._number("last", e, required=False)
        if first is not None and last is not None and last - first >= MAX_BOOK_SIZE:
            e["last"] = f'ช่อง "เลขที่สุดท้าย": เล่มหนึ่งมีได้ไม่เกิน {MAX_BOOK_SIZE:,} ใบ ตรวจเลขที่อีกครั้ง'
        return {"book": self.text("book"), "first": first, "last": last}, e

    def make_op(self, v):
        return lambda book: book.register_receipt_book(v["book"], v["first"], v["last"])


class ReceiptRangeDialog(KeyboardDialog):
    """เลขที่แรกและสุดท้ายของเล่มที่ลงทะเบียนแล้ว (มักเป็นเล่มที่เข้าทะเบียนเองเมื่อเขียนใบแรก)."""

    FIELD_OF = {"range_book_unknown": "book"}

    def __init__(self, session: Session, book_no: str = "", first: int = 1, last: int | None = None, parent=None):
        super().__init__(session, "กำหนดเลขที่ของเล่มใบเสร็จ",
                         "ใส่เลขที่ที่พิมพ์ไว้บนใบแรกและใบสุดท้ายของเล่ม เพื่อให้ทะเบียนคุมใบเสร็จ"
                         "แสดงเลขที่ขาดได้ครบและรู้ว่าเล่มใช้ครบแล้ว", parent)
        self.add_field("book", "เล่มที่", NumberField()).setText(book_no)
        self.add_field("first", "เลขที่แรก", NumberField()).setText(str(first))
        last_field = self.add_field("last", "เลขที่สุดท้าย", NumberField())
        last_field.setPlaceholderText("เช่น 50")
        if last is not None:
            last_field.setText(str(last))

    def collect(self):
        e: dict[str, str] = {}
        values = {"book": self.required("book", e)}
        for key in ("first", "last"):
            text = self.text(key)
            if not text.isdigit() or int(text) < 1:
                e[key] = f'ช่อง "{self.labels[key]}": "{text}" ต้องเป็นเลขจำนวนเต็มตั้งแต่ 1 ขึ้นไป'
            values[key] = int(text) if key not in e else 0
        return values, e

    def make_op(self, v):
        return lambda book: book.set_receipt_book_range(v["book"], v["first"], v["last"])


class ReceiptBooksView(QWidget):
    """เล่มใบเสร็จ: construct as ``ReceiptBooksView(session)``; ``reload()`` refreshes from the book."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.dialog: QDialog | None = None
        self._generation = 0
        self._note = ""  # what was just done, kept above the figures after the reload
        self.model = ReceiptBooksModel(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        top.addWidget(title_label("เล่มใบเสร็จ (ทะเบียนคุมใบเสร็จรับเงิน)", 4))
        self.register_button = QPushButton("ลงทะเบียนเล่มใหม่… (Ctrl+N)", objectName="register")
        self.register_button.setProperty("primary", True)
        self.register_button.clicked.connect(lambda: self.open_register())
        self.range_button = QPushButton("กำหนดเลขที่ของเล่มที่เลือก… (Ctrl+M)", objectName="set_range")
        self.range_button.clicked.connect(lambda: self.open_range())
        top.addStretch(1)
        for keys, fn in (("Ctrl+N", self.open_register), ("Ctrl+M", self.open_range)):
            QShortcut(QKeySequence(keys), self, activated=fn, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        box.addLayout(top)
        self.table = rows_table(self.model, (130, 130, 90, 90, 260, 160, 100, 100), 4, "receipt_books")
        self.table.setSortingEnabled(False)
        box.addWidget(self.table, 1)
        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        note = QLabel("แถวสีแดง: มีเลขที่ขาดหรือซ้ำ (ใบที่เขียนเสียต้องบันทึก \"ยกเลิกใบเสร็จ\" ไม่ฉีกทิ้ง) · "
                      "แถวสีส้ม: ใช้ครบเล่มแล้ว · ชี้ที่ช่องเลขที่ขาดเพื่อดูเลขทั้งหมด")
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        box.addWidget(note)
        buttons = QHBoxLayout()  # below the table, as on the entries list: the window may be 1024 pixels wide
        buttons.addStretch(1)
        buttons.addWidget(self.range_button)
        buttons.addWidget(self.register_button)
        box.addLayout(buttons)
        session.tasks.changed.connect(self._book_changed)

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.session.query(self, receipt_book_rows).success(
            lambda rows: generation == self._generation and self._loaded(rows)).run_in_background()

    def _loaded(self, rows: list[ReceiptBookRow]) -> None:
        self.model.set_rows(rows)
        gaps = sum(len(r.gaps) for r in rows)
        text = f"{len(rows):,} เล่ม ใช้แล้ว {sum(r.used for r in rows):,} ใบ ยกเลิก {sum(r.voided for r in rows):,} ใบ"
        text += f" · เลขที่ขาดรวม {gaps:,} เลข" if gaps else " · ไม่มีเลขที่ขาด"
        if not rows:
            text = "ยังไม่มีเล่มใบเสร็จในทะเบียน: กด Ctrl+N ลงทะเบียนเล่มใหม่"
        self.status.setText(f"{self._note}\n{text}" if self._note else text)
        self.status.setProperty("role", "ok" if self._note else "error" if gaps else "hint")
        theme.repolish(self.status)

    def _book_changed(self, change, initiator) -> None:
        if change.entries or change.setup:
            self.reload()

    def proposed_book(self) -> str:
        """The next book number after the highest numeric one, as a convenience."""
        numeric = [int(r.key) for r in self.model.rows() if r.key.isdecimal()]
        return str(max(numeric) + 1) if numeric else ""

    def open_register(self) -> QDialog:
        dialog = RegisterReceiptBookDialog(self.session, self.proposed_book(), self)
        if self.dialog is not None:
            self.dialog.deleteLater()  # the previous one is closed: one dialog at a time
        self.dialog = dialog
        dialog.saved.connect(lambda change: self._registered(dialog.text("book")))
        dialog.open()
        return dialog

    def open_range(self) -> QDialog:
        """The first and last numbers of the selected book (an auto-registered one has no last)."""
        row = self.selected()
        dialog = ReceiptRangeDialog(self.session, row.key if row else "", row.first if row else 1,
                                    row.last if row else None, self)
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.saved.connect(lambda change: self._registered(dialog.text("book"), "บันทึกเลขที่ของ"))
        dialog.open()
        return dialog

    def focus_first(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def _registered(self, book_no: str, what: str = "ลงทะเบียน") -> None:
        self._note = f"{what}ใบเสร็จเล่มที่ {book_no} แล้ว"

    def selected(self) -> ReceiptBookRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(ROW_ROLE) if rows else None

