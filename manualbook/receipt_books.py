"""Receipt books: registering one by hand, and the control report (per book its
range, the numbers used and voided, the gaps and repeats). ``Book`` calls
these; a range given later is a correction (``corrections.py``)."""

from __future__ import annotations

import datetime as dt

from .clock import now_text
from .corrections import ranges
from .inputs import receipt_int, receipt_number
from .messages import BookError, msg
from .model import Change
from .txn import writes


@writes
def register(book, book_no: str, first: int, last: int | None = None) -> Change:
    raw = str(book_no).strip()
    if not raw:
        raise BookError(msg("receipt_book_no", field="เล่มที่"))
    book_no = receipt_number(raw)
    if not book_no:
        raise BookError(msg("receipt_number_bad", field="เล่มที่", value=raw))
    if first < 1:
        raise BookError(msg("receipt_book_first", field="เลขที่แรก", first=first))
    if last is not None and last < first:
        raise BookError(msg("receipt_book_range", field="เลขที่สุดท้าย", first=first, last=last))
    if book.db["receipt_books"].count_where("book = ?", [book_no]):
        raise BookError(msg("receipt_book_exists", field="เล่มที่", book=book_no))
    with book.db.atomic():
        book.db["receipt_books"].insert({"book": book_no, "first": first, "last": last, "auto": 0,
                                         "registered_at": now_text(), "clerk": book.clerk()})
    return Change(setup=True)

def report(book, until: dt.date | None = None) -> list[dict]:
    """Per receipt book: range, used, voided, gaps (numbers skipped), repeats;
    counting the receipts and voids dated up to ``until`` (default: all)."""
    books = {b: {"first": first, "last": last} for b, (first, last) in ranges(book).items()}
    used: dict[str, list[tuple[int, str]]] = {}
    for book_no, number, kind in book.db.conn.execute(
            "SELECT book, number, kind FROM entries WHERE kind IN ('receipt','void') AND book <> ''"
            " AND date <= ? ORDER BY book, CAST(number AS INTEGER)",
            (until.isoformat() if until else "9999-12-31",)):
        n = receipt_int(number)
        if n is not None:  # an older version let "²" in: it has no place in a range
            used.setdefault(book_no, []).append((n, kind))
    out = []
    for book_no in sorted(set(books) | set(used), key=lambda b: (len(b), b)):
        nums = used.get(book_no, [])
        info = books.get(book_no, {"first": nums[0][0] if nums else 1, "last": None})
        seen: dict[int, int] = {}
        for n, _ in nums:
            seen[n] = seen.get(n, 0) + 1
        top = max((n for n, _ in nums), default=info["first"] - 1)  # an unused book has no gap
        gaps = [n for n in range(info["first"], top + 1) if n not in seen]
        out.append({"book": book_no, "first": info["first"], "last": info["last"],
                    "used": sum(1 for _, k in nums if k == "receipt"),
                    "voided": sum(1 for _, k in nums if k == "void"),
                    "gaps": gaps, "repeats": sorted(n for n, c in seen.items() if c > 1),
                    "next": top + 1,
                    "full": info["last"] is not None and top >= info["last"]})
    return out
