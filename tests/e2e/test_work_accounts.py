"""Issue 15, items 10-11: an employer with several hh.ru work accounts chooses which to follow; every call for one
carries its `X-Manager-Account-Id`, its news is labelled with its company, and a lost one is explained."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.testing.fake_hh import EmployerUser, ManagerAccount, Vacancy
from bot.testing.fake_hh.traffic import RequestRecord
from bot.testing.fake_telegram import ChatMessage
from storage.hh_subscriptions import SubscriptionState
from tests.conftest import Bridge, StartBridge
from tests.e2e.test_webhooks import subscription_state

ASKED = "несколько рабочих аккаунтов"
CHAT = 1501


@dataclass
class Team:
    """Ольга: primary work account at «Рога и копыта», a second one at «Бета»; a vacancy at each."""

    bridge: Bridge
    olga: EmployerUser
    alpha: ManagerAccount
    beta: ManagerAccount
    alpha_vacancy: Vacancy
    beta_vacancy: Vacancy
    confirmation: ChatMessage

    async def question(self) -> ChatMessage:
        return await self.bridge.tg.wait_for_bot_message(CHAT, contains=ASKED, after=self.confirmation.message_id)

    def shown(self, message: ChatMessage) -> ChatMessage:
        return next(m for m in self.bridge.tg.chat(CHAT) if m.message_id == message.message_id)

    async def press(self, message: ChatMessage, label: str) -> str:
        tg = self.bridge.tg
        query = await tg.press(CHAT, message.message_id, self.shown(message).callback_data(label))
        await tg.wait_for(lambda: query in tg.callback_answers, description=f"answer to {label!r}")
        return query

    async def toggle(self, question: ChatMessage, label: str) -> None:
        """Presses a work account's button and waits until the keyboard shows the change."""
        before = buttons(self.shown(question))
        await self.press(question, label)
        await self.bridge.tg.wait_for(lambda: buttons(self.shown(question)) != before, description=f"{label!r} toggled")

    async def choose(self, *labels: str) -> ChatMessage:
        """Ticks `labels` on the question, presses «Готово», and waits for the confirmation."""
        question = await self.question()
        for label in labels:
            await self.toggle(question, label)
        await self.press(question, "Готово")
        await self.bridge.tg.wait_for(lambda: "Слежу за" in self.shown(question).text, description="the choice")
        return self.shown(question)

    async def beta_known(self, after: ChatMessage) -> ChatMessage:
        """Waits for the newly followed «Бета» to be looked at first (its summary): news after that is pushed."""
        return await self.bridge.tg.wait_for_bot_message(CHAT, contains="🏢 Бета\nАккаунт на связи",
                                                         after=after.message_id, timeout=10)

    def calls(self, since: int = 0) -> list[RequestRecord]:
        return [r for r in self.bridge.hh.requests[since:] if r.user_id == self.olga.user_id]


async def team(bridge: Bridge) -> Team:
    hh = bridge.hh
    olga = hh.add_employer_user("Ольга", company="Рога и копыта", extra_companies=["Бета"])
    alpha, beta = olga.accounts
    alpha_vacancy = hh.add_vacancy(olga, "Аналитик")
    beta_vacancy = hh.add_vacancy(beta, "Python-разработчик")
    confirmation = await bridge.link(CHAT, olga.user_id)
    return Team(bridge, olga, alpha, beta, alpha_vacancy, beta_vacancy, confirmation)


def buttons(message: ChatMessage) -> list[str]:
    return [button["text"] for row in message.buttons() for button in row]


def belongs_to_beta(record: RequestRecord, team: Team) -> bool:
    ids = (team.beta.employer_id, team.beta_vacancy.vacancy_id)
    return any(value in record.path or value in record.query.values() for value in ids)


async def test_linking_asks_which_work_accounts_to_follow_with_the_primary_one_ticked(bridge: Bridge) -> None:
    t = await team(bridge)
    question = await t.question()
    assert question.text.startswith("У вас на hh.ru несколько рабочих аккаунтов. Отметьте, за какими следить")
    assert buttons(question) == ["✅ Рога и копыта", "▫️ Бета", "Готово"]
    await t.toggle(question, "Рога и копыта")
    unticked = ["▫️ Рога и копыта", "▫️ Бета", "Готово"]
    assert buttons(t.shown(question)) == unticked
    answer = await t.press(question, "Готово")
    assert bridge.tg.callback_answers[answer].text == "Отметьте хотя бы один аккаунт."
    assert buttons(t.shown(question)) == unticked
    chosen = await t.choose("Бета", "Рога и копыта")
    assert (chosen.text, buttons(chosen)) == (
        "Слежу за рабочими аккаунтами: «Рога и копыта», «Бета». Изменить выбор: /accounts", [])
    assert [r.path for r in t.calls() if r.path == "/manager_accounts/mine"] == ["/manager_accounts/mine"]
    sent = await bridge.tg.send_text(CHAT, "/accounts")
    again = await bridge.tg.wait_for_bot_message(CHAT, contains=ASKED, after=sent)
    assert buttons(again) == ["✅ Рога и копыта", "✅ Бета", "Готово"]


