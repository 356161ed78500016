"""Made-up report data for layout previews, tests and benchmarks.

Deterministic (no randomness, no clock) so pictures of it can be golden files.
"""

from __future__ import annotations

import datetime

from ..thaidate import MONTHS_ABBR
from .model import DETAIL, LINE, SECTION, SUBTOTAL, TOTAL, ReportData, Row, SummaryLine


PAYERS = (
    "นายสมชาย ใจดี ชำระค่าธรรมเนียมเก็บขนขยะมูลฝอย",
    "นางสาวศิริพร ทองมี ค่าภาษีป้าย",
    "ร้านป่าไม้ค้าวัสดุ จำกัด ค่าธรรมเนียมใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",
    "นายปู่ เนื้อน้ำ ค่าน้ำประปาหมู่บ้าน",
    "สำนักงานที่ดินจังหวัด ค่าธรรมเนียมจดทะเบียนสิทธิและนิติกรรม",
    "นางญี่ปุ่น ศรีสุข ภาษีที่ดินและสิ่งปลูกสร้าง",
    "ห้างหุ้นส่วนจำกัด ฝั่งโขงก่อสร้าง ค่าขายแบบแปลน",
    "นายกิ่งแก้ว ผู้ใหญ่บ้าน ค่าเช่าอาคารตลาดสด",
)
CODES = ("411001", "412103", "412199", "415004", "421002", "411002", "415999", "412201")


def thai_date(d: datetime.date) -> str:
    return f"{d.day} {MONTHS_ABBR[d.month - 1]} {d.year + 543}"


def receipts_rows(n: int, start: datetime.date = datetime.date(2024, 7, 1),
                  per_day: int = 7, subtotals: bool = True) -> tuple[Row, ...]:
    """n detail rows, ``per_day`` a day, with a "รวมวันที่ …" row after each day."""
    rows: list[Row] = []
    day_cash = day_bank = 0
    for i in range(n):
        d = start + datetime.timedelta(days=i // per_day)
        amount = 1000 + (i * 7919) % 250_000          # satang
        by_bank = i % 3 == 0
        cash, bank = (0, amount) if by_bank else (amount, 0)
        rows.append(Row.of(DETAIL, date=d, doc=f"{1 + i // 100}/{i % 100 + 1:03d}",
                           payer=PAYERS[i % len(PAYERS)], code=CODES[i % len(CODES)],
                           cash=cash, bank=bank, total=amount))
        day_cash += cash
        day_bank += bank
        last_of_day = (i + 1) % per_day == 0 or i == n - 1
        if subtotals and last_of_day:
            rows.append(Row.of(SUBTOTAL, f"รวมวันที่ {thai_date(d)}",
                               cash=day_cash, bank=day_bank, total=day_cash + day_bank))
            day_cash = day_bank = 0
    return tuple(rows)


def receipts_book(n: int = 40, draft: bool = False, subtotals: bool = True) -> ReportData:
    return ReportData(
        org_name="องค์การบริหารส่วนตำบลบ้านน้ำใส อำเภอเมือง จังหวัดสิงห์บุรี",
        title="สมุดเงินสดรับ",
        period_text="ประจำเดือน กรกฎาคม พ.ศ. 2567 (ปีงบประมาณ 2567)",
        rows=receipts_rows(n, subtotals=subtotals),
        total_words="",
        draft=draft,
        signatures=(("ผู้จัดทำ", "นางสาวสุนิสา ปั้นทอง"), ("ผู้อำนวยการกองคลัง", "")),
        footnotes=("ลายนิ้วมือสมุด: 3fa9c2e71b04…",),
    )


def daily_status(draft: bool = False) -> ReportData:
    s = SummaryLine
    summary = (
        s("เงินสด", kind=SECTION),
        s("ยอดยกมา", 1_523_450, indent=1),
        s("รับเงินสดวันนี้", 8_765_025, indent=1),
        s("นำฝากธนาคารวันนี้", 8_000_000, indent=1),
        s("เงินสดคงเหลือยกไป", 2_288_475, TOTAL, indent=1),
        s("เงินฝากธนาคาร", kind=SECTION),
        s("ยอดยกมา", 1_254_300_000, indent=1),
        s("นำฝากวันนี้", 8_000_000, indent=1),
        s("จ่ายจากบัญชีวันนี้ (เช็คและโอน)", 12_500_000, indent=1),
        s("เงินฝากธนาคารคงเหลือยกไป", 1_249_800_000, TOTAL, indent=1),
        s("เช็คที่อนุมัติแล้วแต่ผู้รับยังไม่มารับ", 4_520_000, LINE, indent=1, note="3 ฉบับ"),
        s("เงินที่เก็บรักษาไว้ข้ามคืนเพื่อนำฝากในวันถัดไป", 2_288_475, LINE, indent=1),
    )
    rows = (
        Row.of(bank="ธนาคารกรุงไทย", type="ออมทรัพย์", branch="สิงห์บุรี",
               account="123-4-56789-0", balance=1_020_000_000),
        Row.of(bank="ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", type="ออมทรัพย์",
               branch="บางระจัน", account="0201-2-34567-8", balance=204_300_000),
        Row.of(bank="ธนาคารกรุงไทย", type="กระแสรายวัน", branch="สิงห์บุรี",
               account="123-6-01234-5", balance=25_500_000),
    )
    return ReportData(
        org_name="องค์การบริหารส่วนตำบลบ้านน้ำใส อำเภอเมือง จังหวัดสิงห์บุรี",
        title="รายงานสถานะการเงินประจำวัน",
        period_text="ประจำวันที่ 8 กรกฎาคม พ.ศ. 2567",
        rows=rows,
        table_title="รายละเอียดเงินฝากธนาคาร",
        total_words="หนึ่งพันสองร้อยสี่สิบเก้าล้านแปดพันบาทถ้วน",
        draft=draft,
        summary=summary,
        signatures=(
            ("ผู้ตรวจสอบ", "นางสาวสุนิสา ปั้นทอง"),
            ("กรรมการเก็บรักษาเงิน", ""),
            ("กรรมการเก็บรักษาเงิน", ""),
            ("กรรมการเก็บรักษาเงิน", "นายสิ่งชัย ป่าน้ำ"),
            ("นายกองค์การบริหารส่วนตำบล", ""),
        ),
        footnotes=("ลายนิ้วมือสมุด: 3fa9c2e71b04…",),
    )
