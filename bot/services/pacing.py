"""Keeps every message the bot sends within Telegram's limits, and waits out a 429 instead of failing."""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, SendDocument, SendMessage, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.clock import Clock
from bot.logs import ids

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

PACED_METHODS = (SendMessage, SendDocument, EditMessageText, EditMessageReplyMarkup)
FORGET_CHATS_ABOVE = 10_000


@dataclass
class _Chat:
    turns: asyncio.Lock = field(default_factory=asyncio.Lock)
    free_at: float = -math.inf
    waiting: int = 0


class TelegramPace:
    """Turns for sends: at most `per_second` overall, one per `chat_interval` seconds in each chat, and none in a
    chat that Telegram told to wait (`hold`) until that wait is over. Other chats carry on meanwhile.

    Within a chat, senders are served in the order they asked; across chats, in the order their chat was free.
    A send without a numeric chat id shares one queue with the others like it, with no interval.
    """

    def __init__(self, clock: Clock, per_second: float = 25.0, chat_interval: float = 1.05) -> None:
        self._clock = clock
        self._interval = 1.0 / per_second
        self._chat_interval = chat_interval
        self._next_global = -math.inf
        self._chats: dict[int | None, _Chat] = {}

    async def wait_turn(self, chat_id: int | None) -> None:
        chat = self._chat(chat_id)
        chat.waiting += 1
        try:
            async with chat.turns:
                await self._until_free(chat)
                chat.free_at = self._clock.monotonic() + (0.0 if chat_id is None else self._chat_interval)
        finally:
            chat.waiting -= 1
        if len(self._chats) > FORGET_CHATS_ABOVE:
            self._forget_idle_chats()

    def hold(self, chat_id: int | None, seconds: float) -> None:
        """Telegram said to wait in this chat: nothing goes to it until `seconds` have passed."""
        chat = self._chat(chat_id)
        chat.free_at = max(chat.free_at, self._clock.monotonic() + seconds)

    async def _until_free(self, chat: _Chat) -> None:
        while True:
            while (wait := chat.free_at - self._clock.monotonic()) > 0:
                await self._clock.sleep(wait)
            await self._global_turn()
            if chat.free_at <= self._clock.monotonic():
                return  # else a hold came while this send waited for its global turn: wait again

    async def _global_turn(self) -> None:
        """A global slot, reserved at once so that concurrent senders are served in the order they asked."""
        now = self._clock.monotonic()
        slot = max(now, self._next_global)
        self._next_global = slot + self._interval
        await self._clock.sleep(slot - now)

    def _chat(self, chat_id: int | None) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat()
        return chat

    def _forget_idle_chats(self) -> None:
        now = self._clock.monotonic()
        self._chats = {chat_id: chat for chat_id, chat in self._chats.items()
                       if chat.waiting or chat.free_at > now}


class PacingMiddleware(BaseRequestMiddleware):
    """aiogram request middleware: paces sends and edits, and retries after Telegram's `retry_after`."""

    def __init__(self, pacer: TelegramPace, max_retries: int = 3) -> None:
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
                log.warning("Telegram asked to wait %s s in this chat", error.retry_after, extra=ids(chat_id=chat_id))
                self._pacer.hold(chat_id, error.retry_after)
                if attempt == self._max_retries:
                    raise
        raise AssertionError("unreachable")


def _chat_id(method: Any) -> int | None:
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None
