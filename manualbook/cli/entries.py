"""Commands on the entries: ``import``, ``entries``, ``reverse``, ``close-day``
and ``summary``."""

from __future__ import annotations

import datetime as dt
import json
import sys

from ..messages import msg, problem
from ..money import format_amount
from ..thaidate import format_short
from .common import day_arg, open_book, period, say


def cmd_import(args) -> int:
    def progress(done: int, total: int) -> None:  # every few thousand rows, on stderr
        print(msg("import_progress", done=f"{done:,}").message + (problem("import_of_about", total=f"{total:,}").message if total > done else ""),
              file=sys.stderr, flush=True)

    # a long file's second process starts first, so its start-up overlaps the book's opening
    from pathlib import Path

    from ..import_fast import Checker
    checker = Checker.start(Path(args.db), Path(args.file), fork=True) if args.db else None
    try:
        with open_book(args) as book:
            change = book.import_file(args.file, progress=progress, checker=checker)
    finally:
        if checker:
            checker.close()
    say("done_import", count=f"{len(change.entries):,}")
    return 0


def _entry_json(e, reversed_by: dict) -> dict:
    return {"id": e.id, "seq": e.seq, "date": e.date.isoformat(), "kind": e.kind,
            "base_kind": e.base_kind, "book": e.book, "number": e.number, "party": e.party,
            "code": e.code, "line": e.line, "description": e.description,
            "amount": format_amount(e.amount), "wht": format_amount(e.wht), "net": format_amount(e.net),
            "method": e.method, "account": e.account, "cheque": e.cheque, "commitment": e.commitment,
            "reverses": e.reverses or None, "reversed_by": reversed_by.get(e.id), "reason": e.reason,
            "recorded_at": e.recorded_at, "clerk": e.clerk, "hash": e.hash}


def cmd_entries(args) -> int:
    from ..model import KIND_THAI
    first, last = period(args)
    with open_book(args) as book:
        rev = book.reversed_by()
        if args.json:
            out = sys.stdout
            out.write("[")
            for i, e in enumerate(book.entries(first, last)):
                out.write(("," if i else "") + "\n" + json.dumps(_entry_json(e, rev), ensure_ascii=False))
            out.write("\n]\n")
            return 0
        for e in book.entries(first, last):
            what = e.code or e.line or e.account
            note = (problem("entry_reverses", id=e.reverses).message if e.reverses else
                    problem("entry_reversed_by", id=rev[e.id]).message if e.id in rev else "")
            print(f"{e.id}  {e.seq:>6}  {format_short(e.date):>10}  {KIND_THAI[e.kind]:<10} "
                  f"{e.document:<10} {what:<10} {format_amount(e.amount):>16}  {e.party or e.description}{note}")
    return 0


def cmd_reverse(args) -> int:
    day = day_arg(args.date) if args.date else None
    with open_book(args) as book:
        change = book.reverse(args.id, args.reason, day)
        rev = book.entry(change.entries[0])
    say("done_reverse", id=args.id.upper(), new=rev.id, date=format_short(rev.date))
    return 0


def cmd_close_day(args) -> int:
    from ..backups import backup_after_close
    day = day_arg(args.date)
    with open_book(args) as book:
        book.close_day(day)
        head, count = book.chain_head()
        from ..chain import short
        say("done_close", date=format_short(day), count=f"{count:,}", head=short(head))
        report = backup_after_close(book)
    print(report.text(), file=sys.stderr if report.warnings or not report.made else sys.stdout)
    return 0


def cmd_summary(args) -> int:
    from ..figures import summary_json
    day = day_arg(args.date) if args.date else None
    with open_book(args, readonly=True) as book:  # a read: no write lock, no whole-file check
        summary = book.summary(day)
    data = summary_json(summary)  # exactly the contract's object; the days keyed are in the text only
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        say("summary_day", date=format_short(dt.date.fromisoformat(data["date"])), cash=data["cash"])
        for k, v in data["accounts"].items():
            say("summary_account", key=k, amount=v)
        for k, v in data["held"].items():
            say("summary_held", key=k, amount=v)
        say("summary_entries", count=data["entries"])
        say("summary_keyed", keyed=f"{summary.keyed:,}", keyable=f"{summary.keyable:,}", days=summary.days_keyed,
            days_to_key=summary.days_to_key)
        if summary.days_unreconciled:
            say("summary_unreconciled", dates=", ".join(map(format_short, summary.days_unreconciled)))
    return 0
