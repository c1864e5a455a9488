"""Issue 15, points 1-5 and 9: a hiring team's Telegram group, connected with /connect and confirmed in private;
a topic per vacancy in a forum; /vacancies; the group's own pace; a group that is gone hands its news back."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.app import Tuning
from bot.testing.fake_hh import EmployerUser, FakeHH, Vacancy
from bot.testing.fake_telegram import ChatMessage, FakeTelegram, FloodControl
from storage import group_links, outbox, vacancy_topics
from storage.group_links import WhoActs
from tests.conftest import FAST, Bridge, StartBridge, eventually
from tests.e2e.test_delivery import ivan, linked_employer
from tests.e2e.test_trust import link_url

OWNER, COLLEAGUE, OTHER_EMPLOYER, SECOND = 701, 702, 703, 704
FORUM, PLAIN = -1001000000701, -1001000000702
HOW = ("Чтобы новости вакансий с hh.ru приходили сюда, работодатель, подключивший hh.ru в личном чате со мной, "
       "отправляет здесь /connect (он должен быть администратором группы).")


@dataclass
class Team:
    bridge: Bridge
    group: int
    employer: EmployerUser
    vacancies: list[Vacancy]
    last_private: int  # the newest bot message in the owner's private chat when the group was connected

    @property
    def tg(self) -> FakeTelegram:
        return self.bridge.tg

    @property
    def hh(self) -> FakeHH:
        return self.bridge.hh


def bot_texts_after(tg: FakeTelegram, chat: int, after: int) -> list[str]:
    return [message.text for message in tg.bot_messages(chat) if message.message_id > after]


async def group_of(bridge: Bridge, group: int, *, forum: bool, vacancies: int = 1) -> tuple[EmployerUser,
                                                                                          list[Vacancy], ChatMessage]:
    """A linked employer (the owner), a colleague, and their group with the bot in it (an administrator in a
    forum, so it may make topics)."""
    tg = bridge.tg
    employer, made, summary = await linked_employer(bridge, OWNER, vacancies=vacancies)
    tg.add_user(COLLEAGUE, "Анна", language_code="ru", username="anna")
    tg.add_group(group, "Найм", members=[OWNER, COLLEAGUE], is_forum=forum)
    tg.set_member_status(group, OWNER, "creator")
    tg.add_bot_to_group(group, by_user_id=OWNER, as_admin=forum)
    return employer, made, summary


async def connected(bridge: Bridge, group: int, *, forum: bool = False, vacancies: int = 1) -> Team:
    tg = bridge.tg
    employer, made, summary = await group_of(bridge, group, forum=forum, vacancies=vacancies)
    await tg.send_text(OWNER, "/connect", group_id=group)
    question = await tg.wait_for_bot_message(OWNER, contains="Подключить группу «Найм»?", after=summary.message_id)
    await tg.press(OWNER, question.message_id, question.callback_data("Подключить"))
    await tg.wait_for_bot_message(group, contains="Группа подключена")
    await tg.wait_for_bot_message(OWNER, contains="Группа «Найм» подключена", after=summary.message_id)
    await bridge.outbox_drained()
    return Team(bridge, group, employer, made, tg.bot_messages(OWNER)[-1].message_id)


async def join_second_owner(team: Team) -> tuple[EmployerUser, Vacancy, ChatMessage]:
    """A second recruiter of the team (@pavel) links their own hh.ru account and connects it to the team's group;
    returns them, their vacancy, and what the group was told."""
    bridge, tg, hh = team.bridge, team.tg, team.hh
    second = hh.add_employer_user(first_name="Павел", last_name="Наймов", company="Рога и копыта")
    vacancy = hh.add_vacancy(second, name="Аналитик данных")
    confirmation = await bridge.link(SECOND, second.user_id)
    summary = await tg.wait_for_bot_message(SECOND, contains="Аккаунт на связи", after=confirmation.message_id)
    tg.add_user(SECOND, "Павел", language_code="ru", username="pavel")
    tg.add_group_member(team.group, SECOND)
    tg.set_member_status(team.group, SECOND, "administrator")
    asked = await tg.send_text(SECOND, "/connect", group_id=team.group)
    question = await tg.wait_for_bot_message(SECOND, contains="Подключить группу «Найм»?", after=summary.message_id)
    assert bot_texts_after(tg, team.group, asked) == [], "the group sees nothing before the second owner confirms"
    await tg.press(SECOND, question.message_id, question.callback_data("Подключить"))
    told = await tg.wait_for_bot_message(team.group, after=asked)
    await tg.wait_for(lambda: "Группа «Найм» подключена" in next(
        m.text for m in tg.bot_messages(SECOND) if m.message_id == question.message_id), description="confirmed")
    await bridge.outbox_drained()
    return second, vacancy, told


async def shared(bridge: Bridge, group: int, *, forum: bool = False) -> tuple[Team, EmployerUser, Vacancy]:
    """A group connected by two owners: OWNER first, then SECOND."""
    team = await connected(bridge, group, forum=forum)
    second, vacancy, _ = await join_second_owner(team)
    return team, second, vacancy


def last_bot_message(tg: FakeTelegram, chat: int) -> int:
    return tg.bot_messages(chat)[-1].message_id


# --- point 1: connecting ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_the_owner_connects_a_group_confirming_in_private(start_bridge: StartBridge, mode: str) -> None:
    overrides = {"webhook_url": "/telegram/webhook", "webhook_secret": "groups-webhook-secret_0123456789ab"} \
        if mode == "webhook" else {}
    bridge = await start_bridge(mode=mode, **overrides)
    tg = bridge.tg
    _, (vacancy,), summary = await group_of(bridge, PLAIN, forum=False)
    joined = await tg.wait_for_bot_message(PLAIN)
    assert joined.text == HOW, "added to a group, the bot says one line: how to connect"

    asked = await tg.send_text(OWNER, "/connect", group_id=PLAIN)
    question = await tg.wait_for_bot_message(OWNER, contains="Подключить группу", after=summary.message_id)
    assert question.text == ("Подключить группу «Найм»? Новости ваших вакансий будут приходить туда, а участники "
                             "смогут отвечать кандидатам. Куда идут новости каждой вакансии — /vacancies.")
    assert [[button["text"] for button in row] for row in question.buttons()] == [["Подключить", "Не подключать"]]
    assert bot_texts_after(tg, PLAIN, asked) == [], "the group sees nothing before the owner confirms"
    assert await bridge.runtime.storage.run(group_links.active_owners, PLAIN) == []

    await tg.press(OWNER, question.message_id, question.callback_data("Подключить"))
    told = await tg.wait_for_bot_message(PLAIN, after=asked)
    assert told.text == "Группа подключена: сюда будут приходить новости вакансий с hh.ru."
    await tg.wait_for(lambda: "подключена" in next(m.text for m in tg.bot_messages(OWNER)
                                                   if m.message_id == question.message_id))
    link = await bridge.runtime.storage.run(group_links.active, PLAIN, OWNER)
    assert link is not None and (link.owner_id, link.title, link.is_forum) == (OWNER, "Найм", False)

    # point 4: a plain group gets everything itself
    bridge.hh.add_response(vacancy, ivan(bridge.hh), cover_letter="Добрый день!")
    card = await tg.wait_for_bot_message(PLAIN, contains="Новый отклик", after=told.message_id)
    assert card.message_thread_id is None and card.buttons() != []
    await bridge.outbox_drained()
    assert [text for text in bot_texts_after(tg, OWNER, question.message_id) if "Новый отклик" in text] == []


@pytest.mark.parametrize(("who", "status", "linked", "answer"), [
    ("a member who linked no account", "administrator", False, HOW),
    ("a linked employer who is no administrator", "member", True, "Подключить группу может только её администратор."),
])
async def test_others_get_one_line_and_no_account_data(bridge: Bridge, who: str, status: str, linked: bool,
                                                       answer: str) -> None:
    tg = bridge.tg
    await group_of(bridge, PLAIN, forum=False)
    await tg.wait_for_bot_message(PLAIN)  # the line on joining
    if linked:
        stranger = bridge.hh.add_employer_user(first_name="Пётр", company="Секретная компания")
        await bridge.link(OTHER_EMPLOYER, stranger.user_id)
        await tg.wait_for_bot_message(OTHER_EMPLOYER, contains="Аккаунт на связи")
    else:
        tg.add_user(OTHER_EMPLOYER, "Пётр", language_code="ru")
    tg.add_group_member(PLAIN, OTHER_EMPLOYER)
    tg.set_member_status(PLAIN, OTHER_EMPLOYER, status)
    before = tg.bot_messages(OTHER_EMPLOYER)
    asked = await tg.send_text(OTHER_EMPLOYER, "/connect", group_id=PLAIN)
    refusal = await tg.wait_for_bot_message(PLAIN, after=asked)
    assert refusal.text == answer, who
    await bridge.outbox_drained()
    assert tg.bot_messages(OTHER_EMPLOYER) == before, "no question in private"
    assert await bridge.runtime.storage.run(group_links.get, PLAIN, OTHER_EMPLOYER) is None


# --- point 2: ending the connection ----------------------------------------------------------------------------

async def news_goes_private(team: Team) -> None:
    """A new response reaches the owner's private chat, and not the group."""
    tg, hh = team.tg, team.hh
    group_before = tg.bot_messages(team.group)[-1].message_id
    hh.add_response(team.vacancies[0], hh.add_applicant_user(first_name="Мария", last_name="Иванова"),
                    cover_letter="Здравствуйте")
    await tg.wait_for_bot_message(OWNER, contains="Иванова", after=team.last_private)
    await team.bridge.outbox_drained()
    assert bot_texts_after(tg, team.group, group_before) == []


