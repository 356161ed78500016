"""What the app's screens list and show, read from the book in one call each.

Each function takes a ``Book`` and returns plain values (frozen dataclasses,
lists): the home screen's figures, the budget screen's lines and open
commitments, the receipt-book register, payers and payees used before, the
keying screen's progress, rows and duplicate e-LAAS numbers, and a day's
figures against e-LAAS.
The app runs them on its worker thread; the tests call them directly.
Read-only: nothing here writes.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from . import budget, choices, figures, ledger, proposals
from .ledger import latest_marks
from .keyed import (KeyedProgress, KeyingRow, book_day_figures, keyed_progress, keying_rows, keying_span,
                    stored_day_totals)
from .model import Balances, LineStatus
from .thaidate import fiscal_year
from .workday import open_days

LOW_SHARE = 0.10  # a budget line is "close to zero" when less than 10 % of it remains


def parties(book, kinds: tuple[str, ...], limit: int = 3000) -> list[str]:
    """Payers or payees used before in entries of ``kinds``, the most used first."""
    marks = ",".join("?" * len(kinds))
    rows = book.db.conn.execute(
        f"SELECT party FROM entries WHERE base_kind IN ({marks}) AND party <> ''"
        " GROUP BY party ORDER BY count(*) DESC, max(seq) DESC LIMIT ?", (*kinds, limit))
    return [r[0] for r in rows]


def form_choices(book, kind: str, day: dt.date) -> dict:
    """What an entry form of ``kind`` offers and proposes on ``day``: accounts; revenue codes
    or the fiscal year's budget lines; payers or payees used before; the next receipt
    book and number, or the next voucher number."""
    out = {"accounts": choices.account_choices(book)}
    if kind == "receipt":
        out["codes"] = choices.revenue_choices(book)
        out["parties"] = parties(book, ("receipt",))
    if kind in ("receipt", "void"):
        out["next_receipt"] = proposals.next_receipt(book)
    if kind == "payment":
        out["lines"] = choices.line_choices(book, fiscal_year(day))
        out["parties"] = parties(book, ("payment",))
        out["next_voucher"] = proposals.next_voucher(book, day)
    return out


# ---------------------------------------------------------------- the home screen
@dataclass(frozen=True)
class HomeData:
    day: dt.date
    org_name: str
    totals: dict  # kind -> figures.KindTotal (net of reversals)
    balances: Balances
    account_names: dict[str, str]
    held_names: dict[str, str]
    closed_through: dt.date | None
    first_open: dt.date
    open_days: list[dt.date]
    low_lines: list[tuple[str, str, LineStatus]]
    keyed: int
    keyable: int
    entries: int
    cheques_waiting: int = 0
    days_keyed: int = 0  # days since the outage start whose entries are all keyed into e-LAAS
    days_to_key: int = 0  # days since the outage start with entries
    days_unreconciled: tuple[dt.date, ...] = ()  # e-LAAS day figures typed that differ from the book
    budget_lines: int = 0
    notes: list[str] = field(default_factory=list)


def home_data(book, day: dt.date) -> HomeData:
    """The home screen as of ``day``: its figures, balances, days to close, low lines, keying."""
    summary = book.summary(day)
    names = {line.key: line.item or line.code or line.key for line in budget.lines(book, fiscal_year(day))}
    low = [(s.key, names.get(s.key, s.key), s) for s in summary.budget
           if s.appropriated > 0 and s.remaining < s.appropriated * LOW_SHARE]
    low.sort(key=lambda t: t[2].remaining)
    last = ledger.last_entry_date(book.db) or day
    return HomeData(
        day=day, org_name=book.org().name, totals=figures.day_figures(book, day), balances=summary.balances,
        account_names={a.key: f"{a.bank} {a.number}" for a in book.accounts()},
        held_names={h.key: h.name for h in book.held_accounts()},
        closed_through=book.closed_through(), first_open=book.first_open_day(),
        open_days=open_days(book, max(last, day)), low_lines=low,
        keyed=summary.keyed, keyable=summary.keyable, entries=summary.entries,
        cheques_waiting=len(book.cheques_not_collected(day)), budget_lines=len(summary.budget),
        days_keyed=summary.days_keyed, days_to_key=summary.days_to_key,
        days_unreconciled=tuple(summary.days_unreconciled))


# ---------------------------------------------------------------- the budget screen
@dataclass(frozen=True)
class LineRow(LineStatus):
    """A line's figures (``remaining`` is the core's rule) with what the budget screen shows of it."""

    item: str = ""
    where: str = ""  # แผนงาน / งาน / งบ / หมวด, for the tooltip

    @property
    def low(self) -> bool:
        return self.appropriated > 0 and self.remaining < self.appropriated * LOW_SHARE


@dataclass(frozen=True)
class CommitmentRow:
    key: str
    line: str
    date: dt.date
    party: str
    description: str
    amount: int
    paid: int

    @property
    def outstanding(self) -> int:
        return max(self.amount - self.paid, 0)


@dataclass(frozen=True)
class BudgetData:
    fy: int
    years: tuple[int, ...]
    lines: tuple[LineRow, ...]
    commitments: tuple[CommitmentRow, ...]


def open_commitment_rows(book, fy: int) -> list[CommitmentRow]:
    """Each order or contract of a year not cancelled and not fully paid, with what was paid on it.

    ``ledger.commitments_paid`` is the one reading (``ledger.open_commitments`` totals it
    per budget line); the screen lists the commitments themselves.
    """
    rows = ledger.commitments_paid(book.db, fy=fy)
    out = [CommitmentRow(k, line, dt.date.fromisoformat(d), party, desc, amount, paid)
           for k, line, d, party, desc, amount, paid in rows]
    return [c for c in out if c.outstanding > 0]


def budget_data(book, fy: int) -> BudgetData:
    """The year's lines with their figures, the years on file, the open commitments."""
    status = {s.key: s for s in ledger.line_statuses(book.db, fy)}
    rows = []
    for line in budget.lines(book, fy):
        s = status[line.key]
        where = " / ".join(p for p in (line.plan, line.work, line.group, line.category) if p)
        rows.append(LineRow(line.key, s.appropriated, s.spent, s.committed,
                            line.item or line.code or line.key, where))
    return BudgetData(fy, tuple(budget.fiscal_years(book)), tuple(rows), tuple(open_commitment_rows(book, fy)))


