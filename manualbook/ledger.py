"""The read side of the books: balances, budget status, totals, the keying into
e-LAAS (marks, day totals and their checks against the book), cheques not collected.

Everything money-moving is derived from the ``movements`` view (schema.py),
one row per (entry, position, delta); ``draft_effects`` states the same rules
for entries not yet written, and a property test keeps the two in step.
Queries aggregate in SQLite, so memory does not grow with the books.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass


from .messages import problem
from .model import Balances, Entry, EntryDraft, LineStatus
from .money import format_amount
from .thaidate import format_short
from .store import snapshots
from .store.rows import ENTRY_SELECT, entry_from_row

if TYPE_CHECKING:
    from sqlite_utils import Database

Position = tuple[str, str]  # ("cash", "") | ("account", key) | ("held", key)
CASH: Position = ("cash", "")


def wht_account(db: Database) -> str:
    row = db.conn.execute("SELECT key FROM held_accounts WHERE role = 'wht' LIMIT 1").fetchone()
    return row[0] if row else ""


def draft_effects(d: EntryDraft, held: str, wht_key: str) -> list[tuple[Position, int]]:
    """The money effects of one entry (sign already applied for reversals)."""
    base = d.base_kind or d.kind
    where = ("account", d.account) if d.account else CASH
    out: list[tuple[Position, int]] = []
    if base == "receipt":
        out.append((where, d.amount))
        if held:
            out.append((("held", held), d.amount))
    elif base == "deposit":
        out += [(CASH, -d.amount), (("account", d.account), d.amount)]
    elif base == "withdraw":
        out += [(("account", d.account), -d.amount), (CASH, d.amount)]
    elif base == "payment":
        out.append((where, -(d.amount - d.wht)))
        if held:
            out.append((("held", held), -d.amount))
        if d.wht:
            out.append((("held", wht_key), d.wht))
    return out


def opening(db: Database) -> dict[Position, int]:
    """Opening figures: the latest record per position wins (corrections are records)."""
    return snapshots.openings(db.conn)


def positions_at(db: Database, day: dt.date | None, before: bool = False,
                 max_seq: int | None = None) -> dict[Position, int]:
    """Balances at the end of ``day`` (or the start of it, with before=True; None: of the book).

    From the figures stored at the last day close on or before it (store/snapshots.py), plus
    the entries dated after that close: a few days' entries, whatever the size of the book.
    ``max_seq`` leaves out entries written after it (a batch being checked)."""
    cut = (day - dt.timedelta(days=1) if before else day) if day else None
    snap = snapshots.latest(db.conn, cut)
    out = dict(snap.positions)
    after = snap.date.isoformat() if snap.date else ""
    for target, key, total in snapshots.position_deltas(db.conn, after, cut.isoformat() if cut else None, max_seq):
        out[(target, key)] = out.get((target, key), 0) + (total or 0)
    return out


def balances(db: Database, day: dt.date) -> Balances:
    return balances_of(day, positions_at(db, day))


def balances_of(day: dt.date, pos: dict[Position, int]) -> Balances:
    return Balances(
        date=day,
        cash=pos.get(CASH, 0),
        accounts=tuple(sorted((k, v) for (t, k), v in pos.items() if t == "account")),
        held=tuple(sorted((k, v) for (t, k), v in pos.items() if t == "held")),
    )


def daily_deltas(db: Database, first: dt.date, max_seq: int | None = None) -> dict[dt.date, dict[Position, int]]:
    """Per day from ``first`` on, the net movement of each position (entries up to ``max_seq``)."""
    out: dict[dt.date, dict[Position, int]] = defaultdict(dict)
    for day, target, key, total in db.conn.execute(
            "SELECT date, target, key, SUM(delta) FROM movements WHERE date >= ?"
            + (" AND seq <= ?" if max_seq is not None else "") + " GROUP BY 1, 2, 3",
            (first.isoformat(),) + ((max_seq,) if max_seq is not None else ())):
        out[dt.date.fromisoformat(day)][(target, key)] = total
    return out


def day_flows(db: Database, first: dt.date, last: dt.date) -> dict[Position, tuple[int, int]]:
    """(money in, money out) per position over a period, for the status report."""
    out: dict[Position, tuple[int, int]] = {}
    for target, key, inflow, outflow in db.conn.execute(
            "SELECT target, key, SUM(CASE WHEN delta > 0 THEN delta ELSE 0 END),"
            " SUM(CASE WHEN delta < 0 THEN -delta ELSE 0 END) FROM movements"
            " WHERE date BETWEEN ? AND ? GROUP BY 1, 2", (first.isoformat(), last.isoformat())):
        out[(target, key)] = (inflow or 0, outflow or 0)
    return out


def day_movements(db: Database, first: dt.date, last: dt.date) -> dict[str, int]:
    """Money moved over a period as the books show it, reversals netted into the kind of
    the entry they reverse (a reversed receipt lowers receipts, never raises payments):
    cash and bank, each by receipts, deposits, withdrawals and payments (net of tax)."""
    out = dict.fromkeys(("cash_receipts", "cash_withdrawn", "cash_paid", "cash_deposited",
                         "bank_receipts", "bank_deposits", "bank_paid", "bank_withdrawn"), 0)
    for base, in_bank, amount, wht in db.conn.execute(
            "SELECT base_kind, account <> '', SUM(amount), SUM(wht) FROM entries"
            " WHERE date BETWEEN ? AND ? AND base_kind <> 'void' GROUP BY 1, 2",
            (first.isoformat(), last.isoformat())):
        where = "bank" if in_bank else "cash"
        if base == "receipt":
            out[f"{where}_receipts"] += amount
        elif base == "payment":
            out[f"{where}_paid"] += amount - wht
        elif base == "deposit":
            out["cash_deposited"] += amount
            out["bank_deposits"] += amount
        elif base == "withdraw":
            out["bank_withdrawn"] += amount
            out["cash_withdrawn"] += amount
    return out


def by_code(db: Database, day: dt.date | None = None) -> dict[str, int]:
    """Receipts per revenue code from the books' start, net of reversals."""
    totals = snapshots.figures_at(db.conn, day).by_code
    return {code: totals[code] for code in sorted(totals) if totals[code]}


