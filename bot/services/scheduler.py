"""Drives the checks: an APScheduler tick picks the accounts that are due, each check runs on its own.

Each account keeps a fixed phase within the poll interval, so accounts spread over it instead of firing
together; its next check time, failures and backoff live in SQLite and survive restarts. A slow or failing
account only delays itself. An account whose hh.ru webhook subscription is healthy (and brings messages too) is
checked at the longer fallback interval instead: the webhooks bring its news, the checks catch what they lose.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.hh.errors import HHError
from bot.logs import ids
from bot.services.notices import Notices
from bot.services.poller import Poller
from storage import accounts, cards, delivered, hh_subscriptions, negotiation_chats, oauth_states, watermarks
from storage.accounts import Account
from storage.db import Storage
from storage.watermarks import NEGOTIATION_RETENTION

log = logging.getLogger(__name__)

GOLDEN = 0.6180339887498949
HOUSEKEEPING_SECONDS = 3600.0
CARD_LIFETIME = 90 * 86400.0
WEBHOOK_FOR_MESSAGES = "CHAT_MESSAGE_CREATED"
"""Only a subscription that brings new messages too lets an account's checks slow to the fallback interval."""
"""What the bot knows of a negotiation with no news for this long is forgotten (docs/settings.md, "Retention")."""


SOON = 0.0
"""The next check time of an account whose check is asked for now (news the webhooks could not pin down): it
sorts before every overdue account, so the check does not wait behind a backlog of fallback polls."""


def next_slot(account_id: int, now: float, interval: float) -> float:
    """The account's next moment in its own phase of the interval, in (now, now + interval]."""
    phase = (account_id * GOLDEN) % 1.0 * interval
    return now + interval - (now - phase) % interval


def queue_allowance(rate_limit: float) -> int:
    """How many hh.ru requests may wait for the rate limit before no new check starts: half a second's worth,
    refilled by a tick every quarter second.

    A short queue keeps the limit busy, while a check that found news gets its next requests through quickly
    instead of waiting behind hundreds of idle checks.
    """
    return max(1, math.ceil(rate_limit / 2))


def startable(due: list[int], running_at_read: set[int], running: set[int], free: int) -> list[int]:
    """Of the accounts read as due, in order, the first `free` to check now: not one whose check is running, nor
    one whose check was running when they were read. That check may have ended since and moved the account's
    next check; its row is stale, and starting it would check the account twice in a row."""
    return [account for account in due if account not in running_at_read and account not in running][:max(free, 0)]


def backoff_delay(failures: int, interval: float) -> float:
    """Full jitter: anywhere from 0 to the capped exponential bound."""
    return random.uniform(0, min(30 * interval, interval * 2 ** failures))


