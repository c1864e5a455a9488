"""The forum topic of each vacancy in a connected forum group."""

from __future__ import annotations

from sqlite_utils import Database


def get(db: Database, chat_id: int, vacancy_id: str) -> int | None:
    row = db.execute("SELECT thread_id FROM vacancy_topics WHERE chat_id = ? AND vacancy_id = ?",
                     (chat_id, vacancy_id)).fetchone()
    return None if row is None else int(row[0])


def save(db: Database, chat_id: int, vacancy_id: str, thread_id: int) -> None:
    db.execute("INSERT OR REPLACE INTO vacancy_topics (chat_id, vacancy_id, thread_id) VALUES (?, ?, ?)",
               (chat_id, vacancy_id, thread_id))


def forget(db: Database, chat_id: int, vacancy_id: str, thread_id: int) -> None:
    """Forgets the topic, unless another one was already made for the vacancy meanwhile."""
    db.execute("DELETE FROM vacancy_topics WHERE chat_id = ? AND vacancy_id = ? AND thread_id = ?",
               (chat_id, vacancy_id, thread_id))


def forget_chat(db: Database, chat_id: int) -> None:
    db.execute("DELETE FROM vacancy_topics WHERE chat_id = ?", (chat_id,))


def vacancy_of(db: Database, chat_id: int, thread_id: int) -> str | None:
    row = db.execute("SELECT vacancy_id FROM vacancy_topics WHERE chat_id = ? AND thread_id = ?",
                     (chat_id, thread_id)).fetchone()
    return None if row is None else str(row[0])
