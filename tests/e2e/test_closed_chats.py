"""Issue 21, item 10: a chat that forbids the bot is not tried twice. When a handler's answer fails because the bot
was kicked from the group (or blocked by the user), the «something went wrong» fallback is not sent there."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.testing.fake_telegram import FakeTelegram, RecordedRequest
from storage import handled_updates
from tests.conftest import Bridge, eventually

MEMBER = 2101
GROUP = -1001000002101
SENDS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendChatAction"})
ABOUT_THE_UPDATE = ("failed", "could not be handled", "closed to the bot")


def update_id_of(tg: FakeTelegram, chat_id: int, message_id: int) -> int | None:
    """The update that brought the user's message to the bot, once the bot has fetched it."""
    for call in tg.calls("getUpdates"):
        for update in call.result or []:
            message = update.get("message") or {}
            if message.get("chat", {}).get("id") == chat_id and message.get("message_id") == message_id:
                return int(update["update_id"])
    return None


async def handled(bridge: Bridge, chat_id: int, message_id: int) -> int:
    """Waits until the bot has finished with the update of that message (its error handler included)."""

    async def probe() -> int | None:
        update_id = update_id_of(bridge.tg, chat_id, message_id)
        if update_id is None or not await bridge.runtime.storage.run(handled_updates.seen, update_id):
            return None
        return update_id

    return await eventually(probe, what=f"the update of message {message_id} to be handled")


def calls_to(tg: FakeTelegram, chat_id: int) -> list[RecordedRequest]:
    return [call for call in tg.requests if call.method in SENDS and call.params.get("chat_id") == chat_id]


def log_lines_about(caplog: pytest.LogCaptureFixture, update_id: int) -> list[str]:
    return [record.getMessage() for record in caplog.records
            if record.name.startswith("bot.") and (str(update_id) in record.getMessage()
                                                                or getattr(record, "update_id", None) == update_id)]


async def test_a_kicked_bot_does_not_send_the_fallback_to_the_group(bridge: Bridge,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    tg = bridge.tg
    tg.add_user(MEMBER, "Анна", language_code="ru")
    tg.add_group(GROUP, "Найм", members=[MEMBER])
    tg.add_bot_to_group(GROUP, by_user_id=MEMBER)
    await tg.wait_for_bot_message(GROUP, contains="/connect")  # the one line said on joining
    gate = tg.hold_send(GROUP, contains="/connect")
    asked = await tg.send_text(MEMBER, "/connect", group_id=GROUP)  # not linked: told how to connect
    await asyncio.wait_for(gate.reached.wait(), timeout=5)
    tg.remove_bot_from_group(GROUP, by_user_id=MEMBER)  # while the answer is on its way
    gate.release()
    update_id = await handled(bridge, GROUP, asked)

    refused = [call for call in calls_to(tg, GROUP) if not call.ok]
    assert [(call.error_code, call.description) for call in refused] == [
        (403, "Forbidden: bot was kicked from the supergroup chat")]
    after = [call for call in calls_to(tg, GROUP) if call.at >= refused[0].at and call is not refused[0]]
    assert after == [], "nothing more is tried in a group that removed the bot"
    lines = log_lines_about(caplog, update_id)
    assert len(lines) == 1 and "closed to the bot" in lines[0], lines


async def test_a_blocked_bot_does_not_send_the_fallback_to_the_private_chat(bridge: Bridge,
                                                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    tg = bridge.tg
    tg.add_user(MEMBER, "Анна", language_code="ru")
    gate = tg.hold_send(MEMBER, contains="/status")
    asked = await tg.send_text(MEMBER, "/help")
    await asyncio.wait_for(gate.reached.wait(), timeout=5)
    tg.block_bot(MEMBER)
    gate.release()
    update_id = await handled(bridge, MEMBER, asked)

    assert [(call.ok, call.description) for call in calls_to(tg, MEMBER)] == [
        (False, "Forbidden: bot was blocked by the user")], "the fallback is not tried after the block"
    lines = log_lines_about(caplog, update_id)
    assert len(lines) == 1 and "closed to the bot" in lines[0], lines
