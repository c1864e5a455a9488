"""Issue 15, points 6-8: a connected group acts as a team. Who may press and reply is the owner's choice; hh.ru
sees the owner; a changed card says who did what and when; a reply in a vacancy's topic reaches the candidate."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.testing.fake_hh import Negotiation
from bot.testing.fake_telegram import ChatMessage, FakeTelegram
from storage import group_links, vacancy_routes
from storage.group_links import WhoActs
from storage.vacancy_routes import Destination
from tests.conftest import Bridge
from tests.e2e.test_delivery import ivan
from tests.e2e.test_groups import COLLEAGUE, FORUM, OWNER, PLAIN, SECOND, Team, connected, group_of, shared

REFUSED = "Извините, в этой группе действовать по откликам могут {who}."


async def team_with_card(bridge: Bridge, group: int, *, forum: bool = False, invited: bool = False) -> tuple[
        Team, ChatMessage, Negotiation]:
    team = await connected(bridge, group, forum=forum)
    negotiation = team.hh.add_response(team.vacancies[0], ivan(team.hh), cover_letter="Добрый день!")
    if invited:
        team.hh.employer_action(negotiation, "invitation", message="Приглашаем на собеседование.")
    card = await team.tg.wait_for_bot_message(group, contains="Петров")
    await bridge.outbox_drained()
    return team, card, negotiation


def shown(team: Team, message: ChatMessage) -> ChatMessage:
    return next(m for m in team.tg.chat(team.group) if m.message_id == message.message_id)


async def answer_and_send(tg: FakeTelegram, person: int, prompt: int, text: str, *, group: int | None = None) -> int:
    """`person` answers the prompt (a reply to it in a group, plain text in private) and presses «Отправить» under
    the preview that comes under their text; the id of their text."""
    chat = person if group is None else group
    sent = await (tg.send_text(person, text) if group is None else tg.reply(person, prompt, text, group_id=group))
    preview = await tg.wait_for_bot_message(chat, contains="📝", after=sent)
    assert preview.reply_to_message_id == sent
    await tg.press(person, preview.message_id, preview.callback_data("Отправить"), group_id=group)
    return sent


def hh_actions(team: Team) -> list[tuple[str, str | None]]:
    """Changes asked of hh.ru about negotiations, and whose token asked."""
    return [(request.path, request.user_id) for request in team.hh.requests
            if request.method in ("PUT", "POST") and "/negotiations" in request.path]


@pytest.mark.parametrize(("who", "status", "allowed"), [
    (WhoActs.ADMINS, "administrator", True),
    (WhoActs.ADMINS, "member", False),
    (WhoActs.OWNER, "administrator", False),
    (WhoActs.MEMBERS, "member", True),
    (WhoActs.MEMBERS, "restricted", True),
])
async def test_who_may_press_is_the_owners_choice(bridge: Bridge, who: WhoActs, status: str, allowed: bool) -> None:
    team, card, _ = await team_with_card(bridge, PLAIN)
    tg = team.tg
    await bridge.runtime.storage.run(group_links.set_who_acts, PLAIN, OWNER, who)
    tg.set_member_status(PLAIN, COLLEAGUE, status)
    before = hh_actions(team)
    query = await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=PLAIN)
    await tg.wait_for(lambda: query in tg.callback_answers, description="the answer to the press")
    if allowed:
        await tg.wait_for(lambda: "Статус: Подумать" in shown(team, card).text, description="the card changed")
        assert [user for _, user in hh_actions(team)[len(before):]] == [team.employer.user_id], "hh.ru sees the owner"
        return
    answer = tg.callback_answers[query]
    labels = {WhoActs.OWNER: "только владелец аккаунта hh.ru", WhoActs.ADMINS: "администраторы группы"}
    assert (answer.text, answer.show_alert) == (REFUSED.format(who=labels[who]), True)
    await bridge.outbox_drained()
    assert hh_actions(team) == before, "a refused press makes no hh.ru call"
    assert shown(team, card).text == card.text


async def test_a_refused_reply_makes_no_hh_call(bridge: Bridge) -> None:
    team, card, negotiation = await team_with_card(bridge, PLAIN, invited=True)
    tg = team.tg
    tg.set_member_status(PLAIN, COLLEAGUE, "member")
    messages = len(team.hh.negotiation(negotiation).messages)
    sent = await tg.reply(COLLEAGUE, card.message_id, "Когда вам удобно?", group_id=PLAIN)
    refusal = await tg.wait_for_bot_message(PLAIN, after=sent)
    assert refusal.text == REFUSED.format(who="администраторы группы")
    assert refusal.reply_to_message_id == sent
    assert len(team.hh.negotiation(negotiation).messages) == messages


def moscow_minutes(bridge: Bridge, zone: str) -> set[str]:
    """The bot clock's time now and a minute on (a test may cross a minute)."""
    now = bridge.clock.now()
    return {datetime.fromtimestamp(at, ZoneInfo(zone)).strftime("%H:%M") for at in (now, now + 60)}


