"""Issue 6: the real `python -m bot` process in both modes, its stop on SIGTERM, /healthz and its logs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.testing.bot_process import HEALTHZ_AUTH, BotProcess
from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import ChatMessage, FakeTelegram
from tests.conftest import eventually, link_through, wait_until

pytestmark = pytest.mark.process

WEBHOOK_SECRET = "webhook-secret-for-tests_0123456789"


@pytest.fixture
async def processes(hh: FakeHH, tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[list[BotProcess]]:
    started: list[BotProcess] = []
    yield started
    for process in started:
        await process.stop_quietly()


def new_process(processes: list[BotProcess], hh: FakeHH, tg: FakeTelegram, folder: Path,
                **settings: str) -> BotProcess:
    process = BotProcess(hh, tg, folder, **settings)
    processes.append(process)
    return process


def webhook_settings(process: BotProcess) -> dict[str, str]:
    return {"WEBHOOK_URL": f"{process.url}/telegram/webhook", "WEBHOOK_SECRET": WEBHOOK_SECRET}


async def healthz(process: BotProcess) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as session, session.get(f"{process.url}/healthz",
                                                               headers=HEALTHZ_AUTH) as response:
        return response.status, await response.json()


async def outbox_drained(process: BotProcess) -> dict[str, object]:
    """The health report once the sender has marked every queued push as sent (it does so a moment after
    Telegram shows the message, and only the mark lets a Telegram reply find its negotiation)."""

    async def probe() -> dict[str, object] | None:
        status, body = await healthz(process)
        return body if status == 200 and body["outbox_pending"] == 0 else None

    return await eventually(probe, timeout=15, what="the outbox to drain")


async def full_round(process: BotProcess, hh: FakeHH, tg: FakeTelegram, chat: int) -> None:
    """Link, a new response, invite with a typed message (sent from its preview), and a reply by Telegram reply."""
    employer = hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Рога и копыта")
    vacancy = hh.add_vacancy(employer, name="Python-разработчик")
    tg.add_user(chat, language_code="ru")
    confirmation = await link_through(tg, chat, employer.user_id)
    summary = await tg.wait_for_bot_message(chat, contains="Аккаунт на связи", after=confirmation.message_id,
                                            timeout=15)
    negotiation = hh.add_response(vacancy, hh.add_applicant_user(first_name="Иван"), cover_letter="Здравствуйте!")
    card = await tg.wait_for_bot_message(chat, contains="Новый отклик", after=summary.message_id, timeout=15)
    await tg.press(chat, card.message_id, card.callback_data("Пригласить"))
    prompt = await tg.wait_for_bot_message(chat, contains="✍️", after=card.message_id, timeout=15)
    typed = await tg.send_text(chat, "Ждём вас в среду.")
    preview = await tg.wait_for_bot_message(chat, contains="📝", after=typed, timeout=15)
    await tg.press(chat, preview.message_id, preview.callback_data("Отправить"))

    def card_now() -> ChatMessage:
        return next(m for m in tg.chat(chat) if m.message_id == card.message_id)

    await tg.wait_for(lambda: "Статус: Собеседование" in card_now().text, timeout=15)
    await outbox_drained(process)
    reply = await tg.reply(chat, card.message_id, "Адрес пришлю отдельно.")
    await tg.wait_for_bot_message(chat, contains="Отправлено на hh.ru", after=reply, timeout=15)
    assert [m.text for m in hh.negotiation(negotiation).messages][-2:] == ["Ждём вас в среду.",
                                                                          "Адрес пришлю отдельно."]
    assert prompt.message_id > card.message_id
    assert tg.unanswered_callbacks() == []


async def test_long_polling_mode_end_to_end(processes: list[BotProcess], hh: FakeHH, tg: FakeTelegram,
                                            tmp_path: Path) -> None:
    process = new_process(processes, hh, tg, tmp_path)
    await process.start()
    await full_round(process, hh, tg, 2101)
    assert tg.calls("getUpdates") and not tg.calls("setWebhook")
    assert (await healthz(process))[1]["mode"] == "polling"


async def test_webhook_mode_end_to_end(processes: list[BotProcess], hh: FakeHH, tg: FakeTelegram,
                                       tmp_path: Path) -> None:
    process = new_process(processes, hh, tg, tmp_path)
    process.env.update(webhook_settings(process))
    await process.start()
    await wait_until(lambda: tg.webhook_url == f"{process.url}/telegram/webhook", what="setWebhook")
    assert tg.webhook_secret == WEBHOOK_SECRET
    assert [call.params.get("drop_pending_updates") for call in tg.calls("setWebhook")] == [False]
    await full_round(process, hh, tg, 2102)
    assert not tg.calls("getUpdates")
    assert (await healthz(process))[1]["mode"] == "webhook"


async def test_an_unsigned_webhook_request_is_refused(processes: list[BotProcess], hh: FakeHH, tg: FakeTelegram,
                                                      tmp_path: Path) -> None:
    process = new_process(processes, hh, tg, tmp_path, LOG_FORMAT="json")
    process.env.update(webhook_settings(process))
    await process.start()
    tg.add_user(2103)
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/help",
                                          "chat": {"id": 2103, "type": "private"},
                                          "from": {"id": 2103, "is_bot": False, "first_name": "X"}}}
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with session.post(f"{process.url}/telegram/webhook", json=update, headers=headers) as response:
                assert response.status == 401
        signed = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        async with session.post(f"{process.url}/telegram/webhook", json=update, headers=signed) as response:
            assert response.status == 200
    await tg.wait_for_bot_message(2103, contains="/unlink", timeout=15)
    assert len(tg.bot_messages(2103)) == 1
    lines = [json.loads(line) for line in process.log.read_text().splitlines()]
    assert any(line["level"] == "WARNING" and "without the right secret" in line["message"] for line in lines)


async def test_sigterm_during_a_burst_loses_and_repeats_nothing(processes: list[BotProcess], hh: FakeHH,
                                                                tg: FakeTelegram, tmp_path: Path) -> None:
    process = new_process(processes, hh, tg, tmp_path)
    await process.start()
    chats = list(range(2201, 2211))
    employers = [hh.add_employer_user() for _ in chats]
    vacancies = [hh.add_vacancy(employer) for employer in employers]
    for chat in chats:
        tg.add_user(chat, language_code="ru")
    links = (link_through(tg, chat, employer.user_id) for chat, employer in zip(chats, employers, strict=True))
    await asyncio.gather(*links)
    await wait_until(lambda: all(any("Аккаунт на связи" in m.text for m in tg.bot_messages(chat)) for chat in chats),
                     timeout=20, what="every summary")

    def cards() -> list[str]:
        return [f"{chat}:{line}" for chat in chats for m in tg.bot_messages(chat) if "Новый отклик" in m.text
                for line in m.text.splitlines() if "Кандидат" in line]

    for vacancy in vacancies:
        for number in range(10):
            hh.add_response(vacancy, hh.add_applicant_user(first_name=f"Кандидат{number}"), cover_letter=None)
    await wait_until(lambda: len(cards()) >= 20, timeout=20, what="twenty cards")
    status, seconds = await process.terminate()
    assert status == 0 and seconds < 15
    before = len(cards())
    assert before < 100, "the burst should still be going when SIGTERM arrives"
    await process.start()
    await wait_until(lambda: len(cards()) >= 100, timeout=40, what="all hundred cards")
    delivered = cards()
    assert len(delivered) == len(set(delivered)) == 100
    assert "stopping: no new updates" in process.log.read_text()


async def test_sigterm_exits_0_within_15_seconds_when_idle(processes: list[BotProcess], hh: FakeHH,
                                                           tg: FakeTelegram, tmp_path: Path) -> None:
    process = new_process(processes, hh, tg, tmp_path)
    await process.start()
    status, seconds = await process.terminate()
    assert status == 0 and seconds < 15


async def test_healthz_reports_a_stalled_poller(processes: list[BotProcess], hh: FakeHH, tg: FakeTelegram,
                                                tmp_path: Path) -> None:
    process = new_process(processes, hh, tg, tmp_path)
    await process.start()
    employer = hh.add_employer_user()
    tg.add_user(2301, language_code="ru")
    confirmation = await link_through(tg, 2301, employer.user_id)
    await tg.wait_for_bot_message(2301, contains="Аккаунт на связи", after=confirmation.message_id, timeout=15)
    body = await outbox_drained(process)
    assert body["status"] == "ok" and body["accounts"] == {"linked": 1, "active": 1}
    assert body["last_poll_at"] is not None
    hh.latency = 4.0

    async def answer_with(status: int) -> dict[str, object] | None:
        code, body = await healthz(process)
        return body if code == status else None

    stalled = await eventually(lambda: answer_with(503), timeout=10, what="healthz reporting the stall")
    assert stalled["status"] == "stalled" and stalled["accounts"] == {"linked": 1, "active": 1}
    hh.latency = 0.0
    recovered = await eventually(lambda: answer_with(200), timeout=15, what="healthz recovering")
    assert recovered["status"] == "ok"
