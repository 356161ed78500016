"""The registers as a Thai auditor reads them (issue 11, points 1-10), over the fixed
demo office: a month with a reversal, open commitments, transfer receipts with bank
references and a budget that started mid-year."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from render_helpers import DEMO_DAY, DEMO_MONTH, PRINTED_AT, pages, pdf_text, period
from manualbook import ledger
from manualbook.money import baht_words, format_amount
from manualbook.registers import books
from manualbook.render import thai_text as tt
from manualbook.reporting import REPORT_NAMES, render_report, report_data
from manualbook.thaidate import format_short

D = lambda d: dt.date(2024, 7, d)  # noqa: E731
NUMBER_WORDS = "หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ยี่|เอ็ด|ร้อย|พัน|หมื่น|แสน|ล้าน|ศูนย์"
WORD_AT_END = re.compile(f"(?:{NUMBER_WORDS})$")
WORD_AT_START = re.compile(f"^\\(?(?:{NUMBER_WORDS}|บาท|สตางค์|ถ้วน)")
WHOLE_END = ("ล้าน", "บาท", "ถ้วน", "สตางค์")


def _thai(text: str) -> str:
    return tt.thai_digits(text)


@pytest.fixture(scope="module")
def every_page(pinned_demo):
    """Text of every register of the month (and the daily status of the demo day), both
    digit styles: {(name, thai): [page texts]}."""
    from render_helpers import PRINTED_AT as at

    from manualbook import reporting
    from manualbook.book import Book

    out = {}
    with pytest.MonkeyPatch.context() as mp, Book.open(pinned_demo) as book:
        mp.setattr(reporting, "clock", lambda: at)
        for name in REPORT_NAMES:
            for thai in (False, True):
                out[(name, thai)] = pages(render_report(book, name, *period(name), thai_digits=thai))
    return out


@pytest.fixture(scope="module")
def reading_order(pinned_demo):
    """pdftotext's plain text (reading order, a cell's lines together), Arabic digits."""
    from render_helpers import PRINTED_AT as at

    from manualbook import reporting
    from manualbook.book import Book

    with pytest.MonkeyPatch.context() as mp, Book.open(pinned_demo) as book:
        mp.setattr(reporting, "clock", lambda: at)
        return {name: "".join(pdf_text(render_report(book, name, *period(name)), layout=False).split())
                for name in REPORT_NAMES}  # without spaces: a cell's line breaks fall between words


# ------------------------------------------------------------ 1. words never broken inside a number

def words_broken(text: str) -> list[str]:
    """Line breaks inside an amount in words: a line ending in the middle of a number
    (not after ล้าน, บาท, ถ้วน or สตางค์) followed by a line that goes on with it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [f"{a} / {b}" for a, b in zip(lines, lines[1:])
            if WORD_AT_END.search(a) and not a.endswith(WHOLE_END) and WORD_AT_START.match(b)]


def test_the_checker_sees_a_number_broken_in_words():
    assert words_broken("…สามร้อยเก้า\nสิบสี่บาท…") and words_broken("บาทยี่\nสิบเอ็ดสตางค์")
    assert not words_broken("(ห้าล้าน\nสามแสนบาทถ้วน)") and not words_broken("สามร้อยบาท\nยี่สิบสตางค์")


@pytest.mark.parametrize("amount", [394_21, 1_855_00, 5_343_617_00, 21_11, 67, 51_000_001_00, 999_999_99])
@pytest.mark.parametrize("width", [40, 70, 110, 160])
def test_words_wrap_only_between_whole_components(amount, width):
    text = f"รวมเงินสดและเงินฝากธนาคาร ณ สิ้นวัน {format_amount(amount)} บาท ({baht_words(amount)})"
    lines = tt.wrap(text, width, tt.REGULAR, 11)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not words_broken("\n".join(lines)), lines
    for line in lines[:-1]:  # a break inside the words comes only after a whole component
        tail = line.rsplit("(", 1)[-1]
        if re.fullmatch(f"(?:{NUMBER_WORDS}|บาท|ถ้วน|สตางค์)+", tail):
            assert tail.endswith(WHOLE_END), line


