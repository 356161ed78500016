"""Report data for the control registers: revenue, budget, receipt books, monthly cash."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from .. import ledger
from ..money import baht_words, format_amount
from ..render.model import HEADING, SUBTOTAL, ReportData, Row
from ..thaidate import fiscal_year, fiscal_year_bounds, format_short
from .books import HELD, is_draft, period_text, since_start_note


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
                      footnotes=since_start_note(book, fy, "รับสะสม"),
                      heading_values=this_period(first, last))


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


def this_period(first: dt.date, last: dt.date) -> dict[str, str]:
    """The {this} of a layout's headings: วันนี้, เดือนนี้ or งวดนี้, as the print covers."""
    if first == last:
        return {"this": "วันนี้"}
    if first.day == 1 and (last + dt.timedelta(days=1)).day == 1 and first.month == last.month:
        return {"this": "เดือนนี้"}
    return {"this": "งวดนี้"}


def receipt_control(book, first: dt.date, last: dt.date) -> ReportData:
    """ทะเบียนคุมใบเสร็จรับเงิน: books and numbers used, voided, missing."""
    amounts = _sum_by(book, "SELECT book, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND book <> ''"
                            " AND date BETWEEN ? AND ? GROUP BY book", (first.isoformat(), last.isoformat()))
    voids: dict[str, list[str]] = defaultdict(list)  # one query, not one scan per book
    for book_no, number in book.db.conn.execute(
            "SELECT book, number FROM entries WHERE kind = 'void' AND book <> '' AND date <= ?"
            " ORDER BY book, CAST(number AS INTEGER)", (last.isoformat(),)):
        voids[book_no].append(number)
    rows = []
    for r in book.receipt_book_report(until=last):
        voided = voids.get(r["book"], [])
        rows.append(Row.of(book=r["book"], range=f"{r['first']}-{r['last'] or '…'}", used=r["used"],
                           voided=", ".join(voided) or "-", gaps=_ranges(r["gaps"]) or "-",
                           next="ครบเล่ม" if r["full"] else str(r["next"]), amount=amounts.get(r["book"], 0)))
    count, total = book.db.conn.execute(
        "SELECT count(*), COALESCE(SUM(amount), 0) FROM entries WHERE base_kind = 'receipt' AND book = ''"
        " AND account <> '' AND date BETWEEN ? AND ?", (first.isoformat(), last.isoformat())).fetchone()
    notes = ((f"เงินรับโอนเข้าบัญชีที่ไม่มีใบเสร็จ (เลขที่ตามเลขอ้างอิงของธนาคาร) {count:,} รายการ"
              f" รวม {format_amount(total)} บาท ไม่อยู่ในทะเบียนนี้ ดูสมุดเงินสดรับ",) if count else ())
    return ReportData(book.org().name, "ทะเบียนคุมใบเสร็จรับเงิน", period_text(first, last), tuple(rows),
                      draft=is_draft(book, last), heading_values=this_period(first, last), footnotes=notes)


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


def category_rank(categories) -> dict[str, tuple[int, int]]:
    """Sort keys for expense หมวด in the official order (resources/codes/expense_categories.json)."""
    from ..resources_data import read_json

    order = read_json("codes", "expense_categories.json")["order"]
    out = {}
    for seen, cat in enumerate(categories):
        rank = next((i for i, o in enumerate(order) if cat == o), None)
        if rank is None:
            rank = next((i for i, o in enumerate(order) if cat.startswith(o)), len(order))
        out[cat] = (rank, seen)
    return out


def category_code(codes) -> str:
    """The หมวด's account code from its lines' 7-digit expense codes: their common
    first three digits (5330100, 5330800 -> 5330000); blank when they differ or none."""
    heads = {c[:3] for c in codes if len(c) == 7 and c.isdigit()}
    return f"{heads.pop()}0000" if len(heads) == 1 and all(c for c in codes) else ""


