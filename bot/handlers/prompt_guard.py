"""A prompt is answered only by what comes right after it: anything else its person does in that chat closes it.

In the private chat that is any other message or button. In a group it is anything the person says to the bot (a
command, a reply to one of the bot's messages) and any button they press there; the team's talk among themselves is
not the bot's business and closes nothing, and a prompt there is answered by a reply to it, which points at it
whatever was said in between. What belongs to a prompt: the text it waits for, a button under it or under its
preview, and /cancel (which ends it by itself). The person is told which prompt was closed and why, in a line under
their message (for a button, under the prompt), before the update is handled; so a stray word that follows never
becomes a letter to a candidate.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Chat, Message, ReplyParameters, TelegramObject
from aiogram.types import User as TelegramUser

from bot.handlers.group_team import GROUP_CHATS, to_the_bot
from bot.handlers.prompts import answers, is_cancel, plain_text
from bot.render import esc_name
from bot.services.actions import ActionService
from bot.texts import Texts
from storage.prompts import ActionPrompt, ReplyPrompt

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PromptGuard(BaseMiddleware):
    """Outer middleware of messages and buttons: closes the sender's prompts in the chat that the update does not
    belong to, then lets the update be handled as usual."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        person: TelegramUser | None = data.get("event_from_user")
        bot: Bot = data["bot"]
        if chat is not None and person is not None and _said_to_the_bot(event, chat, bot):
            actions: ActionService = data["actions"]
            for held in await actions.prompts_of_person(chat.id, person.id):
                if not belongs(event, held.prompt):
                    await actions.forget_prompt(held.prompt)
                    await tell_closed(event, bot, data["texts"], held.prompt)
        return await handler(event, data)


def _said_to_the_bot(event: TelegramObject, chat: Chat, bot: Bot) -> bool:
    if chat.type == ChatType.PRIVATE:
        return True
    if chat.type not in GROUP_CHATS:
        return False
    return isinstance(event, CallbackQuery) or (isinstance(event, Message) and to_the_bot(event, bot))


def belongs(event: TelegramObject, prompt: ActionPrompt | ReplyPrompt) -> bool:
    """Whether the update continues the prompt: its text, a button under one of its messages (an earlier one's
    answers as stale), or /cancel."""
    if isinstance(event, CallbackQuery):
        return event.message is not None and event.message.message_id in _messages_of(prompt)
    if isinstance(event, Message):
        return is_cancel(event) or answers(event, prompt)
    return True


def _messages_of(prompt: ActionPrompt | ReplyPrompt) -> set[int]:
    return prompt.message_ids if isinstance(prompt, ActionPrompt) else {prompt.prompt_message_id}


async def tell_closed(event: TelegramObject, bot: Bot, texts: Texts, prompt: ActionPrompt | ReplyPrompt) -> None:
    """The line saying the prompt was closed and why. Its buttons stay (they answer as stale): taking them away
    would cost the chat another second of Telegram's pace before the update's own answer."""
    why = reason(event, prompt, texts)
    if isinstance(prompt, ActionPrompt):
        action = esc_name(prompt.action_name)
        line = texts.prompt_closed_action.format(action=action, name=esc_name(prompt.name), why=why)
    else:
        line = texts.prompt_closed_reply.format(name=esc_name(prompt.name), why=why)
    if isinstance(event, Message):
        await event.reply(line)
        return
    under = prompt.preview_message_id if isinstance(prompt, ActionPrompt) else None
    await bot.send_message(prompt.chat_id, line, reply_parameters=ReplyParameters(
        message_id=under or prompt.prompt_message_id, allow_sending_without_reply=True))


def reason(event: TelegramObject, prompt: ActionPrompt | ReplyPrompt, texts: Texts) -> str:
    """What the person did instead, in words: «отправили /status», «нажали «Подумать»», …"""
    if isinstance(event, CallbackQuery):
        label = _label_of(event)
        return texts.closed_by_button.format(button=esc_name(label)) if label else texts.closed_by_other_button
    if not isinstance(event, Message):
        return texts.closed_by_other
    text = event.text or ""
    if text.startswith("/"):
        return texts.closed_by_command.format(command=esc_name(text.split(maxsplit=1)[0]))
    replied = event.reply_to_message
    if replied is not None and replied.message_id not in _messages_of(prompt):
        return texts.closed_by_reply
    if isinstance(prompt, ActionPrompt) and prompt.previewing and plain_text(event):
        return texts.closed_by_text
    return texts.closed_by_other


def _label_of(query: CallbackQuery) -> str | None:
    """The label of the button pressed, as its message shows it."""
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    rows = markup.inline_keyboard if markup is not None else []
    return next((button.text for row in rows for button in row if button.callback_data == query.data), None)
