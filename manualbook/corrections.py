"""Corrections made as new records: the organisation record and a receipt book's range.

Nothing here updates a row. A correction of the organisation (its name, its
code) is a new ``org_records`` row that takes effect from a day: until the
first close it may change the books' start and the outage start too; after
it only the name and the code, from the first open day unless another day is
given (a misspelt name may be corrected back to the start, so reprints read
right). A receipt book's first and last numbers, given after the book was
auto-registered by its first receipt, are a new ``receipt_book_ranges`` row;
the latest one wins, and a range that leaves out a number already used is
refused.
"""

from __future__ import annotations

import datetime as dt

from .inputs import check_texts, receipt_int, receipt_number
from .messages import BookError, Problem, msg, problem
from .model import Change, EntryDraft, Org
from .clock import now_text
from .thaidate import check_not_future, format_short
from .txn import writes


def _p(code: str, field: str | None = None, **kw) -> Problem:
    return problem(code, None, field, **kw)


# ------------------------------------------------------------------ the organisation
def org_on(book, day: dt.date) -> Org:
    """The organisation record in force on ``day`` (its name as printed for that day)."""
    current = book.org()
    row = book.db.conn.execute(
        "SELECT name, lao_code FROM org_records WHERE effective = '' OR effective <= ?"
        " ORDER BY CASE WHEN effective = '' THEN start ELSE effective END DESC, rec DESC LIMIT 1",
        (day.isoformat(),)).fetchone()
    if row is None:
        return current
    return Org(row[0], row[1], current.start, current.since, current.book_uuid)


@writes
def correct_org(book, name: str | None = None, lao_code: str | None = None, start: dt.date | None = None,
                since: dt.date | None = None, effective: dt.date | None = None) -> Change:
    """Records a correction of the organisation; see the module docstring for what may change when."""
    check_texts({"ชื่อหน่วยงาน": name, "รหัสหน่วยงาน": lao_code})  # as typed, before stripping
    cur = book.org()
    closed = book.closed_through()
    name = cur.name if name is None else name.strip()
    lao_code = cur.lao_code if lao_code is None else lao_code.strip()
    start, since = start or cur.start, since or cur.since
    if not name:
        raise BookError(_p("org_name_missing", field="name"))
    if closed and (start != cur.start or since != cur.since):
        raise BookError(_p("org_dates_locked", field="start" if start != cur.start else "since"))
    for day in (start, since, effective):
        if day is not None:
            check_not_future(day)
    if since < start:
        raise BookError(msg("since_before_start", since=format_short(since), start=format_short(start)))
    if (name, lao_code, start, since) == (cur.name, cur.lao_code, cur.start, cur.since):
        raise BookError(_p("org_unchanged"))
    if effective is None:
        effective = book.first_open_day() if closed else None
    if effective is not None and effective < start:
        raise BookError(_p("org_effective_before_start", field="effective", date=format_short(effective),
                           start=format_short(start)))
    with book.db.atomic():
        book.db["org_records"].insert({
            "name": name, "lao_code": lao_code, "start": start.isoformat(), "since": since.isoformat(),
            "recorded_at": now_text(), "clerk": book.clerk(),
            "effective": effective.isoformat() if effective else ""})
    book._org = None
    return Change(setup=True)


# ------------------------------------------------------------------ receipt books
def ranges(book) -> dict[str, tuple[int, int | None]]:
    """Each receipt book's (first, last): the latest correction, else as registered."""
    out = {r[0]: (r[1], r[2]) for r in book.db.conn.execute("SELECT book, first, last FROM receipt_books")}
    for book_no, first, last in book.db.conn.execute(
            "SELECT book, first, last FROM receipt_book_ranges ORDER BY rec"):
        out[book_no] = (first, last)
    return out


@writes
def set_receipt_book_range(book, book_no: str, first: int, last: int | None) -> Change:
    """Gives a registered receipt book its first and last numbers (a new record)."""
    raw = str(book_no).strip()
    book_no = receipt_number(raw) or raw  # "๑๒" and "012" are book 12, as when it was registered
    if first < 1:
        raise BookError(msg("receipt_book_first", field="first", first=first))
    if last is not None and last < first:
        raise BookError(msg("receipt_book_range", field="last", first=first, last=last))
    if book_no not in ranges(book):
        raise BookError(_p("range_book_unknown", field="book", book=book_no))
    used = [n for (number,) in book.db.conn.execute(
        "SELECT DISTINCT number FROM entries WHERE kind IN ('receipt', 'void') AND book = ?", (book_no,))
        if (n := receipt_int(str(number))) is not None]
    outside = sorted(n for n in used if n < first or (last is not None and n > last))
    if outside:
        shown = ", ".join(map(str, outside[:10])) + (problem("numbers_more", count=f"{len(outside) - 10:,}").message
                                                   if len(outside) > 10 else "")
        raise BookError(_p("range_leaves_out", field="last" if last is not None and outside[-1] > last else "first",
                           book=book_no, numbers=shown, first=first, last=last if last is not None else "?"))
    with book.db.atomic():
        book.db["receipt_book_ranges"].insert({"book": book_no, "first": first, "last": last,
                                               "recorded_at": now_text(), "clerk": book.clerk()})
    return Change(setup=True)


# ------------------------------------------------------------------ reversal

@writes
def reverse(book, entry_id: str, reason: str, day: dt.date | None = None) -> Change:
    """Posts the negative of an earlier entry, pointing to it."""
    from .posting import Posting

    if not reason or not reason.strip():
        raise BookError(msg("reason_required"))
    orig = book.entry(entry_id)
    if orig.kind == "reversal":
        raise BookError(msg("reverse_reversal", id=orig.id))
    if orig.kind == "void":
        raise BookError(msg("reverse_void", id=orig.id))
    by = book.db.conn.execute("SELECT id FROM entries WHERE reverses = ?", (orig.id,)).fetchone()
    if by:
        raise BookError(msg("already_reversed", id=orig.id, by=by[0]))
    # Default: the first open day, but never before the entry it reverses.
    day = day or max(book.first_open_day(), orig.date)
    if day < orig.date:
        raise BookError(msg("reverse_before", date=format_short(day), orig=format_short(orig.date)))
    draft = EntryDraft(
        kind="reversal", base_kind=orig.kind, date=day, amount=-orig.amount, wht=-orig.wht,
        book=orig.book, number=orig.number, party=orig.party, code=orig.code, line=orig.line,
        description=orig.description, method=orig.method, account=orig.account,
        cheque=orig.cheque, commitment=orig.commitment, reverses=orig.id, reason=reason.strip())
    posting = Posting(book)
    posting.add_draft(draft, held=orig.held)
    change = posting.finish()
    return Change(entries=change.entries, days=(day,), budget=orig.kind == "payment")
