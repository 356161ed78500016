"""The book's first schema, as migration ``m001_initial`` creates it (schema.py).

Every money column is INTEGER satang in a STRICT table; the later
migrations add to it (schema.py), and the guards (append-only triggers)
are installed after each one.
"""

INITIAL = """
CREATE TABLE book (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE org_records (
    rec INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    lao_code TEXT NOT NULL,
    start TEXT NOT NULL,
    since TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE TABLE openings (
    rec INTEGER PRIMARY KEY,
    target TEXT NOT NULL CHECK (target IN ('cash', 'account', 'held')),
    key TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE TABLE accounts (
    key TEXT PRIMARY KEY,
    bank TEXT NOT NULL,
    number TEXT NOT NULL,
    branch TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE held_accounts (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE settings (
    rec INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    effective TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE INDEX settings_key ON settings (key, effective, rec);
CREATE TABLE codes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('revenue', 'expense')),
    grp TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE budget_lines (
    fy INTEGER NOT NULL,
    key TEXT NOT NULL,
    plan TEXT NOT NULL DEFAULT '',
    work TEXT NOT NULL DEFAULT '',
    grp TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL DEFAULT '',
    item TEXT NOT NULL DEFAULT '',
    amount INTEGER NOT NULL CHECK (amount >= 0),
    spent_before INTEGER NOT NULL DEFAULT 0 CHECK (spent_before >= 0),
    committed_before INTEGER NOT NULL DEFAULT 0 CHECK (committed_before >= 0),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (fy, key)
) STRICT;
CREATE TABLE revenue_estimates (
    fy INTEGER NOT NULL,
    code TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    created_at TEXT NOT NULL,
    PRIMARY KEY (fy, code)
) STRICT;
CREATE TABLE budget_changes (
    rec INTEGER PRIMARY KEY,
    fy INTEGER NOT NULL,
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('transfer', 'supplementary')),
    from_line TEXT,
    to_line TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    reason TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE TABLE commitments (
    key TEXT PRIMARY KEY,
    fy INTEGER NOT NULL,
    line TEXT NOT NULL,
    date TEXT NOT NULL,
    party TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    amount INTEGER NOT NULL CHECK (amount > 0),
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE TABLE commitment_events (
    rec INTEGER PRIMARY KEY,
    commitment TEXT NOT NULL REFERENCES commitments (key),
    event TEXT NOT NULL CHECK (event IN ('cancel')),
    date TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE TABLE imports (
    rec INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE TABLE entries (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('receipt', 'deposit', 'withdraw', 'payment', 'void', 'reversal')),
    base_kind TEXT NOT NULL CHECK (base_kind IN ('receipt', 'deposit', 'withdraw', 'payment', 'void')),
    date TEXT NOT NULL,
    fy INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    wht INTEGER NOT NULL DEFAULT 0,
    book TEXT NOT NULL DEFAULT '',
    number TEXT NOT NULL DEFAULT '',
    party TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL DEFAULT '',
    line TEXT NOT NULL DEFAULT '',
    held TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    account TEXT NOT NULL DEFAULT '',
    cheque TEXT NOT NULL DEFAULT '',
    commitment TEXT NOT NULL DEFAULT '',
    reverses TEXT REFERENCES entries (id),
    reason TEXT NOT NULL DEFAULT '',
    import_rec INTEGER REFERENCES imports (rec),
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
) STRICT;
CREATE INDEX entries_date ON entries (date, seq);
CREATE INDEX entries_code ON entries (base_kind, code);
CREATE INDEX entries_line ON entries (fy, line);
CREATE UNIQUE INDEX entries_receipt_no ON entries (book, number)
    WHERE kind IN ('receipt', 'void') AND number <> '';
CREATE UNIQUE INDEX entries_voucher_no ON entries (fy, number)
    WHERE kind = 'payment' AND number <> '';
CREATE UNIQUE INDEX entries_slip_no ON entries (kind, account, number)
    WHERE kind IN ('deposit', 'withdraw') AND number <> '';
CREATE UNIQUE INDEX entries_reversed_once ON entries (reverses) WHERE reverses IS NOT NULL;
CREATE TABLE cheque_events (
    rec INTEGER PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES entries (id),
    event TEXT NOT NULL CHECK (event IN ('handed')),
    date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE TABLE closes (
    rec INTEGER PRIMARY KEY,
    date TEXT NOT NULL UNIQUE,
    entries INTEGER NOT NULL,
    chain_head TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE TABLE keyed_marks (
    rec INTEGER PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES entries (id),
    keyed INTEGER NOT NULL CHECK (keyed IN (0, 1)),
    doc_no TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX keyed_marks_entry ON keyed_marks (entry_id, rec);
CREATE TABLE receipt_books (
    book TEXT PRIMARY KEY,
    first INTEGER NOT NULL,
    last INTEGER,
    auto INTEGER NOT NULL DEFAULT 0,
    registered_at TEXT NOT NULL,
    clerk TEXT NOT NULL
) STRICT;
CREATE VIEW movements AS
    SELECT seq, date, CASE WHEN account <> '' THEN 'account' ELSE 'cash' END AS target,
           account AS key, amount AS delta
      FROM entries WHERE base_kind = 'receipt'
    UNION ALL SELECT seq, date, 'held', held, amount FROM entries
      WHERE base_kind = 'receipt' AND held <> ''
    UNION ALL SELECT seq, date, 'cash', '', -amount FROM entries WHERE base_kind = 'deposit'
    UNION ALL SELECT seq, date, 'account', account, amount FROM entries WHERE base_kind = 'deposit'
    UNION ALL SELECT seq, date, 'account', account, -amount FROM entries WHERE base_kind = 'withdraw'
    UNION ALL SELECT seq, date, 'cash', '', amount FROM entries WHERE base_kind = 'withdraw'
    UNION ALL SELECT seq, date, CASE WHEN account <> '' THEN 'account' ELSE 'cash' END,
           account, -(amount - wht)
      FROM entries WHERE base_kind = 'payment'
    UNION ALL SELECT seq, date, 'held', held, -amount FROM entries
      WHERE base_kind = 'payment' AND held <> ''
    UNION ALL SELECT seq, date, 'held', (SELECT key FROM held_accounts WHERE role = 'wht' LIMIT 1), wht
      FROM entries WHERE base_kind = 'payment' AND wht <> 0;
"""
