"""The fake Telegram delivers an update again when told its confirmation was lost (issue 11, item 10)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.testing.fake_telegram import FakeTelegram

USER = 111


async def get_updates(tg: FakeTelegram, **params: Any) -> list[int]:
    async with aiohttp.ClientSession() as http, http.post(f"{tg.base_url}/bot{tg.token}/getUpdates",
                                                          json=params) as response:
        body = await response.json()
    assert body["ok"], body
    return [update["update_id"] for update in body["result"]]


async def test_a_confirmed_update_comes_again_in_order_once_redelivered(tg: FakeTelegram) -> None:
    tg.add_user(USER)
    await tg.send_text(USER, "first")
    await tg.send_text(USER, "second")
    first, second = await get_updates(tg)
    assert await get_updates(tg, offset=second + 1) == []
    tg.redeliver(second)
    tg.redeliver(first)
    tg.redeliver(first)
    assert await get_updates(tg) == [first, second]
    assert await get_updates(tg, offset=second + 1) == []


async def test_only_an_update_that_existed_can_be_redelivered(tg: FakeTelegram) -> None:
    with pytest.raises(LookupError):
        tg.redeliver(10_000)
