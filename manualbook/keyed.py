"""Tracking the keying into e-LAAS: which entries are keyed, and whether each
day's totals agree with e-LAAS's own daily report.

Everything here is a record, never an overwrite:

* ``keyed_marks``: one row per change of an entry's state (keyed or not, and
  the e-LAAS document number); the latest row per entry wins. Written by
  ``keyed_import`` (ticks made in a bundle's workbook, matched by entry ID,
  never by row position) and by ``mark_keyed`` (ticks made in the app).
* ``elaas_day_totals``: the figures of e-LAAS's daily report as the clerk
  typed them (receipts, payments, cash and bank at the end of the day; a
  figure not typed is NULL); the latest row per day wins. Written from the
  workbook's day sheet by ``keyed_import`` and by ``record_day_totals``.

``keyed_progress`` and ``day_checks`` read them back: entries and days keyed
and not, the next entry to key, entries skipped, document numbers used twice,
and the days whose totals do not reconcile with the book.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import ledger
from .ledger import DAY_FIELDS, day_checks
from .keyed_workbook import doc_text, read_keyed_workbook, tick_value
from .ledger import latest_marks
from .messages import BookError, Problem, msg, problem
from .model import Change, Entry
from .money import parse_amount
from .clock import now_text
from .inputs import text_problem
from .thaidate import format_short, parse_date
from .txn import writes






# ------------------------------------------------------------------ e-LAAS day totals

def book_day_figures(book, day: dt.date) -> dict[str, int]:
    return ledger.day_figures(book.db, day)


def stored_day_totals(db) -> dict[dt.date, dict[str, int | None]]:
    """Day -> {"receipts", "payments", "cash", "bank"}: the latest figures typed for each day."""
    return ledger.elaas_day_totals(db)


def keying_span(book) -> tuple[dt.date, dt.date]:
    """(outage start, last day to key): the days whose entries go into e-LAAS."""
    since = book.org().since
    return since, max(ledger.last_entry_date(book.db) or since, since)


@writes
def record_day_totals(book, day: dt.date, figures: dict[str, int | None], source: str = "app") -> Change:
    """Records the figures of e-LAAS's daily report for ``day`` (None = not typed).

    Nothing is written when they equal what is already recorded."""
    since, until = keying_span(book)
    if not since <= day <= until:
        raise BookError(problem("keyed_day_outside", date=format_short(day), since=format_short(since),
                           until=format_short(until)))
    row = {key: figures.get(key) for key, _, _ in DAY_FIELDS}
    if stored_day_totals(book.db).get(day, dict.fromkeys(row)) == row:
        return Change()
    with book.db.atomic():
        book.db["elaas_day_totals"].insert({"date": day.isoformat(), **row, "source": source,
                                            "recorded_at": now_text(), "clerk": book.clerk()})
    return Change(days=(day,))


def _read_day_rows(book, days: list[dict]) -> tuple[list[tuple[dt.date, dict]], list[Problem]]:
    """The day sheet's typed figures, parsed; problems name the sheet row."""
    out, problems = [], []
    for d in days:
        try:
            day = d["date"] if isinstance(d["date"], dt.date) else parse_date(str(d["date"]))
        except BookError:
            problems.append(problem("keyed_day_date", row=d["row"], line=d["row"], value=d["date"]))
            continue
        if isinstance(day, dt.datetime):
            day = day.date()
        figures: dict[str, int | None] = {}
        for key, sheet_key, what in DAY_FIELDS:
            value = d.get(sheet_key)
            if value is None:
                figures[key] = None
                continue
            try:
                figures[key] = parse_amount(value, field=what)
            except BookError:
                problems.append(problem("keyed_day_bad", row=d["row"], field=what, line=d["row"], value=value, what=what))
        out.append((day, figures))
    return out, problems


# ------------------------------------------------------------------ ticks