def cash_report(book, first: dt.date, last: dt.date) -> ReportData:
    """รายงานรับ-จ่ายเงินสด: receipts by code and payments by หมวด (official order), each
    with the year's estimate or appropriation, the year to date from 1 October, and
    the period printed."""
    fy = fiscal_year(last)
    rows: list[Row] = []
    before = ledger.positions_at(book.db, first, before=True)
    after = ledger.positions_at(book.db, last)

    def money(pos):
        return sum(v for (t, _), v in pos.items() if t in ("cash", "account"))

    span = (first.isoformat(), last.isoformat())
    rows.append(Row((("month", money(before)),), SUBTOTAL, "ยอดเงินสดและเงินฝากธนาคารยกมา"))
    rows.append(Row((), HEADING, "รายรับ"))
    names = {c: n for c, n, _ in book.codes("revenue")}
    est = dict(book.db.conn.execute("SELECT code, amount FROM revenue_estimates WHERE fy = ?", (fy,)).fetchall())
    month = _sum_by(book, "SELECT code, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND held = ''"
                          " AND date BETWEEN ? AND ? GROUP BY code", span)
    to_date = revenue_to_date(book, fy, last)
    rin = 0
    for code in sorted(set(to_date) | set(est)):
        rows.append(Row.of(text=names.get(code, code), code=code, plan=est.get(code, 0), to_date=to_date.get(code, 0),
                           month=month.get(code, 0)))
        rin += month.get(code, 0)
    held = {h.key: h.name for h in book.held_accounts()}
    for key, total in _sum_by(book, "SELECT held, SUM(amount) FROM entries WHERE base_kind = 'receipt'"
                                    " AND held <> '' AND date BETWEEN ? AND ? GROUP BY held", span).items():
        rows.append(Row.of(text=f"{HELD} {held.get(key, key)}", month=total))
        rin += total
    wht = book.db.conn.execute("SELECT SUM(wht) FROM entries WHERE base_kind = 'payment' AND date BETWEEN ? AND ?",
                               span).fetchone()[0] or 0
    if wht:
        rows.append(Row.of(text=f"{HELD} ภาษีหัก ณ ที่จ่าย", month=wht))
        rin += wht
    rows.append(Row((("month", rin),), SUBTOTAL, "รวมรายรับ"))
    rows.append(Row((), HEADING, "รายจ่าย"))
    pmonth = _sum_by(book, "SELECT b.category, SUM(e.amount) FROM entries e JOIN budget_lines b ON b.fy = e.fy"
                           " AND b.key = e.line WHERE e.base_kind = 'payment' AND e.held = '' AND e.date BETWEEN ? AND ?"
                           " GROUP BY b.category", span)
    # the year to date from 1 October: the appropriation and what was spent (spent before
    # the books' start included), per หมวด, as the summary counts them
    line_cat: dict[str, str] = {}
    cat_codes: dict[str, list[str]] = defaultdict(list)
    for key, cat, code in book.db.conn.execute(
            "SELECT key, category, code FROM budget_lines WHERE fy = ? ORDER BY position, key", (fy,)):
        line_cat[key] = cat
        cat_codes[cat].append(code)
    appr: dict[str, int] = defaultdict(int)
    pto: dict[str, int] = defaultdict(int)
    for status in ledger.line_statuses(book.db, fy, last):
        appr[line_cat[status.key]] += status.appropriated
        pto[line_cat[status.key]] += status.spent
    rank = category_rank(list(cat_codes) + [c for c in pmonth if c not in cat_codes])
    rout = 0
    for cat in sorted(set(appr) | set(pto) | set(pmonth), key=lambda c: rank[c]):
        rows.append(Row.of(text=cat, code=category_code(cat_codes.get(cat, [])), plan=appr.get(cat, 0),
                           to_date=pto.get(cat, 0), month=pmonth.get(cat, 0)))
        rout += pmonth.get(cat, 0)
    for key, total in _sum_by(book, "SELECT held, SUM(amount) FROM entries WHERE base_kind = 'payment'"
                                    " AND held <> '' AND date BETWEEN ? AND ? GROUP BY held", span).items():
        rows.append(Row.of(text=f"จ่าย{HELD} {held.get(key, key)}", month=total))
        rout += total
    rows.append(Row((("month", rout),), SUBTOTAL, "รวมรายจ่าย"))
    rows.append(Row((("month", rin - rout),), SUBTOTAL, "รายรับสูงกว่า (ต่ำกว่า) รายจ่าย"))
    rows.append(Row((("month", money(after)),), SUBTOTAL, "ยอดเงินสดและเงินฝากธนาคารยกไป"))
    return ReportData(book.org().name, "รายงานรับ-จ่ายเงินสด", period_text(first, last), tuple(rows), totals=(),
                      footnotes=since_start_note(book, fy, "รายรับและรายจ่ายสะสม"), draft=is_draft(book, last),
                      heading_values=this_period(first, last))
