"""What the program says when a job is done, in Thai: the command line's output
(CONTRACT: it changes only on purpose) and the reports of a keying import, a
bundle and a book upgrade. The refusals are in ``catalogue``.
"""

TEXTS: dict[str, str] = {
    "cancelled": "ยกเลิกแล้ว",
    # the book
    "done_init": ("ตั้งสมุดบัญชี {name} แล้ว: เริ่ม {start}, ระบบ e-LAAS ขัดข้องตั้งแต่ {since}, "
                  "เงินสดยกมา {cash} บาท ({db})"),
    "done_account": "เพิ่มบัญชีเงินฝาก {key} แล้ว (ยอดยกมา {opening} บาท)",
    "done_opening": "บันทึกการแก้ยอดยกมา {key} = {amount} บาท แล้ว",
    "done_held": "เพิ่มบัญชีเงินรับฝาก {key} แล้ว",
    "effective_from": " มีผลตั้งแต่ {date}",
    "done_org": ("บันทึกการแก้ข้อมูลหน่วยงานแล้ว: {name} รหัส {code} "
                 "เริ่มสมุด {start} ระบบขัดข้องตั้งแต่ {since}{when}"),
    "done_setting": "บันทึกค่าตั้ง {key} = {value} มีผลตั้งแต่ {date}",
    "done_code": "เพิ่มรหัส {code} {name} แล้ว",
    "receipt_book_line": "เล่มที่ {book}: เลขที่ {first}-{last} ใช้ {used} ยกเลิก {voided} เลขที่ขาด {gaps} เลขถัดไป {next}",
    "done_demo": "สร้างสำนักงานตัวอย่างแล้ว: {info}",
    # entries
    "import_of_about": " จากประมาณ {total}",
    "done_import": "นำเข้า {count} รายการแล้ว",
    "entry_reverses": " กลับรายการ {id}",
    "entry_reversed_by": " (ถูกกลับโดย {id})",
    "done_reverse": "กลับรายการ {id} แล้ว: รายการใหม่ {new} วันที่ {date}",
    "done_close": "ปิดบัญชีถึงวันที่ {date} แล้ว ({count} รายการ ลายนิ้วมือ {head})",
    "summary_day": "ณ สิ้นวันที่ {date}: เงินสด {cash} บาท",
    "summary_account": "  บัญชี {key}: {amount} บาท",
    "summary_held": "  เงินรับฝาก {key}: {amount} บาท",
    "summary_entries": "  รายการทั้งหมด {count} รายการ",
    "summary_keyed": "  บันทึกเข้า e-LAAS แล้ว {keyed} จาก {keyable} รายการ ครบ {days} จาก {days_to_key} วัน",
    "summary_unreconciled": "  ยอดรายวันไม่ตรงกับ e-LAAS: {dates}",
    # budget
    "done_budget_file": "นำเข้างบประมาณปี {fy} แล้ว: {lines} รายการงบ, {estimates} ประมาณการรายรับ",
    "done_line": "เพิ่มรายการงบ {key} {item} ปีงบประมาณ {fy} แล้ว: ตั้งไว้ {amount} บาท",
    "transfer_memo": "{line}: ตั้งจ่ายไว้ {set} คงเหลือก่อนโอน {before} โอนครั้งนี้ {change} คงเหลือหลังโอน {after}",
    "sheet_mapping_shown": "การจับคู่คอลัมน์: {columns}",
    "sheet_preview_line": "แถว {n:>4} {action:<8} {reason:<14} {line:<6} {what:<40} {amount:>16}",
    "sheet_not_saved": "ยังไม่ได้บันทึก: ตรวจการจับคู่และตัวอย่างด้านบน แล้วสั่งซ้ำพร้อม --yes เพื่อนำเข้า",
    "done_budget_sheet": "นำเข้างบประมาณปี {fy} แล้ว และจำการจับคู่คอลัมน์ไว้ใช้ครั้งต่อไป",
    "done_supplement": "บันทึกงบเพิ่มเติม {line} {amount} บาท แล้ว",
    "done_commit": "บันทึกก่อหนี้ผูกพัน {key} รายการงบ {line} {amount} บาท แล้ว",
    "done_commit_cancel": "ยกเลิกใบสั่ง/สัญญา {key} แล้ว",
    "budget_status_line": ("{key:<8} {item:<40} ถือจ่าย {appropriated:>16} ใช้ไป {spent:>16} "
                           "ผูกพัน {committed:>14} คงเหลือ {remaining:>16}"),
    # files, backups
    "done_template": "เขียนแฟ้มตัวอย่างสำหรับนำเข้ารายการที่ {out} แล้ว (แก้แถวตัวอย่างก่อนนำเข้าด้วย manualbook import)",
    "done_report": "พิมพ์{title}ลงแฟ้ม {out} แล้ว ({size} ไบต์)",
    "done_backup": "สำรองสมุดไปที่ {out} แล้ว และตรวจสำเนาแล้ว: {result}",
    "backup_verified": "ตรวจแล้ว",
    "backup_not_verified": "ไม่ผ่านการตรวจ",
    "backup_line": "{created}  {entries:>8} รายการ  {head:<19}  {mark:<14}  {path}",
    "restore_kept": " (สมุดเดิมเก็บไว้ที่ {saved} ไม่ได้ลบ)",
    "done_restore": "กู้คืนสมุดจาก {file} แล้ว{extra}: {result}",
    # reports of a finished job (keyed.py, bundle.py, store/schema.py)
    "warning": "คำเตือน: {text}",
    "unreconciled": "ยอดไม่ตรง: {text}",
    "keyed_import_done": ("อ่านแฟ้มแล้ว {rows} แถว บันทึกการเปลี่ยนแปลง {recorded} รายการ "
                          "(ทำเครื่องหมายว่าบันทึกแล้ว {ticked}, ยกเลิกเครื่องหมาย {unticked}, "
                          "เลขที่เอกสาร e-LAAS {docs})"),
    "keyed_day_totals_done": "บันทึกยอดรายวันตาม e-LAAS {days} วัน",
    "keyed_status": "บันทึกเข้า e-LAAS แล้ว {keyed} จาก {total} รายการ (ยังไม่บันทึก {not_keyed}) ตั้งแต่ {since}",
    "keyed_status_days": "วันที่บันทึกครบ {full} วัน บันทึกบางส่วน {partly} วัน ยังไม่บันทึก {none} วัน",
    "keyed_status_checked": "เทียบยอดรายวันกับ e-LAAS แล้ว {checked} วัน ไม่ตรง {off} วัน",
    "keyed_status_next": "รายการถัดไปที่ต้องบันทึก: ลำดับที่ {no} รหัส {id} วันที่ {date}",
    "keyed_status_skipped": ("คำเตือน: {count} รายการถูกข้ามไป (ยังไม่บันทึกแต่รายการหลังจากนั้นบันทึกแล้ว): "
                             "ลำดับที่ {shown}"),
    "bundle_done": ("เขียนชุดข้อมูลบันทึกย้อนหลัง {out} แล้ว และอ่านกลับตรงทุกแฟ้ม: {entries} รายการ "
                    "ตั้งแต่ {since} ถึง {until} ({files} แฟ้ม {mb} MB)"),
    "bundle_done_new": "รายการใหม่หลังชุดก่อน ({folder}): {count} รายการ",
    "bundle_done_before_previous": ("คำเตือน: {count} รายการใหม่ลงวันที่ที่ส่งออกไปแล้วในชุดก่อน "
                                    "ดูช่อง \"ใหม่\" ในชีตลำดับการบันทึก"),
    "bundle_done_no_registers": "คำเตือน: รุ่นนี้ยังพิมพ์ทะเบียน (PDF) ไม่ได้ ชุดข้อมูลจึงไม่มีทะเบียน",
    "lines_more": " และอีก {count} รายการ",
    # the steps of an export (its progress) and of writing it (named when one fails)
    "stage_copy": "คัดลอกและตรวจสมุด",
    "stage_collect": "อ่านรายการ",
    "stage_workbook": "สร้างแฟ้ม Excel",
    "stage_registers": "พิมพ์ทะเบียน",
    "stage_write": "เขียนลงแฟลชไดรฟ์",
    "stage_read": "อ่านกลับและเทียบ",
    "step_mkdir": "สร้างโฟลเดอร์",
    "step_write": "เขียน",
    "step_fsync": "บันทึกลงแฟลชไดรฟ์",
    "step_read": "อ่านกลับ",
    "step_rename": "ตั้งชื่อโฟลเดอร์",
    "step_latest": "บันทึก",
    "step_clean": "ลบโฟลเดอร์ชั่วคราว",
    "budget_restated": ("ปรับสมุดเป็นรุ่นใหม่แล้ว: รายการงบ {count} รายการของปีงบประมาณ {years} ({keys})"
                        " รุ่นก่อนเก็บงบที่ตั้งไว้เป็นยอดคงเหลือ ณ วันเริ่มสมุด จึงบันทึกปรับเป็นงบที่ตั้งไว้ทั้งปี"
                        " (บวกยอดเบิกจ่ายก่อนเริ่มสมุดกลับเข้าไป) งบถือจ่าย เบิกจ่าย และคงเหลือไม่เปลี่ยน"
                        " ตรวจดูได้ที่หน้างบประมาณและทะเบียนรายจ่ายตามงบประมาณ"),
}
