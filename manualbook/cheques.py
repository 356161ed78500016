"""A cheque handed over to its payee: a dated event beside the payment (the
payment itself never changes). Which cheques are still not collected is a
read (``ledger.cheques_not_collected``)."""

from __future__ import annotations

import datetime as dt

from .clock import now_text
from .messages import BookError, msg
from .model import Change
from .thaidate import check_not_future
from .txn import writes


@writes
def record_handed(book, entry_id: str, day: dt.date) -> Change:
    entry = book.entry(entry_id)
    if entry.kind != "payment" or not entry.cheque:
        raise BookError(msg("cheque_number"))
    check_not_future(day)
    with book.db.atomic():
        book.db["cheque_events"].insert({"entry_id": entry.id, "event": "handed", "date": day.isoformat(),
                                         "recorded_at": now_text(), "clerk": book.clerk()})
    return Change(entries=(entry.id,))
