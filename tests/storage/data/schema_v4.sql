-- The schema as of migration 4 (commit 0e7bdc7), dumped from sqlite_master; PRAGMA user_version=4.
CREATE TABLE users (
        telegram_id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        language TEXT NOT NULL DEFAULT 'ru',
        paused INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    , name TEXT NOT NULL DEFAULT '', username TEXT);
CREATE TABLE accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        telegram_id INTEGER NOT NULL UNIQUE REFERENCES users(telegram_id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('employer', 'applicant')),
        hh_user_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        employer_id TEXT,
        employer_name TEXT,
        manager_id TEXT,
        access_token BLOB NOT NULL,
        refresh_token BLOB NOT NULL,
        token_expires_at REAL NOT NULL,
        status TEXT NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'needs_relink', 'paused')),
        status_reason TEXT,
        linked_at REAL NOT NULL,
        baseline_done INTEGER NOT NULL DEFAULT 0,
        next_check_at REAL NOT NULL DEFAULT 0,
        last_check_at REAL,
        last_success_at REAL,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
CREATE INDEX accounts_due ON accounts(status, next_check_at);
CREATE TABLE oauth_states (
        state TEXT PRIMARY KEY,
        telegram_id INTEGER NOT NULL,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        used_at REAL
    );
CREATE TABLE vacancy_marks (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        vacancy_id TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        PRIMARY KEY (account_id, vacancy_id)
    ) WITHOUT ROWID;
CREATE TABLE collection_marks (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        vacancy_id TEXT NOT NULL,
        collection_id TEXT NOT NULL,
        total INTEGER NOT NULL,
        with_updates INTEGER NOT NULL,
        PRIMARY KEY (account_id, vacancy_id, collection_id)
    ) WITHOUT ROWID;
CREATE TABLE negotiation_marks (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        negotiation_id TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        messages INTEGER NOT NULL,
        state TEXT NOT NULL, seen_at REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, negotiation_id)
    ) WITHOUT ROWID;
CREATE TABLE delivered (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        negotiation_id TEXT NOT NULL,
        hh_message_id TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        telegram_message_id INTEGER,
        created_at REAL NOT NULL,
        PRIMARY KEY (account_id, negotiation_id, hh_message_id)
    );
CREATE INDEX delivered_by_telegram_message ON delivered(chat_id, telegram_message_id);
CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL,
        account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        negotiation_id TEXT,
        hh_message_id TEXT,
        text TEXT NOT NULL,
        reply_markup TEXT,
        created_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before REAL NOT NULL DEFAULT 0
    , set_aside_at REAL, last_error TEXT);
CREATE INDEX outbox_by_chat ON outbox(chat_id, id);
CREATE TABLE pending_actions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        negotiation_id TEXT NOT NULL,
        card TEXT NOT NULL,
        created_at REAL NOT NULL
    );
CREATE INDEX pending_actions_by_negotiation ON pending_actions(account_id, negotiation_id);
CREATE TABLE prompts (
        telegram_id INTEGER PRIMARY KEY REFERENCES users(telegram_id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at REAL NOT NULL
    );
CREATE TABLE inbox (
        update_id INTEGER PRIMARY KEY,
        payload TEXT NOT NULL,
        received_at REAL NOT NULL
    );
CREATE INDEX outbox_live_by_chat ON outbox(chat_id, id) WHERE set_aside_at IS NULL;
CREATE TABLE handled_updates (
        update_id INTEGER PRIMARY KEY,
        handled_at REAL NOT NULL
    );
CREATE INDEX handled_updates_by_time ON handled_updates(handled_at);
CREATE INDEX negotiation_marks_by_seen ON negotiation_marks(seen_at);
CREATE INDEX delivered_by_age ON delivered(created_at);
CREATE TABLE told_groups (
        chat_id INTEGER PRIMARY KEY,
        told_at REAL NOT NULL
    );
