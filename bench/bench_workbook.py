"""The bundle's workbook written by three writers side by side (not a test): prints figures.

    python bench/bench_workbook.py [--dir DIR] [--writer xlsx|openpyxl|xlsxwriter|none ...]

Issue 14 asks to choose the workbook writer by measurement. Each writer is
driven by the export's own code (``bundle_workbook.write_workbook`` over the
100,000-entry book of bench/bigbook.py, the same rows, sheets, styles, widths,
frozen panes, filter, list validation and hidden sheet), with only the
``Workbook`` class swapped:

- ``xlsx``: manualbook/xlsx.py, the streamed XML writer the export uses;
- ``openpyxl``: openpyxl's write-only mode (cells made safe by ``cells``, as
  the export's openpyxl path did);
- ``xlsxwriter``: xlsxwriter's constant_memory mode (no string-to-formula,
  -number or -URL conversion; quotePrefix formats);
- ``none``: the same walk of the entries with no writer, what every writer
  pays before writing a cell.

Each writer runs in a process of its own (so its peak memory is its own):
the script runs itself once per writer and prints the seconds of the
write (wall and CPU), the file's size, the peak RSS and how many cells
openpyxl reads back from the file's first sheet. Run the whole processes
under ``farm-bench`` for the figures the README quotes (see there).
xlsxwriter is needed only here: ``pip install xlsxwriter``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

WRITERS = ("none", "xlsx", "openpyxl", "xlsxwriter")


# ---------------------------------------------------------------- the stand-ins' shared parts
class _StandInBook:
    """What every stand-in writer shares: its sheets (``sheet_class``), and a ``close`` at the end."""

    sheet_class: type

    def sheet(self, name, widths=(), hidden_columns=(), freeze=None, hidden=False):
        sheet = self.sheet_class(self, name, widths, hidden_columns, freeze, hidden)
        self.sheets.append(sheet)
        return sheet

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        self.close(exc_type is None)


class _StandInSheet:
    def cut(self):  # the xlsx writer's pieces of a day: these write one stream
        return None


# ---------------------------------------------------------------- openpyxl write-only
class OpenpyxlBook(_StandInBook):
    def __init__(self, target, **_):  # the xlsx writer's fixed styles and stamp: not theirs
        import openpyxl

        self.target = target
        self.wb = openpyxl.Workbook(write_only=True)
        self.sheets: list = []
        self._styles: dict = {}

    def style(self, style) -> dict:
        got = self._styles.get(style)
        if got is None:
            from openpyxl.styles import Alignment, Font, PatternFill

            got = {}
            if style.font:
                name, size, bold, italic = style.font
                got["font"] = Font(name=name, size=size, bold=bold, italic=italic)
            if style.fill:
                got["fill"] = PatternFill("solid", fgColor=style.fill)
            if style.horizontal or style.vertical or style.wrap:
                got["alignment"] = Alignment(horizontal=style.horizontal, vertical=style.vertical,
                                             wrap_text=style.wrap or None)
            if style.num_format == 4:
                got["number_format"] = "#,##0.00"
            if style.quote:
                got["quotePrefix"] = True
            self._styles[style] = got
        return got

    def close(self, ok: bool) -> None:
        if ok:
            for s in self.sheets:
                s.finish()
            self.wb.save(self.target)


class OpenpyxlSheet(_StandInSheet):
    def __init__(self, book, name, widths, hidden_columns, freeze, hidden):
        from openpyxl.utils import get_column_letter

        self.book = book
        self.ws = ws = book.wb.create_sheet(name)
        for i, w in enumerate(widths, start=1):
            dim = ws.column_dimensions[get_column_letter(i)]
            dim.width = w
            dim.hidden = i in set(hidden_columns)
        if freeze:
            ws.freeze_panes = freeze
        if hidden:
            ws.sheet_state = "hidden"
        self.autofilter = None
        self.validations: list = []

    def append(self, values) -> None:
        from manualbook import cells
        from manualbook.xlsx import Cell

        out = []
        for v in values:
            if isinstance(v, Cell):
                out.append(cells.cell(self.ws, v.value, **self.book.style(v.style)) if v.style else v.value)
            else:
                out.append(v)
        cells.append(self.ws, out)

    def finish(self) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        if self.autofilter:
            self.ws.auto_filter.ref = self.autofilter
        for sqref, text in self.validations:
            dv = DataValidation(type="list", formula1=f'"{text}"', allow_blank=True)
            dv.add(sqref)
            self.ws.data_validations.append(dv)


OpenpyxlBook.sheet_class = OpenpyxlSheet


# ---------------------------------------------------------------- xlsxwriter constant_memory
class XlsxwriterBook(_StandInBook):
    def __init__(self, target, **_):  # the xlsx writer's fixed styles and stamp: not theirs
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(str(target), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "tmpdir": tempfile.gettempdir()})
        self.sheets: list = []
        self._formats: dict = {}

    def format(self, style):
        if style is None:
            return None
        got = self._formats.get(style)
        if got is None:
            props = {}
            if style.font:
                name, size, bold, italic = style.font
                props.update(font_name=name, font_size=size, bold=bold, italic=italic)
            if style.fill:
                props.update(pattern=1, bg_color="#" + style.fill)
            if style.horizontal:
                props["align"] = style.horizontal
            if style.vertical:
                props["valign"] = "vcenter" if style.vertical == "center" else style.vertical
            if style.wrap:
                props["text_wrap"] = True
            if style.num_format == 4:
                props["num_format"] = 4
            if style.quote:
                props["quote_prefix"] = True
            got = self._formats[style] = self.wb.add_format(props)
        return got

    def close(self, ok: bool) -> None:
        if ok:
            for s in self.sheets:
                s.finish()
        self.wb.close()


class XlsxwriterSheet(_StandInSheet):
    def __init__(self, book, name, widths, hidden_columns, freeze, hidden):
        from manualbook.xlsx import Style, _split

        self.book = book
        self.ws = ws = book.wb.add_worksheet(name)
        hidden_columns = set(hidden_columns)
        for i, w in enumerate(widths):
            ws.set_column(i, i, w, None, {"hidden": (i + 1) in hidden_columns})
        if freeze:
            col, row = _split(freeze)
            ws.freeze_panes(row - 1, col - 1)
        if hidden:
            ws.hide()
        self.row = -1
        self.quoted = book.format(Style(quote=True))
        self.autofilter = None
        self.validations: list = []

    def append(self, values) -> None:
        from manualbook import cells
        from manualbook.xlsx import Cell, _quoted

        self.row += 1
        ws, r = self.ws, self.row
        for c, v in enumerate(values):
            style = None
            if isinstance(v, Cell):
                v, style = v.value, v.style
            if v is None or v == "":
                if style is not None:
                    ws.write_blank(r, c, None, self.book.format(style))
            elif isinstance(v, str):
                v = cells.clean(v)
                if cells.formula_like(v):
                    style = _quoted(style)
                ws.write_string(r, c, v, self.book.format(style))
            elif isinstance(v, bool):
                ws.write_boolean(r, c, v, self.book.format(style))
            else:
                ws.write_number(r, c, v, self.book.format(style))

    def finish(self) -> None:
        if self.autofilter:
            self.ws.autofilter(self.autofilter)
        for sqref, text in self.validations:
            first, last = sqref.split(":")
            self.ws.data_validation(f"{first}:{last}", {"validate": "list", "source": [text]})


XlsxwriterBook.sheet_class = XlsxwriterSheet


# ---------------------------------------------------------------- no writer
class NullBook:
    def __init__(self, target, **_):  # the xlsx writer's fixed styles and stamp: not theirs
        self.cells = 0

    def sheet(self, name, **kw):
        return NullSheet(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


class NullSheet(_StandInSheet):
    def __init__(self, book):
        self.book = book
        self.autofilter = None
        self.validations: list = []

    def append(self, values) -> None:
        self.book.cells += len(values)


def one(writer: str, folder: Path) -> None:
    """In this process: the workbook of the big book by ``writer``; prints one line."""
    from manualbook import bundle_workbook
    from manualbook.book import Book
    from manualbook.bundle_sheets import collect
    from manualbook.store.db import connect
    from manualbook.clock import now_text

    big = folder / "big.sqlite3"
    book = Book(connect(big, readonly=True), big)
    data = collect(book, book.org().since, None, now_text())
    bundle_workbook.Workbook = {"xlsx": bundle_workbook.Workbook, "openpyxl": OpenpyxlBook,
                                "xlsxwriter": XlsxwriterBook, "none": NullBook}[writer]
    out = folder / f"workbook-{writer}.xlsx"
    out.unlink(missing_ok=True)
    t0, c0 = time.perf_counter(), time.process_time()
    bundle_workbook.write_workbook(data, out)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = out.stat().st_size / 1e6 if out.exists() else 0.0
    print(f"{writer:<11} write {wall:6.2f} s wall, {cpu:6.2f} s CPU; {size:5.1f} MB; peak {peak:4.0f} MB "
          f"(load {os.getloadavg()[0]:.2f})", flush=True)


def read_back(path: Path) -> int:
    """Cells openpyxl reads from the first sheet (a check that the file is a workbook)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return sum(1 for row in wb.worksheets[0].iter_rows(values_only=True) for v in row if v is not None)
    finally:
        wb.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "manualbook-bench-issue14"))
    ap.add_argument("--writer", nargs="*", default=list(WRITERS), choices=WRITERS)
    ap.add_argument("--here", action="store_true", help="write in this process (one writer)")
    ap.add_argument("--check", action="store_true", help="count the cells openpyxl reads back")
    args = ap.parse_args(argv)
    folder = Path(args.dir)
    if not (folder / "big.sqlite3").exists():
        import bigbook

        bigbook.ensure(folder)
    if args.here:
        for writer in args.writer:
            one(writer, folder)
        return 0
    for writer in args.writer:
        subprocess.run([sys.executable, __file__, "--dir", str(folder), "--here", "--writer", writer], check=True)
        if args.check and writer != "none":
            print(f"{'':<11} openpyxl reads {read_back(folder / f'workbook-{writer}.xlsx'):,} cells "
                  "from its first sheet", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
