"""Groups and supergroups: members, the bot's membership, and which messages reach the bot."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .chats import Chat, ChatStore, StoredMessage
from .errors import ApiError, bad_request, forbidden
from .models import FakeGroup, ForumTopic

GROUP_TYPES = ("group", "supergroup")
MAX_TITLE_LENGTH = 128
SUPERGROUP_ID_BASE = -1_000_000_000_000  # a supergroup's id is this minus its channel id: -100...
GENERAL_TOPIC_ID = 1
# The bot's membership: NEVER (it never was in the group), then one of Telegram's member statuses.
NEVER, MEMBER, ADMINISTRATOR, LEFT, KICKED = "never", "member", "administrator", "left", "kicked"
PRESENT = frozenset({MEMBER, ADMINISTRATOR})
# A user's status in a group also may be one of these (creator and restricted users are members too).
CREATOR, RESTRICTED = "creator", "restricted"
USER_STATUSES = frozenset({CREATOR, ADMINISTRATOR, MEMBER, RESTRICTED, LEFT, KICKED})
IN_GROUP = frozenset({CREATOR, ADMINISTRATOR, MEMBER, RESTRICTED})
MANAGERS = frozenset({CREATOR, ADMINISTRATOR})
_MENTION = re.compile(r"@([A-Za-z0-9_]{5,32})\b")
BOT_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@([A-Za-z0-9_]{3,32}))?")  # group 1: the bot addressed


@dataclass(kw_only=True)
class GroupChat(Chat):
    group: FakeGroup
    member_ids: set[int] = field(default_factory=set)
    bot_status: str = NEVER
    bot_reads_all: bool = False  # privacy mode off when the bot joined, or the bot is an administrator
    bot_manages_topics: bool = True  # as an administrator of a supergroup: it has can_manage_topics
    joined_reading_all: bool = False  # privacy mode was off when the bot joined (what a demotion returns to)
    roles: dict[int, str] = field(default_factory=dict)  # users' statuses other than a plain "member"
    topics: dict[int, ForumTopic] = field(default_factory=dict)  # a forum's live topics by message_thread_id
    deleted_topics: dict[int, str] = field(default_factory=dict)  # thread id -> the reason sends there get
    deleted: bool = False  # the group itself was deleted

    def chat_json(self) -> dict[str, Any]:
        return self.group.chat_json()

    def known_to_bot(self) -> bool:
        """A deleted supergroup is "chat not found"; a deleted basic group answers 403 (write_refusal)."""
        if self.deleted and self.group.chat_type == "supergroup":
            return False
        return self.bot_status != NEVER

    def write_refusal(self) -> ApiError | None:
        kind = self.group.chat_type
        if self.deleted:
            return forbidden("the group chat was deleted")
        if self.bot_status == KICKED:
            return forbidden(f"bot was kicked from the {kind} chat")
        if self.bot_status == LEFT:
            return forbidden(f"bot is not a member of the {kind} chat")
        return None

    def delete_refusal(self, message: StoredMessage | None) -> ApiError | None:
        """Outside private chats a bot deletes only its own messages, unless it is an administrator; nobody
        deletes a topic's creation message with deleteMessage."""
        refusal = self.write_refusal()
        if refusal is None and message is not None:
            others = not message.is_bot_text and self.bot_status != ADMINISTRATOR
            if others or "forum_topic_created" in (message.service or {}):
                refusal = bad_request("message can't be deleted")
        return refusal

    def reaches_bot(self, message: StoredMessage, bot_username: str) -> bool:
        """Telegram's privacy mode: a bot that is not an administrator and joined with privacy on
        gets service messages, commands for it, mentions of it and replies to messages meant for it."""
        if self.bot_status not in PRESENT:
            return False
        if self.bot_reads_all or message.service is not None:
            return True
        replied = self.messages.get(message.reply_to_message_id or 0)
        if replied is not None and _meant_for_bot(replied, bot_username):
            return True
        return _meant_for_bot(message, bot_username)

    def has_reply_threads(self) -> bool:
        return self.group.chat_type == "supergroup"

    def status_of(self, user_id: int) -> str:
        """A user's status here: one of USER_STATUSES ("left" for users who were never members)."""
        return self.roles.get(user_id, MEMBER if user_id in self.member_ids else LEFT)

    def require_member(self, user_id: int) -> None:
        if self.deleted:
            raise LookupError(f"group {self.chat_id} was deleted")
        if user_id not in self.member_ids:
            members = sorted(self.member_ids)
            raise LookupError(f"user {user_id} is not a member of group {self.chat_id}; members: {members}")


def _meant_for_bot(message: StoredMessage, bot_username: str) -> bool:
    """A message from the bot, a command for it (bare commands count: the fake's groups hold no
    other bot), or a message mentioning it by username."""
    if message.service is not None:
        return False
    if message.from_bot:
        return True
    command = BOT_COMMAND.match(message.text)
    if command is not None:
        target = command.group(1)
        return target is None or target.lower() == bot_username.lower()
    return any(name.lower() == bot_username.lower() for name in _MENTION.findall(message.text))


def new_group(chat_id: int, title: str, chat_type: str, is_forum: bool = False) -> GroupChat:
    if is_forum and chat_type != "supergroup":
        raise ValueError("only a supergroup can be a forum")
    if chat_type not in GROUP_TYPES:
        raise ValueError(f"chat_type must be one of {GROUP_TYPES}, got {chat_type!r}")
    if chat_type == "supergroup" and not 2 * SUPERGROUP_ID_BASE < chat_id < SUPERGROUP_ID_BASE:
        raise ValueError(f"a supergroup's id looks like -100xxxxxxxxxx, got {chat_id}")
    if chat_type == "group" and not SUPERGROUP_ID_BASE < chat_id < 0:
        raise ValueError(f"a basic group's id is negative and above {SUPERGROUP_ID_BASE}, got {chat_id}")
    if not title.strip() or len(title) > MAX_TITLE_LENGTH:
        raise ValueError(f"a group title has 1 to {MAX_TITLE_LENGTH} characters, got {title!r}")
    group = GroupChat(chat_id=chat_id, group=FakeGroup(chat_id, title, chat_type, is_forum))
    if is_forum:
        group.next_message_id = GENERAL_TOPIC_ID + 1  # id 1 is the General topic's: no message or topic has it
    return group


def require_group(chats: ChatStore, chat_id: int) -> GroupChat:
    chat = chats.get(chat_id)
    if not isinstance(chat, GroupChat):
        raise LookupError(f"no group {chat_id} in the fake Telegram; call add_group() first")
    return chat


def bot_member_json(bot_user: dict[str, Any], status: str, *, in_supergroup: bool = False,
                    manages_topics: bool = True) -> dict[str, Any]:
    """The bot's `ChatMember` object for one status (an administrator of a supergroup may manage topics unless
    promoted without that right)."""
    member: dict[str, Any] = {"user": dict(bot_user), "status": status}
    if status == KICKED:
        member["until_date"] = 0
    if status == ADMINISTRATOR:
        member.update(_ADMINISTRATOR_RIGHTS)
        if in_supergroup:
            member["can_manage_topics"] = manages_topics
    return member


_ADMINISTRATOR_RIGHTS: dict[str, bool] = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_send_welcome_messages": False,
    "can_pin_messages": True,
}
