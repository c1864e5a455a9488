"""Hiring teams: /connect and /disconnect in a group, the bot's own membership, and in the private chat the
confirmation, /disconnect and /vacancies. Until a group is connected the bot says one line there: how to connect.

A group may be shared: each linked employer who administers it connects their own account with /connect (confirmed
in private), and /disconnect ends only the sender's own connection.
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.enums import ChatMemberStatus, ChatType
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.filters import Command
from aiogram.types import CallbackQuery, ChatMemberAdministrator, ChatMemberUpdated, Message

from bot.group_view import (
    GroupConnect,
    VacancyRouteChange,
    WhoActsChange,
    confirm_keyboard,
    vacancies_in,
    vacancies_keyboard,
    vacancies_text,
)
from bot.hh.errors import HHError
from bot.logs import ids
from bot.render import esc
from bot.services.group_gate import TeamGate, is_out
from bot.services.group_sends import GroupSends
from bot.services.groups import GroupService
from bot.services.limits import SlowDown
from bot.texts import Texts, texts_for
from storage.users import User

log = logging.getLogger(__name__)

GROUP_CHATS = {ChatType.GROUP, ChatType.SUPERGROUP}
ADMINS = {ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR}
GONE = {ChatMemberStatus.LEFT, ChatMemberStatus.KICKED}


async def is_admin(bot: Bot, chat_id: int, user_id: int) -> bool:
    """Asked of Telegram each time: connecting and disconnecting are rare and must not trust a stale answer."""
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except TelegramAPIError as error:
        log.info("getChatMember failed: %s", error, extra=ids(chat_id=chat_id))
        return False
    return member.status in ADMINS


# --- in a group ------------------------------------------------------------------------------------------------

async def refuse(message: Message, text: str, team_gate: TeamGate) -> None:
    """A refusal in the group: at most once in five minutes to the same person there, so that nobody can fill the
    group's window with them."""
    person = message.from_user.id if message.from_user is not None else 0
    if team_gate.refusal_due(message.chat.id, person):
        await message.answer(text)


async def connect(message: Message, bot: Bot, texts: Texts, groups: GroupService, team_gate: TeamGate) -> None:
    """The group sees nothing when the owner may connect it: the question goes to the private chat."""
    person, chat = message.from_user, message.chat
    if person is None:
        return
    if person.id in await groups.owners(chat.id):
        await message.answer(texts.group_already_connected)
        return
    owner = await groups.owner(person.id)
    if owner is None:
        await refuse(message, texts.group_connect_how, team_gate)
        return
    if not await is_admin(bot, chat.id, person.id):
        await refuse(message, texts.group_connect_admins_only, team_gate)
        return
    title = chat.title or str(chat.id)
    await groups.propose(chat.id, person.id, title, bool(chat.is_forum))
    owner_texts = texts_for(owner.user.language)
    try:
        await bot.send_message(owner.user.chat_id, owner_texts.group_confirm.format(title=esc(title)),
                               reply_markup=confirm_keyboard(owner_texts, chat.id))
    except TelegramForbiddenError:
        await message.answer(texts.group_connect_open_private)


async def disconnect_group(message: Message, texts: Texts, groups: GroupService, team_gate: TeamGate) -> None:
    """An owner ends their own connection to the group; anyone else is told how it ends."""
    person = message.from_user
    owners = await groups.owners(message.chat.id)
    if person is None or not owners:
        await refuse(message, texts.group_connect_how, team_gate)
        return
    if person.id not in owners:
        await refuse(message, texts.group_disconnect_owners_only, team_gate)
        return
    await groups.disconnect(message.chat.id, person.id)


async def in_group(message: Message, texts: Texts, groups: GroupService) -> None:
    """Anything else in a group: a group not connected is told once how to connect; a connected one hears
    nothing."""
    if not await groups.owners(message.chat.id) and await groups.first_time_told(message.chat.id):
        await message.answer(texts.group_connect_how)


async def membership(update: ChatMemberUpdated, bot: Bot, texts: Texts, groups: GroupService,
                     group_sends: GroupSends) -> None:
    """The bot's own membership: removed → the connection ends; added → one line on how to connect."""
    status = update.new_chat_member.status
    if status in GONE:
        await groups.bot_removed(update.chat.id)
        return
    member = update.new_chat_member
    if isinstance(member, ChatMemberAdministrator) and member.can_manage_topics:
        group_sends.topics_allowed(update.chat.id)
    if update.old_chat_member.status in GONE and await groups.first_time_told(update.chat.id):
        await bot.send_message(update.chat.id, texts.group_connect_how)


