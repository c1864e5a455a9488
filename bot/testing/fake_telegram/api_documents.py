"""sendDocument: a file uploaded (multipart, the file itself or `attach://<part>`) or sent again by its `file_id`,
with a caption, into a chat or a forum topic, under a message."""

from __future__ import annotations

from typing import Any

from . import forum
from .api_common import chat_id_of, writable_chat
from .api_messages import admit_counted_call, note_counted_call, reply_target
from .errors import bad_request
from .files import WRONG_FILE_ID, StoredFile, Upload
from .formatted_text import build_caption
from .markup import parse_reply_markup
from .params import Params
from .state import FakeState

NO_DOCUMENT = "there is no document in the request"
ATTACH = "attach://"


async def send_document(state: FakeState, params: Params) -> dict[str, Any]:
    chat_id = chat_id_of(params)
    note_counted_call(state, chat_id)
    chat = writable_chat(state, chat_id)
    caption = build_caption(params.string("caption"), params.string("parse_mode"), params.raw("caption_entities"))
    markup = parse_reply_markup(params.raw("reply_markup"))
    requested_thread = forum.requested_thread(chat, params.integer("message_thread_id"))
    replied = reply_target(chat, params, requested_thread)
    thread = forum.bot_thread(chat, requested_thread, replied)
    file_id, stored = _document(state, params)
    admit_counted_call(state, chat_id)
    message = state.chats.add_message(
        chat,
        from_bot=True,
        text=caption.text,
        entities=caption.entities,
        html=params.string("caption"),
        reply_markup=markup,
        reply_to_message_id=replied,
        disable_notification=params.boolean("disable_notification"),
        thread_id=thread,
        document=stored.document_json(file_id),
    )
    state.changed()
    return state.chats.message_json(chat, message)


def _document(state: FakeState, params: Params) -> tuple[str, StoredFile]:
    value = params.raw("document")
    if isinstance(value, str) and value.startswith(ATTACH):
        value = params.raw(value.removeprefix(ATTACH))
    if isinstance(value, Upload):
        return state.files.upload(value)
    if not isinstance(value, str) or not value:
        raise bad_request(NO_DOCUMENT)
    if value.startswith(("http://", "https://")):
        raise bad_request(WRONG_FILE_ID)  # Telegram would fetch it; the fake reaches nothing outside
    return state.files.again(value)