@pytest.mark.parametrize("thai", [False, True], ids=["arabic", "thai"])
def test_daily_status_of_every_day_of_the_month_keeps_words_whole(demo_book, thai):
    for day in (DEMO_MONTH[0] + dt.timedelta(days=i) for i in range(31)):
        pdf = render_report(demo_book, "daily-status", day, day, thai_digits=thai)
        (text,) = pages(pdf)
        assert not words_broken(text), (day, words_broken(text))
        after = ledger.positions_at(demo_book.db, day)
        money = sum(v for (t, _), v in after.items() if t in ("cash", "account"))
        cash = after[ledger.CASH]
        flat = "".join(text.split())  # the words, whatever the line breaks
        assert f"({baht_words(money)})" in flat, day
        if cash:
            assert f"({baht_words(cash)})" in flat, day
        amount = format_amount(money)
        assert (_thai(amount) if thai else amount) in text, day  # the figure on one line


def test_no_register_breaks_a_number_in_words(every_page):
    for (name, thai), texts in every_page.items():
        for i, text in enumerate(texts, start=1):
            assert not words_broken(text), (name, thai, i, words_broken(text))


# ------------------------------------------------------------ 3. identifiers whole, in both digit styles

def _identifiers(book):
    """What each register prints that is an identifier: documents, codes, dates, amounts."""
    first, last = DEMO_MONTH
    receipts, payments = set(), set()
    for e in book.entries(first, last):
        if e.base_kind in ("receipt", "void"):
            receipts |= {e.document, format_short(e.date)} | ({e.code} if not e.held else set())
            receipts.add(format_amount(e.amount)) if e.kind != "void" else None
        elif e.base_kind == "payment":
            payments |= {e.number, format_short(e.date), format_amount(e.amount)}
            payments |= {e.cheque} if e.cheque else set()
    accounts = {a.number for a in book.accounts()}
    return {"receipts-book": receipts, "payments-book": payments, "daily-status": accounts}


@pytest.mark.parametrize("thai", [False, True], ids=["arabic", "thai"])
def test_identifiers_are_printed_whole(demo_book, every_page, thai):
    for name, wanted in _identifiers(demo_book).items():
        text = "\n".join(every_page[(name, thai)])
        lines = text.splitlines()
        for ident in wanted:
            shown = _thai(ident) if thai else ident
            assert any(shown in line for line in lines), (name, shown)
    if thai:  # whole means converted whole: no Arabic digit left beside a Thai one
        for (name, t), texts in every_page.items():
            if t:
                for text in texts:
                    assert not re.search(r"[0-9][๐-๙]|[๐-๙][0-9]", text), name


def test_the_chain_hash_is_never_converted(demo_book, every_page):
    head = demo_book.close_on(DEMO_DAY)["chain_head"]
    from manualbook.chain import short

    text = every_page[("daily-status", True)][0]
    assert short(head) in text and _thai(short(head)) not in text
    assert "รหัสตรวจสอบสมุดบัญชีเมื่อปิดบัญชีประจำวันที่ ๑๐ ก.ค. ๒๕๖๗" in text


def test_a_line_too_wide_for_its_cell_is_condensed_never_past_the_rule():
    """An identifier that may not break but is wider than its cell is drawn condensed to
    the cell's inner width (reportlab's horizontal scale), so it never crosses a rule."""
    from reportlab.pdfgen import canvas

    import io

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    tt.register_fonts()
    wide = _thai("12,345,678,901.00")
    natural = tt.width(wide, tt.BOLD, 11)
    assert tt.draw(c, 100, 100, wide, tt.BOLD, 11, "right", max_width=natural / 2) == pytest.approx(natural / 2)
    assert tt.draw(c, 100, 100, wide, tt.BOLD, 11, "right", max_width=natural * 2) == pytest.approx(natural)
    assert tt.wrap(wide, natural / 2, tt.BOLD, 11) == (wide,)  # never split


# ------------------------------------------------------------ 4. reversals shown one way