async def member_changed(update: ChatMemberUpdated, team_gate: TeamGate, groups: GroupService) -> None:
    """Someone's status in the group changed (promoted, demoted, restricted, joined, left): roles are asked again; a
    connected owner who is out of the group (left, removed, restricted out of it) is disconnected from it."""
    team_gate.member_changed(update.chat.id)
    member = update.new_chat_member
    if is_out(member):
        await groups.owner_out(update.chat.id, member.user.id)


# --- in the private chat ---------------------------------------------------------------------------------------

async def connect_chosen(query: CallbackQuery, callback_data: GroupConnect, bot: Bot, user: User, texts: Texts,
                         groups: GroupService) -> None:
    link = await groups.pending(callback_data.chat, user.telegram_id)
    if link is None or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    await query.answer()
    title = esc(link.title)
    if not callback_data.confirmed:
        await groups.cancel(link.chat_id, user.telegram_id)
        await query.message.edit_text(texts.group_connect_cancelled.format(title=title))
        return
    if await groups.owner(user.telegram_id) is None or not await is_admin(bot, link.chat_id, user.telegram_id):
        await groups.cancel(link.chat_id, user.telegram_id)
        await query.message.edit_text(texts.group_connect_refused.format(title=title))
        return
    await groups.activate(link)
    await query.message.edit_text(texts.group_connected_private.format(title=title))


async def connect_in_private(message: Message, texts: Texts) -> None:
    """/connect belongs in the team's group: in private the bot says where to send it, and how."""
    await message.answer(texts.group_connect_in_private)


async def disconnect_private(message: Message, user: User, texts: Texts, groups: GroupService) -> None:
    if await groups.disconnect_owner(user.telegram_id) is None:
        await message.answer(texts.group_disconnect_none)


async def vacancies(message: Message, user: User, texts: Texts, groups: GroupService) -> None:
    owner = await groups.owner(user.telegram_id)
    if owner is None:
        await message.answer(texts.group_vacancies_employers_only)
        return
    try:
        view = await groups.vacancies(owner)
    except SlowDown:
        await message.answer(texts.slow_down)
        return
    except HHError as error:
        log.info("could not list the vacancies: %s", error, extra=ids(account_id=owner.account.id))
        await message.answer(texts.group_vacancies_failed)
        return
    await message.answer(vacancies_text(texts, view), reply_markup=vacancies_keyboard(
        texts, [(line.id, line.route) for line in view.vacancies], view.group))


async def route_changed(query: CallbackQuery, callback_data: VacancyRouteChange, user: User, texts: Texts,
                        groups: GroupService) -> None:
    if not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    if callback_data.mute:
        await groups.toggle_mute(user.telegram_id, callback_data.vacancy)
    else:
        await groups.next_destination(user.telegram_id, callback_data.vacancy)
    await query.answer()
    await _show_routes(query.message, user, texts, groups)


async def who_acts_changed(query: CallbackQuery, callback_data: WhoActsChange, user: User, texts: Texts,
                           groups: GroupService) -> None:
    if not isinstance(query.message, Message) or not await groups.next_who_acts(user.telegram_id,
                                                                                 callback_data.chat):
        await query.answer(texts.button_stale)
        return
    await query.answer()
    await _show_routes(query.message, user, texts, groups)


async def _show_routes(message: Message, user: User, texts: Texts, groups: GroupService) -> None:
    """The `/vacancies` message's buttons again, as the settings are now."""
    shown = vacancies_in(message.reply_markup)
    routes = await groups.routes(user.telegram_id, shown)
    group = await groups.active_of_owner(user.telegram_id)
    await message.edit_reply_markup(
        reply_markup=vacancies_keyboard(texts, [(vacancy, routes[vacancy]) for vacancy in shown], group))


def build_private() -> Router:
    router = Router(name="groups_private")
    router.message.register(vacancies, Command("vacancies"))
    router.message.register(connect_in_private, Command("connect"))
    router.message.register(disconnect_private, Command("disconnect"))
    router.callback_query.register(connect_chosen, GroupConnect.filter())
    router.callback_query.register(route_changed, VacancyRouteChange.filter())
    router.callback_query.register(who_acts_changed, WhoActsChange.filter())
    return router


def build_group() -> Router:
    router = Router(name="groups")
    router.message.filter(F.chat.type.in_(GROUP_CHATS))
    router.my_chat_member.filter(F.chat.type.in_(GROUP_CHATS))
    router.chat_member.filter(F.chat.type.in_(GROUP_CHATS))
    router.message.register(connect, Command("connect"))
    router.message.register(disconnect_group, Command("disconnect"))
    router.message.register(in_group)
    router.my_chat_member.register(membership)
    router.chat_member.register(member_changed)
    return router
