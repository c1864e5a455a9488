"""Hiring teams: a Telegram group connected with /connect by one or more employers (each recruiter of a team links
their own hh.ru account), and where each vacancy's news goes.

The poller decides the destinations of a push when it enqueues it (`enqueue_push`): the owner's private chat,
the connected group (in a forum, the vacancy's topic), or both, as `/vacancies` set; a muted vacancy's news is
not sent. Nothing here calls Telegram: handlers check roles, and `group_sends` sends.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.clock import Clock
from bot.hh.client import HHClient
from bot.logs import ids
from bot.render import esc
from bot.services.actions import PROMPT_LIFETIME
from bot.services.limits import Kept, UserLimit
from bot.texts import texts_for
from storage import (
    accounts,
    cards,
    delivered,
    group_links,
    outbox,
    prompts,
    quiet_hours,
    told_groups,
    users,
    vacancy_routes,
    vacancy_topics,
)
from storage.accounts import Account, Role, Status
from storage.db import Storage
from storage.group_links import GroupLink, LinkState, WhoActs
from storage.outbox import Topic
from storage.users import User
from storage.vacancy_routes import Destination, VacancyRoute

log = logging.getLogger(__name__)

TOPIC_NAME_LIMIT = 128
SHOWN_VACANCIES = 45  # two buttons each, within Telegram's 100 per message
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def topic_name(vacancy_id: str, name: str, fallback: str) -> str:
    """A forum topic's name: the vacancy's, on one line, shortened to Telegram's 128 characters."""
    clean = " ".join(_CONTROL.sub(" ", name).split())
    if not clean:
        clean = fallback.format(id=vacancy_id)
    return clean if len(clean) <= TOPIC_NAME_LIMIT else clean[:TOPIC_NAME_LIMIT - 1].rstrip() + "…"


def enqueue_push(db: Database, account: Account, private_chat: int, text: str, now: float, *,
                 reply_markup: dict[str, Any] | None, negotiation_id: str | None, hh_message_id: str | None,
                 vacancy_id: str | None, vacancy_name: str = "", card_id: int | None = None) -> int:
    """Queues one push where its vacancy's news goes; returns how many messages were queued (0: muted).

    The first destination keeps the push's `delivered` key (claimed for the private chat, moved to the group when
    the group comes first); a second one gets a copy key, so a Telegram reply to either reaches the negotiation.
    """
    group, route = _route(db, account, vacancy_id)
    if route.muted:
        return 0
    chats: list[int] = [private_chat]
    if group is not None:
        chats = {Destination.PRIVATE: [private_chat], Destination.GROUP: [group.chat_id],
                 Destination.BOTH: [group.chat_id, private_chat]}[route.destination]
    for index, chat in enumerate(chats):
        key = hh_message_id
        if key is not None and negotiation_id is not None:
            if index == 0 and chat != private_chat:
                delivered.set_chat(db, account.id, negotiation_id, key, chat)
            elif index > 0:
                key = delivered.claim_copy(db, account.id, negotiation_id, key, chat, now)
        row = outbox.enqueue(db, chat, text, now, reply_markup=reply_markup, account_id=account.id,
                             negotiation_id=negotiation_id, hh_message_id=key, card_id=card_id)
        if group is not None and chat == group.chat_id and group.is_forum and vacancy_id:
            fallback = texts_for(_language(db, account.telegram_id)).group_topic_fallback
            outbox.set_topic(db, row, Topic(vacancy_id, topic_name(vacancy_id, vacancy_name, fallback),
                                            vacancy_topics.get(db, chat, vacancy_id)))
    return len(chats)


def _route(db: Database, account: Account, vacancy_id: str | None) -> tuple[GroupLink | None, VacancyRoute]:
    if account.role is not Role.EMPLOYER or not vacancy_id:
        return None, vacancy_routes.DEFAULT
    return group_links.active_of_owner(db, account.telegram_id), vacancy_routes.get(db, account.telegram_id,
                                                                                    vacancy_id)


def _language(db: Database, telegram_id: int) -> str:
    user = users.get(db, telegram_id)
    return user.language if user is not None else "ru"


