"""A streaming XLSX writer for the bundle's workbook: rows go straight into the zip, as XML.

Why not a library: the bundle's workbook has a row per entry on its first sheet
and again on a sheet per e-LAAS screen, 200,000 rows for a city's five months.
Measured side by side by bench/bench_workbook.py (the export's own code, only
the writer swapped; the README has the table): beyond the 1.8 CPU seconds of
walking the entries, this writer took about 2.8 s, xlsxwriter's constant_memory
mode about 18 s and openpyxl's write-only mode about 36 s for the 100,000-entry
book of bench/bigbook.py. Only what the workbook uses is written: inline strings (as openpyxl's
write-only mode writes them), numbers, a style table (fonts, fills,
alignment, number formats, the text marker), column widths and hidden columns,
a frozen pane, an autofilter, a list validation, a hidden sheet. openpyxl
still reads workbooks (``keyed import``), and tests read these files back with
it.

Text is made safe by ``cells``: characters XML cannot hold become U+FFFD, and a
text that a spreadsheet would take for a formula is written as text with the
quotePrefix marker (``cells.formula_like``), exactly as the openpyxl path does.
No cell is ever a formula: this writer has no way to write one.

A sheet is compressed in pieces (``deflate_zip``): ``Sheet.cut`` ends the
piece written so far and returns it, ``Sheet.put`` adds a piece kept from an
earlier workbook (with its rows' count), so the rows of a day that did not
change are not written again (``bundle_blocks``). Style ids are fixed by the
list of styles the workbook is made with (``Workbook(styles=...)``); a piece
that used a style outside it (``Workbook.loose``) is not one to keep.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from . import cells
from .deflate_zip import Deflater, Piece, ZipOut, crc_combine

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CR = {"\r": "&#13;"}


@dataclass(frozen=True)
class Style:
    """One cell format: font (name, size, bold, italic), fill colour, alignment, number format."""

    font: tuple | None = None          # (name, size, bold, italic)
    fill: str | None = None            # RGB hex, solid
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    num_format: int = 0                # built-in number format id (4 = #,##0.00)
    quote: bool = False                # quotePrefix: the text stays text when edited


@dataclass(frozen=True)
class Cell:
    value: object
    style: Style | None = None


def column_letter(i: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


_LETTERS = [column_letter(i + 1) for i in range(200)]


class Sheet:
    """One worksheet, written row by row into a temporary file (never held whole); several may be
    written at once (a row goes to the first sheet and to its screen's), zipped at the end."""

    def __init__(self, book: "Workbook", name: str, widths=(), hidden_columns=(), freeze: str | None = None,
                 hidden: bool = False):
        self.book, self.name, self.hidden = book, name, hidden
        self.index = len(book.sheets) + 1
        self.row_no = 0
        self.autofilter: str | None = None
        self.validations: list[tuple[str, str]] = []  # (sqref, list text)
        self._out = tempfile.TemporaryFile(prefix="manualbook-sheet-")  # its compressed pieces
        self._deflate = Deflater()
        self.crc = self.size = 0  # of the sheet's whole text so far
        self._text = book.text_xml
        head = [f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetViews><sheetView workbookViewId="0"']
        if book.sheets:
            head.append(">")
        else:
            head.append(' tabSelected="1">')
        if freeze:
            col, row = _split(freeze)
            xs, ys = col - 1, row - 1
            pane = "bottomRight" if xs and ys else ("bottomLeft" if ys else "topRight")
            head.append(f'<pane{f" xSplit={chr(34)}{xs}{chr(34)}" if xs else ""}'
                        f'{f" ySplit={chr(34)}{ys}{chr(34)}" if ys else ""} topLeftCell="{freeze}"'
                        f' activePane="{pane}" state="frozen"/><selection pane="{pane}" activeCell="{freeze}"'
                        f' sqref="{freeze}"/>')
        head.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        hidden_columns = set(hidden_columns)
        if widths:
            head.append("<cols>")
            for i, w in enumerate(widths, start=1):
                head.append(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"'
                            f'{" hidden=" + chr(34) + "1" + chr(34) if i in hidden_columns else ""}/>')
            head.append("</cols>")
        head.append("<sheetData>")
        self._write("".join(head))
        self._buf: list[str] = []

    def _write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._deflate.feed(data)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)

    def cut(self) -> Piece | None:
        """Ends the piece written since the last cut and returns it (None: no rows since)."""
        self._flush()
        piece = self._deflate.cut()
        if piece is not None:
            self._out.write(piece.data)
        return piece

    def put(self, piece: Piece | None, rows: int) -> None:
        """Adds a piece cut from an earlier sheet, holding ``rows`` rows that follow the ones here."""
        self.cut()
        if piece is not None:
            self._out.write(piece.data)
            self.crc = crc_combine(self.crc, piece.crc, piece.size)
            self.size += piece.size
        self.row_no += rows

    def append(self, values) -> None:
        """One row: values are text, numbers, None (an empty cell) or ``Cell(value, style)``."""
        self.row_no += 1
        r = str(self.row_no)
        parts = ['<row r="', r, '">']
        add = parts.append
        text_xml = self._text
        for i, v in enumerate(values):
            cls = v.__class__
            if cls is str:  # the common case first, without a style
                if v:
                    text, quoted = text_xml(v)
                    s = f' s="{self.book.style_id(_QUOTED)}"' if quoted else ""
                    add(f'<c r="{_LETTERS[i]}{r}"{s} t="inlineStr"><is>{text}</is></c>')
            elif v is None:
                continue
            elif cls is int or cls is float:
                add(f'<c r="{_LETTERS[i]}{r}"><v>{v!r}</v></c>')
            else:
                add(self._cell(f"{_LETTERS[i]}{r}", v))
        add("</row>")
        self._buf.append("".join(parts))
        if len(self._buf) >= 500:
            self._flush()

    def _cell(self, ref: str, v) -> str:
        style = None
        if isinstance(v, Cell):
            v, style = v.value, v.style
        style_id = self.book.style_id
        if v is None or v == "":  # an empty cell with a look of its own (a yellow cell to type into)
            return f'<c r="{ref}" s="{style_id(style)}"/>' if style else ""
        if isinstance(v, str):
            text, quoted = self._text(v)
            if quoted:
                style = _quoted(style)
            s = f' s="{style_id(style)}"' if style else ""
            return f'<c r="{ref}"{s} t="inlineStr"><is>{text}</is></c>'
        s = f' s="{style_id(style)}"' if style else ""
        if isinstance(v, bool):
            return f'<c r="{ref}"{s} t="b"><v>{int(v)}</v></c>'
        if isinstance(v, (int, float)):
            return f'<c r="{ref}"{s}><v>{v!r}</v></c>'
        raise TypeError(f"xlsx: cannot write {type(v).__name__}")

    def _flush(self) -> None:
        if self._buf:
            self._write("".join(self._buf))
            self._buf.clear()

    def close(self) -> None:
        if self._out is None:
            return
        self._flush()
        tail = ["</sheetData>"]
        if self.autofilter:
            tail.append(f'<autoFilter ref="{self.autofilter}"/>')
        if self.validations:
            tail.append(f'<dataValidations count="{len(self.validations)}">')
            for sqref, text in self.validations:
                tail.append(f'<dataValidation type="list" allowBlank="1" showErrorMessage="0" sqref="{sqref}">'
                            f"<formula1>{escape(chr(34) + text + chr(34))}</formula1></dataValidation>")
            tail.append("</dataValidations>")
        tail.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
                    "</worksheet>")
        self._write("".join(tail))
        self._out.write(self._deflate.cut(last=True).data)
        self._out.seek(0)
        self.book.zip.write_pieces(f"xl/worksheets/sheet{self.index}.xml",
                                   iter(lambda: self._out.read(1 << 20), b""), self.crc, self.size)
        self._out.close()
        self._out = None


