"""Keying into e-LAAS (บันทึกเข้า e-LAAS): tick each entry as it is keyed.

When e-LAAS is back, every entry since the outage start is keyed into it in
date order. This screen shows how far that has got (entries and days keyed,
the next entry to key, entries skipped, e-LAAS document numbers used twice),
one day (or month) of entries in keying order (``keyed_model``), and a panel
comparing the book's figures of a day with e-LAAS's own daily report
(``keyed_day_panel``).

Keys: those of the table (see ``keyed_model``); Ctrl+Space ticks every row up
to the current one; Ctrl+S saves now; Ctrl+G goes to the next entry to key;
Ctrl+PgUp / Ctrl+PgDown go to the previous / next day with entries.

Ticks are kept in the model as pending and saved as one batch through
``mark_keyed`` on the worker: a second after the last change, on Ctrl+S,
before another period is shown, when the screen is left and when the window
closes. A failed save keeps them pending (and says why), so nothing is lost.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel,
                               QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget)

from manualbook.keyed import keyed_import, mark_keyed
from manualbook.lists import KeyingData, ProgressData, keying_data, keying_progress
from manualbook.model import Change
from manualbook.thaidate import format_short

from . import theme
from .dialogs import ask, show_error, show_info
from .fields import DateField, long_date
from .fit import FitScroll
from .keyed_day_panel import DayFiguresPanel
from .keyed_model import (COL_AMOUNT, COL_DATE, COL_DOC, COL_KEYED, COL_PARTY, KeyingModel, KeyingTable, next_entry_text,
                          progress_text, progress_warnings, status_colour)
from .ops import error_text
from .session import Session

PERIODS = (("day", "รายวัน"), ("month", "ทั้งเดือน"))


class KeyedView(QWidget):
    AUTOSAVE_MS = 1000

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.model = KeyingModel(self)
        self._data: KeyingData | None = None
        self._info: ProgressData | None = None
        self._day: dt.date | None = None   # None: the day of the next entry to key
        self._go_next = True               # after loading, put the cursor on the next entry to key
        self._generation = 0
        self._stale = True
        self._watched = None
        self.panel = DayFiguresPanel(session)
        self._build()
        self._autosave = QTimer(self, singleShot=True, interval=self.AUTOSAVE_MS)
        self._autosave.timeout.connect(self._autosave_due)
        self.model.pending_changed.connect(self._pending_changed)
        self.model.message.connect(lambda text: self._say(text, error=True))
        session.tasks.changed.connect(self._on_change)

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 10, 16, 10)
        title = QLabel("บันทึกย้อนหลังเข้า e-LAAS")
        title.setFont(theme.ui_font(theme.BASE_POINT_SIZE + 3, bold=True))
        box.addWidget(title)
        head = QHBoxLayout()
        self.bar = QProgressBar(objectName="keyed_bar")
        self.bar.setMinimumHeight(theme.row_height())
        self.bar.setMinimumWidth(240)
        self.progress_label = QLabel(objectName="progress")
        self.progress_label.setWordWrap(True)
        head.addWidget(self.bar, 2)
        head.addWidget(self.progress_label, 3)
        box.addLayout(head)
        nxt = QHBoxLayout()
        self.next_label = QLabel(objectName="next_entry")
        self.next_label.setFont(theme.ui_font(bold=True))
        self.next_button = QPushButton("ไปที่รายการถัดไป (Ctrl+G)", objectName="go_next")
        nxt.addWidget(self.next_label, 1)
        nxt.addWidget(self.next_button)
        box.addLayout(nxt)
        self.warnings = QLabel(objectName="warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setProperty("role", "error")
        self.warnings.hide()
        box.addWidget(self.warnings)

        pick = QHBoxLayout()
        self.period = QComboBox(objectName="period")
        for key, label in PERIODS:
            self.period.addItem(label, key)
        self.day = DateField(objectName="day")
        self.day.setMinimumWidth(150)
        self.day.setMaximumWidth(190)
        self.prev_button = QPushButton("◀ ก่อนหน้า", objectName="prev_day")
        self.prev_button.setToolTip("วัน (หรือเดือน) ก่อนหน้าที่มีรายการ (Ctrl+PgUp)")
        self.next_day_button = QPushButton("ถัดไป ▶", objectName="next_day")
        self.next_day_button.setToolTip("วัน (หรือเดือน) ถัดไปที่มีรายการ (Ctrl+PgDown)")
        self.day_long = QLabel()
        self.day_long.setProperty("role", "hint")
        for w in (QLabel("ช่วง"), self.period, QLabel("วันที่"), self.day, self.prev_button,
                  self.next_day_button):
            pick.addWidget(w)
        pick.addWidget(self.day_long, 1)
        box.addLayout(pick)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        self.table = KeyingTable(objectName="keying")
        self.table.setModel(self.model)
        theme.setup_table(self.table, (54, 88, 66, 78, 140, 80, 100, 82, 112), COL_PARTY, money=(COL_AMOUNT,))
        header = self.table.horizontalHeader()  # the amount beside the document: seen on a narrow window too
        header.moveSection(header.visualIndex(COL_AMOUNT), header.visualIndex(COL_DOC) + 1)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setTabKeyNavigation(False)
        lbox.addWidget(self.table, 1)
        self.count_label = QLabel(objectName="count")
        lbox.addWidget(self.count_label)
        split.addWidget(left)
        split.addWidget(FitScroll(self.panel))  # the panel scrolls on a short screen
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setCollapsible(0, False)
        split.setSizes([800, 300])
        box.addWidget(split, 1)

        bottom = QHBoxLayout()
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        self.through_button = QPushButton("ทำเครื่องหมายถึงรายการนี้ (Ctrl+Space)", objectName="tick_through")
        self.save_button = QPushButton("บันทึก (Ctrl+S)", objectName="save")
        self.save_button.setProperty("primary", True)
        self.import_button = QPushButton("นำเข้าจาก Excel… (Ctrl+I)", objectName="import")
        self.import_button.setToolTip("นำเข้าผลการบันทึก (เครื่องหมายและเลขที่เอกสาร e-LAAS) จากแฟ้ม Excel ของชุดข้อมูล")
        bottom.addWidget(self.message, 1)
        for b in (self.through_button, self.save_button, self.import_button):
            bottom.addWidget(b)
        box.addLayout(bottom)

        self.period.currentIndexChanged.connect(lambda *_: self.show_day(self._day))
        self.day.editingFinished.connect(self._day_typed)
        self.day.date_changed.connect(lambda d: self.day_long.setText(long_date(d) if d else ""))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_day_button.clicked.connect(lambda: self.step(1))
        self.next_button.clicked.connect(self.go_to_next)
        self.through_button.clicked.connect(self.tick_through)
        self.table.tick_through_requested.connect(self.tick_through)
        self.save_button.clicked.connect(self.save_all)
        self.import_button.clicked.connect(self.import_workbook)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._current_moved())
        self.panel.day_chosen.connect(lambda day: self.show_day(day, "day"))
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, fn in (("Ctrl+S", self.save_all), ("Ctrl+G", self.go_to_next), ("Ctrl+I", self.import_workbook),
                         ("Ctrl+PgUp", lambda: self.step(-1)), ("Ctrl+PgDown", lambda: self.step(1))):
            QShortcut(QKeySequence(keys), self, activated=fn, context=context)


    # ------------------------------------------------------------ loading
    def _book_open(self) -> bool:
        return self.session.tasks.book is not None  # False only while the program shuts down

    def reload(self) -> None:
        if not self._book_open():
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        period, day = self.period.currentData(), self._day
        self.count_label.setText("กำลังโหลดรายการ…")
        self.session.query(self, lambda book: keying_data(book, period, day)).success(
            lambda d: generation == self._generation and self._loaded(d)).run_in_background()

    def _loaded(self, d: KeyingData) -> None:
        current = self.table.currentIndex()
        keep = self.model.row_at(current.row()).entry.id if current.isValid() else None
        column = current.column() if current.isValid() else COL_KEYED
        self._data, self._day = d, d.day
        self.model.set_rows(d.rows, d.info.dup_docs)
        self.table.setColumnHidden(COL_DATE, d.first == d.last)  # one day: the date is in the picker
        self.day.set_date(d.day)
        self._show_progress(d.info)
        row = None
        if self._go_next:
            nxt = d.info.progress.next_entry
            row = self.model.row_of(nxt[1]) if nxt else None
            if row is None:
                row = next((r for r in range(self.model.rowCount()) if not self.model.state(r)[0]), None)
            self._go_next = False
        elif keep:
            row = self.model.row_of(keep)
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, column))
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self._update_count()
        self._set_panel_day(self.model.row_at(row).entry.date if row is not None else d.day)

    def _refresh_progress(self) -> None:
        if not self._book_open():
            return
        self.session.query(self, keying_progress).success(self._progress_loaded).run_in_background()

    def _progress_loaded(self, info: ProgressData) -> None:
        self.model.set_dup_docs(info.dup_docs)
        self._show_progress(info)
        self._update_count()

    def _show_progress(self, info: ProgressData) -> None:
        self._info = info
        p = info.progress
        self.bar.setMaximum(max(p.entries_total, 1))
        self.bar.setValue(p.entries_keyed)
        self.bar.setFormat(f"บันทึกแล้ว {p.entries_keyed:,} จาก {p.entries_total:,} รายการ")
        self.progress_label.setText(progress_text(p))
        self.next_label.setText(next_entry_text(p))
        self.next_button.setEnabled(bool(p.next_entry))
        warn = progress_warnings(p)
        self.warnings.setText("\n".join("คำเตือน: " + w for w in warn))
        self.warnings.setVisible(bool(warn))
        self.panel.show_unreconciled(p)

    def _update_count(self) -> None:
        d = self._data
        if d is None:
            return
        where = (f"วันที่ {format_short(d.first)}" if d.first == d.last
                 else f"{format_short(d.first)} ถึง {format_short(d.last)}")
        n = self.model.rowCount()
        keyed = sum(1 for r in range(n) if self.model.state(r)[0])
        text = f"{where}: {n:,} รายการ บันทึกแล้ว {keyed:,} ยังไม่บันทึก {n - keyed:,}" if n else \
            f"{where}: ไม่มีรายการ"
        self.count_label.setText(text)

    # ------------------------------------------------------------ periods
    def _day_typed(self) -> None:
        problem = self.day.problem() if self.day.text().strip() else "กรุณาพิมพ์วันที่ เช่น 8/7/2567"
        if problem:
            self._say(problem, error=True)
            return
        if self.day.date() != self._day:
            self.show_day(self.day.date())

    def show_day(self, day: dt.date | None, period: str | None = None) -> bool:
        """Shows another day or month; what is pending is saved first."""
        if not self._leave_figures():
            return False
        self.save()
        if period:
            self.period.blockSignals(True)
            self.period.setCurrentIndex([k for k, _ in PERIODS].index(period))
            self.period.blockSignals(False)
        self._day = day
        self.reload()
        return True

    def go_to_next(self) -> None:
        p = self._info.progress if self._info else None
        self._go_next = True
        if p and p.next_entry and self._data and self._data.first <= p.next_entry[2] <= self._data.last:
            row = self.model.row_of(p.next_entry[1])
            if row is not None:  # already shown
                self._go_next = False
                self.table.setCurrentIndex(self.model.index(row, COL_KEYED))
                self.table.setFocus()
                return
        self.show_day(None)

    def step(self, direction: int) -> None:
        """The previous / next day (or month) that has entries."""
        if not self._info or not self._data:
            return
        p = self._info.progress
        days = sorted(set(p.days_keyed) | set(p.days_partly) | set(p.days_not))
        if direction < 0:
            before = [x for x in days if x < self._data.first]
            target = before[-1] if before else None
        else:
            after = [x for x in days if x > self._data.last]
            target = after[0] if after else None
        if target is None:
            self._say("ไม่มีรายการก่อนหน้านี้แล้ว" if direction < 0 else "ไม่มีรายการหลังจากนี้แล้ว")
            return
        self.show_day(target)

    # ------------------------------------------------------------ ticks
    def tick_through(self) -> None:
        current = self.table.currentIndex()
        if not current.isValid():
            return
        count = self.model.tick_through(current.row())
        no = self.model.row_at(current.row()).no
        self._say(f"ทำเครื่องหมายว่าบันทึกแล้วเพิ่ม {count} รายการ ถึงลำดับที่ {no:,}" if count
                  else f"รายการถึงลำดับที่ {no:,} ทำเครื่องหมายไว้ครบแล้ว")

    def _pending_changed(self, count: int) -> None:
        self._update_count()
        if count:
            self._say(f"รอบันทึก {count:,} รายการ (บันทึกอัตโนมัติ หรือกด Ctrl+S)")
            self._autosave.start()
        else:
            self._autosave.stop()

    def _autosave_due(self) -> None:
        if self.table.editing():  # never take in a half-typed number: wait until it is done
            self._autosave.start()
        else:
            self.save()

    def save(self) -> bool:
        """Saves the pending ticks and numbers (and what the open editor holds) as one batch;
        True if a save was started."""
        self.table.commit_editor()
        self._autosave.stop()
        marks = self.model.pending_marks()
        if not marks or not self._book_open():
            return False
        self._say(f"กำลังบันทึก {len(marks):,} รายการ…")
        self.session.write(self, lambda book: mark_keyed(book, marks)).success(
            lambda change: self._saved(marks)).failure(self._save_failed).run_in_background()
        return True

    def _saved(self, marks) -> None:
        self.model.mark_saved(marks)
        if not self.model.pending_count():
            self._say(f"บันทึกแล้ว {len(marks):,} รายการ", ok=True)

    def _save_failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        self._say(f"ยังไม่ได้บันทึก {self.model.pending_count()} รายการ: {text}", error=True)
        show_error(self, text)

    def save_all(self) -> None:
        """Ctrl+S: the ticks, and the e-LAAS figures if they were changed."""
        self.save()
        if self.panel.dirty():
            self.panel.save()

    # ------------------------------------------------------------ e-LAAS day figures
    def _current_moved(self) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self._set_panel_day(self.model.row_at(current.row()).entry.date)

    def _set_panel_day(self, day: dt.date) -> None:
        if day == self.panel.day or not self._leave_figures():
            return
        self.panel.load(day)

    def _leave_figures(self) -> bool:
        """Before the panel shows another day: typed figures are saved; unreadable ones stay."""
        if self.panel.leave():
            return True
        self._say("ยอดตาม e-LAAS ที่พิมพ์ไว้อ่านไม่ออก แก้หรือลบออกก่อน แล้วจึงไปวันอื่น", error=True)
        return False

    # ------------------------------------------------------------ import
    def import_workbook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "เลือกแฟ้ม Excel ที่ทำเครื่องหมายว่าบันทึกแล้ว", "",
                                              "Excel (*.xlsx)")
        if path:
            self.run_import(path)

    def run_import(self, path: str) -> None:
        self.save()  # the worker runs jobs in order: the pending ticks first

        def work(book, progress):
            progress(0, 0)
            result = keyed_import(book, path, progress)
            return Change(notes=(result.text(),))

        self.session.write(self, work).with_progress("กำลังนำเข้าผลการบันทึกจากแฟ้ม Excel…").success(
            lambda change: show_info(self, change.notes[0], "นำเข้าผลการบันทึกแล้ว")).failure(
            lambda exc: show_error(self, error_text(exc), "นำเข้าไม่สำเร็จ")).run_in_background()

    # ------------------------------------------------------------ events
    def _on_change(self, change: Change, initiator) -> None:
        if initiator in (self, self.panel) and not change.days and not change.notes:
            self._refresh_progress()  # our own ticks: the table already shows them
        elif self.isVisible():
            self.reload()
            if self.panel.day:
                self.panel.reload()
        else:
            self._stale = True

    def _say(self, text: str, error: bool = False, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {status_colour(error, ok)};")

    def showEvent(self, event):
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watched:
            window.installEventFilter(self)
            self._watched = window
        if self._stale:
            self.reload()

    def hideEvent(self, event):
        self.save()
        if self.panel.dirty() and not self.panel.problems():
            self.panel.save()
        super().hideEvent(event)

    def eventFilter(self, obj, event):
        if obj is self._watched and event.type() == QEvent.Type.Close:
            self.save()  # the window waits for the worker before it closes the book
            if self.panel.dirty():
                if not self.panel.problems():
                    self.panel.save()
                elif not ask(self, "ยอดตาม e-LAAS ที่พิมพ์ไว้อ่านไม่ออก จึงยังไม่ได้บันทึก\n"
                                   "ปิดโปรแกรมโดยไม่บันทึกยอดนี้หรือไม่?"):
                    event.ignore()
                    return True
        return False

    def has_unsaved(self) -> bool:
        return bool(self.model.pending_count()) or self.panel.dirty()