def test_daily_status_nets_reversals_as_the_books_do(demo_book):
    for day in (DEMO_MONTH[0] + dt.timedelta(days=i) for i in range(31)):
        status = {s.label: s.amount for s in report_data(demo_book, "daily-status", day, day).summary}
        rb = [r for r in report_data(demo_book, "receipts-book", day, day).rows if r.kind == "detail"]
        pb = [r for r in report_data(demo_book, "payments-book", day, day).rows if r.kind == "detail"]
        assert status["รับเงินสด"] == sum(r.get("cash") for r in rb), day
        assert status["รับโอนเข้าบัญชี"] == sum(r.get("bank") for r in rb), day
        assert status["จ่ายเงินสด"] == sum(r.get("cash") for r in pb), day
        assert status["จ่ายด้วยเช็คและโอน"] == sum(r.get("bank") for r in pb), day
    # 15/7: a receipt of 3,112.50 reversed the same day: the cash received is net
    status = {s.label: s.amount for s in report_data(demo_book, "daily-status", D(15), D(15)).summary}
    assert status["รับเงินสด"] == 505_00
    # 17/7: a payment of 16/7 reversed: payments are net (negative), not moved to receipts
    status = {s.label: s.amount for s in report_data(demo_book, "daily-status", D(17), D(17)).summary}
    assert status["จ่ายด้วยเช็คและโอน"] == -8_560_00 and status["รับโอนเข้าบัญชี"] == 0


# ------------------------------------------------------------ 5. the daily status's sign-off

def test_daily_status_signoff_as_on_the_form(every_page):
    text = " ".join(every_page[("daily-status", False)][0].split())
    for want in ("ผู้จัดทำ", "ผู้ตรวจสอบ", "คณะกรรมการเก็บรักษาเงิน", "ประธานกรรมการ", "หัวหน้าหน่วยงานคลัง",
                 "ผู้บริหารท้องถิ่น", "(นางสาวพิมพ์ชนก ศรีวงศ์)", "(นายอนุชา พรมมา)", "(นางสาวจันทร์เพ็ญ ใจงาม)",
                 "(นายประเสริฐ คำดี)", "(นางสุดา วงศ์ใหญ่)", "(นางวันเพ็ญ ทองสุข)", "(นายบุญส่ง มั่นคง)",
                 "ตำแหน่ง เจ้าพนักงานการเงินและบัญชี",
                 "ได้ตรวจนับเงินสดคงเหลือ ณ สิ้นวันที่ 10 กรกฎาคม 2567 จำนวน 5,000.00 บาท (ห้าพันบาทถ้วน)",
                 "เก็บรักษาไว้ในตู้นิรภัยข้ามคืน เพื่อนำฝากธนาคารในวันทำการถัดไป", "วันที่ ........../"):
        assert want in text, want
    assert text.count("ลงชื่อ") == 7 and text.count("กรรมการ") >= 3


def test_signature_leaders_never_run_into_each_other(demo_book):
    from dataclasses import replace

    from manualbook.registers.signoff import build_signoff
    from manualbook.render.layout import load_layout, parse_layout
    from manualbook.render.register_pdf import _Renderer
    from manualbook.render.signatures import _pieces

    for name in REPORT_NAMES:
        layout = load_layout(name)
        data = report_data(demo_book, name, *period(name))
        data = replace(data, signoff=build_signoff(layout.get("signoff"), demo_book.settings_on(DEMO_DAY),
                                                   dict(data.sign_values)))
        r = _Renderer(parse_layout(layout), data)
        pieces, _ = _pieces(r)
        by_line: dict[float, list[tuple[float, float]]] = {}
        for text, x, y, font, align in pieces:
            w = tt.width(text, font, r.body)
            left = x - w / 2 if align == "center" else x
            assert r.lay.margins[3] - 0.5 <= left and left + w <= r.lay.margins[3] + r.lay.content_width + 0.5, text
            by_line.setdefault(round(y, 2), []).append((left, left + w))
        for spans in by_line.values():
            spans.sort()
            for (_, a_end), (b_start, _) in zip(spans, spans[1:]):
                assert b_start - a_end >= 2 * 72 / 25.4, (name, spans)  # 2 mm between neighbours


