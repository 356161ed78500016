"""The issue's "Done when": a month of an office's entries through the command line.

~300 rows across July 2567 are generated with a seeded random (receipts of
several revenue codes, transfers in, deposits, withdrawals, payments on four
budget lines with withholding tax, a guarantee received, withheld tax paid
over, voided receipts), loaded with init / account add / budget import /
import, and every day's ``summary --json`` is compared with arithmetic done
here from the rows themselves.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections import defaultdict
import contextlib
import io
import json

import pytest

from _support import cli_json, has_thai, run_cli, write_csv
from manualbook import cli
from manualbook.entry_fields import COLUMNS
from manualbook.money import format_amount
from manualbook.thaidate import format_short

B = 100
DAYS = [dt.date(2024, 7, d) for d in range(1, 32)]
OPEN = {"cash": 20_000 * B, "KTB": 500_000 * B, "BAAC": 200_000 * B}
LINES = {"L01": (350_000 * B, 50_000 * B), "L02": (200_000 * B, 0), "L03": (160_000 * B, 10_000 * B),
         "L04": (100_000 * B, 0)}  # amount (the year's appropriation as set), spent before the books' start
CODES = ("41210008", "41100001", "41100002", "41100003", "41210007")
KEYS = ["date", "kind", "book", "number", "party", "code", "line", "description", "amount", "wht", "method",
        "account", "cheque"]


def generate(seed=2567):
    """Rows of a valid month, plus nothing else: the expected figures are computed from the rows later."""
    rng = random.Random(seed)
    pos = {"cash": OPEN["cash"], "KTB": OPEN["KTB"], "BAAC": OPEN["BAAC"], "WHT": 0, "GUARANTEE": 0}
    left = {k: amount for k, (amount, _) in LINES.items()}
    rows, receipt_no, voucher, slip = [], {"5": 1}, 0, 0
    for day in DAYS:
        date = format_short(day)
        for _ in range(rng.randint(7, 12)):
            r = rng.random()
            if r < 0.45:  # receipt: cash with a receipt number, or a transfer into a bank account
                amount = rng.randint(20, 5_000) * B + rng.choice((0, 0, 25, 50, 75))
                row = {"date": date, "kind": "receipt", "code": rng.choice(CODES), "party": "ผู้ชำระเงิน",
                       "amount": format_amount(amount)}
                if rng.random() < 0.8:
                    row.update(book="5", number=str(receipt_no["5"]))
                    receipt_no["5"] += 1
                    pos["cash"] += amount
                else:
                    acc = rng.choice(("KTB", "BAAC"))
                    row.update(method="transfer", account=acc)
                    pos[acc] += amount
                rows.append(row)
            elif r < 0.50:  # a spoiled receipt
                rows.append({"date": date, "kind": "void", "book": "5", "number": str(receipt_no["5"]),
                             "description": "เขียนผิด ยกเลิกทั้งฉบับ"})
                receipt_no["5"] += 1
            elif r < 0.52:  # a contract guarantee received in cash
                amount = rng.randint(1_000, 20_000) * B
                rows.append({"date": date, "kind": "receipt", "code": "GUARANTEE", "party": "หจก.ผู้รับจ้าง",
                             "book": "5", "number": str(receipt_no["5"]), "amount": format_amount(amount)})
                receipt_no["5"] += 1
                pos["cash"] += amount
                pos["GUARANTEE"] += amount
            elif r < 0.62:  # deposit most of the cash
                amount = pos["cash"] - rng.randint(1_000, 5_000) * B
                if amount <= 0:
                    continue
                slip += 1
                rows.append({"date": date, "kind": "deposit", "account": "KTB", "number": f"D{slip}",
                             "amount": format_amount(amount)})
                pos["cash"] -= amount
                pos["KTB"] += amount
            elif r < 0.67:  # withdraw cash
                amount = rng.randint(1_000, 30_000) * B
                slip += 1
                acc = rng.choice(("KTB", "BAAC"))
                if pos[acc] < amount:
                    continue
                rows.append({"date": date, "kind": "withdraw", "account": acc, "number": f"W{slip}",
                             "amount": format_amount(amount)})
                pos[acc] -= amount
                pos["cash"] += amount
            elif r < 0.70:  # pay over the withheld tax
                if pos["WHT"] <= 0:
                    continue
                voucher += 1
                amount = pos["WHT"]
                rows.append({"date": date, "kind": "payment", "number": f"{voucher}/2567", "party": "สรรพากร",
                             "line": "WHT", "amount": format_amount(amount), "method": "transfer", "account": "KTB"})
                pos["WHT"] -= amount
                pos["KTB"] -= amount
            else:  # a payment on a budget line, with withholding tax
                line = rng.choice(list(LINES))
                amount = rng.randint(100, 9_000) * B + rng.choice((0, 50))
                if amount > left[line]:
                    continue
                wht = rng.choice((0, 0, amount * 100 // 10_700, amount * 300 // 10_700))
                method = rng.choice(("cash", "transfer", "cheque"))
                source = "cash" if method == "cash" else rng.choice(("KTB", "BAAC"))
                if pos[source] < amount - wht:
                    continue
                voucher += 1
                row = {"date": date, "kind": "payment", "number": f"{voucher}/2567", "party": "ผู้รับเงิน",
                       "line": line, "amount": format_amount(amount), "method": method}
                if wht:
                    row["wht"] = format_amount(wht)
                if method != "cash":
                    row["account"] = source
                if method == "cheque":
                    row["cheque"] = f"{10_000_000 + voucher}"
                rows.append(row)
                left[line] -= amount
                pos[source] -= amount - wht
                pos["WHT"] += wht
    return rows


def _satang(text):
    return int(round(float(text.replace(",", "")) * 100)) if text else 0


def expected_by_day(rows):
    """Per day: the contract's figures, computed straight from the rows."""
    per_day = defaultdict(list)
    for r in rows:
        d, m, y = map(int, r["date"].split("/"))
        per_day[dt.date(y - 543, m, d)].append(r)
    pos = {"cash": OPEN["cash"], "KTB": OPEN["KTB"], "BAAC": OPEN["BAAC"], "WHT": 0, "GUARANTEE": 0}
    by_code, paid, count = defaultdict(int), defaultdict(int), 0
    out = {}
    for day in DAYS:
        for r in per_day[day]:
            count += 1
            a, w = _satang(r.get("amount", "")), _satang(r.get("wht", ""))
            where = r.get("account") or "cash"
            if r["kind"] == "receipt":
                pos[where] += a
                if r["code"] == "GUARANTEE":
                    pos["GUARANTEE"] += a
                else:
                    by_code[r["code"]] += a
            elif r["kind"] == "deposit":
                pos["cash"] -= a
                pos[r["account"]] += a
            elif r["kind"] == "withdraw":
                pos[r["account"]] -= a
                pos["cash"] += a
            elif r["kind"] == "payment":
                pos[where] -= a - w
                pos["WHT"] += w
                if r["line"] in ("WHT", "GUARANTEE"):
                    pos[r["line"]] -= a
                else:
                    paid[r["line"]] += a
        budget = {}
        for key, (amount, before) in LINES.items():
            appropriated, spent = amount, before + paid[key]  # spent before reduces what remains only
            budget[key] = {"appropriated": format_amount(appropriated), "spent": format_amount(spent),
                           "committed": "0.00", "remaining": format_amount(appropriated - spent)}
        out[day] = {
            "date": day.isoformat(), "cash": format_amount(pos["cash"]),
            "accounts": {"BAAC": format_amount(pos["BAAC"]), "KTB": format_amount(pos["KTB"])},
            "entries": count,
            "by_code": {k: format_amount(v) for k, v in sorted(by_code.items()) if v},
            "held": {"FEE5": "0.00", "GUARANTEE": format_amount(pos["GUARANTEE"]), "SOCSEC": "0.00",
                     "WHT": format_amount(pos["WHT"])},
            "budget": budget,
            "keyed": {"entries": 0, "of": count},
        }
    return out


