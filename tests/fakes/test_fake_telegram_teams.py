"""The fake Telegram for hiring teams: forum topics, members' roles, the bot's rights, deleted groups and
the group flood limit, driven over real HTTP (and by a real aiogram Bot)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Update

from bot.testing.fake_telegram import ChatFloodStats, FakeTelegram, FloodControl, ForumTopic

TOKEN = "123456:TEST"
BOT_ID = 123456
OWNER, COLLEAGUE, OUTSIDER = 111, 222, 333
FORUM, PLAIN, BASIC = -1001000000001, -1001000000002, -4000000001
BOT_JSON = {"id": BOT_ID, "is_bot": True, "first_name": "HH Bridge", "username": "hh_bridge_bot"}
OWNER_JSON = {"id": OWNER, "is_bot": False, "first_name": "Анна", "language_code": "ru"}
FORUM_JSON = {"id": FORUM, "title": "Найм", "type": "supergroup", "is_forum": True}
THREAD_NOT_FOUND = "Bad Request: message thread not found"
BLUE = 7322096

Answer = tuple[int, dict[str, Any]]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Api:
    def __init__(self, http: aiohttp.ClientSession, tg: FakeTelegram) -> None:
        self._http = http
        self._url = f"{tg.base_url}/bot{TOKEN}"

    async def __call__(self, method: str, **params: Any) -> Answer:
        async with self._http.post(f"{self._url}/{method}", json=params) as response:
            return response.status, await response.json()

    async def ok(self, method: str, **params: Any) -> Any:
        status, body = await self(method, **params)
        assert (status, body["ok"]) == (200, True), body
        return body["result"]

    async def error(self, method: str, **params: Any) -> tuple[int, str]:
        status, body = await self(method, **params)
        assert body["ok"] is False and status == body["error_code"], body
        return status, body["description"]

    async def updates(self) -> list[dict[str, Any]]:
        """Every pending update, then confirmed."""
        updates: list[dict[str, Any]] = await self.ok("getUpdates")
        if updates:
            await self.ok("getUpdates", offset=updates[-1]["update_id"] + 1)
        return updates


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def tg(clock: Clock) -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token=TOKEN, clock=clock)
    await fake.start()
    fake.add_user(OWNER, "Анна", language_code="ru")
    fake.add_user(COLLEAGUE, "Bob")
    fake.add_user(OUTSIDER, "Carol")
    yield fake
    await fake.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def api(tg: FakeTelegram, http: aiohttp.ClientSession) -> Api:
    return Api(http, tg)


@pytest.fixture
async def forum(tg: FakeTelegram, api: Api) -> int:
    """A forum of Анна (its creator) and Bob; Анна added the bot as an administrator; no updates pending."""
    tg.add_group(FORUM, "Найм", members=[OWNER, COLLEAGUE], is_forum=True)
    tg.set_member_status(FORUM, OWNER, "creator")
    tg.add_bot_to_group(FORUM, by_user_id=OWNER, as_admin=True)
    await api.updates()
    return FORUM


async def bot_topic(api: Api, name: str = "Python-разработчик") -> int:
    topic: dict[str, Any] = await api.ok("createForumTopic", chat_id=FORUM, name=name)
    thread_id: int = topic["message_thread_id"]
    return thread_id


def aiogram_bot(tg: FakeTelegram) -> Bot:
    return Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url)))


# --- forum topics ----------------------------------------------------------------------------


async def test_the_bot_creates_a_topic_and_writes_in_it(tg: FakeTelegram, api: Api, forum: int) -> None:
    topic = await api.ok("createForumTopic", chat_id=FORUM, name="  Python-разработчик ", icon_color=16478047)
    thread = topic["message_thread_id"]
    assert topic == {"message_thread_id": thread, "name": "Python-разработчик", "icon_color": 16478047}
    assert thread >= 2  # 1 is the General topic's id
    sent = await api.ok("sendMessage", chat_id=FORUM, text="Новый отклик", message_thread_id=thread)
    created = {
        "message_id": thread,
        "from": BOT_JSON,
        "chat": FORUM_JSON,
        "date": sent["reply_to_message"]["date"],
        "message_thread_id": thread,
        "is_topic_message": True,
        "forum_topic_created": {"name": "Python-разработчик", "icon_color": 16478047},
    }
    assert sent == {
        "message_id": thread + 1,
        "from": BOT_JSON,
        "chat": FORUM_JSON,
        "date": sent["date"],
        "message_thread_id": thread,
        "is_topic_message": True,
        "text": "Новый отклик",
        "reply_to_message": created,
    }
    general = await api.ok("sendMessage", chat_id=FORUM, text="В общий")
    assert "message_thread_id" not in general and "reply_to_message" not in general
    assert [(m.message_id, m.message_thread_id, m.text) for m in tg.bot_messages(FORUM)] == [
        (thread + 1, thread, "Новый отклик"),
        (thread + 2, None, "В общий"),
    ]
    assert tg.forum_topics(FORUM) == [ForumTopic(thread, "Python-разработчик", 16478047, created_by_bot=True)]
    assert await api.updates() == []  # the bot gets no update for its own topic
    assert await api.error("deleteMessage", chat_id=FORUM, message_id=thread) == (
        400,
        "Bad Request: message can't be deleted",
    )


async def test_aiogram_creates_a_topic_and_parses_topic_messages(tg: FakeTelegram, forum: int) -> None:
    bot = aiogram_bot(tg)
    try:
        topic = await bot.create_forum_topic(FORUM, "Аналитик")
        sent = await bot.send_message(FORUM, "Отклик", message_thread_id=topic.message_thread_id)
    finally:
        await bot.session.close()
    assert (topic.name, topic.icon_color) == ("Аналитик", BLUE)
    assert (sent.message_thread_id, sent.is_topic_message) == (topic.message_thread_id, True)
    assert sent.reply_to_message is not None and sent.reply_to_message.forum_topic_created is not None


@pytest.mark.parametrize(
    ("chat_id", "params", "description"),
    [
        (PLAIN, {"name": "x"}, "Bad Request: the chat is not a forum"),
        (OWNER, {"name": "x"}, "Bad Request: the chat is not a forum"),
        (FORUM, {"name": ""}, "Bad Request: title must be non-empty"),
        (FORUM, {"name": "   "}, "Bad Request: title must be non-empty"),
        (FORUM, {}, "Bad Request: title must be non-empty"),
        (FORUM, {"name": "x" * 129}, "Bad Request: title is too long or has control characters"),
        (FORUM, {"name": "a\nb"}, "Bad Request: title is too long or has control characters"),
        (FORUM, {"name": "x", "icon_color": 123}, "Bad Request: invalid icon color specified"),
    ],
)
async def test_create_forum_topic_refusals(
    tg: FakeTelegram, api: Api, forum: int, chat_id: int, params: dict[str, Any], description: str
) -> None:
    tg.add_group(PLAIN, "Без тем", members=[OWNER])
    tg.add_bot_to_group(PLAIN, by_user_id=OWNER, as_admin=True)
    assert await api.error("createForumTopic", chat_id=chat_id, **params) == (400, description)
    assert tg.forum_topics(FORUM) == []


async def test_topic_names_take_128_characters_and_only_an_administrator_bot_creates_topics(
    tg: FakeTelegram, api: Api, forum: int
) -> None:
    assert (await api.ok("createForumTopic", chat_id=FORUM, name="я" * 128))["name"] == "я" * 128
    tg.demote_bot(FORUM, by_user_id=OWNER)
    assert await api.error("createForumTopic", chat_id=FORUM, name="x") == (
        400,
        "Bad Request: not enough rights to create a topic",
    )


@pytest.mark.parametrize(
    ("chat_id", "thread"),
    [
        (OWNER, 2),  # a private chat: Telegram would ignore it; the fake refuses
        (PLAIN, 2),  # a supergroup without topics
        (BASIC, 2),  # a basic group
        (FORUM, 1),  # the General topic is not a topic to send to
        (FORUM, 999),  # no such topic
    ],
)
async def test_a_message_thread_id_outside_a_live_topic_is_refused(
    tg: FakeTelegram, api: Api, forum: int, chat_id: int, thread: int
) -> None:
    tg.add_group(PLAIN, "Без тем", members=[OWNER])
    tg.add_group(BASIC, "Маленькая", members=[OWNER], chat_type="group")
    for group in (PLAIN, BASIC):
        tg.add_bot_to_group(group, by_user_id=OWNER)
    before = {chat: len(tg.chat(chat)) for chat in (OWNER, PLAIN, BASIC, FORUM)}
    assert await api.error("sendMessage", chat_id=chat_id, text="x", message_thread_id=thread) == (
        400,
        THREAD_NOT_FOUND,
    )
    assert await api.error("sendChatAction", chat_id=chat_id, action="typing", message_thread_id=thread) == (
        400,
        THREAD_NOT_FOUND,
    )
    assert {chat: len(tg.chat(chat)) for chat in before} == before


async def test_a_reply_goes_to_the_replied_messages_topic_and_must_stay_in_the_asked_one(
    tg: FakeTelegram, api: Api, forum: int
) -> None:
    first, second = await bot_topic(api, "Первая"), await bot_topic(api, "Вторая")
    card = await api.ok("sendMessage", chat_id=FORUM, text="Карточка", message_thread_id=first)
    answer = await api.ok(
        "sendMessage", chat_id=FORUM, text="Ответ", reply_parameters={"message_id": card["message_id"]}
    )
    assert (answer["message_thread_id"], answer["reply_to_message"]["message_id"]) == (first, card["message_id"])
    wrong_topic = {"message_id": card["message_id"]}
    assert await api.error(
        "sendMessage", chat_id=FORUM, text="x", message_thread_id=second, reply_parameters=wrong_topic
    ) == (400, "Bad Request: message to be replied not found")
    dropped = await api.ok(
        "sendMessage",
        chat_id=FORUM,
        text="Без ответа",
        message_thread_id=second,
        reply_parameters={**wrong_topic, "allow_sending_without_reply": True},
    )
    assert (dropped["message_thread_id"], dropped["reply_to_message"]["message_id"]) == (second, second)


@pytest.mark.parametrize(
    ("reason", "description"),
    [("message thread not found", THREAD_NOT_FOUND), ("TOPIC_DELETED", "Bad Request: TOPIC_DELETED")],
)
async def test_a_deleted_topic_is_gone_with_its_messages(
    tg: FakeTelegram, api: Api, forum: int, reason: str, description: str
) -> None:
    thread = await bot_topic(api)
    card = await api.ok("sendMessage", chat_id=FORUM, text="Карточка", message_thread_id=thread)
    await tg.send_text(COLLEAGUE, "в теме", group_id=FORUM, thread_id=thread)
    kept = await api.ok("sendMessage", chat_id=FORUM, text="В общий")
    await api.updates()
    tg.delete_forum_topic(FORUM, thread, reason=reason)
    assert [m.message_id for m in tg.chat(FORUM)] == [2, kept["message_id"]]  # 2: the bot joined (1 is General)
    assert tg.forum_topics(FORUM) == []
    assert await api.error("sendMessage", chat_id=FORUM, text="x", message_thread_id=thread) == (400, description)
    assert await api.error("editMessageText", chat_id=FORUM, message_id=card["message_id"], text="y") == (
        400,
        "Bad Request: message to edit not found",
    )
    assert await api.updates() == []  # Telegram does not tell the bot
    again = await bot_topic(api)
    assert again > kept["message_id"]
    with pytest.raises(LookupError):
        await tg.send_text(COLLEAGUE, "x", group_id=FORUM, thread_id=thread)
    with pytest.raises(LookupError):
        tg.delete_forum_topic(FORUM, thread)
    with pytest.raises(ValueError, match="reason"):
        tg.delete_forum_topic(FORUM, again, reason="gone")


async def test_a_closed_topic_takes_only_administrators(tg: FakeTelegram, api: Api, forum: int) -> None:
    thread = await bot_topic(api)
    with pytest.raises(ValueError, match="not the creator or an administrator"):
        tg.close_forum_topic(FORUM, thread, by_user_id=COLLEAGUE)
    closed = tg.close_forum_topic(FORUM, thread, by_user_id=OWNER)
    [update] = await api.updates()
    assert update["message"] == {
        "message_id": closed,
        "from": OWNER_JSON,
        "chat": FORUM_JSON,
        "date": update["message"]["date"],
        "message_thread_id": thread,
        "is_topic_message": True,
        "forum_topic_closed": {},
        "reply_to_message": update["message"]["reply_to_message"],
    }
    assert update["message"]["reply_to_message"]["message_id"] == thread
    await api.ok("sendMessage", chat_id=FORUM, text="администратор пишет", message_thread_id=thread)
    tg.demote_bot(FORUM, by_user_id=OWNER)
    assert await api.error("sendMessage", chat_id=FORUM, text="x", message_thread_id=thread) == (
        400,
        "Bad Request: TOPIC_CLOSED",
    )
    with pytest.raises(ValueError, match="closed"):
        await tg.send_text(COLLEAGUE, "x", group_id=FORUM, thread_id=thread)
    await tg.send_text(OWNER, "/start", group_id=FORUM, thread_id=thread)  # the creator may
    tg.reopen_forum_topic(FORUM, thread, by_user_id=OWNER)
    await api.ok("sendMessage", chat_id=FORUM, text="снова открыта", message_thread_id=thread)
    assert [t.closed for t in tg.forum_topics(FORUM)] == [False]
    with pytest.raises(ValueError, match="already open"):
        tg.reopen_forum_topic(FORUM, thread, by_user_id=OWNER)


async def test_users_write_in_topics_and_the_bot_sees_the_topic(tg: FakeTelegram, api: Api, forum: int) -> None:
    thread = tg.create_forum_topic(FORUM, OWNER, "Вакансия")
    [created] = await api.updates()  # a user's topic reaches the bot as a service message
    assert created["message"]["forum_topic_created"] == {"name": "Вакансия", "icon_color": BLUE}
    assert (created["message"]["message_id"], created["message"]["message_thread_id"]) == (thread, thread)
    assert "reply_to_message" not in created["message"]
    said = await tg.send_text(COLLEAGUE, "Кто смотрит?", group_id=FORUM, thread_id=thread)
    card = await api.ok("sendMessage", chat_id=FORUM, text="Карточка", message_thread_id=thread)
    replied = await tg.reply(COLLEAGUE, card["message_id"], "Приглашаем", group_id=FORUM)
    updates = await api.updates()
    plain, reply = (update["message"] for update in updates)
    assert (plain["message_id"], plain["message_thread_id"], plain["is_topic_message"]) == (said, thread, True)
    assert plain["reply_to_message"]["message_id"] == thread  # the topic's creation message, as Telegram shows it
    assert plain["reply_to_message"]["forum_topic_created"] == {"name": "Вакансия", "icon_color": BLUE}
    assert (reply["message_id"], reply["message_thread_id"]) == (replied, thread)
    assert reply["reply_to_message"]["message_id"] == card["message_id"]
    parsed = Update.model_validate(updates[0])
    assert parsed.message is not None and parsed.message.is_topic_message is True
    assert [m.message_thread_id for m in tg.chat(FORUM)[-3:]] == [thread, thread, thread]
    with pytest.raises(LookupError, match="not a forum"):
        await tg.send_text(OWNER, "x", thread_id=thread)
    with pytest.raises(LookupError, match="no topic"):
        await tg.send_text(OWNER, "x", group_id=FORUM, thread_id=thread + 100)


async def test_privacy_mode_holds_in_topics_the_bot_created(tg: FakeTelegram, api: Api, forum: int) -> None:
    """Telegram shows a topic's plain messages as replies to its creation message; for privacy mode they are
    not replies to the bot, so a bot that is no longer an administrator does not get them."""
    thread = await bot_topic(api)
    card = await api.ok("sendMessage", chat_id=FORUM, text="Карточка", message_thread_id=thread)
    tg.demote_bot(FORUM, by_user_id=OWNER)
    await api.updates()
    await tg.send_text(COLLEAGUE, "просто болтовня", group_id=FORUM, thread_id=thread)
    answer = await tg.reply(COLLEAGUE, card["message_id"], "ответ карточке", group_id=FORUM)
    assert [update["message"]["message_id"] for update in await api.updates()] == [answer]


# --- members and the bot's rights ------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        ("creator", {"is_anonymous": False}),
        ("administrator", {"can_manage_topics": True, "can_delete_messages": True}),
        ("member", {}),
        ("restricted", {"is_member": True, "can_send_messages": False, "until_date": 0}),
        ("left", {}),
        ("kicked", {"until_date": 0}),
    ],
)
async def test_get_chat_member_reports_the_role_set_by_the_control(
    tg: FakeTelegram, api: Api, forum: int, status: str, extra: dict[str, Any]
) -> None:
    tg.set_member_status(FORUM, OWNER, "administrator")  # a group has one creator
    tg.set_member_status(FORUM, COLLEAGUE, status)
    member = await api.ok("getChatMember", chat_id=FORUM, user_id=COLLEAGUE)
    assert (member["status"], member["user"]["id"]) == (status, COLLEAGUE)
    assert {key: member[key] for key in extra} == extra
    assert tg.member_status(FORUM, COLLEAGUE) == status
    bot = aiogram_bot(tg)
    try:
        parsed = await bot.get_chat_member(FORUM, COLLEAGUE)
    finally:
        await bot.session.close()
    assert parsed.status == status


async def test_get_chat_member_of_the_bot_strangers_and_unknown_users(tg: FakeTelegram, api: Api, forum: int) -> None:
    assert (await api.ok("getChatMember", chat_id=FORUM, user_id=OWNER))["status"] == "creator"
    assert (await api.ok("getChatMember", chat_id=FORUM, user_id=OUTSIDER))["status"] == "left"
    bot = await api.ok("getChatMember", chat_id=FORUM, user_id=BOT_ID)
    assert (bot["status"], bot["user"], bot["can_manage_topics"]) == ("administrator", BOT_JSON, True)
    assert (await api.ok("getChatMember", chat_id=OWNER, user_id=OWNER))["status"] == "member"
    assert await api.error("getChatMember", chat_id=FORUM, user_id=999) == (400, "Bad Request: user not found")
    assert await api.error("getChatMember", chat_id=FORUM) == (400, "Bad Request: invalid user_id specified")
    tg.add_group(PLAIN, "Без бота", members=[OWNER])
    assert await api.error("getChatMember", chat_id=PLAIN, user_id=OWNER) == (400, "Bad Request: chat not found")
    tg.remove_bot_from_group(FORUM, by_user_id=OWNER)
    assert await api.error("getChatMember", chat_id=FORUM, user_id=OWNER) == (
        403,
        "Forbidden: bot was kicked from the supergroup chat",
    )


async def test_roles_decide_who_writes_and_a_group_has_one_creator(tg: FakeTelegram, forum: int) -> None:
    tg.set_member_status(FORUM, COLLEAGUE, "restricted")
    with pytest.raises(ValueError, match="restricted"):
        await tg.send_text(COLLEAGUE, "/start", group_id=FORUM)
    tg.set_member_status(FORUM, COLLEAGUE, "kicked")
    with pytest.raises(LookupError, match="not a member"):
        await tg.send_text(COLLEAGUE, "/start", group_id=FORUM)
    tg.set_member_status(FORUM, COLLEAGUE, "member")
    await tg.send_text(COLLEAGUE, "/start", group_id=FORUM)
    with pytest.raises(ValueError, match="already has a creator"):
        tg.set_member_status(FORUM, COLLEAGUE, "creator")
    with pytest.raises(ValueError, match="status must be one of"):
        tg.set_member_status(FORUM, COLLEAGUE, "owner")
    with pytest.raises(LookupError):
        tg.set_member_status(FORUM, 999, "member")


async def test_promoting_and_demoting_the_bot_queue_my_chat_member(tg: FakeTelegram, api: Api) -> None:
    tg.add_group(FORUM, "Найм", members=[OWNER, COLLEAGUE], is_forum=True)
    tg.add_bot_to_group(FORUM, by_user_id=COLLEAGUE)
    with pytest.raises(ValueError, match="not the creator or an administrator"):
        tg.promote_bot(FORUM, by_user_id=COLLEAGUE)
    tg.set_member_status(FORUM, OWNER, "administrator")
    with pytest.raises(ValueError, match="not administrator"):
        tg.demote_bot(FORUM, by_user_id=OWNER)
    tg.promote_bot(FORUM, by_user_id=OWNER)
    tg.demote_bot(FORUM, by_user_id=OWNER)
    changes = [u["my_chat_member"] for u in await api.updates() if "my_chat_member" in u]
    assert [(c["from"]["id"], c["old_chat_member"]["status"], c["new_chat_member"]["status"]) for c in changes] == [
        (COLLEAGUE, "left", "member"),
        (OWNER, "member", "administrator"),
        (OWNER, "administrator", "member"),
    ]
    assert changes[1]["chat"] == FORUM_JSON
    assert changes[1]["new_chat_member"]["can_manage_topics"] is True
    assert tg.bot_status_in_group(FORUM) == "member"
    await tg.send_text(COLLEAGUE, "болтовня", group_id=FORUM)
    assert await api.updates() == []  # privacy mode again once demoted


async def test_a_role_change_queues_chat_member_only_for_an_administrator_bot_that_asked(
    tg: FakeTelegram, api: Api, forum: int
) -> None:
    """Bot API: chat_member comes only while the bot is an administrator of the chat, and only when "chat_member" is
    named in allowed_updates (it is not among the default kinds)."""
    tg.set_member_status(FORUM, COLLEAGUE, "administrator")
    assert await api.updates() == [], "not asked for"
    await api.ok("getUpdates", allowed_updates=["message", "chat_member"])
    tg.set_member_status(FORUM, COLLEAGUE, "member", by_user_id=OWNER)
    tg.set_member_status(FORUM, COLLEAGUE, "member")  # no change, no update
    tg.add_group_member(FORUM, OUTSIDER)
    updates = await api.updates()
    changes = [u["chat_member"] for u in updates if "chat_member" in u]
    assert [(c["from"]["id"], c["new_chat_member"]["user"]["id"], c["old_chat_member"]["status"],
             c["new_chat_member"]["status"]) for c in changes] == [
        (OWNER, COLLEAGUE, "administrator", "member"),
        (OUTSIDER, OUTSIDER, "left", "member"),
    ]
    assert changes[0]["chat"] == FORUM_JSON and isinstance(changes[0]["date"], int)
    assert [next(iter(set(u) - {"update_id"})) for u in updates] == ["chat_member", "chat_member", "message"]
    parsed = Update.model_validate(updates[0])
    assert parsed.chat_member is not None and parsed.chat_member.new_chat_member.status == "member"
    tg.demote_bot(FORUM, by_user_id=OWNER)
    await api.updates()
    tg.set_member_status(FORUM, COLLEAGUE, "administrator")
    assert await api.updates() == [], "the bot is no longer an administrator"


@pytest.mark.parametrize(
    ("chat_id", "chat_type", "status", "description"),
    [
        (PLAIN, "supergroup", 400, "Bad Request: chat not found"),
        (BASIC, "group", 403, "Forbidden: the group chat was deleted"),
    ],
)
async def test_a_deleted_group_refuses_the_bot_and_its_users(
    tg: FakeTelegram, api: Api, chat_id: int, chat_type: str, status: int, description: str
) -> None:
    tg.add_group(chat_id, "Скоро удалят", members=[OWNER], chat_type=chat_type)
    tg.add_bot_to_group(chat_id, by_user_id=OWNER)
    sent = await api.ok("sendMessage", chat_id=chat_id, text="до")
    await api.updates()
    tg.delete_group(chat_id)
    assert await api.error("sendMessage", chat_id=chat_id, text="после") == (status, description)
    assert await api.error("editMessageText", chat_id=chat_id, message_id=sent["message_id"], text="x") == (
        status,
        description,
    )
    assert await api.error("getChatMember", chat_id=chat_id, user_id=OWNER) == (status, description)
    assert await api.updates() == []
    with pytest.raises(LookupError, match="deleted"):
        await tg.send_text(OWNER, "/start", group_id=chat_id)
    with pytest.raises(ValueError, match="already deleted"):
        tg.delete_group(chat_id)
    assert [m.text for m in tg.bot_messages(chat_id)] == ["до"]


# --- the group flood limit ---------------------------------------------------------------------


async def test_a_group_gets_twenty_messages_in_any_minute(tg: FakeTelegram, api: Api, clock: Clock, forum: int) -> None:
    """A token bucket of 20 refilled at 1 per 3 s would take the 21st message 3 s later; Telegram's "20
    a minute" read strictly takes it only once the first is a minute old."""
    tg.set_flood_control(FloodControl())
    for n in range(20):
        await api.ok("sendMessage", chat_id=FORUM, text=str(n))
    clock.now += 3
    status, body = await api("sendMessage", chat_id=FORUM, text="21st")
    assert (status, body["description"], body["parameters"]) == (
        429,
        "Too Many Requests: retry after 57",
        {"retry_after": 57},
    )
    await api.ok("sendMessage", chat_id=OWNER, text="a private chat has its own limit")
    clock.now += 56
    status, body = await api("sendMessage", chat_id=FORUM, text="too early")
    assert (status, body["parameters"]) == (429, {"retry_after": 1})
    clock.now += 1
    await api.ok("sendMessage", chat_id=FORUM, text="a minute later")
    assert tg.flood_stats(FORUM) == ChatFloodStats(
        too_many_requests=2, retry_after_ignored=1, after_first_retry_after=0, first_retry_after_until=1060.0
    )
    assert tg.flood_stats(OWNER) == ChatFloodStats()


