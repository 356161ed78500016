"""PDF pages for the app: pdfium (one thread at a time), printing, files.

pdfium is not thread-safe, so every pdfium call in the program goes through
``PDFIUM_LOCK``. ``PdfPages`` rasterises pages for the preview and for the
printer; ``print_pdf`` paints chosen pages on a ``QPrinter`` (Qt allows that
outside the GUI thread); ``run_pdf`` runs such work on a one-thread pool of
its own ("render" for the preview, "print" for printing), so neither the book
worker nor the window waits for pdfium. Also: writing a PDF all-or-nothing,
and a fresh temporary file for "open in the PDF viewer".
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QCoreApplication, QRectF, QThreadPool
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from .ops import run_on

PDFIUM_LOCK = threading.RLock()  # every pdfium call, from any thread, holds this
MAX_PRINT_DPI = 600               # a 1200 dpi A4 page would be ~560 MB of pixels


# ------------------------------------------------------------------ pdfium, one thread at a time
class PdfPages:
    """One open PDF. Every method takes ``PDFIUM_LOCK``, so any thread may call it."""

    def __init__(self, data: bytes):
        self.data = bytes(data)
        with PDFIUM_LOCK:
            self._doc = pdfium.PdfDocument(self.data)
            self.sizes = []  # (width, height) in points, per page
            for i in range(len(self._doc)):
                page = self._doc[i]
                self.sizes.append(tuple(page.get_size()))
                page.close()

    def __len__(self) -> int:
        return len(self.sizes)

    def render(self, index: int, scale: float, grey: bool = False) -> QImage:
        """Page ``index`` at ``scale`` pixels per point, as a QImage that owns its
        pixels; ``grey`` gives one byte a pixel (a quarter of the memory and spool)."""
        with PDFIUM_LOCK:
            page = self._doc[index]
            try:
                if grey:
                    bitmap = page.render(scale=scale, grayscale=True, force_bitmap_format=pdfium_c.FPDFBitmap_Gray)
                    fmt = QImage.Format.Format_Grayscale8
                else:
                    bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
                    fmt = QImage.Format.Format_RGBX8888
                try:
                    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
        return image

    def close(self) -> None:
        with PDFIUM_LOCK:
            if self._doc is not None:
                self._doc.close()
                self._doc = None


def print_pdf(data: bytes, printer: QPrinter, pages: list[int] | None = None,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> int:
    """Prints ``pages`` (0-based; default all) of ``data`` on ``printer``.

    Each page is rasterised at the printer's resolution (at most
    MAX_PRINT_DPI), in grey when the print dialog chose greyscale, and drawn
    to fill the paper, keeping its proportions.
    Returns the number of pages printed. Runs on any thread; the caller
    configures the printer (``prepare_printer``) beforehand.
    """
    from PySide6.QtGui import QPainter

    doc = PdfPages(data)
    try:
        pages = list(range(len(doc))) if pages is None else [p for p in pages if 0 <= p < len(doc)]
        if not pages:
            return 0
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("เริ่มพิมพ์ไม่ได้: เครื่องพิมพ์ไม่ตอบสนอง ให้ตรวจสอบเครื่องพิมพ์แล้วลองใหม่")
        done = 0
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            for n, index in enumerate(pages):
                if cancelled():
                    printer.abort()
                    break
                if n:
                    printer.newPage()
                image = doc.render(index, dpi / 72, grey=grey)
                paper = printer.pageLayout().fullRectPixels(printer.resolution())
                w_pt, h_pt = doc.sizes[index]
                fit = min(paper.width() / w_pt, paper.height() / h_pt)
                w, h = w_pt * fit, h_pt * fit
                painter.drawImage(QRectF((paper.width() - w) / 2, (paper.height() - h) / 2, w, h), image)
                del image
                done += 1
                if progress:
                    progress(done, len(pages))
        finally:
            painter.end()
        return done
    finally:
        doc.close()


def prepare_printer(printer: QPrinter, doc: PdfPages, name: str) -> None:
    """A4, the orientation of the first page, the whole sheet as the canvas.

    The registers carry their own margins, so the page is drawn on the full
    paper rather than inside the printer's margins (which would shrink it)."""
    printer.setDocName(name)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    w, h = doc.sizes[0] if len(doc) else (595, 842)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setFromTo(1, max(1, len(doc)))


def chosen_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """The 0-based pages the print dialog asked for, copies included when the
    driver cannot make them itself."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), printer.toPage() or count
        pages = list(range(max(first, 1) - 1, min(last, count)))
    elif mode == QPrinter.PrintRange.CurrentPage:
        pages = [current]
    else:
        pages = list(range(count))
    copies = printer.copyCount()
    if copies > 1 and not printer.supportsMultipleCopies():
        pages = pages * copies if printer.collateCopies() else [p for p in pages for _ in range(copies)]
    return pages


_pools: dict[str, QThreadPool] = {}
_running: set[str] = set()
_count = 0


def _pool(name: str) -> QThreadPool:
    if name not in _pools:
        app = QCoreApplication.instance()
        pool = QThreadPool(app)
        pool.setMaxThreadCount(1)
        _pools[name] = pool
        app.aboutToQuit.connect(pool.waitForDone)  # a page half-drawn or a print half-sent finishes first
    return _pools[name]


def run_pdf(pool: str, fn: Callable, on_done: Callable, on_failed: Callable, on_progress=None) -> None:
    """Runs ``fn(progress)`` on the one-thread pool ``pool`` ("render" or "print");
    results come back as queued signals on the GUI thread (``ops.run_on``)."""
    global _count
    _count += 1
    job = f"{pool}:{_count}"
    _running.add(job)

    def finish(handler):
        def call(value):
            _running.discard(job)
            handler(value)
        return call

    run_on(_pool(pool), fn, finish(on_done), finish(on_failed), on_progress)


def wait_idle(msecs: int = 30000) -> bool:
    """Blocks until no pdfium job is running (tests and shutdown)."""
    return all(p.waitForDone(msecs) for p in _pools.values())


def busy() -> bool:
    return bool(_running)


def temp_pdf_path(name: str) -> Path:
    """A fresh file name in the per-user cache folder; copies older than a day are removed."""
    try:
        from platformdirs import user_cache_dir
        folder = Path(user_cache_dir("manualbook", appauthor=False)) / "print"
    except ImportError:
        folder = Path(tempfile.gettempdir()) / "manualbook-print"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pdf"):
        try:
            if time.time() - old.stat().st_mtime > 86400:
                old.unlink()
        except OSError:
            pass  # still open in a reader: leave it
    safe = "".join(c for c in name if c not in '<>:"/\\|?*').strip() or "รายงาน"
    return folder / f"{safe} {dt.datetime.now():%H%M%S}.pdf"