def line_statuses(db: Database, fy: int, day: dt.date | None = None,
                  keys: list[str] | None = None) -> list[LineStatus]:
    """Budget figures of the contract's summary for the lines of one fiscal year."""
    cut = day.isoformat() if day else "9999-12-31"
    lines = db.conn.execute(
        "SELECT key, amount, spent_before, committed_before FROM budget_lines_as_set WHERE fy = ?"
        + (" AND key IN (%s)" % ",".join("?" * len(keys)) if keys else "")
        + " ORDER BY position, key", (fy, *(keys or ())))
    moves: dict[str, int] = defaultdict(int)
    for frm, to, amount in db.conn.execute(
            "SELECT from_line, to_line, amount FROM budget_changes WHERE fy = ? AND date <= ?",
            (fy, cut)):
        moves[to] += amount
        if frm:
            moves[frm] -= amount
    spent = dict(db.conn.execute(
        "SELECT line, SUM(amount) FROM entries WHERE base_kind = 'payment' AND held = ''"
        " AND fy = ? AND date <= ? GROUP BY line", (fy, cut)).fetchall())
    committed = open_commitments(db, fy, day)
    out = []
    for key, amount, spent_before, committed_before in lines.fetchall():
        out.append(LineStatus(
            key=key,
            # the budget file's amount is the year's appropriation as set (ตั้งไว้); what was
            # spent before the books' start is spent, not added to the appropriation
            appropriated=amount + moves.get(key, 0),
            spent=spent_before + (spent.get(key) or 0),
            committed=committed_before + committed.get(key, 0),
        ))
    return out


def commitments_paid(db: Database, *, fy: int | None = None, key: str | None = None, day: dt.date | None = None,
                     before_seq: int | None = None) -> list[tuple]:
    """The one reading of what commitments still reserve: each commitment not cancelled,
    with what the payments naming it paid, as (key, line, date, party, description,
    amount, paid), by date and key. ``day``: as of that day (commitments, payments and
    cancellations dated on or before it); ``before_seq``: payments up to that entry."""
    paid, paid_args = "", []
    if day is not None:
        paid, paid_args = paid + " AND e.date <= ?", [*paid_args, day.isoformat()]
    if before_seq is not None:
        paid, paid_args = paid + " AND e.seq <= ?", [*paid_args, before_seq]
    where, args = [], []
    for sql, value in (("c.fy = ?", fy), ("c.key = ?", key), ("c.date <= ?", day and day.isoformat())):
        if value is not None:
            where.append(sql)
            args.append(value)
    cancelled = " AND x.date <= ?" if day is not None else ""
    where.append(f"NOT EXISTS (SELECT 1 FROM commitment_events x WHERE x.commitment = c.key{cancelled})")
    return db.conn.execute(
        "SELECT c.key, c.line, c.date, c.party, c.description, c.amount, COALESCE((SELECT SUM(e.amount)"
        f" FROM entries e WHERE e.base_kind = 'payment' AND e.commitment = c.key{paid}), 0)"
        f" FROM commitments c WHERE {' AND '.join(where)} ORDER BY c.date, c.key",
        (*paid_args, *args, *([day.isoformat()] if day is not None else []))).fetchall()


def open_commitments(db: Database, fy: int, day: dt.date | None = None) -> dict[str, int]:
    """Per line, what open commitments still reserve (amount less payments naming them)."""
    out: dict[str, int] = defaultdict(int)
    for _, line, _, _, _, amount, paid in commitments_paid(db, fy=fy, day=day or dt.date.max):
        out[line] += max(amount - paid, 0)
    return out