async def test_429s_after_the_first_retry_after_are_counted_per_chat(
    tg: FakeTelegram, api: Api, clock: Clock, forum: int
) -> None:
    tg.set_flood_control(FloodControl(group_burst=2, group_per_second=0.5, group_per_minute=100))
    for _ in range(2):
        await api.ok("sendMessage", chat_id=FORUM, text="x")
    first = await api("sendMessage", chat_id=FORUM, text="x")
    assert first[1]["parameters"] == {"retry_after": 2}
    clock.now += 2  # the bot waits as told, then sends two at once: the second is too fast again
    await api.ok("sendMessage", chat_id=FORUM, text="x")
    assert (await api("sendMessage", chat_id=FORUM, text="x"))[0] == 429
    assert tg.flood_stats(FORUM) == ChatFloodStats(
        too_many_requests=2, retry_after_ignored=0, after_first_retry_after=1, first_retry_after_until=1002.0
    )
    assert (tg.stats.too_many_requests, tg.stats.retry_after_ignored, tg.stats.after_first_retry_after) == (2, 0, 1)


async def test_creating_a_topic_counts_against_the_group_limit(tg: FakeTelegram, api: Api, forum: int) -> None:
    tg.set_flood_control(FloodControl(group_per_minute=2))
    await bot_topic(api, "Первая")
    await api.ok("sendMessage", chat_id=FORUM, text="x")
    status, body = await api("createForumTopic", chat_id=FORUM, name="Третья")
    assert (status, body["parameters"]) == (429, {"retry_after": 60})
    assert [topic.name for topic in tg.forum_topics(FORUM)] == ["Первая"]


