"""sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage, sendChatAction; what sendDocument shares with
them (`api_documents`)."""

from __future__ import annotations

from typing import Any

from . import forum
from .api_common import chat_id_of, existing_chat, message_id_of, writable_chat
from .chats import Chat, StoredMessage
from .errors import bad_request
from .formatted_text import build_message_text
from .gates import take_gate
from .markup import is_inline_keyboard, parse_reply_markup
from .params import Params
from .state import FakeState

CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


async def send_message(state: FakeState, params: Params) -> dict[str, Any]:
    chat_id = chat_id_of(params)
    gate = take_gate(state.send_gates, chat_id, params.string("text"))
    if gate is not None:  # a test holds this call: Telegram answers it only when released
        gate.reached.set()
        await gate.opened.wait()
    note_counted_call(state, chat_id)
    chat = writable_chat(state, chat_id)
    parsed = build_message_text(params.string("text"), params.string("parse_mode"), params.raw("entities"))
    markup = parse_reply_markup(params.raw("reply_markup"))
    requested_thread = forum.requested_thread(chat, params.integer("message_thread_id"))
    reply_to = reply_target(chat, params, requested_thread)
    thread = forum.bot_thread(chat, requested_thread, reply_to)
    _check_link_preview_options(params)
    silent = params.boolean("disable_notification")
    admit_counted_call(state, chat_id)
    message = state.chats.add_message(
        chat,
        from_bot=True,
        text=parsed.text,
        entities=parsed.entities,
        html=params.string("text"),
        reply_markup=markup,
        reply_to_message_id=reply_to,
        disable_notification=silent,
        thread_id=thread,
    )
    state.changed()
    return state.chats.message_json(chat, message)


async def edit_message_text(state: FakeState, params: Params) -> dict[str, Any]:
    message_id = message_id_of(params)
    chat_id = chat_id_of(params)
    note_counted_call(state, chat_id)
    chat = writable_chat(state, chat_id)
    message = _text_message(chat, message_id)
    parsed = build_message_text(params.string("text"), params.string("parse_mode"), params.raw("entities"))
    markup = _edit_markup(params)
    _check_link_preview_options(params)
    if parsed.text == message.text and parsed.entities == message.entities and markup == _inline_markup(message):
        raise bad_request(NOT_MODIFIED)
    admit_counted_call(state, chat_id)
    message.text = parsed.text
    message.entities = parsed.entities
    message.html = params.string("text")
    _replace_inline_markup(message, markup)
    message.edit_date = state.chats.now()
    state.changed()
    return state.chats.message_json(chat, message)


async def edit_message_reply_markup(state: FakeState, params: Params) -> dict[str, Any]:
    message_id = message_id_of(params)
    chat_id = chat_id_of(params)
    note_counted_call(state, chat_id)
    chat = writable_chat(state, chat_id)
    message = _editable_message(chat, message_id)
    markup = _edit_markup(params)
    if markup == _inline_markup(message):
        raise bad_request(NOT_MODIFIED)
    admit_counted_call(state, chat_id)
    _replace_inline_markup(message, markup)
    message.edit_date = state.chats.now()
    state.changed()
    return state.chats.message_json(chat, message)


async def delete_message(state: FakeState, params: Params) -> bool:
    chat = existing_chat(state, chat_id_of(params))
    message_id = message_id_of(params)
    message = chat.messages.get(message_id)
    refusal = chat.delete_refusal(message)
    if refusal is not None:
        raise refusal
    if message is None:
        raise bad_request("message to delete not found")
    del chat.messages[message_id]
    state.changed()
    return True


async def send_chat_action(state: FakeState, params: Params) -> bool:
    chat = writable_chat(state, chat_id_of(params))
    forum.requested_thread(chat, params.integer("message_thread_id"))
    if params.string("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def note_counted_call(state: FakeState, chat_id: int) -> None:
    if state.flood is not None:
        state.flood.note_arrival(chat_id)


def admit_counted_call(state: FakeState, chat_id: int) -> None:
    if state.flood is not None:
        state.flood.admit(chat_id)


def _editable_message(chat: Chat, message_id: int) -> StoredMessage:
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request("message to edit not found")
    if not message.is_bot_text:
        raise bad_request("message can't be edited")
    return message


def _text_message(chat: Chat, message_id: int) -> StoredMessage:
    """A message whose text may be edited: not a document, whose caption is edited by another method."""
    message = _editable_message(chat, message_id)
    if message.document is not None:
        raise bad_request("there is no text in the message to edit")
    return message


def _edit_markup(params: Params) -> dict[str, Any] | None:
    """Edits take only inline keyboards; leaving reply_markup out removes the keyboard."""
    markup = parse_reply_markup(params.raw("reply_markup"))
    if markup is not None and not is_inline_keyboard(markup):
        raise bad_request("inline keyboard expected")
    return markup


def _inline_markup(message: StoredMessage) -> dict[str, Any] | None:
    return message.reply_markup if is_inline_keyboard(message.reply_markup) else None


def _replace_inline_markup(message: StoredMessage, markup: dict[str, Any] | None) -> None:
    if markup is not None or is_inline_keyboard(message.reply_markup):
        message.reply_markup = markup


def reply_target(chat: Chat, params: Params, thread: int | None) -> int | None:
    """The message replied to; with a topic asked for, only a message in that topic counts."""
    reply_parameters = params.raw("reply_parameters")
    if reply_parameters is not None:
        if not isinstance(reply_parameters, dict):
            raise bad_request("can't parse reply parameters JSON object")
        message_id = reply_parameters.get("message_id")
        allow_missing = reply_parameters.get("allow_sending_without_reply") is True
        if not isinstance(message_id, int) or isinstance(message_id, bool):
            raise bad_request('field "message_id" must be of type Integer')
    else:
        message_id = params.integer("reply_to_message_id")
        allow_missing = params.boolean("allow_sending_without_reply")
    if message_id is None:
        return None
    replied = chat.messages.get(message_id)
    if replied is not None and forum.in_thread(replied, thread):
        return message_id
    if allow_missing:
        return None
    raise bad_request("message to be replied not found")


def _check_link_preview_options(params: Params) -> None:
    options = params.raw("link_preview_options")
    if options is not None and not isinstance(options, dict):
        raise bad_request("can't parse link preview options JSON object")
