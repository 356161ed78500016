"""The one catalogue of messages a person reads, in Thai.

The GUI, the command line and import reports all show these same texts.
Errors are values (``Problem``) with where they happened (row, field);
``BookError`` carries one or more of them out of a use case that refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

CATALOGUE: dict[str, str] = {
    # amounts
    "amount_missing": "ช่อง \"{field}\": ยังไม่ได้ใส่จำนวนเงิน",
    "amount_not_number": "ช่อง \"{field}\": \"{value}\" ไม่ใช่จำนวนเงิน (ตัวอย่างที่ถูก: 1,234.50)",
    "amount_negative": "ช่อง \"{field}\": จำนวนเงินติดลบ \"{value}\" ไม่ได้ (ถ้าจะแก้รายการ ให้ใช้การกลับรายการ)",
    "amount_decimals": "ช่อง \"{field}\": \"{value}\" มีทศนิยมเกินสองตำแหน่ง (สตางค์)",
    "amount_fraction": "ช่อง \"{field}\": \"{value}\" ไม่ลงตัวเป็นสตางค์",
    "amount_too_large": "ช่อง \"{field}\": จำนวนเงิน \"{value}\" มากเกินไป",
    "amount_zero": "ช่อง \"{field}\": จำนวนเงินต้องมากกว่าศูนย์",
    # dates
    "date_missing": "ช่อง \"{field}\": ยังไม่ได้ใส่วันที่",
    "date_bad": "ช่อง \"{field}\": อ่านวันที่ \"{value}\" ไม่ออก (ใช้รูปแบบ วัน/เดือน/ปี พ.ศ. เช่น 8/7/2567)",
    "date_not_real": "ช่อง \"{field}\": วันที่ \"{value}\" ไม่มีจริงในปฏิทิน",
    "date_ce_year": "ช่อง \"{field}\": ปี {year} ดูเหมือนเป็นปี ค.ศ. กรุณาใส่ปี พ.ศ. (เช่น {be})",
    "month_bad": "ช่อง \"{field}\": อ่านเดือน \"{value}\" ไม่ออก (ใช้รูปแบบ เดือน/ปี พ.ศ. เช่น 7/2567)",
    "date_before_start": "วันที่ {date} อยู่ก่อนวันเริ่มสมุด ({start})",
    "date_other_fy": "วันที่ {date} อยู่ในปีงบประมาณ {fy} แต่วันที่ทำงานคือ {working} (ปีงบประมาณ {working_fy}) พิมพ์ปีถูกหรือไม่? บันทึกลงวันที่ {date} จริงหรือ?",
    "date_far_ahead": "วันที่ {date} อยู่หลังวันที่ทำงาน ({working}) ไป {days} วัน พิมพ์วันที่ถูกหรือไม่? บันทึกลงวันที่ {date} จริงหรือ?",
    "date_closed": "วันที่ {date} ปิดบัญชีแล้ว (ปิดถึงวันที่ {closed}) บันทึกรายการลงวันที่นี้ไม่ได้",
    # book set-up
    "no_book": "ยังไม่ได้ตั้งสมุดบัญชีในแฟ้ม {path} (ใช้คำสั่ง manualbook init ก่อน)",
    "book_exists": "แฟ้ม {path} ตั้งสมุดบัญชีไว้แล้ว",
    "since_before_start": "วันที่ระบบ e-LAAS ขัดข้อง ({since}) ต้องไม่อยู่ก่อนวันเริ่มสมุด ({start})",
    "opening_locked": "ปิดบัญชีวันแรกไปแล้ว แก้ยอดยกมาไม่ได้ (ให้บันทึกรายการปรับปรุงแทน)",
    "account_exists": "มีบัญชีเงินฝาก \"{key}\" อยู่แล้ว",
    "account_unknown": "ไม่มีบัญชีเงินฝาก \"{key}\" ในสมุด",
    "held_exists": "มีบัญชีเงินรับฝาก \"{key}\" อยู่แล้ว",
    "key_bad": "รหัส \"{key}\" ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข - และ _",
    "setting_unknown": "ไม่รู้จักค่าตั้ง \"{key}\" (ที่ใช้ได้: {known})",
    "code_exists": "มีรหัส \"{code}\" อยู่แล้ว",
    "code_bad": "รหัสรายรับ \"{code}\" ต้องเป็นตัวเลข 8 หลัก",
    # entries
    "kind_bad": "ช่อง \"ประเภท\": \"{value}\" ไม่ใช่ประเภทรายการที่รู้จัก (รับ นำฝาก ถอน จ่าย ยกเลิก)",
    "method_bad": "ช่อง \"วิธีรับจ่าย\": \"{value}\" ไม่รู้จัก (เงินสด เช็ค โอน)",
    "field_required": "ช่อง \"{field}\": ต้องใส่สำหรับรายการประเภท{kind}",
    "field_not_allowed": "ช่อง \"{field}\": รายการประเภท{kind}ไม่ใช้ช่องนี้",
    "code_unknown": "ช่อง \"รหัสรายรับ\": ไม่มีรหัสรายรับหรือบัญชีเงินรับฝาก \"{code}\"",
    "line_unknown": "ช่อง \"รายการงบ\": ไม่มีรายการงบ \"{line}\" ในปีงบประมาณ {fy} หรือบัญชีเงินรับฝากชื่อนี้",
    "receipt_used": "ใบเสร็จเล่มที่ {book} เลขที่ {number} ใช้ไปแล้ว{where}",
    "transfer_ref_used": "เลขอ้างอิงการโอน {number} ของบัญชี {account} บันทึกรับไปแล้ว{where}",
    "receipt_ref_needs_transfer": "ช่อง \"เลขที่\": รับเงินที่ไม่มีเล่มใบเสร็จใส่เลขที่ได้เฉพาะเงินโอนเข้าบัญชี"
                                  " (เลขที่ = เลขอ้างอิงของธนาคาร) ถ้าออกใบเสร็จให้ใส่เล่มที่ด้วย",
    "voucher_used": "ฎีกาเลขที่ {number} ปีงบประมาณ {fy} ใช้ไปแล้ว{where}",
    "slip_used": "ใบนำฝาก/ใบถอนเลขที่ {number} ของบัญชี {account} ใช้ไปแล้ว{where}",
    "wht_too_big": "ช่อง \"ภาษีหัก ณ ที่จ่าย\": {wht} มากกว่าจำนวนเงิน {amount}",
    "over_budget": "รายการงบ \"{line}\" เหลือ {remaining} บาท แต่จ่าย {amount} บาท (เกิน {over} บาท) ให้โอนงบหรือตั้งงบเพิ่มเติมก่อน",
    "below_zero": "{what} ติดลบ ณ สิ้นวันที่ {date} (คงเหลือ {balance} บาท)",
    "cheque_account": "จ่ายด้วยเช็คหรือโอนต้องระบุบัญชีเงินฝาก",
    "cheque_number": "จ่ายด้วยเช็คต้องใส่เลขที่เช็ค",
    "transfer_account": "รับเงินโอนต้องระบุบัญชีเงินฝากที่รับเงิน",
    "cash_no_account": "ช่อง \"บัญชี\": รายการเงินสดไม่ต้องระบุบัญชีเงินฝาก",
    "entry_unknown": "ไม่มีรายการรหัส \"{id}\" ในสมุด",
    "reverse_reversal": "รายการ {id} เป็นการกลับรายการอยู่แล้ว กลับซ้ำไม่ได้ (ให้บันทึกรายการใหม่)",
    "reverse_void": "รายการ {id} เป็นการยกเลิกใบเสร็จ ซึ่งไม่มีจำนวนเงิน กลับรายการไม่ได้",
    "already_reversed": "รายการ {id} ถูกกลับรายการไปแล้ว (รายการ {by})",
    "reverse_before": "วันที่กลับรายการ ({date}) อยู่ก่อนวันที่ของรายการเดิม ({orig})",
    "reason_required": "ต้องระบุเหตุผล",
    "receipt_book_exists": "ลงทะเบียนใบเสร็จเล่มที่ {book} ไว้แล้ว",
    "receipt_book_no": "ต้องระบุเล่มที่ของใบเสร็จ",
    "receipt_book_first": "เลขที่แรกของเล่มต้องตั้งแต่ 1 ขึ้นไป (ใส่ {first})",
    "receipt_book_range": "เลขที่สุดท้ายของเล่ม ({last}) ต้องไม่น้อยกว่าเลขที่แรก ({first})",
    "number_bad": "ช่อง \"{field}\": \"{value}\" ต้องเป็นตัวเลข",
    # import
    "file_missing": "ไม่พบแฟ้ม {path}",
    "file_type": "แฟ้ม {path} ต้องเป็น .csv หรือ .xlsx",
    "file_unreadable": "อ่านแฟ้ม {path} ไม่ได้: {why}",
    "file_empty": "แฟ้ม {path} ไม่มีรายการ",
    "column_unknown": "ไม่รู้จักคอลัมน์ \"{name}\"",
    "column_missing": "แฟ้มไม่มีคอลัมน์ \"{name}\" ที่จำเป็น",
    "already_imported": "แฟ้มนี้นำเข้าไปแล้วเมื่อ {when} (ชื่อแฟ้มตอนนั้น: {name}) ไม่นำเข้าซ้ำ",
    "import_refused": "ไม่ได้นำเข้าแฟ้ม: พบ {count} ปัญหา ยังไม่มีการบันทึกใด ๆ",
    # budget
    "budget_line_changed": "รายการงบ \"{line}\" ปี {fy} มีอยู่แล้วด้วยจำนวน {old} บาท จะเปลี่ยนเป็น {new} บาทไม่ได้ (ให้ใช้การโอนงบหรืองบเพิ่มเติม)",
    "budget_row_bad": "แถวที่ {row}: {why}",
    # day close and verify
    "close_before_start": "วันที่ {date} อยู่ก่อนวันเริ่มสมุด ปิดไม่ได้",
    "close_already": "วันที่ {date} ปิดไปแล้ว (ปิดถึงวันที่ {closed})",
    "verify_chain": "รายการลำดับที่ {seq} (รหัส {id}) ไม่ตรงกับลายนิ้วมือที่บันทึกไว้: ข้อมูลถูกแก้ไขนอกโปรแกรม",
    "verify_link": "รายการลำดับที่ {seq} (รหัส {id}) ไม่ต่อกับรายการก่อนหน้า: มีรายการหายหรือถูกแทรก",
    "verify_close": "การปิดบัญชีวันที่ {date} บันทึกลายนิ้วมือ {head} แต่สมุดตอนนี้ให้ {now}",
    "verify_balance": "{what} ติดลบ ณ สิ้นวันที่ {date}",
    "verify_sqlite": "แฟ้มสมุดเสียหาย: {why}",
    "verify_ok": "สมุดถูกต้อง: {count} รายการ ลายนิ้วมือ {head}",
    "backup_exists": "แฟ้ม {path} มีอยู่แล้ว ไม่เขียนทับ",
    "restore_target_open": "เขียนทับสมุด {path} ไม่ได้: {why}",
    "not_a_book": "แฟ้ม {path} ไม่ใช่สมุดของโปรแกรมนี้",
    "db_locked": "สมุด {path} ถูกเปิดใช้อยู่ในโปรแกรมอื่น",
    "usage": "คำสั่งไม่ถูกต้อง: {why}",
    "not_yet": "คำสั่ง \"{name}\" ยังไม่พร้อมใช้ในรุ่นนี้",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong: a Thai message, and where it is."""

    code: str
    message: str
    row: int | None = None
    field: str | None = None

    def at_row(self, row: int) -> "Problem":
        return Problem(self.code, self.message, row, self.field)

    def text(self) -> str:
        return f"แถวที่ {self.row}: {self.message}" if self.row is not None else self.message

    def __str__(self) -> str:
        return self.text()


def msg(code: str, /, field: str | None = None, **values) -> Problem:
    """Builds a Problem from the catalogue; unknown codes are a programming error."""
    template = CATALOGUE[code]
    if field is not None:
        values["field"] = field
    return Problem(code, template.format(**values), None, field)


class BookError(Exception):
    """A use case refused; nothing was written. Carries one or more Problems."""

    def __init__(self, problems: Problem | Iterable[Problem], headline: Problem | None = None):
        if isinstance(problems, Problem):
            problems = (problems,)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.headline = headline
        super().__init__(self.text())

    @property
    def code(self) -> str:
        return (self.headline or self.problems[0]).code if self.problems or self.headline else ""

    def text(self) -> str:
        lines = [self.headline.text()] if self.headline else []
        lines += [p.text() for p in self.problems]
        return "\n".join(lines)
