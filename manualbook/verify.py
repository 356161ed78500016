"""Is the book intact? Recompute the chain, the closes and the balances.

Names the first entry whose stored hash does not match its content (an
amount changed behind the program's back), a broken link (an entry removed
or inserted), a close whose recorded chain head no longer matches, a
missing guard trigger, and any position that ends a day below zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import chain, ledger
from .messages import Problem, msg
from .money import format_amount
from .store.rows import ENTRY_COLUMNS
from .store.schema import expected_guards, guard_names
from .thaidate import format_short


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    head: str
    problems: tuple[Problem, ...]

    def text(self) -> str:
        if self.ok:
            return msg("verify_ok", count=self.entries, head=chain.short(self.head)).message
        return "\n".join(p.text() for p in self.problems)


def verify_book(book) -> VerifyResult:
    db = book.db
    problems: list[Problem] = []
    check = db.conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        problems.append(msg("verify_sqlite", why=check))
    missing = expected_guards(db) - guard_names(db)
    if missing:
        problems.append(msg("verify_sqlite", why="ตัวป้องกันการแก้ไขหายไป: " + ", ".join(sorted(missing))))
    prev = chain.genesis(book.org().book_uuid)
    heads_by_count: dict[int, str] = {0: prev}
    closes_list = book.closes()
    closes = {c["entries"]: c for c in closes_list}
    count = 0
    first_bad = None
    cols = ", ".join(ENTRY_COLUMNS)
    for values in db.conn.execute(f"SELECT {cols} FROM entries ORDER BY seq"):
        row = dict(zip(ENTRY_COLUMNS, values))
        count += 1
        if first_bad is None:
            if row["prev_hash"] != prev:
                first_bad = msg("verify_link", seq=row["seq"], id=row["id"])
            elif chain.entry_hash(prev, row) != row["hash"]:
                first_bad = msg("verify_chain", seq=row["seq"], id=row["id"])
        prev = chain.entry_hash(prev, row) if first_bad is None else row["hash"]
        if count in closes:
            heads_by_count[count] = prev
    if first_bad:
        problems.append(first_bad)
    for close in closes_list:  # two closes may share a count: check each one
        got = heads_by_count.get(close["entries"])
        if got is not None and got != close["chain_head"] and not first_bad:
            problems.append(msg("verify_close", date=format_short(dt.date.fromisoformat(close["date"])),
                                head=chain.short(close["chain_head"]), now=chain.short(got)))
    problems += _balances(book)
    return VerifyResult(not problems, count, prev, tuple(problems))


def _balances(book) -> list[Problem]:
    db = book.db
    running = ledger.opening(db)
    out, reported = [], set()
    for day, target, key, total in db.conn.execute(
            "SELECT date, target, key, SUM(delta) FROM movements GROUP BY 1, 2, 3 ORDER BY 1"):
        pos = (target, key)
        running[pos] = running.get(pos, 0) + total
        if running[pos] < 0 and pos not in reported:
            reported.add(pos)
            what = {"cash": "เงินสด", "account": f"บัญชีเงินฝาก {key}"}.get(target, f"เงินรับฝาก {key}")
            out.append(msg("verify_balance", what=f"{what} ({format_amount(running[pos])} บาท)",
                           date=format_short(dt.date.fromisoformat(day))))
    return out