async def by_disconnect_in_group(team: Team) -> None:
    await team.tg.send_text(OWNER, "/disconnect", group_id=team.group)


async def by_disconnect_in_private(team: Team) -> None:
    await team.tg.send_text(OWNER, "/disconnect")


async def by_removing_the_bot(team: Team) -> None:
    team.tg.remove_bot_from_group(team.group, by_user_id=OWNER)


async def by_unlinking(team: Team) -> None:
    tg = team.tg
    sent = await tg.send_text(OWNER, "/unlink")
    confirm = await tg.wait_for_bot_message(OWNER, contains="Отключить", after=sent)
    await tg.press(OWNER, confirm.message_id, confirm.callback_data("Да"))


async def by_losing_access(team: Team) -> None:
    team.hh.revoke_tokens(team.employer.user_id)


OWNER_LOST = "Аккаунт hh.ru, к которому была подключена группа, отключён. Новости сюда больше не приходят."


@pytest.mark.parametrize(("end", "group_told", "owner_told"), [
    (by_disconnect_in_group, "Группа отключена: новости вакансий сюда больше не приходят.",
     "Группа «Найм» отключена: новости вакансий снова приходят сюда."),
    (by_disconnect_in_private, "Группа отключена: новости вакансий сюда больше не приходят.",
     "Группа «Найм» отключена: новости вакансий снова приходят сюда."),
    (by_removing_the_bot, None, "Группа «Найм» больше недоступна (меня удалили из неё, или её больше нет). "
                                "Новости её вакансий снова приходят сюда."),
    (by_unlinking, "Аккаунт hh.ru, к которому была подключена группа, отключён. Новости сюда больше не приходят.",
     None),
    (by_losing_access, "Аккаунт hh.ru, к которому была подключена группа, отключён. Новости сюда больше не "
                       "приходят.", None),
])
async def test_the_connection_ends(bridge: Bridge, end: object, group_told: str | None,
                                   owner_told: str | None) -> None:
    team = await connected(bridge, PLAIN)
    tg = bridge.tg
    group_before = tg.bot_messages(PLAIN)[-1].message_id
    await end(team)  # type: ignore[operator]

    async def ended() -> bool | None:
        return await bridge.runtime.storage.run(group_links.get, PLAIN, OWNER) is None or None

    await eventually(ended, what="the connection to end")
    if owner_told is not None:
        await tg.wait_for_bot_message(OWNER, contains=owner_told, after=team.last_private)
    if group_told is not None:
        await tg.wait_for_bot_message(PLAIN, contains=group_told, after=group_before)
    await bridge.outbox_drained()
    assert bot_texts_after(tg, PLAIN, group_before) == ([group_told] if group_told else [])
    if end in (by_unlinking, by_losing_access):
        return
    await news_goes_private(team)
    # once told, the group hears nothing more, whatever is said there
    said = await tg.send_text(COLLEAGUE, "/status", group_id=PLAIN)
    await tg.send_text(OWNER, "/connect@nobody", group_id=PLAIN)
    await bridge.outbox_drained()
    assert bot_texts_after(tg, PLAIN, said) == []


