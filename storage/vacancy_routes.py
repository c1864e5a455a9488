"""Where each vacancy's news goes (the private chat, the owner's group, or both) and whether it is muted.

Kept per Telegram user (the owner), so a new link of the same person keeps the choices. A vacancy without a row
goes to the group when one is connected, and is not muted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database


class Destination(StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    BOTH = "both"


@dataclass(frozen=True)
class VacancyRoute:
    destination: Destination = Destination.GROUP
    muted: bool = False


DEFAULT = VacancyRoute()


def get(db: Database, owner_id: int, vacancy_id: str) -> VacancyRoute:
    row = db.execute("SELECT destination, muted FROM vacancy_routes WHERE owner_id = ? AND vacancy_id = ?",
                     (owner_id, vacancy_id)).fetchone()
    return DEFAULT if row is None else VacancyRoute(Destination(row[0]), bool(row[1]))


def of_vacancies(db: Database, owner_id: int, vacancy_ids: Iterable[str]) -> dict[str, VacancyRoute]:
    """Every asked vacancy's route, the default for those never changed."""
    return {vacancy_id: get(db, owner_id, vacancy_id) for vacancy_id in vacancy_ids}


def set_destination(db: Database, owner_id: int, vacancy_id: str, destination: Destination) -> None:
    db.execute(
        """
        INSERT INTO vacancy_routes (owner_id, vacancy_id, destination) VALUES (?, ?, ?)
        ON CONFLICT (owner_id, vacancy_id) DO UPDATE SET destination = excluded.destination
        """,
        (owner_id, vacancy_id, destination.value),
    )


def set_muted(db: Database, owner_id: int, vacancy_id: str, muted: bool) -> None:
    db.execute(
        """
        INSERT INTO vacancy_routes (owner_id, vacancy_id, muted) VALUES (?, ?, ?)
        ON CONFLICT (owner_id, vacancy_id) DO UPDATE SET muted = excluded.muted
        """,
        (owner_id, vacancy_id, int(muted)),
    )
