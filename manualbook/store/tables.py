"""Which tables hold posted records: schema.py guards them, records.py chains them; the migrations' names."""

# Tables whose rows, once written, may never change or disappear.
APPEND_ONLY = (
    "book", "org_records", "openings", "accounts", "held_accounts", "settings",
    "codes", "budget_lines", "revenue_estimates", "budget_changes", "commitments",
    "commitment_events", "imports", "entries", "cheque_events", "closes", "keyed_marks",
    "receipt_books", "elaas_day_totals", "exports", "budget_restatements", "record_log",
    "receipt_book_ranges",
    "close_snapshots",
)

# The names of schema.py's migrations in order (a test keeps the two in step): opening a book
# that has them all needs neither schema.py nor sqlite-utils.
MIGRATIONS = (
    "m001_initial", "m002_keying", "m003_budget_full_year", "m004_transfer_receipt_refs",
    "m005_record_chain", "m006_app_corrections", "m007_close_snapshots",
)