async def test_linking_another_hh_account_ends_the_group_confirmed_for_the_old_one(bridge: Bridge) -> None:
    """The group was confirmed for one company's account: another account's candidates never reach it."""
    team = await connected(bridge, PLAIN)
    tg, hh = bridge.tg, bridge.hh
    group_before = last_bot_message(tg, PLAIN)
    other = hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Другая компания")
    vacancy = hh.add_vacancy(other, name="Бухгалтер")
    status, _ = await bridge.browse(await link_url(bridge, OWNER), login=other.user_id)
    assert status == 200
    summary = await tg.wait_for_bot_message(OWNER, contains="Аккаунт на связи", after=team.last_private)
    await tg.wait_for_bot_message(PLAIN, contains=OWNER_LOST, after=group_before)
    assert await bridge.runtime.storage.run(group_links.active_of_owner, OWNER) is None
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Мария", last_name="Иванова"))
    await tg.wait_for_bot_message(OWNER, contains="Иванова", after=summary.message_id)
    await bridge.outbox_drained()
    assert bot_texts_after(tg, PLAIN, group_before) == [OWNER_LOST]


# --- point 3: a topic per vacancy in a forum -------------------------------------------------------------------

LONG_NAME = "Ведущий инженер по автоматизации тестирования " * 5


