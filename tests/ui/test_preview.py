"""The print preview shows, saves, opens and prints exactly the register's PDF bytes."""

from __future__ import annotations

import datetime as dt
import hashlib

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter

from manualbook.book import Book
from manualbook.demo import build_demo
from manualbook.reporting import render_report
from manualbook_ui import actions, pdfpages, preview
from manualbook_ui.pdfpages import chosen_pages, prepare_printer, print_pdf
from manualbook_ui.period_dialog import PeriodDialog
from manualbook_ui.preview import PreviewDialog

from conftest import START, retype


def page_count(data: bytes) -> int:
    with pdfpages.PDFIUM_LOCK:  # the app's pdfium threads may still be busy
        doc = pdfium.PdfDocument(data)
        try:
            return len(doc)
        finally:
            doc.close()


@pytest.fixture(scope="module")
def receipts_pdf(tmp_path_factory) -> bytes:
    """The demo office's receipts book for July 2567: several landscape pages."""
    path = tmp_path_factory.mktemp("demo") / "d.sqlite3"
    build_demo(path)
    with Book.open(path) as book:
        return render_report(book, "receipts-book", dt.date(2024, 7, 1), dt.date(2024, 7, 31))


@pytest.fixture
def open_preview(qtbot):
    def make(data: bytes) -> PreviewDialog:
        dialog = PreviewDialog(data, "สมุดเงินสดรับ — กรกฎาคม 2567", "สมุดเงินสดรับ 7-2567")
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.page_shown, timeout=5000):
            dialog.show()
        return dialog
    yield make
    pdfpages.wait_idle()


def shown_width(dialog: PreviewDialog) -> int:
    pixmap = dialog.view.pixmap()
    return 0 if pixmap is None or pixmap.isNull() else pixmap.width()


