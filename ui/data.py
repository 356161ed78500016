"""Reads the screens need that the core facade does not offer yet.

Every function here takes a ``Book`` and runs on the worker thread (inside a
QueryOp). Reads that go past ``Book`` to its tables are gathered here, each in
one function, so they are easy to switch to a core method once one exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from manualbook import budget, choices, figures, ledger
from manualbook.choices import Choice
from manualbook.model import Balances, LineStatus
from manualbook.thaidate import fiscal_year


def revenue_choices(book) -> list[Choice]:
    return choices.revenue_choices(book)


def line_choices(book, fy: int) -> list[Choice]:
    return choices.line_choices(book, fy)


def account_choices(book) -> list[Choice]:
    return choices.account_choices(book)


def parties(book, kinds: tuple[str, ...], limit: int = 3000) -> list[str]:
    """Payers or payees used before, the most used first."""
    marks = ",".join("?" * len(kinds))
    rows = book.db.conn.execute(
        f"SELECT party FROM entries WHERE base_kind IN ({marks}) AND party <> ''"
        " GROUP BY party ORDER BY count(*) DESC, max(seq) DESC LIMIT ?", (*kinds, limit))
    return [r[0] for r in rows]


def next_receipt(book) -> tuple[str, str]:
    """(book, number) to propose for the next receipt: the book last written in,
    or, when that one is used up, the next registered book with numbers left."""
    row = book.db.conn.execute(
        "SELECT book FROM entries WHERE kind IN ('receipt','void') AND book <> ''"
        " ORDER BY seq DESC LIMIT 1").fetchone()
    report = {r["book"]: r for r in book.receipt_book_report()}
    if row and row[0] in report and not report[row[0]]["full"]:
        return row[0], str(report[row[0]]["next"])
    open_books = [r for r in report.values() if not r["full"]]
    if open_books:
        return open_books[0]["book"], str(open_books[0]["next"])
    return "", ""


def next_voucher(book, day: dt.date) -> str:
    """The next payment voucher number (ฎีกา) in the fiscal year of ``day``, written
    like the highest one so far ("111/2567" -> "112/2567")."""
    row = book.db.conn.execute(
        "SELECT number FROM entries WHERE kind = 'payment' AND fy = ? AND number GLOB '[0-9]*'"
        " ORDER BY CAST(number AS INTEGER) DESC, seq DESC LIMIT 1", (fiscal_year(day),)).fetchone()
    if not row:
        return "1"
    digits = len(row[0]) - len(row[0].lstrip("0123456789"))
    return str(int(row[0][:digits]) + 1) + row[0][digits:]


def working_day(book) -> dt.date:
    """The day the clerk is most likely keeping: the last open day with entries, else the first open day."""
    first_open = book.first_open_day()
    last = ledger.last_entry_date(book.db)
    return max(first_open, last) if last else first_open


def open_days(book, until: dt.date) -> list[dt.date]:
    """Days after the last close, up to ``until``, that have entries (they need closing)."""
    first = book.first_open_day()
    rows = book.db.conn.execute(
        "SELECT DISTINCT date FROM entries WHERE date >= ? AND date <= ? ORDER BY date",
        (first.isoformat(), until.isoformat()))
    return [dt.date.fromisoformat(r[0]) for r in rows]


def next_day_to_close(book, fallback: dt.date) -> dt.date:
    """The first open day that has entries (a weekend or holiday without any is
    closed with the next working day), else ``fallback`` (the working day), never a
    day already closed (just after a close the working day has not moved yet)."""
    first_open = book.first_open_day()
    row = book.db.conn.execute("SELECT min(date) FROM entries WHERE date >= ?",
                               (first_open.isoformat(),)).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else max(fallback, first_open)


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


LOW_SHARE = 0.10  # a line is "close to zero" when less than 10 % of it remains


def home_data(book, day: dt.date) -> HomeData:
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


def is_closed(closed_through: dt.date | None, day: dt.date) -> bool:
    return closed_through is not None and day <= closed_through
