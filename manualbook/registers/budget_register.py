"""ทะเบียนรายจ่ายตามงบประมาณ: per budget line, the period's changes, commitments
and payments, with what remains after each, as the contract's summary counts it.

A line's block: its heading (แผนงาน / งาน / งบ / หมวด / expense code and item),
either the year's opening rows (ตั้งไว้ as set, spent and committed before the
books' start) when the period holds the budget's first day, or one ยอดยกมา row
carrying everything before the period; then the period's events in date order;
a closing row (appropriated, commitments still open, spent, remaining at the
period's end) and every commitment still open, listed by its document. A
total of every line ends the register.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from .. import ledger
from ..render.model import HEADING, SUBTOTAL, ReportData, Row
from ..thaidate import fiscal_year, fiscal_year_bounds, format_abbr, format_short
from .books import is_draft, period_text, since_start_note

COLUMNS = ("change", "commit", "paid")


def _events(book, fy: int, last: dt.date) -> tuple[dict[str, list[tuple]], dict[str, dict]]:
    """Per line: (date, order, seq, doc, text, change, commit, paid), up to ``last``;
    and per commitment what it still holds at ``last``."""
    from .books import line_names

    cut = last.isoformat()
    names = {key: name for (year, key), name in line_names(book).items() if year == fy}
    events: dict[str, list[tuple]] = defaultdict(list)
    for rec, day, kind, frm, to, amount, reason, ref in book.db.conn.execute(
            "SELECT rec, date, kind, from_line, to_line, amount, reason, reference FROM budget_changes"
            " WHERE fy = ? AND date <= ?", (fy, cut)):
        if kind == "transfer":
            events[to].append((day, 0, rec, ref, f"โอนเพิ่มจาก {names.get(frm, frm)}: {reason}", amount, 0, 0))
            events[frm].append((day, 0, rec, ref, f"โอนลดไป {names.get(to, to)}: {reason}", -amount, 0, 0))
        else:
            events[to].append((day, 0, rec, ref, f"งบประมาณเพิ่มเติม: {reason}", amount, 0, 0))
    commitments: dict[str, dict] = {}
    for key, line, day, party, desc, amount in book.db.conn.execute(
            "SELECT key, line, date, party, description, amount FROM commitments WHERE fy = ? AND date <= ?",
            (fy, cut)):
        commitments[key] = {"line": line, "date": day, "party": party, "description": desc,
                            "amount": amount, "settled": 0, "open": amount, "cancelled": None}
        text = " — ".join(x for x in (party, desc) if x)
        events[line].append((day, 1, 0, key, f"ก่อหนี้ผูกพัน: {text}", 0, amount, 0))
    moves = [(day, 3, 0, None, key, reason, None) for key, day, reason in book.db.conn.execute(
        "SELECT commitment, date, reason FROM commitment_events WHERE event = 'cancel' AND date <= ?", (cut,))
        if key in commitments]
    for seq, day, line, number, party, amount, kind, reason, commitment in book.db.conn.execute(
            "SELECT seq, date, line, number, party, amount, kind, reason, commitment FROM entries"
            " WHERE base_kind = 'payment' AND held = '' AND fy = ? AND date <= ?", (fy, cut)):
        text = party if kind != "reversal" else f"{party} — กลับรายการฎีกา {number}: {reason}"
        moves.append((day, 2, seq, line, number, text, (amount, commitment)))
    # In the order they happened: a payment settles what its commitment still reserved (the
    # commitment column falls as the paid column rises); a cancellation releases the rest.
    for day, order, seq, line, doc, text, pay in sorted(moves, key=lambda m: m[:3]):
        if pay is None:
            c = commitments[doc]
            events[c["line"]].append((day, order, seq, doc, f"ยกเลิกใบสั่ง/สัญญา: {text}", 0, -c["open"], 0))
            c["open"], c["cancelled"] = 0, day
            continue
        amount, commitment = pay
        released = 0
        c = commitments.get(commitment)
        if c is not None and c["cancelled"] is None:
            c["settled"] += amount
            still = max(c["amount"] - c["settled"], 0)
            released, c["open"] = c["open"] - still, still
        events[line].append((day, order, seq, doc, text, 0, -released, amount))
    return events, commitments


def _open_commitments(commitments: dict[str, dict]) -> dict[str, list[tuple]]:
    """Per line, every commitment still holding money: (date, document, text, amount)."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for key, c in sorted(commitments.items(), key=lambda kv: (kv[1]["date"], kv[0])):
        if c["open"] > 0:
            text = " — ".join(x for x in (c["party"], c["description"]) if x)
            out[c["line"]].append((dt.date.fromisoformat(c["date"]), key, f"ผูกพันคงค้าง: {text}", c["open"]))
    return out