def test_signers_come_from_the_settings_in_force_on_the_day(pinned_demo, tmp_path, monkeypatch):
    from manualbook import reporting
    from manualbook.book import Book

    path = tmp_path / "copy.sqlite3"
    shutil.copy(pinned_demo, path)
    monkeypatch.setattr(reporting, "clock", lambda: PRINTED_AT)
    with Book.open(path) as book:
        book.set_setting("checker", "นางสาวใหม่ ตรวจดี", D(20))
        before = " ".join(pdf_text(render_report(book, "daily-status", D(19), D(19))).split())
        after = " ".join(pdf_text(render_report(book, "daily-status", D(22), D(22))).split())
    assert "(นายอนุชา พรมมา)" in before and "นางสาวใหม่" not in before
    assert "(นางสาวใหม่ ตรวจดี)" in after


def test_a_saturday_never_prints_the_mondays_close(demo_book):
    (sat,) = pages(render_report(demo_book, "daily-status", D(6), D(6)))
    monday = demo_book.close_on(D(8))
    from manualbook.chain import short

    assert monday["date"] == "2024-07-08" and short(monday["chain_head"]) not in sat
    assert "ปิดบัญชีรวมกับวันที่ 8 ก.ค. 2567" in " ".join(sat.split())
    (fri,) = pages(render_report(demo_book, "daily-status", D(5), D(5)))
    assert short(demo_book.close_on(D(5))["chain_head"]) in fri


# ------------------------------------------------------------ 6. the budget register

def test_budget_register_lists_open_commitments_with_a_column_of_their_own(every_page):
    from manualbook.render.layout import load_layout

    text = "\n".join(every_page[("budget-register", False)])
    flat = " ".join(text.split())
    assert "ก่อหนี้ผูกพัน\n(ลดลง)" in [c["heading"] for c in load_layout("budget-register")["columns"]]
    header = "\n".join(text.splitlines()[:9])
    assert "ก่อหนี้ผูกพัน" in header and "(ลดลง)" in header
    assert re.search(r"PO-15/2567 ผูกพันคงค้าง: หจก\.โนนสะอาดก่อสร้าง .*? 249,000\.00", flat)
    assert re.search(r"PO-21/2567 ผูกพันคงค้าง: บริษัท ศรีสะเกษค้าวัสดุ จำกัด .*? 38,500\.00", flat)
    # the payment against PO-15/2567 releases what it paid from the commitment column
    assert re.search(r"110/2567 หจก\.โนนสะอาดก่อสร้าง - \(249,000\.00\) 249,000\.00 2,000\.00", flat)


def test_budget_register_headings_name_the_group_and_expense_code(demo_book):
    data = report_data(demo_book, "budget-register", *DEMO_MONTH)
    headings = [r.label for r in data.rows if r.kind == "heading"]
    assert headings[2] == "บริหารงานทั่วไป / งานบริหารทั่วไป / งบดำเนินงาน / ค่าวัสดุ / 5330100 วัสดุสำนักงาน"
    assert "งบกลาง / 5110700 เบี้ยยังชีพผู้สูงอายุ" in headings
    assert all(" / " in h for h in headings) and not any(re.search(r"\bL\d\d\b", h) for h in headings)


def test_budget_register_total_agrees_with_the_summary(demo_book):
    data = report_data(demo_book, "budget-register", *DEMO_MONTH)
    total = data.rows[-1]
    assert total.label == "รวมทุกรายการงบ ณ วันที่ 31 ก.ค. 2567"
    budget = demo_book.summary(DEMO_MONTH[1]).budget
    assert (total.get("change"), total.get("commit"), total.get("paid"), total.get("remaining")) == (
        sum(s.appropriated for s in budget), sum(s.committed for s in budget), sum(s.spent for s in budget),
        sum(s.remaining for s in budget))


def test_a_block_split_across_pages_repeats_its_heading(demo_book):
    from dataclasses import replace

    from manualbook.render.layout import load_layout, parse_layout
    from manualbook.render.model import HEADING
    from manualbook.render.register_pdf import _Renderer

    data = report_data(demo_book, "budget-register", *DEMO_MONTH)
    r = _Renderer(parse_layout(load_layout("budget-register")), replace(data, printed_at=PRINTED_AT))
    table_pages = [p for p in r.paginate() if any(op == "row" for op, _, _ in p.ops)]
    assert len(table_pages) > 1
    continued = 0
    for page in table_pages[1:]:
        first = next(cells for op, cells, _ in page.ops if op == "row")
        assert first.kind == HEADING, "a page starts inside a line's block without its heading"
        continued += first.lines[0][-1].endswith("(ต่อ)") or "(ต่อ)" in "".join(first.lines[0])
    assert continued >= 1


