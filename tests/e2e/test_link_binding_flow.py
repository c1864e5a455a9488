"""Issue 22, review M1: a code that reaches the bot is spent before anyone can copy it, whatever `state` hh.ru's
redirect carries. Each state has its own redirect URI (`flow=`), hh.ru binds a code to it, and the bot finds the
state by that flow: a redirect whose `state` was changed or removed (an altered connect link) consumes the flow's
state and spends the code, and the address left in the browser links nobody when pasted."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import aiohttp

from bot.testing.fake_hh import FakeHH
from storage import accounts
from tests.conftest import Bridge, StartBridge, confirm_url_of
from tests.e2e.test_trust import consent_address, token_calls, with_query_parameter, without_query_parameter

ATTACKER, VICTIM = 9101, 9102
WEBHOOK_SECRET = "link-binding-webhook-secret_0123456789"


def state_of(address: str) -> str:
    return parse_qs(urlsplit(address).query)["state"][0]


async def opened(address: str) -> tuple[int, str]:
    """The victim's browser follows hh.ru's redirect to the bot."""
    async with aiohttp.ClientSession() as browser, browser.get(address) as page:
        return page.status, await page.text()


async def people(bridge: Bridge) -> str:
    """The recruiter on hh.ru, the attacker and the recruiter in Telegram; the recruiter's hh.ru user id."""
    victim = bridge.hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Рога и копыта")
    bridge.tg.add_user(ATTACKER, first_name="Mallory", language_code="ru", username="mallory")
    bridge.tg.add_user(VICTIM, first_name="Ольга", language_code="ru", username="olga_hr")
    return victim.user_id


def spent(hh: FakeHH, hh_user_id: str) -> list[bool]:
    """Whether each token hh.ru issued to the user was logged out."""
    return [token.invalidated for token in hh.tokens_of(hh_user_id)]


