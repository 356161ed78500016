"""Commands that set the book up and keep its lists: ``init``, ``account add``,
``opening``, ``held add``, ``org set``, ``setting set``, ``code add``,
``receipt-books`` and ``demo``."""

from __future__ import annotations

from pathlib import Path

from ..money import format_amount, parse_amount
from ..thaidate import format_short, parse_date
from .common import open_book


def cmd_init(args) -> int:
    from ..book import Book
    start = parse_date(args.start, field="--start")
    since = parse_date(args.since, field="--since") if args.since else None
    cash = parse_amount(args.cash, field="--cash") if args.cash else 0
    book = Book.create(args.db, args.org, start, since, cash, args.lao_code or "")
    org = book.org()
    print(f"ตั้งสมุดบัญชี {org.name} แล้ว: เริ่ม {format_short(org.start)}, "
          f"ระบบ e-LAAS ขัดข้องตั้งแต่ {format_short(org.since)}, เงินสดยกมา {format_amount(cash)} บาท ({args.db})")
    return 0


def cmd_account_add(args) -> int:
    opening = parse_amount(args.opening, field="--opening") if args.opening else 0
    with open_book(args) as book:
        book.add_account(args.key, args.bank, args.number, opening, args.branch or "", args.type or "")
    print(f"เพิ่มบัญชีเงินฝาก {args.key} แล้ว (ยอดยกมา {format_amount(opening)} บาท)")
    return 0


def cmd_opening(args) -> int:
    amount = parse_amount(args.amount, field="จำนวนเงิน")
    target, key = ("cash", "") if args.key.lower() == "cash" else (args.target, args.key)
    with open_book(args) as book:
        book.set_opening(target, key, amount)
    print(f"บันทึกการแก้ยอดยกมา {args.key} = {format_amount(amount)} บาท แล้ว")
    return 0


def cmd_held_add(args) -> int:
    opening = parse_amount(args.opening, field="--opening") if args.opening else 0
    with open_book(args) as book:
        book.add_held_account(args.key, args.name, opening)
    print(f"เพิ่มบัญชีเงินรับฝาก {args.key} แล้ว")
    return 0


def cmd_org_set(args) -> int:
    start = parse_date(args.start, field="--start") if args.start else None
    since = parse_date(args.since, field="--since") if args.since else None
    effective = parse_date(args.date, field="--date") if args.date else None
    with open_book(args) as book:
        effective = effective or (book.first_open_day() if book.closed_through() else None)
        book.update_org(args.name, args.lao_code, start, since, effective)
        org = book.org()
    when = f" มีผลตั้งแต่ {format_short(effective)}" if effective else ""
    print(f"บันทึกการแก้ข้อมูลหน่วยงานแล้ว: {org.name} รหัส {org.lao_code or '-'} "
          f"เริ่มสมุด {format_short(org.start)} ระบบขัดข้องตั้งแต่ {format_short(org.since)}{when}")
    return 0


def cmd_setting_set(args) -> int:
    effective = parse_date(args.date, field="--date") if args.date else None
    with open_book(args) as book:
        book.set_setting(args.key, args.value, effective)
        eff = effective or book.first_open_day()
    print(f"บันทึกค่าตั้ง {args.key} = {args.value} มีผลตั้งแต่ {format_short(eff)}")
    return 0


def cmd_code_add(args) -> int:
    with open_book(args) as book:
        book.add_code(args.code, args.name, args.kind, args.group or "")
    print(f"เพิ่มรหัส {args.code} {args.name} แล้ว")
    return 0


def cmd_receipt_books(args) -> int:
    with open_book(args) as book:
        if args.register:
            book.register_receipt_book(args.register, args.first, args.last)
        if args.range:
            book.set_receipt_book_range(args.range, args.first, args.last)
        for r in book.receipt_book_report():
            gaps = ", ".join(map(str, r["gaps"][:20])) or "-"
            print(f"เล่มที่ {r['book']}: เลขที่ {r['first']}-{r['last'] or '?'} ใช้ {r['used']} ยกเลิก "
                  f"{r['voided']} เลขที่ขาด {gaps} เลขถัดไป {r['next']}")
    return 0


def cmd_demo(args) -> int:
    from ..demo import build_demo
    info = build_demo(Path(args.db))
    print(f"สร้างสำนักงานตัวอย่างแล้ว: {info}")
    return 0
