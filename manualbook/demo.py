"""A realistic demo office: a month of a sub-district's books, for trying the app.

July 2567 of an invented อบต.: two bank accounts, a FY2567 budget that
started mid-year (spent and received before the books' start), daily
receipts from receipt books and by bank transfer (numbered by the bank's
reference), deposits, cash withdrawals for the elderly allowance, payments
by cheque and transfer with withholding tax, a budget transfer, one
commitment part-paid and one open, a few voided receipts and reversals,
cheques handed over, and every day but the last few closed. Deterministic
(seeded).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from . import budget
from .book import Book
from .model import BudgetRow as _Line
from .model import EntryDraft

START = dt.date(2024, 7, 1)
SINCE = dt.date(2024, 7, 7)
LAST = dt.date(2024, 7, 31)


B = 100  # satang per baht
# A budget that started mid-year: ``amount`` is the year's appropriation as set in the
# ordinance (ตั้งไว้) and ``spent`` what was spent on the line before the books' first
# day (1 ต.ค. 2566 - 30 มิ.ย. 2567), which reduces what remains. Expense codes other
# than the confirmed งบกลาง ones (5110700, 5110800) are illustrative.
LINES = (
    _Line("L01", "บริหารงานทั่วไป", "งานบริหารทั่วไป", "งบบุคลากร", "เงินเดือน (ฝ่ายประจำ)", "5220100", "เงินเดือนพนักงาน", 2_400_000 * B, 1_800_000 * B),
    _Line("L02", "บริหารงานทั่วไป", "งานบริหารทั่วไป", "งบดำเนินงาน", "ค่าใช้สอย", "5320100", "รายจ่ายเพื่อให้ได้มาซึ่งบริการ", 350_000 * B, 190_000 * B),
    _Line("L03", "บริหารงานทั่วไป", "งานบริหารทั่วไป", "งบดำเนินงาน", "ค่าวัสดุ", "5330100", "วัสดุสำนักงาน", 150_000 * B, 98_000 * B),
    _Line("L04", "บริหารงานทั่วไป", "งานบริหารทั่วไป", "งบดำเนินงาน", "ค่าสาธารณูปโภค", "5340100", "ค่าไฟฟ้า", 240_000 * B, 171_500 * B),
    _Line("L05", "งบกลาง", "งบกลาง", "งบกลาง", "งบกลาง", "5110700", "เบี้ยยังชีพผู้สูงอายุ", 3_600_000 * B, 2_700_000 * B),
    _Line("L06", "อุตสาหกรรมและการโยธา", "งานก่อสร้างโครงสร้างพื้นฐาน", "งบลงทุน", "ค่าที่ดินและสิ่งก่อสร้าง", "5420600", "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4 บ้านโนนสะอาด", 500_000 * B),
    _Line("L07", "บริหารงานทั่วไป", "งานบริหารทั่วไป", "งบดำเนินงาน", "ค่าวัสดุ", "5330800", "วัสดุเชื้อเพลิงและหล่อลื่น", 120_000 * B, 81_250 * B),
    _Line("L08", "การศึกษา", "งานระดับก่อนวัยเรียนและประถมศึกษา", "งบดำเนินงาน", "ค่าวัสดุ", "5330400", "ค่าอาหารเสริม (นม)", 300_000 * B, 201_000 * B),
    _Line("L09", "งบกลาง", "งบกลาง", "งบกลาง", "งบกลาง", "5110800", "เบี้ยยังชีพคนพิการ", 1_152_000 * B, 864_000 * B),
)
# Revenue estimates (ประมาณการรายรับ) of the year, per revenue code, and what was received on
# each before the books' first day, so year-to-date figures count from 1 ต.ค. 2566.
ESTIMATES = tuple(_Line("", "", "", "", "", code, "", 0, estimate=amount * B, received=received * B)
                  for code, amount, received in (
    ("41100001", 150_000, 38_420), ("41100002", 20_000, 9_875), ("41100003", 60_000, 41_260),
    ("41210004", 15_000, 4_500), ("41210007", 40_000, 13_900), ("41210008", 45_000, 30_655)))
HOLIDAYS = (dt.date(2024, 7, 22), dt.date(2024, 7, 29))
RECEIPT_BOOKS = (("12", 50), ("13", 100), ("14", 100))
PAYERS = ("นายสมชาย ใจดี", "นางสาวสุภาพร แก้วมณี", "นางบุญมี ศรีสุข", "นายประยุทธ์ ทองคำ", "นางสมศรี พึ่งบุญ",
          "นายวิชัย บุญเรือง", "ร้านค้าชุมชนบ้านหนองบัว", "นางลำดวน สายทอง", "นายทองดี มีสุข", "นางสาวอรุณี ผิวผ่อง",
          "บริษัท ศรีสะเกษค้าวัสดุ จำกัด", "นายเสน่ห์ ปิ่นทอง")
RECEIPT_CODES = (("41210008", 20, 150), ("41210008", 20, 150), ("41100002", 50, 900), ("41100003", 200, 3_000),
                 ("41100001", 500, 12_000), ("41210007", 100, 2_000), ("41210004", 100, 1_000))


def _draft(**kw) -> EntryDraft:
    kw.setdefault("base_kind", kw["kind"])
    return EntryDraft(**kw)


def build_demo(path: Path) -> str:
    rng = random.Random(2567)
    book = Book.create(path, "องค์การบริหารส่วนตำบลหนองบัวแดง", START, SINCE, cash=12_500 * B,
                       lao_code="6330801", clerk="นางสาวพิมพ์ชนก ศรีวงศ์")
    try:
        return _fill(book, rng)
    finally:
        book.close()


def _fill(book: Book, rng: random.Random) -> str:
    for key, value in (("clerk_title", "เจ้าพนักงานการเงินและบัญชี"), ("finance_head", "นางวันเพ็ญ ทองสุข"),
                       ("finance_head_title", "ผู้อำนวยการกองคลัง"), ("checker", "นายอนุชา พรมมา"),
                       ("checker_title", "นักวิชาการเงินและบัญชี"), ("palad", "นายสุรชัย แสงทอง"),
                       ("palad_title", "ปลัดองค์การบริหารส่วนตำบล"), ("executive", "นายบุญส่ง มั่นคง"),
                       ("executive_title", "นายกองค์การบริหารส่วนตำบลหนองบัวแดง"),
                       ("committee_1", "นางสาวจันทร์เพ็ญ ใจงาม"), ("committee_1_title", "ประธานกรรมการ"),
                       ("committee_2", "นายประเสริฐ คำดี"), ("committee_2_title", "กรรมการ"),
                       ("committee_3", "นางสุดา วงศ์ใหญ่"), ("committee_3_title", "กรรมการ")):
        book.set_setting(key, value, START)
    book.add_account("KTB-SAV", "ธนาคารกรุงไทย", "321-1-23456-7", 4_500_000 * B, "สาขากันทรลักษ์", "ออมทรัพย์")
    book.add_account("BAAC-CUR", "ธ.ก.ส.", "0201-5-55123-4", 1_200_000 * B, "สาขากันทรลักษ์", "กระแสรายวัน")
    book.set_opening("held", "WHT", 3_120 * B)
    book.set_opening("held", "GUARANTEE", 25_000 * B)
    for book_no, size in RECEIPT_BOOKS:
        book.register_receipt_book(book_no, 1, size)
    budget.import_lines(book, LINES + ESTIMATES, 2567)
    budget.commit(book, "PO-15/2567", "L06", 498_000 * B, dt.date(2024, 7, 3), "หจก.โนนสะอาดก่อสร้าง",
                  "สัญญาจ้างก่อสร้างถนน คสล. หมู่ที่ 4")
    receipt_no = {book_no: 1 for book_no, _ in RECEIPT_BOOKS}
    sizes = dict(RECEIPT_BOOKS)

    def current_book() -> str:
        return next(b for b, _ in RECEIPT_BOOKS if receipt_no[b] <= sizes[b])

    voucher = 101
    cash_box = 12_500 * B
    day = START
    drafts_by_day: dict[dt.date, list[EntryDraft]] = {}
    while day <= dt.date(2024, 7, 31):
        todays: list[EntryDraft] = []
        if day.weekday() < 5 and day not in HOLIDAYS:
            for _ in range(rng.randint(4, 9)):
                book_no = current_book()
                code, lo, hi = rng.choice(RECEIPT_CODES)
                amount = rng.randint(lo, hi) * B + rng.choice((0, 0, 0, 50))
                todays.append(_draft(kind="receipt", date=day, book=book_no, number=str(receipt_no[book_no]),
                                     party=rng.choice(PAYERS), code=code, amount=amount, method="cash"))
                receipt_no[book_no] += 1
            if day.day in (9, 18, 25):  # a spoiled receipt
                book_no = current_book()
                todays.append(_draft(kind="void", date=day, book=book_no, number=str(receipt_no[book_no]),
                                     description="เขียนจำนวนเงินผิด ยกเลิกทั้งฉบับ"))
                receipt_no[book_no] += 1
            cash_in = sum(d.amount for d in todays if d.kind == "receipt")
            deposit = (cash_box + cash_in) - 5_000 * B
            if deposit > 0:
                todays.append(_draft(kind="deposit", date=day, account="KTB-SAV", amount=deposit,
                                     number=f"D{day:%m%d}", method="transfer", description="นำเงินรายรับประจำวันฝากธนาคาร"))
                cash_box = cash_box + cash_in - deposit
            else:
                cash_box += cash_in
        drafts_by_day[day] = todays
        day += dt.timedelta(days=1)

    def pay(day, line, party, amount, wht=0, method="cheque", account="KTB-SAV", desc="", commitment=""):
        nonlocal voucher
        voucher += 1
        drafts_by_day[day].append(_draft(
            kind="payment", date=day, number=f"{voucher}/2567", party=party, line=line, amount=amount, wht=wht,
            method=method, account=account if method != "cash" else "",
            cheque=f"1002{voucher:04d}" if method == "cheque" else "", description=desc, commitment=commitment))

    pay(dt.date(2024, 7, 5), "WHT", "สำนักงานสรรพากรพื้นที่ศรีสะเกษ", 3_120 * B, method="transfer",
        desc="นำส่งภาษีหัก ณ ที่จ่าย เดือนมิถุนายน 2567")
    pay(dt.date(2024, 7, 8), "L03", "บริษัท ศรีสะเกษค้าวัสดุ จำกัด", 10_700 * B, 100 * B,
        desc="จัดซื้อวัสดุสำนักงาน (รวมภาษีมูลค่าเพิ่ม)")
    drafts_by_day[dt.date(2024, 7, 10)].append(_draft(
        kind="withdraw", date=dt.date(2024, 7, 10), account="KTB-SAV", amount=412_800 * B, number="W0710",
        method="transfer", description="ถอนเงินจ่ายเบี้ยยังชีพผู้สูงอายุ เดือนกรกฎาคม"))
    pay(dt.date(2024, 7, 10), "L05", "ผู้สูงอายุ 688 ราย", 412_800 * B, method="cash",
        desc="เบี้ยยังชีพผู้สูงอายุ ประจำเดือนกรกฎาคม 2567")
    pay(dt.date(2024, 7, 10), "L09", "ผู้พิการ 120 ราย", 96_000 * B, method="transfer",
        desc="เบี้ยยังชีพคนพิการ ประจำเดือนกรกฎาคม 2567 โอนเข้าบัญชีผู้พิการ")
    pay(dt.date(2024, 7, 12), "L04", "การไฟฟ้าส่วนภูมิภาคอำเภอกันทรลักษ์", 18_432_55, method="transfer",
        desc="ค่าไฟฟ้าเดือนมิถุนายน 2567")
    pay(dt.date(2024, 7, 16), "L07", "หจก.ปั๊มน้ำมันบัวแดง", 8_560 * B, desc="น้ำมันเชื้อเพลิงรถส่วนกลาง")
    pay(dt.date(2024, 7, 19), "L08", "สหกรณ์โคนมศรีสะเกษ จำกัด", 67_320 * B, 629_16, desc="อาหารเสริม (นม) ภาคเรียนที่ 1")
    pay(dt.date(2024, 7, 23), "L02", "นายสมหมาย ช่างซ่อม", 4_500 * B, desc="จ้างซ่อมเครื่องปรับอากาศ")
    pay(dt.date(2024, 7, 26), "L06", "หจก.โนนสะอาดก่อสร้าง", 249_000 * B, 2_327_10, account="BAAC-CUR",
        desc="ค่าก่อสร้างถนน คสล. งวดที่ 1", commitment="PO-15/2567")
    pay(dt.date(2024, 7, 26), "GUARANTEE", "หจก.ทองดีการโยธา", 15_000 * B, method="transfer",
        desc="คืนเงินประกันสัญญา")
    pay(dt.date(2024, 7, 30), "L01", "พนักงานส่วนตำบล 14 ราย", 298_640 * B, method="transfer",
        desc="เงินเดือนพนักงาน เดือนกรกฎาคม 2567")

    # Money that arrived by bank transfer, without a receipt book: the number is the bank's reference.
    for day, code, party, amount, ref, account in (
            (dt.date(2024, 7, 5), "41100001", "บริษัท ศรีสะเกษค้าวัสดุ จำกัด", 18_750 * B, "TR0705-0193", "KTB-SAV"),
            (dt.date(2024, 7, 18), "41210007", "หจก.โนนสะอาดก่อสร้าง", 2_400 * B, "TR0718-0044", "BAAC-CUR"),
            (dt.date(2024, 7, 24), "41100003", "ร้านค้าชุมชนบ้านหนองบัว", 1_260 * B, "TR0724-0112", "KTB-SAV")):
        drafts_by_day[day].append(_draft(kind="receipt", date=day, number=ref, party=party, code=code,
                                         amount=amount, method="transfer", account=account,
                                         description="รับโอนเข้าบัญชีเงินฝาก"))

    closed_through = dt.date(2024, 7, 26)
    reversed_receipt = None
    for day in sorted(drafts_by_day):
        todays = drafts_by_day[day]
        if todays:
            change = book.post(todays)
            if day == dt.date(2024, 7, 15):
                reversed_receipt = change.entries[0]
        if day == dt.date(2024, 7, 15) and reversed_receipt:
            book.reverse(reversed_receipt, "บันทึกจำนวนเงินผิดจากใบเสร็จ", day)
        if day == dt.date(2024, 7, 17):
            first_payment = next(e for e in book.entries(day - dt.timedelta(days=1), day - dt.timedelta(days=1))
                                 if e.kind == "payment")
            book.reverse(first_payment.id, "ฎีกาซ้ำกับรายการที่เบิกแล้ว ยกเลิกเช็ค", day)
        if day == dt.date(2024, 7, 24):
            budget.transfer(book, "L02", "L03", 10_000 * B, day, "วัสดุสำนักงานไม่พอจ่ายถึงสิ้นปี",
                            "คำสั่ง อบต. ที่ 118/2567")
        if day == dt.date(2024, 7, 25):
            budget.commit(book, "PO-21/2567", "L03", 38_500 * B, day, "บริษัท ศรีสะเกษค้าวัสดุ จำกัด",
                          "ใบสั่งซื้อวัสดุสำนักงาน")
        if day.weekday() < 5 and day not in HOLIDAYS and day <= closed_through:
            for e in book.cheques_not_collected(day - dt.timedelta(days=2)):
                book.record_cheque_handed(e.id, day)
        if day <= closed_through and day.weekday() < 5 and day not in HOLIDAYS:
            book.close_day(day)
    head, count = book.chain_head()
    return f"{count:,} รายการ ปิดบัญชีถึง 26/7/2567"
