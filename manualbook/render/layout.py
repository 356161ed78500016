"""Register layouts: JSON data (resources/registers/*.json) -> checked values.

A layout says how a register looks on paper (columns, headings, widths,
labels, font sizes, signatures); see LAYOUTS.md. Layout mistakes are
reported in Thai with the key that is wrong, because a province office is
expected to edit these files to match its official form.
"""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.units import mm

COLUMN_TYPES = ("text", "money", "date", "int")
ALIGNS = ("left", "right", "center")

DEFAULT_LABELS = {
    "brought_forward": "ยอดยกมา",
    "carried_forward": "ยอดยกไป",
    "page_total": "รวมหน้านี้",
    "grand_total": "รวมทั้งสิ้น",
    "words": "ตัวอักษร",
    "page": "หน้า {page} / {pages}",
    "draft": "ร่าง — ยังไม่ปิดบัญชี",
    "sign": "ลงชื่อ",
    "printed": "พิมพ์เมื่อ {date} เวลา {time} น.",
    "continued": "(ต่อ)",
}
MIN_PADDING_MM = 1.5   # inside every table cell, on every side
MIN_BINDING_MM = 20.0  # the bound edge: a two-hole punch must miss the table
EDGES = ("top", "right", "bottom", "left")
DEFAULT_FONTS = {"org": 14, "title": 16, "period": 12, "header": 11, "body": 11, "small": 9}


class LayoutError(ValueError):
    pass


