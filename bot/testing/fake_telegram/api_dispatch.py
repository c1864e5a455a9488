"""Runs one Bot API call: token and method checks, the method itself, the answer and its record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from . import (
    api_bot_profile,
    api_callbacks,
    api_chats,
    api_documents,
    api_forum,
    api_members,
    api_messages,
    api_updates,
)
from .errors import NOT_FOUND, UNAUTHORIZED, ApiError
from .models import RecordedRequest
from .params import Params, decode_params, recorded
from .state import Described, FakeState

MethodHandler = Callable[[FakeState, Params], Awaitable[Any]]

METHODS: dict[str, MethodHandler] = {
    "getMe": api_bot_profile.get_me,
    "setMyCommands": api_bot_profile.set_my_commands,
    "getMyCommands": api_bot_profile.get_my_commands,
    "deleteMyCommands": api_bot_profile.delete_my_commands,
    "getUpdates": api_updates.get_updates,
    "setWebhook": api_updates.set_webhook,
    "deleteWebhook": api_updates.delete_webhook,
    "getWebhookInfo": api_updates.get_webhook_info,
    "sendMessage": api_messages.send_message,
    "sendDocument": api_documents.send_document,
    "editMessageText": api_messages.edit_message_text,
    "editMessageReplyMarkup": api_messages.edit_message_reply_markup,
    "deleteMessage": api_messages.delete_message,
    "sendChatAction": api_messages.send_chat_action,
    "answerCallbackQuery": api_callbacks.answer_callback_query,
    "leaveChat": api_chats.leave_chat,
    "getChatMember": api_members.get_chat_member,
    "createForumTopic": api_forum.create_forum_topic,
}
_CANONICAL_NAMES = {name.lower(): name for name in METHODS}


def canonical_method_name(name: str) -> str | None:
    """Telegram's method names are case-insensitive."""
    return _CANONICAL_NAMES.get(name.lower())


async def execute_call(state: FakeState, token: str, method_name: str, raw_params: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON answer to one call; its HTTP status is `error_code` when not ok."""
    arrived_at = state.clock()
    canonical = canonical_method_name(method_name)
    params = decode_params(raw_params)
    try:
        if token != state.identity.token:
            raise ApiError(401, UNAUTHORIZED)
        if canonical is None:
            raise ApiError(404, NOT_FOUND)
        outcome = await METHODS[canonical](state, Params(params))
    except ApiError as error:
        return record_failure(state, canonical or method_name, params, error, arrived_at)
    described = outcome if isinstance(outcome, Described) else Described(outcome)
    state.record(
        RecordedRequest(
            method=canonical,
            params=recorded(params),
            ok=True,
            error_code=None,
            description=None,
            at=arrived_at,
            result=described.result,
        )
    )
    answer: dict[str, Any] = {"ok": True, "result": described.result}
    if described.description:
        answer["description"] = described.description
    return answer


def record_failure(
    state: FakeState, method: str, params: dict[str, Any], error: ApiError, arrived_at: float
) -> dict[str, Any]:
    state.record(
        RecordedRequest(
            method=method,
            params=recorded(params),
            ok=False,
            error_code=error.error_code,
            description=error.description,
            at=arrived_at,
        )
    )
    return error.to_json()


def http_status_of(answer: Mapping[str, Any]) -> int:
    status: int = 200 if answer["ok"] else answer["error_code"]
    return status
