"""Issue 11, item 14: what the bot knows of negotiations gone quiet on hh.ru is forgotten after a while."""

from __future__ import annotations

import time
from dataclasses import replace

from sqlite_utils import Database

from storage import accounts, delivered, users, watermarks
from storage.crypto import TokenCipher
from storage.migrations import MIGRATIONS, migrate
from storage.watermarks import NegotiationMark

from .conftest import EMPLOYER, TOKENS

CUTOFF = 200.0
MARK = NegotiationMark("2025-01-01T10:00:00+0300", 2, "response")


def remembered(db: Database) -> tuple[list[tuple[int, str, str]], list[tuple[int, str]]]:
    rows = db.execute("SELECT account_id, negotiation_id, hh_message_id FROM delivered ORDER BY 1, 2, 3").fetchall()
    marks = db.execute("SELECT account_id, negotiation_id FROM negotiation_marks ORDER BY 1, 2").fetchall()
    return [tuple(row) for row in rows], [tuple(mark) for mark in marks]


def test_negotiations_not_seen_since_the_cutoff_are_forgotten_and_the_rest_kept(
    db: Database, cipher: TokenCipher, account: accounts.Account
) -> None:
    users.upsert(db, 222, 222, "ru", now=0.0)
    other = accounts.link(db, cipher, 222, replace(EMPLOYER, hh_user_id="u2"), TOKENS, now=0.0, first_check_at=0.0).id
    first = account.id
    seen = {(first, "quiet"): 100.0, (first, "live"): 300.0, (other, "live"): 100.0}
    for (account_id, negotiation_id), at in seen.items():
        watermarks.save_negotiation_mark(db, account_id, negotiation_id, MARK, now=at)
    for account_id, negotiation_id, message_id, at in [
        (first, "quiet", "m1", 50.0), (first, "quiet", "m2", 90.0),  # gone quiet: forgotten
        (first, "live", "m1", 50.0),  # old, but its negotiation was seen lately: kept for replies
        (other, "live", "m1", 50.0),  # same negotiation id, another account that has not seen it: forgotten
        (first, "unmarked", "m1", 50.0),  # no mark at all: forgotten once old
        (first, "unmarked", "m2", 250.0),  # recent: kept
    ]:
        delivered.claim(db, account_id, negotiation_id, message_id, chat_id=111, now=at)
    assert delivered.purge(db, CUTOFF) == 4
    assert watermarks.purge_negotiation_marks(db, CUTOFF) == 2
    assert remembered(db) == ([(first, "live", "m1"), (first, "unmarked", "m2")], [(first, "live")])


def test_saving_a_mark_again_counts_as_seeing_the_negotiation(db: Database, account: accounts.Account) -> None:
    watermarks.save_negotiation_mark(db, account.id, "n1", MARK, now=100.0)
    watermarks.save_negotiation_mark(db, account.id, "n1", MARK, now=300.0)
    assert watermarks.purge_negotiation_marks(db, CUTOFF) == 0
    assert remembered(db) == ([], [(account.id, "n1")])


def test_marks_stored_before_the_upgrade_count_as_seen_at_the_upgrade() -> None:
    db = Database(memory=True)
    for script in MIGRATIONS[:2]:
        for statement in script.split(";"):
            if statement.strip():
                db.execute(statement)
    db.execute("PRAGMA user_version=2")
    db.execute("INSERT INTO users (telegram_id, chat_id, created_at) VALUES (1, 1, 0)")
    db.execute("""INSERT INTO accounts (telegram_id, role, hh_user_id, display_name, access_token, refresh_token,
                  token_expires_at, linked_at) VALUES (1, 'employer', 'u1', 'Ольга', x'00', x'00', 0, 0)""")
    db.execute("""INSERT INTO negotiation_marks (account_id, negotiation_id, updated_at, messages, state)
                  VALUES (1, 'n1', '2025-01-01T10:00:00+0300', 1, 'response')""")
    before = time.time()
    migrate(db)
    seen_at = db.execute("SELECT seen_at FROM negotiation_marks").fetchone()[0]
    assert before - 1 <= seen_at <= time.time() + 1
    assert watermarks.purge_negotiation_marks(db, before - 86400.0) == 0
