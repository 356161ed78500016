"""The sign-off at the foot of a register: captions, statements and signatures.

One signature, centred in its column, as Thai forms print it::

    ลงชื่อ ................................ ผู้จัดทำ
            (นางสาวพิมพ์ชนก ศรีวงศ์)
       ตำแหน่ง เจ้าพนักงานการเงินและบัญชี
        วันที่ ......../......../........

The dotted leader is as long as the column allows, so neighbouring
signatures never run into each other. The pieces are laid out once
(``_pieces``: text, position relative to the block's top) and the same list
serves for measuring (pagination) and for drawing.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from . import thai_text as tt

_GAP = 4 * mm          # between neighbouring signature columns
_MIN_DOTS = 14 * mm
_MAX_DOTS = 50 * mm
_NAME_DOTS = 42 * mm


def _dots(width: float, size: float) -> str:
    return "." * max(int(width / tt.width(".", tt.REGULAR, size)), 3)


def _pieces(r) -> tuple[list[tuple[str, float, float, str, str]], float]:
    """([(text, x, y below the top, font, align)], total height) of the whole sign-off."""
    out: list[tuple[str, float, float, str, str]] = []
    lead, size = r.lead, r.body
    x0, width = r.lay.margins[3], r.lay.content_width
    sign = r.lay.labels["sign"]
    y = lead * 0.6  # room above the first block
    for block in r.signoff():
        y += lead * 0.6
        if block.caption:
            out.append((r.digits(block.caption), x0, y + size, tt.BOLD, "left"))
            y += lead
        if block.text:
            text = r.digits(block.text.format(**dict(r.rep.sign_values)))
            for line in tt.wrap(text, width, tt.REGULAR, size):
                out.append((line, x0, y + size, tt.REGULAR, "left"))
                y += lead
        n = max(block.per_row, 1)
        col = width / n
        signers = list(block.signers)
        for start in range(0, len(signers), n):
            row = signers[start:start + n]
            offset = (n - len(row)) * col / 2  # a short last row is centred under the full ones
            y += 1.7 * lead                     # room to sign
            tallest = 0
            for k, s in enumerate(row):
                cx = x0 + offset + col * (k + 0.5)
                inner = col - _GAP
                role = r.digits(s.role)
                fixed = tt.width(f"{sign}  {role}", tt.REGULAR, size)
                dots = _dots(max(min(inner - fixed - 2 * mm, _MAX_DOTS), _MIN_DOTS), size)
                out.append((f"{sign} {dots} {role}".rstrip(), cx, y, tt.REGULAR, "center"))
                lines = [f"({r.digits(s.name)})" if s.name else f"({_dots(min(_NAME_DOTS, inner - 6 * mm), size)})"]
                if s.title and s.title.strip() != s.role.strip():
                    lines += tt.wrap(r.digits(f"ตำแหน่ง {s.title}"), inner, tt.REGULAR, size)
                if block.date_line:
                    lines.append(r.digits(block.date_line))
                for i, line in enumerate(lines, start=1):
                    out.append((line, cx, y + i * lead, tt.REGULAR, "center"))
                tallest = max(tallest, len(lines))
            y += tallest * lead + lead * 0.4
    return out, y


def _cached(r) -> tuple:
    if getattr(r, "_signoff_pieces", None) is None:
        r._signoff_pieces = _pieces(r)
    return r._signoff_pieces


def signoff_height(r) -> float:
    if not r.signoff():
        return 0.0
    return _cached(r)[1]


def draw_signoff(r, canv, top: float) -> None:
    for text, x, y, font, align in _cached(r)[0]:
        tt.draw(canv, x, top - y, text, font, r.body, align, max_width=r.lay.content_width)
