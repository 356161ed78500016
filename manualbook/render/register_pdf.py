"""Printed registers: report data + layout -> PDF bytes (A4).

``render_register(layout, report)`` is the one entry point. It works in two
passes: first every row is measured (cells wrapped at Thai word boundaries)
and the whole book is paginated, so "หน้า x / y", page totals and the
ยอดยกมา / ยอดยกไป rows are known before anything is drawn; then each page is
drawn straight onto the canvas (no platypus tables: one big Table is
quadratic in the number of rows). No file I/O: the caller writes the bytes.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

# Streams are zlib-compressed binary, not also ASCII85-encoded: reportlab's pure-Python
# encoder cost about a tenth of a long book's render, and 1.5 mm cell padding made books
# longer; a binary stream is ordinary PDF and a quarter smaller.
rl_config.useA85 = 0

from . import thai_text as tt
from .layout import Column, Fields, Layout, parse_layout
from ..money import format_amount
from ..thaidate import MONTHS_ABBR
from .model import DETAIL, HEADING, SECTION, TEXT, TOTAL, ReportData, Row, SummaryLine
from .pagination import Page

# Sarabun's line box (em): the padding of a cell is measured from it, so text
# never comes nearer the rules than the layout's cell_padding_mm.
ASCENT, DESCENT = 1.068, 0.232


def render_register(layout: dict | Layout, report: ReportData) -> bytes:
    """Renders one register or report to PDF bytes."""
    lay = layout if isinstance(layout, Layout) else parse_layout(layout)
    return _Renderer(lay, report).render()


@dataclass
class _Cells:
    """A measured table row: wrapped lines per column (or one spanning label)."""

    row: Row | None
    kind: str
    lines: list            # per column: tuple of lines; for spans index 0 = label
    height: float
    span: int = 0          # columns merged at the left (label rows)


class _Renderer:
    def __init__(self, lay: Layout, report: ReportData):
        tt.register_fonts()
        self.lay, self.rep = lay, report
        f = lay.fonts
        self.body, self.small = f["body"], f["small"]
        self.lead = self.body * 1.35
        self.slead = self.body * 1.22   # summary lines: no rules between them, so a little tighter
        self.hlead = f["header"] * 1.35
        self.cols = lay.columns
        self.x = [lay.margins[3]]
        for c in self.cols:
            self.x.append(self.x[-1] + c.width)
        first_sum = [i for i, c in enumerate(self.cols) if c.sum or c.type == "money"]
        self.span = first_sum[0] if first_sum else len(self.cols)
        self.summed = lay.summed
        self.page_w, self.page_h = lay.page_size
        self.pad = lay.padding

    def cell_height(self, lines: int, size: float, lead: float) -> float:
        """A cell of ``lines`` lines: the padding above and below the font's line box
        (which holds Thai upper vowels with their tone marks and the lower vowels),
        and the leading between lines."""
        return 2 * self.pad + size * (ASCENT + DESCENT) + (max(lines, 1) - 1) * lead

    def first_baseline(self, top: float, size: float) -> float:
        return top - self.pad - size * ASCENT

    # ------------------------------------------------------------ text bits
    def digits(self, text: str) -> str:
        return tt.thai_digits(text) if self.lay.thai_digits else tt.plain(text)

    def fmt(self, col: Column, value) -> str:
        if value is None or value == "":
            return ""
        if col.type == "money" and isinstance(value, int):
            text = self.lay.zero_text if value == 0 else self._signed(value)
        elif col.type == "int" and isinstance(value, int):
            text = f"{value:,}"
        elif col.type == "date" and isinstance(value, datetime.date):
            if self.lay.date_style == "abbr":
                text = f"{value.day} {MONTHS_ABBR[value.month - 1]} {value.year + 543}"
            else:
                text = f"{value.day}/{value.month}/{value.year + 543}"
        else:
            text = str(value)
        return self.digits(text)

    def money(self, satang: int) -> str:
        return self.digits(self._signed(satang))

    def _signed(self, satang: int) -> str:
        if satang < 0 and self.lay.negative == "parentheses":
            return f"({format_amount(-int(satang))})"
        return format_amount(int(satang))

    # ------------------------------------------------------------ measuring
    def _wrap(self, text: str, width: float, font: str, size: float) -> tuple[str, ...]:
        return tt.wrap(text, max(width - 2 * self.pad, 4.0), font, size) if text else ("",)

    def measure_row(self, row: Row) -> _Cells:
        if row.kind == DETAIL:
            lines = [self._wrap(self.fmt(c, row.get(c.key)), c.width, tt.REGULAR, self.body)
                     for c in self.cols]
            n = max(len(l) for l in lines)
            return _Cells(row, DETAIL, lines, self.cell_height(n, self.body, self.lead))
        return self.measure_label(row.kind, row.label, row.as_dict(), row)

    def measure_label(self, kind: str, label: str, values: dict, row: Row | None = None) -> _Cells:
        # a heading row carries no amounts: its label may use the whole line
        span = len(self.cols) if kind == HEADING else max(self.span, 1)
        lw = self.x[span] - self.x[0]
        lines = [self._wrap(self.digits(label), lw, tt.BOLD, self.body)]
        for c in self.cols[span:]:
            v = values.get(c.key)
            lines.append((self.fmt(c, v),) if v is not None else ("",))
        n = max(len(l) for l in lines)
        return _Cells(row, kind, lines, self.cell_height(n, self.body, self.lead), span)

    def header_cells(self) -> _Cells:
        size = self.lay.fonts["header"]
        values = Fields(self.rep.heading_values)
        lines = [self._wrap(self.digits(c.heading.format_map(values)), c.width, tt.BOLD, size) for c in self.cols]
        n = max(len(l) for l in lines)
        return _Cells(None, "header", lines, self.cell_height(n, size, self.hlead))

    def summary_height(self, line: SummaryLine) -> float:
        """Lines of text; a total's double rule gets room of its own so the
        next line's Thai marks do not run into it."""
        rule = self.body * 0.45 if line.kind == TOTAL and line.amount is not None else 0.0
        gap = self.body * 0.3 if line.kind == SECTION else 0.0
        return len(self.summary_lines(line)) * self.slead + rule + gap

    def summary_lines(self, line: SummaryLine) -> tuple[str, ...]:
        font = tt.BOLD if line.kind in (SECTION, TOTAL) else tt.REGULAR
        x0 = line.indent * 8 * mm
        if line.kind == TEXT or line.amount is None and not line.note:
            w = self.lay.content_width - x0
        else:
            w = self.lay.summary_amount_right - self.lay.summary_amount_width \
                - (self.lay.summary_note_width if line.note else 0) - x0 - 2 * mm
        return tt.wrap(self.digits(line.label), max(w, 20), font, self.body) if line.label else ("",)

    def signoff(self) -> tuple:
        """The sign-off blocks: the report's own, else one block of its (title, name) pairs."""
        from .model import SignBlock, Signer

        if self.rep.signoff:
            return self.rep.signoff
        if not self.rep.signatures:
            return ()
        return (SignBlock(tuple(Signer(title, name) for title, name in self.rep.signatures),
                          per_row=self.lay.signatures_per_row),)

    def signature_height(self) -> float:
        from .signatures import signoff_height

        return signoff_height(self)

    # ----------------------------------------------------------- pagination
    def paginate(self) -> list[Page]:
        from .pagination import paginate

        return paginate(self)

    # -------------------------------------------------------------- drawing
    def render(self) -> bytes:
        pages = self.paginate()
        buf = io.BytesIO()
        canv = rl_canvas.Canvas(buf, pagesize=self.lay.page_size, pageCompression=1,
                                invariant=1)
        canv.setTitle(tt.plain(self.rep.title))
        canv.setAuthor(tt.plain(self.rep.org_name))
        when = self.rep.printed_at
        if isinstance(when, datetime.datetime):
            # the PDF's CreationDate is the time of printing (invariant=1 would say 2000-01-01)
            off = when.utcoffset() or datetime.timedelta(0)
            mins = int(off.total_seconds()) // 60
            stamp = (f"D:{when:%Y%m%d%H%M%S}{'+' if mins >= 0 else '-'}"
                     f"{abs(mins) // 60:02d}'{abs(mins) % 60:02d}'")
            canv._doc.info._dateFormatter = lambda *_: stamp
        from .draw import draw_page

        for i, page in enumerate(pages):
            draw_page(self, canv, page, i + 1, len(pages))
            canv.showPage()
            tt.pdftext.seal_page(canv)
        canv.save()
        tt.segments.save()  # the word boundaries learnt by this print, for the next one
        return buf.getvalue()
