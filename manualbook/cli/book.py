"""Commands that set the book up and keep its lists: ``init``, ``account add``,
``opening``, ``held add``, ``org set``, ``setting set``, ``code add``,
``receipt-books`` and ``demo``."""

from __future__ import annotations

from pathlib import Path

from ..messages import problem
from ..money import format_amount, parse_amount
from ..thaidate import format_short, parse_date
from .common import open_book, say


def cmd_init(args) -> int:
    from ..book import Book
    start = parse_date(args.start, field="--start")
    since = parse_date(args.since, field="--since") if args.since else None
    cash = parse_amount(args.cash, field="--cash") if args.cash else 0
    book = Book.create(args.db, args.org, start, since, cash, args.lao_code or "")
    org = book.org()
    say("done_init", name=org.name, start=format_short(org.start), since=format_short(org.since),
        cash=format_amount(cash), db=args.db)
    return 0


def cmd_account_add(args) -> int:
    opening = parse_amount(args.opening, field="--opening") if args.opening else 0
    with open_book(args) as book:
        book.add_account(args.key, args.bank, args.number, opening, args.branch or "", args.type or "")
    say("done_account", key=args.key, opening=format_amount(opening))
    return 0


def cmd_opening(args) -> int:
    amount = parse_amount(args.amount, field="จำนวนเงิน")
    target, key = ("cash", "") if args.key.lower() == "cash" else (args.target, args.key)
    with open_book(args) as book:
        book.set_opening(target, key, amount)
    say("done_opening", key=args.key, amount=format_amount(amount))
    return 0


def cmd_held_add(args) -> int:
    opening = parse_amount(args.opening, field="--opening") if args.opening else 0
    with open_book(args) as book:
        book.add_held_account(args.key, args.name, opening)
    say("done_held", key=args.key)
    return 0


def cmd_org_set(args) -> int:
    start = parse_date(args.start, field="--start") if args.start else None
    since = parse_date(args.since, field="--since") if args.since else None
    effective = parse_date(args.date, field="--date") if args.date else None
    with open_book(args) as book:
        effective = effective or (book.first_open_day() if book.closed_through() else None)
        book.update_org(args.name, args.lao_code, start, since, effective)
        org = book.org()
    when = problem("effective_from", date=format_short(effective)).message if effective else ""
    say("done_org", name=org.name, code=org.lao_code or "-", start=format_short(org.start),
        since=format_short(org.since), when=when)
    return 0


def cmd_setting_set(args) -> int:
    effective = parse_date(args.date, field="--date") if args.date else None
    with open_book(args) as book:
        book.set_setting(args.key, args.value, effective)
        eff = effective or book.first_open_day()
    say("done_setting", key=args.key, value=args.value, date=format_short(eff))
    return 0


def cmd_code_add(args) -> int:
    with open_book(args) as book:
        book.add_code(args.code, args.name, args.kind, args.group or "")
    say("done_code", code=args.code, name=args.name)
    return 0


def cmd_receipt_books(args) -> int:
    with open_book(args) as book:
        if args.register:
            book.register_receipt_book(args.register, args.first, args.last)
        if args.range:
            book.set_receipt_book_range(args.range, args.first, args.last)
        for r in book.receipt_book_report():
            gaps = ", ".join(map(str, r["gaps"][:20])) or "-"
            say("receipt_book_line", book=r["book"], first=r["first"], last=r["last"] or "?", used=r["used"],
                voided=r["voided"], gaps=gaps, next=r["next"])
    return 0


def cmd_demo(args) -> int:
    from ..demo import build_demo
    info = build_demo(Path(args.db))
    say("done_demo", info=info)
    return 0
