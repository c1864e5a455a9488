"""Forum supergroups: topics, which topic a message goes to, and who may write in a closed one.

A topic's `message_thread_id` is the id of its creation service message (`forum_topic_created`). Messages
outside topics are in the General topic and carry no thread id; `message_thread_id` 1 (General) is refused,
as Telegram refuses it.
"""

from __future__ import annotations

import dataclasses

from .chats import Chat, StoredMessage
from .errors import ApiError, bad_request
from .groups import ADMINISTRATOR, MANAGERS, GroupChat
from .models import FakeUser, ForumTopic
from .state import FakeState

THREAD_NOT_FOUND = "message thread not found"
TOPIC_DELETED = "TOPIC_DELETED"
DELETED_TOPIC_REASONS = frozenset({THREAD_NOT_FOUND, TOPIC_DELETED})
TOPIC_CLOSED = "TOPIC_CLOSED"
MAX_TOPIC_NAME_LENGTH = 128
ICON_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)  # the six Telegram allows


def forum_of(chat: Chat) -> GroupChat:
    if not isinstance(chat, GroupChat) or not chat.group.is_forum:
        raise bad_request("the chat is not a forum")
    return chat


def topic_name(name: str | None) -> str:
    """1–128 characters after trimming. Telegram trims a longer name; the fake refuses it."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise bad_request("title must be non-empty")
    if len(cleaned) > MAX_TOPIC_NAME_LENGTH or any(ord(char) < 32 for char in cleaned):
        raise bad_request("title is too long or has control characters")
    return cleaned


def icon_color(value: int | None) -> int:
    if value is None:
        return ICON_COLORS[0]
    if value not in ICON_COLORS:
        raise bad_request("invalid icon color specified")
    return value


def create_topic(state: FakeState, group: GroupChat, name: str, color: int, creator: FakeUser | None) -> ForumTopic:
    """A new topic and its creation service message, from `creator` or (None) from the bot. A user's
    topic reaches the bot as a service message; the bot gets no update for its own."""
    service = {"forum_topic_created": {"name": name, "icon_color": color}}
    message = state.chats.add_message(
        group,
        from_bot=creator is None,
        text="",
        entities=[],
        sender=creator,
        service=service,
        thread_id=group.next_message_id,
    )
    topic = ForumTopic(message.message_id, name, color, created_by_bot=creator is None)
    group.topics[topic.message_thread_id] = topic
    if creator is not None:
        _deliver(state, group, message)
    state.changed()
    return topic


def delete_topic(state: FakeState, group: GroupChat, thread_id: int, reason: str) -> None:
    """The topic and every message in it are gone; the bot is not told."""
    if reason not in DELETED_TOPIC_REASONS:
        raise ValueError(f"reason must be one of {sorted(DELETED_TOPIC_REASONS)}, got {reason!r}")
    live_topic(group, thread_id)
    for message_id in [m.message_id for m in group.messages.values() if m.thread_id == thread_id]:
        del group.messages[message_id]
    del group.topics[thread_id]
    group.deleted_topics[thread_id] = reason
    state.changed()


def set_topic_closed(state: FakeState, group: GroupChat, thread_id: int, by: FakeUser, closed: bool) -> int:
    """A creator or administrator closes or reopens a topic: a service message in it (returns its id)."""
    if group.status_of(by.user_id) not in MANAGERS:
        raise ValueError(f"user {by.user_id} is not the creator or an administrator of group {group.chat_id}")
    topic = live_topic(group, thread_id)
    if topic.closed == closed:
        raise ValueError(f"topic {thread_id} is already {'closed' if closed else 'open'}")
    group.topics[thread_id] = dataclasses.replace(topic, closed=closed)
    service: dict[str, object] = {"forum_topic_closed" if closed else "forum_topic_reopened": {}}
    message = state.chats.add_message(
        group, from_bot=False, text="", entities=[], sender=by, service=service, thread_id=thread_id
    )
    _deliver(state, group, message)
    state.changed()
    return message.message_id


def live_topic(group: GroupChat, thread_id: int) -> ForumTopic:
    topic = group.topics.get(thread_id)
    if topic is None:
        raise LookupError(f"group {group.chat_id} has no topic {thread_id}; topics: {sorted(group.topics)}")
    return topic


# --- where the bot's messages go ---------------------------------------------------------------


def requested_thread(chat: Chat, thread_id: int | None) -> int | None:
    """A `message_thread_id` the bot passed: valid only for a live topic of a forum. Telegram would
    ignore it in private chats and read it as a reply thread elsewhere; the fake refuses it."""
    if thread_id is None:
        return None
    if not isinstance(chat, GroupChat) or not chat.group.is_forum:
        raise bad_request(THREAD_NOT_FOUND)
    if thread_id not in chat.topics:
        raise bad_request(chat.deleted_topics.get(thread_id, THREAD_NOT_FOUND))
    return thread_id


def bot_thread(chat: Chat, requested: int | None, reply_to: int | None) -> int | None:
    """The topic of the bot's message: the one asked for, else that of the message it replies to. A
    closed topic takes messages only from an administrator bot."""
    thread = requested
    if thread is None and reply_to is not None:
        thread = chat.messages[reply_to].thread_id
    if thread is not None and isinstance(chat, GroupChat):
        closed_refusal = _closed_refusal(chat, thread, chat.bot_status == ADMINISTRATOR)
        if closed_refusal is not None:
            raise closed_refusal
    return thread


def in_thread(message: StoredMessage, thread: int | None) -> bool:
    """Whether the bot may reply to `message` in `thread` (None: anywhere)."""
    return thread is None or message.thread_id == thread


# --- where users' messages go --------------------------------------------------------------------


def user_thread(chat: Chat, user_id: int, thread_id: int | None, reply_to: int | None) -> int | None:
    """The topic of a user's message: `thread_id`, else that of the message replied to. Raises
    LookupError/ValueError for what a Telegram client would not let the user do."""
    if thread_id is not None:
        if not isinstance(chat, GroupChat) or not chat.group.is_forum:
            raise LookupError(f"chat {chat.chat_id} is not a forum: it has no topics")
        live_topic(chat, thread_id)
    thread = thread_id if thread_id is not None or reply_to is None else chat.messages[reply_to].thread_id
    if thread is not None and isinstance(chat, GroupChat):
        _require_user_may_write(chat, thread, user_id)
    return thread


def _require_user_may_write(group: GroupChat, thread_id: int, user_id: int) -> None:
    if _closed_refusal(group, thread_id, group.status_of(user_id) in MANAGERS) is not None:
        raise ValueError(f"topic {thread_id} is closed: only administrators write there")


def _closed_refusal(group: GroupChat, thread_id: int, may_manage: bool) -> ApiError | None:
    topic = group.topics.get(thread_id)
    if topic is not None and topic.closed and not may_manage:
        return bad_request(TOPIC_CLOSED)
    return None


def _deliver(state: FakeState, group: GroupChat, message: StoredMessage) -> None:
    if group.reaches_bot(message, state.identity.username):
        state.updates.push("message", state.chats.message_json(group, message))