class PollScheduler:
    def __init__(self, storage: Storage, poller: Poller, notices: Notices, clock: Clock, interval: float, *,
                 queued_requests: Callable[[], int], queue_allowance: int,
                 concurrency: int = 200, check_timeout: float = 300.0, fallback_interval: float | None = None) -> None:
        self._storage = storage
        self._poller = poller
        self._notices = notices
        self._clock = clock
        self._interval = interval
        self._fallback_interval = fallback_interval  # None: no webhooks, every account at `interval`
        self._again: set[int] = set()  # accounts to check once more as soon as their running check ends
        self._concurrency = concurrency
        self._queued_requests = queued_requests
        self._queue_allowance = queue_allowance
        self._check_timeout = check_timeout
        self._tick_seconds = min(0.25, interval / 4)
        self._scheduler: AsyncIOScheduler | None = None
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self.started_at = clock.now()
        self.last_tick_at: float | None = None
        self.last_check_at: float | None = None
        self.checks = 0
        self.ticks = 0
        self._stopping = False
        self._tick_lock = asyncio.Lock()
        self._housekeepers: list[Callable[[], Awaitable[None]]] = []

    def also_housekeep(self, housekeeper: Callable[[], Awaitable[None]]) -> None:
        """Runs `housekeeper` with each hourly housekeeping (another part's own clean-up)."""
        self._housekeepers.append(housekeeper)

    def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(self.tick, "interval", seconds=self._tick_seconds, id="tick", max_instances=1,
                          coalesce=True, next_run_time=datetime.now(UTC))
        scheduler.add_job(self.housekeeping, "interval", seconds=HOUSEKEEPING_SECONDS, id="housekeeping",
                          max_instances=1, coalesce=True)
        scheduler.start()
        self._scheduler = scheduler

    @property
    def running(self) -> bool:
        """Whether the APScheduler behind the ticks runs (for /healthz)."""
        return self._scheduler is not None and self._scheduler.running

    def wake(self) -> None:
        """Look for due accounts now rather than at the next tick."""
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.modify_job("tick", next_run_time=datetime.now(UTC))

    async def stop(self, grace: float) -> None:
        """No new checks; the ones running get `grace` seconds, then are cancelled (and simply run again later)."""
        self._stopping = True
        async with self._tick_lock:
            if self._scheduler is not None:
                self._scheduler.shutdown(wait=False)
        if self._in_flight:
            _, pending = await asyncio.wait(list(self._in_flight.values()), timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def tick(self) -> None:
        async with self._tick_lock:
            if not self._stopping:
                await self._start_due_checks()

    async def _start_due_checks(self) -> None:
        self.last_tick_at = self._clock.now()
        self.ticks += 1
        free = min(self._concurrency - len(self._in_flight), self._queue_allowance - self._queued_requests())
        if free <= 0:
            return
        running_at_read = set(self._in_flight)
        due = await self._storage.run(accounts.due, self._clock.now(), free + len(running_at_read))
        healthy: set[int] = set()
        if self._fallback_interval is not None and due:
            healthy = await self._storage.run(hh_subscriptions.healthy_among, [account.id for account in due],
                                              WEBHOOK_FOR_MESSAGES)
        chosen = set(startable([account.id for account in due], running_at_read, set(self._in_flight), free))
        for account in (account for account in due if account.id in chosen):
            interval = self._fallback_interval if account.id in healthy and self._fallback_interval else self._interval
            task = asyncio.create_task(self._check(account, interval), name=f"check-{account.id}")
            self._in_flight[account.id] = task
            task.add_done_callback(functools.partial(self._done, account.id))

    def _done(self, account_id: int, _: asyncio.Task[None]) -> None:
        self._in_flight.pop(account_id, None)

    async def check_soon(self, account_id: int) -> None:
        """A full check of the account now (after the one running, if any: it may have looked too early)."""
        if account_id in self._in_flight:
            self._again.add(account_id)
            return
        await self._storage.run(accounts.schedule, account_id, SOON)
        self.wake()

    async def housekeeping(self) -> None:
        now = self._clock.now()
        await self._storage.run(oauth_states.purge, now - 86400.0)
        await self._storage.run(cards.purge, now - CARD_LIFETIME)
        await self._storage.run(delivered.purge, now - NEGOTIATION_RETENTION)
        await self._storage.run(watermarks.purge_negotiation_marks, now - NEGOTIATION_RETENTION)
        await self._storage.run(negotiation_chats.purge)
        for housekeeper in self._housekeepers:
            await housekeeper()

    async def _check(self, account: Account, interval: float) -> None:
        next_at = next_slot(account.id, self._clock.now(), interval)
        try:
            async with asyncio.timeout(self._check_timeout):
                await self._poller.check(account, next_at)
        except HHError as error:
            if not await self._notices.refused(account, error):
                await self._back_off(account, error)
        except TimeoutError as error:
            await self._back_off(account, error)
        except Exception as error:  # a bug in one check must not stop the others
            log.exception("check failed unexpectedly", extra=ids(account_id=account.id))
            await self._back_off(account, error)
        finally:
            self.last_check_at = self._clock.now()
            self.checks += 1
            if account.id in self._again:
                self._again.discard(account.id)
                await self._storage.run(accounts.schedule, account.id, SOON)
                self.wake()

    async def _back_off(self, account: Account, error: BaseException) -> None:
        now = self._clock.now()
        delay = backoff_delay(account.failures + 1, self._interval)
        failures = await self._storage.run(accounts.record_failure, account.id, now, now + delay,
                                           f"{type(error).__name__}: {error}"[:500])
        log.warning("check failed (%s); failure %d, next try in %.1f s", error, failures, delay,
                    extra=ids(account_id=account.id))
