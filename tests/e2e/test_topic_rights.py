"""Issue 15, point 3: a forum where the bot may not make topics gets its news in the general topic, and its owner
is told why once in private; made an administrator, the bot makes topics again."""

from __future__ import annotations

from bot.testing.fake_hh import Vacancy
from bot.testing.fake_telegram import ChatMessage
from tests.conftest import Bridge, StartBridge
from tests.e2e.test_delivery import linked_employer

OWNER = 731
FORUM = -1001000000731
NO_RIGHTS = "Bad Request: not enough rights to create a topic"
TOLD = ("В группе «Найм» мне нельзя создавать темы, поэтому новости вакансий идут в общую тему, пока меня не "
        "сделают администратором с правом управлять темами.")


async def connected_forum(bridge: Bridge, *, vacancies: int = 1) -> tuple[list[Vacancy], ChatMessage]:
    """A connected forum where the bot is a member, not an administrator; the owner's confirmation."""
    tg = bridge.tg
    _, made, summary = await linked_employer(bridge, OWNER, vacancies=vacancies)
    tg.add_group(FORUM, "Найм", members=[OWNER], is_forum=True)
    tg.set_member_status(FORUM, OWNER, "creator")
    tg.add_bot_to_group(FORUM, by_user_id=OWNER)
    await tg.send_text(OWNER, "/connect", group_id=FORUM)
    question = await tg.wait_for_bot_message(OWNER, contains="Подключить группу «Найм»?", after=summary.message_id)
    await tg.press(OWNER, question.message_id, question.callback_data("Подключить"))
    await tg.wait_for_bot_message(FORUM, contains="Группа подключена")
    connected = await tg.wait_for_bot_message(OWNER, contains="Группа «Найм» подключена", after=summary.message_id)
    await bridge.outbox_drained()
    return made, connected


async def push(bridge: Bridge, vacancy: Vacancy, last_name: str) -> ChatMessage:
    """A new response on hh.ru, and its card in the forum once every queued message went."""
    bridge.hh.add_response(vacancy, bridge.hh.add_applicant_user(first_name="Анна", last_name=last_name))
    card = await bridge.tg.wait_for_bot_message(FORUM, contains=last_name, timeout=10)
    await bridge.outbox_drained()
    return card


def told(bridge: Bridge, after: ChatMessage) -> list[str]:
    return [m.text for m in bridge.tg.bot_messages(OWNER) if m.message_id > after.message_id and "темы" in m.text]


async def handled_so_far(bridge: Bridge) -> None:
    """Waits until the owner's updates sent so far are handled (they are handled in order, so /help comes last)."""
    sent = await bridge.tg.send_text(OWNER, "/help")
    await bridge.tg.wait_for_bot_message(OWNER, after=sent)


async def test_the_owner_is_told_once_and_topics_come_back_when_the_bot_is_made_an_administrator(
        bridge: Bridge) -> None:
    tg = bridge.tg
    (first, second), connected = await connected_forum(bridge, vacancies=2)
    general = await push(bridge, first, "Петрова")
    assert general.message_thread_id is None
    assert told(bridge, connected) == [TOLD]
    again = await push(bridge, first, "Иванова")
    assert again.message_thread_id is None
    assert told(bridge, connected) == [TOLD], "not told on every push"

    tg.promote_bot(FORUM, by_user_id=OWNER, can_manage_topics=False)
    await handled_so_far(bridge)
    still = await push(bridge, first, "Орлова")
    assert still.message_thread_id is None
    assert told(bridge, connected) == [TOLD], "an administrator without the right: the same spell"

    tg.demote_bot(FORUM, by_user_id=OWNER)
    tg.promote_bot(FORUM, by_user_id=OWNER)
    await handled_so_far(bridge)
    in_topic = await push(bridge, first, "Сидорова")
    assert [(topic.name, topic.message_thread_id) for topic in tg.forum_topics(FORUM)] == [
        ("Python-разработчик", in_topic.message_thread_id)]
    assert in_topic.message_thread_id is not None

    tg.demote_bot(FORUM, by_user_id=OWNER)
    await handled_so_far(bridge)
    refused_again = await push(bridge, second, "Кузнецова")
    assert refused_again.message_thread_id is None
    assert told(bridge, connected) == [TOLD, TOLD], "topics worked, then were refused again: told again"
    assert [(call.ok, call.description) for call in tg.calls("createForumTopic")] == [
        (False, NO_RIGHTS), (True, None), (False, NO_RIGHTS)], "a promotion without the right tries no topic"


async def test_after_a_restart_the_owner_is_told_at_most_once_more(start_bridge: StartBridge) -> None:
    bridge = await start_bridge()
    (vacancy,), connected = await connected_forum(bridge)
    await push(bridge, vacancy, "Петрова")
    assert told(bridge, connected) == [TOLD]
    await bridge.stop()

    restarted = await start_bridge()
    await push(restarted, vacancy, "Иванова")
    await push(restarted, vacancy, "Сидорова")
    assert told(restarted, connected) == [TOLD, TOLD]
