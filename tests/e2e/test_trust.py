"""Issue 11: a reply reaches the person it answers, and a link belongs to the person who signs in; issue 22: nobody
guesses Telegram's webhook secret."""

from __future__ import annotations

import string
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

import aiohttp
import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.hh.oauth import flow_of
from bot.testing.fake_hh import FakeHH
from storage import accounts
from tests.conftest import Bridge, StartBridge, browse, confirm_url_of, wait_until
from tests.e2e.test_actions import prompt_after, scene, typed_and_sent
from tests.e2e.test_delivery import ivan, linked_employer

TOKEN_PATHS = ("/token", "/oauth/token")


def token_calls(hh: FakeHH) -> list[str]:
    return [r.path for r in hh.requests if r.method == "POST" and r.path in TOKEN_PATHS]


def exchanged_under(hh: FakeHH) -> list[str | None]:
    """The redirect URI each code exchange named."""
    return [r.form.get("redirect_uri") for r in hh.requests if r.method == "POST" and r.path in TOKEN_PATHS]


async def consent_address(authorize_url: str, hh_user_id: str) -> str:
    """The address hh.ru sends the browser back to after `hh_user_id` allowed access."""
    async with aiohttp.ClientSession() as browser, browser.get(
        authorize_url, headers={"X-Fake-Login": hh_user_id}, allow_redirects=False
    ) as consent:
        assert consent.status == 302
        return consent.headers["Location"]


async def link_url(bridge: Bridge, user_id: int) -> str:
    """/start, and the address of the connect button of the bot's answer, whatever its label."""
    sent = await bridge.tg.send_text(user_id, "/start")
    answer = await bridge.tg.wait_for_bot_message(user_id, contains="скопируйте адрес из браузера", after=sent)
    return str(answer.buttons()[0][0]["url"])


def without_query_parameter(address: str, name: str) -> str:
    parts = urlsplit(address)
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if key != name])
    return urlunsplit(parts._replace(query=query))


def with_query_parameter(address: str, name: str, value: str) -> str:
    parts = urlsplit(address)
    query = urlencode([(key, value if key == name else old) for key, old in parse_qsl(parts.query)])
    return urlunsplit(parts._replace(query=query))


# --- messages go where they point ----------------------------------------------------------------


async def test_a_reply_to_another_candidate_goes_there_and_closes_the_open_prompt(bridge: Bridge) -> None:
    s = await scene(bridge, 401)
    maria = s.hh.add_applicant_user(first_name="Мария", last_name="Смирнова")
    hers = s.hh.add_response(s.vacancy, maria, cover_letter="Добрый день!")
    s.hh.employer_action(hers, "invitation", message="Приглашаем.")
    her_card = await s.tg.wait_for_bot_message(401, contains="Смирнова Мария", after=s.card.message_id)
    await bridge.outbox_drained()

    await s.press("Пригласить")
    prompt = await prompt_after(s.tg, 401, her_card.message_id)
    assert prompt.text.startswith("✍️ «Пригласить» · Петров Иван Сергеевич") and "/cancel" in prompt.text
    sent = await s.tg.reply(401, her_card.message_id, "Мария, ждём вас в пятницу.")
    answer = await s.tg.wait_for_bot_message(401, contains="Отправлено на hh.ru", after=sent)
    assert answer.text == "✅ Отправлено на hh.ru: Смирнова Мария."
    closed = await s.tg.wait_for_bot_message(401, after=sent)
    assert (closed.text, closed.reply_to_message_id) == (
        "«Пригласить» · Петров Иван Сергеевич — отменено: вы ответили на другое сообщение. Чтобы написать "
        "сообщение, нажмите «Пригласить» ещё раз.", sent)
    assert s.hh.negotiation(hers).messages[-1].text == "Мария, ждём вас в пятницу."
    assert "Мария, ждём вас в пятницу." not in [m.text for m in s.hh.negotiation(s.negotiation).messages]

    stray = await s.tg.send_text(401, "Иван, ждём вас в среду.")
    await s.tg.wait_for_bot_message(401, contains="Не понял", after=stray)
    assert s.actions_put() == [] and s.hh.negotiation(s.negotiation).employer_state == "response"


async def test_a_reply_to_the_prompt_itself_answers_it(bridge: Bridge) -> None:
    s = await scene(bridge, 402)
    await s.press("Пригласить")
    prompt = await prompt_after(s.tg, 402, s.card.message_id)
    await typed_and_sent(s, "Ждём вас.", reply_to=prompt.message_id)
    await s.card_shows("Статус: Собеседование")
    assert s.actions_put() == [{"message": "Ждём вас."}]


