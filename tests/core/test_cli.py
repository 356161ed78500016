"""The command line as scripts use it: subprocesses, exit codes, Thai stderr, nothing changed on failure."""

from __future__ import annotations

import re
import shutil
import sqlite3

import pytest

from _support import cli_json, has_thai, payment, receipt, run_cli, write_csv

AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")
ID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{10}$")
COLS = ["date", "kind", "book", "number", "party", "code", "line", "description", "amount", "wht", "method",
        "account", "cheque"]
BUDGET = ("line,plan,work,group,category,code,item,amount,spent,committed\n"
          "L01,บริหารงานทั่วไป,งานบริหารทั่วไป,งบดำเนินงาน,ค่าใช้สอย,,รายจ่ายเพื่อให้ได้มาซึ่งบริการ,\"100,000.00\",20000,0\n"
          "L02,บริหารงานทั่วไป,งานบริหารทั่วไป,งบดำเนินงาน,ค่าวัสดุ,,วัสดุสำนักงาน,50000,0,0\n")
ENTRIES = [
    receipt(date="1/7/2567", book="1", number="1", amount="1,234.50"),
    receipt(date="1/7/2567", book="1", number="2", amount="100", code="41100001"),
    {"kind": "deposit", "date": "1/7/2567", "account": "KTB", "amount": "1,000"},
    payment(date="2/7/2567", number="1/2567", amount="1,070", wht="10", method="transfer", account="KTB"),
    receipt(date="3/7/2567", amount="20", code="GUARANTEE"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A book made entirely through the command line (--db before the subcommand)."""
    d = tmp_path_factory.mktemp("cli")
    db = d / "base.sqlite3"
    run_cli("init", "--org", "อบต.ทดสอบ", "--start", "1/7/2567", "--cash", "10,000", "--lao-code", "1234567",
            db=db, check=True)
    run_cli("account", "add", "KTB", "--bank", "กรุงไทย", "--number", "123-4-56789-0", "--opening", "100,000",
            db=db, check=True)
    run_cli("setting", "set", "finance_head", "นางวันเพ็ญ ทองสุข", db=db, check=True)
    (d / "budget.csv").write_text(BUDGET, encoding="utf-8")
    run_cli("budget", "import", d / "budget.csv", db=db, check=True)
    run_cli("budget", "transfer", "L01", "L02", "1,000", "--date", "1/7/2567", "--reason", "โอนเพิ่มค่าวัสดุ",
            db=db, check=True)
    write_csv(d / "entries.csv", ENTRIES, COLS, bom=True)
    run_cli("import", d / "entries.csv", db=db, check=True)
    return db


@pytest.fixture
def db(base, tmp_path):
    """A private copy of the base book for a test that changes it."""
    path = tmp_path / "book.sqlite3"
    shutil.copy(base, path)
    shutil.copy(base.parent / "entries.csv", tmp_path / "entries.csv")  # the file already imported
    return path


def test_summary_json_contract(base):
    data = cli_json("summary", "--date", "3/7/2567", "--json", db=base)
    assert set(data) == {"date", "cash", "accounts", "entries", "by_code", "held", "budget", "keyed"}
    assert data["date"] == "2024-07-03"
    assert data["cash"] == "10,354.50"                       # 10,000 + 1,234.50 + 100 - 1,000 + 20
    assert data["accounts"] == {"KTB": "99,940.00"}          # 100,000 + 1,000 - 1,060
    assert data["entries"] == 5
    assert data["by_code"] == {"41100001": "100.00", "41210008": "1,234.50"}
    assert data["held"]["WHT"] == "10.00" and data["held"]["GUARANTEE"] == "20.00"
    assert data["budget"] == {
        # amount 100,000.00 as set, 20,000.00 spent before the start: not added to the appropriation
        "L01": {"appropriated": "99,000.00", "spent": "21,070.00", "committed": "0.00", "remaining": "77,930.00"},
        "L02": {"appropriated": "51,000.00", "spent": "0.00", "committed": "0.00", "remaining": "51,000.00"},
    }
    assert data["keyed"] == {"entries": 0, "of": 5}
    for v in [data["cash"], *data["accounts"].values(), *data["by_code"].values(), *data["held"].values()]:
        assert AMOUNT.match(v), v


def test_summary_default_date_is_last_day_with_entries(base):
    assert cli_json("summary", "--json", db=base)["date"] == "2024-07-03"
    early = cli_json("summary", "--date", "๑/๗/๒๕๖๗", "--json", db=base)
    assert (early["date"], early["entries"], early["cash"]) == ("2024-07-01", 3, "10,334.50")


def test_summary_text(base):
    proc = run_cli("summary", "--date", "3/7/2567", db=base, check=True)
    assert "10,354.50" in proc.stdout and "3/7/2567" in proc.stdout


def test_environment_variable_names_the_book(base):
    assert cli_json("summary", "--json", env_db=base)["entries"] == 5
    # --db wins over the environment
    proc = run_cli("summary", "--json", db=base, env_db=base.with_name("missing.sqlite3"))
    assert proc.returncode == 0


def test_init_through_environment(tmp_path):
    path = tmp_path / "env.sqlite3"
    run_cli("init", "--org", "เทศบาลตำบลทดสอบ", "--start", "2024-10-01", "--since", "8/10/2567", env_db=path, check=True)
    data = cli_json("summary", "--json", env_db=path)
    assert data == {"date": "2024-10-01", "cash": "0.00", "accounts": {}, "entries": 0, "by_code": {},
                    "held": {"FEE5": "0.00", "GUARANTEE": "0.00", "SOCSEC": "0.00", "WHT": "0.00"},
                    "budget": {}, "keyed": {"entries": 0, "of": 0}}


def test_entries_json_and_text(base):
    rows = cli_json("entries", "--json", db=base)
    assert len(rows) == 5
    assert all(ID.match(r["id"]) for r in rows)
    assert len({r["id"] for r in rows}) == 5
    assert [r["kind"] for r in rows] == ["receipt", "receipt", "deposit", "payment", "receipt"]
    assert rows[3]["amount"] == "1,070.00" and rows[3]["wht"] == "10.00" and rows[3]["net"] == "1,060.00"
    text = run_cli("entries", db=base, check=True).stdout
    for r in rows:
        assert r["id"] in text
    one_day = cli_json("entries", "--date", "2/7/2567", "--json", db=base)
    assert [r["kind"] for r in one_day] == ["payment"]
    assert len(cli_json("entries", "--month", "7/2567", "--json", db=base)) == 5
    assert cli_json("entries", "--month", "8/2567", "--json", db=base) == []


def test_reverse_and_close_day(db):
    rows = cli_json("entries", "--json", db=db)
    pay = rows[3]["id"]
    proc = run_cli("reverse", pay.lower(), "--reason", "ฎีกาซ้ำ", "--date", "3/7/2567", db=db, check=True)
    assert pay in proc.stdout
    after = cli_json("entries", "--json", db=db)
    rev = after[-1]
    assert rev["kind"] == "reversal" and rev["reverses"] == pay and rev["amount"] == "-1,070.00"
    assert [r for r in after if r["id"] == pay][0]["reversed_by"] == rev["id"]
    s = cli_json("summary", "--json", db=db)
    assert s["budget"]["L01"]["spent"] == "20,000.00" and s["held"]["WHT"] == "0.00"
    run_cli("close-day", "2/7/2567", db=db, check=True)
    # the closed day takes nothing; a reversal defaults to the first open day
    proc = run_cli("reverse", rows[0]["id"], "--reason", "จำนวนผิด", db=db, check=True)
    assert "3/7/2567" in proc.stdout
    assert run_cli("verify", db=db).returncode == 0


def test_verify_ok_and_after_tampering(db):
    proc = run_cli("verify", db=db)
    assert proc.returncode == 0 and "5" in proc.stdout and has_thai(proc.stdout)
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER entries_no_update")
    seq, eid = conn.execute("SELECT seq, id FROM entries WHERE seq = 2").fetchone()
    conn.execute("UPDATE entries SET amount = 1 WHERE seq = 2")
    conn.commit()
    conn.close()
    proc = run_cli("verify", db=db)
    assert proc.returncode != 0
    assert eid in proc.stderr and has_thai(proc.stderr)


def test_backup_and_restore(db, tmp_path):
    out = tmp_path / "backup.sqlite3"
    proc = run_cli("backup", "--out", out, db=db, check=True)
    assert out.exists() and has_thai(proc.stdout)
    assert not list(tmp_path.glob("*.partial"))
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()
    assert run_cli("verify", db=out).returncode == 0
    # refused if the target exists, the existing file untouched
    size = out.stat().st_size
    proc = run_cli("backup", "--out", out, db=db)
    assert proc.returncode != 0 and has_thai(proc.stderr) and out.stat().st_size == size
    # more entries, then restore the backup: back to 5 entries, the current book kept aside
    write_csv(tmp_path / "more.csv", [receipt(date="4/7/2567", amount="5")], COLS)
    run_cli("import", tmp_path / "more.csv", db=db, check=True)
    assert cli_json("summary", "--json", db=db)["entries"] == 6
    run_cli("restore", out, db=db, check=True)
    assert cli_json("summary", "--json", db=db)["entries"] == 5
    kept = list(tmp_path.glob("book.before-restore-*.sqlite3"))
    assert len(kept) == 1
    assert cli_json("summary", "--json", db=kept[0])["entries"] == 6


def test_demo(tmp_path):
    db = tmp_path / "demo.sqlite3"
    run_cli("demo", db=db, check=True)
    assert run_cli("verify", db=db).returncode == 0
    s = cli_json("summary", "--json", db=db)
    assert s["entries"] > 100 and s["date"] == "2024-07-31"
    assert set(s["accounts"]) == {"KTB-SAV", "BAAC-CUR"}
    # demo into an existing book is refused
    proc = run_cli("demo", db=db)
    assert proc.returncode != 0 and has_thai(proc.stderr)


# ------------------------------------------------------------------ every failure changes nothing


def _state(db):
    conn = sqlite3.connect(db)
    try:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()}
    finally:
        conn.close()
    from manualbook.book import Book
    from manualbook.figures import summary_json
    with Book.open(db) as book:  # in-process: the same figures as `summary --json`, without a subprocess
        return counts, summary_json(book.summary())


def _bad_file(tmp_path, rows):
    return write_csv(tmp_path / "bad.csv", rows, COLS)


FAILURES = {
    "init_again": lambda t: ["init", "--org", "x", "--start", "1/7/2567"],
    "init_ce_year": lambda t: ["init", "--org", "x", "--start", "1/7/2024"],
    "account_exists": lambda t: ["account", "add", "KTB", "--bank", "x", "--number", "1"],
    "account_bad_amount": lambda t: ["account", "add", "NEW", "--bank", "x", "--number", "1", "--opening", "1.234"],
    "setting_unknown": lambda t: ["setting", "set", "colour", "blue"],
    "budget_changed": lambda t: ["budget", "import", _budget_changed(t)],
    "budget_transfer_over": lambda t: ["budget", "transfer", "L02", "L01", "60,000", "--date", "2/7/2567",
                                       "--reason", "x"],
    "budget_transfer_unknown": lambda t: ["budget", "transfer", "L09", "L01", "1", "--date", "2/7/2567",
                                          "--reason", "x"],
    "import_bad_rows": lambda t: ["import", _bad_file(t, [receipt(amount="x"), receipt(date="8/7/2024")])],
    "import_over_budget": lambda t: ["import", _bad_file(t, [payment(number="9", line="L02", amount="60,000",
                                                                     method="transfer", account="KTB")])],
    "import_twice": lambda t: ["import", t / "entries.csv"],
    "import_missing": lambda t: ["import", t / "nope.csv"],
    "reverse_unknown": lambda t: ["reverse", "0000000000", "--reason", "x"],
    "reverse_no_reason": lambda t: ["reverse", "0000000000", "--reason", "  "],
    "close_before_start": lambda t: ["close-day", "30/6/2567"],
    "summary_bad_date": lambda t: ["summary", "--date", "32/7/2567", "--json"],
    "entries_bad_month": lambda t: ["entries", "--month", "13/2567"],
}


def _budget_changed(tmp_path):
    path = tmp_path / "budget2.csv"
    path.write_text(BUDGET.replace("50000", "60000"), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_failure_exits_non_zero_in_thai_and_changes_nothing(db, tmp_path, name):
    args = FAILURES[name](tmp_path)
    before = _state(db)
    proc = run_cli(*args, db=db)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert has_thai(proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr
    assert _state(db) == before


def test_close_day_twice_refused(db):
    run_cli("close-day", "2/7/2567", db=db, check=True)
    before = _state(db)
    proc = run_cli("close-day", "1/7/2567", db=db)
    assert proc.returncode == 1 and "2/7/2567" in proc.stderr
    assert _state(db) == before


def test_import_into_closed_day_refused(db, tmp_path):
    run_cli("close-day", "3/7/2567", db=db, check=True)
    before = _state(db)
    proc = run_cli("import", write_csv(tmp_path / "late.csv", [receipt(date="3/7/2567", amount="5")], COLS), db=db)
    assert proc.returncode == 1 and "แถวที่ 2" in proc.stderr and "3/7/2567" in proc.stderr
    assert _state(db) == before


def test_missing_book(tmp_path):
    proc = run_cli("summary", "--json", db=tmp_path / "none.sqlite3")
    assert proc.returncode == 1 and has_thai(proc.stderr)
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize("args", [
    ["--bogus"],
    ["summary", "--nope"],
    ["reverse", "ABC"],                    # --reason is required
    ["init", "--org", "x"],                # --start is required
    ["entries", "--date", "1/7/2567", "--month", "7/2567"],
    ["frobnicate"],
])
def test_usage_errors_exit_2_in_thai(base, args):
    proc = run_cli(*args, db=base)
    assert proc.returncode == 2
    assert "คำสั่งไม่ถูกต้อง" in proc.stderr


def test_bad_file_lists_every_bad_row_on_stderr(db, tmp_path):
    rows = [receipt(amount="1"), receipt(amount="abc"), receipt(amount="2"), receipt(date="31/2/2567"),
            receipt(amount="-3")]
    proc = run_cli("import", write_csv(tmp_path / "b.csv", rows, COLS), db=db)
    assert proc.returncode == 1
    for n in (3, 5, 6):
        assert f"แถวที่ {n}:" in proc.stderr
    assert "แถวที่ 2:" not in proc.stderr and "แถวที่ 4:" not in proc.stderr
