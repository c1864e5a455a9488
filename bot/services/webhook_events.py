"""hh.ru webhook deliveries: taken in (stored before they are answered) and acted on by a worker.

hh.ru signs nothing, so a delivery is only a hint: the secret in its path names the account, its `user_id` must
be that account's hh.ru user, and of its payload only the negotiation id (`topic_id`) or the chat id is kept.
The worker then re-reads that object through the configured API with the account's own token; nothing in a
delivery is ever called. Intake makes no hh.ru call, so it answers well within hh.ru's 2 seconds.

A read the worker makes meets what a check meets, and is handled the same way: an account-level refusal (a captcha,
a lost link) is told once by `Notices.refused`, as for a check, and the account's events wait for it to be active
again; a chat hh.ru is still making (425) is looked at again within seconds, with backoff.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import random
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.clock import Clock
from bot.hh.errors import ChatNotReady, HHError
from bot.hh.manager_accounts import acting_as
from bot.logs import ids
from bot.refusals import Refused
from bot.services.liveness import Heartbeat
from bot.services.poller import Poller
from bot.services.webhook_subscriptions import CHAT_MESSAGE, NEW_RESPONSE, STAGE_CHANGE, secret_hash
from storage import hh_events, work_accounts
from storage.accounts import Account
from storage.db import Storage
from storage.hh_events import Batch, Incoming, Receipt, StoredEvent

log = logging.getLogger(__name__)

NEGOTIATION_ACTIONS = frozenset({NEW_RESPONSE, STAGE_CHANGE})
HANDLED_ACTIONS = NEGOTIATION_ACTIONS | {CHAT_MESSAGE}
SECRET_FORM = re.compile(r"^[A-Za-z0-9_-]{32,128}$")
OBJECT_ID_FORM = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
"""An id that is used in an hh.ru path; anything else is no hint at all (a full check instead)."""
NO_USER = frozenset({"", "0"})
MAX_ATTEMPTS = 5
NOT_READY_FIRST = 3.0
NOT_READY_CAP = 30.0
NOT_READY_LOOKS = 24
"""A chat hh.ru is still making is looked at again after 3, 6, 12, 24, then every 30 s: about ten minutes in all,
after which the polls take over."""
CHECK_TIMEOUT = 120.0
IDLE_WAIT = 30.0
STALL_AFTER = 4 * IDLE_WAIT
PURGE_EVERY = 3600.0


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    topic_id: str | None = None
    chat_id: str | None = None


class _Delivery(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    id: str = Field(min_length=1, max_length=200)
    action_type: str = Field(min_length=1, max_length=100)
    user_id: str | None = Field(None, max_length=100)
    payload: _Payload = Field(default_factory=_Payload)


@dataclass(frozen=True)
class Delivery:
    """What the bot takes from a delivery: whose it claims to be, and the event to store (None: a type the
    bot does not act on)."""

    user_id: str | None
    event: Incoming | None


def parse_delivery(raw: bytes) -> Delivery | None:
    """The delivery's hints, or None when the body is not a delivery at all."""
    try:
        body = _Delivery.model_validate(json.loads(raw))
    except (ValueError, RecursionError, ValidationError):  # not UTF-8, not JSON, too deep, or not a delivery
        return None
    user_id = None if body.user_id is None or body.user_id in NO_USER else body.user_id
    if body.action_type not in HANDLED_ACTIONS:
        return Delivery(user_id, None)
    wanted = body.payload.topic_id if body.action_type in NEGOTIATION_ACTIONS else body.payload.chat_id
    target = wanted if wanted is not None and OBJECT_ID_FORM.match(wanted) else None
    topic, chat = (target, None) if body.action_type in NEGOTIATION_ACTIONS else (None, target)
    return Delivery(user_id, Incoming(body.action_type, body.id, topic, chat))


class WebhookIntake:
    """One delivery in: the path's secret checked, the event stored with one write, the worker woken."""

    def __init__(self, storage: Storage, clock: Clock, wake_worker: Callable[[], None]) -> None:
        self._storage = storage
        self._clock = clock
        self._wake_worker = wake_worker
        self.received = 0

    async def receive(self, secret: str, raw: bytes) -> Receipt | None:
        """The receipt; None when the path is right but the body is not a delivery (nothing stored)."""
        if not SECRET_FORM.match(secret):
            return Receipt.UNKNOWN_PATH
        delivery = parse_delivery(raw)
        receipt = await self._storage.run(hh_events.receive, secret_hash(secret),
                                          delivery.user_id if delivery else None,
                                          delivery.event if delivery else None, self._clock.now())
        if receipt is Receipt.STORED:
            self.received += 1
            self._wake_worker()
        if delivery is None and receipt is Receipt.NOT_STORED:
            return None
        return receipt


