"""Telegram updates accepted but not yet handled, so a crash between the two loses none."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from storage import handled_updates


def add(db: Database, updates: Iterable[dict[str, Any]], now: float) -> list[dict[str, Any]]:
    """Stores the updates neither waiting here nor handled before; returns those, in the order given."""
    fresh: list[dict[str, Any]] = []
    with db.atomic():
        for update in updates:
            if handled_updates.seen(db, update["update_id"]):
                continue
            cursor = db.execute(
                "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)",
                (update["update_id"], json.dumps(update, ensure_ascii=False), now),
            )
            if cursor.rowcount == 1:
                fresh.append(update)
    return fresh


def pending(db: Database, limit: int = 1000) -> list[dict[str, Any]]:
    rows = db.execute("SELECT payload FROM inbox ORDER BY update_id LIMIT ?", (limit,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def finish(db: Database, update_id: int, now: float) -> None:
    """The update is handled (or dropped): it leaves the inbox and its id is remembered."""
    with db.atomic():
        db.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))
        handled_updates.remember(db, update_id, now)


def remove(db: Database, update_id: int) -> None:
    db.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))
