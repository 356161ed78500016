"""Setting a book up, and changing its setup later, each as one transaction.

``create_book`` writes what the first-run wizard gathered (the organisation,
dates, cash, bank accounts with their openings, the people who sign) in the
transaction that creates the book: if anything fails half-way nothing is
written, and the same file can be set up again. ``save_setup`` records what
the settings dialog changed (organisation, openings, new accounts, people),
again all or nothing. ``load_setup`` reads what that dialog shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .book import Book
from .ledger import opening
from .model import Change
from .proposals import account_key
from .txn import writing


@dataclass
class SetupValues:
    name: str = ""
    lao_code: str = ""
    start: dt.date | None = None
    since: dt.date | None = None
    cash: int = 0
    accounts: list[dict] = field(default_factory=list)  # bank, number, branch, type, opening
    people: dict[str, str] = field(default_factory=dict)  # setting key -> value ("clerk", "clerk_title" …)


def create_book(path, v: SetupValues) -> Book:
    """The book, its accounts and people, in one transaction (nothing written if any part fails)."""
    made: list[Book] = []

    def rest(book: Book) -> None:
        made.append(book)
        taken: set[str] = set()
        for a in v.accounts:
            book.add_account(account_key(a["number"], taken), a["bank"], a["number"], opening=a["opening"],
                             branch=a.get("branch", ""), type=a.get("type", ""))
        for key, value in v.people.items():
            if value and key != "clerk":
                book.set_setting(key, value, v.start)

    try:
        return Book.create(path, v.name, v.start, v.since, cash=v.cash, lao_code=v.lao_code,
                           clerk=v.people.get("clerk") or None, then=rest)
    except BaseException:
        for book in made:  # rolled back already; the file must not stay open (Windows keeps it locked)
            book.close()
        raise


def load_setup(book) -> dict:
    """The current setup, as the settings dialog shows it."""
    openings = opening(book.db)
    return {"org": book.org(), "closed": book.closed_through(), "first_open": book.first_open_day(),
            "cash": openings.get(("cash", ""), 0), "accounts": book.accounts(),
            "openings": {k: v for (t, k), v in openings.items() if t == "account"},
            "people": book.settings_on(book.first_open_day())}


def save_setup(book, before: dict, org: dict, cash: int, openings: dict, new_accounts: list[dict],
               people: dict, effective) -> Change:
    """Records only what changed since ``before`` (``load_setup``), each under the core's
    rules, in one transaction: a refusal half-way records nothing."""
    try:
        with writing(book):
            o = before["org"]
            if (org["name"], org["lao_code"], org["start"], org["since"]) != (o.name, o.lao_code, o.start, o.since):
                book.update_org(**org)
            if cash != before["cash"]:
                book.set_opening("cash", "", cash)
            for key, amount in openings.items():
                if amount != before["openings"].get(key, 0):
                    book.set_opening("account", key, amount)
            taken = {a.key for a in before["accounts"]}
            for a in new_accounts:
                book.add_account(account_key(a["number"], taken), a["bank"], a["number"], opening=a["opening"],
                                 branch=a["branch"], type=a["type"])
            for key, value in people.items():
                if value != (before["people"].get(key) or ""):
                    book.set_setting(key, value, effective)
    except BaseException:
        book._org = None  # a corrected name read inside the rolled-back transaction is not the book's
        raise
    return Change(setup=True)
