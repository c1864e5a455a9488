"""Drains the outbox into Telegram: in order within each chat, many chats at once, nothing dropped silently.

No failure makes a row go again at once: it waits with backoff (on the injected clock), and a row that keeps
failing for reasons other than Telegram being unavailable is set aside. A message Telegram accepted is never
sent again because writing that down failed: only the write is retried, while its chat stays in flight.

During a chat's quiet hours its messages go without a sound; with the digest on, its pushes wait in the outbox
and the sender wakes when the quiet hours end to send the digest (`quiet_outbox`).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import sqlite3

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import InlineKeyboardMarkup, LinkPreviewOptions

from bot.clock import Clock
from bot.logs import ids
from bot.services import quiet_outbox
from bot.services.group_pace import is_group, pushing
from bot.services.group_sends import GroupSends
from bot.services.liveness import Heartbeat
from bot.services.quiet_outbox import Due
from storage import outbox
from storage.db import Storage
from storage.outbox import OutboxItem

log = logging.getLogger(__name__)

IDLE_WAIT = 1.0
MAX_RETRY_DELAY = 300.0
MAX_WRITE_DELAY = 30.0
SET_ASIDE_AFTER = 8
STALL_AFTER = 60.0
NOT_MODIFIED = "message is not modified"
# Telegram being out of reach is no fault of the row: such rows wait and go on trying
UNAVAILABLE = (TelegramRetryAfter, TelegramNetworkError, TelegramServerError, TelegramUnauthorizedError)


def retry_delay(attempts: int, error: Exception) -> float:
    """Exponential with jitter, never less than half the bound, and never before Telegram's retry_after."""
    bound = min(MAX_RETRY_DELAY, 2.0 ** min(attempts + 1, 16))
    delay = random.uniform(bound / 2, bound)
    if isinstance(error, TelegramRetryAfter):
        delay = max(delay, float(error.retry_after))
    return delay


def write_delay(failures: int) -> float:
    return min(MAX_WRITE_DELAY, 0.25 * 2.0 ** min(failures, 16))