def owner_lost(db: Database, owner_id: int, now: float) -> int:
    """The owner unlinked, lost access or linked another hh.ru account: each of their groups is told once about
    them and gets nothing more of theirs, as when they leave it (a group they shared keeps its other owners)."""
    ended = 0
    for link in group_links.of_owner(db, owner_id):
        if link.state is not LinkState.ACTIVE:
            group_links.end(db, link.chat_id, owner_id)
            continue
        _leave(db, link, now, lost=True)
        ended += 1
    return ended


def group_gone(db: Database, chat_id: int, now: float) -> list[GroupLink]:
    """The group is gone, blocked or removed the bot: it stops being a destination, each owner's queued news goes to
    their private chat (not twice where a copy is queued there already), and each owner is told. Returns the active
    links it ended."""
    ended = []
    with db.atomic():
        for link in group_links.end_chat(db, chat_id):
            owner = users.get(db, link.owner_id)
            if link.state is not LinkState.ACTIVE or owner is None:
                continue
            _hand_back(db, chat_id, owner)
            texts = texts_for(owner.language)
            outbox.enqueue(db, owner.chat_id, texts.group_gone_private.format(title=esc(link.title)), now)
            ended.append(link)
        vacancy_topics.forget_chat(db, chat_id)
        outbox.drop_chat(db, chat_id)
    return ended


def _hand_back(db: Database, chat_id: int, owner: User) -> None:
    """The owner's news queued for the group goes to their private chat instead (not twice where a copy waits
    there)."""
    account = accounts.of_user(db, owner.telegram_id)
    if account is not None:
        outbox.drop_copies_of(db, chat_id, account.id, f"to:{owner.chat_id}:")
        delivered.move_unsent(db, chat_id, account.id, owner.chat_id)
        outbox.move_account(db, chat_id, account.id, owner.chat_id)


def _who(user: User | None, telegram_id: int) -> str:
    """How a group is told which owner connected or left: their Telegram username, else their name."""
    if user is not None and user.username:
        return esc(f"@{user.username}")
    return esc(user.name) if user is not None and user.name else str(telegram_id)


def _leave(db: Database, link: GroupLink, now: float, *, lost: bool = False) -> None:
    """Ends one owner's active link: their queued news goes back to them, and the group is told; the group's other
    owners stay connected (and its topics with them). The last owner `lost` (their account is gone or needs a new
    link) leaves the group nothing more to send."""
    group_links.end(db, link.chat_id, link.owner_id)
    owner = users.get(db, link.owner_id)
    texts = texts_for(owner.language if owner is not None else "ru")
    if owner is not None:
        _hand_back(db, link.chat_id, owner)
    else:
        account = accounts.of_user(db, link.owner_id)
        if account is not None:
            outbox.drop_account(db, link.chat_id, account.id)
    if group_links.active_owners(db, link.chat_id):
        outbox.enqueue(db, link.chat_id, texts.group_owner_left.format(who=_who(owner, link.owner_id)), now)
        return
    vacancy_topics.forget_chat(db, link.chat_id)
    if lost:
        outbox.drop_chat(db, link.chat_id)
    outbox.enqueue(db, link.chat_id, texts.group_owner_lost if lost else texts.group_disconnected, now)


@dataclass(frozen=True)
class Owner:
    """A linked employer who may connect groups, and their private chat."""

    user: User
    account: Account


@dataclass(frozen=True)
class VacancyLine:
    id: str
    name: str
    route: VacancyRoute


@dataclass(frozen=True)
class ActiveVacancies:
    """The account's active vacancies as hh.ru listed them: the first ones to show, and how many there are."""

    shown: list[tuple[str, str]]
    total: int


@dataclass(frozen=True)
class VacanciesView:
    group: GroupLink | None
    vacancies: list[VacancyLine]
    more: int