# ---------------------------------------------------------------- the receipt-book screen
@dataclass(frozen=True)
class ReceiptBookRow:
    key: str          # the book number (เล่มที่)
    first: int
    last: int | None
    auto: bool        # put in the register by the first receipt written in it, not by a person
    used: int
    voided: int
    gaps: tuple[int, ...]
    repeats: tuple[int, ...]
    next: int

    @property
    def left(self) -> int | None:
        """Numbers not yet written, when the last number is known."""
        return max(self.last - self.next + 1, 0) if self.last is not None else None


def receipt_book_rows(book) -> list[ReceiptBookRow]:
    """The receipt-book register (``Book.receipt_book_report``), with whether each book was registered by hand."""
    auto = {r[0]: bool(r[1]) for r in book.db.conn.execute("SELECT book, auto FROM receipt_books")}
    return [ReceiptBookRow(r["book"], r["first"], r["last"], auto.get(r["book"], True), r["used"], r["voided"],
                           tuple(r["gaps"]), tuple(r["repeats"]), r["next"])
            for r in book.receipt_book_report()]


# ---------------------------------------------------------------- the keying screen
def duplicate_docs(book) -> frozenset[str]:
    """e-LAAS document numbers that the latest marks give to more than one entry."""
    seen: dict[str, int] = {}
    for keyed, doc in latest_marks(book.db).values():
        if keyed and doc:
            seen[doc] = seen.get(doc, 0) + 1
    return frozenset(d for d, n in seen.items() if n > 1)


def day_against_elaas(book, day: dt.date) -> tuple[dict[str, int], dict[str, int | None] | None]:
    """The book's figures of ``day`` and the e-LAAS figures recorded for it (None if none)."""
    return book_day_figures(book, day), stored_day_totals(book.db).get(day)


def period_range(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The day itself, or (``period`` "month") the first and last day of its month."""
    if period == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day, day


@dataclass(frozen=True)
class ProgressData:
    progress: KeyedProgress
    dup_docs: frozenset[str]
    since: dt.date
    until: dt.date  # the last day with entries (or the outage start)


@dataclass(frozen=True)
class KeyingData:
    day: dt.date
    first: dt.date
    last: dt.date
    rows: list[KeyingRow]
    info: ProgressData


def keying_progress(book) -> ProgressData:
    """How far keying into e-LAAS has got, the e-LAAS numbers used twice, the span to key."""
    since, until = keying_span(book)
    return ProgressData(keyed_progress(book), duplicate_docs(book), since, until)


def keying_data(book, period: str, day: dt.date | None) -> KeyingData:
    """The period around ``day`` (default: the day of the next entry to key) and the progress."""
    info = keying_progress(book)
    if day is None:
        day = info.progress.next_entry[2] if info.progress.next_entry else info.until
    first, last = period_range(period, day)
    return KeyingData(day, first, last, keying_rows(book, first, last), info)
