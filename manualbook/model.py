"""The book's values: frozen dataclasses with tuple fields.

Money is int satang, dates are ``datetime.date``. Nothing here touches the
database; ``store`` turns rows into these and back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, field, fields

KINDS = ("receipt", "deposit", "withdraw", "payment", "void", "reversal")
KIND_THAI = {
    "receipt": "รับ", "deposit": "นำฝาก", "withdraw": "ถอน", "payment": "จ่าย",
    "void": "ยกเลิก", "reversal": "กลับรายการ",
}
KIND_FROM_TEXT = {
    **{k: k for k in KINDS if k != "reversal"},
    "withdrawal": "withdraw",
    "รับ": "receipt", "รับเงิน": "receipt", "นำฝาก": "deposit", "ฝาก": "deposit",
    "ถอน": "withdraw", "ถอนเงิน": "withdraw", "จ่าย": "payment", "จ่ายเงิน": "payment",
    "ยกเลิก": "void", "ยกเลิกใบเสร็จ": "void",
}
METHODS = ("cash", "cheque", "transfer")
METHOD_THAI = {"cash": "เงินสด", "cheque": "เช็ค", "transfer": "โอน"}
METHOD_FROM_TEXT = {
    **{m: m for m in METHODS}, "check": "cheque",
    "เงินสด": "cash", "สด": "cash", "เช็ค": "cheque", "เช็ก": "cheque", "โอน": "transfer",
    "โอนเงิน": "transfer",
}


@dataclass(frozen=True)
class Org:
    name: str
    lao_code: str
    start: dt.date
    since: dt.date
    book_uuid: str


@dataclass(frozen=True)
class Account:
    key: str
    bank: str
    number: str
    branch: str = ""
    type: str = ""


@dataclass(frozen=True)
class HeldAccount:
    key: str
    name: str
    role: str = ""  # "wht": withholding tax deducted on payments lands here


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    kind: str  # revenue | expense
    group: str = ""


@dataclass(frozen=True)
class BudgetLine:
    fy: int
    key: str
    plan: str
    work: str
    group: str
    category: str
    code: str
    item: str
    amount: int
    spent_before: int = 0
    committed_before: int = 0
    position: int = 0


@dataclass(frozen=True)
class EntryDraft:
    """A validated-in-form entry not yet in the book (no id, seq or hash)."""

    kind: str
    date: dt.date
    amount: int = 0
    wht: int = 0
    book: str = ""
    number: str = ""
    party: str = ""
    code: str = ""
    line: str = ""
    description: str = ""
    method: str = ""
    account: str = ""
    cheque: str = ""
    commitment: str = ""
    reverses: str = ""
    reason: str = ""
    base_kind: str = ""

    @property
    def net(self) -> int:
        return self.amount - self.wht

    @classmethod
    def parsed(cls, values: dict) -> "EntryDraft":
        """The draft of fields already checked (``entry_fields``), made without the frozen
        dataclass's one ``object.__setattr__`` per field: a third of the cost, the same object."""
        draft = object.__new__(cls)
        draft.__dict__.update(_DRAFT_DEFAULTS)
        draft.__dict__.update(values)
        return draft


_DRAFT_DEFAULTS = {f.name: f.default for f in fields(EntryDraft) if f.default is not MISSING}


@dataclass(frozen=True)
class Entry:
    """A posted entry: immutable, hashed, chained."""

    seq: int
    id: str
    kind: str
    date: dt.date
    fy: int
    amount: int
    wht: int
    book: str
    number: str
    party: str
    code: str
    line: str
    held: str
    description: str
    method: str
    account: str
    cheque: str
    commitment: str
    reverses: str
    base_kind: str
    reason: str
    recorded_at: str
    clerk: str
    prev_hash: str
    hash: str

    @property
    def net(self) -> int:
        return self.amount - self.wht

    @property
    def document(self) -> str:
        """The paper document this entry stands for, as a clerk writes it."""
        if self.book:
            return f"{self.book}/{self.number}"
        return self.number


@dataclass(frozen=True)
class Balances:
    """Money positions at the end of one day."""

    date: dt.date
    cash: int
    accounts: tuple[tuple[str, int], ...]
    held: tuple[tuple[str, int], ...]

    def account(self, key: str) -> int:
        return dict(self.accounts).get(key, 0)


@dataclass(frozen=True)
class LineStatus:
    key: str
    appropriated: int
    spent: int
    committed: int

    @property
    def remaining(self) -> int:
        return self.appropriated - self.spent - self.committed


@dataclass(frozen=True)
class Summary:
    date: dt.date
    balances: Balances
    entries: int
    by_code: tuple[tuple[str, int], ...]
    budget: tuple[LineStatus, ...]
    keyed: int
    keyable: int
    days_keyed: int = 0  # days whose entries are all keyed into e-LAAS
    days_to_key: int = 0  # days with entries since the outage start
    days_unreconciled: tuple[dt.date, ...] = ()  # e-LAAS day figures recorded that differ from the book


@dataclass(frozen=True)
class Change:
    """What a write changed, so each view refreshes only what it shows."""

    entries: tuple[str, ...] = ()
    days: tuple[dt.date, ...] = ()
    setup: bool = False
    budget: bool = False
    closed: dt.date | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


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
