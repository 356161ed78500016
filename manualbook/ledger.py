"""Read-side arithmetic of the books: balances, budget status, totals.

Everything money-moving is derived from the ``movements`` view (schema.py),
one row per (entry, position, delta); ``draft_effects`` states the same rules
for entries not yet written, and a property test keeps the two in step.
Queries aggregate in SQLite, so memory does not grow with the books.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

from sqlite_utils import Database

from .model import Balances, EntryDraft, LineStatus

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
    out: dict[Position, int] = {CASH: 0}
    for key, in db.conn.execute("SELECT key FROM accounts"):
        out[("account", key)] = 0
    for key, in db.conn.execute("SELECT key FROM held_accounts"):
        out[("held", key)] = 0
    for target, key, amount in db.conn.execute(
            "SELECT target, key, amount FROM openings ORDER BY rec"):
        out[(target, key)] = amount
    return out


def positions_at(db: Database, day: dt.date | None, before: bool = False) -> dict[Position, int]:
    """Balances at the end of ``day`` (or the start of it, with before=True)."""
    days, ends, start = _day_ends(db)
    if day is None:
        i = len(days)
    else:
        i = bisect.bisect_left(days, day) if before else bisect.bisect_right(days, day)
    return dict(ends[i - 1] if i else start)


def day_ends(db: Database) -> tuple[list[dt.date], list[dict[Position, int]], dict[Position, int]]:
    """(days with movements, positions at the end of each, opening positions); do not change them."""
    return _day_ends(db)


def _day_ends(db: Database) -> tuple[list[dt.date], list[dict[Position, int]], dict[Position, int]]:
    """(days with movements, positions at the end of each, opening positions).

    One pass over the movements, kept on the Database object until the book
    changes (this connection's total_changes or another connection's commit,
    PRAGMA data_version), so printing the registers of a year asks for the
    balances of hundreds of days without re-summing the journal each time.
    """
    stamp = (db.conn.total_changes, db.conn.execute("PRAGMA data_version").fetchone()[0])
    cached = getattr(db, "_manualbook_day_ends", None)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    start = opening(db)
    running = dict(start)
    days: list[dt.date] = []
    ends: list[dict[Position, int]] = []
    current = None
    for day, target, key, total in db.conn.execute(
            "SELECT date, target, key, SUM(delta) FROM movements GROUP BY 1, 2, 3 ORDER BY 1"):
        if day != current:
            if current is not None:
                days.append(dt.date.fromisoformat(current))
                ends.append(dict(running))
            current = day
        running[(target, key)] = running.get((target, key), 0) + (total or 0)
    if current is not None:
        days.append(dt.date.fromisoformat(current))
        ends.append(dict(running))
    result = (days, ends, start)
    db._manualbook_day_ends = (stamp, result)
    return result


def balances(db: Database, day: dt.date) -> Balances:
    pos = positions_at(db, day)
    return Balances(
        date=day,
        cash=pos.get(CASH, 0),
        accounts=tuple(sorted((k, v) for (t, k), v in pos.items() if t == "account")),
        held=tuple(sorted((k, v) for (t, k), v in pos.items() if t == "held")),
    )


def daily_deltas(db: Database, first: dt.date) -> dict[dt.date, dict[Position, int]]:
    """Per day from ``first`` on, the net movement of each position."""
    out: dict[dt.date, dict[Position, int]] = defaultdict(dict)
    for day, target, key, total in db.conn.execute(
            "SELECT date, target, key, SUM(delta) FROM movements WHERE date >= ? GROUP BY 1, 2, 3",
            (first.isoformat(),)):
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
    sql = ("SELECT code, SUM(amount) FROM entries WHERE base_kind = 'receipt' AND held = ''"
           + (" AND date <= ?" if day else "") + " GROUP BY code ORDER BY code")
    args = (day.isoformat(),) if day else ()
    return {code: total for code, total in db.conn.execute(sql, args) if total}


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


def open_commitments(db: Database, fy: int, day: dt.date | None = None) -> dict[str, int]:
    """Per line, what open commitments still reserve (amount less payments naming them)."""
    cut = day.isoformat() if day else "9999-12-31"
    out: dict[str, int] = defaultdict(int)
    for line, amount, settled in db.conn.execute(
            "SELECT c.line, c.amount, COALESCE((SELECT SUM(e.amount) FROM entries e"
            "  WHERE e.base_kind = 'payment' AND e.commitment = c.key AND e.date <= ?), 0)"
            " FROM commitments c WHERE c.fy = ? AND c.date <= ? AND NOT EXISTS"
            " (SELECT 1 FROM commitment_events x WHERE x.commitment = c.key AND x.date <= ?)",
            (cut, fy, cut, cut)):
        out[line] += max(amount - settled, 0)
    return out


def last_entry_date(db: Database) -> dt.date | None:
    row = db.conn.execute("SELECT max(date) FROM entries").fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def keyed_by_day(db: Database, since: dt.date, day: dt.date) -> dict[dt.date, tuple[int, int]]:
    """Day -> (entries marked keyed into e-LAAS, entries to key), from ``since`` to ``day``."""
    return {dt.date.fromisoformat(d): (keyed, total) for d, keyed, total in db.conn.execute(
        "SELECT e.date, sum(coalesce((SELECT k.keyed FROM keyed_marks k WHERE k.entry_id = e.id"
        " ORDER BY k.rec DESC LIMIT 1), 0)), count(*) FROM entries e WHERE e.date BETWEEN ? AND ?"
        " GROUP BY e.date", (since.isoformat(), day.isoformat()))}


ELAAS_DAY_FIELDS = ("receipts", "payments", "cash", "bank")


def elaas_day_totals(db: Database) -> dict[dt.date, dict[str, int | None]]:
    """Day -> the latest figures of e-LAAS's daily report the clerk recorded (None = not typed)."""
    out: dict[dt.date, dict[str, int | None]] = {}
    for day, *figures in db.conn.execute(
            "SELECT date, receipts, payments, cash, bank FROM elaas_day_totals ORDER BY rec"):
        out[dt.date.fromisoformat(day)] = dict(zip(ELAAS_DAY_FIELDS, figures))
    return out
