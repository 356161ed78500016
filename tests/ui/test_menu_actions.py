"""The Print and Export menus run the core's registers (shown in the print preview) and bundle export."""

from __future__ import annotations

import datetime as dt

from manualbook.book import Book
from manualbook.bundle_verify import verify_bundle
from manualbook.demo import build_demo
from manualbook_ui import actions


def test_every_register_is_in_the_print_menu_and_prints_its_default_period(tmp_path):
    build_demo(tmp_path / "d.sqlite3")
    with Book.open(tmp_path / "d.sqlite3") as book:
        assert len(actions.PRINT_ACTIONS) == 7
        for action in actions.PRINT_ACTIONS.values():
            assert action.fn is not None and action.needs in ("day", "month") and action.title
            assert action.label.endswith("…")  # it opens a dialog first
            first, last = actions.default_period(action.needs, dt.date(2024, 7, 10))
            pdf = action.fn(book, None, first=first, last=last)
            assert pdf.startswith(b"%PDF"), action.key


def test_default_period_is_the_working_day_or_its_month():
    assert actions.default_period("day", dt.date(2024, 7, 10)) == (dt.date(2024, 7, 10), dt.date(2024, 7, 10))
    assert actions.default_period("month", dt.date(2024, 2, 10)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert actions.default_period("month", dt.date(2024, 12, 31)) == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))


def test_export_menu_writes_a_new_dated_bundle_that_verifies(tmp_path):
    build_demo(tmp_path / "d.sqlite3")
    stick = tmp_path / "stick"
    stick.mkdir()
    with Book.open(tmp_path / "d.sqlite3") as book:
        text = actions.EXPORT_ACTIONS["usb_bundle"].fn(book, None, day=dt.date(2024, 7, 31), folder=str(stick))
    bundles = [p for p in stick.iterdir() if p.is_dir() and p.name.startswith("manualbook-")]
    assert len(bundles) == 1 and text
    year = int(bundles[0].name.split("-")[1])
    assert year == dt.date.today().year + 543  # named in BE: manualbook-2567-08-01-…
    assert verify_bundle(bundles[0]).ok


def test_export_menu_saves_the_entries_template_that_imports(tmp_path):
    build_demo(tmp_path / "d.sqlite3")
    with Book.open(tmp_path / "d.sqlite3") as book:
        data = actions.EXPORT_ACTIONS["entries_template"].fn(book, None, day=dt.date(2024, 7, 31))
        path = tmp_path / "template.xlsx"
        path.write_bytes(data)
        before = book.summary().entries
        change = book.import_file(path)
        assert len(change.entries) >= 5 and book.summary().entries == before + len(change.entries)
