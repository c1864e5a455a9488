"""Issue 15 in Telegram's webhook mode: the team features walked through the real bot, every update (messages,
button presses, the bot's own membership) reaching it as a POST to its webhook instead of through getUpdates."""

from __future__ import annotations

from bot.testing.fake_telegram import FakeTelegram
from storage import group_links, vacancy_topics
from storage.group_links import WhoActs
from tests.conftest import Bridge, StartBridge, eventually
from tests.e2e.test_delivery import ivan
from tests.e2e.test_group_team import REFUSED, hh_actions, moscow_minutes, shown
from tests.e2e.test_groups import COLLEAGUE, FORUM, OWNER, bot_texts_after, connected
from tests.e2e.test_quiet import around_now, say
from tests.e2e.test_work_accounts import CHAT, buttons, team

STRANGER = 704  # a plain member of the group: by default only administrators act there
GONE = ("Группа «Найм» больше недоступна (меня удалили из неё, или её больше нет). "
        "Новости её вакансий снова приходят сюда.")


async def webhook_bridge(start_bridge: StartBridge) -> Bridge:
    bridge = await start_bridge(mode="webhook", webhook_url="/telegram/webhook",
                                webhook_secret="teams-webhook-secret_0123456789abcdef")
    assert bridge.tg.webhook_url == f"{bridge.url}/telegram/webhook"
    return bridge


def only_through_the_webhook(tg: FakeTelegram) -> None:
    """Every update reached the bot as an accepted POST to its webhook, none through getUpdates."""
    assert tg.calls("getUpdates") == []
    deliveries = tg.webhook_deliveries
    assert deliveries and {(d.status, d.error) for d in deliveries} == {(200, None)}
    assert tg.pending_update_count == 0


async def test_a_forum_team_works_through_the_webhook(start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge)
    tg, hh = bridge.tg, bridge.hh

    # /connect in the forum, confirmed in private (a callback query)
    team = await connected(bridge, FORUM, forum=True)
    link = await bridge.runtime.storage.run(group_links.active_of_owner, OWNER)
    assert link is not None and (link.chat_id, link.title, link.is_forum, link.who_acts) == (
        FORUM, "Найм", True, WhoActs.ADMINS)

    # a new response goes into a topic named after its vacancy
    (vacancy,) = team.vacancies
    negotiation = hh.add_response(vacancy, ivan(hh), cover_letter="Добрый день!")
    card = await tg.wait_for_bot_message(FORUM, contains="Петров")
    invited = hh.add_response(vacancy, hh.add_applicant_user(first_name="Мария", last_name="Иванова"))
    hh.employer_action(invited, "invitation", message="Приглашаем на собеседование.")
    invited_card = await tg.wait_for_bot_message(FORUM, contains="Иванова")
    await bridge.outbox_drained()
    assert card.message_thread_id is not None and invited_card.message_thread_id == card.message_thread_id
    assert [(topic.name, topic.message_thread_id) for topic in tg.forum_topics(FORUM)] == [
        ("Python-разработчик", card.message_thread_id)]
    assert [(call.params["chat_id"], call.params["name"]) for call in tg.calls("createForumTopic")] == [
        (FORUM, "Python-разработчик")]
    assert await bridge.runtime.storage.run(vacancy_topics.get, FORUM, vacancy.vacancy_id) == card.message_thread_id
    assert [text for text in bot_texts_after(tg, OWNER, team.last_private) if "Петров" in text or "Иванова" in text
            ] == []

    # a member the owner does not allow presses a button: refused before any hh.ru call
    tg.add_user(STRANGER, "Пётр", language_code="ru", username="petr")
    tg.add_group_member(FORUM, STRANGER)
    tg.set_member_status(FORUM, STRANGER, "member")
    before = hh_actions(team)
    query = await tg.press(STRANGER, card.message_id, card.callback_data("Подумать"), group_id=FORUM)
    await tg.wait_for(lambda: query in tg.callback_answers, description="the answer to the refused press")
    answer = tg.callback_answers[query]
    assert (answer.text, answer.show_alert) == (REFUSED.format(who="администраторы группы"), True)
    await bridge.outbox_drained()
    assert hh_actions(team) == before
    assert shown(team, card) == card

    # an administrator presses it: hh.ru is asked with the owner's token, the card says who and when
    tg.set_member_status(FORUM, COLLEAGUE, "administrator")
    times = moscow_minutes(bridge, "Europe/Moscow")
    await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=FORUM)
    await tg.wait_for(lambda: "Статус: Подумать" in shown(team, card).text, description="the card changed")
    assert [user for _, user in hh_actions(team)[len(before):]] == [team.employer.user_id]
    assert hh.negotiation(negotiation).employer_state == "consider"
    assert shown(team, card).text.splitlines()[-1] in {f"Подумать — @anna · {time}" for time in times}

    # a reply in the topic to an invited candidate's card reaches that negotiation
    sent = await tg.reply(COLLEAGUE, invited_card.message_id, "Подтвердите, пожалуйста, время.", group_id=FORUM)
    done = await tg.wait_for_bot_message(FORUM, contains="Отправлено на hh.ru", after=sent)
    assert (done.message_thread_id, done.reply_to_message_id) == (card.message_thread_id, sent)
    assert [(m.author, m.text) for m in hh.negotiation(invited).messages[-1:]] == [
        ("employer", "Подтвердите, пожалуйста, время.")]
    assert hh_actions(team)[-1][1] == team.employer.user_id

    # the bot removed (my_chat_member): the connection ends at once, before anything is sent there
    group_before = tg.bot_messages(FORUM)[-1].message_id
    tg.remove_bot_from_group(FORUM, by_user_id=OWNER)

    async def ended() -> bool | None:
        return await bridge.runtime.storage.run(group_links.of_owner, OWNER) == [] or None

    await eventually(ended, what="the connection to end")
    told = await tg.wait_for_bot_message(OWNER, contains="больше недоступна", after=team.last_private)
    assert told.text == GONE

    # later news goes to the owner's private chat, silently in quiet hours
    quiet_range, _ = around_now(bridge, quiet=True)
    quiet = await say(tg, OWNER, f"/quiet {quiet_range} Europe/Moscow", contains="Тихие часы")
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Олег", last_name="Сидоров"), cover_letter="Привет")
    private = await tg.wait_for_bot_message(OWNER, contains="Сидоров", after=quiet.message_id)
    assert private.text.startswith("🆕 Новый отклик на вакансию Python-разработчик")
    assert (private.message_thread_id, private.disable_notification) == (None, True)
    await bridge.outbox_drained()
    assert bot_texts_after(tg, FORUM, group_before) == []
    only_through_the_webhook(tg)


