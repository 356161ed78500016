"""Is the book intact? What ``manualbook verify`` proves, check by check.

1. SQLite's full ``PRAGMA integrity_check`` (every page, every index against
   its table) and the guard triggers are all there.
2. The entries' chain (chain.py) recomputed from the first entry: the first
   entry whose stored hash does not match its content, or whose link to its
   predecessor is broken, is named.
3. The record chain (store/records.py) recomputed, and every row of every
   other record table compared with the body logged when it was written: a
   row changed, deleted, or added outside the program is named with its
   table, key and field.
4. Anchors: the chain heads recorded at each day close and each export
   (entries and records), the side record of the last save (``BOOK.ack``) and
   the backups beside the book must each still be found in the chains: a
   chain re-hashed consistently, or its newest entries deleted, no longer
   matches them.
5. No duplicate receipt, voucher or slip number, and no entry reversed twice,
   counted without the unique indexes (which a damaged file can lose).
6. No cash, bank or held-money position ends a day below zero.
7. The figures stored at each day close (store/snapshots.py), which the summary and the
   day reports start from, equal the entries' own.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from . import chain, ledger
from .messages import CATALOGUE, RECORD_NAMES, Problem, msg, problem
from .money import format_amount
from .store import ack, records, snapshots
from .store.rows import ENTRY_COLUMNS
from .store.schema import (expected_guards, expected_trigger_sql, fresh_schema, guard_names, migrations,
                           schema_sql)
from .thaidate import format_short

MAX_NAMED = 20  # problems of one kind named one by one; the rest counted


@dataclass(frozen=True)
class Anchor:
    """A chain head recorded somewhere: at seq, the chain's hash was head."""

    what: str      # Thai: where it was recorded
    chain: str     # "entries" | "records"
    seq: int
    head: str
    close: dt.date | None = None  # a day close's anchor is reported as that close


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    head: str
    problems: tuple[Problem, ...]
    records: int = 0
    anchors: int = 0

    def text(self) -> str:
        if self.ok:
            return "\n".join((msg("verify_ok", count=self.entries, head=chain.short(self.head)).message,
                              msg("verify_ok_detail", records=self.records, anchors=self.anchors).message))
        return "\n".join(p.text() for p in self.problems)


def verify_book(book, extra_anchors: tuple[Anchor, ...] = (), progress=None) -> VerifyResult:
    """Every check above; ``progress(done, total)`` is called as the entries are walked.

    A damaged file never ends verify with a traceback: a check that cannot read what it
    needs is itself a problem (named, in Thai), and the other checks still run. Text that
    is not valid UTF-8 is read with replacement characters, so its row fails its hash."""
    db = book.db
    conn = db.conn
    problems: list[Problem] = []
    saved_factory = conn.text_factory
    try:
        def stage(what: str, fn, default):
            for attempt in (1, 2):
                try:
                    return fn()
                except Exception as exc:  # noqa: BLE001 - a damaged file can fail any query in any way
                    if attempt == 1 and _undecodable(exc):  # again, reading bad text as U+FFFD
                        conn.text_factory = _lenient_text
                        continue
                    problems.append(msg("verify_unreadable", what=msg(f"verify_stage_{what}").message,
                                        why=f"{type(exc).__name__}: {exc}"))
                    return default

        problems += stage("integrity", lambda: _integrity(db), [])
        anchors = stage("anchors", lambda: list(_anchors(book)), []) + list(extra_anchors)
        count, head, chain_problems = stage(
            "entries", lambda: _entries(book, [a for a in anchors if a.chain == "entries"], progress), (0, "", []))
        problems += chain_problems
        n_records = 0
        if stage("records", lambda: db[records.LOG_TABLE].exists(), False):
            n_records, record_problems = stage(
                "records", lambda: _records(db, [a for a in anchors if a.chain == "records"]), (0, []))
            problems += record_problems
        problems += stage("duplicates", lambda: _duplicates(conn), [])
        problems += stage("balances", lambda: _balances(book), [])
        problems += stage("snapshots", lambda: _snapshots(db), [])
    finally:
        conn.text_factory = saved_factory
    return VerifyResult(not problems, count, head, tuple(problems), n_records, len(anchors))


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _undecodable(exc: Exception) -> bool:
    return isinstance(exc, UnicodeDecodeError) or "decode" in str(exc)


