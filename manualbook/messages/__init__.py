"""The one catalogue of messages a person reads, in Thai (budget, keying, bundle and budget sheets included).

The GUI, the command line and import reports all show these same texts.
Errors are values (``Problem``) with where they happened (row, field);
``BookError`` carries one or more of them out of a use case that refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from . import budget_sheets, catalogue, commands

CATALOGUE: dict[str, str] = {**catalogue.TEXTS, **budget_sheets.TEXTS, **commands.TEXTS}
RECORD_NAMES = catalogue.RECORD_NAMES


@dataclass(frozen=True)
class Problem:
    """One thing wrong: a Thai message, and where it is."""

    code: str
    message: str
    row: int | None = None
    field: str | None = None

    def at_row(self, row: int) -> "Problem":
        return Problem(self.code, self.message, row, self.field)

    def text(self) -> str:
        return f"แถวที่ {self.row}: {self.message}" if self.row is not None else self.message

    def __str__(self) -> str:
        return self.text()


def msg(code: str, /, field: str | None = None, **values) -> Problem:
    """Builds a Problem from the catalogue; unknown codes are a programming error."""
    template = CATALOGUE[code]
    if field is not None:
        values["field"] = field
    shown = {k: _shown(v) if isinstance(v, str) and k not in ("path", "log") else v for k, v in values.items()}
    return Problem(code, template.format(**shown), None, field)



def problem(code: str, /, row: int | None = None, field: str | None = None, **values) -> Problem:
    """A Problem from the catalogue with its row and field, the values shown as given."""
    if field is not None:
        values.setdefault("field", field)
    return Problem(code, CATALOGUE[code].format(**values), row, field)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _shown(value: str, limit: int = 200) -> str:
    """A value quoted in a message: control characters made visible (a raw ESC would
    drive the terminal), very long values cut (a message must fit on a screen)."""
    value = _CONTROL.sub("\ufffd", value)
    return value if len(value) <= limit else value[:limit - 1] + "…"


class BookError(Exception):
    """A use case refused; nothing was written. Carries one or more Problems."""

    def __init__(self, problems: Problem | Iterable[Problem], headline: Problem | None = None, more: int = 0):
        if isinstance(problems, Problem):
            problems = (problems,)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.headline = headline
        self.more = more  # problems found but not listed (a file can have a million)
        super().__init__(self.text())

    @property
    def code(self) -> str:
        return (self.headline or self.problems[0]).code if self.problems or self.headline else ""

    def text(self) -> str:
        lines = [self.headline.text()] if self.headline else []
        lines += [p.text() for p in self.problems]
        if self.more:
            lines.append(msg("problems_more", count=f"{self.more:,}", shown=len(self.problems)).text())
        return "\n".join(lines)


class ProblemLog:
    """Problems of a long file: the first ``limit`` kept in order, the rest only counted."""

    def __init__(self, limit: int = 100):
        self.limit = limit
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < self.limit:
            self.kept.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(p)

    def __bool__(self) -> bool:
        return self.count > 0

    def error(self, headline: Problem | None = None) -> BookError:
        kept = sorted(self.kept, key=lambda p: p.row or 0)
        return BookError(kept, headline=headline, more=self.count - len(kept))
