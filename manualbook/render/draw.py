"""Drawing one paginated page of a register straight onto a reportlab canvas.

Table rows are drawn cell by cell with ``thai_text.draw`` (shaped, cached)
and the grid is collected into one ``canvas.lines`` call per page, which is
what keeps a 20,000-row book fast.
"""

from __future__ import annotations

import math

from reportlab.lib.units import mm

from . import thai_text as tt
from ..thaidate import format_abbr
from .model import SECTION, TEXT, TOTAL
from .pagination import footer_lines, page_header_height
from .signatures import draw_signoff

_GRID = 0.5
_FILL = 0.92


def _page_header(r, canv, page_no: int, pages: int) -> float:
    lay, rep, f = r.lay, r.rep, r.lay.fonts
    cx = r.page_w / 2
    y = r.page_h - lay.margins[0]
    for text, size, bold in ((rep.org_name, f["org"], True), (rep.title, f["title"], True),
                             (rep.period_text, f["period"], False)):
        y -= size * 1.45
        tt.draw(canv, cx, y + size * 0.35, r.digits(text), tt.font_name(bold), size, "center")
    return r.page_h - lay.margins[0] - page_header_height(r)


def printed_label(r) -> str:
    """"พิมพ์เมื่อ 31 ก.ค. 2567 เวลา 16:30 น." from the report's time of printing."""
    when = r.rep.printed_at
    if when is None:
        return ""
    date = format_abbr(when.date())
    return r.lay.labels["printed"].format(date=date, time=f"{when:%H:%M}")


def _footer(r, canv, page_no: int, pages: int) -> None:
    """Footnotes, then a last line with the time of printing and the page number."""
    lay = r.lay
    step = r.small * 1.4
    y = lay.margins[2] + r.small * 0.3
    right = r.page_w - lay.margins[1]
    label = lay.labels["page"].format(page=page_no, pages=pages)
    tt.draw(canv, right, y, r.digits(label), tt.REGULAR, r.small, "right")
    stamp = printed_label(r)
    if stamp:
        tt.draw(canv, lay.margins[3], y, r.digits(stamp), tt.REGULAR, r.small, "left")
    for line in reversed(footer_lines(r)):
        y += step
        tt.draw(canv, lay.margins[3], y, line, tt.REGULAR, r.small, "left", max_width=lay.content_width)


def _watermark(r, canv) -> None:
    text = r.lay.labels["draft"]
    diag = math.hypot(r.page_w, r.page_h)
    size = 10.0
    w = tt.width(text, tt.BOLD, size)
    size = min(size * diag * 0.62 / w, 110)
    canv.saveState()
    canv.setFillColorRGB(0.75, 0.1, 0.1, alpha=0.16)
    canv.translate(r.page_w / 2, r.page_h / 2)
    canv.rotate(math.degrees(math.atan2(r.page_h, r.page_w)))
    tt.draw(canv, 0, -size * 0.3, text, tt.BOLD, size, "center")
    canv.restoreState()


def _cell_text(r, canv, lines, x0, x1, top, align, font, size, lead, height=0.0):
    pad = r.pad
    if align == "right":
        x = x1 - pad
    elif align == "center":
        x = (x0 + x1) / 2
    else:
        x = x0 + pad
    y = r.first_baseline(top, size)
    if height:  # centre vertically (heading cells)
        y -= (height - r.cell_height(len(lines), size, lead)) / 2
    for line in lines:
        if line:  # never past the padding: an identifier that may not break is condensed
            tt.draw(canv, x, y, line, font, size, align, max_width=x1 - x0 - 2 * pad)
        y -= lead


