"""Issue 15, points 6-8: a connected group acts as a team. Who may press and reply is the owner's choice; hh.ru
sees the owner; a changed card says who did what and when; a reply in a vacancy's topic reaches the candidate."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.testing.fake_hh import Negotiation
from bot.testing.fake_telegram import ChatMessage
from storage import group_links
from storage.group_links import WhoActs
from tests.conftest import Bridge
from tests.e2e.test_delivery import ivan
from tests.e2e.test_groups import COLLEAGUE, FORUM, OWNER, PLAIN, Team, connected

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
    await bridge.runtime.storage.run(group_links.set_who_acts, PLAIN, who)
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
    sent = await tg.reply(COLLEAGUE, prompt.message_id, "Ждём вас в среду в 11:00.", group_id=PLAIN)
    await tg.wait_for(lambda: "Статус: Собеседование" in shown(team, card).text, description="the card changed")
    assert team.hh.negotiation(negotiation).messages[-1].text == "Ждём вас в среду в 11:00."
    assert [m.text for m in tg.bot_messages(PLAIN) if m.reply_to_message_id in (said, sent)] == []


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
    await tg.reply(COLLEAGUE, prompt.message_id, "Ждём вас в среду в 11:00.", group_id=PLAIN)
    await tg.wait_for(lambda: "Статус: Собеседование" in shown(team, card).text, description="the card changed")
    assert [m.text for m in team.hh.negotiation(negotiation).messages[-1:]] == ["Ждём вас в среду в 11:00."]