def test_preview_opens_on_the_register_and_counts_its_pages(open_preview, receipts_pdf):
    expected = page_count(receipts_pdf)
    assert expected > 3
    dialog = open_preview(receipts_pdf)
    assert len(dialog.doc) == expected
    assert dialog.page_text() == f"หน้า 1 จาก {expected}"
    assert dialog.page_label.text() == f"จาก {expected}"
    assert not dialog.prev_button.isEnabled() and dialog.next_button.isEnabled()
    # fit width: the landscape page fills the view's width, and is really drawn (not blank)
    assert abs(shown_width(dialog) - (dialog.scroll.viewport().width() - 24)) < 40
    image = dialog.view.pixmap().toImage()
    dark = sum(1 for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 50


def test_daily_status_of_the_test_book_is_one_page(open_preview, session, book_path):
    with Book.open(book_path) as book:
        data = render_report(book, "daily-status", START, START)
    dialog = open_preview(data)
    assert len(dialog.doc) == page_count(data) == 1
    assert dialog.page_text() == "หน้า 1 จาก 1"
    assert not dialog.next_button.isEnabled()
    # a portrait page is first shown whole
    assert dialog.fit == "page" and dialog.view.pixmap().height() <= dialog.scroll.viewport().height()


def test_page_up_and_down_move_between_pages(qtbot, open_preview, receipts_pdf):
    dialog = open_preview(receipts_pdf)
    n = len(dialog.doc)
    for _ in range(2):
        with qtbot.waitSignal(dialog.page_shown, timeout=5000):
            qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    assert dialog.page == 2 and dialog.page_text() == f"หน้า 3 จาก {n}"
    assert dialog.page_box.value() == 3
    # in the page-number box PgDn still turns one page, not ten
    dialog.page_box.setFocus()
    with qtbot.waitSignal(dialog.page_shown, timeout=5000):
        qtbot.keyClick(dialog.page_box, Qt.Key.Key_PageDown)
    assert dialog.page == 3
    with qtbot.waitSignal(dialog.page_shown, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_PageUp)
    assert dialog.page == 2
    with qtbot.waitSignal(dialog.page_shown, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert dialog.page == n - 1 and not dialog.next_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)  # already on the last page
    assert dialog.page == n - 1 and dialog.page_text() == f"หน้า {n} จาก {n}"
    # a page once drawn comes from the cache
    with qtbot.waitSignal(dialog.page_shown, timeout=1000):
        dialog.go_to(2)
    assert (2, dialog._key()[1]) in dialog._cache


def test_zoom_in_out_and_back_to_fit_width(qtbot, open_preview, receipts_pdf):
    dialog = open_preview(receipts_pdf)
    fit = shown_width(dialog)
    with qtbot.waitSignal(dialog.page_shown, timeout=5000):
        qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
    assert not dialog.fit and not dialog.fit_button.isChecked()
    assert abs(shown_width(dialog) - fit * preview.ZOOM_STEP) <= 2
    with qtbot.waitSignal(dialog.page_shown, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(dialog.page_shown, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert shown_width(dialog) < fit
    with qtbot.waitSignal(dialog.page_shown, timeout=5000):
        qtbot.mouseClick(dialog.fit_button, Qt.MouseButton.LeftButton)
    assert dialog.fit == "width" and abs(shown_width(dialog) - fit) <= 1
    # the whole page: it fits the view's height as well
    with qtbot.waitSignal(dialog.page_shown, timeout=5000):
        qtbot.mouseClick(dialog.page_fit_button, Qt.MouseButton.LeftButton)
    pixmap = dialog.view.pixmap()
    assert dialog.page_fit_button.isChecked() and not dialog.fit_button.isChecked()
    assert pixmap.height() <= dialog.scroll.viewport().height() - 24 + 1
    assert pixmap.width() <= dialog.scroll.viewport().width() - 24 + 1


def test_save_as_writes_exactly_the_previewed_bytes(qtbot, open_preview, receipts_pdf, tmp_path, monkeypatch):
    dialog = open_preview(receipts_pdf)
    target = tmp_path / "saved"  # no suffix: .pdf is added
    monkeypatch.setattr(preview.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "saved.pdf"
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == hashlib.sha256(dialog.pdf).hexdigest() \
        == hashlib.sha256(receipts_pdf).hexdigest()
    assert not list(tmp_path.glob("*.partial"))
    assert "saved.pdf" in dialog.status.text()


def ink_box(image) -> tuple[int, int, int, int]:
    """The smallest box around every not-quite-white pixel (sampled every 2 px)."""
    ink = [(x, y) for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
           if image.pixelColor(x, y).lightness() < 200]
    assert len(ink) > 1000
    xs, ys = [x for x, _ in ink], [y for _, y in ink]
    return min(xs), min(ys), max(xs), max(ys)


def a4_pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_puts_every_page_on_a4(qtbot, receipts_pdf, tmp_path):
    out = tmp_path / "printed.pdf"
    printer = a4_pdf_printer(out)
    doc = pdfpages.PdfPages(receipts_pdf)
    try:
        prepare_printer(printer, doc, "สมุดเงินสดรับ")
    finally:
        doc.close()
    seen = []
    assert print_pdf(receipts_pdf, printer, progress=lambda d, t: seen.append((d, t))) == page_count(receipts_pdf)
    assert seen[-1] == (page_count(receipts_pdf),) * 2
    printed = pdfpages.PdfPages(out.read_bytes())
    try:
        assert len(printed) == page_count(receipts_pdf)
        w, h = printed.sizes[0]
        assert (round(w), round(h)) == (842, 595)  # A4 landscape, like the register
        # the register is really on the paper, where the original has it: same ink box
        original = pdfpages.PdfPages(receipts_pdf)
        try:
            assert ink_box(printed.render(1, 1.0)) == pytest.approx(ink_box(original.render(1, 1.0)), abs=2)
        finally:
            original.close()
    finally:
        printed.close()


def test_printing_honours_the_chosen_page_range(qtbot, open_preview, receipts_pdf, tmp_path):
    n = page_count(receipts_pdf)
    printer = a4_pdf_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert chosen_pages(printer, n, current=0) == [1, 2]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert chosen_pages(printer, n, current=4) == [4]
    printer.setPrintRange(QPrinter.PrintRange.AllPages)
    assert chosen_pages(printer, n, current=4) == list(range(n))
    # the window's own print path: on the print thread, the window stays live
    dialog = open_preview(receipts_pdf)
    prepare_printer(printer, dialog.doc, dialog.file_name)
    dialog.print_to(printer, [1, 2])
    qtbot.waitUntil(lambda: dialog.status.text() == "ส่งไปพิมพ์แล้ว 2 หน้า", timeout=10000)
    assert page_count((tmp_path / "range.pdf").read_bytes()) == 2
    assert dialog.print_button.isEnabled()


def test_open_in_viewer_writes_a_temp_copy_and_opens_it(qtbot, open_preview, receipts_pdf, tmp_path,
                                                        monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(preview, "temp_pdf_path", lambda name: tmp_path / f"{name}.pdf")
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = open_preview(receipts_pdf)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    path = opened[0].toLocalFile()
    assert path == str(tmp_path / "สมุดเงินสดรับ 7-2567.pdf")
    assert open(path, "rb").read() == receipts_pdf


def test_no_pdf_reader_is_said_in_thai(qtbot, open_preview, receipts_pdf, tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "temp_pdf_path", lambda name: tmp_path / "copy.pdf")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    said = []
    monkeypatch.setattr(preview, "show_error", lambda parent, text, title="": said.append(text))
    dialog = open_preview(receipts_pdf)
    dialog.open_in_viewer()
    assert said and said[0].startswith("ไม่พบโปรแกรมอ่าน PDF") and str(tmp_path / "copy.pdf") in said[0]


def test_temp_copy_goes_to_the_user_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = pdfpages.temp_pdf_path("สมุดเงินสดรับ 7/2567")
    assert path.parent.is_dir() and str(path).startswith(str(tmp_path)) and path.suffix == ".pdf"
    assert "/" not in path.name


def test_period_dialog_takes_a_typed_month(qtbot):
    action = actions.PRINT_ACTIONS["receipts-book"]
    dialog = PeriodDialog(action, dt.date(2024, 7, 10))
    qtbot.addWidget(dialog)
    assert dialog.period() == (dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    retype(qtbot, dialog.field, "8/2567")
    assert dialog.period() == (dt.date(2024, 8, 1), dt.date(2024, 8, 31))
    assert "สิงหาคม 2567" in dialog.hint.text()
    retype(qtbot, dialog.field, "13/2567")
    assert dialog.period() is None and not dialog.ok_button.isEnabled()


def test_period_dialog_takes_a_day_for_the_daily_status(qtbot):
    dialog = PeriodDialog(actions.PRINT_ACTIONS["daily-status"], dt.date(2024, 7, 10))
    qtbot.addWidget(dialog)
    assert dialog.period() == (dt.date(2024, 7, 10),) * 2
    retype(qtbot, dialog.field, "12/7/67")
    assert dialog.period() == (dt.date(2024, 7, 12),) * 2 and dialog.ok_button.isEnabled()


def test_print_menu_opens_the_preview_of_the_chosen_day(qtbot, session, idle, monkeypatch):
    from manualbook_ui.mainwindow import MainWindow

    asked = []
    monkeypatch.setattr(preview, "ask_period", lambda parent, action, day: asked.append(day) or (day, day))
    window = MainWindow(session)
    qtbot.addWidget(window)
    idle()
    item = next(a for a in window.print_menu.actions() if a.text().endswith(actions.PRINT_ACTIONS["daily-status"].label))
    item.trigger()
    idle()
    qtbot.waitUntil(lambda: bool(getattr(window, "_print_previews", None)), timeout=5000)
    dialog = window._print_previews[0]
    assert asked == [START] and len(dialog.doc) == 1
    assert "รายงานสถานะการเงินประจำวัน" in dialog.windowTitle() and "1/10/2567" in dialog.windowTitle()
    dialog.close()
    assert not window._print_previews
    pdfpages.wait_idle()


def test_greyscale_chosen_in_the_print_dialog_prints_grey(receipts_pdf, tmp_path):
    out = tmp_path / "grey.pdf"
    printer = a4_pdf_printer(out)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    assert print_pdf(receipts_pdf, printer, [0, 1]) == 2
    printed = pdfpages.PdfPages(out.read_bytes())
    try:
        assert len(printed) == 2
        image = printed.render(0, 0.5)
        colours = {image.pixelColor(x, y).saturation() for x in range(0, image.width(), 5)
                   for y in range(0, image.height(), 5)}
        assert max(colours) < 20  # the red draft mark came out grey
    finally:
        printed.close()
