"""Text operators written straight into a reportlab page, cached per distinct string.

A long register draws the same strings over and over (payer names, codes,
dates, amounts, the words of the books), and reportlab builds each one anew
through a text object: the glyph runs, the subset fonts, the HarfBuzz
positions as ``TJ`` arrays. That was most of a month's receipts book. Here the
operators of a string are made once per document by reportlab's own
``PDFTextObject._formatText`` (so the bytes are exactly what reportlab writes)
and reused at every other position: only the ``Tm`` (and ``Tz``) differ.
Reuse is safe within one document because the subset and glyph numbers a
string gets there never change once it has been drawn; a new canvas has a new
document and a new cache.
"""

from __future__ import annotations

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFBase85Encode, PDFObject, PDFStream, PDFZCompress

_CACHE = "_manualbook_text_ops"


def _ops(canv, key, drawable, font: str, size: float) -> str:
    doc = canv._doc
    cache = getattr(doc, _CACHE, None)
    if cache is None:
        cache = {}
        setattr(doc, _CACHE, cache)
    ops = cache.get(key)
    if ops is None:
        t = canv.beginText(0, 0)
        t.setFont(font, size)
        ops = cache[key] = t._formatText(drawable)
    return ops


def actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def put(canv, x: float, y: float, text: str, drawable, font: str, size: float, scale: float,
        shaped: bool) -> None:
    """What ``beginText(x, y); setFont; setHorizScale; textOut(drawable); drawText`` writes,
    wrapped in an ActualText span when the string was shaped (so copying gives ``text``)."""
    code = canv._code
    if shaped:
        code.append(f"/Span <</ActualText {actual_text(text)}>> BDC")
    ops = _ops(canv, (text, font, size), drawable, font, size)
    if scale != 1.0:
        code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {fp_str(scale * 100)} Tz {ops} ET")
    else:
        code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {ops} ET")
    if shaped:
        code.append("EMC")


class _Sealed(PDFObject):
    """A page's content stream, already formatted (compressed): what reportlab writes for it at save."""

    __RefOnly__ = 1

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


def seal_page(canv) -> None:
    """Right after ``showPage``: the page's content stream is compressed and formatted now,
    exactly as ``save`` would (same filters, same bytes), so a 1,500-page book holds a few
    megabytes of finished streams instead of fifty of page text until it is saved."""
    page = canv._doc.Pages.pages[-1]
    if page.Contents or not page.stream:
        return
    stream = PDFStream()
    if page.compression:
        stream.filters = rl_config.useA85 and [PDFBase85Encode, PDFZCompress] or [PDFZCompress]
    stream.content = page.stream
    page.Contents = _Sealed(stream.format(canv._doc))
    page.stream = None
