"""The backfill workbook written out: the sheets ``bundle_sheets`` describes, through ``xlsx``.

``write_workbook(data, target)`` streams the workbook into a file (or any
binary file object) row by row, so a city's 100,000 entries never sit in
memory as cells; ``workbook_bytes`` is the same into bytes. The rows go day
by day, each day one compressed piece per sheet; with ``blocks`` the pieces
of a closed day are reused when nothing they are made of changed
(``bundle_blocks``), byte for byte what writing them would give. What each sheet
holds is documented in ``bundle_sheets``; text is made safe by ``cells``
(through ``xlsx``): no cell is a formula.
"""

from __future__ import annotations

import datetime as dt
import io

from . import bundle_blocks
from .bundle_sheets import (BUDGET_SHEET, CHANGES_SHEET, CHRONO_COLUMNS, CHRONO_SHEET, DAYS_SHEET, FIELDS,
                            HEADER_ROW, HIDDEN_FROM, KEYED_MARK, META_SHEET, BundleData, RowSource, _num, day_columns,
                            load_screens, meta_rows)
from .money import format_amount
from .thaidate import format_short
from .xlsx import Cell, Style, Workbook, column_letter

AMOUNT_KEYS = {"amount", "wht", "net"}
_FONT = "TH Sarabun New"
TITLE = Style(font=(_FONT, 16, True, False))
NOTE = Style(font=(_FONT, 13, False, True))
HEAD = Style(font=(_FONT, 14, True, False), fill="DDEBF7", horizontal="center", vertical="center", wrap=True)
KEYED = Style(fill="FFF2CC", horizontal="center", vertical="center", wrap=True)
RIGHT = Style(horizontal="right")
NUMBER = Style(num_format=4)  # #,##0.00
TYPED = Style(fill="FFF2CC", num_format=4)
STYLES = (TITLE, NOTE, HEAD, KEYED, RIGHT, NUMBER, TYPED)  # their ids fixed, whatever comes first


def _period_text(data: BundleData) -> str:
    return (f"{data.org.name} ตั้งแต่ {format_short(data.since)} ถึง {format_short(data.until)} "
            f"({len(data.rows):,} รายการ) ส่งออกเมื่อ {data.created_at[:16].replace('T', ' ')}")


def _header(headings) -> list:
    return [Cell(h, HEAD) for h in headings]


def workbook_bytes(data: BundleData, screens: list[dict] | None = None, blocks=None) -> bytes:
    buf = io.BytesIO()
    write_workbook(data, buf, screens, blocks)
    return buf.getvalue()


def write_workbook(data: BundleData, target, screens: list[dict] | None = None, blocks=None) -> None:
    """The workbook into ``target``; with ``blocks`` (``bundle_blocks.Blocks``) each closed day's
    rows are taken from there when kept under the key of what they are made of, and kept there
    when written."""
    screens = load_screens() if screens is None else screens
    with Workbook(target, styles=STYLES, stamp=_stamp(data.created_at)) as wb:
        chrono = _Chrono(wb, data)
        sheets = [_Screen(wb, data, screen) for screen in screens]
        by_kind: dict[str, list] = {}
        for sheet in sheets:
            for kind in sheet.kinds:
                by_kind.setdefault(kind, []).append(sheet)
        every = [chrono.ws] + [s.ws for s in sheets]
        for ws in every:  # the titles end a piece of their own: then one piece per day per sheet
            ws.cut()
        names = bundle_blocks.names_digest(data.names) if blocks is not None else ""
        rows_of = _rows_by_day(data)
        no = 1
        for day in (d.date for d in data.days):
            kinds = data.day_kinds.get(day, {})
            counts = [sum(kinds.values())] + [sum(kinds.get(k, 0) for k in s.kinds) for s in sheets]
            key = None
            if (blocks is not None and data.closed_through is not None and day <= data.closed_through
                    and day in data.day_digests):
                key = bundle_blocks.block_key(data.org.book_uuid, day, data.day_digests[day],
                                              [ws.row_no for ws in every], names, screens)
                kept = blocks.get(key, counts)
                if kept is not None:
                    for ws, piece, n in zip(every, kept, counts):
                        ws.put(piece, n)
                    no += counts[0]
                    continue
            wb.loose = False
            for r in rows_of(day, no):  # one walk of the day's entries fills the first sheet and each screen's
                chrono.add(r)
                for sheet in by_kind.get(r.entry.kind, ()):
                    sheet.add(r)
                no += 1
            pieces = [ws.cut() for ws in every]
            if key is not None and not wb.loose:
                blocks.put(key, counts, pieces)
        chrono.finish()
        _days_sheet(wb, data)
        _budget_sheets(wb, data)
        meta = wb.sheet(META_SHEET, hidden=True)
        for key, value in meta_rows(data):
            meta.append([key, value])


