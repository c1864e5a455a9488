"""The fake Telegram keeps whether a message was sent without a sound, and checks the flag's type."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

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


async def send(tg: FakeTelegram, **params: Any) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as http, \
            http.post(f"{tg.base_url}/bot{TOKEN}/sendMessage", json={"chat_id": USER, **params}) as response:
        return response.status, await response.json()


@pytest.mark.parametrize(("flag", "silent"), [(None, False), (False, False), (True, True), ("true", True)])
async def test_a_message_remembers_disable_notification(tg: FakeTelegram, flag: object, silent: bool) -> None:
    extra = {} if flag is None else {"disable_notification": flag}
    status, _ = await send(tg, text="ночью", **extra)
    assert status == 200
    assert [(m.text, m.disable_notification) for m in tg.bot_messages(USER)] == [("ночью", silent)]


async def test_a_flag_that_is_no_boolean_is_refused(tg: FakeTelegram) -> None:
    assert await send(tg, text="ночью", disable_notification="maybe") == (400, {
        "ok": False, "error_code": 400, "description": 'Bad Request: field "disable_notification" must be of type '
                                                       'Boolean'})
    assert tg.bot_messages(USER) == []
