"""The entries table model (qtmodeltester, no window) and the list screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from manualbook.book import Book
from manualbook_ui.entries_model import (COL_AMOUNT, COL_DATE, COL_LINK, ENTRY_ROLE, SORT_ROLE, EntriesModel,
                                         EntryFilter)
from manualbook_ui.entries_view import EntriesView, load_entries

from conftest import type_text


def fill(path, n=30):
    with Book.open(path) as book:
        for i in range(n):
            book.add({"date": f"{1 + i % 5}/10/2567", "kind": "receipt", "book": "1", "number": str(i + 1),
                      "party": f"ผู้ชำระ {i}", "code": "41100001" if i % 2 else "41100003",
                      "amount": str(100 + i)})
        first = next(book.entries())
        book.reverse(first.id, "บันทึกผิด", dt.date(2024, 10, 5))
        return first.id


def test_model_passes_qtmodeltester(qtmodeltester, book_path):
    fill(book_path)
    with Book.open(book_path) as book:
        entries, links, closed = load_entries(book, None, None)
    model = EntriesModel()
    model.set_entries(entries, links, closed)
    qtmodeltester.check(model)
    model.set_filter(EntryFilter(text="ผู้ชำระ 1"))
    qtmodeltester.check(model)


def test_model_roles_sort_and_chunks(book_path):
    orig_id = fill(book_path)
    with Book.open(book_path) as book:
        entries, links, closed = load_entries(book, None, None)
    big = entries * 40  # 1,240 rows: more than one chunk
    model = EntriesModel()
    model.set_entries(big, links, closed)
    assert model.rowCount() == 500 and model.canFetchMore()
    model.fetch_all()
    assert model.rowCount() == len(big)
    idx = model.index(0, COL_AMOUNT)
    assert isinstance(idx.data(SORT_ROLE), int)
    assert idx.data(ENTRY_ROLE).id == big[0].id
    assert model.index(0, COL_DATE).data(SORT_ROLE) == big[0].date
    model.sort(COL_AMOUNT, Qt.SortOrder.DescendingOrder)
    amounts = [model.index(r, COL_AMOUNT).data(SORT_ROLE) for r in range(model.rowCount())]
    assert amounts == sorted(amounts, reverse=True)
    model.set_entries(entries, links, closed)
    row = model.row_of(orig_id)
    assert "ถูกกลับโดย" in model.index(row, COL_LINK).data()
    model.set_filter(EntryFilter(kind="reversal"))
    assert model.rowCount() == 1 and "กลับรายการ" in model.index(0, COL_LINK).data()
    model.set_filter(EntryFilter(code="41100003"))
    assert all(model.index(r, 0).data(ENTRY_ROLE).code == "41100003" for r in range(model.rowCount()))


def test_reverse_from_list(qtbot, session, idle, book_path, monkeypatch):
    orig_id = fill(book_path, 3)
    view = EntriesView(session)
    qtbot.addWidget(view)
    view.period.setCurrentIndex(2)
    view.reload()
    idle()
    # the second receipt, not yet reversed
    e = [view.model.entry_at(r) for r in range(view.model.rowCount())
         if view.model.entry_at(r).kind == "receipt" and view.model.entry_at(r).id != orig_id][0]
    assert view.select_entry(e.id)
    from manualbook_ui import entries_view

    class KeyedDialog(entries_view.ReasonDialog):
        """The real dialog, shown and answered from the keyboard instead of a modal loop."""
        def exec(self):
            qtbot.addWidget(self)
            self.show()
            qtbot.waitExposed(self)
            type_text(qtbot, self.reason, "จำนวนเงินผิด")
            qtbot.keyClick(self.reason, Qt.Key.Key_Return)  # Enter accepts
            assert self.result() == 1, self.error.text()
            return self.result()
    monkeypatch.setattr(entries_view, "ReasonDialog", KeyedDialog)
    monkeypatch.setattr(entries_view, "show_info", lambda *a: None)
    view.reverse_selected()
    idle()
    idle()
    with Book.open(book_path) as book:
        assert e.id in book.reversed_by()


def test_reason_is_required(qtbot, book_path):
    fill(book_path, 1)
    with Book.open(book_path) as book:
        e = next(book.entries())
    from manualbook_ui.entries_view import ReasonDialog
    d = ReasonDialog(e, e.date)
    qtbot.addWidget(d)
    d._accept()
    assert d.result() == 0 and "เหตุผล" in d.error.text()
