"""hh.ru webhook deliveries, stored before they are answered and handled in order per account.

A delivery keeps only what the bot re-reads through the API: the negotiation (`topic_id`) or the chat. The
unique key on (account, action type, event id) answers hh.ru's repeats; handled rows are kept a few days for
that, then purged. Events of an account that is not active (a captcha, a lost link) or whose user paused
notifications are not taken: they wait for the account, and are purged unhandled once they are that old.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from sqlite_utils import Database

from storage import accounts, hh_subscriptions
from storage.accounts import Account

KEPT_SECONDS = 3 * 86400.0
EVENTS_PER_BATCH = 100


@dataclass(frozen=True)
class Incoming:
    action_type: str
    event_id: str
    topic_id: str | None
    chat_id: str | None


class Receipt(Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    UNKNOWN_PATH = "unknown_path"
    WRONG_USER = "wrong_user"
    NOT_STORED = "not_stored"  # the path and user are right, but there was nothing to store


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    action_type: str
    topic_id: str | None
    chat_id: str | None
    attempts: int
    not_ready: int = 0
    """How many times its chat was found not ready yet (hh.ru's 425)."""


@dataclass(frozen=True)
class Batch:
    """An active account's pending events, oldest first."""

    account: Account
    events: list[StoredEvent]

    @property
    def seqs(self) -> list[int]:
        return [event.seq for event in self.events]


def receive(db: Database, secret_hash: str, user_id: str | None, event: Incoming | None, now: float) -> Receipt:
    """Finds the account by its secret's hash, checks the delivery's user and stores the event (if any).

    `user_id` None (missing or hh.ru's "0" of old deliveries) is accepted: the body is only a hint.
    """
    owner = hh_subscriptions.owner_of_secret(db, secret_hash)
    if owner is None:
        return Receipt.UNKNOWN_PATH
    if user_id is not None and user_id != owner.hh_user_id:
        return Receipt.WRONG_USER
    if event is None:
        return Receipt.NOT_STORED
    cursor = db.execute(
        """
        INSERT OR IGNORE INTO hh_events (account_id, action_type, event_id, topic_id, chat_id, received_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """,
        (owner.account_id, event.action_type, event.event_id, event.topic_id, event.chat_id, now),
    )
    return Receipt.STORED if cursor.rowcount == 1 else Receipt.DUPLICATE


_WORKABLE = """
    SELECT id FROM accounts WHERE status = 'active'
      AND telegram_id IN (SELECT telegram_id FROM users WHERE paused = 0)
"""
"""Accounts whose events are acted on: active (no captcha, link or access problem) and not paused by the user."""


def take(db: Database, now: float, limit: int, skip: Iterable[int] = ()) -> list[Batch]:
    """The due events of up to `limit` workable accounts (not in `skip`), the account with the oldest event first."""
    skipped = tuple(skip)
    marks = ",".join("?" * len(skipped))
    heads = db.execute(
        f"""
        SELECT account_id, MIN(seq) AS first FROM hh_events
        WHERE handled_at IS NULL AND not_before <= ? AND account_id NOT IN ({marks})
          AND account_id IN ({_WORKABLE})
        GROUP BY account_id ORDER BY first LIMIT ?
        """,
        (now, *skipped, limit),
    ).fetchall()
    batches: list[Batch] = []
    for account_id, _ in heads:
        account = accounts.get(db, account_id)
        if account is None:
            continue
        rows = db.execute(
            """
            SELECT seq, action_type, topic_id, chat_id, attempts, not_ready FROM hh_events
            WHERE account_id = ? AND handled_at IS NULL AND not_before <= ? ORDER BY seq LIMIT ?
            """,
            (account_id, now, EVENTS_PER_BATCH),
        ).fetchall()
        events = [StoredEvent(int(seq), str(action), _text(topic), _text(chat), int(attempts), int(not_ready))
                  for seq, action, topic, chat, attempts, not_ready in rows]
        batches.append(Batch(account, events))
    return batches


def held(db: Database, account_id: int) -> bool:
    """Whether the account's events are not taken now: it is not active or its user paused (they wait), or it is
    gone (they went with it)."""
    return db.execute(f"SELECT 1 FROM ({_WORKABLE}) WHERE id = ?", (account_id,)).fetchone() is None


def finish(db: Database, seqs: Iterable[int], now: float) -> None:
    with db.atomic():
        db.conn.executemany("UPDATE hh_events SET handled_at = ? WHERE seq = ?", [(now, seq) for seq in seqs])


def postpone(db: Database, seqs: Iterable[int], not_before: float) -> None:
    """A failed attempt: counted, and tried again from `not_before`."""
    with db.atomic():
        db.conn.executemany("UPDATE hh_events SET attempts = attempts + 1, not_before = ? WHERE seq = ?",
                            [(not_before, seq) for seq in seqs])


def settle(db: Database, done: Iterable[int], not_ready: Iterable[int], now: float, not_before: float) -> None:
    """In one write: `done` are handled; `not_ready` found their chat not ready yet, and are looked at again from
    `not_before`."""
    with db.atomic():
        db.conn.executemany("UPDATE hh_events SET handled_at = ? WHERE seq = ?", [(now, seq) for seq in done])
        db.conn.executemany("UPDATE hh_events SET not_ready = not_ready + 1, not_before = ? WHERE seq = ?",
                            [(not_before, seq) for seq in not_ready])


def next_retry_at(db: Database, now: float) -> float | None:
    """When the earliest postponed event may be tried again (None when none waits)."""
    row = db.execute(
        "SELECT MIN(not_before) FROM hh_events WHERE handled_at IS NULL AND not_before > ?", (now,)
    ).fetchone()
    return None if row[0] is None else float(row[0])


def pending_count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM hh_events WHERE handled_at IS NULL").fetchone()[0])


def purge(db: Database, before: float) -> int:
    """Deletes events handled before `before`, and those received before it and still waiting for their account:
    the account's checks find what they were about once it is active again."""
    return db.execute("DELETE FROM hh_events WHERE handled_at < ? OR (handled_at IS NULL AND received_at < ?)",
                      (before, before)).rowcount


def _text(value: object) -> str | None:
    return None if value is None else str(value)