def _integrity(db) -> list[Problem]:
    problems = []
    check = [r[0] for r in db.conn.execute("PRAGMA integrity_check(100)")]
    if check != ["ok"]:
        problems += [msg("verify_sqlite", why=c) for c in check[:MAX_NAMED]]
        if len(check) > MAX_NAMED:
            problems.append(msg("verify_more", count=len(check) - MAX_NAMED))
    missing = expected_guards(db) - guard_names(db)
    if missing:
        problems.append(msg("verify_sqlite", why=problem("verify_guards_missing", names=", ".join(sorted(missing))).message))
    stored = dict(db.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    changed = sorted(name for name, sql in expected_trigger_sql(db).items()
                     if name in stored and " ".join(str(stored[name]).split()) != " ".join(sql.split()))
    if changed:
        problems.append(msg("verify_sqlite", why=problem("verify_guards_changed", names=", ".join(changed)).message))
    # Tables, indexes and views as this version makes them (a view that computes balances, changed by
    # one byte, would print other figures with every hash intact).
    have, want = schema_sql(db), fresh_schema()
    differ = sorted(name for key, sql in want.items() if (name := key[1]) and have.get(key) != sql)
    extra = sorted(name for (kind, name) in have if (kind, name) not in want and kind != "table")
    if differ or extra:
        problems.append(msg("verify_schema", names=", ".join(differ + extra)))
    return problems


# ------------------------------------------------------------------ anchors

def _anchors(book):
    conn = book.db.conn

    def with_records(table: str) -> str:
        cols = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        return ", records_seq, records_head" if "records_seq" in cols else ", NULL, NULL"

    sel = with_records("closes")
    for day, entries, head, rseq, rhead in conn.execute(
            f"SELECT date, entries, chain_head{sel} FROM closes ORDER BY date"):
        what = msg("anchor_close", date=format_short(dt.date.fromisoformat(day))).message
        yield Anchor(what, "entries", entries, head, dt.date.fromisoformat(day))
        if rseq is not None:
            yield Anchor(what, "records", rseq, rhead)
    if book.db["exports"].exists():
        sel = with_records("exports")
        for folder, max_seq, head, rseq, rhead in conn.execute(
                f"SELECT folder, max_seq, chain_head{sel} FROM exports ORDER BY rec"):
            what = msg("anchor_export", folder=folder).message
            yield Anchor(what, "entries", max_seq, head)
            if rseq is not None:
                yield Anchor(what, "records", rseq, rhead)
    side = ack.read(book.path) if book.path else None
    uuid = conn.execute("SELECT uuid FROM book").fetchone()
    if side and uuid and side.book_uuid == uuid[0]:
        what = msg("anchor_ack", file=ack.ack_path(book.path).name).message
        yield Anchor(what, "entries", side.entries, side.head)
        if side.records:
            yield Anchor(what, "records", side.records, side.records_head or "")


def _anchor_problem(a: Anchor, have: int, now: str | None) -> Problem:
    chain_name = CATALOGUE["chain_entries" if a.chain == "entries" else "chain_records"]
    if now is None:
        return msg("verify_anchor_missing", what=a.what, chain=chain_name, seq=a.seq, have=have,
                   head=chain.short(a.head))
    return msg("verify_anchor_head", what=a.what, chain=chain_name, seq=a.seq, head=chain.short(a.head),
               now=chain.short(now))


# ------------------------------------------------------------------ the entries' chain

def _entries(book, anchors: list[Anchor], progress=None) -> tuple[int, str, list[Problem]]:
    conn = book.db.conn
    total = (conn.execute("SELECT max(seq) FROM entries").fetchone()[0] or 0) if progress else 0
    problems: list[Problem] = []
    prev = chain.genesis(book.org().book_uuid)
    by_seq: dict[int, list[Anchor]] = {}
    for a in anchors:
        if a.seq > 0:
            by_seq.setdefault(a.seq, []).append(a)
    seen: dict[int, str] = {}
    count, last_seq, first_bad = 0, 0, None
    n = len(chain.CHAIN_FIELDS)
    if ENTRY_COLUMNS[:n] != chain.CHAIN_FIELDS:  # the stored row, in order, is the canonical array
        raise RuntimeError("ENTRY_COLUMNS must start with chain.CHAIN_FIELDS")
    cols = ", ".join(ENTRY_COLUMNS)
    i_prev, i_hash = ENTRY_COLUMNS.index("prev_hash"), ENTRY_COLUMNS.index("hash")
    for values in conn.execute(f"SELECT {cols} FROM entries ORDER BY seq"):
        count += 1
        last_seq = values[0]
        if first_bad is None:
            if values[i_prev] != prev:
                first_bad = msg("verify_link", seq=values[0], id=values[1])
            elif chain.hash_of_values(prev, values[:n]) != values[i_hash]:
                first_bad = msg("verify_chain", seq=values[0], id=values[1])
        prev = values[i_hash]  # equal to the recomputed hash up to the first bad entry; after it, the stored one
        if last_seq in by_seq:
            seen[last_seq] = prev
        if progress and count % 5000 == 0:
            progress(count, total)
    if first_bad:
        problems.append(first_bad)
    for seq, group in sorted(by_seq.items()):
        now = seen.get(seq)
        for a in group:
            if now == a.head:
                continue
            if a.close and now is not None:
                problems.append(msg("verify_close", date=format_short(a.close), head=chain.short(a.head),
                                    now=chain.short(now)))
            else:
                problems.append(_anchor_problem(a, last_seq, now))
    return count, prev, problems


# ------------------------------------------------------------------ the record chain

def _records(db, anchors: list[Anchor]) -> tuple[int, list[Problem]]:
    conn = db.conn
    problems: list[Problem] = []
    uuid = conn.execute("SELECT uuid FROM book").fetchone()
    prev = records.genesis(uuid[0]) if uuid else ""
    by_seq: dict[int, list[Anchor]] = {}
    for a in anchors:
        if a.seq > 0:
            by_seq.setdefault(a.seq, []).append(a)
    seen: dict[int, str] = {}
    latest: dict[str, dict[str, tuple[int, str, str]]] = {}
    known = {m.name for m in migrations._migrations}
    first_bad = None
    group = None  # the migration whose rows are being logged (they end with its own record)
    count = last = 0
    pks: dict[str, list[str]] = {}
    for seq, tbl, body, why, stored in conn.execute(
            f"SELECT seq, tbl, body, why, hash FROM {records.LOG_TABLE} ORDER BY seq"):
        count += 1
        last = seq
        if first_bad is None and records.record_hash(prev, tbl, why, body) != stored:
            first_bad = msg("verify_record_chain", seq=seq, table=RECORD_NAMES.get(tbl, tbl))
        prev = stored
        if seq in by_seq:
            seen[seq] = stored
        try:
            parsed = json.loads(body)
        except ValueError:
            problems.append(msg("verify_record_chain", seq=seq, table=RECORD_NAMES.get(tbl, tbl)))
            continue
        if why.startswith("migration:"):
            name = why.split(":", 1)[1]
            if name not in known or (group not in (None, name)):
                problems.append(msg("verify_record_why", seq=seq, name=name))
            group = name
        elif why == records.NEW_BOOK:
            if tbl != records.MIGRATIONS_TABLE:
                problems.append(msg("verify_record_why", seq=seq, name=why))
        else:
            if group is not None and not (tbl == records.MIGRATIONS_TABLE and parsed.get("name") == group):
                problems.append(msg("verify_record_why", seq=seq, name=group))
            group = None
        table_rows = latest.setdefault(tbl, {})
        pk = pks.get(tbl)
        if pk is None:
            pk = pks[tbl] = records.primary_key(conn, tbl)
        key = records.row_key(parsed, pk)
        if key in table_rows and not why.startswith("migration:"):
            problems.append(msg("verify_record_twice", seq=seq, table=RECORD_NAMES.get(tbl, tbl),
                                key=_key_text(parsed, pk)))
        table_rows[key] = (seq, body, why)
    if group is not None:
        problems.append(msg("verify_record_why", seq=last, name=group))
    if first_bad:
        problems.insert(0, first_bad)
    for seq, group_anchors in sorted(by_seq.items()):
        now = seen.get(seq)
        problems += [_anchor_problem(a, last, now) for a in group_anchors if now != a.head]
    problems += _compare_rows(db, latest)
    return count, problems


def _key_text(row: dict, pk: list[str]) -> str:
    return ", ".join(f"{k}={row.get(k)}" for k in pk) if pk else json.dumps(row, ensure_ascii=False)


def _defaults(conn, table: str) -> dict[str, object]:
    out = {}
    for name, _, default in records.columns(conn, table):
        out[name] = conn.execute(f"SELECT {default}").fetchone()[0] if default is not None else None
    return out


def _compare_rows(db, latest: dict[str, dict[str, tuple[int, str, str]]]) -> list[Problem]:
    conn = db.conn
    problems: list[Problem] = []
    has_book = conn.execute("SELECT 1 FROM book").fetchone()
    if not has_book:
        return problems
    for table in records.chained_tables(db):
        name = RECORD_NAMES.get(table, table)
        pk = records.primary_key(conn, table)
        logged = dict(latest.get(table, {}))
        defaults = _defaults(conn, table)
        cols = [c for c, _, _ in records.columns(conn, table)]
        found: list[Problem] = []
        for values in conn.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{table}"'):
            row = dict(zip(cols, values))
            key = records.row_key(row, pk)
            entry = logged.pop(key, None)
            if entry is None:
                found.append(msg("verify_record_added", table=name, key=_key_text(row, pk)))
                continue
            body = json.loads(entry[1])
            for col in cols:
                want = body[col] if col in body else defaults.get(col)
                if row[col] != want:
                    found.append(msg("verify_record_changed", table=name, key=_key_text(row, pk), field=col,
                                     old=_show(want), new=_show(row[col])))
                    break
        for key, (seq, body, _) in logged.items():
            found.append(msg("verify_record_deleted", table=name, key=_key_text(json.loads(body), pk), seq=seq))
        problems += found[:MAX_NAMED]
        if len(found) > MAX_NAMED:
            problems.append(msg("verify_more", count=len(found) - MAX_NAMED))
    return problems


def _show(value) -> str:
    return CATALOGUE["value_empty"] if value is None or value == "" else str(value)


# ------------------------------------------------------------------ numbers used twice

_DUPLICATES = (
    ("receipt", "SELECT book || ' เลขที่ ' || number, count(*) FROM entries NOT INDEXED "
                "WHERE kind IN ('receipt', 'void') AND number <> '' GROUP BY book, number HAVING count(*) > 1"),
    ("voucher", "SELECT number || ' ปีงบประมาณ ' || fy, count(*) FROM entries NOT INDEXED "
                "WHERE kind = 'payment' AND number <> '' GROUP BY fy, number HAVING count(*) > 1"),
    ("slip", "SELECT number || ' บัญชี ' || account, count(*) FROM entries NOT INDEXED "
             "WHERE kind IN ('deposit', 'withdraw') AND number <> '' GROUP BY kind, account, number "
             "HAVING count(*) > 1"),
    ("reversed", "SELECT reverses, count(*) FROM entries NOT INDEXED WHERE reverses IS NOT NULL "
                 "GROUP BY reverses HAVING count(*) > 1"),
)


def _duplicates(conn) -> list[Problem]:
    out = []
    for what, sql in _DUPLICATES:
        for number, n in conn.execute(sql).fetchmany(MAX_NAMED):
            out.append(msg("verify_duplicate", what=msg(f"duplicate_{what}").message, number=number, count=n))
    return out


# ------------------------------------------------------------------ balances

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
            what = problem({"cash": "position_cash", "account": "position_account"}.get(target, "verify_held"), key=key)
            out.append(msg("verify_balance", what=problem("verify_balance_what", what=what.message,
                                                          amount=format_amount(running[pos])).message,
                           date=format_short(dt.date.fromisoformat(day))))
    return out


def _snapshots(db) -> list[Problem]:
    """The figures stored at each close (store/snapshots.py) against the entries."""
    if not db[snapshots.TABLE].exists():
        return []
    bad = snapshots.mismatches(db.conn)
    out = [msg("verify_snapshot", date=format_short(day)) for day in bad[:MAX_NAMED]]
    if len(bad) > MAX_NAMED:
        out.append(msg("verify_more", count=len(bad) - MAX_NAMED))
    return out
