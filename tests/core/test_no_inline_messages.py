"""Messages a person reads come from the one catalogue (``manualbook/messages/``):
no module raises an error or prints with Thai text of its own (issue 15).

Thai that is data stays where it is (register headings, the contract's column
names, e-LAAS sheet headings, field labels, month names); this test looks only
at what is raised and printed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import manualbook

THAI = re.compile("[\u0e00-\u0e7f]")
ROOT = Path(manualbook.__file__).parent


def _thai_text(node: ast.AST) -> bool:
    """Thai text in the expression, a field's label (``field=``, shown inside a catalogue text) aside."""
    if isinstance(node, ast.keyword) and node.arg == "field":
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(THAI.search(node.value))
    return any(_thai_text(child) for child in ast.iter_child_nodes(node))


def _inline(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and node.exc is not None and _thai_text(node.exc):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} raise")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
              and _thai_text(node)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} print")
    return found


def test_no_error_or_output_with_thai_of_its_own():
    files = [p for p in ROOT.rglob("*.py") if "messages" not in p.relative_to(ROOT).parts]
    assert len(files) > 50
    assert [hit for p in sorted(files) for hit in _inline(p)] == []


def test_the_check_sees_an_inline_message(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(x):\n    if x:\n        raise ValueError(f"ผิด {x}")\n    print("เสร็จ")\n', encoding="utf-8")
    assert len(_inline_at(bad)) == 2


def _inline_at(path: Path) -> list[str]:
    global ROOT
    saved, ROOT = ROOT, path.parent
    try:
        return _inline(path)
    finally:
        ROOT = saved