class Sender:
    def __init__(self, storage: Storage, bot: Bot, clock: Clock, *, concurrency: int = 40,
                 groups: GroupSends | None = None) -> None:
        self._storage = storage
        self._bot = bot
        self._clock = clock
        self._concurrency = concurrency
        self._groups = groups  # groups' topics and their own pace; None: groups are sent like any chat
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._sending: set[int] = set()  # the rows in flight, which may move to another chat on their way
        self._resting: dict[int, float] = {}  # chat → not before; holds even when postponing could not be written
        self._release_at: float | None = None  # when held pushes are next due, and the alarm set for it
        self._release_alarm: asyncio.Task[None] | None = None
        self.heartbeat = Heartbeat(clock, STALL_AFTER)
        self.sent = 0
        self.attempts = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        self.heartbeat.started()
        failures = 0
        while not self._stop.is_set():
            self._wake.clear()
            try:
                items = await self._due_items()
            except Exception:  # the loop must outlive a database that cannot be read for a while
                failures += 1
                log.exception("could not read the outbox; trying again in %.1f s", write_delay(failures))
                await self._pause(write_delay(failures))
                continue
            failures = 0
            self.heartbeat.beat()
            if self._stop.is_set():  # stopped while reading: `stop` waits only for sends it saw, so start none
                break
            for due in items:
                self._start(due)
            await self._clock.wait(self._wake, IDLE_WAIT)

    async def stop(self, grace: float) -> None:
        """Stops taking new items and lets the sends in flight finish, within `grace` seconds."""
        self._stop.set()
        self._wake.set()
        self._set_release_alarm(None)
        tasks = list(self._in_flight.values())
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                log.warning("%d sends still in flight at shutdown; they stay in the outbox", len(pending))
                await asyncio.gather(*pending, return_exceptions=True)

    async def _pause(self, seconds: float) -> None:
        await self._clock.wait(self._stop, seconds)

    async def _due_items(self) -> list[Due]:
        now = self._clock.now()
        self._set_release_alarm(await self._storage.run(quiet_outbox.release, now))
        free = self._concurrency - len(self._in_flight)
        if free <= 0:
            return []
        self._resting = {chat: until for chat, until in self._resting.items() if until > now}
        skip = frozenset(self._in_flight) | frozenset(self._resting)
        if self._groups is not None:
            skip |= self._groups.busy()  # a group whose window is full would only hold a sending slot
        picked = await self._storage.run(quiet_outbox.pick, now, free, skip)
        # a row moved to another chat while it was being sent (its owner left the group) waits for that send
        return [due for due in picked if due.item.id not in self._sending]

    def _set_release_alarm(self, at: float | None) -> None:
        """Wakes the loop on the injected clock when held pushes are next due."""
        if at == self._release_at and (at is None or self._release_alarm is not None):
            return
        if self._release_alarm is not None:
            self._release_alarm.cancel()
        self._release_at, self._release_alarm = at, None
        if at is not None and not self._stop.is_set():
            self._release_alarm = asyncio.create_task(self._ring_at(at), name="sender release alarm")

    async def _ring_at(self, at: float) -> None:
        await self._clock.sleep(at - self._clock.now())
        self._release_alarm = None
        self._wake.set()

    def _start(self, due: Due) -> None:
        item = due.item
        task = asyncio.create_task(self._deliver(due))
        self._in_flight[item.chat_id] = task
        self._sending.add(item.id)
        task.add_done_callback(functools.partial(self._finished, item))

    def _finished(self, item: OutboxItem, _: asyncio.Task[None]) -> None:
        self._in_flight.pop(item.chat_id, None)
        self._sending.discard(item.id)
        self._wake.set()

    async def _deliver(self, due: Due) -> None:
        item = due.item
        self.attempts += 1
        try:
            with pushing():  # news and card edits keep their share of a group's window, whatever members send
                message_id = await self._send(item, silent=due.silent)
        except Exception as error:  # whatever went wrong, the row waits before it is tried again
            unexpected = not isinstance(error, UNAVAILABLE)
            attempts = item.attempts + 1
            set_aside = unexpected and attempts >= SET_ASIDE_AFTER
            delay = MAX_RETRY_DELAY if set_aside else retry_delay(attempts, error)
            log.log(logging.ERROR if unexpected else logging.WARNING,
                    "sending outbox item %s failed (attempt %d: %s); %s", item.id, attempts, error,
                    "set aside" if set_aside else f"retrying in {delay:.1f} s", exc_info=unexpected,
                    extra=ids(chat_id=item.chat_id, account_id=item.account_id, negotiation_id=item.negotiation_id))
            await self._write_failure(item, f"{type(error).__name__}: {error}"[:500], set_aside, delay)
            return
        if message_id is not None:
            await self._record_sent(item, message_id)

    async def _send(self, item: OutboxItem, *, silent: bool) -> int | None:
        """Telegram's id for the message once it accepted it; None when the row was dropped instead."""
        markup = None if item.reply_markup is None else InlineKeyboardMarkup.model_validate(item.reply_markup)
        if item.edit_message_id is not None:
            return await self._edit(item, item.edit_message_id, markup)
        if self._groups is not None and is_group(item.chat_id):
            return await self._groups.send(item, markup, silent=silent)
        try:
            message = await self._bot.send_message(
                item.chat_id, item.text, reply_markup=markup, link_preview_options=LinkPreviewOptions(is_disabled=True),
                disable_notification=True if silent else None,
            )
        except TelegramForbiddenError as error:
            dropped = await self._storage.run(outbox.drop_chat, item.chat_id)
            log.warning("the chat refuses messages (%s); dropped its %d queued messages", error, dropped,
                        extra=ids(chat_id=item.chat_id))
            return None
        except TelegramBadRequest as error:
            await self._storage.run(outbox.drop, item.id, chat_id=item.chat_id)
            log.error("Telegram rejected outbox item %s: %s", item.id, error.message,
                      extra=ids(chat_id=item.chat_id, account_id=item.account_id, negotiation_id=item.negotiation_id))
            return None
        return message.message_id

    async def _edit(self, item: OutboxItem, message_id: int, markup: InlineKeyboardMarkup | None) -> int | None:
        """Edits a card in place; None when there is nothing left to edit there (the message or the chat is gone
        to the bot), and the row is dropped. A chat that refuses the bot is found out by its next send."""
        try:
            await self._bot.edit_message_text(item.text, chat_id=item.chat_id, message_id=message_id,
                                              reply_markup=markup,
                                              link_preview_options=LinkPreviewOptions(is_disabled=True))
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            if isinstance(error, TelegramForbiddenError) or NOT_MODIFIED not in error.message:
                await self._storage.run(outbox.drop, item.id, chat_id=item.chat_id)
                log.info("outbox item %s: the card could not be edited (%s); dropped", item.id, error.message,
                         extra=ids(chat_id=item.chat_id, account_id=item.account_id))
                return None
        return message_id

    async def _write_failure(self, item: OutboxItem, reason: str, set_aside: bool, delay: float) -> None:
        """Postpones or sets the row aside; the chat rests in memory too, in case the database cannot be written."""
        now = self._clock.now()
        self._resting[item.chat_id] = now + delay
        try:
            if set_aside:
                await self._storage.run(outbox.set_aside, item.id, now, reason, chat_id=item.chat_id)
                self._resting.pop(item.chat_id, None)
            else:
                await self._storage.run(outbox.postpone, item.id, now + delay, reason, chat_id=item.chat_id)
        except sqlite3.Error as error:
            log.error("could not write down the failure of outbox item %s (%s); its chat waits %.1f s", item.id,
                      error, delay, extra=ids(chat_id=item.chat_id))

    async def _record_sent(self, item: OutboxItem, message_id: int) -> None:
        """Telegram has the message; until the write succeeds the chat stays in flight, so the row is not picked
        again. Each write is for the chat it went to: the row may have moved to another chat meanwhile, and then
        goes there still."""
        failures = 0
        while True:
            try:
                still_here = await self._storage.run(outbox.mark_sent, item, message_id, self._clock.now())
            except Exception:  # the database is locked or failing: retry the write only, never the send
                failures += 1
                log.exception("Telegram accepted outbox item %s as message %s, but recording that failed; "
                              "retrying the write in %.1f s", item.id, message_id, write_delay(failures),
                              extra=ids(chat_id=item.chat_id))
                await self._clock.sleep(write_delay(failures))
            else:
                self.sent += 1
                if not still_here:
                    log.info("outbox item %s left the chat while it was being sent there; it goes on where it went",
                             item.id, extra=ids(chat_id=item.chat_id))
                return