def _table_row(r, canv, cells, top, grid, font=tt.REGULAR, fill=False, align_override=None):
    """Draws one measured row whose top edge is at ``top``; returns its bottom."""
    bottom = top - cells.height
    x = r.x
    if fill:
        canv.setFillGray(_FILL)
        canv.rect(x[0], bottom, x[-1] - x[0], cells.height, stroke=0, fill=1)
        canv.setFillGray(0)
    lead = r.hlead if cells.kind == "header" else r.lead
    size = r.lay.fonts["header"] if cells.kind == "header" else r.body
    grid.append((x[0], top, x[-1], top))
    grid.append((x[0], bottom, x[-1], bottom))
    if cells.span:
        la = r.lay.label_align
        x1 = x[cells.span]
        _cell_text(r, canv, cells.lines[0], x[0], x1, top, la, tt.BOLD, size, lead)
        for j, col in enumerate(r.cols[cells.span:], start=cells.span):
            _cell_text(r, canv, cells.lines[j - cells.span + 1], x[j], x[j + 1], top,
                       col.align, tt.BOLD, size, lead)
        edges = [0] + list(range(cells.span, len(x)))
    else:
        for j, col in enumerate(r.cols):
            align = align_override or col.align
            _cell_text(r, canv, cells.lines[j], x[j], x[j + 1], top, align, font, size, lead,
                       cells.height if cells.kind == "header" else 0.0)
        edges = range(len(x))
    for j in edges:
        grid.append((x[j], top, x[j], bottom))
    return bottom


def _summary_line(r, canv, line, top) -> float:
    lay = r.lay
    bold = line.kind in (SECTION, TOTAL)
    font = tt.font_name(bold)
    x0 = lay.margins[3] + line.indent * 8 * mm
    lines = r.summary_lines(line)
    y = top - r.body * 1.02 - 1 - (r.body * 0.3 if line.kind == SECTION else 0.0)
    for i, text in enumerate(lines):
        tt.draw(canv, x0, y - i * r.slead, text, font, r.body, max_width=lay.content_width - (x0 - lay.margins[3]))
    ax = lay.margins[3] + lay.summary_amount_right
    ylast = y - (len(lines) - 1) * r.slead
    if line.note:
        tt.draw(canv, ax - lay.summary_amount_width, ylast, r.digits(line.note), font, r.body, "right")
    if line.amount is not None and line.kind != TEXT:
        w = tt.draw(canv, ax, ylast, r.money(line.amount), font, r.body, "right")
        if line.kind == TOTAL:
            canv.setLineWidth(0.6)
            uy = ylast - r.body * 0.3
            canv.line(ax - max(w, 20 * mm), uy, ax, uy)
            canv.line(ax - max(w, 20 * mm), uy - 1.5, ax, uy - 1.5)
    return top - r.summary_height(line)


def draw_page(r, canv, page, page_no: int, pages: int) -> None:
    top = _page_header(r, canv, page_no, pages)
    grid: list = []
    labels = r.lay.labels
    for op, payload, h in page.ops:
        if op == "theader":
            top = _table_row(r, canv, payload, top, grid, tt.BOLD, fill=True, align_override="center")
        elif op == "row":
            top = _table_row(r, canv, payload, top, grid)
        elif op in ("bf", "cf", "ptotal", "gtotal"):
            name = {"bf": "brought_forward", "cf": "carried_forward",
                    "ptotal": "page_total", "gtotal": "grand_total"}[op]
            cells = r.measure_label(op, labels[name], payload)
            cells.height = h
            top = _table_row(r, canv, cells, top, grid, fill=op in ("gtotal", "ptotal"))
        elif op == "words":
            lines = r._wrap(payload, r.lay.content_width, tt.BOLD, r.body)
            _cell_text(r, canv, lines, r.x[0], r.x[-1], top, "center", tt.BOLD, r.body, r.lead)
            grid.extend([(r.x[0], top - h, r.x[-1], top - h), (r.x[0], top, r.x[0], top - h),
                         (r.x[-1], top, r.x[-1], top - h)])
            top -= h
        elif op == "caption":
            tt.draw(canv, r.x[0], top - r.lead, r.digits(payload), tt.BOLD, r.body,
                    max_width=r.lay.content_width)
            top -= h
        elif op == "summary":
            top = _summary_line(r, canv, payload, top)
        elif op == "foot":
            tt.draw(canv, r.lay.margins[3], top - r.small * 1.1, payload, tt.REGULAR, r.small,
                    max_width=r.lay.content_width)
            top -= h
        elif op == "sigs":
            draw_signoff(r, canv, top)
            top -= h
    if grid:
        canv.setLineWidth(_GRID)
        canv.lines(grid)
    _footer(r, canv, page_no, pages)
    if r.rep.draft:
        _watermark(r, canv)
