"""The one facade the UI and the command line call.

Each use case validates first, writes in one transaction, and returns what
changed. A refusal raises ``BookError`` with Thai problems and writes
nothing. Posted records are never updated or deleted (the database refuses
it too); corrections are reversals, opening-figure corrections and dated
settings are new records.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator


from . import accounts, chain, ledger, receipt_books, rules
from .entry_fields import draft_from_values
from .inputs import check_text
from .messages import BookError, Problem, msg
from .model import Account, Change, Entry, EntryDraft, HeldAccount, Org, Summary
from .resources_data import shipped_held_accounts
from .store import ack, records, snapshots
from .store.db import LostEntries, open_database, reading, remove_new_book
from .store.rows import ENTRY_SELECT, account_from_row, dict_rows, entry_from_row, held_from_row
from .clock import new_uuid, now_text
from .thaidate import check_not_future, fiscal_year, format_short
from .txn import writes, writing

if TYPE_CHECKING:
    from sqlite_utils import Database

SETTINGS = {
    "clerk": "ผู้บันทึกบัญชี (ชื่อ)",
    "clerk_title": "ตำแหน่งผู้บันทึกบัญชี",
    "finance_head": "ผู้อำนวยการกองคลัง/หัวหน้าส่วนการคลัง (ชื่อ)",
    "finance_head_title": "ตำแหน่งหัวหน้าหน่วยงานคลัง",
    "checker": "ผู้ตรวจสอบ (ชื่อ)",
    "checker_title": "ตำแหน่งผู้ตรวจสอบ",
    "palad": "ปลัด (ชื่อ)",
    "palad_title": "ตำแหน่งปลัด",
    "executive": "นายก/ผู้บริหาร (ชื่อ)",
    "executive_title": "ตำแหน่งผู้บริหาร",
    "committee_1": "กรรมการเก็บรักษาเงิน คนที่ 1",
    "committee_2": "กรรมการเก็บรักษาเงิน คนที่ 2",
    "committee_3": "กรรมการเก็บรักษาเงิน คนที่ 3",
    "committee_1_title": "ตำแหน่งกรรมการคนที่ 1",
    "committee_2_title": "ตำแหน่งกรรมการคนที่ 2",
    "committee_3_title": "ตำแหน่งกรรมการคนที่ 3",
    "thai_digits": "พิมพ์ตัวเลขไทย (yes/no)",
    "budget_mapping": "การจับคู่คอลัมน์งบประมาณที่บันทึกไว้ (JSON)",
    "backup_folder_2": "โฟลเดอร์สำรองที่สอง เช่น แฟลชไดรฟ์ (เว้นว่าง = ไม่ใช้)",
}
class Book:
    """The books of one organisation, in one SQLite file."""

    def __init__(self, db: Database, path: Path):
        self.db = db
        self.path = path
        self._org: Org | None = None

    @property
    def upgrade_notices(self) -> list[str]:
        """What opening this file changed in it (Thai), to tell the clerk once."""
        return list(getattr(self.db, "manualbook_notices", []))

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: str | Path, readonly: bool = False) -> "Book":
        """Opens a book; read-only when asked (verify) or when the media cannot be written."""
        path = Path(path)
        try:
            db = open_database(path, readonly=readonly)
        except LostEntries as exc:
            from .backup_list import lost_entries_note
            raise LostEntries(exc.path, exc.lost, lost_entries_note(path, exc.lost)) from None
        book = cls(db, path)
        try:
            with reading(path):
                if not db.conn.execute("SELECT 1 FROM org_records").fetchone():
                    raise BookError(msg("no_book", path=path))
                book.org()
        except BookError:
            book.close()
            raise
        book._watch_commits()
        return book

    @property
    def readonly(self) -> bool:
        return getattr(self.db, "readonly", False)

    def _watch_commits(self) -> None:
        """After every commit, the side record of what was saved (store/ack.py)."""
        if not self.readonly:
            self.db.after_commit.append(lambda: ack.write(self.path, ack.current(self.db.conn, now_text())))

    @classmethod
    def create(cls, path: str | Path, org: str, start: dt.date, since: dt.date | None = None,
               cash: int = 0, lao_code: str = "", clerk: str | None = None, then=None) -> "Book":
        """A new book in ``path``; ``then(book)``, if given, writes more (accounts, people)
        in the same transaction: if it fails, nothing is written (see ``setup_book``)."""
        path = Path(path)
        since = since or start
        org, lao_code = check_text(org, "ชื่อหน่วยงาน"), check_text(lao_code, "รหัส อปท.")
        check_not_future(start)
        check_not_future(since)
        if since < start:
            raise BookError(msg("since_before_start", since=format_short(since), start=format_short(start)))
        made_here = not path.exists()  # a failed set-up must not leave a half-made file behind
        db = None
        try:
            db = open_database(path, create=True)  # refuses a file that is not ours, untouched
            if db.conn.execute("SELECT 1 FROM org_records").fetchone():
                db.conn.close()
                raise BookError(msg("book_exists", path=path))
            return cls._fill_new(db, path, org, start, since, cash, lao_code, clerk, then)
        except BaseException:
            if made_here:
                if db is not None:
                    db.conn.close()
                remove_new_book(path)
            raise

    @classmethod
    def _fill_new(cls, db, path: Path, org: str, start: dt.date, since: dt.date, cash: int, lao_code: str,
                  clerk: str | None, then) -> "Book":
        book = cls(db, path)
        stamp, who = now_text(), clerk or book.clerk()
        book._watch_commits()
        with book.writing():
            db["book"].insert({"id": 1, "uuid": new_uuid(), "created_at": stamp})
            records.log_unlogged(db, records.NEW_BOOK)  # the migrations that ran before this row
            db["org_records"].insert({"name": org, "lao_code": lao_code, "start": start.isoformat(),
                                      "since": since.isoformat(), "recorded_at": stamp, "clerk": who})
            db["openings"].insert({"target": "cash", "key": "", "amount": cash,
                                   "recorded_at": stamp, "clerk": who})
            for row in shipped_held_accounts():
                db["held_accounts"].insert({"key": row["key"], "name": row["name"],
                                            "role": row.get("role") or "", "created_at": stamp})
            if clerk:
                book._insert_setting("clerk", clerk, start, stamp)
            if then:
                then(book)
        return book

    def close(self) -> None:
        self.db.conn.close()
        cleanup = getattr(self.db, "after_close", None)
        if cleanup:
            cleanup()

    def writing(self):
        """The write transaction (BEGIN IMMEDIATE): checks and writes of a use case in one."""
        return writing(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------ the organisation
    def org(self) -> Org:
        if self._org is None:
            row = self.db.conn.execute(
                "SELECT name, lao_code, start, since FROM org_records ORDER BY rec DESC LIMIT 1").fetchone()
            book_uuid = self.db.conn.execute("SELECT uuid FROM book").fetchone()[0]
            self._org = Org(row[0], row[1], dt.date.fromisoformat(row[2]), dt.date.fromisoformat(row[3]),
                            book_uuid)
        return self._org

    @writes
    def update_org(self, name: str | None = None, lao_code: str | None = None,
                   start: dt.date | None = None, since: dt.date | None = None,
                   effective: dt.date | None = None) -> Change:
        """A correction of the organisation's record, as a new record: name and code at any
        time (from ``effective``, default the first open day), the dates until the first close."""
        from .corrections import correct_org
        return correct_org(self, name, lao_code, start, since, effective)

    def org_on(self, day: dt.date) -> Org:
        """The organisation record in force on ``day`` (a corrected name from the day it took effect)."""
        from .corrections import org_on
        return org_on(self, day)

    def clerk(self) -> str:
        try:
            value = self.setting("clerk")
        except sqlite3.Error:
            value = None
        if value:
            return value
        try:
            return getpass.getuser()
        except Exception:  # no user name on some Windows set-ups
            return "ผู้ใช้"

    # ------------------------------------------------------------ accounts and openings
    def accounts(self) -> list[Account]:
        return [account_from_row(r) for r in dict_rows(self.db.conn, "SELECT * FROM accounts ORDER BY key")]

    def held_accounts(self) -> list[HeldAccount]:
        return [held_from_row(r) for r in dict_rows(self.db.conn, "SELECT * FROM held_accounts ORDER BY key")]

    def add_account(self, key: str, bank: str, number: str, opening: int = 0,
                    branch: str = "", type: str = "") -> Change:
        return accounts.add_account(self, key, bank, number, opening, branch, type)

    def add_held_account(self, key: str, name: str, opening: int = 0) -> Change:
        return accounts.add_held_account(self, key, name, opening)

    def set_opening(self, target: str, key: str, amount: int) -> Change:
        """Corrects an opening figure: a new record, only until the first day is closed."""
        return accounts.set_opening(self, target, key, amount)

    def opening_history(self) -> list[dict]:
        return dict_rows(self.db.conn, "SELECT * FROM openings ORDER BY rec")

    # ------------------------------------------------------------ settings and codes
    @writes
    def set_setting(self, key: str, value: str, effective: dt.date | None = None) -> Change:
        if key not in SETTINGS:
            raise BookError(msg("setting_unknown", key=key, known=", ".join(SETTINGS)))
        check_text(value, SETTINGS[key], limit=20_000)  # the saved column mapping is JSON
        if effective:
            check_not_future(effective)
        # Closed days keep the names they were signed with: a change takes effect
        # from the first open day unless a date is given.
        effective = effective or self.first_open_day()
        with self.db.atomic():
            self._insert_setting(key, value, effective, now_text())
        return Change(setup=True)

    def _insert_setting(self, key: str, value: str, effective: dt.date, stamp: str) -> None:
        self.db["settings"].insert({"key": key, "value": value, "effective": effective.isoformat(),
                                    "recorded_at": stamp, "clerk": self.clerk() if key != "clerk" else value})

    def setting(self, key: str, on: dt.date | None = None) -> str | None:
        """The value in force on a day (the latest record effective on or before it)."""
        on = on or dt.date.max
        row = self.db.conn.execute(
            "SELECT value FROM settings WHERE key = ? AND effective <= ? ORDER BY effective DESC, rec DESC LIMIT 1",
            (key, on.isoformat())).fetchone()
        if row is None:  # a setting recorded after the day still names someone: use the earliest
            row = self.db.conn.execute(
                "SELECT value FROM settings WHERE key = ? ORDER BY effective, rec LIMIT 1", (key,)).fetchone()
        return row[0] if row else None

    def settings_on(self, on: dt.date) -> dict[str, str]:
        return {k: v for k in SETTINGS if (v := self.setting(k, on)) is not None}

    def add_code(self, code: str, name: str, kind: str = "revenue", group: str = "") -> Change:
        return accounts.add_code(self, code, name, kind, group)

    def codes(self, kind: str = "revenue") -> list[tuple[str, str, str]]:
        """(code, name, group) shipped and added, sorted by code."""
        from .resources_data import shipped_codes
        out = {c: (c, n, g) for c, n, k, g in shipped_codes() if k == kind}
        for row in dict_rows(self.db.conn, "SELECT * FROM codes WHERE kind = ?", (kind,)):
            out[row["code"]] = (row["code"], row["name"], row["grp"])
        return [out[c] for c in sorted(out)]

    # ------------------------------------------------------------ days
    def closed_through(self) -> dt.date | None:
        row = self.db.conn.execute("SELECT max(date) FROM closes").fetchone()
        return dt.date.fromisoformat(row[0]) if row and row[0] else None

    def first_open_day(self) -> dt.date:
        closed = self.closed_through()
        return closed + dt.timedelta(days=1) if closed else self.org().start

    @writes
    def close_day(self, day: dt.date) -> Change:
        """Closes ``day`` and every earlier day; records the chain head at the close."""
        check_not_future(day)  # a closed future day would lock out every day before it
        org, closed = self.org(), self.closed_through()
        if day < org.start:
            raise BookError(msg("close_before_start", date=format_short(day)))
        if closed and day <= closed:
            raise BookError(msg("close_already", date=format_short(day), closed=format_short(closed)))
        head, count = self.chain_head()
        with self.db.atomic():
            stamp = now_text()
            snapshots.record(self.db.conn, day, stamp)  # the day's end figures never change again
            self.db["closes"].insert({"date": day.isoformat(), "entries": count, "chain_head": head,
                                      **records.head_fields(self.db),
                                      "closed_at": stamp, "clerk": self.clerk()})
        return Change(closed=day)

    def closes(self) -> list[dict]:
        return dict_rows(self.db.conn, "SELECT * FROM closes ORDER BY date")

    def close_on(self, day: dt.date) -> dict | None:
        """The close that covers ``day`` (the first close on or after it), if any."""
        row = self.db.conn.execute(
            "SELECT date, entries, chain_head, closed_at, clerk FROM closes WHERE date >= ? ORDER BY date LIMIT 1",
            (day.isoformat(),)).fetchone()
        return dict(zip(("date", "entries", "chain_head", "closed_at", "clerk"), row)) if row else None

    # ------------------------------------------------------------ entries
    def chain_head(self) -> tuple[str, int]:
        row = self.db.conn.execute("SELECT hash, seq FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
        count = self.db.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        return (row[0] if row else chain.genesis(self.org().book_uuid)), count

    def context(self) -> rules.Context:
        return rules.Context.load(self.db, self.org().start, self.closed_through())

    def check(self, drafts: list[tuple[EntryDraft, int | None]]) -> list[Problem]:
        """Every problem the batch would meet, without writing anything."""
        return rules.check(self.db, self.context(), drafts)[1]

    @writes
    def post(self, drafts: Iterable[EntryDraft] | EntryDraft) -> Change:
        """Validates and writes a batch of new entries, all or nothing."""
        from .posting import Posting

        if isinstance(drafts, EntryDraft):
            drafts = [drafts]
        posting = Posting(self)
        for d in drafts:
            posting.add_draft(d)
        return posting.finish()

    def add(self, values: dict) -> Change:
        """One entry from raw values (a form, a command line): parse, check, write."""
        draft, problems = draft_from_values(values)
        if problems:
            raise BookError(problems)
        return self.post(draft)

    def import_file(self, path: str | Path, progress=None, checker=None) -> Change:
        """Imports an entries file (CSV or XLSX), all or nothing; refuses the same file twice (``importing``)."""
        from .importing import import_file
        return import_file(self, Path(path), progress, checker)

    def reverse(self, entry_id: str, reason: str, day: dt.date | None = None) -> Change:
        """Posts the negative of an earlier entry, pointing to it."""
        from .corrections import reverse
        return reverse(self, entry_id, reason, day)

    def entry(self, entry_id: str) -> Entry:
        row = self.db.conn.execute(ENTRY_SELECT + " WHERE id = ?", ((entry_id or "").strip().upper(),)).fetchone()
        if row is None:
            raise BookError(msg("entry_unknown", id=entry_id))
        return entry_from_row(row)

    def entries(self, first: dt.date | None = None, last: dt.date | None = None,
                base_kinds: tuple[str, ...] | None = None) -> Iterator[Entry]:
        """Entries in keying order (date, then sequence), streamed; only ``base_kinds`` if given."""
        sql, args = ENTRY_SELECT + " WHERE 1", []
        if base_kinds:
            sql += f" AND base_kind IN ({', '.join('?' * len(base_kinds))})"
            args += list(base_kinds)
        if first:
            sql += " AND date >= ?"
            args.append(first.isoformat())
        if last:
            sql += " AND date <= ?"
            args.append(last.isoformat())
        for row in self.db.conn.execute(sql + " ORDER BY date, seq", args):
            yield entry_from_row(row)

    def reversed_by(self) -> dict[str, str]:
        return dict(self.db.conn.execute("SELECT reverses, id FROM entries WHERE reverses IS NOT NULL"))

    def record_cheque_handed(self, entry_id: str, day: dt.date) -> Change:
        from .cheques import record_handed
        return record_handed(self, entry_id, day)

    def cheques_not_collected(self, day: dt.date) -> list[Entry]:
        """Cheque payments dated on or before ``day``, not reversed, not handed over by then."""
        return ledger.cheques_not_collected(self.db, day)

    # ------------------------------------------------------------ receipt books
    def register_receipt_book(self, book_no: str, first: int, last: int | None = None) -> Change:
        return receipt_books.register(self, book_no, first, last)

    @writes
    def set_receipt_book_range(self, book_no: str, first: int, last: int | None) -> Change:
        """Gives a receipt book (registered by hand or by its first receipt) its numbers, as a new record."""
        from .corrections import set_receipt_book_range
        return set_receipt_book_range(self, book_no, first, last)

    def receipt_book_report(self, until: dt.date | None = None) -> list[dict]:
        """Per receipt book: range, used, voided, gaps (numbers skipped), repeats;
        counting the receipts and voids dated up to ``until`` (default: all)."""
        return receipt_books.report(self, until)

    # ------------------------------------------------------------ figures
    def summary(self, day: dt.date | None = None) -> Summary:
        org = self.org()
        day = day or ledger.last_entry_date(self.db) or org.start
        figures = snapshots.figures_at(self.db.conn, day)  # from the last close's stored figures on
        per_day = ledger.keyed_by_day(self.db, org.since, day)
        return Summary(
            date=day, balances=ledger.balances_of(day, figures.positions), entries=figures.entries,
            by_code=tuple((c, v) for c, v in sorted(figures.by_code.items()) if v),
            budget=tuple(ledger.line_statuses(self.db, fiscal_year(day), day)),
            keyed=sum(k for k, _ in per_day.values()), keyable=sum(n for _, n in per_day.values()),
            days_keyed=sum(1 for k, n in per_day.values() if k == n), days_to_key=len(per_day),
            days_unreconciled=tuple(c.date for c in ledger.day_checks(self.db, day) if c.date >= org.since and not c.ok))

    def verify(self, progress=None):
        from .verify import verify_book
        return verify_book(self, progress=progress)
