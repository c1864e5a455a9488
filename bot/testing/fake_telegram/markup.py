"""Validation of `reply_markup` with Telegram's error texts."""

from __future__ import annotations

import json
from typing import Any

from .errors import ApiError, bad_request
from .links import is_valid_button_url

MAX_INLINE_BUTTONS = 100
MAX_INLINE_BUTTONS_PER_ROW = 8
MAX_CALLBACK_DATA_BYTES = 64
MAX_COPY_TEXT_LENGTH = 256
INLINE_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

BUTTON_STYLE_FIELDS = ("style", "icon_custom_emoji_id")

_MARKUP_JSON_ERROR = "can't parse reply keyboard markup JSON object"
_BUTTON_ERROR = "can't parse inline keyboard button: "


def parse_reply_markup(value: Any) -> dict[str, Any] | None:
    """The markup as Telegram keeps it (inline buttons normalized; an empty inline keyboard is
    no markup), or an ApiError."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as error:
            raise bad_request(_MARKUP_JSON_ERROR) from error
    if not isinstance(value, dict):
        raise bad_request(_MARKUP_JSON_ERROR)
    if "inline_keyboard" in value:
        rows = _inline_keyboard(value["inline_keyboard"])
        return {"inline_keyboard": rows} if rows else None
    if "keyboard" in value:
        return _reply_keyboard(value)
    if "remove_keyboard" in value:
        return _flag_markup(value, "remove_keyboard")
    if "force_reply" in value:
        return _flag_markup(value, "force_reply")
    raise bad_request(_MARKUP_JSON_ERROR)


def is_inline_keyboard(markup: dict[str, Any] | None) -> bool:
    return markup is not None and "inline_keyboard" in markup


def _inline_keyboard(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
    result = [[_inline_button(button) for button in row] for row in rows if row]
    too_wide = any(len(row) > MAX_INLINE_BUTTONS_PER_ROW for row in result)
    if too_wide or sum(len(row) for row in result) > MAX_INLINE_BUTTONS:
        raise bad_request("too many inline keyboard buttons")
    return result


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request(_BUTTON_ERROR + "InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request(_BUTTON_ERROR + 'Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in INLINE_BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request(_BUTTON_ERROR + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(_BUTTON_ERROR + f"exactly one optional field must be used, got {', '.join(actions)}")
    action = actions[0]
    value = button[action]
    _check_button_action(action, value)
    styling = {name: button[name] for name in BUTTON_STYLE_FIELDS if button.get(name) is not None}
    return {"text": text, **styling, action: value}


def _check_button_action(action: str, value: Any) -> None:
    if action == "callback_data":
        if not isinstance(value, str) or not 1 <= len(value.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif action == "url":
        if not isinstance(value, str) or not is_valid_button_url(value):
            raise bad_request("BUTTON_URL_INVALID")
    elif action in ("web_app", "login_url"):
        url = value.get("url") if isinstance(value, dict) else None
        if not isinstance(url, str) or not is_valid_button_url(url):
            raise bad_request("BUTTON_URL_INVALID")
    elif action in ("switch_inline_query", "switch_inline_query_current_chat"):
        if not isinstance(value, str):
            raise _field_type_error(action, "String")
    elif action == "copy_text":
        text = value.get("text") if isinstance(value, dict) else None
        if not isinstance(text, str) or not 1 <= len(text) <= MAX_COPY_TEXT_LENGTH:
            raise bad_request("COPY_TEXT_INVALID")
    elif action == "pay":
        if value is not True:
            raise _field_type_error(action, "True")
    elif not isinstance(value, dict):
        raise _field_type_error(action, "Object")


def _field_type_error(field: str, type_name: str) -> ApiError:
    return bad_request(_BUTTON_ERROR + f'Field "{field}" must be of type {type_name}')


def _reply_keyboard(markup: dict[str, Any]) -> dict[str, Any]:
    rows = markup["keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
    for row in rows:
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text.strip():
                raise bad_request("BUTTON_TEXT_INVALID")
    return dict(markup)


def _flag_markup(markup: dict[str, Any], flag: str) -> dict[str, Any]:
    if markup[flag] is not True:
        raise bad_request(f'field "{flag}" must be True')
    return dict(markup)
