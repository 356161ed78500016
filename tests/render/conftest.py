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
