"""Entries -> report data for the chronological books and the daily status.

Reads of the book (SQL and ``ledger``), never writes: the renderer draws what these return.
What is printed is what a clerk and an auditor read on paper: names and
document numbers, never the program's keys or entry IDs; a reversal is
netted into the kind of the entry it reverses, as the books do.
"""

from __future__ import annotations

import datetime as dt

from .. import ledger
from ..chain import short
from ..money import baht_words, format_amount
from ..render.model import LINE, SECTION, SUBTOTAL, TEXT, TOTAL, ReportData, Row, SummaryLine
from ..render.thai_text import verbatim
from ..thaidate import fiscal_year_bounds, format_abbr, format_long, format_month, format_short

HELD = "เงินรับฝาก"


def period_text(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"ประจำวันที่ {format_long(first)}"
    if first.day == 1 and (last + dt.timedelta(days=1)).day == 1 and first.month == last.month:
        return f"ประจำเดือน {format_month(first)}"
    return f"ตั้งแต่วันที่ {format_long(first)} ถึงวันที่ {format_long(last)}"


def is_draft(book, last: dt.date) -> bool:
    closed = book.closed_through()
    return closed is None or last > closed


def since_start_note(book, fy: int, what: str) -> tuple[str, ...]:
    """Books that start mid-year: year-to-date still counts from 1 October, with what
    the budget file says happened before the books' first day."""
    fy_first, start = fiscal_year_bounds(fy)[0], book.org().start
    if fy_first < start <= fiscal_year_bounds(fy)[1]:
        return (f"{what}นับตั้งแต่ {format_short(fy_first)} รวมยอดก่อนวันเริ่มใช้สมุด ({format_short(start)})"
                " ตามแฟ้มงบประมาณที่นำเข้า",)
    return ()


def _day_subtotal(day: dt.date, totals: dict) -> Row:
    return Row(tuple(totals.items()), SUBTOTAL, f"รวมวันที่ {format_abbr(day)}")


def _rows_by_day(items, summed: tuple[str, ...]) -> list[Row]:
    """Detail rows (dicts with a "date", in date order) with a subtotal of the
    ``summed`` columns after each day's last row."""
    rows: list[Row] = []
    day, totals = None, {}
    for values in items:
        if day is not None and values["date"] != day and totals:
            rows.append(_day_subtotal(day, totals))
            totals = {}
        day = values["date"]
        rows.append(Row(tuple(values.items())))
        for k in summed:
            totals[k] = totals.get(k, 0) + values[k]
    if day is not None and totals:
        rows.append(_day_subtotal(day, totals))
    return rows


def _reversal_text(book, e, what: str) -> str:
    """"กลับรายการใบเสร็จ 12/5 ลงวันที่ 15/7/2567: <reason>": the document and its
    date, as the clerk filed it, instead of the entry's ID."""
    orig = book.entry(e.reverses)
    return f"กลับรายการ{what} {orig.document} ลงวันที่ {format_short(orig.date)}: {e.reason}"


def receipts_book(book, first: dt.date, last: dt.date) -> ReportData:
    """สมุดเงินสดรับ: every receipt (voids and reversals shown), totals per day."""
    codes = {c: n for c, n, _ in book.codes("revenue")}
    held = {h.key: h.name for h in book.held_accounts()}

    def values(e):
        payer = e.party or e.description
        name = held.get(e.held, "") if e.held else codes.get(e.code, "")
        if e.kind == "void":
            payer = f"ยกเลิกใบเสร็จ: {e.description}"
        elif e.kind == "reversal":
            what = "รับโอน" if not e.book and e.number else "ใบเสร็จ"
            payer = f"{payer} — {_reversal_text(book, e, what)}"
        if name and e.kind != "void":
            payer = f"{payer} — {name}"
        cash = e.amount if not e.account and e.kind != "void" else 0
        bank = e.amount if e.account else 0
        code = HELD if e.held else e.code
        return {"date": e.date, "doc": e.document, "payer": payer, "code": code,
                "cash": cash, "bank": bank, "total": cash + bank}

    rows = _rows_by_day((values(e) for e in book.entries(first, last, ("receipt", "void"))),
                        ("cash", "bank", "total"))
    grand = sum(r.get("total", 0) for r in rows if r.kind != SUBTOTAL)
    return ReportData(book.org().name, "สมุดเงินสดรับ", period_text(first, last), tuple(rows),
                      total_words=baht_words(grand), draft=is_draft(book, last))


def line_names(book) -> dict[tuple[int, str], str]:
    """(fiscal year, line key) -> "5330100 วัสดุสำนักงาน": the expense code and the item."""
    return {(fy, key): f"{code} {item}".strip() for fy, key, code, item in
            book.db.conn.execute("SELECT fy, key, code, item FROM budget_lines_as_set")}


def payments_book(book, first: dt.date, last: dt.date) -> ReportData:
    """สมุดเงินสดจ่าย: every payment and reversal of one, with gross, tax and net; the
    amount in words is the net paid (cash and bank columns)."""
    lines = line_names(book)
    held = {h.key: h.name for h in book.held_accounts()}

    def values(e):
        payee = e.party
        if e.kind == "reversal":
            payee = f"{payee} — {_reversal_text(book, e, 'ฎีกา')}"
        elif e.description:
            payee = f"{payee} — {e.description}"
        how = {"cash": "เงินสด", "cheque": f"เช็ค {e.cheque}", "transfer": "โอน"}.get(e.method, e.method)
        line = f"{HELD}: {held.get(e.held, e.held)}" if e.held else lines.get((e.fy, e.line), e.line)
        return {"date": e.date, "doc": e.number, "payee": payee, "line": line, "how": how,
                "gross": e.amount, "wht": e.wht, "cash": e.net if not e.account else 0,
                "bank": e.net if e.account else 0}

    rows = _rows_by_day((values(e) for e in book.entries(first, last, ("payment",))),
                        ("gross", "wht", "cash", "bank"))
    net = sum(r.get("cash", 0) + r.get("bank", 0) for r in rows if r.kind != SUBTOTAL)
    return ReportData(book.org().name, "สมุดเงินสดจ่าย", period_text(first, last), tuple(rows),
                      total_words=baht_words(net), draft=is_draft(book, last))


def close_note(book, day: dt.date) -> str:
    """The chain head recorded when the day was closed; a day closed only together with
    a later one (a Saturday closed with Monday) says so rather than print the later head."""
    close = book.close_on(day)
    if close is None or is_draft(book, day):
        return "ยังไม่ได้ปิดบัญชีวันนี้: รายงานนี้เป็นร่าง"
    closed = dt.date.fromisoformat(close["date"])
    if closed != day:
        return (f"วันนี้ไม่ได้ปิดบัญชีแยก: ปิดบัญชีรวมกับวันที่ {format_abbr(closed)} "
                "(รหัสตรวจสอบสมุดบัญชีพิมพ์ไว้ในรายงานของวันนั้น)")
    return (f"รหัสตรวจสอบสมุดบัญชีเมื่อปิดบัญชีประจำวันที่ {format_abbr(closed)}: "
            f"{verbatim(short(close['chain_head']))} (รวม {close['entries']:,} รายการ)")


def daily_status(book, day: dt.date) -> ReportData:
    """รายงานสถานะการเงินประจำวัน: cash, banks and held money; cheques not collected;
    the sign-off with the cash-custody committee's count of the money kept overnight."""
    before = ledger.positions_at(book.db, day, before=True)
    after = ledger.positions_at(book.db, day)
    moved = ledger.day_movements(book.db, day, day)
    accounts = book.accounts()
    banks = [("account", a.key) for a in accounts]

    def total(pos, keys):
        return sum(pos.get(k, 0) for k in keys)

    cash_before, cash_after = before.get(ledger.CASH, 0), after.get(ledger.CASH, 0)
    s = SummaryLine
    summary: list[SummaryLine] = [
        s("เงินสด", None, SECTION),
        s("ยอดยกมา", cash_before, LINE, 1),
        s("รับเงินสด", moved["cash_receipts"], LINE, 1),
        s("ถอนเงินจากธนาคาร", moved["cash_withdrawn"], LINE, 1),
        s("จ่ายเงินสด", moved["cash_paid"], LINE, 1),
        s("นำเงินฝากธนาคาร", moved["cash_deposited"], LINE, 1),
        s("เงินสดคงเหลือยกไป", cash_after, TOTAL, 1),
        s("เงินฝากธนาคาร", None, SECTION),
        s("ยอดยกมา", total(before, banks), LINE, 1),
        s("นำเงินฝาก", moved["bank_deposits"], LINE, 1),
        s("รับโอนเข้าบัญชี", moved["bank_receipts"], LINE, 1),
        s("จ่ายด้วยเช็คและโอน", moved["bank_paid"], LINE, 1),
        s("ถอนเป็นเงินสด", moved["bank_withdrawn"], LINE, 1),
        s("เงินฝากธนาคารคงเหลือยกไป", total(after, banks), TOTAL, 1),
        s("เงินรับฝาก (เงินนอกงบประมาณ) คงเหลือ", None, SECTION),
    ]
    for h in book.held_accounts():
        if before.get(("held", h.key), 0) or after.get(("held", h.key), 0):
            summary.append(s(h.name, after.get(("held", h.key), 0), LINE, 1))
    cheques = book.cheques_not_collected(day)
    summary.append(s("เช็คสั่งจ่ายแล้วแต่ผู้รับยังไม่มารับ", sum(e.net for e in cheques), TOTAL, 0,
                     f"{len(cheques)} ฉบับ"))
    money = cash_after + total(after, banks)
    summary.append(s(f"รวมเงินสดและเงินฝากธนาคาร ณ สิ้นวัน {format_amount(money)} บาท ({baht_words(money)})",
                     None, TEXT))
    rows = tuple(Row.of(bank=a.bank, type=a.type, branch=a.branch, account=a.number,
                        balance=after.get(("account", a.key), 0)) for a in accounts)
    values = {"date": format_long(day), "cash": format_amount(cash_after), "cash_words": baht_words(cash_after),
              "kept": "1" if cash_after else "0"}
    return ReportData(book.org().name, "รายงานสถานะการเงินประจำวัน", period_text(day, day), rows,
                      draft=is_draft(book, day), summary=tuple(summary), footnotes=(close_note(book, day),),
                      table_title="เงินฝากธนาคารแยกตามบัญชี", sign_values=values)
