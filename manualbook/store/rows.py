"""Rows <-> values. The only place that knows column names of stored records."""

from __future__ import annotations

import datetime as dt

from ..model import Account, BudgetLine, Entry, HeldAccount

ENTRY_COLUMNS = (
    "seq", "id", "kind", "base_kind", "date", "fy", "amount", "wht", "book", "number",
    "party", "code", "line", "held", "description", "method", "account", "cheque",
    "commitment", "reverses", "reason", "recorded_at", "clerk", "prev_hash", "hash",
)
ENTRY_SELECT = "SELECT " + ", ".join(ENTRY_COLUMNS) + " FROM entries"


def dict_rows(conn, sql: str, args=()) -> list[dict]:
    """A query's rows as dicts by column name (what sqlite-utils' rows_where gives, without it)."""
    cur = conn.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur]


def entry_from_row(row) -> Entry:
    values = dict(zip(ENTRY_COLUMNS, row))
    values["date"] = dt.date.fromisoformat(values["date"])
    values["reverses"] = values["reverses"] or ""
    return Entry(**values)


def entry_to_row(entry: Entry) -> dict:
    row = {name: getattr(entry, name) for name in ENTRY_COLUMNS}
    row["date"] = entry.date.isoformat()
    row["reverses"] = entry.reverses or None
    return row


def account_from_row(row: dict) -> Account:
    return Account(row["key"], row["bank"], row["number"], row["branch"], row["type"])


def held_from_row(row: dict) -> HeldAccount:
    return HeldAccount(row["key"], row["name"], row["role"])


def line_from_row(row: dict) -> BudgetLine:
    return BudgetLine(
        fy=row["fy"], key=row["key"], plan=row["plan"], work=row["work"], group=row["grp"],
        category=row["category"], code=row["code"], item=row["item"], amount=row["amount"],
        spent_before=row["spent_before"], committed_before=row["committed_before"],
        position=row["position"],
    )
