"""Issue 23, item 15: /connect sent in the private chat says it belongs in the team's group, and how to send it
there, in the user's language; it never answers «Не понял сообщение» and connects nothing."""

from __future__ import annotations

from storage import group_links
from tests.conftest import Bridge
from tests.e2e.test_delivery import linked_employer

EMPLOYER, STRANGER = 801, 802

RU_HOW = (
    "/connect отправляют не здесь, а в группе вашей команды в Telegram. Как подключить группу:\n"
    "1. Добавьте меня в группу. В группе с темами сделайте меня администратором с правом управлять темами: "
    "тогда у каждой вакансии будет своя тема.\n"
    "2. Отправьте в группе /connect. Это может администратор группы, подключивший здесь hh.ru как "
    "работодатель (/start).\n"
    "3. Подтвердите подключение здесь, в личном чате: я спрошу.\n"
    "Коллеги подключают свои аккаунты hh.ru к той же группе так же."
)
EN_HOW = (
    "/connect is sent not here but in your team's Telegram group. To connect a group:\n"
    "1. Add me to the group. In a group with topics, make me an administrator allowed to manage topics: "
    "then each vacancy gets its own topic.\n"
    "2. Send /connect in the group. An administrator of the group who linked hh.ru here as an employer "
    "(/start) can do it.\n"
    "3. Confirm the connection here, in the private chat: I will ask.\n"
    "Colleagues connect their own hh.ru accounts to the same group the same way."
)


async def test_a_linked_employer_sending_connect_in_private_is_told_where_and_how(bridge: Bridge) -> None:
    tg = bridge.tg
    await linked_employer(bridge, EMPLOYER)
    asked = await tg.send_text(EMPLOYER, "/connect")
    answer = await tg.wait_for_bot_message(EMPLOYER, after=asked)
    assert answer.text == RU_HOW
    await bridge.outbox_drained()
    assert [message.text for message in tg.bot_messages(EMPLOYER) if message.message_id > asked] == [RU_HOW], (
        "one answer, and no «Не понял сообщение»")
    assert await bridge.runtime.storage.run(group_links.of_owner, EMPLOYER) == [], "nothing is connected"


async def test_someone_not_linked_is_told_in_english_when_their_telegram_is_in_english(bridge: Bridge) -> None:
    tg = bridge.tg
    tg.add_user(STRANGER, "Sam", language_code="en")
    asked = await tg.send_text(STRANGER, "/connect")
    answer = await tg.wait_for_bot_message(STRANGER, after=asked)
    assert answer.text == EN_HOW
    asked = await tg.send_text(STRANGER, "/connect@" + tg.bot_username)
    assert (await tg.wait_for_bot_message(STRANGER, after=asked)).text == EN_HOW, "the command with the bot's name"
