"""The ``export`` and ``template`` commands (the bundle itself is ``bundle.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..files import write_whole
from ..messages import BookError, msg
from ..thaidate import parse_date


def cmd_export(args) -> int:
    from .. import reporting
    from ..book import Book
    from ..bundle import STAGES, export

    stages = STAGES
    shown: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        step = (4 * done) // total if total and stage == "registers" else 0
        if shown.get(stage) != step:
            shown[stage] = step
            print(f"{stages.get(stage, stage)} {done}/{total}", file=sys.stderr, flush=True)

    since = parse_date(args.since, field="--since") if getattr(args, "since", None) else None
    with Book.open(args.db) as book:
        result = export(book, Path(args.out), since, progress=progress, reporting=reporting)
    print(result.text())
    return 0


def cmd_template(args) -> int:
    """``manualbook template --out FILE.xlsx``: the entries file to fill in."""
    from ..bundle_write import os_problem
    from ..entry_fields import entries_template_xlsx

    out = Path(args.out)
    if out.exists():
        raise BookError(msg("backup_exists", path=out))
    try:
        write_whole(out, entries_template_xlsx())
    except OSError as exc:
        raise BookError(os_problem(exc, "write", out.name, out.parent)) from None
    print(msg("done_template", out=out).message)
    return 0
