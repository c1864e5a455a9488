"""answerCallbackQuery."""

from __future__ import annotations

from .errors import bad_request
from .models import CallbackAnswer
from .params import Params
from .state import FakeState

CALLBACK_QUERY_LIFETIME_SECONDS = 15 * 60
MAX_ANSWER_TEXT_LENGTH = 200
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


async def answer_callback_query(state: FakeState, params: Params) -> bool:
    query_id = params.string("callback_query_id") or ""
    pending = state.callbacks.get(query_id)
    now = state.clock()
    if (
        pending is None
        or query_id in state.callback_answers
        or now - pending.pressed_at > CALLBACK_QUERY_LIFETIME_SECONDS
    ):
        raise bad_request(QUERY_INVALID)
    text = params.string("text")
    if text is not None and len(text) > MAX_ANSWER_TEXT_LENGTH:
        raise bad_request("MESSAGE_TOO_LONG")
    url = params.string("url")
    if url is not None and not _is_bot_start_link(url, state.identity.username):
        raise bad_request("URL_INVALID")
    state.callback_answers[query_id] = CallbackAnswer(
        text=text,
        show_alert=params.boolean("show_alert"),
        url=url,
        answered_after_seconds=now - pending.pressed_at,
    )
    state.changed()
    return True


def _is_bot_start_link(url: str, bot_username: str) -> bool:
    """Outside games Telegram only lets a callback answer open t.me/<this bot>?start=..."""
    prefixes = (f"https://t.me/{bot_username}", f"http://t.me/{bot_username}", "tg://resolve")
    return url.lower().startswith(tuple(prefix.lower() for prefix in prefixes))
