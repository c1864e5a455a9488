"""Issue 11, item 8: one chat's 429 holds back only that chat; the others' pushes keep arriving."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from bot.app import Tuning
from bot.testing.fake_telegram import FakeTelegram, FloodControl
from storage import outbox
from tests.conftest import StartBridge, wait_until

HELD, OTHER = 8001, 8002
BURSTY = Tuning(telegram_per_second=100.0, telegram_chat_interval=0.0, hh_backoff_base=0.01, hh_backoff_cap=0.05)


def enqueue(chat: int, texts: list[str]) -> Callable[[Database], None]:
    def write(db: Database) -> None:
        with db.atomic():
            for text in texts:
                outbox.enqueue(db, chat, text, now=0.0)

    return write


def accepted(tg: FakeTelegram, chat: int) -> list[tuple[str, float]]:
    """Each sendMessage to `chat` that Telegram took: its text and when it arrived."""
    return [(str(call.params["text"]), call.at) for call in tg.calls("sendMessage")
            if call.ok and int(call.params["chat_id"]) == chat]


async def test_a_429_in_one_chat_holds_back_only_that_chat(start_bridge: StartBridge) -> None:
    """The bot sends faster than Telegram allows in one chat, so the third message there gets a 429 with
    retry_after 2; the other chat's messages, queued after that 429, arrive at once and before it is over."""
    bridge = await start_bridge(tuning=BURSTY)
    tg, runtime = bridge.tg, bridge.runtime
    tg.set_flood_control(FloodControl(chat_burst=2, chat_per_second=0.5))
    for chat in (HELD, OTHER):
        tg.add_user(chat)
    await runtime.storage.run(enqueue(HELD, ["held 1", "held 2", "held 3"]))
    runtime.sender.wake()
    await wait_until(lambda: tg.stats.too_many_requests == 1, what="a 429 for the held chat")
    refusal = next(call for call in tg.calls("sendMessage") if call.error_code == 429)

    await runtime.storage.run(enqueue(OTHER, ["other 1", "other 2"]))
    runtime.sender.wake()
    await wait_until(lambda: len(accepted(tg, OTHER)) == 2, what="the other chat's messages")
    await wait_until(lambda: len(accepted(tg, HELD)) == 3, what="the held chat's last message")
    await bridge.outbox_drained()

    other, held = accepted(tg, OTHER), accepted(tg, HELD)
    assert (int(refusal.params["chat_id"]), refusal.description) == (HELD, "Too Many Requests: retry after 2")
    assert [text for text, _ in other] == ["other 1", "other 2"]
    assert [text for text, _ in held] == ["held 1", "held 2", "held 3"]
    assert max(at for _, at in other) - refusal.at < 1.0
    assert held[-1][1] - refusal.at >= 2.0
    assert (tg.stats.too_many_requests, tg.stats.retry_after_ignored) == (1, 0)
