"""Pushes waiting to go to Telegram. Written with the watermarks they come from; deleted once sent.

A row with `held_until` set waits for its chat's quiet hours to end (`bot/services/quiet_outbox.py`): it is no
head of its chat, so it holds nothing back, and it stays through restarts until it is released.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from storage import cards, delivered


@dataclass(frozen=True)
class OutboxItem:
    id: int
    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None
    account_id: int | None
    negotiation_id: str | None
    hh_message_id: str | None
    attempts: int
    card_id: int | None = None
    """The card a push about a negotiation stands on (`storage.cards`)."""
    edit_message_id: int | None = None
    """Set on a row that edits this message of the chat (a card to its negotiation's new state) instead of sending."""


def enqueue(
    db: Database,
    chat_id: int,
    text: str,
    now: float,
    *,
    reply_markup: dict[str, Any] | None = None,
    account_id: int | None = None,
    negotiation_id: str | None = None,
    hh_message_id: str | None = None,
    card_id: int | None = None,
) -> int:
    cursor = db.execute(
        """
        INSERT INTO outbox (chat_id, account_id, negotiation_id, hh_message_id, text, reply_markup, created_at,
            card_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (chat_id, account_id, negotiation_id, hh_message_id, text,
         None if reply_markup is None else json.dumps(reply_markup, ensure_ascii=False), now, card_id),
    )
    return int(cursor.lastrowid or 0)


def enqueue_edit(db: Database, chat_id: int, message_id: int, text: str, now: float, *,
                 reply_markup: dict[str, Any] | None, account_id: int, card_id: int) -> int:
    """A row that edits the card sent as `message_id` to `text` and `reply_markup`. It is about no negotiation in
    the outbox's sense: quiet hours never hold it, and a digest never lists it."""
    cursor = db.execute(
        """
        INSERT INTO outbox (chat_id, account_id, text, reply_markup, created_at, card_id, edit_message_id)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """,
        (chat_id, account_id, text, None if reply_markup is None else json.dumps(reply_markup, ensure_ascii=False),
         now, card_id, message_id),
    )
    return int(cursor.lastrowid or 0)


def heads(db: Database, now: float, limit: int, skip_chats: frozenset[int] = frozenset()) -> list[OutboxItem]:
    """The oldest pending item of each chat that may go now, oldest first."""
    rows = db.execute(
        """
        SELECT o.id, o.chat_id, o.text, o.reply_markup, o.account_id, o.negotiation_id,
               o.hh_message_id, o.attempts, o.not_before, o.card_id, o.edit_message_id
        FROM (SELECT MIN(id) AS id FROM outbox WHERE set_aside_at IS NULL AND held_until IS NULL
              GROUP BY chat_id) AS head
        JOIN outbox AS o ON o.id = head.id
        ORDER BY o.id
        """
    ).fetchall()
    items: list[OutboxItem] = []
    for (id_, chat_id, text, markup, account_id, negotiation_id, hh_message_id, attempts,
         not_before, card_id, edit_message_id) in rows:
        if not_before > now or chat_id in skip_chats:
            continue
        items.append(OutboxItem(id_, chat_id, text, None if markup is None else json.loads(markup),
                                account_id, negotiation_id, hh_message_id, attempts, card_id, edit_message_id))
        if len(items) >= limit:
            break
    return items


def mark_sent(db: Database, item: OutboxItem, telegram_message_id: int, now: float) -> bool:
    """Telegram took the row's message in `item.chat_id`: the row goes, and the message leads back to its
    negotiation. A row moved to another chat while it was being sent (its owner left the group) stays, to go there
    too: the message sent is mapped as a copy in the chat it went to. Returns whether the row was still there."""
    with db.atomic():
        still_here = db.execute("DELETE FROM outbox WHERE id = ? AND chat_id = ?",
                                (item.id, item.chat_id)).rowcount > 0
        if item.card_id is not None:
            cards.place(db, item.card_id, item.chat_id, telegram_message_id)
        if item.account_id is None or not item.negotiation_id or not item.hh_message_id:
            return still_here
        if not delivered.record_telegram_message(db, item.account_id, item.negotiation_id, item.hh_message_id,
                                                 item.chat_id, telegram_message_id):
            delivered.record_copy(db, item.account_id, item.negotiation_id, item.chat_id, telegram_message_id, now)
        return still_here


def postpone(db: Database, item_id: int, not_before: float, error: str | None = None, *,
             chat_id: int | None = None) -> None:
    """With `chat_id`, only while the row is still for that chat (it may have moved while it was being sent)."""
    db.execute(
        "UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ? WHERE id = ? AND chat_id = "
        "COALESCE(?, chat_id)",
        (not_before, error, item_id, chat_id),
    )


def set_aside(db: Database, item_id: int, now: float, error: str, *, chat_id: int | None = None) -> None:
    """A row that keeps failing stops being tried, and no longer holds back its chat; it stays for a look. With
    `chat_id`, only while the row is still for that chat."""
    db.execute(
        "UPDATE outbox SET attempts = attempts + 1, set_aside_at = ?, last_error = ? WHERE id = ? AND chat_id = "
        "COALESCE(?, chat_id)",
        (now, error, item_id, chat_id),
    )


def drop(db: Database, item_id: int, *, chat_id: int | None = None) -> None:
    """With `chat_id`, only while the row is still for that chat."""
    db.execute("DELETE FROM outbox WHERE id = ? AND chat_id = COALESCE(?, chat_id)", (item_id, chat_id))


def drop_chat(db: Database, chat_id: int) -> int:
    return db.execute("DELETE FROM outbox WHERE chat_id = ?", (chat_id,)).rowcount


def pending_count(db: Database) -> int:
    """Rows the sender is to send now or after a backoff; held rows are not counted."""
    return int(db.execute("SELECT COUNT(*) FROM outbox WHERE set_aside_at IS NULL AND held_until IS NULL")
               .fetchone()[0])


def held_count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM outbox WHERE held_until IS NOT NULL").fetchone()[0])


def hold_news(db: Database, chat_id: int, until: float) -> int:
    """Holds the chat's waiting pushes about negotiations until `until`; others (answers, notices) still go."""
    return db.execute(
        """
        UPDATE outbox SET held_until = ?
        WHERE chat_id = ? AND negotiation_id IS NOT NULL AND held_until IS NULL AND set_aside_at IS NULL
        """,
        (until, chat_id),
    ).rowcount


def move_hold(db: Database, chat_id: int, until: float) -> int:
    """Moves the release of the chat's held rows to `until` (now: they are looked at again at once)."""
    return db.execute("UPDATE outbox SET held_until = ? WHERE chat_id = ? AND held_until IS NOT NULL",
                      (until, chat_id)).rowcount


def chats_to_release(db: Database, now: float) -> list[int]:
    rows = db.execute("SELECT DISTINCT chat_id FROM outbox WHERE held_until IS NOT NULL AND held_until <= ?",
                      (now,)).fetchall()
    return [row[0] for row in rows]


def next_release(db: Database) -> float | None:
    row = db.execute("SELECT MIN(held_until) FROM outbox WHERE held_until IS NOT NULL").fetchone()
    return None if row[0] is None else float(row[0])


def held(db: Database, chat_id: int) -> list[OutboxItem]:
    """The chat's held rows, oldest first."""
    rows = db.execute(
        """
        SELECT id, chat_id, text, reply_markup, account_id, negotiation_id, hh_message_id, attempts, card_id
        FROM outbox WHERE chat_id = ? AND held_until IS NOT NULL ORDER BY id
        """,
        (chat_id,),
    ).fetchall()
    return [OutboxItem(id_, chat, text, None if markup is None else json.loads(markup), account_id, negotiation_id,
                       hh_message_id, attempts, card_id)
            for id_, chat, text, markup, account_id, negotiation_id, hh_message_id, attempts, card_id in rows]


def requeue(db: Database, item_id: int) -> int:
    """The row again, no longer held, at the end of its chat's queue; returns its new id."""
    cursor = db.execute(
        """
        INSERT INTO outbox (chat_id, account_id, negotiation_id, hh_message_id, text, reply_markup, created_at,
            card_id)
        SELECT chat_id, account_id, negotiation_id, hh_message_id, text, reply_markup, created_at, card_id
        FROM outbox WHERE id = ?
        """,
        (item_id,),
    )
    drop(db, item_id)
    return int(cursor.lastrowid or 0)


def set_aside_count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM outbox WHERE set_aside_at IS NOT NULL").fetchone()[0])


def pending_for_account(db: Database, account_id: int) -> int:
    return int(db.execute("SELECT COUNT(*) FROM outbox WHERE account_id = ? AND set_aside_at IS NULL",
                          (account_id,)).fetchone()[0])


@dataclass(frozen=True)
class Topic:
    """Where in a forum group a row goes: its vacancy's topic (`thread_id` once known) named `name`."""

    vacancy_id: str
    name: str
    thread_id: int | None


def set_topic(db: Database, item_id: int, topic: Topic) -> None:
    db.execute("UPDATE outbox SET vacancy_id = ?, topic = ?, thread_id = ? WHERE id = ?",
               (topic.vacancy_id, topic.name, topic.thread_id, item_id))


def topic_of(db: Database, item_id: int) -> Topic | None:
    row = db.execute("SELECT vacancy_id, topic, thread_id FROM outbox WHERE id = ?", (item_id,)).fetchone()
    return None if row is None or row[0] is None else Topic(str(row[0]), str(row[1] or ""), row[2])


def move_account(db: Database, from_chat: int, account_id: int, to_chat: int) -> int:
    """Moves the account's rows queued for a chat (set aside or not, tried afresh) to another chat, out of any forum
    topic; they keep their places in the order of the queue; edits of messages in the chat they leave are dropped.
    Returns how many moved."""
    db.execute("DELETE FROM outbox WHERE chat_id = ? AND account_id = ? AND edit_message_id IS NOT NULL",
               (from_chat, account_id))
    return db.execute(
        "UPDATE outbox SET chat_id = ?, thread_id = NULL, vacancy_id = NULL, topic = NULL, not_before = 0, "
        "set_aside_at = NULL, attempts = 0 WHERE chat_id = ? AND account_id = ?",
        (to_chat, from_chat, account_id),
    ).rowcount


def drop_account(db: Database, chat_id: int, account_id: int) -> int:
    """The account's rows queued for the chat are not sent."""
    return db.execute("DELETE FROM outbox WHERE chat_id = ? AND account_id = ?", (chat_id, account_id)).rowcount


def drop_copies_of(db: Database, chat_id: int, account_id: int, copy_prefix: str) -> int:
    """Drops the account's rows for the chat whose push also has a copy (`delivered` key `copy_prefix` + its key)
    elsewhere."""
    return db.execute(
        """
        DELETE FROM outbox WHERE chat_id = ? AND account_id = ? AND hh_message_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM delivered AS d WHERE d.account_id = outbox.account_id
              AND d.negotiation_id = outbox.negotiation_id AND d.hh_message_id = ? || outbox.hh_message_id)
        """,
        (chat_id, account_id, copy_prefix),
    ).rowcount
