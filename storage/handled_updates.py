"""Ids of Telegram updates already handled, so one delivered again is acknowledged and not handled twice."""

from __future__ import annotations

from sqlite_utils import Database

MEMORY_SECONDS = 2 * 86400.0  # Telegram redelivers an unconfirmed update for up to a day


def remember(db: Database, update_id: int, now: float) -> None:
    db.execute("INSERT OR REPLACE INTO handled_updates (update_id, handled_at) VALUES (?, ?)", (update_id, now))


def seen(db: Database, update_id: int) -> bool:
    return db.execute("SELECT 1 FROM handled_updates WHERE update_id = ?", (update_id,)).fetchone() is not None


def purge(db: Database, before: float) -> int:
    return db.execute("DELETE FROM handled_updates WHERE handled_at < ?", (before,)).rowcount
