"""What the entry forms and dialogs propose before the clerk types: the next
receipt book and number, the next voucher number, the withholding tax on a
payment, a bank account's key, the fiscal year a budget sheet names, and the
memo lines of a budget transfer.

Proposals only: the clerk can always type something else, and the rules in
``rules``/``book`` still decide what may be saved.
"""

from __future__ import annotations

import re

from .messages import problem
from .money import format_amount
from .thaidate import fiscal_year


def next_receipt(book) -> tuple[str, str]:
    """(book, number) to propose for the next receipt: the book last written in,
    or, when that one is used up, the next registered book with numbers left."""
    row = book.db.conn.execute(
        "SELECT book FROM entries WHERE kind IN ('receipt','void') AND book <> ''"
        " ORDER BY seq DESC LIMIT 1").fetchone()
    report = {r["book"]: r for r in book.receipt_book_report()}
    if row and row[0] in report and not report[row[0]]["full"]:
        return row[0], str(report[row[0]]["next"])
    open_books = [r for r in report.values() if not r["full"]]
    if open_books:
        return open_books[0]["book"], str(open_books[0]["next"])
    return "", ""


def next_voucher(book, day) -> str:
    """The next payment voucher number (ฎีกา) in the fiscal year of ``day``, written
    like the highest one so far ("111/2567" -> "112/2567")."""
    row = book.db.conn.execute(
        "SELECT number FROM entries WHERE kind = 'payment' AND fy = ? AND number GLOB '[0-9]*'"
        " ORDER BY CAST(number AS INTEGER) DESC, seq DESC LIMIT 1", (fiscal_year(day),)).fetchone()
    if not row:
        return "1"
    digits = len(row[0]) - len(row[0].lstrip("0123456789"))
    return str(int(row[0][:digits]) + 1) + row[0][digits:]


# A government office withholds 1 % on a payment for goods or services of
# 10,000 baht or more (Revenue Department order ท.ป. 4/2528); below that
# nothing is proposed. The clerk can always type another figure.
WHT_FROM = 10_000_00


def wht_on(amount: int) -> int:
    """1 % of the amount before 7 % VAT, in satang, rounded half up: amount / 1.07 / 100."""
    return (amount * 2 + 107) // 214


def proposed_wht(amount: int) -> int:
    """The withholding tax the payment form proposes for a gross ``amount``."""
    return wht_on(amount) if amount >= WHT_FROM else 0


def account_key(number: str, taken: set[str]) -> str:
    """A short key the core accepts (ASCII), made from the account number's last four
    digits ("123-4-56789-0" -> "ACC7890", then "ACC7890-2" …); adds it to ``taken``."""
    digits = re.sub(r"\D", "", number)[-4:] or "1"
    key, n = f"ACC{digits}", 2
    while key in taken:
        key, n = f"ACC{digits}-{n}", n + 1
    taken.add(key)
    return key


_TITLE_YEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.)?\s*([0-9๐-๙]{4})")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def sheet_year(grid, mapping) -> int | None:
    """The fiscal year a title row above a budget sheet's header names
    ("…ปีงบประมาณ พ.ศ. 2568", Thai digits too), if any. ``grid.rows`` are the
    sheet's rows; ``mapping.header_rows`` the 0-based header rows."""
    top = mapping.header_rows[0] if mapping.header_rows else 0
    for row in grid.rows[:top]:
        for cell in row:
            found = _TITLE_YEAR.search(str(cell or ""))
            if found:
                return int(found.group(1).translate(_THAI_DIGITS))
    return None


def transfer_memo(memo: dict) -> tuple[str, str]:
    """The two memo lines of a budget transfer (``budget.transfer``'s result), worded as
    ``manualbook budget transfer`` prints them: from-line first, then to-line."""
    return tuple(problem("transfer_memo", line=m["line"], set=format_amount(m["set"]), before=format_amount(m["before"]),
                         change=format_amount(m["change"]), after=format_amount(m["after"])).message
                 for m in (memo["from"], memo["to"]))