@writes
def mark_keyed(book, marks: Iterable[tuple[str, bool, str]], source: str = "app") -> Change:
    """Records ticks made in the app: (entry ID, keyed?, e-LAAS document number).

    A document number means the entry was keyed. Only what differs from the
    book's latest mark is written, all in one transaction; an unknown ID
    refuses the whole batch."""
    marks = list(marks)
    current = latest_marks(book.db)
    ids = [m[0] for m in marks]
    known = set()
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        known |= {r[0] for r in book.db.conn.execute(
            f"SELECT id FROM entries WHERE id IN ({','.join('?' * len(part))})", part)}
    problems: list[Problem] = []
    rows, seen = [], set()
    stamp = now_text()
    for entry_id, keyed, doc in marks:
        doc = doc_text(doc)
        if entry_id not in known:
            problems.append(problem("keyed_unknown_id", id=entry_id))
            continue
        bad = text_problem(doc, "เลขที่เอกสาร e-LAAS")
        if bad:
            problems.append(bad)
            continue
        if len(doc) > 40:
            problems.append(problem("keyed_doc_long", field="เลขที่เอกสาร e-LAAS", doc=doc))
            continue
        target = (bool(keyed) or bool(doc), doc)
        if entry_id in seen or target == current.get(entry_id, (False, "")):
            continue
        seen.add(entry_id)
        rows.append({"entry_id": entry_id, "keyed": int(target[0]), "doc_no": target[1], "source": source,
                     "recorded_at": stamp})
    if problems:
        raise BookError(problems)
    if rows:
        with book.db.atomic():
            book.db["keyed_marks"].insert_all(rows)
    return Change(entries=tuple(r["entry_id"] for r in rows))


@dataclass(frozen=True)
class KeyingRow:
    """One entry in e-LAAS keying order (date, then the order it was saved)."""
    no: int          # running number from the outage start, as in the bundle's workbook
    entry: Entry
    keyed: bool
    doc_no: str


def keying_rows(book, first: dt.date | None = None, last: dt.date | None = None) -> list[KeyingRow]:
    """Entries from the outage start in keying order, numbered as in the workbook;
    only those dated ``first``..``last`` are returned (numbers still count from the start)."""
    since, until = keying_span(book)
    first = max(first or since, since)
    before = book.db.conn.execute("SELECT count(*) FROM entries WHERE date >= ? AND date < ?",
                                  (since.isoformat(), first.isoformat())).fetchone()[0]
    marks = latest_marks(book.db)
    out = []
    for no, e in enumerate(book.entries(first, last or until), start=before + 1):
        keyed, doc = marks.get(e.id, (False, ""))
        out.append(KeyingRow(no, e, keyed, doc))
    return out


# ------------------------------------------------------------------ workbook read-back

@dataclass(frozen=True)
class KeyedImportResult:
    rows: int
    recorded: int
    ticked: int
    unticked: int
    doc_numbers: int
    warnings: tuple[str, ...] = ()
    unreconciled: tuple[str, ...] = ()
    day_totals: int = 0

    def text(self) -> str:
        lines = [problem("keyed_import_done", rows=f"{self.rows:,}", recorded=f"{self.recorded:,}", ticked=self.ticked,
                         unticked=self.unticked, docs=self.doc_numbers).message]
        if self.day_totals:
            lines.append(problem("keyed_day_totals_done", days=self.day_totals).message)
        lines += [problem("warning", text=w).message for w in self.warnings]
        lines += [problem("unreconciled", text=u).message for u in self.unreconciled]
        return "\n".join(lines)