async def test_a_changed_state_spends_the_code_and_the_address_links_nobody(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    victim = await people(bridge)
    own = await bridge.start_link(ATTACKER)  # his connect link: state S, redirect_uri ...?flow=<hash of S>
    sent_to_victim = with_query_parameter(own.url_of("hh.ru"), "state", "x")

    address = await consent_address(sent_to_victim, victim)  # the code, state=x, and the flow of his state
    status, page = await opened(address)
    assert spent(hh, victim) == [True]  # exchanged under the flow's redirect URI and logged out at once
    assert status == 400 and "Ссылку для подключения изменили" in page and confirm_url_of(page) is None
    told = await tg.wait_for_bot_message(ATTACKER, contains="остановил этот вход", after=own.message_id)
    assert told.url_of("Подключить").startswith(f"{hh.base_url}/oauth/authorize")

    pasted = await tg.send_text(ATTACKER, with_query_parameter(address, "state", state_of(own.url_of("hh.ru"))))
    answer = await tg.wait_for_bot_message(ATTACKER, after=pasted)
    assert "уже использована" in answer.text
    assert await bridge.runtime.storage.run(accounts.of_user, ATTACKER) is None
    assert spent(hh, victim) == [True] and len(token_calls(hh)) == 1


async def test_a_removed_state_spends_the_code_too(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    victim = await people(bridge)
    own = await bridge.start_link(ATTACKER)
    stripped = without_query_parameter(own.url_of("hh.ru"), "state")
    address = await consent_address(stripped, victim)
    assert "state=" not in address
    status, _ = await opened(address)
    assert status == 400 and spent(hh, victim) == [True]
    await tg.wait_for_bot_message(ATTACKER, contains="остановил этот вход", after=own.message_id)

    pasted = await tg.send_text(ATTACKER, f"{address}&state={state_of(own.url_of('hh.ru'))}")
    answer = await tg.wait_for_bot_message(ATTACKER, after=pasted)
    assert "уже использована" in answer.text
    assert await bridge.runtime.storage.run(accounts.of_user, ATTACKER) is None


async def test_an_address_with_a_changed_state_pasted_by_its_victim_is_spent(bridge: Bridge) -> None:
    """The bot the browser could not reach: the recruiter pastes her address (as the hint teaches) into her own chat.
    Its `state` is not the one its `flow` was made for, so its code is spent for nobody, and the attacker who gets
    the address from her cannot link it by putting his state back."""
    hh, tg = bridge.hh, bridge.tg
    victim = await people(bridge)
    own = await bridge.start_link(ATTACKER)
    address = await consent_address(with_query_parameter(own.url_of("hh.ru"), "state", "x"), victim)

    pasted = await tg.send_text(VICTIM, address)
    refused = await tg.wait_for_bot_message(VICTIM, after=pasted)
    assert spent(hh, victim) == [True]
    assert "не тот state" in refused.text
    await tg.wait_for_bot_message(ATTACKER, contains="прислал мне другой пользователь", after=own.message_id)

    pasted = await tg.send_text(ATTACKER, with_query_parameter(address, "state", state_of(own.url_of("hh.ru"))))
    answer = await tg.wait_for_bot_message(ATTACKER, after=pasted)
    assert "уже использована" in answer.text
    assert await bridge.runtime.storage.run(accounts.of_user, ATTACKER) is None
    assert await bridge.runtime.storage.run(accounts.of_user, VICTIM) is None


async def test_an_address_without_its_flow_is_never_exchanged(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    victim = await people(bridge)
    own = await bridge.start_link(VICTIM)
    address = await consent_address(own.url_of("hh.ru"), victim)
    pasted = await tg.send_text(VICTIM, without_query_parameter(address, "flow"))
    hint = await tg.wait_for_bot_message(VICTIM, after=pasted)
    assert "адрес из браузера целиком" in hint.text and token_calls(hh) == []
    status, page = await opened(without_query_parameter(address, "flow"))
    assert status == 400 and "Ссылка недействительна" in page and token_calls(hh) == []

    pasted = await tg.send_text(VICTIM, address)  # the whole address still links: its state was not touched
    linked = await tg.wait_for_bot_message(VICTIM, after=pasted)
    assert linked.text.startswith("Готово!")


async def test_in_webhook_mode_a_pasted_address_links_nothing_and_is_spent(start_bridge: StartBridge) -> None:
    """A webhook bot is reachable, so its callback gets every redirect and holds it for the confirmation from the
    browser's own Telegram; a pasted address, which skips that proof, is never taken there."""
    bridge = await start_bridge(mode="webhook", webhook_url="/telegram/webhook", webhook_secret=WEBHOOK_SECRET)
    hh, tg = bridge.hh, bridge.tg
    victim = await people(bridge)
    own = await bridge.start_link(VICTIM)
    address = await consent_address(own.url_of("hh.ru"), victim)
    pasted = await tg.send_text(VICTIM, address)
    refused = await tg.wait_for_bot_message(VICTIM, after=pasted)
    assert await bridge.runtime.storage.run(accounts.of_user, VICTIM) is None
    assert spent(hh, victim) == [True]
    assert "Вход по присланному адресу я остановил" in refused.text
    assert "скопируйте адрес" not in own.text and "«Подтвердить в Telegram»" in own.text

    handed_on = await bridge.start_link(ATTACKER)  # someone else's address: spent, and its owner told
    address = await consent_address((await bridge.start_link(VICTIM)).url_of("hh.ru"), victim)
    pasted = await tg.send_text(ATTACKER, address)
    await tg.wait_for_bot_message(ATTACKER, contains="Вход по присланному адресу я остановил", after=pasted)
    await tg.wait_for_bot_message(VICTIM, contains="прислал мне другой пользователь", after=handed_on.message_id)
    assert spent(hh, victim) == [True, True]
    assert await bridge.runtime.storage.run(accounts.of_user, ATTACKER) is None