@pytest.mark.parametrize("reason", ["Bad Request: message thread not found", "Bad Request: TOPIC_DELETED"])
async def test_a_forum_gets_a_topic_per_vacancy_made_again_when_deleted(bridge: Bridge, reason: str) -> None:
    team = await connected(bridge, FORUM, forum=True, vacancies=2)
    tg, hh = team.tg, team.hh
    first, second = team.vacancies
    hh.add_response(first, ivan(hh), cover_letter="Добрый день!")
    card = await tg.wait_for_bot_message(FORUM, contains="Петров")
    hh.add_response(second, hh.add_applicant_user(first_name="Мария", last_name="Иванова"), cover_letter="Привет")
    other = await tg.wait_for_bot_message(FORUM, contains="Иванова")
    topics = {topic.name: topic.message_thread_id for topic in tg.forum_topics(FORUM)}
    assert topics == {"Python-разработчик": card.message_thread_id, "Вакансия 1": other.message_thread_id}
    assert card.message_thread_id != other.message_thread_id

    hh.add_message(hh.add_response(first, hh.add_applicant_user(first_name="Олег", last_name="Сидоров")),
                   "applicant", "Ещё вопрос")
    again = await tg.wait_for_bot_message(FORUM, contains="Сидоров")
    assert again.message_thread_id == card.message_thread_id, "the topic is remembered"
    assert len(tg.calls("createForumTopic")) == 2

    tg.delete_forum_topic(FORUM, card.message_thread_id or 0, reason=reason.removeprefix("Bad Request: "))
    hh.add_response(first, hh.add_applicant_user(first_name="Нина", last_name="Кузнецова"), cover_letter="Я!")
    pushed = await tg.wait_for_bot_message(FORUM, contains="Кузнецова")
    remade = [topic for topic in tg.forum_topics(FORUM) if topic.name == "Python-разработчик"]
    assert [topic.message_thread_id for topic in remade] == [pushed.message_thread_id]
    assert pushed.message_thread_id not in (None, card.message_thread_id)
    assert await bridge.runtime.storage.run(vacancy_topics.get, FORUM, first.vacancy_id) == pushed.message_thread_id
    await bridge.outbox_drained()
    assert [text for text in bot_texts_after(tg, OWNER, team.last_private) if "Кузнецова" in text] == []


