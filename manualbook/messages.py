"""The one catalogue of messages a person reads, in Thai (budget, keying and bundle included).

The GUI, the command line and import reports all show these same texts.
Errors are values (``Problem``) with where they happened (row, field);
``BookError`` carries one or more of them out of a use case that refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

CATALOGUE: dict[str, str] = {
    # amounts
    "amount_missing": "ช่อง \"{field}\": ยังไม่ได้ใส่จำนวนเงิน",
    "amount_not_number": "ช่อง \"{field}\": \"{value}\" ไม่ใช่จำนวนเงิน (ตัวอย่างที่ถูก: 1,234.50)",
    "amount_negative": "ช่อง \"{field}\": จำนวนเงินติดลบ \"{value}\" ไม่ได้ (ถ้าจะแก้รายการ ให้ใช้การกลับรายการ)",
    "amount_decimals": "ช่อง \"{field}\": \"{value}\" มีทศนิยมเกินสองตำแหน่ง (สตางค์)",
    "amount_fraction": "ช่อง \"{field}\": \"{value}\" ไม่ลงตัวเป็นสตางค์",
    "amount_too_large": "ช่อง \"{field}\": จำนวนเงิน \"{value}\" มากเกินไป",
    "amount_zero": "ช่อง \"{field}\": จำนวนเงินต้องมากกว่าศูนย์",
    # a budget sheet's cell (money.SHEET_CELL): the cell quoted as it is, the row added by the sheet
    "cell_amount_not_number": "จำนวนเงิน \"{value}\" ไม่ใช่ตัวเลข",
    "cell_amount_negative": "จำนวนเงิน \"{value}\" ติดลบ",
    "cell_amount_fraction": "จำนวนเงิน \"{value}\" ไม่ลงตัวที่สตางค์ (ทศนิยมเกิน 2 ตำแหน่ง)",
    "cell_amount_decimals": "จำนวนเงิน \"{value}\" มีทศนิยมเกิน 2 ตำแหน่ง",
    # dates
    "date_missing": "ช่อง \"{field}\": ยังไม่ได้ใส่วันที่",
    "date_bad": "ช่อง \"{field}\": อ่านวันที่ \"{value}\" ไม่ออก (ใช้รูปแบบ วัน/เดือน/ปี พ.ศ. เช่น 8/7/2567)",
    "date_not_real": "ช่อง \"{field}\": วันที่ \"{value}\" ไม่มีจริงในปฏิทิน",
    "date_ce_year": "ช่อง \"{field}\": ปี {year} ดูเหมือนเป็นปี ค.ศ. กรุณาใส่ปี พ.ศ. (เช่น {be})",
    "month_bad": "ช่อง \"{field}\": อ่านเดือน \"{value}\" ไม่ออก (ใช้รูปแบบ เดือน/ปี พ.ศ. เช่น 7/2567)",
    "date_year_absurd": "ช่อง \"{field}\": ปี {year} ในวันที่ \"{value}\" ไม่น่าใช่ปีที่ถูกต้อง (ใส่ปี พ.ศ. เช่น 2567)",
    "date_future": "วันที่ {date} ยังมาไม่ถึง: วันนี้ตามนาฬิกาของเครื่องคือ {today} (ถ้านาฬิกาของเครื่องผิด ให้ตั้งให้ถูกก่อน)",
    "date_before_start": "วันที่ {date} อยู่ก่อนวันเริ่มสมุด ({start})",
    "date_other_fy": "วันที่ {date} อยู่ในปีงบประมาณ {fy} แต่วันที่ทำงานคือ {working} (ปีงบประมาณ {working_fy}) พิมพ์ปีถูกหรือไม่? บันทึกลงวันที่ {date} จริงหรือ?",
    "date_far_ahead": "วันที่ {date} อยู่หลังวันที่ทำงาน ({working}) ไป {days} วัน พิมพ์วันที่ถูกหรือไม่? บันทึกลงวันที่ {date} จริงหรือ?",
    "date_closed": "วันที่ {date} ปิดบัญชีแล้ว (ปิดถึงวันที่ {closed}) บันทึกรายการลงวันที่นี้ไม่ได้",
    # book set-up
    "no_book": "ยังไม่ได้ตั้งสมุดบัญชีในแฟ้ม {path} (ใช้คำสั่ง manualbook init ก่อน)",
    "book_exists": "แฟ้ม {path} ตั้งสมุดบัญชีไว้แล้ว",
    "since_before_start": "วันที่ระบบ e-LAAS ขัดข้อง ({since}) ต้องไม่อยู่ก่อนวันเริ่มสมุด ({start})",
    "opening_locked": "ปิดบัญชีวันแรกไปแล้ว แก้ยอดยกมาไม่ได้ (ให้บันทึกรายการปรับปรุงแทน)",
    "account_exists": "มีบัญชีเงินฝาก \"{key}\" อยู่แล้ว",
    "account_unknown": "ไม่มีบัญชีเงินฝาก \"{key}\" ในสมุด",
    "held_exists": "มีบัญชีเงินรับฝาก \"{key}\" อยู่แล้ว",
    "key_bad": "รหัส \"{key}\" ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข - และ _",
    "setting_unknown": "ไม่รู้จักค่าตั้ง \"{key}\" (ที่ใช้ได้: {known})",
    "code_exists": "มีรหัส \"{code}\" อยู่แล้ว",
    "code_bad": "รหัสรายรับ \"{code}\" ต้องเป็นตัวเลข 8 หลัก",
    # entries
    "kind_bad": "ช่อง \"ประเภท\": \"{value}\" ไม่ใช่ประเภทรายการที่รู้จัก (รับ นำฝาก ถอน จ่าย ยกเลิก)",
    "method_bad": "ช่อง \"วิธีรับจ่าย\": \"{value}\" ไม่รู้จัก (เงินสด เช็ค โอน)",
    "field_required": "ช่อง \"{field}\": ต้องใส่สำหรับรายการประเภท{kind}",
    "field_not_allowed": "ช่อง \"{field}\": รายการประเภท{kind}ไม่ใช้ช่องนี้",
    "code_unknown": "ช่อง \"รหัสรายรับ\": ไม่มีรหัสรายรับหรือบัญชีเงินรับฝาก \"{code}\"",
    "line_unknown": "ช่อง \"รายการงบ\": ไม่มีรายการงบ \"{line}\" ในปีงบประมาณ {fy} หรือบัญชีเงินรับฝากชื่อนี้",
    "receipt_used": "ใบเสร็จเล่มที่ {book} เลขที่ {number} ใช้ไปแล้ว{where}",
    "transfer_ref_used": "เลขอ้างอิงการโอน {number} ของบัญชี {account} บันทึกรับไปแล้ว{where}",
    "receipt_ref_needs_transfer": "ช่อง \"เลขที่\": รับเงินที่ไม่มีเล่มใบเสร็จใส่เลขที่ได้เฉพาะเงินโอนเข้าบัญชี"
                                  " (เลขที่ = เลขอ้างอิงของธนาคาร) ถ้าออกใบเสร็จให้ใส่เล่มที่ด้วย",
    "voucher_used": "ฎีกาเลขที่ {number} ปีงบประมาณ {fy} ใช้ไปแล้ว{where}",
    "slip_used": "ใบนำฝาก/ใบถอนเลขที่ {number} ของบัญชี {account} ใช้ไปแล้ว{where}",
    "wht_too_big": "ช่อง \"ภาษีหัก ณ ที่จ่าย\": {wht} มากกว่าจำนวนเงิน {amount}",
    "over_budget": "รายการงบ \"{line}\" เหลือ {remaining} บาท แต่จ่าย {amount} บาท (เกิน {over} บาท) ให้โอนงบหรือตั้งงบเพิ่มเติมก่อน",
    "below_zero": "{what} ติดลบ ณ สิ้นวันที่ {date} (คงเหลือ {balance} บาท)",
    "cheque_account": "จ่ายด้วยเช็คหรือโอนต้องระบุบัญชีเงินฝาก",
    "cheque_number": "จ่ายด้วยเช็คต้องใส่เลขที่เช็ค",
    "transfer_account": "รับเงินโอนต้องระบุบัญชีเงินฝากที่รับเงิน",
    "cash_no_account": "ช่อง \"บัญชี\": รายการเงินสดไม่ต้องระบุบัญชีเงินฝาก",
    "entry_unknown": "ไม่มีรายการรหัส \"{id}\" ในสมุด",
    "reverse_reversal": "รายการ {id} เป็นการกลับรายการอยู่แล้ว กลับซ้ำไม่ได้ (ให้บันทึกรายการใหม่)",
    "reverse_void": "รายการ {id} เป็นการยกเลิกใบเสร็จ ซึ่งไม่มีจำนวนเงิน กลับรายการไม่ได้",
    "already_reversed": "รายการ {id} ถูกกลับรายการไปแล้ว (รายการ {by})",
    "reverse_before": "วันที่กลับรายการ ({date}) อยู่ก่อนวันที่ของรายการเดิม ({orig})",
    "reason_required": "ต้องระบุเหตุผล",
    "receipt_book_exists": "ลงทะเบียนใบเสร็จเล่มที่ {book} ไว้แล้ว",
    "receipt_book_no": "ต้องระบุเล่มที่ของใบเสร็จ",
    "receipt_book_first": "เลขที่แรกของเล่มต้องตั้งแต่ 1 ขึ้นไป (ใส่ {first})",
    "receipt_book_range": "เลขที่สุดท้ายของเล่ม ({last}) ต้องไม่น้อยกว่าเลขที่แรก ({first})",
    "number_bad": "ช่อง \"{field}\": \"{value}\" ต้องเป็นตัวเลข",
    "receipt_number_bad": "ช่อง \"{field}\": \"{value}\" ต้องเป็นเลขที่ตั้งแต่ 1 ขึ้นไป เขียนด้วยตัวเลขล้วนไม่เกิน 9 หลัก (เช่น 12)",
    # text typed or read from files
    "text_control": "ช่อง \"{field}\": มีอักขระควบคุมที่มองไม่เห็น ({code}) ให้ลบออกแล้วพิมพ์ใหม่",
    "text_too_long": "ช่อง \"{field}\": ยาว {length} ตัวอักษร เกินที่รับได้ ({limit} ตัวอักษร)",
    # import
    "file_missing": "ไม่พบแฟ้ม {path}",
    "file_type": "แฟ้ม {path} ต้องเป็น .csv หรือ .xlsx",
    "file_unreadable": "อ่านแฟ้ม {path} ไม่ได้: {why}",
    "file_empty": "แฟ้ม {path} ไม่มีรายการ",
    "column_unknown": "ไม่รู้จักคอลัมน์ \"{name}\"",
    "column_missing": "แฟ้มไม่มีคอลัมน์ \"{name}\" ที่จำเป็น",
    "already_imported": "แฟ้มนี้นำเข้าไปแล้วเมื่อ {when} (ชื่อแฟ้มตอนนั้น: {name}) ไม่นำเข้าซ้ำ",
    "file_encoding": "แฟ้ม {path} ไม่ได้บันทึกเป็นตัวอักษรแบบ UTF-8 และอ่านเป็นภาษาไทยแบบเก่า (TIS-620) ไม่ได้: ใน Excel ให้เลือก บันทึกเป็น (Save As) ชนิด \"CSV UTF-8 (Comma delimited)\" แล้วนำเข้าใหม่",
    "file_utf16": "แฟ้ม {path} บันทึกเป็น \"Unicode Text\" (UTF-16) ซึ่งโปรแกรมไม่อ่าน: ใน Excel ให้เลือก บันทึกเป็น (Save As) ชนิด \"CSV UTF-8 (Comma delimited)\" แล้วนำเข้าใหม่",
    "file_tis620": "(แฟ้มนี้อ่านเป็นภาษาไทยแบบเก่า TIS-620 ถ้าชื่อคอลัมน์อ่านไม่ออก ให้บันทึกจาก Excel เป็น \"CSV UTF-8 (Comma delimited)\")",
    "csv_field_too_long": "แถวที่ {row}: มีช่องยาวเกิน {limit} ตัวอักษร (มักเกิดจากเครื่องหมาย \" ที่ไม่ครบคู่) ให้ตรวจแถวนี้ในแฟ้ม",
    "csv_bad": "แฟ้ม CSV ผิดรูปแบบที่แถวที่ {row} ({why}) ให้บันทึกจาก Excel เป็น \"CSV UTF-8 (Comma delimited)\" ใหม่",
    "row_extra_cells": "มีข้อมูลในคอลัมน์ที่ {column} ซึ่งไม่มีชื่อคอลัมน์ (ในแฟ้ม CSV จำนวนเงินที่มีจุลภาค เช่น 1,234.50 ต้องอยู่ในเครื่องหมายคำพูด)",
    "column_duplicate": "คอลัมน์ \"{name}\" มีซ้ำกัน (คอลัมน์ที่ {first} และ {second}) ให้เหลือคอลัมน์เดียว",
    "problems_more": "และปัญหาอื่นอีก {count} ปัญหา (แสดงเฉพาะ {shown} ปัญหาแรก)",
    "import_progress": "กำลังนำเข้า: ตรวจแล้ว {done} แถว",
    "import_refused": "ไม่ได้นำเข้าแฟ้ม: พบ {count} ปัญหา ยังไม่มีการบันทึกใด ๆ",
    # budget
    "budget_line_changed": "รายการงบ \"{line}\" ปี {fy} มีอยู่แล้วด้วยจำนวน {old} บาท จะเปลี่ยนเป็น {new} บาทไม่ได้ (ให้ใช้การโอนงบหรืองบเพิ่มเติม)",
    "budget_row_bad": "แถวที่ {row}: {why}",
    # day close and verify
    "close_before_start": "วันที่ {date} อยู่ก่อนวันเริ่มสมุด ปิดไม่ได้",
    "close_already": "วันที่ {date} ปิดไปแล้ว (ปิดถึงวันที่ {closed})",
    "verify_chain": "รายการลำดับที่ {seq} (รหัส {id}) ไม่ตรงกับลายนิ้วมือที่บันทึกไว้: ข้อมูลถูกแก้ไขนอกโปรแกรม",
    "verify_link": "รายการลำดับที่ {seq} (รหัส {id}) ไม่ต่อกับรายการก่อนหน้า: มีรายการหายหรือถูกแทรก",
    "verify_close": "การปิดบัญชีวันที่ {date} บันทึกลายนิ้วมือ {head} แต่สมุดตอนนี้ให้ {now}",
    "verify_balance": "{what} ติดลบ ณ สิ้นวันที่ {date}",
    "verify_snapshot": ("ยอดคงเหลือที่เก็บไว้ตอนปิดบัญชีวันที่ {date} ไม่ตรงกับที่คำนวณจากรายการ:"
                        " ถูกแก้ไขนอกโปรแกรม (รายงานและยอดสรุปของวันหลังจากนั้นจะผิด)"),
    "verify_sqlite": "แฟ้มสมุดเสียหาย: {why}",
    "verify_ok": "สมุดถูกต้อง: {count:,} รายการ ลายนิ้วมือ {head}",
    "verify_ok_detail": ("ตรวจแล้ว: โครงสร้างแฟ้มทุกหน้าและดัชนี ลายนิ้วมือทุกรายการ บันทึกอื่น {records} บันทึก "
                         "เทียบกับลายนิ้วมือที่บันทึกไว้ {anchors} จุด (ปิดบัญชี ส่งออก และการบันทึกครั้งล่าสุด) "
                         "เลขที่เอกสารไม่ซ้ำ และยอดคงเหลือไม่ติดลบ"),
    "verify_unreadable": "ตรวจ{what}ไม่ได้เพราะอ่านแฟ้มส่วนนั้นไม่ได้ (แฟ้มเสียหาย): {why}",
    "verify_stage_integrity": "โครงสร้างแฟ้ม",
    "verify_stage_anchors": "ลายนิ้วมือที่บันทึกไว้ตอนปิดบัญชีและส่งออก",
    "verify_stage_entries": "ลายนิ้วมือของรายการ",
    "verify_stage_records": "สายบันทึกอื่น",
    "verify_stage_duplicates": "เลขที่เอกสารซ้ำ",
    "verify_stage_balances": "ยอดคงเหลือ",
    "verify_schema": ("โครงสร้างตาราง ดัชนี หรือมุมมองของสมุดไม่ตรงกับที่โปรแกรมรุ่นนี้สร้าง: {names} "
                      "(ถูกแก้ไขนอกโปรแกรมหรือแฟ้มเสียหาย ยอดที่คำนวณจากส่วนนี้อาจผิด)"),
    "verify_stage_snapshots": "ยอดคงเหลือที่เก็บไว้ตอนปิดบัญชี",
    "verify_more": "และพบปัญหาแบบเดียวกันอีก {count:,} รายการ",
    "anchor_close": "การปิดบัญชีวันที่ {date}",
    "anchor_export": "การส่งออกชุดข้อมูล {folder}",
    "anchor_ack": "บันทึกการบันทึกครั้งล่าสุด ({file})",
    "verify_anchor_missing": ("{what} บันทึกว่ามี{chain}ถึงลำดับที่ {seq} (ลายนิ้วมือ {head}) แต่สมุดตอนนี้มีถึงลำดับที่ "
                              "{have}: {chain}ล่าสุดหายไป"),
    "verify_anchor_head": ("{what} บันทึกลายนิ้วมือ{chain}ลำดับที่ {seq} ไว้เป็น {head} แต่สมุดตอนนี้ให้ {now}: "
                           "สมุดถูกแก้ไขแล้วคำนวณลายนิ้วมือใหม่ หรือถูกแทนด้วยแฟ้มอื่น"),
    "verify_record_chain": "สายบันทึกอื่นลำดับที่ {seq} ({table}) ไม่ตรงกับลายนิ้วมือ: สายบันทึกถูกแก้ไขนอกโปรแกรม",
    "verify_record_why": "สายบันทึกลำดับที่ {seq} อ้างการปรับรุ่นสมุด \"{name}\" ที่ไม่ได้เขียนบันทึกนี้: สายบันทึกถูกแก้ไขนอกโปรแกรม",
    "verify_record_twice": "{table} ({key}) ถูกบันทึกซ้ำในสายบันทึก (ลำดับที่ {seq}): สายบันทึกถูกแก้ไขนอกโปรแกรม",
    "verify_record_added": "{table} ({key}) ถูกเพิ่มนอกโปรแกรม (ไม่มีในสายบันทึก)",
    "verify_record_changed": "{table} ({key}) ถูกแก้ไขนอกโปรแกรม: ช่อง {field} บันทึกไว้ {old} แต่ตอนนี้เป็น {new}",
    "verify_record_deleted": "{table} ({key}) ถูกลบนอกโปรแกรม (บันทึกไว้ในสายบันทึกลำดับที่ {seq})",
    "verify_duplicate": "{what} {number} ถูกใช้ {count} ครั้ง (ดัชนีป้องกันเลขซ้ำของแฟ้มอาจเสียหาย)",
    "duplicate_receipt": "ใบเสร็จเล่มที่",
    "duplicate_voucher": "ฎีกาเลขที่",
    "duplicate_slip": "ใบนำฝาก/ใบถอนเลขที่",
    "duplicate_reversed": "รายการที่ถูกกลับรายการ",
    "backup_exists": "แฟ้ม {path} มีอยู่แล้ว ไม่เขียนทับ",
    "restore_target_open": ("ย้ายสมุด {path} ไปเก็บไว้ไม่ได้ ({why}) สมุดอาจเปิดอยู่ในโปรแกรมอื่น "
                            "ให้ปิดโปรแกรมสมุดบัญชีก่อนแล้วลองใหม่"),
    "restore_failed": "กู้คืนสมุดไม่สำเร็จ: {why} สมุดเดิมยังอยู่ที่เดิม",
    "restore_same": "แฟ้ม {path} คือสมุดที่ใช้อยู่ กู้คืนจากตัวเองไม่ได้ ให้เลือกแฟ้มสำรอง",
    # bundles (verify DIR): the manifest's figures recomputed
    "bundle_essential_missing": "ไม่มีแฟ้ม {file} ในชุดข้อมูล (ทุกชุดต้องมีแฟ้มนี้): ชุดข้อมูลไม่ครบหรือถูกลบแฟ้มออก",
    "bundle_unlisted": "แฟ้ม {file} ไม่อยู่ในรายการของ manifest.json จึงตรวจลายนิ้วมือไม่ได้: manifest.json ถูกแก้ไข",
    "bundle_register_missing": "ไม่มีทะเบียน {file} ที่ชุดข้อมูลนี้ต้องมี: ชุดข้อมูลไม่ครบหรือถูกลบแฟ้มออก",
    "bundle_copy_bad": "สำเนาสมุด {file} ตรวจไม่ผ่าน: {why}",
    "bundle_since_bad": "manifest.json ระบุวันเริ่มส่งออก \"{since}\" ที่อ่านไม่ได้หรืออยู่ก่อนวันเริ่มสมุด",
    "bundle_figure": "manifest.json ระบุ {field} = {got} แต่สำเนาสมุดให้ {want}: manifest.json ถูกแก้ไข",
    "bundle_workbook_bad": "อ่านแฟ้ม {file} ไม่ได้: {why}",
    "bundle_workbook_meta": "แฟ้ม {file} (ชีตข้อมูลกำกับ) ระบุ {field} = {got} แต่สำเนาสมุดให้ {want}",
    "bundle_workbook_row": "แฟ้ม {file} แถวที่ {row} (รายการ {id}): ช่อง \"{field}\" เป็น {got} แต่สำเนาสมุดให้ {want}",
    "bundle_workbook_missing": "แฟ้ม {file} ไม่มี {count:,} รายการที่อยู่ในสำเนาสมุด (เช่น {ids})",
    "bundle_workbook_extra": "แฟ้ม {file} มี {count:,} รายการที่ไม่อยู่ในสำเนาสมุด (เช่น {ids})",
    "bundle_export_record": ("สมุดบันทึกไว้ว่าชุดข้อมูล {folder} มี manifest.json ลายนิ้วมือ {want} "
                             "แต่แฟ้มตอนนี้ให้ {got}: ชุดข้อมูลถูกแก้ไขหลังส่งออก"),
    "backups_none": "ยังไม่มีแฟ้มสำรองของสมุดนี้ (โปรแกรมสำรองให้เองทุกครั้งที่ปิดบัญชีประจำวันและเมื่อปิดโปรแกรม)",
    "backup_reason_close": "ปิดบัญชี",
    "backup_reason_quit": "ปิดโปรแกรม",
    "backup_reason_manual": "สำรองทันที",
    "backup_made": "สำรองสมุดแล้วและตรวจแล้ว: {path} ({entries:,} รายการ ลายนิ้วมือ {head})",
    "backup_unchanged": "สมุดไม่เปลี่ยนตั้งแต่สำรองครั้งล่าสุด จึงไม่ต้องสำรองซ้ำ",
    "backup_stage_copy": "คัดลอกสมุด",
    "backup_stage_verify": "ตรวจสำเนา",
    "backup_second_failed": ("คำเตือน: สำรองลงโฟลเดอร์ที่สอง {folder} ไม่สำเร็จ ({why}) "
                             "สำเนาในเครื่องสำรองไว้แล้ว เสียบแฟลชไดรฟ์แล้วกด \"สำรองทันที\" ภายหลังได้"),
    "backup_folder_missing": "ไม่พบโฟลเดอร์ {folder} (แฟลชไดรฟ์อาจไม่ได้เสียบอยู่)",
    "backup_readback": "อ่านแฟ้มสำรอง {path} กลับแล้วไม่ตรงกับต้นฉบับ (แฟลชไดรฟ์อาจเสีย)",
    "backup_failed_after_close": ("คำเตือน: ปิดบัญชีแล้ว แต่สำรองสมุดอัตโนมัติไม่สำเร็จ: {why} "
                                  "ให้สำรองด้วย manualbook backup หรือเมนูสำรองข้อมูล"),
    "book_lost_backup": "แฟ้มสำรองที่มีรายการครบ: {path} ({entries:,} รายการ) กู้คืนด้วย manualbook restore \"{path}\"",
    "book_lost_partial": ("ไม่มีแฟ้มสำรองที่มีรายการครบ แฟ้มสำรองล่าสุด {path} มีถึงรายการลำดับที่ {entries} "
                          "รายการหลังจากนั้นต้องบันทึกใหม่จากเอกสาร (หรือให้ผู้ดูแลระบบกู้จากแฟ้ม -wal ที่เก็บไว้)"),
    "book_lost_none": "ไม่พบแฟ้มสำรองของสมุดนี้ใน {folder} ให้ผู้ดูแลระบบกู้จากแฟ้ม -wal ที่เก็บไว้",
    "backup_write_failed": ("เขียนแฟ้มสำรอง {path} ไม่ได้ ({why}) ตรวจว่าพื้นที่ในดิสก์หรือแฟลชไดรฟ์ยังเหลือ "
                            "และเขียนได้ สมุดตัวจริงไม่ได้รับผลกระทบ"),
    "not_a_book": "แฟ้ม {path} ไม่ใช่สมุดของโปรแกรมนี้ (ไม่ใช่แฟ้มฐานข้อมูล SQLite) โปรแกรมไม่ได้เขียนอะไรลงแฟ้มนี้",
    # opening a file: never write into a file that is not ours
    "book_zero": ("แฟ้ม {path} ว่างเปล่า (0 ไบต์) จึงไม่ใช่สมุดบัญชี โปรแกรมไม่ได้เขียนอะไรลงแฟ้มนี้ "
                  "ถ้าเดิมเป็นสมุดบัญชี ให้กู้คืนจากแฟ้มสำรอง (manualbook backups แล้ว manualbook restore แฟ้ม) "
                  "ถ้าจะตั้งสมุดใหม่ ให้ย้ายแฟ้มนี้ออกก่อนหรือใช้ชื่อแฟ้มอื่น"),
    "book_unreadable": "อ่านแฟ้ม {path} ไม่ได้: {why}",
    "foreign_db": ("แฟ้ม {path} เป็นฐานข้อมูลของโปรแกรมอื่น ไม่ใช่สมุดบัญชีของโปรแกรมนี้ "
                   "โปรแกรมไม่ได้เขียนอะไรลงแฟ้มนี้ ตรวจว่าเลือกแฟ้มถูกหรือไม่"),
    "book_damaged": ("แฟ้มสมุด {path} เสียหาย ({why}) โปรแกรมไม่ได้เขียนอะไรลงแฟ้มนี้ "
                     "ให้กู้คืนจากแฟ้มสำรองล่าสุด (manualbook backups แล้ว manualbook restore แฟ้ม) "
                     "แฟ้มที่เสียหายจะถูกเก็บไว้ ไม่ถูกลบ"),
    "book_readonly": ("สมุด {path} เปิดแบบอ่านอย่างเดียว (อยู่บนแผ่นซีดี แฟลชไดรฟ์ที่ล็อกป้องกันการเขียน "
                      "หรือโฟลเดอร์ที่ไม่มีสิทธิ์เขียน) ดู พิมพ์ ตรวจ และส่งออกได้ แต่บันทึกหรือแก้ไขไม่ได้ "
                      "ให้คัดลอกแฟ้มสมุดลงเครื่องก่อนแล้วเปิดจากที่นั่น"),
    "book_lost": ("สมุด {path} มีรายการไม่ครบ: บันทึกสำเร็จไปแล้วถึงรายการลำดับที่ {acked} แต่ในแฟ้มตอนนี้มีถึง"
                  "ลำดับที่ {have} (หายไป {missing} รายการ แฟ้มบันทึกชั่วคราว -wal อาจเสียหาย "
                  "หรือแฟ้มถูกแทนด้วยสำเนาเก่า) โปรแกรมจึงไม่เปิดสมุดนี้"),
    "book_changed": ("สมุด {path} ไม่ใช่สมุดที่บันทึกไว้ครั้งล่าสุด: {what}ลำดับที่ {seq} ไม่ตรงกับลายนิ้วมือที่บันทึกไว้ "
                     "(ถูกแก้ไขหรือถูกแทนด้วยแฟ้มอื่น) โปรแกรมจึงไม่เปิดสมุดนี้"),
    "book_lost_keep": ("ไม่ได้ลบหรือเขียนแฟ้มใด ๆ (แฟ้มสมุด แฟ้ม -wal และ -shm ยังอยู่ครบ) "
                       "ถ้าตั้งใจนำสำเนาเก่ามาแทนเอง ให้ใช้ manualbook restore กับสำเนานั้น หรือลบแฟ้ม {ack}"),
    "db_locked": "สมุด {path} ถูกเปิดใช้อยู่ในโปรแกรมอื่น",
    # one writer at a time
    "book_busy": "สมุด {path} กำลังถูกใช้โดย{who} จึงยังบันทึกไม่ได้ (ยังไม่ได้บันทึกอะไร) ให้รอสักครู่แล้วสั่งใหม่ หรือปิดโปรแกรมนั้นก่อน (คำสั่งในสคริปต์ใส่ --wait เพื่อรอจนว่าง)",
    "book_busy_app": "โปรแกรมสมุดบัญชีมือที่เปิดอยู่บนเครื่อง {host} (หมายเลขโปรเซส {pid})",
    "book_busy_other": "โปรแกรมหรือคำสั่งอื่นที่กำลังบันทึก",
    "book_waiting": "สมุด {path} กำลังถูกใช้โดย{who}: กำลังรอจนกว่าจะว่าง…",
    # errors caught at the edge of a command
    "disk_full": "ที่เก็บแฟ้ม {path} เต็ม (หรือแฟ้มใหญ่เกินที่ที่เก็บนั้นรับได้) ให้ลบแฟ้มที่ไม่ใช้หรือเลือกที่เก็บอื่น แล้วสั่งใหม่",
    "disk_write": "เขียนแฟ้มที่ {path} ไม่ได้ ({why}): ที่เก็บนั้นอาจเต็ม แฟ้มใหญ่เกินที่ที่เก็บรับได้ หรือแฟลชไดรฟ์ถูกถอดออก ให้ตรวจที่เก็บนั้นแล้วสั่งใหม่",
    "temp_full": "โฟลเดอร์ชั่วคราวของเครื่อง (TEMP: {path}) เต็มหรือเขียนไม่ได้ ระหว่างเตรียมแฟ้ม ให้ลบแฟ้มในโฟลเดอร์นั้นหรือเพิ่มที่ว่างในไดรฟ์ แล้วสั่งใหม่",
    "out_of_memory": "หน่วยความจำของเครื่องไม่พอสำหรับงานนี้ ให้ปิดโปรแกรมอื่นแล้วสั่งใหม่",
    "unexpected": "เกิดข้อผิดพลาดที่โปรแกรมไม่คาดไว้ ({what}) งานนี้ไม่สำเร็จ ให้แจ้งผู้ดูแลพร้อมแฟ้มรายละเอียด {log}",
    "unexpected_nolog": "เกิดข้อผิดพลาดที่โปรแกรมไม่คาดไว้ ({what}) งานนี้ไม่สำเร็จ ให้แจ้งผู้ดูแล",
    "usage": "คำสั่งไม่ถูกต้อง: {why}",
    # corrections as new records (corrections.py)
    "org_dates_locked": "ปิดบัญชีวันแรกไปแล้ว แก้วันเริ่มสมุดหรือวันที่ระบบ e-LAAS ขัดข้องไม่ได้ "
                        "(แก้ได้เฉพาะชื่อและรหัสหน่วยงาน)",
    "org_name_missing": "ช่อง \"ชื่อหน่วยงาน\": ต้องใส่ชื่อหน่วยงาน",
    "org_effective_before_start": "วันที่มีผล {date} อยู่ก่อนวันเริ่มสมุด ({start})",
    "org_unchanged": "ข้อมูลหน่วยงานไม่ได้เปลี่ยน ไม่ต้องบันทึก",
    "range_book_unknown": "ยังไม่มีใบเสร็จเล่มที่ {book} ในทะเบียน (ลงทะเบียนเล่มใหม่แทน)",
    "range_leaves_out": "เล่มที่ {book} ใช้เลขที่ {numbers} ไปแล้ว ซึ่งอยู่นอกช่วง {first}–{last} ที่ใส่",
    # registers printed to a file (reporting.py, cli/report.py)
    "report_day": "รายงานสถานะการเงินประจำวันพิมพ์ได้ทีละวัน (ใช้ --date)",
    "report_unknown": "ไม่รู้จักทะเบียน \"{name}\" (ที่มี: {names})",
    "write_failed": "เขียนแฟ้ม {path} ไม่ได้: {why}",
    # budget lines, transfers and commitments (budget.py)
    "line_missing": "ไม่มีรายการงบ \"{line}\" ในปีงบประมาณ {fy}",
    "transfer_over": "โอนจากรายการงบ \"{line}\" ได้ไม่เกินยอดคงเหลือ {remaining} บาท (ขอโอน {amount} บาท)",
    "transfer_same": "โอนงบเข้ารายการเดียวกันไม่ได้",
    "commit_over": "ก่อหนี้ผูกพันรายการงบ \"{line}\" ได้ไม่เกินยอดคงเหลือ {remaining} บาท (ขอ {amount} บาท)",
    "commit_exists": "มีใบสั่ง/สัญญาเลขที่ \"{key}\" อยู่แล้ว",
    "commit_missing": "ไม่มีใบสั่ง/สัญญาเลขที่ \"{key}\"",
    "commit_cancelled": "ใบสั่ง/สัญญาเลขที่ \"{key}\" ยกเลิกไปแล้ว",
    "closed_day": "วันที่ {date} ปิดบัญชีแล้ว บันทึกการเปลี่ยนแปลงงบลงวันที่นี้ไม่ได้",
    "spent_over": "รายการงบ \"{line}\": เบิกจ่ายแล้ว {spent} บาท มากกว่างบที่ตั้งไว้ {amount} บาท",
    "line_exists": "มีรายการงบ \"{line}\" ในปีงบประมาณ {fy} อยู่แล้ว (เปลี่ยนจำนวนเงินด้วยการโอนงบหรืองบเพิ่มเติม)",
    "item_missing": "ช่อง \"รายการ\": ต้องใส่ชื่อรายการ/โครงการ",
    # keying into e-LAAS (keyed.py)
    "keyed_other_book": ("แฟ้ม {path} มาจากสมุดของ {theirs} ไม่ใช่สมุดของ {ours} "
                         "(คนละสมุด แม้ชื่อหน่วยงานจะเหมือนกัน) ไม่นำเข้า"),
    "keyed_no_meta": "แฟ้ม {path} ไม่มีข้อมูลกำกับว่ามาจากสมุดใด (ชีต _meta) จึงไม่นำเข้า",
    "keyed_unknown_id": "ไม่มีรายการรหัส \"{id}\" ในสมุดนี้",
    "keyed_dup_id": "รหัสรายการ {id} อยู่หลายแถว (แถวที่ {rows})",
    "keyed_bad_tick": "ช่อง \"บันทึกใน e-LAAS แล้ว\": อ่าน \"{value}\" ไม่ออก (ใส่ ✓ หรือเว้นว่าง)",
    "keyed_refused": "ไม่ได้นำเข้าผลการบันทึก: พบ {count} ปัญหา ยังไม่มีการบันทึกใด ๆ",
    "keyed_dup_doc": "เลขที่เอกสาร e-LAAS \"{doc}\" ใช้กับหลายรายการ ({ids}): บันทึกซ้ำหรือพิมพ์ผิด?",
    "keyed_day_off": "วันที่ {date}: {what}ตาม e-LAAS {theirs} บาท แต่ในสมุด {ours} บาท",
    "keyed_day_bad": "ชีตยอดรายวัน แถวที่ {line}: อ่าน \"{value}\" ในช่อง{what}ตาม e-LAAS ไม่ออก",
    "keyed_day_date": "ชีตยอดรายวัน แถวที่ {line}: อ่านวันที่ \"{value}\" ไม่ออก",
    "keyed_day_outside": ("วันที่ {date} อยู่นอกช่วงบันทึกย้อนหลัง ({since} ถึง {until}) "
                          "จึงบันทึกยอดตาม e-LAAS ของวันนี้ไม่ได้"),
    "keyed_doc_long": "เลขที่เอกสาร e-LAAS ยาวเกิน 40 ตัวอักษร: \"{doc}\"",
    # the backfill bundle (bundle.py)
    "out_exists": "โฟลเดอร์ {path} มีอยู่แล้ว: ชุดข้อมูลแต่ละครั้งต้องเป็นโฟลเดอร์ใหม่ (ไม่เขียนทับชุดเดิม)",
    "since_after_until": "วันเริ่มส่งออก ({since}) อยู่หลังรายการสุดท้ายในสมุด ({until})",
    "bundle_disk_full": "พื้นที่ใน {where} เต็ม เขียน {file} ไม่ได้",
    "read_only": "เขียนลง {where} ไม่ได้ (แฟลชไดรฟ์ล็อกป้องกันการเขียน หรือไม่มีสิทธิ์เขียน) ขณะเขียน {file}",
    "io_error": "อ่าน/เขียน {where} ไม่ได้ ขณะ{step} {file} (แฟลชไดรฟ์อาจถูกถอดออกระหว่างเขียน): {why}",
    "in_use": "แฟ้มหรือโฟลเดอร์ {file} ใน {where} ถูกโปรแกรมอื่นเปิดอยู่ (เช่น โปรแกรมป้องกันไวรัส หรือหน้าต่างโฟลเดอร์) ลองใหม่อีกครั้ง",
    "os_error": "เขียนชุดข้อมูลที่ {where} ไม่สำเร็จ ขณะ{step} {file}: {why}",
    "readback_mismatch": "อ่านแฟ้ม {file} กลับจาก {where} แล้วไม่ตรงกับที่เขียน (แฟลชไดรฟ์อาจเสีย ลองอันอื่น)",
    "export_failed": "ชุดข้อมูลนี้ไม่สมบูรณ์และไม่ได้ถูกทำเครื่องหมายว่าเป็นชุดล่าสุด ชุดข้อมูลเดิมบนแฟลชไดรฟ์ไม่ถูกแตะต้อง",
    "partial_left": "ลบโฟลเดอร์ชั่วคราว {path} ไม่ได้ (ไม่ใช่ชุดข้อมูลที่สมบูรณ์) ลบทิ้งได้เมื่อเสียบแฟลชไดรฟ์อีกครั้ง",
    "complete_left": ("ชุดข้อมูล {path} เขียนครบและอ่านกลับตรงแล้ว แต่บันทึก {latest} ไม่สำเร็จ "
                      "จึงยังไม่ถูกทำเครื่องหมายว่าเป็นชุดล่าสุด ตรวจได้ด้วย manualbook verify"),
    "export_not_recorded": ("ชุดข้อมูลเขียนครบแล้ว แต่บันทึกประวัติการส่งออกลงสมุดไม่ได้ ({why}) "
                            "ครั้งหน้าจะนับรายการใหม่จากชุดที่อยู่บนแฟลชไดรฟ์แทน"),
    "registers_failed": "พิมพ์ทะเบียน {name} ช่วง {period} ไม่ได้: {why}",
    "bundle_no_folder": "ไม่พบโฟลเดอร์ชุดข้อมูล {path}",
    "bundle_no_manifest": "{path}: ไม่มี manifest.json จึงไม่ใช่ชุดข้อมูลที่สมบูรณ์",
    "bundle_bad_manifest": "{path}: อ่าน manifest.json ไม่ได้ ({why})",
    "bundle_missing": "ไม่มีแฟ้ม {file} ที่ระบุไว้ใน manifest.json",
    "bundle_size": "แฟ้ม {file} มีขนาด {got} ไบต์ แต่ manifest.json ระบุ {want} ไบต์",
    "bundle_hash": "แฟ้ม {file} ไม่ตรงกับลายนิ้วมือ (sha256) ใน manifest.json: ถูกแก้ไขหรือเสียหาย",
    "bundle_unreadable": "อ่านแฟ้ม {file} ไม่ได้: {why}",
    "bundle_path_bad": "manifest.json ระบุแฟ้ม \"{file}\" ที่อยู่นอกโฟลเดอร์ชุดข้อมูล",
    "bundle_extra": "(หมายเหตุ) แฟ้ม {file} ไม่อยู่ในรายการของ manifest.json",
    "not_bundle_workbook": "แฟ้มนี้ไม่ใช่แฟ้มบันทึกย้อนหลังที่โปรแกรมนี้ส่งออก (ไม่มีชีต \"{sheet}\" หรือชีตข้อมูลกำกับ)",
    "bundle_workbook_no_ticks": "ชีต \"{sheet}\" ไม่มีคอลัมน์ \"รหัสรายการ\" และ \"บันทึกใน e-LAAS แล้ว\"",
    "bundle_ok": "ชุดข้อมูลถูกต้อง: {files} แฟ้ม {entries} รายการ ตั้งแต่ {since} ถึง {until} ลายนิ้วมือ {head}",
}


# What each kind of record is called when verify names one (store/records.py chains them).
RECORD_NAMES: dict[str, str] = {
    "book": "ข้อมูลสมุด", "org_records": "ข้อมูลหน่วยงาน", "openings": "ยอดยกมา",
    "accounts": "บัญชีเงินฝาก", "held_accounts": "บัญชีเงินรับฝาก", "settings": "ค่าตั้ง",
    "codes": "รหัสรายรับ/รายจ่าย", "budget_lines": "รายการงบประมาณ", "revenue_estimates": "ประมาณการรายรับ",
    "budget_changes": "การโอนงบ/งบเพิ่มเติม", "commitments": "ใบสั่ง/สัญญา (ก่อหนี้ผูกพัน)",
    "commitment_events": "การยกเลิกใบสั่ง/สัญญา", "imports": "ประวัติการนำเข้าแฟ้ม",
    "cheque_events": "การส่งมอบเช็ค", "closes": "การปิดบัญชี", "keyed_marks": "เครื่องหมายบันทึกเข้า e-LAAS",
    "receipt_books": "ทะเบียนเล่มใบเสร็จ", "elaas_day_totals": "ยอดรายวันของ e-LAAS",
    "exports": "ประวัติการส่งออก", "_sqlite_migrations": "ประวัติการปรับรุ่นสมุด",
    "close_snapshots": "ยอดคงเหลือ ณ สิ้นวันที่ปิดบัญชี",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong: a Thai message, and where it is."""

    code: str
    message: str
    row: int | None = None
    field: str | None = None

    def at_row(self, row: int) -> "Problem":
        return Problem(self.code, self.message, row, self.field)

    def text(self) -> str:
        return f"แถวที่ {self.row}: {self.message}" if self.row is not None else self.message

    def __str__(self) -> str:
        return self.text()


