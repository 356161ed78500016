"""What a clerk can pick in a field (revenue codes, budget lines, accounts) and
how typed text finds them.

The rule the app's pickers follow, kept here so it is one rule, tested
without a window: typed text *filters* (by the code, or by any part of the
name, word by word); it *is* an item only when it is that item's code typed
in full (any case, Thai digits or the Thai keyboard layout's digit keys
allowed) or the item's whole label. Anything else is not a choice: the
clerk must take an item from the list. Nothing is ever chosen because it
happens to be first.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import problem as _catalogued
from .money import KEDMANEE_TO_ASCII, to_arabic_digits

_KEDMANEE_DIGITS = frozenset("ๅ/-ภถุึคตจ")  # the Thai layout's number row


@dataclass(frozen=True)
class Choice:
    """One item of a picker: the key stored, and what is shown."""

    key: str
    label: str
    kind: str = ""  # "code" | "held" | "line" | "account" | "commitment"


@dataclass(frozen=True)
class Match:
    """What a typed text gives: the item it names (or None) and the items it filters to."""

    exact: Choice | None
    items: tuple[Choice, ...]


def _fold(text: str) -> str:
    return " ".join(to_arabic_digits(text).casefold().split())


def _as_key(text: str) -> tuple[str, ...]:
    """The key a text may be, read plainly and, if typed with the Thai layout on, as digits."""
    plain = to_arabic_digits(text.strip()).upper()
    out = (plain,)
    if plain and set(plain) <= _KEDMANEE_DIGITS | set("0123456789"):
        out += (plain.translate(KEDMANEE_TO_ASCII),)
    return out


def match(text: str, choices: list[Choice] | tuple[Choice, ...]) -> Match:
    """The item ``text`` names, and the items it filters to (codes starting with it first)."""
    folded = _fold(text)
    if not folded:
        return Match(None, tuple(choices))
    keys = _as_key(text)
    exact = next((c for c in choices if c.key.upper() in keys), None)
    if exact is None:
        exact = next((c for c in choices if _fold(c.label) == folded), None)
    words = folded.split()
    found = [c for c in choices if all(w in _fold(c.label) or w in c.key.casefold() for w in words)]
    found.sort(key=lambda c: 0 if c.key.casefold().startswith(folded) else 1)  # stable: list order kept
    if exact is not None and exact not in found:
        found.insert(0, exact)
    return Match(exact, tuple(found))


def problem(text: str, choices, what: str, field: str) -> str | None:
    """A Thai message for text that is not an item (None when it is one, or is empty)."""
    if not text.strip():
        return None
    m = match(text, choices)
    if m.exact is not None:
        return None
    shown = text.strip()
    if m.items:
        return _catalogued("choice_ambiguous", field=field, shown=shown, what=what, count=f"{len(m.items):,}").message
    return _catalogued("choice_unknown", field=field, shown=shown, what=what).message


# ------------------------------------------------------------------ the lists, read from a book
def revenue_choices(book) -> list[Choice]:
    """Revenue codes (shipped and the office's own), then held-money accounts."""
    out = [Choice(c, f"{c}  {n}", "code") for c, n, _ in book.codes("revenue")]
    out += [Choice(h.key, f"{h.key}  {h.name} (เงินรับฝาก)", "held") for h in book.held_accounts()]
    return out


def line_choices(book, fy: int) -> list[Choice]:
    """Budget lines of one fiscal year, then held-money accounts (a payment may pay one out)."""
    from .budget import lines
    out = [Choice(line.key, f"{line.key}  {line.item or line.code or line.key}", "line") for line in lines(book, fy)]
    out += [Choice(h.key, f"{h.key}  {h.name} (เงินรับฝาก)", "held") for h in book.held_accounts()]
    return out


def account_choices(book) -> list[Choice]:
    return [Choice(a.key, f"{a.key}  {a.bank} {a.number}", "account") for a in book.accounts()]
