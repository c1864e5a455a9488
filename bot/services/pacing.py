
"""Keeps every message the bot sends within Telegram's limits, and waits out a 429 instead of failing."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.logs import ids

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

PACED_METHODS = (SendMessage, EditMessageText, EditMessageReplyMarkup)


class Pacer:
    """Slots for sends: at most `per_second` overall and one per `chat_interval` seconds in each chat.

    A slot is reserved at once and waited for, so concurrent senders queue in the order they asked.
    """

    def __init__(self, per_second: float = 25.0, chat_interval: float = 1.05) -> None:
        self._interval = 1.0 / per_second
        self._chat_interval = chat_interval
        self._next_global = 0.0
        self._next_in_chat: dict[int, float] = {}

    async def wait_turn(self, chat_id: int | None) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if chat_id is not None:
            slot = max(now, self._next_in_chat.get(chat_id, 0.0))
            self._next_in_chat[chat_id] = slot + self._chat_interval
            await asyncio.sleep(slot - now)
            now = loop.time()
        slot = max(now, self._next_global)
        self._next_global = slot + self._interval
        await asyncio.sleep(slot - now)
        if len(self._next_in_chat) > 10_000:
            self._forget_idle_chats(loop.time())

    def hold_all(self, seconds: float) -> None:
        """Telegram said to wait: nobody sends until then."""
        loop_now = asyncio.get_running_loop().time()
        self._next_global = max(self._next_global, loop_now + seconds)

    def _forget_idle_chats(self, now: float) -> None:
        self._next_in_chat = {chat: slot for chat, slot in self._next_in_chat.items() if slot > now}


class PacingMiddleware(BaseRequestMiddleware):
    """aiogram request middleware: paces sends and edits, and retries after Telegram's `retry_after`."""

    def __init__(self, pacer: Pacer, max_retries: int = 3) -> None:
        self._pacer = pacer
        self._max_retries = max_retries

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        if type(method) not in PACED_METHODS:
            return await make_request(bot, method)
        chat_id = _chat_id(method)
        for attempt in range(self._max_retries + 1):
            await self._pacer.wait_turn(chat_id)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                log.warning("Telegram asked to wait %s s", error.retry_after, extra=ids(chat_id=chat_id))
                self._pacer.hold_all(error.retry_after)
                if attempt == self._max_retries:
                    raise
        raise AssertionError("unreachable")


def _chat_id(method: Any) -> int | None:
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None
