"""Budget workbooks exported from e-LAAS, as budget lines. We have no sample of
e-LAAS's budget export, only the shape of its other exports: title rows
(organisation, "งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2568", a BE print date), a
one- or two-row header (a merged "งบประมาณ" above "ตั้งไว้ / โอนเพิ่ม /
โอนลด"), group labels merged down or written only on the first row of a group,
subtotal rows ("รวม…", "รวมทั้งสิ้น") inside the data, amounts as numbers or
text ("1,234.50", Thai digits), spacer rows. So the user maps columns once; the
mapping is saved (by the caller) and recognised on the next workbook by a
fingerprint of its header texts.

Flow: ``grid = read_grid(data)`` (merged cells filled in), ``mapping =
guess_mapping(grid, guess_header(grid))`` (the user may edit it), ``preview(grid,
mapping)`` (what will be imported or skipped), ``apply_mapping(grid, mapping)``.

Rules of apply_mapping:
- rows before ``first_data_row`` are titles/headers; blank rows are skipped;
- a row is a subtotal ('แถวรวม') if any text cell starts with "รวม",
  "ยอดรวม" or "Total", or it has amounts but neither item nor code;
- a row without any amount is a heading ('แถวหัวเรื่อง'); its labels in the
  plan/work/group/category columns still feed carry-down;
- carry-down: a blank label takes the value from the rows above; a new value
  at one level (plan) clears carried values below it (work, group, category);
- amounts become INTEGER satang; "-" means zero (as printed reports do);
- a "รวมทั้งสิ้น" row's amount is checked against the sum of lines read;
- without a ``line`` column keys are generated "L001", "L002"… in row order;
- rows with problems are left out of the result; the caller must refuse the
  import while any Problem is reported (nothing half-imported).

The plain budget file is ``budget_file.py``; cells and the mapping ``budget_grid.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import io
import re
from dataclasses import dataclass
from typing import Iterator

from .budget_grid import (FIELDS, LABEL_FIELDS, MONEY_FIELDS, BudgetSheetError, Cell, Grid, HeaderGuess, Mapping,
                          Problem, cell_key, cell_text, looks_number, norm_text, ordered, present)
from .messages import CATALOGUE, BookError, problem
from .model import BudgetRow
from .money import SHEET_CELL, format_amount, parse_amount
from .xlsx import column_letter as get_column_letter  # openpyxl is loaded only to read a file (app start)

SKIP_BLANK, SKIP_HEADING, SKIP_SUBTOTAL = (CATALOGUE[f"sheet_skip_{k}"] for k in ("blank", "heading", "subtotal"))


# ---------------------------------------------------------------- reading
def _cell_value(v: object) -> Cell:
    if v is None or isinstance(v, (int, float)) and not isinstance(v, bool):
        return v  # type: ignore[return-value]
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (_dt.date, _dt.time)):
        return v.isoformat()
    s = str(v).strip()
    return s or None


def read_grid(data: bytes, sheet: str | None = None) -> Grid:
    """The first (or named) sheet as values, merged blocks filled with their top-left value."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise BudgetSheetError(problem("sheet_xls").message)
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds
        raise BudgetSheetError(problem("sheet_xlsx_unreadable", why=exc).message) from exc
    names = tuple(wb.sheetnames)
    if sheet is not None and sheet not in names:
        raise BudgetSheetError(problem("sheet_missing", sheet=sheet, names=", ".join(names)).message)
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    rows = [[_cell_value(v) for v in r] for r in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        while len(rows) < rng.max_row:
            rows.append([])
        for r in range(rng.min_row - 1, rng.max_row):
            if len(rows[r]) < rng.max_col:
                rows[r].extend([None] * (rng.max_col - len(rows[r])))
        top = rows[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row - 1, rng.max_row):
            for c in range(rng.min_col - 1, rng.max_col):
                rows[r][c] = top
    while rows and not any(present(v) for v in rows[-1]):
        rows.pop()
    return Grid(tuple(tuple(r) for r in rows), ws.title, names)


def csv_grid(data: bytes, name: str = "CSV") -> Grid:
    """A CSV (UTF-8, or Thai Windows cp874; any line ending) as a grid."""
    from .csvfile import decode_bytes, records

    try:
        rows = [tuple(_cell_value(v) for v in r) for r in records(io.StringIO(decode_bytes(data, name), newline=""))]
    except BookError as exc:
        raise BudgetSheetError(exc.text()) from None
    while rows and not any(present(v) for v in rows[-1]):
        rows.pop()
    return Grid(tuple(rows), "csv", ("csv",))


# ---------------------------------------------------------------- header guess
_HEADER_WORDS = ("แผนงาน", "งาน", "งบ", "หมวด", "ประเภท", "รายการ", "โครงการ", "จำนวนเงิน",
                 "ตั้งไว้", "งบประมาณ", "รหัส", "โอนเพิ่ม", "โอนลด", "ใช้ไป", "เบิกจ่าย",
                 "คงเหลือ", "ก่อหนี้", "ผูกพัน", "ประมาณการ", "รวมถือจ่าย", "line", "plan", "work",
                 "group", "category", "code", "item", "amount", "spent", "committed", "estimate", "received")


def _header_score(row: tuple[Cell, ...]) -> int:
    score, seen = 0, set()
    for v in row:
        if not present(v):
            continue
        if looks_number(v):
            score -= 2
            continue
        t = norm_text(v)
        if t in seen or len(t) > 40:
            continue
        seen.add(t)
        score += 3 if t in _HEADER_WORDS else (1 if any(w in t for w in _HEADER_WORDS) else 0)
    return score


def _is_subheader(upper: tuple[Cell, ...], lower: tuple[Cell, ...]) -> bool:
    cells = [v for v in lower if present(v)]
    if not cells or any(looks_number(v) for v in cells):
        return False
    shared = any(present(v) and c < len(upper) and upper[c] == v for c, v in enumerate(lower))
    words = {norm_text(v) for v in cells if any(w in norm_text(v) for w in _HEADER_WORDS)}
    return shared or len(words) >= 2


def titles_for(grid: Grid, header_rows: tuple[int, ...]) -> tuple[str, ...]:
    """Column titles from header rows; a merged cell above gives "top / bottom"."""
    out = []
    for c in range(grid.width):
        parts: list[str] = []
        for r in header_rows:
            t = cell_text(grid.cell(r, c))
            if t and t not in parts:
                parts.append(t)
        out.append(" / ".join(parts))
    while out and not out[-1]:
        out.pop()
    return tuple(out)


def header_at(grid: Grid, header_rows: tuple[int, ...]) -> HeaderGuess:
    """A HeaderGuess for rows the user picked (0-based, consecutive)."""
    rows = tuple(sorted(header_rows))
    return HeaderGuess(rows, titles_for(grid, rows), rows[-1] + 1)


def guess_header(grid: Grid, search_rows: int = 40) -> HeaderGuess:
    best, best_score = None, 3
    for r in range(min(search_rows, len(grid.rows))):
        s = _header_score(grid.rows[r])
        if s > best_score:
            best, best_score = r, s
    if best is None:
        raise BudgetSheetError(problem("sheet_no_header").message)
    rows: tuple[int, ...] = (best,)
    # the best row may be the lower half (merged cells copied down score twice)
    if best > 0 and _header_score(grid.rows[best - 1]) > 3 and \
            _is_subheader(grid.rows[best - 1], grid.rows[best]):
        rows = (best - 1, best)
    elif best + 1 < len(grid.rows) and _is_subheader(grid.rows[best], grid.rows[best + 1]):
        rows = (best, best + 1)
    return header_at(grid, rows)


# ---------------------------------------------------------------- mapping guess
# Priority order: earlier words win. Words of <= 4 characters match a whole
# title part only ("งาน" must not match "แผนงาน"); longer ones may be contained.
_FIELD_WORDS = {
    "line": ("line", "key", "รหัสรายการงบ", "รายการงบ", "รหัสงบประมาณ", "รหัสรายการ", "รหัสบรรทัด"),
    "plan": ("plan", "แผนงาน"),
    "work": ("work", "งาน"),
    "group": ("group", "งบ", "งบรายจ่าย"),
    "category": ("category", "หมวด", "หมวดรายจ่าย"),
    "code": ("code", "รหัสประเภทรายจ่าย", "ประเภทรายจ่าย", "รหัสประเภท", "รหัสบัญชี", "รหัส", "ประเภท"),
    "item": ("item", "รายการ/โครงการ", "รายการ", "โครงการ", "รายละเอียด", "description"),
    "amount": ("amount", "ตั้งไว้", "งบประมาณที่ตั้งไว้", "ตั้งจ่าย", "จำนวนเงิน", "งบประมาณ", "appropriation"),
    "spent": ("spent", "ใช้ไป", "เบิกจ่ายแล้ว", "เบิกจ่าย", "จ่ายแล้ว"),
    "committed": ("committed", "ก่อหนี้ผูกพัน", "ผูกพัน", "ก่อหนี้"),
    "estimate": ("estimate", "ประมาณการ"),
    "received": ("received", "รับจริง", "รับแล้ว", "รายรับจริง"),
}
_FIELD_EXCLUDE = {
    "amount": ("โอนเพิ่ม", "โอนลด", "คงเหลือ", "ใช้ไป", "เบิกจ่าย", "ก่อหนี้", "ผูกพัน", "ประมาณการ", "รวมถือจ่าย"),
    "code": ("รายการ",),
}
_EXPENSE_CODE = re.compile(r"\d{7}")


def _field_score(field: str, title: str) -> int:
    full = norm_text(title)
    if not full or any(x in full for x in _FIELD_EXCLUDE.get(field, ())):
        return 0
    parts = [norm_text(p) for p in title.split(" / ")]
    words = _FIELD_WORDS[field]
    for i, w in enumerate(words):
        if w in parts or w == full:
            return 100 - 5 * i
    for i, w in enumerate(words):
        if len(w) > 4 and any(w in p for p in parts):
            return 50 - 5 * i
    return 0


def _column_values(grid: Grid, col: int, start: int, limit: int = 300) -> list[Cell]:
    return [v for r in range(start, min(len(grid.rows), start + limit))
            if present(v := grid.cell(r, col))]


def guess_mapping(grid: Grid, header: HeaderGuess) -> Mapping:
    """Proposes a column per field from the titles (and 7-digit codes in the data)."""
    cands = []
    for order, f in enumerate(FIELDS):
        for c, title in enumerate(header.titles):
            s = _field_score(f, title)
            if f == "code" and s:
                vals = _column_values(grid, c, header.first_data_row)
                hits = sum(bool(_EXPENSE_CODE.fullmatch(cell_key(v))) for v in vals)
                s = s + 30 if vals and hits * 2 >= len(vals) else (s if hits else 0)
            if s:
                cands.append((-s, order, c, f))
    cols: dict[str, int] = {}
    for _, _, c, f in sorted(cands):
        if f not in cols and c not in cols.values():
            cols[f] = c
    if "code" not in cols:  # untitled column of 7-digit codes
        for c in range(grid.width):
            vals = _column_values(grid, c, header.first_data_row)
            if c not in cols.values() and len(vals) >= 2 and \
                    sum(bool(_EXPENSE_CODE.fullmatch(cell_key(v))) for v in vals) * 2 >= len(vals):
                cols["code"] = c
                break
    mapping = Mapping(header.header_rows, header.first_data_row, ordered(cols),
                      (), header.titles, fingerprint(header.titles))
    # carry down every label column that is blank on some line below a value
    carry = []
    for f in LABEL_FIELDS:
        c = cols.get(f)
        if c is None:
            continue
        seen_value = False
        for r in _line_like_rows(grid, mapping):
            if present(grid.cell(r, c)):
                seen_value = True
            elif seen_value:
                carry.append(f)
                break
    return dataclasses.replace(mapping, carry_down=tuple(carry))


def _line_like_rows(grid: Grid, m: Mapping) -> Iterator[int]:
    money = [m.column(f) for f in MONEY_FIELDS if m.column(f) is not None]
    for r in range(m.first_data_row, len(grid.rows)):
        if any(present(grid.cell(r, c)) for c in money) and _subtotal_text(grid.rows[r]) is None:
            yield r


def fingerprint(titles: tuple[str, ...]) -> str:
    body = "\x1f".join(norm_text(t) for t in titles).rstrip("\x1f")
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def rebase_mapping(grid: Grid, mapping: Mapping, search_rows: int = 60) -> Mapping | None:
    """The saved mapping moved to where its headers are in this grid (None: not found)."""
    n = len(mapping.header_rows)
    if n == 0:
        return None
    if fingerprint(titles_for(grid, mapping.header_rows)) == mapping.fingerprint:
        return mapping
    for start in range(min(search_rows, len(grid.rows))):
        rows = tuple(range(start, start + n))
        if fingerprint(titles_for(grid, rows)) == mapping.fingerprint:
            shift = start - mapping.header_rows[0]
            return dataclasses.replace(mapping, header_rows=rows,
                                       first_data_row=mapping.first_data_row + shift)
    return None


def mapping_matches(grid: Grid, mapping: Mapping) -> bool:
    return rebase_mapping(grid, mapping) is not None


# ---------------------------------------------------------------- applying
_SUBTOTAL_PREFIXES = ("รวม", "ยอดรวม", "total")
_GRAND_TOTAL_PREFIXES = ("รวมทั้งสิ้น", "ยอดรวมทั้งสิ้น", "รวมทั้งหมด", "grandtotal")


def _subtotal_text(row: tuple[Cell, ...]) -> str | None:
    for v in row:
        if isinstance(v, str) and norm_text(v).startswith(_SUBTOTAL_PREFIXES):
            return norm_text(v)
    return None


@dataclass(frozen=True)
class _Result:
    index: int                # 0-based grid row
    status: str               # "import" | "skip" | "problem"
    reason: str
    row: BudgetRow | None
    problems: tuple[Problem, ...]


def walk(grid: Grid, m: Mapping, plain: bool = False) -> Iterator[_Result]:
    cols = dict(m.columns)
    if "amount" not in cols and "estimate" not in cols:
        raise BudgetSheetError(problem("sheet_no_amount_column").message)

    def where(r: int, f: str) -> str:
        c = cols[f]
        title = m.titles[c] if c < len(m.titles) and m.titles[c] else f
        return problem("sheet_where", row_no=r + 1, title=title, column=get_column_letter(c + 1)).message

    for r in range(min(m.first_data_row, len(grid.rows))):
        blank = not any(present(v) for v in grid.rows[r])
        yield _Result(r, "skip", SKIP_BLANK if blank else SKIP_HEADING, None, ())
    carry = dict.fromkeys(LABEL_FIELDS, "")
    seen: dict[tuple[str, str], int] = {}
    seq = running = 0

    def take_labels(row_cells: dict[str, str]) -> dict[str, str]:
        out = {}
        for i, f in enumerate(LABEL_FIELDS):
            v = row_cells.get(f, "")
            if v and v != carry[f]:
                for lower in LABEL_FIELDS[i + 1:]:
                    carry[lower] = ""
            if v:
                carry[f] = v
            out[f] = v or (carry[f] if f in m.carry_down else "")
        return out

    for r in range(m.first_data_row, len(grid.rows)):
        row = grid.rows[r]
        get = lambda f: grid.cell(r, cols.get(f))  # noqa: E731
        if not any(present(v) for v in row):
            yield _Result(r, "skip", SKIP_BLANK, None, ())
            continue
        labels = {f: cell_text(get(f)) for f in LABEL_FIELDS if f in cols}
        money_present = any(present(get(f)) for f in MONEY_FIELDS if f in cols)
        code, item = cell_key(get("code")), cell_text(get("item"))
        if not plain:
            sub = _subtotal_text(row)
            if sub is not None or (money_present and not item and not code):
                problems: tuple[Problem, ...] = ()
                if sub and sub.startswith(_GRAND_TOTAL_PREFIXES) and present(get("amount")):
                    try:
                        total = parse_amount(get("amount"), rules=SHEET_CELL)
                    except BookError:
                        total = running
                    if total != running:
                        problems = (Problem(r + 1, "amount", problem(
                            "sheet_total_off", where=where(r, "amount"), total=format_amount(total),
                            running=format_amount(running)).message),)
                yield _Result(r, "problem" if problems else "skip", SKIP_SUBTOTAL, None, problems)
                continue
            if not money_present:
                filled = [v for v in labels.values() if v]
                if len(filled) == len(set(filled)):  # not one label merged across columns
                    take_labels(labels)
                yield _Result(r, "skip", SKIP_HEADING, None, ())
                continue
        probs: list[Problem] = []
        if not money_present:  # plain file only: a row without any amount
            probs.append(Problem(r + 1, "amount", problem("sheet_row_no_amount", row_no=r + 1).message))
        values = take_labels(labels)
        revenue = (present(get("estimate")) or present(get("received"))) and not present(get("amount"))
        money = dict.fromkeys(MONEY_FIELDS, 0)
        for f in MONEY_FIELDS:
            if f not in cols:
                continue
            v = get(f)
            if not present(v):
                if f == "amount" and not revenue and money_present:
                    probs.append(Problem(r + 1, f, problem("sheet_amount_missing", where=where(r, f)).message))
                continue
            try:
                money[f] = parse_amount(v, rules=SHEET_CELL)
            except BookError as exc:
                probs.append(Problem(r + 1, f, problem("sheet_at", where=where(r, f), why=exc).message))
        if "line" in cols:
            line = cell_key(get("line"))
            if not line and not revenue:
                probs.append(Problem(r + 1, "line", problem("sheet_line_missing", where=where(r, "line")).message))
        elif plain:
            line = ""
            if not revenue:
                probs.append(Problem(r + 1, "line", problem("sheet_no_line_column", row_no=r + 1).message))
        else:
            seq += 1
            line = f"L{seq:03d}"
        if revenue:
            if not re.fullmatch(r"\d{8}", code):
                why = problem("sheet_revenue_code_bad", code=code) if code else problem("sheet_revenue_code_missing")
                at = where(r, "code") if "code" in cols else problem("sheet_row", row_no=r + 1).message
                probs.append(Problem(r + 1, "code", problem("sheet_at", where=at, why=why.message).message))
        elif code and not _EXPENSE_CODE.fullmatch(code):
            probs.append(Problem(r + 1, "code", problem("sheet_expense_code_bad", where=where(r, "code"), code=code).message))
        key = ("line", line) if line else ("code", code)
        if key in seen and (line or code):
            f = "line" if line else "code"
            probs.append(Problem(r + 1, f, problem(f"sheet_{'line' if line else 'revenue'}_twice", where=where(r, f),
                                                   line=line, code=code, first=seen[key]).message))
        else:
            seen[key] = r + 1
        if "amount" in cols and not any(p.field == "amount" for p in probs):
            running += money["amount"]
        if probs:
            yield _Result(r, "problem", "; ".join(p.message for p in probs), None, tuple(probs))
            continue
        yield _Result(r, "import", "", BudgetRow(
            line=line, code=code, item=item, source_row=r + 1,
            **values, **money), ())


def apply_mapping(grid: Grid, mapping: Mapping) -> tuple[tuple[BudgetRow, ...], tuple[Problem, ...]]:
    """Budget lines read with the mapping (re-anchored if the headers moved), and problems."""
    m = rebase_mapping(grid, mapping) or mapping
    results = list(walk(grid, m))
    return (tuple(x.row for x in results if x.row is not None),
            tuple(p for x in results for p in x.problems))


def preview(grid: Grid, mapping: Mapping, limit: int | None = 20) -> list[dict]:
    """One dict per sheet row (up to limit): status import/skip/problem, Thai reason, values."""
    m = rebase_mapping(grid, mapping) or mapping
    out = []
    for x in walk(grid, m):
        if limit is not None and len(out) >= limit:
            break
        d: dict = {"row": x.index + 1, "status": x.status,
                   "action": CATALOGUE[f"sheet_{x.status}"],
                   "reason": x.reason}
        if x.row is not None:
            d.update(dataclasses.asdict(x.row))
            d["amount_text"] = format_amount(x.row.amount)
        out.append(d)
    return out
