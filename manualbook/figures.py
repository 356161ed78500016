"""Counts and totals of entries, net of reversals, said the same way everywhere.

A reversed entry and its reversal cancel: neither is counted and their amounts
add to nothing. A reversal whose entry lies outside the entries looked at (a
payment of yesterday reversed today) takes its amount off today's total and
is named apart. The home screen, the day close and the entries list all use
``totals`` and ``describe``, so "จ่ายเงิน 2 ฎีกา 10,700.00 บาท" means the same
on each of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping

from .model import Entry, Summary
from .money import format_amount

KINDS = ("receipt", "deposit", "withdraw", "payment")
WHAT = {"receipt": "รับเงิน", "deposit": "นำฝากธนาคาร", "withdraw": "ถอนจากธนาคาร", "payment": "จ่ายเงิน",
        "void": "ยกเลิกใบเสร็จ"}
UNIT = {"receipt": "ใบเสร็จ", "deposit": "รายการ", "withdraw": "รายการ", "payment": "ฎีกา", "void": "ใบ"}


@dataclass(frozen=True)
class KindTotal:
    kind: str
    count: int = 0            # entries of the kind, less those reversed among the same entries
    amount: int = 0           # satang, net: every reversal among the entries is taken off
    reversed: int = 0         # entries of the kind reversed among the same entries (not counted)
    earlier_reversed: int = 0  # reversals here of entries not among them (their amount is taken off)


def totals(entries: Iterable[Entry], reversed_by: Mapping[str, str]) -> dict[str, KindTotal]:
    """Per kind (receipt, deposit, withdraw, payment, void): counts and net amounts."""
    entries = list(entries)
    ids = {e.id for e in entries}
    count: dict[str, int] = {}
    amount: dict[str, int] = {}
    undone: dict[str, int] = {}
    earlier: dict[str, int] = {}
    for e in entries:
        base = e.base_kind or e.kind
        amount[base] = amount.get(base, 0) + e.amount
        if e.kind == "reversal":
            if e.reverses not in ids:
                earlier[base] = earlier.get(base, 0) + 1
        elif reversed_by.get(e.id) in ids:
            undone[base] = undone.get(base, 0) + 1
        else:
            count[base] = count.get(base, 0) + 1
    return {k: KindTotal(k, count.get(k, 0), amount.get(k, 0) if k != "void" else 0, undone.get(k, 0),
                         earlier.get(k, 0))
            for k in (*KINDS, "void")}


def count_text(kind: str, n: int) -> str:
    return f"{n:,} {UNIT.get(kind, 'รายการ')}"


def notes(t: KindTotal) -> str:
    """What the net figure leaves out, in brackets (empty when nothing)."""
    parts = []
    if t.reversed:
        parts.append(f"ไม่นับ {count_text(t.kind, t.reversed)}ที่กลับรายการแล้ว")
    if t.earlier_reversed:
        parts.append(f"หักกลับรายการของวันก่อน {t.earlier_reversed:,} รายการ")
    return f" ({'; '.join(parts)})" if parts else ""


def describe(t: KindTotal) -> str:
    """"จ่ายเงิน 2 ฎีกา 10,700.00 บาท (ไม่นับ 1 ฎีกาที่กลับรายการแล้ว)"."""
    if t.kind == "void":
        return f"{WHAT['void']} {count_text('void', t.count)}"
    return f"{WHAT[t.kind]} {count_text(t.kind, t.count)} {format_amount(t.amount)} บาท{notes(t)}"


def day_figures(book, first: dt.date, last: dt.date | None = None) -> dict[str, KindTotal]:
    """The totals of a day (or of first..last) in the book."""
    return totals(book.entries(first, last or first), book.reversed_by())


def summary_json(summary: Summary) -> dict:
    """The contract's ``summary --json`` object."""
    b = summary.balances
    return {
        "date": summary.date.isoformat(),
        "cash": format_amount(b.cash),
        "accounts": {k: format_amount(v) for k, v in b.accounts},
        "entries": summary.entries,
        "by_code": {k: format_amount(v) for k, v in summary.by_code},
        "held": {k: format_amount(v) for k, v in b.held},
        "budget": {s.key: {"appropriated": format_amount(s.appropriated), "spent": format_amount(s.spent),
                           "committed": format_amount(s.committed), "remaining": format_amount(s.remaining)}
                   for s in summary.budget},
        "keyed": {"entries": summary.keyed, "of": summary.keyable},
    }
