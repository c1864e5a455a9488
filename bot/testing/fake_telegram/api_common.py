"""Parameter checks shared by the Bot API methods."""

from __future__ import annotations

from .chats import Chat
from .errors import bad_request
from .params import Params
from .state import FakeState


def chat_id_of(params: Params) -> int:
    value = params.raw("chat_id")
    if value is None or value == "":
        raise bad_request("chat_id is empty")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise bad_request("chat not found")


def existing_chat(state: FakeState, chat_id: int) -> Chat:
    """A chat the bot knows: one it has ever been in."""
    chat = state.chats.get(chat_id)
    if chat is None or not chat.known_to_bot():
        raise bad_request("chat not found")
    return chat


def writable_chat(state: FakeState, chat_id: int) -> Chat:
    """A chat the bot may send to or edit in: not blocked by the user, not left or kicked from."""
    chat = existing_chat(state, chat_id)
    refusal = chat.write_refusal()
    if refusal is not None:
        raise refusal
    return chat


def message_id_of(params: Params) -> int:
    if params.has("inline_message_id"):
        raise bad_request("inline messages are not supported by this fake")
    message_id = params.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    return message_id
