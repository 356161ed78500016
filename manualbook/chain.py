"""The entries' hash chain: a fingerprint of every entry and its predecessor.

Canonical encoding (documented in the README): the entry's fields, in the
order of ``CHAIN_FIELDS``, as a JSON array with no whitespace, non-ASCII
characters kept as UTF-8 (``ensure_ascii=False``), integers as JSON numbers,
dates as ISO ``yyyy-mm-dd`` strings, absent values as "" (or null for
``reverses``). The entry's hash is

    sha256( prev_hash + "\\n" + canonical_json ).hexdigest()

where ``prev_hash`` is the previous entry's hash (by sequence number); the
first entry's ``prev_hash`` is sha256("manualbook:" + book uuid), so two books
never share a chain. Changing any field of any entry, removing an entry or
inserting one changes every hash from there on.
"""

from __future__ import annotations

import hashlib
import json

CHAIN_FIELDS = (
    "seq", "id", "kind", "base_kind", "date", "fy", "amount", "wht", "book",
    "number", "party", "code", "line", "held", "description", "method",
    "account", "cheque", "commitment", "reverses", "reason", "recorded_at", "clerk",
)


_DATE = CHAIN_FIELDS.index("date")


def genesis(book_uuid: str) -> str:
    return hashlib.sha256(f"manualbook:{book_uuid}".encode()).hexdigest()


# json.dumps with options builds a new encoder on every call; one is enough (same bytes).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def canonical(row: dict) -> bytes:
    values = [row.get(name) for name in CHAIN_FIELDS]
    date = values[_DATE]
    if not isinstance(date, str):
        values[_DATE] = date.isoformat()
    return _ENCODER.encode(values).encode("utf-8")


def entry_hash(prev_hash: str, row: dict) -> str:
    h = hashlib.sha256(prev_hash.encode("ascii"))
    h.update(b"\n")
    h.update(canonical(row))
    return h.hexdigest()


# ``_ENCODER.encode`` makes its C encoder anew on every call; for a flat list of str, int and None
# the one made here with the same settings gives the same text (a test compares them).
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_FLAT = _c_make_encoder(None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", False, False,
                        True) if _c_make_encoder else None


def values_json(values) -> str:
    """The canonical JSON of values already in ``CHAIN_FIELDS`` order (str, int or None)."""
    if _FLAT is None:
        return _ENCODER.encode(list(values))
    return "".join(_FLAT(list(values), 0))


def hash_of_values(prev_hash: str, values) -> str:
    """``entry_hash`` for values already in ``CHAIN_FIELDS`` order as stored (date as ISO
    text): verify walks a whole book with it, without building a dict per entry."""
    h = hashlib.sha256(prev_hash.encode("ascii"))
    h.update(b"\n")
    h.update(values_json(values).encode("utf-8"))
    return h.hexdigest()


def short(hash_hex: str) -> str:
    """The short form printed on signed paper: 4 groups of 4 hex digits."""
    return "-".join(hash_hex[i:i + 4] for i in range(0, 16, 4))
