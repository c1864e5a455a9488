from __future__ import annotations

import asyncio

import pytest

from bot.hh.client import HHClient
from bot.hh.errors import (
    AccountNeedsRelink,
    CaptchaRequired,
    Forbidden,
    InvalidGrant,
    NegotiationError,
    NotFound,
    RateLimited,
    ServerError,
    TokenRequestError,
    UnsafeUrl,
)
from bot.hh.oauth import AuthorizeLinks
from bot.hh.tokens import TokenPair
from bot.testing.fake_hh import FakeHH, Fault

from .conftest import REDIRECT_URI, USER_AGENT, Clock, MemoryTokens, give_tokens


async def test_every_request_carries_the_user_agent_and_bearer(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                                               clock: Clock) -> None:
    employer = hh.add_employer_user(company="Рога и копыта")
    give_tokens(hh, tokens, clock, employer.user_id)
    me = await client.me(1)
    assert (me.id, me.is_employer, me.employer and me.employer.name) == (employer.user_id, True, "Рога и копыта")
    assert [(r.path, r.status, r.user_agent, r.user_id) for r in hh.requests] == [
        ("/me", 200, USER_AGENT, employer.user_id)]


async def test_oauth_code_exchange_and_me_of_an_applicant(client: HHClient, hh: FakeHH, clock: Clock) -> None:
    import aiohttp

    applicant = hh.add_applicant_user(first_name="Иван", last_name="Петров")
    links = AuthorizeLinks(hh.base_url, "test-client", REDIRECT_URI)
    async with aiohttp.ClientSession() as browser, browser.get(
        links.url("state-1"), headers={"X-Fake-Login": applicant.user_id}, allow_redirects=False
    ) as response:
        location = response.headers["Location"]
    assert location.startswith(links.redirect_uri_for("state-1")) and "state=state-1" in location
    code = location.split("code=")[1].split("&")[0]
    for elsewhere in (links.redirect_uri_for("state-2"), None):  # another state's, or the registered one
        with pytest.raises(TokenRequestError):
            await client.exchange_code(code, elsewhere)
    pair = await client.exchange_code(code, links.redirect_uri_for("state-1"))
    assert pair.expires_at == clock.now() + 1209600
    me = await client.me_with_token(pair.access_token)
    assert (me.is_applicant, me.is_employer, me.full_name) == (True, False, "Иван Петров")
    with pytest.raises((InvalidGrant, TokenRequestError)) as reused:
        await client.exchange_code(code, links.redirect_uri_for("state-1"))
    assert "test-secret" not in str(reused.value) and code not in str(reused.value)


async def test_errors_become_typed_exceptions(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                              clock: Clock) -> None:
    employer = hh.add_employer_user()
    applicant = hh.add_applicant_user()
    vacancy = hh.add_vacancy(employer)
    negotiation = hh.add_response(vacancy, applicant)
    give_tokens(hh, tokens, clock, employer.user_id)
    with pytest.raises(NotFound):
        await client.negotiation(1, "404404")
    with pytest.raises(NegotiationError) as refused:
        await client.send_message(1, negotiation.negotiation_id, "Здравствуйте")
    assert refused.value.value == "no_invitation"
    hh.set_paid_api(employer, False)
    with pytest.raises(Forbidden):
        template_url = f"{hh.base_url}/message_templates/invite?topic_id={negotiation.negotiation_id}"
        await client.message_template(1, template_url)
    hh.require_captcha(employer.user_id)
    with pytest.raises(CaptchaRequired) as captcha:
        await client.me(1)
    assert captcha.value.captcha_url.startswith("https://hh.ru/")


async def test_server_errors_and_429_are_retried_with_backoff(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                                              clock: Clock) -> None:
    employer = hh.add_employer_user()
    give_tokens(hh, tokens, clock, employer.user_id)
    hh.inject(Fault(status=503, count=1, path_prefix="/me"))
    hh.inject(Fault(status=429, count=1, path_prefix="/me", retry_after=0))
    assert (await client.me(1)).id == employer.user_id
    assert [r.status for r in hh.calls(path_prefix="/me")] == [503, 429, 200]


async def test_retries_are_bounded(client: HHClient, hh: FakeHH, tokens: MemoryTokens, clock: Clock) -> None:
    employer = hh.add_employer_user()
    give_tokens(hh, tokens, clock, employer.user_id)
    hh.inject(Fault(status=502, count=10, path_prefix="/me"))
    with pytest.raises(ServerError):
        await client.me(1)
    assert len(hh.calls(path_prefix="/me")) == 4


