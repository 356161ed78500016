"""Ledger invariants over random valid sequences of operations (hypothesis).

The test keeps its own books (plain dicts, its own arithmetic) beside the
program's, and after each sequence checks balances, revenue by code, budget
spent, reversals netting to zero, verify(), tamper detection, and that the
Python ``draft_effects`` agrees with the SQL ``movements`` view.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from _support import B, START, new_book, table_counts
from manualbook import ledger
from manualbook.messages import BookError
from manualbook.model import EntryDraft
from manualbook.money import format_amount
from manualbook.thaidate import format_short

CODES = ("41210008", "41100001", "41100003", "GUARANTEE")
ACCOUNTS = ("KTB", "BAAC")
LINES = ("L01", "L02", "WHT", "GUARANTEE")
HELD = ("WHT", "GUARANTEE")
OPEN = {("cash", ""): 10_000 * B, ("account", "KTB"): 100_000 * B, ("account", "BAAC"): 0}
APPROPRIATED = {"L01": 50_000 * B, "L02": 20_000 * B}

amounts = st.integers(min_value=1, max_value=3_000_000)
ops = st.one_of(
    st.tuples(st.just("receipt"), st.integers(0, 3), amounts, st.integers(0, 2)),
    st.tuples(st.just("deposit"), st.integers(0, 1), amounts),
    st.tuples(st.just("withdraw"), st.integers(0, 1), amounts),
    st.tuples(st.just("payment"), st.integers(0, 3), amounts, st.integers(0, 100), st.integers(0, 2)),
    st.tuples(st.just("reverse"), st.integers(0, 10_000)),
    st.tuples(st.just("next_day"), st.booleans()),
)


class Model:
    """Our own arithmetic of the books."""

    def __init__(self):
        self.pos = defaultdict(int, OPEN)
        for h in HELD:
            self.pos[("held", h)] += 0
        self.by_code = defaultdict(int)
        self.spent = defaultdict(int)
        self.ends: dict[dt.date, dict] = {}

    def apply(self, effects, sign=1):
        for k, v in effects["pos"].items():
            self.pos[k] += sign * v
        for k, v in effects["code"].items():
            self.by_code[k] += sign * v
        for k, v in effects["spent"].items():
            self.spent[k] += sign * v

    def valid(self, effects, sign=1):
        return all(self.pos[k] + sign * v >= 0 for k, v in effects["pos"].items())


def _effects(values: dict) -> dict:
    """What an entry does, computed here from the values typed (not with the ledger)."""
    pos, code, spent = defaultdict(int), defaultdict(int), defaultdict(int)
    a = values["_amount"]
    where = ("account", values["account"]) if values.get("account") else ("cash", "")
    if values["kind"] == "receipt":
        pos[where] += a
        if values["code"] in HELD:
            pos[("held", values["code"])] += a
        else:
            code[values["code"]] += a
    elif values["kind"] == "deposit":
        pos[("cash", "")] -= a
        pos[("account", values["account"])] += a
    elif values["kind"] == "withdraw":
        pos[("account", values["account"])] -= a
        pos[("cash", "")] += a
    else:
        w = values["_wht"]
        pos[where] -= a - w
        pos[("held", "WHT")] += w
        if values["line"] in HELD:
            pos[("held", values["line"])] -= a
        else:
            spent[values["line"]] += a
    return {"pos": pos, "code": code, "spent": spent}


def run_sequence(book, seq) -> tuple[Model, list]:
    model = Model()
    day = START
    posted = []  # [id, effects, kind, reversed]
    n_receipt = n_voucher = 0
    for op in seq:
        kind = op[0]
        if kind == "next_day":
            if day.day == 31:
                continue
            if op[1]:
                book.close_day(day)
            model.ends[day] = dict(model.pos)
            day += dt.timedelta(days=1)
            continue
        if kind == "reverse":
            live = [p for p in posted if p[2] != "reversal" and not p[3]]
            if not live:
                continue
            target = live[op[1] % len(live)]
            ok = model.valid(target[1], -1)
            before = table_counts(book)
            if ok:
                rid = book.reverse(target[0], "ทดสอบกลับรายการ", day).entries[0]
                model.apply(target[1], -1)
                target[3] = True
                posted.append([rid, target[1], "reversal", False, target[0]])
            else:
                with pytest.raises(BookError):
                    book.reverse(target[0], "ทดสอบกลับรายการ", day)
                assert table_counts(book) == before
            continue
        values = {"kind": kind, "date": format_short(day), "_amount": op[2]}
        if kind == "receipt":
            values["code"] = CODES[op[1]]
            values["party"] = "ผู้ชำระ"
            if op[3] == 0:
                n_receipt += 1
                values.update(book="1", number=str(n_receipt))
            else:
                values.update(method="transfer", account=ACCOUNTS[op[3] - 1])
        elif kind in ("deposit", "withdraw"):
            values["account"] = ACCOUNTS[op[1]]
        else:
            n_voucher += 1
            values.update(number=f"{n_voucher}/2567", party="ผู้รับเงิน", line=LINES[op[1]])
            values["_wht"] = op[2] * op[3] // 1000  # 0 - 10 %
            if values["_wht"]:
                values["wht"] = format_amount(values["_wht"])
            if op[4]:
                values.update(method="transfer", account=ACCOUNTS[op[4] - 1])
        values["amount"] = format_amount(op[2])
        eff = _effects(values)
        ok = model.valid(eff)
        line = values.get("line")
        if line in APPROPRIATED and model.spent[line] + op[2] > APPROPRIATED[line]:
            ok = False
        before = table_counts(book)
        typed = {k: v for k, v in values.items() if not k.startswith("_")}
        if ok:
            eid = book.add(typed).entries[0]
            model.apply(eff)
            posted.append([eid, eff, kind, False])
        else:
            with pytest.raises(BookError) as err:
                book.add(typed)
            assert err.value.code in ("below_zero", "over_budget")
            assert table_counts(book) == before
    model.ends[day] = dict(model.pos)
    return model, posted


def _movements(book) -> dict[int, dict]:
    out: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for seq, target, key, delta in book.db.conn.execute("SELECT seq, target, key, delta FROM movements"):
        out[seq][(target, key)] += delta
    return {s: {k: v for k, v in d.items() if v} for s, d in out.items()}


TAMPER = ("amount", "wht", "party", "date", "number", "code", "description", "clerk", "recorded_at",
          "hash", "prev_hash", "kind")


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(ops, min_size=15, max_size=50), st.integers(0, 10_000), st.sampled_from(TAMPER))
def test_random_valid_sequences_keep_the_invariants(seq, pick, field):
    with tempfile.TemporaryDirectory() as tmp:
        book = new_book(Path(tmp) / "b.sqlite3", accounts={"KTB": OPEN[("account", "KTB")], "BAAC": 0},
                        lines={k: v for k, v in APPROPRIATED.items()})
        try:
            model, posted = run_sequence(book, seq)
            _check(book, model, posted)
            if posted:
                _tamper(book, posted[pick % len(posted)][0], field)
        finally:
            book.close()


def _check(book, model, posted):
    # balances at the end of every day, against our own running figures
    for day, pos in model.ends.items():
        bal = book.summary(day).balances
        assert bal.cash == pos[("cash", "")], day
        for acc in ACCOUNTS:
            assert bal.account(acc) == pos[("account", acc)], (day, acc)
        held = dict(bal.held)
        for h in HELD:
            assert held[h] == pos[("held", h)], (day, h)
    last = max(model.ends)
    s = book.summary(last)
    assert dict(s.by_code) == {k: v for k, v in model.by_code.items() if v}
    spent = {ls.key: ls.spent for ls in s.budget}
    assert spent == {k: model.spent.get(k, 0) for k in APPROPRIATED}
    assert s.entries == len(posted)
    # a reversal nets to zero with the entry it reverses
    moves = _movements(book)
    seq_of = dict(book.db.conn.execute("SELECT id, seq FROM entries"))
    for p in posted:
        if p[2] == "reversal":
            a, b = moves.get(seq_of[p[4]], {}), moves.get(seq_of[p[0]], {})
            assert {k: a.get(k, 0) + b.get(k, 0) for k in set(a) | set(b)} == {k: 0 for k in set(a) | set(b)}
    # draft_effects (Python) == movements (SQL) for every posted entry
    wht_key = ledger.wht_account(book.db)
    for e in book.entries():
        draft = EntryDraft(kind=e.kind, base_kind=e.base_kind, date=e.date, amount=e.amount, wht=e.wht,
                           account=e.account, code=e.code, line=e.line)
        py: dict = defaultdict(int)
        for position, delta in ledger.draft_effects(draft, e.held, wht_key):
            py[position] += delta
        assert {k: v for k, v in py.items() if v} == moves.get(e.seq, {}), e
    result = book.verify()
    assert result.ok, result.text()
    assert result.entries == len(posted)


def _tamper(book, entry_id, field):
    conn = book.db.conn
    conn.execute("DROP TRIGGER entries_no_update")
    value = conn.execute(f"SELECT {field} FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]
    if field in ("amount", "wht"):
        new = value + 1
    elif field == "date":
        new = (dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()
    elif field == "kind":
        new = "reversal" if value != "reversal" else "receipt"
    elif field in ("hash", "prev_hash"):
        new = ("0" if value[0] != "0" else "1") + value[1:]
    else:
        new = value + "x"
    # a reversal turned back into its kind may reuse the original's number: try the other kinds
    candidates = [new] + (["receipt", "deposit", "withdraw", "payment", "void"] if field == "kind" else [])
    for new in candidates:
        if new == value:
            continue
        try:
            conn.execute(f"UPDATE entries SET {field} = ? WHERE id = ?", (new, entry_id))
            break
        except sqlite3.IntegrityError:
            continue
    seq = conn.execute("SELECT seq FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]
    result = book.verify()
    assert not result.ok
    named = [p for p in result.problems if p.code in ("verify_chain", "verify_link")]
    assert named, result.text()
    assert entry_id in named[0].text() and f"ลำดับที่ {seq} " in named[0].text()