async def test_a_topic_is_named_after_its_vacancy_within_128_characters(bridge: Bridge) -> None:
    tg = bridge.tg
    employer, _, summary = await group_of(bridge, FORUM, forum=True)
    vacancy = bridge.hh.add_vacancy(employer, name=LONG_NAME.strip())
    await tg.send_text(OWNER, "/connect", group_id=FORUM)
    question = await tg.wait_for_bot_message(OWNER, contains="Подключить группу", after=summary.message_id)
    await tg.press(OWNER, question.message_id, question.callback_data("Подключить"))
    await tg.wait_for_bot_message(FORUM, contains="Группа подключена")
    bridge.hh.add_response(vacancy, ivan(bridge.hh))
    card = await tg.wait_for_bot_message(FORUM, contains="Петров")
    (topic,) = [topic for topic in tg.forum_topics(FORUM) if topic.message_thread_id == card.message_thread_id]
    assert len(topic.name) == 128
    assert topic.name == LONG_NAME.strip()[:127].rstrip() + "…"


# --- point 5: /vacancies ---------------------------------------------------------------------------------------

async def delivered_keys(bridge: Bridge, negotiation_id: str) -> list[tuple[int, str]]:
    rows = await bridge.runtime.storage.run(lambda db: db.execute(
        "SELECT chat_id, hh_message_id FROM delivered WHERE negotiation_id = ? ORDER BY hh_message_id",
        (negotiation_id,)).fetchall())
    return [(int(chat), str(key)) for chat, key in rows]