def month_files(d):
    """The month as files: budget.csv and july.csv (Thai headings, BOM) in folder d, and its rows.
    Also used by installer/smoke_wine.py to feed the installed Windows program."""
    rows = generate()
    budget = d / "budget.csv"
    with open(budget, "w", encoding="utf-8") as f:
        f.write("line,plan,work,group,category,code,item,amount,spent,committed\n")
        for key, (amount, before) in LINES.items():
            f.write(f'{key},บริหารงานทั่วไป,งานบริหารทั่วไป,งบดำเนินงาน,ค่าใช้สอย,,รายการ {key},'
                    f'"{format_amount(amount)}",{before // 100},0\n')
    thai = [{COLUMNS[k]: v for k, v in r.items()} for r in rows]
    entries = write_csv(d / "july.csv", thai, [COLUMNS[k] for k in KEYS], bom=True)
    return budget, entries, rows


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    d = tmp_path_factory.mktemp("month")
    db = d / "office.sqlite3"
    budget, entries, rows = month_files(d)
    run_cli("init", "--org", "องค์การบริหารส่วนตำบลทดสอบ", "--start", "1/7/2567", "--cash",
            format_amount(OPEN["cash"]), db=db, check=True)
    for key in ("KTB", "BAAC"):
        run_cli("account", "add", key, "--bank", "ธนาคาร", "--number", f"{key}-001", "--opening",
                format_amount(OPEN[key]), db=db, check=True)
    run_cli("budget", "import", budget, db=db, check=True)
    proc = run_cli("import", entries, db=db, check=True)
    assert str(len(rows)) in proc.stdout
    return db, rows, d


