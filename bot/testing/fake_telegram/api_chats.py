"""leaveChat."""

from __future__ import annotations

from .api_common import chat_id_of, writable_chat
from .errors import bad_request
from .group_actions import bot_leaves
from .groups import GroupChat
from .params import Params
from .state import FakeState


async def leave_chat(state: FakeState, params: Params) -> bool:
    chat = writable_chat(state, chat_id_of(params))
    if not isinstance(chat, GroupChat):
        raise bad_request("chat member status can't be changed in private chats")
    bot_leaves(state, chat)
    return True
