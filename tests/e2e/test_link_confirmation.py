"""Issue 22: a sign-in on hh.ru is linked only when the Telegram user who asked for it confirms it from Telegram."""

from __future__ import annotations

import aiohttp

from storage import accounts
from tests.conftest import Bridge, confirm_url_of


async def signed_in(bridge: Bridge, user_id: int, hh_user_id: str) -> str:
    """/start, and hh.ru's sign-in in the user's browser; returns the page's confirmation link, not yet opened."""
    answer = await bridge.start_link(user_id)
    status, page = await bridge.browse(answer.url_of("hh.ru"), login=hh_user_id, confirm_as=None)
    confirm = confirm_url_of(page)
    assert status == 200 and confirm is not None
    return confirm


async def test_the_oauth_pages_are_neither_kept_nor_referred(bridge: Bridge) -> None:
    employer = bridge.hh.add_employer_user()
    bridge.tg.add_user(2201, language_code="ru")
    answer = await bridge.start_link(2201)
    async with aiohttp.ClientSession() as browser:
        async with browser.get(answer.url_of("hh.ru"), headers={"X-Fake-Login": employer.user_id},
                               allow_redirects=False) as consent:
            address = consent.headers["Location"]
        pages = []
        callback = f"{bridge.url}/oauth/callback"
        for url in (address, address, f"{callback}?state=forged&code=x", callback):
            async with browser.get(url) as page:
                pages.append((page.status, page.headers))
    assert [status for status, _ in pages] == [200, 400, 400, 400]  # asking to confirm, used, unknown, empty
    for _, headers in pages:
        assert (headers["Referrer-Policy"], headers["Cache-Control"]) == ("no-referrer", "no-store")
        assert headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]


async def test_a_confirmation_links_once(bridge: Bridge) -> None:
    employer = bridge.hh.add_employer_user(first_name="Ольга", last_name="Кадрова")
    bridge.tg.add_user(2202, language_code="ru")
    confirm = await signed_in(bridge, 2202, employer.user_id)
    first = await bridge.tg.open_link(2202, confirm)
    await bridge.tg.wait_for_bot_message(2202, contains="Готово! Подключён аккаунт hh.ru: Ольга Кадрова", after=first)
    again = await bridge.tg.open_link(2202, confirm)
    answer = await bridge.tg.wait_for_bot_message(2202, contains="подтверждения", after=again)
    assert answer.text == ("Эта ссылка подтверждения недействительна или уже использована. Чтобы подключить аккаунт "
                           "hh.ru, нажмите /start.")
    assert [token.invalidated for token in bridge.hh.tokens_of(employer)] == [False]


async def test_a_late_confirmation_links_nothing_and_logs_the_sign_in_out(bridge: Bridge) -> None:
    employer = bridge.hh.add_employer_user()
    bridge.tg.add_user(2203, language_code="ru")
    confirm = await signed_in(bridge, 2203, employer.user_id)
    bridge.clock.advance(601)
    opened = await bridge.tg.open_link(2203, confirm)
    answer = await bridge.tg.wait_for_bot_message(2203, after=opened)
    assert answer.text.startswith("Ссылка подтверждения устарела (она действует 10 минут)")
    assert answer.url_of("Подключить").startswith(f"{bridge.hh.base_url}/oauth/authorize")
    assert [token.invalidated for token in bridge.hh.tokens_of(employer)] == [True]
    assert await bridge.runtime.storage.run(accounts.of_user, 2203) is None


async def test_a_sign_in_nobody_confirms_is_logged_out_by_housekeeping(bridge: Bridge) -> None:
    employer = bridge.hh.add_employer_user()
    bridge.tg.add_user(2204, language_code="en")
    confirm = await signed_in(bridge, 2204, employer.user_id)
    await bridge.runtime.scheduler.housekeeping()
    assert [token.invalidated for token in bridge.hh.tokens_of(employer)] == [False]  # still in time
    bridge.clock.advance(601)
    await bridge.runtime.scheduler.housekeeping()
    assert [token.invalidated for token in bridge.hh.tokens_of(employer)] == [True]
    opened = await bridge.tg.open_link(2204, confirm)
    answer = await bridge.tg.wait_for_bot_message(2204, after=opened)
    assert answer.text == ("This confirmation link is not valid or was already used. To connect an hh.ru account, "
                           "press /start.")
    assert await bridge.runtime.storage.run(accounts.of_user, 2204) is None


async def test_a_made_up_confirmation_costs_no_hh_call(bridge: Bridge) -> None:
    bridge.tg.add_user(2205, language_code="ru")
    opened = await bridge.tg.open_link(2205, f"https://t.me/{bridge.tg.bot_username}?start=link_{'A' * 32}")
    answer = await bridge.tg.wait_for_bot_message(2205, after=opened)
    assert "ссылка подтверждения недействительна" in answer.text
    odd = await bridge.tg.send_text(2205, "/start link_short")  # not a confirmation: an ordinary /start
    offer = await bridge.tg.wait_for_bot_message(2205, after=odd)
    assert offer.url_of("Подключить hh.ru").startswith(f"{bridge.hh.base_url}/oauth/authorize")
    assert [r.path for r in bridge.hh.requests if r.path in ("/token", "/oauth/token")] == []


async def test_the_pasted_address_links_its_own_user_without_a_confirmation(bridge: Bridge) -> None:
    """The fallback when the bot's page cannot be reached: the paste comes from the Telegram user themselves."""
    employer = bridge.hh.add_employer_user(first_name="Ольга", last_name="Кадрова")
    bridge.tg.add_user(2206, language_code="en")
    answer = await bridge.start_link(2206)
    async with aiohttp.ClientSession() as browser, browser.get(
            answer.url_of("hh.ru"), headers={"X-Fake-Login": employer.user_id}, allow_redirects=False) as consent:
        address = consent.headers["Location"]
    pasted = await bridge.tg.send_text(2206, address)
    done = await bridge.tg.wait_for_bot_message(2206, after=pasted)
    assert done.text.startswith("Done! Connected hh.ru account: Ольга Кадрова — employer")
