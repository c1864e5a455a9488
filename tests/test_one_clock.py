"""Every wait of the bot is on the injected clock: given a clock that skips its waits, a loop goes round at once,
and the clock saw each wait; on asyncio's own timers it would sit out its idle seconds instead."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer

from bot.clock import SystemClock
from bot.hh.client import HHClient
from bot.hh.errors import HHError
from bot.hh.tokens import TokenPair
from bot.services import chat_replies, sender, webhook_events, webhook_subscriptions
from bot.services.chat_replies import ChatReplies
from bot.services.poller import Poller
from bot.services.sender import Sender
from bot.services.webhook_events import EventWorker
from bot.services.webhook_subscriptions import SubscriptionKeeper
from bot.telegram_session import SSL_CLOSE_WAIT, TelegramSession
from storage.accounts import Account
from storage.db import Storage
from tests.conftest import wait_until
from tests.virtual_clock import VirtualClock, yield_to_loop

ROUNDS = 3


class SkippingClock(SystemClock):
    """Real time, except that each sleep or wait is recorded and skipped: the stopwatch jumps over it."""

    def __init__(self) -> None:
        self.waits: list[tuple[str, float]] = []
        self._skipped = 0.0

    def now(self) -> float:
        return time.time() + self._skipped

    def monotonic(self) -> float:
        return time.monotonic() + self._skipped

    async def sleep(self, seconds: float) -> None:
        self._skip("sleep", seconds)
        await yield_to_loop()

    async def wait(self, event: asyncio.Event, seconds: float) -> bool:
        if not event.is_set():
            self._skip("wait", seconds)
            await yield_to_loop()
        return event.is_set()

    def _skip(self, kind: str, seconds: float) -> None:
        self.waits.append((kind, seconds))
        self._skipped += max(0.0, seconds)


class NoTokens:
    async def load(self, account_id: int) -> TokenPair | None:
        return None

    async def save(self, account_id: int, tokens: TokenPair) -> None:
        raise AssertionError("nothing is due: no token is saved")

    async def mark_needs_relink(self, account_id: int, reason: str) -> None:
        raise AssertionError("nothing is due: no account is marked")


@dataclass
class Loop:
    run: Callable[[], Coroutine[Any, Any, None]]
    stop: Callable[[], Awaitable[None]]


@dataclass
class Parts:
    storage: Storage
    hh: HHClient
    bot: Bot


@pytest.fixture
async def parts() -> AsyncIterator[Parts]:
    storage = Storage(":memory:")
    await storage.open()
    hh = HHClient(api_url="http://127.0.0.1:9", user_agent="Tests/1.0 (t@example.com)", client_id="c",
                  client_secret="s", redirect_uri="http://127.0.0.1:9/oauth/callback", rate_limit=1,
                  tokens=NoTokens(), clock=SystemClock())
    bot = Bot("123456:TEST-bot-token-for-tests")
    yield Parts(storage, hh, bot)
    await bot.session.close()
    await hh.close()
    await storage.close()


def the_sender(parts: Parts, clock: SkippingClock) -> Loop:
    loop = Sender(parts.storage, parts.bot, clock)
    return Loop(loop.run, lambda: loop.stop(grace=1.0))


def the_event_worker(parts: Parts, clock: SkippingClock) -> Loop:
    async def check_soon(account_id: int) -> None:
        raise AssertionError("no event is stored: nothing asks for a check")

    async def refused(account: Account, error: HHError) -> bool:
        raise AssertionError("no event is stored: nothing is refused")

    loop = EventWorker(parts.storage, Poller(parts.storage, parts.hh, clock, lambda: None), clock, check_soon,
                       refused)
    return Loop(loop.run, lambda: loop.stop(grace=1.0))


def the_subscription_keeper(parts: Parts, clock: SkippingClock) -> Loop:
    loop = SubscriptionKeeper(parts.storage, parts.hh, clock, "http://127.0.0.1:9/hh", 60.0)
    return Loop(loop.run, lambda: loop.stop(grace=1.0))


def the_reply_retries(parts: Parts, clock: SkippingClock) -> Loop:
    loop = ChatReplies(parts.storage, parts.hh, clock, lambda: None)
    return Loop(loop.run, loop.stop)


@pytest.mark.parametrize(("build", "idle_wait"), [
    (the_sender, sender.IDLE_WAIT),
    (the_event_worker, webhook_events.IDLE_WAIT),
    (the_subscription_keeper, webhook_subscriptions.IDLE_WAIT),
    (the_reply_retries, chat_replies.IDLE_WAIT),
])
async def test_an_idle_loop_waits_on_the_clock(parts: Parts, build: Callable[[Parts, SkippingClock], Loop],
                                               idle_wait: float) -> None:
    clock = SkippingClock()
    loop = build(parts, clock)
    running = asyncio.create_task(loop.run())
    try:
        await wait_until(lambda: len(clock.waits) >= ROUNDS or running.done(), timeout=idle_wait / 2,
                         what=f"{ROUNDS} waits on the clock")
    finally:
        await loop.stop()
        await asyncio.wait_for(running, timeout=5)
    assert clock.waits[:ROUNDS] == [("wait", idle_wait)] * ROUNDS


@pytest.mark.parametrize(("case", "set_after", "seconds", "expected"), [
    ("set before", 0.0, 5.0, (True, 0.0)),
    ("set during", 2.0, 5.0, (True, 2.0)),
    ("timeout first", 7.0, 5.0, (False, 5.0)),
    ("no time at all", 1.0, 0.0, (False, 0.0)),
])
async def test_a_wait_ends_at_the_event_or_the_timeout_on_virtual_time(case: str, set_after: float, seconds: float,
                                                                       expected: tuple[bool, float]) -> None:
    clock = VirtualClock()
    event = asyncio.Event()

    async def setter() -> None:
        await clock.sleep(set_after)
        event.set()

    async def scene() -> tuple[bool, float]:
        if set_after == 0.0:
            event.set()
        setting = asyncio.ensure_future(setter())
        got = await clock.wait(event, seconds)
        ended_at = clock.monotonic()
        await setting
        return got, ended_at

    assert await clock.run(scene()) == expected


@pytest.mark.parametrize(("base", "waited"), [
    ("http://127.0.0.1:8081", 0.0),  # a local Bot API server, or the fake: no SSL to wind down
    ("https://api.telegram.org", SSL_CLOSE_WAIT),
])
async def test_the_telegram_session_closes_on_the_clock(base: str, waited: float) -> None:
    clock = VirtualClock()
    session = TelegramSession(clock, TelegramAPIServer.from_base(base))

    async def scene() -> float:
        await session.create_session()
        await session.close()
        return clock.monotonic()

    assert await clock.run(scene()) == waited
