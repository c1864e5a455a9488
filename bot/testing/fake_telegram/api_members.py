"""getChatMember."""

from __future__ import annotations

from typing import Any

from .api_common import chat_id_of, writable_chat
from .chats import PrivateChat
from .errors import bad_request
from .groups import LEFT, MEMBER, GroupChat, bot_member_json
from .members import user_member_json
from .params import Params
from .state import FakeState


async def get_chat_member(state: FakeState, params: Params) -> dict[str, Any]:
    """A user's (or the bot's) status in a chat. Asked about a group the bot was removed from, left or
    that was deleted, it fails like a send there would."""
    chat = writable_chat(state, chat_id_of(params))
    user_id = params.integer("user_id")
    if user_id is None or user_id <= 0:
        raise bad_request("invalid user_id specified")
    in_supergroup = isinstance(chat, GroupChat) and chat.group.chat_type == "supergroup"
    if user_id == state.identity.bot_id:
        status = chat.bot_status if isinstance(chat, GroupChat) else MEMBER
        manages_topics = chat.bot_manages_topics if isinstance(chat, GroupChat) else True
        return bot_member_json(state.identity.user_json(), status, in_supergroup=in_supergroup,
                               manages_topics=manages_topics)
    user_chat = state.chats.get(user_id)
    if not isinstance(user_chat, PrivateChat):
        raise bad_request("user not found")
    private_status = MEMBER if user_id == chat.chat_id else LEFT
    status = chat.status_of(user_id) if isinstance(chat, GroupChat) else private_status
    return user_member_json(user_chat.user.to_json(), status, in_supergroup=in_supergroup)