def last_entry_date(db: Database) -> dt.date | None:
    row = db.conn.execute("SELECT max(date) FROM entries").fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def keyed_by_day(db: Database, since: dt.date, day: dt.date) -> dict[dt.date, tuple[int, int]]:
    """Day -> (entries marked keyed into e-LAAS, entries to key), from ``since`` to ``day``.

    Entries are counted per day on the date index; the marks (the latest per entry wins,
    SQLite's bare column beside max()) cost what there are of them, not the book's size."""
    span = (since.isoformat(), day.isoformat())
    totals = db.conn.execute("SELECT date, count(*) FROM entries WHERE date BETWEEN ? AND ? GROUP BY date",
                             span).fetchall()
    keyed = dict(db.conn.execute(
        "SELECT e.date, count(*) FROM (SELECT entry_id, keyed, max(rec) FROM keyed_marks GROUP BY entry_id) m"
        " JOIN entries e ON e.id = m.entry_id WHERE m.keyed = 1 AND e.date BETWEEN ? AND ? GROUP BY e.date",
        span).fetchall())
    return {dt.date.fromisoformat(d): (keyed.get(d, 0), total) for d, total in totals}


# Columns of elaas_day_totals, the day sheet's column keys, and their Thai names.
DAY_FIELDS = (("receipts", "elaas_receipts", "ยอดรับ"), ("payments", "elaas_payments", "ยอดจ่าย"),
              ("cash", "elaas_cash", "เงินสดคงเหลือ"), ("bank", "elaas_bank", "เงินฝากคงเหลือ"))


def elaas_day_totals(db: Database) -> dict[dt.date, dict[str, int | None]]:
    """Day -> the latest figures of e-LAAS's daily report the clerk recorded (None = not typed)."""
    out: dict[dt.date, dict[str, int | None]] = {}
    for day, *figures in db.conn.execute(
            "SELECT date, receipts, payments, cash, bank FROM elaas_day_totals ORDER BY rec"):
        out[dt.date.fromisoformat(day)] = dict(zip((key for key, _, _ in DAY_FIELDS), figures))
    return out


def day_figures(db: Database, day: dt.date) -> dict[str, int]:
    """The book's figures comparable with e-LAAS's daily report: gross receipts and
    payments of the day (net of reversals), cash and all bank accounts at its end."""
    rec = db.conn.execute(
        "SELECT coalesce(sum(CASE WHEN base_kind='receipt' THEN amount END),0),"
        " coalesce(sum(CASE WHEN base_kind='payment' THEN amount END),0) FROM entries WHERE date = ?",
        (day.isoformat(),)).fetchone()
    bal = balances(db, day)
    return {"receipts": rec[0], "payments": rec[1], "cash": bal.cash, "bank": sum(v for _, v in bal.accounts)}


@dataclass(frozen=True)
class DayCheck:
    date: dt.date
    theirs: dict[str, int | None]
    ours: dict[str, int]

    @property
    def differences(self) -> tuple[tuple[str, int, int], ...]:
        """(Thai name, e-LAAS figure, book figure) for each typed figure that differs."""
        return tuple((what, self.theirs[key], self.ours[key]) for key, _, what in DAY_FIELDS
                     if self.theirs.get(key) is not None and self.theirs[key] != self.ours[key])

    @property
    def ok(self) -> bool:
        return not self.differences

    def messages(self) -> list[str]:
        return [problem("keyed_day_off", date=format_short(self.date), what=what, theirs=format_amount(theirs),
                   ours=format_amount(ours)).message for what, theirs, ours in self.differences]


def day_checks(db: Database, until: dt.date | None = None) -> list[DayCheck]:
    """Every day with e-LAAS figures typed (up to ``until``), compared with the book now."""
    out = []
    for day, theirs in sorted(elaas_day_totals(db).items()):
        if until and day > until:
            continue
        if all(v is None for v in theirs.values()):
            continue
        out.append(DayCheck(day, theirs, day_figures(db, day)))
    return out


def latest_marks(db) -> dict[str, tuple[bool, str]]:
    """entry ID -> (keyed, e-LAAS document number): the latest mark wins."""
    out: dict[str, tuple[bool, str]] = {}
    for entry_id, keyed, doc_no in db.conn.execute("SELECT entry_id, keyed, doc_no FROM keyed_marks ORDER BY rec"):
        out[entry_id] = (bool(keyed), doc_no or "")
    return out


def cheques_not_collected(db: Database, day: dt.date) -> list[Entry]:
    """Cheque payments dated on or before ``day``, not reversed, not handed over by then."""
    rows = db.conn.execute(
        # base_kind too: the (base_kind, date) index reads the payments, not every entry up to the day
        ENTRY_SELECT + " e WHERE base_kind = 'payment' AND kind = 'payment' AND cheque <> '' AND date <= ?"
        " AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id AND r.date <= ?)"
        " AND NOT EXISTS (SELECT 1 FROM cheque_events c WHERE c.entry_id = e.id AND c.date <= ?)"
        " ORDER BY date, seq", (day.isoformat(),) * 3)
    return [entry_from_row(r) for r in rows]
