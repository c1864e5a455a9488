"""Cards whose buttons can be pressed: a short id in callback_data stands for the stored negotiation actions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class PendingCard:
    id: int
    account_id: int
    negotiation_id: str
    card: dict[str, Any]


def create(db: Database, account_id: int, negotiation_id: str, card: dict[str, Any], now: float) -> int:
    cursor = db.execute(
        "INSERT INTO pending_actions (account_id, negotiation_id, card, created_at) VALUES (?, ?, ?, ?)",
        (account_id, negotiation_id, json.dumps(card, ensure_ascii=False), now),
    )
    return int(cursor.lastrowid or 0)


def get(db: Database, card_id: int) -> PendingCard | None:
    row = db.execute(
        "SELECT id, account_id, negotiation_id, card FROM pending_actions WHERE id = ?", (card_id,)
    ).fetchone()
    return None if row is None else PendingCard(row[0], row[1], row[2], json.loads(row[3]))


def latest(db: Database, account_id: int, negotiation_id: str) -> PendingCard | None:
    """The newest card of a negotiation."""
    row = db.execute(
        """
        SELECT id, account_id, negotiation_id, card FROM pending_actions
        WHERE account_id = ? AND negotiation_id = ? ORDER BY id DESC LIMIT 1
        """,
        (account_id, negotiation_id),
    ).fetchone()
    return None if row is None else PendingCard(row[0], row[1], row[2], json.loads(row[3]))


def of_negotiation_between(db: Database, account_id: int, negotiation_id: str, first: int,
                           last: int) -> list[PendingCard]:
    """The negotiation's cards with ids from `first` to `last`, oldest first."""
    rows = db.execute(
        """
        SELECT id, account_id, negotiation_id, card FROM pending_actions
        WHERE account_id = ? AND negotiation_id = ? AND id BETWEEN ? AND ? ORDER BY id
        """,
        (account_id, negotiation_id, first, last),
    ).fetchall()
    return [PendingCard(row[0], row[1], row[2], json.loads(row[3])) for row in rows]


def delete(db: Database, card_id: int) -> None:
    db.execute("DELETE FROM pending_actions WHERE id = ?", (card_id,))


def purge(db: Database, older_than: float) -> int:
    return db.execute("DELETE FROM pending_actions WHERE created_at < ?", (older_than,)).rowcount
