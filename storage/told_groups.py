"""Group chats already told that the bot works only in private chats: each is told once."""

from __future__ import annotations

from sqlite_utils import Database


def first_time(db: Database, chat_id: int, now: float) -> bool:
    """Records the group as told; True only the first time."""
    cursor = db.execute("INSERT OR IGNORE INTO told_groups (chat_id, told_at) VALUES (?, ?)", (chat_id, now))
    return cursor.rowcount == 1