@pytest.mark.parametrize(("zone", "quiet"), [
    ("Europe/Moscow", None), ("Asia/Novosibirsk", "/quiet zone Asia/Novosibirsk")])
async def test_a_changed_card_shows_who_did_what_and_when(bridge: Bridge, zone: str, quiet: str | None) -> None:
    team, card, _ = await team_with_card(bridge, PLAIN)
    tg = team.tg
    if quiet is not None:
        sent = await tg.send_text(OWNER, quiet)
        await tg.wait_for_bot_message(OWNER, contains="Часовой пояс", after=sent)
    tg.set_member_status(PLAIN, COLLEAGUE, "administrator")
    times = moscow_minutes(bridge, zone)
    await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=PLAIN)
    await tg.wait_for(lambda: "Статус: Подумать" in shown(team, card).text, description="the card changed")
    last = shown(team, card).text.splitlines()[-1]
    assert last in {f"Подумать — @anna · {time}" for time in times}


async def test_a_reply_in_a_vacancy_topic_reaches_the_candidate(bridge: Bridge) -> None:
    team, card, negotiation = await team_with_card(bridge, FORUM, forum=True, invited=True)
    tg = team.tg
    tg.set_member_status(FORUM, COLLEAGUE, "administrator")
    talk = await tg.send_text(COLLEAGUE, "Кто возьмёт этого кандидата?", group_id=FORUM,
                              thread_id=card.message_thread_id)
    sent = await tg.reply(COLLEAGUE, card.message_id, "Подтвердите, пожалуйста, время.", group_id=FORUM)
    done = await tg.wait_for_bot_message(FORUM, contains="Отправлено на hh.ru", after=sent)
    assert done.message_thread_id == card.message_thread_id and done.reply_to_message_id == sent
    view = team.hh.negotiation(negotiation)
    assert [(m.author, m.text) for m in view.messages[-1:]] == [("employer", "Подтвердите, пожалуйста, время.")]
    assert all(m.text != "Кто возьмёт этого кандидата?" for m in view.messages)
    # the colleague's updates are handled in order, so the talk before the reply has been handled by now
    assert [m.text for m in tg.bot_messages(FORUM) if m.reply_to_message_id == talk] == [], \
        "the team talking in the topic is not the bot's business"
    assert hh_actions(team)[-1][1] == team.employer.user_id


async def test_a_prompt_opened_in_the_group_is_answered_by_replying_to_it(bridge: Bridge) -> None:
    team, card, negotiation = await team_with_card(bridge, PLAIN)
    tg = team.tg
    tg.set_member_status(PLAIN, COLLEAGUE, "administrator")
    await tg.press(COLLEAGUE, card.message_id, card.callback_data("Пригласить"), group_id=PLAIN)
    prompt = await tg.wait_for_bot_message(PLAIN, contains="✍️", after=card.message_id)
    said = await tg.send_text(OWNER, "Пишу приглашение", group_id=PLAIN)  # no reply: not the bot's business
    sent = await answer_and_send(tg, COLLEAGUE, prompt.message_id, "Ждём вас в среду в 11:00.", group=PLAIN)
    await tg.wait_for(lambda: "Статус: Собеседование" in shown(team, card).text, description="the card changed")
    assert team.hh.negotiation(negotiation).messages[-1].text == "Ждём вас в среду в 11:00."
    await tg.wait_for_bot_message(PLAIN, contains="✅", after=sent)
    assert [m.text.split(" — ")[0] for m in tg.bot_messages(PLAIN) if m.reply_to_message_id in (said, sent)] == [
        "✅ «Пригласить» · Петров Иван Сергеевич"], "the answer under the text, none under the talk"


