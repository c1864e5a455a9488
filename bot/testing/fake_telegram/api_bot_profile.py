"""getMe and the bot's command lists."""

from __future__ import annotations

import re
from typing import Any

from .api_common import existing_chat
from .errors import bad_request
from .params import Params
from .state import CommandsKey, FakeState

MAX_COMMANDS = 100
MAX_DESCRIPTION_LENGTH = 256
COMMAND_PATTERN = re.compile(r"[a-z0-9_]{1,32}")
LANGUAGE_CODE_PATTERN = re.compile(r"[a-z]{2}")
SCOPES_WITH_CHAT = frozenset({"chat", "chat_administrators", "chat_member"})
SCOPE_TYPES = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"} | SCOPES_WITH_CHAT
)


async def get_me(state: FakeState, params: Params) -> dict[str, Any]:
    return {
        **state.identity.user_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": not state.group_privacy,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def set_my_commands(state: FakeState, params: Params) -> bool:
    commands = _valid_commands(params.raw("commands"))
    key = commands_key(state, params)
    if commands:
        state.commands[key] = commands
    else:
        state.commands.pop(key, None)
    state.changed()
    return True


async def get_my_commands(state: FakeState, params: Params) -> list[dict[str, str]]:
    return [dict(command) for command in state.commands.get(commands_key(state, params), [])]


async def delete_my_commands(state: FakeState, params: Params) -> bool:
    state.commands.pop(commands_key(state, params), None)
    state.changed()
    return True


def commands_key(state: FakeState, params: Params) -> CommandsKey:
    scope = params.raw("scope")
    if scope is None:
        scope = {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in SCOPE_TYPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    scope_type: str = scope["type"]
    chat_id: int | None = None
    user_id: int | None = None
    if scope_type in SCOPES_WITH_CHAT:
        chat_id = _integer_field(scope, "chat_id")
        existing_chat(state, chat_id)
    if scope_type == "chat_member":
        user_id = _integer_field(scope, "user_id")
    language_code = params.string("language_code") or ""
    if language_code and not LANGUAGE_CODE_PATTERN.fullmatch(language_code):
        raise bad_request("LANG_CODE_INVALID")
    return (scope_type, chat_id, user_id, language_code)


def _integer_field(scope: dict[str, Any], name: str) -> int:
    value = scope.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise bad_request(f'field "{name}" of the BotCommandScope must be of type Integer')
    return value


def _valid_commands(commands: Any) -> list[dict[str, str]]:
    if commands is None:
        raise bad_request('parameter "commands" is required')
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    result: list[dict[str, str]] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name = command.get("command")
        description = command.get("description")
        if not isinstance(name, str) or not COMMAND_PATTERN.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not description.strip() or len(description) > MAX_DESCRIPTION_LENGTH:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": name, "description": description})
    return result