async def test_a_command_or_a_pasted_address_never_becomes_a_message_to_a_candidate(bridge: Bridge) -> None:
    s = await scene(bridge, 403)
    exchanges = token_calls(s.hh)
    intruders = [("/status", "Рога и копыта", "вы отправили /status"),
                 (f"{bridge.url}/oauth/callback?code=SECRETCODE&state=someone-elses&flow=0123456789abcdef",
                  "недействительна",
                  "вы прислали другое сообщение"),
                 ("/whatever", "Не понял", "вы отправили /whatever")]
    for text, answer, why in intruders:
        await s.press("Пригласить")
        prompt = await prompt_after(s.tg, 403, s.tg.chat(403)[-1].message_id - 1)
        sent = await s.tg.send_text(403, text)
        closed = await s.tg.wait_for_bot_message(403, contains="отменено", after=sent)
        assert (closed.text.split(": ", 1)[1].split(".")[0], closed.reply_to_message_id) == (why, sent)
        await s.tg.wait_for_bot_message(403, contains=answer, after=sent)
        late = await s.tg.reply(403, prompt.message_id, "Теперь текст.")
        await s.tg.wait_for_bot_message(403, contains="Не понял, куда отправить ответ", after=late)
    assert s.actions_put() == [] and token_calls(s.hh) == exchanges
    assert all("SECRETCODE" not in (m.text or "") for m in s.hh.negotiation(s.negotiation).messages)
    await s.press("Пригласить")
    prompt = await prompt_after(s.tg, 403, s.tg.chat(403)[-1].message_id - 1)
    await typed_and_sent(s, "Теперь текст.", reply_to=prompt.message_id)
    await s.card_shows("Статус: Собеседование")
    assert s.actions_put() == [{"message": "Теперь текст."}]


# --- linking belongs to the person who signs in --------------------------------------------------


async def test_a_bare_code_links_nothing_even_someone_elses_valid_one(bridge: Bridge) -> None:
    victim = bridge.hh.add_employer_user(company="Чужая компания")
    bridge.tg.add_user(411, language_code="ru")
    bridge.tg.add_user(412, language_code="ru")
    attacker_link = await bridge.start_link(411)
    victim_link = await bridge.start_link(412)
    address = await consent_address(victim_link.url_of("hh.ru"), victim.user_id)
    before = len(token_calls(bridge.hh))

    code = address.split("code=")[1].split("&")[0]
    pasted = await bridge.tg.send_text(411, code)
    hint = await bridge.tg.wait_for_bot_message(411, after=pasted)
    assert "адрес из браузера целиком" in hint.text
    without_state = await bridge.tg.send_text(411, without_query_parameter(address, "state"))
    hint = await bridge.tg.wait_for_bot_message(411, after=without_state)
    assert "адрес из браузера целиком" in hint.text
    assert len(token_calls(bridge.hh)) == before

    pasted = await bridge.tg.send_text(411, address)
    refused = await bridge.tg.wait_for_bot_message(411, after=pasted)
    assert "выдана другому пользователю" in refused.text
    told = await bridge.tg.wait_for_bot_message(412, contains="прислал мне другой пользователь",
                                                after=victim_link.message_id)
    assert told.url_of("Подключить").startswith(f"{bridge.hh.base_url}/oauth/authorize")
    assert [token.invalidated for token in bridge.hh.tokens_of(victim)] == [True]
    own_state = parse_qs(urlsplit(attacker_link.url_of("hh.ru")).query)["state"][0]
    forged = f"{bridge.url}/oauth/callback?code={code}&state={own_state}&flow={flow_of(own_state)}"
    pasted = await bridge.tg.send_text(411, forged)
    failed = await bridge.tg.wait_for_bot_message(411, after=pasted)
    assert "hh.ru не подтвердил вход" in failed.text
    assert await bridge.runtime.storage.run(accounts.of_user, 411) is None
    assert await bridge.runtime.storage.run(accounts.of_user, 412) is None


