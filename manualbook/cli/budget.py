"""The ``budget`` commands: import, add-line, transfer, import-sheet,
supplementary, commit, cancel and lines (the use cases are ``budget.py``)."""

from __future__ import annotations

from pathlib import Path

from ..messages import BookError, msg
from ..money import format_amount, parse_amount
from ..proposals import transfer_memo
from ..thaidate import fiscal_year, parse_date
from .common import say


def cmd_budget_import(args) -> int:
    from ..book import Book
    from ..budget import import_lines, read_file

    with Book.open(args.db) as book:
        fy = args.year or fiscal_year(book.org().start)
        rows = read_file(Path(args.file))
        change = import_lines(book, rows, fy)
    say("done_budget_file", fy=fy, lines=change.notes[0].split()[0], estimates=change.notes[1].split()[0])
    return 0


def cmd_budget_add_line(args) -> int:
    from ..book import Book
    from ..budget import add_line

    amount = parse_amount(args.amount, field="--amount")
    spent = parse_amount(args.spent, field="--spent") if args.spent else 0
    committed = parse_amount(args.committed, field="--committed") if args.committed else 0
    with Book.open(args.db) as book:
        fy = args.year or fiscal_year(book.first_open_day())
        add_line(book, fy, args.key, args.item, amount, args.plan or "", args.work or "", args.group or "",
                 args.category or "", args.code or "", spent, committed)
    say("done_line", key=args.key, item=args.item, fy=fy, amount=format_amount(amount))
    return 0


def cmd_budget_transfer(args) -> int:
    from ..book import Book
    from ..budget import transfer

    amount = parse_amount(args.amount, field="จำนวนเงิน", allow_zero=False)
    day = parse_date(args.date, field="--date")
    with Book.open(args.db) as book:
        memo = transfer(book, args.from_line, args.to_line, amount, day, args.reason, args.reference)
    for text in transfer_memo(memo):
        print(text)
    return 0


def cmd_budget_import_sheet(args) -> int:
    from openpyxl.utils import get_column_letter

    from ..book import Book
    from ..budget import import_sheet

    columns = dict(item.split("=", 1) for item in (args.set or []))
    header_rows = tuple(int(x) for x in args.header_rows.split(",")) if args.header_rows else None
    path = Path(args.file)
    if not path.exists():
        raise BookError(msg("file_missing", path=path))
    with Book.open(args.db) as book:
        fy = args.year or fiscal_year(book.org().start)
        mapping, shown, change = import_sheet(book, path.read_bytes(), fy, columns, header_rows, args.yes,
                                              filename=path.name)
    say("sheet_mapping_shown", columns=", ".join(f"{f}={get_column_letter(c + 1)}" for f, c in mapping.columns))
    for row in shown:
        what = row.get("item") or ""
        amount = row.get("amount_text", "")
        say("sheet_preview_line", n=row["row"], action=row["action"], reason=row["reason"],
            line=row.get("line", "") or "", what=what[:40], amount=amount)
    if change is None:
        say("sheet_not_saved")
    else:
        say("done_budget_sheet", fy=fy)
    return 0


def cmd_budget_supplementary(args) -> int:
    from ..book import Book
    from ..budget import supplementary

    amount = parse_amount(args.amount, field="จำนวนเงิน", allow_zero=False)
    with Book.open(args.db) as book:
        supplementary(book, args.line, amount, parse_date(args.date, field="--date"), args.reason, args.reference)
    say("done_supplement", line=args.line, amount=format_amount(amount))
    return 0


def cmd_budget_commit(args) -> int:
    from ..book import Book
    from ..budget import commit

    amount = parse_amount(args.amount, field="จำนวนเงิน", allow_zero=False)
    with Book.open(args.db) as book:
        commit(book, args.key, args.line, amount, parse_date(args.date, field="--date"), args.party or "",
               args.description or "")
    say("done_commit", key=args.key, line=args.line, amount=format_amount(amount))
    return 0


def cmd_budget_cancel(args) -> int:
    from ..book import Book
    from ..budget import cancel_commitment

    with Book.open(args.db) as book:
        cancel_commitment(book, args.key, parse_date(args.date, field="--date"), args.reason)
    say("done_commit_cancel", key=args.key)
    return 0


def cmd_budget_lines(args) -> int:
    from ..book import Book
    from .. import ledger
    from ..budget import lines

    with Book.open(args.db) as book:
        fy = args.year or fiscal_year(book.first_open_day())
        status = {s.key: s for s in ledger.line_statuses(book.db, fy)}
        for line in lines(book, fy):
            s = status[line.key]
            say("budget_status_line", key=line.key, item=line.item[:40], appropriated=format_amount(s.appropriated),
                spent=format_amount(s.spent), committed=format_amount(s.committed),
                remaining=format_amount(s.remaining))
    return 0
