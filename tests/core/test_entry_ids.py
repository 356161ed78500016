"""New entry IDs: 10 characters of Crockford base32 (no I, L, O, U), 50 random bits each, never
repeated within a draw or between draws; drawn a thousand at a time (clock._random_entry_id). And the
draft a file's row becomes, made past the dataclass's own __init__ (EntryDraft.parsed)."""

from __future__ import annotations

import collections
import re

from manualbook import clock

CROCKFORD = re.compile(r"[0-9A-HJKMNP-TV-Z]{10}")


def test_ids_are_crockford_base32_and_do_not_repeat():
    ids = [clock._random_entry_id() for _ in range(20_000)]  # twenty draws
    assert all(CROCKFORD.fullmatch(i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_every_character_is_as_likely_in_every_place():
    ids = [clock._random_entry_id() for _ in range(32_000)]
    for place in range(10):
        counts = collections.Counter(i[place] for i in ids)
        assert len(counts) == 32  # all 32 characters, also first (the top bits are random too)
        assert min(counts.values()) > 800 and max(counts.values()) < 1200  # about 1,000 each


def test_each_letter_stands_for_as_many_random_bytes():
    """A random byte becomes a letter by its low five bits: each of the 32 letters from exactly 8 of
    the 256 byte values, so every letter is as likely whatever the system's bytes."""
    counts = collections.Counter(clock._BYTE_TO_CROCKFORD)
    assert len(clock._BYTE_TO_CROCKFORD) == 256
    assert sorted(counts) == sorted(clock._B32.encode("ascii")) and set(counts.values()) == {8}


def test_a_forked_process_draws_its_own_ids(tmp_path):
    import os

    if not hasattr(os, "fork"):
        return
    clock._random_entry_id()  # the pool holds the rest of a draw
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, clock._random_entry_id().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 10).decode()
    assert child != clock._random_entry_id() and len(child) == 10


def test_a_parsed_draft_is_the_draft_its_constructor_makes():
    """EntryDraft.parsed (the import's shortcut past the frozen dataclass's __init__) gives an equal,
    equally hashed and equally frozen object, its unnamed fields at their defaults."""
    import dataclasses
    import datetime as dt

    import pytest
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from manualbook.model import EntryDraft

    text = st.text(max_size=8)

    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(["receipt", "payment", "void"]), st.dates(), st.integers(0, 10**12), text, text, text)
    def check(kind, date, amount, book, number, party):
        values = {"kind": kind, "date": date, "amount": amount, "book": book, "number": number, "party": party}
        made, parsed = EntryDraft(**values), EntryDraft.parsed(values)
        assert parsed == made and hash(parsed) == hash(made) and repr(parsed) == repr(made)

    check()
    draft = EntryDraft.parsed({"kind": "receipt", "date": dt.date(2024, 7, 1)})
    assert draft == EntryDraft("receipt", dt.date(2024, 7, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.amount = 5