@dataclass(frozen=True)
class Targets:
    """What a batch of events asks to look at, each once, in the order asked."""

    negotiations: list[str]
    chats: list[str]
    full_check: bool


def targets_of(events: list[StoredEvent]) -> Targets:
    negotiations = list(dict.fromkeys(event.topic_id for event in events if event.topic_id is not None))
    chats = list(dict.fromkeys(event.chat_id for event in events if event.chat_id is not None))
    full = any(event.topic_id is None and event.chat_id is None for event in events)
    return Targets(negotiations, chats, full)


def retry_delay(attempts: int) -> float:
    bound = min(300.0, 5.0 * 2.0 ** attempts)
    return random.uniform(bound / 2, bound)


def not_ready_delay(looks: int) -> float:
    """When to look again at a chat found not ready `looks` times before this one: soon, so that its message follows
    within seconds of the chat being made; a little jitter keeps many such chats from coming back together."""
    bound = min(NOT_READY_CAP, NOT_READY_FIRST * 2.0 ** looks)
    return random.uniform(0.8 * bound, bound)


class EventWorker:
    """Acts on stored events: the oldest first, one batch at a time per account, many accounts at once."""

    def __init__(self, storage: Storage, poller: Poller, clock: Clock,
                 check_soon: Callable[[int], Awaitable[None]], refused: Refused, *, concurrency: int = 50) -> None:
        self._storage = storage
        self._poller = poller
        self._clock = clock
        self._check_soon = check_soon
        self._refused = refused
        self._concurrency = concurrency
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._purged_at: float | None = None
        self.heartbeat = Heartbeat(clock, STALL_AFTER)
        self.handled = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        self.heartbeat.started()
        failures = 0
        while not self._stop.is_set():
            self._wake.clear()
            try:
                wait = await self._start_due()
            except Exception:  # the loop outlives a database that cannot be read for a while
                failures += 1
                wait = min(IDLE_WAIT, 0.25 * 2.0 ** failures)
                log.exception("could not read the stored webhook events; trying again in %.1f s", wait)
            else:
                failures = 0
                self.heartbeat.beat()
            await self._clock.wait(self._wake, wait)

    async def stop(self, grace: float) -> None:
        self._stop.set()
        self._wake.set()
        if self._in_flight:
            _, pending = await asyncio.wait(list(self._in_flight.values()), timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def _start_due(self) -> float:
        """Starts the batches due; returns how long to wait before looking again unless woken."""
        now = self._clock.now()
        if self._purged_at is None or now - self._purged_at >= PURGE_EVERY:
            purged = await self._storage.run(hh_events.purge, now - hh_events.KEPT_SECONDS)
            self._purged_at = now
            if purged:
                log.info("purged %d handled webhook events", purged)
        free = self._concurrency - len(self._in_flight)
        if free > 0:
            batches = await self._storage.run(hh_events.take, now, free, tuple(self._in_flight))
            if self._stop.is_set():  # stopped while reading: `stop` waits only for the batches it saw
                return IDLE_WAIT
            for batch in batches:
                task = asyncio.create_task(self._handle_safely(batch), name=f"events-{batch.account.id}")
                self._in_flight[batch.account.id] = task
                task.add_done_callback(functools.partial(self._done, batch.account.id))
        retry_at = await self._storage.run(hh_events.next_retry_at, now)
        return IDLE_WAIT if retry_at is None else min(IDLE_WAIT, max(0.0, retry_at - now))

    @property
    def in_flight(self) -> int:
        """Batches of events being acted on right now."""
        return len(self._in_flight)

    def _done(self, account_id: int, _: asyncio.Task[None]) -> None:
        self._in_flight.pop(account_id, None)
        self._wake.set()

    async def _handle_safely(self, batch: Batch) -> None:
        try:
            await self._handle(batch)
        except Exception:  # writing the outcome failed: the events stay pending; the account rests, then again
            log.exception("could not record how webhook events ended", extra=ids(account_id=batch.account.id))
            await self._clock.sleep(IDLE_WAIT)

    async def _handle(self, batch: Batch) -> None:
        account = batch.account
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                not_ready = await self._react(account, targets_of(batch.events))
        except HHError as error:
            if await self._refused(account, error):
                await self._keep(batch, error)
            else:  # hh.ru failing: the batch is tried again later, a few times
                await self._retry(batch, error)
            return
        except TimeoutError as error:
            await self._retry(batch, error)
            return
        except Exception as error:  # a bug must not stop the worker; the batch is tried again like a failure
            log.exception("webhook events failed unexpectedly", extra=ids(account_id=account.id))
            await self._retry(batch, error)
            return
        await self._settle(batch, not_ready)

    async def _react(self, account: Account, targets: Targets) -> Targets:
        """Looks at each target once; returns those whose chat hh.ru is still making, to be looked at again."""
        pushed = 0
        full = targets.full_check
        waiting = Targets([], [], full_check=False)
        for negotiation_id in targets.negotiations:
            work = await self._storage.run(work_accounts.target, account.id, negotiation_id, None)
            full = full or work.unknown
            try:
                with acting_as(work.manager_account_id):
                    pushed += await self._poller.check_negotiation(account, negotiation_id)
            except ChatNotReady:
                waiting.negotiations.append(negotiation_id)
        for chat_id in targets.chats:
            work = await self._storage.run(work_accounts.target, account.id, None, chat_id)
            full = full or work.unknown
            try:
                with acting_as(work.manager_account_id):
                    found = await self._poller.check_chat(account, chat_id)
            except ChatNotReady:
                waiting.chats.append(chat_id)
                continue
            full = full or found is None
            pushed += found or 0
        if full:
            await self._check_soon(account.id)
        log.info("webhook events: %d negotiations, %d chats%s; %d pushes; %d chats not ready yet",
                 len(targets.negotiations), len(targets.chats), ", full check asked" if full else "", pushed,
                 len(waiting.negotiations) + len(waiting.chats), extra=ids(account_id=account.id))
        return waiting

    async def _settle(self, batch: Batch, not_ready: Targets) -> None:
        """The batch's events are handled, but those whose chat was not ready, which are looked at again soon."""
        later = {event.seq for event in batch.events
                 if event.topic_id in not_ready.negotiations or event.chat_id in not_ready.chats}
        if not later:
            await self._finish(batch)
            return
        looks = max(event.not_ready for event in batch.events if event.seq in later) + 1
        account_id = batch.account.id
        if looks >= NOT_READY_LOOKS:
            log.warning("%d webhook events: their chats still not ready after %d looks; the polls take over",
                        len(later), looks, extra=ids(account_id=account_id))
            await self._finish(batch)
            return
        done = [seq for seq in batch.seqs if seq not in later]
        now = self._clock.now()
        delay = not_ready_delay(looks - 1)
        await self._storage.run(hh_events.settle, done, sorted(later), now, now + delay)
        self.handled += len(done)
        log.info("%d webhook events wait for their chat to be ready; look %d, again in %.0f s", len(later), looks,
                 delay, extra=ids(account_id=account_id))

    async def _keep(self, batch: Batch, error: HHError) -> None:
        """hh.ru refused the account: its events wait, untouched, until it is active again (after /resume); should
        the refusal have left it active, they are tried again like a failure, so the worker never spins."""
        if not await self._storage.run(hh_events.held, batch.account.id):
            await self._retry(batch, error)
            return
        log.info("%d webhook events kept until the account is active again (%s)", len(batch.events),
                 type(error).__name__, extra=ids(account_id=batch.account.id))

    async def _finish(self, batch: Batch) -> None:
        await self._storage.run(hh_events.finish, batch.seqs, self._clock.now())
        self.handled += len(batch.events)

    async def _retry(self, batch: Batch, error: Exception) -> None:
        attempts = max(event.attempts for event in batch.events) + 1
        account_id = batch.account.id
        if attempts >= MAX_ATTEMPTS:
            log.warning("webhook events given up after %d attempts (%s); the polls take over", attempts, error,
                        extra=ids(account_id=account_id))
            await self._finish(batch)
            return
        delay = retry_delay(attempts)
        log.warning("webhook events failed (%s); attempt %d, again in %.0f s", error, attempts, delay,
                    extra=ids(account_id=account_id))
        await self._storage.run(hh_events.postpone, batch.seqs, self._clock.now() + delay)