def test_month_has_the_intended_shape(month):
    _, rows, _ = month
    kinds = defaultdict(int)
    for r in rows:
        kinds[r["kind"]] += 1
    assert 280 <= len(rows) <= 380
    assert kinds["void"] >= 2 and kinds["deposit"] >= 10 and kinds["withdraw"] >= 5 and kinds["payment"] >= 40
    assert len({r["line"] for r in rows if r["kind"] == "payment"}) >= 5  # 4 lines + WHT paid over
    assert sum(1 for r in rows if r.get("wht")) >= 10


def _summary_in_process(db, day):
    """``manualbook --db DB summary --date D --json`` through cli.main, without a new process."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = cli.main(["--db", str(db), "summary", "--date", format_short(day), "--json"])
    assert rc == 0
    return json.loads(out.getvalue())


def test_every_day_of_the_month_matches_independent_arithmetic(month):
    db, rows, _ = month
    expected = expected_by_day(rows)
    for day in DAYS:
        assert _summary_in_process(db, day) == expected[day], day


@pytest.mark.parametrize("day", [DAYS[0], DAYS[9], DAYS[18], DAYS[-1]])
def test_sample_days_through_a_real_process(month, day):
    db, rows, _ = month
    assert cli_json("summary", "--date", format_short(day), "--json", db=db) == expected_by_day(rows)[day]


def test_month_verifies_and_closed_days_stay_closed(month, tmp_path):
    import shutil
    db0, rows, d = month
    db = tmp_path / "copy.sqlite3"
    shutil.copy(db0, db)
    run_cli("close-day", "15/7/2567", db=db, check=True)
    assert run_cli("verify", db=db).returncode == 0
    before = cli_json("summary", "--json", db=db)
    late = write_csv(tmp_path / "late.csv", [
        {"date": "16/7/2567", "kind": "receipt", "code": "41210008", "amount": "10"},
        {"date": "10/7/2567", "kind": "receipt", "code": "41210008", "amount": "10"},
    ], ["date", "kind", "code", "amount"])
    proc = run_cli("import", late, db=db)
    assert proc.returncode == 1
    assert "แถวที่ 3" in proc.stderr and "15/7/2567" in proc.stderr and "แถวที่ 2" not in proc.stderr
    assert cli_json("summary", "--json", db=db) == before
    # the same month file again is refused whole
    proc = run_cli("import", d / "july.csv", db=db)
    assert proc.returncode == 1 and has_thai(proc.stderr)
    assert cli_json("summary", "--json", db=db) == before
    # the database itself refuses an edit
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE entries SET amount = amount + 1 WHERE date = '2024-07-10'")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM entries WHERE date = '2024-07-10'")
    conn.close()
    assert run_cli("verify", db=db).returncode == 0


def test_reversal_on_the_last_day(month, tmp_path):
    import shutil
    db0, rows, _ = month
    db = tmp_path / "rev.sqlite3"
    shutil.copy(db0, db)
    entries = cli_json("entries", "--date", "20/7/2567", "--json", db=db)
    target = next(e for e in entries if e["kind"] == "receipt" and e["code"] != "GUARANTEE")
    before = cli_json("summary", "--json", db=db)
    run_cli("reverse", target["id"], "--reason", "บันทึกซ้ำ", "--date", "31/7/2567", db=db, check=True)
    after = cli_json("summary", "--json", db=db)
    where = target["account"]
    if where:
        assert _satang(before["accounts"][where]) - _satang(after["accounts"][where]) == _satang(target["amount"])
    else:
        assert _satang(before["cash"]) - _satang(after["cash"]) == _satang(target["amount"])
    code = target["code"]
    assert _satang(before["by_code"][code]) - _satang(after["by_code"].get(code, "0")) == _satang(target["amount"])
    assert after["entries"] == before["entries"] + 1
    # days before the reversal are unchanged
    assert cli_json("summary", "--date", "30/7/2567", "--json", db=db) == \
        expected_by_day(rows)[dt.date(2024, 7, 30)]
