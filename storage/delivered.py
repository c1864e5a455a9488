"""Which hh.ru message went to which Telegram message: deduplication and the way back for replies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class DeliveredRef:
    account_id: int
    negotiation_id: str
    hh_message_id: str


def claim(
    db: Database, account_id: int, negotiation_id: str, hh_message_id: str, chat_id: int, now: float
) -> bool:
    """Records that this hh.ru message is to be delivered; False if it already was."""
    cursor = db.execute(
        """
        INSERT OR IGNORE INTO delivered (account_id, negotiation_id, hh_message_id, chat_id, created_at)
        VALUES (?, ?, ?, ?, ?)
        """,
        (account_id, negotiation_id, hh_message_id, chat_id, now),
    )
    return cursor.rowcount == 1


def record_telegram_message(db: Database, account_id: int, negotiation_id: str, hh_message_id: str, chat_id: int,
                            telegram_message_id: int) -> bool:
    """The message sent for the delivery, if the delivery is still for that chat; False if it is not (it moved to
    the owner's private chat while the message was on its way to a group)."""
    return db.execute(
        """
        UPDATE delivered SET telegram_message_id = ?
        WHERE account_id = ? AND negotiation_id = ? AND hh_message_id = ? AND chat_id = ?
        """,
        (telegram_message_id, account_id, negotiation_id, hh_message_id, chat_id),
    ).rowcount > 0


def record_copy(db: Database, account_id: int, negotiation_id: str, chat_id: int, telegram_message_id: int,
                now: float) -> None:
    """A card sent again (opened from a digest), or a push that reached a chat it had just been moved away from: a
    reply to this message, too, reaches its negotiation."""
    db.execute(
        """
        INSERT OR IGNORE INTO delivered
            (account_id, negotiation_id, hh_message_id, chat_id, telegram_message_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """,
        (account_id, negotiation_id, f"copy:{chat_id}:{telegram_message_id}", chat_id, telegram_message_id, now),
    )


def by_telegram_message(db: Database, chat_id: int, telegram_message_id: int) -> DeliveredRef | None:
    row = db.execute(
        """
        SELECT account_id, negotiation_id, hh_message_id FROM delivered
        WHERE chat_id = ? AND telegram_message_id = ?
        """,
        (chat_id, telegram_message_id),
    ).fetchone()
    return None if row is None else DeliveredRef(row[0], row[1], row[2])


def count_sent(db: Database, account_id: int) -> int:
    row = db.execute(
        "SELECT COUNT(*) FROM delivered WHERE account_id = ? AND telegram_message_id IS NOT NULL",
        (account_id,),
    ).fetchone()
    return int(row[0])


def purge(db: Database, older_than: float) -> int:
    """Forgets deliveries older than `older_than` in negotiations not seen on hh.ru since then.

    A Telegram reply to such a message no longer finds its negotiation. Runs before
    `watermarks.purge_negotiation_marks`, whose marks tell which negotiations were seen.
    """
    return db.execute(
        """
        DELETE FROM delivered WHERE created_at < ? AND NOT EXISTS (
            SELECT 1 FROM negotiation_marks AS mark
            WHERE mark.account_id = delivered.account_id AND mark.negotiation_id = delivered.negotiation_id
              AND mark.seen_at >= ?)
        """,
        (older_than, older_than),
    ).rowcount


def claim_copy(db: Database, account_id: int, negotiation_id: str, hh_message_id: str, chat_id: int,
               now: float) -> str:
    """A second Telegram message for a claimed hh.ru message (its vacancy's news goes to two chats): a key of its
    own, so a reply to either reaches the negotiation. Returns that key."""
    key = f"to:{chat_id}:{hh_message_id}"
    db.execute(
        """
        INSERT OR IGNORE INTO delivered (account_id, negotiation_id, hh_message_id, chat_id, created_at)
        VALUES (?, ?, ?, ?, ?)
        """,
        (account_id, negotiation_id, key, chat_id, now),
    )
    return key


def move_unsent(db: Database, from_chat: int, account_id: int, to_chat: int) -> None:
    """The account's deliveries not yet sent to a chat go to another chat, with the outbox rows moved there."""
    db.execute("UPDATE delivered SET chat_id = ? WHERE chat_id = ? AND account_id = ? AND telegram_message_id IS NULL",
               (to_chat, from_chat, account_id))


def set_chat(db: Database, account_id: int, negotiation_id: str, hh_message_id: str, chat_id: int) -> None:
    """The claimed message goes to this chat (a group) rather than the one it was claimed for."""
    db.execute("UPDATE delivered SET chat_id = ? WHERE account_id = ? AND negotiation_id = ? AND hh_message_id = ?",
               (chat_id, account_id, negotiation_id, hh_message_id))


def negotiation_in_chat(db: Database, account_id: int, negotiation_id: str, chat_id: int) -> bool:
    """Whether a message of the negotiation went (or is to go) to this chat."""
    return db.execute(
        "SELECT 1 FROM delivered WHERE account_id = ? AND negotiation_id = ? AND chat_id = ? LIMIT 1",
        (account_id, negotiation_id, chat_id),
    ).fetchone() is not None
