"""The fake hh.ru's work accounts: `/manager_accounts/mine` and `X-Manager-Account-Id`, over real HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.testing.fake_hh import EmployerUser, FakeHH, ManagerAccount

HEADER = "X-Manager-Account-Id"


@dataclass
class Team:
    """Ольга: primary account at «Альфа», a second one at «Бета»; each company has a vacancy with a response."""

    olga: EmployerUser
    alpha: ManagerAccount
    beta: ManagerAccount
    alpha_vacancy: str
    beta_vacancy: str
    alpha_negotiation: str
    beta_negotiation: str
    token: str


@dataclass
class Caller:
    hh: FakeHH
    session: aiohttp.ClientSession

    async def __call__(
        self, method: str, path: str, token: str, account: str | None = None, **kwargs: Any
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"}
        if account is not None:
            headers[HEADER] = account
        async with self.session.request(method, self.hh.base_url + path, headers=headers, **kwargs) as response:
            body = await response.json() if response.content_type == "application/json" else await response.text()
            return response.status, body


@pytest.fixture
def call(fake_hh: FakeHH, fake_hh_session: aiohttp.ClientSession) -> Caller:
    return Caller(fake_hh, fake_hh_session)


@pytest.fixture
def team(fake_hh: FakeHH) -> Team:
    olga = fake_hh.add_employer_user("Ольга", company="Альфа", extra_companies=["Бета"])
    alpha, beta = olga.accounts
    applicant = fake_hh.add_applicant_user()
    alpha_vacancy = fake_hh.add_vacancy(olga, "Аналитик")
    beta_vacancy = fake_hh.add_vacancy(beta, "Python-разработчик")
    return Team(
        olga=olga,
        alpha=alpha,
        beta=beta,
        alpha_vacancy=alpha_vacancy.vacancy_id,
        beta_vacancy=beta_vacancy.vacancy_id,
        alpha_negotiation=fake_hh.add_response(alpha_vacancy, applicant).negotiation_id,
        beta_negotiation=fake_hh.add_response(beta_vacancy, applicant).negotiation_id,
        token=fake_hh.issue_tokens(olga).access_token,
    )


def account_json(account: ManagerAccount) -> dict[str, Any]:
    return {"id": account.account_id, "employer": {"id": account.employer_id, "name": account.company}}


def forbidden(error_type: str, value: str, **fields: Any) -> dict[str, Any]:
    return {"errors": [{"type": error_type, "value": value, **fields}], "description": "Forbidden"}


def without_request_id(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != "request_id"}


async def test_the_handle_lists_the_accounts_and_me_shows_there_are_several(
    fake_hh: FakeHH, call: Caller, team: Team
) -> None:
    assert (team.alpha.primary, team.beta.primary) == (True, False)
    assert (team.alpha.company, team.beta.company) == ("Альфа", "Бета")
    assert (team.olga.account_id, team.olga.employer_id, team.olga.manager_id) == (
        team.alpha.account_id,
        team.alpha.employer_id,
        team.alpha.manager_id,
    )
    assert team.beta.employer_id != team.alpha.employer_id and team.beta.manager_id != team.alpha.manager_id
    status, me = await call("GET", "/me", team.token)
    assert status == 200
    assert me["employer"] == {"id": team.alpha.employer_id, "name": "Альфа", "manager_id": team.alpha.manager_id}
    assert (me["manager"]["id"], me["manager"]["has_multiple_manager_accounts"]) == (team.alpha.manager_id, True)
    status, as_beta = await call("GET", "/me", team.token, team.beta.account_id)
    assert as_beta["employer"] == {"id": team.beta.employer_id, "name": "Бета", "manager_id": team.beta.manager_id}
    single = fake_hh.add_employer_user("Пётр", company="Гамма")
    status, alone = await call("GET", "/me", fake_hh.issue_tokens(single).access_token)
    assert (status, alone["manager"]["has_multiple_manager_accounts"]) == (200, False)
    assert [a.company for a in single.accounts] == ["Гамма"]


@pytest.mark.parametrize("header", [None, "alpha", "beta"])
async def test_manager_accounts_mine(call: Caller, team: Team, header: str | None) -> None:
    account = {None: None, "alpha": team.alpha.account_id, "beta": team.beta.account_id}[header]
    status, body = await call("GET", "/manager_accounts/mine", team.token, account)
    assert (status, body) == (
        200,
        {
            "items": [account_json(team.alpha), account_json(team.beta)],
            "current_account_id": account or team.alpha.account_id,
            "primary_account_id": team.alpha.account_id,
            "is_primary_account_blocked": False,
        },
    )


async def test_an_applicant_has_no_work_accounts(fake_hh: FakeHH, call: Caller) -> None:
    applicant = fake_hh.add_applicant_user()
    status, body = await call("GET", "/manager_accounts/mine", fake_hh.issue_tokens(applicant).access_token)
    assert (status, body["errors"]) == (403, [{"type": "forbidden"}])
    with pytest.raises(LookupError):
        fake_hh.add_manager_account(applicant.user_id, "Дельта")


async def test_the_header_picks_whose_vacancies_and_negotiations_the_calls_see(call: Caller, team: Team) -> None:
    alpha, beta = team.alpha, team.beta
    vacancies = f"/employers/{alpha.employer_id}/vacancies/active"
    status, body = await call("GET", vacancies, team.token)
    assert (status, [v["id"] for v in body["items"]]) == (200, [team.alpha_vacancy])
    status, body = await call("GET", f"/employers/{beta.employer_id}/vacancies/active", team.token, beta.account_id)
    assert (status, [v["id"] for v in body["items"]]) == (200, [team.beta_vacancy])
    assert body["items"][0]["manager"]["id"] == beta.manager_id
    assert (await call("GET", f"/employers/{beta.employer_id}/vacancies/active", team.token))[0] == 403
    assert (await call("GET", vacancies, team.token, beta.account_id))[0] == 403

    assert (await call("GET", f"/negotiations/{team.beta_negotiation}", team.token))[0] == 404
    status, negotiation = await call("GET", f"/negotiations/{team.beta_negotiation}", team.token, beta.account_id)
    assert (status, negotiation["vacancy"]["id"]) == (200, team.beta_vacancy)
    assert (await call("GET", f"/negotiations/{team.alpha_negotiation}", team.token, beta.account_id))[0] == 404
    status, collections = await call(
        "GET", f"/negotiations?vacancy_id={team.beta_vacancy}", team.token, beta.account_id
    )
    assert status == 200 and collections["collections"]
    assert (await call("GET", f"/negotiations?vacancy_id={team.beta_vacancy}", team.token))[0] == 404
    status, messages = await call("GET", f"/negotiations/{team.beta_negotiation}/messages", team.token, beta.account_id)
    assert (status, messages["found"]) == (200, 1)
    assert (await call("GET", f"/negotiations/{team.beta_negotiation}/messages", team.token, alpha.account_id))[
        0
    ] == 404


async def test_every_request_records_the_account_it_named(fake_hh: FakeHH, call: Caller, team: Team) -> None:
    await call("GET", "/me", team.token)
    await call("GET", "/me", team.token, team.beta.account_id)
    await call("GET", "/me", team.token, "nonsense")
    assert [(r.path, r.status, r.manager_account_id) for r in fake_hh.calls(team.olga.user_id)] == [
        ("/me", 200, None),
        ("/me", 200, team.beta.account_id),
        ("/me", 403, "nonsense"),
    ]


@pytest.mark.parametrize("header", ["99999999", "", "nonsense", "someone else's"])
async def test_a_header_naming_none_of_the_users_accounts_is_not_found(
    fake_hh: FakeHH, call: Caller, team: Team, header: str
) -> None:
    other = fake_hh.add_employer_user("Пётр", company="Гамма")
    account = other.account_id if header == "someone else's" else header
    for path in ("/me", f"/employers/{team.alpha.employer_id}/vacancies/active", "/manager_accounts/mine"):
        status, body = await call("GET", path, team.token, account)
        assert (status, without_request_id(body)) == (
            403,
            forbidden("manager_extra_accounts", "manager_extra_account_not_found"),
        ), path


async def test_a_revoked_account_is_forbidden_with_the_allowed_ones(fake_hh: FakeHH, call: Caller, team: Team) -> None:
    fake_hh.revoke_manager_account(team.beta)
    refused = forbidden(
        "manager_accounts", "used_manager_account_forbidden", allowed_accounts=[account_json(team.alpha)]
    )
    path = f"/negotiations/{team.beta_negotiation}"
    for method, target in (("GET", path), ("GET", "/me"), ("PUT", f"/negotiations/consider/{team.beta_negotiation}")):
        status, body = await call(method, target, team.token, team.beta.account_id)
        assert (status, without_request_id(body)) == (403, refused), target
    status, mine = await call("GET", "/manager_accounts/mine", team.token)
    assert (status, mine["items"]) == (200, [account_json(team.alpha)])
    assert [a.blocked for a in fake_hh.manager_accounts(team.olga)] == [False, True]
    status, me = await call("GET", "/me", team.token)
    assert (status, me["manager"]["has_multiple_manager_accounts"]) == (200, True)
    fake_hh.restore_manager_account(team.beta.account_id)
    assert (await call("GET", path, team.token, team.beta.account_id))[0] == 200


async def test_a_blocked_primary_account_refuses_calls_without_the_header(
    fake_hh: FakeHH, call: Caller, team: Team
) -> None:
    fake_hh.revoke_manager_account(team.alpha)
    refused = forbidden(
        "manager_accounts", "used_manager_account_forbidden", allowed_accounts=[account_json(team.beta)]
    )
    status, body = await call("GET", "/me", team.token)
    assert (status, without_request_id(body)) == (403, refused)
    assert (await call("GET", f"/employers/{team.alpha.employer_id}/vacancies/active", team.token))[0] == 403
    status, mine = await call("GET", "/manager_accounts/mine", team.token)
    assert (status, mine) == (
        200,
        {
            "items": [account_json(team.beta)],
            "current_account_id": team.alpha.account_id,
            "primary_account_id": team.alpha.account_id,
            "is_primary_account_blocked": True,
        },
    )
    status, me = await call("GET", "/me", team.token, team.beta.account_id)
    assert (status, me["employer"]["id"]) == (200, team.beta.employer_id)
    fake_hh.revoke_manager_account(team.beta)
    status, body = await call("GET", "/me", team.token)
    assert (status, without_request_id(body)) == (403, forbidden("manager_accounts", "used_manager_account_forbidden"))


async def test_an_account_may_join_an_existing_employer(fake_hh: FakeHH, call: Caller) -> None:
    owner = fake_hh.add_employer_user("Анна", company="Альфа")
    colleague = fake_hh.add_employer_user("Борис", company="Бета")
    shared = fake_hh.add_manager_account(colleague, employer=owner)
    assert (shared.employer_id, shared.company, shared.primary) == (owner.employer_id, "Альфа", False)
    vacancy = fake_hh.add_vacancy(owner, "Тестировщик")
    token = fake_hh.issue_tokens(colleague).access_token
    path = f"/employers/{owner.employer_id}/vacancies/active?all_accessible=true"
    status, body = await call("GET", path, token, shared.account_id)
    assert (status, [v["id"] for v in body["items"]]) == (200, [vacancy.vacancy_id])
    with pytest.raises(ValueError, match="already has a work account"):
        fake_hh.add_manager_account(colleague, employer=shared)
    with pytest.raises(LookupError):
        fake_hh.revoke_manager_account("404")


async def test_http_controls_for_work_accounts(
    fake_hh: FakeHH, fake_hh_session: aiohttp.ClientSession, call: Caller
) -> None:
    base = f"{fake_hh.base_url}/_fake"

    async def post(name: str, body: dict[str, Any]) -> tuple[int, Any]:
        async with fake_hh_session.post(f"{base}/{name}", json=body) as response:
            return response.status, await response.json()

    status, olga = await post(
        "add_employer_user", {"first_name": "Ольга", "company": "Альфа", "extra_companies": ["Бета"]}
    )
    assert status == 200 and [a["company"] for a in olga["accounts"]] == ["Альфа", "Бета"]
    status, gamma = await post("add_manager_account", {"user_id": olga["user_id"], "company": "Гамма"})
    assert (status, gamma["company"], gamma["primary"]) == (200, "Гамма", False)
    assert (await post("add_manager_account", {"user_id": olga["user_id"], "employer_id": gamma["employer_id"]}))[
        0
    ] == 400
    assert await post("revoke_manager_account", {"account_id": gamma["account_id"]}) == (200, {"ok": True})
    async with fake_hh_session.get(f"{base}/manager_accounts", params={"user_id": olga["user_id"]}) as response:
        accounts = await response.json()
    assert [(a["company"], a["blocked"]) for a in accounts] == [("Альфа", False), ("Бета", False), ("Гамма", True)]
    assert await post("restore_manager_account", {"account_id": gamma["account_id"]}) == (200, {"ok": True})
    assert (await post("revoke_manager_account", {"account_id": "nope"}))[0] == 400
    token = fake_hh.issue_tokens(olga["user_id"]).access_token
    status, mine = await call("GET", "/manager_accounts/mine", token)
    assert (status, len(mine["items"])) == (200, 3)
