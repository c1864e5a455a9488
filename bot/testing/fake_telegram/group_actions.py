"""Who joins and leaves groups; each change queues the updates Telegram would send the bot."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .chats import StoredMessage
from .groups import (
    ADMINISTRATOR,
    KICKED,
    LEFT,
    MANAGERS,
    MEMBER,
    NEVER,
    PRESENT,
    GroupChat,
    bot_member_json,
    new_group,
    require_group,
)
from .members import member_changed
from .models import FakeGroup, FakeUser
from .state import FakeState


def add_group(
    state: FakeState, chat_id: int, title: str, member_ids: Iterable[int], chat_type: str, is_forum: bool = False
) -> FakeGroup:
    group = new_group(chat_id, title, chat_type, is_forum)
    for user_id in member_ids:
        state.chats.private(user_id)  # members are users the fake knows
        group.member_ids.add(user_id)
    state.chats.add_chat(group)
    state.changed()
    return group.group


def add_member(state: FakeState, chat_id: int, user_id: int) -> int:
    """A user joins; the group shows "joined" and the bot, if there, gets that service message (and, as an
    administrator, a `chat_member` update first)."""
    group = require_group(state.chats, chat_id)
    user = state.chats.private(user_id).user
    if user_id in group.member_ids:
        raise ValueError(f"user {user_id} is already a member of group {chat_id}")
    old_status = group.status_of(user_id)
    group.member_ids.add(user_id)
    member_changed(state, group, user_id, old_status, user.to_json())
    return _service_message(state, group, user, _joined(user.to_json())).message_id


def add_bot(state: FakeState, chat_id: int, by_user_id: int, *, as_admin: bool) -> int:
    """A member adds the bot: my_chat_member, then the "joined" service message. Privacy mode is
    fixed at this moment, as in Telegram (changing it needs the bot re-added)."""
    group = require_group(state.chats, chat_id)
    group.require_member(by_user_id)
    if group.bot_status in PRESENT:
        raise ValueError(f"the bot is already in group {chat_id} ({group.bot_status})")
    adder = state.chats.private(by_user_id).user
    new_status = ADMINISTRATOR if as_admin else MEMBER
    _change_bot_status(state, group, adder.to_json(), new_status)
    group.joined_reading_all = not state.group_privacy
    group.bot_reads_all = as_admin or group.joined_reading_all
    return _service_message(state, group, adder, _joined(state.identity.user_json())).message_id


def remove_bot(state: FakeState, chat_id: int, by_user_id: int) -> int:
    """A member removes the bot (Telegram then has it as kicked): my_chat_member and the "left"
    service message, both still delivered to the bot."""
    group = require_group(state.chats, chat_id)
    group.require_member(by_user_id)
    if group.bot_status not in PRESENT:
        raise ValueError(f"the bot is not in group {chat_id} ({group.bot_status})")
    remover = state.chats.private(by_user_id).user
    service = _left(state.identity.user_json())
    message = state.chats.add_message(group, from_bot=False, text="", entities=[], sender=remover, service=service)
    _change_bot_status(state, group, remover.to_json(), KICKED)
    state.updates.push("message", state.chats.message_json(group, message))
    state.changed()
    return message.message_id


def bot_leaves(state: FakeState, group: GroupChat) -> None:
    """leaveChat: the bot gets my_chat_member but not the "left" service message."""
    bot = state.identity.user_json()
    state.chats.add_message(group, from_bot=True, text="", entities=[], service=_left(bot))
    _change_bot_status(state, group, bot, LEFT)
    state.changed()


def set_bot_admin(state: FakeState, chat_id: int, by_user_id: int, *, admin: bool,
                  manages_topics: bool = True) -> None:
    """The creator or an administrator promotes the bot (member → administrator: it then reads every
    message; `manages_topics` False: without can_manage_topics) or demotes it (back to the privacy mode it
    joined with): a my_chat_member update."""
    group = require_group(state.chats, chat_id)
    if group.status_of(by_user_id) not in MANAGERS:
        raise ValueError(f"user {by_user_id} is not the creator or an administrator of group {chat_id}")
    old_status, new_status = (MEMBER, ADMINISTRATOR) if admin else (ADMINISTRATOR, MEMBER)
    if group.bot_status != old_status:
        raise ValueError(f"the bot is {group.bot_status} in group {chat_id}, not {old_status}")
    old_manages_topics, group.bot_manages_topics = group.bot_manages_topics, manages_topics or not admin
    _change_bot_status(state, group, state.chats.private(by_user_id).user.to_json(), new_status,
                       old_manages_topics=old_manages_topics)
    group.bot_reads_all = admin or group.joined_reading_all
    state.changed()


def delete_group(state: FakeState, chat_id: int) -> None:
    """The group is deleted. The bot gets no update; its calls there then fail (a supergroup: 400 "chat
    not found"; a basic group: 403 "the group chat was deleted")."""
    group = require_group(state.chats, chat_id)
    if group.deleted:
        raise ValueError(f"group {chat_id} is already deleted")
    group.deleted = True
    state.changed()


def bot_status(state: FakeState, chat_id: int) -> str:
    return require_group(state.chats, chat_id).bot_status


def _change_bot_status(state: FakeState, group: GroupChat, by: dict[str, Any], new_status: str, *,
                       old_manages_topics: bool = True) -> None:
    bot = state.identity.user_json()
    old_status = LEFT if group.bot_status == NEVER else group.bot_status
    group.bot_status = new_status
    supergroup = group.group.chat_type == "supergroup"
    state.updates.push(
        "my_chat_member",
        {
            "chat": group.chat_json(),
            "from": by,
            "date": state.chats.now(),
            "old_chat_member": bot_member_json(bot, old_status, in_supergroup=supergroup,
                                               manages_topics=old_manages_topics),
            "new_chat_member": bot_member_json(bot, new_status, in_supergroup=supergroup,
                                               manages_topics=group.bot_manages_topics),
        },
    )


def _service_message(state: FakeState, group: GroupChat, sender: FakeUser, service: dict[str, Any]) -> StoredMessage:
    message = state.chats.add_message(group, from_bot=False, text="", entities=[], sender=sender, service=service)
    if group.reaches_bot(message, state.identity.username):
        state.updates.push("message", state.chats.message_json(group, message))
    state.changed()
    return message


def _joined(user: dict[str, Any]) -> dict[str, Any]:
    """The fields of a "joined" service message (Telegram still sends the two old names too)."""
    return {"new_chat_participant": user, "new_chat_member": user, "new_chat_members": [user]}


def _left(user: dict[str, Any]) -> dict[str, Any]:
    return {"left_chat_participant": user, "left_chat_member": user}