def msg(code: str, /, field: str | None = None, **values) -> Problem:
    """Builds a Problem from the catalogue; unknown codes are a programming error."""
    template = CATALOGUE[code]
    if field is not None:
        values["field"] = field
    shown = {k: _shown(v) if isinstance(v, str) and k not in ("path", "log") else v for k, v in values.items()}
    return Problem(code, template.format(**shown), None, field)



def problem(code: str, /, row: int | None = None, field: str | None = None, **values) -> Problem:
    """A Problem from the catalogue with its row and field, the values shown as given."""
    if field is not None:
        values.setdefault("field", field)
    return Problem(code, CATALOGUE[code].format(**values), row, field)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _shown(value: str, limit: int = 200) -> str:
    """A value quoted in a message: control characters made visible (a raw ESC would
    drive the terminal), very long values cut (a message must fit on a screen)."""
    value = _CONTROL.sub("\ufffd", value)
    return value if len(value) <= limit else value[:limit - 1] + "…"


class BookError(Exception):
    """A use case refused; nothing was written. Carries one or more Problems."""

    def __init__(self, problems: Problem | Iterable[Problem], headline: Problem | None = None, more: int = 0):
        if isinstance(problems, Problem):
            problems = (problems,)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.headline = headline
        self.more = more  # problems found but not listed (a file can have a million)
        super().__init__(self.text())

    @property
    def code(self) -> str:
        return (self.headline or self.problems[0]).code if self.problems or self.headline else ""

    def text(self) -> str:
        lines = [self.headline.text()] if self.headline else []
        lines += [p.text() for p in self.problems]
        if self.more:
            lines.append(msg("problems_more", count=f"{self.more:,}", shown=len(self.problems)).text())
        return "\n".join(lines)


class ProblemLog:
    """Problems of a long file: the first ``limit`` kept in order, the rest only counted."""

    def __init__(self, limit: int = 100):
        self.limit = limit
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < self.limit:
            self.kept.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(p)

    def __bool__(self) -> bool:
        return self.count > 0

    def error(self, headline: Problem | None = None) -> BookError:
        kept = sorted(self.kept, key=lambda p: p.row or 0)
        return BookError(kept, headline=headline, more=self.count - len(kept))
