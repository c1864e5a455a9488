"""What nothing else handled: unknown text, stale buttons, non-private chats, and errors."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import CallbackQuery, ErrorEvent, Message

from bot.texts import RU, Texts

log = logging.getLogger(__name__)

router = Router(name="fallback")
outside_private = Router(name="outside_private")
errors = Router(name="errors")


@outside_private.message()
async def not_private(message: Message, texts: Texts) -> None:
    if message.text and message.text.startswith("/"):
        await message.answer(texts.private_only)


@router.message()
async def not_understood(message: Message, texts: Texts) -> None:
    await message.answer(texts.not_understood)


@router.callback_query()
async def stale_button(query: CallbackQuery, texts: Texts) -> None:
    await query.answer(texts.button_stale)


@errors.errors()
async def on_error(event: ErrorEvent, texts: Texts = RU) -> None:
    update = event.update
    log.error("update %s failed: %r", update.update_id, event.exception, exc_info=event.exception)
    if update.message is not None:
        await update.message.answer(texts.internal_error)
    elif update.callback_query is not None:
        await update.callback_query.answer(texts.internal_error, show_alert=True)
