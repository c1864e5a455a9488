"""Issue 11, items 5, 6, 10 and 11: no fault makes the bot spin, resend, go deaf, or handle an update twice."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlite_utils import Database

from bot.services.sender import SET_ASIDE_AFTER
from bot.testing.bot_process import HEALTHZ_AUTH
from bot.testing.fake_telegram import FakeTelegram
from storage import inbox, outbox
from tests.conftest import Bridge, StartBridge, eventually, wait_until

WEBHOOK_SECRET = "webhook-secret-for-tests_0123456789"
WEBHOOK_PATH = "/telegram/webhook"
USER = 4101


@asynccontextmanager
async def database_locked(path: Path) -> AsyncIterator[None]:
    """Another connection holds the database's write lock, as a backup would, until the block ends."""

    def lock() -> sqlite3.Connection:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("BEGIN EXCLUSIVE")
        return connection

    connection = await asyncio.to_thread(lock)
    try:
        yield
    finally:
        await asyncio.to_thread(connection.execute, "COMMIT")
        connection.close()


def logged(caplog: pytest.LogCaptureFixture, words: str) -> bool:
    return any(words in record.getMessage() for record in caplog.records)


async def healthz(bridge: Bridge) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session, session.get(f"{bridge.url}/healthz",
                                                               headers=HEALTHZ_AUTH) as response:
        return response.status, await response.json()


async def inbox_emptied(bridge: Bridge) -> None:
    async def empty() -> bool | None:
        return await bridge.runtime.storage.run(inbox.pending) == [] or None

    await eventually(empty, what="the inbox to empty")


def stored_row(bridge: Bridge, item_id: int) -> Any:
    def read(db: Database) -> Any:
        return db.execute("SELECT attempts, set_aside_at IS NOT NULL FROM outbox WHERE id = ?", (item_id,)).fetchone()

    return bridge.runtime.storage.run(read)


# --- the sender (item 5) ---------------------------------------------------------------------


async def test_a_row_that_cannot_be_sent_waits_then_is_set_aside_and_counted(
    bridge: Bridge, caplog: pytest.LogCaptureFixture
) -> None:
    """A reply_markup that fails validation once made the sender pick the same row thousands of times a second."""
    tg, storage, sender = bridge.tg, bridge.runtime.storage, bridge.runtime.sender
    for chat in (USER, USER + 1):
        tg.add_user(chat)

    def enqueue(db: Database) -> int:
        poisoned = outbox.enqueue(db, USER, "poisoned", now=0.0, reply_markup={"inline_keyboard": "not rows"})
        outbox.enqueue(db, USER, "behind the poisoned one", now=0.0)
        outbox.enqueue(db, USER + 1, "another chat", now=0.0)
        return poisoned

    poisoned = await storage.run(enqueue)
    sender.wake()
    await tg.wait_for_bot_message(USER + 1, contains="another chat")
    await bridge.ticks(8)
    assert (sender.attempts, await stored_row(bridge, poisoned)) == (2, (1, 0))

    for attempt in range(2, SET_ASIDE_AFTER + 1):
        bridge.clock.advance(400.0)
        sender.wake()

        async def tried(expected: int = attempt) -> bool | None:
            return (await stored_row(bridge, poisoned))[0] == expected or None

        await eventually(tried, what=f"attempt {attempt}")
    assert await stored_row(bridge, poisoned) == (SET_ASIDE_AFTER, 1)
    await tg.wait_for_bot_message(USER, contains="behind the poisoned one")
    await bridge.outbox_drained()
    _, body = await healthz(bridge)
    assert (body["outbox_pending"], body["outbox_set_aside"]) == (0, 1)
    assert sender.attempts == SET_ASIDE_AFTER + 2
    failures = [record for record in caplog.records if f"outbox item {poisoned} failed" in record.getMessage()]
    assert (len(failures), "set aside" in failures[-1].getMessage()) == (SET_ASIDE_AFTER, True)
    assert [message.text for message in tg.bot_messages(USER)] == ["behind the poisoned one"]


