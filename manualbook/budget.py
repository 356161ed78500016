"""Budget control use cases: lines, transfers, supplementary budgets, commitments.

Changes are records, never overwrites: re-importing a line with another
amount is refused; a transfer, a supplementary appropriation, a commitment
and its cancellation are each a new row. What remains on a line is
``ledger.line_statuses`` (the contract's definition).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import ledger
from .messages import BookError, Problem, msg, problem
from .model import BudgetLine, Change
from .money import format_amount
from .store.rows import line_from_row
from .clock import now_text
from .inputs import KEY_RE, check_texts, text_problem
from .thaidate import check_not_future, fiscal_year, format_short
from .txn import writes


def lines(book, fy: int) -> list[BudgetLine]:
    """The lines of a fiscal year with the appropriation as set (restated where
    an upgrade restated it: store/schema.py, m003_budget_full_year)."""
    cur = book.db.conn.execute("SELECT * FROM budget_lines_as_set WHERE fy = ? ORDER BY position, key", (fy,))
    names = [d[0] for d in cur.description]
    return [line_from_row(dict(zip(names, r))) for r in cur.fetchall()]


def restated(book, fy: int) -> list[dict]:
    """Lines whose stored amount an upgrade restated as the year's appropriation."""
    return [dict(zip(("key", "amount_stored", "spent_before", "amount", "migration", "recorded_at"), r))
            for r in book.db.conn.execute(
                "SELECT key, amount_stored, spent_before, amount, migration, recorded_at FROM budget_restatements"
                " WHERE fy = ? ORDER BY rec", (fy,))]


def fiscal_years(book) -> list[int]:
    return [r[0] for r in book.db.conn.execute("SELECT DISTINCT fy FROM budget_lines ORDER BY fy")]


@writes
def import_lines(book, rows, fy: int) -> Change:
    """Writes budget lines (and revenue estimates); refuses changed amounts. All or nothing."""

    problems: list[Problem] = []
    existing = {l.key: l for l in lines(book, fy)}
    estimates = {code: (amount, received) for code, amount, received in book.db.conn.execute(
        "SELECT code, amount, received_before FROM revenue_estimates WHERE fy = ?", (fy,))}
    new_lines, new_estimates = [], []
    seen: set[str] = set()
    position = max([l.position for l in existing.values()] + [0])
    for r in rows:
        row_no = getattr(r, "source_row", None) or None
        bad = [p for f, label in _TEXT_LABELS.items() if (p := text_problem(str(getattr(r, f, "") or ""), label))]
        if bad:
            problems += [p.at_row(row_no) if row_no else p for p in bad]
            continue
        if not r.line:
            if r.code and (r.estimate or r.received):
                if r.code in estimates and estimates[r.code] != (r.estimate, r.received):
                    old, new = estimates[r.code], (r.estimate, r.received)
                    what = 0 if old[0] != new[0] else 1
                    p = msg("budget_line_changed", line=r.code, fy=fy, old=format_amount(old[what]),
                            new=format_amount(new[what]))
                    problems.append(p.at_row(row_no) if row_no else p)
                elif r.code not in estimates:
                    new_estimates.append({"fy": fy, "code": r.code, "amount": r.estimate,
                                          "received_before": r.received})
            continue
        if r.line in seen:
            continue
        seen.add(r.line)
        if r.line in existing:
            old = existing[r.line]
            if old.amount != r.amount:
                p = msg("budget_line_changed", line=r.line, fy=fy, old=format_amount(old.amount), new=format_amount(r.amount))
                problems.append(p.at_row(row_no) if row_no else p)
            continue
        position += 1
        new_lines.append({"fy": fy, "key": r.line, "plan": r.plan, "work": r.work, "grp": r.group,
                          "category": r.category, "code": r.code, "item": r.item, "amount": r.amount,
                          "spent_before": r.spent, "committed_before": r.committed, "position": position})
    if problems:
        raise BookError(problems)
    stamp = now_text()
    with book.db.atomic():
        for row in new_lines:
            book.db["budget_lines"].insert({**row, "created_at": stamp})
        for row in new_estimates:
            book.db["revenue_estimates"].insert({**row, "created_at": stamp})
    return Change(budget=True, notes=(f"{len(new_lines)} lines", f"{len(new_estimates)} estimates"))


