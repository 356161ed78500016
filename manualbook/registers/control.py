"""Report data for the control registers: revenue, budget, receipt books, monthly cash."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from .. import ledger
from ..money import baht_words
from ..render.model import HEADING, SUBTOTAL, ReportData, Row
from ..thaidate import fiscal_year, fiscal_year_bounds, format_short
from .books import is_draft, period_text, signatures


def _sum_by(book, sql: str, args) -> dict:
    return {k: v for k, v in book.db.conn.execute(sql, args).fetchall()}


def revenue_register(book, first: dt.date, last: dt.date) -> ReportData:
    """ทะเบียนรายรับ: per revenue code, estimate, this period, fiscal year to date."""
    fy = fiscal_year(last)
    names = {c: n for c, n, _ in book.codes("revenue")}
    estimates = dict(book.db.conn.execute("SELECT code, amount FROM revenue_estimates WHERE fy = ?", (fy,)).fetchall())
    q = ("SELECT code, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND held = '' AND date BETWEEN ? AND ? "
         "GROUP BY code")
    period = _sum_by(book, q, (first.isoformat(), last.isoformat()))
    to_date = revenue_to_date(book, fy, last)
    rows = []
    for code in sorted(set(estimates) | set(to_date)):
        est = estimates.get(code, 0)
        rows.append(Row.of(code=code, name=names.get(code, ""), estimate=est, period=period.get(code, 0),
                           to_date=to_date.get(code, 0), diff=to_date.get(code, 0) - est))
    total = sum(r.get("period", 0) for r in rows)
    return ReportData(book.org().name, f"ทะเบียนรายรับ ปีงบประมาณ {fy}", period_text(first, last), tuple(rows),
                      total_words=baht_words(total), draft=is_draft(book, last),
                      footnotes=_since_start_note(book, fy, "รับสะสม"),
                      signatures=signatures(book, "revenue-register", last))


def revenue_to_date(book, fy: int, last: dt.date, held: bool = False) -> dict[str, int]:
    """Receipts per revenue code from the fiscal year's first day (1 October) to ``last``:
    what the budget file says was received before the books' start, plus the book's
    receipts net of reversals."""
    fy_first = fiscal_year_bounds(fy)[0]
    out = _sum_by(book, "SELECT code, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND held = ''"
                        " AND date BETWEEN ? AND ? GROUP BY code", (fy_first.isoformat(), last.isoformat()))
    for code, before in book.db.conn.execute(
            "SELECT code, received_before FROM revenue_estimates WHERE fy = ? AND received_before <> 0", (fy,)):
        out[code] = out.get(code, 0) + before
    return out


def _since_start_note(book, fy: int, what: str) -> tuple[str, ...]:
    """Books that start mid-year: year-to-date still counts from 1 October, with what
    the budget file says happened before the books' first day."""
    fy_first, start = fiscal_year_bounds(fy)[0], book.org().start
    if fy_first < start <= fiscal_year_bounds(fy)[1]:
        return (f"{what}นับตั้งแต่ {format_short(fy_first)} รวมยอดก่อนวันเริ่มใช้สมุด ({format_short(start)})"
                " ตามแฟ้มงบประมาณที่นำเข้า",)
    return ()


