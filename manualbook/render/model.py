"""Report data handed to the PDF renderer: already computed, immutable values.

The registers package computes books; this module only describes what is to
be printed. Money is int satang everywhere; the renderer formats it. Fields
that are sequences are tuples (lists given by a caller are turned into
tuples) so a ReportData cannot change after it is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping  # not typing's: its isinstance is slow, once per row
from typing import Any

from ..messages import problem

# Row kinds: a detail row is one document line and is summed into page
# totals; a subtotal row ("รวมวันที่ 8 ก.ค. 2567") is printed bold with its
# label spanning the text columns and is never summed again; a heading row is
# a bold label line with no amounts.
DETAIL = "detail"
SUBTOTAL = "subtotal"
HEADING = "heading"
ROW_KINDS = (DETAIL, SUBTOTAL, HEADING)

# Summary line kinds (non-tabular sections such as the daily status report).
SECTION = "section"  # bold heading, no amount
LINE = "line"        # label ....... amount
TOTAL = "total"      # bold label, amount underlined
TEXT = "text"        # free text line, wraps


def _tuple(value) -> tuple:
    return value if isinstance(value, tuple) else tuple(value)


@dataclass(frozen=True)
class Row:
    """One table row; ``values`` are (column key, value) pairs.

    Values: money columns take int satang, date columns a ``datetime.date`` or
    ready text, other columns text or int. A missing key prints blank.
    """

    values: tuple[tuple[str, Any], ...] = ()
    kind: str = DETAIL
    label: str = ""

    def __post_init__(self):
        if isinstance(self.values, Mapping):
            object.__setattr__(self, "values", tuple(self.values.items()))
        else:
            object.__setattr__(self, "values", tuple(tuple(p) for p in self.values))
        if self.kind not in ROW_KINDS:
            raise ValueError(problem("row_kind_bad", kind=repr(self.kind), kinds=", ".join(ROW_KINDS)).message)

    @classmethod
    def of(cls, kind: str = DETAIL, label: str = "", **values: Any) -> "Row":
        return cls(tuple(values.items()), kind, label)

    def get(self, key: str, default: Any = None) -> Any:
        for k, v in self.values:
            if k == key:
                return v
        return default

    def as_dict(self) -> dict[str, Any]:
        return dict(self.values)


@dataclass(frozen=True)
class SummaryLine:
    """A "label ....... amount" line of a non-tabular section."""

    label: str
    amount: int | None = None  # satang; None prints no amount
    kind: str = LINE
    indent: int = 0            # levels of indentation (about 8 mm each)
    note: str = ""             # short text before the amount, e.g. "3 ฉบับ"


@dataclass(frozen=True)
class Signer:
    """One signature: ``ลงชื่อ ........ <role>``, then ``(name)`` and the position."""

    role: str            # what the signer signs as: ผู้จัดทำ, ผู้ตรวจสอบ, ประธานกรรมการ …
    name: str = ""       # empty -> a dotted line to write the name on
    title: str = ""      # position (ตำแหน่ง), printed under the name when it adds something


@dataclass(frozen=True)
class SignBlock:
    """A group of signatures, optionally under a caption and a statement they sign
    (the cash-custody committee's certification of the money kept overnight)."""

    signers: tuple[Signer, ...]
    caption: str = ""
    text: str = ""
    per_row: int = 2
    date_line: str = ""  # e.g. "วันที่ ......../......../........" under each signature

    def __post_init__(self):
        object.__setattr__(self, "signers", _tuple(self.signers))


@dataclass(frozen=True)
class ReportData:
    org_name: str
    title: str
    period_text: str                                  # already formatted BE text
    rows: tuple[Row, ...] = ()
    totals: tuple[tuple[str, int], ...] | None = None  # grand totals; None = sum of detail rows
    total_words: str = ""                             # amount in words, e.g. "หนึ่งพันบาทถ้วน"
    draft: bool = False
    signatures: tuple[tuple[str, str], ...] = ()      # (title, name); empty name -> dotted line
    summary: tuple[SummaryLine, ...] = ()
    footnotes: tuple[str, ...] = ()                   # e.g. "รหัสตรวจสอบสมุดบัญชี …: 3fa9-c2e7…"
    table_title: str = ""                             # optional caption above the table
    signoff: tuple[SignBlock, ...] = ()               # replaces ``signatures`` when given
    sign_values: tuple[tuple[str, str], ...] = ()     # {name} values for a sign-off statement
    printed_at: Any = None                            # datetime of printing: every page and the PDF's date
    heading_values: tuple[tuple[str, str], ...] = ()  # {this} in column headings: วันนี้ / เดือนนี้ / งวดนี้

    def __post_init__(self):
        object.__setattr__(self, "signoff", _tuple(self.signoff))
        for name in ("sign_values", "heading_values"):
            if isinstance(getattr(self, name), Mapping):
                object.__setattr__(self, name, tuple(getattr(self, name).items()))
        object.__setattr__(self, "rows", _tuple(self.rows))
        object.__setattr__(self, "signatures", tuple(tuple(s) for s in self.signatures))
        object.__setattr__(self, "summary", _tuple(self.summary))
        object.__setattr__(self, "footnotes", _tuple(self.footnotes))
        if isinstance(self.totals, Mapping):
            object.__setattr__(self, "totals", tuple(self.totals.items()))
        elif self.totals is not None:
            object.__setattr__(self, "totals", tuple(tuple(p) for p in self.totals))