async def test_a_prompt_opened_in_the_group_is_never_answered_from_the_private_chat(bridge: Bridge) -> None:
    team, card, negotiation = await team_with_card(bridge, PLAIN)
    tg = team.tg
    tg.set_member_status(PLAIN, COLLEAGUE, "administrator")
    await tg.press(COLLEAGUE, card.message_id, card.callback_data("Пригласить"), group_id=PLAIN)
    prompt = await tg.wait_for_bot_message(PLAIN, contains="✍️", after=card.message_id)
    before = hh_actions(team)
    private = await tg.send_text(OWNER, "Это для другого кандидата")
    await tg.wait_for_bot_message(OWNER, after=private)
    cancelled = await tg.send_text(OWNER, "/cancel")
    await tg.wait_for_bot_message(OWNER, contains="Отменять нечего", after=cancelled)
    assert (hh_actions(team), team.hh.negotiation(negotiation).employer_state) == (before, "response")
    await answer_and_send(tg, COLLEAGUE, prompt.message_id, "Ждём вас в среду в 11:00.", group=PLAIN)
    await tg.wait_for(lambda: "Статус: Собеседование" in shown(team, card).text, description="the card changed")
    assert [m.text for m in team.hh.negotiation(negotiation).messages[-1:]] == ["Ждём вас в среду в 11:00."]


# --- a group shared by several owners, and prompts per person ----------------------------------------------------

BORIS = 705


async def cards_of(bridge: Bridge, *, owners: str, invited: bool = False) -> tuple[Team, list[ChatMessage],
                                                                                list[Negotiation], list[str]]:
    """Two candidates' cards in PLAIN: both of OWNER's vacancy ("one owner"), or one of OWNER's and one of SECOND's
    ("two owners"); with the hh.ru users whose tokens act on each. Anna and Boris are administrators there."""
    if owners == "two owners":
        team, second, vacancy = await shared(bridge, PLAIN)
        vacancies, acting = [team.vacancies[0], vacancy], [team.employer.user_id, second.user_id]
    else:
        team = await connected(bridge, PLAIN)
        vacancies, acting = [team.vacancies[0]] * 2, [team.employer.user_id] * 2
    tg, hh = team.tg, team.hh
    tg.add_user(BORIS, "Борис", language_code="ru", username="boris")
    tg.add_group_member(PLAIN, BORIS)
    for person in (COLLEAGUE, BORIS):
        tg.set_member_status(PLAIN, person, "administrator")
    people = [ivan(hh), hh.add_applicant_user(first_name="Мария", last_name="Иванова")]
    negotiations = [hh.add_response(vacancy, person, cover_letter="Добрый день!")
                    for vacancy, person in zip(vacancies, people, strict=True)]
    if invited:
        for negotiation in negotiations:
            hh.employer_action(negotiation, "invitation", message="Приглашаем на собеседование.")
    cards = [await tg.wait_for_bot_message(PLAIN, contains=name) for name in ("Петров", "Иванова")]
    await bridge.outbox_drained()
    return team, cards, negotiations, list(acting)


def prompt_about(team: Team, name: str, after: int) -> ChatMessage | None:
    return next((m for m in team.tg.bot_messages(team.group)
                 if m.message_id > after and "✍️" in m.text and name in m.text), None)


async def open_prompts(team: Team, cards: list[ChatMessage], people: list[int]) -> list[ChatMessage]:
    """Each person presses «Пригласить» on their card, at once; their prompts."""
    tg, after = team.tg, max(card.message_id for card in cards)
    for person, card in zip(people, cards, strict=True):
        await tg.press(person, card.message_id, card.callback_data("Пригласить"), group_id=team.group)
    await tg.wait_for(lambda: all(prompt_about(team, name, after) for name in ("Петров", "Иванова")),
                      description="both prompts")
    return [prompt for name in ("Петров", "Иванова") if (prompt := prompt_about(team, name, after)) is not None]


@pytest.mark.parametrize("whose", [0, 1])
async def test_a_card_in_a_shared_group_acts_as_its_own_owner(bridge: Bridge, whose: int) -> None:
    team, cards, _, acting = await cards_of(bridge, owners="two owners")
    before = hh_actions(team)
    await team.tg.press(COLLEAGUE, cards[whose].message_id, cards[whose].callback_data("Подумать"), group_id=PLAIN)
    await team.tg.wait_for(lambda: "Статус: Подумать" in shown(team, cards[whose]).text, description="the card")
    assert [user for _, user in hh_actions(team)[len(before):]] == [acting[whose]], "hh.ru sees the card's owner"