class GroupService:
    """What the group handlers change: connections and each vacancy's route."""

    def __init__(self, storage: Storage, hh: HHClient, clock: Clock, wake_sender: Callable[[], None],
                 limit: UserLimit) -> None:
        self._storage = storage
        self._hh = hh
        self._clock = clock
        self._wake_sender = wake_sender
        self._limit = limit
        self._listed: Kept[tuple[int, str], ActiveVacancies] = Kept(clock)

    async def owner(self, telegram_id: int) -> Owner | None:
        return await self._storage.run(_owner, telegram_id)

    async def owners(self, chat_id: int) -> list[int]:
        """The owners connected to the group, the earliest first."""
        return await self._storage.run(group_links.active_owners, chat_id)

    async def propose(self, chat_id: int, owner_id: int, title: str, is_forum: bool) -> None:
        await self._storage.run(group_links.propose, chat_id, owner_id, title, is_forum, self._clock.now())

    async def pending(self, chat_id: int, owner_id: int) -> GroupLink | None:
        link = await self._storage.run(group_links.get, chat_id, owner_id)
        return link if link is not None and link.state is LinkState.PENDING else None

    async def cancel(self, chat_id: int, owner_id: int) -> None:
        if await self.pending(chat_id, owner_id) is not None:
            await self._storage.run(group_links.end, chat_id, owner_id)

    async def activate(self, link: GroupLink) -> None:
        """Connects the owner to the group and tells the group (naming the owner when others are connected already);
        the owner's link to another group ends, and that group is told too."""
        await self._storage.run(self._activate, link, self._clock.now())
        log.info("a group is connected", extra=ids(chat_id=link.chat_id))
        self._wake_sender()

    def _activate(self, db: Database, link: GroupLink, now: float) -> None:
        owner = users.get(db, link.owner_id)
        texts = texts_for(owner.language if owner is not None else "ru")
        with db.atomic():
            for other in group_links.activate(db, link.chat_id, link.owner_id, now):
                _leave(db, other, now)
            others = [owner_id for owner_id in group_links.active_owners(db, link.chat_id) if owner_id != link.owner_id]
            if others:
                text = texts.group_connected_another.format(who=_who(owner, link.owner_id))
            else:
                vacancy_topics.forget_chat(db, link.chat_id)
                text = texts.group_connected_forum if link.is_forum else texts.group_connected
            outbox.enqueue(db, link.chat_id, text, now)

    async def disconnect(self, chat_id: int, owner_id: int) -> GroupLink | None:
        """Ends the owner's connection to the group: the group and the owner are told; nothing more of the owner's
        goes to the group."""
        return await self._end(chat_id, owner_id, out_of_group=False)

    async def owner_out(self, chat_id: int, owner_id: int) -> GroupLink | None:
        """The owner left the group, was removed or restricted out of it: her connection ends as with /disconnect
        (her news goes back to her private chat, the group is told), and she is told why in private."""
        return await self._end(chat_id, owner_id, out_of_group=True)

    async def _end(self, chat_id: int, owner_id: int, *, out_of_group: bool) -> GroupLink | None:
        link = await self._storage.run(_disconnect, chat_id, owner_id, self._clock.now(), out_of_group)
        if link is not None:
            log.info("an owner %s a group", "is out of" if out_of_group else "left", extra=ids(chat_id=chat_id))
            self._wake_sender()
        return link

    async def disconnect_owner(self, owner_id: int) -> GroupLink | None:
        link = await self._storage.run(group_links.active_of_owner, owner_id)
        return None if link is None else await self.disconnect(link.chat_id, owner_id)

    async def bot_removed(self, chat_id: int) -> None:
        """my_chat_member: the bot left or was removed from the group."""
        if await self._storage.run(group_gone, chat_id, self._clock.now()):
            log.info("the bot was removed from a connected group", extra=ids(chat_id=chat_id))
            self._wake_sender()

    async def first_time_told(self, chat_id: int) -> bool:
        return await self._storage.run(told_groups.first_time, chat_id, self._clock.now())

    async def vacancies(self, owner: Owner) -> VacanciesView:
        """The account's active vacancies with their routes. hh.ru's list is kept a minute per account; reading it
        costs the user a unit of their limit per page (`SlowDown` when it is spent)."""
        employer_id = owner.account.profile.employer_id or ""
        key = (owner.account.id, employer_id)
        listed = self._listed.get(key)
        if listed is None:
            listed = await self._active_vacancies(owner, employer_id)
            self._listed.put(key, listed)
        return await self._storage.run(_view, owner.user.telegram_id, listed.shown, listed.total - len(listed.shown))

    async def _active_vacancies(self, owner: Owner, employer_id: str) -> ActiveVacancies:
        found = []
        page = 0
        while True:
            self._limit.spend(owner.user.telegram_id)
            result = await self._hh.active_vacancies(owner.account.id, employer_id, page)
            found.extend(result.items)
            if result.is_last or not result.items:
                break
            page += 1
        return ActiveVacancies([(vacancy.id, vacancy.name) for vacancy in found[:SHOWN_VACANCIES]], len(found))

    async def routes(self, owner_id: int, vacancy_ids: list[str]) -> dict[str, VacancyRoute]:
        return await self._storage.run(vacancy_routes.of_vacancies, owner_id, vacancy_ids)

    async def next_destination(self, owner_id: int, vacancy_id: str) -> None:
        await self._storage.run(_next_destination, owner_id, vacancy_id)

    async def toggle_mute(self, owner_id: int, vacancy_id: str) -> None:
        await self._storage.run(_toggle_mute, owner_id, vacancy_id)

    async def team_of_card(self, chat_id: int, card_id: int) -> Team | None:
        """A card's button pressed in the group: the card's owner, if connected here and the card's negotiation
        was delivered here."""
        return await self._storage.run(_card_team, chat_id, card_id)

    async def team_of_prompt(self, chat_id: int, message_id: int) -> Team | None:
        """A button under a prompt message: the owner whose prompt it is, if connected here."""
        return await self._storage.run(_prompt_team, chat_id, message_id, self._prompts_since())

    async def team_of_reply(self, chat_id: int, message_id: int) -> Team | None:
        """A reply to the bot's message: the owner of the prompt it asks, else of the push it is, if connected."""
        return await self._storage.run(_reply_team, chat_id, message_id, self._prompts_since())

    async def team_of_person(self, chat_id: int, person_id: int) -> Team | None:
        """Anything else said to the bot in the group (a command): see `_person_team`."""
        return await self._storage.run(_person_team, chat_id, person_id, self._prompts_since())

    def _prompts_since(self) -> float:
        return self._clock.now() - PROMPT_LIFETIME

    async def zone_of(self, owner_id: int) -> str | None:
        """The owner's quiet-hours time zone, if they set one."""
        setting = await self._storage.run(quiet_hours.get, owner_id)
        return setting.zone if setting is not None else None

    def now(self) -> float:
        return self._clock.now()

    async def active_of_owner(self, owner_id: int) -> GroupLink | None:
        return await self._storage.run(group_links.active_of_owner, owner_id)

    async def next_who_acts(self, owner_id: int, chat_id: int) -> bool:
        """Who may act in the owner's group, the next choice; False when it is no longer the owner's group."""
        return await self._storage.run(_next_who_acts, owner_id, chat_id)


