"""The command line: the public face of ``book.py`` for scripts and province offices.

``manualbook [--db PATH] COMMAND ...``; with no command it opens the desktop
app. Exit 0 on success; on failure a Thai message on stderr (every bad row
for files) and a non-zero status, with nothing changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from .messages import BookError, msg
from .money import format_amount, parse_amount
from .thaidate import format_short, parse_date, parse_month

EXIT_REFUSED = 1
EXIT_USAGE = 2


class ThaiParser(argparse.ArgumentParser):
    """argparse that reports usage mistakes in Thai and exits with status 2."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(msg("usage", why=message).message, file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def default_db() -> Path:
    env = os.environ.get("MANUALBOOK_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir
    return Path(user_data_dir("manualbook", appauthor=False)) / "book.sqlite3"


def _date(text: str) -> dt.date:
    return parse_date(text, field="--date")


def _period(args) -> tuple[dt.date | None, dt.date | None]:
    if getattr(args, "month", None):
        return parse_month(args.month, field="--month")
    if getattr(args, "date", None):
        d = _date(args.date)
        return d, d
    return None, None


def _open(args, readonly: bool = False):
    from .book import Book
    return Book.open(args.db, readonly=readonly)


# ------------------------------------------------------------------ commands

def cmd_init(args) -> int:
    from .book import Book
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
    with _open(args) as book:
        book.add_account(args.key, args.bank, args.number, opening, args.branch or "", args.type or "")
    print(f"เพิ่มบัญชีเงินฝาก {args.key} แล้ว (ยอดยกมา {format_amount(opening)} บาท)")
    return 0


def cmd_opening(args) -> int:
    amount = parse_amount(args.amount, field="จำนวนเงิน")
    target, key = ("cash", "") if args.key.lower() == "cash" else (args.target, args.key)
    with _open(args) as book:
        book.set_opening(target, key, amount)
    print(f"บันทึกการแก้ยอดยกมา {args.key} = {format_amount(amount)} บาท แล้ว")
    return 0


def cmd_held_add(args) -> int:
    opening = parse_amount(args.opening, field="--opening") if args.opening else 0
    with _open(args) as book:
        book.add_held_account(args.key, args.name, opening)
    print(f"เพิ่มบัญชีเงินรับฝาก {args.key} แล้ว")
    return 0


def cmd_org_set(args) -> int:
    start = parse_date(args.start, field="--start") if args.start else None
    since = parse_date(args.since, field="--since") if args.since else None
    effective = parse_date(args.date, field="--date") if args.date else None
    with _open(args) as book:
        effective = effective or (book.first_open_day() if book.closed_through() else None)
        book.update_org(args.name, args.lao_code, start, since, effective)
        org = book.org()
    when = f" มีผลตั้งแต่ {format_short(effective)}" if effective else ""
    print(f"บันทึกการแก้ข้อมูลหน่วยงานแล้ว: {org.name} รหัส {org.lao_code or '-'} "
          f"เริ่มสมุด {format_short(org.start)} ระบบขัดข้องตั้งแต่ {format_short(org.since)}{when}")
    return 0


def cmd_setting_set(args) -> int:
    effective = parse_date(args.date, field="--date") if args.date else None
    with _open(args) as book:
        book.set_setting(args.key, args.value, effective)
        eff = effective or book.first_open_day()
    print(f"บันทึกค่าตั้ง {args.key} = {args.value} มีผลตั้งแต่ {format_short(eff)}")
    return 0


def cmd_code_add(args) -> int:
    with _open(args) as book:
        book.add_code(args.code, args.name, args.kind, args.group or "")
    print(f"เพิ่มรหัส {args.code} {args.name} แล้ว")
    return 0


def cmd_import(args) -> int:
    def progress(done: int, total: int) -> None:  # every few thousand rows, on stderr
        print(msg("import_progress", done=f"{done:,}").message + (f" จากประมาณ {total:,}" if total > done else ""),
              file=sys.stderr, flush=True)

    with _open(args) as book:
        change = book.import_file(args.file, progress=progress)
    print(f"นำเข้า {len(change.entries):,} รายการแล้ว")
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
    from .model import KIND_THAI
    first, last = _period(args)
    with _open(args) as book:
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
            note = f" กลับรายการ {e.reverses}" if e.reverses else (f" (ถูกกลับโดย {rev[e.id]})" if e.id in rev else "")
            print(f"{e.id}  {e.seq:>6}  {format_short(e.date):>10}  {KIND_THAI[e.kind]:<10} "
                  f"{e.document:<10} {what:<10} {format_amount(e.amount):>16}  {e.party or e.description}{note}")
    return 0


def cmd_reverse(args) -> int:
    day = _date(args.date) if args.date else None
    with _open(args) as book:
        change = book.reverse(args.id, args.reason, day)
        rev = book.entry(change.entries[0])
    print(f"กลับรายการ {args.id.upper()} แล้ว: รายการใหม่ {rev.id} วันที่ {format_short(rev.date)}")
    return 0


def cmd_close_day(args) -> int:
    from .backups import backup_after_close
    day = _date(args.date)
    with _open(args) as book:
        book.close_day(day)
        head, count = book.chain_head()
        from .chain import short
        print(f"ปิดบัญชีถึงวันที่ {format_short(day)} แล้ว ({count:,} รายการ ลายนิ้วมือ {short(head)})")
        report = backup_after_close(book)
    print(report.text(), file=sys.stderr if report.warnings or not report.made else sys.stdout)
    return 0


def cmd_summary(args) -> int:
    from .book import summary_json
    day = _date(args.date) if args.date else None
    with _open(args, readonly=True) as book:  # a read: no write lock, no whole-file check
        summary = book.summary(day)
    data = summary_json(summary)  # exactly the contract's object; the days keyed are in the text only
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(f"ณ สิ้นวันที่ {format_short(dt.date.fromisoformat(data['date']))}: เงินสด {data['cash']} บาท")
        for k, v in data["accounts"].items():
            print(f"  บัญชี {k}: {v} บาท")
        for k, v in data["held"].items():
            print(f"  เงินรับฝาก {k}: {v} บาท")
        print(f"  รายการทั้งหมด {data['entries']} รายการ")
        print(f"  บันทึกเข้า e-LAAS แล้ว {summary.keyed:,} จาก {summary.keyable:,} รายการ "
              f"ครบ {summary.days_keyed} จาก {summary.days_to_key} วัน")
        if summary.days_unreconciled:
            print("  ยอดรายวันไม่ตรงกับ e-LAAS: " + ", ".join(map(format_short, summary.days_unreconciled)))
    return 0


def cmd_verify(args) -> int:
    if args.bundle:
        try:
            from .bundle import verify_bundle
        except ImportError:
            raise BookError(msg("not_yet", name="verify BUNDLE_DIR")) from None
        live = _live_book(args.db)  # the book that wrote the bundle, if it is here: its record of the export
        try:
            result = verify_bundle(Path(args.bundle), live)
        finally:
            if live is not None:
                live.close()
    else:
        from .book import Book
        with Book.open(args.db, readonly=True) as book:  # verify never writes
            result = book.verify()
    if result.ok:
        print(result.text())
        return 0
    print(result.text(), file=sys.stderr)
    return EXIT_REFUSED


def _live_book(path: Path):
    from .book import Book
    try:
        return Book.open(path, readonly=True) if path and Path(path).exists() else None
    except BookError:
        return None


def cmd_backup(args) -> int:
    if not args.out:  # into the backups folder(s), as after a day close
        from .backups import make_backup
        with _open(args) as book:
            report = make_backup(book, "manual")
        print(report.text())
        return 0
    from .backup import backup
    result = backup(Path(args.db), Path(args.out))
    print(f"สำรองสมุดไปที่ {args.out} แล้ว และตรวจสำเนาแล้ว: {result.text()}")
    return 0


def cmd_backups(args) -> int:
    from .backups import book_backups
    from .book import Book
    with Book.open(args.db, readonly=True) as book:
        found = book_backups(book)
    if args.json:
        print(json.dumps([b.as_json() for b in found], ensure_ascii=False))
        return 0
    if not found:
        print(msg("backups_none").message)
    from .chain import short
    for b in found:
        mark = "ตรวจแล้ว" if b.verified else "ไม่ผ่านการตรวจ"
        print(f"{b.created}  {b.entries:>8} รายการ  {short(b.head) if b.head else '-':<19}  {mark:<14}  {b.path}")
    return 0


def cmd_restore(args) -> int:
    from .backup import restore
    result, saved = restore(Path(args.file), Path(args.db))
    extra = f" (สมุดเดิมเก็บไว้ที่ {saved} ไม่ได้ลบ)" if saved else ""
    print(f"กู้คืนสมุดจาก {args.file} แล้ว{extra}: {result.text()}")
    return 0


def cmd_demo(args) -> int:
    from .demo import build_demo
    info = build_demo(Path(args.db))
    print(f"สร้างสำนักงานตัวอย่างแล้ว: {info}")
    return 0


def cmd_receipt_books(args) -> int:
    with _open(args) as book:
        if args.register:
            book.register_receipt_book(args.register, args.first, args.last)
        if args.range:
            book.set_receipt_book_range(args.range, args.first, args.last)
        for r in book.receipt_book_report():
            gaps = ", ".join(map(str, r["gaps"][:20])) or "-"
            print(f"เล่มที่ {r['book']}: เลขที่ {r['first']}-{r['last'] or '?'} ใช้ {r['used']} ยกเลิก "
                  f"{r['voided']} เลขที่ขาด {gaps} เลขถัดไป {r['next']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = ThaiParser(prog="manualbook", description="สมุดบัญชีมือของ อปท. ระหว่างระบบ e-LAAS ใช้งานไม่ได้")
    p.add_argument("--db", type=Path, default=None, help="แฟ้มสมุดบัญชี (ค่าเริ่มต้น: MANUALBOOK_DB หรือโฟลเดอร์ข้อมูลผู้ใช้)")
    p.add_argument("--wait", action="store_true",
                   help="ถ้าสมุดกำลังถูกใช้ (เปิดในโปรแกรมหรือคำสั่งอื่น) ให้รอจนว่างแทนการเลิก (สำหรับสคริปต์)")
    sub = p.add_subparsers(dest="command", parser_class=ThaiParser)

    s = sub.add_parser("init", help="ตั้งสมุดบัญชีใหม่")
    s.add_argument("--org", required=True)
    s.add_argument("--start", required=True)
    s.add_argument("--since")
    s.add_argument("--cash")
    s.add_argument("--lao-code", dest="lao_code")
    s.set_defaults(func=cmd_init)

    acc = sub.add_parser("account", help="บัญชีเงินฝากธนาคาร").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = acc.add_parser("add")
    s.add_argument("key")
    s.add_argument("--bank", required=True)
    s.add_argument("--number", required=True)
    s.add_argument("--opening")
    s.add_argument("--branch")
    s.add_argument("--type")
    s.set_defaults(func=cmd_account_add)

    s = sub.add_parser("opening", help="แก้ยอดยกมา (ก่อนปิดบัญชีวันแรกเท่านั้น)")
    s.add_argument("key", help="cash หรือรหัสบัญชีเงินฝาก/เงินรับฝาก")
    s.add_argument("amount")
    s.add_argument("--held", dest="target", action="store_const", const="held", default="account")
    s.set_defaults(func=cmd_opening)

    held = sub.add_parser("held", help="บัญชีเงินรับฝาก").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = held.add_parser("add")
    s.add_argument("key")
    s.add_argument("name")
    s.add_argument("--opening")
    s.set_defaults(func=cmd_held_add)

    og = sub.add_parser("org", help="ข้อมูลหน่วยงาน").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = og.add_parser("set", help="แก้ชื่อ/รหัสหน่วยงาน (บันทึกเป็นรายการใหม่ มีผลตั้งแต่วันที่); "
                                  "วันเริ่มสมุดและวันที่ระบบขัดข้องแก้ได้ก่อนปิดบัญชีวันแรกเท่านั้น")
    s.add_argument("--name")
    s.add_argument("--lao-code", dest="lao_code")
    s.add_argument("--start")
    s.add_argument("--since")
    s.add_argument("--date", help="มีผลตั้งแต่วันที่ (ค่าเริ่มต้น: วันแรกที่ยังไม่ปิด)")
    s.set_defaults(func=cmd_org_set)

    st = sub.add_parser("setting", help="ค่าตั้ง เช่น ชื่อผู้ลงนาม").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = st.add_parser("set")
    s.add_argument("key")
    s.add_argument("value")
    s.add_argument("--date", help="มีผลตั้งแต่วันที่ (ค่าเริ่มต้น: วันแรกที่ยังไม่ปิด)")
    s.set_defaults(func=cmd_setting_set)

    code = sub.add_parser("code", help="รหัสรายรับ/รายจ่ายของสำนักงาน").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = code.add_parser("add")
    s.add_argument("code")
    s.add_argument("name")
    s.add_argument("--kind", choices=("revenue", "expense"), default="revenue")
    s.add_argument("--group")
    s.set_defaults(func=cmd_code_add)

    bud = sub.add_parser("budget", help="งบประมาณ").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = bud.add_parser("import")
    s.add_argument("file")
    s.add_argument("--year", type=int)
    s.set_defaults(func=_budget("cmd_budget_import"))
    s = bud.add_parser("add-line", help="เพิ่มรายการงบทีละรายการ (คอลัมน์เดียวกับแฟ้มงบประมาณ)")
    s.add_argument("key")
    s.add_argument("--item", required=True, help="รายการ/โครงการ")
    s.add_argument("--amount", required=True, help="ตั้งไว้")
    s.add_argument("--year", type=int, help="ปีงบประมาณ (ค่าเริ่มต้น: ปีของวันแรกที่ยังไม่ปิด)")
    for opt in ("plan", "work", "group", "category", "code", "spent", "committed"):
        s.add_argument(f"--{opt}")
    s.set_defaults(func=_budget("cmd_budget_add_line"))
    s = bud.add_parser("transfer")
    s.add_argument("from_line")
    s.add_argument("to_line")
    s.add_argument("amount")
    s.add_argument("--date", required=True)
    s.add_argument("--reason", required=True)
    s.add_argument("--reference", default="")
    s.set_defaults(func=_budget("cmd_budget_transfer"))
    s = bud.add_parser("import-sheet", help="นำเข้างบจากแฟ้มที่ส่งออกจาก e-LAAS (จับคู่คอลัมน์ครั้งเดียว)")
    s.add_argument("file")
    s.add_argument("--year", type=int)
    s.add_argument("--set", action="append", metavar="FIELD=COLUMN", help="แก้การจับคู่ เช่น amount=H")
    s.add_argument("--header-rows", help="แถวหัวตาราง เช่น 4,5")
    s.add_argument("--yes", action="store_true", help="นำเข้าจริง (ไม่ใส่ = ดูตัวอย่างเท่านั้น)")
    s.set_defaults(func=_budget("cmd_budget_import_sheet"))
    s = bud.add_parser("supplementary", help="งบเพิ่มเติม")
    s.add_argument("line")
    s.add_argument("amount")
    s.add_argument("--date", required=True)
    s.add_argument("--reason", required=True)
    s.add_argument("--reference", default="")
    s.set_defaults(func=_budget("cmd_budget_supplementary"))
    s = bud.add_parser("commit", help="ก่อหนี้ผูกพัน (ใบสั่งซื้อ/สัญญา)")
    s.add_argument("key")
    s.add_argument("line")
    s.add_argument("amount")
    s.add_argument("--date", required=True)
    s.add_argument("--party")
    s.add_argument("--description")
    s.set_defaults(func=_budget("cmd_budget_commit"))
    s = bud.add_parser("cancel", help="ยกเลิกใบสั่ง/สัญญา")
    s.add_argument("key")
    s.add_argument("--date", required=True)
    s.add_argument("--reason", required=True)
    s.set_defaults(func=_budget("cmd_budget_cancel"))
    s = bud.add_parser("lines", help="รายการงบและยอดคงเหลือ")
    s.add_argument("--year", type=int)
    s.set_defaults(func=_budget("cmd_budget_lines"))

    s = sub.add_parser("import", help="นำเข้ารายการจากแฟ้ม CSV/XLSX (ทั้งหมดหรือไม่เลย)")
    s.add_argument("file")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("entries", help="รายการพร้อมรหัส")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--date")
    g.add_argument("--month")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_entries)

    s = sub.add_parser("reverse", help="กลับรายการ")
    s.add_argument("id")
    s.add_argument("--reason", required=True)
    s.add_argument("--date")
    s.set_defaults(func=cmd_reverse)

    s = sub.add_parser("close-day", help="ปิดบัญชีวันนี้และวันก่อนหน้าทั้งหมด")
    s.add_argument("date")
    s.set_defaults(func=cmd_close_day)

    s = sub.add_parser("summary", help="สรุปยอด")
    s.add_argument("--date")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_summary)

    s = sub.add_parser("receipt-books", help="ทะเบียนเล่มใบเสร็จ: เลขที่ใช้ ยกเลิก และเลขที่ขาด")
    s.add_argument("--register", help="ลงทะเบียนเล่มที่")
    s.add_argument("--range", help="กำหนดเลขที่แรก/สุดท้าย (--first/--last) ของเล่มที่ลงทะเบียนแล้ว")
    s.add_argument("--first", type=int, default=1)
    s.add_argument("--last", type=int)
    s.set_defaults(func=cmd_receipt_books)

    s = sub.add_parser("report", help="พิมพ์ทะเบียน (PDF)")
    s.add_argument("name")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--date")
    g.add_argument("--month")
    s.add_argument("--out", required=True)
    s.add_argument("--thai-digits", action="store_true")
    s.set_defaults(func=_later_module("reporting", "cmd_report", "report"))

    s = sub.add_parser("export", help="ชุดข้อมูลสำหรับบันทึกย้อนหลังเข้า e-LAAS")
    s.add_argument("--out", required=True)
    s.add_argument("--since")
    s.set_defaults(func=_later_module("bundle", "cmd_export", "export"))

    k = sub.add_parser("keyed", help="ผลการบันทึกเข้า e-LAAS").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = k.add_parser("import")
    s.add_argument("file")
    s.set_defaults(func=_later_module("keyed", "cmd_keyed_import", "keyed import"))
    s = k.add_parser("status", help="ความคืบหน้าการบันทึกเข้า e-LAAS")
    s.set_defaults(func=_later_module("keyed", "cmd_keyed_status", "keyed status"))
    s = sub.add_parser("template", help="แฟ้มตัวอย่างสำหรับนำเข้ารายการ (xlsx)")
    s.add_argument("--out", required=True)
    s.set_defaults(func=_later_module("bundle", "cmd_template", "template"))

    s = sub.add_parser("verify", help="ตรวจความถูกต้องของสมุด (หรือชุดข้อมูล)")
    s.add_argument("bundle", nargs="?")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("backup", help="สำรองสมุด (ไม่ใส่ --out = ลงโฟลเดอร์สำรองอัตโนมัติ)")
    s.add_argument("--out")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("backups", help="แฟ้มสำรองอัตโนมัติของสมุดนี้")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_backups)

    s = sub.add_parser("restore", help="กู้คืนสมุดจากแฟ้มสำรอง")
    s.add_argument("file")
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("demo", help="สร้างสำนักงานตัวอย่างในแฟ้มสมุด")
    s.set_defaults(func=cmd_demo)
    return p


