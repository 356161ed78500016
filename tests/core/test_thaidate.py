"""Dates at the edges: BE parsing, months, fiscal years, formatting."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from _support import has_thai
from manualbook.messages import BookError
from manualbook.thaidate import (
    fiscal_year, fiscal_year_bounds, format_abbr, format_long, format_month, format_short, parse_date,
    parse_month,
)

D = dt.date(2024, 7, 8)


@pytest.mark.parametrize("text", [
    "8/7/2567", "08/07/2567", "8/7/67", "๘/๗/๒๕๖๗", "๘/๗/๖๗", "2024-07-08", "2024-7-8",
    "2567-07-08",                # BE year in ISO order
    "8.7.2567", "8-7-2567",
    "8 ก.ค. 2567", "8 กค 2567", "8 กรกฎาคม 2567", "๘ กรกฎาคม ๒๕๖๗", "วันที่ 8 กรกฎาคม พ.ศ. 2567",
    "คฝึฝ/ถุึ",                   # 8/7/2567 typed with the Kedmanee layout on
    "  8/7/2567  ",
    dt.date(2024, 7, 8), dt.datetime(2024, 7, 8, 0, 0),
    dt.date(2567, 7, 8),         # a spreadsheet date cell holding a BE year
])
def test_parse_date_accepts(text):
    assert parse_date(text) == D


def test_leap_day_follows_the_ce_year():
    assert parse_date("29/2/2567") == dt.date(2024, 2, 29)


@pytest.mark.parametrize("text, code", [
    ("29/2/2566", "date_not_real"),
    ("31/4/2567", "date_not_real"),
    ("0/7/2567", "date_not_real"),
    ("8/13/2567", "date_not_real"),
    ("2024-02-30", "date_not_real"),
    ("8/7/2024", "date_ce_year"),
    ("8 ก.ค. 2024", "date_ce_year"),
    ("junk", "date_bad"),
    ("8/7", "date_bad"),
    ("8/7/256", "date_bad"),
    ("8 ก.ค.", "date_bad"),
    ("8 foo 2567", "date_bad"),
    ("", "date_missing"),
    (None, "date_missing"),
])
def test_parse_date_refuses_with_thai_message(text, code):
    with pytest.raises(BookError) as err:
        parse_date(text, field="วันที่")
    assert err.value.code == code
    assert has_thai(err.value.text())
    assert "วันที่" in err.value.text()


def test_ce_year_message_suggests_the_be_year():
    with pytest.raises(BookError) as err:
        parse_date("8/7/2024")
    text = err.value.text()
    assert "ค.ศ." in text and "2567" in text and "2024" in text


@pytest.mark.parametrize("text, first, last", [
    ("7/2567", dt.date(2024, 7, 1), dt.date(2024, 7, 31)),
    ("2/2567", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2/2566", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
    ("๗/๒๕๖๗", dt.date(2024, 7, 1), dt.date(2024, 7, 31)),
    ("12/67", dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
])
def test_parse_month(text, first, last):
    assert parse_month(text) == (first, last)


@pytest.mark.parametrize("text, code", [("13/2567", "month_bad"), ("7/2024", "date_ce_year"),
                                        ("july", "month_bad"), ("0/2567", "month_bad")])
def test_parse_month_refuses(text, code):
    with pytest.raises(BookError) as err:
        parse_month(text)
    assert err.value.code == code
    assert has_thai(err.value.text())


@pytest.mark.parametrize("day, fy", [
    (dt.date(2024, 9, 30), 2567), (dt.date(2024, 10, 1), 2568), (dt.date(2024, 7, 8), 2567),
    (dt.date(2025, 9, 30), 2568), (dt.date(2023, 12, 31), 2567), (dt.date(2024, 1, 1), 2567),
])
def test_fiscal_year(day, fy):
    assert fiscal_year(day) == fy


def test_fiscal_year_from_be_text():
    assert fiscal_year(parse_date("30/9/2567")) == 2567
    assert fiscal_year(parse_date("1/10/2567")) == 2568


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2568) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    assert fiscal_year_bounds(2567) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
@settings(max_examples=200, deadline=None, database=None)
def test_fiscal_year_bounds_contain_the_day(day):
    first, last = fiscal_year_bounds(fiscal_year(day))
    assert first <= day <= last
    assert (last - first).days + 1 in (365, 366)


def test_formats():
    assert format_short(D) == "8/7/2567"
    assert format_short(D, thai_digits=True) == "๘/๗/๒๕๖๗"
    assert format_long(D) == "8 กรกฎาคม 2567"
    assert format_long(D, thai_digits=True) == "๘ กรกฎาคม ๒๕๖๗"
    assert format_abbr(D) == "8 ก.ค. 2567"
    assert format_month(D) == "กรกฎาคม 2567"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
@settings(max_examples=300, deadline=None, database=None)
def test_format_parse_round_trip(day):
    assert parse_date(format_short(day)) == day
    assert parse_date(format_short(day, thai_digits=True)) == day
    assert parse_date(format_long(day)) == day
    assert parse_date(format_abbr(day)) == day
    assert parse_date(day.isoformat()) == day


def test_unusual_date_asks_about_another_fiscal_year_or_far_ahead():
    from manualbook.thaidate import unusual_date
    work = dt.date(2024, 7, 31)  # 31/7/2567, FY2567
    assert unusual_date(work, work) is None
    assert unusual_date(dt.date(2024, 8, 7), work) is None            # a week ahead: fine
    assert unusual_date(dt.date(2024, 7, 1), work) is None            # earlier in the year: fine
    ahead = unusual_date(dt.date(2024, 8, 8), work)
    assert "8/8/2567" in ahead and "8 วัน" in ahead
    year = unusual_date(dt.date(2025, 7, 31), work)                   # 31/7/2568 typed in a 2567 office
    assert "31/7/2568" in year and "ปีงบประมาณ 2568" in year and "ปีงบประมาณ 2567" in year
    assert unusual_date(dt.date(2024, 10, 1), dt.date(2024, 9, 30)) is not None  # the next fiscal year
    assert "ปีงบประมาณ 2566" in unusual_date(dt.date(2023, 9, 30), work)


def test_be_stamp_for_folder_names():
    from manualbook.thaidate import be_stamp
    assert be_stamp(dt.datetime(2024, 8, 1, 14, 30, 5)) == "2567-08-01-143005"
    assert sorted([be_stamp(dt.datetime(2024, 12, 31, 23, 0)), be_stamp(dt.datetime(2025, 1, 1, 1, 0))]) == [
        "2567-12-31-230000", "2568-01-01-010000"]
