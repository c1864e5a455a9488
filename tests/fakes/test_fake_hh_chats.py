"""The fake hh.ru's Chats API, over real HTTP: chat ids on negotiations, reading, posting with keys, 409, 425,
read marks, write state, and the 404/405 modes."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.testing.fake_hh import EmployerUser, FakeHH
from tests.fakes.conftest import FAKE_HH_TEST_AGENT

AGENT = {"HH-User-Agent": FAKE_HH_TEST_AGENT}


@dataclass
class Scene:
    hh: FakeHH
    session: aiohttp.ClientSession
    employer: EmployerUser
    employer_token: str
    applicant_token: str
    negotiation_id: str
    chat_id: str

    async def call(self, method: str, path: str, *, token: str | None = None, **kwargs: Any) -> tuple[int, Any]:
        headers = {**AGENT, "Authorization": f"Bearer {token or self.employer_token}"}
        async with self.session.request(method, self.hh.base_url + path, headers=headers, **kwargs) as response:
            text = await response.text()
            return response.status, json.loads(text) if response.content_type == "application/json" else text

    async def messages(self, **params: str) -> tuple[int, Any]:
        return await self.call("GET", f"/common/chats/{self.chat_id}/messages", params=params)

    async def post(self, text: str, key: str, token: str | None = None) -> tuple[int, Any]:
        return await self.call("POST", f"/common/chats/{self.chat_id}/messages", token=token,
                               json={"text": text, "idempotency_key": key})


@pytest.fixture
async def scene(fake_hh: FakeHH, fake_hh_session: aiohttp.ClientSession) -> Scene:
    fake_hh.enable_chats()
    employer = fake_hh.add_employer_user()
    applicant = fake_hh.add_applicant_user()
    vacancy = fake_hh.add_vacancy(employer)
    negotiation = fake_hh.add_response(vacancy, applicant, cover_letter="Здравствуйте!")
    fake_hh.employer_action(negotiation, "invitation", message="Приходите в среду.")
    chat_id = fake_hh.chat_id_of(negotiation)
    assert chat_id is not None
    return Scene(fake_hh, fake_hh_session, employer, fake_hh.issue_tokens(employer).access_token,
                 fake_hh.issue_tokens(applicant).access_token, negotiation.negotiation_id, chat_id)


async def test_a_negotiation_carries_its_chat_id_as_a_number(scene: Scene) -> None:
    status, body = await scene.call("GET", f"/negotiations/{scene.negotiation_id}")
    assert status == 200
    assert body["chat_id"] == int(scene.chat_id)


async def test_a_negotiation_without_a_chat_has_no_chat_id(scene: Scene) -> None:
    employer = scene.hh.add_employer_user()
    scene.hh.enable_chats(False)
    other = scene.hh.add_response(scene.hh.add_vacancy(employer), scene.hh.add_applicant_user(first_name="Пётр"))
    status, body = await scene.call("GET", f"/negotiations/{other.negotiation_id}",
                                    token=scene.hh.issue_tokens(employer).access_token)
    assert status == 200
    assert "chat_id" not in body


async def test_chat_messages_have_their_own_ids_and_types(scene: Scene) -> None:
    status, body = await scene.messages()
    assert status == 200
    legacy_ids = {message.id for message in scene.hh.negotiation(scene.negotiation_id).messages}
    assert [(m["type"], m["sender_display_info"]["role"], m["payload"].get("text")) for m in body["messages"]] == [
        ("PARTICIPANT_JOINED", "APPLICANT", None), ("PARTICIPANT_JOINED", "EMPLOYER", None),
        ("SIMPLE", "APPLICANT", "Здравствуйте!"), ("SIMPLE", "EMPLOYER", "Приходите в среду."),
    ]
    assert not legacy_ids & {m["id"] for m in body["messages"]}
    assert body["has_more"] is False
    assert body["chat_states"]["write_message_state"] == {"allowed": True, "reason": None}


@pytest.mark.parametrize(("params", "expected"), [
    ({"limit": "2"}, ([0, 1], True)),
    ({"limit": "2", "start_message_id": "@2"}, ([2, 3], False)),
    ({"order": "prev", "limit": "1"}, ([3], True)),
    ({"order": "prev", "limit": "2", "start_message_id": "@2"}, ([2, 1], True)),
])
async def test_paging_includes_the_start_message(scene: Scene, params: dict[str, str],
                                                 expected: tuple[list[int], bool]) -> None:
    ids = [view.id for view in scene.hh.chat_messages(scene.negotiation_id)]
    params = {key: ids[int(value[1:])] if value.startswith("@") else value for key, value in params.items()}
    status, body = await scene.messages(**params)
    assert status == 200
    assert ([ids.index(m["id"]) for m in body["messages"]], body["has_more"]) == expected


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "51"}, {"order": "up"},
                                    {"start_message_id": "123"}])
async def test_bad_paging_is_refused(scene: Scene, params: dict[str, str]) -> None:
    status, body = await scene.messages(**params)
    assert (status, body["errors"][0]["type"]) == (400, "bad_argument")


async def test_a_post_with_a_key_is_sent_once(scene: Scene) -> None:
    key = str(uuid.uuid4())
    first = await scene.post("Ждём вас!", key)
    again = await scene.post("Ждём вас!", key)
    assert first[0] == 201
    assert again[0] == 409
    texts = [view.text for view in scene.hh.chat_messages(scene.negotiation_id)]
    assert texts.count("Ждём вас!") == 1
    assert first[1]["id"] == scene.hh.chat_messages(scene.negotiation_id)[-1].id


@pytest.mark.parametrize(("body", "status", "value"), [
    ({"text": "Привет"}, 400, "idempotency_key"),
    ({"text": "Привет", "idempotency_key": "not-a-uuid"}, 400, "idempotency_key"),
    ({"text": " ", "idempotency_key": str(uuid.uuid4())}, 400, "message_cannot_be_empty"),
    ({"text": "я" * 20_001, "idempotency_key": str(uuid.uuid4())}, 400, "too_long_message"),
])
async def test_bad_posts_are_refused(scene: Scene, body: dict[str, str], status: int, value: str) -> None:
    answer = await scene.call("POST", f"/common/chats/{scene.chat_id}/messages", json=body)
    assert (answer[0], answer[1]["errors"][0]["value"]) == (status, value)


async def test_a_form_post_is_refused(scene: Scene) -> None:
    status, _ = await scene.call("POST", f"/common/chats/{scene.chat_id}/messages",
                                 data={"text": "Привет", "idempotency_key": str(uuid.uuid4())})
    assert status == 400


async def test_a_new_chat_answers_425_and_a_refused_post_keeps_its_key(scene: Scene) -> None:
    employer = scene.hh.add_employer_user()
    other = scene.hh.add_response(scene.hh.add_vacancy(employer), scene.hh.add_applicant_user(first_name="Пётр"))
    scene.hh.employer_action(other, "invitation", message="Приглашаем")
    scene.chat_id = scene.hh.open_chat(other, ready_after=60)
    scene.employer_token = scene.hh.issue_tokens(employer).access_token
    key = str(uuid.uuid4())
    assert (await scene.messages())[0] == 425
    refused = await scene.post("Здравствуйте", key)
    assert (refused[0], refused[1]["errors"][0]["value"]) == (425, "chat_is_not_ready")
    scene.hh.advance(60)
    assert (await scene.post("Здравствуйте", key))[0] == 201


async def test_writing_blocked_is_told_and_refused(scene: Scene) -> None:
    scene.hh.block_chat_writing(scene.negotiation_id, "PFP_BLOCK")
    _, body = await scene.messages()
    assert body["chat_states"]["write_message_state"] == {"allowed": False, "reason": "PFP_BLOCK"}
    status, refused = await scene.post("Привет", str(uuid.uuid4()))
    assert (status, refused["errors"][0]["value"]) == (403, "disabled_by_employer")


async def test_reading_marks_nothing_read_until_put(scene: Scene) -> None:
    scene.hh.add_message(scene.negotiation_id, "applicant", "Спасибо!")
    await scene.messages()
    assert scene.hh.negotiation(scene.negotiation_id).has_updates_employer is True
    newest = scene.hh.chat_messages(scene.negotiation_id)[-1].id
    status, _ = await scene.call("PUT", f"/common/chats/{scene.chat_id}/message/{newest}/read")
    assert status == 204
    view = scene.hh.negotiation(scene.negotiation_id)
    assert view.has_updates_employer is False
    assert all(message.viewed_by_employer for message in view.messages)


@pytest.mark.parametrize(("status", "method", "refused"), [
    (404, None, {"GET": 404, "POST": 404}),
    (405, None, {"GET": 405, "POST": 405}),
    (405, "POST", {"GET": 200, "POST": 405}),
])
async def test_chat_methods_can_be_refused(scene: Scene, status: int, method: str | None,
                                           refused: dict[str, int]) -> None:
    scene.hh.refuse_chats(status, method)
    answers = {"GET": (await scene.messages())[0], "POST": (await scene.post("Привет", str(uuid.uuid4())))[0]}
    assert answers == refused


async def test_only_the_vacancys_manager_sees_the_chat(scene: Scene) -> None:
    colleague = scene.hh.add_employer_user(first_name="Анна", employer=scene.employer)
    status, _ = await scene.call("GET", f"/common/chats/{scene.chat_id}/messages",
                                 token=scene.hh.issue_tokens(colleague).access_token)
    assert status == 404


async def test_the_applicant_reads_the_same_chat(scene: Scene) -> None:
    status, body = await scene.call("GET", f"/common/chats/{scene.chat_id}/messages", token=scene.applicant_token)
    assert status == 200
    assert [m["payload"].get("text") for m in body["messages"]][-2:] == ["Здравствуйте!", "Приходите в среду."]


async def test_the_chat_list_and_unread_counter(scene: Scene) -> None:
    status, body = await scene.call("GET", "/common/chats", params={"per_page": "20"})
    assert status == 200
    assert [item["id"] for item in body["items"]] == [scene.chat_id]
    assert (await scene.call("GET", "/common/chats", params={"per_page": "21"}))[0] == 400
    scene.hh.add_message(scene.negotiation_id, "applicant", "Вопрос")
    _, counter = await scene.call("GET", "/common/chats/counters/unread")
    assert counter == {"unread_chats_count": 1}


# --- the harsher switches (issue 21, item 5) ----------------------------------------------------------------------

async def test_a_reused_key_can_get_400_and_still_posts_nothing(scene: Scene) -> None:
    scene.hh.chat_key_reuse = "bad_request"
    key = str(uuid.uuid4())
    assert (await scene.post("Один раз", key))[0] == 201
    status, body = await scene.post("Один раз", key)
    assert (status, body["errors"]) == (400, [{"type": "bad_argument", "value": "idempotency_key"}])
    assert [m.text for m in scene.hh.chat_messages(scene.negotiation_id)].count("Один раз") == 1


async def test_shrinking_ids_and_a_read_from_a_message_leaves_it_out(scene: Scene) -> None:
    scene.hh.chat_message_ids = "shrinking"
    for text in ("первое", "второе", "третье"):
        scene.hh.add_message(scene.negotiation_id, "applicant", text)
    _, everything = await scene.messages()
    ids = [message["id"] for message in everything["messages"]]
    fresh = [int(message_id) for message_id in ids[-3:]]
    assert fresh == sorted(fresh, reverse=True)
    _, after = await scene.messages(start_message_id=ids[-3])
    assert [message["payload"]["text"] for message in after["messages"]] == ["второе", "третье"]


async def test_past_its_rate_the_fake_can_ask_the_caller_for_a_captcha(scene: Scene) -> None:
    scene.hh.over_rate = "captcha"
    scene.hh.rate_limit_per_second = 1
    statuses = [(await scene.call("GET", "/me"))[0] for _ in range(2)]
    scene.hh.rate_limit_per_second = None
    status, body = await scene.call("GET", "/me")
    assert (statuses, status, body["errors"][0]["type"]) == ([200, 403], 403, "captcha_required")
    assert (await scene.call("GET", "/me", token=scene.applicant_token))[0] == 200  # only that account


async def test_legacy_messages_can_be_listed_newest_first(scene: Scene) -> None:
    path = f"/negotiations/{scene.negotiation_id}/messages"
    _, oldest_first = await scene.call("GET", path)
    scene.hh.legacy_order = "newest_first"
    _, newest_first = await scene.call("GET", path)
    assert [m["id"] for m in newest_first["items"]] == [m["id"] for m in reversed(oldest_first["items"])]
    assert len(oldest_first["items"]) >= 2
