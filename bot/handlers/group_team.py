"""A connected group acting as a team: the card buttons, prompts and Telegram replies of the private chat, handled
with an owner's account (hh.ru sees that owner), for the members that owner allows.

A group may be shared by several owners. An outer middleware finds the owner an update acts for and makes them the
handlers' `user` (no connected owner: not handled here):
- a card's button: the card's owner, if they are connected to this group and the card's negotiation was delivered
  here; else the button is stale and nothing reaches hh.ru;
- a button under a prompt or its preview, or a reply to a prompt message: the prompt's owner;
- a reply to a pushed message: the owner of the pushed negotiation, so a reply reaches only the candidate it answers;
- anything else (a command such as /cancel, a reply to another message of the bot): the owner of the prompt the
  sender opened last here, else the sender when they are a connected owner, else the owner connected first.
An inner one, run only when a handler matched, refuses anyone that owner did not allow, before any hh.ru call, and
marks who is acting for the card's line and the prompts they open. A refused press gets a popup; a refused message a
reply in the group only once in five minutes per person (`TeamGate.refusal_due`), so a member who may not act cannot
fill the group's window. Where the owner herself is no longer in the group, nobody acts as her: her link to it ends,
and she is told in private. In a group only commands and replies to the bot's own messages are taken, so members
talking among themselves never reach a candidate.
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
from bot.handlers import actions, prompts, replies, resumes
from bot.keyboards import (
    CardAction,
    CardDecline,
    CardReply,
    CardResume,
    DeclineChoice,
    PreviewChoice,
    PromptChoice,
)
from bot.services.group_gate import ACTOR, MOSCOW, Actor, TeamGate, Verdict, label_of
from bot.services.groups import GroupService, Team
from bot.texts import Texts, texts_for
from storage.group_links import GroupLink

GROUP_CHATS = {ChatType.GROUP, ChatType.SUPERGROUP}
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
CARD_BUTTONS = (CardAction, CardReply, CardDecline, CardResume, DeclineChoice)


class _Stale:
    """A button whose owner is not connected here (or whose prompt is over): answered as stale."""


STALE = _Stale()


class TeamContext(BaseMiddleware):
    """In a connected group the handlers act for the owner the update is about: `user` is that owner, `team` their
    link to the group."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat = data.get("event_chat")
        if chat is None or chat.type not in GROUP_CHATS:
            return UNHANDLED
        person: TelegramUser | None = data.get("event_from_user")
        team = await owner_of(event, chat.id, person, data["groups"])
        if isinstance(team, _Stale):
            assert isinstance(event, CallbackQuery)
            texts: Texts = data["texts"]
            await event.answer(texts.button_stale)
            return None
        if team is None:
            return UNHANDLED
        data.update(user=team.owner, team=team.link, texts=texts_for(team.owner.language))
        return await handler(event, data)


async def owner_of(event: TelegramObject, chat_id: int, person: TelegramUser | None,
                   groups: GroupService) -> Team | _Stale | None:
    """The owner the update acts for (see the module's docstring); None when nobody is connected here."""
    if isinstance(event, CallbackQuery):
        found = await _button_owner(event, chat_id, groups)
        if found is not None:
            return found
    elif isinstance(event, Message) and event.reply_to_message is not None:
        found_team = await groups.team_of_reply(chat_id, event.reply_to_message.message_id)
        if found_team is not None:
            return found_team
    return await groups.team_of_person(chat_id, person.id) if person is not None else None


async def _button_owner(query: CallbackQuery, chat_id: int, groups: GroupService) -> Team | _Stale | None:
    """A card's or a prompt's button: its owner, or stale; None for any other button."""
    data = query.data or ""
    for button in CARD_BUTTONS:
        if _is(data, button):
            try:
                card_id = button.unpack(data).card
            except (TypeError, ValueError):
                return STALE
            team = await groups.team_of_card(chat_id, card_id)
            return STALE if team is None else team
    if _is(data, PromptChoice) and query.message is not None:
        team = await groups.team_of_prompt(chat_id, query.message.message_id)
        return STALE if team is None else team
    if _is(data, PreviewChoice):
        try:
            prompt_message_id = PreviewChoice.unpack(data).prompt
        except (TypeError, ValueError):
            return STALE
        team = await groups.team_of_prompt(chat_id, prompt_message_id)
        return STALE if team is None else team
    return None


def _is(data: str, button: type[CardAction] | type[CardReply] | type[CardDecline] | type[CardResume]
        | type[DeclineChoice] | type[PromptChoice] | type[PreviewChoice]) -> bool:
    return data.startswith(f"{button.__prefix__}{button.__separator__}")


class TeamGateMiddleware(BaseMiddleware):
    """Refuses a press or reply by anyone the owner did not allow, and for an owner no longer in the group (ending her
    link); marks the allowed one as the actor."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        link: GroupLink = data["team"]
        groups: GroupService = data["groups"]
        gate: TeamGate = data["team_gate"]
        person: TelegramUser | None = data.get("event_from_user")
        texts: Texts = data["texts"]
        verdict = Verdict.REFUSED if person is None else await gate.verdict(data["bot"], link, person.id)
        if verdict is Verdict.OWNER_GONE:
            await groups.owner_out(link.chat_id, link.owner_id)
            await refuse(event, texts.group_owner_gone_refused, gate)
            return None
        if person is None or verdict is not Verdict.ALLOWED:
            await refuse(event, texts.group_act_refused.format(who=who_label(texts, link.who_acts)), gate)
            return None
        token = ACTOR.set(Actor(label_of(person.username, person.first_name, person.last_name), groups.now(),
                                await groups.zone_of(link.owner_id) or MOSCOW, person.id))
        try:
            return await handler(event, data)
        finally:
            ACTOR.reset(token)


async def refuse(event: TelegramObject, text: str, gate: TeamGate) -> None:
    """A press: a popup, each time (no message in the group, nothing of its window). A message: a reply in the
    group, at most once in five minutes to the same person there."""
    if isinstance(event, CallbackQuery):
        await event.answer(text, show_alert=True)
    elif isinstance(event, Message):
        await reply_refusal(event, text, gate)


async def reply_refusal(message: Message, text: str, gate: TeamGate) -> None:
    """A refusal in a group, as a reply to the message refused, unless the person was refused there lately."""
    person = message.from_user.id if message.from_user is not None else 0
    if gate.refusal_due(message.chat.id, person):
        await message.reply(text)


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
    router.include_routers(prompts.build(), actions.build(), resumes.build(), replies.build())
    return router
