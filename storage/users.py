"""Telegram users: their chat, language and whether notifications are paused."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class User:
    telegram_id: int
    chat_id: int
    language: str
    paused: bool


def upsert(db: Database, telegram_id: int, chat_id: int, language: str, now: float) -> User:
    db.execute(
        """
        INSERT INTO users (telegram_id, chat_id, language, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (telegram_id) DO UPDATE SET chat_id = excluded.chat_id, language = excluded.language
        """,
        (telegram_id, chat_id, language, now),
    )
    user = get(db, telegram_id)
    assert user is not None
    return user


def get(db: Database, telegram_id: int) -> User | None:
    row = db.execute(
        "SELECT telegram_id, chat_id, language, paused FROM users WHERE telegram_id = ?", (telegram_id,)
    ).fetchone()
    return None if row is None else User(row[0], row[1], row[2], bool(row[3]))


def set_paused(db: Database, telegram_id: int, paused: bool) -> None:
    db.execute("UPDATE users SET paused = ? WHERE telegram_id = ?", (int(paused), telegram_id))