async def test_a_manager_with_two_work_accounts_through_the_webhook(start_bridge: StartBridge) -> None:
    bridge = await webhook_bridge(start_bridge)
    tg, hh = bridge.tg, bridge.hh
    t = await team(bridge)
    question = await t.question()  # asked at link time, answered with its buttons (callback queries)
    assert question.text.startswith("У вас на hh.ru несколько рабочих аккаунтов. Отметьте, за какими следить")
    assert buttons(question) == ["✅ Рога и копыта", "▫️ Бета", "Готово"]
    chosen = await t.choose("Бета")
    assert (chosen.text, buttons(chosen)) == (
        "Слежу за рабочими аккаунтами: «Рога и копыта», «Бета». Изменить выбор: /accounts", [])
    summary = await t.beta_known(chosen)

    since = len(hh.requests)
    negotiation = hh.add_response(t.beta_vacancy, ivan(hh), cover_letter="Хочу к вам в Бету.")
    card = await tg.wait_for_bot_message(CHAT, contains="Хочу к вам в Бету", after=summary.message_id, timeout=10)
    assert card.text.startswith("🏢 Бета\n🆕 Новый отклик на вакансию Python-разработчик")
    await bridge.outbox_drained()
    reads = [r for r in t.calls(since) if r.path.startswith(f"/negotiations/{negotiation.negotiation_id}")]
    assert reads and {r.manager_account_id for r in reads} == {t.beta.account_id}

    since = len(hh.requests)
    await t.press(card, "Подумать")
    await tg.wait_for(lambda: "Статус: Подумать" in t.shown(card).text, description="the card's new state")
    puts = [r for r in t.calls(since) if r.method == "PUT" and not r.path.endswith("/read")]
    assert [(r.status, r.manager_account_id) for r in puts] == [(204, t.beta.account_id)]
    assert hh.negotiation(negotiation).employer_state == "consider"
    only_through_the_webhook(tg)