async def test_a_sign_in_address_inside_a_text_is_not_sent_on(bridge: Bridge) -> None:
    s = await scene(bridge, 404, invited=True)
    await s.press("Ответить")
    await prompt_after(s.tg, 404, s.card.message_id)
    leaks = [f"Вот адрес: {bridge.url}/oauth/callback?code=LEAKEDCODE&state=x",
             f"{bridge.url}/oauth/callback?code=LEAKEDCODE&state=x\nчто-то ещё",
             "bot.example/cb?code=LEAKEDCODE&state=x", "LEAKEDCODE0123456789"]
    for text in leaks:
        sent = await s.tg.send_text(404, text)
        await s.tg.wait_for_bot_message(404, contains="никому его не пересылаю", after=sent)
        sent = await s.tg.reply(404, s.card.message_id, text)
        await s.tg.wait_for_bot_message(404, contains="никому его не пересылаю", after=sent)
    closed = [m.text for m in s.tg.bot_messages(404) if "отменён" in m.text]
    assert closed == ["Ответ Петров Иван Сергеевич отменён: вы прислали другое сообщение. Чтобы написать его, "
                      "нажмите «Ответить» ещё раз."], "the first leak closed the prompt, the rest found none"
    assert not any("LEAKEDCODE" in (m.text or "") for m in s.hh.negotiation(s.negotiation).messages)


async def test_ordinary_words_cost_no_hh_call(bridge: Bridge) -> None:
    bridge.tg.add_user(413, language_code="ru")
    answer = await bridge.start_link(413)
    words = ["Supercalifragilistic", "A" * 16, "x" * 256, "some_identifier_like_this", "0123456789abcdef"]
    for word in words:
        sent = await bridge.tg.send_text(413, word)
        await bridge.tg.wait_for_bot_message(413, after=sent)
    assert token_calls(bridge.hh) == []
    status, _ = await browse(answer.url_of("hh.ru"), login=bridge.hh.add_employer_user().user_id)
    assert status == 200


async def test_a_new_start_ends_the_previous_link(bridge: Bridge) -> None:
    employer = bridge.hh.add_employer_user()
    bridge.tg.add_user(414, language_code="ru")
    first = await bridge.start_link(414)
    second = await bridge.start_link(414)
    status, page = await browse(first.url_of("hh.ru"), login=employer.user_id)
    assert status == 400 and "устарела" in page
    assert token_calls(bridge.hh) == []
    status, _ = await browse(second.url_of("hh.ru"), login=employer.user_id)
    assert status == 200 and len(token_calls(bridge.hh)) == 1


async def test_link_attempts_are_limited_per_user(bridge: Bridge) -> None:
    employer = bridge.hh.add_employer_user()
    bridge.tg.add_user(415, language_code="ru")
    pages = []
    for _ in range(11):
        pages.append(await browse(await link_url(bridge, 415), login=employer.user_id))
    assert [status for status, _ in pages] == [200] * 10 + [429]
    assert "Слишком много попыток" in pages[-1][1]
    assert len(token_calls(bridge.hh)) == 10
    bridge.clock.advance(61)
    assert (await browse(await link_url(bridge, 415), login=employer.user_id))[0] == 200


