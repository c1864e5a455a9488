"""Issue 21, item 8: the fake Telegram held to the Bot API where the bot's own logic depends on it: the bot's
identity (the token's number everywhere), reply threads and forum topics, and `my_chat_member` for the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.types import ChatMemberAdministrator, ChatMemberBanned, ChatMemberMember, Message, Update, User
from pydantic import BaseModel

from bot.testing.fake_telegram import FakeTelegram

TOKEN = "987654321:AAE-tEsT_token"
BOT_ID = 987654321
BOT_USERNAME = "team_hire_bot"
ANNA, BOB = 111, 222
PLAIN, FORUM, BASIC = -1001000000011, -1001000000012, -4000000011
THREAD_NOT_FOUND = "Bad Request: message thread not found"
# Service-message fields Telegram still sends beside `new_chat_members` / `left_chat_member`, though the Bot API
# no longer lists them.
LEGACY_FIELDS = {"new_chat_member", "new_chat_participant", "left_chat_participant"}


class Api:
    def __init__(self, http: aiohttp.ClientSession, tg: FakeTelegram) -> None:
        self._http = http
        self._url = f"{tg.base_url}/bot{tg.token}"

    async def __call__(self, method: str, **params: Any) -> dict[str, Any]:
        async with self._http.post(f"{self._url}/{method}", json=params) as response:
            body: dict[str, Any] = await response.json()
            return body

    async def ok(self, method: str, **params: Any) -> Any:
        body = await self(method, **params)
        assert body["ok"] is True, body
        return body["result"]

    async def updates(self) -> list[dict[str, Any]]:
        updates: list[dict[str, Any]] = await self.ok("getUpdates")
        if updates:
            await self.ok("getUpdates", offset=updates[-1]["update_id"] + 1)
        return updates


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token=TOKEN, bot_username=BOT_USERNAME, bot_first_name="Найм")
    await fake.start()
    fake.add_user(ANNA, "Анна", language_code="ru")
    fake.add_user(BOB, "Bob", username="bob")
    yield fake
    await fake.close()


@pytest.fixture
async def api(tg: FakeTelegram) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession() as http:
        yield Api(http, tg)


def unknown_fields(found: Any, path: str = "") -> list[str]:
    """Fields aiogram (it follows the Bot API's latest version) does not know, anywhere in a parsed object."""
    if isinstance(found, list):
        return [field for index, item in enumerate(found) for field in unknown_fields(item, f"{path}[{index}]")]
    if not isinstance(found, BaseModel):
        return []
    unknown = [f"{path}.{name}" for name in found.model_extra or {} if name not in LEGACY_FIELDS]
    for name in type(found).model_fields:
        unknown += unknown_fields(getattr(found, name), f"{path}.{name}")
    return unknown


# --- the bot's identity ----------------------------------------------------------------------------------------

async def test_the_bot_is_the_user_its_token_names_everywhere(tg: FakeTelegram, api: Api) -> None:
    me = await api.ok("getMe")
    assert (me["id"], me["is_bot"], me["username"]) == (BOT_ID, True, BOT_USERNAME) and tg.bot_id == BOT_ID
    bot_user = {key: me[key] for key in ("id", "is_bot", "first_name", "username")}
    tg.add_group(PLAIN, "Найм", members=[ANNA, BOB])
    tg.add_bot_to_group(PLAIN, by_user_id=ANNA)
    membership, joined = await api.updates()
    assert membership["my_chat_member"]["new_chat_member"]["user"] == bot_user
    assert membership["my_chat_member"]["old_chat_member"]["user"] == bot_user
    assert joined["message"]["new_chat_members"] == [bot_user]
    sent = await api.ok("sendMessage", chat_id=PLAIN, text="Привет")
    private = await api.ok("sendMessage", chat_id=ANNA, text="Привет")
    assert sent["from"] == private["from"] == bot_user
    assert (await api.ok("getChatMember", chat_id=PLAIN, user_id=BOT_ID))["user"] == bot_user
    assert Bot(tg.token).id == BOT_ID, "aiogram takes the bot's id from the token (`to_the_bot` compares with it)"


@pytest.mark.parametrize("token", ["0123:ABC", "١٢٣:ABC", "123:", "123:AB C", "123", ":ABC", "12a:ABC"])
def test_a_token_whose_number_is_no_user_id_is_refused(token: str) -> None:
    with pytest.raises(ValueError, match="bot token"):
        FakeTelegram(token=token)


@pytest.mark.parametrize("username", ["hh_bridge", "bot", "1st_bot", "hh-bridge_bot", "a" * 30 + "bot"])
def test_a_bot_username_is_one_telegram_would_give(username: str) -> None:
    with pytest.raises(ValueError, match="username"):
        FakeTelegram(token=TOKEN, bot_username=username)


# --- my_chat_member for the bot itself ----------------------------------------------------------------------------

async def test_blocking_and_unblocking_the_bot_are_chat_member_updates_aiogram_parses(tg: FakeTelegram,
                                                                                     api: Api) -> None:
    tg.block_bot(ANNA)
    await tg.send_text(ANNA, "/start")  # writing again unblocks the bot
    changes = [update for update in await api.updates() if "my_chat_member" in update]
    parsed = [Update.model_validate(update).my_chat_member for update in changes]
    assert [(change.old_chat_member.status, change.new_chat_member.status) for change in parsed if change] == [
        ("member", "kicked"), ("kicked", "member")]
    blocked, unblocked = parsed
    assert blocked is not None and unblocked is not None
    assert isinstance(blocked.new_chat_member, ChatMemberBanned) and blocked.new_chat_member.until_date is not None
    assert isinstance(unblocked.old_chat_member, ChatMemberBanned), "a kicked member always has its until_date"
    assert isinstance(unblocked.new_chat_member, ChatMemberMember)
    assert {change.new_chat_member.user.id for change in parsed if change} == {BOT_ID}
    assert [change.from_user.id for change in parsed if change] == [ANNA, ANNA]


async def test_the_bots_membership_changes_carry_what_the_bot_api_requires(tg: FakeTelegram, api: Api) -> None:
    tg.add_group(FORUM, "Найм", members=[ANNA, BOB], is_forum=True)
    tg.add_group(BASIC, "Малая", members=[ANNA], chat_type="group")
    tg.set_member_status(FORUM, ANNA, "creator")
    tg.add_bot_to_group(FORUM, by_user_id=ANNA)
    tg.promote_bot(FORUM, by_user_id=ANNA, can_manage_topics=False)
    tg.demote_bot(FORUM, by_user_id=ANNA)
    tg.promote_bot(FORUM, by_user_id=ANNA)
    tg.add_bot_to_group(BASIC, by_user_id=ANNA, as_admin=True)
    tg.remove_bot_from_group(FORUM, by_user_id=BOB)
    updates = await api.updates()
    changes = [Update.model_validate(update).my_chat_member for update in updates if "my_chat_member" in update]
    assert [(c.chat.id, c.old_chat_member.status, c.new_chat_member.status) for c in changes if c] == [
        (FORUM, "left", "member"), (FORUM, "member", "administrator"), (FORUM, "administrator", "member"),
        (FORUM, "member", "administrator"), (BASIC, "left", "administrator"), (FORUM, "administrator", "kicked")]
    forum_rights = [getattr(c.new_chat_member, "can_manage_topics", "-") for c in changes if c and c.chat.id == FORUM]
    assert forum_rights == ["-", False, "-", True, "-"]
    basic_admin = next(c for c in changes if c and c.chat.id == BASIC).new_chat_member
    assert getattr(basic_admin, "can_manage_topics", None) is None, "topics are for supergroups only"
    assert [c.from_user.id for c in changes if c] == [ANNA, ANNA, ANNA, ANNA, ANNA, BOB]
    assert all(c.date is not None and c.new_chat_member.user.id == BOT_ID for c in changes if c)
    assert [path for update in updates for path in unknown_fields(Update.model_validate(update))] == []


# --- reply threads and forum topics -----------------------------------------------------------------------------

async def test_a_reply_in_a_supergroup_carries_its_reply_thread_but_is_no_topic_message(tg: FakeTelegram,
                                                                                        api: Api) -> None:
    """Telegram sets `message_thread_id` to the first message of a reply chain in supergroups, forum or not, and
    `is_topic_message` only in forum topics: a bot that took every `message_thread_id` for a topic would send into
    a thread that is not there."""
    tg.add_group(PLAIN, "Найм", members=[ANNA, BOB])
    tg.add_bot_to_group(PLAIN, by_user_id=ANNA, as_admin=True)  # it reads every message
    await api.updates()
    card = await api.ok("sendMessage", chat_id=PLAIN, text="Карточка")
    first = await tg.reply(BOB, card["message_id"], "Берём", group_id=PLAIN)
    second = await tg.reply(ANNA, first, "Согласна", group_id=PLAIN)
    replies = [update["message"] for update in await api.updates()]
    assert [(m["message_id"], m["message_thread_id"], "is_topic_message" in m) for m in replies] == [
        (first, card["message_id"], False), (second, card["message_id"], False)]
    assert "message_thread_id" not in card
    answer = await api.ok("sendMessage", chat_id=PLAIN, text="Готово", reply_parameters={"message_id": second})
    assert (answer["message_thread_id"], "is_topic_message" in answer) == (card["message_id"], False)
    assert [m.message_thread_id for m in tg.chat(PLAIN)[-3:]] == [None, None, None], "no forum topic"
    refused = await api("sendMessage", chat_id=PLAIN, text="x", message_thread_id=card["message_id"])
    assert refused["description"] == THREAD_NOT_FOUND
    parsed = Update.model_validate({"update_id": 1, "message": replies[1]}).message
    assert parsed is not None and (parsed.message_thread_id, parsed.is_topic_message) == (card["message_id"], None)


async def test_a_reply_in_a_basic_group_has_no_thread(tg: FakeTelegram, api: Api) -> None:
    tg.add_group(BASIC, "Малая", members=[ANNA], chat_type="group")
    tg.add_bot_to_group(BASIC, by_user_id=ANNA)
    card = await api.ok("sendMessage", chat_id=BASIC, text="Карточка")
    await tg.reply(ANNA, card["message_id"], "Берём", group_id=BASIC)
    reply = (await api.updates())[-1]["message"]
    assert reply["reply_to_message"]["message_id"] == card["message_id"] and "message_thread_id" not in reply


async def test_in_a_forum_only_topic_messages_are_topic_messages(tg: FakeTelegram, api: Api) -> None:
    tg.add_group(FORUM, "Найм", members=[ANNA, BOB], is_forum=True)
    tg.set_member_status(FORUM, ANNA, "creator")
    tg.add_bot_to_group(FORUM, by_user_id=ANNA, as_admin=True)
    thread = tg.create_forum_topic(FORUM, ANNA, "Вакансия")
    general = await api.ok("sendMessage", chat_id=FORUM, text="В общем")
    in_general = await tg.send_text(BOB, "просто так", group_id=FORUM)
    replied_in_general = await tg.reply(BOB, general["message_id"], "ответ в общем", group_id=FORUM)
    in_topic = await tg.send_text(BOB, "в теме", group_id=FORUM, thread_id=thread)
    topic_card = await api.ok("sendMessage", chat_id=FORUM, text="Карточка", message_thread_id=thread)
    replied_in_topic = await tg.reply(ANNA, topic_card["message_id"], "ответ в теме", group_id=FORUM)
    said = {update["message"]["message_id"]: update["message"] for update in await api.updates() if "message" in update}

    assert not {"message_thread_id", "is_topic_message", "reply_to_message"} & set(said[in_general])
    assert not {"message_thread_id", "is_topic_message"} & set(general)
    general_reply = said[replied_in_general]
    assert (general_reply["message_thread_id"], "is_topic_message" in general_reply) == (general["message_id"], False)
    assert general_reply["reply_to_message"]["message_id"] == general["message_id"]
    assert (said[in_topic]["message_thread_id"], said[in_topic]["is_topic_message"]) == (thread, True)
    assert said[in_topic]["reply_to_message"]["forum_topic_created"] == {"name": "Вакансия", "icon_color": 7322096}
    assert (topic_card["message_thread_id"], topic_card["is_topic_message"]) == (thread, True)
    topic_reply = said[replied_in_topic]
    assert (topic_reply["message_thread_id"], topic_reply["is_topic_message"]) == (thread, True)
    assert topic_reply["reply_to_message"]["message_id"] == topic_card["message_id"]
    refused = await api("sendMessage", chat_id=FORUM, text="x", message_thread_id=general["message_id"])
    assert refused["description"] == THREAD_NOT_FOUND, "a reply thread in General is no topic to send to"
    parsed = [Message.model_validate(message) for message in (general_reply, said[in_topic])]
    assert [(m.message_thread_id if m.is_topic_message else None) for m in parsed] == [None, thread]


async def test_everything_the_bot_is_shown_is_in_the_bot_api(tg: FakeTelegram, api: Api) -> None:
    tg.add_group(FORUM, "Найм", members=[ANNA, BOB], is_forum=True)
    tg.set_member_status(FORUM, ANNA, "creator")
    tg.add_bot_to_group(FORUM, by_user_id=ANNA, as_admin=True)
    thread = tg.create_forum_topic(FORUM, BOB, "Вакансия")
    card = await api.ok("sendMessage", chat_id=FORUM, text="<b>Карточка</b>", parse_mode="HTML",
                        message_thread_id=thread,
                        reply_markup={"inline_keyboard": [[{"text": "Ок", "callback_data": "ok"}]]})
    await tg.reply(BOB, card["message_id"], "Берём", group_id=FORUM)
    await tg.press(BOB, card["message_id"], "ok", group_id=FORUM)
    tg.close_forum_topic(FORUM, thread, by_user_id=ANNA)
    tg.block_bot(BOB)
    await tg.send_text(BOB, "/start")
    updates = await api.updates()
    assert [path for update in updates for path in unknown_fields(Update.model_validate(update))] == []
    assert unknown_fields(User.model_validate(await api.ok("getMe"))) == []
    assert unknown_fields(Message.model_validate(card)) == []
    member = await api.ok("getChatMember", chat_id=FORUM, user_id=BOT_ID)
    assert unknown_fields(ChatMemberAdministrator.model_validate(member)) == []
