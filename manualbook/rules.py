"""Checks of drafts against the book: small functions that return Problems.

``check`` runs every rule over a batch in order (file order for an import),
so the budget remaining and the uniqueness of numbers are cumulative across
the batch, and the day-end balances include both the book and the batch.
Nothing here writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
from dataclasses import dataclass


from . import ledger
from .messages import CATALOGUE, Problem, msg, problem
from .model import EntryDraft
from .money import format_amount
from .clock import today
from .thaidate import fiscal_year, format_short

if TYPE_CHECKING:
    from sqlite_utils import Database


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
    today: dt.date = dt.date.max  # the computer's date when the batch is checked

    @classmethod
    def load(cls, db: Database, start: dt.date, closed: dt.date | None) -> "Context":
        from .resources_data import shipped_codes

        codes = {c for c, _, kind, _ in shipped_codes() if kind == "revenue"}
        codes |= {r[0] for r in db.conn.execute("SELECT code FROM codes WHERE kind = 'revenue'")}
        accounts = dict(db.conn.execute("SELECT key, bank || ' ' || number FROM accounts").fetchall())
        held = dict(db.conn.execute("SELECT key, name FROM held_accounts").fetchall())
        return cls(start, closed, set(accounts), set(held), codes, ledger.wht_account(db),
                   accounts, held, today())


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
    if d.date > ctx.today:
        return [msg("date_future", date=format_short(d.date), today=format_short(ctx.today))]
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
    return problem("in_this_file", row_no=row).message if row else ""


class Uniqueness:
    """Receipt, voucher and slip numbers: once in the book and once in the batch.

    Numbers are compared as stored: receipt numbers as plain digits, the others
    NFKC-normalised with ASCII digits (``inputs``), so "012", "１２" and "๑๒"
    meet "12". Rows of this batch already written are found in the book and
    named by their row through ``row_of(seq)``; rows checked but not yet
    written are in ``pending`` until ``written()``.
    """

    def __init__(self, db: Database, row_of=None):
        self.db = db
        self.row_of = row_of or (lambda seq: None)
        self.pending: dict[tuple, int | None] = {}

    def written(self) -> None:
        self.pending.clear()

    def check(self, d: EntryDraft, row: int | None, remember: bool = True) -> list[Problem]:
        """The number's problem, if used; with ``remember``, a free number is taken for ``row``
        (a streamed batch takes it only once the row passed every check: ``remember()``)."""
        key, sql, problem = self.lookup(d)
        if key is None:
            return []
        if key in self.pending:
            return [problem(_where(self.pending[key]))]
        hit = self.db.conn.execute(*sql).fetchone()
        if hit:
            return [problem(_where(self.row_of(hit[0])))]
        if remember:
            self.pending[key] = row
        return []

    def remember(self, d: EntryDraft, row: int | None) -> None:
        key = self.key(d)
        if key is not None:
            self.pending[key] = row

    @staticmethod
    def key(d: EntryDraft):
        """``lookup(d)[0]`` without making the query: what a batch remembers the number by."""
        if d.kind == "receipt" and d.number and not d.book:
            return ("transfer", d.account, d.number)
        if d.kind in ("receipt", "void") and d.number:
            return ("receipt", d.book, d.number)
        if d.kind == "payment" and d.number:
            return ("payment", fiscal_year(d.date), d.number)
        if d.kind in ("deposit", "withdraw") and d.number:
            return (d.kind, d.account, d.number)
        return None

    # The numbers already in the book, as the keys above (for a batch's filter of used numbers).
    BOOK_KEYS = (
        "SELECT 'transfer', account, number FROM entries WHERE kind = 'receipt' AND book = '' AND number <> ''",
        "SELECT 'receipt', book, number FROM entries WHERE kind IN ('receipt', 'void') AND number <> ''"
        " AND book <> ''",
        "SELECT 'payment', fy, number FROM entries WHERE kind = 'payment' AND number <> ''",
        "SELECT kind, account, number FROM entries WHERE kind IN ('deposit', 'withdraw') AND number <> ''",
    )

    @staticmethod
    def lookup(d: EntryDraft):
        """(key in the batch, the query that finds the number in the book, the problem to report).
        Each query repeats its unique index's WHERE so SQLite can use that partial index (a
        test checks the plans: a scan here makes an import quadratic)."""
        key, problem = None, None
        sql = None
        if d.kind == "receipt" and d.number and not d.book:
            # a transfer receipt without a receipt book: the bank's reference, once per account
            key = ("transfer", d.account, d.number)
            sql = ("SELECT seq FROM entries WHERE kind = 'receipt' AND book = '' AND number <> '' AND account = ?"
                   " AND number = ?", (d.account, d.number))
            problem = lambda where: msg("transfer_ref_used", number=d.number, account=d.account, where=where)
        elif d.kind in ("receipt", "void") and d.number:
            key = ("receipt", d.book, d.number)
            sql = ("SELECT seq FROM entries WHERE kind IN ('receipt', 'void') AND number <> '' AND book <> '' AND book = ? AND number = ?",
                   (d.book, d.number))
            problem = lambda where: msg("receipt_used", book=d.book, number=d.number, where=where)
        elif d.kind == "payment" and d.number:
            fy = fiscal_year(d.date)
            key = ("payment", fy, d.number)
            sql = ("SELECT seq FROM entries WHERE kind = 'payment' AND number <> '' AND fy = ? AND number = ?", (fy, d.number))
            problem = lambda where: msg("voucher_used", number=d.number, fy=fy, where=where)
        elif d.kind in ("deposit", "withdraw") and d.number:
            key = (d.kind, d.account, d.number)
            sql = ("SELECT seq FROM entries WHERE kind IN ('deposit', 'withdraw') AND number <> '' AND kind = ? AND account = ? AND number = ?",
                   (d.kind, d.account, d.number))
            problem = lambda where: msg("slip_used", number=d.number, account=d.account, where=where)
        return key, sql, problem


class Budget:
    """What remains on each line, reduced as the batch's payments use it."""

    def __init__(self, db: Database, before_seq: int | None = None):
        self.db = db
        self.before_seq = before_seq  # entries after it are this batch's, counted in ``used``
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
        left = sum(amount - paid for _, on, _, _, _, amount, paid
                   in ledger.commitments_paid(self.db, key=commitment, before_seq=self.before_seq) if on == line)
        return max(left - self.used.get(commitment, 0), 0)


