"""Telegram groups connected to an employer's hh.ru account: one active group per owner, asked for with /connect
in the group and confirmed in the owner's private chat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlite_utils import Database


class LinkState(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"


class WhoActs(StrEnum):
    """Who in the group may press a card's buttons and reply to candidates."""

    OWNER = "owner"
    ADMINS = "admins"
    MEMBERS = "members"


@dataclass(frozen=True)
class GroupLink:
    chat_id: int
    owner_id: int
    title: str
    is_forum: bool
    state: LinkState
    who_acts: WhoActs


_COLUMNS = "chat_id, owner_id, title, is_forum, state, who_acts"


def _link(row: Sequence[Any]) -> GroupLink:
    return GroupLink(int(row[0]), int(row[1]), str(row[2]), bool(row[3]), LinkState(row[4]), WhoActs(row[5]))


def propose(db: Database, chat_id: int, owner_id: int, title: str, is_forum: bool, now: float) -> None:
    """The owner asked to connect the group (which has no active link): it waits for the confirmation."""
    db.execute(
        """
        INSERT OR REPLACE INTO group_links (chat_id, owner_id, title, is_forum, state, created_at)
        VALUES (?, ?, ?, ?, 'pending', ?)
        """,
        (chat_id, owner_id, title, int(is_forum), now),
    )


def get(db: Database, chat_id: int) -> GroupLink | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM group_links WHERE chat_id = ?", (chat_id,)).fetchone()
    return None if row is None else _link(row)


def active(db: Database, chat_id: int) -> GroupLink | None:
    link = get(db, chat_id)
    return link if link is not None and link.state is LinkState.ACTIVE else None


def active_of_owner(db: Database, owner_id: int) -> GroupLink | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM group_links WHERE owner_id = ? AND state = 'active'",
                     (owner_id,)).fetchone()
    return None if row is None else _link(row)


def activate(db: Database, chat_id: int, owner_id: int, now: float) -> list[GroupLink]:
    """Makes the owner's pending link of the group active; returns the owner's other groups, which it ends."""
    others = [_link(row) for row in db.execute(
        f"SELECT {_COLUMNS} FROM group_links WHERE owner_id = ? AND state = 'active' AND chat_id != ?",
        (owner_id, chat_id)).fetchall()]
    db.execute("DELETE FROM group_links WHERE owner_id = ? AND state = 'active' AND chat_id != ?", (owner_id, chat_id))
    db.execute("UPDATE group_links SET state = 'active', created_at = ? WHERE chat_id = ? AND owner_id = ?",
               (now, chat_id, owner_id))
    return others


def end(db: Database, chat_id: int) -> GroupLink | None:
    """Forgets the group's link; returns it as it was."""
    link = get(db, chat_id)
    db.execute("DELETE FROM group_links WHERE chat_id = ?", (chat_id,))
    return link


def of_owner(db: Database, owner_id: int) -> list[GroupLink]:
    return [_link(row) for row in db.execute(f"SELECT {_COLUMNS} FROM group_links WHERE owner_id = ?",
                                             (owner_id,)).fetchall()]


def set_who_acts(db: Database, chat_id: int, who: WhoActs) -> None:
    db.execute("UPDATE group_links SET who_acts = ? WHERE chat_id = ?", (who.value, chat_id))
