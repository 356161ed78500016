"""The `report` use case: register data (registers/) drawn by the renderer (render/).

Returns PDF bytes; the caller decides where and how safely they are written.
"""

from __future__ import annotations

import datetime as dt

from .messages import BookError, problem

REPORT_NAMES = ("daily-status", "receipts-book", "payments-book", "revenue-register",
                "budget-register", "receipt-control", "cash-report")
REPORT_TITLES = {
    "daily-status": "รายงานสถานะการเงินประจำวัน", "receipts-book": "สมุดเงินสดรับ",
    "payments-book": "สมุดเงินสดจ่าย", "revenue-register": "ทะเบียนรายรับ",
    "budget-register": "ทะเบียนรายจ่ายตามงบประมาณ", "receipt-control": "ทะเบียนคุมใบเสร็จรับเงิน",
    "cash-report": "รายงานรับ-จ่ายเงินสด",
}


def report_data(book, name: str, first: dt.date, last: dt.date):
    from .registers import books, budget_register, control

    if name == "daily-status":
        if first != last:
            raise BookError(problem("report_day"))
        return books.daily_status(book, first)
    makers = {"receipts-book": books.receipts_book, "payments-book": books.payments_book,
              "revenue-register": control.revenue_register, "budget-register": budget_register.budget_register,
              "receipt-control": control.receipt_control, "cash-report": control.cash_report}
    if name not in makers:
        raise BookError(problem("report_unknown", name=name, names=", ".join(REPORT_NAMES)))
    return makers[name](book, first, last)


OFFICE_KINDS = ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร",
                "อบต.", "อบจ.", "ทต.", "ทม.", "ทน.")


def place_name(org: str) -> str:
    """"องค์การบริหารส่วนตำบลหนองบัวแดง" -> "หนองบัวแดง": the name a line must not split."""
    org = org.strip()
    for kind in OFFICE_KINDS:
        if org.startswith(kind):
            return org[len(kind):].strip()
    return ""


def clock() -> dt.datetime:
    """The time of printing (local, with its offset): on every page and in the PDF."""
    return dt.datetime.now().astimezone()


def prepare_report(book, name: str, first: dt.date, last: dt.date, thai_digits: bool | None = None,
                   printed_at: dt.datetime | None = None) -> tuple[dict, object]:
    """(layout, report data with its sign-off): everything a register's pages are made of."""
    from dataclasses import replace

    from .registers.signoff import build_signoff
    from .render.layout import load_layout
    from .render.thai_text import add_words

    add_words([place_name(book.org().name)])
    data = report_data(book, name, first, last)
    layout = dict(load_layout(name))
    if thai_digits is None:
        thai_digits = (book.setting("thai_digits", last) or "").lower() in ("yes", "true", "1", "ใช่")
    layout["thai_digits"] = bool(thai_digits)
    signoff = build_signoff(layout.get("signoff"), book.settings_on(last), dict(data.sign_values))
    return layout, replace(data, signoff=signoff, printed_at=printed_at)


def render_report(book, name: str, first: dt.date, last: dt.date, thai_digits: bool | None = None) -> bytes:
    from dataclasses import replace

    from .render.register_pdf import render_register

    layout, data = prepare_report(book, name, first, last, thai_digits)
    return render_register(layout, replace(data, printed_at=clock()))
