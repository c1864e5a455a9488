"""The fake Telegram refuses createForumTopic to a bot that may not manage topics, as Telegram does: a member, or an
administrator promoted without `can_manage_topics`."""

from __future__ import annotations

import pytest

from bot.testing.fake_telegram import FakeTelegram
from tests.fakes.test_fake_telegram_teams import BOT_ID, FORUM, OWNER, Api, api, clock, http, tg  # noqa: F401 (fixtures)

NO_RIGHTS = (400, "Bad Request: not enough rights to create a topic")


@pytest.mark.parametrize(("promoted", "manages_topics"), [
    (None, None),  # a member
    (False, False),  # an administrator without the right
    (True, True),
])
async def test_only_an_administrator_allowed_to_manage_topics_creates_one(
        tg: FakeTelegram, api: Api, promoted: bool | None, manages_topics: bool | None) -> None:  # noqa: F811
    tg.add_group(FORUM, "Найм", members=[OWNER], is_forum=True)
    tg.set_member_status(FORUM, OWNER, "creator")
    tg.add_bot_to_group(FORUM, by_user_id=OWNER)
    if promoted is not None:
        tg.promote_bot(FORUM, by_user_id=OWNER, can_manage_topics=promoted)
    changes = [u["my_chat_member"] for u in await api.updates() if "my_chat_member" in u]
    assert [c["new_chat_member"].get("can_manage_topics") for c in changes] == [
        None, *([] if promoted is None else [manages_topics])]
    me = await api.ok("getChatMember", chat_id=FORUM, user_id=BOT_ID)
    assert me.get("can_manage_topics") == manages_topics
    if manages_topics:
        assert (await api.ok("createForumTopic", chat_id=FORUM, name="Аналитик"))["name"] == "Аналитик"
    else:
        assert await api.error("createForumTopic", chat_id=FORUM, name="Аналитик") == NO_RIGHTS
        assert tg.forum_topics(FORUM) == []


async def test_a_demoted_and_promoted_again_bot_has_the_right_by_default(
        tg: FakeTelegram, api: Api) -> None:  # noqa: F811
    tg.add_group(FORUM, "Найм", members=[OWNER], is_forum=True)
    tg.set_member_status(FORUM, OWNER, "creator")
    tg.add_bot_to_group(FORUM, by_user_id=OWNER)
    tg.promote_bot(FORUM, by_user_id=OWNER, can_manage_topics=False)
    tg.demote_bot(FORUM, by_user_id=OWNER)
    tg.promote_bot(FORUM, by_user_id=OWNER)
    changes = [u["my_chat_member"] for u in await api.updates() if "my_chat_member" in u]
    assert [(c["old_chat_member"].get("can_manage_topics"), c["new_chat_member"].get("can_manage_topics"))
            for c in changes] == [(None, None), (None, False), (False, None), (None, True)]
    assert (await api.ok("createForumTopic", chat_id=FORUM, name="Аналитик"))["name"] == "Аналитик"
