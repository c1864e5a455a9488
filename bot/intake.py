"""Telegram updates in: stored before they are acknowledged, handled in order per user, replayed after a crash.

aiogram's defaults acknowledge an update (HTTP 200, or the next getUpdates offset) before handling it,
which loses it on a crash. Here an update is acknowledged only once it is in the inbox table. Handled update
ids are remembered, so an update Telegram delivers again is acknowledged and not handled twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError, TelegramConflictError
from aiogram.methods import GetUpdates
from aiogram.types import Update
from pydantic import ValidationError

from bot.clock import Clock
from bot.logs import ids
from bot.services.liveness import Heartbeat
from storage import handled_updates, inbox
from storage.db import Storage

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "chat_member"]  # chat_member: roles changed
LONG_POLL_SECONDS = 25
POLL_STALL_AFTER = 120.0  # a long poll, aiogram's request timeout and the longest backoff fit in it
MAX_POLL_DELAY = 30.0
MAX_WRITE_DELAY = 30.0
PURGE_EVERY = 3600.0


def backoff(failures: int, cap: float) -> float:
    return min(cap, 0.5 * 2.0 ** min(failures, 16))


class UpdateIntake:
    def __init__(self, storage: Storage, dispatcher: Dispatcher, bot: Bot, clock: Clock) -> None:
        self._storage = storage
        self._dispatcher = dispatcher
        self._bot = bot
        self._clock = clock
        self._user_locks: dict[int, asyncio.Lock] = {}
        self._handling: set[asyncio.Task[None]] = set()
        self._polling: asyncio.Task[None] | None = None
        self._purged_at: float | None = None
        self.heartbeat = Heartbeat(clock, POLL_STALL_AFTER)

    async def accept(self, updates: list[dict[str, Any]]) -> None:
        """Updates from the webhook: malformed ones are dropped with a log line, the rest stored durably and
        started; returns once they are stored. A storage error propagates, so the update is not acknowledged."""
        await self._store([update for update in updates if _well_formed(update)])

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

    async def _store(self, updates: list[dict[str, Any]]) -> None:
        if not updates:
            return
        fresh = await self._storage.run(inbox.add, updates, self._clock.now())
        for update in fresh:
            self._start(update)
        if len(fresh) < len(updates):
            log.info("%d updates were delivered again; acknowledged, not handled twice", len(updates) - len(fresh))

    async def _poll(self) -> None:
        """The offset moves only past updates that are stored: after any failure the same ones come again."""
        self.heartbeat.started()
        offset: int | None = None
        failures = 0
        while True:
            try:
                updates = await self._bot(GetUpdates(offset=offset, timeout=LONG_POLL_SECONDS,
                                                     allowed_updates=ALLOWED_UPDATES))
                if updates:
                    await self._store([_as_dict(update) for update in updates])
                    offset = updates[-1].update_id + 1
            except TelegramConflictError as error:
                log.error("another instance is polling or a webhook is set: %s", error.message)
            except TelegramAPIError as error:
                log.warning("getUpdates failed: %s", error)
            except Exception:  # most likely the database: keep the offset, so Telegram gives these updates again
                log.exception("could not take updates in; trying again in %.1f s",
                              backoff(failures + 1, MAX_POLL_DELAY))
            else:
                failures = 0
                self.heartbeat.beat()
                continue
            failures += 1
            await self._clock.sleep(backoff(failures, MAX_POLL_DELAY))

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
            await self._finish(raw["update_id"])
        await self._purge_handled()
        if not lock.locked() and len(self._user_locks) > 10_000:
            self._user_locks = {user: held for user, held in self._user_locks.items() if held.locked()}

    async def _finish(self, update_id: int) -> None:
        """Writes the update down as handled, retrying the write until it succeeds: a replay would handle it
        twice."""
        failures = 0
        while True:
            try:
                await self._storage.run(inbox.finish, update_id, self._clock.now())
                return
            except Exception:  # the database is locked or failing: retry the write only
                failures += 1
                log.exception("could not write down update %s as handled; retrying in %.1f s", update_id,
                              backoff(failures, MAX_WRITE_DELAY), extra=ids(update_id=update_id))
                await self._clock.sleep(backoff(failures, MAX_WRITE_DELAY))

    async def _purge_handled(self) -> None:
        now = self._clock.now()
        if self._purged_at is not None and now - self._purged_at < PURGE_EVERY:
            return
        self._purged_at = now
        try:
            await self._storage.run(handled_updates.purge, now - handled_updates.MEMORY_SECONDS)
        except sqlite3.Error as error:  # nothing is lost: the next purge, an hour later, takes these too
            log.warning("could not forget old handled update ids: %s", error)


def _well_formed(raw: dict[str, Any]) -> bool:
    try:
        Update.model_validate(raw)
    except ValidationError as error:
        log.warning("dropped a malformed update: %d problems, first at %s", error.error_count(),
                    ".".join(str(part) for part in error.errors()[0]["loc"]), extra=ids(update_id=raw.get("update_id")))
        return False
    return True


def _as_dict(update: Update) -> dict[str, Any]:
    return update.model_dump(mode="json", exclude_none=True, by_alias=True)


def _user_of(raw: dict[str, Any]) -> int:
    """The user whose updates must be handled in order; 0 for anything without one."""
    for kind in ("message", "callback_query", "edited_message"):
        event = raw.get(kind)
        sender = event.get("from") if isinstance(event, dict) else None
        user_id = sender.get("id") if isinstance(sender, dict) else None
        if isinstance(user_id, int):
            return user_id
    return 0
