"""Who may act in a connected group on an owner's cards (each owner's choice for their own link: only the owner, the
group's administrators, or every member), and who is acting now: for the line a changed card shows («Приглашение —
@anna · 14:05»), and as the person a prompt opened in the group belongs to.

Roles come from getChatMember, kept for a minute (`RoleCache`): a press costs at most two Telegram calls (the
member's and the owner's), and a refused one no hh.ru call at all. A `chat_member` update (sent while the bot is an
administrator there) forgets the group's roles at once, so a demoted administrator cannot act on the minute-old
answer. Before anyone acts as an owner, the owner must still be in the group: one who left or was removed
(`OWNER_GONE`) is not acted for, and the caller ends her link.

A refusal said in the group (`RefusalPace`) goes to a person there at most once in five minutes, so nobody can
make the bot fill the group's window with refusals; the others are dropped (a press still gets its popup, which is
no message in the group).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.enums import ChatMemberStatus
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatMemberRestricted, ResultChatMemberUnion

from bot.clock import Clock
from bot.logs import ids
from bot.render import esc
from bot.services.groups import RoleCache
from bot.texts import Texts
from storage.group_links import GroupLink, WhoActs

log = logging.getLogger(__name__)

MOSCOW = "Europe/Moscow"
ADMINS = frozenset({ChatMemberStatus.CREATOR.value, ChatMemberStatus.ADMINISTRATOR.value})
OUT = frozenset({ChatMemberStatus.LEFT.value, ChatMemberStatus.KICKED.value})
REFUSE_EVERY = 300.0  # a person is refused in a group's chat at most once in this long
FORGET_REFUSALS_ABOVE = 10_000


class Verdict(Enum):
    ALLOWED = "allowed"
    REFUSED = "refused"
    OWNER_GONE = "owner_gone"  # the owner acted for is no longer in the group


def status_of(member: ResultChatMemberUnion) -> str:
    """A member's status as the gate reads it: a restricted user who is not in the group (`is_member` false) cannot
    read it, and counts as gone ("left")."""
    if isinstance(member, ChatMemberRestricted) and not member.is_member:
        return ChatMemberStatus.LEFT.value
    return str(member.status.value if isinstance(member.status, ChatMemberStatus) else member.status)


def is_out(member: ResultChatMemberUnion) -> bool:
    """Whether the member cannot read the group: left, removed, or restricted out of it."""
    return status_of(member) in OUT


@dataclass(frozen=True)
class Actor:
    """A group member acting on the owner's behalf: who, how to name them, when, and the owner's time zone."""

    label: str
    at: float
    zone: str
    telegram_id: int

    def line(self, texts: Texts, what: str | None) -> str:
        time = datetime.fromtimestamp(self.at, ZoneInfo(self.zone)).strftime("%H:%M")
        return texts.group_acted_line.format(what=esc(what or texts.group_acted_default), who=esc(self.label),
                                             time=time)


ACTOR: ContextVar[Actor | None] = ContextVar("group_actor", default=None)
"""Set while a group member's press or reply is handled: an edited card then says who did it and when."""


def actor_line(texts: Texts, what: str | None) -> str | None:
    actor = ACTOR.get()
    return None if actor is None else actor.line(texts, what)


def acting_person(default: int) -> int:
    """The group member acting now (a prompt they open is theirs); outside a group, `default` (the owner)."""
    actor = ACTOR.get()
    return default if actor is None else actor.telegram_id


def label_of(username: str | None, first_name: str, last_name: str | None) -> str:
    if username:
        return f"@{username}"
    return " ".join(part for part in (first_name, last_name) if part)


class RefusalPace:
    """When each person was last refused in each group's chat. Kept in memory: a restart forgets it, which costs at
    most one more refusal per person. Wall time, as `LogPace`: a clock set back starts a new interval."""

    def __init__(self, clock: Clock, every: float = REFUSE_EVERY) -> None:
        self._clock = clock
        self._every = every
        self._told: dict[tuple[int, int], float] = {}

    def due(self, chat_id: int, user_id: int) -> bool:
        """Whether a refusal may be said to the person in the group now; if so, it counts as said."""
        now = self._clock.now()
        told = self._told.get((chat_id, user_id))
        if told is not None and 0 <= now - told < self._every:
            return False
        if len(self._told) >= FORGET_REFUSALS_ABOVE:
            self._told = {key: at for key, at in self._told.items() if 0 <= now - at < self._every}
        self._told[(chat_id, user_id)] = now
        return True


def allowed_by(who_acts: WhoActs, status: str) -> bool:
    """Whether a member with `status` may act where the owner chose `who_acts` (not `OWNER`: only the owner)."""
    return status in ADMINS if who_acts is WhoActs.ADMINS else status not in OUT


class TeamGate:
    def __init__(self, roles: RoleCache, refusals: RefusalPace) -> None:
        self._roles = roles
        self._refusals = refusals

    async def verdict(self, bot: Bot, link: GroupLink, user_id: int) -> Verdict:
        """Whether the member may act on the cards of the link's owner, by that owner's choice, and the owner is still
        in the group (where she is not, nobody acts as her there)."""
        if user_id == link.owner_id:
            return Verdict.ALLOWED
        if link.who_acts is WhoActs.OWNER:
            return Verdict.REFUSED
        status = await self._status(bot, link.chat_id, user_id)
        if status is None or not allowed_by(link.who_acts, status):
            return Verdict.REFUSED
        owner = await self._status(bot, link.chat_id, link.owner_id)
        if owner is None:
            return Verdict.REFUSED
        return Verdict.OWNER_GONE if owner in OUT else Verdict.ALLOWED

    def refusal_due(self, chat_id: int, user_id: int) -> bool:
        """Whether a refusal in the group's chat may go to the person now (at most once in five minutes)."""
        due = self._refusals.due(chat_id, user_id)
        if not due:
            log.debug("a refusal withheld: the person was refused here lately", extra=ids(chat_id=chat_id))
        return due

    def member_changed(self, chat_id: int) -> None:
        """Telegram said a member's status in the group changed: ask again before anyone there acts."""
        self._roles.forget_chat(chat_id)

    async def _status(self, bot: Bot, chat_id: int, user_id: int) -> str | None:
        known = self._roles.get(chat_id, user_id)
        if known is not None:
            return known
        asked = self._roles.asking()
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except TelegramAPIError as error:
            log.info("getChatMember failed: %s", error, extra=ids(chat_id=chat_id))
            return None
        status = status_of(member)
        self._roles.put(chat_id, user_id, status, asked)
        return status
