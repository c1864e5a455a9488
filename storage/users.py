"""Telegram users: their chat, name, language and whether notifications are paused."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class User:
    telegram_id: int
    chat_id: int
    language: str
    paused: bool
    name: str = ""
    username: str | None = None

    @property
    def display_name(self) -> str:
        """How the user is named to whoever signs in on hh.ru for them: «Имя (@username, id 123)»; the name is free
        text anyone can choose, the username and id are not."""
        handle = f"@{self.username}, id {self.telegram_id}" if self.username else f"id {self.telegram_id}"
        return f"{self.name} ({handle})" if self.name else handle


def upsert(db: Database, telegram_id: int, chat_id: int, language: str, now: float, *, name: str = "",
           username: str | None = None) -> User:
    db.execute(
        """
        INSERT INTO users (telegram_id, chat_id, language, created_at, name, username) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (telegram_id) DO UPDATE SET chat_id = excluded.chat_id, language = excluded.language,
            name = excluded.name, username = excluded.username
        """,
        (telegram_id, chat_id, language, now, name, username),
    )
    user = get(db, telegram_id)
    assert user is not None
    return user


def get(db: Database, telegram_id: int) -> User | None:
    row = db.execute(
        "SELECT telegram_id, chat_id, language, paused, name, username FROM users WHERE telegram_id = ?",
        (telegram_id,),
    ).fetchone()
    return None if row is None else User(row[0], row[1], row[2], bool(row[3]), row[4], row[5])


def set_paused(db: Database, telegram_id: int, paused: bool) -> None:
    db.execute("UPDATE users SET paused = ? WHERE telegram_id = ?", (int(paused), telegram_id))