def _rows_by_day(data: BundleData):
    """``rows_of(day, first_no)``: a day's rows, read from the book (or from the rows in memory)."""
    if isinstance(data.rows, RowSource):
        return data.rows.day
    by_day: dict = {}
    for r in data.rows:
        by_day.setdefault(r.entry.date, []).append(r)
    return lambda day, first_no: by_day.get(day, [])


def _stamp(created_at: str) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(created_at)
    except (TypeError, ValueError):
        return None
    return stamp if stamp.tzinfo else stamp.astimezone()


class _Chrono:
    """ลำดับการบันทึก: every entry in keying order, with the keyed and e-LAAS number columns."""

    def __init__(self, wb: Workbook, data: BundleData):
        keys = [k for k, *_ in CHRONO_COLUMNS]
        self.ws = ws = wb.sheet(CHRONO_SHEET, widths=[w for *_, w in CHRONO_COLUMNS],
                                hidden_columns=range(HIDDEN_FROM + 1, len(keys) + 1), freeze=f"C{HEADER_ROW + 1}")
        self.data = data
        new_note = ""
        if data.previous:
            new_note = (f" ช่อง \"ใหม่\" = รายการที่เพิ่มหลังชุดข้อมูลก่อนหน้า ({data.previous.get('folder', '')}) "
                        f"{data.new_entries:,} รายการ")
            late = data.new_before_previous
            if late:
                new_note += f" ในจำนวนนี้ {len(late):,} รายการลงวันที่ที่ส่งออกไปแล้ว โปรดตรวจ"
        ws.append([Cell("ลำดับการบันทึกเข้า e-LAAS: " + _period_text(data), TITLE)])
        ws.append([Cell("บันทึกตามลำดับแถว (วันที่ แล้วลำดับ) ใส่ ✓ ในช่อง \"บันทึกใน e-LAAS แล้ว\" และเลขที่เอกสาร "
                        "ที่ e-LAAS ให้ แล้วใช้คำสั่ง manualbook keyed import อ่านกลับ (อ่านตามรหัสรายการ "
                        "จัดเรียงแถวใหม่ได้ แต่อย่าแก้รหัสรายการ)" + new_note, NOTE)])
        ws.append(_header(h for _, h, _ in CHRONO_COLUMNS))
        self.keyed_col = keys.index("keyed")
        self.amount_cols = [keys.index(k) for k in AMOUNT_KEYS]
        self.num_cols = [keys.index("amount_num"), keys.index("net_num")]
        self.getters = [FIELDS[k] for k in keys]

    def add(self, r) -> None:
        names = self.data.names
        values = [g(r, names) for g in self.getters]
        for i in self.amount_cols:
            if values[i]:
                values[i] = Cell(values[i], RIGHT)
        for i in self.num_cols:
            if values[i] is not None:
                values[i] = Cell(values[i], NUMBER)
        if r.keyed:
            values[self.keyed_col] = Cell(values[self.keyed_col], KEYED)
        self.ws.append(values)

    def finish(self) -> None:
        last_row = HEADER_ROW + len(self.data.rows)
        if self.data.rows:
            self.ws.autofilter = f"A{HEADER_ROW}:{column_letter(HIDDEN_FROM)}{last_row}"
            col = column_letter(self.keyed_col + 1)
            self.ws.validations.append((f"{col}{HEADER_ROW + 1}:{col}{last_row}", KEYED_MARK))


