"""Issue 4: the sender keeps to Telegram's limits, honours retry_after, and loses nothing across a restart."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from bot.app import Tuning
from bot.testing.fake_telegram import FakeTelegram, FloodControl
from storage import outbox
from tests.conftest import Bridge, StartBridge, wait_until

TELEGRAM_LIMITS = Tuning(hh_backoff_base=0.01, hh_backoff_cap=0.05)


def enqueue_burst(chats: list[int], per_chat: int) -> Callable[[Database], None]:
    def write(db: Database) -> None:
        with db.atomic():
            for number in range(per_chat):
                for chat in chats:
                    outbox.enqueue(db, chat, f"Пуш {number:03d} для &lt;{chat}&gt;", now=0.0)

    return write


def delivered_texts(tg: FakeTelegram, chat: int) -> list[str]:
    return [message.text for message in tg.bot_messages(chat)]


async def burst_arrives_in_order(bridge: Bridge, chats: list[int], per_chat: int, timeout: float) -> None:
    """Queues `per_chat` pushes for each chat at once, and waits until every chat shows them all, in order."""
    for chat in chats:
        bridge.tg.add_user(chat)
    await bridge.runtime.storage.run(enqueue_burst(chats, per_chat))
    bridge.runtime.sender.wake()
    await wait_until(lambda: sum(len(bridge.tg.bot_messages(chat)) for chat in chats) == len(chats) * per_chat,
                     timeout=timeout, what=f"{len(chats) * per_chat} messages")
    await bridge.outbox_drained()
    for chat in chats:
        assert delivered_texts(bridge.tg, chat) == [f"Пуш {number:03d} для <{chat}>" for number in range(per_chat)]


async def test_a_burst_of_500_arrives_complete_in_order_within_telegram_limits(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(tuning=TELEGRAM_LIMITS)
    bridge.tg.set_flood_control(FloodControl())
    await burst_arrives_in_order(bridge, list(range(5001, 5051)), 10, timeout=40)
    assert (bridge.tg.stats.too_many_requests, bridge.tg.stats.retry_after_ignored) == (0, 0)


async def test_retry_after_is_honoured(start_bridge: StartBridge) -> None:
    """Telegram here is stricter than the bot's pace, so it answers 429; nothing is sent until retry_after passes.

    Sends are 50 ms apart, far longer than a loopback round trip, so no send is on the wire when a 429 comes back.
    """
    bridge = await start_bridge(tuning=Tuning(telegram_per_second=20.0, telegram_chat_interval=0.1))
    bridge.tg.set_flood_control(FloodControl(global_burst=5, global_per_second=10.0, chat_burst=2,
                                             chat_per_second=2.0))
    await burst_arrives_in_order(bridge, [6001, 6002, 6003], 4, timeout=20)
    assert bridge.tg.stats.too_many_requests >= 1
    assert bridge.tg.stats.retry_after_ignored == 0


async def test_a_blocked_chat_is_dropped_without_holding_up_others(start_bridge: StartBridge) -> None:
    bridge = await start_bridge()
    tg = bridge.tg
    for chat in (7001, 7002):
        tg.add_user(chat)
    tg.block_bot(7001)
    await bridge.runtime.storage.run(enqueue_burst([7001, 7002], 3))
    bridge.runtime.sender.wake()
    await wait_until(lambda: len(tg.bot_messages(7002)) == 3, what="the open chat's messages")
    await bridge.outbox_drained()
    assert tg.bot_messages(7001) == []


async def test_a_restart_loses_nothing_and_repeats_nothing(start_bridge: StartBridge) -> None:
    slow = Tuning(telegram_per_second=100.0, telegram_chat_interval=0.2, hh_backoff_base=0.01, hh_backoff_cap=0.05)
    bridge = await start_bridge(tuning=slow)
    hh, tg = bridge.hh, bridge.tg
    employer = hh.add_employer_user()
    vacancy = hh.add_vacancy(employer)
    confirmation = await bridge.link(8001, employer.user_id)
    await tg.wait_for_bot_message(8001, contains="Аккаунт на связи", after=confirmation.message_id)
    for number in range(10):
        hh.add_response(vacancy, hh.add_applicant_user(first_name=f"Кандидат{number:02d}"), cover_letter=None)
    await wait_until(lambda: sum("Новый отклик" in t for t in delivered_texts(tg, 8001)) >= 3, timeout=10,
                     what="three cards")
    await bridge.stop()
    pending = sum("Новый отклик" in t for t in delivered_texts(tg, 8001))
    assert pending < 10
    again = await start_bridge(tuning=slow)
    await wait_until(lambda: sum("Новый отклик" in t for t in delivered_texts(tg, 8001)) >= 10, timeout=15,
                     what="all ten cards")
    cards = [t for t in delivered_texts(tg, 8001) if "Новый отклик" in t]
    names = sorted(line for card in cards for line in card.splitlines() if "Кандидат" in line)
    assert names == [f"Петров Кандидат{number:02d}, 29 лет" for number in range(10)]
    await again.outbox_drained()
