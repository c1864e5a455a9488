"""Numbered schema migrations, applied in order at start-up by sqlite-utils' `Migrations`.

Each script runs in its own transaction together with the record of it in `_sqlite_migrations`;
`PRAGMA user_version` mirrors the number reached. A database that records a migration this code does not
know was written by a newer version: it is refused, never half-used.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from sqlite_utils import Database, Migrations

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE users (
        telegram_id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        language TEXT NOT NULL DEFAULT 'ru',
        paused INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
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
        state TEXT NOT NULL,
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
    );
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
    """,
    # 2: sender and intake: outbox rows set aside, handled Telegram update ids (issue 11, items 5, 6, 10)
    """
    ALTER TABLE outbox ADD COLUMN set_aside_at REAL;
    ALTER TABLE outbox ADD COLUMN last_error TEXT;
    CREATE INDEX outbox_live_by_chat ON outbox(chat_id, id) WHERE set_aside_at IS NULL;
    CREATE TABLE handled_updates (
        update_id INTEGER PRIMARY KEY,
        handled_at REAL NOT NULL
    );
    CREATE INDEX handled_updates_by_time ON handled_updates(handled_at);
    """,
    # 3: retention: when a negotiation was last seen on hh.ru (issue 11, item 14)
    """
    ALTER TABLE negotiation_marks ADD COLUMN seen_at REAL NOT NULL DEFAULT 0;
    UPDATE negotiation_marks SET seen_at = CAST(strftime('%s', 'now') AS REAL);
    CREATE INDEX negotiation_marks_by_seen ON negotiation_marks(seen_at);
    CREATE INDEX delivered_by_age ON delivered(created_at);
    """,
    # 4: Telegram names for the OAuth page, and groups told once that the bot works in private chats
    """
    ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT '';
    ALTER TABLE users ADD COLUMN username TEXT;
    CREATE TABLE told_groups (
        chat_id INTEGER PRIMARY KEY,
        told_at REAL NOT NULL
    );
    """,
    # 5: employer webhooks: subscriptions and received events (issue 12) — slot owned by the webhooks engineer
    """
    CREATE TABLE hh_subscriptions (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'unavailable')),
        subscription_id TEXT,
        secret_hash TEXT UNIQUE,
        pending_hash TEXT UNIQUE,
        base_url TEXT NOT NULL,
        actions TEXT NOT NULL DEFAULT '',
        confirmed_at REAL,
        next_attempt_at REAL NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE INDEX hh_subscriptions_due ON hh_subscriptions(next_attempt_at);
    CREATE TABLE hh_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        action_type TEXT NOT NULL,
        event_id TEXT NOT NULL,
        topic_id TEXT,
        chat_id TEXT,
        received_at REAL NOT NULL,
        handled_at REAL,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before REAL NOT NULL DEFAULT 0,
        UNIQUE (account_id, action_type, event_id)
    );
    CREATE INDEX hh_events_pending ON hh_events(account_id, seq) WHERE handled_at IS NULL;
    CREATE INDEX hh_events_by_handled ON hh_events(handled_at) WHERE handled_at IS NOT NULL;
    """,
    # 6: Chats API: chat of each negotiation with its watermark, outgoing replies (issue 12) — slot owned by chats
    """
    CREATE TABLE negotiation_chats (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        negotiation_id TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        started INTEGER NOT NULL DEFAULT 0,
        last_message_id TEXT,
        legacy INTEGER NOT NULL DEFAULT 0,
        write_allowed INTEGER NOT NULL DEFAULT 1,
        write_reason TEXT,
        PRIMARY KEY (account_id, negotiation_id)
    ) WITHOUT ROWID;
    CREATE INDEX negotiation_chats_by_chat ON negotiation_chats(account_id, chat_id);
    CREATE TABLE outgoing_replies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        negotiation_id TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        name TEXT NOT NULL,
        telegram_chat_id INTEGER NOT NULL,
        created_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        last_error TEXT
    );
    CREATE INDEX outgoing_replies_due ON outgoing_replies(next_attempt_at);
    """,
    # 7: quiet hours per user, and pushes held in the outbox until they end (issue 15, points 12 and 13)
    """
    CREATE TABLE quiet_hours (
        telegram_id INTEGER PRIMARY KEY REFERENCES users(telegram_id) ON DELETE CASCADE,
        zone TEXT,
        start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1439),
        end_minute INTEGER CHECK (end_minute BETWEEN 0 AND 1439),
        mode TEXT NOT NULL DEFAULT 'silent' CHECK (mode IN ('silent', 'digest')),
        updated_at REAL NOT NULL
    );
    ALTER TABLE outbox ADD COLUMN held_until REAL;
    CREATE INDEX outbox_held ON outbox(held_until) WHERE held_until IS NOT NULL;
    """,
    # hiring teams: connected groups, a forum topic per vacancy, where each vacancy's news goes, and the topic of
    # an outbox row (issue 15, points 1-9) — slot owned by the groups engineer
    """
    CREATE TABLE group_links (
        chat_id INTEGER PRIMARY KEY,
        owner_id INTEGER NOT NULL,
        title TEXT NOT NULL,
        is_forum INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('pending', 'active')),
        who_acts TEXT NOT NULL DEFAULT 'admins' CHECK (who_acts IN ('owner', 'admins', 'members')),
        created_at REAL NOT NULL
    );
    CREATE INDEX group_links_by_owner ON group_links(owner_id, state);
    CREATE TABLE vacancy_topics (
        chat_id INTEGER NOT NULL,
        vacancy_id TEXT NOT NULL,
        thread_id INTEGER NOT NULL,
        PRIMARY KEY (chat_id, vacancy_id)
    ) WITHOUT ROWID;
    CREATE TABLE vacancy_routes (
        owner_id INTEGER NOT NULL,
        vacancy_id TEXT NOT NULL,
        destination TEXT NOT NULL DEFAULT 'group' CHECK (destination IN ('private', 'group', 'both')),
        muted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (owner_id, vacancy_id)
    ) WITHOUT ROWID;
    ALTER TABLE outbox ADD COLUMN thread_id INTEGER;
    ALTER TABLE outbox ADD COLUMN vacancy_id TEXT;
    ALTER TABLE outbox ADD COLUMN topic TEXT;
    """,
    # cards: `pending_actions` becomes `cards`, each row a typed `storage.cards.Card` (issue 14, item 3). The table
    # is renamed, so ids and the AUTOINCREMENT counter stay: buttons already sent name the same cards, and no id is
    # given out again. Its JSON loses `role` (never read) and `base_text` (the same as `text`).
    """
    ALTER TABLE pending_actions RENAME TO cards;
    ALTER TABLE cards RENAME COLUMN card TO payload;
    DROP INDEX pending_actions_by_negotiation;
    CREATE INDEX cards_by_negotiation ON cards(account_id, negotiation_id);
    UPDATE cards SET payload = json_set(json_remove(payload, '$.base_text', '$.role'), '$.text',
        coalesce(json_extract(payload, '$.base_text'), json_extract(payload, '$.text'), ''))
    WHERE json_valid(payload);
    """,
    # work accounts: an employer's hh.ru manager accounts, which of them the user follows, and the work account each
    # negotiation was found under (issue 15, items 10-11); see `storage.work_accounts`.
    """
    CREATE TABLE work_accounts (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        manager_account_id TEXT NOT NULL,
        employer_id TEXT NOT NULL,
        company TEXT NOT NULL,
        position INTEGER NOT NULL,
        is_primary INTEGER NOT NULL DEFAULT 0,
        selected INTEGER NOT NULL DEFAULT 0,
        followed INTEGER NOT NULL DEFAULT 0,
        baseline_done INTEGER NOT NULL DEFAULT 0,
        lost INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, manager_account_id)
    );
    CREATE TABLE work_negotiations (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        negotiation_id TEXT NOT NULL,
        manager_account_id TEXT NOT NULL,
        PRIMARY KEY (account_id, negotiation_id)
    );
    """,
    # hiring teams shared by several owners: a link per (group, owner), each with its own `who_acts`; a prompt per
    # (owner, chat, person who opened it), found by its prompt message too (issue 15). Rows are kept: a group's one
    # owner keeps their link, and an open prompt is the owner's own in the chat it was opened in.
    """
    CREATE TABLE group_links_shared (
        chat_id INTEGER NOT NULL,
        owner_id INTEGER NOT NULL,
        title TEXT NOT NULL,
        is_forum INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('pending', 'active')),
        who_acts TEXT NOT NULL DEFAULT 'admins' CHECK (who_acts IN ('owner', 'admins', 'members')),
        created_at REAL NOT NULL,
        PRIMARY KEY (chat_id, owner_id)
    );
    INSERT INTO group_links_shared (chat_id, owner_id, title, is_forum, state, who_acts, created_at)
        SELECT chat_id, owner_id, title, is_forum, state, who_acts, created_at FROM group_links;
    DROP TABLE group_links;
    ALTER TABLE group_links_shared RENAME TO group_links;
    CREATE INDEX group_links_by_owner ON group_links(owner_id, state);
    CREATE TABLE prompts_per_chat (
        telegram_id INTEGER NOT NULL REFERENCES users(telegram_id) ON DELETE CASCADE,
        chat_id INTEGER NOT NULL,
        actor_id INTEGER NOT NULL,
        prompt_message_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (telegram_id, chat_id, actor_id)
    );
    INSERT INTO prompts_per_chat (telegram_id, chat_id, actor_id, prompt_message_id, kind, payload, created_at)
        SELECT telegram_id, json_extract(payload, '$.chat_id'), telegram_id,
            json_extract(payload, '$.prompt_message_id'), kind, payload, created_at
        FROM prompts
        WHERE json_valid(payload) AND json_type(payload, '$.chat_id') = 'integer'
            AND json_type(payload, '$.prompt_message_id') = 'integer';
    DROP TABLE prompts;
    ALTER TABLE prompts_per_chat RENAME TO prompts;
    CREATE INDEX prompts_by_message ON prompts(chat_id, prompt_message_id);
    CREATE INDEX prompts_by_actor ON prompts(chat_id, actor_id);
    """,
    # the card a push stands on, so that a held push is named in the quiet-hours digest even when its keyboard has no
    # «Ответить» (issue 15, point 13)
    """
    ALTER TABLE outbox ADD COLUMN card_id INTEGER;
    """,
    # webhook events whose chat hh.ru is still making (425): how many times they found it not ready, for their
    # backoff (issue 21, item 6)
    """
    ALTER TABLE hh_events ADD COLUMN not_ready INTEGER NOT NULL DEFAULT 0;
    """,
    # where each card was sent, and outbox rows that edit a message instead of sending one: a card whose
    # negotiation changed stage on hh.ru is edited to its new state and actions (issue 21, item 7)
    """
    ALTER TABLE cards ADD COLUMN chat_id INTEGER;
    ALTER TABLE cards ADD COLUMN message_id INTEGER;
    ALTER TABLE outbox ADD COLUMN edit_message_id INTEGER;
    """,
    # whether hh.ru flagged a negotiation `has_updates` when a check last saw it: without hh.ru's message counter,
    # only a flag newly set is news (issue 21, item 2)
    """
    ALTER TABLE negotiation_marks ADD COLUMN has_updates INTEGER NOT NULL DEFAULT 0;
    """,
    # a sign-in on hh.ru waiting to be confirmed in Telegram by the user who asked for it (issue 22): the
    # confirmation token only as its SHA-256, the hh.ru tokens encrypted like the accounts' ones
    """
    CREATE TABLE pending_links (
        token_hash TEXT PRIMARY KEY,
        telegram_id INTEGER NOT NULL,
        profile TEXT NOT NULL,
        work_accounts TEXT NOT NULL,
        access_token BLOB NOT NULL,
        refresh_token BLOB NOT NULL,
        token_expires_at REAL NOT NULL,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE INDEX pending_links_by_expiry ON pending_links(expires_at);
    """,
    # each state's `flow`, the parameter of its own redirect URI: hh.ru's redirect is matched to the state its code was
    # issued for whatever `state` it carries, so that an altered connect link still spends its code (issue 22, M1)
    """
    ALTER TABLE oauth_states ADD COLUMN flow TEXT;
    CREATE INDEX oauth_states_by_flow ON oauth_states(flow);
    """,
    # Telegram's file_id of each resume PDF sent into a chat, so the next press sends it again without hh.ru
    # (issue 24, item 1)
    """
    CREATE TABLE resume_files (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        negotiation_id TEXT NOT NULL,
        file_id TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (account_id, negotiation_id)
    );
    CREATE INDEX resume_files_by_age ON resume_files(created_at);
    """,
]


