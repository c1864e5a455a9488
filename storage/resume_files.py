"""Telegram's `file_id` of each resume PDF the bot uploaded, per account and negotiation: pressing «📄 Резюме» again,
or a colleague's press, sends the same file without asking hh.ru. A `file_id` is usable only by this bot, in any
chat. The rows go with their account; one stored before `since` is too old to send (the resume may have changed).
"""

from __future__ import annotations

from sqlite_utils import Database


def get(db: Database, account_id: int, negotiation_id: str, since: float) -> str | None:
    row = db.execute("SELECT file_id FROM resume_files WHERE account_id = ? AND negotiation_id = ? AND created_at >= ?",
                     (account_id, negotiation_id, since)).fetchone()
    return None if row is None else str(row[0])


def put(db: Database, account_id: int, negotiation_id: str, file_id: str, now: float) -> None:
    db.execute("INSERT OR REPLACE INTO resume_files (account_id, negotiation_id, file_id, created_at) "
               "VALUES (?, ?, ?, ?)", (account_id, negotiation_id, file_id, now))


def forget(db: Database, account_id: int, negotiation_id: str, file_id: str) -> None:
    """Forgets the file (Telegram no longer takes it), unless a newer one was stored meanwhile."""
    db.execute("DELETE FROM resume_files WHERE account_id = ? AND negotiation_id = ? AND file_id = ?",
               (account_id, negotiation_id, file_id))


def purge(db: Database, older_than: float) -> int:
    return db.execute("DELETE FROM resume_files WHERE created_at < ?", (older_than,)).rowcount
