"""What each account has already seen on hh.ru: vacancy and collection counters, and per-negotiation marks.

Three small tables with one purpose: telling the poller what changed since its last look.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlite_utils import Database

NEGOTIATION_RETENTION = 180 * 86400.0  # a negotiation not seen for this long is forgotten

UNKNOWN_COUNT = -1
"""How `negotiation_marks.messages` stores a count hh.ru did not give (its counters are optional)."""


@dataclass(frozen=True)
class NegotiationMark:
    updated_at: str
    messages: int | None
    """How many messages the negotiation had; None: unknown (hh.ru left its counters out and none were read)."""
    state: str
    seen_at: float = field(default=0.0, compare=False)
    """When a check last saved the mark (what it says held then)."""
    has_updates: bool = field(default=False, compare=False)
    """hh.ru's `has_updates` of the negotiation then."""


@dataclass(frozen=True)
class CollectionCounters:
    total: int
    with_updates: int


def vacancy_snapshots(db: Database, account_id: int) -> dict[str, str]:
    rows = db.execute(
        "SELECT vacancy_id, snapshot FROM vacancy_marks WHERE account_id = ?", (account_id,)
    ).fetchall()
    return {vacancy_id: snapshot for vacancy_id, snapshot in rows}


def save_vacancy_snapshot(db: Database, account_id: int, vacancy_id: str, snapshot: str) -> None:
    db.execute(
        """
        INSERT INTO vacancy_marks (account_id, vacancy_id, snapshot) VALUES (?, ?, ?)
        ON CONFLICT (account_id, vacancy_id) DO UPDATE SET snapshot = excluded.snapshot
        """,
        (account_id, vacancy_id, snapshot),
    )


def forget_vacancies_except(db: Database, account_id: int, keep: Iterable[str]) -> None:
    """Drops the marks of vacancies no longer active (archived ones leave the active list)."""
    kept = list(keep)
    placeholders = ",".join("?" * len(kept))
    db.execute(
        f"DELETE FROM vacancy_marks WHERE account_id = ? AND vacancy_id NOT IN ({placeholders})",
        (account_id, *kept),
    )


def forget_vacancy(db: Database, account_id: int, vacancy_id: str) -> None:
    """Drops what was seen of one vacancy and its collections, so that the next check looks into it."""
    with db.atomic():
        db.execute("DELETE FROM vacancy_marks WHERE account_id = ? AND vacancy_id = ?", (account_id, vacancy_id))
        db.execute("DELETE FROM collection_marks WHERE account_id = ? AND vacancy_id = ?", (account_id, vacancy_id))


def collection_counters(db: Database, account_id: int, vacancy_id: str) -> dict[str, CollectionCounters]:
    rows = db.execute(
        """
        SELECT collection_id, total, with_updates FROM collection_marks
        WHERE account_id = ? AND vacancy_id = ?
        """,
        (account_id, vacancy_id),
    ).fetchall()
    return {collection_id: CollectionCounters(total, with_updates) for collection_id, total, with_updates in rows}


def save_collection_counters(
    db: Database, account_id: int, vacancy_id: str, collection_id: str, counters: CollectionCounters
) -> None:
    db.execute(
        """
        INSERT INTO collection_marks (account_id, vacancy_id, collection_id, total, with_updates)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (account_id, vacancy_id, collection_id)
        DO UPDATE SET total = excluded.total, with_updates = excluded.with_updates
        """,
        (account_id, vacancy_id, collection_id, counters.total, counters.with_updates),
    )


def negotiation_marks(
    db: Database, account_id: int, negotiation_ids: Iterable[str]
) -> dict[str, NegotiationMark]:
    ids = list(negotiation_ids)
    if not ids:
        return {}
    placeholders = ",".join("?" * len(ids))
    rows = db.execute(
        f"""
        SELECT negotiation_id, updated_at, messages, state, seen_at, has_updates FROM negotiation_marks
        WHERE account_id = ? AND negotiation_id IN ({placeholders})
        """,
        (account_id, *ids),
    ).fetchall()
    return {nid: NegotiationMark(updated_at, None if messages == UNKNOWN_COUNT else messages, state, seen_at,
                                 bool(flagged))
            for nid, updated_at, messages, state, seen_at, flagged in rows}


def save_negotiation_mark(db: Database, account_id: int, negotiation_id: str, mark: NegotiationMark,
                          now: float) -> None:
    """Stores what was seen of the negotiation, and that it was seen on hh.ru at `now`."""
    db.execute(
        """
        INSERT INTO negotiation_marks (account_id, negotiation_id, updated_at, messages, state, seen_at, has_updates)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, negotiation_id) DO UPDATE SET
            updated_at = excluded.updated_at, messages = excluded.messages, state = excluded.state,
            seen_at = excluded.seen_at, has_updates = excluded.has_updates
        """,
        (account_id, negotiation_id, mark.updated_at, UNKNOWN_COUNT if mark.messages is None else mark.messages,
         mark.state, now, int(mark.has_updates)),
    )


def purge_negotiation_marks(db: Database, seen_before: float) -> int:
    """Forgets the negotiations not seen on hh.ru since `seen_before`; run `delivered.purge` first."""
    return db.execute("DELETE FROM negotiation_marks WHERE seen_at < ?", (seen_before,)).rowcount
