"""OAuth `state` values: random, single use, bound to one Telegram user, expiring, each found also by its `flow` (the
parameter of its own redirect URI)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlite_utils import Database


class StateProblem(Enum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class ConsumedState:
    telegram_id: int | None
    problem: StateProblem | None


@dataclass(frozen=True)
class TakenByFlow:
    """The state a `flow` names, and what consuming it found."""

    state: str
    consumed: ConsumedState


KEPT_PER_USER = 5


def replace(db: Database, state: str, telegram_id: int, now: float, ttl: float, *, flow: str) -> None:
    """Adds the user's new state with its flow; their earlier open states expire now, and only the newest few are
    kept."""
    with db.atomic():
        db.execute(
            "UPDATE oauth_states SET expires_at = ? WHERE telegram_id = ? AND used_at IS NULL AND expires_at > ?",
            (now, telegram_id, now),
        )
        db.execute(
            "INSERT INTO oauth_states (state, telegram_id, created_at, expires_at, flow) VALUES (?, ?, ?, ?, ?)",
            (state, telegram_id, now, now + ttl, flow),
        )
        db.execute(
            """
            DELETE FROM oauth_states WHERE telegram_id = ? AND state NOT IN (
                SELECT state FROM oauth_states WHERE telegram_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)
            """,
            (telegram_id, telegram_id, KEPT_PER_USER),
        )


def peek(db: Database, state: str) -> int | None:
    """The Telegram user a state belongs to, whatever its condition."""
    row = db.execute("SELECT telegram_id FROM oauth_states WHERE state = ?", (state,)).fetchone()
    return None if row is None else int(row[0])


def consume(db: Database, state: str, now: float) -> ConsumedState:
    """Marks the state used; says whose it was, or why it cannot be used."""
    with db.atomic():
        row = db.execute(
            "SELECT telegram_id, expires_at, used_at FROM oauth_states WHERE state = ?", (state,)
        ).fetchone()
        if row is None:
            return ConsumedState(None, StateProblem.UNKNOWN)
        telegram_id, expires_at, used_at = row
        if used_at is not None:
            return ConsumedState(telegram_id, StateProblem.USED)
        if now >= expires_at:
            return ConsumedState(telegram_id, StateProblem.EXPIRED)
        db.execute("UPDATE oauth_states SET used_at = ? WHERE state = ?", (now, state))
        return ConsumedState(telegram_id, None)


def consume_by_flow(db: Database, flow: str, now: float) -> TakenByFlow | None:
    """Marks used the state whose redirect URI carries `flow`; None when no state has that flow."""
    with db.atomic():
        row = db.execute(
            "SELECT state FROM oauth_states WHERE flow = ? ORDER BY created_at DESC, rowid DESC LIMIT 1", (flow,)
        ).fetchone()
        if row is None:
            return None
        state = str(row[0])
        return TakenByFlow(state, consume(db, state, now))


def purge(db: Database, older_than: float) -> int:
    """Forgets states that expired before `older_than`."""
    return db.execute("DELETE FROM oauth_states WHERE expires_at < ?", (older_than,)).rowcount


def latest_open(db: Database, telegram_id: int, now: float) -> str | None:
    """The user's newest state that is neither used nor expired."""
    row = db.execute(
        """
        SELECT state FROM oauth_states
        WHERE telegram_id = ? AND used_at IS NULL AND expires_at > ?
        ORDER BY created_at DESC LIMIT 1
        """,
        (telegram_id, now),
    ).fetchone()
    return None if row is None else str(row[0])