async def test_a_sent_message_is_not_sent_again_when_the_database_write_after_it_fails(
    bridge: Bridge, caplog: pytest.LogCaptureFixture
) -> None:
    """The write after Telegram accepted a message fails while a backup holds the database (busy_timeout 5 s)."""
    tg, storage = bridge.tg, bridge.runtime.storage
    tg.add_user(USER)
    await storage.run(outbox.enqueue, USER, "once only", 0.0)
    async with database_locked(bridge.settings.database_path):
        bridge.runtime.sender.wake()
        await wait_until(lambda: len(tg.bot_messages(USER)) >= 2 or logged(caplog, "recording that failed"),
                         timeout=20, what="the write to fail")
    await bridge.outbox_drained()
    assert [message.text for message in tg.bot_messages(USER)] == ["once only"]
    assert bridge.runtime.sender.sent == 1


# --- intake and /healthz (item 6) -----------------------------------------------------------

ALL_OK = {"intake": "ok", "sender": "ok", "scheduler": "ok", "chat_replies": "ok"}


async def test_polling_intake_outlives_a_locked_database(bridge: Bridge, caplog: pytest.LogCaptureFixture) -> None:
    tg = bridge.tg
    tg.add_user(USER, language_code="ru")
    async with database_locked(bridge.settings.database_path):
        sent = await tg.send_text(USER, "/help")
        await wait_until(lambda: logged(caplog, "could not take updates in"), timeout=20, what="storing to fail")
    await tg.wait_for_bot_message(USER, contains="/unlink", after=sent, timeout=20)
    status, body = await healthz(bridge)
    assert (status, body["loops"]) == (200, ALL_OK)
    assert len(tg.bot_messages(USER)) == 1


@pytest.mark.parametrize("loop", ["intake", "sender", "chat_replies"])
async def test_healthz_answers_503_when_a_loop_is_dead(bridge: Bridge, loop: str) -> None:
    status, body = await healthz(bridge)
    assert (status, body["status"], body["loops"]) == (200, "ok", ALL_OK)
    runtime = bridge.runtime
    if loop == "chat_replies":
        assert runtime.replies is not None
        await runtime.replies.stop()
    else:
        await (runtime.intake if loop == "intake" else runtime.sender).stop(0.0)
    status, body = await eventually(lambda: answer_with(bridge, 503), what="healthz to see the dead loop")
    assert (body["status"], body["loops"][loop]) == ("dead", "dead")


async def test_healthz_answers_503_while_polling_intake_is_stalled(bridge: Bridge) -> None:
    tg = bridge.tg
    tg.add_user(USER, language_code="ru")
    await eventually(lambda: answer_with(bridge, 200), what="a healthy start")
    bridge.clock.advance(3600.0)
    status, body = await healthz(bridge)
    assert (status, body["status"], body["loops"]["intake"]) == (503, "stalled", "stalled")
    sent = await tg.send_text(USER, "/help")
    await tg.wait_for_bot_message(USER, after=sent)
    status, body = await eventually(lambda: answer_with(bridge, 200), what="healthz to recover")
    assert body["loops"] == ALL_OK


async def answer_with(bridge: Bridge, wanted: int) -> tuple[int, dict[str, Any]] | None:
    status, body = await healthz(bridge)
    return (status, body) if status == wanted else None


# --- the same update twice (item 10) ---------------------------------------------------------


def update_ids_with_text(tg: FakeTelegram, text: str) -> list[int]:
    return [update["update_id"] for call in tg.calls("getUpdates") if call.ok for update in call.result
            if update.get("message", {}).get("text") == text]


async def test_an_update_delivered_again_after_a_restart_is_not_handled_again(start_bridge: StartBridge) -> None:
    """Telegram gives an update again when the bot died before its next getUpdates confirmed it."""
    bridge = await start_bridge()
    tg = bridge.tg
    tg.add_user(USER, language_code="ru")
    first = await tg.send_text(USER, "/help")
    await tg.wait_for_bot_message(USER, after=first)
    (update_id,) = set(update_ids_with_text(tg, "/help"))
    await bridge.stop()
    tg.redeliver(update_id)
    again = await start_bridge()
    await wait_until(lambda: tg.pending_update_count == 0, what="the bot to confirm the redelivered update")
    second = await tg.send_text(USER, "/status")
    await tg.wait_for_bot_message(USER, contains="не подключён", after=second)
    assert len(update_ids_with_text(tg, "/help")) == 2, "the update did come twice"
    assert ["/unlink" in message.text for message in tg.bot_messages(USER)] == [True, False]
    await inbox_emptied(again)


