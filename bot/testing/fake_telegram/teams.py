"""`FakeTelegram`'s controls for hiring teams: members' roles, the bot's rights, deleted groups, forum
topics, and each chat's 429s. A mixin so that server.py stays about the fake as a whole."""

from __future__ import annotations

import dataclasses

from . import forum, group_actions, members
from .errors import ApiError
from .groups import require_group
from .models import ChatFloodStats, ForumTopic
from .state import FakeState


class TeamControls:
    _state: FakeState

    # --- people and the bot in groups -------------------------------------------------------

    def set_member_status(self, chat_id: int, user_id: int, status: str, *, by_user_id: int | None = None) -> None:
        """Give existing user `user_id` a status in the group, as getChatMember will report it: "creator"
        (one per group), "administrator", "member", "restricted" (a muted member: may press buttons,
        may not write), "left" or "kicked" (both out of the group). No service message; a `chat_member`
        update (from `by_user_id`, by default the group's creator) only while the bot is an administrator there
        and asked for `chat_member` in allowed_updates, as in Telegram."""
        members.set_member_status(self._state, chat_id, user_id, status, by_user_id)

    def member_status(self, chat_id: int, user_id: int) -> str:
        """What getChatMember says of the user: "left" for a user who never was a member."""
        return require_group(self._state.chats, chat_id).status_of(user_id)

    def promote_bot(self, chat_id: int, by_user_id: int, *, can_manage_topics: bool = True) -> None:
        """The creator or an administrator `by_user_id` makes the bot an administrator (it may then create
        topics unless `can_manage_topics` is False, and reads every message): my_chat_member member →
        administrator."""
        group_actions.set_bot_admin(self._state, chat_id, by_user_id, admin=True, manages_topics=can_manage_topics)

    def demote_bot(self, chat_id: int, by_user_id: int) -> None:
        """my_chat_member administrator → member; privacy mode is again what it was when the bot joined."""
        group_actions.set_bot_admin(self._state, chat_id, by_user_id, admin=False)

    def delete_group(self, chat_id: int) -> None:
        """The group is deleted. No update; then the bot's calls there fail: a supergroup 400 "Bad
        Request: chat not found", a basic group 403 "Forbidden: the group chat was deleted"."""
        group_actions.delete_group(self._state, chat_id)

    # --- forum topics -------------------------------------------------------------------------

    def create_forum_topic(self, chat_id: int, by_user_id: int, name: str, icon_color: int | None = None) -> int:
        """Member `by_user_id` creates a topic in forum `chat_id`; returns its message_thread_id. The bot
        gets the `forum_topic_created` service message if it is in the group."""
        group = require_group(self._state.chats, chat_id)
        group.require_member(by_user_id)
        user = self._state.chats.private(by_user_id).user
        try:
            forum.forum_of(group)
            valid_name, color = forum.topic_name(name), forum.icon_color(icon_color)
        except ApiError as error:
            raise ValueError(error.description) from error
        return forum.create_topic(self._state, group, valid_name, color, user).message_thread_id

    def forum_topics(self, chat_id: int) -> list[ForumTopic]:
        """The forum's live topics, oldest first (topics the bot created have created_by_bot)."""
        return list(require_group(self._state.chats, chat_id).topics.values())

    def close_forum_topic(self, chat_id: int, message_thread_id: int, by_user_id: int) -> int:
        """The creator or an administrator closes the topic (a `forum_topic_closed` service message, whose
        id is returned). The bot may still write there only as an administrator; otherwise its sends get
        400 "Bad Request: TOPIC_CLOSED"."""
        return self._set_closed(chat_id, message_thread_id, by_user_id, closed=True)

    def reopen_forum_topic(self, chat_id: int, message_thread_id: int, by_user_id: int) -> int:
        return self._set_closed(chat_id, message_thread_id, by_user_id, closed=False)

    def delete_forum_topic(self, chat_id: int, message_thread_id: int, *, reason: str = forum.THREAD_NOT_FOUND) -> None:
        """Someone deletes the topic with all its messages. The bot is not told; its sends there then get
        400 "Bad Request: message thread not found" (or, with reason="TOPIC_DELETED", the other text
        Telegram is seen to give)."""
        group = require_group(self._state.chats, chat_id)
        forum.delete_topic(self._state, group, message_thread_id, reason)

    def _set_closed(self, chat_id: int, message_thread_id: int, by_user_id: int, *, closed: bool) -> int:
        group = require_group(self._state.chats, chat_id)
        group.require_member(by_user_id)
        user = self._state.chats.private(by_user_id).user
        return forum.set_topic_closed(self._state, group, message_thread_id, user, closed)

    # --- flood control ------------------------------------------------------------------------

    def flood_stats(self, chat_id: int) -> ChatFloodStats:
        """This chat's 429s so far (zeros for a chat that never got one); totals are in `stats`."""
        recorded = self._state.stats.by_chat.get(chat_id)
        return ChatFloodStats() if recorded is None else dataclasses.replace(recorded)
