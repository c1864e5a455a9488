"""What nothing else handled: unknown text, stale buttons, non-private chats, and errors."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import CallbackQuery, ErrorEvent, Message

from bot.closed_chats import closed_chat
from bot.logs import ids
from bot.services.accounts import ToldGroups
from bot.texts import RU, Texts

log = logging.getLogger(__name__)


async def not_private(message: Message, texts: Texts, told_groups: ToldGroups) -> None:
    """Outside a private chat the bot says once where it works, and nothing else: no account data, ever."""
    if await told_groups.first_time(message.chat.id):
        await message.answer(texts.private_only)


async def not_private_button(query: CallbackQuery, texts: Texts) -> None:
    await query.answer(texts.private_only)


async def not_understood(message: Message, texts: Texts) -> None:
    await message.answer(texts.not_understood)


async def stale_button(query: CallbackQuery, texts: Texts) -> None:
    await query.answer(texts.button_stale)


async def on_error(event: ErrorEvent, texts: Texts = RU) -> None:
    """Says «something went wrong» where the update came from, unless the failure was that chat closed to the bot:
    then nothing more is sent there (a pressed button is still answered: that is no message in the chat)."""
    update = event.update
    closed = closed_chat(event.exception)
    if closed is not None and closed == _chat_of(event):
        log.info("update %s ended: the chat is closed to the bot (%s)", update.update_id, event.exception,
                 extra=ids(chat_id=closed, update_id=update.update_id))
    else:
        closed = None
        log.error("update %s failed: %r", update.update_id, event.exception, exc_info=event.exception)
    if update.message is not None and closed is None:
        await update.message.answer(texts.internal_error)
    elif update.callback_query is not None:
        await update.callback_query.answer(texts.internal_error, show_alert=True)


def _chat_of(event: ErrorEvent) -> int | None:
    update = event.update
    if update.message is not None:
        return update.message.chat.id
    query = update.callback_query
    return query.message.chat.id if query is not None and query.message is not None else None


def build() -> Router:
    """Last in line for private chats: text nobody placed and buttons nobody knows."""
    router = Router(name="fallback")
    router.message.register(not_understood)
    router.callback_query.register(stale_button)
    return router


def build_outside_private() -> Router:
    router = Router(name="outside_private")
    router.message.register(not_private)
    router.callback_query.register(not_private_button)
    return router


def build_errors() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error)
    return router
