"""Page breaking for printed registers, done before anything is drawn.

Output: a list of pages, each a list of operations ``(op, payload, height)``
drawn top to bottom under the page header:

  caption   table caption text
  theader   the table heading row (repeated on every page with rows)
  bf        ยอดยกมา row (payload: cumulative totals so far)
  row       a measured table row
  ptotal    รวมหน้านี้ (payload: this page's totals of detail rows)
  cf        ยอดยกไป (payload: cumulative totals up to the end of this page)
  gtotal    รวมทั้งสิ้น (payload: the report's totals)
  words     the amount in words
  summary   one summary line
  sigs      the signature block (never split across pages)
  foot      a footnote line (when footnotes are printed on the last page only)

Rules: on every page but the last of the table, room is kept for ``ptotal``
and ``cf``; the last table row keeps room for ``ptotal``, ``gtotal`` and
``words`` so the closing rows never land alone on a new page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm

from . import thai_text as tt
from .layout import Fields
from .model import DETAIL, HEADING, SUBTOTAL


@dataclass
class Page:
    """One page of a register: what to draw, in order."""

    ops: list = field(default_factory=list)   # (op, payload, height)


def page_header_height(r) -> float:
    f = r.lay.fonts
    return f["org"] * 1.45 + f["title"] * 1.45 + f["period"] * 1.45 + 3 * mm


def footer_lines(r) -> tuple[str, ...]:
    """The footnotes printed in every page's footer, wrapped to the line (cached)."""
    if getattr(r, "_footer_lines", None) is None:
        lines: list[str] = []
        if r.lay.footnotes_every_page:
            for note in r.rep.footnotes:
                lines += tt.wrap(r.digits(note), r.lay.content_width, tt.REGULAR, r.small)
        r._footer_lines = tuple(lines)
    return r._footer_lines


def footer_height(r) -> float:
    """Footnote lines, the line with the time of printing and the page number, and a
    gap that keeps them clear of the table."""
    return (len(footer_lines(r)) + 1) * r.small * 1.4 + 4 * mm


def body_height(r) -> float:
    top, _, bottom, _ = r.lay.margins
    return r.page_h - top - bottom - page_header_height(r) - footer_height(r)


def _add(a: dict, b: dict) -> dict:
    return {k: a[k] + b.get(k, 0) for k in a}


def paginate(r) -> list:

    lay, rep = r.lay, r.rep
    avail = body_height(r)
    zero = {k: 0 for k in r.summed}
    pages = [Page()]
    used = 0.0

    def put(op, payload, h):
        nonlocal used
        pages[-1].ops.append((op, payload, h))
        used += h

    def new_page():
        nonlocal used
        pages.append(Page())
        used = 0.0

    def fits(h):
        return used == 0 or used + h <= avail

    def items(seq):
        for line in seq:
            h = r.summary_height(line)
            if not fits(h):
                new_page()
            put("summary", line, h)

    if lay.summary_position == "before":
        items(rep.summary)

    # ------------------------------------------------------------- the table
    header = r.header_cells()
    one = r.cell_height(1, r.body, r.lead)  # a one-line label row
    cells = [r.measure_row(row) for row in rep.rows]
    if rep.table_title:
        cap_h = r.lead * 1.3
        if not fits(cap_h + header.height + (cells[0].height if cells else 0)):
            new_page()
        put("caption", rep.table_title, cap_h)
    words_h = 0.0
    if rep.total_words:
        words_label = lay.labels["words"].format_map(Fields(rep.heading_values))
        label = f"({words_label}) {rep.total_words}"
        words_h = r.cell_height(len(r._wrap(label, lay.content_width, "Sarabun-Bold", r.body)), r.body, r.lead)
    want_gtotal = lay.grand_total and bool(r.summed)
    nonlast = (one if lay.page_totals else 0) + (one if lay.carry_forward else 0)
    last_extra = (one if want_gtotal else 0) + words_h

    # Keep the summary-after lines and the signatures with the last row when
    # they are small: a page holding only signatures reads as detached.
    tail = r.signature_height()
    if lay.summary_position != "before":
        tail += sum(r.summary_height(line) for line in rep.summary)
    keep_tail = tail if tail <= avail / 2 else 0.0

    cum = dict(zero)
    page_sum = dict(zero)
    table_pages = 0
    on_page = False
    heading = None  # the heading row of the block being printed, repeated on a new page
    cont_label = lay.labels["continued"]
    # Rows after the last detail row (the last day's subtotal) count as "last".
    last_detail = max((i for i, c in enumerate(cells) if c.kind == DETAIL), default=len(cells) - 1)
    for i, c in enumerate(cells):
        is_last = i >= last_detail
        # Keep a detail row with the subtotal rows that follow it, and a
        # heading row with the row under it.
        group = c.height
        if c.kind == DETAIL:
            j = i + 1  # by index: a slice of the rest per row made a long book quadratic
            while j < len(cells) and cells[j].kind == SUBTOTAL:
                group += cells[j].height
                j += 1
        elif c.kind == HEADING and i + 1 < len(cells):
            group += cells[i + 1].height
        lead_h = 0.0 if on_page else header.height + (one if table_pages and lay.carry_forward else 0)
        reserve = (one if lay.page_totals else 0) + last_extra if is_last else nonlast
        # The last rows take the signatures with them to a new page, so that no page
        # holds signatures alone; but a table that fits its first page is not split
        # for that (a daily status rather signs on a page of its own).
        if is_last and keep_tail and not (on_page and table_pages <= 1 and used + group + reserve <= avail):
            reserve += keep_tail
        if used and used + lead_h + group + reserve > avail:
            if on_page:
                if lay.page_totals:
                    put("ptotal", page_sum, one)
                if lay.carry_forward:
                    put("cf", dict(cum), one)
            new_page()
            on_page = False
        if not on_page:
            put("theader", header, header.height)
            if table_pages and lay.carry_forward:
                put("bf", dict(cum), one)
            table_pages += 1
            on_page = True
            page_sum = dict(zero)
            if heading is not None and c.kind != HEADING:
                again = r.measure_label(HEADING, f"{heading.label} {cont_label}", {}, heading)
                put("row", again, again.height)
        if c.kind == HEADING:
            heading = c.row
        put("row", c, c.height)
        if c.kind == DETAIL and r.summed:
            vals = {k: c.row.get(k) or 0 for k in r.summed}
            cum = _add(cum, vals)
            page_sum = _add(page_sum, vals)
    if not cells and r.cols:
        if not fits(header.height + last_extra):
            new_page()
        put("theader", header, header.height)
        table_pages = 1
        on_page = True
    if on_page:
        if lay.page_totals and table_pages > 1:
            put("ptotal", page_sum, one)
        if want_gtotal:
            totals = dict(rep.totals) if rep.totals is not None else cum
            put("gtotal", totals, one)
        if rep.total_words:
            put("words", label, words_h)

    if lay.summary_position != "before":
        items(rep.summary)
    if not lay.footnotes_every_page:
        for note in rep.footnotes:
            for line in tt.wrap(r.digits(note), lay.content_width, tt.REGULAR, r.small):
                if not fits(r.small * 1.4):
                    new_page()
                put("foot", line, r.small * 1.4)
    sig_h = r.signature_height()
    if sig_h:
        if not fits(sig_h):
            new_page()
        put("sigs", None, sig_h)
    return pages
