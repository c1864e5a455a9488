"""The fake hh.ru held to hh.ru's own spec (openapi.yml): the checker, the spec-minimal fake, the notes' sources."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.testing.fake_hh import FakeHH, Workflow
from bot.testing.fake_hh.spec import Spec, has_field, hh_spec
from bot.testing.fake_hh.spec_check import Violation
from bot.testing.fake_hh.spec_notes import INVENTED_FIELDS, NEWER_PATHS
from bot.testing.fake_hh.workflow import NamedItem
from tests.fakes.conftest import FAKE_HH_TEST_AGENT

MOMENT = 1_760_000_000.0  # 2025-10-09T11:53:20+0300
CREATED = "2025-10-09T11:53:20+0300"
ONE_COLLECTION = Workflow(collections=(NamedItem("response", "Неразобранные"),),
                          states=(NamedItem("response", "Отклик"),), state_collections={"response": "response"},
                          actions={})


@dataclass
class World:
    hh: FakeHH
    session: aiohttp.ClientSession
    employer_token: str
    applicant_token: str
    vacancy_id: str
    negotiation_id: str
    chat_id: str
    invited_chat_id: str  # of a negotiation with an invitation: one may write there

    async def get(self, path: str, token: str | None = None, **params: str) -> Any:
        return (await self.call("GET", path, token, params=params))[1]

    async def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token or self.employer_token}"}
        async with self.session.request(method, self.hh.base_url + path, headers=headers, **kwargs) as response:
            body = await response.json() if response.content_type == "application/json" else None
            return response.status, body

    @property
    def api(self) -> str:
        return self.hh.base_url


async def _world(hh: FakeHH) -> AsyncIterator[World]:
    hh.enable_chats()
    employer = hh.add_employer_user()
    applicant = hh.add_applicant_user()
    vacancy = hh.add_vacancy(employer, workflow=ONE_COLLECTION)
    negotiation = hh.add_response(vacancy, applicant, cover_letter="Здравствуйте!")
    invited = hh.add_response(hh.add_vacancy(employer, name="Тестировщик"), applicant)
    hh.employer_action(invited, "invitation", message="Приходите в среду.")
    chat_id, invited_chat_id = hh.chat_id_of(negotiation), hh.chat_id_of(invited)
    assert chat_id is not None and invited_chat_id is not None
    await hh.start()
    async with aiohttp.ClientSession(headers={"HH-User-Agent": FAKE_HH_TEST_AGENT}) as session:
        yield World(hh, session, hh.issue_tokens(employer).access_token, hh.issue_tokens(applicant).access_token,
                    vacancy.vacancy_id, negotiation.negotiation_id, chat_id, invited_chat_id)
    await hh.close()


@pytest.fixture
async def checked() -> AsyncIterator[World]:
    """A fake that checks its answers (and sends them whole)."""
    async for world in _world(FakeHH(clock=lambda: MOMENT, validate=True)):
        yield world


@pytest.fixture
async def minimal() -> AsyncIterator[World]:
    """A spec-minimal fake that does not check."""
    async for world in _world(FakeHH(clock=lambda: MOMENT, spec_minimal=True)):
        yield world


def spec() -> Spec:
    return hh_spec()


def problems(method: str, path: str, status: int, body: Any) -> list[str]:
    operation = spec().operation(method, path)
    assert operation is not None
    return spec().check(operation, status, body)


def pruned(method: str, path: str, body: Any) -> Any:
    operation = spec().operation(method, path)
    assert operation is not None
    schema = spec().response_schema(operation, 200)
    assert schema is not None
    return spec().prune(schema, body)


# --- the checker -------------------------------------------------------------------------------------

Break = Callable[[Any], None]


def _drop(*keys: str | int) -> Break:
    def apply(body: Any) -> None:
        for key in keys[:-1]:
            body = body[key]
        del body[keys[-1]]

    return apply


def _put(value: Any, *keys: str | int) -> Break:
    def apply(body: Any) -> None:
        for key in keys[:-1]:
            body = body[key]
        body[keys[-1]] = value

    return apply


def _nest_chat(body: Any) -> None:
    chat = {key: body.pop(key) for key in list(body) if key not in ("has_more", "messages", "chat_states")}
    body["chat"] = chat


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str  # {v}, {n}, {c}: the world's vacancy, negotiation and chat
    breaks: Break | None
    expected: list[str]
    token: str = "employer"
    status: int = 200


CASES = [
    Case("/me as it is", "GET", "/me", None, []),
    Case("/me without a required field", "GET", "/me", _drop("is_admin"), ["$: 'is_admin' is a required property"]),
    Case("/me with an invented field", "GET", "/me", _put("x", "nickname"), ["nickname: not in the spec"]),
    Case("/me of an employer with personal_manager null", "GET", "/me", _put(None, "personal_manager"),
         ["$.personal_manager: None for not nullable", "$.personal_manager: None is not of type 'object'"]),
    Case("collections without description", "GET", "/negotiations?vacancy_id={v}", _drop("collections", 0,
                                                                                         "description"),
         ["$.collections[0]: 'description' is a required property"]),
    Case("a negotiation's resume without real_id", "GET", "/negotiations/{n}", _drop("resume", "real_id"),
         ["$.resume: 'real_id' is a required property"]),
    Case("a collection page item's resume without owner", "GET", "/negotiations/response?vacancy_id={v}",
         _drop("items", 0, "resume", "owner"), ["$.items[0].resume: 'owner' is a required property"]),
    Case("a negotiation's chat_id (seen in hh.ru's example)", "GET", "/negotiations/{n}", None, []),
    Case("the applicant's negotiation without its resume's created_at", "GET", "/negotiations/{n}",
         _drop("resume", "created_at"), ["$.resume: 'created_at' is a required property"], token="applicant"),
    Case("a template's sms without template_modified", "GET", "/message_templates/invite?topic_id={n}",
         _drop("sms", "template_modified"), ["$.sms: 'template_modified' is a required property"]),
    Case("the chat's messages with the chat nested", "GET", "/common/chats/{c}/messages", _nest_chat,
         ["chat: not in the spec"]),
    Case("a chat message with an invented field", "GET", "/common/chats/{c}/messages",
         _put([], "messages", 0, "reactions"), ["messages[].reactions: not in the spec"]),
    Case("an error with a value its schema does not have", "GET", "/negotiations/response?vacancy_id=1",
         _put("bad_argument", "errors", 0, "type"),
         ["$.errors[0].type: 'bad_argument' is not one of ['not_found']"], status=404),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_the_checker_finds_what_breaks_the_spec(checked: World, case: Case) -> None:
    path = case.path.format(v=checked.vacancy_id, n=checked.negotiation_id, c=checked.chat_id)
    token = checked.applicant_token if case.token == "applicant" else checked.employer_token
    status, body = await checked.call(case.method, path, token)
    assert status == case.status, body
    assert checked.hh.take_spec_violations() == []
    if case.breaks is not None:
        case.breaks(body)
    assert problems(case.method, path.split("?")[0], status, body) == case.expected


async def test_a_status_the_operation_does_not_have_is_not_looked_up() -> None:
    operation = spec().operation("GET", "/me")
    assert operation is not None
    with pytest.raises(KeyError):
        spec().response_schema(operation, 409)


# --- paths ---------------------------------------------------------------------------------------------

async def test_an_unknown_path_is_a_violation(checked: World) -> None:
    status, _ = await checked.call("GET", "/no/such/method")
    assert status == 404
    assert checked.hh.take_spec_violations() == [
        Violation("GET", "/no/such/method", 404, "a path neither openapi.yml nor spec_notes.NEWER_PATHS has")]


async def test_paths_newer_than_the_spec_are_accepted(checked: World) -> None:
    chat = f"/common/chats/{checked.invited_chat_id}"
    messages = await checked.get(f"{chat}/messages")
    first = messages["messages"][0]["id"]
    sent = await checked.call("POST", f"{chat}/messages",
                              json={"text": "Добрый день", "idempotency_key": "5f0c3d0e-1f7a-4f0e-9a59-0d4c1b0b7e11"})
    calls = [await checked.call("GET", "/common/chats"), await checked.call("GET", "/common/chats/counters/unread"),
             await checked.call("GET", f"{chat}/participants"),
             await checked.call("PUT", f"{chat}/message/{first}/read"), sent]
    assert [status for status, _ in calls] == [200, 200, 200, 204, 201]
    assert checked.hh.take_spec_violations() == []
    assert {(path.method, path.template) for path in NEWER_PATHS} >= {
        ("GET", "/common/chats/{chat_id}/messages"), ("POST", "/common/chats/{chat_id}/messages"),
        ("PUT", "/common/chats/{chat_id}/message/{message_id}/read"), ("POST", "/token")}


async def test_the_chat_messages_carry_the_chat_at_the_top(checked: World) -> None:
    body = await checked.get(f"/common/chats/{checked.chat_id}/messages")
    assert sorted(body) == ["block_reason", "chat_states", "creation_time", "display", "has_more", "id",
                            "last_message", "messages", "muted", "type", "unread_message_count", "vacancy_id"]
    assert body["id"] == checked.chat_id and body["type"] == "NEGOTIATION"
    assert body["chat_states"] == {"write_message_state": {"allowed": True, "reason": None}}


async def test_the_answers_the_bot_reads_keep_the_spec(checked: World) -> None:
    """Each answer the bot reads, as the fake gives it: none breaks hh.ru's spec."""
    v, n = checked.vacancy_id, checked.negotiation_id
    me = await checked.get("/me")
    paths = [f"/employers/{me['employer']['id']}/vacancies/active", "/manager_accounts/mine",
             f"/negotiations?vacancy_id={v}", f"/negotiations/response?vacancy_id={v}", f"/negotiations/{n}",
             f"/negotiations/{n}/messages", f"/message_templates/invite?topic_id={n}", "/webhook/subscriptions"]
    statuses = [(await checked.call("GET", path))[0] for path in paths]
    applicant = [(await checked.call("GET", path, checked.applicant_token))[0]
                 for path in ("/me", "/negotiations", f"/negotiations/{n}", f"/negotiations/{n}/messages")]
    assert statuses + applicant == [200] * 12
    assert checked.hh.take_spec_violations() == []