MIGRATION_SET = "hh-bridge"


class SchemaTooNewError(Exception):
    """The database was written by a newer version of the bot."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(f"the database was written by a newer version of the bot (schema {found}, this version "
                         f"knows up to {known})")
        self.found = found
        self.known = known


def migration_name(number: int) -> str:
    return f"{number:04d}"


def _migrations() -> Migrations:
    migrations = Migrations(MIGRATION_SET)
    for number, script in enumerate(MIGRATIONS, start=1):
        migrations(name=migration_name(number))(_runner(script))
    return migrations


def _runner(script: str) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        for statement in statements(script):
            db.execute(statement)
    return run


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database) -> int:
    """Applies the migrations not yet applied, each in its own transaction; returns the version reached.

    Raises SchemaTooNewError, before writing anything, for a database written by a newer version.
    """
    migrations = _migrations()
    known = {migration_name(number) for number in range(1, len(MIGRATIONS) + 1)}
    _adopt_user_version(db, migrations)
    applied = [migration.name for migration in migrations.applied(db)]
    unknown = [name for name in applied if name not in known]
    if unknown or schema_version(db) > len(MIGRATIONS):
        found = max([schema_version(db), *(int(name) for name in unknown if name.isdigit())])
        raise SchemaTooNewError(found, len(MIGRATIONS))
    migrations.apply(db)
    db.execute(f"PRAGMA user_version={len(MIGRATIONS)}")
    return schema_version(db)


def _adopt_user_version(db: Database, migrations: Migrations) -> None:
    """A database from before `_sqlite_migrations` counted its migrations in `user_version` only: record those
    as applied, so they are not run again."""
    version = schema_version(db)
    if version == 0 or Migrations.migrations_table in db.table_names() or version > len(MIGRATIONS):
        return
    migrations.ensure_migrations_table(db)
    applied_at = str(datetime.now(UTC))
    with db.atomic():
        db.table(Migrations.migrations_table).insert_all(
            {"migration_set": MIGRATION_SET, "name": migration_name(number), "applied_at": applied_at}
            for number in range(1, version + 1))


def statements(script: str) -> list[str]:
    """The script's statements, whole: a `;` inside a trigger body or a string does not end one."""
    found: list[str] = []
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        found.append(pending.strip())
    return found