# --- the webhook (items 6, 10, 11) ------------------------------------------------------------


@pytest.fixture
async def webhook_bridge(start_bridge: StartBridge) -> Bridge:
    """Webhook mode; the tests play Telegram and post to the webhook themselves (the fake's own deliveries
    would go to the address registered here, where nothing listens, but the tests make the fake queue none)."""
    return await start_bridge(mode="webhook", webhook_url=f"http://127.0.0.1:9{WEBHOOK_PATH}",
                              webhook_secret=WEBHOOK_SECRET)


def help_update(update_id: int, text: str = "/help") -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text, "chat": {"id": USER, "type": "private"},
        "from": {"id": USER, "is_bot": False, "first_name": "X", "language_code": "ru"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]}}


async def post_raw(bridge: Bridge, body: bytes, secret: bytes = WEBHOOK_SECRET.encode()) -> int:
    """A webhook request written byte by byte: aiohttp's client would not send a header that is not ASCII."""
    port = int(bridge.url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"POST " + WEBHOOK_PATH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Content-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: " + secret +
                 b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return int(status_line.split()[1])


def deep(levels: int) -> bytes:
    update = help_update(1)
    update["extra"] = json.loads("[" * levels + "]" * levels)
    return json.dumps(update).encode()


BAD_REQUESTS = [
    pytest.param(b'{"update_id": 1, "message": {"text": "\xff"}}', WEBHOOK_SECRET.encode(), 400, id="not UTF-8"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, WEBHOOK_SECRET.encode(), 400, id="deeper than the parser goes"),
    pytest.param(deep(200), WEBHOOK_SECRET.encode(), 400, id="200 levels deep"),
    pytest.param(b'{"update_id": true}', WEBHOOK_SECRET.encode(), 400, id="update_id not a number"),
    pytest.param(json.dumps(help_update(1)).encode(), "секрет".encode(), 401, id="UTF-8 secret, not ASCII"),
    pytest.param(json.dumps(help_update(1)).encode(), b"\xe9t\xe9", 401, id="secret not UTF-8"),
]


@pytest.mark.parametrize(("body", "secret", "status"), BAD_REQUESTS)
async def test_a_bad_webhook_request_gets_a_clear_4xx(webhook_bridge: Bridge, body: bytes, secret: bytes,
                                                      status: int) -> None:
    assert await post_raw(webhook_bridge, body, secret) == status
    assert await webhook_bridge.runtime.storage.run(inbox.pending) == []


async def test_a_malformed_update_is_dropped_with_a_log_line(webhook_bridge: Bridge,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    webhook_bridge.tg.add_user(USER, language_code="ru")
    assert await post_raw(webhook_bridge, b'{"update_id": 7, "message": "x"}') == 200
    assert await post_raw(webhook_bridge, json.dumps(help_update(8)).encode()) == 200
    await webhook_bridge.tg.wait_for_bot_message(USER, contains="/unlink")
    await inbox_emptied(webhook_bridge)
    assert [record.getMessage() for record in caplog.records if "malformed" in record.getMessage()] == [
        "dropped a malformed update: 1 problems, first at message"]


async def test_the_same_update_posted_twice_is_answered_once(webhook_bridge: Bridge) -> None:
    tg = webhook_bridge.tg
    tg.add_user(USER, language_code="ru")
    for update in (help_update(21), help_update(21), help_update(22, "/status")):
        assert await post_raw(webhook_bridge, json.dumps(update).encode()) == 200
    await tg.wait_for_bot_message(USER, contains="не подключён")
    assert ["/unlink" in message.text for message in tg.bot_messages(USER)] == [True, False]


async def test_a_webhook_update_that_cannot_be_stored_gets_503_and_comes_again(webhook_bridge: Bridge) -> None:
    tg = webhook_bridge.tg
    tg.add_user(USER, language_code="ru")
    body = json.dumps(help_update(31)).encode()
    async with database_locked(webhook_bridge.settings.database_path):
        assert await post_raw(webhook_bridge, body) == 503
    assert await post_raw(webhook_bridge, body) == 200
    await tg.wait_for_bot_message(USER, contains="/unlink", timeout=10)
    assert len(tg.bot_messages(USER)) == 1
