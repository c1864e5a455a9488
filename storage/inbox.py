"""Telegram updates accepted but not yet handled, so a crash between the two loses none."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database


def add(db: Database, updates: Iterable[dict[str, Any]], now: float) -> None:
    with db.atomic():
        for update in updates:
            db.execute(
                "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)",
                (update["update_id"], json.dumps(update, ensure_ascii=False), now),
            )


def pending(db: Database, limit: int = 1000) -> list[dict[str, Any]]:
    rows = db.execute("SELECT payload FROM inbox ORDER BY update_id LIMIT ?", (limit,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def remove(db: Database, update_id: int) -> None:
    db.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))
