"""Where the book lives when no ``--db`` is given: ``MANUALBOOK_DB``, else the
user's data folder (the command line and the app agree on it)."""

from __future__ import annotations

import os
from pathlib import Path


def default_db() -> Path:
    env = os.environ.get("MANUALBOOK_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir
    return Path(user_data_dir("manualbook", appauthor=False)) / "book.sqlite3"