# --- spec-minimal ----------------------------------------------------------------------------------------

async def test_pruning_keeps_exactly_what_the_spec_requires(checked: World) -> None:
    v, n, api = checked.vacancy_id, checked.negotiation_id, checked.api
    me = await checked.get("/me")
    assert pruned("GET", "/me", me) == {
        "auth_type": "employer", "is_employer": True, "is_applicant": False, "is_admin": False,
        "is_application": False, "is_employer_integration": False, "id": me["id"], "first_name": "Ольга",
        "last_name": "Кадрова"}
    collections = await checked.get("/negotiations", vacancy_id=v)
    url = f"{api}/negotiations/response?vacancy_id={v}"
    assert pruned("GET", "/negotiations", collections) == {
        "collections": [{"id": "response", "name": "Неразобранные", "url": url,
                         "description": "Коллекция «Неразобранные»",
                         "order_types": [{"id": "created_at", "name": "по дате создания",
                                          "url": f"{url}&order_by=created_at"}]}],
        "employer_states": [{"id": "response", "name": "Отклик"}], "generated_collections": []}
    page = await checked.get("/negotiations/response", vacancy_id=v)
    assert pruned("GET", "/negotiations/response", page) == {
        "ordered_by": {"id": "created_at", "name": "по дате создания"}, "found": 1, "pages": 1, "page": 0,
        "per_page": 20, "items": [{"id": n, "created_at": CREATED, "updated_at": CREATED, "has_updates": True,
                                   "state": {"id": "response", "name": "Отклик"}, "url": f"{api}/negotiations/{n}",
                                   "messaging_status": "no_invitation", "employer_state": {"id": "response",
                                                                                           "name": "Отклик"},
                                   "actions": [], "viewed_by_opponent": True, "templates": []}]}
    template = await checked.get("/message_templates/invite", topic_id=n)
    assert pruned("GET", "/message_templates/invite", template) == {"mail": template["mail"]}
    assert set(template["mail"]) == {"text", "template_modified"}


