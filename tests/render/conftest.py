"""Shared helpers for renderer tests: page texts and page pictures of PDF bytes."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PIL import Image


def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def page_image(pdf: bytes, index: int = 0, dpi: float = 50) -> Image.Image:
    """Page ``index`` as a greyscale picture (pdfium, no file I/O)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        bmp = doc[index].render(scale=dpi / 72, grayscale=True)
        return bmp.to_pil().convert("L")
    finally:
        doc.close()


@pytest.fixture
def texts():
    return page_texts


@pytest.fixture
def image():
    return page_image


@pytest.fixture(scope="session")
def pinned_demo(tmp_path_factory):
    from render_helpers import build_pinned_demo

    return build_pinned_demo(tmp_path_factory.mktemp("pinned-demo") / "demo.sqlite3")


@pytest.fixture
def demo_book(pinned_demo, monkeypatch):
    """The fixed demo office, printed at render_helpers.PRINTED_AT."""
    from render_helpers import PRINTED_AT

    from manualbook import reporting
    from manualbook.book import Book

    monkeypatch.setattr(reporting, "clock", lambda: PRINTED_AT)
    book = Book.open(pinned_demo)
    yield book
    book.close()


@pytest.fixture
def text_snapshot():
    from render_helpers import check_snapshot

    return check_snapshot
