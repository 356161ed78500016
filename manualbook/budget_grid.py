"""A budget sheet read as a grid of cells: the cell values, the fields a column
can map to and the mapping itself, and reading one cell as text or a code (an
amount is read by ``money.parse_amount`` with ``rules=SHEET_CELL``: "-" means
zero, as printed reports do). Used by
``elaas_budget_sheet.py`` and ``budget_file.py``; pure functions, no database.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from .messages import problem
from .money import AMOUNT_SHAPE, to_arabic_digits

Cell = str | int | float | None

FIELDS = ("line", "plan", "work", "group", "category", "code", "item",
          "amount", "spent", "committed", "estimate", "received")
LABEL_FIELDS = ("plan", "work", "group", "category")  # hierarchy, top first
MONEY_FIELDS = ("amount", "spent", "committed", "estimate", "received")


class BudgetSheetError(ValueError):
    """The whole file cannot be read (message in Thai)."""


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
                raise BudgetSheetError(problem("sheet_field_unknown", name=name).message)
            if col is None:
                current.pop(name, None)
            else:
                current[name] = int(col)
        return dataclasses.replace(self, columns=ordered(current))

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
                    first_data_row=int(d["first_data_row"]), columns=ordered(cols),
                    carry_down=tuple(str(f) for f in d.get("carry_down", ())),
                    titles=tuple(str(t) for t in d.get("titles", ())),
                    fingerprint=str(d.get("fingerprint", "")))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BudgetSheetError(problem("sheet_mapping_unreadable", why=exc).message) from exc
        bad = [f for f in (*cols, *m.carry_down) if f not in FIELDS] + \
              [str(c) for c in cols.values() if c < 0]
        if bad:
            raise BudgetSheetError(problem("sheet_mapping_bad", names=", ".join(bad)).message)
        return m


@dataclass(frozen=True)
class Problem:
    row_number: int  # 1-based, as Excel shows
    field: str
    message: str


def ordered(cols: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple((f, cols[f]) for f in FIELDS if f in cols)


# ---------------------------------------------------------------- a cell as text (amounts: money.parse_amount, SHEET_CELL)


def norm_text(v: Cell) -> str:
    """Comparison form: no whitespace, lower case, Arabic digits."""
    return to_arabic_digits("".join(str(v).split()).replace("\u200b", "").lower()) if v is not None else ""


def cell_text(v: Cell) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def cell_key(v: Cell) -> str:
    """Codes and line keys: Arabic digits, no spaces."""
    return to_arabic_digits("".join(cell_text(v).split()))


def present(v: Cell) -> bool:
    return v is not None and (not isinstance(v, str) or v.strip() != "")


def looks_number(v: Cell) -> bool:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return True
    return bool(AMOUNT_SHAPE.fullmatch(norm_text(v).lstrip("-"))) if isinstance(v, str) else False
