"""A stop that comes while a loop reads its due work starts none of it: `stop` waits only for the work it saw, so
work started on the way out would run against a closing database. What was read stays for the next run.
(The sender's case is in tests/test_sender_stop.py.)"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any

from cryptography.fernet import Fernet
from sqlite_utils import Database

from bot.clock import SystemClock
from bot.hh.errors import HHError
from bot.services.poller import Poller
from bot.services.webhook_events import EventWorker
from bot.services.webhook_subscriptions import CHAT_MESSAGE, SubscriptionKeeper
from storage import accounts, hh_events, hh_subscriptions, users
from storage.accounts import Account, Profile, Role, Tokens
from storage.crypto import TokenCipher
from storage.db import Storage
from tests.test_one_clock import Parts, parts  # noqa: F401  (the fixture)
from tests.virtual_clock import yield_to_loop

BASE = "http://127.0.0.1:9/hh/events"


def seed(db: Database) -> int:
    """An employer with a subscription due to be made, and one stored event for it."""
    users.upsert(db, 7, 7, "ru", now=1000.0)
    profile = Profile(Role.EMPLOYER, "u7", "Ольга", "e1")
    account = accounts.link(db, TokenCipher(Fernet.generate_key()), 7, profile, Tokens("a", "r", 9e9), now=1000.0,
                            first_check_at=9e9)
    hh_subscriptions.want(db, account.id, BASE, now=1000.0)
    hh_subscriptions.set_pending_secret(db, account.id, "h7")
    received = time.time()  # the loops run on the system clock: an event from 1970 would be purged as too old
    hh_events.receive(db, "h7", None, hh_events.Incoming(CHAT_MESSAGE, "ev1", None, "c1"), received)
    return account.id


async def stop_while_reading(storage: Storage, run: Callable[[], Coroutine[Any, Any, None]],
                             stop: Callable[[], Coroutine[Any, Any, None]]) -> None:
    gate = threading.Event()

    def hold(db: Database) -> None:  # the database thread is busy: the loop's read waits behind this
        gate.wait(5)

    holding = asyncio.ensure_future(storage.run(hold))
    running = asyncio.create_task(run())
    await yield_to_loop()
    await stop()
    gate.set()
    await holding
    await asyncio.wait_for(running, timeout=5)
    await yield_to_loop()  # work started on the way out would have begun by now


async def test_a_stop_while_events_are_read_starts_no_check(parts: Parts) -> None:  # noqa: F811
    clock = SystemClock()
    account_id = await parts.storage.run(seed)
    asked: list[int] = []

    async def check_soon(account: int) -> None:
        asked.append(account)

    async def refused(account: Account, error: HHError) -> bool:
        raise AssertionError("no read is made: nothing is refused")

    worker = EventWorker(parts.storage, Poller(parts.storage, parts.hh, clock, lambda: None), clock, check_soon,
                         refused)
    await stop_while_reading(parts.storage, worker.run, lambda: worker.stop(grace=1.0))
    assert worker.in_flight == 0
    left = await parts.storage.run(hh_events.take, clock.now(), 10)
    assert (asked, worker.handled, [batch.account.id for batch in left]) == ([], 0, [account_id])


async def test_a_stop_while_subscriptions_are_read_starts_no_subscribing(parts: Parts) -> None:  # noqa: F811
    clock = SystemClock()
    account_id = await parts.storage.run(seed)
    keeper = SubscriptionKeeper(parts.storage, parts.hh, clock, BASE, 60.0)
    await stop_while_reading(parts.storage, keeper.run, lambda: keeper.stop(grace=1.0))
    assert keeper.in_flight == 0
    subscription = await parts.storage.run(hh_subscriptions.get, account_id)
    assert subscription is not None
    assert (subscription.failures, subscription.last_error) == (0, None)
