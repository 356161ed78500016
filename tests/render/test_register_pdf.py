"""Printed registers: text, amounts, pagination, carried-forward totals, draft mark."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from manualbook.render import (LayoutError, ReportData, Row, load_layout,
                               parse_layout, render_register, samples)
from manualbook.money import format_amount
from manualbook.render.model import DETAIL, SUBTOTAL

AMOUNT = r"-?\d{1,3}(?:,\d{3})*\.\d{2}"
DOC = re.compile(r"(?<![\d/])(\d+/\d{3})(?![\d/])")
DRAFT = "ร่าง — ยังไม่ปิดบัญชี"


def _book_layout() -> dict:
    lay = load_layout("receipts-book")
    lay["zero_text"] = "0.00"  # every amount cell parses as a number
    return lay


@pytest.fixture(scope="module")
def book_2000():
    data = samples.receipts_book(2000)
    return data, render_register(_book_layout(), data)


@pytest.mark.parametrize("satang,text", [
    (0, "0.00"), (5, "0.05"), (123456, "1,234.56"), (100_000_000, "1,000,000.00"),
    (-250, "-2.50"), (10**15, "10,000,000,000,000.00"),
])
def test_format_amount(satang, text):
    assert format_amount(satang) == text


def test_small_book_text_has_thai_and_amounts(texts):
    data = samples.receipts_book(8)
    pdf = render_register(load_layout("receipts-book"), data)
    assert pdf.startswith(b"%PDF")
    (page,) = texts(pdf)
    for s in ("สมุดเงินสดรับ", "องค์การบริหารส่วนตำบลบ้านน้ำใส", "ผู้ชำระเงิน/รายการ",
              "นายปู่ เนื้อน้ำ ค่าน้ำประปาหมู่บ้าน", "รวมวันที่ 1 ก.ค. 2567", "รวมทั้งสิ้น",
              "ลายนิ้วมือสมุด: 3fa9c2e71b04…", "หน้า 1 / 1", "(นางสาวสุนิสา ปั้นทอง)",
              "ผู้อำนวยการกองคลัง", "1/7/2567"):
        assert s in page, s
    total = sum(r.get("total") for r in data.rows if r.kind == DETAIL)
    assert format_amount(total) in page
    assert DRAFT not in page
    assert "ยอดยกมา" not in page and "ยอดยกไป" not in page


def test_every_row_printed_once_and_page_numbers(book_2000, texts):
    data, pdf = book_2000
    pages = texts(pdf)
    n = len(pages)
    assert 60 < n < 260
    seen = []
    for i, text in enumerate(pages, start=1):
        assert f"หน้า {i} / {n}" in text
        seen += DOC.findall(text)
    expected = [r.get("doc") for r in data.rows if r.kind == DETAIL]
    assert seen == expected


def _label_amounts(text: str, label: str) -> list[int] | None:
    m = re.search(re.escape(label) + r"\s+(" + AMOUNT + r")\s+(" + AMOUNT + r")\s+(" + AMOUNT + ")", text)
    if not m:
        return None
    return [int(a.replace(",", "").replace(".", "")) for a in m.groups()]


def test_page_totals_and_carry_forward(book_2000, texts):
    data, pdf = book_2000
    by_doc = {r.get("doc"): r for r in data.rows if r.kind == DETAIL}
    keys = ("cash", "bank", "total")
    pages = texts(pdf)
    cum = [0, 0, 0]
    for i, text in enumerate(pages):
        rows = [by_doc[d] for d in DOC.findall(text)]
        page_sum = [sum(r.get(k) for r in rows) for k in keys]
        bf = _label_amounts(text, "ยอดยกมา")
        if i == 0:
            assert bf is None
        else:
            assert bf == cum, f"page {i + 1}"
        cum = [a + b for a, b in zip(cum, page_sum)]
        if len(pages) > 1:
            assert _label_amounts(text, "รวมหน้านี้") == page_sum, f"page {i + 1}"
        cf = _label_amounts(text, "ยอดยกไป")
        if i < len(pages) - 1:
            assert cf == cum, f"page {i + 1}"
        else:
            assert cf is None
            assert _label_amounts(text, "รวมทั้งสิ้น") == cum
    # and the book's grand total is the sum of every detail row
    assert cum == [sum(r.get(k) for r in by_doc.values()) for k in keys]


def test_subtotal_rows_printed_but_not_summed(texts):
    rows = (Row.of(date="1/7/2567", doc="1/001", payer="ก", cash=100, bank=0, total=100),
            Row.of(SUBTOTAL, "รวมวันที่ 1 ก.ค. 2567", cash=100, bank=0, total=100))
    data = ReportData("อบต.ทดสอบ", "สมุดเงินสดรับ", "ก.ค. 2567", rows=rows)
    (page,) = texts(render_register(_book_layout(), data))
    assert _label_amounts(page, "รวมทั้งสิ้น") == [100, 0, 100]
    assert "รวมวันที่ 1 ก.ค. 2567" in page


@pytest.mark.parametrize("draft", [True, False])
def test_draft_mark_on_every_page(draft, texts):
    pdf = render_register(load_layout("receipts-book"), samples.receipts_book(120, draft=draft))
    pages = texts(pdf)
    assert len(pages) > 3
    for text in pages:
        assert (DRAFT in text) is draft


def test_daily_status(texts):
    data = samples.daily_status(draft=True)
    (page,) = texts(render_register(load_layout("daily-status"), data))
    for s in ("รายงานสถานะการเงินประจำวัน", "เงินสด", "เงินฝากธนาคาร", "ยอดยกมา",
              "เงินสดคงเหลือยกไป", "22,884.75", "3 ฉบับ", "45,200.00", "รายละเอียดเงินฝากธนาคาร",
              "ธนาคารกรุงไทย", "123-4-56789-0", "รวมเงินฝากธนาคาร", "12,498,000.00",
              "หนึ่งพันสองร้อยสี่สิบเก้าล้านแปดพันบาทถ้วน", "กรรมการเก็บรักษาเงิน",
              "(นายสิ่งชัย ป่าน้ำ)", DRAFT, "หน้า 1 / 1"):
        assert s in page.replace("\r\n", "\n").replace("\n", "") or s in page, s


def test_thai_digits_option(texts):
    lay = load_layout("daily-status")
    lay["thai_digits"] = True
    (page,) = texts(render_register(lay, samples.daily_status()))
    assert "๑๒,๔๙๘,๐๐๐.๐๐" in page and "หน้า ๑ / ๑" in page
    assert "12,498,000.00" not in page


def test_empty_book_prints_header_and_zero_total(texts):
    data = ReportData("อบต.ทดสอบ", "สมุดเงินสดรับ", "ก.ค. 2567")
    (page,) = texts(render_register(_book_layout(), data))
    assert "ผู้ชำระเงิน/รายการ" in page
    assert _label_amounts(page, "รวมทั้งสิ้น") == [0, 0, 0]


@pytest.mark.parametrize("change,word", [
    ({"orientation": "sideways"}, "orientation"),
    ({"columns": []}, "columns"),
    ({"columns": [{"key": "a", "heading": "ก"}]}, "width_mm"),
    ({"columns": [{"key": "a", "width_mm": 400}]}, "เกินหน้ากระดาษ"),
    ({"columns": [{"key": "a", "width_mm": 40, "type": "text", "sum": True}]}, "รวมยอด"),
])
def test_bad_layout_is_refused_in_thai(change, word):
    lay = {**load_layout("receipts-book"), **change}
    with pytest.raises(LayoutError, match=word):
        parse_layout(lay)


def test_shipped_layouts_parse():
    for name in ("receipts-book", "daily-status"):
        assert parse_layout(load_layout(name)).columns


def test_report_data_is_immutable():
    data = ReportData("อบต.", "t", "p", rows=[Row.of(a=1)], footnotes=["x"],
                      signatures=[["ผู้จัดทำ", ""]], totals={"a": 1})
    assert isinstance(data.rows, tuple) and isinstance(data.footnotes, tuple)
    assert data.signatures == (("ผู้จัดทำ", ""),) and data.totals == (("a", 1),)
    with pytest.raises(Exception):
        data.title = "x"  # type: ignore[misc]


def test_render_does_not_import_qt():
    code = ("import sys, manualbook.render as r; "
            "r.render_register(r.load_layout('daily-status'), r.samples.daily_status()); "
            "assert 'PySide6' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
