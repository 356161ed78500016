"""Checks of drafts against the book: small functions that return Problems.

``check`` runs every rule over a batch in order (file order for an import),
so the budget remaining and the uniqueness of numbers are cumulative across
the batch, and the day-end balances include both the book and the batch.
Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from . import ledger
from .messages import Problem, msg
from .model import EntryDraft
from .money import format_amount
from .thaidate import format_short, fiscal_year


@dataclass
class Context:
    """What the rules need to know about the book, loaded once per batch."""

    start: dt.date
    closed: dt.date | None
    accounts: set[str]
    held: set[str]
    codes: set[str]
    wht_key: str
    account_names: dict[str, str]
    held_names: dict[str, str]

    @classmethod
    def load(cls, db: Database, start: dt.date, closed: dt.date | None) -> "Context":
        from .resources_data import shipped_codes

        codes = {c for c, _, kind, _ in shipped_codes() if kind == "revenue"}
        codes |= {r[0] for r in db.conn.execute("SELECT code FROM codes WHERE kind = 'revenue'")}
        accounts = dict(db.conn.execute("SELECT key, bank || ' ' || number FROM accounts").fetchall())
        held = dict(db.conn.execute("SELECT key, name FROM held_accounts").fetchall())
        return cls(start, closed, set(accounts), set(held), codes, ledger.wht_account(db),
                   accounts, held)


def resolve_held(db: Database, ctx: Context, d: EntryDraft) -> str:
    """The held-money account a receipt's code or a payment's line names, if any."""
    if d.base_kind == "receipt" and d.code in ctx.held and d.code not in ctx.codes:
        return d.code
    if d.base_kind == "payment" and d.line in ctx.held and not _line_exists(db, fiscal_year(d.date), d.line):
        return d.line
    return ""


def _line_exists(db: Database, fy: int, key: str) -> bool:
    return db.conn.execute("SELECT 1 FROM budget_lines WHERE fy = ? AND key = ?", (fy, key)).fetchone() is not None


def check_date(ctx: Context, d: EntryDraft) -> list[Problem]:
    if d.date < ctx.start:
        return [msg("date_before_start", date=format_short(d.date), start=format_short(ctx.start))]
    if ctx.closed and d.date <= ctx.closed:
        return [msg("date_closed", date=format_short(d.date), closed=format_short(ctx.closed))]
    return []


def check_refs(db: Database, ctx: Context, d: EntryDraft) -> list[Problem]:
    out = []
    if d.account and d.account not in ctx.accounts:
        out.append(msg("account_unknown", key=d.account))
    if d.kind == "receipt" and d.code not in ctx.codes and d.code not in ctx.held:
        out.append(msg("code_unknown", code=d.code))
    if d.kind == "payment":
        fy = fiscal_year(d.date)
        if not _line_exists(db, fy, d.line) and d.line not in ctx.held:
            out.append(msg("line_unknown", line=d.line, fy=fy))
    return out


def _where(row: int | None) -> str:
    return f" (แถวที่ {row} ของแฟ้มนี้)" if row else ""


class Uniqueness:
    """Receipt, voucher and slip numbers: once in the book and once in the batch."""

    def __init__(self, db: Database):
        self.db = db
        self.seen: dict[tuple, int | None] = {}

    def check(self, d: EntryDraft, row: int | None) -> list[Problem]:
        key, problem = None, None
        sql = None
        if d.kind == "receipt" and d.number and not d.book:
            # a transfer receipt without a receipt book: the bank's reference, once per account
            key = ("transfer", d.account, d.number)
            sql = ("SELECT 1 FROM entries WHERE kind = 'receipt' AND book = '' AND number <> '' AND account = ?"
                   " AND number = ?", (d.account, d.number))
            problem = lambda where: msg("transfer_ref_used", number=d.number, account=d.account, where=where)
        elif d.kind in ("receipt", "void") and d.number:
            key = ("receipt", d.book, d.number)
            sql = ("SELECT 1 FROM entries WHERE kind IN ('receipt', 'void') AND number <> '' AND book = ? AND number = ?",
                   (d.book, d.number))
            problem = lambda where: msg("receipt_used", book=d.book, number=d.number, where=where)
        elif d.kind == "payment" and d.number:
            fy = fiscal_year(d.date)
            key = ("payment", fy, d.number)
            sql = ("SELECT 1 FROM entries WHERE kind = 'payment' AND number <> '' AND fy = ? AND number = ?", (fy, d.number))
            problem = lambda where: msg("voucher_used", number=d.number, fy=fy, where=where)
        elif d.kind in ("deposit", "withdraw") and d.number:
            key = (d.kind, d.account, d.number)
            sql = ("SELECT 1 FROM entries WHERE kind IN ('deposit', 'withdraw') AND number <> '' AND kind = ? AND account = ? AND number = ?",
                   (d.kind, d.account, d.number))
            problem = lambda where: msg("slip_used", number=d.number, account=d.account, where=where)
        if key is None:
            return []
        if key in self.seen:
            return [problem(_where(self.seen[key]))]
        self.seen[key] = row
        if self.db.conn.execute(*sql).fetchone():
            return [problem("")]
        return []


class Budget:
    """What remains on each line, reduced as the batch's payments use it."""

    def __init__(self, db: Database):
        self.db = db
        self.remaining: dict[tuple[int, str], int] = {}
        self.used: dict[str, int] = {}  # commitment money already released within the batch

    def check(self, d: EntryDraft, held: str) -> list[Problem]:
        if d.base_kind != "payment" or held or d.kind == "reversal":
            return []
        fy = fiscal_year(d.date)
        key = (fy, d.line)
        if key not in self.remaining:
            statuses = ledger.line_statuses(self.db, fy, keys=[d.line])
            if not statuses:
                return []  # unknown line: reported by check_refs
            status = statuses[0]
            self.remaining[key] = status.remaining
        # paying a commitment uses the money it reserved (only that commitment's, once)
        released = min(self._outstanding(d.commitment, d.line), d.amount) if d.commitment else 0
        left = self.remaining[key] + released
        if d.amount > left:
            return [msg("over_budget", line=d.line, remaining=format_amount(left),
                        amount=format_amount(d.amount), over=format_amount(d.amount - left))]
        self.remaining[key] = left - d.amount
        if d.commitment:
            self.used[d.commitment] = self.used.get(d.commitment, 0) + released
        return []

    def _outstanding(self, commitment: str, line: str) -> int:
        row = self.db.conn.execute(
            "SELECT c.amount - COALESCE((SELECT SUM(e.amount) FROM entries e WHERE e.base_kind = 'payment'"
            " AND e.commitment = c.key), 0) FROM commitments c WHERE c.key = ? AND c.line = ? AND NOT EXISTS"
            " (SELECT 1 FROM commitment_events x WHERE x.commitment = c.key)", (commitment, line)).fetchone()
        return max((row[0] if row else 0) - self.used.get(commitment, 0), 0)


