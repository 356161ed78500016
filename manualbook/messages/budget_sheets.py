"""Messages about budget sheets, in Thai: an e-LAAS budget workbook or the contract's
plain budget file read, its columns mapped, its cells read (``money.SHEET_CELL``).

The texts quote the file's own words as they are (``problem()``, not ``msg()``);
``{where}`` is ``sheet_where``: the row, the column's title and its letter.
"""

TEXTS: dict[str, str] = {
    # a cell's amount (money.SHEET_CELL): the cell quoted as it is, the row added by the sheet
    "cell_amount_not_number": "จำนวนเงิน \"{value}\" ไม่ใช่ตัวเลข",
    "cell_amount_negative": "จำนวนเงิน \"{value}\" ติดลบ",
    "cell_amount_fraction": "จำนวนเงิน \"{value}\" ไม่ลงตัวที่สตางค์ (ทศนิยมเกิน 2 ตำแหน่ง)",
    "cell_amount_decimals": "จำนวนเงิน \"{value}\" มีทศนิยมเกิน 2 ตำแหน่ง",
    # reading the file
    "sheet_xls": "ไฟล์นี้เป็น Excel รุ่นเก่า (.xls): เปิดด้วย Excel แล้วบันทึกเป็น .xlsx ก่อน",
    "sheet_xlsx_unreadable": "เปิดไฟล์ Excel (.xlsx) ไม่ได้: {why}",
    "sheet_missing": "ไม่พบแผ่นงาน \"{sheet}\" ในไฟล์ (มี {names})",
    "sheet_no_header": ("หาแถวหัวตารางไม่พบ (ไม่มีแถวที่มีคำอย่าง แผนงาน งาน งบ หมวด รายการ ตั้งไว้): "
                        "โปรดเลือกแถวหัวตารางเอง"),
    # the column mapping
    "sheet_field_unknown": "ไม่รู้จักช่อง \"{name}\"",
    "sheet_mapping_unreadable": "อ่านการจับคู่คอลัมน์ที่บันทึกไว้ไม่ได้: {why}",
    "sheet_mapping_bad": "การจับคู่คอลัมน์ที่บันทึกไว้ไม่ถูกต้อง: {names}",
    "sheet_no_amount_column": "ยังไม่ได้เลือกคอลัมน์จำนวนเงิน (ตั้งไว้)",
    # a row of the sheet
    "sheet_where": "แถวที่ {row_no} ช่อง \"{title}\" (คอลัมน์ {column})",
    "sheet_row": "แถวที่ {row_no}",
    "sheet_at": "{where}: {why}",
    "sheet_total_off": ("{where}: ยอดรวมทั้งสิ้น {total} ไม่เท่ากับผลรวมรายการที่อ่านได้ {running} "
                        "(อาจมีแถวที่อ่านผิดหรือถูกข้าม)"),
    "sheet_row_no_amount": "แถวที่ {row_no}: ไม่มีจำนวนเงิน (amount หรือ estimate)",
    "sheet_amount_missing": "{where}: ไม่มีจำนวนเงิน",
    "sheet_line_missing": "{where}: ไม่มีรหัสรายการงบ",
    "sheet_no_line_column": "แถวที่ {row_no}: ไม่มีคอลัมน์รหัสรายการงบ (line)",
    "sheet_revenue_code_bad": "รหัสรายรับ \"{code}\" ต้องเป็นตัวเลข 8 หลัก",
    "sheet_revenue_code_missing": "ไม่มีรหัสรายรับ (8 หลัก)",
    "sheet_expense_code_bad": "{where}: รหัสประเภทรายจ่าย \"{code}\" ต้องเป็นตัวเลข 7 หลัก",
    "sheet_line_twice": "{where}: รหัสรายการงบ \"{line}\" ซ้ำกับแถวที่ {first}",
    "sheet_revenue_twice": "{where}: รหัสรายรับ \"{code}\" ซ้ำกับแถวที่ {first}",
    # what the preview says of each row
    "sheet_import": "นำเข้า",
    "sheet_skip": "ข้าม",
    "sheet_problem": "มีปัญหา",
    "sheet_skip_blank": "แถวว่าง",
    "sheet_skip_heading": "แถวหัวเรื่อง",
    "sheet_skip_subtotal": "แถวรวม",
    # the contract's plain budget file
    "budget_file_type": "อ่านไฟล์ \"{file}\" ไม่ได้: ต้องเป็น .csv หรือ .xlsx",
    "budget_file_empty": "ไฟล์ \"{file}\" ว่าง",
    "budget_file_columns": "ไฟล์ \"{file}\": {why}",
    "budget_file_unknown": "ไม่รู้จักคอลัมน์ {names}",
    "budget_file_twice": "คอลัมน์ซ้ำ {names}",
    "budget_file_no_amount": "ไฟล์ \"{file}\": ไม่มีคอลัมน์ amount (จำนวนเงิน) หรือ estimate (ประมาณการ)",
}
