"""createForumTopic."""

from __future__ import annotations

from typing import Any

from . import forum
from .api_common import chat_id_of, writable_chat
from .errors import bad_request
from .groups import ADMINISTRATOR
from .params import Params
from .state import FakeState


async def create_forum_topic(state: FakeState, params: Params) -> dict[str, Any]:
    """Only an administrator bot with can_manage_topics creates topics. The call counts against the
    group's flood limits like a message, since it posts the topic's creation message."""
    chat_id = chat_id_of(params)
    if state.flood is not None:
        state.flood.note_arrival(chat_id)
    group = forum.forum_of(writable_chat(state, chat_id))
    if group.bot_status != ADMINISTRATOR or not group.bot_manages_topics:
        raise bad_request("not enough rights to create a topic")
    name = forum.topic_name(params.string("name"))
    color = forum.icon_color(params.integer("icon_color"))
    if params.has("icon_custom_emoji_id"):
        raise bad_request("custom emoji icons are not supported by this fake")
    if state.flood is not None:
        state.flood.admit(chat_id)
    return forum.create_topic(state, group, name, color, None).to_json()