class _Screen:
    """One e-LAAS screen's sheet: its kinds of entries, its columns in the screen's order."""

    def __init__(self, wb: Workbook, data: BundleData, screen: dict):
        cols = screen["columns"]
        widths = [col.get("width") or (30 if col["field"] in ("party", "description", "item", "code_name",
                                                                "plan", "work") else 13) for col in cols]
        self.ws = ws = wb.sheet(screen["sheet"], widths=widths, freeze=f"C{HEADER_ROW + 1}")
        ws.append([Cell(f"{screen['sheet']}: {screen.get('screen_th', '')}", TITLE)])
        ws.append([Cell("ลำดับช่องตามหน้าจอ e-LAAS ที่คาดไว้ (แก้ได้ที่ resources/elaas_screens.json) "
                        "ช่อง \"ลำดับ\" คือลำดับในชีตลำดับการบันทึก ให้ใส่ ✓ ในชีตลำดับการบันทึก", NOTE)])
        ws.append(_header(c["heading"] for c in cols))
        self.kinds = set(screen["kinds"])
        self.names = data.names
        self.getters = [FIELDS[c["field"]] for c in cols]
        self.amount_idx = [i for i, c in enumerate(cols) if c["field"] in AMOUNT_KEYS]

    def add(self, r) -> None:
        values = [g(r, self.names) for g in self.getters]
        for i in self.amount_idx:
            if values[i]:
                values[i] = Cell(values[i], RIGHT)
        self.ws.append(values)


def _days_sheet(wb: Workbook, data: BundleData) -> None:
    cols = day_columns(data)
    keys = [k for k, _ in cols]
    ws = wb.sheet(DAYS_SHEET, widths=[15] * len(cols),
                  hidden_columns=[i for i, k in enumerate(keys, start=1) if k.startswith("n_")],
                  freeze=f"B{HEADER_ROW + 1}")
    ws.append([Cell("ยอดรายวันสำหรับเทียบกับรายงานประจำวันของ e-LAAS: " + _period_text(data), TITLE)])
    ws.append([Cell("จำนวนเงินสุทธิหลังกลับรายการ แถวแรกคือยอดยกมา ณ ต้นวันเริ่มบันทึกย้อนหลัง "
                    "(รายการก่อนวันนั้นไม่ส่งออก) ใส่ยอดตามรายงานของ e-LAAS ในช่องสีเหลือง "
                    "แล้วดูช่อง \"ตรงกับ e-LAAS\"", NOTE)])
    ws.append(_header(h for _, h in cols))
    col = {k: column_letter(i + 1) for i, k in enumerate(keys)}
    opening = {k: None for k in keys}
    opening.update(date=f"ยอดยกมา {format_short(data.since)}", cash=format_amount(data.opening_cash),
                   bank=format_amount(sum(v for _, v in data.opening_accounts)),
                   n_cash=_num(data.opening_cash), n_bank=_num(sum(v for _, v in data.opening_accounts)))
    for k, v in data.opening_accounts:
        opening[f"acct:{k}"] = format_amount(v)
    ws.append([opening[k] for k in keys])
    row_no = HEADER_ROW + 1
    for d in data.days:
        row_no += 1
        v = {"date": format_short(d.date), "entries": d.entries, "receipts": format_amount(d.receipts),
             "voids": d.voids or None, "deposits": format_amount(d.deposits),
             "withdrawals": format_amount(d.withdrawals), "payments": format_amount(d.payments),
             "wht": format_amount(d.wht), "payments_net": format_amount(d.payments_net),
             "reversals": d.reversals or None, "cash": format_amount(d.cash), "bank": format_amount(d.bank),
             "keyed": f"{d.keyed}/{d.entries}", "n_receipts": _num(d.receipts), "n_payments": _num(d.payments),
             "n_cash": _num(d.cash), "n_bank": _num(d.bank)}
        for k, amount in d.accounts:
            v[f"acct:{k}"] = format_amount(amount)
        pairs = [(col[e], col[n]) for e, n in (("elaas_receipts", "n_receipts"), ("elaas_payments", "n_payments"),
                                                 ("elaas_cash", "n_cash"), ("elaas_bank", "n_bank"))]
        blank = "AND(" + ",".join(f'{e}{row_no}=""' for e, _ in pairs) + ")"
        bad = "OR(" + ",".join(f'AND({e}{row_no}<>"",ROUND({e}{row_no}-{n}{row_no},2)<>0)' for e, n in pairs) + ")"
        v["check"] = f'=IF({blank},"",IF({bad},"ไม่ตรง","ตรง"))'  # written as text, as every formula-like text
        out = []
        for k in keys:
            value = v.get(k)
            if k.startswith("elaas_"):  # what the clerk recorded so far, to keep and correct
                figure = d.elaas.get(k[len("elaas_"):])
                out.append(Cell(None if figure is None else figure / 100, TYPED))
            elif isinstance(value, str) and k not in ("date", "keyed", "check") and not k.startswith("n_"):
                out.append(Cell(value, RIGHT))
            else:
                out.append(value)
        ws.append(out)
    t = data.totals
    ws.append([f"รวม {len(data.days):,} วัน", len(data.rows), format_amount(t["receipts"]),
               sum(d.voids for d in data.days) or None, format_amount(t["deposits"]),
               format_amount(t["withdrawals"]), format_amount(t["payments"]), format_amount(t["wht"]),
               format_amount(t["payments"] - t["wht"]), sum(d.reversals for d in data.days) or None])


