"""The ``budget`` commands: import, add-line, transfer, import-sheet,
supplementary, commit, cancel and lines (the use cases are ``budget.py``)."""

from __future__ import annotations

from pathlib import Path

from ..messages import BookError, msg
from ..money import format_amount, parse_amount
from ..thaidate import fiscal_year, parse_date


def cmd_budget_import(args) -> int:
    from ..book import Book
    from ..budget import import_lines, read_file

    with Book.open(args.db) as book:
        fy = args.year or fiscal_year(book.org().start)
        rows = read_file(Path(args.file))
        change = import_lines(book, rows, fy)
    print(f"นำเข้างบประมาณปี {fy} แล้ว: {change.notes[0].split()[0]} รายการงบ, "
          f"{change.notes[1].split()[0]} ประมาณการรายรับ")
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
    print(f"เพิ่มรายการงบ {args.key} {args.item} ปีงบประมาณ {fy} แล้ว: ตั้งไว้ {format_amount(amount)} บาท")
    return 0


def cmd_budget_transfer(args) -> int:
    from ..book import Book
    from ..budget import transfer

    amount = parse_amount(args.amount, field="จำนวนเงิน", allow_zero=False)
    day = parse_date(args.date, field="--date")
    with Book.open(args.db) as book:
        memo = transfer(book, args.from_line, args.to_line, amount, day, args.reason, args.reference)
    for side in ("from", "to"):
        m = memo[side]
        print(f"{m['line']}: ตั้งจ่ายไว้ {format_amount(m['set'])} คงเหลือก่อนโอน {format_amount(m['before'])} "
              f"โอนครั้งนี้ {format_amount(m['change'])} คงเหลือหลังโอน {format_amount(m['after'])}")
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
    print("การจับคู่คอลัมน์: " + ", ".join(f"{f}={get_column_letter(c + 1)}" for f, c in mapping.columns))
    for row in shown:
        what = row.get("item") or ""
        amount = row.get("amount_text", "")
        print(f"แถว {row['row']:>4} {row['action']:<8} {row['reason']:<14} {row.get('line', '') or '':<6} {what[:40]:<40} {amount:>16}")
    if change is None:
        print("ยังไม่ได้บันทึก: ตรวจการจับคู่และตัวอย่างด้านบน แล้วสั่งซ้ำพร้อม --yes เพื่อนำเข้า")
    else:
        print(f"นำเข้างบประมาณปี {fy} แล้ว และจำการจับคู่คอลัมน์ไว้ใช้ครั้งต่อไป")
    return 0


def cmd_budget_supplementary(args) -> int:
    from ..book import Book
    from ..budget import supplementary

    amount = parse_amount(args.amount, field="จำนวนเงิน", allow_zero=False)
    with Book.open(args.db) as book:
        supplementary(book, args.line, amount, parse_date(args.date, field="--date"), args.reason, args.reference)
    print(f"บันทึกงบเพิ่มเติม {args.line} {format_amount(amount)} บาท แล้ว")
    return 0


def cmd_budget_commit(args) -> int:
    from ..book import Book
    from ..budget import commit

    amount = parse_amount(args.amount, field="จำนวนเงิน", allow_zero=False)
    with Book.open(args.db) as book:
        commit(book, args.key, args.line, amount, parse_date(args.date, field="--date"), args.party or "",
               args.description or "")
    print(f"บันทึกก่อหนี้ผูกพัน {args.key} รายการงบ {args.line} {format_amount(amount)} บาท แล้ว")
    return 0


def cmd_budget_cancel(args) -> int:
    from ..book import Book
    from ..budget import cancel_commitment

    with Book.open(args.db) as book:
        cancel_commitment(book, args.key, parse_date(args.date, field="--date"), args.reason)
    print(f"ยกเลิกใบสั่ง/สัญญา {args.key} แล้ว")
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
            print(f"{line.key:<8} {line.item[:40]:<40} ถือจ่าย {format_amount(s.appropriated):>16} "
                  f"ใช้ไป {format_amount(s.spent):>16} ผูกพัน {format_amount(s.committed):>14} "
                  f"คงเหลือ {format_amount(s.remaining):>16}")
    return 0