NEXT_DESTINATION = {Destination.GROUP: Destination.BOTH, Destination.BOTH: Destination.PRIVATE,
                    Destination.PRIVATE: Destination.GROUP}


def _next_destination(db: Database, owner_id: int, vacancy_id: str) -> None:
    with db.atomic():
        route = vacancy_routes.get(db, owner_id, vacancy_id)
        vacancy_routes.set_destination(db, owner_id, vacancy_id, NEXT_DESTINATION[route.destination])


NEXT_WHO = {WhoActs.ADMINS: WhoActs.MEMBERS, WhoActs.MEMBERS: WhoActs.OWNER, WhoActs.OWNER: WhoActs.ADMINS}


def _next_who_acts(db: Database, owner_id: int, chat_id: int) -> bool:
    with db.atomic():
        link = group_links.active(db, chat_id, owner_id)
        if link is None:
            return False
        group_links.set_who_acts(db, chat_id, owner_id, NEXT_WHO[link.who_acts])
        return True


def _toggle_mute(db: Database, owner_id: int, vacancy_id: str) -> None:
    with db.atomic():
        route = vacancy_routes.get(db, owner_id, vacancy_id)
        vacancy_routes.set_muted(db, owner_id, vacancy_id, not route.muted)


def _view(db: Database, owner_id: int, shown: list[tuple[str, str]], more: int) -> VacanciesView:
    routes = vacancy_routes.of_vacancies(db, owner_id, [vacancy_id for vacancy_id, _ in shown])
    return VacanciesView(group_links.active_of_owner(db, owner_id),
                         [VacancyLine(vacancy_id, name, routes[vacancy_id]) for vacancy_id, name in shown], more)


