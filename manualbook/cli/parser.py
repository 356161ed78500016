"""The command line's grammar: every command, option and help text (the
contract's "Command line"), each command bound to its handler in this package."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import backups, budget, entries, export, keyed, report
from . import book as book_cmds
from .common import ThaiParser


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
    s.set_defaults(func=book_cmds.cmd_init)

    acc = sub.add_parser("account", help="บัญชีเงินฝากธนาคาร").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = acc.add_parser("add")
    s.add_argument("key")
    s.add_argument("--bank", required=True)
    s.add_argument("--number", required=True)
    s.add_argument("--opening")
    s.add_argument("--branch")
    s.add_argument("--type")
    s.set_defaults(func=book_cmds.cmd_account_add)

    s = sub.add_parser("opening", help="แก้ยอดยกมา (ก่อนปิดบัญชีวันแรกเท่านั้น)")
    s.add_argument("key", help="cash หรือรหัสบัญชีเงินฝาก/เงินรับฝาก")
    s.add_argument("amount")
    s.add_argument("--held", dest="target", action="store_const", const="held", default="account")
    s.set_defaults(func=book_cmds.cmd_opening)

    held = sub.add_parser("held", help="บัญชีเงินรับฝาก").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = held.add_parser("add")
    s.add_argument("key")
    s.add_argument("name")
    s.add_argument("--opening")
    s.set_defaults(func=book_cmds.cmd_held_add)

    og = sub.add_parser("org", help="ข้อมูลหน่วยงาน").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = og.add_parser("set", help="แก้ชื่อ/รหัสหน่วยงาน (บันทึกเป็นรายการใหม่ มีผลตั้งแต่วันที่); "
                                  "วันเริ่มสมุดและวันที่ระบบขัดข้องแก้ได้ก่อนปิดบัญชีวันแรกเท่านั้น")
    s.add_argument("--name")
    s.add_argument("--lao-code", dest="lao_code")
    s.add_argument("--start")
    s.add_argument("--since")
    s.add_argument("--date", help="มีผลตั้งแต่วันที่ (ค่าเริ่มต้น: วันแรกที่ยังไม่ปิด)")
    s.set_defaults(func=book_cmds.cmd_org_set)

    st = sub.add_parser("setting", help="ค่าตั้ง เช่น ชื่อผู้ลงนาม").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = st.add_parser("set")
    s.add_argument("key")
    s.add_argument("value")
    s.add_argument("--date", help="มีผลตั้งแต่วันที่ (ค่าเริ่มต้น: วันแรกที่ยังไม่ปิด)")
    s.set_defaults(func=book_cmds.cmd_setting_set)

    code = sub.add_parser("code", help="รหัสรายรับ/รายจ่ายของสำนักงาน").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = code.add_parser("add")
    s.add_argument("code")
    s.add_argument("name")
    s.add_argument("--kind", choices=("revenue", "expense"), default="revenue")
    s.add_argument("--group")
    s.set_defaults(func=book_cmds.cmd_code_add)

    bud = sub.add_parser("budget", help="งบประมาณ").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = bud.add_parser("import")
    s.add_argument("file")
    s.add_argument("--year", type=int)
    s.set_defaults(func=budget.cmd_budget_import)
    s = bud.add_parser("add-line", help="เพิ่มรายการงบทีละรายการ (คอลัมน์เดียวกับแฟ้มงบประมาณ)")
    s.add_argument("key")
    s.add_argument("--item", required=True, help="รายการ/โครงการ")
    s.add_argument("--amount", required=True, help="ตั้งไว้")
    s.add_argument("--year", type=int, help="ปีงบประมาณ (ค่าเริ่มต้น: ปีของวันแรกที่ยังไม่ปิด)")
    for opt in ("plan", "work", "group", "category", "code", "spent", "committed"):
        s.add_argument(f"--{opt}")
    s.set_defaults(func=budget.cmd_budget_add_line)
    s = bud.add_parser("transfer")
    s.add_argument("from_line")
    s.add_argument("to_line")
    s.add_argument("amount")
    s.add_argument("--date", required=True)
    s.add_argument("--reason", required=True)
    s.add_argument("--reference", default="")
    s.set_defaults(func=budget.cmd_budget_transfer)
    s = bud.add_parser("import-sheet", help="นำเข้างบจากแฟ้มที่ส่งออกจาก e-LAAS (จับคู่คอลัมน์ครั้งเดียว)")
    s.add_argument("file")
    s.add_argument("--year", type=int)
    s.add_argument("--set", action="append", metavar="FIELD=COLUMN", help="แก้การจับคู่ เช่น amount=H")
    s.add_argument("--header-rows", help="แถวหัวตาราง เช่น 4,5")
    s.add_argument("--yes", action="store_true", help="นำเข้าจริง (ไม่ใส่ = ดูตัวอย่างเท่านั้น)")
    s.set_defaults(func=budget.cmd_budget_import_sheet)
    s = bud.add_parser("supplementary", help="งบเพิ่มเติม")
    s.add_argument("line")
    s.add_argument("amount")
    s.add_argument("--date", required=True)
    s.add_argument("--reason", required=True)
    s.add_argument("--reference", default="")
    s.set_defaults(func=budget.cmd_budget_supplementary)
    s = bud.add_parser("commit", help="ก่อหนี้ผูกพัน (ใบสั่งซื้อ/สัญญา)")
    s.add_argument("key")
    s.add_argument("line")
    s.add_argument("amount")
    s.add_argument("--date", required=True)
    s.add_argument("--party")
    s.add_argument("--description")
    s.set_defaults(func=budget.cmd_budget_commit)
    s = bud.add_parser("cancel", help="ยกเลิกใบสั่ง/สัญญา")
    s.add_argument("key")
    s.add_argument("--date", required=True)
    s.add_argument("--reason", required=True)
    s.set_defaults(func=budget.cmd_budget_cancel)
    s = bud.add_parser("lines", help="รายการงบและยอดคงเหลือ")
    s.add_argument("--year", type=int)
    s.set_defaults(func=budget.cmd_budget_lines)

    s = sub.add_parser("import", help="นำเข้ารายการจากแฟ้ม CSV/XLSX (ทั้งหมดหรือไม่เลย)")
    s.add_argument("file")
    s.set_defaults(func=entries.cmd_import)

    s = sub.add_parser("entries", help="รายการพร้อมรหัส")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--date")
    g.add_argument("--month")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=entries.cmd_entries)

    s = sub.add_parser("reverse", help="กลับรายการ")
    s.add_argument("id")
    s.add_argument("--reason", required=True)
    s.add_argument("--date")
    s.set_defaults(func=entries.cmd_reverse)

    s = sub.add_parser("close-day", help="ปิดบัญชีวันนี้และวันก่อนหน้าทั้งหมด")
    s.add_argument("date")
    s.set_defaults(func=entries.cmd_close_day)

    s = sub.add_parser("summary", help="สรุปยอด")
    s.add_argument("--date")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=entries.cmd_summary)

    s = sub.add_parser("receipt-books", help="ทะเบียนเล่มใบเสร็จ: เลขที่ใช้ ยกเลิก และเลขที่ขาด")
    s.add_argument("--register", help="ลงทะเบียนเล่มที่")
    s.add_argument("--range", help="กำหนดเลขที่แรก/สุดท้าย (--first/--last) ของเล่มที่ลงทะเบียนแล้ว")
    s.add_argument("--first", type=int, default=1)
    s.add_argument("--last", type=int)
    s.set_defaults(func=book_cmds.cmd_receipt_books)

    s = sub.add_parser("report", help="พิมพ์ทะเบียน (PDF)")
    s.add_argument("name")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--date")
    g.add_argument("--month")
    s.add_argument("--out", required=True)
    s.add_argument("--thai-digits", action="store_true")
    s.set_defaults(func=report.cmd_report)

    s = sub.add_parser("export", help="ชุดข้อมูลสำหรับบันทึกย้อนหลังเข้า e-LAAS")
    s.add_argument("--out", required=True)
    s.add_argument("--since")
    s.set_defaults(func=export.cmd_export)

    k = sub.add_parser("keyed", help="ผลการบันทึกเข้า e-LAAS").add_subparsers(dest="sub", required=True, parser_class=ThaiParser)
    s = k.add_parser("import")
    s.add_argument("file")
    s.set_defaults(func=keyed.cmd_keyed_import)
    s = k.add_parser("status", help="ความคืบหน้าการบันทึกเข้า e-LAAS")
    s.set_defaults(func=keyed.cmd_keyed_status)
    s = sub.add_parser("template", help="แฟ้มตัวอย่างสำหรับนำเข้ารายการ (xlsx)")
    s.add_argument("--out", required=True)
    s.set_defaults(func=export.cmd_template)

    s = sub.add_parser("verify", help="ตรวจความถูกต้องของสมุด (หรือชุดข้อมูล)")
    s.add_argument("bundle", nargs="?")
    s.set_defaults(func=backups.cmd_verify)

    s = sub.add_parser("backup", help="สำรองสมุด (ไม่ใส่ --out = ลงโฟลเดอร์สำรองอัตโนมัติ)")
    s.add_argument("--out")
    s.set_defaults(func=backups.cmd_backup)

    s = sub.add_parser("backups", help="แฟ้มสำรองอัตโนมัติของสมุดนี้")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=backups.cmd_backups)

    s = sub.add_parser("restore", help="กู้คืนสมุดจากแฟ้มสำรอง")
    s.add_argument("file")
    s.set_defaults(func=backups.cmd_restore)

    s = sub.add_parser("demo", help="สร้างสำนักงานตัวอย่างในแฟ้มสมุด")
    s.set_defaults(func=book_cmds.cmd_demo)
    return p
