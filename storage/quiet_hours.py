"""Each user's quiet hours: a time zone, a daily range of minutes in it, and what happens to pushes meanwhile.

A row may hold a zone without hours (quiet hours off, the zone kept for next time) or hours without a zone
(chosen, the zone not yet answered); either way there are no quiet hours until both are there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database


class QuietMode(StrEnum):
    SILENT = "silent"  # pushes go out without a sound
    DIGEST = "digest"  # pushes wait, and go as one digest when the quiet hours end


@dataclass(frozen=True)
class QuietSetting:
    telegram_id: int
    zone: str | None
    start_minute: int | None
    end_minute: int | None
    mode: QuietMode

    @property
    def hours(self) -> tuple[int, int] | None:
        """(start, end) in minutes of the day, when both are set."""
        if self.start_minute is None or self.end_minute is None:
            return None
        return self.start_minute, self.end_minute

    @property
    def active(self) -> bool:
        return self.zone is not None and self.hours is not None


_COLUMNS = "q.telegram_id, q.zone, q.start_minute, q.end_minute, q.mode"


def get(db: Database, telegram_id: int) -> QuietSetting | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM quiet_hours AS q WHERE q.telegram_id = ?", (telegram_id,)).fetchone()
    return None if row is None else _setting(row)


def of_chats(db: Database, chat_ids: Iterable[int]) -> dict[int, QuietSetting]:
    """The settings of the users whose private chats these are, by chat id."""
    wanted = sorted(set(chat_ids))
    if not wanted:
        return {}
    rows = db.execute(
        f"""
        SELECT u.chat_id, {_COLUMNS} FROM quiet_hours AS q JOIN users AS u ON u.telegram_id = q.telegram_id
        WHERE u.chat_id IN ({", ".join("?" * len(wanted))})
        """,
        wanted,
    ).fetchall()
    return {row[0]: _setting(row[1:]) for row in rows}


def set_hours(db: Database, telegram_id: int, start_minute: int, end_minute: int, now: float) -> QuietSetting:
    return _put(db, telegram_id, now, start_minute=start_minute, end_minute=end_minute)


def set_zone(db: Database, telegram_id: int, zone: str, now: float) -> QuietSetting:
    return _put(db, telegram_id, now, zone=zone)


def set_mode(db: Database, telegram_id: int, mode: QuietMode, now: float) -> QuietSetting:
    return _put(db, telegram_id, now, mode=mode.value)


def turn_off(db: Database, telegram_id: int, now: float) -> QuietSetting:
    """Ends the quiet hours; the zone and the mode stay for the next time."""
    return _put(db, telegram_id, now, start_minute=None, end_minute=None)


def _put(db: Database, telegram_id: int, now: float, **values: str | int | None) -> QuietSetting:
    db.execute("INSERT OR IGNORE INTO quiet_hours (telegram_id, updated_at) VALUES (?, ?)", (telegram_id, now))
    assignments = ", ".join(f"{column} = ?" for column in values)
    db.execute(f"UPDATE quiet_hours SET {assignments}, updated_at = ? WHERE telegram_id = ?",
               (*values.values(), now, telegram_id))
    setting = get(db, telegram_id)
    assert setting is not None
    return setting


def _setting(row: tuple[int, str | None, int | None, int | None, str]) -> QuietSetting:
    return QuietSetting(row[0], row[1], row[2], row[3], QuietMode(row[4]))