class Fields(dict):
    """The {name} fields of headings and labels; one the report does not fill prints
    as nothing ("{this}" -> "")."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    width: float  # points, resolved
    align: str
    type: str
    sum: bool


@dataclass(frozen=True)
class Layout:
    name: str
    page_size: tuple[float, float]
    margins: tuple[float, float, float, float]  # top, right, bottom, left (points)
    columns: tuple[Column, ...]
    fonts: dict
    labels: dict
    page_totals: bool
    carry_forward: bool
    grand_total: bool
    thai_digits: bool
    zero_text: str
    date_style: str
    negative: str                 # "minus" -1,234.00 or "parentheses" (1,234.00)
    label_align: str
    summary_position: str
    summary_amount_right: float   # from the left margin, points
    summary_amount_width: float
    summary_note_width: float
    signatures_per_row: int
    footnotes_every_page: bool
    padding: float = 1.8 * mm     # inside table cells (points)
    binding_edge: str = "left"

    @property
    def content_width(self) -> float:
        return self.page_size[0] - self.margins[1] - self.margins[3]

    @property
    def summed(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.sum)


def _need(cond: bool, message: str) -> None:
    if not cond:
        raise LayoutError(message)


def parse_layout(data: dict) -> Layout:
    """Checks a layout dict (as read from JSON) and resolves widths to points."""
    _need(isinstance(data, dict), "แบบฟอร์มต้องเป็นออบเจกต์ JSON")
    name = str(data.get("name", ""))
    orient = data.get("orientation", "portrait")
    _need(orient in ("portrait", "landscape"),
          f"orientation ต้องเป็น portrait หรือ landscape (ได้ {orient!r})")
    page = landscape(A4) if orient == "landscape" else portrait(A4)
    margins = tuple(float(v) * mm for v in data.get("margins_mm", (12, 10, 12, 22)))
    _need(len(margins) == 4, "margins_mm ต้องมี 4 ค่า: บน ขวา ล่าง ซ้าย")
    edge = data.get("binding_edge", "left")
    _need(edge in EDGES, f"binding_edge ต้องเป็น {', '.join(EDGES)} (ได้ {edge!r})")
    binding = float(data.get("binding_mm", MIN_BINDING_MM))
    _need(binding >= MIN_BINDING_MM, f"binding_mm ต้องไม่น้อยกว่า {MIN_BINDING_MM:.0f} มม. (ได้ {binding:g})")
    _need(margins[EDGES.index(edge)] >= binding * mm - 0.01,
          f"ขอบกระดาษด้านเข้าเล่ม ({edge}) {margins[EDGES.index(edge)] / mm:g} มม. แคบกว่า binding_mm {binding:g} มม.:"
          " รูเจาะเข้าแฟ้มจะโดนตาราง ให้เพิ่ม margins_mm ด้านนั้น")
    padding = float(data.get("cell_padding_mm", 1.8))
    _need(padding >= MIN_PADDING_MM, f"cell_padding_mm ต้องไม่น้อยกว่า {MIN_PADDING_MM} มม. (ได้ {padding:g})")
    content_w = page[0] - margins[1] - margins[3]

    cols_in = data.get("columns") or []
    _need(isinstance(cols_in, list) and cols_in, "ต้องมี columns อย่างน้อยหนึ่งคอลัมน์")
    fixed = 0.0
    flex_total = 0.0
    for i, c in enumerate(cols_in):
        where = f"columns[{i}]"
        _need(isinstance(c, dict) and c.get("key"), f"{where}: ต้องมี key")
        _need(("width_mm" in c) != ("flex" in c), f"{where}: ใส่ width_mm หรือ flex อย่างใดอย่างหนึ่ง")
        _need(c.get("type", "text") in COLUMN_TYPES, f"{where}: type ต้องเป็น {', '.join(COLUMN_TYPES)}")
        _need(c.get("align", "left") in ALIGNS, f"{where}: align ต้องเป็น {', '.join(ALIGNS)}")
        if "width_mm" in c:
            fixed += float(c["width_mm"]) * mm
        else:
            flex_total += float(c["flex"])
    _need(fixed <= content_w + 1 * mm,
          f"ความกว้างคอลัมน์รวม {fixed / mm:.0f} มม. เกินหน้ากระดาษ {content_w / mm:.0f} มม."
          " ลดความกว้างคอลัมน์หรือขอบกระดาษ")
    # Without flex columns, fixed widths are stretched to fill the line.
    scale = content_w / fixed if flex_total == 0 or fixed > content_w else 1.0
    rest = max(content_w - fixed * scale, 0.0)
    columns = []
    for c in cols_in:
        ctype = c.get("type", "text")
        w = float(c["width_mm"]) * mm * scale if "width_mm" in c else rest * float(c["flex"]) / flex_total
        columns.append(Column(
            key=str(c["key"]), heading=str(c.get("heading", "")), width=w,
            align=c.get("align", "right" if ctype in ("money", "int") else "left"),
            type=ctype, sum=bool(c.get("sum", False)),
        ))
    for c in columns:
        _need(not c.sum or c.type in ("money", "int"), f"คอลัมน์ {c.key}: รวมยอดได้เฉพาะ money หรือ int")

    for key, allowed in (("date_style", ("short", "abbr")), ("negative", ("minus", "parentheses")),
                         ("label_align", ALIGNS),
                         ("summary_position", ("before", "after"))):
        _need(data.get(key, allowed[0]) in allowed, f"{key} ต้องเป็น {', '.join(allowed)}")
    summary = data.get("summary", {})
    sigs = data.get("signatures", {})
    return Layout(
        name=name, page_size=page, margins=margins, columns=tuple(columns),
        fonts={**DEFAULT_FONTS, **data.get("font_sizes", {})},
        labels={**DEFAULT_LABELS, **data.get("labels", {})},
        page_totals=bool(data.get("page_totals", False)),
        carry_forward=bool(data.get("carry_forward", False)),
        grand_total=bool(data.get("grand_total", True)),
        thai_digits=bool(data.get("thai_digits", False)),
        zero_text=str(data.get("zero_text", "0.00")),
        date_style=data.get("date_style", "short"),
        negative=data.get("negative", "minus"),
        label_align=data.get("label_align", "left"),
        summary_position=data.get("summary_position", "after"),
        summary_amount_right=float(summary.get("amount_right_mm", content_w / mm)) * mm,
        summary_amount_width=float(summary.get("amount_width_mm", 35)) * mm,
        summary_note_width=float(summary.get("note_width_mm", 30)) * mm,
        signatures_per_row=int(sigs.get("per_row", 2)),
        footnotes_every_page=bool(data.get("footnotes_every_page", True)),
        padding=padding * mm, binding_edge=edge,
    )


def load_layout(name: str) -> dict:
    """Reads the layout ``<name>.json`` shipped in resources/registers/.

    From a source checkout the file is found beside the package; in an
    installed program it lives in the ``manualbook.resources`` package.
    """
    src = Path(__file__).resolve().parents[2] / "resources" / "registers" / f"{name}.json"
    if src.is_file():
        return json.loads(src.read_text(encoding="utf-8"))
    res = importlib.resources.files("manualbook.resources") / "registers" / f"{name}.json"
    return json.loads(res.read_text(encoding="utf-8"))
