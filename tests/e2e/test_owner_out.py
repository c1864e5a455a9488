"""Issue 22, low L2: an owner who is no longer in the team's group (left, removed) is not acted for there; her link to
it ends, her news comes back to her private chat, and she is told why (the reviewer's reproduction reversed: the
group's creator removed her, then pressed «Подумать» on her card, and hh.ru was called with her token)."""

from __future__ import annotations

import pytest

from storage import group_links
from tests.conftest import Bridge, eventually
from tests.e2e.test_delivery import ivan
from tests.e2e.test_group_team import hh_actions, shown
from tests.e2e.test_groups import COLLEAGUE, FORUM, OWNER, PLAIN, Team, bot_texts_after, connected, news_goes_private

TOLD = ("Вас больше нет в группе «Найм» (вы вышли или вас удалили), поэтому она отключена от вашего аккаунта hh.ru: "
        "новости ваших вакансий снова приходят сюда, а участники группы больше не действуют от вашего имени.")
REFUSED = ("Владельца этого аккаунта hh.ru больше нет в группе, поэтому аккаунт от неё отключён. На hh.ru ничего не "
           "отправлено.")
GROUP_TOLD = "Группа отключена: новости вакансий сюда больше не приходят."


async def the_colleague_is_creator(team: Team) -> None:
    team.tg.set_member_status(team.group, OWNER, "administrator")
    team.tg.set_member_status(team.group, COLLEAGUE, "creator")


async def ended(bridge: Bridge, group: int) -> None:
    async def probe() -> bool | None:
        return await bridge.runtime.storage.run(group_links.get, group, OWNER) is None or None

    await eventually(probe, what="the owner's link to end")


@pytest.mark.parametrize("how", ["kicked", "left"])
async def test_a_bot_that_is_no_administrator_asks_before_acting_as_the_owner(bridge: Bridge, how: str) -> None:
    """In a plain group the bot is a member and hears of nobody's departure: it asks before acting as the owner."""
    team = await connected(bridge, PLAIN)
    tg, hh = team.tg, team.hh
    await the_colleague_is_creator(team)
    tg.set_member_status(PLAIN, OWNER, how, by_user_id=COLLEAGUE if how == "kicked" else OWNER)
    hh.add_response(team.vacancies[0], ivan(hh), cover_letter="Добрый день!")
    card = await tg.wait_for_bot_message(PLAIN, contains="Петров", timeout=15)  # no getChatMember per push
    await bridge.outbox_drained()
    group_before = tg.bot_messages(PLAIN)[-1].message_id
    before = hh_actions(team)

    query = await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=PLAIN)
    await tg.wait_for(lambda: query in tg.callback_answers, description="the answer to the press")
    answer = tg.callback_answers[query]
    assert (answer.text, answer.show_alert) == (REFUSED, True)
    await ended(bridge, PLAIN)
    await tg.wait_for_bot_message(OWNER, contains=TOLD, after=team.last_private)
    await tg.wait_for_bot_message(PLAIN, contains=GROUP_TOLD, after=group_before)
    await bridge.outbox_drained()
    assert hh_actions(team) == before, "nothing reaches hh.ru as the owner who is gone"
    assert shown(team, card).text == card.text
    assert bot_texts_after(tg, PLAIN, group_before) == [GROUP_TOLD]

    again = await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=PLAIN)
    await tg.wait_for(lambda: again in tg.callback_answers, description="the answer to the second press")
    assert tg.callback_answers[again].text == "Эта кнопка устарела."
    team.last_private = tg.bot_messages(OWNER)[-1].message_id
    await news_goes_private(team)
    assert hh_actions(team) == before


@pytest.mark.parametrize("how", ["kicked", "left"])
async def test_an_administrator_bot_ends_the_link_when_told_the_owner_is_out(bridge: Bridge, how: str) -> None:
    """In the forum the bot is an administrator: Telegram's `chat_member` update says the owner is out, at once."""
    team = await connected(bridge, FORUM, forum=True)
    tg = team.tg
    await the_colleague_is_creator(team)
    group_before = tg.bot_messages(FORUM)[-1].message_id
    tg.set_member_status(FORUM, OWNER, how, by_user_id=COLLEAGUE if how == "kicked" else OWNER)
    await ended(bridge, FORUM)
    await tg.wait_for_bot_message(OWNER, contains=TOLD, after=team.last_private)
    await tg.wait_for_bot_message(FORUM, contains=GROUP_TOLD, after=group_before)
    team.last_private = tg.bot_messages(OWNER)[-1].message_id
    await news_goes_private(team)


async def test_an_owner_muted_in_the_group_is_still_connected_and_acted_for(bridge: Bridge) -> None:
    """Restricted but still a member, the owner reads the group: nothing ends."""
    team = await connected(bridge, FORUM, forum=True)
    tg, hh = team.tg, team.hh
    await the_colleague_is_creator(team)
    tg.set_member_status(FORUM, OWNER, "restricted")
    hh.add_response(team.vacancies[0], ivan(hh), cover_letter="Добрый день!")
    card = await tg.wait_for_bot_message(FORUM, contains="Петров", timeout=15)
    await bridge.outbox_drained()
    before = hh_actions(team)
    await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=FORUM)
    await tg.wait_for(lambda: "Статус: Подумать" in shown(team, card).text, description="the card changed")
    assert [user for _, user in hh_actions(team)[len(before):]] == [team.employer.user_id]
    assert await bridge.runtime.storage.run(group_links.active_owners, FORUM) == [OWNER]