def budget_register_data(book, fy: int, last: dt.date) -> list[dict]:
    """Per line, in budget order: every change and payment with the remaining after each."""
    from ..budget import lines

    events: dict[str, list] = defaultdict(list)
    for rec, day, kind, frm, to, amount, reason, ref in book.db.conn.execute(
            "SELECT rec, date, kind, from_line, to_line, amount, reason, reference FROM budget_changes"
            " WHERE fy = ? AND date <= ?", (fy, last.isoformat())):
        label = "โอนเพิ่ม" if kind == "transfer" else "งบเพิ่มเติม"
        events[to].append((day, 0, rec, ref or label, f"{label}: {reason}", amount, 0, 0))
        if frm:
            events[frm].append((day, 0, rec, ref or "โอนลด", f"โอนลด: {reason}", -amount, 0, 0))
    for seq, day, line, number, party, amount, kind, reason in book.db.conn.execute(
            "SELECT seq, date, line, number, party, amount, kind, reason FROM entries WHERE base_kind = 'payment'"
            " AND held = '' AND fy = ? AND date <= ? ORDER BY date, seq", (fy, last.isoformat())):
        label = party if kind != "reversal" else f"กลับรายการ: {reason}"
        events[line].append((day, 1, seq, number, label, 0, amount, 0))
    out = []
    statuses = {s.key: s for s in ledger.line_statuses(book.db, fy, last)}
    ordinance = "ตั้งไว้ตามเทศบัญญัติ" if book.org().name.startswith("เทศบาล") else "ตั้งไว้ตามข้อบัญญัติ"
    for line in lines(book, fy):
        # The year's appropriation as set (the budget file's amount), then what was spent
        # before the books' start as its own row: it reduces what remains, as in the summary.
        remaining = line.amount
        rows = [{"date": None, "doc": "", "text": ordinance, "change": remaining, "paid": 0,
                 "remaining": remaining}]
        if line.spent_before:
            remaining -= line.spent_before
            rows.append({"date": None, "doc": "", "text": "เบิกจ่ายก่อนเริ่มสมุด (ยกมา)", "change": 0,
                         "paid": line.spent_before, "remaining": remaining})
        for day, _, _, doc, text, change, paid, _ in sorted(events.get(line.key, [])):
            remaining += change - paid
            rows.append({"date": dt.date.fromisoformat(day), "doc": doc, "text": text, "change": change,
                         "paid": paid, "remaining": remaining})
        out.append({"line": line, "rows": rows, "status": statuses.get(line.key)})
    return out


def budget_register(book, first: dt.date, last: dt.date) -> ReportData:
    """ทะเบียนรายจ่ายตามงบประมาณ: per line, changes and payments with the remaining after each."""
    fy = fiscal_year(last)
    rows: list[Row] = []
    for item in budget_register_data(book, fy, last):
        line, status = item["line"], item["status"]
        rows.append(Row((), HEADING, f"{line.key} {line.plan} / {line.work} / {line.category} / {line.item}"))
        for r in item["rows"]:
            rows.append(Row(tuple(r.items())))
        if status and status.committed:
            rows.append(Row((("text", "ผูกพันคงค้าง"), ("remaining", status.remaining)), SUBTOTAL,
                            f"ก่อหนี้ผูกพันคงค้าง {status.committed / 100:,.2f} บาท คงเหลือสุทธิ"))
    return ReportData(book.org().name, f"ทะเบียนรายจ่ายตามงบประมาณ ปีงบประมาณ {fy}", period_text(first, last),
                      tuple(rows), totals=(), draft=is_draft(book, last),
                      signatures=signatures(book, "budget-register", last))


def receipt_control(book, first: dt.date, last: dt.date) -> ReportData:
    """ทะเบียนคุมใบเสร็จรับเงิน: books and numbers used, voided, missing."""
    amounts = _sum_by(book, "SELECT book, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND book <> ''"
                            " AND date BETWEEN ? AND ? GROUP BY book", (first.isoformat(), last.isoformat()))
    rows = []
    for r in book.receipt_book_report(until=last):
        voided = [n for b, n in book.db.conn.execute(
            "SELECT book, number FROM entries WHERE kind = 'void' AND book = ? AND date <= ?"
            " ORDER BY CAST(number AS INTEGER)", (r["book"], last.isoformat()))]
        rows.append(Row.of(book=r["book"], range=f"{r['first']}-{r['last'] or '…'}", used=r["used"],
                           voided=", ".join(voided) or "-", gaps=_ranges(r["gaps"]) or "-",
                           next="ครบเล่ม" if r["full"] else str(r["next"]), amount=amounts.get(r["book"], 0)))
    return ReportData(book.org().name, "ทะเบียนคุมใบเสร็จรับเงิน", period_text(first, last), tuple(rows),
                      draft=is_draft(book, last), signatures=signatures(book, "receipt-control", last))


def _ranges(numbers: list[int]) -> str:
    out, start, prev = [], None, None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(out)


