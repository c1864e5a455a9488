"""Issue 22: links to the bot opened in a user's Telegram app: `/start <payload>` from that user, and the fake's own
page for such a link (the demo's stand-in for the app on the person's device)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.testing.fake_telegram import FakeTelegram, start_link_in


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(bot_username="hh_bridge_bot")
    await fake.start()
    fake.add_user(11, first_name="Ольга", username="olga_hr")
    fake.add_user(12, first_name="Иван")
    yield fake
    await fake.close()


def sent_text(tg: FakeTelegram, user_id: int, message_id: int) -> str:
    return next(message.text for message in tg.chat(user_id) if message.message_id == message_id)


@pytest.mark.parametrize(("url", "text"), [
    ("https://t.me/hh_bridge_bot?start=link_abc-DEF_9", "/start link_abc-DEF_9"),
    ("https://telegram.me/HH_Bridge_Bot?start=x", "/start x"),
    ("https://t.me/hh_bridge_bot?start=" + "a" * 64, "/start " + "a" * 64),
    ("https://t.me/hh_bridge_bot?start=" + "a" * 65, "/start"),  # a payload Telegram does not take is lost
    ("https://t.me/hh_bridge_bot?start=bad%20payload", "/start"),
    ("https://t.me/hh_bridge_bot", "/start"),
])
async def test_opening_a_link_sends_start_with_its_payload_from_that_user(tg: FakeTelegram, url: str,
                                                                           text: str) -> None:
    message_id = await tg.open_link(12, url)
    assert sent_text(tg, 12, message_id) == text


@pytest.mark.parametrize("url", ["https://t.me/other_bot?start=x", "https://example.com/hh_bridge_bot?start=x",
                                 "tg://resolve?domain=hh_bridge_bot&start=x"])
async def test_a_link_to_anything_else_is_not_opened(tg: FakeTelegram, url: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        await tg.open_link(11, url)


async def test_the_page_for_a_link_asks_whose_telegram_opens_it(tg: FakeTelegram) -> None:
    url = f"{tg.base_url}/_fake/t.me/hh_bridge_bot?start=link_abc"
    assert start_link_in(f"<p>no link</p><a class='b' href='{url}&amp;x=1'>x</a>") == f"{url}&x=1"
    async with aiohttp.ClientSession() as browser:
        async with browser.get(url) as page:
            shown = await page.text()
        assert "Ольга (@olga_hr)" in shown and "Иван" in shown
        async with browser.post(url, data={"user_id": "11"}) as forged:
            assert forged.status == 403  # a form from another page
        assert [m.text for m in tg.chat(11) if not m.from_bot] == []
        async with browser.post(url, data={"user_id": "11"}, headers={"Origin": tg.base_url}) as opened:
            assert opened.status == 200 and "бот получил /start" in await opened.text()
    assert [m.text for m in tg.chat(11) if not m.from_bot] == ["/start link_abc"]


async def test_the_page_for_a_link_preselects_the_person_at_the_browser_and_speaks_their_language() -> None:
    """Issue 23: in the demo the applicant's confirmation is not opened in the employer's Telegram by default."""
    fake = FakeTelegram(bot_username="hh_bridge_bot", page_language="en")
    await fake.start()
    try:
        fake.add_user(11, first_name="Olga")
        fake.add_user(12, first_name="Ivan")
        fake.preselect_link_user(lambda payload: 12 if payload == "link_abc" else None)
        url = f"{fake.base_url}/_fake/t.me/hh_bridge_bot?start=link_abc"
        async with aiohttp.ClientSession() as browser:
            async with browser.get(url) as page:
                shown = await page.text()
            async with browser.get(url.replace("link_abc", "link_xyz")) as page:
                other = await page.text()
        assert "value='12' checked> Ivan" in shown and "value='11'> Olga" in shown
        assert "value='11' checked> Olga" in other, "nobody named: the first user"
        assert "Whose Telegram opens it?" in shown and ">Open in Telegram</button>" in shown
    finally:
        await fake.close()
