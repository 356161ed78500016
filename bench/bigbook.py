"""The big municipality's book of issue 14, built once for the benchmarks (not a test).

    python bench/bigbook.py DIR [--entries 100000]

Writes into DIR (reused when already there):

- ``setup.sqlite3``: a เทศบาลนคร's book set up on 1 July 2567 (signers, two bank
  accounts, held accounts, receipt books, the budget of FY2567 and FY2568) with
  no entries: what ``import`` is timed on;
- ``entries.csv``: the 100,000 entries of July-December 2567 as an import file;
- ``big.sqlite3``: the set-up book with those entries posted day by day and
  every day closed (each close records the chain head of its day).

A working day has 500-900 receipts (the busiest month about 900 a day, so one
month's receipts book is about 20,000 rows): cash receipts from receipt books
of 100, transfer receipts with the bank's reference, a daily deposit of the
cash, payments with withholding tax by cheque and transfer, a cash withdrawal
and the allowances twice a month, a spoiled receipt and a reversal now and
then. Payer names, codes and descriptions repeat as they do at a counter.
Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from manualbook import budget  # noqa: E402
from manualbook.book import Book  # noqa: E402
from manualbook.model import BudgetRow  # noqa: E402
from manualbook.demo import ESTIMATES, LINES  # noqa: E402
from manualbook.model import EntryDraft  # noqa: E402
from manualbook.money import format_amount  # noqa: E402
from manualbook.thaidate import format_short  # noqa: E402

B = 100
START, LAST = dt.date(2024, 7, 1), dt.date(2024, 12, 31)
ORG = "เทศบาลนครศรีสะเกษทดสอบ"
# working days per month and the month's receipts a day (October, the busiest, about 900)
PER_DAY = {7: 760, 8: 780, 9: 800, 10: 900, 11: 800, 12: 720}
HOLIDAYS = {dt.date(2024, 7, 22), dt.date(2024, 7, 29), dt.date(2024, 8, 12), dt.date(2024, 10, 14),
            dt.date(2024, 12, 5), dt.date(2024, 12, 10), dt.date(2024, 12, 31)}
FIRST = ("สมชาย", "สมหญิง", "บุญมี", "ประยุทธ์", "สมศรี", "วิชัย", "ลำดวน", "ทองดี", "อรุณี", "เสน่ห์", "สุภาพร",
         "ประเสริฐ", "จันทร์เพ็ญ", "สุดา", "อนุชา", "วันเพ็ญ", "สุรชัย", "บุญส่ง", "พิมพ์ชนก", "กมล", "ณัฐพล",
         "ศิริพร", "ธนากร", "ปราณี", "มานพ", "รัตนา", "สมพงษ์", "อำนาจ", "วาสนา", "ชัยวัฒน์")
LAST_NAMES = ("ใจดี", "แก้วมณี", "ศรีสุข", "ทองคำ", "พึ่งบุญ", "บุญเรือง", "สายทอง", "มีสุข", "ผิวผ่อง", "ปิ่นทอง",
              "คำดี", "วงศ์ใหญ่", "พรมมา", "ทองสุข", "แสงทอง", "มั่นคง", "ศรีวงศ์", "ใจงาม", "บุญมา", "สุขสวัสดิ์",
              "เพชรรัตน์", "อินทร์แก้ว", "ชัยมงคล", "ศรีสะเกษ", "นาคสุข", "รุ่งเรือง", "ทองมา", "สีดา", "พันธ์ดี",
              "จันทร์หอม", "บัวแดง", "โนนสะอาด")
SHOPS = ("ร้านค้าชุมชนบ้านหนองบัว", "บริษัท ศรีสะเกษค้าวัสดุ จำกัด", "หจก.โนนสะอาดก่อสร้าง", "ร้านรุ่งเรืองพาณิชย์",
         "บริษัท ทวีทรัพย์การค้า จำกัด", "ตลาดสดเทศบาล แผงที่ 12", "หจก.ปั๊มน้ำมันบัวแดง")
RECEIPT_CODES = (("41210008", 20, 150), ("41210008", 20, 150), ("41210008", 20, 150), ("41100002", 50, 900),
                 ("41100003", 200, 3_000), ("41100001", 500, 12_000), ("41210007", 100, 2_000),
                 ("41210004", 100, 1_000))
PAYEES = (("L02", "นายสมหมาย ช่างซ่อม", "จ้างซ่อมเครื่องปรับอากาศ"),
          ("L03", "บริษัท ศรีสะเกษค้าวัสดุ จำกัด", "จัดซื้อวัสดุสำนักงาน (รวมภาษีมูลค่าเพิ่ม)"),
          ("L04", "การไฟฟ้าส่วนภูมิภาคจังหวัดศรีสะเกษ", "ค่าไฟฟ้าอาคารสำนักงาน"),
          ("L07", "หจก.ปั๊มน้ำมันบัวแดง", "น้ำมันเชื้อเพลิงรถเก็บขนขยะมูลฝอย"),
          ("L08", "สหกรณ์โคนมศรีสะเกษ จำกัด", "อาหารเสริม (นม) โรงเรียนในสังกัด"))
SETTINGS = (("clerk", "นางสาวพิมพ์ชนก ศรีวงศ์"), ("clerk_title", "เจ้าพนักงานการเงินและบัญชี"),
            ("finance_head", "นางวันเพ็ญ ทองสุข"), ("finance_head_title", "ผู้อำนวยการกองคลัง"),
            ("checker", "นายอนุชา พรมมา"), ("checker_title", "นักวิชาการเงินและบัญชี"),
            ("palad", "นายสุรชัย แสงทอง"), ("palad_title", "ปลัดเทศบาล"), ("executive", "นายบุญส่ง มั่นคง"),
            ("executive_title", "นายกเทศมนตรีนครศรีสะเกษทดสอบ"), ("committee_1", "นางสาวจันทร์เพ็ญ ใจงาม"),
            ("committee_1_title", "ประธานกรรมการ"), ("committee_2", "นายประเสริฐ คำดี"),
            ("committee_2_title", "กรรมการ"), ("committee_3", "นางสุดา วงศ์ใหญ่"), ("committee_3_title", "กรรมการ"))
CSV_COLUMNS = ("date", "kind", "book", "number", "party", "code", "line", "description", "amount", "wht",
               "method", "account", "cheque")


def _draft(**kw) -> EntryDraft:
    kw.setdefault("base_kind", kw["kind"])
    return EntryDraft(**kw)


def make_setup(path: Path) -> None:
    book = Book.create(path, ORG, START, START, cash=500_000 * B, lao_code="6330101", clerk=SETTINGS[0][1])
    try:
        for key, value in SETTINGS[1:]:
            book.set_setting(key, value, START)
        book.add_account("KTB-SAV", "ธนาคารกรุงไทย", "321-1-23456-7", 45_000_000 * B, "สาขาศรีสะเกษ", "ออมทรัพย์")
        book.add_account("BAAC-CUR", "ธ.ก.ส.", "0201-5-55123-4", 12_000_000 * B, "สาขาศรีสะเกษ", "กระแสรายวัน")
        book.set_opening("held", "WHT", 3_120 * B)
        for fy in (2567, 2568):  # a city's budget: the demo's lines twenty times over, nothing spent before
            lines = [BudgetRow(**{**l.__dict__, "amount": l.amount * 20, "spent": 0}) for l in LINES]
            budget.import_lines(book, lines + list(ESTIMATES), fy)
        book.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        book.close()


def working_days():
    day = START
    while day <= LAST:
        if day.weekday() < 5 and day not in HOLIDAYS:
            yield day
        day += dt.timedelta(days=1)


def day_drafts(total: int) -> dict[dt.date, list[EntryDraft]]:
    """The entries of every working day, exactly ``total`` of them (reversals are made later
    by ``reverse``): the other entries of a day do not depend on its number of receipts, so
    the receipts are counted out to make up the rest."""
    days = list(working_days())
    pick = random.Random(2567)
    wanted = [PER_DAY[d.month] * pick.uniform(0.93, 1.07) for d in days]
    others = sum(map(len, _draw(days, [0] * len(days)).values()))
    scale = (total - others) / sum(wanted)
    counts = [int(w * scale) for w in wanted]
    for i in sorted(range(len(days)), key=lambda i: wanted[i] * scale - counts[i],
                    reverse=True)[:total - others - sum(counts)]:
        counts[i] += 1
    return _draw(days, counts)


def _draw(days: list[dt.date], counts: list[int]) -> dict[dt.date, list[EntryDraft]]:
    rng, other = random.Random(2567_14), random.Random(14)  # receipts; the rest of the day
    receipt_no, voucher, cheque, ref = 0, {2567: 0, 2568: 0}, 10020000, 0
    out: dict[dt.date, list[EntryDraft]] = {}
    allowance_days = {min(d for d in days if d.month == m and d.day >= 8) for m in PER_DAY}
    names = [f"{t}{f} {s}" for t in ("นาย", "นาง", "นางสาว") for f in FIRST for s in LAST_NAMES]
    for day, count in zip(days, counts):
        todays: list[EntryDraft] = []
        cash_in = 0
        for _ in range(count):
            code, lo, hi = rng.choice(RECEIPT_CODES)
            amount = rng.randint(lo, hi) * B + rng.choice((0, 0, 0, 50, 25))
            party = rng.choice(SHOPS) if rng.random() < 0.05 else names[int(rng.paretovariate(1.2) * 37) % len(names)]
            if rng.random() < 0.04:
                ref += 1
                todays.append(_draft(kind="receipt", date=day, number=f"TR{day:%m%d}-{ref:05d}", party=party,
                                     code=code, amount=amount * 10, method="transfer", account="KTB-SAV",
                                     description="รับโอนเข้าบัญชีเงินฝาก"))
                continue
            receipt_no += 1
            book_no, number = str(100 + receipt_no // 100), str(receipt_no % 100 + 1)
            if rng.random() < 0.002:
                todays.append(_draft(kind="void", date=day, book=book_no, number=number,
                                     description="เขียนจำนวนเงินผิด ยกเลิกทั้งฉบับ"))
                continue
            todays.append(_draft(kind="receipt", date=day, book=book_no, number=number, party=party, code=code,
                                 amount=amount, method="cash"))
            cash_in += amount
        todays.append(_draft(kind="deposit", date=day, account="KTB-SAV", amount=cash_in, number=f"D{day:%y%m%d}",
                             method="transfer", description="นำเงินรายรับประจำวันฝากธนาคาร"))
        fy = day.year + 543 + (day.month >= 10)
        for _ in range(other.randint(3, 8)):
            line, party, desc = other.choice(PAYEES)
            voucher[fy] += 1
            amount = other.randint(500, 40_000) * B
            by_cheque = other.random() < 0.4
            cheque += by_cheque
            todays.append(_draft(kind="payment", date=day, number=f"{voucher[fy]}/{fy}", party=party, line=line,
                                 amount=amount, wht=amount // 100, method="cheque" if by_cheque else "transfer",
                                 account="KTB-SAV", cheque=str(cheque) if by_cheque else "", description=desc))
        if day in allowance_days:
            voucher[fy] += 1
            todays.append(_draft(kind="withdraw", date=day, account="KTB-SAV", amount=1_650_000 * B,
                                 number=f"W{day:%y%m%d}", method="transfer",
                                 description="ถอนเงินจ่ายเบี้ยยังชีพผู้สูงอายุ"))
            todays.append(_draft(kind="payment", date=day, number=f"{voucher[fy]}/{fy}", party="ผู้สูงอายุ 2,750 ราย",
                                 line="L05", amount=1_650_000 * B, method="cash",
                                 description="เบี้ยยังชีพผู้สูงอายุ ประจำเดือน"))
        out[day] = todays
    return out


def _csv_row(d: EntryDraft) -> list[str]:
    return [format_short(d.date), d.kind, d.book, d.number, d.party, d.code, d.line, d.description,
            format_amount(d.amount) if d.kind != "void" else "", format_amount(d.wht) if d.wht else "",
            d.method, d.account, d.cheque]


def write_csv(path: Path, drafts: dict[dt.date, list[EntryDraft]]) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for day in sorted(drafts):
            for d in drafts[day]:
                w.writerow(_csv_row(d))
                n += 1
    return n


def build_big(setup: Path, path: Path, drafts: dict[dt.date, list[EntryDraft]], progress=print) -> int:
    """Posts each day's entries, reverses one now and then, closes every day (weekends too)."""
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    shutil.copy(setup, path)
    rng = random.Random(14)
    book = Book.open(path)
    try:
        day = START
        while day <= LAST:
            todays = drafts.get(day)
            if todays:
                change = book.post(todays)
                if rng.random() < 0.3:  # a receipt keyed wrongly, reversed the same day
                    book.reverse(change.entries[rng.randrange(len(change.entries) // 2)],
                                 "บันทึกจำนวนเงินผิดจากใบเสร็จ", day)
            book.close_day(day)
            if day.day == 1 and progress:
                progress(f"  {day:%Y-%m}: {book.chain_head()[1]:,} entries")
            day += dt.timedelta(days=1)
        count = book.chain_head()[1]
        book.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        book.close()
    return count


def ensure(folder: Path, entries: int = 100_000, progress=print) -> dict[str, Path]:
    """The three files in ``folder``, built if missing (a partial build is redone)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"setup": folder / "setup.sqlite3", "csv": folder / "entries.csv", "big": folder / "big.sqlite3"}
    done = folder / f"built-{entries}.txt"
    if done.exists() and all(p.exists() for p in paths.values()):
        return paths
    t0 = time.perf_counter()
    for p in folder.glob("*.sqlite3*"):
        p.unlink()
    make_setup(paths["setup"])
    drafts = day_drafts(entries)
    rows = write_csv(paths["csv"], drafts)
    if progress:
        progress(f"building the {rows:,}-entry book in {folder} (once; a few minutes)")
    count = build_big(paths["setup"], paths["big"], drafts, progress)
    done.write_text(f"{count} entries, built in {time.perf_counter() - t0:.0f} s\n", encoding="utf-8")
    if progress:
        progress(f"  built: {count:,} entries in {time.perf_counter() - t0:.0f} s")
    return paths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--entries", type=int, default=100_000)
    args = ap.parse_args(argv)
    ensure(Path(args.dir), args.entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())


def count(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        conn.close()


def add_day(path: Path, receipts: int = 900) -> dt.date:
    """One more working day on the book (a busy one), closed: what a clerk does before the next export."""
    rng = random.Random(20250102)
    book = Book.open(path)
    try:
        day = book.first_open_day()
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        names = [f"นาย{f} {s}" for f in FIRST for s in LAST_NAMES]
        drafts, cash = [], 0
        for i in range(receipts):
            code, lo, hi = rng.choice(RECEIPT_CODES)
            amount = rng.randint(lo, hi) * B
            drafts.append(_draft(kind="receipt", date=day, book=str(9000 + i // 100), number=str(i % 100 + 1),
                                 party=rng.choice(names), code=code, amount=amount, method="cash"))
            cash += amount
        drafts.append(_draft(kind="deposit", date=day, account="KTB-SAV", amount=cash, number=f"D{day:%y%m%d}",
                             method="transfer", description="นำเงินรายรับประจำวันฝากธนาคาร"))
        fy = day.year + 543 + (day.month >= 10)
        for i in range(5):
            line, party, desc = rng.choice(PAYEES)
            amount = rng.randint(500, 40_000) * B
            drafts.append(_draft(kind="payment", date=day, number=f"A{i + 1}/{fy}", party=party, line=line,
                                 amount=amount, wht=amount // 100, method="transfer", account="KTB-SAV",
                                 description=desc))
        book.post(drafts)
        book.close_day(day)
        return day
    finally:
        book.close()
