"""Drains the outbox into Telegram: in order within each chat, many chats at once, nothing dropped silently."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup, LinkPreviewOptions

from bot.clock import Clock
from bot.logs import ids
from storage import outbox
from storage.db import Storage
from storage.outbox import OutboxItem

log = logging.getLogger(__name__)

IDLE_WAIT = 1.0
MAX_RETRY_DELAY = 300.0


class Sender:
    def __init__(self, storage: Storage, bot: Bot, clock: Clock, *, concurrency: int = 40) -> None:
        self._storage = storage
        self._bot = bot
        self._clock = clock
        self._concurrency = concurrency
        self._wake = asyncio.Event()
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._stopping = False
        self.sent = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            free = self._concurrency - len(self._in_flight)
            items = []
            if free > 0:
                items = await self._storage.run(outbox.heads, self._clock.now(), free, frozenset(self._in_flight))
            for item in items:
                task = asyncio.create_task(self._deliver(item))
                self._in_flight[item.chat_id] = task
                task.add_done_callback(functools.partial(self._finished, item.chat_id))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), IDLE_WAIT)

    async def stop(self, grace: float) -> None:
        """Stops taking new items and lets the sends in flight finish, within `grace` seconds."""
        self._stopping = True
        self._wake.set()
        tasks = list(self._in_flight.values())
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                log.warning("%d sends still in flight at shutdown; they stay in the outbox", len(pending))
                await asyncio.gather(*pending, return_exceptions=True)

    def _finished(self, chat_id: int, _: asyncio.Task[None]) -> None:
        self._in_flight.pop(chat_id, None)
        self._wake.set()

    async def _deliver(self, item: OutboxItem) -> None:
        markup = None if item.reply_markup is None else InlineKeyboardMarkup.model_validate(item.reply_markup)
        try:
            message = await self._bot.send_message(
                item.chat_id, item.text, reply_markup=markup, link_preview_options=LinkPreviewOptions(is_disabled=True)
            )
        except (TelegramRetryAfter, TelegramNetworkError, TelegramServerError) as error:
            await self._retry_later(item, error)
            return
        except TelegramForbiddenError as error:
            dropped = await self._storage.run(outbox.drop_chat, item.chat_id)
            log.warning("the chat refuses messages (%s); dropped its %d queued messages", error, dropped,
                        extra=ids(chat_id=item.chat_id))
            return
        except TelegramBadRequest as error:
            await self._storage.run(outbox.drop, item.id)
            log.error("Telegram rejected outbox item %s: %s", item.id, error.message,
                      extra=ids(chat_id=item.chat_id, account_id=item.account_id, negotiation_id=item.negotiation_id))
            return
        except TelegramAPIError as error:
            await self._retry_later(item, error)
            return
        await self._storage.run(outbox.mark_sent, item, message.message_id)
        self.sent += 1

    async def _retry_later(self, item: OutboxItem, error: Exception) -> None:
        delay = random.uniform(0, min(MAX_RETRY_DELAY, 2.0 ** (item.attempts + 1)))
        if isinstance(error, TelegramRetryAfter):
            delay = max(delay, float(error.retry_after))
        log.warning("sending outbox item %s failed (%s); retrying in %.1f s", item.id, error, delay,
                    extra=ids(chat_id=item.chat_id))
        await self._storage.run(outbox.postpone, item.id, self._clock.now() + delay)
