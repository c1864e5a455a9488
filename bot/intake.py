"""Telegram updates in: stored before they are acknowledged, handled in order per user, replayed after a crash.

aiogram's defaults acknowledge an update (HTTP 200, or the next getUpdates offset) before handling it,
which loses it on a crash. Here an update is acknowledged only once it is in the inbox table.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError, TelegramConflictError
from aiogram.methods import GetUpdates
from aiogram.types import Update

from bot.clock import Clock
from bot.logs import ids
from storage import inbox
from storage.db import Storage

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
LONG_POLL_SECONDS = 25


class UpdateIntake:
    def __init__(self, storage: Storage, dispatcher: Dispatcher, bot: Bot, clock: Clock) -> None:
        self._storage = storage
        self._dispatcher = dispatcher
        self._bot = bot
        self._clock = clock
        self._user_locks: dict[int, asyncio.Lock] = {}
        self._handling: set[asyncio.Task[None]] = set()
        self._polling: asyncio.Task[None] | None = None

    async def accept(self, updates: list[dict[str, Any]]) -> None:
        """Stores the updates durably, then starts handling them; returns once they are stored."""
        if not updates:
            return
        await self._storage.run(inbox.add, updates, self._clock.now())
        for update in updates:
            self._start(update)

    async def replay(self) -> int:
        """Handles what a previous run stored but did not finish."""
        pending = await self._storage.run(inbox.pending)
        for update in pending:
            self._start(update)
        if pending:
            log.info("replaying %d stored updates", len(pending))
        return len(pending)

    def start_polling(self) -> None:
        self._polling = asyncio.create_task(self._poll(), name="telegram-polling")

    async def stop(self, grace: float) -> None:
        """Stops taking updates, then lets the ones being handled finish within `grace` seconds."""
        if self._polling is not None:
            self._polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
        if self._handling:
            _, pending = await asyncio.wait(set(self._handling), timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                log.warning("%d updates unfinished at shutdown; they stay stored and run after restart", len(pending))
                await asyncio.gather(*pending, return_exceptions=True)

    async def _poll(self) -> None:
        offset: int | None = None
        failures = 0
        while True:
            try:
                updates = await self._bot(GetUpdates(offset=offset, timeout=LONG_POLL_SECONDS,
                                                     allowed_updates=ALLOWED_UPDATES))
            except TelegramConflictError as error:
                log.error("another instance is polling or a webhook is set: %s", error.message)
                failures += 1
            except TelegramAPIError as error:
                log.warning("getUpdates failed: %s", error)
                failures += 1
            else:
                failures = 0
                if updates:
                    await self.accept([_as_dict(update) for update in updates])
                    offset = updates[-1].update_id + 1
                continue
            await asyncio.sleep(min(30.0, 0.5 * 2 ** min(failures, 6)))

    def _start(self, update: dict[str, Any]) -> None:
        task = asyncio.create_task(self._handle(update))
        self._handling.add(task)
        task.add_done_callback(self._handling.discard)

    async def _handle(self, raw: dict[str, Any]) -> None:
        lock = self._user_locks.setdefault(_user_of(raw), asyncio.Lock())
        async with lock:
            try:
                update = Update.model_validate(raw, context={"bot": self._bot})
                await self._dispatcher.feed_update(self._bot, update)
            except Exception:  # one update that cannot be handled must not stop the others
                log.exception("the update could not be handled", extra=ids(update_id=raw.get("update_id")))
            await self._storage.run(inbox.remove, raw["update_id"])
        if not lock.locked() and len(self._user_locks) > 10_000:
            self._user_locks = {user: held for user, held in self._user_locks.items() if held.locked()}


def _as_dict(update: Update) -> dict[str, Any]:
    return update.model_dump(mode="json", exclude_none=True, by_alias=True)


def _user_of(raw: dict[str, Any]) -> int:
    for kind in ("message", "callback_query", "edited_message"):
        sender = raw.get(kind, {}).get("from")
        if sender:
            return int(sender["id"])
    return 0
