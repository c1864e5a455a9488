"""The fake hh.ru's Webhook API: subscriptions (employers only, one each), and deliveries with hh.ru's timeout,
retries with growing pauses, blocking, and lost, duplicated and late deliveries."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.testing.fake_hh import EmployerUser, FakeHH, Vacancy
from bot.testing.fake_hh.webhooks import is_loopback
from tests.conftest import fail_on_spec_violations, wait_until
from tests.fakes.conftest import FAKE_HH_TEST_AGENT

THREE = ["NEW_RESPONSE_OR_INVITATION_VACANCY", "NEGOTIATION_EMPLOYER_STATE_CHANGE", "CHAT_MESSAGE_CREATED"]
PAUSES = (10.0, 30.0, 90.0)


@dataclass
class Receiver:
    """A stand-in for the bot: records each delivery and answers with the next planned status (200 when none
    is planned; None: no answer at all)."""

    url: str = ""
    bodies: list[dict[str, Any]] = field(default_factory=list)
    plan: list[int | None] = field(default_factory=list)
    never: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        self.bodies.append(json.loads(await request.read()))
        status = self.plan.pop(0) if self.plan else 200
        if status is None:
            await self.never.wait()  # hh.ru gives up after its timeout
        return web.Response(status=status or 200)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    found = Receiver()
    app = web.Application()
    app.router.add_post("/hooks/{secret}", found.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    found.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hooks/s3cret"
    yield found
    await runner.cleanup()


@pytest.fixture
async def hh() -> AsyncIterator[FakeHH]:
    fake = FakeHH(webhook_timeout=0.2, webhook_retry_pauses=PAUSES, webhook_block_after=4, validate=True)
    await fake.start()
    yield fake
    await fake.close()
    fail_on_spec_violations(fake)


@dataclass
class Api:
    hh: FakeHH
    session: aiohttp.ClientSession

    async def call(self, method: str, path: str, token: str, **kwargs: Any) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"}
        async with self.session.request(method, self.hh.base_url + path, headers=headers, **kwargs) as response:
            text = await response.text()
            return response.status, json.loads(text) if text else None

    async def subscribe(self, token: str, url: str, actions: list[str]) -> tuple[int, Any]:
        return await self.call("POST", "/webhook/subscriptions", token,
                               json={"url": url, "actions": [{"type": action} for action in actions]})


@pytest.fixture
async def api(hh: FakeHH) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession(headers={"HH-User-Agent": FAKE_HH_TEST_AGENT}) as session:
        yield Api(hh, session)


def employer_with_vacancy(hh: FakeHH) -> tuple[EmployerUser, Vacancy, str]:
    employer = hh.add_employer_user()
    return employer, hh.add_vacancy(employer), hh.issue_tokens(employer).access_token


def attempts_made(hh: FakeHH, count: int) -> Callable[[], bool]:
    return lambda: len(hh.webhook_attempts()) == count and hh.webhooks_idle


def errors_of(body: Any) -> list[dict[str, Any]]:
    return list(body["errors"])


async def test_one_subscription_per_user_listed_updated_and_deleted(hh: FakeHH, api: Api) -> None:
    employer, _, token = employer_with_vacancy(hh)
    status, created = await api.subscribe(token, "https://bot.example.com/hh/one", THREE[:2])
    assert status == 201 and set(created) == {"id"}
    assert await api.call("GET", "/webhook/subscriptions", token) == (200, {"items": [{
        "id": created["id"], "url": "https://bot.example.com/hh/one",
        "actions": [{"type": THREE[0], "settings": {"vacancies_only_mine": False}},
                    {"type": THREE[1], "settings": {"vacancies_only_mine": False}}]}]})
    again = await api.subscribe(token, "https://bot.example.com/hh/two", THREE)
    assert again[0] == 400 and errors_of(again[1]) == [{"type": "notifications", "value": "already_exist"}]
    path = f"/webhook/subscriptions/{created['id']}"
    assert await api.call("PUT", path, token, json={"url": "https://bot.example.com/hh/two",
                                                     "actions": [{"type": THREE[2]}]}) == (204, None)
    (view,) = hh.webhook_subscriptions(employer)
    assert (view.url, view.actions) == ("https://bot.example.com/hh/two", (THREE[2],))
    assert (await api.call("PUT", path, token, json={"actions": []}))[0] == 400
    assert await api.call("DELETE", path, token) == (204, None)
    assert await api.call("GET", "/webhook/subscriptions", token) == (200, {"items": []})
    assert (await api.call("DELETE", path, token))[0] == 404
    assert (await api.call("PUT", path, token, json={"actions": [{"type": THREE[0]}]}))[0] == 404


async def test_another_users_subscription_is_not_found(hh: FakeHH, api: Api) -> None:
    _, _, token = employer_with_vacancy(hh)
    _, _, other = employer_with_vacancy(hh)
    _, created = await api.subscribe(token, "https://bot.example.com/hh/a", THREE)
    assert (await api.call("DELETE", f"/webhook/subscriptions/{created['id']}", other))[0] == 404
    assert await api.call("GET", "/webhook/subscriptions", other) == (200, {"items": []})


@pytest.mark.parametrize("who", ["applicant", "denied employer"])
async def test_the_webhook_api_is_403_for_non_employers_and_denied_employers(hh: FakeHH, api: Api, who: str) -> None:
    if who == "applicant":
        user_id = hh.add_applicant_user().user_id
    else:
        user_id = hh.add_employer_user().user_id
        hh.deny_webhooks(user_id)
    token = hh.issue_tokens(user_id).access_token
    assert (await api.call("GET", "/webhook/subscriptions", token))[0] == 403
    status, body = await api.subscribe(token, "https://bot.example.com/hh/x", THREE)
    assert status == 403 and errors_of(body)[0]["type"] == "forbidden"


@pytest.mark.parametrize(("body", "value", "pointer", "reason"), [
    ({"actions": [{"type": THREE[0]}]}, "url", "/url", "required"),
    ({"url": "ftp://bot.example.com/x", "actions": [{"type": THREE[0]}]}, "url", "/url", "invalid"),
    ({"url": "https://bot.example.com/x", "actions": []}, "actions", "/actions", "size_less_than_min"),
    ({"url": "https://bot.example.com/x", "actions": [{"type": "NO_SUCH_EVENT"}]}, "type", "/actions/0/type",
     "invalid"),
    ({"url": "https://bot.example.com/x", "actions": [{"type": THREE[0], "when": "always"}]}, "when",
     "/actions/0/when", "unexpected"),
    ({"url": "https://bot.example.com/x", "actions": [{"type": THREE[0], "settings": {"vacancies_only_mine": 1}}]},
     "vacancies_only_mine", "/actions/0/settings/vacancies_only_mine", "invalid"),
    ({"url": "https://bot.example.com/x", "actions": [{"type": THREE[0]}], "secret": "x"}, "secret", "/secret",
     "unexpected"),
])
async def test_bad_subscription_bodies_are_400_bad_json_data(hh: FakeHH, api: Api, body: dict[str, Any], value: str,
                                                             pointer: str, reason: str) -> None:
    _, _, token = employer_with_vacancy(hh)
    status, answer = await api.call("POST", "/webhook/subscriptions", token, json=body)
    assert status == 400
    assert errors_of(answer) == [{"type": "bad_json_data", "value": value, "pointer": pointer, "reason": reason}]


async def test_a_form_body_is_refused(hh: FakeHH, api: Api) -> None:
    _, _, token = employer_with_vacancy(hh)
    status, answer = await api.call("POST", "/webhook/subscriptions", token,
                                    data={"url": "https://bot.example.com/x", "actions": THREE[0]})
    assert status == 400 and errors_of(answer)[0]["type"] == "bad_json_data"


async def test_a_refused_action_type_is_named_in_a_400(hh: FakeHH, api: Api) -> None:
    _, _, token = employer_with_vacancy(hh)
    hh.refuse_webhook_action("CHAT_MESSAGE_CREATED")
    status, body = await api.subscribe(token, "https://bot.example.com/hh/x", THREE)
    assert status == 400
    refused = {"type": "bad_json_data", "value": "type", "pointer": "/actions/2/type", "reason": "invalid"}
    assert errors_of(body) == [refused]
    assert "CHAT_MESSAGE_CREATED" in body["description"]
    assert (await api.subscribe(token, "https://bot.example.com/hh/x", THREE[:2]))[0] == 201


async def test_responses_and_stage_changes_are_delivered_with_ids_only(hh: FakeHH, api: Api,
                                                                       receiver: Receiver) -> None:
    employer, vacancy, token = employer_with_vacancy(hh)
    _, created = await api.subscribe(token, receiver.url, THREE)
    applicant = hh.add_applicant_user()
    negotiation = hh.add_response(vacancy, applicant, cover_letter="Здравствуйте!")
    hh.employer_action(negotiation, "invitation", message="Приходите в среду.")
    await wait_until(lambda: len(receiver.bodies) >= 2 and hh.webhooks_idle, what="two deliveries")
    by_type = {body["action_type"]: body for body in receiver.bodies}
    response = by_type["NEW_RESPONSE_OR_INVITATION_VACANCY"]
    assert {key: response[key] for key in ("subscription_id", "user_id")} == {"subscription_id": created["id"],
                                                                              "user_id": employer.user_id}
    assert {key: response["payload"][key] for key in ("topic_id", "resume_id", "vacancy_id", "employer_id")} == {
        "topic_id": negotiation.negotiation_id, "resume_id": applicant.resume_id, "vacancy_id": vacancy.vacancy_id,
        "employer_id": employer.employer_id}
    stage = by_type["NEGOTIATION_EMPLOYER_STATE_CHANGE"]["payload"]
    assert (stage["topic_id"], stage["from_state"], stage["to_state"]) == (negotiation.negotiation_id, "response",
                                                                          "interview")
    assert "Здравствуйте" not in json.dumps(receiver.bodies, ensure_ascii=False)
    assert len({body["id"] for body in receiver.bodies}) == len(receiver.bodies)
    assert all(attempt.accepted for attempt in hh.webhook_attempts(employer))


async def test_only_subscribed_types_of_the_users_own_employer_are_delivered(hh: FakeHH, api: Api,
                                                                            receiver: Receiver) -> None:
    employer, vacancy, token = employer_with_vacancy(hh)
    _, other_vacancy, _ = employer_with_vacancy(hh)
    await api.subscribe(token, receiver.url, ["NEGOTIATION_EMPLOYER_STATE_CHANGE"])
    hh.add_response(other_vacancy, hh.add_applicant_user(), cover_letter=None)
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=None)
    assert hh.webhook_events(employer) == [] and receiver.bodies == []


async def test_a_colleague_gets_events_of_all_vacancies_unless_only_mine(hh: FakeHH, api: Api,
                                                                        receiver: Receiver) -> None:
    employer, vacancy, _ = employer_with_vacancy(hh)
    colleague = hh.add_employer_user(first_name="Анна", employer=employer)
    token = hh.issue_tokens(colleague).access_token
    await api.subscribe(token, receiver.url, ["NEW_RESPONSE_OR_INVITATION_VACANCY"])
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=None)
    assert [event.action_type for event in hh.webhook_events(colleague)] == ["NEW_RESPONSE_OR_INVITATION_VACANCY"]
    (view,) = hh.webhook_subscriptions(colleague)
    await api.call("PUT", f"/webhook/subscriptions/{view.id}", token, json={"actions": [
        {"type": "NEW_RESPONSE_OR_INVITATION_VACANCY", "settings": {"vacancies_only_mine": True}}]})
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Пётр"), cover_letter=None)
    assert len(hh.webhook_events(colleague)) == 1


async def test_a_failed_delivery_is_retried_after_growing_pauses_until_answered(hh: FakeHH, api: Api,
                                                                                receiver: Receiver) -> None:
    employer, vacancy, token = employer_with_vacancy(hh)
    await api.subscribe(token, receiver.url, ["NEW_RESPONSE_OR_INVITATION_VACANCY"])
    receiver.plan = [500, None, 503]  # an error, no answer within the 0.2 s timeout, another error, then 200
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=None)
    started = hh.now()
    await wait_until(lambda: len(hh.webhook_attempts()) == 1 and hh.webhooks_idle, what="the first attempt")
    for pause, attempts in zip(PAUSES, (2, 3, 4), strict=True):
        hh.advance(pause - 1)
        await wait_until(lambda: hh.webhooks_idle)
        assert len(hh.webhook_attempts()) == attempts - 1  # not before its pause is over
        hh.advance(1)
        await wait_until(attempts_made(hh, attempts), what=f"attempt {attempts}")
    assert [(attempt.status, attempt.accepted, attempt.at - started) for attempt in hh.webhook_attempts()] == [
        (500, False, 0.0), (None, False, 10.0), (503, False, 40.0), (200, True, 130.0)]
    assert len({body["id"] for body in receiver.bodies}) == 1
    hh.advance(10_000)
    await wait_until(lambda: hh.webhooks_idle)
    assert len(hh.webhook_attempts(employer)) == 4


async def test_409_means_received(hh: FakeHH, api: Api, receiver: Receiver) -> None:
    _, vacancy, token = employer_with_vacancy(hh)
    await api.subscribe(token, receiver.url, ["NEW_RESPONSE_OR_INVITATION_VACANCY"])
    receiver.plan = [409]
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=None)
    await wait_until(lambda: len(hh.webhook_attempts()) == 1 and hh.webhooks_idle)
    hh.advance(10_000)
    await wait_until(lambda: hh.webhooks_idle)
    assert [(attempt.status, attempt.accepted) for attempt in hh.webhook_attempts()] == [(409, True)]


async def test_a_subscription_that_keeps_failing_is_blocked(hh: FakeHH, api: Api, receiver: Receiver) -> None:
    employer, vacancy, token = employer_with_vacancy(hh)
    await api.subscribe(token, receiver.url, ["NEW_RESPONSE_OR_INVITATION_VACANCY"])
    receiver.plan = [500] * 10
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=None)
    for _ in range(4):
        await wait_until(lambda: hh.webhooks_idle)
        hh.advance(PAUSES[-1])
    await wait_until(lambda: hh.webhook_subscriptions(employer) == [])
    assert [reason for _, reason in hh.removed_webhook_subscriptions()] == ["blocked"]
    assert len(hh.webhook_attempts()) == 4
    assert await api.call("GET", "/webhook/subscriptions", token) == (200, {"items": []})
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Пётр"), cover_letter=None)
    hh.advance(10_000)
    await wait_until(lambda: hh.webhooks_idle)
    assert len(hh.webhook_attempts()) == 4


@pytest.mark.parametrize("how", ["deleted", "blocked", "revoked"])
async def test_hh_dropping_a_subscription_stops_its_deliveries(hh: FakeHH, api: Api, receiver: Receiver,
                                                               how: str) -> None:
    employer, vacancy, token = employer_with_vacancy(hh)
    await api.subscribe(token, receiver.url, ["NEW_RESPONSE_OR_INVITATION_VACANCY"])
    receiver.plan = [500]
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=None)
    await wait_until(lambda: len(hh.webhook_attempts()) == 1 and hh.webhooks_idle)
    if how == "revoked":
        hh.revoke_tokens(employer)
    else:
        hh.drop_webhook_subscription(employer, how)
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Пётр"), cover_letter=None)
    hh.advance(10_000)
    await wait_until(lambda: hh.webhooks_idle)
    assert hh.webhook_subscriptions(employer) == [] and len(hh.webhook_attempts()) == 1
    assert [event.fate for event in hh.webhook_events(employer)] == ["dropped"]
    assert [reason for _, reason in hh.removed_webhook_subscriptions()] == ["blocked" if how == "blocked"
                                                                           else "deleted"]


async def test_lost_duplicated_and_late_deliveries(hh: FakeHH, api: Api, receiver: Receiver) -> None:
    employer, vacancy, token = employer_with_vacancy(hh)
    await api.subscribe(token, receiver.url, ["NEW_RESPONSE_OR_INVITATION_VACANCY"])
    hh.webhook_faults(lose=1)
    hh.add_response(vacancy, hh.add_applicant_user(first_name="А"), cover_letter=None)
    hh.webhook_faults(duplicate=1)
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Б"), cover_letter=None)
    hh.webhook_faults(late=1, late_by=300.0)
    hh.add_response(vacancy, hh.add_applicant_user(first_name="В"), cover_letter=None)
    lost, duplicated, late = hh.webhook_events(employer)
    assert lost.fate == "lost"
    await wait_until(lambda: len(receiver.bodies) == 2 and hh.webhooks_idle, what="the duplicate")
    assert [body["id"] for body in receiver.bodies] == [duplicated.delivery_id] * 2
    hh.advance(300)
    await wait_until(lambda: len(receiver.bodies) == 3 and hh.webhooks_idle, what="the late one")
    assert receiver.bodies[-1]["id"] == late.delivery_id
    assert lost.delivery_id not in {body["id"] for body in receiver.bodies}


async def test_ratios_lose_and_duplicate_about_that_share(hh: FakeHH, api: Api) -> None:
    employer, vacancy, token = employer_with_vacancy(hh)
    await api.subscribe(token, "http://127.0.0.1:9/unreachable", ["NEW_RESPONSE_OR_INVITATION_VACANCY"])
    hh.webhook_faults(lose_ratio=0.5, seed=7)
    for number in range(200):
        hh.add_response(vacancy, hh.add_applicant_user(first_name=f"К{number}"), cover_letter=None)
    lost = sum(event.fate == "lost" for event in hh.webhook_events(employer))
    assert 70 < lost < 130


async def test_deliveries_go_to_loopback_addresses_only(hh: FakeHH, api: Api) -> None:
    employer, vacancy, token = employer_with_vacancy(hh)
    await api.subscribe(token, "https://bot.example.com/hh/x", ["NEW_RESPONSE_OR_INVITATION_VACANCY"])
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter=None)
    await wait_until(lambda: len(hh.webhook_attempts()) == 1 and hh.webhooks_idle)
    assert [(attempt.url, attempt.status) for attempt in hh.webhook_attempts(employer)] == [
        ("https://bot.example.com/hh/x", None)]


@pytest.mark.parametrize(("url", "loopback"), [
    ("http://127.0.0.1:8080/hh/x", True), ("http://localhost/hh", True), ("http://[::1]:9/x", True),
    ("https://bot.example.com/hh", False), ("http://10.0.0.1/hh", False), ("http://127.0.0.1.example.com/", False),
])
def test_only_loopback_addresses_are_delivered_to(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


async def test_controls_over_http(hh: FakeHH, api: Api) -> None:
    employer, _, token = employer_with_vacancy(hh)
    base = hh.base_url + "/_fake/"
    async with aiohttp.ClientSession() as session:
        async with session.post(base + "refuse_webhook_action", json={"action_type": "CHAT_MESSAGE_CREATED"}) as r:
            assert r.status == 200
        assert (await api.subscribe(token, "https://bot.example.com/hh/x", THREE))[0] == 400
        assert (await api.subscribe(token, "https://bot.example.com/hh/x", THREE[:2]))[0] == 201
        async with session.get(base + "webhook_subscriptions", params={"user_id": employer.user_id}) as r:
            (listed,) = await r.json()
            assert (listed["url"], listed["actions"]) == ("https://bot.example.com/hh/x", THREE[:2])
        async with session.post(base + "webhook_faults", json={"lose_ratio": 0.1, "duplicate_ratio": 0.1}) as r:
            assert r.status == 200
        async with session.post(base + "drop_webhook_subscription", json={"user_id": employer.user_id}) as r:
            assert r.status == 200
    assert hh.webhook_subscriptions(employer) == []


async def test_chat_messages_are_delivered_to_the_vacancys_manager_for_negotiations_with_a_chat(
        hh: FakeHH, api: Api, receiver: Receiver) -> None:
    employer, vacancy, token = employer_with_vacancy(hh)
    colleague = hh.add_employer_user(first_name="Анна", employer=employer)
    await api.subscribe(token, receiver.url, ["CHAT_MESSAGE_CREATED"])
    await api.subscribe(hh.issue_tokens(colleague).access_token, receiver.url, ["CHAT_MESSAGE_CREATED"])
    legacy = hh.add_response(vacancy, hh.add_applicant_user(first_name="Пётр"), cover_letter=None)
    hh.add_message(legacy, "applicant", "Без чата")
    hh.enable_chats()
    negotiation = hh.add_response(vacancy, hh.add_applicant_user(), cover_letter="Здравствуйте!")
    hh.add_message(negotiation, "applicant", "Вопрос")
    chat_id = hh.chat_id_of(negotiation)
    assert chat_id is not None and hh.chat_id_of(legacy) is None
    await wait_until(lambda: len(receiver.bodies) == 2 and hh.webhooks_idle, what="two chat deliveries")
    assert hh.webhook_events(colleague) == []
    shown = {message.text: message.id for message in hh.chat_messages(negotiation)}
    assert [(body["payload"]["chat_id"], body["payload"]["message_id"], body["payload"]["role"])
            for body in receiver.bodies] == [(chat_id, shown["Здравствуйте!"], "APPLICANT"),
                                             (chat_id, shown["Вопрос"], "APPLICANT")]
    assert shown["Вопрос"] not in {message.id for message in hh.negotiation(negotiation).messages}