def test_a_later_month_starts_from_what_was_brought_forward(demo_book):
    """The August print shows no July rows: each line starts from ยอดยกมา ณ 1 ส.ค. 2567."""
    data = report_data(demo_book, "budget-register", dt.date(2024, 8, 1), dt.date(2024, 8, 31))
    assert data.period_text == "ประจำเดือน สิงหาคม 2567"
    dated = [r.get("date") for r in data.rows if r.kind == "detail" and r.get("date")]
    assert all(d >= dt.date(2024, 8, 1) or r_is_open_commitment(data, d) for d in dated)
    brought = [r for r in data.rows if r.kind == "detail" and str(r.get("text", "")).startswith("ยอดยกมา")]
    assert len(brought) == len([r for r in data.rows if r.kind == "heading"])
    mid = report_data(demo_book, "budget-register", D(15), D(31))
    assert all(r.get("date") is None or r.get("date") >= D(15) or str(r.get("text")).startswith("ผูกพันคงค้าง")
               for r in mid.rows if r.kind == "detail")


def r_is_open_commitment(data, day) -> bool:
    return any(r.get("date") == day and str(r.get("text", "")).startswith("ผูกพันคงค้าง") for r in data.rows)


# ------------------------------------------------------------ 7. no internal keys or IDs on paper

def test_no_internal_key_or_entry_id_on_paper(demo_book, every_page):
    ids = {e.id for e in demo_book.entries()}
    keys = {"WHT", "GUARANTEE", "FEE5", "SOCSEC", "KTB-SAV", "BAAC-CUR"}
    for (name, thai), texts in every_page.items():
        for text in texts:
            words = set(re.findall(r"[A-Za-z0-9\-]+", text))
            assert not words & keys, (name, words & keys)
            assert not words & ids, (name, words & ids)
            assert not re.search(r"\bL[0-9๐-๙]{2}\b", text), name


def test_a_reversal_names_the_document_and_keeps_the_payer(reading_order):
    def bare(text):
        return "".join(text.split())

    assert bare("ร้านค้าชุมชนบ้านหนองบัว — กลับรายการใบเสร็จ 13/13 ลงวันที่ 15/7/2567: บันทึกจำนวนเงินผิดจากใบเสร็จ") \
        in reading_order["receipts-book"]
    assert bare("หจก.ปั๊มน้ำมันบัวแดง — กลับรายการฎีกา 107/2567 ลงวันที่ 16/7/2567: ฎีกาซ้ำกับรายการที่เบิกแล้ว") \
        in reading_order["payments-book"]


def test_transfer_receipts_print_the_bank_reference(every_page):
    text = "\n".join(every_page[("receipts-book", False)])
    for ref in ("TR0705-0193", "TR0718-0044", "TR0724-0112"):
        assert ref in text


# ------------------------------------------------------------ 8. the cash report

def test_cash_report_headings_codes_and_order(demo_book):
    month = " ".join(pdf_text(render_report(demo_book, "cash-report", *DEMO_MONTH)).split())
    day = " ".join(pdf_text(render_report(demo_book, "cash-report", DEMO_DAY, DEMO_DAY)).split())
    assert "เดือนนี้" in month and "วันนี้" not in month
    assert "วันนี้" in day and "เดือนนี้" not in day
    data = report_data(demo_book, "cash-report", *DEMO_MONTH)
    rows = list(data.rows)
    start = next(i for i, r in enumerate(rows) if r.kind == "heading" and r.label == "รายจ่าย")
    expenses = [r for r in rows[start + 1:] if r.kind == "detail" and r.get("plan") is not None]
    assert [r.get("text") for r in expenses] == ["งบกลาง", "เงินเดือน (ฝ่ายประจำ)", "ค่าใช้สอย", "ค่าวัสดุ",
                                                 "ค่าสาธารณูปโภค", "ค่าที่ดินและสิ่งก่อสร้าง"]
    assert [r.get("code") for r in expenses] == ["5110000", "5220000", "5320000", "5330000", "5340000", "5420000"]


