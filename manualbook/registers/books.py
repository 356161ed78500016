"""Entries -> report data for the chronological books and the daily status.

Pure functions of the book's figures: the renderer draws what these return.
"""

from __future__ import annotations

import datetime as dt

from .. import ledger
from ..chain import short
from ..money import baht_words, format_amount
from ..render.model import LINE, SECTION, SUBTOTAL, TEXT, TOTAL, ReportData, Row, SummaryLine
from ..thaidate import format_abbr, format_long, format_month

SIGNERS = {
    "daily-status": (("checker", "ผู้ตรวจสอบ"), ("committee_1", "กรรมการเก็บรักษาเงิน"),
                     ("committee_2", "กรรมการเก็บรักษาเงิน"), ("committee_3", "กรรมการเก็บรักษาเงิน"),
                     ("finance_head", "หัวหน้าหน่วยงานคลัง"), ("executive", "ผู้บริหารท้องถิ่น")),
    "cash-report": (("finance_head", "หัวหน้าหน่วยงานคลัง"), ("palad", "ปลัด"), ("executive", "ผู้บริหารท้องถิ่น")),
    "default": (("clerk", "ผู้จัดทำ"), ("finance_head", "หัวหน้าหน่วยงานคลัง")),
}


def period_text(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"ประจำวันที่ {format_long(first)}"
    if first.day == 1 and (last + dt.timedelta(days=1)).day == 1 and first.month == last.month:
        return f"ประจำเดือน {format_month(first)}"
    return f"ตั้งแต่วันที่ {format_long(first)} ถึงวันที่ {format_long(last)}"


def is_draft(book, last: dt.date) -> bool:
    closed = book.closed_through()
    return closed is None or last > closed


def signatures(book, name: str, day: dt.date) -> tuple[tuple[str, str], ...]:
    settings = book.settings_on(day)
    out = []
    for key, default_title in SIGNERS.get(name, SIGNERS["default"]):
        title = settings.get(f"{key}_title") or default_title
        out.append((title, settings.get(key, "")))
    return tuple(out)


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


def receipts_book(book, first: dt.date, last: dt.date) -> ReportData:
    """สมุดเงินสดรับ: every receipt (voids and reversals shown), totals per day."""
    codes = {c: n for c, n, _ in book.codes("revenue")}
    held = {h.key: h.name for h in book.held_accounts()}

    def values(e):
        name = codes.get(e.code) or held.get(e.code, "")
        payer = e.party or e.description
        if e.kind == "void":
            payer = f"ยกเลิกใบเสร็จ: {e.description}"
        elif e.kind == "reversal":
            payer = f"กลับรายการ {e.reverses}: {e.reason}"
        cash = e.amount if not e.account and e.kind != "void" else 0
        bank = e.amount if e.account else 0
        if name and e.kind != "void":
            payer = f"{payer} — {name}"
        return {"date": e.date, "doc": e.document, "payer": payer, "code": e.code,
                "cash": cash, "bank": bank, "total": cash + bank}

    rows = _rows_by_day((values(e) for e in book.entries(first, last) if e.base_kind in ("receipt", "void")),
                        ("cash", "bank", "total"))
    grand = sum(r.get("total", 0) for r in rows if r.kind != SUBTOTAL)
    return ReportData(book.org().name, "สมุดเงินสดรับ", period_text(first, last), tuple(rows),
                      total_words=baht_words(grand), draft=is_draft(book, last),
                      signatures=signatures(book, "receipts-book", last))


def payments_book(book, first: dt.date, last: dt.date) -> ReportData:
    """สมุดเงินสดจ่าย: every payment and reversal of one, with gross, tax and net."""
    lines = {r["key"]: r["item"] for r in book.db["budget_lines"].rows_where()}
    held = {h.key: h.name for h in book.held_accounts()}

    def values(e):
        payee = e.party if e.kind != "reversal" else f"กลับรายการ {e.reverses}: {e.reason}"
        if e.description and e.kind != "reversal":
            payee = f"{payee} ({e.description})"
        how = {"cash": "เงินสด", "cheque": f"เช็ค {e.cheque}", "transfer": "โอน"}.get(e.method, e.method)
        return {"date": e.date, "doc": e.number, "payee": payee,
                "line": f"{e.line} {lines.get(e.line) or held.get(e.line, '')}".strip(), "how": how,
                "gross": e.amount, "wht": e.wht, "cash": e.net if not e.account else 0,
                "bank": e.net if e.account else 0}

    rows = _rows_by_day((values(e) for e in book.entries(first, last) if e.base_kind == "payment"),
                        ("gross", "wht", "cash", "bank"))
    grand = sum(r.get("gross", 0) for r in rows if r.kind != SUBTOTAL)
    return ReportData(book.org().name, "สมุดเงินสดจ่าย", period_text(first, last), tuple(rows),
                      total_words=baht_words(grand), draft=is_draft(book, last),
                      signatures=signatures(book, "payments-book", last))


def daily_status(book, day: dt.date) -> ReportData:
    """รายงานสถานะการเงินประจำวัน: cash, banks and held money; cheques not collected."""
    before = ledger.positions_at(book.db, day, before=True)
    after = ledger.positions_at(book.db, day)
    flows = ledger.day_flows(book.db, day, day)
    summary: list[SummaryLine] = []

    def block(title: str, positions: list):
        b = sum(before.get(p, 0) for p in positions)
        a = sum(after.get(p, 0) for p in positions)
        inflow = sum(flows.get(p, (0, 0))[0] for p in positions)
        outflow = sum(flows.get(p, (0, 0))[1] for p in positions)
        summary.extend((SummaryLine(title, None, SECTION), SummaryLine("ยอดยกมา", b, LINE, 1),
                        SummaryLine("รับ", inflow, LINE, 1), SummaryLine("จ่าย", outflow, LINE, 1),
                        SummaryLine("ยอดยกไป", a, TOTAL, 1)))

    block("เงินสด", [ledger.CASH])
    accounts = book.accounts()
    block("เงินฝากธนาคาร", [("account", a.key) for a in accounts])
    summary.append(SummaryLine("เงินรับฝาก (เงินนอกงบประมาณ)", None, SECTION))
    for h in book.held_accounts():
        if before.get(("held", h.key), 0) or after.get(("held", h.key), 0):
            summary.append(SummaryLine(f"{h.name} ({h.key})", after.get(("held", h.key), 0), LINE, 1))
    cheques = book.cheques_not_collected(day)
    summary.append(SummaryLine("เช็คสั่งจ่ายแล้วแต่ผู้รับยังไม่มารับ", sum(e.net for e in cheques), TOTAL, 0,
                               f"{len(cheques)} ฉบับ"))
    rows = tuple(Row.of(bank=a.bank, type=a.type, branch=a.branch, account=a.number,
                        balance=after.get(("account", a.key), 0)) for a in accounts)
    close = book.close_on(day) if not is_draft(book, day) else None
    notes = []
    if close:
        notes.append(f"ลายนิ้วมือสมุด ณ การปิดบัญชีวันที่ {format_abbr(dt.date.fromisoformat(close['date']))}: "
                     f"{short(close['chain_head'])} ({close['entries']} รายการ)")
    else:
        notes.append("ยังไม่ได้ปิดบัญชีวันนี้: รายงานนี้เป็นร่าง")
    money = sum(v for (t, _), v in after.items() if t in ("cash", "account"))
    summary.append(SummaryLine(f"รวมเงินสดและเงินฝากธนาคาร ณ สิ้นวัน {format_amount(money)} บาท ({baht_words(money)})",
                               None, TEXT))
    return ReportData(book.org().name, "รายงานสถานะการเงินประจำวัน", period_text(day, day), rows,
                      draft=is_draft(book, day), signatures=signatures(book, "daily-status", day),
                      summary=tuple(summary), footnotes=tuple(notes), table_title="เงินฝากธนาคารแยกตามบัญชี")