async def test_a_post_is_not_repeated_after_a_server_error(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                                           clock: Clock) -> None:
    employer = hh.add_employer_user()
    give_tokens(hh, tokens, clock, employer.user_id)
    hh.inject(Fault(status=500, count=1, method="POST"))
    with pytest.raises(ServerError):
        await client.send_message(1, "1", "text")
    hh.inject(Fault(status=429, count=5, method="POST", retry_after=0))
    with pytest.raises(RateLimited):
        await client.send_message(1, "1", "text")
    assert [r.status for r in hh.calls(method="POST")] == [500, 429, 429, 429, 429]


async def test_connection_errors_are_retried(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                             clock: Clock) -> None:
    employer = hh.add_employer_user()
    give_tokens(hh, tokens, clock, employer.user_id)
    hh.inject(Fault(kind="disconnect", count=2, path_prefix="/me"))
    assert (await client.me(1)).id == employer.user_id


async def test_one_rate_limit_for_all_accounts_keeps_under_hh_limit(hh: FakeHH, tokens: MemoryTokens,
                                                                    clock: Clock) -> None:
    hh.rate_limit_per_second = 10
    for account_id in range(1, 4):
        give_tokens(hh, tokens, clock, hh.add_employer_user().user_id, account_id)
    client = HHClient(api_url=hh.base_url, user_agent=USER_AGENT, client_id="c", client_secret="s",
                      redirect_uri=REDIRECT_URI, rate_limit=8, tokens=tokens, clock=clock, max_attempts=1)
    try:
        await asyncio.gather(*(client.me(account_id) for account_id in (1, 2, 3) for _ in range(4)))
    finally:
        await client.close()
    assert (hh.stats.too_many_requests, len(hh.requests)) == (0, 12)


async def test_expired_by_stored_time_refreshes_once_for_concurrent_calls(
    client: HHClient, hh: FakeHH, tokens: MemoryTokens, clock: Clock
) -> None:
    employer = hh.add_employer_user()
    old = give_tokens(hh, tokens, clock, employer.user_id)
    hh.expire_tokens(employer.user_id)
    tokens.pairs[1] = TokenPair(old.access_token, old.refresh_token, clock.now() - 1)
    await asyncio.gather(*(client.me(1) for _ in range(5)))
    assert len(hh.calls(path_prefix="/token")) == 1
    assert len(tokens.saved) == 1 and tokens.pairs[1].access_token != old.access_token
    assert [r.status for r in hh.calls(path_prefix="/me")] == [200] * 5


async def test_a_token_expired_answer_refreshes_and_retries(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                                            clock: Clock) -> None:
    employer = hh.add_employer_user()
    give_tokens(hh, tokens, clock, employer.user_id)
    hh.expire_tokens(employer.user_id)
    assert (await client.me(1)).id == employer.user_id
    assert [(r.path, r.status) for r in hh.requests] == [("/me", 403), ("/token", 200), ("/me", 200)]
    assert tokens.relinks == []


async def test_invalid_grant_on_refresh_needs_a_new_link(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                                         clock: Clock) -> None:
    employer = hh.add_employer_user()
    give_tokens(hh, tokens, clock, employer.user_id)
    hh.expire_tokens(employer.user_id)
    hh.revoke_tokens(employer.user_id)
    with pytest.raises(AccountNeedsRelink):
        await client.me(1)
    assert tokens.relinks == [(1, "token_revoked")]
    with pytest.raises(AccountNeedsRelink):
        await client.me(1)
    assert len(hh.requests) == 1


async def test_refresh_refused_marks_relink(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                            clock: Clock) -> None:
    employer = hh.add_employer_user()
    old = give_tokens(hh, tokens, clock, employer.user_id)
    hh.expire_tokens(employer.user_id)
    hh.deactivate_tokens(employer.user_id)
    tokens.pairs[1] = TokenPair(old.access_token, old.refresh_token, clock.now() - 1)
    with pytest.raises(AccountNeedsRelink):
        await client.me(1)
    assert tokens.relinks == [(1, "invalid_grant: token deactivated")]


async def test_urls_off_the_api_host_are_never_called(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                                      clock: Clock) -> None:
    give_tokens(hh, tokens, clock, hh.add_employer_user().user_id)
    with pytest.raises(UnsafeUrl):
        await client.run_action(1, "PUT", "https://evil.example.com/negotiations/x/1", {})
    assert hh.requests == []


async def test_pagination_is_zero_based_with_per_page_limits(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                                             clock: Clock) -> None:
    employer = hh.add_employer_user()
    give_tokens(hh, tokens, clock, employer.user_id)
    for number in range(53):
        hh.add_vacancy(employer, name=f"Вакансия {number}")
    first = await client.active_vacancies(1, employer.employer_id, page=0)
    second = await client.active_vacancies(1, employer.employer_id, page=1)
    assert (first.found, first.pages, len(first.items), first.is_last) == (53, 2, 50, False)
    assert (second.page, len(second.items), second.is_last) == (1, 3, True)
    assert {r.query["per_page"] for r in hh.requests} == {"50"}