def test_category_order_is_data():
    from manualbook.registers.control import category_rank

    rank = category_rank(["ค่าที่ดินและสิ่งก่อสร้าง", "ค่าครุภัณฑ์", "เงินอุดหนุน", "ค่าตอบแทน", "หมวดของสำนักงาน",
                          "เงินเดือน (ฝ่ายการเมือง)", "งบกลาง"])
    assert sorted(rank, key=rank.get) == ["งบกลาง", "เงินเดือน (ฝ่ายการเมือง)", "ค่าตอบแทน", "เงินอุดหนุน",
                                          "ค่าครุภัณฑ์", "ค่าที่ดินและสิ่งก่อสร้าง", "หมวดของสำนักงาน"]


# ------------------------------------------------------------ 9. padding, margins, page number

def test_shipped_layouts_keep_padding_and_a_binding_margin():
    from reportlab.lib.units import mm

    from manualbook.render.layout import EDGES, LayoutError, load_layout, parse_layout

    for name in REPORT_NAMES:
        raw = load_layout(name)
        lay = parse_layout(raw)
        assert lay.padding >= 1.5 * mm - 1e-6, name
        assert lay.margins[EDGES.index(lay.binding_edge)] >= 20 * mm - 1e-6, name
        assert raw["binding_edge"] == "left" and raw["margins_mm"][3] >= 20 and raw["cell_padding_mm"] >= 1.5
    bad = dict(load_layout("receipts-book"), margins_mm=[10, 10, 10, 12])
    with pytest.raises(LayoutError, match="เข้าเล่ม"):
        parse_layout(bad)
    with pytest.raises(LayoutError, match="cell_padding_mm"):
        parse_layout(dict(load_layout("receipts-book"), cell_padding_mm=0.6))


def _dark_rows(img, threshold=120):
    w, h = img.size
    px = img.load()
    return [sum(1 for x in range(w) if px[x, y] < threshold) for y in range(h)]


@pytest.mark.parametrize("name", ["receipts-book", "cash-report", "receipt-control"])
def test_the_page_number_sits_clear_of_the_table(demo_book, image, name):
    dpi = 150
    img = image(render_report(demo_book, name, *period(name)), 0, dpi=dpi)
    dark = _dark_rows(img)
    w, h = img.size
    rules = [y for y, n in enumerate(dark) if n > w * 0.5]
    bottom = max(rules)  # the table's last rule
    ink = [y for y in range(bottom + 2, h) if dark[y]]
    assert ink, "no footer"
    gap_mm = (ink[0] - bottom) / dpi * 25.4
    assert gap_mm >= 3, f"{name}: {gap_mm:.1f} mm between the table and its footer"


def test_text_keeps_its_padding_from_the_rules(demo_book, image):
    """The receipt-control row read "49|44": no ink within 1.5 mm of a column rule."""
    from manualbook.render.layout import load_layout, parse_layout

    dpi = 150
    lay = parse_layout(load_layout("receipt-control"))
    img = image(render_report(demo_book, "receipt-control", *DEMO_MONTH), 0, dpi=dpi)
    px = img.load()
    dark = _dark_rows(img)
    w, _ = img.size
    rules = [y for y, n in enumerate(dark) if n > w * 0.5]
    top, bottom = rules[1], rules[-1]  # under the heading row, to the last rule
    edges, x = [], lay.margins[3]
    for c in lay.columns:
        edges.append(x)
        x += c.width
    edges.append(x)
    pad_px = 1.5 / 25.4 * dpi
    for edge in edges:
        ex = edge / 72 * dpi
        for y in range(top + 3, bottom - 2):
            if dark[y] > w * 0.5 or dark[y - 1] > w * 0.5 or dark[y + 1] > w * 0.5:
                continue  # a horizontal rule
            for xx in range(int(ex - pad_px) + 1, int(ex + pad_px)):
                if abs(xx - ex) > 1.5:  # the rule itself is about a pixel wide
                    assert px[xx, y] >= 120, f"ink {abs(xx - ex) / dpi * 25.4:.2f} mm from the rule at y={y}"


# ------------------------------------------------------------ 10. the smaller points