async def test_vacancies_shows_and_changes_where_news_goes(bridge: Bridge) -> None:
    team = await connected(bridge, PLAIN, vacancies=2)
    tg, hh = team.tg, team.hh
    sent = await tg.send_text(OWNER, "/vacancies")
    shown = await tg.wait_for_bot_message(OWNER, after=sent)
    assert shown.text == ("Подключённая группа: «Найм».\n\nАктивные вакансии и куда идут их новости:\n"
                          "1. Вакансия 1\n2. Python-разработчик\n\nКнопки: куда идут новости вакансии (нажмите, "
                          "чтобы сменить) и 🔔 или 🔕 — заглушена, её новости не присылаются.")

    def buttons() -> list[list[str]]:
        message = next(m for m in tg.chat(OWNER) if m.message_id == shown.message_id)
        return [[button["text"] for button in row] for row in message.buttons()]

    who = "Кто действует в группе: "
    assert buttons() == [["1. в группу", "1. 🔔"], ["2. в группу", "2. 🔔"], [who + "администраторы группы"]]
    await tg.press(OWNER, shown.message_id, shown.callback_data("2. в группу"))
    await tg.wait_for(lambda: buttons()[1][0] == "2. лично и в группу", description="the new destination")
    await tg.press(OWNER, shown.message_id, shown.callback_data("1. 🔔"))
    await tg.press(OWNER, shown.message_id, shown.callback_data(who))
    await tg.wait_for(lambda: buttons() == [["1. в группу", "1. 🔕"], ["2. лично и в группу", "2. 🔔"],
                                            [who + "все участники"]], description="the buttons to show the changes")
    link = await bridge.runtime.storage.run(group_links.active, PLAIN, OWNER)
    assert link is not None and link.who_acts is WhoActs.MEMBERS

    first, second = team.vacancies
    muted = hh.add_response(second, hh.add_applicant_user(first_name="Мария", last_name="Иванова"))
    both = hh.add_response(first, ivan(hh), cover_letter="Добрый день!")
    in_group = await tg.wait_for_bot_message(PLAIN, contains="Петров")
    in_private = await tg.wait_for_bot_message(OWNER, contains="Петров", after=shown.message_id)
    assert in_group.text == in_private.text and in_group.buttons() == in_private.buttons()

    async def claimed() -> list[tuple[int, str]] | None:
        return await delivered_keys(bridge, muted.negotiation_id) or None

    assert [chat for chat, _ in await eventually(claimed, what="the muted vacancy's news to be checked")] == [OWNER]
    await bridge.outbox_drained()
    assert not any("Иванова" in text for text in bot_texts_after(tg, PLAIN, 0) + bot_texts_after(tg, OWNER, 0))
    keys = await delivered_keys(bridge, both.negotiation_id)
    assert [chat for chat, _ in keys] == [PLAIN, OWNER], "a reply in either chat reaches the negotiation"


# --- point 9: the group's pace, and a group that is gone -------------------------------------------------------

