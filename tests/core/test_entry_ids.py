"""New entry IDs: 10 characters of Crockford base32 (no I, L, O, U), 50 random bits each, never
repeated within a draw or between draws; drawn a thousand at a time (clock._random_entry_id)."""

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
