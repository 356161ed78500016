"""Reading back what the clerk ticked in a bundle's workbook: the chronological
sheet's keyed marks and e-LAAS document numbers by entry ID (never by row
position), the day sheet's typed e-LAAS figures, and the ``_meta`` sheet that
says which book it came from. ``keyed.py`` records them."""

from __future__ import annotations

import io
from dataclasses import dataclass

from .bundle_sheets import CHRONO_COLUMNS, CHRONO_SHEET, DAY_ELAAS, DAYS_SHEET, META_SHEET
from .messages import BookError, msg, problem

TRUE_TEXTS = {"✓", "✔", "√", "/", "x", "y", "yes", "true", "1", "ใช่", "แล้ว", "บันทึกแล้ว", "ok", "done"}
FALSE_TEXTS = {"", "-", "0", "n", "no", "false", "ไม่", "ยัง", "ยังไม่", "ยังไม่บันทึก"}


@dataclass(frozen=True)
class TickRow:
    row: int
    id: str
    keyed_raw: object
    doc_raw: object
    keyed_was: object
    doc_was: object
    has_was: bool


@dataclass
class ReadBack:
    meta: dict
    rows: list[TickRow]
    days: list[dict]  # {"row", "date", "elaas_*": value} for days where the clerk typed a figure


def _norm_head(value) -> str:
    return " ".join(str(value or "").split())


def read_keyed_workbook(data: bytes, progress=None) -> ReadBack:
    """Reads the chronological sheet's ticks by entry ID, and _meta. Raises BookError for a wrong file.

    ``progress(done, total)`` is called every 1,000 rows of the chronological sheet."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise BookError(msg("file_unreadable", path="(xlsx)", why=exc)) from None
    try:
        if META_SHEET not in wb.sheetnames or CHRONO_SHEET not in wb.sheetnames:
            raise BookError(problem("not_bundle_workbook", sheet=CHRONO_SHEET))
        meta = {}
        for row in wb[META_SHEET].iter_rows(values_only=True):
            if row and row[0]:
                meta[str(row[0])] = row[1] if len(row) > 1 else None
        ws = wb[CHRONO_SHEET]
        headings = {h: k for k, h, _ in CHRONO_COLUMNS}
        rows: list[TickRow] = []
        index: dict[str, int] | None = None
        total = ws.max_row or 0
        for row_no, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if progress and row_no % 1000 == 0:
                progress(row_no, total)
            if index is None:
                found = {}
                for i, v in enumerate(values):
                    text = _norm_head(v)
                    key = headings.get(text)
                    if key is None and text.endswith(")") and "(" in text:
                        inner = text[text.rindex("(") + 1:-1].strip()
                        key = inner if inner in dict((k, 1) for k, *_ in CHRONO_COLUMNS) else None
                    if key and key not in found:
                        found[key] = i
                if "id" in found and "keyed" in found:
                    index = found
                elif row_no > 20:
                    break
                continue
            get = (lambda k: values[index[k]] if k in index and index[k] < len(values) else None)
            entry_id = get("id")
            if entry_id is None or not str(entry_id).strip():
                continue
            rows.append(TickRow(row_no, str(entry_id).strip().upper(), get("keyed"), get("doc_no"),
                                get("keyed_was"), get("doc_was"), "keyed_was" in index))
        if index is None:
            raise BookError(problem("bundle_workbook_no_ticks", sheet=CHRONO_SHEET))
        days = _read_days(wb)
    finally:
        wb.close()
    return ReadBack(meta, rows, days)


def _read_days(wb) -> list[dict]:
    if DAYS_SHEET not in wb.sheetnames:
        return []
    out = []
    heads = {h: k for k, h in DAY_ELAAS}
    index: dict[str, int] | None = None
    for row_no, values in enumerate(wb[DAYS_SHEET].iter_rows(values_only=True), start=1):
        if index is None:
            found = {heads[_norm_head(v)]: i for i, v in enumerate(values) if _norm_head(v) in heads}
            if found:
                index = found
            continue
        if not values or not isinstance(values[0], str) or values[0].startswith(("ยอดยกมา", "รวม")):
            continue
        typed = {k: values[i] for k, i in index.items() if i < len(values) and values[i] not in (None, "")}
        if typed:
            out.append({"row": row_no, "date": values[0], **typed})
    return out


def tick_value(raw) -> bool | None:
    """True/False for what a clerk may put in the keyed column; None if it cannot be read."""
    if raw is None or raw is False:
        return False
    if raw is True:
        return True
    if isinstance(raw, (int, float)):
        return {0: False, 1: True}.get(raw)
    text = str(raw).strip().lower()
    if text in TRUE_TEXTS:
        return True
    if text in FALSE_TEXTS:
        return False
    return None


def doc_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()
