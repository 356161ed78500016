"""Dates at the edges: parse what clerks type (BE), format BE, fiscal years.

Inside the program a date is a ``datetime.date`` (Gregorian). The Buddhist
Era (BE = CE + 543) appears only when parsing, displaying, printing and
exporting. The fiscal year runs 1 October - 30 September and is named by the
BE year it ends in (FY2568 = 1 Oct 2024 - 30 Sep 2025).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .clock import today
from .messages import BookError, msg
from .money import from_kedmanee, to_arabic_digits, to_thai_digits

BE_OFFSET = 543
# Years a date of these books can have (BE 2443-2700). A year above 2400 in a
# date cell or an ISO date is a BE year typed as such; 9999 is refused, not
# stored as 9456.
MIN_YEAR_CE, MAX_YEAR_CE = 1900, 2157

MONTHS_LONG = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
               "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
               "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.\-](\d{2}|\d{4})$")
_KEDMANEE_KEYS = set("ๅภถุึคตจขชฝมใ")


def _normalise(text: str) -> str:
    text = to_arabic_digits(text.strip())
    if any(ch in _KEDMANEE_KEYS for ch in text):
        # typed with the Thai layout on: every key of the number row is remapped,
        # "/" included (it is the key that gives "2" in English).
        text = from_kedmanee(text)
    return text


def _be_year(year_text: str, field: str, raw: str) -> int:
    year = int(year_text)
    if len(year_text) == 2:
        return 2500 + year
    if year < 2400:
        raise BookError(msg("date_ce_year", field=field, year=year, be=year + BE_OFFSET))
    return year


def _make(year_ce: int, month: int, day: int, field: str, raw: str) -> dt.date:
    if not MIN_YEAR_CE <= year_ce <= MAX_YEAR_CE:
        # 29/7/2657 or 9999 is a slip of the finger, never a date of these books
        raise BookError(msg("date_year_absurd", field=field, year=year_ce + BE_OFFSET, value=raw))
    try:
        return dt.date(year_ce, month, day)
    except ValueError:
        raise BookError(msg("date_not_real", field=field, value=raw)) from None


def check_not_future(d: dt.date, now: dt.date | None = None) -> None:
    """Refuses a date after today by the computer's clock (the message shows that date,
    in case the clock itself is wrong)."""
    now = now or today()
    if d > now:
        raise BookError(msg("date_future", date=format_short(d), today=format_short(now)))


def _month_from_name(token: str) -> int | None:
    token = token.strip()
    for i, (long, abbr) in enumerate(zip(MONTHS_LONG, MONTHS_ABBR), start=1):
        if token in (long, abbr, abbr.replace(".", "")):
            return i
    return None


_PARSED: dict[tuple[str, str], dt.date] = {}  # a file repeats its dates thousands of times


def parse_date(value: str | dt.date | dt.datetime | None, field: str = "วันที่") -> dt.date:
    if isinstance(value, str):
        hit = _PARSED.get((value, field))
        if hit is not None:
            return hit
        parsed = _parse_date(value, field)
        if len(_PARSED) > 4096:
            _PARSED.clear()
        _PARSED[(value, field)] = parsed
        return parsed
    return _parse_date(value, field)


def _parse_date(value: str | dt.date | dt.datetime | None, field: str = "วันที่") -> dt.date:
    """Reads 8/7/2567, 8/7/67, ๘/๗/๒๕๖๗, 2024-07-08, "8 ก.ค. 2567", Kedmanee typing.

    A spreadsheet date whose year is above 2400 is a BE year typed into a
    date cell. A d/m/yyyy year below 2400 is refused as a likely CE year.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BookError(msg("date_missing", field=field))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.year > 2400:
            return _make(value.year - BE_OFFSET, value.month, value.day, field, str(value))
        return _make(value.year, value.month, value.day, field, str(value))
    raw = str(value).strip()
    text = _normalise(raw)
    m = _ISO.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
        if year > 2400:  # a BE year written in ISO order
            year -= BE_OFFSET
        return _make(year, month, day, field, raw)
    m = _DMY.match(text)
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        year = _be_year(m.group(3), field, raw)
        return _make(year - BE_OFFSET, month, day, field, raw)
    parts = re.sub(r"^วันที่\s*", "", raw).replace("พ.ศ.", " ").split()
    if len(parts) == 3:
        month = _month_from_name(parts[1])
        d_txt, y_txt = to_arabic_digits(parts[0]), to_arabic_digits(parts[2])
        if month and d_txt.isdigit() and y_txt.isdigit() and len(y_txt) in (2, 4):
            year = _be_year(y_txt, field, raw)
            return _make(year - BE_OFFSET, month, int(d_txt), field, raw)
    raise BookError(msg("date_bad", field=field, value=raw))


