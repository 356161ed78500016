"""Reading and editing bundle workbooks the way a clerk (or Excel) would."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl

from manualbook.bundle_sheets import CHRONO_COLUMNS, CHRONO_SHEET, HEADER_ROW

KEYS = [k for k, *_ in CHRONO_COLUMNS]


def chrono_rows(xlsx: Path) -> list[dict]:
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        ws = wb[CHRONO_SHEET]
        out = []
        for values in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
            if values and values[1]:
                out.append(dict(zip(KEYS, values)))
        return out
    finally:
        wb.close()


def edit_chrono(xlsx: Path, ticks: dict[str, tuple[str | None, str | None]], shuffle_seed: int | None = 1,
                untick: set[str] = frozenset()) -> None:
    """Shuffles the data rows (to prove import is by ID), then sets keyed/doc cells by entry ID."""
    wb = openpyxl.load_workbook(xlsx)
    ws = wb[CHRONO_SHEET]
    first = HEADER_ROW + 1
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=first, max_row=ws.max_row)]
    rows = [r for r in rows if r and r[1]]
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(rows)
    k_col, d_col = KEYS.index("keyed"), KEYS.index("doc_no")
    for r in rows:
        if r[1] in ticks:
            mark, doc = ticks[r[1]]
            r[k_col] = mark
            if doc is not None:
                r[d_col] = doc
        if r[1] in untick:
            r[k_col] = None
            r[d_col] = None
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            ws.cell(first + i, j + 1).value = v
    wb.save(xlsx)