def budget_register_data(book, fy: int, first: dt.date, last: dt.date) -> list[dict]:
    """Per line, in budget order: rows (dicts date, doc, text, change, commit, paid,
    remaining), the closing figures and the commitments open at ``last``."""
    from ..budget import lines

    events, commitments = _events(book, fy, last)
    open_now = _open_commitments(commitments)
    statuses = {s.key: s for s in ledger.line_statuses(book.db, fy, last)}
    origin = max(fiscal_year_bounds(fy)[0], book.org().start)
    ordinance = "ตั้งไว้ตามเทศบัญญัติ" if book.org().name.startswith("เทศบาล") else "ตั้งไว้ตามข้อบัญญัติ"
    before_start = f"ก่อนเริ่มใช้สมุด ({format_short(fiscal_year_bounds(fy)[0])} – " \
                   f"{format_short(origin - dt.timedelta(days=1))})"
    out = []
    for line in lines(book, fy):
        opening = [(ordinance, line.amount, 0, 0)]
        if line.spent_before:
            opening.append((f"เบิกจ่าย{before_start}", 0, 0, line.spent_before))
        if line.committed_before:
            opening.append((f"ก่อหนี้ผูกพัน{before_start}", 0, line.committed_before, 0))
        appr = commit = paid = 0
        rows: list[dict] = []
        shown_opening = first <= origin
        for text, change, com, pay in opening:
            appr, commit, paid = appr + change, commit + com, paid + pay
            if shown_opening:
                rows.append({"date": None, "doc": "", "text": text, "change": change, "commit": com, "paid": pay,
                             "remaining": appr - commit - paid})
        brought = None
        for day, _, _, doc, text, change, com, pay in sorted(events.get(line.key, [])):
            when = dt.date.fromisoformat(day)
            if when < first and not shown_opening:
                appr, commit, paid = appr + change, commit + com, paid + pay
                continue
            if brought is None and not shown_opening:
                brought = {"date": None, "doc": "", "text": f"ยอดยกมา ณ วันที่ {format_abbr(first)}",
                           "change": appr, "commit": commit, "paid": paid, "remaining": appr - commit - paid}
                rows.append(brought)
            appr, commit, paid = appr + change, commit + com, paid + pay
            rows.append({"date": when, "doc": doc, "text": text, "change": change, "commit": com, "paid": pay,
                         "remaining": appr - commit - paid})
        if not rows:
            rows.append({"date": None, "doc": "", "text": f"ยอดยกมา ณ วันที่ {format_abbr(first)} (ไม่มีรายการในงวดนี้)",
                         "change": appr, "commit": commit, "paid": paid, "remaining": appr - commit - paid})
        out.append({"line": line, "rows": rows, "status": statuses.get(line.key),
                    "closing": {"change": appr, "commit": commit, "paid": paid, "remaining": appr - commit - paid},
                    "open": open_now.get(line.key, [])})
    return out


def heading(line) -> str:
    """แผนงาน / งาน / งบ / หมวด / expense code and item: the line as the ordinance names it."""
    item = f"{line.code} {line.item}".strip()
    parts: list[str] = []
    for x in (line.plan, line.work, line.group, line.category, item):
        if x and x not in parts:  # งบกลาง is the plan, the work, the group and the category
            parts.append(x)
    return " / ".join(parts)


def budget_register(book, first: dt.date, last: dt.date) -> ReportData:
    fy = fiscal_year(last)
    rows: list[Row] = []
    totals = dict.fromkeys(("change", "commit", "paid", "remaining"), 0)
    closing_label = f"รวม ณ วันที่ {format_abbr(last)}"
    for item in budget_register_data(book, fy, first, last):
        rows.append(Row((), HEADING, heading(item["line"])))
        rows += [Row(tuple(r.items())) for r in item["rows"]]
        closing = item["closing"]
        if len(item["rows"]) > 1 or item["open"]:
            rows.append(Row(tuple(closing.items()), SUBTOTAL, closing_label))
        for day, key, text, amount in item["open"]:
            rows.append(Row.of(date=day, doc=key, text=text, commit=amount))
        for k in totals:
            totals[k] += closing[k]
    rows.append(Row(tuple(totals.items()), SUBTOTAL, f"รวมทุกรายการงบ ณ วันที่ {format_abbr(last)}"))
    return ReportData(book.org().name, f"ทะเบียนรายจ่ายตามงบประมาณ ปีงบประมาณ {fy}", period_text(first, last),
                      tuple(rows), totals=(), draft=is_draft(book, last),
                      footnotes=since_start_note(book, fy, "เบิกจ่ายและก่อหนี้ผูกพันสะสม")
                      + _restated_note(book, fy))


def _restated_note(book, fy: int) -> tuple[str, ...]:
    from ..budget import restated

    rows = restated(book, fy)
    if not rows:
        return ()
    keys = ", ".join(r["key"] for r in rows[:6]) + (" …" if len(rows) > 6 else "")
    return (f"งบที่ตั้งไว้ของ {len(rows)} รายการงบ ({keys}) บันทึกปรับเป็นยอดทั้งปีเมื่อปรับสมุดเป็นรุ่นใหม่"
            f" ({rows[0]['recorded_at'][:10]}): รุ่นก่อนเก็บเป็นยอดคงเหลือ ณ วันเริ่มสมุด",)