@writes
def add_line(book, fy: int, key: str, item: str, amount: int, plan: str = "", work: str = "", group: str = "",
             category: str = "", code: str = "", spent: int = 0, committed: int = 0) -> Change:
    """One budget line typed by hand (during an outage there may be no e-LAAS file): the
    budget file's columns, stored exactly as a file row with the same values would be."""
    from .model import BudgetRow

    # checked as typed, before anything is stripped; labels as the app's dialog shows them
    check_texts({"รหัสรายการงบ": key, "รายการ/โครงการ": item, "แผนงาน": plan, "งาน": work, "งบ": group,
                 "หมวด": category, "ประเภทรายจ่าย (รหัส)": code})
    key, item = key.strip(), item.strip()
    problems = []
    if not KEY_RE.match(key):
        problems.append(Problem("key_bad", msg("key_bad", key=key).message, None, "key"))
    elif any(line.key == key for line in lines(book, fy)):
        problems.append(Problem("line_exists", problem("line_exists", line=key, fy=fy).message, None, "key"))
    if not item:
        problems.append(Problem("item_missing", problem("item_missing").message, None, "item"))
    if min(amount, spent, committed) < 0:
        problems.append(Problem("amount_negative", msg("amount_negative", field="จำนวนเงิน",
                                                       value=format_amount(min(amount, spent, committed))).message,
                                None, "amount"))
    elif spent > amount:
        problems.append(Problem("spent_over", problem("spent_over", line=key, spent=format_amount(spent),
                                                 amount=format_amount(amount)).message, None, "spent"))
    if problems:
        raise BookError(problems)
    row = BudgetRow(key, plan.strip(), work.strip(), group.strip(), category.strip(), code.strip(), item, amount,
                    spent, committed)
    change = import_lines(book, [row], fy)
    return Change(budget=True, notes=(f"{key} {item}",) + change.notes[1:])


_TEXT_LABELS = {"line": "line (รายการงบ)", "plan": "แผนงาน", "work": "งาน", "group": "งบ", "category": "หมวด",
                "code": "รหัส", "item": "รายการ/โครงการ"}


def _status(book, fy: int, key: str, day: dt.date):
    found = ledger.line_statuses(book.db, fy, day=None, keys=[key])
    if not found:
        raise BookError(problem("line_missing", line=key, fy=fy))
    return found[0]


def _check_day(book, day: dt.date) -> None:
    check_not_future(day)
    closed = book.closed_through()
    if closed and day <= closed:
        raise BookError(problem("closed_day", date=format_short(day)))
    if day < book.org().start:
        raise BookError(msg("date_before_start", date=format_short(day), start=format_short(book.org().start)))


@writes
def transfer(book, from_line: str, to_line: str, amount: int, day: dt.date, reason: str,
             reference: str = "") -> dict:
    """โอนงบประมาณ. Returns the memo figures per line (ตั้งจ่ายไว้, ก่อนโอน, โอนครั้งนี้, หลังโอน)."""

    check_texts({"เหตุผล": reason, "อ้างอิง": reference})
    if not reason.strip():
        raise BookError(msg("reason_required"))
    if from_line == to_line:
        raise BookError(problem("transfer_same"))
    if amount <= 0:
        raise BookError(msg("amount_zero", field="จำนวนเงิน"))
    _check_day(book, day)
    fy = fiscal_year(day)
    src, dst = _status(book, fy, from_line, day), _status(book, fy, to_line, day)
    if amount > src.remaining:
        raise BookError(problem("transfer_over", line=from_line, remaining=format_amount(src.remaining),
                           amount=format_amount(amount)))
    with book.db.atomic():
        book.db["budget_changes"].insert({"fy": fy, "date": day.isoformat(), "kind": "transfer",
                                          "from_line": from_line, "to_line": to_line, "amount": amount,
                                          "reason": reason.strip(), "reference": reference,
                                          "recorded_at": now_text(), "clerk": book.clerk()})
    base = {l.key: l.amount for l in lines(book, fy)}
    return {"from": {"line": from_line, "set": base[from_line], "before": src.remaining,
                     "change": -amount, "after": src.remaining - amount},
            "to": {"line": to_line, "set": base[to_line], "before": dst.remaining,
                   "change": amount, "after": dst.remaining + amount}}


@writes
def supplementary(book, line: str, amount: int, day: dt.date, reason: str, reference: str = "") -> Change:
    """งบเพิ่มเติม: more appropriation on a line, as a record."""

    check_texts({"เหตุผล": reason, "อ้างอิง": reference})
    if amount <= 0:
        raise BookError(msg("amount_zero", field="จำนวนเงิน"))
    _check_day(book, day)
    fy = fiscal_year(day)
    _status(book, fy, line, day)
    with book.db.atomic():
        book.db["budget_changes"].insert({"fy": fy, "date": day.isoformat(), "kind": "supplementary",
                                          "from_line": None, "to_line": line, "amount": amount,
                                          "reason": reason.strip(), "reference": reference,
                                          "recorded_at": now_text(), "clerk": book.clerk()})
    return Change(budget=True)