def position_name(ctx: Context, pos: ledger.Position) -> str:
    target, key = pos
    if target == "cash":
        return CATALOGUE["position_cash"]
    if target == "account":
        return problem("position_account", key=key).message
    return problem("position_held", name=ctx.held_names.get(key, key), key=key).message


class DayEnds:
    """No position may end any day below zero, counting the book and the batch.

    The book's own figures count only the entries written before the batch
    (up to the sequence number seen at the start): the positions at the start
    of the batch's first day (from the stored day-end figures) and the book's
    movements per day from then on. The batch adds its movements per day and
    position (a few numbers a day, whatever its length) and, per position and
    day, the last row that took money out of it, which a problem names.
    """

    def __init__(self, db: Database, wht_key: str):
        self.db = db
        self.max_seq = db.conn.execute("SELECT coalesce(max(seq), 0) FROM entries").fetchone()[0]
        self.wht_key = wht_key
        self.batch: dict[dt.date, dict[ledger.Position, int]] = {}
        self.takers: dict[ledger.Position, dict[dt.date, int | None]] = {}

    def add(self, d: EntryDraft, held: str, row: int | None) -> None:
        for pos, delta in ledger.draft_effects(d, held, self.wht_key):
            day = self.batch.setdefault(d.date, {})
            day[pos] = day.get(pos, 0) + delta
            if delta < 0:
                self.takers.setdefault(pos, {})[d.date] = row

    def problems(self, ctx: Context) -> list[Problem]:
        if not self.batch:
            return []
        first = min(self.batch)
        running = ledger.positions_at(self.db, first, before=True, max_seq=self.max_seq)
        # the book's own movements from ``first`` on
        per_day = dict(ledger.daily_deltas(self.db, first, max_seq=self.max_seq))
        for day, moves in self.batch.items():
            target = per_day.setdefault(day, {})
            for pos, delta in moves.items():
                target[pos] = target.get(pos, 0) + delta
        out, reported = [], set()
        takers = {pos: sorted(days.items()) for pos, days in self.takers.items()}
        for day in sorted(per_day):
            for pos, delta in per_day[day].items():
                running[pos] = running.get(pos, 0) + delta
            for pos, value in running.items():
                # a back-dated entry can push a LATER day below zero: check every day from its date on
                if value >= 0 or pos in reported or pos not in takers or takers[pos][0][0] > day:
                    continue
                reported.add(pos)
                p = msg("below_zero", what=position_name(ctx, pos), date=format_short(day),
                        balance=format_amount(value))
                row = [r for when, r in takers[pos] if when <= day][-1]  # the last row that took money out by then
                out.append(p.at_row(row) if row else p)
        return out


def check_balances(db: Database, ctx: Context, items: list[tuple[EntryDraft, str, int | None]]) -> list[Problem]:
    """No position may end any day below zero, counting the book and the batch (not yet written)."""
    ends = DayEnds(db, ctx.wht_key)
    for d, held, row in items:
        ends.add(d, held, row)
    return ends.problems(ctx)


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
