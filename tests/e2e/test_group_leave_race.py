"""An owner leaves a shared group while Telegram is still answering the sending of their push there: the push goes
on to their private chat, once, and a reply to it there reaches its candidate; the group's copy leads a reply there
to no other owner's account."""

from __future__ import annotations

import asyncio

from bot.testing.fake_hh import Negotiation
from storage import delivered, group_links
from tests.conftest import Bridge, eventually
from tests.e2e.test_delivery import ivan
from tests.e2e.test_groups import OWNER, PLAIN, SECOND, shared

UNKNOWN = "Не понял, куда отправить ответ: ответьте на присланный мной отклик или сообщение с hh.ru."


def _pushes(bridge: Bridge, chat: int) -> list[tuple[int, str]]:
    return [(m.message_id, m.text) for m in bridge.tg.bot_messages(chat) if "Петров" in m.text]


async def _negotiation_of(bridge: Bridge, chat: int, message_id: int) -> str | None:
    ref = await bridge.runtime.storage.run(delivered.by_telegram_message, chat, message_id)
    return None if ref is None else ref.negotiation_id


async def test_a_push_sent_to_the_group_as_its_owner_leaves_goes_on_to_them_once(bridge: Bridge) -> None:
    team, _, vacancy = await shared(bridge, PLAIN)
    tg, hh = team.tg, team.hh
    gate = tg.hold_send(PLAIN, contains="Петров")
    negotiation: Negotiation = hh.add_response(vacancy, ivan(hh), cover_letter="Добрый день!")
    hh.employer_action(negotiation, "invitation", message="Приглашаем на собеседование.")
    await asyncio.wait_for(gate.reached.wait(), timeout=5.0)  # the push to the group is on its way

    await tg.send_text(SECOND, "/disconnect")

    async def left() -> bool | None:
        return await bridge.runtime.storage.run(group_links.active, PLAIN, SECOND) is None or None

    await eventually(left, what="the second owner to leave the group")
    gate.release()
    await tg.wait_for(lambda: bool(_pushes(bridge, SECOND)), description="the push in the private chat")
    await bridge.outbox_drained()

    (in_group,) = _pushes(bridge, PLAIN)  # Telegram had accepted it there
    (in_private,) = _pushes(bridge, SECOND)
    assert in_private[1] == in_group[1]
    assert [await _negotiation_of(bridge, chat, message_id) for chat, message_id in (
        (SECOND, in_private[0]), (PLAIN, in_group[0]))] == [negotiation.negotiation_id] * 2

    sent = await tg.reply(SECOND, in_private[0], "Подтвердите время.")
    await tg.wait_for_bot_message(SECOND, contains="Отправлено на hh.ru", after=sent)
    assert hh.negotiation(negotiation).messages[-1].text == "Подтвердите время."

    asked = await tg.reply(OWNER, in_group[0], "Ждём вас в среду.", group_id=PLAIN)
    answer = await tg.wait_for_bot_message(PLAIN, after=asked)
    assert answer.text == UNKNOWN, "a reply there acts for no other owner of the group"
    assert all(m.text != "Ждём вас в среду." for m in hh.negotiation(negotiation).messages)
