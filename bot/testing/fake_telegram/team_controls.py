"""`/_fake/...` JSON controls for hiring teams (see teams.py), for callers in another process."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .controls import (
    ControlError,
    Handler,
    _answering_errors,
    _integer,
    _json_object,
    _optional_integer,
    _optional_string,
    _string,
)
from .forum import THREAD_NOT_FOUND

if TYPE_CHECKING:
    from .server import FakeTelegram


def add_team_control_routes(app: web.Application, fake: FakeTelegram) -> None:
    controls = _TeamControls(fake)
    routes: list[tuple[str, str, Handler]] = [
        ("POST", "/_fake/member_status", controls.set_member_status),
        ("POST", "/_fake/bot_admin", controls.bot_admin),
        ("POST", "/_fake/delete_group", controls.delete_group),
        ("POST", "/_fake/forum_topics", controls.create_forum_topic),
        ("GET", "/_fake/forum_topics/{chat_id}", controls.forum_topics),
        ("POST", "/_fake/forum_topic_closed", controls.forum_topic_closed),
        ("POST", "/_fake/delete_forum_topic", controls.delete_forum_topic),
        ("GET", "/_fake/flood", controls.flood),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, path, _answering_errors(handler))


class _TeamControls:
    def __init__(self, fake: FakeTelegram) -> None:
        self._fake = fake

    async def set_member_status(self, request: web.Request) -> web.Response:
        """Body: chat_id, user_id, status, and optionally by_user_id (who made the change)."""
        body = await _json_object(request)
        chat_id, user_id = _integer(body, "chat_id"), _integer(body, "user_id")
        self._fake.set_member_status(chat_id, user_id, _string(body, "status"),
                                     by_user_id=_optional_integer(body, "by_user_id"))
        return web.json_response({"status": self._fake.member_status(chat_id, user_id)})

    async def bot_admin(self, request: web.Request) -> web.Response:
        """Body: chat_id, by_user_id, admin (true promotes the bot, false demotes it)."""
        body = await _json_object(request)
        admin = _boolean(body, "admin")
        chat_id, by_user_id = _integer(body, "chat_id"), _integer(body, "by_user_id")
        if admin:
            self._fake.promote_bot(chat_id, by_user_id)
        else:
            self._fake.demote_bot(chat_id, by_user_id)
        return web.json_response({"bot_status": self._fake.bot_status_in_group(chat_id)})

    async def delete_group(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        self._fake.delete_group(_integer(body, "chat_id"))
        return web.json_response({})

    async def create_forum_topic(self, request: web.Request) -> web.Response:
        """Body: chat_id, by_user_id, name, optional icon_color."""
        body = await _json_object(request)
        icon_color = None if body.get("icon_color") is None else _integer(body, "icon_color")
        thread_id = self._fake.create_forum_topic(
            _integer(body, "chat_id"), _integer(body, "by_user_id"), _string(body, "name"), icon_color
        )
        return web.json_response({"message_thread_id": thread_id})

    async def forum_topics(self, request: web.Request) -> web.Response:
        try:
            chat_id = int(request.match_info["chat_id"])
        except ValueError as error:
            raise ControlError(400, "chat_id must be an integer") from error
        return web.json_response([dataclasses.asdict(topic) for topic in self._fake.forum_topics(chat_id)])

    async def forum_topic_closed(self, request: web.Request) -> web.Response:
        """Body: chat_id, message_thread_id, by_user_id, closed (true closes, false reopens)."""
        body = await _json_object(request)
        arguments = (_integer(body, "chat_id"), _integer(body, "message_thread_id"), _integer(body, "by_user_id"))
        if _boolean(body, "closed"):
            message_id = self._fake.close_forum_topic(*arguments)
        else:
            message_id = self._fake.reopen_forum_topic(*arguments)
        return web.json_response({"message_id": message_id})

    async def delete_forum_topic(self, request: web.Request) -> web.Response:
        """Body: chat_id, message_thread_id, optional reason ("message thread not found" or "TOPIC_DELETED")."""
        body = await _json_object(request)
        reason = _optional_string(body, "reason") or THREAD_NOT_FOUND
        self._fake.delete_forum_topic(_integer(body, "chat_id"), _integer(body, "message_thread_id"), reason=reason)
        return web.json_response({})

    async def flood(self, request: web.Request) -> web.Response:
        """Totals and each chat's 429s (keys are chat ids as strings)."""
        stats = self._fake.stats
        return web.json_response(
            {
                "too_many_requests": stats.too_many_requests,
                "retry_after_ignored": stats.retry_after_ignored,
                "after_first_retry_after": stats.after_first_retry_after,
                "by_chat": {str(chat_id): dataclasses.asdict(chat) for chat_id, chat in stats.by_chat.items()},
            }
        )


def _boolean(body: dict[str, Any], name: str) -> bool:
    value = body.get(name)
    if not isinstance(value, bool):
        raise ControlError(400, f'"{name}" must be a boolean')
    return value
