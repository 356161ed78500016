"""The shape of ui/: no SQL and no reach into the book's database (reads are the core's,
``manualbook.lists``), no import circle between its modules (imports inside functions
count too), no file longer than 450 lines. Read from the source, no Qt needed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
MAX_LINES = 450


def _sources() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(UI.glob("*.py"))}


def test_there_is_no_sql_in_the_gui():
    sql = re.compile(r"\.db\b|\.conn\b|\bexecute(many)?\(|\b(SELECT|INSERT|UPDATE|DELETE)\s+\S")
    found = [f"{name}.py:{i}: {line.strip()}" for name, text in _sources().items()
             for i, line in enumerate(text.splitlines(), start=1) if sql.search(line)]
    assert not found, found


def _imports(text: str, modules: set[str]) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                out |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
            elif node.module and node.module.startswith("manualbook_ui"):
                rest = node.module.split(".")[1:]
                out |= {rest[0]} if rest else {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("manualbook_ui.")}
    return out & modules


def test_no_module_of_the_gui_imports_itself_back():
    sources = _sources()
    graph = {name: _imports(text, set(sources)) - {name} for name, text in sources.items()}
    circles = []
    for start in graph:  # a path from a module's imports back to itself
        seen, todo = set(), list(graph[start])
        while todo:
            m = todo.pop()
            if m == start:
                circles.append(start)
                break
            if m not in seen:
                seen.add(m)
                todo.extend(graph[m])
    assert not circles, {m: sorted(graph[m]) for m in circles}
    assert graph["budget_dialogs"] and "budget_view" not in graph["budget_dialogs"]


def test_no_gui_file_is_longer_than_450_lines():
    long = {name: text.count("\n") for name, text in _sources().items() if text.count("\n") > MAX_LINES}
    assert not long, long