async def test_the_minimal_fake_sends_only_what_the_spec_requires(minimal: World) -> None:
    me = await minimal.get("/me")
    assert sorted(me) == ["auth_type", "first_name", "id", "is_admin", "is_applicant", "is_application",
                          "is_employer", "is_employer_integration", "last_name"]
    item = (await minimal.get("/negotiations/response", vacancy_id=minimal.vacancy_id))["items"][0]
    assert "chat_id" not in item and "resume" not in item and "counters" not in item
    chat = await minimal.get(f"/common/chats/{minimal.chat_id}/messages")  # newer than the spec: as it is
    assert chat["messages"][0]["type"] == "PARTICIPANT_JOINED" and "unread_message_count" in chat
    assert minimal.hh.spec_violations == []


async def test_a_full_answer_and_its_pruned_self_both_keep_the_spec(checked: World) -> None:
    page = await checked.get("/negotiations/response", vacancy_id=checked.vacancy_id)
    assert problems("GET", "/negotiations/response", 200, page) == []
    assert problems("GET", "/negotiations/response", 200, pruned("GET", "/negotiations/response", page)) == []


# --- the notes -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(INVENTED_FIELDS))
def test_each_invented_field_is_where_its_source_says(key: str) -> None:
    for field, seen in INVENTED_FIELDS[key].items():
        if seen.example is not None:
            assert seen.at is not None and has_field(spec().example(seen.example), seen.at), (key, field)
        else:
            assert seen.document is not None and ".md" in seen.document, (key, field)


def test_a_listed_field_is_accepted_only_on_its_operation() -> None:
    body = {"id": "1", "is_employer": True, "is_applicant": False, "is_admin": False, "is_application": False,
            "is_employer_integration": False, "auth_type": "employer", "first_name": "О", "last_name": "К"}
    assert problems("GET", "/me", 200, body) == []
    assert problems("GET", "/me", 200, {**body, "chat_id": 1}) == ["chat_id: not in the spec"]
