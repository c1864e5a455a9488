"""`/_fake/...`: JSON controls over HTTP for callers in another process."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .flood import FloodControl

if TYPE_CHECKING:
    from .server import FakeTelegram

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_FLOOD_FIELDS = {f.name for f in dataclasses.fields(FloodControl)}


class ControlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def add_control_routes(app: web.Application, fake: FakeTelegram) -> None:
    controls = _Controls(fake)
    routes: list[tuple[str, str, Handler]] = [
        ("POST", "/_fake/users", controls.add_user),
        ("POST", "/_fake/send_text", controls.send_text),
        ("POST", "/_fake/reply", controls.reply),
        ("POST", "/_fake/press", controls.press),
        ("GET", "/_fake/callback_answers/{query_id}", controls.callback_answer),
        ("POST", "/_fake/block", controls.block),
        ("POST", "/_fake/groups", controls.add_group),
        ("GET", "/_fake/groups/{chat_id}", controls.group),
        ("POST", "/_fake/group_members", controls.add_group_member),
        ("POST", "/_fake/add_bot_to_group", controls.add_bot_to_group),
        ("POST", "/_fake/remove_bot_from_group", controls.remove_bot_from_group),
        ("POST", "/_fake/group_privacy", controls.group_privacy),
        ("GET", "/_fake/chats/{chat_id}", controls.chat),
        ("GET", "/_fake/files/{file_id}", controls.file),
        ("GET", "/_fake/stats", controls.stats),
        ("GET", "/_fake/requests", controls.requests),
        ("POST", "/_fake/flood_control", controls.flood_control),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, path, _answering_errors(handler))


def _answering_errors(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ControlError as error:
            return web.json_response({"error": str(error)}, status=error.status)
        except KeyError:
            raise  # a bug, not an unknown user or message
        except LookupError as error:
            return web.json_response({"error": str(error)}, status=404)
        except ValueError as error:
            return web.json_response({"error": str(error)}, status=400)

    return wrapped


class _Controls:
    def __init__(self, fake: FakeTelegram) -> None:
        self._fake = fake

    async def add_user(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        user = self._fake.add_user(
            user_id=_integer(body, "user_id"),
            first_name=_optional_string(body, "first_name") or "Test User",
            language_code=_optional_string(body, "language_code"),
            username=_optional_string(body, "username"),
        )
        return web.json_response(user.to_json())

    async def send_text(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        message_id = await self._fake.send_text(
            _integer(body, "user_id"),
            _string(body, "text"),
            group_id=_optional_integer(body, "group_id"),
            thread_id=_optional_integer(body, "thread_id"),
        )
        return web.json_response({"message_id": message_id})

    async def reply(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        message_id = await self._fake.reply(
            _integer(body, "user_id"),
            reply_to_message_id=_integer(body, "reply_to_message_id"),
            text=_string(body, "text"),
            group_id=_optional_integer(body, "group_id"),
        )
        return web.json_response({"message_id": message_id})

    async def press(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        check_button = body.get("check_button", True)
        if not isinstance(check_button, bool):
            raise ControlError(400, '"check_button" must be a boolean')
        query_id = await self._fake.press(
            _integer(body, "user_id"),
            message_id=_integer(body, "message_id"),
            callback_data=_string(body, "callback_data"),
            check_button=check_button,
            group_id=_optional_integer(body, "group_id"),
        )
        return web.json_response({"callback_query_id": query_id})

    async def callback_answer(self, request: web.Request) -> web.Response:
        """How the bot answered a press (what the client shows as a toast); null while it has not."""
        answer = self._fake.callback_answers.get(request.match_info["query_id"])
        return web.json_response(None if answer is None else dataclasses.asdict(answer))

    async def block(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        user_id = _integer(body, "user_id")
        if body.get("blocked", True) is False:
            self._fake.unblock_bot(user_id)
        else:
            self._fake.block_bot(user_id)
        return web.json_response({})

    async def add_group(self, request: web.Request) -> web.Response:
        """Body: chat_id, title, optional chat_type ("supergroup" unless "group"), members (user ids) and
        is_forum (a supergroup with topics)."""
        body = await _json_object(request)
        members = body.get("members", [])
        if not isinstance(members, list) or not all(isinstance(m, int) and not isinstance(m, bool) for m in members):
            raise ControlError(400, '"members" must be a list of user ids')
        is_forum = body.get("is_forum", False)
        if not isinstance(is_forum, bool):
            raise ControlError(400, '"is_forum" must be a boolean')
        group = self._fake.add_group(
            _integer(body, "chat_id"),
            _string(body, "title"),
            members,
            chat_type=_optional_string(body, "chat_type") or "supergroup",
            is_forum=is_forum,
        )
        return web.json_response(group.chat_json())

    async def group(self, request: web.Request) -> web.Response:
        chat_id = _path_chat_id(request)
        return web.json_response({"chat_id": chat_id, "bot_status": self._fake.bot_status_in_group(chat_id)})

    async def add_group_member(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        message_id = self._fake.add_group_member(_integer(body, "chat_id"), _integer(body, "user_id"))
        return web.json_response({"message_id": message_id})

    async def add_bot_to_group(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        as_admin = body.get("as_admin", False)
        if not isinstance(as_admin, bool):
            raise ControlError(400, '"as_admin" must be a boolean')
        message_id = self._fake.add_bot_to_group(
            _integer(body, "chat_id"), _integer(body, "by_user_id"), as_admin=as_admin
        )
        return web.json_response({"message_id": message_id})

    async def remove_bot_from_group(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        message_id = self._fake.remove_bot_from_group(_integer(body, "chat_id"), _integer(body, "by_user_id"))
        return web.json_response({"message_id": message_id})

    async def group_privacy(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        enabled = body.get("enabled")
        if not isinstance(enabled, bool):
            raise ControlError(400, '"enabled" must be a boolean')
        self._fake.set_group_privacy(enabled)
        return web.json_response({"enabled": enabled})

    async def chat(self, request: web.Request) -> web.Response:
        chat_id = _path_chat_id(request)
        return web.json_response([message.to_json() for message in self._fake.chat(chat_id)])

    async def file(self, request: web.Request) -> web.Response:
        """A file the bot sent, as a person opening it in their Telegram app gets it."""
        stored = self._fake.stored_file(request.match_info["file_id"])
        return web.Response(body=stored.content, content_type=stored.mime_type or "application/octet-stream")

    async def stats(self, request: web.Request) -> web.Response:
        unanswered = self._fake.unanswered_callbacks()
        return web.json_response(
            {
                "too_many_requests": self._fake.stats.too_many_requests,
                "retry_after_ignored": self._fake.stats.retry_after_ignored,
                "after_first_retry_after": self._fake.stats.after_first_retry_after,
                "unanswered_callbacks": len(unanswered),
                "unanswered_callback_ids": unanswered,
                "send_message_calls": len(self._fake.calls("sendMessage")),
                "requests": len(self._fake.requests),
                "pending_updates": self._fake.pending_update_count,
            }
        )

    async def requests(self, request: web.Request) -> web.Response:
        """Recorded Bot API calls, optionally `?method=sendMessage`."""
        method = request.query.get("method")
        recorded = self._fake.calls(method) if method else self._fake.requests
        return web.json_response([dataclasses.asdict(r) for r in recorded])

    async def flood_control(self, request: web.Request) -> web.Response:
        """Body: null (or no body) turns flood control off; an object sets FloodControl fields
        (others keep their defaults)."""
        body = await _json_body(request) if request.body_exists else None
        if body is None:
            self._fake.set_flood_control(None)
            return web.json_response(None)
        if not isinstance(body, dict):
            raise ControlError(400, "expected a JSON object or null")
        unknown = set(body) - _FLOOD_FIELDS
        if unknown:
            raise ControlError(400, f"unknown fields {sorted(unknown)}; known: {sorted(_FLOOD_FIELDS)}")
        if not all(_is_positive_number(value) for value in body.values()):
            raise ControlError(400, "every field must be a positive number")
        limits = FloodControl(**body)
        self._fake.set_flood_control(limits)
        return web.json_response(dataclasses.asdict(limits))


async def _json_body(request: web.Request) -> Any:
    try:
        return await request.json()
    except ValueError as error:
        raise ControlError(400, "the body must be JSON") from error


async def _json_object(request: web.Request) -> dict[str, Any]:
    body = await _json_body(request)
    if not isinstance(body, dict):
        raise ControlError(400, "expected a JSON object")
    return body


def _integer(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ControlError(400, f'"{name}" must be an integer')
    return value


def _string(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise ControlError(400, f'"{name}" must be a string')
    return value


def _optional_string(body: dict[str, Any], name: str) -> str | None:
    return None if body.get(name) is None else _string(body, name)


def _optional_integer(body: dict[str, Any], name: str) -> int | None:
    return None if body.get(name) is None else _integer(body, name)


def _path_chat_id(request: web.Request) -> int:
    try:
        return int(request.match_info["chat_id"])
    except ValueError as error:
        raise ControlError(400, "chat_id must be an integer") from error


def _is_positive_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0