async def test_each_followed_account_is_checked_with_its_header_and_its_news_labelled(bridge: Bridge) -> None:
    t = await team(bridge)
    chosen = await t.choose("Бета")
    await t.beta_known(chosen)
    since = len(bridge.hh.requests)
    applicant = bridge.hh.add_applicant_user(first_name="Иван", last_name="Петров")
    bridge.hh.add_response(t.beta_vacancy, applicant, cover_letter="Хочу к вам в Бету.")
    beta_card = await bridge.tg.wait_for_bot_message(CHAT, contains="Хочу к вам в Бету", after=chosen.message_id,
                                                     timeout=10)
    assert beta_card.text.startswith("🏢 Бета\n🆕 Новый отклик на вакансию Python-разработчик")
    bridge.hh.add_response(t.alpha_vacancy, applicant, cover_letter="И в аналитики тоже.")
    alpha_card = await bridge.tg.wait_for_bot_message(CHAT, contains="И в аналитики", after=chosen.message_id,
                                                      timeout=10)
    assert alpha_card.text.startswith("🏢 Рога и копыта\n🆕 Новый отклик на вакансию Аналитик")
    calls = t.calls(since)
    assert calls and all(r.status < 400 for r in calls), [(r.path, r.status) for r in calls if r.status >= 400]
    assert {r.manager_account_id for r in calls} == {t.alpha.account_id, t.beta.account_id}
    assert {r.manager_account_id for r in calls if belongs_to_beta(r, t)} == {t.beta.account_id}
    negotiation_calls = [r for r in calls if r.path.startswith("/negotiations/")]
    assert negotiation_calls and all(r.manager_account_id is not None for r in negotiation_calls)


@pytest.mark.parametrize("chats", [False, True])
async def test_an_action_and_a_reply_on_the_second_accounts_card_go_with_its_header(bridge: Bridge,
                                                                                    chats: bool) -> None:
    t = await team(bridge)
    chosen = await t.choose("Бета")
    await t.beta_known(chosen)
    start = len(bridge.hh.requests)
    if chats:
        bridge.hh.enable_chats()
    applicant = bridge.hh.add_applicant_user(first_name="Иван", last_name="Петров")
    negotiation = bridge.hh.add_response(t.beta_vacancy, applicant, cover_letter="Хочу к вам в Бету.")
    card = await bridge.tg.wait_for_bot_message(CHAT, contains="Хочу к вам в Бету", after=chosen.message_id,
                                                timeout=10)
    await bridge.outbox_drained()
    since = len(bridge.hh.requests)
    await t.press(card, "Пригласить")
    prompt = await bridge.tg.wait_for_bot_message(CHAT, contains="✍️", after=card.message_id)
    typed = await bridge.tg.send_text(CHAT, "Ждём вас в среду.")
    preview = await bridge.tg.wait_for_bot_message(CHAT, contains="📝", after=typed)
    await t.press(preview, "Отправить")
    await bridge.tg.wait_for(lambda: "Статус:" in t.shown(card).text, description="the card's new state")
    assert t.shown(card).text.startswith("🏢 Бета\n🆕 Новый отклик")
    puts = [r for r in t.calls(since) if r.method == "PUT" and not r.path.endswith("/read")]
    assert [(r.status, r.manager_account_id, r.form) for r in puts] == [
        (204, t.beta.account_id, {"message": "Ждём вас в среду."})]
    acting = [r for r in t.calls(since) if not r.path.startswith("/employers/")]  # polls of both go on meanwhile
    assert {(r.status < 300, r.manager_account_id) for r in acting} == {(True, t.beta.account_id)}
    assert prompt.text.startswith("✍️ «Пригласить» · Петров Иван")
    assert bridge.hh.negotiation(negotiation).employer_state == "interview"
    since = len(bridge.hh.requests)
    sent = await bridge.tg.reply(CHAT, card.message_id, "Подтвердите, пожалуйста, время.")
    await bridge.tg.wait_for_bot_message(CHAT, contains="Отправлено на hh.ru", after=sent)
    posts = [(r.path.startswith("/common/chats/"), r.status < 300, r.manager_account_id)
             for r in t.calls(since) if r.method == "POST"]
    assert posts == [(chats, True, t.beta.account_id)]
    assert bridge.hh.negotiation(negotiation).messages[-1].text == "Подтвердите, пожалуйста, время."
    assert [(r.path, r.status) for r in t.calls(start) if r.status >= 300] == []
    assert {r.manager_account_id for r in t.calls(start) if r.path.endswith("/read")} == (
        {t.beta.account_id} if chats else set())


