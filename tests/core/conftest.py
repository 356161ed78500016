"""Fixtures of the core tests. Helpers live in _support.py (importable by hypothesis tests too)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from _support import new_book  # noqa: E402


@pytest.fixture
def book(tmp_path):
    b = new_book(tmp_path / "book.sqlite3")
    yield b
    b.close()


@pytest.fixture
def make_book(tmp_path):
    """Factory: make_book(**kw) -> a fresh Book in tmp_path (closed at teardown)."""
    made = []

    def factory(name="book.sqlite3", **kw):
        b = new_book(tmp_path / name, **kw)
        made.append(b)
        return b

    yield factory
    for b in made:
        try:
            b.close()
        except Exception:
            pass
