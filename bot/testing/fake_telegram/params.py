"""Bot API parameters: read from any of Telegram's request encodings and decoded to JSON types.

aiogram sends multipart/form-data where every field is a string and objects, arrays and booleans
are JSON-encoded, so decoding goes by the field's known type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from .errors import ApiError, bad_request
from .files import Upload

INTEGER_FIELDS = frozenset(
    {
        "chat_id", "message_id", "reply_to_message_id", "offset", "limit", "timeout",
        "max_connections", "cache_time", "user_id", "message_thread_id", "icon_color",
    }
)  # fmt: skip
BOOLEAN_FIELDS = frozenset(
    {
        "disable_notification", "protect_content", "disable_web_page_preview", "show_alert",
        "drop_pending_updates", "allow_sending_without_reply", "allow_paid_broadcast",
    }
)  # fmt: skip
JSON_FIELDS = frozenset(
    {
        "reply_markup", "entities", "reply_parameters", "link_preview_options", "commands",
        "scope", "allowed_updates",
    }
)  # fmt: skip
_TRUE_STRINGS = frozenset({"true", "1"})
_FALSE_STRINGS = frozenset({"false", "0", ""})


async def read_request_params(request: web.Request) -> dict[str, Any]:
    """Query string merged with the body (JSON, urlencoded or multipart); a file part becomes an `Upload`."""
    params: dict[str, Any] = dict(request.query)
    if not request.body_exists:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as error:
            raise bad_request("can't parse JSON object") from error
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        params.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(413, "Request Entity Too Large") from None
        for key, value in form.items():
            if isinstance(value, str):
                params[key] = value
            elif isinstance(value, web.FileField):
                params[key] = Upload(value.filename, value.file.read())
    return params


def recorded(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as the fake's record of a call keeps them: an upload by its name and size."""
    return {key: value.summary() if isinstance(value, Upload) else value for key, value in params.items()}


def decode_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Typed values where the field's type is known and the value decodes; the raw value otherwise,
    so that the method reports Telegram's error for it."""
    return {key: _decode_field(key, value) for key, value in raw.items()}


def _decode_field(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in INTEGER_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value
    if key in BOOLEAN_FIELDS and value.lower() in _TRUE_STRINGS | _FALSE_STRINGS:
        return value.lower() in _TRUE_STRINGS
    if key in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class Params:
    """Typed access to decoded parameters of one call."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def has(self, name: str) -> bool:
        return self._values.get(name) is not None

    def raw(self, name: str) -> Any:
        return self._values.get(name)

    def string(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        raise _type_error(name, "String")

    def integer(self, name: str) -> int | None:
        value = self._values.get(name)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise _type_error(name, "Integer")

    def boolean(self, name: str) -> bool:
        value = self._values.get(name, False)
        if isinstance(value, bool):
            return value
        raise _type_error(name, "Boolean")


def _type_error(name: str, type_name: str) -> ApiError:
    return bad_request(f'field "{name}" must be of type {type_name}')
