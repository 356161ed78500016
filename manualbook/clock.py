"""The clock and new identities: the one place the program asks what time and day
it is, and draws a new entry ID or book UUID.

Tests set them with ``pinned(now=..., today=..., entry_id=..., uuid=...)`` (each a
function of no arguments) instead of patching the modules that use them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import uuid as _uuid
from typing import Callable, Iterator

_B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _system_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


_POOL: list[str] = []  # new IDs, drawn from the system's random numbers a thousand at a time
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_POOL.clear)  # a forked process never reuses its parent's draws
# a random byte's low five bits as one of Crockford's 32 letters (256 is 8 x 32: each letter as likely)
_BYTE_TO_CROCKFORD = bytes(_B32.encode("ascii")[b & 31] for b in range(256))
_IDS_A_DRAW = 1000


def _random_entry_id() -> str:
    """10 characters of Crockford base32 (50 random bits: five of each random byte): easy to read
    aloud and type.

    Drawn a thousand at a time: 10,000 random bytes from the system, turned into letters by one
    ``bytes.translate`` and cut into IDs of 10 characters."""
    if not _POOL:
        text = secrets.token_bytes(_IDS_A_DRAW * 10).translate(_BYTE_TO_CROCKFORD).decode("ascii")
        _POOL.extend([text[i:i + 10] for i in range(0, len(text), 10)])
    return _POOL.pop()


_SYSTEM: dict[str, Callable] = {"now": _system_now, "today": dt.date.today, "entry_id": _random_entry_id,
                                "uuid": lambda: str(_uuid.uuid4())}
_source = dict(_SYSTEM)


def now() -> dt.datetime:
    """This moment, in local time with its offset."""
    return _source["now"]()


def now_text() -> str:
    """The moment a record is written, as stored (ISO, local time with its offset)."""
    return _source["now"]().isoformat(timespec="seconds")


def today() -> dt.date:
    """The computer's date."""
    return _source["today"]()


def pinned_any() -> bool:
    """True while any source is pinned (``pinned``): another process would not follow it."""
    return any(_source[name] is not _SYSTEM[name] for name in _SYSTEM)


def new_entry_id() -> str:
    return _source["entry_id"]()


def new_uuid() -> str:
    """A new book's UUID, as text."""
    return _source["uuid"]()


@contextlib.contextmanager
def pinned(**sources: Callable) -> Iterator[None]:
    """Within the block the given sources (``now``, ``today``, ``entry_id``, ``uuid``)
    answer instead of the computer's clock and random numbers."""
    unknown = set(sources) - set(_SYSTEM)
    if unknown:
        raise TypeError(f"no clock source {sorted(unknown)}")
    before = dict(_source)
    _source.update(sources)
    try:
        yield
    finally:
        _source.clear()
        _source.update(before)