def _later_module(module: str, func: str, name: str):
    """Commands whose code lives in a module of its own (loaded only when used)."""
    def run(args) -> int:
        import importlib
        try:
            mod = importlib.import_module(f"manualbook.{module}")
        except ModuleNotFoundError:
            raise BookError(msg("not_yet", name=name)) from None
        return getattr(mod, func)(args)
    return run


def _budget(func: str):
    return _later_module("budget", func, "budget")


# Commands that write the book: they honour the app's lock file and hold it while they run.
WRITING = {"init", "account", "opening", "held", "setting", "code", "import", "reverse", "close-day", "export",
           "restore", "demo", "org"}


def writes_book(args) -> bool:
    if args.command in WRITING:
        return True
    sub = getattr(args, "sub", None)
    if args.command == "budget":
        return sub != "lines" and (sub != "import-sheet" or bool(getattr(args, "yes", False)))
    if args.command == "keyed":
        return sub == "import"
    if args.command == "receipt-books":
        return bool(getattr(args, "register", None) or getattr(args, "range", None))
    return False


def run_command(args) -> int:
    """Runs the command, under the book's lock when it writes (waiting for it with --wait)."""
    if not writes_book(args):
        return args.func(args)
    from .lockfile import BookLock, holder_text

    def waiting() -> None:
        print(msg("book_waiting", path=args.db, who=holder_text(args.db)).message, file=sys.stderr, flush=True)

    with BookLock(args.db) as lock:
        lock.acquire(wait=args.wait, on_wait=waiting)
        return args.func(args)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = args.db or default_db()
    if not args.command:
        from manualbook_ui.app import main as gui_main
        return gui_main(str(args.db))
    try:
        return run_command(args)
    except BookError as exc:
        print(exc.text(), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("ยกเลิกแล้ว", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        return _pipe_closed()
    except Exception as exc:  # the edge: whatever escaped is said in Thai, never as a traceback
        from .edge import problem_for
        print(problem_for(exc, args.db).text(), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        _tell_upgrades()


def _tell_upgrades() -> None:
    """Once, on stderr: what opening the book file changed in it (a migration)."""
    from .store.db import take_notices

    for note in take_notices():
        try:
            print(note, file=sys.stderr)
        except (BrokenPipeError, OSError):
            pass


def _pipe_closed() -> int:
    """The reader went away (``manualbook entries | head``): end quietly. Whatever
    Python still holds for stdout goes nowhere, so the exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
