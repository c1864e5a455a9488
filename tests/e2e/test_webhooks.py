"""Issue 12, employer webhooks: subscriptions kept at hh.ru, and deliveries from the fake hh.ru over loopback, to the
bot's app in this process (on a movable clock) and, for the path as run, to the real `python -m bot` process."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.testing.bot_process import HEALTHZ_AUTH, BotProcess
from bot.testing.fake_hh import EmployerUser, FakeHH, Fault, Vacancy
from bot.testing.fake_telegram import ChatMessage, FakeTelegram
from storage import accounts, hh_events, hh_subscriptions
from storage.accounts import Account
from storage.hh_subscriptions import SubscriptionState
from tests.conftest import Bridge, StartBridge, eventually, link_through, wait_until

THREE = ("NEW_RESPONSE_OR_INVITATION_VACANCY", "NEGOTIATION_EMPLOYER_STATE_CHANGE", "CHAT_MESSAGE_CREATED")
PATH = "/hh/events"
DAY = 86400.0
COVER = "Здравствуйте! Хочу у вас работать."


# --- subscriptions (the bot's app in this process) ------------------------------------------------


async def webhook_bridge(start_bridge: StartBridge, **overrides: Any) -> Bridge:
    return await start_bridge(hh_webhook_url=PATH, **overrides)


async def linked_employer(bridge: Bridge, chat: int) -> tuple[EmployerUser, Vacancy, ChatMessage]:
    employer = bridge.hh.add_employer_user(first_name="Ольга", last_name="Кадрова")
    vacancy = bridge.hh.add_vacancy(employer)
    confirmation = await bridge.link(chat, employer.user_id)
    summary = await bridge.tg.wait_for_bot_message(chat, contains="Аккаунт на связи", after=confirmation.message_id)
    return employer, vacancy, summary


async def relink(bridge: Bridge, chat: int, hh_user_id: str) -> None:
    """/start when linked already, and «Подключить другой аккаунт»."""
    sent = await bridge.tg.send_text(chat, "/start")
    answer = await bridge.tg.wait_for_bot_message(chat, contains="Аккаунт:", after=sent)
    status, _ = await bridge.browse(answer.url_of("Подключить другой аккаунт"), login=hh_user_id)
    assert status == 200
    await bridge.tg.wait_for_bot_message(chat, contains="Готово", after=answer.message_id)


async def subscription_state(bridge: Bridge, chat: int, state: SubscriptionState) -> hh_subscriptions.Subscription:
    async def probe() -> hh_subscriptions.Subscription | None:
        account = await bridge.runtime.storage.run(accounts.of_user, chat)
        if account is None:
            return None
        found = await bridge.runtime.storage.run(hh_subscriptions.get, account.id)
        return found if found is not None and found.state is state else None

    return await eventually(probe, what=f"the subscription to be {state.value}")


async def status_of(bridge: Bridge, chat: int) -> str:
    sent = await bridge.tg.send_text(chat, "/status")
    return (await bridge.tg.wait_for_bot_message(chat, contains="Аккаунт", after=sent)).text


async def as_user(hh: FakeHH, user: EmployerUser, method: str, path: str, body: Any) -> tuple[int, Any]:
    """The same hh.ru user and application calling hh.ru beside the bot (another deployment, a token of its own)."""
    token = hh.issue_tokens(user).access_token
    headers = {"HH-User-Agent": "Other/1.0 (a@example.com)", "Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(headers=headers) as session, session.request(method, hh.base_url + path,
                                                                                  json=body) as answer:
        text = await answer.text()
        return answer.status, None if not text else await answer.json()


def subscription_calls(hh: FakeHH, method: str) -> list[str]:
    return [call.path for call in hh.calls(method=method, path_prefix="/webhook/subscriptions")]


async def test_linking_an_employer_subscribes_it_with_the_three_events(start_bridge: StartBridge,
                                                                       tmp_path: Path) -> None:
    bridge = await webhook_bridge(start_bridge)
    employer, _, _ = await linked_employer(bridge, 201)
    await subscription_state(bridge, 201, SubscriptionState.ACTIVE)
    (subscription,) = bridge.hh.webhook_subscriptions(employer)
    assert subscription.actions == THREE
    prefix = f"{bridge.url}{PATH}/"
    assert subscription.url.startswith(prefix)
    secret = subscription.url[len(prefix):]
    assert len(secret) >= 40
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("bot.sqlite3*"))  # noqa: ASYNC240
    assert secret.encode() not in stored and hashlib.sha256(secret.encode()).hexdigest().encode() in stored
    assert "Мгновенная доставка: включена" in await status_of(bridge, 201)


async def test_the_link_is_confirmed_while_hh_refuses_to_subscribe_and_it_is_tried_again(
        start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge)
    bridge.hh.inject(Fault(status=500, count=1000, path_prefix="/webhook/subscriptions"))
    employer, _, _ = await linked_employer(bridge, 202)
    subscription = await eventually(lambda: _failed_once(bridge, 202), what="a failed attempt")
    assert subscription.state is SubscriptionState.PENDING
    assert "Мгновенная доставка: подключается" in await status_of(bridge, 202)
    bridge.hh.clear_faults()
    bridge.clock.advance(subscription.next_attempt_at - bridge.clock.now() + 1)
    assert bridge.runtime.webhooks is not None
    bridge.runtime.webhooks.keeper.wake()
    await subscription_state(bridge, 202, SubscriptionState.ACTIVE)
    assert [view.actions for view in bridge.hh.webhook_subscriptions(employer)] == [THREE]


async def _failed_once(bridge: Bridge, chat: int) -> hh_subscriptions.Subscription | None:
    account = await bridge.runtime.storage.run(accounts.of_user, chat)
    found = None if account is None else await bridge.runtime.storage.run(hh_subscriptions.get, account.id)
    return found if found is not None and found.failures >= 1 else None


async def test_an_existing_subscription_is_replaced_with_put(start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge)
    hh = bridge.hh
    employer = hh.add_employer_user()
    body = {"url": "https://elsewhere.example.com/hooks", "actions": [{"type": "VACANCY_CHANGE"}]}
    status, created = await as_user(hh, employer, "POST", "/webhook/subscriptions", body)
    assert status == 201
    old_id = created["id"]
    hh.clear_requests()
    await bridge.link(203, employer.user_id)
    await subscription_state(bridge, 203, SubscriptionState.ACTIVE)
    (subscription,) = hh.webhook_subscriptions(employer)
    assert (subscription.id, subscription.actions) == (old_id, THREE)
    assert subscription.url.startswith(f"{bridge.url}{PATH}/")
    assert [(call.method, call.status) for call in hh.calls(path_prefix="/webhook/subscriptions")] == [
        ("POST", 400), ("GET", 200), ("PUT", 204)]


async def test_an_event_type_hh_refuses_is_left_out(start_bridge: StartBridge) -> None:
    """Without chat events new messages come by polling only: the account keeps the poll interval."""
    bridge = await webhook_bridge(start_bridge, poll_interval=0.5, hh_webhook_fallback_interval=3600.0)
    bridge.hh.refuse_webhook_action("CHAT_MESSAGE_CREATED")
    employer, _, _ = await linked_employer(bridge, 204)
    subscription = await subscription_state(bridge, 204, SubscriptionState.ACTIVE)
    assert subscription.actions == THREE[:2]
    assert [view.actions for view in bridge.hh.webhook_subscriptions(employer)] == [THREE[:2]]
    assert "Мгновенная доставка: включена" in await status_of(bridge, 204)
    checks = bridge.runtime.scheduler.checks
    await wait_until(lambda: bridge.runtime.scheduler.checks >= checks + 3, what="checks at the poll interval")


async def test_403_for_an_employer_leaves_it_on_polling(start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge)
    hh, tg = bridge.hh, bridge.tg
    employer = hh.add_employer_user()
    hh.deny_webhooks(employer)
    vacancy = hh.add_vacancy(employer)
    confirmation = await bridge.link(205, employer.user_id)
    summary = await tg.wait_for_bot_message(205, contains="Аккаунт на связи", after=confirmation.message_id)
    await subscription_state(bridge, 205, SubscriptionState.UNAVAILABLE)
    assert "hh.ru не даёт её этому аккаунту" in await status_of(bridge, 205)
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=COVER)
    await tg.wait_for_bot_message(205, contains="Новый отклик", after=summary.message_id)
    assert hh.webhook_events(employer) == []


async def test_applicants_are_never_subscribed(start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge)
    applicant = bridge.hh.add_applicant_user()
    confirmation = await bridge.link(206, applicant.user_id)
    await bridge.tg.wait_for_bot_message(206, contains="Аккаунт на связи", after=confirmation.message_id)
    assert "Мгновенная доставка: только для работодателей" in await status_of(bridge, 206)
    account = await bridge.runtime.storage.run(accounts.of_user, 206)
    assert account is not None
    assert await bridge.runtime.storage.run(hh_subscriptions.get, account.id) is None
    assert subscription_calls(bridge.hh, "POST") == []


@pytest.mark.parametrize("delete_fails", [False, True])
async def test_unlink_deletes_the_subscription(start_bridge: StartBridge, delete_fails: bool) -> None:
    bridge = await webhook_bridge(start_bridge)
    employer, _, _ = await linked_employer(bridge, 207)
    await subscription_state(bridge, 207, SubscriptionState.ACTIVE)
    if delete_fails:
        bridge.hh.inject(Fault(status=503, count=1000, method="DELETE", path_prefix="/webhook/subscriptions"))
    sent = await bridge.tg.send_text(207, "/unlink")
    question = await bridge.tg.wait_for_bot_message(207, contains="Отключить аккаунт", after=sent)
    await bridge.tg.press(207, question.message_id, question.callback_data("Да, отключить"))
    await bridge.tg.wait_for(lambda: any("Аккаунт отключён" in m.text for m in bridge.tg.bot_messages(207)))
    assert await bridge.runtime.storage.run(accounts.of_user, 207) is None
    assert len(bridge.hh.webhook_subscriptions(employer)) == int(delete_fails)
    assert len(subscription_calls(bridge.hh, "DELETE")) >= 1
    assert [token.invalidated for token in bridge.hh.tokens_of(employer.user_id)] == [True]


async def test_relinking_replaces_the_subscription_and_its_secret(start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge)
    employer, _, _ = await linked_employer(bridge, 208)
    await subscription_state(bridge, 208, SubscriptionState.ACTIVE)
    (first,) = bridge.hh.webhook_subscriptions(employer)
    await relink(bridge, 208, employer.user_id)
    await wait_until(lambda: [s.url for s in bridge.hh.webhook_subscriptions(employer)] not in ([], [first.url]),
                     what="a new address")
    await subscription_state(bridge, 208, SubscriptionState.ACTIVE)
    (second,) = bridge.hh.webhook_subscriptions(employer)
    assert (second.id, second.actions) == (first.id, THREE)
    async with aiohttp.ClientSession() as session, session.post(first.url, json=delivery("1", employer)) as answer:
        assert answer.status == 404
    other = bridge.hh.add_employer_user(first_name="Анна")
    await relink(bridge, 208, other.user_id)
    await wait_until(lambda: bridge.hh.webhook_subscriptions(employer) == [], what="the old user's deletion")
    await subscription_state(bridge, 208, SubscriptionState.ACTIVE)
    assert len(bridge.hh.webhook_subscriptions(other)) == 1


@pytest.mark.parametrize("how", ["blocked", "taken over"])
async def test_the_daily_recheck_subscribes_again_after_hh_dropped_it(start_bridge: StartBridge, how: str) -> None:
    bridge = await webhook_bridge(start_bridge)
    hh = bridge.hh
    employer, _, _ = await linked_employer(bridge, 209)
    await subscription_state(bridge, 209, SubscriptionState.ACTIVE)
    (ours,) = hh.webhook_subscriptions(employer)
    not_ours = f"{bridge.url}{PATH}/{'x' * 43}"
    if how == "blocked":
        hh.drop_webhook_subscription(employer, "blocked")
    else:  # the same hh.ru user and application, pointed at this address with a secret that is not ours
        status, _ = await as_user(hh, employer, "PUT", f"/webhook/subscriptions/{ours.id}",
                                  {"url": not_ours})
        assert status == 204
    bridge.clock.advance(DAY + 60)
    assert bridge.runtime.webhooks is not None
    bridge.runtime.webhooks.keeper.wake()
    await wait_until(lambda: [s.url.startswith(f"{bridge.url}{PATH}/") and s.url not in (ours.url, not_ours)
                              for s in hh.webhook_subscriptions(employer)] == [True], what="a new subscription")
    subscription = await subscription_state(bridge, 209, SubscriptionState.ACTIVE)
    assert subscription.next_attempt_at > bridge.clock.now() + DAY - 60
    expected = ["GET", "POST"] if how == "blocked" else ["GET", "POST", "GET", "PUT"]
    assert [call.method for call in hh.calls(path_prefix="/webhook/subscriptions")][-len(expected):] == expected


async def test_start_up_subscribes_employers_linked_before_webhooks_were_on(start_bridge: StartBridge) -> None:
    before = await start_bridge()
    employer, _, _ = await linked_employer(before, 210)
    assert "Мгновенная доставка: выключена" in await status_of(before, 210)
    await before.stop()
    after = await webhook_bridge(start_bridge)
    await subscription_state(after, 210, SubscriptionState.ACTIVE)
    assert [view.actions for view in after.hh.webhook_subscriptions(employer)] == [THREE]


async def test_switching_webhooks_off_deletes_the_subscriptions(start_bridge: StartBridge) -> None:
    before = await webhook_bridge(start_bridge)
    employer, _, _ = await linked_employer(before, 211)
    await subscription_state(before, 211, SubscriptionState.ACTIVE)
    await before.stop()
    await start_bridge()
    await wait_until(lambda: before.hh.webhook_subscriptions(employer) == [], what="the deletion")


async def test_status_says_it_in_english(start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge)
    employer = bridge.hh.add_employer_user()
    await bridge.link(212, employer.user_id, language_code="en")
    await subscription_state(bridge, 212, SubscriptionState.ACTIVE)
    sent = await bridge.tg.send_text(212, "/status")
    answer = await bridge.tg.wait_for_bot_message(212, contains="Account", after=sent)
    assert answer.text.splitlines()[-1] == "Instant delivery: on — hh.ru reports news as it happens"


def at_fallback_interval(account: Account) -> bool:
    """Checked at the 3,600 s fallback interval, not the 0.5 s poll interval. Its phase may put the next check close,
    even within seconds; the check after that is then an interval away, so waiting on this condition settles."""
    return account.next_check_at - (account.last_check_at or 0) > 5.0


async def test_healthy_accounts_are_checked_at_the_fallback_interval_and_unhealthy_at_the_poll_interval(
        start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge, poll_interval=0.5, hh_webhook_fallback_interval=3600.0)
    employer, _, _ = await linked_employer(bridge, 213)
    await subscription_state(bridge, 213, SubscriptionState.ACTIVE)
    account = await bridge.account_when(213, at_fallback_interval, timeout=10)
    assert account.next_check_at - (account.last_check_at or 0) <= 3600.0
    bridge.hh.drop_webhook_subscription(employer, "deleted")
    bridge.hh.inject(Fault(status=500, count=1000, method="POST", path_prefix="/webhook/subscriptions"))
    await recheck_now(bridge, 213)  # the daily re-check, without moving the clock past the account's next check
    await subscription_state(bridge, 213, SubscriptionState.PENDING)
    checks = bridge.runtime.scheduler.checks
    await wait_until(lambda: bridge.runtime.scheduler.checks >= checks + 3, timeout=10, what="polls at 0.5 s")
    bridge.hh.clear_faults()
    pending = await subscription_state(bridge, 213, SubscriptionState.PENDING)
    bridge.clock.advance(pending.next_attempt_at - bridge.clock.now() + 1)
    assert bridge.runtime.webhooks is not None
    bridge.runtime.webhooks.keeper.wake()
    await subscription_state(bridge, 213, SubscriptionState.ACTIVE)
    await bridge.account_when(213, at_fallback_interval, timeout=10)


async def test_an_event_whose_check_fails_is_tried_again_later(start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge, poll_interval=3600.0, hh_webhook_fallback_interval=3600.0)
    hh, tg = bridge.hh, bridge.tg
    _, vacancy, summary = await linked_employer(bridge, 215)
    await subscription_state(bridge, 215, SubscriptionState.ACTIVE)
    negotiation = hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=COVER)
    path = f"/negotiations/{negotiation.negotiation_id}"
    hh.inject(Fault(status=503, count=4, method="GET", path_prefix=path))  # the client's 4 attempts: one check
    assert bridge.runtime.webhooks is not None
    worker = bridge.runtime.webhooks.worker

    async def postponed() -> float | None:
        return await bridge.runtime.storage.run(hh_events.next_retry_at, bridge.clock.now())

    retry_at = await eventually(postponed, what="the events to be postponed")
    assert worker.handled == 0 and tg.bot_messages(215)[-1].message_id == summary.message_id
    bridge.clock.advance(retry_at - bridge.clock.now() + 1)
    worker.wake()
    await tg.wait_for_bot_message(215, contains="Новый отклик", after=summary.message_id)
    assert worker.handled == 1


async def recheck_now(bridge: Bridge, chat: int) -> None:
    account = await bridge.runtime.storage.run(accounts.of_user, chat)
    assert account is not None and bridge.runtime.webhooks is not None
    await bridge.runtime.storage.run(lambda db: db.execute(
        "UPDATE hh_subscriptions SET next_attempt_at = 0 WHERE account_id = ?", (account.id,)))
    bridge.runtime.webhooks.keeper.wake()


def delivery(event_id: str, employer: EmployerUser, action_type: str = THREE[0], **payload: Any) -> dict[str, Any]:
    return {"id": event_id, "subscription_id": "x", "action_type": action_type, "user_id": employer.user_id,
            "payload": payload}


# --- deliveries (the bot's app in this process, or the real `python -m bot` process) ------------------

StartProcess = Callable[..., Awaitable[BotProcess]]
HOUR = "3600"  # the poll and fallback intervals: only a webhook explains news that comes sooner


async def delivery_bridge(start_bridge: StartBridge) -> Bridge:
    return await webhook_bridge(start_bridge, poll_interval=float(HOUR), hh_webhook_fallback_interval=float(HOUR))


@pytest.fixture
async def start_process(hh: FakeHH, tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[StartProcess]:
    started: list[BotProcess] = []

    async def start(**settings: str) -> BotProcess:
        process = BotProcess(hh, tg, tmp_path, **{"POLL_INTERVAL": HOUR, "HH_WEBHOOK_FALLBACK_INTERVAL": HOUR,
                                                  **settings})
        process.env["HH_WEBHOOK_URL"] = f"{process.url}{PATH}"
        started.append(process)
        await process.start()
        return process

    yield start
    for process in started:
        await process.stop_quietly()


def database_of(bot: BotProcess | Bridge) -> Path:
    return Path(bot.env["DATABASE_PATH"]) if isinstance(bot, BotProcess) else bot.settings.database_path


def stored_events(bot: BotProcess | Bridge) -> list[tuple[Any, ...]]:
    """The hh_events rows, read beside the running bot: (event id, action, topic, chat, handled)."""
    with sqlite3.connect(f"file:{database_of(bot)}?mode=ro", uri=True) as db:
        return db.execute("SELECT event_id, action_type, topic_id, chat_id, handled_at IS NOT NULL FROM hh_events "
                          "ORDER BY seq").fetchall()


async def all_handled(bot: BotProcess | Bridge, count: int) -> None:
    await wait_until(lambda: [row[-1] for row in stored_events(bot)] == [1] * count, timeout=10,
                     what=f"{count} events handled")


async def employer_on_webhooks(hh: FakeHH, tg: FakeTelegram, chat: int) -> tuple[EmployerUser, Vacancy, ChatMessage]:
    employer = hh.add_employer_user(first_name="Ольга", last_name="Кадрова")
    vacancy = hh.add_vacancy(employer)
    tg.add_user(chat, language_code="ru")
    confirmation = await link_through(tg, chat, employer.user_id)
    summary = await tg.wait_for_bot_message(chat, contains="Аккаунт на связи", after=confirmation.message_id,
                                            timeout=15)
    await wait_until(lambda: len(hh.webhook_subscriptions(employer)) == 1, timeout=10, what="the subscription")
    return employer, vacancy, summary


def polls(hh: FakeHH, employer: EmployerUser) -> int:
    return len(hh.calls(path_prefix=f"/employers/{employer.employer_id}/vacancies/active"))


async def post(url: str, body: Any) -> int:
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as answer:
        return answer.status


def cards(tg: FakeTelegram, chat: int) -> list[ChatMessage]:
    return [message for message in tg.bot_messages(chat) if "Новый отклик" in message.text]


@pytest.mark.process
async def test_a_new_response_is_pushed_within_seconds_of_its_event(start_process: StartProcess, hh: FakeHH,
                                                                    tg: FakeTelegram) -> None:
    process = await start_process()
    employer, vacancy, summary = await employer_on_webhooks(hh, tg, 301)
    before = polls(hh, employer)
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Иван"), cover_letter=COVER)
    card = await tg.wait_for_bot_message(301, contains="Новый отклик", after=summary.message_id, timeout=5)
    assert card.text.endswith(COVER)
    assert polls(hh, employer) == before  # POLL_INTERVAL is an hour: only the webhook explains the card
    assert [(attempt.action_type, attempt.status) for attempt in hh.webhook_attempts(employer)] == [
        ("NEW_RESPONSE_OR_INVITATION_VACANCY", 200)]
    async with aiohttp.ClientSession() as session, session.get(f"{process.url}/healthz",
                                                                    headers=HEALTHZ_AUTH) as answer:
        health = await answer.json()
    assert (answer.status, health["loops"]) == (200, {"intake": "ok", "sender": "ok", "scheduler": "ok",
                                                      "hh_events": "ok", "hh_subscriptions": "ok",
                                                      "chat_replies": "ok"})


async def test_a_repeated_delivery_gets_409_and_one_push(start_bridge: StartBridge, hh: FakeHH,
                                                        tg: FakeTelegram) -> None:
    bridge = await delivery_bridge(start_bridge)
    employer, vacancy, summary = await employer_on_webhooks(hh, tg, 302)
    hh.webhook_faults(duplicate=1)
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=COVER)
    await tg.wait_for_bot_message(302, contains="Новый отклик", after=summary.message_id, timeout=5)
    await wait_until(lambda: len(hh.webhook_attempts(employer)) == 2, what="both copies")
    assert [attempt.status for attempt in hh.webhook_attempts(employer)] == [200, 409]
    await all_handled(bridge, 1)
    await outbox_empty(bridge)
    assert len(cards(tg, 302)) == 1


async def outbox_empty(bot: BotProcess | Bridge) -> None:
    async def probe() -> bool | None:
        async with aiohttp.ClientSession() as session, session.get(f"{bot.url}/healthz",
                                                                    headers=HEALTHZ_AUTH) as answer:
            body = await answer.json()
            return (body["outbox_pending"] == 0 and body["loops"]["hh_events"] == "ok") or None

    await eventually(probe, timeout=10, what="the outbox to drain")


async def test_an_unknown_path_is_404_and_writes_nothing(start_bridge: StartBridge, hh: FakeHH,
                                                        tg: FakeTelegram) -> None:
    bridge = await delivery_bridge(start_bridge)
    employer, _, _ = await employer_on_webhooks(hh, tg, 303)
    body = delivery("1", employer, topic_id="4000000001")
    (subscription,) = hh.webhook_subscriptions(employer)
    secret = subscription.url.rsplit("/", 1)[1]
    for wrong in (secret[:-1] + ("A" if secret[-1] != "A" else "B"), "x" * 43, "short", "a/b", ""):
        assert await post(f"{bridge.url}{PATH}/{wrong}", body) in (404, 405)
    assert await post(f"{bridge.url}{PATH}", body) in (404, 405)
    assert stored_events(bridge) == []
    assert await post(subscription.url, body) == 200  # the right path takes the same body
    assert [row[0] for row in stored_events(bridge)] == ["1"]


@pytest.mark.process
async def test_a_delivery_for_another_hh_user_is_refused(start_process: StartProcess, hh: FakeHH,
                                                        tg: FakeTelegram) -> None:
    process = await start_process()
    employer, _, _ = await employer_on_webhooks(hh, tg, 304)
    (subscription,) = hh.webhook_subscriptions(employer)
    foreign = {**delivery("1", employer, topic_id="4000000001"), "user_id": "10000999"}
    assert await post(subscription.url, foreign) == 403
    assert await post(subscription.url, {"hello": "world"}) == 400
    assert stored_events(process) == []
    assert await post(subscription.url, {**delivery("2", employer, topic_id="4000000001"), "user_id": "0"}) == 200
    assert [row[:3] for row in stored_events(process)] == [("2", THREE[0], "4000000001")]
    assert "10000999" not in process.log.read_text() and subscription.url not in process.log.read_text()


async def test_nothing_in_a_delivery_makes_the_bot_call_it(start_bridge: StartBridge, hh: FakeHH,
                                                          tg: FakeTelegram) -> None:
    trap_calls: list[str] = []

    async def trap(request: web.Request) -> web.Response:
        trap_calls.append(request.path)
        return web.json_response({})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", trap)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    trap_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        bridge = await delivery_bridge(start_bridge)
        employer, vacancy, summary = await employer_on_webhooks(hh, tg, 305)
        other_employer = hh.add_employer_user(first_name="Чужой")
        others = hh.add_response(hh.add_vacancy(other_employer), hh.add_applicant_user(), cover_letter="Чужой отклик")
        (subscription,) = hh.webhook_subscriptions(employer)
        hh.clear_requests()
        bodies = [
            delivery("t1", employer, topic_id=f"{trap_url}/negotiations/1", chat_id=trap_url, url=trap_url,
                     vacancy_url=trap_url, resume_url=f"{trap_url}/resume"),
            delivery("t2", employer, THREE[2], chat_id=f"{trap_url}/chat", message_id=trap_url),
            delivery("t3", employer, topic_id="../../webhook/subscriptions"),
            delivery("t4", employer, topic_id=others.negotiation_id),
        ]
        for body in bodies:
            assert await post(subscription.url, body) == 200
        await all_handled(bridge, 4)
        await outbox_empty(bridge)
    finally:
        await runner.cleanup()
    assert trap_calls == []
    called = [call.path for call in hh.calls(user_id=employer.user_id)]
    assert not [path for path in called if path.startswith("/webhook") or "http" in path or ".." in path]
    assert polls(hh, employer) >= 1  # no usable id is no hint: a full check instead (POLL_INTERVAL is an hour)
    assert [call.status for call in hh.calls(path_prefix=f"/negotiations/{others.negotiation_id}")] == [404]
    assert [m.text for m in tg.bot_messages(305) if m.message_id > summary.message_id] == []
    assert vacancy.vacancy_id


async def test_a_lost_delivery_is_caught_by_the_fallback_poll(start_bridge: StartBridge, hh: FakeHH,
                                                             tg: FakeTelegram) -> None:
    bridge = await delivery_bridge(start_bridge)
    employer, vacancy, summary = await employer_on_webhooks(hh, tg, 306)
    hh.webhook_faults(lose=1)
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=COVER)
    assert [event.fate for event in hh.webhook_events(employer)] == ["lost"]
    await bridge.ticks(2)
    assert cards(tg, 306) == []
    bridge.clock.advance(float(HOUR))
    await tg.wait_for_bot_message(306, contains="Новый отклик", after=summary.message_id)
    assert hh.webhook_attempts(employer) == []


async def test_a_message_read_on_the_site_is_delivered_on_its_chat_event(start_bridge: StartBridge, hh: FakeHH,
                                                                        tg: FakeTelegram) -> None:
    """Point 6: reading on hh.ru clears what polls look at; the chat event still brings the message."""
    bridge = await delivery_bridge(start_bridge)
    hh.enable_chats()
    _, vacancy, summary = await employer_on_webhooks(hh, tg, 307)
    negotiation = hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=COVER)
    card = await tg.wait_for_bot_message(307, contains="Новый отклик", after=summary.message_id, timeout=5)
    await wait_until(lambda: hh.webhooks_idle, what="the response's deliveries")
    await all_handled(bridge, len(stored_events(bridge)))
    hh.add_message(negotiation, "applicant", "Когда можно прийти?")
    hh.read_on_site(negotiation, "employer")  # no await in between: the bot cannot look before the reading
    assert hh.negotiation(negotiation).has_updates_employer is False
    message = await tg.wait_for_bot_message(307, contains="Когда можно прийти?", after=card.message_id, timeout=5)
    assert message.text.endswith("Когда можно прийти?")
    assert "CHAT_MESSAGE_CREATED" in [row[1] for row in stored_events(bridge)]
