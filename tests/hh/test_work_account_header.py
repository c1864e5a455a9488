"""The client's `X-Manager-Account-Id`: on every employer call made inside `acting_as`, none outside, and hh.ru's
work-account refusals read back (the allowed accounts)."""

from __future__ import annotations

import asyncio

import pytest

from bot.hh.client import HHClient
from bot.hh.errors import Forbidden
from bot.hh.manager_accounts import ManagerAccount, acting_as, allowed_accounts, current_account
from bot.hh.models import IdName
from bot.hh.tokens import TokenPair
from bot.testing.fake_hh import FakeHH

from .conftest import Clock, MemoryTokens, give_tokens


async def test_calls_inside_acting_as_carry_the_header_and_others_do_not(client: HHClient, hh: FakeHH,
                                                                        tokens: MemoryTokens, clock: Clock) -> None:
    olga = hh.add_employer_user("Ольга", company="Альфа", extra_companies=["Бета"])
    alpha, beta = olga.accounts
    give_tokens(hh, tokens, clock, olga.user_id)
    await client.me(1)
    with acting_as(beta.account_id):
        assert current_account() == beta.account_id
        me = await client.me(1)
        with acting_as(None):
            await client.active_vacancies(1, beta.employer_id)
        mine = await client.manager_accounts(1)
    await client.active_vacancies(1, alpha.employer_id)
    assert (me.employer.id if me.employer else None, mine.current_account_id, current_account()) == (
        beta.employer_id, beta.account_id, None)
    assert [(r.path, r.status, r.manager_account_id) for r in hh.calls(olga.user_id)] == [
        ("/me", 200, None),
        ("/me", 200, beta.account_id),
        (f"/employers/{beta.employer_id}/vacancies/active", 200, beta.account_id),
        ("/manager_accounts/mine", 200, beta.account_id),
        (f"/employers/{alpha.employer_id}/vacancies/active", 200, None),
    ]


async def test_a_refreshed_token_keeps_the_header(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                                  clock: Clock) -> None:
    olga = hh.add_employer_user("Ольга", company="Альфа", extra_companies=["Бета"])
    beta = olga.accounts[1]
    old = give_tokens(hh, tokens, clock, olga.user_id)
    tokens.pairs[1] = TokenPair(old.access_token, old.refresh_token, clock.now() - 1)
    with acting_as(beta.account_id):
        await client.me(1)
    assert [(r.path, r.manager_account_id) for r in hh.calls(olga.user_id)] == [("/me", beta.account_id)]


async def test_concurrent_tasks_keep_their_own_work_account(client: HHClient, hh: FakeHH, tokens: MemoryTokens,
                                                            clock: Clock) -> None:
    olga = hh.add_employer_user("Ольга", company="Альфа", extra_companies=["Бета"])
    alpha, beta = olga.accounts
    give_tokens(hh, tokens, clock, olga.user_id)

    async def as_account(account_id: str) -> str:
        with acting_as(account_id):
            me = await client.me(1)
            return me.employer.id if me.employer else ""

    found = await asyncio.gather(*(as_account(a.account_id) for a in (alpha, beta, alpha, beta)))
    assert found == [alpha.employer_id, beta.employer_id, alpha.employer_id, beta.employer_id]


@pytest.mark.parametrize(("revoke", "header", "value", "allowed"), [
    (True, "beta", "used_manager_account_forbidden", ["alpha"]),
    (False, "nonsense", "manager_extra_account_not_found", []),
])
async def test_work_account_refusals_read_back(client: HHClient, hh: FakeHH, tokens: MemoryTokens, clock: Clock,
                                               revoke: bool, header: str, value: str, allowed: list[str]) -> None:
    olga = hh.add_employer_user("Ольга", company="Альфа", extra_companies=["Бета"])
    accounts = {"alpha": olga.accounts[0], "beta": olga.accounts[1]}
    give_tokens(hh, tokens, clock, olga.user_id)
    if revoke:
        hh.revoke_manager_account(accounts["beta"])
    with acting_as(accounts[header].account_id if header in accounts else header), pytest.raises(Forbidden) as raised:
        await client.me(1)
    expected = [ManagerAccount(id=accounts[name].account_id,
                               employer=IdName(id=accounts[name].employer_id, name=accounts[name].company))
                for name in allowed]
    assert (raised.value.value, allowed_accounts(raised.value)) == (value, expected)