async def test_silent_messages_are_recorded(tg: FakeTelegram, api: Api, forum: int) -> None:
    await api.ok("sendMessage", chat_id=FORUM, text="тихо", disable_notification=True)
    await api.ok("sendMessage", chat_id=FORUM, text="громко")
    assert [(m.text, m.disable_notification) for m in tg.bot_messages(FORUM)] == [("тихо", True), ("громко", False)]


# --- over HTTP -----------------------------------------------------------------------------------


async def test_http_team_controls(tg: FakeTelegram, api: Api, http: aiohttp.ClientSession, clock: Clock) -> None:
    base = f"{tg.base_url}/_fake"

    async def post(path: str, body: Any) -> tuple[int, Any]:
        async with http.post(f"{base}/{path}", json=body) as response:
            return response.status, await response.json()

    async def get(path: str) -> tuple[int, Any]:
        async with http.get(f"{base}/{path}") as response:
            return response.status, await response.json()

    forum = {"chat_id": FORUM, "title": "Найм", "members": [OWNER, COLLEAGUE], "is_forum": True}
    assert await post("groups", forum) == (200, FORUM_JSON)
    assert (await post("groups", {**forum, "chat_id": PLAIN, "is_forum": "yes"}))[0] == 400
    assert (await post("groups", {**forum, "chat_id": BASIC, "chat_type": "group"}))[0] == 400
    assert await post("member_status", {"chat_id": FORUM, "user_id": OWNER, "status": "creator"}) == (
        200,
        {"status": "creator"},
    )
    assert (await post("member_status", {"chat_id": FORUM, "user_id": OWNER, "status": "boss"}))[0] == 400
    assert (await post("add_bot_to_group", {"chat_id": FORUM, "by_user_id": COLLEAGUE}))[0] == 200
    assert await post("bot_admin", {"chat_id": FORUM, "by_user_id": OWNER, "admin": True}) == (
        200,
        {"bot_status": "administrator"},
    )
    assert (await post("bot_admin", {"chat_id": FORUM, "by_user_id": COLLEAGUE, "admin": False}))[0] == 400
    assert (await post("bot_admin", {"chat_id": FORUM, "by_user_id": OWNER}))[0] == 400
    status, created = await post("forum_topics", {"chat_id": FORUM, "by_user_id": COLLEAGUE, "name": "Тема"})
    thread = created["message_thread_id"]
    assert status == 200
    assert (await post("forum_topics", {"chat_id": FORUM, "by_user_id": COLLEAGUE, "name": ""}))[0] == 400
    assert await get(f"forum_topics/{FORUM}") == (
        200,
        [{"message_thread_id": thread, "name": "Тема", "icon_color": BLUE, "created_by_bot": False, "closed": False}],
    )
    said = {"user_id": COLLEAGUE, "text": "в теме", "group_id": FORUM, "thread_id": thread}
    assert await post("send_text", said) == (200, {"message_id": thread + 1})
    assert (await post("send_text", {**said, "thread_id": 999}))[0] == 404
    closing = {"chat_id": FORUM, "message_thread_id": thread, "by_user_id": OWNER, "closed": True}
    assert await post("forum_topic_closed", closing) == (200, {"message_id": thread + 2})
    assert (await post("forum_topic_closed", closing))[0] == 400  # already closed
    assert (await post("forum_topic_closed", {**closing, "closed": False}))[0] == 200
    deleting = {"chat_id": FORUM, "message_thread_id": thread, "reason": "TOPIC_DELETED"}
    assert await post("delete_forum_topic", deleting) == (200, {})
    assert (await post("delete_forum_topic", deleting))[0] == 404
    assert await api.error("sendMessage", chat_id=FORUM, text="x", message_thread_id=thread) == (
        400,
        "Bad Request: TOPIC_DELETED",
    )
    tg.set_flood_control(FloodControl(group_burst=1, group_per_second=1.0))
    await api.ok("sendMessage", chat_id=FORUM, text="1")
    assert (await api("sendMessage", chat_id=FORUM, text="2"))[0] == 429
    assert await get("flood") == (
        200,
        {
            "too_many_requests": 1,
            "retry_after_ignored": 0,
            "after_first_retry_after": 0,
            "by_chat": {
                str(FORUM): {
                    "too_many_requests": 1,
                    "retry_after_ignored": 0,
                    "after_first_retry_after": 0,
                    "first_retry_after_until": clock.now + 1,
                }
            },
        },
    )
    assert (await get("stats"))[1]["after_first_retry_after"] == 0
    assert await post("delete_group", {"chat_id": FORUM}) == (200, {})
    assert (await post("delete_group", {"chat_id": FORUM}))[0] == 400
    assert (await post("delete_group", {"chat_id": "x"}))[0] == 400
