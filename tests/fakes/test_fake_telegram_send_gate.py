"""A test may hold one sendMessage in the fake Telegram, as Telegram slow to answer it; other calls go on."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.testing.fake_telegram import FakeTelegram

TOKEN = "123456:TEST"
USER = 111


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token=TOKEN)
    await fake.start()
    fake.add_user(USER, "Анна", language_code="ru")
    yield fake
    await fake.close()


async def send(tg: FakeTelegram, text: str) -> int:
    async with aiohttp.ClientSession() as http, \
            http.post(f"{tg.base_url}/bot{TOKEN}/sendMessage", json={"chat_id": USER, "text": text}) as response:
        return int((await response.json())["result"]["message_id"])


async def test_a_held_send_is_carried_out_once_released_and_holds_nothing_else(tg: FakeTelegram) -> None:
    gate = tg.hold_send(USER, contains="первое")
    held = asyncio.create_task(send(tg, "первое"))
    await asyncio.wait_for(gate.reached.wait(), timeout=5.0)
    await send(tg, "второе")
    await send(tg, "третье")
    assert [m.text for m in tg.bot_messages(USER)] == ["второе", "третье"]
    gate.release()
    await asyncio.wait_for(held, timeout=5.0)
    await send(tg, "первое снова")  # a gate holds one call
    assert [m.text for m in tg.bot_messages(USER)] == ["второе", "третье", "первое", "первое снова"]