def test_payments_book_words_are_for_the_net_paid(demo_book, every_page):
    data = report_data(demo_book, "payments-book", *DEMO_MONTH)
    net = sum(r.get("cash") + r.get("bank") for r in data.rows if r.kind == "detail")
    gross = sum(r.get("gross") for r in data.rows if r.kind == "detail")
    assert net != gross and data.total_words == baht_words(net)
    last = " ".join(every_page[("payments-book", False)][-1].split())
    assert f"(จ่ายสุทธิรวมทั้งสิ้นเป็นตัวอักษร) {baht_words(net)}" in last


def test_no_nested_brackets(every_page):
    for (name, thai), texts in every_page.items():
        for text in texts:
            for line in text.splitlines():
                depth = 0
                for ch in line:
                    depth += ch == "("
                    assert depth <= 1, (name, line)
                    depth -= ch == ")" and depth > 0


def test_words_of_the_books_are_never_split(every_page):
    payments = "\n".join(every_page[("payments-book", False)])
    assert "ผู้พิการ 120 ราย" in payments
    for (name, _), texts in every_page.items():
        for text in texts:
            assert not re.search(r"ผู้\s*\n\s*พิการ|เบี้ย\s*\n\s*ยังชีพ", text), name
    narrow = tt.width("เบี้ยยังชีพผู้พิ", tt.REGULAR, 11)  # room for more than เบี้ยยังชีพผู้, not for the whole
    assert tt.wrap("เบี้ยยังชีพผู้พิการ", narrow, tt.REGULAR, 11) == ("เบี้ยยังชีพ", "ผู้พิการ")


def test_every_page_carries_the_time_of_printing(every_page, demo_book):
    import pypdfium2 as pdfium

    for (name, thai), texts in every_page.items():
        stamp = "พิมพ์เมื่อ 31 ก.ค. 2567 เวลา 16:30 น."
        for text in texts:
            assert (_thai(stamp) if thai else stamp) in text, name
    doc = pdfium.PdfDocument(render_report(demo_book, "receipts-book", *DEMO_MONTH))
    assert doc.get_metadata_dict()["CreationDate"] == "D:20240731163000+07'00'"
    doc.close()


def test_the_chain_head_line_reads_as_thai(every_page, demo_book):
    from manualbook.chain import short

    text = " ".join(every_page[("daily-status", False)][0].split())
    close = demo_book.close_on(DEMO_DAY)
    assert (f"รหัสตรวจสอบสมุดบัญชีเมื่อปิดบัญชีประจำวันที่ 10 ก.ค. 2567: {short(close['chain_head'])}"
            f" (รวม {close['entries']} รายการ)") in text
    assert "ลายนิ้วมือ" not in text


def test_registers_print_the_budget_as_the_contract_says(demo_book, every_page):
    """ตั้งไว้ is the year's figure as set; spent before the start is its own row."""
    text = " ".join("\n".join(every_page[("budget-register", False)]).split())
    assert "ตั้งไว้ตามข้อบัญญัติ 2,400,000.00 - - 2,400,000.00" in text
    assert "เบิกจ่ายก่อนเริ่มใช้สมุด (1/10/2566 – 30/6/2567) - - 1,800,000.00 600,000.00" in text
    assert books.period_text(*DEMO_MONTH) == "ประจำเดือน กรกฎาคม 2567"


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_signatures_never_stand_alone_after_a_long_table(demo_book, name):
    """A register of several pages signs on the page of its last rows; only a table that
    fits its first page (the daily status) may leave its signatures to the next."""
    from dataclasses import replace

    from manualbook.registers.signoff import build_signoff
    from manualbook.render.layout import load_layout, parse_layout
    from manualbook.render.register_pdf import _Renderer

    layout = load_layout(name)
    data = report_data(demo_book, name, *period(name))
    data = replace(data, printed_at=PRINTED_AT, signoff=build_signoff(
        layout.get("signoff"), demo_book.settings_on(period(name)[1]), dict(data.sign_values)))
    table = [p for p in _Renderer(parse_layout(layout), data).paginate()]
    (signing,) = [p for p in table if any(op == "sigs" for op, _, _ in p.ops)]
    if sum(any(op == "row" for op, _, _ in p.ops) for p in table) > 1:
        assert any(op in ("row", "gtotal", "words") for op, _, _ in signing.ops), name