def _budget_sheets(wb: Workbook, data: BundleData) -> None:
    heads = ["ปีงบประมาณ", "รหัสรายการงบ", "แผนงาน", "งาน", "งบ", "หมวด", "ประเภทรายจ่าย", "รายการ/โครงการ",
             "งบประมาณที่ตั้งไว้", "จ่ายก่อนเริ่มสมุด", "โอนเพิ่ม/ลด และงบเพิ่มเติม", "งบประมาณสุทธิ",
             "เบิกจ่ายแล้ว", "ก่อหนี้ผูกพัน", "คงเหลือ", "บันทึกใน e-LAAS แล้ว", "เลขที่เอกสาร e-LAAS"]
    ws = wb.sheet(BUDGET_SHEET, widths=[10, 10, 22, 24, 14, 18, 12, 40, 15, 15, 15, 15, 15, 15, 15, 12, 16],
                  freeze=f"C{HEADER_ROW + 1}")
    ws.append([Cell(f"งบประมาณตามโครงสร้างแผนงาน/งาน/งบ/หมวด: {data.org.name} "
                    f"ณ สิ้นวันที่ {format_short(data.until)}", TITLE)])
    ws.append([Cell("เรียงตามโครงสร้างงบประมาณ ใช้บันทึกงบประมาณเข้า e-LAAS "
                    "(งบประมาณสุทธิ = ตั้งไว้ + โอน/งบเพิ่มเติม; คงเหลือ = งบประมาณสุทธิ - เบิกจ่ายแล้ว"
                    " (รวมจ่ายก่อนเริ่มสมุด) - ก่อหนี้ผูกพัน)", NOTE)])
    ws.append(_header(heads))
    if not data.budget:
        ws.append(["ยังไม่มีงบประมาณของปีงบประมาณที่ส่งออก"])
    for fy, line, s, moves in data.budget:
        amounts = [line.amount, line.spent_before, moves, s.appropriated, s.spent, s.committed, s.remaining]
        ws.append([str(fy), line.key, line.plan, line.work, line.group, line.category, line.code, line.item]
                  + [Cell(format_amount(a), RIGHT) for a in amounts] + [None, None])

    heads = ["วันที่", "ปีงบประมาณ", "ประเภท", "โอนจากรายการงบ", "โอนเข้า/เพิ่มรายการงบ", "จำนวนเงิน", "เหตุผล",
             "อ้างอิง", "บันทึกใน e-LAAS แล้ว", "เลขที่เอกสาร e-LAAS"]
    cws = wb.sheet(CHANGES_SHEET, widths=[11, 10, 14, 16, 16, 15, 40, 16, 12, 16])
    cws.append([Cell(f"โอนงบประมาณและงบเพิ่มเติม ตั้งแต่ {format_short(data.since)} "
                     f"ถึง {format_short(data.until)}", TITLE)])
    cws.append([Cell("รายการเปลี่ยนแปลงงบประมาณที่ต้องบันทึกเข้า e-LAAS ด้วย", NOTE)])
    cws.append(_header(heads))
    kinds = {"transfer": "โอนงบ", "supplementary": "งบเพิ่มเติม"}
    if not data.budget_changes:
        cws.append(["ไม่มีการโอนงบหรืองบเพิ่มเติมในช่วงนี้"])
    for c in data.budget_changes:
        cws.append([format_short(dt.date.fromisoformat(c["date"])), str(c["fy"]), kinds.get(c["kind"], c["kind"]),
                    c["from_line"] or "", c["to_line"], Cell(format_amount(c["amount"]), RIGHT),
                    c["reason"], c["reference"], None, None])
