"""Text written into workbooks and CSV files: never a formula, never a character the file cannot hold.

Clerks open the bundle's workbook in Excel. A payer typed as
``=HYPERLINK("http://x","click")`` or ``=cmd|' /C calc'!A0`` must arrive as
the text it is, not as a live formula; and one control character in a name
must not stop every later export (openpyxl refuses it, XML cannot hold it).
Every sheet and every CSV the program writes goes through these helpers:

- ``clean``: characters XML 1.0 cannot hold become U+FFFD (an older book may
  hold them; new input refuses them, see ``inputs``).
- In a workbook, a text starting with ``= + - @``, a tab or a CR (the
  characters Excel and LibreOffice read as the start of a formula, and the
  whitespace they strip before it) is written as a string cell with Excel's
  quotePrefix style: Excel shows the text exactly, without the apostrophe,
  and keeps it text if the clerk edits the cell.
- In a CSV, which has no cell types, such a text gets a leading ``'`` (the
  OWASP rule); a plain number such as ``-1,234.50`` is left alone.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMBER = re.compile(r"-?\d[\d,]*(\.\d+)?")


def clean(value):
    """A value with the characters a workbook cannot hold replaced by U+FFFD (others unchanged)."""
    if isinstance(value, str) and _ILLEGAL.search(value):
        return _ILLEGAL.sub("\ufffd", value)
    return value


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def as_text(cell):
    """Marks a cell whose value is already set as plain text (string type, quotePrefix)."""
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def cell(ws, value, **style):
    """A write-only workbook cell holding ``value`` safely, with optional styles (font=, fill=…)."""
    from openpyxl.cell import WriteOnlyCell

    value = clean(value)
    c = WriteOnlyCell(ws, value=value)
    if formula_like(value):
        as_text(c)
    for name, v in style.items():
        if v is not None:
            setattr(c, name, v)
    return c


def row(ws, values) -> list:
    """A row for ``ws.append`` of a write-only sheet: text made safe, other values unchanged."""
    out = list(values)
    for i, v in enumerate(out):
        if isinstance(v, str):
            v = clean(v)
            out[i] = cell(ws, v) if formula_like(v) else v
        elif getattr(v, "data_type", None) == "f":  # a cell made elsewhere from risky text
            as_text(v)
    return out


def append(ws, values) -> None:
    ws.append(row(ws, values))


def set_value(target, value) -> None:
    """Sets a normal (not write-only) workbook cell's value safely."""
    target.value = clean(value)
    if formula_like(target.value):
        as_text(target)


def csv_field(value) -> str:
    """One CSV field: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    text = "" if value is None else str(clean(value))
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_row(values) -> list[str]:
    return [csv_field(v) for v in values]
