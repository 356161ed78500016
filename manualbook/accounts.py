"""Bank accounts, held accounts, their opening figures and the office's own
revenue and expense codes: the set-up use cases ``Book`` calls. An opening
figure is a new record, and only until the first day is closed."""

from __future__ import annotations

from .inputs import KEY_RE, check_text, check_texts
from .messages import BookError, msg
from .model import Change
from .clock import now_text
from .txn import writes


@writes
def add_account(book, key: str, bank: str, number: str, opening: int = 0,
                branch: str = "", type: str = "") -> Change:
    _check_key(key)
    check_texts({"ธนาคาร": bank, "เลขที่บัญชี": number, "สาขา": branch, "ประเภทบัญชี": type})
    if book.db["accounts"].count_where("key = ?", [key]):
        raise BookError(msg("account_exists", key=key))
    if opening and book.closed_through():
        raise BookError(msg("opening_locked"))
    stamp = now_text()
    with book.db.atomic():
        book.db["accounts"].insert({"key": key, "bank": bank, "number": number, "branch": branch,
                                    "type": type, "created_at": stamp})
        if opening:
            book.db["openings"].insert({"target": "account", "key": key, "amount": opening,
                                        "recorded_at": stamp, "clerk": book.clerk()})
    return Change(setup=True)

@writes
def add_held_account(book, key: str, name: str, opening: int = 0) -> Change:
    _check_key(key)
    check_text(name, "ชื่อบัญชีเงินรับฝาก")
    if book.db["held_accounts"].count_where("key = ?", [key]):
        raise BookError(msg("held_exists", key=key))
    if opening and book.closed_through():
        raise BookError(msg("opening_locked"))
    stamp = now_text()
    with book.db.atomic():
        book.db["held_accounts"].insert({"key": key, "name": name, "role": "", "created_at": stamp})
        if opening:
            _insert_opening(book, "held", key, opening, stamp)
    return Change(setup=True)

@writes
def set_opening(book, target: str, key: str, amount: int) -> Change:
    """Corrects an opening figure: a new record, only until the first day is closed."""
    if book.closed_through():
        raise BookError(msg("opening_locked"))
    if target == "account" and key not in {a.key for a in book.accounts()}:
        raise BookError(msg("account_unknown", key=key))
    if target == "held" and key not in {h.key for h in book.held_accounts()}:
        raise BookError(msg("code_unknown", code=key))
    with book.db.atomic():
        _insert_opening(book, target, key if target != "cash" else "", amount, now_text())
    return Change(setup=True)

def _insert_opening(book, target: str, key: str, amount: int, stamp: str) -> None:
    book.db["openings"].insert({"target": target, "key": key, "amount": amount,
                                "recorded_at": stamp, "clerk": book.clerk()})

def _check_key(key: str) -> None:
    if not KEY_RE.fullmatch(key or ""):
        raise BookError(msg("key_bad", key=key))


@writes
def add_code(book, code: str, name: str, kind: str = "revenue", group: str = "") -> Change:
    check_texts({"รหัส": code, "ชื่อรหัส": name, "หมวด": group})
    if kind == "revenue" and not (code.isascii() and code.isdigit() and len(code) == 8):
        raise BookError(msg("code_bad", code=code))
    from .resources_data import shipped_codes
    if code in {c for c, *_ in shipped_codes()} or book.db["codes"].count_where("code = ?", [code]):
        raise BookError(msg("code_exists", code=code))
    with book.db.atomic():
        book.db["codes"].insert({"code": code, "name": name, "kind": kind, "grp": group,
                                 "created_at": now_text()})
    return Change(setup=True)