@writes
def commit(book, key: str, line: str, amount: int, day: dt.date, party: str = "", description: str = "") -> Change:
    """ก่อหนี้ผูกพัน: a purchase order or contract reserving money on a line."""

    check_texts({"ใบสั่ง/สัญญา": key, "คู่สัญญา": party, "รายละเอียด": description})
    _check_day(book, day)
    fy = fiscal_year(day)
    status = _status(book, fy, line, day)
    if book.db["commitments"].count_where("key = ?", [key]):
        raise BookError(problem("commit_exists", key=key))
    if amount > status.remaining:
        raise BookError(problem("commit_over", line=line, remaining=format_amount(status.remaining),
                           amount=format_amount(amount)))
    with book.db.atomic():
        book.db["commitments"].insert({"key": key, "fy": fy, "line": line, "date": day.isoformat(),
                                       "party": party, "description": description, "amount": amount,
                                       "recorded_at": now_text(), "clerk": book.clerk()})
    return Change(budget=True)


@writes
def cancel_commitment(book, key: str, day: dt.date, reason: str) -> Change:

    check_texts({"เหตุผล": reason})
    if not book.db["commitments"].count_where("key = ?", [key]):
        raise BookError(problem("commit_missing", key=key))
    if book.db["commitment_events"].count_where("commitment = ?", [key]):
        raise BookError(problem("commit_cancelled", key=key))
    if not reason.strip():
        raise BookError(msg("reason_required"))
    _check_day(book, day)
    with book.db.atomic():
        book.db["commitment_events"].insert({"commitment": key, "event": "cancel", "date": day.isoformat(),
                                             "reason": reason.strip(), "recorded_at": now_text(),
                                             "clerk": book.clerk()})
    return Change(budget=True)


def read_file(path: Path):
    """Reads the contract's budget file (CSV or XLSX) into rows, or raises with every bad row."""
    from .budget_file import read_budget_file

    if not path.exists():
        raise BookError(msg("file_missing", path=path))
    from .budget_grid import BudgetSheetError

    try:
        rows, problems = read_budget_file(path.read_bytes(), path.name)
    except BudgetSheetError as exc:
        raise BookError(Problem("budget_row_bad", str(exc))) from None
    if problems:
        raise BookError([Problem("budget_row_bad", getattr(p, "message", str(p)), getattr(p, "row_number", None),
                                 getattr(p, "field", None)) for p in problems])
    return rows


def sheet_mapping(book, grid, columns: dict[str, str] | None = None, header_rows: tuple[int, ...] | None = None):
    """The mapping for an e-LAAS-style workbook: the saved one if its headers match,
    else a guess; ``columns`` (field -> Excel letter) and ``header_rows`` (1-based)
    are the user's corrections."""
    from openpyxl.utils import column_index_from_string

    from . import elaas_budget_sheet as bs

    mapping = None
    saved = book.setting("budget_mapping")
    if saved and not header_rows:
        try:
            mapping = bs.rebase_mapping(grid, bs.Mapping.from_json(saved))
        except ValueError:
            mapping = None
    if mapping is None:
        header = bs.header_at(grid, tuple(r - 1 for r in header_rows)) if header_rows else bs.guess_header(grid)
        mapping = bs.guess_mapping(grid, header)
    if columns:
        mapping = mapping.with_columns(**{f: (column_index_from_string(c) - 1 if c else None)
                                          for f, c in columns.items()})
    return mapping


def import_sheet(book, data: bytes, fy: int, columns=None, header_rows=None, commit_rows: bool = False,
                 filename: str = "budget.xlsx"):
    """Maps, previews and (with commit_rows) imports an e-LAAS budget workbook (or a CSV
    saved from one: ``filename`` ending in .csv).

    Returns (mapping, preview rows, change or None). The mapping is saved in
    the book (a dated setting) when the import is written, and reused next time.

    An e-LAAS sheet's amount column is the year's appropriation (ตั้งไว้) and
    is stored as read; a spent column (เบิกจ่ายแล้ว), when mapped, is stored
    beside it as spent before the books' start, which reduces what remains
    (the contract's arithmetic), never the appropriation.
    """
    from . import elaas_budget_sheet as bs

    try:
        grid = bs.csv_grid(data) if filename.lower().endswith(".csv") else bs.read_grid(data)
    except bs.BudgetSheetError as exc:
        raise BookError(Problem("budget_row_bad", str(exc))) from None
    mapping = sheet_mapping(book, grid, columns, header_rows)
    shown = bs.preview(grid, mapping, limit=None)
    if not commit_rows:
        return mapping, shown, None
    rows, problems = bs.apply_mapping(grid, mapping)
    problems = [Problem("budget_row_bad", p.message, p.row_number, p.field) for p in problems]
    for r in rows:
        if r.line and r.spent > r.amount:
            problems.append(Problem("budget_row_bad", problem("spent_over", line=r.line, spent=format_amount(r.spent),
                                                          amount=format_amount(r.amount)).message,
                                    r.source_row or None, "spent"))
    if problems:
        raise BookError(problems)
    change = import_lines(book, rows, fy)
    book.set_setting("budget_mapping", mapping.to_json())
    return mapping, shown, change
