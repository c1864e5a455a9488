"""Issue 22, items 4 and 6: /healthz tells a stranger only the status (the details need HEALTHZ_TOKEN), and a flood
of webhook requests with a wrong secret writes one warning line a minute, not one each."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import pytest

from bot.testing.bot_process import HEALTHZ_AUTH, HEALTHZ_TOKEN
from tests.conftest import Bridge, StartBridge, eventually

DETAILS = {"status", "mode", "loops", "accounts", "last_poll_at", "outbox_pending", "outbox_set_aside"}
WEBHOOK_SECRET = "webhook-secret-for-tests_0123456789"
WEBHOOK_PATH = "/telegram/webhook"
REFUSED = "without the right secret"


async def healthz(bridge: Bridge, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session, session.get(f"{bridge.url}/healthz",
                                                               headers=headers or {}) as response:
        return response.status, await response.json()


@pytest.mark.parametrize("authorization", [
    None,
    "Bearer wrong-token-0123456789",
    f"Bearer {HEALTHZ_TOKEN}x",
    f"Basic {HEALTHZ_TOKEN}",
    HEALTHZ_TOKEN,
    "Bearer",
])
async def test_a_caller_without_the_token_learns_only_the_status(bridge: Bridge, authorization: str | None) -> None:
    headers = None if authorization is None else {"Authorization": authorization}
    assert await healthz(bridge, headers) == (200, {"status": "ok"})


@pytest.mark.parametrize("authorization", [f"Bearer {HEALTHZ_TOKEN}", f"bearer  {HEALTHZ_TOKEN} "])
async def test_the_token_shows_the_details(bridge: Bridge, authorization: str) -> None:
    status, body = await healthz(bridge, {"Authorization": authorization})
    assert (status, set(body), body["mode"], body["accounts"]) == (200, DETAILS, "polling", {"linked": 0, "active": 0})


async def test_without_a_configured_token_nobody_sees_the_details(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(healthz_token=None)
    for headers in (None, HEALTHZ_AUTH, {"Authorization": "Bearer "}):
        assert await healthz(bridge, headers) == (200, {"status": "ok"})


async def test_the_public_answer_still_says_503_when_a_loop_is_dead(bridge: Bridge) -> None:
    await bridge.runtime.sender.stop(0.0)

    async def dead() -> tuple[int, dict[str, Any]] | None:
        answer = await healthz(bridge)
        return answer if answer[0] == 503 else None

    assert await eventually(dead, what="healthz to see the dead sender") == (503, {"status": "dead"})
    status, body = await healthz(bridge, HEALTHZ_AUTH)
    assert (status, body["loops"]["sender"]) == (503, "dead")


# --- a wrong Telegram webhook secret ------------------------------------------------------------------------------


async def post_update(bridge: Bridge, session: aiohttp.ClientSession, secret: str) -> int:
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/help",
                                          "chat": {"id": 4201, "type": "private"},
                                          "from": {"id": 4201, "is_bot": False, "first_name": "X"}}}
    async with session.post(f"{bridge.url}{WEBHOOK_PATH}", json=update,
                            headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as response:
        return response.status


def refusal_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records
            if record.levelno == logging.WARNING and REFUSED in record.getMessage()]


async def test_a_flood_of_wrong_secrets_writes_a_line_a_minute_with_a_count(
    start_bridge: StartBridge, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.web")
    bridge = await start_bridge(mode="webhook", webhook_url=f"http://127.0.0.1:9{WEBHOOK_PATH}",
                                webhook_secret=WEBHOOK_SECRET)
    async with aiohttp.ClientSession() as session:
        assert {await post_update(bridge, session, f"wrong-{n}") for n in range(40)} == {401}
        lines = refusal_lines(caplog)
        assert lines == ["webhook request without the right secret from 127.0.0.1"]
        bridge.clock.advance(59.0)
        assert await post_update(bridge, session, "wrong") == 401
        assert refusal_lines(caplog) == lines, "still within the minute"
        bridge.clock.advance(1.0)
        assert await post_update(bridge, session, "wrong") == 401
        assert refusal_lines(caplog)[1:] == [
            "41 webhook requests without the right secret since the last such line, the latest from 127.0.0.1"]
        bridge.clock.advance(60.0)
        assert await post_update(bridge, session, "wrong") == 401
        assert refusal_lines(caplog)[2:] == ["webhook request without the right secret from 127.0.0.1"]