async def test_a_lost_work_account_is_explained_and_the_allowed_ones_are_offered(bridge: Bridge) -> None:
    t = await team(bridge)
    chosen = await t.beta_known(await t.choose("Бета"))
    bridge.hh.revoke_manager_account(t.beta)
    told = await bridge.tg.wait_for_bot_message(CHAT, contains="Бета", after=chosen.message_id, timeout=10)
    assert told.text == (
        "hh.ru больше не даёт действовать от имени рабочего аккаунта «Бета» — доступ к нему закрыт. "
        "Его новости больше не приходят.\n\n"
        "Вот аккаунты, доступные сейчас: отметьте, за какими следить, и нажмите «Готово».")
    assert buttons(told) == ["✅ Рога и копыта", "Готово"]
    applicant = bridge.hh.add_applicant_user(first_name="Иван", last_name="Петров")
    bridge.hh.add_response(t.alpha_vacancy, applicant, cover_letter="Я всё ещё тут.")
    card = await bridge.tg.wait_for_bot_message(CHAT, contains="Я всё ещё тут", after=told.message_id, timeout=10)
    assert card.text.startswith("🆕 Новый отклик на вакансию Аналитик")
    assert len([m for m in bridge.tg.chat(CHAT) if "доступ к нему закрыт" in m.text]) == 1


async def test_until_chosen_the_primary_account_is_checked_as_before(bridge: Bridge) -> None:
    t = await team(bridge)
    question = await t.question()
    summary = await bridge.tg.wait_for_bot_message(CHAT, contains="Аккаунт на связи", after=question.message_id)
    assert summary.text.startswith("Аккаунт на связи")
    applicant = bridge.hh.add_applicant_user(first_name="Иван", last_name="Петров")
    bridge.hh.add_response(t.beta_vacancy, applicant, cover_letter="Хочу к вам в Бету.")
    bridge.hh.add_response(t.alpha_vacancy, applicant, cover_letter="И в аналитики тоже.")
    card = await bridge.tg.wait_for_bot_message(CHAT, contains="И в аналитики", after=summary.message_id, timeout=10)
    assert card.text.startswith("🆕 Новый отклик на вакансию Аналитик")
    assert not [m for m in bridge.tg.chat(CHAT) if "Хочу к вам в Бету" in m.text]
    assert {r.manager_account_id for r in t.calls() if r.path != "/manager_accounts/mine"} == {None}


async def test_a_single_account_employer_is_not_asked_and_not_labelled(bridge: Bridge) -> None:
    hh = bridge.hh
    solo = hh.add_employer_user("Пётр", company="Гамма")
    vacancy = hh.add_vacancy(solo, "Тестировщик")
    confirmation = await bridge.link(CHAT, solo.user_id)
    summary = await bridge.tg.wait_for_bot_message(CHAT, contains="Аккаунт на связи", after=confirmation.message_id)
    applicant = hh.add_applicant_user(first_name="Иван", last_name="Петров")
    hh.add_response(vacancy, applicant, cover_letter="Возьмите меня.")
    card = await bridge.tg.wait_for_bot_message(CHAT, contains="Возьмите меня", after=summary.message_id)
    assert card.text.startswith("🆕 Новый отклик на вакансию Тестировщик")
    assert not [m for m in bridge.tg.chat(CHAT) if ASKED in m.text or "🏢" in m.text]
    calls = [r for r in hh.requests if r.user_id == solo.user_id]
    assert [r.path for r in calls if r.path == "/manager_accounts/mine"] == []
    assert {r.manager_account_id for r in calls} == {None}
    sent = await bridge.tg.send_text(CHAT, "/accounts")
    answer = await bridge.tg.wait_for_bot_message(CHAT, after=sent)
    assert (answer.text, buttons(answer)) == ("У вас на hh.ru один рабочий аккаунт — выбирать нечего.", [])


async def test_with_webhooks_a_second_work_account_is_still_polled(start_bridge: StartBridge) -> None:
    """hh.ru's webhooks are not known to cover a manager's other work accounts (the fake's do not): an account
    following one keeps the poll interval even with a confirmed subscription."""
    bridge = await start_bridge(hh_webhook_url="/hh/webhook", poll_interval=0.5, hh_webhook_fallback_interval=3600.0)
    t = await team(bridge)
    chosen = await t.beta_known(await t.choose("Бета"))
    await subscription_state(bridge, CHAT, SubscriptionState.ACTIVE)
    checks = bridge.runtime.scheduler.checks
    await bridge.checks(2)
    applicant = bridge.hh.add_applicant_user(first_name="Иван", last_name="Петров")
    bridge.hh.add_response(t.beta_vacancy, applicant, cover_letter="Хочу к вам в Бету.")
    card = await bridge.tg.wait_for_bot_message(CHAT, contains="Хочу к вам в Бету", after=chosen.message_id,
                                                timeout=10)
    assert card.text.startswith("🏢 Бета\n🆕") and bridge.runtime.scheduler.checks > checks
