"""Telegram groups connected to employers' hh.ru accounts. A group may be shared by several owners (a hiring team
where each recruiter links their own account): one link per (group, owner), asked for with /connect in the group and
confirmed in the owner's private chat. An owner has one active group: connecting another moves their link."""

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
    """Who in the group may press the buttons of an owner's cards and reply to that owner's candidates."""

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


def _links(db: Database, where: str, parameters: tuple[Any, ...]) -> list[GroupLink]:
    return [_link(row) for row in db.execute(
        f"SELECT {_COLUMNS} FROM group_links WHERE {where} ORDER BY created_at, owner_id", parameters).fetchall()]


def propose(db: Database, chat_id: int, owner_id: int, title: str, is_forum: bool, now: float) -> None:
    """The owner asked to connect the group (they have no active link to it): it waits for their confirmation."""
    db.execute(
        """
        INSERT OR REPLACE INTO group_links (chat_id, owner_id, title, is_forum, state, created_at)
        VALUES (?, ?, ?, ?, 'pending', ?)
        """,
        (chat_id, owner_id, title, int(is_forum), now),
    )


def get(db: Database, chat_id: int, owner_id: int) -> GroupLink | None:
    found = _links(db, "chat_id = ? AND owner_id = ?", (chat_id, owner_id))
    return found[0] if found else None


def active(db: Database, chat_id: int, owner_id: int) -> GroupLink | None:
    link = get(db, chat_id, owner_id)
    return link if link is not None and link.state is LinkState.ACTIVE else None


def active_links(db: Database, chat_id: int) -> list[GroupLink]:
    """The group's active links, the earliest connected first."""
    return _links(db, "chat_id = ? AND state = 'active'", (chat_id,))


def active_owners(db: Database, chat_id: int) -> list[int]:
    """The owners connected to the group, the earliest connected first."""
    return [link.owner_id for link in active_links(db, chat_id)]


def active_of_owner(db: Database, owner_id: int) -> GroupLink | None:
    found = _links(db, "owner_id = ? AND state = 'active'", (owner_id,))
    return found[0] if found else None


def activate(db: Database, chat_id: int, owner_id: int, now: float) -> list[GroupLink]:
    """Makes the owner's pending link of the group active; returns the owner's links to other groups, which it
    ends."""
    others = _links(db, "owner_id = ? AND state = 'active' AND chat_id != ?", (owner_id, chat_id))
    db.execute("DELETE FROM group_links WHERE owner_id = ? AND state = 'active' AND chat_id != ?", (owner_id, chat_id))
    db.execute("UPDATE group_links SET state = 'active', created_at = ? WHERE chat_id = ? AND owner_id = ?",
               (now, chat_id, owner_id))
    return others


def end(db: Database, chat_id: int, owner_id: int) -> GroupLink | None:
    """Forgets the owner's link to the group; returns it as it was."""
    link = get(db, chat_id, owner_id)
    db.execute("DELETE FROM group_links WHERE chat_id = ? AND owner_id = ?", (chat_id, owner_id))
    return link


def end_chat(db: Database, chat_id: int) -> list[GroupLink]:
    """Forgets every link to the group, pending or active; returns them as they were."""
    links = _links(db, "chat_id = ?", (chat_id,))
    db.execute("DELETE FROM group_links WHERE chat_id = ?", (chat_id,))
    return links


def of_owner(db: Database, owner_id: int) -> list[GroupLink]:
    return _links(db, "owner_id = ?", (owner_id,))


def set_who_acts(db: Database, chat_id: int, owner_id: int, who: WhoActs) -> None:
    db.execute("UPDATE group_links SET who_acts = ? WHERE chat_id = ? AND owner_id = ?", (who.value, chat_id, owner_id))