def _split(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col, int(ref[len(letters):])


_QUOTED = Style(quote=True)


def _quoted(style: Style | None) -> Style:
    s = style or Style()
    return s if s.quote else Style(s.font, s.fill, s.horizontal, s.vertical, s.wrap, s.num_format, True)


class Workbook:
    """``with Workbook(path) as wb: ws = wb.sheet(...); ws.append(...)``; sheets in the order made."""

    def __init__(self, target, styles=(), stamp: dt.datetime | None = None):
        """``styles``: their ids are 1, 2, … in this order (and their quotePrefix twins' after them),
        whatever the rows use first; ``stamp``: the workbook's creation time (now if None)."""
        self.zip = ZipOut(target)
        self.sheets: list[Sheet] = []
        self._styles: dict[Style, int] = {}
        self._by_object: dict[int, int] = {}
        self._keep: list[Style] = []
        self._texts: dict[str, tuple[str, bool]] = {}
        self.stamp = stamp
        self.fixed = 1 << 30
        for style in list(styles) + [_quoted(s) for s in styles] + [_QUOTED]:
            self.style_id(style)
        self.fixed = len(self._styles)
        self.loose = False  # a style beyond the fixed ones was used (since the caller last cleared it)

    def text_xml(self, value: str) -> tuple[str, bool]:
        """(the ``<t>`` element of a text, is it formula-like): made safe once per distinct text
        (dates, kinds, codes and names repeat down a sheet)."""
        got = self._texts.get(value)
        if got is None:
            v = cells.clean(value)
            space = ' xml:space="preserve"' if v[0].isspace() or v[-1].isspace() else ""
            # a CR as a character reference: XML reads a bare one as a line feed
            got = (f"<t{space}>{escape(v, _CR)}</t>", cells.formula_like(v))
            if len(self._texts) > 200_000:
                self._texts.clear()
            self._texts[value] = got
        return got

    def style_id(self, style: Style) -> int:
        got = self._by_object.get(id(style))
        if got is None:
            got = self._styles.get(style)
            if got is None:
                got = self._styles[style] = len(self._styles) + 1  # 0 is the default format
            self._by_object[id(style)] = got
            self._keep.append(style)  # its id() stays its own while the workbook is written
        if got > self.fixed:
            self.loose = True
        return got

    def sheet(self, name: str, **kw) -> Sheet:
        made = Sheet(self, name, **kw)
        self.sheets.append(made)
        return made

    def close(self) -> None:
        for sheet in self.sheets:
            sheet.close()
        self._put("[Content_Types].xml", self._content_types())
        self._put("_rels/.rels", f'<Relationships xmlns="{PKG_REL}">'
                   f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                   f'<Relationship Id="rId2" Type="{PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
                   f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
                   "</Relationships>")
        stamp = (self.stamp or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        self._put("docProps/core.xml",
                   '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
                   ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
                   ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>manualbook</dc:creator>'
                   f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                   f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')
        self._put("docProps/app.xml", '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'extended-properties"><Application>manualbook</Application></Properties>')
        self._put("xl/workbook.xml", self._workbook())
        rels = [f'<Relationship Id="rId{s.index}" Type="{REL}/worksheet" Target="worksheets/sheet{s.index}.xml"/>'
                for s in self.sheets]
        rels.append(f'<Relationship Id="rId{len(self.sheets) + 1}" Type="{REL}/styles" Target="styles.xml"/>')
        self._put("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG_REL}">{"".join(rels)}</Relationships>')
        self._put("xl/styles.xml", self._stylesheet())
        self.zip.close()

    def _put(self, name: str, text: str) -> None:
        self.zip.write(name, text.encode("utf-8"))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.close()
        else:
            for sheet in self.sheets:
                if sheet._out is not None:
                    sheet._out.close()
            self.zip.abandon()

    def _content_types(self) -> str:
        over = [f'<Override PartName="/xl/worksheets/sheet{s.index}.xml" ContentType="{SHEET_TYPE}"/>'
                for s in self.sheets]
        ct = "application/vnd.openxmlformats-officedocument"
        return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
                f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
                'core-properties+xml"/>'
                f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/>'
                + "".join(over) + "</Types>")

    def _workbook(self) -> str:
        sheets, names = [], []
        for s in self.sheets:
            state = ' state="hidden"' if s.hidden else ""
            sheets.append(f'<sheet name={quoteattr(s.name)} sheetId="{s.index}"{state} r:id="rId{s.index}"/>')
            if s.autofilter:
                a, b = s.autofilter.split(":")
                ref = "'" + s.name.replace("'", "''") + "'!" + _absolute(a) + ":" + _absolute(b)
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{s.index - 1}" hidden="1">'
                             f"{escape(ref)}</definedName>")
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
                f"<sheets>{''.join(sheets)}</sheets>{defined}<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/>"
                "</workbook>")

    def _stylesheet(self) -> str:
        fonts = [("Calibri", 11, False, False)]
        fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']
        xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
        for style in sorted(self._styles, key=self._styles.get):
            font = style.font or fonts[0]
            if font not in fonts:
                fonts.append(font)
            fill_id = 0
            if style.fill:
                fill = (f'<fill><patternFill patternType="solid"><fgColor rgb="FF{style.fill}"/>'
                        f'<bgColor indexed="64"/></patternFill></fill>')
                if fill not in fills:
                    fills.append(fill)
                fill_id = fills.index(fill)
            attrs = (f'numFmtId="{style.num_format}" fontId="{fonts.index(font)}" fillId="{fill_id}" borderId="0"'
                     f' xfId="0"')
            if style.num_format:
                attrs += ' applyNumberFormat="1"'
            if style.quote:
                attrs += ' quotePrefix="1"'
            align = ""
            if style.horizontal or style.vertical or style.wrap:
                attrs += ' applyAlignment="1"'
                align = ("<alignment"
                         + (f' horizontal="{style.horizontal}"' if style.horizontal else "")
                         + (f' vertical="{style.vertical}"' if style.vertical else "")
                         + (' wrapText="1"' if style.wrap else "") + "/>")
            xfs.append(f"<xf {attrs}>{align}</xf>" if align else f"<xf {attrs}/>")
        font_xml = "".join(
            f'<font>{"<b/>" if b else ""}{"<i/>" if i else ""}<sz val="{size}"/><name val={quoteattr(name)}/></font>'
            for name, size, b, i in fonts)
        return (f'<styleSheet xmlns="{MAIN}"><fonts count="{len(fonts)}">{font_xml}</fonts>'
                f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                "</styleSheet>")


def _absolute(ref: str) -> str:
    letters = "".join(ch for ch in ref if ch.isalpha())
    return f"${letters}${ref[len(letters):]}"
