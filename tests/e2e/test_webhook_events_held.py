"""Issue 21, items 6 and 9: what a read that a webhook event asked for meets is handled as a check handles it.

A captcha (or any refusal of the whole account) is told once and pauses the account, and the event waits for the
account instead of being dropped; a chat hh.ru is still making (425) is looked at again within seconds, with
backoff, so its message follows soon after the chat can be read. The poll and fallback intervals are a month: no
check comes on its own during a test, so only the event worker explains what arrives.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot.services.notices import CAPTCHA_REASON
from bot.services.webhook_events import NOT_READY_CAP, NOT_READY_FIRST, EventWorker
from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import FakeTelegram
from storage.accounts import Status
from tests.conftest import Bridge, StartBridge, eventually, wait_until
from tests.e2e.test_webhooks import COVER, all_handled, employer_on_webhooks, stored_events, webhook_bridge

MONTH = 30 * 86400.0


async def quiet_webhook_bridge(start_bridge: StartBridge) -> Bridge:
    return await webhook_bridge(start_bridge, poll_interval=MONTH, hh_webhook_fallback_interval=MONTH)


def worker_of(bridge: Bridge) -> EventWorker:
    assert bridge.runtime.webhooks is not None
    return bridge.runtime.webhooks.worker


async def worker_looked(bridge: Bridge) -> None:
    """The event worker has looked for due events twice since now, with nothing in flight."""
    worker = worker_of(bridge)
    for _ in range(2):
        since = bridge.clock.now()
        worker.wake()
        await wait_until(functools.partial(looked_since, worker, since), what="the event worker to look")


def looked_since(worker: EventWorker, since: float) -> bool:
    return (worker.heartbeat.last_beat or 0.0) > since and worker.in_flight == 0


async def test_a_captcha_met_by_an_event_is_told_once_and_the_event_waits_for_resume(
        start_bridge: StartBridge, hh: FakeHH, tg: FakeTelegram) -> None:
    bridge = await quiet_webhook_bridge(start_bridge)
    employer, vacancy, summary = await employer_on_webhooks(hh, tg, 401)
    hh.require_captcha(employer)
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Иван"), cover_letter=COVER)
    notice = await tg.wait_for_bot_message(401, contains="капчу", after=summary.message_id, timeout=5)
    assert "backurl=https%3A%2F%2Ft.me%2F" in notice.url_of("капчу")
    account = await bridge.account_when(401, lambda account: account.status is Status.PAUSED)
    assert account.status_reason == CAPTCHA_REASON
    await worker_looked(bridge)
    assert [row[-1] for row in stored_events(bridge)] == [0]  # kept, not dropped

    calls = len(hh.calls(user_id=employer.user_id))
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Пётр"), cover_letter=COVER)
    await wait_until(lambda: len(stored_events(bridge)) == 2, what="the second event stored")
    await worker_looked(bridge)
    assert [row[-1] for row in stored_events(bridge)] == [0, 0]
    assert len(hh.calls(user_id=employer.user_id)) == calls  # a paused account's events are not read

    hh.solve_captcha(employer)
    resumed = await tg.send_text(401, "/resume")
    await tg.wait_for_bot_message(401, contains="Новый отклик", after=resumed, timeout=5)
    await all_handled(bridge, 2)
    await bridge.outbox_drained()
    texts = [message.text for message in tg.bot_messages(401) if message.message_id > summary.message_id]
    cards = [text for text in texts if text.startswith("🆕 Новый отклик")]
    assert len(cards) == 2 and any("Иван" in card for card in cards) and any("Пётр" in card for card in cards)
    assert texts.count(notice.text) == 1


async def test_events_of_a_user_who_paused_wait_and_come_on_resume(start_bridge: StartBridge, hh: FakeHH,
                                                                  tg: FakeTelegram) -> None:
    """/pause holds the news, as it does in polling mode (no checks while paused, the first one after /resume
    brings what changed): the events wait, and /resume has them read at once, without waiting for a check."""
    bridge = await quiet_webhook_bridge(start_bridge)
    _, vacancy, summary = await employer_on_webhooks(hh, tg, 402)
    paused = await tg.send_text(402, "/pause")
    answer = await tg.wait_for_bot_message(402, contains="на паузе", after=paused)
    negotiation = hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=COVER)
    await wait_until(lambda: len(stored_events(bridge)) == 1, what="the event stored")
    await worker_looked(bridge)
    assert [row[-1] for row in stored_events(bridge)] == [0]
    assert hh.calls(path_prefix=f"/negotiations/{negotiation.negotiation_id}") == []
    await bridge.outbox_drained()
    assert tg.bot_messages(402)[-1].message_id == answer.message_id
    resumed = await tg.send_text(402, "/resume")
    card = await tg.wait_for_bot_message(402, contains="Новый отклик", after=resumed, timeout=5)
    assert card.text.endswith(COVER)
    await all_handled(bridge, 1)
    account = await bridge.account_when(402, lambda account: True)
    assert account.next_check_at > bridge.clock.now() + 60  # no check was asked for: the event brought it
    assert summary.message_id < answer.message_id


@dataclass(frozen=True)
class Pending:
    not_ready: int
    not_before: float


async def chat_event(bridge: Bridge, known: int, looks: int) -> Pending | None:
    """The one event after the first `known`, once it was looked at more than `looks` times (None until then);
    not_ready -1: handled."""
    rows = await bridge.runtime.storage.run(lambda db: db.execute(
        "SELECT not_ready, not_before, handled_at IS NOT NULL FROM hh_events ORDER BY seq LIMIT -1 OFFSET ?",
        (known,)).fetchall())
    if len(rows) != 1:
        return None
    not_ready, not_before, handled = rows[0]
    if handled:
        return Pending(-1, float(not_before))
    return Pending(int(not_ready), float(not_before)) if not_ready > looks else None


async def test_a_message_in_a_chat_not_ready_follows_within_seconds_of_the_chat(start_bridge: StartBridge,
                                                                               hh: FakeHH,
                                                                               tg: FakeTelegram) -> None:
    bridge = await quiet_webhook_bridge(start_bridge)
    hh.enable_chats()
    _, vacancy, summary = await employer_on_webhooks(hh, tg, 403)
    opened = bridge.clock.now()
    negotiation = hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=COVER)
    card = await tg.wait_for_bot_message(403, contains="Новый отклик", after=summary.message_id, timeout=5)
    await wait_until(lambda: hh.webhooks_idle, what="the response's deliveries")
    known = len(stored_events(bridge))
    await all_handled(bridge, known)
    ready_at = bridge.clock.now() + 100.0
    hh.open_chat(negotiation, ready_after=ready_at - opened)  # the chat the bot reads answers 425 for 100 s
    hh.add_message(negotiation, "applicant", "Когда можно прийти?")

    delays: list[float] = []
    while True:  # each time the event is put off, time moves to when it is due
        looks = len(delays)
        event = await eventually(functools.partial(chat_event, bridge, known, looks), what=f"look {looks + 1}")
        if event.not_ready < 0:
            break
        assert event.not_ready == looks + 1
        delay = event.not_before - bridge.clock.now()
        bound = min(NOT_READY_CAP, NOT_READY_FIRST * 2 ** looks)
        assert 0.8 * bound - 1.0 <= delay <= bound, (looks, delay)
        delays.append(delay)
        bridge.clock.advance(max(0.0, delay) + 0.01)
        worker_of(bridge).wake()

    message = await tg.wait_for_bot_message(403, contains="Когда можно прийти?", after=card.message_id, timeout=5)
    assert message.text.endswith("Когда можно прийти?")
    assert len(delays) >= 5 and delays[:4] == sorted(delays[:4])  # 3, 6, 12, 24 s, then at most 30 s
    assert ready_at <= bridge.clock.now() <= ready_at + NOT_READY_CAP + 1.0  # within a retry of the chat's readiness
    chat_reads = hh.calls(method="GET", path_prefix=f"/common/chats/{hh.chat_id_of(negotiation)}/messages")
    assert [call.status for call in chat_reads].count(425) >= 5
