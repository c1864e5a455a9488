"""Issue 13: what the fakes show a person in a browser (the demo): hh.ru's sign-in form, captcha, resume and vacancy
pages, and how the bot answered a button press in Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from yarl import URL

from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import FakeTelegram

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
API_AGENT = "FakeHHTests/1.0 (tests@example.com)"
AUTHORIZE = {"response_type": "code", "client_id": "test-client", "state": "st-7"}


@pytest.fixture
async def browser() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers={"User-Agent": BROWSER}) as session:
        yield session


async def page(browser: aiohttp.ClientSession, method: str, url: str, **kwargs: object) -> tuple[int, str, str]:
    """Status, body and Location of one request, redirects not followed."""
    async with browser.request(method, url, allow_redirects=False, **kwargs) as response:  # type: ignore[arg-type]
        return response.status, await response.text(), response.headers.get("Location", "")


async def me(hh: FakeHH, token: str) -> tuple[int, dict[str, object]]:
    headers = {"Authorization": f"Bearer {token}", "HH-User-Agent": API_AGENT}
    async with aiohttp.ClientSession() as api, api.get(f"{hh.base_url}/me", headers=headers) as response:
        return response.status, await response.json()


async def test_the_sign_in_form_offers_every_account_and_signs_in_the_one_picked(
        fake_hh: FakeHH, browser: aiohttp.ClientSession) -> None:
    employer = fake_hh.add_employer_user("Ольга", "Кадрова", "Рога & копыта")
    applicant = fake_hh.add_applicant_user("Иван", "Петров")
    url = f"{fake_hh.base_url}/oauth/authorize"
    status, form, _ = await page(browser, "GET", url, params=AUTHORIZE)
    assert status == 200
    assert f"value='{employer.user_id}' checked> Ольга Кадрова — работодатель, «Рога &amp; копыта»" in form
    assert f"value='{applicant.user_id}'> Иван Петров — соискатель" in form
    status, _, location = await page(browser, "POST", url, params=AUTHORIZE,
                                     data={"login": applicant.user_id, "decision": "allow"})
    assert status == 302
    back = URL(location)
    assert (back.with_query(None), back.query["state"]) == (URL(fake_hh.redirect_uri), "st-7")
    form_data = {"grant_type": "authorization_code", "client_id": "test-client", "client_secret": "test-secret",
                 "redirect_uri": fake_hh.redirect_uri, "code": back.query["code"]}
    async with browser.post(f"{fake_hh.base_url}/token", data=form_data,
                            headers={"HH-User-Agent": API_AGENT}) as exchanged:
        token = (await exchanged.json())["access_token"]
    assert (await me(fake_hh, token))[1]["id"] == applicant.user_id


@pytest.mark.parametrize(
    ("form", "status", "answer"),
    [
        ({"login": "LOGIN", "decision": "deny"}, 302, "error=access_denied&state=st-7"),
        ({"login": "LOGIN"}, 400, "Выберите аккаунт"),
        ({"decision": "allow"}, 400, "Выберите аккаунт"),
        ({"login": "no-such-user", "decision": "allow"}, 200, "Вход на hh.ru: выберите аккаунт"),
    ],
)
async def test_a_sign_in_form_refused_or_incomplete_gives_no_code(
        fake_hh: FakeHH, browser: aiohttp.ClientSession, form: dict[str, str], status: int, answer: str) -> None:
    user = fake_hh.add_employer_user()
    sent = {key: user.user_id if value == "LOGIN" else value for key, value in form.items()}
    got, body, location = await page(browser, "POST", f"{fake_hh.base_url}/oauth/authorize", params=AUTHORIZE,
                                     data=sent)
    assert got == status
    assert answer in (location or body)
    assert "code=" not in location


async def test_the_captcha_page_solves_the_captcha_of_the_account_it_was_issued_for(
        fake_hh: FakeHH, browser: aiohttp.ClientSession) -> None:
    employer = fake_hh.add_employer_user()
    other = fake_hh.add_employer_user(company="Другая")
    token, other_token = fake_hh.issue_tokens(employer).access_token, fake_hh.issue_tokens(other).access_token
    fake_hh.require_captcha(employer)
    fake_hh.require_captcha(other)
    status, body = await me(fake_hh, token)
    assert status == 403
    errors = body["errors"]
    assert isinstance(errors, list)
    issued = URL(errors[0]["captcha_url"])  # on the site, https://hh.ru unless told otherwise
    captcha_url = URL(fake_hh.base_url).with_path(issued.path).with_query(issued.query)
    captcha_url = captcha_url.update_query(backurl="https://t.me/hh_bridge_bot")
    status, challenge, _ = await page(browser, "GET", str(captcha_url))
    assert status == 200 and "Я не робот" in challenge
    status, solved, _ = await page(browser, "POST", str(captcha_url))
    assert (status, "href='https://t.me/hh_bridge_bot'" in solved) == (200, True)
    assert (await me(fake_hh, token))[0] == 200
    assert (await me(fake_hh, other_token))[0] == 403
    assert (await page(browser, "POST", str(captcha_url)))[0] == 400  # a link solves once
    assert (await page(browser, "GET", f"{fake_hh.base_url}/account/captcha?state=forged"))[0] == 400


async def test_resume_and_vacancy_pages_show_what_they_are(fake_hh: FakeHH, browser: aiohttp.ClientSession) -> None:
    employer = fake_hh.add_employer_user(company="Рога и копыта")
    vacancy = fake_hh.add_vacancy(employer, name="Тестировщик <QA>")
    applicant = fake_hh.add_applicant_user("Иван", "Петров", resume_title="Python-разработчик")
    status, resume, _ = await page(browser, "GET", f"{fake_hh.base_url}/resume/{applicant.resume_id}")
    assert status == 200 and "<h1>Python-разработчик</h1>" in resume and "Иван Петров" in resume
    status, shown, _ = await page(browser, "GET", f"{fake_hh.base_url}/vacancy/{vacancy.vacancy_id}")
    assert status == 200 and "<h1>Тестировщик &lt;QA&gt;</h1>" in shown and "Рога и копыта" in shown
    assert (await page(browser, "GET", f"{fake_hh.base_url}/vacancy/1"))[0] == 404


async def test_the_fake_telegram_tells_how_the_bot_answered_a_press() -> None:
    tg = FakeTelegram(token="123456:TEST")
    await tg.start()
    try:
        tg.add_user(111)
        async with aiohttp.ClientSession() as http:
            keyboard = {"inline_keyboard": [[{"text": "Пригласить", "callback_data": "c:1:0"}]]}
            async with http.post(f"{tg.base_url}/bot{tg.token}/sendMessage",
                                 json={"chat_id": 111, "text": "Отклик", "reply_markup": keyboard}) as sent:
                message_id = (await sent.json())["result"]["message_id"]
            query = await tg.press(111, message_id, "c:1:0")
            answer_url = f"{tg.base_url}/_fake/callback_answers/{query}"
            async with http.get(answer_url) as before:
                assert await before.json() is None
            async with http.post(f"{tg.base_url}/bot{tg.token}/answerCallbackQuery",
                                 json={"callback_query_id": query, "text": "Эта кнопка устарела."}):
                pass
            async with http.get(answer_url) as after:
                assert await after.json() == {"text": "Эта кнопка устарела.", "show_alert": False, "url": None,
                                              "answered_after_seconds": pytest.approx(0, abs=5)}
    finally:
        await tg.close()


async def test_the_sign_in_form_preselects_the_account_it_is_told_for_that_state(
        fake_hh: FakeHH, browser: aiohttp.ClientSession) -> None:
    """Issue 23: the demo's applicant is not offered the employer's account, pre-selected because it came first."""
    employer = fake_hh.add_employer_user("Ольга", "Кадрова")
    applicant = fake_hh.add_applicant_user("Иван", "Петров")
    fake_hh.preselect_sign_in(lambda state: applicant if state == "st-7" else None)
    url = f"{fake_hh.base_url}/oauth/authorize"
    form = (await page(browser, "GET", url, params=AUTHORIZE))[1]
    assert (f"value='{applicant.user_id}' checked>" in form, f"value='{employer.user_id}'>" in form) == (True, True)
    other = (await page(browser, "GET", url, params={**AUTHORIZE, "state": "st-8"}))[1]
    assert f"value='{employer.user_id}' checked>" in other, "nobody named: the first account"


async def test_an_english_hh_ru_speaks_english_to_people_and_in_its_names(browser: aiohttp.ClientSession) -> None:
    """Issue 23: the demo's English world: the site's pages, the workflow's names and the templates."""
    async with FakeHH(language="en") as hh:
        employer = hh.add_employer_user("Olga", "Kadrova", "Horns & Hooves")
        applicant = hh.add_applicant_user("Ivan", "Petrov")
        vacancy = hh.add_vacancy(employer, "Python developer")
        negotiation = hh.add_response(vacancy, applicant, cover_letter="Hello!")
        form = (await page(browser, "GET", f"{hh.base_url}/oauth/authorize", params=AUTHORIZE))[1]
        assert "<h1>Sign in</h1>" in form and "Olga Kadrova — employer, “Horns &amp; Hooves”" in form
        assert ">Allow</button>" in form and "<html lang='en'>" in form
        headers = {"Authorization": f"Bearer {hh.issue_tokens(employer).access_token}", "HH-User-Agent": API_AGENT}
        async with aiohttp.ClientSession(headers=headers) as api:
            async with api.get(f"{hh.base_url}/negotiations", params={"vacancy_id": vacancy.vacancy_id}) as got:
                collections = await got.json()
            async with api.get(f"{hh.base_url}/message_templates/invite_after_response",
                               params={"topic_id": negotiation.negotiation_id}) as got:
                template = await got.json()
        assert [c["name"] for c in collections["collections"]][:2] == ["New responses", "Considering"]
        assert collections["employer_states"][3] == {"id": "interview", "name": "Interview"}
        assert template["mail"]["text"] == ("Hello, Ivan! Thank you for responding to “Python developer”. "
                                            "We invite you to an interview.")
        hh.employer_action(negotiation, "invitation", "Welcome")
        assert hh.negotiation(negotiation).state == "invitation"
