"""Issue 22, item 6: roles are kept a minute, but a demoted administrator cannot act on that minute-old answer:
the bot asks Telegram for `chat_member` updates and forgets the group's roles when one comes."""

from __future__ import annotations

from typing import Any

from bot.intake import ALLOWED_UPDATES
from storage import handled_updates
from tests.conftest import Bridge, eventually, wait_until
from tests.e2e.test_group_team import REFUSED, hh_actions, shown, team_with_card
from tests.e2e.test_groups import COLLEAGUE, FORUM, OWNER


def chat_member_updates(bridge: Bridge) -> list[dict[str, Any]]:
    return [update for call in bridge.tg.calls("getUpdates") if call.ok for update in call.result
            if "chat_member" in update]


async def handled(bridge: Bridge, update_id: int) -> None:
    async def probe() -> bool | None:
        return await bridge.runtime.storage.run(handled_updates.seen, update_id) or None

    await eventually(probe, what=f"update {update_id} to be handled")


async def test_a_demoted_administrator_is_refused_at_once(bridge: Bridge) -> None:
    assert "chat_member" in ALLOWED_UPDATES
    team, card, negotiation = await team_with_card(bridge, FORUM, forum=True)  # the bot administers the forum
    tg = team.tg
    tg.set_member_status(FORUM, COLLEAGUE, "administrator", by_user_id=OWNER)
    await tg.press(COLLEAGUE, card.message_id, card.callback_data("Пригласить"), group_id=FORUM)
    await tg.wait_for_bot_message(FORUM, contains="✍️", after=card.message_id)  # allowed: "administrator" is kept
    asked = len(tg.calls("getChatMember"))

    tg.set_member_status(FORUM, COLLEAGUE, "member", by_user_id=OWNER)
    await wait_until(lambda: any(update["chat_member"]["new_chat_member"]["status"] == "member"
                                 for update in chat_member_updates(bridge)), what="the chat_member update")
    await handled(bridge, chat_member_updates(bridge)[-1]["update_id"])
    before = hh_actions(team)
    query = await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=FORUM)
    await tg.wait_for(lambda: query in tg.callback_answers, description="the answer to the press")

    answer = tg.callback_answers[query]
    assert (answer.text, answer.show_alert) == (REFUSED.format(who="администраторы группы"), True)
    assert len(tg.calls("getChatMember")) == asked + 1, "the role was asked again, not taken from the cache"
    await bridge.outbox_drained()
    assert hh_actions(team) == before, "a refused press makes no hh.ru call"
    assert shown(team, card).text == card.text
    assert team.hh.negotiation(negotiation).employer_state == "response"
