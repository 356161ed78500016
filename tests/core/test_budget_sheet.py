"""Budget workbooks in the e-LAAS style, built here with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given, strategies as st

from manualbook.budget_file import read_budget_file
from manualbook.budget_grid import BudgetSheetError, Mapping
from manualbook.messages import BookError
from manualbook.money import SHEET_CELL, format_amount, parse_amount
from manualbook.elaas_budget_sheet import apply_mapping, guess_header, guess_mapping, mapping_matches, preview, read_grid

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _xlsx(rows: dict[int, dict[str, object]], merges: list[str] = ()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "งบประมาณ"
    for r, cells in rows.items():
        for col, v in cells.items():
            ws[f"{col}{r}"] = v
    for rng in merges:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- workbook 1: title rows, two-row merged header, labels merged down, subtotals
def wb_merged(title_rows: int = 3, grand_total: object = 10617537.28) -> bytes:
    o = title_rows - 3  # shift every row when a title row is added
    R = lambda r: r + o  # noqa: E731
    rows = {1: {"A": "เทศบาลตำบลตัวอย่าง"},
            2: {"A": "งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2568"}}
    if o:
        rows[3] = {"A": "อำเภอเมือง จังหวัดตัวอย่าง"}
    rows.update({
        R(3): {"H": "วันที่พิมพ์ 8/7/2568"},
        R(5): {"A": "แผนงาน", "B": "งาน", "C": "งบ", "D": "หมวด", "E": "ประเภทรายจ่าย",
               "F": "รายการ", "G": "งบประมาณ", "J": "ใช้ไป"},
        R(6): {"G": "ตั้งไว้", "H": "โอนเพิ่ม", "I": "โอนลด"},
        R(7): {"A": "แผนงานบริหารงานทั่วไป", "B": "งานบริหารทั่วไป", "C": "งบบุคลากร",
               "D": "เงินเดือน (ฝ่ายการเมือง)", "E": 5210100, "F": "เงินเดือนนายก/รองนายก",
               "G": 514080, "J": 128000},
        R(8): {"C": "งบดำเนินงาน", "D": "ค่าใช้สอย", "E": "5320100",
               "F": "โครงการฝึกอบรมพนักงาน", "G": 50000.50, "H": 10000, "J": 0},
        R(9): {"B": "รวมงานบริหารทั่วไป", "G": 564080.50, "J": 128000},
        R(10): {"B": "งานบริหารงานคลัง", "C": "งบดำเนินงาน", "D": "ค่าวัสดุ", "E": 5330100,
                "F": "วัสดุสำนักงาน", "G": 30000, "J": 1250.75},
        R(11): {"B": "รวมงานบริหารงานคลัง", "G": 30000, "J": 1250.75},
        R(12): {"A": "รวมแผนงานบริหารงานทั่วไป", "G": 594080.50},
        R(14): {"A": "แผนงานงบกลาง", "B": "งบกลาง", "C": "งบกลาง", "D": "งบกลาง", "E": 5110700,
                "F": "เบี้ยยังชีพผู้สูงอายุ", "G": 7500000, "J": 3125000},
        R(15): {"E": 5110800, "F": "เบี้ยยังชีพคนพิการ", "G": 2400000},
        R(16): {"E": 5111000, "F": "สำรองจ่าย", "G": 123456.78},
        R(17): {"A": "รวมแผนงานงบกลาง", "G": 10023456.78},
        R(18): {"A": "รวมทั้งสิ้น", "G": grand_total},
        R(20): {"A": "ผู้พิมพ์ นางสาวตัวอย่าง ทดสอบ"},
    })
    merges = ["A1:J1", "A2:J2", f"A{R(5)}:A{R(6)}", f"B{R(5)}:B{R(6)}", f"C{R(5)}:C{R(6)}",
              f"D{R(5)}:D{R(6)}", f"E{R(5)}:E{R(6)}", f"F{R(5)}:F{R(6)}", f"G{R(5)}:I{R(5)}",
              f"J{R(5)}:J{R(6)}", f"A{R(7)}:A{R(11)}", f"B{R(7)}:B{R(8)}", f"B{R(9)}:F{R(9)}",
              f"B{R(11)}:F{R(11)}", f"A{R(12)}:F{R(12)}", f"A{R(14)}:A{R(16)}",
              f"B{R(14)}:B{R(16)}", f"C{R(14)}:C{R(16)}", f"D{R(14)}:D{R(16)}",
              f"A{R(17)}:F{R(17)}", f"A{R(18)}:F{R(18)}"]
    return _xlsx(rows, merges)


GA = "แผนงานบริหารงานทั่วไป"
CENTRAL = "แผนงานงบกลาง"
EXPECTED_MERGED = [
    # line, plan, work, group, category, code, item, amount, spent, excel row
    ("L001", GA, "งานบริหารทั่วไป", "งบบุคลากร", "เงินเดือน (ฝ่ายการเมือง)", "5210100",
     "เงินเดือนนายก/รองนายก", 51408000, 12800000, 7),
    ("L002", GA, "งานบริหารทั่วไป", "งบดำเนินงาน", "ค่าใช้สอย", "5320100",
     "โครงการฝึกอบรมพนักงาน", 5000050, 0, 8),
    ("L003", GA, "งานบริหารงานคลัง", "งบดำเนินงาน", "ค่าวัสดุ", "5330100", "วัสดุสำนักงาน",
     3000000, 125075, 10),
    ("L004", CENTRAL, "งบกลาง", "งบกลาง", "งบกลาง", "5110700", "เบี้ยยังชีพผู้สูงอายุ",
     750000000, 312500000, 14),
    ("L005", CENTRAL, "งบกลาง", "งบกลาง", "งบกลาง", "5110800", "เบี้ยยังชีพคนพิการ",
     240000000, 0, 15),
    ("L006", CENTRAL, "งบกลาง", "งบกลาง", "งบกลาง", "5111000", "สำรองจ่าย", 12345678, 0, 16),
]


# --- workbook 2: labels on first row of a group only, text amounts, Thai digits
def wb_text(bad: dict[str, object] | None = None) -> bytes:
    rows = {
        1: {"A": "องค์การบริหารส่วนตำบลตัวอย่าง"},
        2: {"A": "รายงานงบประมาณรายจ่าย ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"},
        3: {"A": "พิมพ์วันที่ ๘/๗/๒๕๖๘ เวลา 10:15 น."},
        5: {"A": "รหัสรายการ", "B": "แผนงาน", "C": "งาน", "D": "งบ", "E": "หมวด",
            "F": "รหัสประเภท", "G": "รายการ/โครงการ", "H": "งบประมาณที่ตั้งไว้",
            "I": "เบิกจ่ายแล้ว", "J": "ก่อหนี้ผูกพัน"},
        6: {"A": "0101", "B": "แผนงานการศึกษา", "C": "งานระดับก่อนวัยเรียนและประถมศึกษา",
            "D": "งบดำเนินงาน", "E": "ค่าวัสดุ", "F": "5330700", "G": "ค่าอาหารเสริม (นม)",
            "H": "1,234,567.00".translate(THAI), "I": "100,000.00", "J": "-"},
        7: {"A": "0102", "F": "5330700", "G": "ค่าอาหารกลางวันเด็กนักเรียน", "H": "850,000"},
        8: {"A": "0103", "D": "งบเงินอุดหนุน", "E": "เงินอุดหนุน", "F": 5610200,
            "G": "อุดหนุนส่วนราชการ", "H": " 45,500.50 ", "J": "5,000"},
        9: {"B": "รวมแผนงานการศึกษา", "H": "2,130,067.50"},
        10: {"A": "0201", "B": "แผนงานสาธารณสุข", "C": "งานบริการสาธารณสุขและงานสาธารณสุขอื่น",
             "D": "งบดำเนินงาน", "E": "ค่าใช้สอย", "F": "5320300",
             "G": "โครงการป้องกันโรคไข้เลือดออก", "H": "75,000.50".translate(THAI), "I": "12,000"},
        11: {"A": "0202", "E": "ค่าวัสดุ", "F": "5330900", "G": "วัสดุวิทยาศาสตร์หรือการแพทย์",
             "H": 20000},
        12: {"B": "ยอดรวมทั้งสิ้น", "H": "2,225,068.00"},
    }
    for ref, v in (bad or {}).items():
        rows.setdefault(int(ref[1:]), {})[ref[0]] = v
    return _xlsx(rows, ["A1:J1"])


EDU, HEALTH = "แผนงานการศึกษา", "แผนงานสาธารณสุข"
PRE = "งานระดับก่อนวัยเรียนและประถมศึกษา"
EXPECTED_TEXT = [
    ("0101", EDU, PRE, "งบดำเนินงาน", "ค่าวัสดุ", "5330700", "ค่าอาหารเสริม (นม)",
     123456700, 10000000, 6),
    ("0102", EDU, PRE, "งบดำเนินงาน", "ค่าวัสดุ", "5330700", "ค่าอาหารกลางวันเด็กนักเรียน",
     85000000, 0, 7),
    ("0103", EDU, PRE, "งบเงินอุดหนุน", "เงินอุดหนุน", "5610200", "อุดหนุนส่วนราชการ",
     4550050, 0, 8),
    ("0201", HEALTH, "งานบริการสาธารณสุขและงานสาธารณสุขอื่น", "งบดำเนินงาน", "ค่าใช้สอย",
     "5320300", "โครงการป้องกันโรคไข้เลือดออก", 7500050, 1200000, 10),
    ("0202", HEALTH, "งานบริการสาธารณสุขและงานสาธารณสุขอื่น", "งบดำเนินงาน", "ค่าวัสดุ",
     "5330900", "วัสดุวิทยาศาสตร์หรือการแพทย์", 2000000, 0, 11),
]

CASES = {
    "merged": dict(
        build=wb_merged, header_rows=(4, 5), first_data_row=6, total_cell=(17, 6),
        columns={"plan": 0, "work": 1, "group": 2, "category": 3, "code": 4, "item": 5,
                 "amount": 6, "spent": 9},
        expected=EXPECTED_MERGED, subtotal_rows=[9, 11, 12, 17, 18]),
    "text": dict(
        build=wb_text, header_rows=(4,), first_data_row=5, total_cell=(11, 7),
        columns={"line": 0, "plan": 1, "work": 2, "group": 3, "category": 4, "code": 5,
                 "item": 6, "amount": 7, "spent": 8, "committed": 9},
        expected=EXPECTED_TEXT, subtotal_rows=[9, 12]),
}


@pytest.fixture(params=sorted(CASES))
def case(request):
    c = CASES[request.param]
    grid = read_grid(c["build"]())
    return c, grid, guess_mapping(grid, guess_header(grid))


def test_merged_cells_are_filled():
    grid = read_grid(wb_merged())
    assert grid.sheet == "งบประมาณ" and grid.sheet_names == ("งบประมาณ",)
    assert [grid.cell(r, 0) for r in range(6, 11)] == [GA] * 5  # A7:A11
    assert [grid.cell(4, c) for c in (6, 7, 8)] == ["งบประมาณ"] * 3  # G5:I5
    assert grid.cell(5, 0) == "แผนงาน"  # A5:A6
    with pytest.raises(BudgetSheetError):
        read_grid(wb_merged(), sheet="ไม่มี")


def test_header_titles_combine_two_rows():
    header = guess_header(read_grid(wb_merged()))
    assert header.header_rows == (4, 5) and header.first_data_row == 6
    assert header.titles[:10] == ("แผนงาน", "งาน", "งบ", "หมวด", "ประเภทรายจ่าย", "รายการ",
                                  "งบประมาณ / ตั้งไว้", "งบประมาณ / โอนเพิ่ม",
                                  "งบประมาณ / โอนลด", "ใช้ไป")


def test_guess_mapping_finds_columns(case):
    c, grid, mapping = case
    assert mapping.header_rows == c["header_rows"]
    assert mapping.first_data_row == c["first_data_row"]
    assert dict(mapping.columns) == c["columns"]


def test_apply_mapping_gives_expected_lines(case):
    c, grid, mapping = case
    rows, problems = apply_mapping(grid, mapping)
    assert problems == ()
    got = [(r.line, r.plan, r.work, r.group, r.category, r.code, r.item, r.amount, r.spent,
            r.source_row) for r in rows]
    assert got == c["expected"]
    assert all(type(r.amount) is int and type(r.spent) is int for r in rows)
    # the workbook's own grand total
    assert sum(r.amount for r in rows) == parse_amount(grid.cell(*c["total_cell"]), rules=SHEET_CELL)


def test_preview_reports_skipped_rows(case):
    c, grid, mapping = case
    pv = preview(grid, mapping, limit=None)
    by_row = {d["row"]: d for d in pv}
    assert [d["row"] for d in pv if d["status"] == "import"] == [e[-1] for e in c["expected"]]
    assert [d["row"] for d in pv if d["reason"] == "แถวรวม"] == c["subtotal_rows"]
    assert by_row[1]["reason"] == "แถวหัวเรื่อง" and by_row[4]["reason"] == "แถวว่าง"
    first = by_row[c["expected"][0][-1]]
    assert first["amount"] == c["expected"][0][7] and first["amount_text"] == \
        format_amount(c["expected"][0][7])
    assert len(preview(grid, mapping, limit=5)) == 5


def test_merged_committed_column_absent_and_keys_generated():
    grid = read_grid(wb_merged())
    mapping = guess_mapping(grid, guess_header(grid))
    assert mapping.column("line") is None and mapping.column("committed") is None
    assert set(mapping.carry_down) <= {"plan", "work", "group", "category"}


def test_text_workbook_carries_labels_down():
    grid = read_grid(wb_text())
    mapping = guess_mapping(grid, guess_header(grid))
    assert set(mapping.carry_down) == {"plan", "work", "group", "category"}
    no_carry = Mapping.from_json(mapping.to_json())
    no_carry = Mapping(no_carry.header_rows, no_carry.first_data_row, no_carry.columns, (),
                       no_carry.titles, no_carry.fingerprint)
    rows, _ = apply_mapping(grid, no_carry)
    assert rows[1].plan == "" and rows[1].category == ""  # proves carry-down did the work


def test_mapping_json_round_trip_and_reuse():
    grid = read_grid(wb_merged())
    mapping = guess_mapping(grid, guess_header(grid))
    again = Mapping.from_json(mapping.to_json())
    assert again == mapping
    # next workbook: same headers, one more title row -> recognised and shifted
    grid2 = read_grid(wb_merged(title_rows=4))
    assert mapping_matches(grid2, again)
    rows, problems = apply_mapping(grid2, again)
    assert problems == ()
    assert [(r.line, r.amount, r.source_row) for r in rows] == \
        [(e[0], e[7], e[-1] + 1) for e in EXPECTED_MERGED]
    # a workbook with other headers is not recognised
    assert not mapping_matches(read_grid(wb_text()), again)
    assert again.with_columns(spent=None).column("spent") is None


@pytest.mark.parametrize("text", ["{", '{"columns": {"nope": 1}, "header_rows": [0], '
                                       '"first_data_row": 1}', "[]"])
def test_bad_saved_mapping(text):
    with pytest.raises(BudgetSheetError):
        Mapping.from_json(text)


BAD = {"H7": "12,3x4", "I8": "-5.00", "A8": "0101", "H10": "1.234".translate(THAI),
       "H11": 1.005, "F6": "53307"}
BAD_EXPECTED = {(7, "amount"), (8, "spent"), (8, "line"), (10, "amount"), (11, "amount"),
                (6, "code"), (12, "amount")}  # row 12: grand total no longer matches


def test_bad_cells_give_problems_with_row_numbers():
    grid = read_grid(wb_text(BAD))
    mapping = guess_mapping(grid, guess_header(grid))
    rows, problems = apply_mapping(grid, mapping)
    assert {(p.row_number, p.field) for p in problems} == BAD_EXPECTED
    assert rows == ()  # every line had a problem
    msg = {(p.row_number, p.field): p.message for p in problems}
    assert msg[(7, "amount")] == ('แถวที่ 7 ช่อง "งบประมาณที่ตั้งไว้" (คอลัมน์ H): '
                                  'จำนวนเงิน "12,3x4" ไม่ใช่ตัวเลข')
    assert "ติดลบ" in msg[(8, "spent")] and "ซ้ำกับแถวที่ 6" in msg[(8, "line")]
    assert "ทศนิยมเกิน 2 ตำแหน่ง" in msg[(10, "amount")]
    assert "สตางค์" in msg[(11, "amount")] and "7 หลัก" in msg[(6, "code")]
    assert any(d["status"] == "problem" and d["row"] == 7 for d in preview(grid, mapping))


def test_wrong_grand_total_is_reported():
    grid = read_grid(wb_merged(grand_total=10617537.27))
    rows, problems = apply_mapping(grid, guess_mapping(grid, guess_header(grid)))
    assert len(rows) == 6 and [(p.row_number, p.field) for p in problems] == [(18, "amount")]


# --- amounts
@pytest.mark.parametrize("value, satang", [
    (0, 0), (12, 1200), (12.5, 1250), (0.1 + 0.2, 30), (1234.5, 123450), ("1,234.50", 123450),
    ("1234.5", 123450), ("๑,๒๓๔.๕๐", 123450), (" 7 ", 700), ("-", 0), ("1,000,000", 100000000),
])
def test_parse_amount_ok(value, satang):
    assert parse_amount(value, rules=SHEET_CELL) == satang


@pytest.mark.parametrize("value", ["12,3x4", "-5", "(5.00)", "1.234", "12,34.00", "1.", "",
                                   None, True, -1, -0.5, 1.005, float("nan"), "บาท", "1,2345"])
def test_parse_amount_refused(value):
    with pytest.raises(BookError):
        parse_amount(value, rules=SHEET_CELL)


@given(st.integers(min_value=0, max_value=10**13))
def test_parse_amount_round_trips(satang):
    text = format_amount(satang)
    assert parse_amount(text, rules=SHEET_CELL) == satang
    assert parse_amount(text.replace(",", ""), rules=SHEET_CELL) == satang
    assert parse_amount(text.translate(THAI), rules=SHEET_CELL) == satang
    assert parse_amount(satang / 100, rules=SHEET_CELL) == satang
    assert isinstance(parse_amount(satang / 100, rules=SHEET_CELL), int)


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=9))
def test_parse_amount_refuses_third_decimal_and_negatives(satang, digit):
    text = format_amount(satang)
    with pytest.raises(BookError):
        parse_amount(text + str(digit), rules=SHEET_CELL)
    with pytest.raises(BookError):
        parse_amount("-" + text, rules=SHEET_CELL)
    with pytest.raises(BookError):
        parse_amount(satang / 100 + digit / 10000, rules=SHEET_CELL)


# --- the contract's plain budget file
PLAIN_CSV = ("line,แผนงาน,งาน,งบ,หมวด,ประเภทรายจ่าย,รายการ/โครงการ,amount (จำนวนเงิน),"
             "spent,committed,ประมาณการ\n"
             "A01,แผนงานบริหารงานทั่วไป,งานบริหารทั่วไป,งบดำเนินงาน,ค่าวัสดุ,5330100,"
             "วัสดุสำนักงาน,\"30,000.00\",1250.75,,\n"
             "\n"
             "A02,แผนงานงบกลาง,งบกลาง,งบกลาง,งบกลาง,๕๑๑๐๗๐๐,เบี้ยยังชีพผู้สูงอายุ,7500000,,๑๐๐,\n"
             ",,,,,41100003,ภาษีป้าย,,,,\"120,000\"\n")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_plain_csv(bom):
    rows, problems = read_budget_file(bom + PLAIN_CSV.encode("utf-8"), "budget.csv")
    assert problems == ()
    assert [(r.line, r.code, r.amount, r.spent, r.committed, r.estimate, r.source_row)
            for r in rows] == [("A01", "5330100", 3000000, 125075, 0, 0, 2),
                               ("A02", "5110700", 750000000, 0, 10000, 0, 4),
                               ("", "41100003", 0, 0, 0, 12000000, 5)]
    assert rows[0].plan == "แผนงานบริหารงานทั่วไป" and rows[2].item == "ภาษีป้าย"


def test_plain_xlsx_and_problems():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["line", "plan", "code", "item", "amount", "estimate"])
    ws.append(["B1", "แผนงานการศึกษา", 5330700, "นม", 1000.25, None])
    ws.append(["B1", "แผนงานการศึกษา", 5330800, "อาหาร", 10, None])   # duplicate key
    ws.append([None, None, "4110000", "ภาษี", None, 5])               # 7-digit revenue code
    ws.append([None, "x", 5330800, "ไม่มีรหัส", 5, None])               # expense without line
    ws.append(["B3", "x", 5330900, "ไม่มีเงิน", None, None])            # no amount at all
    buf = io.BytesIO()
    wb.save(buf)
    rows, problems = read_budget_file(buf.getvalue(), "b.xlsx")
    assert [(r.line, r.amount) for r in rows] == [("B1", 100025)]
    assert {(p.row_number, p.field) for p in problems} == {(3, "line"), (4, "code"),
                                                           (5, "line"), (6, "amount")}


@pytest.mark.parametrize("data, name", [(b"line,what\nA,1\n", "b.csv"), (b"line,item\nA,x\n", "b.csv"),
                                        (b"x", "b.pdf"), (b"\xff\xfe\x00", "b.csv")])
def test_plain_file_refused(data, name):
    with pytest.raises(BudgetSheetError):
        read_budget_file(data, name)


def test_new_plan_clears_carried_work():
    # plan changes on row 10 but its work cell is blank: the old plan's work must not leak
    grid = read_grid(wb_text({"C10": None}))
    rows, problems = apply_mapping(grid, guess_mapping(grid, guess_header(grid)))
    assert problems == ()
    assert [(r.plan, r.work) for r in rows[2:]] == [(EDU, PRE), (HEALTH, ""), (HEALTH, "")]
    assert rows[4].group == "งบดำเนินงาน"  # a lower level still carries within the plan