async def test_a_reply_in_a_shared_group_reaches_only_the_candidate_it_answers(bridge: Bridge) -> None:
    team, cards, negotiations, acting = await cards_of(bridge, owners="two owners", invited=True)
    tg = team.tg
    before = hh_actions(team)
    texts = ["Иван, ждём вас в среду.", "Мария, ждём вас в четверг."]
    for card, text in zip(reversed(cards), reversed(texts), strict=True):
        sent = await tg.reply(COLLEAGUE, card.message_id, text, group_id=PLAIN)
        await tg.wait_for_bot_message(PLAIN, contains="Отправлено на hh.ru", after=sent)
    assert [[m.text for m in team.hh.negotiation(negotiation).messages if m.author == "employer"][-1:]
            for negotiation in negotiations] == [[texts[0]], [texts[1]]]
    assert [user for _, user in hh_actions(team)[len(before):]] == [acting[1], acting[0]]


async def test_who_may_act_is_each_owners_own_choice(bridge: Bridge) -> None:
    team, cards, _, acting = await cards_of(bridge, owners="two owners")
    tg = team.tg
    await bridge.runtime.storage.run(group_links.set_who_acts, PLAIN, OWNER, WhoActs.OWNER)
    await bridge.runtime.storage.run(group_links.set_who_acts, PLAIN, SECOND, WhoActs.MEMBERS)
    tg.set_member_status(PLAIN, COLLEAGUE, "member")
    before = hh_actions(team)
    refused = await tg.press(COLLEAGUE, cards[0].message_id, cards[0].callback_data("Подумать"), group_id=PLAIN)
    await tg.wait_for(lambda: refused in tg.callback_answers, description="the refusal")
    assert tg.callback_answers[refused].text == REFUSED.format(who="только владелец аккаунта hh.ru")
    await tg.press(COLLEAGUE, cards[1].message_id, cards[1].callback_data("Подумать"), group_id=PLAIN)
    await tg.wait_for(lambda: "Статус: Подумать" in shown(team, cards[1]).text, description="the card changed")
    assert [user for _, user in hh_actions(team)[len(before):]] == [acting[1]]
    assert shown(team, cards[0]).text == cards[0].text


async def card_of_an_owner_who_left(bridge: Bridge) -> tuple[Team, ChatMessage, str]:
    team, cards, _, _ = await cards_of(bridge, owners="two owners")
    sent = await team.tg.send_text(SECOND, "/disconnect", group_id=PLAIN)
    await team.tg.wait_for_bot_message(PLAIN, contains="@pavel", after=sent)
    return team, cards[1], cards[1].callback_data("Подумать")


async def card_never_delivered_here(bridge: Bridge) -> tuple[Team, ChatMessage, str]:
    """The owner's card from before the group was connected, in private; pressed in the group (forged)."""
    tg, hh = bridge.tg, bridge.hh
    employer, (vacancy,), summary = await group_of(bridge, PLAIN, forum=False)
    hh.add_response(vacancy, ivan(hh), cover_letter="Добрый день!")
    private = await tg.wait_for_bot_message(OWNER, contains="Петров", after=summary.message_id)
    await tg.send_text(OWNER, "/connect", group_id=PLAIN)
    question = await tg.wait_for_bot_message(OWNER, contains="Подключить группу", after=private.message_id)
    await tg.press(OWNER, question.message_id, question.callback_data("Подключить"))
    told = await tg.wait_for_bot_message(PLAIN, contains="Группа подключена")
    await bridge.outbox_drained()
    return Team(bridge, PLAIN, employer, [vacancy], question.message_id), told, private.callback_data("Подумать")


@pytest.mark.parametrize("make", [card_of_an_owner_who_left, card_never_delivered_here])
async def test_a_card_whose_owner_is_not_connected_or_never_here_is_stale(bridge: Bridge, make: object) -> None:
    team, message, data = await make(bridge)  # type: ignore[operator]
    tg = team.tg
    tg.set_member_status(PLAIN, COLLEAGUE, "administrator")
    before = hh_actions(team)
    query = await tg.press(COLLEAGUE, message.message_id, data, group_id=PLAIN, check_button=False)
    await tg.wait_for(lambda: query in tg.callback_answers, description="the answer")
    assert tg.callback_answers[query].text == "Эта кнопка устарела."
    await bridge.outbox_drained()
    assert hh_actions(team) == before, "no hh.ru call"