def parse_month(value: str, field: str = "เดือน") -> tuple[dt.date, dt.date]:
    """"7/2567" -> (2024-07-01, 2024-07-31)."""
    raw = str(value).strip()
    text = _normalise(raw)
    m = _MY.match(text)
    if not m:
        raise BookError(msg("month_bad", field=field, value=raw))
    month = int(m.group(1))
    year = _be_year(m.group(2), field, raw) - BE_OFFSET
    if not 1 <= month <= 12:
        raise BookError(msg("month_bad", field=field, value=raw))
    _make(year, month, 1, field, raw)  # the year must be one these books can have
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def format_short(d: dt.date, thai_digits: bool = False) -> str:
    """2024-07-08 -> "8/7/2567"."""
    text = f"{d.day}/{d.month}/{d.year + BE_OFFSET}"
    return to_thai_digits(text) if thai_digits else text


def format_abbr(d: dt.date, thai_digits: bool = False) -> str:
    """2024-07-08 -> "8 ก.ค. 2567"."""
    text = f"{d.day} {MONTHS_ABBR[d.month - 1]} {d.year + BE_OFFSET}"
    return to_thai_digits(text) if thai_digits else text


def format_long(d: dt.date, thai_digits: bool = False) -> str:
    """2024-07-08 -> "8 กรกฎาคม 2567"."""
    text = f"{d.day} {MONTHS_LONG[d.month - 1]} {d.year + BE_OFFSET}"
    return to_thai_digits(text) if thai_digits else text


def format_month(d: dt.date, thai_digits: bool = False) -> str:
    """2024-07-xx -> "กรกฎาคม 2567"."""
    text = f"{MONTHS_LONG[d.month - 1]} {d.year + BE_OFFSET}"
    return to_thai_digits(text) if thai_digits else text


def fiscal_year(d: dt.date) -> int:
    """The BE fiscal year a date belongs to: 1 Oct 2024 -> 2568."""
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_year_bounds(fy: int) -> tuple[dt.date, dt.date]:
    """FY2568 -> (2024-10-01, 2025-09-30)."""
    end_ce = fy - BE_OFFSET
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def days(first: dt.date, last: dt.date):
    """Every date from first to last inclusive."""
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


AHEAD_DAYS = 7  # a date further than this after the working day is asked about before saving


def unusual_date(day: dt.date, working_day: dt.date) -> str | None:
    """The question to ask before saving a date that is probably mistyped, or None.

    A date in another fiscal year than the working day, or more than
    ``AHEAD_DAYS`` days after it (31/7/2568 typed in a 2567 office), is kept
    only when the clerk says so; the app asks with "no" as the default.
    """
    if fiscal_year(day) != fiscal_year(working_day):
        return msg("date_other_fy", date=format_short(day), fy=fiscal_year(day), working=format_short(working_day),
                   working_fy=fiscal_year(working_day)).message
    if (day - working_day).days > AHEAD_DAYS:
        return msg("date_far_ahead", date=format_short(day), days=(day - working_day).days,
                   working=format_short(working_day)).message
    return None


def be_stamp(moment: dt.datetime) -> str:
    """A date and time for file and folder names, in BE and sorting by time: ``2567-08-01-143005``."""
    return f"{moment.year + BE_OFFSET:04d}-{moment.month:02d}-{moment.day:02d}-{moment:%H%M%S}"
