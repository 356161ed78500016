"""Print preview: the clerk sees exactly the PDF bytes that will print.

Flow (``open_print_preview``): ask the period (``period_dialog``), render the
register on the book worker (``session.query``), then show the bytes in a
``PreviewDialog``. From there: print (the system print dialog, then each
chosen page rasterised by pdfium at the printer's resolution and painted on
the ``QPrinter``), save the same bytes as a PDF, or open them in the PDF
reader the computer has.

Threads (see ``pdfpages.py``): preview pages are rasterised lazily (only the
page on screen, kept in a small cache) on a one-thread pool of their own, so
the book worker and the window never wait for them; printing runs on another
one-thread pool, taking the pdfium lock one page at a time so the preview
stays usable while a long register prints. The printer is not touched by the
GUI until the job reports back.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl, Qt, Signal
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (QApplication, QDialog, QFileDialog, QHBoxLayout, QLabel, QProgressDialog, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from manualbook.files import write_whole
from manualbook.thaidate import format_month, format_short

from .actions import MenuAction
from .dialogs import back_to, show_error
from .ops import error_text
from .pdfpages import PdfPages, chosen_pages, prepare_printer, print_pdf, run_pdf, temp_pdf_path
from .period_dialog import ask_period

CACHE_PAGES = 6
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.25, 6.0  # screen pixels per PDF point
NO_VIEWER = ("ไม่พบโปรแกรมอ่าน PDF ในเครื่องนี้\nแฟ้มอยู่ที่ {path}\n"
             "ให้กด \"บันทึกเป็น PDF…\" แล้วเปิดด้วยโปรแกรมที่มี หรือกด \"พิมพ์…\" จากหน้านี้ได้เลย")


def open_print_preview(parent: QWidget, session, action: MenuAction) -> None:
    """The Print menu: period, render on the book worker, then the preview."""
    back = QApplication.focusWidget()
    period = ask_period(parent, action, session.working_day)
    if period is None:
        back_to(back)
        return
    first, last = period
    title = action.title or action.label.rstrip("…")
    when = format_short(first) if first == last else format_month(first)

    def work(book, progress):
        data = action.fn(book, progress, first=first, last=last)
        return PdfPages(data)  # opened here, off the GUI thread (under the lock)

    def show(doc: PdfPages):
        name = f"{title} {when}".replace("/", "-")
        dialog = PreviewDialog(doc, f"{title} — {when}", name, parent)
        parent._print_previews = getattr(parent, "_print_previews", []) + [dialog]  # keep it alive
        dialog.finished.connect(lambda *_: parent._print_previews.remove(dialog)
                                if dialog in parent._print_previews else None)
        dialog.finished.connect(lambda *_: back_to(back))  # the keys go back where they were
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()  # the keys go to the preview (Ctrl+P, Ctrl+S, Esc)

    session.query(parent, work).with_progress(f"กำลังเตรียม{title}…").success(show).failure(
        lambda exc: show_error(parent, error_text(exc), "เตรียมรายงานไม่สำเร็จ")).run_in_background()


# ------------------------------------------------------------------ the preview window
class PreviewDialog(QDialog):
    """Shows a PDF page by page; prints, saves or opens exactly those bytes."""

    page_shown = Signal(int)  # tests: the visible page is on screen

    def __init__(self, pdf: bytes | PdfPages, title: str, file_name: str = "รายงาน", parent=None):
        super().__init__(parent)
        self.doc = pdf if isinstance(pdf, PdfPages) else PdfPages(pdf)
        self.pdf = self.doc.data
        self.file_name = file_name
        self.page = 0
        self.scale = 1.0
        # "width" | "page" | "": how the zoom follows the window; a portrait page
        # is first shown whole, a landscape register as wide as the window
        w, h = self.doc.sizes[0] if len(self.doc) else (1, 1)
        self.fit = "width" if w > h else "page"
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._inflight: tuple[int, int] | None = None
        self._closed = False
        self.setWindowTitle(f"ตัวอย่างก่อนพิมพ์ — {title}")
        self.setObjectName("print_preview")
        self._build()
        self._resize_to_screen()
        self._fit_timer = QTimer(self, singleShot=True, interval=80)
        self._fit_timer.timeout.connect(self._refit)
        self.finished.connect(self._release)  # the first page is drawn once the window has its size

    # -------------------------------------------------------------- layout
    def _build(self) -> None:
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.print_button = QPushButton("พิมพ์… (Ctrl+P)", objectName="print")
        self.print_button.setToolTip("เลือกเครื่องพิมพ์และหน้าที่จะพิมพ์ (Ctrl+P)")
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button = QPushButton("บันทึกเป็น PDF… (Ctrl+S)", objectName="save_pdf")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save_as)
        self.open_button = QPushButton("เปิดในโปรแกรมอ่าน PDF", objectName="open_pdf")
        self.open_button.clicked.connect(self.open_in_viewer)
        self.prev_button = QPushButton("◀", objectName="prev_page")
        self.prev_button.setToolTip("หน้าก่อน (Page Up)")
        self.prev_button.clicked.connect(lambda: self.go_to(self.page - 1))
        bar.addWidget(self.prev_button)
        bar.addWidget(QLabel("หน้า"))
        self.page_box = QSpinBox(objectName="page_number", minimum=1, maximum=max(1, len(self.doc)))
        self.page_box.setKeyboardTracking(False)
        # no arrows (◀ ▶ are beside it); NoButtons under the theme's style sheet would
        # shrink the text to one pixel (Qt 6.12), so the arrows are given no width instead
        self.page_box.setStyleSheet("QSpinBox::up-button, QSpinBox::down-button { width: 0; border: none; }")
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_box.setMinimumWidth(self.page_box.fontMetrics().horizontalAdvance("0000") + 24)
        self.page_box.valueChanged.connect(lambda v: self.go_to(v - 1))
        bar.addWidget(self.page_box)
        self.page_label = QLabel(objectName="page_label")
        bar.addWidget(self.page_label)
        self.next_button = QPushButton("▶", objectName="next_page")
        self.next_button.setToolTip("หน้าถัดไป (Page Down)")
        self.next_button.clicked.connect(lambda: self.go_to(self.page + 1))
        bar.addWidget(self.next_button)
        bar.addSpacing(16)
        self.fit_button = QPushButton("พอดีความกว้าง", objectName="fit_width", checkable=True)
        self.fit_button.setToolTip("Ctrl+0")
        self.fit_button.clicked.connect(lambda: self.set_fit("width"))
        self.page_fit_button = QPushButton("ทั้งหน้า", objectName="fit_page", checkable=True)
        self.page_fit_button.setToolTip("Ctrl+9")
        self.page_fit_button.clicked.connect(lambda: self.set_fit("page"))
        self.zoom_out_button = QPushButton("−", objectName="zoom_out")
        self.zoom_out_button.setToolTip("ย่อ (Ctrl+-)")
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_label = QLabel(objectName="zoom_label", alignment=Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("000%") + 8)
        self.zoom_in_button = QPushButton("+", objectName="zoom_in")
        self.zoom_in_button.setToolTip("ขยาย (Ctrl++)")
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        for b in (self.fit_button, self.page_fit_button):  # show which fit is on
            b.setStyleSheet("QPushButton:checked { background: #d9e2ec; border: 1px solid #334e68;"
                            " font-weight: bold; }")
        for w in (self.fit_button, self.page_fit_button, self.zoom_out_button, self.zoom_label, self.zoom_in_button):
            bar.addWidget(w)
        bar.addStretch(1)
        box.addLayout(bar)

        self.view = QLabel(objectName="page_view", alignment=Qt.AlignmentFlag.AlignCenter)
        self.view.setStyleSheet("background: transparent;")
        self.scroll = QScrollArea(objectName="page_scroll", widgetResizable=True)
        self.scroll.setStyleSheet("QScrollArea { background: #7b8794; border: none; }"
                                  " QScrollArea > QWidget > QWidget { background: #7b8794; }")
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # always there, so fitting the width never makes it appear and the width change again
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setWidget(self.view)
        box.addWidget(self.scroll, 1)
        # the buttons that do something with the bytes, in a row of their own so the
        # window fits a 1366-pixel screen at 150 % scaling
        actions_row = QHBoxLayout()
        self.status = QLabel(objectName="preview_status")
        self.status.setStyleSheet("color: #486581;")
        self.status.setMinimumWidth(40)
        actions_row.addWidget(self.status, 1)
        close = QPushButton("ปิด (Esc)", objectName="close_preview")
        close.clicked.connect(self.reject)
        for b in (self.print_button, self.save_button, self.open_button, close):
            b.setAutoDefault(False)
            actions_row.addWidget(b)
        box.addLayout(actions_row)

        for keys, fn in ((QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.go_to(self.page - 1)),
                         (QKeySequence.StandardKey.MoveToNextPage, lambda: self.go_to(self.page + 1)),
                         ("Ctrl+Home", lambda: self.go_to(0)),
                         ("Ctrl+End", lambda: self.go_to(len(self.doc) - 1)),
                         (QKeySequence.StandardKey.ZoomIn, lambda: self.zoom_by(ZOOM_STEP)),
                         ("Ctrl+=", lambda: self.zoom_by(ZOOM_STEP)),
                         (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom_by(1 / ZOOM_STEP)),
                         ("Ctrl+0", lambda: self.set_fit("width")),
                         ("Ctrl+9", lambda: self.set_fit("page")),
                         (QKeySequence.StandardKey.Print, self.print_dialog),
                         (QKeySequence.StandardKey.Save, self.save_as)):
            QShortcut(QKeySequence(keys), self, fn)
        self._update_controls()

    def _resize_to_screen(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            self.resize(1100, 760)
        else:
            self.resize(min(1200, screen.width() - 40), screen.height() - 60)

    def _update_controls(self) -> None:
        n = len(self.doc)
        self.page_label.setText(f"จาก {n}")
        self.page_box.blockSignals(True)
        self.page_box.setValue(self.page + 1)
        self.page_box.blockSignals(False)
        self.prev_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < n - 1)
        self.fit_button.setChecked(self.fit == "width")
        self.page_fit_button.setChecked(self.fit == "page")
        self.zoom_label.setText(f"{round(self.scale * 72 / 96 * 100)}%")
        self.zoom_out_button.setEnabled(self.scale > MIN_SCALE)
        self.zoom_in_button.setEnabled(self.scale < MAX_SCALE)

    def page_text(self) -> str:
        return f"หน้า {self.page + 1} จาก {len(self.doc)}"

    # -------------------------------------------------------------- navigation and zoom
    def go_to(self, index: int) -> None:
        index = max(0, min(index, len(self.doc) - 1))
        if index == self.page:
            self._update_controls()
            return
        self.page = index
        if self.fit:
            self._refit()  # pages may differ in size
        else:
            self._show()
        self.scroll.verticalScrollBar().setValue(0)

    def zoom_by(self, factor: float) -> None:
        self.fit = ""
        self.scale = max(MIN_SCALE, min(MAX_SCALE, self.scale * factor))
        self._show()

    def set_fit(self, how: str) -> None:
        self.fit = how
        self._refit()

    def _refit(self) -> None:
        if self.fit and len(self.doc):
            w, h = self.doc.sizes[self.page]
            scale = (self.scroll.viewport().width() - 24) / w
            if self.fit == "page":
                scale = min(scale, (self.scroll.viewport().height() - 24) / h)
            self.scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        self._show()

    def showEvent(self, event):
        super().showEvent(event)
        QTimer.singleShot(0, self._refit)  # once the layout has settled

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.fit:
            self._fit_timer.start()

    # -------------------------------------------------------------- lazy rasterising
    def _key(self) -> tuple[int, int]:
        dpr = self.devicePixelRatioF()
        return self.page, max(1, round(self.doc.sizes[self.page][0] * self.scale * dpr))

    def _show(self) -> None:
        self._update_controls()
        if not len(self.doc):
            self.view.setText("ไม่มีหน้าให้แสดง")
            return
        key = self._key()
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
            self._display(image)
            self.page_shown.emit(self.page)
            return
        shown = self.view.pixmap()
        if shown is not None and not shown.isNull():  # the old picture, resized, until the new one comes
            w, h = self.doc.sizes[self.page]
            size = shown.size().scaled(round(w * self.scale), round(h * self.scale),
                                       Qt.AspectRatioMode.IgnoreAspectRatio)
            self.view.setPixmap(shown.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio))
        else:
            self.view.setText("กำลังแสดงหน้า…")
        self._request()

    def _request(self) -> None:
        if self._inflight is not None or self._closed:
            return  # one at a time; the latest wish is served when it returns
        key = self._key()
        self._inflight = key
        index, width_px = key
        scale = width_px / self.doc.sizes[index][0]
        doc = self.doc
        run_pdf("render", lambda progress: doc.render(index, scale),
                lambda image: self._rendered(key, image), self._render_failed)

    def _rendered(self, key, image: QImage) -> None:
        self._inflight = None
        if self._closed:
            return
        self._cache[key] = image
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        if key == self._key():
            self._display(image)
            self.page_shown.emit(self.page)
        else:
            self._show()

    def _render_failed(self, exc) -> None:
        self._inflight = None
        if not self._closed:
            self.view.setText(f"แสดงหน้านี้ไม่ได้: {exc}")

    def _display(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.view.setPixmap(pixmap)

    def _release(self, *_):
        """The window is closed: free the document after any page still being drawn."""
        if self._closed:
            return
        self._closed = True
        self._cache.clear()
        doc = self.doc
        run_pdf("render", lambda progress: doc.close(), lambda _: None, lambda _: None)

    # -------------------------------------------------------------- print, save, open
    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self.doc, self.file_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("พิมพ์")
        dialog.setMinMax(1, max(1, len(self.doc)))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer, chosen_pages(printer, len(self.doc), self.page))

    def print_to(self, printer: QPrinter, pages: list[int] | None = None) -> None:
        """Prints on the print thread with a progress dialog; the window stays live."""
        pages = list(range(len(self.doc))) if pages is None else pages
        self._printer = printer  # the printer must outlive the job
        progress = QProgressDialog("กำลังส่งหน้าไปยังเครื่องพิมพ์…", "หยุดพิมพ์", 0, max(1, len(pages)), self)
        progress.setWindowTitle("กำลังพิมพ์")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setValue(0)
        stop = threading.Event()
        progress.canceled.connect(stop.set)
        data = self.pdf
        self.print_button.setEnabled(False)

        def report(done, total, stage=""):
            progress.setValue(done)
            progress.setLabelText(f"กำลังพิมพ์หน้า {done} จาก {total}…")

        def done_with_progress():
            progress.canceled.disconnect(stop.set)  # closing it would say "cancelled"
            progress.close()
            progress.deleteLater()
            self.print_button.setEnabled(True)

        def finished(count):
            done_with_progress()
            self.status.setText("หยุดพิมพ์แล้ว (ยกเลิกงานพิมพ์ที่ค้าง)" if stop.is_set()
                                else f"ส่งไปพิมพ์แล้ว {count} หน้า")

        def failed(exc):
            done_with_progress()
            show_error(self, str(exc) if isinstance(exc, OSError) else error_text(exc), "พิมพ์ไม่สำเร็จ")

        run_pdf("print", lambda prog: print_pdf(data, printer, pages, prog, stop.is_set),
                finished, failed, report)

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "บันทึกเป็น PDF", self.file_name + ".pdf", "PDF (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write_whole(Path(path), self.pdf)
        except OSError as exc:
            show_error(self, f"บันทึกแฟ้ม {path} ไม่ได้: {exc.strerror or exc}\nให้เลือกที่เก็บอื่นแล้วลองใหม่",
                       "บันทึกไม่สำเร็จ")
            return
        self.status.setText(f"บันทึกแล้วที่ {path}")

    def open_in_viewer(self) -> Path | None:
        try:
            path = write_whole(temp_pdf_path(self.file_name), self.pdf)
        except OSError as exc:
            show_error(self, f"เขียนแฟ้มชั่วคราวไม่ได้: {exc.strerror or exc}", "เปิดไม่สำเร็จ")
            return None
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.status.setText(f"เปิดแฟ้ม {path} ในโปรแกรมอ่าน PDF แล้ว")
        else:
            show_error(self, NO_VIEWER.format(path=path), "เปิดไม่สำเร็จ")
        return path