@pytest.mark.parametrize("owners", ["one owner", "two owners"])
async def test_two_colleagues_prompts_at_once_each_reach_their_candidate(bridge: Bridge, owners: str) -> None:
    team, cards, negotiations, acting = await cards_of(bridge, owners=owners)
    tg = team.tg
    prompts = await open_prompts(team, cards, [COLLEAGUE, BORIS])
    texts = ["Иван, ждём вас в среду.", "Мария, ждём вас в четверг."]
    await answer_and_send(tg, BORIS, prompts[1].message_id, texts[1], group=PLAIN)
    await answer_and_send(tg, COLLEAGUE, prompts[0].message_id, texts[0], group=PLAIN)
    await tg.wait_for(lambda: all("Статус: Собеседование" in shown(team, card).text for card in cards),
                      description="both cards changed")
    assert [team.hh.negotiation(negotiation).messages[-1].text for negotiation in negotiations] == texts
    assert [shown(team, card).text.splitlines()[-1].split(" · ")[0] for card in cards] == [
        "Собеседование — @anna", "Собеседование — @boris"]
    assert sorted((path, user or "") for path, user in hh_actions(team)) == sorted(
        (f"/negotiations/interview/{negotiation.negotiation_id}", user)
        for negotiation, user in zip(negotiations, acting, strict=True)), "each owner's token for their candidate"


@pytest.mark.parametrize("how", ["the button under it", "/cancel"])
async def test_cancelling_a_prompt_ends_that_one_only(bridge: Bridge, how: str) -> None:
    team, cards, negotiations, _ = await cards_of(bridge, owners="one owner")
    tg = team.tg
    annas, boris = await open_prompts(team, cards, [COLLEAGUE, BORIS])
    if how == "/cancel":
        sent = await tg.send_text(BORIS, "/cancel", group_id=PLAIN)
        assert (await tg.wait_for_bot_message(PLAIN, after=sent)).text == "Отменено."
    else:
        await tg.press(BORIS, boris.message_id, boris.callback_data("Отмена"), group_id=PLAIN)
        await tg.wait_for(lambda: shown(team, boris).text == "Отменено.", description="Boris's prompt cancelled")
    late = await tg.reply(BORIS, boris.message_id, "Мария, ждём вас в четверг.", group_id=PLAIN)
    assert (await tg.wait_for_bot_message(PLAIN, after=late)).text.startswith("Не понял, куда отправить ответ")
    await answer_and_send(tg, COLLEAGUE, annas.message_id, "Иван, ждём вас в среду.", group=PLAIN)
    await tg.wait_for(lambda: "Статус: Собеседование" in shown(team, cards[0]).text, description="Ivan's card")
    await bridge.outbox_drained()
    assert [team.hh.negotiation(negotiation).employer_state for negotiation in negotiations] == [
        "interview", "response"]


async def test_the_owners_private_prompt_survives_a_colleagues_prompt_in_the_group(bridge: Bridge) -> None:
    team = await connected(bridge, PLAIN)
    tg, hh = team.tg, team.hh
    await bridge.runtime.storage.run(vacancy_routes.set_destination, OWNER, team.vacancies[0].vacancy_id,
                                     Destination.BOTH)
    ivans = hh.add_response(team.vacancies[0], ivan(hh), cover_letter="Добрый день!")
    marias = hh.add_response(team.vacancies[0], hh.add_applicant_user(first_name="Мария", last_name="Иванова"))
    in_private = await tg.wait_for_bot_message(OWNER, contains="Петров", after=team.last_private)
    in_group = await tg.wait_for_bot_message(PLAIN, contains="Иванова")
    await bridge.outbox_drained()
    await tg.press(OWNER, in_private.message_id, in_private.callback_data("Пригласить"))
    await tg.wait_for_bot_message(OWNER, contains="✍️", after=in_private.message_id)
    tg.set_member_status(PLAIN, COLLEAGUE, "administrator")
    await tg.press(COLLEAGUE, in_group.message_id, in_group.callback_data("Пригласить"), group_id=PLAIN)
    group_prompt = await tg.wait_for_bot_message(PLAIN, contains="✍️", after=in_group.message_id)
    await answer_and_send(tg, OWNER, 0, "Иван, ждём вас в среду.")
    await tg.wait_for(lambda: hh.negotiation(ivans).employer_state == "interview", description="Ivan invited")
    await answer_and_send(tg, COLLEAGUE, group_prompt.message_id, "Мария, ждём вас в четверг.", group=PLAIN)
    await tg.wait_for(lambda: hh.negotiation(marias).employer_state == "interview", description="Maria invited")
    assert [hh.negotiation(negotiation).messages[-1].text for negotiation in (ivans, marias)] == [
        "Иван, ждём вас в среду.", "Мария, ждём вас в четверг."]