def position_name(ctx: Context, pos: ledger.Position) -> str:
    target, key = pos
    if target == "cash":
        return "เงินสด"
    if target == "account":
        return f"บัญชีเงินฝาก {key}"
    return f"เงินรับฝาก {ctx.held_names.get(key, key)} ({key})"


def check_balances(db: Database, ctx: Context, items: list[tuple[EntryDraft, str, int | None]]) -> list[Problem]:
    """No position may end any day below zero, counting the book and the batch."""
    if not items:
        return []
    first = min(d.date for d, _, _ in items)
    running = ledger.positions_at(db, first, before=True)
    per_day = ledger.daily_deltas(db, first)
    # per position, the earliest day the batch takes money out of it, and the row that does
    touching: dict[ledger.Position, list[tuple[dt.date, int | None]]] = {}
    for d, held, row in items:
        for pos, delta in ledger.draft_effects(d, held, ctx.wht_key):
            day = per_day.setdefault(d.date, {})
            day[pos] = day.get(pos, 0) + delta
            if delta < 0:
                touching.setdefault(pos, []).append((d.date, row))
    out = []
    reported: set = set()
    for day in sorted(per_day):
        for pos, delta in per_day[day].items():
            running[pos] = running.get(pos, 0) + delta
        for pos, value in running.items():
            # a back-dated entry can push a LATER day below zero: check every day from its date on
            takers = [t for t in touching.get(pos, ()) if t[0] <= day]
            if value < 0 and pos not in reported and takers:
                reported.add(pos)
                p = msg("below_zero", what=position_name(ctx, pos), date=format_short(day),
                        balance=format_amount(value))
                latest = max(t[0] for t in takers)  # name the last row that took money out by then
                row = [r for when, r in takers if when == latest][-1]
                out.append(p.at_row(row) if row else p)
    return out


def check(db: Database, ctx: Context, drafts: list[tuple[EntryDraft, int | None]]
          ) -> tuple[list[tuple[EntryDraft, str]], list[Problem]]:
    """Runs every rule over a batch. Returns (drafts with their held account, problems)."""
    problems: list[Problem] = []
    unique, budget = Uniqueness(db), Budget(db)
    good: list[tuple[EntryDraft, str, int | None]] = []
    for d, row in drafts:
        held = resolve_held(db, ctx, d)
        row_problems = check_date(ctx, d) + check_refs(db, ctx, d)
        row_problems += unique.check(d, row)
        if not row_problems:
            row_problems += budget.check(d, held)
        problems += [p.at_row(row) if row else p for p in row_problems]
        good.append((d, held, row))
    if not problems:
        problems += check_balances(db, ctx, good)
    return [(d, h) for d, h, _ in good], problems
