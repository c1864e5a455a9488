"""Users' statuses in groups (creator, administrator, member, restricted, left, kicked) and their
`ChatMember` objects. Changing a status makes no service message; as in Telegram, it queues a `chat_member` update
only while the bot is an administrator of the group, and only for a bot that asked for `chat_member` in
`allowed_updates` (the queue filters it)."""

from __future__ import annotations

from typing import Any

from .groups import (
    ADMINISTRATOR,
    CREATOR,
    IN_GROUP,
    KICKED,
    MEMBER,
    RESTRICTED,
    USER_STATUSES,
    GroupChat,
    require_group,
)
from .state import FakeState

_ADMINISTRATOR_RIGHTS: dict[str, bool] = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": True,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": True,
    "can_edit_stories": True,
    "can_delete_stories": True,
    "can_send_welcome_messages": True,
    "can_pin_messages": True,
}
_RESTRICTED_RIGHTS = (
    "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
    "can_send_video_notes", "can_send_voice_notes", "can_send_polls", "can_send_other_messages",
    "can_add_web_page_previews", "can_react_to_messages", "can_edit_tag", "can_change_info",
    "can_invite_users", "can_pin_messages", "can_manage_topics",
)  # fmt: skip


def set_member_status(state: FakeState, chat_id: int, user_id: int, status: str,
                      by_user_id: int | None = None) -> None:
    """Give an existing user a status in the group. A group has at most one creator; "restricted" is
    a muted member (may press buttons, may not write); "left" and "kicked" are out of the group.
    `by_user_id` made the change (the update's `from`): by default the group's creator, else the user."""
    group = require_group(state.chats, chat_id)
    state.chats.private(user_id)  # a user the fake knows
    if status not in USER_STATUSES:
        raise ValueError(f"status must be one of {sorted(USER_STATUSES)}, got {status!r}")
    if status == CREATOR and any(role == CREATOR for uid, role in group.roles.items() if uid != user_id):
        raise ValueError(f"group {chat_id} already has a creator")
    old_status = group.status_of(user_id)
    performer = state.chats.private(by_user_id if by_user_id is not None else _creator(group, user_id)).user
    if status in IN_GROUP:
        group.member_ids.add(user_id)
    else:
        group.member_ids.discard(user_id)
    if status == MEMBER:
        group.roles.pop(user_id, None)
    else:
        group.roles[user_id] = status
    member_changed(state, group, user_id, old_status, performer.to_json())
    state.changed()


def member_changed(state: FakeState, group: GroupChat, user_id: int, old_status: str, by: dict[str, Any]) -> None:
    """The `chat_member` update Telegram sends an administrator bot when a user's status in the group changed."""
    if group.bot_status != ADMINISTRATOR or group.status_of(user_id) == old_status:
        return
    user = state.chats.private(user_id).user.to_json()
    supergroup = group.group.chat_type == "supergroup"
    state.updates.push("chat_member", {
        "chat": group.chat_json(),
        "from": by,
        "date": state.chats.now(),
        "old_chat_member": user_member_json(user, old_status, in_supergroup=supergroup),
        "new_chat_member": user_member_json(user, group.status_of(user_id), in_supergroup=supergroup),
    })


def _creator(group: GroupChat, user_id: int) -> int:
    return next((uid for uid, role in group.roles.items() if role == CREATOR), user_id)


def user_member_json(user: dict[str, Any], status: str, *, in_supergroup: bool) -> dict[str, Any]:
    """A user's `ChatMember` object (fields as in Bot API 9.x; aiogram 3.31 parses every kind)."""
    member: dict[str, Any] = {"user": dict(user), "status": status}
    if status == CREATOR:
        member["is_anonymous"] = False
    elif status == ADMINISTRATOR:
        member.update(_ADMINISTRATOR_RIGHTS)
        if in_supergroup:
            member["can_manage_topics"] = True
    elif status == RESTRICTED:
        member["is_member"] = True
        member.update({right: False for right in _RESTRICTED_RIGHTS})
        member["until_date"] = 0
    elif status == KICKED:
        member["until_date"] = 0
    return member
