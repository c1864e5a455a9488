"""Replies on their way into an hh.ru chat, each with the idempotency key it is sent with.

A row is written before the first attempt and deleted once hh.ru took the reply (or refused it for good), so a
retry after a timeout, a `425` or a crash sends the same key again and hh.ru never posts the reply twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from storage.accounts import Status


@dataclass(frozen=True)
class OutgoingReply:
    id: int
    account_id: int
    negotiation_id: str
    chat_id: str
    idempotency_key: str
    text: str
    name: str
    telegram_chat_id: int
    created_at: float
    attempts: int


_COLUMNS = ("id, account_id, negotiation_id, chat_id, idempotency_key, text, name, telegram_chat_id, created_at, "
            "attempts")


def _reply(row: tuple[object, ...]) -> OutgoingReply:
    id_, account_id, negotiation_id, chat_id, key, text, name, telegram_chat_id, created_at, attempts = row
    return OutgoingReply(int(str(id_)), int(str(account_id)), str(negotiation_id), str(chat_id), str(key), str(text),
                         str(name), int(str(telegram_chat_id)), float(str(created_at)), int(str(attempts)))


def add(db: Database, account_id: int, negotiation_id: str, chat_id: str, idempotency_key: str, text: str,
        name: str, telegram_chat_id: int, now: float, hold_until: float) -> OutgoingReply:
    """Stores a reply before it is sent; the retry loop leaves it alone until `hold_until`."""
    cursor = db.execute(
        """
        INSERT INTO outgoing_replies (account_id, negotiation_id, chat_id, idempotency_key, text, name,
                                      telegram_chat_id, created_at, next_attempt_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (account_id, negotiation_id, chat_id, idempotency_key, text, name, telegram_chat_id, now, hold_until),
    )
    reply = get(db, int(cursor.lastrowid or 0))
    assert reply is not None
    return reply


def get(db: Database, reply_id: int) -> OutgoingReply | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM outgoing_replies WHERE id = ?", (reply_id,)).fetchone()
    return None if row is None else _reply(row)


def due(db: Database, now: float, limit: int) -> list[OutgoingReply]:
    """The replies to try now, of active accounts only: one paused (a captcha, by its user) or waiting for a new
    link costs no hh.ru call until it is active again."""
    columns = ", ".join(f"r.{column.strip()}" for column in _COLUMNS.split(","))
    rows = db.execute(
        f"""
        SELECT {columns} FROM outgoing_replies AS r JOIN accounts AS a ON a.id = r.account_id
        WHERE r.next_attempt_at <= ? AND a.status = ? ORDER BY r.next_attempt_at, r.id LIMIT ?
        """,
        (now, Status.ACTIVE.value, limit),
    ).fetchall()
    return [_reply(row) for row in rows]


def postpone(db: Database, reply_id: int, until: float, error: str) -> None:
    db.execute(
        "UPDATE outgoing_replies SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
        (until, error[:500], reply_id),
    )


def hold(db: Database, reply_id: int, until: float) -> None:
    """Keeps the retry loop off the reply until `until` while an attempt is in flight."""
    db.execute("UPDATE outgoing_replies SET next_attempt_at = ? WHERE id = ?", (until, reply_id))


def delete(db: Database, reply_id: int) -> None:
    db.execute("DELETE FROM outgoing_replies WHERE id = ?", (reply_id,))


def count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM outgoing_replies").fetchone()[0])
