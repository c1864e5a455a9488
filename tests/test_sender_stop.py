"""A stop that comes while the sender reads the outbox starts no send: what it read stays for the next run.

Found by the suite on several processes: a graceful stop during a burst could start a send after `stop` had
counted the sends in flight; the database closed under it, Telegram had the message, and it went again after the
restart.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from sqlite_utils import Database

from bot.clock import SystemClock
from bot.services.sender import Sender
from bot.telegram_session import TelegramSession
from bot.testing.fake_telegram import FakeTelegram
from storage import outbox
from storage.db import Storage
from tests.virtual_clock import yield_to_loop

CHAT = 4101


@pytest.fixture
async def storage() -> AsyncIterator[Storage]:
    opened = Storage(":memory:")
    await opened.open()
    yield opened
    await opened.close()


async def test_a_stop_while_the_outbox_is_read_starts_no_send(storage: Storage, tg: FakeTelegram) -> None:
    tg.add_user(CHAT)
    clock = SystemClock()
    await storage.run(lambda db: outbox.enqueue(db, CHAT, "Пуш", clock.now()))
    bot = Bot(tg.token, session=TelegramSession(clock, TelegramAPIServer.from_base(tg.base_url)))
    sender = Sender(storage, bot, clock)
    gate = threading.Event()

    def hold(db: Database) -> None:  # the database thread is busy: the sender's read waits behind this
        gate.wait(5)

    holding = asyncio.ensure_future(storage.run(hold))
    running = asyncio.create_task(sender.run())
    await yield_to_loop()
    await sender.stop(grace=1.0)
    gate.set()
    await holding
    await asyncio.wait_for(running, timeout=5)
    await yield_to_loop()  # a send started on the way out would have begun by now
    try:
        assert (sender.attempts, await storage.run(outbox.pending_count), tg.bot_messages(CHAT)) == (0, 1, [])
    finally:
        await bot.session.close()