def cash_report(book, first: dt.date, last: dt.date) -> ReportData:
    """รายงานรับ-จ่ายเงินสด (monthly): receipts by code and payments by หมวด, to date and this month."""
    fy = fiscal_year(last)
    rows: list[Row] = []
    before = ledger.positions_at(book.db, first, before=True)
    after = ledger.positions_at(book.db, last)
    money = lambda pos: sum(v for (t, _), v in pos.items() if t in ("cash", "account"))
    rows.append(Row((("text", "ยอดยกมา"), ("month", money(before))), SUBTOTAL, "ยอดเงินสดและเงินฝากยกมา"))
    rows.append(Row((), HEADING, "รายรับ"))
    names = {c: n for c, n, _ in book.codes("revenue")}
    est = dict(book.db.conn.execute("SELECT code, amount FROM revenue_estimates WHERE fy = ?", (fy,)).fetchall())
    q = "SELECT code, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND held = '' AND date BETWEEN ? AND ? GROUP BY code"
    month = _sum_by(book, q, (first.isoformat(), last.isoformat()))
    to_date = revenue_to_date(book, fy, last)
    rin = 0
    for code in sorted(set(to_date) | set(est)):
        rows.append(Row.of(text=names.get(code, code), code=code, plan=est.get(code, 0), to_date=to_date.get(code, 0),
                           month=month.get(code, 0)))
        rin += month.get(code, 0)
    held = {h.key: h.name for h in book.held_accounts()}
    hq = "SELECT held, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND held <> '' AND date BETWEEN ? AND ? GROUP BY held"
    for key, total in _sum_by(book, hq, (first.isoformat(), last.isoformat())).items():
        rows.append(Row.of(text=f"เงินรับฝาก {held.get(key, key)}", code=key, month=total))
        rin += total
    wht = book.db.conn.execute("SELECT SUM(wht) FROM entries WHERE base_kind = 'payment' AND date BETWEEN ? AND ?",
                               (first.isoformat(), last.isoformat())).fetchone()[0] or 0
    if wht:
        rows.append(Row.of(text="ภาษีหัก ณ ที่จ่าย (เงินรับฝาก)", code="WHT", month=wht))
        rin += wht
    rows.append(Row((("month", rin),), SUBTOTAL, "รวมรายรับ"))
    rows.append(Row((), HEADING, "รายจ่าย"))
    pq = ("SELECT b.category, SUM(e.amount) FROM entries e JOIN budget_lines b ON b.fy = e.fy AND b.key = e.line"
          " WHERE e.base_kind = 'payment' AND e.held = '' AND e.date BETWEEN ? AND ? GROUP BY b.category")
    pmonth = _sum_by(book, pq, (first.isoformat(), last.isoformat()))
    # the year to date: the appropriation and what was spent, both as the summary counts them
    # (spent before the books' start included), per หมวด
    category = {key: cat for key, cat in book.db.conn.execute("SELECT key, category FROM budget_lines WHERE fy = ?",
                                                              (fy,))}
    appr: dict[str, int] = defaultdict(int)
    pto: dict[str, int] = defaultdict(int)
    for status in ledger.line_statuses(book.db, fy, last):
        appr[category[status.key]] += status.appropriated
        pto[category[status.key]] += status.spent
    rout = 0
    for cat in sorted(set(appr) | set(pto)):
        rows.append(Row.of(text=cat, plan=appr.get(cat, 0), to_date=pto.get(cat, 0), month=pmonth.get(cat, 0)))
        rout += pmonth.get(cat, 0)
    hp = "SELECT held, SUM(amount) FROM entries WHERE base_kind = 'payment' AND held <> '' AND date BETWEEN ? AND ? GROUP BY held"
    for key, total in _sum_by(book, hp, (first.isoformat(), last.isoformat())).items():
        rows.append(Row.of(text=f"จ่ายเงินรับฝาก {held.get(key, key)}", code=key, month=total))
        rout += total
    rows.append(Row((("month", rout),), SUBTOTAL, "รวมรายจ่าย"))
    rows.append(Row((("month", rin - rout),), SUBTOTAL, "รายรับสูงกว่า (ต่ำกว่า) รายจ่าย"))
    rows.append(Row((("month", money(after)),), SUBTOTAL, "ยอดเงินสดและเงินฝากยกไป"))
    notes = _since_start_note(book, fy, "รายรับและรายจ่ายสะสม")
    return ReportData(book.org().name, "รายงานรับ-จ่ายเงินสด", period_text(first, last), tuple(rows), totals=(),
                      footnotes=notes, draft=is_draft(book, last), signatures=signatures(book, "cash-report", last))