@writes
def keyed_import(book, xlsx_path: str | Path, progress=None) -> KeyedImportResult:
    """Records the ticks, e-LAAS document numbers and e-LAAS day figures of a bundle workbook.

    Ticks are matched by entry ID. Only what the clerk changed in the workbook
    (compared with what it showed when exported) and differs from the book now
    is recorded, as new rows, all in one transaction; any problem (a workbook
    from other books, an unknown ID, a tick or figure that cannot be read)
    refuses the whole file and records nothing. ``progress(done, total)``
    follows the reading of the workbook's rows.
    """
    path = Path(xlsx_path)
    if not path.exists():
        raise BookError(msg("file_missing", path=path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BookError(msg("file_unreadable", path=path, why=exc.strerror or exc)) from None
    read = read_keyed_workbook(raw, progress)
    org = book.org()
    theirs = read.meta.get("book_uuid")
    if not theirs:
        raise BookError(problem("keyed_no_meta", path=path))
    if theirs != org.book_uuid:
        raise BookError(problem("keyed_other_book", path=path.name, theirs=read.meta.get("org") or "?", ours=org.name))
    known = {r[0] for r in book.db.conn.execute("SELECT id FROM entries")}
    marks = latest_marks(book.db)
    problems: list[Problem] = []
    seen: dict[str, list[int]] = {}
    for t in read.rows:
        seen.setdefault(t.id, []).append(t.row)
    for entry_id, rows in seen.items():
        if len(rows) > 1:
            problems.append(problem("keyed_dup_id", id=entry_id, rows=", ".join(map(str, rows))))
    new_rows, ticked, unticked, docs = [], 0, 0, 0
    stamp = now_text()
    from .bundle_write import sha256
    source = f"keyed import {path.name} sha256:{sha256(raw)[:16]}"
    for t in read.rows:
        if t.id not in known:
            problems.append(problem("keyed_unknown_id", row=t.row, id=t.id))
            continue
        keyed = tick_value(t.keyed_raw)
        if keyed is None:
            problems.append(problem("keyed_bad_tick", row=t.row, field="บันทึกใน e-LAAS แล้ว", value=t.keyed_raw))
            continue
        doc = doc_text(t.doc_raw)
        bad = text_problem(doc, "เลขที่เอกสาร e-LAAS")
        if bad:
            problems.append(bad.at_row(t.row))
            continue
        keyed = keyed or bool(doc)  # an e-LAAS document number means it was keyed
        current = marks.get(t.id, (False, ""))
        if t.has_was:
            was = (tick_value(t.keyed_was) or False, doc_text(t.doc_was))
            if (keyed, doc) == was:  # the clerk did not touch this row: keep what the book knows now
                continue
            target = (keyed, doc)
        else:  # hidden columns removed: only add, never take a tick away
            if not keyed:
                continue
            target = (True, doc or current[1])
        if target == current:
            continue
        ticked += target[0] and not current[0]
        unticked += current[0] and not target[0]
        docs += target[1] != current[1] and bool(target[1])
        new_rows.append({"entry_id": t.id, "keyed": int(target[0]), "doc_no": target[1], "source": source,
                         "recorded_at": stamp})
    day_rows, day_problems = _read_day_rows(book, read.days)
    problems += day_problems
    stored = stored_day_totals(book.db)
    new_days = [{"date": day.isoformat(), **figures, "source": source, "recorded_at": stamp, "clerk": book.clerk()}
                for day, figures in day_rows if stored.get(day) != figures]
    if problems:
        raise BookError(problems, headline=problem("keyed_refused", count=len(problems)))
    if new_rows or new_days:
        with book.db.atomic():
            if new_rows:
                book.db["keyed_marks"].insert_all(new_rows)
            if new_days:
                book.db["elaas_day_totals"].insert_all(new_days)
    progress = keyed_progress(book)
    return KeyedImportResult(rows=len(read.rows), recorded=len(new_rows), ticked=ticked, unticked=unticked,
                             doc_numbers=docs, warnings=tuple(progress.duplicate_docs),
                             unreconciled=progress.days_unreconciled, day_totals=len(new_days))


# ------------------------------------------------------------------ progress

@dataclass(frozen=True)
class KeyedProgress:
    since: dt.date
    until: dt.date | None
    entries_keyed: int
    entries_total: int
    days_keyed: tuple[dt.date, ...]
    days_partly: tuple[dt.date, ...]
    days_not: tuple[dt.date, ...]
    next_entry: tuple[int, str, dt.date] | None  # (running number, ID, date) of the first entry not keyed
    skipped: tuple[tuple[int, str, dt.date], ...]  # not keyed but a later entry (in keying order) is
    duplicate_docs: tuple[str, ...]
    days_unreconciled: tuple[str, ...] = ()  # one message per figure that differs
    unreconciled_dates: tuple[dt.date, ...] = ()
    days_checked: int = 0  # days with e-LAAS figures typed

    @property
    def entries_not_keyed(self) -> int:
        return self.entries_total - self.entries_keyed

    def text(self) -> str:
        lines = [problem("keyed_status", keyed=f"{self.entries_keyed:,}", total=f"{self.entries_total:,}",
                         not_keyed=self.entries_not_keyed, since=format_short(self.since)).message,
                 problem("keyed_status_days", full=f"{len(self.days_keyed):,}", partly=f"{len(self.days_partly):,}",
                         none=f"{len(self.days_not):,}").message,
                 problem("keyed_status_checked", checked=f"{self.days_checked:,}",
                         off=f"{len(self.unreconciled_dates):,}").message]
        if self.next_entry:
            no, entry_id, day = self.next_entry
            lines.append(problem("keyed_status_next", no=no, id=entry_id, date=format_short(day)).message)
        if self.skipped:
            shown = ", ".join(f"{no} ({entry_id})" for no, entry_id, _ in self.skipped[:10])
            lines.append(problem("keyed_status_skipped", count=f"{len(self.skipped):,}", shown=shown).message)
        lines += [problem("warning", text=d).message for d in self.duplicate_docs]
        lines += [problem("unreconciled", text=u).message for u in self.days_unreconciled]
        return "\n".join(lines)


def keyed_progress(book, since: dt.date | None = None) -> KeyedProgress:
    """What is keyed into e-LAAS and what is not, from ``since`` (default: the outage start)."""
    since = since or book.org().since
    until = ledger.last_entry_date(book.db)
    marks = latest_marks(book.db)
    per_day: dict[dt.date, list[int]] = {}
    keyed_total = total = 0
    next_entry = None
    unkeyed_so_far: list[tuple[int, str, dt.date]] = []
    skipped: list[tuple[int, str, dt.date]] = []
    for no, (entry_id, day_text) in enumerate(book.db.conn.execute(
            "SELECT id, date FROM entries WHERE date >= ? ORDER BY date, seq", (since.isoformat(),)), start=1):
        day = dt.date.fromisoformat(day_text)
        keyed = marks.get(entry_id, (False, ""))[0]
        counts = per_day.setdefault(day, [0, 0])
        counts[1] += 1
        total += 1
        if keyed:
            counts[0] += 1
            keyed_total += 1
            skipped += unkeyed_so_far
            unkeyed_so_far = []
        else:
            unkeyed_so_far.append((no, entry_id, day))
            if next_entry is None:
                next_entry = (no, entry_id, day)
    by_doc: dict[str, list[str]] = {}
    for entry_id, (keyed, doc) in marks.items():
        if keyed and doc:
            by_doc.setdefault(doc, []).append(entry_id)
    dups = tuple(problem("keyed_dup_doc", doc=doc, ids=", ".join(sorted(ids))).message
                 for doc, ids in sorted(by_doc.items()) if len(ids) > 1)
    checks = [c for c in day_checks(book.db) if c.date >= since]
    off = [c for c in checks if not c.ok]
    return KeyedProgress(
        since=since, until=until, entries_keyed=keyed_total, entries_total=total,
        days_keyed=tuple(d for d, (k, n) in sorted(per_day.items()) if k == n),
        days_partly=tuple(d for d, (k, n) in sorted(per_day.items()) if 0 < k < n),
        days_not=tuple(d for d, (k, n) in sorted(per_day.items()) if k == 0),
        next_entry=next_entry, skipped=tuple(skipped), duplicate_docs=dups,
        days_unreconciled=tuple(m for c in off for m in c.messages()),
        unreconciled_dates=tuple(c.date for c in off), days_checked=len(checks))
