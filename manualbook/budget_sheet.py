"""Budget workbooks exported from e-LAAS, and the plain budget file, as budget lines.

We have no sample of e-LAAS's budget export, only the shape of its other
exports: title rows (organisation, "งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2568",
a BE print date), a one- or two-row header (a merged "งบประมาณ" above
"ตั้งไว้ / โอนเพิ่ม / โอนลด"), group labels merged down or written only on
the first row of a group, subtotal rows ("รวม…", "รวมทั้งสิ้น") inside the
data, amounts as numbers or text ("1,234.50", Thai digits), spacer rows.
So the user maps columns once; the mapping is saved (by the caller) and
recognised on the next workbook by a fingerprint of its header texts.

Flow::

    grid = read_grid(data)                  # merged cells filled in
    mapping = guess_mapping(grid, guess_header(grid))   # user may edit it
    preview(grid, mapping)                  # what will be imported / skipped
    rows, problems = apply_mapping(grid, mapping)

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

The plain budget file (``read_budget_file``, CONTRACT "Budget file") has one
header row with English keys or Thai headings and no subtotals. A row with an
``estimate`` (or ``received``) and no ``amount`` is a revenue row: its ``code``
must be an 8-digit revenue code, ``line`` may be empty, ``amount`` is 0; such
rows are unique by code (expense rows are unique by line key). ``amount`` is
the year's appropriation as set (ตั้งไว้); ``spent``/``committed`` (expense rows)
and ``received`` (revenue rows) are what happened before the books' start.

Pure functions, no database, no Qt.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from typing import Iterator

from .xlsx import column_letter as get_column_letter  # openpyxl is loaded only to read a file (app start)

Cell = str | int | float | None

FIELDS = ("line", "plan", "work", "group", "category", "code", "item",
          "amount", "spent", "committed", "estimate", "received")
LABEL_FIELDS = ("plan", "work", "group", "category")  # hierarchy, top first
MONEY_FIELDS = ("amount", "spent", "committed", "estimate", "received")

SKIP_BLANK, SKIP_HEADING, SKIP_SUBTOTAL = "แถวว่าง", "แถวหัวเรื่อง", "แถวรวม"


class BudgetSheetError(ValueError):
    """The whole file cannot be read (message in Thai)."""


class AmountError(ValueError):
    """One amount cannot be read (message in Thai, without the row)."""


@dataclass(frozen=True)
class Grid:
    rows: tuple[tuple[Cell, ...], ...]  # rows[0] is Excel row 1, rows[r][0] column A
    sheet: str = ""
    sheet_names: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, r: int, c: int | None) -> Cell:
        if c is None or not 0 <= r < len(self.rows):
            return None
        row = self.rows[r]
        return row[c] if 0 <= c < len(row) else None


@dataclass(frozen=True)
class HeaderGuess:
    header_rows: tuple[int, ...]   # 0-based grid rows, consecutive
    titles: tuple[str, ...]        # per column, e.g. "งบประมาณ / ตั้งไว้"
    first_data_row: int            # 0-based


@dataclass(frozen=True)
class Mapping:
    header_rows: tuple[int, ...]
    first_data_row: int
    columns: tuple[tuple[str, int], ...]  # (field, 0-based column), in FIELDS order
    carry_down: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    fingerprint: str = ""

    def column(self, field: str) -> int | None:
        return dict(self.columns).get(field)

    def with_columns(self, **cols: int | None) -> "Mapping":
        """Copy with fields re-pointed (None removes a field)."""
        current = dict(self.columns)
        for name, col in cols.items():
            if name not in FIELDS:
                raise BudgetSheetError(f'ไม่รู้จักช่อง "{name}"')
            if col is None:
                current.pop(name, None)
            else:
                current[name] = int(col)
        return dataclasses.replace(self, columns=_ordered(current))

    def to_json(self) -> str:
        return json.dumps({
            "format": 1, "header_rows": list(self.header_rows),
            "first_data_row": self.first_data_row, "columns": dict(self.columns),
            "carry_down": list(self.carry_down), "titles": list(self.titles),
            "fingerprint": self.fingerprint}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Mapping":
        try:
            d = json.loads(text)
            cols = {str(k): int(v) for k, v in d["columns"].items()}
            m = cls(header_rows=tuple(int(r) for r in d["header_rows"]),
                    first_data_row=int(d["first_data_row"]), columns=_ordered(cols),
                    carry_down=tuple(str(f) for f in d.get("carry_down", ())),
                    titles=tuple(str(t) for t in d.get("titles", ())),
                    fingerprint=str(d.get("fingerprint", "")))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BudgetSheetError(f"อ่านการจับคู่คอลัมน์ที่บันทึกไว้ไม่ได้: {exc}") from exc
        bad = [f for f in (*cols, *m.carry_down) if f not in FIELDS] + \
              [str(c) for c in cols.values() if c < 0]
        if bad:
            raise BudgetSheetError(f"การจับคู่คอลัมน์ที่บันทึกไว้ไม่ถูกต้อง: {', '.join(bad)}")
        return m


@dataclass(frozen=True)
class BudgetRow:
    line: str
    plan: str
    work: str
    group: str
    category: str
    code: str
    item: str
    amount: int          # satang: the year's appropriation as set (ตั้งไว้), never what was left
    spent: int = 0       # satang, spent before the books' start
    committed: int = 0   # satang, committed before the books' start
    estimate: int = 0    # satang, revenue-estimate rows only
    received: int = 0    # satang, revenue rows: received before the books' start
    source_row: int = 0  # 1-based, as Excel shows


@dataclass(frozen=True)
class Problem:
    row_number: int  # 1-based, as Excel shows
    field: str
    message: str


def _ordered(cols: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple((f, cols[f]) for f in FIELDS if f in cols)


# ---------------------------------------------------------------- text, money
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_AMOUNT_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_DASHES = {"-", "–", "—"}


def _norm(v: Cell) -> str:
    """Comparison form: no whitespace, lower case, Arabic digits."""
    return "".join(str(v).split()).replace("\u200b", "").lower().translate(_TO_ARABIC) if v is not None else ""


def _text(v: Cell) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def _key(v: Cell) -> str:
    """Codes and line keys: Arabic digits, no spaces."""
    return "".join(_text(v).split()).translate(_TO_ARABIC)


def _present(v: Cell) -> bool:
    return v is not None and (not isinstance(v, str) or v.strip() != "")


def _looks_number(v: Cell) -> bool:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return True
    return bool(_AMOUNT_RE.fullmatch(_norm(v).lstrip("-"))) if isinstance(v, str) else False


def parse_amount(value: Cell) -> int:
    """A cell as integer satang; raises AmountError (Thai) when it is not an amount."""
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        raise AmountError(f'จำนวนเงิน "{_text(value)}" ไม่ใช่ตัวเลข')
    if isinstance(value, int):
        if value < 0:
            raise AmountError(f'จำนวนเงิน "{value}" ติดลบ')
        return value * 100
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AmountError(f'จำนวนเงิน "{value}" ไม่ใช่ตัวเลข')
        if value < 0:
            raise AmountError(f'จำนวนเงิน "{value}" ติดลบ')
        satang = round(value * 100)
        if abs(value - satang / 100) > 0.000001:
            raise AmountError(f'จำนวนเงิน "{value!r}" ไม่ลงตัวที่สตางค์ (ทศนิยมเกิน 2 ตำแหน่ง)')
        return satang
    raw = str(value).strip()
    t = "".join(raw.split()).translate(_TO_ARABIC)
    if t in _DASHES:
        return 0
    negative = t[:1] in _DASHES or (t.startswith("(") and t.endswith(")"))
    body = t.strip("()").lstrip("-–—") if negative else t
    m = _AMOUNT_RE.fullmatch(body)
    if not m:
        raise AmountError(f'จำนวนเงิน "{raw}" ไม่ใช่ตัวเลข')
    if negative:
        raise AmountError(f'จำนวนเงิน "{raw}" ติดลบ')
    if m.group(1) is not None and len(m.group(1)) > 2:
        raise AmountError(f'จำนวนเงิน "{raw}" มีทศนิยมเกิน 2 ตำแหน่ง')
    whole, _, frac = body.replace(",", "").partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def format_satang(satang: int) -> str:
    baht, st = divmod(abs(satang), 100)
    return f"{'-' if satang < 0 else ''}{baht:,}.{st:02d}"


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
        raise BudgetSheetError("ไฟล์นี้เป็น Excel รุ่นเก่า (.xls): เปิดด้วย Excel แล้วบันทึกเป็น .xlsx ก่อน")
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds
        raise BudgetSheetError(f"เปิดไฟล์ Excel (.xlsx) ไม่ได้: {exc}") from exc
    names = tuple(wb.sheetnames)
    if sheet is not None and sheet not in names:
        raise BudgetSheetError(f'ไม่พบแผ่นงาน "{sheet}" ในไฟล์ (มี {", ".join(names)})')
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
    while rows and not any(_present(v) for v in rows[-1]):
        rows.pop()
    return Grid(tuple(tuple(r) for r in rows), ws.title, names)


def csv_grid(data: bytes, name: str = "CSV") -> Grid:
    """A CSV (UTF-8, or Thai Windows cp874; any line ending) as a grid."""
    from .csvfile import decode_bytes, records
    from .messages import BookError

    try:
        rows = [tuple(_cell_value(v) for v in r) for r in records(io.StringIO(decode_bytes(data, name), newline=""))]
    except BookError as exc:
        raise BudgetSheetError(exc.text()) from None
    while rows and not any(_present(v) for v in rows[-1]):
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
        if not _present(v):
            continue
        if _looks_number(v):
            score -= 2
            continue
        t = _norm(v)
        if t in seen or len(t) > 40:
            continue
        seen.add(t)
        score += 3 if t in _HEADER_WORDS else (1 if any(w in t for w in _HEADER_WORDS) else 0)
    return score


def _is_subheader(upper: tuple[Cell, ...], lower: tuple[Cell, ...]) -> bool:
    cells = [v for v in lower if _present(v)]
    if not cells or any(_looks_number(v) for v in cells):
        return False
    shared = any(_present(v) and c < len(upper) and upper[c] == v for c, v in enumerate(lower))
    words = {_norm(v) for v in cells if any(w in _norm(v) for w in _HEADER_WORDS)}
    return shared or len(words) >= 2


def titles_for(grid: Grid, header_rows: tuple[int, ...]) -> tuple[str, ...]:
    """Column titles from header rows; a merged cell above gives "top / bottom"."""
    out = []
    for c in range(grid.width):
        parts: list[str] = []
        for r in header_rows:
            t = _text(grid.cell(r, c))
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
        raise BudgetSheetError("หาแถวหัวตารางไม่พบ (ไม่มีแถวที่มีคำอย่าง แผนงาน งาน งบ หมวด รายการ ตั้งไว้): "
                               "โปรดเลือกแถวหัวตารางเอง")
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
    full = _norm(title)
    if not full or any(x in full for x in _FIELD_EXCLUDE.get(field, ())):
        return 0
    parts = [_norm(p) for p in title.split(" / ")]
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
            if _present(v := grid.cell(r, col))]


def guess_mapping(grid: Grid, header: HeaderGuess) -> Mapping:
    """Proposes a column per field from the titles (and 7-digit codes in the data)."""
    cands = []
    for order, f in enumerate(FIELDS):
        for c, title in enumerate(header.titles):
            s = _field_score(f, title)
            if f == "code" and s:
                vals = _column_values(grid, c, header.first_data_row)
                hits = sum(bool(_EXPENSE_CODE.fullmatch(_key(v))) for v in vals)
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
                    sum(bool(_EXPENSE_CODE.fullmatch(_key(v))) for v in vals) * 2 >= len(vals):
                cols["code"] = c
                break
    mapping = Mapping(header.header_rows, header.first_data_row, _ordered(cols),
                      (), header.titles, fingerprint(header.titles))
    # carry down every label column that is blank on some line below a value
    carry = []
    for f in LABEL_FIELDS:
        c = cols.get(f)
        if c is None:
            continue
        seen_value = False
        for r in _line_like_rows(grid, mapping):
            if _present(grid.cell(r, c)):
                seen_value = True
            elif seen_value:
                carry.append(f)
                break
    return dataclasses.replace(mapping, carry_down=tuple(carry))


def _line_like_rows(grid: Grid, m: Mapping) -> Iterator[int]:
    money = [m.column(f) for f in MONEY_FIELDS if m.column(f) is not None]
    for r in range(m.first_data_row, len(grid.rows)):
        if any(_present(grid.cell(r, c)) for c in money) and _subtotal_text(grid.rows[r]) is None:
            yield r


def fingerprint(titles: tuple[str, ...]) -> str:
    body = "\x1f".join(_norm(t) for t in titles).rstrip("\x1f")
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
        if isinstance(v, str) and _norm(v).startswith(_SUBTOTAL_PREFIXES):
            return _norm(v)
    return None


@dataclass(frozen=True)
class _Result:
    index: int                # 0-based grid row
    status: str               # "import" | "skip" | "problem"
    reason: str
    row: BudgetRow | None
    problems: tuple[Problem, ...]


def _walk(grid: Grid, m: Mapping, plain: bool = False) -> Iterator[_Result]:
    cols = dict(m.columns)
    if "amount" not in cols and "estimate" not in cols:
        raise BudgetSheetError("ยังไม่ได้เลือกคอลัมน์จำนวนเงิน (ตั้งไว้)")

    def where(r: int, f: str) -> str:
        c = cols[f]
        title = m.titles[c] if c < len(m.titles) and m.titles[c] else f
        return f'แถวที่ {r + 1} ช่อง "{title}" (คอลัมน์ {get_column_letter(c + 1)})'

    for r in range(min(m.first_data_row, len(grid.rows))):
        blank = not any(_present(v) for v in grid.rows[r])
        yield _Result(r, "skip", SKIP_BLANK if blank else SKIP_HEADING, None, ())
    carry = dict.fromkeys(LABEL_FIELDS, "")
    seen: dict[str, int] = {}
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
        if not any(_present(v) for v in row):
            yield _Result(r, "skip", SKIP_BLANK, None, ())
            continue
        labels = {f: _text(get(f)) for f in LABEL_FIELDS if f in cols}
        money_present = any(_present(get(f)) for f in MONEY_FIELDS if f in cols)
        code, item = _key(get("code")), _text(get("item"))
        if not plain:
            sub = _subtotal_text(row)
            if sub is not None or (money_present and not item and not code):
                problems: tuple[Problem, ...] = ()
                if sub and sub.startswith(_GRAND_TOTAL_PREFIXES) and _present(get("amount")):
                    try:
                        total = parse_amount(get("amount"))
                    except AmountError:
                        total = running
                    if total != running:
                        problems = (Problem(r + 1, "amount", f"{where(r, 'amount')}: ยอดรวมทั้งสิ้น "
                                            f"{format_satang(total)} ไม่เท่ากับผลรวมรายการที่อ่านได้ "
                                            f"{format_satang(running)} (อาจมีแถวที่อ่านผิดหรือถูกข้าม)"),)
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
            probs.append(Problem(r + 1, "amount", f"แถวที่ {r + 1}: ไม่มีจำนวนเงิน (amount หรือ estimate)"))
        values = take_labels(labels)
        revenue = (_present(get("estimate")) or _present(get("received"))) and not _present(get("amount"))
        money = dict.fromkeys(MONEY_FIELDS, 0)
        for f in MONEY_FIELDS:
            if f not in cols:
                continue
            v = get(f)
            if not _present(v):
                if f == "amount" and not revenue and money_present:
                    probs.append(Problem(r + 1, f, f"{where(r, f)}: ไม่มีจำนวนเงิน"))
                continue
            try:
                money[f] = parse_amount(v)
            except AmountError as exc:
                probs.append(Problem(r + 1, f, f"{where(r, f)}: {exc}"))
        if "line" in cols:
            line = _key(get("line"))
            if not line and not revenue:
                probs.append(Problem(r + 1, "line", f"{where(r, 'line')}: ไม่มีรหัสรายการงบ"))
        elif plain:
            line = ""
            if not revenue:
                probs.append(Problem(r + 1, "line", f"แถวที่ {r + 1}: ไม่มีคอลัมน์รหัสรายการงบ (line)"))
        else:
            seq += 1
            line = f"L{seq:03d}"
        if revenue:
            if not re.fullmatch(r"\d{8}", code):
                msg = f'รหัสรายรับ "{code}" ต้องเป็นตัวเลข 8 หลัก' if code else "ไม่มีรหัสรายรับ (8 หลัก)"
                probs.append(Problem(r + 1, "code", f"{where(r, 'code') if 'code' in cols else f'แถวที่ {r + 1}'}: {msg}"))
        elif code and not _EXPENSE_CODE.fullmatch(code):
            probs.append(Problem(r + 1, "code", f'{where(r, "code")}: รหัสประเภทรายจ่าย "{code}" ต้องเป็นตัวเลข 7 หลัก'))
        key = line if line else f"รายรับ {code}"
        if key in seen and (line or code):
            what = f'รหัสรายการงบ "{line}"' if line else f'รหัสรายรับ "{code}"'
            f = "line" if line else "code"
            probs.append(Problem(r + 1, f, f"{where(r, f)}: {what} ซ้ำกับแถวที่ {seen[key]}"))
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
    results = list(_walk(grid, m))
    return (tuple(x.row for x in results if x.row is not None),
            tuple(p for x in results for p in x.problems))


def preview(grid: Grid, mapping: Mapping, limit: int | None = 20) -> list[dict]:
    """One dict per sheet row (up to limit): status import/skip/problem, Thai reason, values."""
    m = rebase_mapping(grid, mapping) or mapping
    out = []
    for x in _walk(grid, m):
        if limit is not None and len(out) >= limit:
            break
        d: dict = {"row": x.index + 1, "status": x.status,
                   "action": {"import": "นำเข้า", "skip": "ข้าม", "problem": "มีปัญหา"}[x.status],
                   "reason": x.reason}
        if x.row is not None:
            d.update(dataclasses.asdict(x.row))
            d["amount_text"] = format_satang(x.row.amount)
        out.append(d)
    return out


# ---------------------------------------------------------------- plain file
_PLAIN_NAMES = {
    "line": ("line", "รายการงบ", "รหัสรายการงบ", "รหัสงบ"),
    "plan": ("plan", "แผนงาน"),
    "work": ("work", "งาน"),
    "group": ("group", "งบ"),
    "category": ("category", "หมวด"),
    "code": ("code", "ประเภทรายจ่าย", "รหัสประเภทรายจ่าย", "ประเภท", "รหัส", "รหัสรายรับ"),
    "item": ("item", "รายการ/โครงการ", "รายการ", "โครงการ"),
    "amount": ("amount", "ตั้งไว้", "งบประมาณ", "จำนวนเงิน", "งบประมาณที่ตั้งไว้"),
    "spent": ("spent", "ใช้ไป", "เบิกจ่ายแล้ว", "จ่ายแล้ว"),
    "committed": ("committed", "ก่อหนี้ผูกพัน", "ผูกพัน"),
    "estimate": ("estimate", "ประมาณการ", "ประมาณการรายรับ"),
    "received": ("received", "รับแล้ว", "รับจริง", "รายรับจริง", "รับก่อนเริ่มสมุด"),
}


def _plain_field(title: str) -> str | None:
    t = _norm(title)
    forms = {t, re.sub(r"\(.*?\)", "", t), *re.findall(r"\((.*?)\)", t)}
    for f, names in _PLAIN_NAMES.items():
        if forms & set(names):
            return f
    return None


def read_budget_file(data: bytes, filename: str) -> tuple[tuple[BudgetRow, ...], tuple[Problem, ...]]:
    """The contract's budget file (CSV UTF-8 with/without BOM, or XLSX first sheet)."""
    ext = filename.lower().rsplit(".", 1)[-1]
    if ext == "csv":
        grid = csv_grid(data, filename)
    elif ext in ("xlsx", "xlsm"):
        grid = read_grid(data)
    else:
        raise BudgetSheetError(f'อ่านไฟล์ "{filename}" ไม่ได้: ต้องเป็น .csv หรือ .xlsx')
    if not grid.rows:
        raise BudgetSheetError(f'ไฟล์ "{filename}" ว่าง')
    titles = tuple(_text(v) for v in grid.rows[0])
    cols: dict[str, int] = {}
    unknown, dup = [], []
    for c, title in enumerate(titles):
        if not title:
            continue
        f = _plain_field(title)
        if f is None:
            unknown.append(title)
        elif f in cols:
            dup.append(title)
        else:
            cols[f] = c
    if unknown or dup:
        parts = ([f'ไม่รู้จักคอลัมน์ {", ".join(map(repr, unknown))}'] if unknown else []) + \
                ([f'คอลัมน์ซ้ำ {", ".join(map(repr, dup))}'] if dup else [])
        raise BudgetSheetError(f'ไฟล์ "{filename}": ' + "; ".join(parts))
    if "amount" not in cols and "estimate" not in cols:
        raise BudgetSheetError(f'ไฟล์ "{filename}": ไม่มีคอลัมน์ amount (จำนวนเงิน) หรือ estimate (ประมาณการ)')
    m = Mapping((0,), 1, _ordered(cols), (), titles, fingerprint(titles))
    results = list(_walk(grid, m, plain=True))
    return (tuple(x.row for x in results if x.row is not None),
            tuple(p for x in results for p in x.problems))
