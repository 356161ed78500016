"""The hand-written workbook writer (xlsx.py, chosen by bench/bench_workbook.py) read back by openpyxl:
every cell as written, Thai and any other text, formula-looking text kept as quotePrefix text,
numbers as numbers, styles, panes, filter and list validation."""

from __future__ import annotations

import io

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from manualbook import cells
from manualbook.xlsx import Cell, Style, Workbook

NUMBER = Style(num_format=4)
HEAD = Style(font=("TH Sarabun New", 14, True, False), fill="DDEBF7", horizontal="center", vertical="center",
             wrap=True)

ROW = ["นายสมชาย ใจดี", "ค่าธรรมเนียมเก็บขยะมูลฝอย ๑๒ เดือน", "=1+1", "+66 81 234 5678", "-5", "@SUM(A1)",
       "\t=cmd|' /C calc'!A0", "＝ＨＹＰＥＲＬＩＮＫ()", " นำหน้าและตามหลังด้วยช่องว่าง ", "<a & b> \"q\" 'x'",
       "บรรทัด\nที่สอง", "ก\x01ข", "😀 ไม่ใช่ BMP", 0, 7, -12, 1234567.25, 2**53, 0.1, True, False]


def _written(rows, **kw) -> bytes:
    buf = io.BytesIO()
    with Workbook(buf) as wb:
        ws = wb.sheet("ลำดับการบันทึก", **kw)
        for row in rows:
            ws.append(row)
        if len(rows) > 1:
            ws.autofilter = f"A1:C{len(rows)}"
            ws.validations.append((f"B2:B{len(rows)}", "✓"))
        hidden = wb.sheet("_meta", hidden=True)
        hidden.append(["key", "ค่า"])
    return buf.getvalue()


def _expected(v):
    return cells.clean(v) if isinstance(v, str) else v


def test_every_cell_reads_back_as_written():
    rows = [[Cell("หัวเรื่อง", HEAD), Cell(None, HEAD), "ข้อความ"], ROW,
            [Cell(1234.5, NUMBER), Cell("=บวก", NUMBER), Cell("", Style(fill="FFF2CC")), None, "ท้ายแถว"]]
    data = _written(rows, widths=[30, 13, 13], hidden_columns=[3], freeze="C2")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["ลำดับการบันทึก"]
    for col, v in enumerate(ROW, start=1):
        c = ws.cell(row=2, column=col)
        assert c.value == _expected(v) and type(c.value) is type(v), (col, v, c.value)
        assert c.data_type != "f"
        if isinstance(v, str):
            assert c.data_type == "s" and bool(c.quotePrefix) == cells.formula_like(cells.clean(v)), v
    assert ws["L2"].value == "ก\ufffdข"  # a character a workbook cannot hold, replaced as the export does
    assert ws["A1"].font.b and ws["A1"].font.name == "TH Sarabun New" and ws["A1"].fill.fgColor.rgb == "FFDDEBF7"
    assert ws["A1"].alignment.horizontal == "center" and ws["A1"].alignment.wrap_text
    assert ws["A3"].value == 1234.5 and ws["A3"].number_format == "#,##0.00"
    assert ws["B3"].value == "=บวก" and ws["B3"].data_type == "s" and ws["B3"].quotePrefix
    assert ws["B3"].number_format == "#,##0.00"
    assert ws["C3"].value is None and ws["C3"].fill.fgColor.rgb == "FFFFF2CC" and ws["E3"].value == "ท้ายแถว"
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:C3"
    assert ws.column_dimensions["A"].width == 30 and ws.column_dimensions["C"].hidden
    assert [(str(dv.sqref), dv.type, dv.formula1) for dv in ws.data_validations.dataValidation] == \
        [("B2:B3", "list", '"✓"')]
    assert wb["_meta"].sheet_state == "hidden" and wb["_meta"]["B1"].value == "ค่า"
    ro = openpyxl.load_workbook(io.BytesIO(data), read_only=True)  # the way keyed import reads it
    assert list(next(ro["ลำดับการบันทึก"].iter_rows(min_row=2, max_row=2, values_only=True))) == \
        [_expected(v) for v in ROW]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(min_size=1), st.integers(min_value=-2**53, max_value=2**53),
                          st.floats(allow_nan=False, allow_infinity=False)), min_size=1, max_size=8))
def test_any_text_or_number_reads_back(row):
    ws = openpyxl.load_workbook(io.BytesIO(_written([row]))).worksheets[0]
    for col, v in enumerate(row, start=1):
        c = ws.cell(row=1, column=col)
        assert c.value == _expected(v), (v, c.value)
        assert c.data_type != "f"
        if isinstance(v, str):
            assert bool(c.quotePrefix) == cells.formula_like(cells.clean(v))
