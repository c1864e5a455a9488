"""The fake hh.ru, driven over real HTTP: OAuth, the employer and applicant API, rules, faults."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDictProxy
from yarl import URL

from bot.testing.fake_hh import (
    ApplicantUser,
    EmployerUser,
    FakeHH,
    FakeHHError,
    Fault,
    Negotiation,
    Vacancy,
    default_workflow,
)

AGENT = "FakeHHTests/1.0 (tests@example.com)"
HH_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0300$")


@dataclass
class Reply:
    status: int
    body: Any
    headers: CIMultiDictProxy[str]


@dataclass
class Api:
    hh: FakeHH
    session: aiohttp.ClientSession

    async def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Reply:
        url = path if path.startswith("http") else self.hh.base_url + path
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        async with self.session.request(method, url, headers=headers, allow_redirects=False, **kwargs) as response:
            text = await response.text()
            body = json.loads(text) if response.content_type == "application/json" else text
            return Reply(response.status, body, response.headers)

    async def authorize(self, user_id: str | None, decision: str = "allow", **params: str) -> Reply:
        query = {"response_type": "code", "client_id": "test-client", "state": "st-1", **params}
        headers = {"X-Fake-Decision": decision}
        if user_id is not None:
            headers["X-Fake-Login"] = user_id
        return await self.call("GET", "/oauth/authorize", params=query, headers=headers)

    async def token(self, **form: str) -> Reply:
        return await self.call("POST", "/token", data=form)

    async def exchange(self, code: str, redirect_uri: str | None = None) -> Reply:
        return await self.token(
            grant_type="authorization_code",
            client_id="test-client",
            client_secret="test-secret",
            redirect_uri=redirect_uri or self.hh.redirect_uri,
            code=code,
        )

    async def login(self, user_id: str) -> dict[str, Any]:
        reply = await self.authorize(user_id)
        code = URL(reply.headers["Location"]).query["code"]
        tokens = await self.exchange(code)
        assert tokens.status == 200, tokens.body
        body: dict[str, Any] = tokens.body
        return body


@dataclass
class Scene:
    employer: EmployerUser
    applicant: ApplicantUser
    vacancy: Vacancy
    negotiation: Negotiation
    employer_token: str
    applicant_token: str

    @property
    def nid(self) -> str:
        return self.negotiation.negotiation_id


@pytest.fixture
async def fake_hh_api(fake_hh: FakeHH, fake_hh_session: aiohttp.ClientSession) -> AsyncIterator[Api]:
    yield Api(fake_hh, fake_hh_session)


@pytest.fixture
def fake_hh_scene(fake_hh: FakeHH) -> Scene:
    employer = fake_hh.add_employer_user()
    applicant = fake_hh.add_applicant_user()
    vacancy = fake_hh.add_vacancy(employer)
    negotiation = fake_hh.add_response(vacancy, applicant, cover_letter="Здравствуйте!")
    return Scene(
        employer,
        applicant,
        vacancy,
        negotiation,
        fake_hh.issue_tokens(employer).access_token,
        fake_hh.issue_tokens(applicant).access_token,
    )


def assert_error(reply: Reply, status: int, error_type: str, value: str | None = None) -> None:
    assert reply.status == status, reply.body
    assert isinstance(reply.body["request_id"], str) and reply.body["request_id"]
    assert isinstance(reply.body["description"], str)
    error = reply.body["errors"][0]
    assert error["type"] == error_type, reply.body
    if value is not None:
        assert error["value"] == value, reply.body


def assert_oauth_error(reply: Reply, error: str, description: str) -> None:
    assert reply.status == 400, reply.body
    assert reply.body == {"error": error, "error_description": description}


async def invite(api: Api, scene: Scene, message: str = "Приглашаем на собеседование") -> None:
    reply = await api.call(
        "PUT",
        f"/negotiations/interview/{scene.nid}",
        scene.employer_token,
        data={"message": message},
    )
    assert reply.status == 204, reply.body


# --- OAuth --------------------------------------------------------------------------------


async def test_full_oauth_flow_for_an_employer(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    employer = fake_hh.add_employer_user(first_name="Ольга", company="Рога и копыта")
    reply = await fake_hh_api.authorize(employer.user_id)
    assert reply.status == 302
    location = URL(reply.headers["Location"])
    assert str(location.with_query(None)) == fake_hh.redirect_uri
    assert location.query["state"] == "st-1"
    tokens = await fake_hh_api.exchange(location.query["code"])
    assert tokens.status == 200
    assert tokens.body["token_type"] == "bearer"
    assert tokens.body["expires_in"] == 1209600
    assert tokens.body["access_token"] != tokens.body["refresh_token"]
    me = await fake_hh_api.call("GET", "/me", tokens.body["access_token"])
    assert me.status == 200
    assert me.body["auth_type"] == "employer"
    assert me.body["is_employer"] is True and me.body["is_applicant"] is False
    assert me.body["id"] == employer.user_id and me.body["first_name"] == "Ольга"
    assert me.body["employer"] == {
        "id": employer.employer_id,
        "name": "Рога и копыта",
        "manager_id": employer.manager_id,
    }
    assert me.body["manager"]["id"] == employer.manager_id
    assert me.body["manager"]["has_admin_rights"] is True


async def test_full_oauth_flow_for_an_applicant_via_consent(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    applicant = fake_hh.add_applicant_user(first_name="Иван")
    fake_hh.consent(applicant, allow=True)
    reply = await fake_hh_api.call(
        "GET",
        "/oauth/authorize",
        params={"response_type": "code", "client_id": "test-client", "state": "s2"},
    )
    assert reply.status == 302
    code = URL(reply.headers["Location"]).query["code"]
    tokens = await fake_hh_api.exchange(code)
    me = await fake_hh_api.call("GET", "/me", tokens.body["access_token"])
    assert me.body["auth_type"] == "applicant"
    assert me.body["is_applicant"] is True and me.body["is_employer"] is False
    assert me.body["employer"] is None and me.body["manager"] is None
    assert me.body["counters"]["unread_negotiations"] == 0
    assert me.body["negotiations_url"] == f"{fake_hh.base_url}/negotiations"
    assert me.body["resumes_url"].startswith(fake_hh.base_url)
    assert me.body["is_in_search"] is True


async def test_authorize_without_a_logged_in_user_shows_the_login_page(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    reply = await fake_hh_api.authorize(None)
    assert reply.status == 200
    assert "Location" not in reply.headers
    assert "<html" in reply.body
    user = fake_hh.add_employer_user()
    fake_hh.consent(user)
    forced = await fake_hh_api.call(
        "GET",
        "/oauth/authorize",
        params={"response_type": "code", "client_id": "test-client", "force_login": "true"},
    )
    assert forced.status == 200 and "Location" not in forced.headers


async def test_refused_consent_redirects_with_access_denied(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    user = fake_hh.add_employer_user()
    reply = await fake_hh_api.authorize(user.user_id, decision="deny")
    assert reply.status == 302
    query = URL(reply.headers["Location"]).query
    assert query["error"] == "access_denied" and query["state"] == "st-1"
    assert "code" not in query
    fake_hh.consent(user, allow=False)
    via_consent = await fake_hh_api.call(
        "GET", "/oauth/authorize", params={"response_type": "code", "client_id": "test-client"}
    )
    assert URL(via_consent.headers["Location"]).query["error"] == "access_denied"


@pytest.mark.parametrize(
    ("redirect_uri", "allowed"),
    [
        ("http://example.com/oauth", True),
        ("http://www.example.com/oauth", True),
        ("http://www.example.com/oauth/sub/path", True),
        ("http://example.com/oauth?lang=RU", True),
        ("http://www.example.com/oauth/sub/path?lang=RU", True),
        ("https://example.com/oauth", False),
        ("http://wwwexample.com/oauth", False),
        ("http://wwwexample.com/", False),
        ("http://example.com/oauths", False),
        ("http://example.com:80/oauths", False),
        ("http://example.com:80/oauth", False),
    ],
)
async def test_redirect_uri_rules(fake_hh: FakeHH, fake_hh_api: Api, redirect_uri: str, allowed: bool) -> None:
    fake_hh.redirect_uri = "http://example.com/oauth"
    user = fake_hh.add_employer_user()
    reply = await fake_hh_api.authorize(user.user_id, redirect_uri=redirect_uri)
    if allowed:
        assert reply.status == 302
        location = URL(reply.headers["Location"])
        assert str(location).startswith(redirect_uri.split("?")[0])
        assert "code" in location.query
        if "lang=RU" in redirect_uri:
            assert location.query["lang"] == "RU"
    else:
        assert reply.status == 400
        assert "Location" not in reply.headers


async def test_unknown_client_is_refused_at_authorize(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    user = fake_hh.add_employer_user()
    reply = await fake_hh_api.authorize(user.user_id, client_id="someone-else")
    assert reply.status == 400 and "Location" not in reply.headers


async def test_code_is_bound_to_the_redirect_uri_used_at_authorize(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    user = fake_hh.add_employer_user()
    sub_path = fake_hh.redirect_uri + "/employer"
    reply = await fake_hh_api.authorize(user.user_id, redirect_uri=sub_path)
    code = URL(reply.headers["Location"]).query["code"]
    assert_oauth_error(await fake_hh_api.exchange(code), "invalid_request", "bad redirect url")
    assert (await fake_hh_api.exchange(code, redirect_uri=sub_path)).status == 200


async def test_codes_are_single_use_expire_and_need_the_right_client(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    user = fake_hh.add_employer_user()
    first = URL((await fake_hh_api.authorize(user.user_id)).headers["Location"]).query["code"]
    assert (await fake_hh_api.exchange(first)).status == 200
    assert_oauth_error(await fake_hh_api.exchange(first), "invalid_grant", "code has already been used")
    second = URL((await fake_hh_api.authorize(user.user_id)).headers["Location"]).query["code"]
    fake_hh.advance(600)
    assert_oauth_error(await fake_hh_api.exchange(second), "invalid_grant", "code expired")
    assert_oauth_error(await fake_hh_api.exchange("NOSUCHCODE"), "invalid_request", "code not found")
    third = URL((await fake_hh_api.authorize(user.user_id)).headers["Location"]).query["code"]
    wrong_secret = await fake_hh_api.token(
        grant_type="authorization_code",
        client_id="test-client",
        client_secret="wrong",
        redirect_uri=fake_hh.redirect_uri,
        code=third,
    )
    assert_oauth_error(wrong_secret, "invalid_client", "client_id or client_secret not found")


async def test_token_endpoint_wants_complete_form_encoded_parameters(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    missing = await fake_hh_api.token(
        grant_type="authorization_code", client_id="test-client", client_secret="test-secret"
    )
    assert missing.status == 400 and missing.body["error"] == "invalid_request"
    as_json = await fake_hh_api.call("POST", "/token", json={"grant_type": "refresh_token", "refresh_token": "X"})
    assert as_json.status == 400 and as_json.body["error"] == "invalid_request"
    unsupported = await fake_hh_api.token(grant_type="password")
    assert_oauth_error(unsupported, "unsupported_grant_type", "unsupported grant_type")
    assert_oauth_error(await fake_hh_api.token(grant_type="refresh_token"), "invalid_request", "token is empty")
    assert_oauth_error(
        await fake_hh_api.token(grant_type="refresh_token", refresh_token="NOPE"),
        "invalid_grant",
        "bad token",
    )
    recorded = fake_hh.calls(path_prefix="/token")
    assert recorded[0].form["client_secret"] == "***"
    assert recorded[-1].form["refresh_token"] == "***"


async def test_refresh_only_after_expiry_and_only_once(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    user = fake_hh.add_employer_user()
    pair = await fake_hh_api.login(user.user_id)
    early = await fake_hh_api.token(grant_type="refresh_token", refresh_token=pair["refresh_token"])
    assert_oauth_error(early, "invalid_grant", "token not expired")
    fake_hh.advance(1209600)
    expired = await fake_hh_api.call("GET", "/me", pair["access_token"])
    assert_error(expired, 403, "oauth", "token_expired")
    assert expired.body["oauth_error"] == "token-expired"
    renewed = await fake_hh_api.token(grant_type="refresh_token", refresh_token=pair["refresh_token"])
    assert renewed.status == 200
    assert renewed.body["access_token"] not in (pair["access_token"], pair["refresh_token"])
    assert (await fake_hh_api.call("GET", "/me", renewed.body["access_token"])).status == 200
    old = await fake_hh_api.call("GET", "/me", pair["access_token"])
    assert_error(old, 403, "oauth", "bad_authorization")
    again = await fake_hh_api.token(grant_type="refresh_token", refresh_token=pair["refresh_token"])
    assert_oauth_error(again, "invalid_grant", "token has already been refreshed")
    infos = fake_hh.tokens_of(user)
    assert [info.refreshed for info in infos] == [True, False]


async def test_expire_tokens_makes_refresh_possible_at_once(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    user = fake_hh.add_applicant_user()
    pair = fake_hh.issue_tokens(user)
    fake_hh.expire_tokens(user.user_id)
    assert fake_hh.tokens_of(user)[0].expires_at == fake_hh.now()
    assert_error(await fake_hh_api.call("GET", "/me", pair.access_token), 403, "oauth", "token_expired")
    renewed = await fake_hh_api.token(grant_type="refresh_token", refresh_token=pair.refresh_token)
    assert renewed.status == 200


async def test_revoked_tokens(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    user = fake_hh.add_employer_user()
    pair = fake_hh.issue_tokens(user)
    fake_hh.revoke_tokens(user)
    reply = await fake_hh_api.call("GET", "/me", pair.access_token)
    assert_error(reply, 403, "oauth", "token_revoked")
    assert reply.body["oauth_error"] == "token-revoked"
    fake_hh.advance(1209600)
    refresh = await fake_hh_api.token(grant_type="refresh_token", refresh_token=pair.refresh_token)
    assert_oauth_error(refresh, "invalid_grant", "token was revoked")
    assert fake_hh.tokens_of(user)[0].revoked is True


async def test_deactivated_tokens(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    user = fake_hh.add_employer_user()
    pair = fake_hh.issue_tokens(user)
    fake_hh.deactivate_tokens(user)
    reply = await fake_hh_api.call("GET", "/me", pair.access_token)
    assert_error(reply, 403, "oauth", "bad_authorization")
    refresh = await fake_hh_api.token(grant_type="refresh_token", refresh_token=pair.refresh_token)
    assert_oauth_error(refresh, "invalid_grant", "token deactivated")


@pytest.mark.parametrize("path", ["/oauth/token", "/token"])
async def test_delete_token_invalidates_the_pair(fake_hh: FakeHH, fake_hh_api: Api, path: str) -> None:
    user = fake_hh.add_employer_user()
    pair = fake_hh.issue_tokens(user)
    assert (await fake_hh_api.call("DELETE", path, pair.access_token)).status == 204
    assert_error(await fake_hh_api.call("GET", "/me", pair.access_token), 403, "oauth", "bad_authorization")
    fake_hh.advance(1209600)
    refresh = await fake_hh_api.token(grant_type="refresh_token", refresh_token=pair.refresh_token)
    assert_oauth_error(refresh, "invalid_grant", "token was revoked")
    assert fake_hh.tokens_of(user)[0].invalidated is True
    expired = fake_hh.issue_tokens(user)
    fake_hh.advance(1209600)
    assert_error(await fake_hh_api.call("DELETE", path, expired.access_token), 403, "oauth", "token_expired")


async def test_a_new_authorization_leaves_earlier_tokens_working(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    user = fake_hh.add_employer_user()
    first = await fake_hh_api.login(user.user_id)
    second = await fake_hh_api.login(user.user_id)
    assert first["access_token"] != second["access_token"]
    for pair in (first, second):
        assert (await fake_hh_api.call("GET", "/me", pair["access_token"])).status == 200


# --- every request ------------------------------------------------------------------------


async def test_user_agent_is_required_and_hh_user_agent_wins(fake_hh: FakeHH, fake_hh_scene: Scene) -> None:
    url = f"{fake_hh.base_url}/me"
    auth = {"Authorization": f"Bearer {fake_hh_scene.employer_token}"}
    async with aiohttp.ClientSession() as plain:
        async with plain.get(url, headers=auth, skip_auto_headers=["User-Agent"]) as none:
            body = await none.json()
            assert none.status == 400
            assert body["errors"] == [{"type": "bad_user_agent", "value": "blacklisted"}]
            assert body["request_id"]
        async with plain.get(url, headers=auth) as library_default:
            assert library_default.status == 400
        async with plain.get(url, headers={**auth, "User-Agent": AGENT}) as good:
            assert good.status == 200
        both = {**auth, "User-Agent": AGENT, "HH-User-Agent": "Python/3.11 aiohttp/3.14.5"}
        async with plain.get(url, headers=both) as hh_header_wins:
            assert hh_header_wins.status == 400


async def test_authorization_problems_are_403(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    assert_error(await fake_hh_api.call("GET", "/me"), 403, "oauth", "user_auth_expected")
    assert_error(await fake_hh_api.call("GET", "/me", "garbage"), 403, "oauth", "bad_authorization")
    unknown = await fake_hh_api.call("GET", "/no/such/method", "garbage")
    assert_error(unknown, 404, "not_found")
    assert [(v.path, v.status) for v in fake_hh.take_spec_violations()] == [("/no/such/method", 404)]


# --- employer: vacancies, collections, negotiations --------------------------------------


async def test_active_vacancies_with_counters_and_has_updates(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    employer = fake_hh.add_employer_user(company="Рога и копыта")
    colleague = fake_hh.add_employer_user(employer=employer)
    token = fake_hh.issue_tokens(employer).access_token
    mine = fake_hh.add_vacancy(employer, name="Python-разработчик")
    theirs = fake_hh.add_vacancy(colleague, name="Тестировщик")
    archived = fake_hh.add_vacancy(employer, name="Старая")
    fake_hh.archive_vacancy(archived)
    first = fake_hh.add_response(mine, fake_hh.add_applicant_user())
    fake_hh.add_response(mine, fake_hh.add_applicant_user())
    path = f"/employers/{employer.employer_id}/vacancies/active"

    reply = await fake_hh_api.call("GET", path, token)
    assert reply.status == 200
    assert [v["id"] for v in reply.body["items"]] == [mine.vacancy_id]
    item = reply.body["items"][0]
    assert item["url"] == f"{fake_hh.base_url}/vacancies/{mine.vacancy_id}"
    assert item["alternate_url"] == f"https://hh.ru/vacancy/{mine.vacancy_id}"
    assert item["area"]["id"] == "1" and item["area"]["name"] == "Москва"
    assert item["employer"]["id"] == employer.employer_id
    assert item["manager"]["id"] == employer.manager_id
    assert item["archived"] is False and HH_DATE.match(item["published_at"])
    assert item["has_updates"] is True
    assert item["counters"]["responses"] == 2
    assert item["counters"]["unread_responses"] == 2

    await fake_hh_api.call("GET", f"/negotiations/{first.negotiation_id}/messages", token)
    item = (await fake_hh_api.call("GET", path, token)).body["items"][0]
    assert item["counters"]["unread_responses"] == 1
    assert item["has_updates"] is True
    everything = await fake_hh_api.call("GET", path, token, params={"all_accessible": "true"})
    assert {v["id"] for v in everything.body["items"]} == {mine.vacancy_id, theirs.vacancy_id}
    assert_error(
        await fake_hh_api.call("GET", path, token, params={"per_page": "51"}),
        400,
        "bad_argument",
        "per_page",
    )
    stranger = fake_hh.add_employer_user(company="Другая")
    assert_error(
        await fake_hh_api.call("GET", f"/employers/{stranger.employer_id}/vacancies/active", token),
        403,
        "forbidden",
    )


async def test_vacancy_has_updates_clears_when_all_responses_are_read(
    fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene
) -> None:
    path = f"/employers/{fake_hh_scene.employer.employer_id}/vacancies/active"
    token = fake_hh_scene.employer_token
    fake_hh.read_on_site(fake_hh_scene.negotiation, "employer")
    item = (await fake_hh_api.call("GET", path, token)).body["items"][0]
    assert item["has_updates"] is False and item["counters"]["unread_responses"] == 0
    fake_hh.add_message(fake_hh_scene.negotiation, "applicant", "Есть новости?")
    item = (await fake_hh_api.call("GET", path, token)).body["items"][0]
    assert item["has_updates"] is True


async def test_collections_with_counters(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    scene = fake_hh_scene
    second = fake_hh.add_response(scene.vacancy, fake_hh.add_applicant_user())
    fake_hh.employer_action(second, "invitation", message="Приходите")
    reply = await fake_hh_api.call(
        "GET", "/negotiations", scene.employer_token, params={"vacancy_id": scene.vacancy.vacancy_id}
    )
    assert reply.status == 200
    collections = {c["id"]: c for c in reply.body["collections"]}
    assert list(collections) == [
        "response",
        "consider",
        "phone_interview",
        "interview",
        "offer",
        "hired",
        "discard_by_employer",
    ]
    assert collections["response"]["name"] == "Неразобранные"
    assert collections["response"]["counters"] == {"with_updates": 1, "total": 1}
    assert collections["interview"]["counters"] == {"with_updates": 1, "total": 1}
    assert collections["offer"]["counters"] == {"with_updates": 0, "total": 0}
    assert collections["response"]["url"] == (
        f"{fake_hh.base_url}/negotiations/response?vacancy_id={scene.vacancy.vacancy_id}"
    )
    assert collections["response"]["order_types"][0]["id"] == "created_at"
    states = {s["id"]: s["name"] for s in reply.body["employer_states"]}
    assert states["response"] == "Отклик" and states["discard_by_employer"] == "Отказ"
    no_vacancy = await fake_hh_api.call("GET", "/negotiations", scene.employer_token)
    assert_error(no_vacancy, 400, "bad_argument", "vacancy_id")
    stranger = fake_hh.add_employer_user(company="Другая")
    foreign = await fake_hh_api.call(
        "GET",
        "/negotiations",
        fake_hh.issue_tokens(stranger).access_token,
        params={"vacancy_id": scene.vacancy.vacancy_id},
    )
    assert_error(foreign, 404, "not_found")


async def test_collection_page_items_carry_actions_and_resume(
    fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene
) -> None:
    scene = fake_hh_scene
    fake_hh.advance(60)
    newer = fake_hh.add_response(scene.vacancy, fake_hh.add_applicant_user(first_name="Пётр"))
    url = f"/negotiations/response?vacancy_id={scene.vacancy.vacancy_id}"
    reply = await fake_hh_api.call("GET", url, scene.employer_token)
    assert reply.status == 200
    assert reply.body["found"] == 2 and reply.body["pages"] == 1
    assert reply.body["ordered_by"]["id"] == "created_at"
    assert [i["id"] for i in reply.body["items"]] == [newer.negotiation_id, scene.nid]
    item = reply.body["items"][1]
    base = fake_hh.base_url
    assert item["url"] == f"{base}/negotiations/{scene.nid}"
    assert item["messages_url"] == f"{base}/negotiations/{scene.nid}/messages"
    assert item["state"] == {"id": "response", "name": "Отклик"}
    assert item["employer_state"] == {"id": "response", "name": "Отклик"}
    assert item["has_updates"] is True and item["viewed_by_opponent"] is True
    assert item["counters"] == {"messages": 1, "unread_messages": 1}
    assert HH_DATE.match(item["created_at"]) and HH_DATE.match(item["updated_at"])
    resume = item["resume"]
    assert resume["id"] == scene.applicant.resume_id
    assert resume["first_name"] == "Иван" and resume["last_name"] == "Петров"
    assert resume["age"] == 29 and resume["area"]["name"] == "Москва"
    assert resume["salary"] == {"amount": 250000, "currency": "RUR"}
    assert resume["total_experience"] == {"months": 62}
    assert resume["url"] == f"{base}/resumes/{scene.applicant.resume_id}?topic_id={scene.nid}"
    assert resume["alternate_url"] == (
        f"https://hh.ru/resume/{scene.applicant.resume_id}?vacancyId={scene.vacancy.vacancy_id}&t={scene.nid}"
    )
    actions = {a["id"]: a for a in item["actions"]}
    assert list(actions) == ["invitation", "phone_interview", "hold", "discard_by_employer"]
    invitation = actions["invitation"]
    assert invitation["method"] == "PUT" and invitation["enabled"] is True
    assert invitation["hidden"] is False and invitation["sub_actions"] == []
    assert invitation["url"] == f"{base}/negotiations/interview/{scene.nid}"
    assert invitation["resulting_employer_state"] == {"id": "interview", "name": "Собеседование"}
    assert invitation["arguments"][0] == {"id": "message", "required": True, "required_arguments": []}
    assert {"id": "message"} in invitation["arguments"][1]["required_arguments"]
    assert invitation["templates"][0]["url"] == (f"{base}/message_templates/invite_after_response?topic_id={scene.nid}")
    assert actions["hold"]["arguments"] == []
    assert actions["hold"]["resulting_employer_state"]["id"] == "consider"
    assert {t["id"] for t in item["templates"]} >= {"invite_after_response", "discard_after_response"}

    second_page = await fake_hh_api.call("GET", url, scene.employer_token, params={"per_page": "1", "page": "1"})
    assert second_page.body["pages"] == 2
    assert [i["id"] for i in second_page.body["items"]] == [scene.nid]
    too_many = await fake_hh_api.call("GET", url, scene.employer_token, params={"per_page": "51"})
    assert_error(too_many, 400, "bad_argument", "per_page")
    bad_order = await fake_hh_api.call("GET", url, scene.employer_token, params={"order_by": "x"})
    assert_error(bad_order, 400, "bad_argument", "order_by")
    empty = await fake_hh_api.call(
        "GET", f"/negotiations/offer?vacancy_id={scene.vacancy.vacancy_id}", scene.employer_token
    )
    assert empty.body["found"] == 0 and empty.body["pages"] == 1 and empty.body["items"] == []


async def test_one_negotiation_as_employer_and_as_applicant(
    fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene
) -> None:
    scene = fake_hh_scene
    employer_view = await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", scene.employer_token)
    assert employer_view.status == 200
    assert employer_view.body["messaging_status"] == "no_invitation"
    assert employer_view.body["vacancy"]["id"] == scene.vacancy.vacancy_id
    assert employer_view.body["vacancy"]["employer"]["id"] == scene.employer.employer_id
    assert employer_view.body["vacancy"]["alternate_url"].startswith("https://hh.ru/vacancy/")
    assert employer_view.body["actions"]
    applicant_view = await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", scene.applicant_token)
    assert applicant_view.status == 200
    body = applicant_view.body
    assert "actions" not in body and "employer_state" not in body
    assert body["state"]["id"] == "response" and body["hidden"] is False
    assert body["decline_allowed"] is True and body["viewed_by_opponent"] is False
    assert body["resume"]["id"] == scene.applicant.resume_id
    assert body["vacancy"]["employer"]["name"] == "Рога и копыта"
    assert body["counters"] == {"messages": 1, "unread_messages": 0}
    stranger = fake_hh.issue_tokens(fake_hh.add_applicant_user()).access_token
    assert_error(await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", stranger), 404, "not_found")


async def test_updated_at_follows_changes_with_second_resolution(
    fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene
) -> None:
    scene = fake_hh_scene
    path = f"/negotiations/{scene.nid}"
    before = (await fake_hh_api.call("GET", path, scene.employer_token)).body["updated_at"]
    fake_hh.advance(0.4)
    fake_hh.add_message(scene.negotiation, "applicant", "Ещё вопрос")
    same_second = (await fake_hh_api.call("GET", path, scene.employer_token)).body["updated_at"]
    assert same_second == before
    fake_hh.advance(61)
    fake_hh.employer_action(scene.negotiation, "hold")
    after = (await fake_hh_api.call("GET", path, scene.employer_token)).body["updated_at"]
    assert after > before and after.endswith("+0300")
    assert after == "2026-11-23T10:01:01+0300"


# --- messages -----------------------------------------------------------------------------


async def test_messages_oldest_first_across_pages_and_reading_clears_updates(
    fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene
) -> None:
    scene = fake_hh_scene
    fake_hh.employer_action(scene.negotiation, "invitation", message="Приглашаем")
    for number in range(3):
        fake_hh.advance(5)
        fake_hh.add_message(scene.negotiation, "applicant", f"Ответ {number}")
    path = f"/negotiations/{scene.nid}/messages"
    before = await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", scene.employer_token)
    assert before.body["has_updates"] is True
    assert before.body["counters"] == {"messages": 5, "unread_messages": 4}

    texts: list[str] = []
    ids: list[int] = []
    for page in range(3):
        reply = await fake_hh_api.call("GET", path, scene.employer_token, params={"page": str(page), "per_page": "2"})
        assert reply.body["found"] == 5 and reply.body["pages"] == 3
        texts += [m["text"] for m in reply.body["items"]]
        ids += [int(m["id"]) for m in reply.body["items"]]
        if page == 0:
            first = reply.body["items"][0]
            assert first["author"] == {"participant_type": "applicant"}
            assert first["state"] == {"id": "response", "name": "Отклик"}
            assert first["viewed_by_me"] is False and first["viewed_by_opponent"] is True
            assert first["address"] is None and first["editable"] is False
            assert HH_DATE.match(first["created_at"])
    assert texts == ["Здравствуйте!", "Приглашаем", "Ответ 0", "Ответ 1", "Ответ 2"]
    assert ids == sorted(ids)
    after = await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", scene.employer_token)
    assert after.body["has_updates"] is False
    assert after.body["counters"]["unread_messages"] == 0
    assert fake_hh.negotiation(scene.negotiation).has_updates_employer is False
    assert fake_hh.negotiation(scene.negotiation).has_updates_applicant is True

    invitation = (await fake_hh_api.call("GET", path, scene.applicant_token)).body["items"][1]
    assert invitation["state"]["id"] == "invitation" and invitation["viewed_by_me"] is False
    assert fake_hh.negotiation(scene.negotiation).has_updates_applicant is False
    employer_sees = (await fake_hh_api.call("GET", path, scene.employer_token)).body["items"][1]
    assert employer_sees["viewed_by_opponent"] is True
    too_many = await fake_hh_api.call("GET", path, scene.employer_token, params={"per_page": "51"})
    assert_error(too_many, 400, "bad_argument", "per_page")


async def test_posting_messages_enforces_hh_rules(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    scene = fake_hh_scene
    path = f"/negotiations/{scene.nid}/messages"
    for token in (scene.employer_token, scene.applicant_token):
        closed = await fake_hh_api.call("POST", path, token, data={"message": "Привет"})
        assert_error(closed, 403, "negotiations", "no_invitation")
    await invite(fake_hh_api, scene)
    blank = await fake_hh_api.call("POST", path, scene.employer_token, data={"message": "   "})
    assert_error(blank, 403, "negotiations", "empty_message")
    long_text = "я" * 2001
    too_long = await fake_hh_api.call("POST", path, scene.employer_token, data={"message": long_text})
    assert_error(too_long, 403, "negotiations", "too_long_message")
    as_json = await fake_hh_api.call("POST", path, scene.employer_token, json={"message": "x"})
    assert_error(as_json, 400, "bad_argument", "message")

    for number in range(4):
        sent = await fake_hh_api.call("POST", path, scene.employer_token, data={"message": f"Сообщение {number}"})
        assert sent.status == 201
        assert sent.body == "" and sent.headers["Content-Type"].startswith("text/html")
    sixth = await fake_hh_api.call("POST", path, scene.employer_token, data={"message": "Ещё"})
    assert_error(sixth, 403, "negotiations", "in_a_row_limit")

    reply = await fake_hh_api.call("POST", path, scene.applicant_token, data={"message": "Приду"})
    assert reply.status == 201
    assert reply.body["text"] == "Приду"
    assert reply.body["author"] == {"participant_type": "applicant"}
    assert reply.body["state"]["id"] == "text" and reply.body["viewed_by_opponent"] is False
    view = fake_hh.negotiation(scene.negotiation)
    assert view.has_updates_employer is True and view.messages[-1].text == "Приду"
    assert (await fake_hh_api.call("POST", path, scene.employer_token, data={"message": "Ок"})).status == 201

    fake_hh.set_overall_limit(scene.negotiation, len(view.messages) + 1)
    limited = await fake_hh_api.call("POST", path, scene.applicant_token, data={"message": "?"})
    assert_error(limited, 403, "negotiations", "overall_limit")
    fake_hh.set_overall_limit(scene.negotiation, None)
    fake_hh.set_messaging_status(scene.negotiation, "disabled_by_employer")
    disabled = await fake_hh_api.call("POST", path, scene.applicant_token, data={"message": "?"})
    assert_error(disabled, 403, "negotiations", "disabled_by_employer")
    fake_hh.set_messaging_status(scene.negotiation, None)
    fake_hh.archive_vacancy(scene.vacancy)
    archived = await fake_hh_api.call("POST", path, scene.applicant_token, data={"message": "?"})
    assert_error(archived, 403, "negotiations", "invalid_vacancy")
    shown = await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", scene.applicant_token)
    assert shown.body["messaging_status"] == "archived"


# --- employer actions ---------------------------------------------------------------------


async def test_action_that_is_not_offered_is_wrong_state(
    fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene
) -> None:
    scene = fake_hh_scene
    token = scene.employer_token
    offer = await fake_hh_api.call("PUT", f"/negotiations/offer/{scene.nid}", token)
    assert_error(offer, 403, "negotiations", "wrong_state")
    assert (await fake_hh_api.call("PUT", f"/negotiations/consider/{scene.nid}", token)).status == 204
    hold_again = await fake_hh_api.call("PUT", f"/negotiations/consider/{scene.nid}", token)
    assert_error(hold_again, 403, "negotiations", "wrong_state")
    fake_hh.set_action_enabled(scene.negotiation, "phone_interview", False)
    item = (await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", token)).body
    enabled = {a["id"]: a["enabled"] for a in item["actions"]}
    assert enabled["phone_interview"] is False and enabled["invitation"] is True
    disabled = await fake_hh_api.call("PUT", f"/negotiations/phone_interview/{scene.nid}", token)
    assert_error(disabled, 403, "negotiations", "wrong_state")
    unknown = await fake_hh_api.call("PUT", f"/negotiations/nonsense/{scene.nid}", token)
    assert_error(unknown, 404, "not_found")
    assert fake_hh.negotiation(scene.negotiation).collection == "consider"


async def test_action_arguments_are_checked(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    scene = fake_hh_scene
    url = f"/negotiations/interview/{scene.nid}"
    token = scene.employer_token
    missing = await fake_hh_api.call("PUT", url, token)
    assert_error(missing, 400, "bad_argument", "message")
    sms_alone = await fake_hh_api.call("PUT", url, token, data={"send_sms": "true"})
    assert_error(sms_alone, 400, "bad_argument", "message")
    blank = await fake_hh_api.call("PUT", url, token, data={"message": " \n "})
    assert_error(blank, 403, "negotiations", "empty_message")
    too_long = await fake_hh_api.call("PUT", url, token, data={"message": "a" * 2001})
    assert_error(too_long, 403, "negotiations", "too_long_message")
    as_json = await fake_hh_api.call("PUT", url, token, json={"message": "Привет"})
    assert_error(as_json, 400, "bad_argument")
    no_address = await fake_hh_api.call("PUT", url, token, data={"message": "Ждём", "address_id": "1"})
    assert_error(no_address, 403, "negotiations", "address_not_found")
    assert fake_hh.negotiation(scene.negotiation).collection == "response"

    address = fake_hh.add_address(scene.employer)
    done = await fake_hh_api.call(
        "PUT", url, token, data={"message": "Ждём", "address_id": address, "send_sms": "true"}
    )
    assert done.status == 204
    view = fake_hh.negotiation(scene.negotiation)
    assert (view.collection, view.employer_state, view.state) == ("interview", "interview", "invitation")
    assert view.messages[-1].author == "employer" and view.messages[-1].text == "Ждём"
    assert view.messages[-1].state == "invitation"
    assert view.has_updates_applicant is True
    assert view.messaging_status == "ok"


async def test_hold_takes_no_arguments(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    scene = fake_hh_scene
    url = f"/negotiations/consider/{scene.nid}"
    with_message = await fake_hh_api.call("PUT", url, scene.employer_token, data={"message": "Хм"})
    assert_error(with_message, 400, "bad_argument", "message")
    assert (await fake_hh_api.call("PUT", url, scene.employer_token)).status == 204
    view = fake_hh.negotiation(scene.negotiation)
    assert (view.collection, view.employer_state, view.state) == ("consider", "consider", "response")
    assert len(view.messages) == 1
    assert view.has_updates_applicant is True


async def test_discard_without_message_and_the_hidden_restore_action(
    fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene
) -> None:
    scene = fake_hh_scene
    token = scene.employer_token
    discard = await fake_hh_api.call("PUT", f"/negotiations/discard_by_employer/{scene.nid}", token)
    assert discard.status == 204
    view = fake_hh.negotiation(scene.negotiation)
    assert view.state == "discard" and view.collection == "discard_by_employer"
    assert view.messages[-1].text is None and view.messages[-1].state == "discard"
    item = (await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", token)).body
    assert [(a["id"], a["hidden"]) for a in item["actions"]] == [("restore", True)]
    restore = await fake_hh_api.call("PUT", f"/negotiations/response/{scene.nid}", token)
    assert_error(restore, 403, "negotiations", "wrong_state")
    messages = await fake_hh_api.call("GET", f"/negotiations/{scene.nid}/messages", scene.applicant_token)
    assert messages.body["items"][-1]["text"] is None
    assert messages.body["items"][-1]["state"] == {"id": "discard", "name": "Отказ"}


async def test_a_custom_action_id_from_the_vacancy_workflow(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    employer = fake_hh.add_employer_user()
    workflow = default_workflow().with_action(
        "response",
        {
            "id": "assessment",
            "name": "Отправить тест",
            "collection": "assessment",
            "arguments": [{"id": "message", "required": False}],
            "templates": [{"id": "assessment_owner_tool", "name": "Тест"}],
        },
        stage_name="Тестирование",
    )
    vacancy = fake_hh.add_vacancy(employer, workflow=workflow)
    negotiation = fake_hh.add_response(vacancy, fake_hh.add_applicant_user())
    token = fake_hh.issue_tokens(employer).access_token
    item = (await fake_hh_api.call("GET", f"/negotiations/{negotiation.negotiation_id}", token)).body
    action = next(a for a in item["actions"] if a["id"] == "assessment")
    assert action["name"] == "Отправить тест"
    assert action["resulting_employer_state"] == {"id": "assessment", "name": "Тестирование"}
    assert (await fake_hh_api.call("PUT", action["url"], token, data={"message": "Тест"})).status == 204
    assert fake_hh.negotiation(negotiation).collection == "assessment"
    collections = await fake_hh_api.call("GET", "/negotiations", token, params={"vacancy_id": vacancy.vacancy_id})
    assessment = next(c for c in collections.body["collections"] if c["id"] == "assessment")
    assert assessment["counters"]["total"] == 1
    template = await fake_hh_api.call("GET", action["templates"][0]["url"], token)
    assert template.status == 200


async def test_actions_refused_by_hh(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    scene = fake_hh_scene
    token = scene.employer_token
    url = f"/negotiations/interview/{scene.nid}"
    fake_hh.set_paid_services(scene.employer, False)
    unpaid = await fake_hh_api.call("PUT", url, token, data={"message": "Ждём"})
    assert_error(unpaid, 403, "negotiations", "not_enough_purchased_services")
    fake_hh.set_paid_services(scene.employer, True)
    fake_hh.limit_invitations(scene.employer, 0)
    limited = await fake_hh_api.call("PUT", url, token, data={"message": "Ждём"})
    assert_error(limited, 403, "negotiations", "limit_exceeded")
    hold = await fake_hh_api.call("PUT", f"/negotiations/consider/{scene.nid}", token)
    assert hold.status == 204
    fake_hh.hide_resume(scene.applicant)
    hidden = await fake_hh_api.call("PUT", f"/negotiations/discard_by_employer/{scene.nid}", token)
    assert_error(hidden, 403, "negotiations", "resume_not_found")
    item = (await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", token)).body
    assert item["resume"] is None and item["messaging_status"] == "resume_deleted"
    other = fake_hh.add_response(scene.vacancy, fake_hh.add_applicant_user())
    fake_hh.archive_vacancy(scene.vacancy)
    archived = await fake_hh_api.call("PUT", f"/negotiations/consider/{other.negotiation_id}", token)
    assert_error(archived, 403, "negotiations", "invalid_vacancy")
    with pytest.raises(FakeHHError) as refused:
        fake_hh.employer_action(other, "hold")
    assert refused.value.value == "invalid_vacancy"


async def test_message_templates(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    scene = fake_hh_scene
    url = f"/message_templates/invite_after_response?topic_id={scene.nid}"
    reply = await fake_hh_api.call("GET", url, scene.employer_token)
    assert reply.status == 200
    assert reply.body["mail"]["text"].startswith("Здравствуйте, Иван!")
    assert reply.body["sms"]["text"]
    again = await fake_hh_api.call("GET", url, scene.employer_token)
    assert again.body == reply.body
    unknown = await fake_hh_api.call(
        "GET", f"/message_templates/no_such_template?topic_id={scene.nid}", scene.employer_token
    )
    assert_error(unknown, 404, "not_found")
    no_topic = await fake_hh_api.call("GET", "/message_templates/invite", scene.employer_token)
    assert_error(no_topic, 400, "bad_argument", "topic_id")
    unpaid_employer = fake_hh.add_employer_user(company="Без доступа", paid_api=False)
    unpaid = await fake_hh_api.call("GET", url, fake_hh.issue_tokens(unpaid_employer).access_token)
    assert unpaid.status == 403
    assert unpaid.body["errors"] == [{"type": "forbidden"}]


async def test_viewing_the_resume_or_marking_read_makes_a_response_seen(
    fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene
) -> None:
    scene = fake_hh_scene
    item = (await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", scene.employer_token)).body
    without_topic = await fake_hh_api.call("GET", f"/resumes/{scene.applicant.resume_id}", scene.employer_token)
    assert without_topic.status == 200 and without_topic.body["first_name"] == "Иван"
    assert fake_hh.negotiation(scene.negotiation).has_updates_employer is True
    assert (await fake_hh_api.call("GET", item["resume"]["url"], scene.employer_token)).status == 200
    assert fake_hh.negotiation(scene.negotiation).has_updates_employer is False
    second = fake_hh.add_response(scene.vacancy, fake_hh.add_applicant_user())
    read = await fake_hh_api.call(
        "POST", "/negotiations/read", scene.employer_token, data={"topic_id": second.negotiation_id}
    )
    assert read.status == 204
    vacancies = await fake_hh_api.call(
        "GET", f"/employers/{scene.employer.employer_id}/vacancies/active", scene.employer_token
    )
    assert vacancies.body["items"][0]["has_updates"] is False
    assert vacancies.body["items"][0]["counters"]["unread_responses"] == 0
    stranger = fake_hh.issue_tokens(fake_hh.add_employer_user(company="Другая")).access_token
    foreign = await fake_hh_api.call("GET", f"/resumes/{scene.applicant.resume_id}", stranger)
    assert foreign.status == 403


# --- applicant side -----------------------------------------------------------------------


async def test_applicant_list_ordering_and_has_updates_filter(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    applicant = fake_hh.add_applicant_user()
    employer = fake_hh.add_employer_user(company="Ромашка")
    token = fake_hh.issue_tokens(applicant).access_token
    negotiations = []
    for name in ("Первая", "Вторая", "Третья"):
        fake_hh.advance(10)
        vacancy = fake_hh.add_vacancy(employer, name=name)
        negotiations.append(fake_hh.add_response(vacancy, applicant))
    first, second, third = (n.negotiation_id for n in negotiations)
    fake_hh.advance(10)
    fake_hh.employer_action(negotiations[0], "invitation", message="Ждём вас")

    default = await fake_hh_api.call("GET", "/negotiations", token)
    assert default.status == 200
    assert [i["id"] for i in default.body["items"]] == [first, third, second]
    item = default.body["items"][0]
    assert item["has_updates"] is True and item["state"]["id"] == "invitation"
    assert item["messaging_status"] == "ok" and item["decline_allowed"] is True
    assert item["counters"] == {"messages": 2, "unread_messages": 1}
    assert item["vacancy"]["name"] == "Первая"
    assert item["vacancy"]["employer"]["name"] == "Ромашка"
    created_asc = await fake_hh_api.call(
        "GET", "/negotiations", token, params={"order_by": "created_at", "order": "asc"}
    )
    assert [i["id"] for i in created_asc.body["items"]] == [first, second, third]
    updated = await fake_hh_api.call("GET", "/negotiations", token, params={"has_updates": "true"})
    assert [i["id"] for i in updated.body["items"]] == [first]
    await fake_hh_api.call("GET", f"/negotiations/{first}/messages", token)
    updated = await fake_hh_api.call("GET", "/negotiations", token, params={"has_updates": "true"})
    assert updated.body["items"] == [] and updated.body["pages"] == 1
    paged = await fake_hh_api.call("GET", "/negotiations", token, params={"per_page": "100"})
    assert paged.status == 200 and paged.body["per_page"] == 100
    too_many = await fake_hh_api.call("GET", "/negotiations", token, params={"per_page": "101"})
    assert_error(too_many, 400, "bad_argument", "per_page")
    bad_order = await fake_hh_api.call("GET", "/negotiations", token, params={"order": "up"})
    assert_error(bad_order, 400, "bad_argument", "order")


async def test_hiding_and_declining_a_negotiation(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    scene = fake_hh_scene
    fake_hh.read_on_site(scene.negotiation, "employer")
    declined = await fake_hh_api.call(
        "DELETE",
        f"/negotiations/active/{scene.nid}",
        scene.applicant_token,
        params={"with_decline_message": "true"},
    )
    assert declined.status == 204
    view = fake_hh.negotiation(scene.negotiation)
    assert view.hidden is True and view.state == "discard"
    assert view.has_updates_employer is True
    assert view.messages[-1].author == "applicant" and view.messages[-1].state == "discard"
    active = await fake_hh_api.call("GET", "/negotiations", scene.applicant_token, params={"status": "active"})
    assert active.body["items"] == []

    second = fake_hh.add_response(fake_hh.add_vacancy(scene.employer), scene.applicant)
    fake_hh.employer_action(second, "discard_by_employer")
    refused = await fake_hh_api.call(
        "DELETE",
        f"/negotiations/active/{second.negotiation_id}",
        scene.applicant_token,
        params={"with_decline_message": "true"},
    )
    assert_error(refused, 403, "negotiations", "wrong_state")
    hidden = await fake_hh_api.call("DELETE", f"/negotiations/active/{second.negotiation_id}", scene.applicant_token)
    assert hidden.status == 204
    shown = await fake_hh_api.call("GET", f"/negotiations/{second.negotiation_id}", scene.applicant_token)
    assert shown.body["hidden"] is True and shown.body["decline_allowed"] is False


async def test_applicant_methods_denied_to_the_application(
    fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene
) -> None:
    scene = fake_hh_scene
    fake_hh.deny_applicant_api(True)
    token = scene.applicant_token
    calls = [
        ("GET", "/negotiations", {}),
        ("GET", f"/negotiations/{scene.nid}", {}),
        ("GET", f"/negotiations/{scene.nid}/messages", {}),
        ("POST", f"/negotiations/{scene.nid}/messages", {"data": {"message": "Привет"}}),
        ("DELETE", f"/negotiations/active/{scene.nid}", {}),
    ]
    for method, path, extra in calls:
        reply = await fake_hh_api.call(method, path, token, **extra)
        assert_error(reply, 403, "forbidden", "no_scope")
        assert reply.body["description"] == "Applicant methods are not available to this application"
    assert (await fake_hh_api.call("GET", "/me", token)).status == 200
    employer_side = await fake_hh_api.call("GET", f"/negotiations/{scene.nid}", scene.employer_token)
    assert employer_side.status == 200
    assert fake_hh.negotiation(scene.negotiation).hidden is False


async def test_captcha_until_solved(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    scene = fake_hh_scene
    fake_hh.require_captcha(scene.employer)
    reply = await fake_hh_api.call("GET", "/me", scene.employer_token)
    assert_error(reply, 403, "captcha_required", "captcha_required")
    error = reply.body["errors"][0]
    assert error["captcha_url"].startswith("https://hh.ru/account/captcha?state=")
    assert error["fallback_url"].startswith("https://hh.ru/")
    assert (await fake_hh_api.call("GET", "/me", scene.applicant_token)).status == 200
    fake_hh.solve_captcha(scene.employer)
    assert (await fake_hh_api.call("GET", "/me", scene.employer_token)).status == 200


# --- faults, latency, rate limit ----------------------------------------------------------


async def test_injected_status_faults(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    token = fake_hh_scene.employer_token
    fake_hh.inject(Fault(status=503, count=2, path_prefix="/negotiations"))
    assert (await fake_hh_api.call("GET", "/me", token)).status == 200
    for _ in range(2):
        failed = await fake_hh_api.call("GET", f"/negotiations/{fake_hh_scene.nid}", token)
        assert_error(failed, 503, "service_unavailable")
    assert (await fake_hh_api.call("GET", f"/negotiations/{fake_hh_scene.nid}", token)).status == 200
    fake_hh.inject(Fault(status=429, method="POST", retry_after=3))
    assert (await fake_hh_api.call("GET", "/me", token)).status == 200
    throttled = await fake_hh_api.call("POST", "/negotiations/read", token, data={"topic_id": fake_hh_scene.nid})
    assert_error(throttled, 429, "too_many_requests")
    assert throttled.headers["Retry-After"] == "3"
    assert fake_hh.stats.too_many_requests == 1
    fake_hh.inject(Fault(status=500))
    assert_error(await fake_hh_api.call("GET", "/me", token), 500, "internal_error")


async def test_a_fault_for_one_user_leaves_the_others_and_tokenless_calls_alone(
        fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    """Issue 23: the demo's trouble belongs to one persona."""
    employer, applicant = fake_hh_scene.employer_token, fake_hh_scene.applicant_token
    fake_hh.inject(Fault(status=429, count=1000, user_id=fake_hh_scene.employer.user_id))
    fake_hh.inject(Fault(status=503, count=1000, user_id=fake_hh_scene.applicant.user_id))
    assert_error(await fake_hh_api.call("GET", "/me", employer), 429, "too_many_requests")
    assert (await fake_hh_api.call("GET", "/me", None)).status == 403  # hh.ru's own answer: no token
    fake_hh.clear_faults(fake_hh_scene.employer)
    assert (await fake_hh_api.call("GET", "/me", employer)).status == 200
    assert_error(await fake_hh_api.call("GET", "/me", applicant), 503, "service_unavailable")


