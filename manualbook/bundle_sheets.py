"""The backfill workbook: what the clerk keys into e-LAAS from, sheet by sheet.

``collect`` reads everything the workbook shows out of a book (a snapshot
copy, so the figures are one consistent moment); ``workbook_bytes`` lays it
out with openpyxl in write-only mode and returns bytes (no file I/O here).
Reading back what the clerk ticked is ``keyed_workbook.py``; the empty entries
file a user can fill in is ``entry_fields.entries_template_xlsx``.

Sheets:
- ลำดับการบันทึก: every entry from ``since`` to the last entry in keying order
  (date, then sequence), one row per entry, with the keyed and e-LAAS document
  number columns. Read back by entry ID, never by row position.
- one sheet per e-LAAS screen, columns as data in resources/elaas_screens.json;
- ยอดรายวัน: per-day totals and balances carried forward, with empty columns
  for the figures of e-LAAS's own daily report and a check formula;
- งบประมาณ and โอนงบ-งบเพิ่มเติม: the budget lines of the fiscal years covered;
- _meta (hidden): which book and which moment the workbook comes from.

Amounts are text "1,234.50" (the contract), with hidden numeric twins for sums.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from . import ledger
from .budget import fiscal_years, lines as budget_lines
from .bundle_blocks import DayDigests
from .messages import BookError, Problem, problem
from .model import KIND_THAI, METHOD_THAI, Account, BudgetLine, Entry, LineStatus, Org
from .money import format_amount
from .resources_data import read_text
from .thaidate import fiscal_year, format_short

CHRONO_SHEET = "ลำดับการบันทึก"
DAYS_SHEET = "ยอดรายวัน"
BUDGET_SHEET = "งบประมาณ"
CHANGES_SHEET = "โอนงบ-งบเพิ่มเติม"
META_SHEET = "_meta"
KEYED_MARK = "✓"
NEW_MARK = "ใหม่"
META_FORMAT = 1


# (key, Thai heading, width); keys after "new" are hidden helper columns.
CHRONO_COLUMNS = (
    ("no", "ลำดับ", 7), ("id", "รหัสรายการ", 13), ("date", "วันที่", 11), ("kind", "ประเภท", 10),
    ("document", "เอกสาร (เล่ม/เลขที่ ฎีกา ใบนำฝาก)", 14), ("party", "ผู้ชำระ/ผู้รับ", 28),
    ("code", "รหัสรายรับ/รายการงบ", 12), ("code_name", "ชื่อรหัส/รายการงบ", 30),
    ("description", "รายละเอียด", 34), ("amount", "จำนวนเงิน", 15), ("wht", "ภาษีหัก ณ ที่จ่าย", 12),
    ("net", "สุทธิ", 15), ("method", "วิธีรับจ่าย", 9), ("account", "บัญชี", 11), ("cheque", "เลขที่เช็ค", 11),
    ("commitment", "ใบสั่ง/สัญญา", 12), ("reverses", "กลับรายการของ", 13),
    ("keyed", "บันทึกใน e-LAAS แล้ว", 12), ("doc_no", "เลขที่เอกสาร e-LAAS", 18), ("new", "ใหม่", 7),
    ("amount_num", "จำนวนเงิน (ตัวเลข)", 12), ("net_num", "สุทธิ (ตัวเลข)", 12), ("seq", "ลำดับในสมุด", 8),
    ("keyed_was", "บันทึกแล้ว ณ วันส่งออก", 8), ("doc_was", "เลขที่ e-LAAS ณ วันส่งออก", 8),
)
HIDDEN_FROM = [k for k, *_ in CHRONO_COLUMNS].index("amount_num")
HEADER_ROW = 3  # rows 1-2: title and instructions


def column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(i)


# ------------------------------------------------------------------ data

@dataclass(frozen=True)
class Row:
    no: int
    entry: Entry
    keyed: bool
    doc_no: str
    new: bool


@dataclass(frozen=True)
class DayTotals:
    date: dt.date
    entries: int
    receipts: int
    voids: int
    deposits: int
    withdrawals: int
    payments: int
    wht: int
    reversals: int
    cash: int
    accounts: tuple[tuple[str, int], ...]
    keyed: int
    elaas: dict[str, int | None] = field(default_factory=dict)  # e-LAAS figures recorded so far

    @property
    def bank(self) -> int:
        return sum(v for _, v in self.accounts)

    @property
    def payments_net(self) -> int:
        return self.payments - self.wht


@dataclass
class Names:
    codes: dict[str, str]
    held: dict[str, str]
    lines: dict[tuple[int, str], BudgetLine]
    accounts: dict[str, Account]
    entries_by_id: dict[str, Entry] = field(default_factory=dict)

    def code_name(self, e: Entry) -> str:
        if e.code:
            return self.codes.get(e.code) or self.held.get(e.code, "")
        if e.line:
            line = self.lines.get((e.fy, e.line))
            return line.item if line else self.held.get(e.line, "")
        return ""


class RowSource:
    """The workbook's rows, read from the book each time they are walked (a city's 100,000 entries
    are never all in memory): in keying order (date, then sequence), numbered from 1."""

    def __init__(self, db, since: dt.date, until: dt.date, marks: dict, prev_seq: int | None, count: int):
        self.db, self.since, self.until = db, since, until
        self.marks, self.prev_seq, self.count = marks, prev_seq, count

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self):
        return (row for _, row in self.walk())

    def day(self, day: dt.date, first_no: int):
        """The rows of one day, numbered from ``first_no``."""
        return (row for _, row in self.walk(day, first_no))

    def walk(self, day: dt.date | None = None, first_no: int = 1):
        """(the entry's stored values as read, its Row): of one day, or of the whole range."""
        from .store.rows import ENTRY_SELECT, entry_from_row

        marks, prev = self.marks, self.prev_seq
        first, last = (day, day) if day else (self.since, self.until)
        rows = self.db.conn.execute(ENTRY_SELECT + " WHERE date BETWEEN ? AND ? ORDER BY date, seq",
                                    (first.isoformat(), last.isoformat()))
        for no, row in enumerate(rows, start=first_no):
            e = entry_from_row(row)
            keyed, doc_no = marks.get(e.id, (False, ""))
            yield row, Row(no, e, keyed, doc_no, prev is not None and e.seq > prev)


@dataclass
class BundleData:
    org: Org
    since: dt.date
    until: dt.date
    rows: RowSource
    names: Names
    chain_head: str
    book_entries: int
    max_seq: int
    previous: dict | None
    days: list[DayTotals]
    opening_cash: int
    opening_accounts: tuple[tuple[str, int], ...]
    budget: list[tuple[int, BudgetLine, LineStatus, int]]  # (fy, line, status, transfers net)
    budget_changes: list[dict]
    created_at: str
    totals: dict[str, int]
    new_entries: int = 0
    new_before_previous: list[Row] = field(default_factory=list)  # added since the previous bundle,
    keyed_count: int = 0                                           # dated on or before its last day
    closed_through: dt.date | None = None
    day_digests: dict = field(default_factory=dict)  # day -> what its rows are made of (bundle_blocks)
    day_kinds: dict = field(default_factory=dict)    # day -> {kind: entries}

    @property
    def days_with_entries(self) -> set[dt.date]:
        return {d.date for d in self.days}


@dataclass(frozen=True)
class Period:
    """What a bundle covers, known before its rows are walked (which registers it holds)."""
    since: dt.date
    until: dt.date
    days_with_entries: frozenset
    rows: int  # days with entries (0: no rows, no registers)


def period(book, since: dt.date) -> Period:
    until = _until(book.db, since)
    days = frozenset(dt.date.fromisoformat(d) for (d,) in book.db.conn.execute(
        "SELECT DISTINCT date FROM entries WHERE date BETWEEN ? AND ?", (since.isoformat(), until.isoformat())))
    return Period(since, until, days, len(days))


def _until(db, since: dt.date) -> dt.date:
    return max(ledger.last_entry_date(db) or since, since)


def collect(book, since: dt.date, previous: dict | None, created_at: str, keep_rows: bool = False) -> BundleData:
    """Everything the workbook and the manifest show, read from one book (a snapshot). The rows
    are read again from the book each time they are walked (so it must stay open), unless
    ``keep_rows`` holds them all in memory (a bundle's verify, which closes its book copy)."""
    db = book.db
    org = book.org()
    until = _until(db, since)
    head, count = book.chain_head()
    marks = ledger.latest_marks(db)
    prev_seq = int(previous["max_seq"]) if previous and previous.get("max_seq") is not None else None
    names = Names(
        codes={c: n for c, n, _ in book.codes("revenue")},
        held={h.key: h.name for h in book.held_accounts()},
        lines={}, accounts={a.key: a for a in book.accounts()})
    for fy in fiscal_years(book):
        for line in budget_lines(book, fy):
            names.lines[(fy, line.key)] = line
    in_range = db.conn.execute("SELECT count(*) FROM entries WHERE date BETWEEN ? AND ?",
                               (since.isoformat(), until.isoformat())).fetchone()[0]
    rows = RowSource(db, since, until, marks, prev_seq, in_range)
    prev_until = dt.date.fromisoformat(previous["until"]) if previous and previous.get("until") else None
    originals: set[str] = set()
    new_entries, keyed_count, late = 0, 0, []
    totals = {"receipts": 0, "deposits": 0, "withdrawals": 0, "payments": 0, "wht": 0}
    per_day: dict[dt.date, dict] = {}
    digests = DayDigests() if not keep_rows else None  # a bundle's verify writes no workbook
    for raw, r in rows.walk():  # one pass: the day totals, what the manifest counts, the days' digests
        if digests is not None:
            digests.add(raw, r)
        e = r.entry
        if e.reverses:
            originals.add(e.reverses)
        new_entries += r.new
        keyed_count += r.keyed
        if r.new and prev_until is not None and e.date <= prev_until:
            late.append(r)
        d = per_day.setdefault(e.date, {"entries": 0, "receipt": 0, "voids": 0, "deposit": 0, "withdraw": 0,
                                         "payment": 0, "wht": 0, "reversals": 0, "keyed": 0})
        d["entries"] += 1
        d["keyed"] += r.keyed
        if e.kind == "void":
            d["voids"] += 1
            continue
        if e.kind == "reversal":
            d["reversals"] += 1
        d[e.base_kind] += e.amount
        if e.base_kind == "payment":
            d["wht"] += e.wht
    for entry_id in originals:
        names.entries_by_id[entry_id] = book.entry(entry_id)
    day_digests = digests.finish(names.entries_by_id) if digests is not None else {}
    max_seq = db.conn.execute("SELECT coalesce(max(seq), 0) FROM entries").fetchone()[0]
    for d in per_day.values():
        totals["receipts"] += d["receipt"]
        totals["deposits"] += d["deposit"]
        totals["withdrawals"] += d["withdraw"]
        totals["payments"] += d["payment"]
        totals["wht"] += d["wht"]

    opening = ledger.positions_at(db, since, before=True)
    account_keys = sorted(names.accounts)
    running = dict(opening)
    deltas = ledger.daily_deltas(db, since)
    typed = ledger.elaas_day_totals(db)
    days = []
    for day in sorted(per_day):
        for pos, delta in deltas.get(day, {}).items():
            running[pos] = running.get(pos, 0) + delta
        d = per_day[day]
        days.append(DayTotals(
            date=day, entries=d["entries"], receipts=d["receipt"], voids=d["voids"], deposits=d["deposit"],
            withdrawals=d["withdraw"], payments=d["payment"], wht=d["wht"], reversals=d["reversals"],
            cash=running.get(ledger.CASH, 0),
            accounts=tuple((k, running.get(("account", k), 0)) for k in account_keys), keyed=d["keyed"],
            elaas=typed.get(day, {})))

    budget = []
    for fy in range(fiscal_year(since), fiscal_year(until) + 1):
        statuses = {s.key: s for s in ledger.line_statuses(db, fy, until)}
        for line in budget_lines(book, fy):
            status = statuses[line.key]
            budget.append((fy, line, status, status.appropriated - line.amount))
    changes = list(db["budget_changes"].rows_where("date BETWEEN ? AND ?", [since.isoformat(), until.isoformat()],
                                                    order_by="date, rec"))
    return BundleData(
        org=org, since=since, until=until, rows=list(rows) if keep_rows else rows, names=names, chain_head=head, book_entries=count,
        max_seq=max_seq, previous=previous, days=days, opening_cash=opening.get(ledger.CASH, 0),
        opening_accounts=tuple((k, opening.get(("account", k), 0)) for k in account_keys),
        budget=budget, budget_changes=changes, created_at=created_at, totals=totals,
        new_entries=new_entries, new_before_previous=late, keyed_count=keyed_count,
        closed_through=book.closed_through(), day_digests=day_digests,
        day_kinds=digests.kinds if digests is not None else {})


# ------------------------------------------------------------------ e-LAAS screens (data)

def load_screens(text: str | None = None) -> list[dict]:
    """The per-screen sheets' columns from resources/elaas_screens.json, checked."""
    data = json.loads(text if text is not None else read_text("elaas_screens.json"))
    known = set(FIELDS)
    problems = []
    sheets = set()
    for screen in data.get("screens", []):
        for col in screen.get("columns", []):
            if col.get("field") not in known:
                problems.append(problem("screens_field_unknown", sheet=screen.get("sheet"), name=col.get("field")).message)
        for kind in screen.get("kinds", []):
            if kind not in KIND_THAI:
                problems.append(problem("screens_kind_unknown", sheet=screen.get("sheet"), kind=kind).message)
        name = screen.get("sheet") or ""
        if not name or len(name) > 31 or name in sheets or name in (CHRONO_SHEET, DAYS_SHEET, BUDGET_SHEET,
                                                                     CHANGES_SHEET, META_SHEET):
            problems.append(problem("screens_sheet_bad", sheet=name).message)
        sheets.add(name)
    if problems:
        raise BookError([Problem("screens_bad", p) for p in problems])
    return data["screens"]


def _reverses(names: Names, e: Entry) -> Entry | None:
    return names.entries_by_id.get(e.reverses) if e.reverses else None


FIELDS = {
    "no": lambda r, n: r.no,
    "id": lambda r, n: r.entry.id,
    "date": lambda r, n: format_short(r.entry.date),
    "kind": lambda r, n: KIND_THAI[r.entry.kind] + (f" ({KIND_THAI[r.entry.base_kind]})"
                                                    if r.entry.kind == "reversal" else ""),
    "document": lambda r, n: r.entry.document,
    "book": lambda r, n: r.entry.book,
    "number": lambda r, n: r.entry.number,
    "party": lambda r, n: r.entry.party,
    "code": lambda r, n: r.entry.code or r.entry.line,
    "code_name": lambda r, n: n.code_name(r.entry),
    "line": lambda r, n: r.entry.line,
    "line_name": lambda r, n: n.code_name(r.entry) if r.entry.line else "",
    "plan": lambda r, n: getattr(n.lines.get((r.entry.fy, r.entry.line)), "plan", ""),
    "work": lambda r, n: getattr(n.lines.get((r.entry.fy, r.entry.line)), "work", ""),
    "group": lambda r, n: getattr(n.lines.get((r.entry.fy, r.entry.line)), "group", ""),
    "category": lambda r, n: getattr(n.lines.get((r.entry.fy, r.entry.line)), "category", ""),
    "item": lambda r, n: (getattr(n.lines.get((r.entry.fy, r.entry.line)), "item", "")
                          or n.held.get(r.entry.line, "")),
    "fy": lambda r, n: str(r.entry.fy),
    "description": lambda r, n: r.entry.description,
    "amount": lambda r, n: "" if r.entry.kind == "void" else format_amount(r.entry.amount),
    "wht": lambda r, n: format_amount(r.entry.wht) if r.entry.wht else "",
    "net": lambda r, n: format_amount(r.entry.net) if r.entry.base_kind == "payment" else "",
    "method": lambda r, n: METHOD_THAI.get(r.entry.method, r.entry.method),
    "account": lambda r, n: r.entry.account,
    "account_bank": lambda r, n: getattr(n.accounts.get(r.entry.account), "bank", ""),
    "account_number": lambda r, n: getattr(n.accounts.get(r.entry.account), "number", ""),
    "cheque": lambda r, n: r.entry.cheque,
    "commitment": lambda r, n: r.entry.commitment,
    "reverses": lambda r, n: r.entry.reverses,
    "reverses_kind": lambda r, n: KIND_THAI.get(getattr(_reverses(n, r.entry), "kind", ""), ""),
    "reverses_date": lambda r, n: format_short(o.date) if (o := _reverses(n, r.entry)) else "",
    "reverses_document": lambda r, n: getattr(_reverses(n, r.entry), "document", ""),
    "reason": lambda r, n: r.entry.reason,
    "keyed": lambda r, n: KEYED_MARK if r.keyed else None,
    "doc_no": lambda r, n: r.doc_no or None,
    "new": lambda r, n: NEW_MARK if r.new else None,
    "amount_num": lambda r, n: _num(r.entry.amount) if r.entry.kind != "void" else None,
    "net_num": lambda r, n: _num(r.entry.net) if r.entry.base_kind == "payment" else None,
    "seq": lambda r, n: r.entry.seq,
    "keyed_was": lambda r, n: 1 if r.keyed else 0,
    "doc_was": lambda r, n: r.doc_no or None,
}


def _num(satang: int) -> float:
    return round(satang / 100, 2)


# ------------------------------------------------------------------ the workbook (written by bundle_workbook.py)

def meta_rows(data: BundleData) -> list[tuple[str, object]]:
    return [("format", META_FORMAT), ("book_uuid", data.org.book_uuid), ("org", data.org.name),
            ("lao_code", data.org.lao_code), ("since", data.since.isoformat()), ("until", data.until.isoformat()),
            ("chain_head", data.chain_head), ("entries", len(data.rows)), ("max_seq", data.max_seq),
            ("created_at", data.created_at),
            ("previous", (data.previous or {}).get("folder", ""))]


DAY_ELAAS = (("elaas_receipts", "รับตาม e-LAAS"), ("elaas_payments", "จ่ายตาม e-LAAS"),
             ("elaas_cash", "เงินสดคงเหลือตาม e-LAAS"), ("elaas_bank", "เงินฝากคงเหลือตาม e-LAAS"))


def day_columns(data: BundleData) -> list[tuple[str, str]]:
    cols = [("date", "วันที่"), ("entries", "จำนวนรายการ"), ("receipts", "รับ"), ("voids", "ยกเลิกใบเสร็จ (ฉบับ)"),
            ("deposits", "นำฝาก"), ("withdrawals", "ถอน"), ("payments", "จ่ายตามฎีกา"), ("wht", "ภาษีหัก ณ ที่จ่าย"),
            ("payments_net", "จ่ายสุทธิ"), ("reversals", "กลับรายการ (รายการ)"), ("cash", "เงินสดคงเหลือยกไป")]
    cols += [(f"acct:{k}", f"เงินฝาก {k} คงเหลือยกไป") for k, _ in data.opening_accounts]
    cols += [("bank", "เงินฝากรวมคงเหลือยกไป"), ("keyed", "บันทึกแล้ว ณ วันส่งออก")]
    cols += list(DAY_ELAAS) + [("check", "ตรงกับ e-LAAS")]
    cols += [("n_receipts", "รับ (ตัวเลข)"), ("n_payments", "จ่าย (ตัวเลข)"), ("n_cash", "เงินสด (ตัวเลข)"),
             ("n_bank", "เงินฝาก (ตัวเลข)")]
    return cols