@dataclass(frozen=True)
class Team:
    """In a connected group, the owner an update acts for, and their link to the group (with their `who_acts`)."""

    link: GroupLink
    owner: User


def _team(db: Database, chat_id: int, owner_id: int) -> Team | None:
    link = group_links.active(db, chat_id, owner_id)
    owner = users.get(db, owner_id) if link is not None else None
    return None if link is None or owner is None else Team(link, owner)


def _card_team(db: Database, chat_id: int, card_id: int) -> Team | None:
    card = cards.get(db, card_id)
    account = accounts.get(db, card.account_id) if card is not None else None
    if card is None or account is None or not delivered.negotiation_in_chat(db, card.account_id, card.negotiation_id,
                                                                             chat_id):
        return None
    return _team(db, chat_id, account.telegram_id)


def _prompt_team(db: Database, chat_id: int, message_id: int, since: float) -> Team | None:
    held = prompts.at_message(db, chat_id, message_id, since)
    return None if held is None else _team(db, chat_id, held.owner_id)


def _reply_team(db: Database, chat_id: int, message_id: int, since: float) -> Team | None:
    team = _prompt_team(db, chat_id, message_id, since)
    if team is not None:
        return team
    ref = delivered.by_telegram_message(db, chat_id, message_id)
    account = accounts.get(db, ref.account_id) if ref is not None else None
    return None if account is None else _team(db, chat_id, account.telegram_id)


def _person_team(db: Database, chat_id: int, person_id: int, since: float) -> Team | None:
    """The owner of the prompt the person opened last here (so /cancel ends it); else the person, when they are a
    connected owner; else the owner connected first (a command of theirs then finds nothing of the person's)."""
    held = prompts.latest_of_actor(db, chat_id, person_id, since)
    team = _team(db, chat_id, held.owner_id) if held is not None else None
    if team is not None:
        return team
    owners = group_links.active_owners(db, chat_id)
    if person_id in owners:
        return _team(db, chat_id, person_id)
    return _team(db, chat_id, owners[0]) if owners else None


def _disconnect(db: Database, chat_id: int, owner_id: int, now: float, out_of_group: bool) -> GroupLink | None:
    with db.atomic():
        link = group_links.active(db, chat_id, owner_id)
        if link is None:
            return None
        _leave(db, link, now)
        owner = users.get(db, owner_id)
        if owner is not None:
            texts = texts_for(owner.language)
            told = texts.group_member_gone_private if out_of_group else texts.group_disconnected_private
            outbox.enqueue(db, owner.chat_id, told.format(title=esc(link.title)), now)
        return link


def _owner(db: Database, telegram_id: int) -> Owner | None:
    user = users.get(db, telegram_id)
    account = accounts.of_user(db, telegram_id)
    if user is None or account is None or account.role is not Role.EMPLOYER or account.status is not Status.ACTIVE:
        return None
    return Owner(user, account)


class RoleCache:
    """getChatMember answers, kept briefly: who is an administrator of which group. A group's answers are forgotten
    when Telegram says a member's status there changed (`chat_member`)."""

    def __init__(self, clock: Clock, seconds: float = 60.0) -> None:
        self._clock = clock
        self._seconds = seconds
        self._known: dict[tuple[int, int], tuple[float, str]] = {}
        self._forgets = 0

    def get(self, chat_id: int, user_id: int) -> str | None:
        known = self._known.get((chat_id, user_id))
        return known[1] if known is not None and known[0] > self._clock.monotonic() else None

    def asking(self) -> int:
        """Taken before getChatMember and handed to `put`: an answer asked for before a forget is not kept."""
        return self._forgets

    def put(self, chat_id: int, user_id: int, status: str, asked: int) -> None:
        if asked != self._forgets:  # the status may have changed while Telegram answered
            return
        if len(self._known) > 10_000:
            now = self._clock.monotonic()
            self._known = {key: value for key, value in self._known.items() if value[0] > now}
        self._known[(chat_id, user_id)] = (self._clock.monotonic() + self._seconds, status)

    def forget_chat(self, chat_id: int) -> None:
        self._forgets += 1
        self._known = {key: value for key, value in self._known.items() if key[0] != chat_id}