async def test_replies_are_limited_per_user(bridge: Bridge) -> None:
    s = await scene(bridge, 416, invited=True)
    for number in range(21):
        sent = await s.tg.reply(416, s.card.message_id, f"Сообщение {number}")
        await s.tg.wait_for_bot_message(416, after=sent)
    await s.tg.wait_for_bot_message(416, contains="Сообщение 20")
    posts = [r for r in s.hh.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert len(posts) == 20
    assert s.tg.bot_messages(416)[-2].text.startswith("Слишком много запросов к hh.ru за минуту")


async def test_a_forwarded_connect_button_signs_the_victim_in_but_links_nothing(bridge: Bridge) -> None:
    """Issue 22, attack (a): the attacker sends his connect link to a recruiter, who signs in and allows access."""
    hh, tg = bridge.hh, bridge.tg
    recruiter = hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Рога и копыта")
    tg.add_user(421, first_name="Ольга", language_code="ru", username="olga_hr")
    tg.add_user(422, first_name="Злоумышленник", language_code="ru", username="mallory")
    forwarded = await bridge.start_link(422)

    status, page = await bridge.browse(forwarded.url_of("hh.ru"), login=recruiter.user_id, confirm_as=None)
    assert status == 200 and "<h1>Подтвердите в Telegram</h1>" in page
    assert ("Вы вошли на hh.ru как Ольга Кадрова — работодатель, «Рога и копыта». Подключить этот аккаунт к себе "
            "просит Telegram-аккаунт Злоумышленник (@mallory, id 422).") in page
    assert await bridge.runtime.storage.run(accounts.of_user, 422) is None
    confirm = confirm_url_of(page)
    assert confirm is not None

    pressed = await tg.open_link(421, confirm)  # the button opens the recruiter's own Telegram
    refused = await tg.wait_for_bot_message(421, after=pressed)
    assert refused.text.startswith("Этот вход на hh.ru начал другой пользователь Telegram, поэтому я ничего не "
                                   "подключил и отозвал доступ")
    told = await tg.wait_for_bot_message(422, contains="подтвердили из другого Telegram-аккаунта",
                                         after=forwarded.message_id)
    assert told.url_of("Подключить").startswith(f"{hh.base_url}/oauth/authorize")
    assert [token.invalidated for token in hh.tokens_of(recruiter)] == [True]
    assert await bridge.runtime.storage.run(accounts.of_user, 422) is None
    assert await bridge.runtime.storage.run(accounts.of_user, 421) is None

    again = await tg.open_link(422, confirm)  # a confirmation is taken once, whoever had it
    unknown = await tg.wait_for_bot_message(422, after=again)
    assert "ссылка подтверждения недействительна или уже использована" in unknown.text
    assert await bridge.runtime.storage.run(accounts.of_user, 422) is None
    assert not any("link_" in (message.text or "") for message in tg.bot_messages(422))


async def test_a_forwarded_connect_button_in_english(bridge: Bridge) -> None:
    recruiter = bridge.hh.add_employer_user(first_name="Olga", last_name="Kadrova", company="Horns & Hooves")
    bridge.tg.add_user(425, first_name="Olga", language_code="en")
    bridge.tg.add_user(426, first_name="Mallory", language_code="en", username="mallory")
    forwarded = await bridge.start_link(426)
    status, page = await bridge.browse(forwarded.url_of("hh.ru"), login=recruiter.user_id, confirm_as=425)
    assert status == 200 and "The Telegram account Mallory (@mallory, id 426) asks to connect it." in page
    refused = await bridge.tg.wait_for_bot_message(425, contains="started by another Telegram user")
    assert "so I connected nothing and withdrew the access hh.ru granted" in refused.text
    await bridge.tg.wait_for_bot_message(426, contains="was confirmed from another Telegram account",
                                         after=forwarded.message_id)
    assert await bridge.runtime.storage.run(accounts.of_user, 426) is None


async def test_the_victim_pasting_the_address_of_a_forwarded_link_links_nothing(bridge: Bridge) -> None:
    """Attack (a) where the bot's page did not open: the recruiter pastes the address into her own chat."""
    recruiter = bridge.hh.add_employer_user(company="Рога и копыта")
    bridge.tg.add_user(427, language_code="ru")
    bridge.tg.add_user(428, language_code="ru")
    forwarded = await bridge.start_link(428)
    address = await consent_address(forwarded.url_of("hh.ru"), recruiter.user_id)
    pasted = await bridge.tg.send_text(427, address)
    refused = await bridge.tg.wait_for_bot_message(427, after=pasted)
    assert "выдана другому пользователю" in refused.text
    await bridge.tg.wait_for_bot_message(428, contains="прислал мне другой пользователь", after=forwarded.message_id)
    assert [token.invalidated for token in bridge.hh.tokens_of(recruiter)] == [True]
    pasted = await bridge.tg.send_text(428, address)  # the address handed on to the attacker is spent
    failed = await bridge.tg.wait_for_bot_message(428, after=pasted)
    assert "уже использована" in failed.text
    assert await bridge.runtime.storage.run(accounts.of_user, 428) is None
    assert await bridge.runtime.storage.run(accounts.of_user, 427) is None


async def test_a_leaked_code_under_the_attackers_own_state_links_nothing(bridge: Bridge) -> None:
    """Issue 22, attack (b): a recruiter's unused redirect address leaks; the attacker pairs its code with his own
    state, in the callback and pasted. The bot finds the state by the address's `flow`, so the code is spent under
    the recruiter's state; and made wholly his (his state and his flow), it fails at hh.ru, which issued the code for
    the recruiter's state's redirect URI only."""
    recruiter = bridge.hh.add_employer_user(company="Рога и копыта")
    bridge.tg.add_user(1431, language_code="ru")
    bridge.tg.add_user(1432, first_name="Злоумышленник", language_code="ru", username="mallory")
    recruiter_link = await bridge.start_link(1431)
    address = await consent_address(recruiter_link.url_of("hh.ru"), recruiter.user_id)  # never opened
    attacker_link = await bridge.start_link(1432)
    own_state = parse_qs(urlsplit(attacker_link.url_of("hh.ru")).query)["state"][0]

    forged = with_query_parameter(address, "state", own_state)  # the recruiter's `flow` kept, the attacker's state
    async with aiohttp.ClientSession() as browser, browser.get(forged) as callback:
        status, page = callback.status, await callback.text()
    assert status == 400 and "Ссылку для подключения изменили" in page and confirm_url_of(page) is None
    assert exchanged_under(bridge.hh) == [parse_qs(urlsplit(recruiter_link.url_of("hh.ru")).query)["redirect_uri"][0]]
    assert [token.invalidated for token in bridge.hh.tokens_of(recruiter)] == [True]
    told = await bridge.tg.wait_for_bot_message(1431, contains="остановил этот вход", after=recruiter_link.message_id)

    address = await consent_address(told.url_of("Подключить"), recruiter.user_id)  # her next address leaks too
    code = parse_qs(urlsplit(address).query)["code"][0]
    forged = f"{bridge.url}/oauth/callback?code={code}&state={own_state}&flow={flow_of(own_state)}"
    async with aiohttp.ClientSession() as browser, browser.get(forged) as callback:
        status, page = callback.status, await callback.text()
    assert status == 400 and "hh.ru не подтвердил вход" in page and confirm_url_of(page) is None
    assert exchanged_under(bridge.hh)[-1] == parse_qs(urlsplit(attacker_link.url_of("hh.ru")).query)["redirect_uri"][0]

    failed = await bridge.tg.wait_for_bot_message(1432, contains="hh.ru не подтвердил вход",
                                                  after=attacker_link.message_id)
    second_state = parse_qs(urlsplit(failed.url_of("Подключить")).query)["state"][0]
    assert second_state != own_state
    pasted = await bridge.tg.send_text(
        1432, f"{bridge.url}/oauth/callback?code={code}&state={second_state}&flow={flow_of(second_state)}")
    failed = await bridge.tg.wait_for_bot_message(1432, after=pasted)
    assert "hh.ru не подтвердил вход" in failed.text
    assert await bridge.runtime.storage.run(accounts.of_user, 1432) is None
    assert [token.invalidated for token in bridge.hh.tokens_of(recruiter)] == [True]


async def test_relinking_revokes_the_old_token(bridge: Bridge) -> None:
    first = bridge.hh.add_employer_user()
    second = bridge.hh.add_employer_user()
    await bridge.link(431, first.user_id)
    status, _ = await bridge.browse(await link_url(bridge, 431), login=second.user_id)
    assert status == 200
    await bridge.account_when(431, lambda account: account.profile.hh_user_id == second.user_id)
    await wait_until(lambda: [t.invalidated for t in bridge.hh.tokens_of(first)] == [True], what="the old token out")
    assert [t.invalidated for t in bridge.hh.tokens_of(second)] == [False]


async def test_in_a_group_the_bot_speaks_once_and_never_shows_account_data(bridge: Bridge) -> None:
    group = -1001234567890
    employer = bridge.hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Рога и копыта")
    await bridge.link(441, employer.user_id)
    bridge.tg.add_user(442, language_code="ru")
    bridge.tg.add_group(group, "Найм", members=[441, 442])
    bridge.tg.add_bot_to_group(group, by_user_id=441)
    for text in ("/start", "/status", "/status@hh_bridge_bot", "/help", "/unlink"):
        await bridge.tg.send_text(441, text, group_id=group)
    await bridge.tg.send_text(442, "/start", group_id=group)
    for user in (441, 442):
        sent = await bridge.tg.send_text(user, "/help")
        await bridge.tg.wait_for_bot_message(user, contains="/status", after=sent)
    said = [message.text for message in bridge.tg.bot_messages(group)]
    assert said == ["Чтобы новости вакансий с hh.ru приходили сюда, работодатель, подключивший hh.ru в личном чате "
                    "со мной, отправляет здесь /connect (он должен быть администратором группы)."]
    assert await bridge.runtime.storage.run(accounts.of_user, 441) is not None


async def test_a_used_link_hit_again_by_anyone_tells_its_owner_once(bridge: Bridge) -> None:
    employer = bridge.hh.add_employer_user()
    bridge.tg.add_user(451, language_code="ru")
    answer = await bridge.start_link(451)
    address = await consent_address(answer.url_of("hh.ru"), employer.user_id)
    async with aiohttp.ClientSession() as browser:
        for _ in range(4):
            async with browser.get(address) as page:
                assert page.status in (200, 400)
    await bridge.outbox_drained()
    said = [m.text for m in bridge.tg.bot_messages(451) if m.message_id > answer.message_id]
    assert [text.split(".")[0] for text in said] == ["Эта ссылка для подключения уже использована"]
    assert len(token_calls(bridge.hh)) == 1


async def test_someone_elses_address_past_its_time_is_spent_and_cannot_be_reused(bridge: Bridge) -> None:
    victim = bridge.hh.add_employer_user()
    bridge.tg.add_user(452, language_code="ru")
    bridge.tg.add_user(453, language_code="ru")
    victim_link = await bridge.start_link(452)
    bridge.clock.advance(9 * 60)  # the victim signs in late: the state nearly spent, the code new
    address = await consent_address(victim_link.url_of("hh.ru"), victim.user_id)
    bridge.clock.advance(2 * 60)
    attacker_link = await bridge.start_link(453)
    pasted = await bridge.tg.send_text(453, address)
    refused = await bridge.tg.wait_for_bot_message(453, after=pasted)
    assert "выдана другому пользователю" in refused.text
    await bridge.tg.wait_for_bot_message(452, contains="прислал мне другой пользователь", after=victim_link.message_id)
    spent = bridge.hh.tokens_of(victim)
    assert [token.invalidated for token in spent] == [True]

    code = address.split("code=")[1].split("&")[0]
    own_state = parse_qs(urlsplit(attacker_link.url_of("hh.ru")).query)["state"][0]
    pasted = await bridge.tg.send_text(
        453, f"{bridge.url}/oauth/callback?code={code}&state={own_state}&flow={flow_of(own_state)}")
    failed = await bridge.tg.wait_for_bot_message(453, after=pasted)
    assert "hh.ru не подтвердил вход" in failed.text
    assert await bridge.runtime.storage.run(accounts.of_user, 453) is None




# --- Telegram's webhook secret cannot be guessed -------------------------------------------------

GUESSES = string.ascii_letters + string.digits + "_-"
STRONG_SECRET = "S3cret_" + "x" * 25  # the shortest one allowed


def test_a_one_character_webhook_secret_is_refused() -> None:
    """Issue 22, review L3: wrong guesses are only counted, so a one-character secret fell in 64 requests."""
    with pytest.raises(ValidationError, match="webhook_secret"):
        Settings(_env_file=None, bot_token="1:x", hh_client_id="c", hh_client_secret="s",
                 hh_redirect_uri="https://b.example/cb", hh_user_agent="A/1 (a@b.c)",
                 webhook_url="https://b.example/tg", webhook_secret="a")


async def test_guessing_the_webhook_secret_gets_nowhere(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(mode="webhook", webhook_url="/tg/hook", webhook_secret=STRONG_SECRET)
    hh, tg = bridge.hh, bridge.tg
    _, vacancies, _ = await linked_employer(bridge, 9401)
    negotiation = hh.add_response(vacancies[0], ivan(hh), cover_letter="Добрый день!")
    hh.employer_action(negotiation, "invitation", message="Приглашаем.")
    card = await tg.wait_for_bot_message(9401, contains="Петров")
    await bridge.outbox_drained()
    forged = {"update_id": 990_000_001, "message": {
        "message_id": 10_000, "date": 1, "chat": {"id": 9401, "type": "private"}, "text": "Forged by a stranger",
        "from": {"id": 9401, "is_bot": False, "first_name": "Ольга"},
        "reply_to_message": {"message_id": card.message_id, "date": 1, "chat": {"id": 9401, "type": "private"},
                             "from": {"id": tg.bot_id, "is_bot": True, "first_name": "bot"}, "text": "x"}}}
    posts_before = len([r for r in hh.requests if r.method == "POST"])
    async with aiohttp.ClientSession() as session:
        answers = []
        for guess in [*GUESSES, STRONG_SECRET[:-1]]:
            async with session.post(f"{bridge.url}/tg/hook", json=forged,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": guess}) as response:
                answers.append(response.status)
        assert answers == [401] * (len(GUESSES) + 1)
        assert len([r for r in hh.requests if r.method == "POST"]) == posts_before
        async with session.post(f"{bridge.url}/tg/hook", json=forged,  # the same update with the secret: it works
                                headers={"X-Telegram-Bot-Api-Secret-Token": STRONG_SECRET}) as response:
            assert response.status == 200
    await wait_until(lambda: hh.negotiation(negotiation).messages[-1].text == "Forged by a stranger",
                     what="the update with the right secret to reach hh.ru")
