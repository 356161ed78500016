"""Which tables hold posted records: schema.py guards them, records.py chains them."""

# Tables whose rows, once written, may never change or disappear.
APPEND_ONLY = (
    "book", "org_records", "openings", "accounts", "held_accounts", "settings",
    "codes", "budget_lines", "revenue_estimates", "budget_changes", "commitments",
    "commitment_events", "imports", "entries", "cheque_events", "closes", "keyed_marks",
    "receipt_books", "elaas_day_totals", "exports", "budget_restatements", "record_log",
    "receipt_book_ranges",
)
