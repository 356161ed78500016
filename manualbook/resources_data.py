"""Reading the data files shipped in ``resources/`` (installed as manualbook.resources).

Never relative to the current directory: always through importlib.resources,
so it works from a clean install, an editable checkout and the Windows build.
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from importlib import resources


def resource_path(*parts: str):
    return resources.files("manualbook.resources").joinpath(*parts)


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


def read_csv(*parts: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(read_text(*parts))))


@lru_cache(maxsize=None)
def read_json(*parts: str):
    return json.loads(read_text(*parts))


def shipped_codes() -> list[tuple[str, str, str, str]]:
    """(code, name, kind, group) for every code shipped with the program."""
    out = []
    for kind, name in (("revenue", "revenue.csv"), ("expense", "expense.csv")):
        for row in read_csv("codes", name):
            out.append((row["code"], row["name"], kind, row.get("group", "")))
    return out


def shipped_held_accounts() -> list[dict]:
    return read_csv("codes", "held.csv")