async def test_injected_disconnect(fake_hh: FakeHH, fake_hh_scene: Scene) -> None:
    # aiohttp retries an idempotent request once after a dropped connection: drop both tries.
    fake_hh.inject(Fault(kind="disconnect", count=2, method="GET"))
    fake_hh.inject(Fault(kind="disconnect", count=1, method="POST"))
    headers = {"HH-User-Agent": AGENT, "Authorization": f"Bearer {fake_hh_scene.employer_token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        with pytest.raises(aiohttp.ServerDisconnectedError):
            async with session.get(f"{fake_hh.base_url}/me"):
                pass
        with pytest.raises(aiohttp.ServerDisconnectedError):
            data = {"topic_id": fake_hh_scene.nid}
            async with session.post(f"{fake_hh.base_url}/negotiations/read", data=data):
                pass
        async with session.get(f"{fake_hh.base_url}/me") as after:
            assert after.status == 200
    assert [r.status for r in fake_hh.requests] == [0, 0, 0, 200]
    assert fake_hh.stats.disconnects == 3
    assert fake_hh.negotiation(fake_hh_scene.negotiation).has_updates_employer is True


async def test_latency_is_added_to_answers(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    fake_hh.latency = 0.05
    started = time.monotonic()
    reply = await fake_hh_api.call("GET", "/me")
    assert time.monotonic() - started >= 0.05
    assert_error(reply, 403, "oauth", "user_auth_expected")


async def test_rate_limit_answers_429_above_the_limit(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    fake_hh.rate_limit_per_second = 3
    statuses = [(await fake_hh_api.call("GET", "/me")).status for _ in range(5)]
    assert statuses[:3] == [403, 403, 403]
    assert statuses[3:] == [429, 429]
    assert fake_hh.stats.too_many_requests == 2


# --- observation and controls -------------------------------------------------------------


async def test_requests_are_recorded_and_filterable(fake_hh: FakeHH, fake_hh_api: Api, fake_hh_scene: Scene) -> None:
    scene = fake_hh_scene
    await fake_hh_api.call("GET", "/me", scene.employer_token, params={"locale": "RU"})
    await fake_hh_api.call("GET", "/me", scene.applicant_token)
    await invite(fake_hh_api, scene, "Ждём")
    await fake_hh_api.call("GET", "/_fake/stats")
    employer_calls = fake_hh.calls(user_id=scene.employer.user_id)
    assert [(r.method, r.path, r.status) for r in employer_calls] == [
        ("GET", "/me", 200),
        ("PUT", f"/negotiations/interview/{scene.nid}", 204),
    ]
    assert employer_calls[0].query == {"locale": "RU"}
    assert employer_calls[0].user_agent == AGENT
    assert employer_calls[1].form == {"message": "Ждём"}
    assert employer_calls[1].at == fake_hh.now()
    assert len(fake_hh.calls(method="get", path_prefix="/me")) == 2
    assert all(not r.path.startswith("/_fake") for r in fake_hh.requests)
    fake_hh.clear_requests()
    assert fake_hh.requests == []


async def test_http_controls_mirror_the_python_api(fake_hh: FakeHH, fake_hh_api: Api) -> None:
    async def control(control_name: str, **args: Any) -> Any:
        reply = await fake_hh_api.call("POST", f"/_fake/{control_name}", json=args)
        assert reply.status == 200, reply.body
        return reply.body

    employer = await control("add_employer_user", first_name="Анна", company="ООО Тест")
    applicant = await control("add_applicant_user", first_name="Олег", salary=[100000, "RUR"])
    vacancy = await control("add_vacancy", user_id=employer["user_id"], name="Аналитик")
    negotiation = await control(
        "add_response",
        vacancy_id=vacancy["vacancy_id"],
        user_id=applicant["user_id"],
        cover_letter=None,
    )
    nid = negotiation["negotiation_id"]
    message = await control("add_message", negotiation_id=nid, author="applicant", text="Жду")
    assert message["message_id"].isdigit()
    refused = await fake_hh_api.call(
        "POST", "/_fake/employer_action", json={"negotiation_id": nid, "action_id": "offer"}
    )
    assert_error(refused, 403, "negotiations", "wrong_state")
    await control("employer_action", negotiation_id=nid, action_id="invitation", message="Ждём")
    tokens = await control("issue_tokens", user_id=employer["user_id"])
    me = await fake_hh_api.call("GET", "/me", tokens["access_token"])
    assert me.body["employer"]["name"] == "ООО Тест"

    view = (await fake_hh_api.call("GET", "/_fake/negotiation", params={"negotiation_id": nid})).body
    assert view["state"] == "invitation" and view["collection"] == "interview"
    assert [m["text"] for m in view["messages"]] == [None, "Жду", "Ждём"]
    await control("inject", status=502, count=1, path_prefix="/me")
    assert (await fake_hh_api.call("GET", "/me", tokens["access_token"])).status == 502
    await control("advance", seconds=1209600)
    expired = await fake_hh_api.call("GET", "/me", tokens["access_token"])
    assert_error(expired, 403, "oauth", "token_expired")
    recorded = await fake_hh_api.call("GET", "/_fake/requests", params={"path_prefix": "/me"})
    assert [r["status"] for r in recorded.body] == [200, 502, 403]
    stats = (await fake_hh_api.call("GET", "/_fake/stats")).body
    assert stats["faults_served"] == 1
    token_infos = await fake_hh_api.call("GET", "/_fake/tokens_of", params={"user_id": employer["user_id"]})
    assert token_infos.body[0]["access_token"] == tokens["access_token"]
    bad = await fake_hh_api.call("POST", "/_fake/add_vacancy", json={"user_id": "nobody"})
    assert bad.status == 400 and "nobody" in bad.body["error"]
    custom = await control(
        "add_vacancy",
        user_id=employer["user_id"],
        workflow={"extra_actions": {"response": [{"id": "video", "name": "Видеоинтервью"}]}},
    )
    other = await control("add_response", vacancy_id=custom["vacancy_id"], resume_id=applicant["resume_id"])
    assert fake_hh.negotiation(other["negotiation_id"]).collection == "response"
    await control("employer_action", negotiation_id=other["negotiation_id"], action_id="video")
    assert fake_hh.negotiation(other["negotiation_id"]).collection == "video"


async def test_injected_clock_drives_dates() -> None:
    moments = [1_800_000_000.0]
    hh = FakeHH(clock=lambda: moments[0])
    await hh.start()
    try:
        employer = hh.add_employer_user()
        hh.add_vacancy(employer)
        moments[0] += 3600
        hh.advance(60)
        assert hh.now() == 1_800_003_660.0
        async with aiohttp.ClientSession(headers={"HH-User-Agent": AGENT}) as session:
            url = f"{hh.base_url}/employers/{employer.employer_id}/vacancies/active"
            headers = {"Authorization": f"Bearer {hh.issue_tokens(employer).access_token}"}
            async with session.get(url, headers=headers) as reply:
                item = (await reply.json())["items"][0]
        assert item["created_at"] == "2027-01-15T11:00:00+0300"
    finally:
        await hh.close()
