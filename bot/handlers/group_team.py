"""A connected group acting as a team: the card buttons, prompts and Telegram replies of the private chat, handled
with the owner's account (hh.ru sees the owner), for the members the owner allows.

An outer middleware makes the owner the handlers' `user` in a connected group (no connection: not handled here);
an inner one, run only when a handler matched, refuses anyone the owner did not allow, before any hh.ru call, and
marks who is acting for the card's line. In a group only commands and replies to the bot's own messages are taken,
so members talking among themselves never reach a candidate.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot, F, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.types import User as TelegramUser

from bot.group_view import who_label
from bot.handlers import actions, prompts, replies
from bot.services.group_gate import ACTOR, MOSCOW, Actor, TeamGate, label_of
from bot.services.groups import GroupService
from bot.texts import Texts, texts_for
from storage.group_links import GroupLink

GROUP_CHATS = {ChatType.GROUP, ChatType.SUPERGROUP}
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class TeamContext(BaseMiddleware):
    """In a connected group the handlers act for the owner: `user` is the owner, `team` the group's link."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat = data.get("event_chat")
        groups: GroupService = data["groups"]
        team = await groups.team(chat.id) if chat is not None else None
        if team is None:
            return UNHANDLED
        link, owner = team
        data.update(user=owner, team=link, texts=texts_for(owner.language))
        return await handler(event, data)


class TeamGateMiddleware(BaseMiddleware):
    """Refuses a press or reply by anyone the owner did not allow; marks the allowed one as the actor."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        link: GroupLink = data["team"]
        groups: GroupService = data["groups"]
        gate: TeamGate = data["team_gate"]
        person: TelegramUser | None = data.get("event_from_user")
        texts: Texts = data["texts"]
        if person is None or not await gate.may_act(data["bot"], link, person.id):
            await refuse(event, texts.group_act_refused.format(who=who_label(texts, link.who_acts)))
            return None
        token = ACTOR.set(Actor(label_of(person.username, person.first_name, person.last_name), groups.now(),
                                await groups.zone_of(link.owner_id) or MOSCOW))
        try:
            return await handler(event, data)
        finally:
            ACTOR.reset(token)


async def refuse(event: TelegramObject, text: str) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer(text, show_alert=True)
    elif isinstance(event, Message):
        await event.reply(text)


def to_the_bot(message: Message, bot: Bot) -> bool:
    """A command, or a reply to one of the bot's own messages (not to the creation of a topic it made)."""
    replied = message.reply_to_message
    if message.text is not None and message.text.startswith("/"):
        return True
    return (replied is not None and replied.forum_topic_created is None and replied.from_user is not None
            and replied.from_user.id == bot.id)


def build() -> Router:
    router = Router(name="group_team")
    router.message.filter(F.chat.type.in_(GROUP_CHATS), to_the_bot)
    router.callback_query.filter(F.message.chat.type.in_(GROUP_CHATS))
    context, gating = TeamContext(), TeamGateMiddleware()
    for observer in (router.message, router.callback_query):
        observer.outer_middleware(context)
        observer.middleware(gating)
    router.include_routers(prompts.build(), actions.build(), replies.build())
    return router
