"""What the bot waits for from a user: the text of an action's message, a reply, a confirmation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class Prompt:
    telegram_id: int
    kind: str
    payload: dict[str, Any]
    created_at: float


def put(db: Database, telegram_id: int, kind: str, payload: dict[str, Any], now: float) -> None:
    db.execute(
        """
        INSERT INTO prompts (telegram_id, kind, payload, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (telegram_id) DO UPDATE SET
            kind = excluded.kind, payload = excluded.payload, created_at = excluded.created_at
        """,
        (telegram_id, kind, json.dumps(payload, ensure_ascii=False), now),
    )


def get(db: Database, telegram_id: int) -> Prompt | None:
    row = db.execute(
        "SELECT telegram_id, kind, payload, created_at FROM prompts WHERE telegram_id = ?", (telegram_id,)
    ).fetchone()
    return None if row is None else Prompt(row[0], row[1], json.loads(row[2]), row[3])


def clear(db: Database, telegram_id: int) -> None:
    db.execute("DELETE FROM prompts WHERE telegram_id = ?", (telegram_id,))