async def test_a_group_is_paced_by_its_own_window_and_holds_back_no_other_chat(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(tuning=Tuning(**{**FAST.__dict__, "telegram_group_per_window": 3,
                                                 "telegram_group_window": 1.0}))
    team = await connected(bridge, PLAIN)
    tg, hh = team.tg, team.hh
    tg.set_flood_control(FloodControl(group_burst=3, group_per_second=3.0, group_per_minute=1000))
    for n in range(12):
        hh.add_response(team.vacancies[0], hh.add_applicant_user(first_name="Кандидат", last_name=f"Номер{n}"))
    await tg.wait_for_bot_message(PLAIN, contains="Номер")
    asked = await tg.send_text(OWNER, "/help")
    await tg.wait_for_bot_message(OWNER, after=asked)
    waiting = await bridge.runtime.storage.run(lambda db: db.execute(
        "SELECT COUNT(*) FROM outbox WHERE chat_id = ?", (PLAIN,)).fetchone()[0])
    assert waiting > 0, "the private answer came while the group's news still waited for its window"
    await tg.wait_for(lambda: sum("Номер" in m.text for m in tg.bot_messages(PLAIN)) == 12, timeout=15,
                      description="all 12 cards in the group")
    assert tg.flood_stats(PLAIN).too_many_requests == 0


@pytest.mark.parametrize(("group", "chat_type"), [(PLAIN, "supergroup"), (-4000000701, "group")])
async def test_a_deleted_group_hands_its_news_back_to_the_owner(start_bridge: StartBridge, group: int,
                                                                chat_type: str) -> None:
    bridge = await start_bridge()
    tg, hh = bridge.tg, bridge.hh
    _, (vacancy,), summary = await linked_employer(bridge, OWNER)
    tg.add_group(group, "Найм", members=[OWNER], chat_type=chat_type)
    tg.set_member_status(group, OWNER, "creator")
    tg.add_bot_to_group(group, by_user_id=OWNER)
    await tg.send_text(OWNER, "/connect", group_id=group)
    question = await tg.wait_for_bot_message(OWNER, contains="Подключить группу", after=summary.message_id)
    await tg.press(OWNER, question.message_id, question.callback_data("Подключить"))
    await tg.wait_for_bot_message(group, contains="Группа подключена")
    await bridge.outbox_drained()

    tg.delete_group(group)
    negotiation = hh.add_response(vacancy, ivan(hh), cover_letter="Добрый день!")
    card = await tg.wait_for_bot_message(OWNER, contains="Петров", after=question.message_id)
    notice = await tg.wait_for_bot_message(OWNER, contains="больше недоступна", after=question.message_id)
    assert notice.text.startswith("Группа «Найм» больше недоступна")
    assert card.buttons() != []
    await bridge.outbox_drained()
    assert await bridge.runtime.storage.run(group_links.get, group, OWNER) is None
    assert await bridge.runtime.storage.run(outbox.pending_count) == 0
    keys = await delivered_keys(bridge, negotiation.negotiation_id)
    assert [chat for chat, _ in keys] == [OWNER], "a reply to the card in private reaches the negotiation"


# --- a group shared by several owners --------------------------------------------------------------------------

async def test_a_second_owner_connects_the_same_group_and_each_ones_news_comes_there(bridge: Bridge) -> None:
    team = await connected(bridge, PLAIN)
    tg, hh = team.tg, team.hh
    before = last_bot_message(tg, PLAIN)
    _, vacancy, told = await join_second_owner(team)
    assert told.text == ("К группе подключён ещё один аккаунт hh.ru (@pavel): новости его вакансий тоже будут "
                         "приходить сюда.")
    assert bot_texts_after(tg, PLAIN, before) == [told.text], "the group is told once, and who connected"
    assert await bridge.runtime.storage.run(group_links.active_owners, PLAIN) == [OWNER, SECOND]

    again = await tg.send_text(SECOND, "/connect", group_id=PLAIN)
    assert (await tg.wait_for_bot_message(PLAIN, after=again)).text == "Группа уже подключена."
    hh.add_response(team.vacancies[0], ivan(hh), cover_letter="Добрый день!")
    hh.add_response(vacancy, hh.add_applicant_user(first_name="Мария", last_name="Иванова"), cover_letter="Привет")
    await tg.wait_for_bot_message(PLAIN, contains="Петров", after=told.message_id)
    await tg.wait_for_bot_message(PLAIN, contains="Иванова", after=told.message_id)
    await bridge.outbox_drained()
    privately = bot_texts_after(tg, OWNER, team.last_private) + bot_texts_after(tg, SECOND, told.message_id)
    assert not any("Петров" in text or "Иванова" in text for text in privately)


async def news_of_each_goes(team: Team, second_vacancy: Vacancy, *, first_to: int, second_to: int) -> None:
    """A new response of each owner's vacancy reaches the chat named, and not the other chats."""
    tg, hh = team.tg, team.hh
    marks = {chat: last_bot_message(tg, chat) for chat in (OWNER, SECOND, team.group)}
    hh.add_response(team.vacancies[0], hh.add_applicant_user(first_name="Олег", last_name="Первов"))
    hh.add_response(second_vacancy, hh.add_applicant_user(first_name="Нина", last_name="Вторая"))
    await tg.wait_for_bot_message(first_to, contains="Первов", after=marks[first_to])
    await tg.wait_for_bot_message(second_to, contains="Вторая", after=marks[second_to])
    await team.bridge.outbox_drained()
    assert {chat: sorted(name for text in bot_texts_after(tg, chat, mark) for name in ("Первов", "Вторая")
                         if name in text) for chat, mark in marks.items()} == {
        chat: sorted(name for name, to in (("Первов", first_to), ("Вторая", second_to)) if to == chat)
        for chat in marks}


async def second_disconnects_in_the_group(team: Team) -> None:
    await team.tg.send_text(SECOND, "/disconnect", group_id=team.group)


async def second_disconnects_in_private(team: Team) -> None:
    await team.tg.send_text(SECOND, "/disconnect")


async def second_unlinks(team: Team) -> None:
    tg = team.tg
    sent = await tg.send_text(SECOND, "/unlink")
    confirm = await tg.wait_for_bot_message(SECOND, contains="Отключить", after=sent)
    await tg.press(SECOND, confirm.message_id, confirm.callback_data("Да"))


LEFT = "Аккаунт hh.ru (@pavel) отключён от группы: новости его вакансий сюда больше не приходят."


@pytest.mark.parametrize(("leave", "private_told"), [
    (second_disconnects_in_the_group, "Группа «Найм» отключена: новости вакансий снова приходят сюда."),
    (second_disconnects_in_private, "Группа «Найм» отключена: новости вакансий снова приходят сюда."),
    (second_unlinks, None),
])
async def test_an_owner_leaving_a_shared_group_ends_only_their_link(bridge: Bridge, leave: object,
                                                                    private_told: str | None) -> None:
    team, _, vacancy = await shared(bridge, PLAIN)
    tg = team.tg
    group_before, second_before = last_bot_message(tg, PLAIN), last_bot_message(tg, SECOND)
    await leave(team)  # type: ignore[operator]
    await tg.wait_for_bot_message(PLAIN, contains=LEFT, after=group_before)
    if private_told is not None:
        await tg.wait_for_bot_message(SECOND, contains=private_told, after=second_before)
    await bridge.outbox_drained()
    assert bot_texts_after(tg, PLAIN, group_before) == [LEFT], "the group is told once, about that owner only"
    assert await bridge.runtime.storage.run(group_links.active_owners, PLAIN) == [OWNER]
    if private_told is not None:
        await news_of_each_goes(team, vacancy, first_to=PLAIN, second_to=SECOND)


async def test_only_an_owner_disconnects_their_own_account(bridge: Bridge) -> None:
    team, _, vacancy = await shared(bridge, PLAIN)
    tg = team.tg
    tg.set_member_status(PLAIN, COLLEAGUE, "administrator")
    asked = await tg.send_text(COLLEAGUE, "/disconnect", group_id=PLAIN)
    answer = await tg.wait_for_bot_message(PLAIN, after=asked)
    assert answer.text == ("Отключить свой аккаунт hh.ru от группы может тот, кто его подключил: пусть он отправит "
                           "здесь /disconnect. Чтобы отключить группу совсем, удалите меня из неё.")
    await bridge.outbox_drained()
    assert await bridge.runtime.storage.run(group_links.active_owners, PLAIN) == [OWNER, SECOND]
    await news_of_each_goes(team, vacancy, first_to=PLAIN, second_to=PLAIN)


@pytest.mark.parametrize("how", ["the bot is removed", "the group is deleted"])
async def test_a_shared_group_that_is_gone_hands_each_owner_their_news(bridge: Bridge, how: str) -> None:
    team, _, vacancy = await shared(bridge, PLAIN)
    tg = team.tg
    owner_before, second_before = last_bot_message(tg, OWNER), last_bot_message(tg, SECOND)
    if how == "the bot is removed":
        tg.remove_bot_from_group(PLAIN, by_user_id=OWNER)
        await eventually(lambda: _no_owners(bridge), what="the links to end")
    else:
        tg.delete_group(PLAIN)  # found out when the news below is sent there: it goes to its owner instead
    await news_of_each_goes(team, vacancy, first_to=OWNER, second_to=SECOND)
    gone = ("Группа «Найм» больше недоступна (меня удалили из неё, или её больше нет). Новости её вакансий снова "
            "приходят сюда.")
    assert [[text for text in bot_texts_after(tg, chat, before) if text == gone]
            for chat, before in ((OWNER, owner_before), (SECOND, second_before))] == [[gone], [gone]]
    assert await bridge.runtime.storage.run(group_links.active_owners, PLAIN) == []
    assert await bridge.runtime.storage.run(outbox.pending_count) == 0


async def _no_owners(bridge: Bridge) -> bool | None:
    return await bridge.runtime.storage.run(group_links.active_owners, PLAIN) == [] or None
